//! Rarely used controls folded away in the sandbox, where every control is
//! on the screen: a disclosure the learner opens. A lesson draws only the
//! controls it uses, so there the fold is open and its summary hidden.

use leptos::prelude::*;

use crate::lessons::shown::ShownButtons;

/// `body` inside a disclosure named `summary`: closed in the sandbox, open
/// (without its summary) in a lesson. One element either way, so the body's
/// code is in the WebAssembly once.
pub fn fold(summary: &'static str, body: impl IntoView + 'static) -> impl IntoView {
    let in_lesson = use_context::<ShownButtons>().is_some();
    view! {
        <details class=if in_lesson { "fold fold-lesson" } else { "fold" } open=in_lesson>
            <summary>{summary}</summary>
            {body}
        </details>
    }
}
