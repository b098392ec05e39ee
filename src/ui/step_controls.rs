//! The current step's controls beside its task, and what the last action
//! did: the task, the presses it asks for and their result stay together
//! (one screen on a phone, the first stops for the keyboard). Each button
//! presses the control of the same name in the playground, through the
//! same `press` as the panels and "Show me".

use leptos::prelude::*;

use super::lab::Lab;
use crate::lessons::Step;

/// The class of a step's own control buttons ("Show me" points at the
/// playground's controls, never at these).
pub const STEP_CONTROL_CLASS: &str = "step-control";

/// The presses `step`'s task names, each once, in the order first named.
fn presses(step: &Step) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for n in &step.solution {
        if !names.contains(n) {
            names.push(n.clone());
        }
    }
    names
}

/// One button per press the current step asks for, then the result line.
#[component]
pub fn StepControls(
    /// The current step.
    step: &'static Step,
) -> impl IntoView {
    let lab = Lab::get();
    view! {
        <div class="step-controls" role="group" aria-label="Controls for this step">
            {presses(step)
                .into_iter()
                .map(|name| {
                    let label = name.clone();
                    view! {
                        <button type="button" class=STEP_CONTROL_CLASS on:click=move |_| lab.press(&name)>
                            {label}
                        </button>
                    }
                })
                .collect_view()}
        </div>
        <p class="step-result">
            <span class="step-result-label">"What happened: "</span>
            {move || {
                let said = lab.outcome.get();
                if said.is_empty() { "nothing yet.".to_string() } else { said }
            }}
        </p>
    }
}
