//! The timeline under the picture: a slider over every hop of the log, one
//! hop back or forward, and "Now" to follow the world again. The engine is
//! deterministic, so the picture at an earlier hop is the world rebuilt up
//! to it.

use leptos::prelude::*;

use crate::sim::world::hop_count;
use crate::ui::lab::Lab;

/// The timeline.
#[component]
pub fn Timeline(
    /// The hop shown (`None`: now).
    at_hop: RwSignal<Option<usize>>,
) -> impl IntoView {
    let lab = Lab::get();
    let hops = Memo::new(move |_| lab.world.with(|w| hop_count(w.events())));
    let last = move || hops.get().saturating_sub(1);
    let shown = move || at_hop.get().unwrap_or_else(last);
    let go = move |hop: usize| at_hop.set(if hop >= last() { None } else { Some(hop) });
    let status = move || match at_hop.get() {
        None => "Now".to_string(),
        Some(h) => format!("Replaying hop {} of {}", h + 1, hops.get()),
    };
    view! {
        <div class="pic-timeline" role="group" aria-label="Timeline">
            <button type="button" disabled=move || shown() == 0 on:click=move |_| go(shown().saturating_sub(1))>
                "Back one hop"
            </button>
            <label>
                <span class="visually-hidden">"Hop shown"</span>
                <input
                    type="range"
                    min="0"
                    max=move || last().to_string()
                    prop:value=move || shown().to_string()
                    disabled=move || hops.get() < 2
                    on:input=move |ev| go(event_target_value(&ev).parse().unwrap_or_else(|_| last()))
                />
            </label>
            <button type="button" disabled=move || at_hop.get().is_none() on:click=move |_| go(shown() + 1)>
                "Forward one hop"
            </button>
            <button type="button" disabled=move || at_hop.get().is_none() on:click=move |_| at_hop.set(None)>
                "Now"
            </button>
            <span class="pic-timeline-status" aria-live="polite">{status}</span>
        </div>
    }
}
