//! The load scenario: N virtual users shop for T simulated minutes, and the
//! report says what happened to their sessions.

use leptos::prelude::*;

use super::lab::{Lab, Notice};
use super::panel_frame::PanelFrame;
use crate::lessons::Inputs;
use crate::sim::words::count;
use crate::sim::world::{MAX_MINUTES, MAX_USERS};
use crate::sim::Action;

/// Run a load and show its report.
#[component]
pub fn LoadPanel() -> impl IntoView {
    let lab = Lab::get();
    let users = Signal::derive(move || lab.choices.with(|c| c.users));
    let minutes = Signal::derive(move || lab.choices.with(|c| c.minutes));
    let run = move |_| {
        let c = lab.choices.get_untracked();
        lab.act(Action::RunLoad { users: c.users, minutes: c.minutes });
    };
    let report = move || lab.world.with(|w| w.last_load().cloned());
    view! {
        <PanelFrame class="load-panel" id="load" title="Load">
            <div class="actions">
                <LoadFigure label="Virtual users" max=MAX_USERS value=users set=move |c, n| c.users = n />
                <LoadFigure label="Minutes" max=MAX_MINUTES value=minutes set=move |c, n| c.minutes = n />
                <button type="button" on:click=run disabled=move || lab.job_status.with(Option::is_some)>
                    "Run load"
                </button>
            </div>
            {move || {
                report()
                    .map(|r| {
                        let lost: u64 = r.lost_by_cause.values().sum();
                        let causes = r
                            .lost_by_cause
                            .iter()
                            .map(|(k, v)| format!("{k}: {v}"))
                            .collect::<Vec<_>>()
                            .join(", ");
                        view! {
                            <p>
                                {format!(
                                    "{} for {} min on {}: {} ({} failed), {} created, {} lost{}, {} expired, {}, {} in the store at the end. Latency p50 {}, p99 {}. Store: {}.",
                                    count(r.users, "user"),
                                    r.minutes,
                                    r.store.label(),
                                    count(r.requests, "request"),
                                    r.failed_requests,
                                    count(r.sessions_created, "session"),
                                    lost,
                                    if causes.is_empty() { String::new() } else { format!(" ({causes})") },
                                    r.expired,
                                    count(r.lost_updates, "lost update"),
                                    r.store_size,
                                    r.p50.as_latency(),
                                    r.p99.as_latency(),
                                    r.ops.in_words(r.store),
                                )}
                            </p>
                        }
                    })
            }}
        </PanelFrame>
    }
}

/// One figure of the load run: a number field from 1 to `max`, the same
/// limits the engine checks.
#[component]
fn LoadFigure(
    /// The field's label.
    label: &'static str,
    /// The largest value the engine accepts.
    max: u32,
    /// The value in force.
    value: Signal<u32>,
    /// Keeps a new value among the choices.
    set: fn(&mut Inputs, u32),
) -> impl IntoView {
    let lab = Lab::get();
    let change = move |text: String| match text.trim().parse::<u32>() {
        Ok(n) => lab.choices.update(|c| set(c, n)),
        Err(_) => {
            lab.notice.set(Some(Notice { text: format!("{label}: \"{text}\" is not a whole number"), problem: true }))
        }
    };
    view! {
        <label>
            {format!("{label} ")}
            <input
                type="number"
                min="1"
                max=max.to_string()
                prop:value=move || value.get().to_string()
                on:change=move |ev| change(event_target_value(&ev))
            />
        </label>
    }
}
