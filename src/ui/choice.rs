//! A choice from a list, drawn as a select: for a setting (a labelled
//! select with a hint for the option chosen now) and inline (a label
//! wrapping its select, beside the buttons that use the choice). Options are
//! found again by the name they show.

use leptos::prelude::*;

/// A list the learner picks one of: every option, the name each shows,
/// which one is chosen now and what choosing one does.
pub struct Choice<T: 'static, Now, Pick> {
    /// Every option, in the order shown.
    pub all: &'static [T],
    /// The name an option shows (and is found again by).
    pub name: fn(T) -> &'static str,
    /// The option chosen now.
    pub now: Now,
    /// What choosing an option does.
    pub pick: Pick,
}

impl<T, Now, Pick> Choice<T, Now, Pick>
where
    T: Copy + PartialEq + Send + Sync + 'static,
    Now: Fn() -> T + Copy + Send + Sync + 'static,
    Pick: Fn(T) + Copy + Send + Sync + 'static,
{
    /// The select itself, with `id` if it is labelled from outside.
    fn select(self, id: Option<&'static str>) -> impl IntoView {
        let Choice { all, name, now, pick } = self;
        view! {
            <select
                id=id
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(k) = all.iter().find(|k| name(**k) == v) {
                        pick(*k);
                    }
                }
            >
                {all
                    .iter()
                    .map(|&k| view! { <option value=name(k) selected=move || now() == k>{name(k)}</option> })
                    .collect_view()}
            </select>
        }
    }
}

/// A setting chosen from a list: its label, the select, and a hint for the
/// option chosen now.
pub fn setting_choice<T, Now, Pick>(
    id: &'static str,
    label: &'static str,
    choice: Choice<T, Now, Pick>,
    hint: fn(T) -> &'static str,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
    Now: Fn() -> T + Copy + Send + Sync + 'static,
    Pick: Fn(T) + Copy + Send + Sync + 'static,
{
    let now = choice.now;
    view! {
        <div class="setting">
            <label for=id>{label}</label>
            {choice.select(Some(id))}
            <p class="hint">{move || hint(now())}</p>
        </div>
    }
}

/// A choice beside the buttons that use it: "Item [tea]".
pub fn inline_choice<T, Now, Pick>(label: &'static str, choice: Choice<T, Now, Pick>) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
    Now: Fn() -> T + Copy + Send + Sync + 'static,
    Pick: Fn(T) + Copy + Send + Sync + 'static,
{
    view! { <label>{label} " " {choice.select(None)}</label> }
}
