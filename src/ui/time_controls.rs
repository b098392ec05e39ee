//! Time: play and pause the clock, step one hop, choose the speed, jump the
//! clock forward, undo, restart a lesson's step, and switch animation on or
//! off. (The sandbox starts over from its starting setups, a lesson from
//! "Reset lesson": see `lab_resets.rs` for what each reset means.)

use leptos::prelude::*;

use super::lab::{Lab, SPEEDS};
use super::table_button::TableButton;
use crate::lessons::buttons::{buttons_at, Place};

/// The time bar.
#[component]
pub fn TimeControls() -> impl IntoView {
    let lab = Lab::get();
    let now = move || lab.world.with(|w| w.now());
    let pending = move || lab.world.with(|w| w.pending_hops());
    view! {
        <section class="panel time-controls" aria-label="Time">
            <p class="clock">
                "Clock: " <strong>{move || now().to_string()}</strong>
                {move || {
                    let p = pending();
                    (p > 0).then(|| format!(" · {} in flight", crate::sim::words::count(p as u64, "hop")))
                }}
            </p>
            <div class="actions" role="group" aria-label="Clock">
                <button type="button" disabled=move || lab.playing.get() on:click=move |_| lab.play()>
                    "Play"
                </button>
                <button
                    type="button"
                    disabled=move || !lab.playing.get() && !lab.animating.get()
                    on:click=move |_| lab.pause()
                >
                    "Pause"
                </button>
                <button type="button" on:click=move |_| lab.step()>
                    "Step"
                </button>
                <label>
                    "Speed "
                    <select on:change=move |ev| {
                        if let Ok(i) = event_target_value(&ev).parse::<usize>() {
                            lab.speed.set(i.min(SPEEDS.len() - 1));
                        }
                    }>
                        {SPEEDS
                            .iter()
                            .enumerate()
                            .map(|(i, (_, name))| {
                                view! {
                                    <option value=i.to_string() selected=move || lab.speed.get() == i>
                                        {*name}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                {buttons_at(Place::Clock)
                    .filter(|b| b.label != "Step")
                    .map(|b| view! { <TableButton button=b /> })
                    .collect_view()}
                <button type="button" on:click=move |_| lab.undo()>
                    "Undo"
                </button>
                <RestartStep />
                <label class="check">
                    <input
                        type="checkbox"
                        prop:checked=move || lab.animate.get()
                        on:change=move |ev| lab.animate.set(event_target_checked(&ev))
                    />
                    "Animate requests"
                </label>
            </div>
            <p class="hint">
                "Step runs the next hop of a request in flight, or moves the clock one second. Play lets the clock run at the chosen speed."
            </p>
        </section>
    }
}

/// "Restart step", in a lesson: the world as it was when the current step
/// began (asking first); greyed out while nothing was done in the step.
#[component]
fn RestartStep() -> impl IntoView {
    let lab = Lab::get();
    let nothing_since = move || lab.step_began().is_some_and(|at| lab.world.with(|w| w.actions().len() <= at));
    lab.step_began_untracked().is_some().then(|| {
        view! {
            <button
                type="button"
                title="The world as it was when the current step began; steps done stay done"
                disabled=nothing_since
                on:click=move |_| lab.ask_restart_step()
            >
                "Restart step"
            </button>
        }
    })
}
