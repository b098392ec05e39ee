//! The load scenario: N virtual users shop for T simulated minutes, and the
//! report says what happened to their sessions.

use leptos::prelude::*;

use super::lab::{Lab, Notice};
use crate::sim::words::count;
use crate::sim::Action;

/// Run a load and show its report.
#[component]
pub fn LoadPanel() -> impl IntoView {
    let lab = Lab::get();
    let users = move || lab.choices.with(|c| c.users.to_string());
    let minutes = move || lab.choices.with(|c| c.minutes.to_string());
    let set = move |text: String, what: &str, f: fn(&mut crate::lessons::Inputs, u32)| match text.trim().parse::<u32>()
    {
        Ok(n) => lab.choices.update(|c| f(c, n)),
        Err(_) => {
            lab.notice.set(Some(Notice { text: format!("{what}: \"{text}\" is not a whole number"), problem: true }))
        }
    };
    let run = move |_| {
        let c = lab.choices.get_untracked();
        lab.act(Action::RunLoad { users: c.users, minutes: c.minutes });
    };
    let report = move || lab.world.with(|w| w.last_load().cloned());
    view! {
        <section class="panel load-panel" aria-labelledby="load-title">
            <h3 id="load-title">"Load"</h3>
            <div class="actions">
                <label>
                    "Virtual users "
                    <input
                        type="number"
                        min="1"
                        max="5000"
                        prop:value=users
                        on:change=move |ev| set(event_target_value(&ev), "Virtual users", |c, n| c.users = n)
                    />
                </label>
                <label>
                    "Minutes "
                    <input
                        type="number"
                        min="1"
                        max="1440"
                        prop:value=minutes
                        on:change=move |ev| set(event_target_value(&ev), "Minutes", |c, n| c.minutes = n)
                    />
                </label>
                <button type="button" on:click=run>
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
        </section>
    }
}
