//! The frame every panel of the playground shares: a section named by its
//! heading, so a screen reader lists the panels by the names lessons use.

use leptos::prelude::*;

/// A panel: `<section class="panel {class}">` labelled by its `<h3>` title.
/// `id` names the heading (`{id}-title`). The children keep their own type
/// (no `AnyView`), so the frame costs no code per panel in the WebAssembly.
#[component]
pub fn PanelFrame<V>(
    /// The panel's own class, beside `panel`.
    class: &'static str,
    /// The stem of the heading's id.
    id: &'static str,
    /// The heading, as lessons call the panel.
    title: &'static str,
    /// What the panel holds.
    children: TypedChildren<V>,
) -> impl IntoView
where
    V: IntoView + 'static,
{
    let heading = format!("{id}-title");
    let labelled_by = heading.clone();
    view! {
        <section class=format!("panel {class}") aria-labelledby=labelled_by>
            <h3 id=heading>{title}</h3>
            {children.into_inner()()}
        </section>
    }
}
