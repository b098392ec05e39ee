//! A button drawn from the button table (`lessons::buttons`): its label,
//! its tooltip, greyed out when the table says it cannot be pressed, and
//! pressed through the same table that lessons press. In a lesson, only the
//! buttons it uses are drawn (`lessons::shown`).

use leptos::prelude::*;

use super::lab::Lab;
use crate::lessons::buttons::Button;
use crate::lessons::controls::Inputs;
use crate::lessons::shown::ShownButtons;

/// One row of the button table, as a button.
#[component]
pub fn TableButton(
    /// The row.
    button: &'static Button,
) -> impl IntoView {
    let lab = Lab::get();
    if use_context::<ShownButtons>().is_some_and(|shown| !shown.shows(button.label, button.place)) {
        return ().into_any();
    }
    let disabled = move || {
        // Tracked: the active browser and the world decide.
        let inputs = Inputs { active: lab.active.get(), ..lab.choices.get() };
        !lab.world.with(|w| (button.enabled)(&inputs, w))
    };
    view! {
        <button type="button" title=button.hint disabled=disabled on:click=move |_| lab.press(button.label)>
            {button.label}
        </button>
    }
    .into_any()
}
