//! The event log: every event in order with its simulated time, filterable
//! by requests, sessions and failures. Lost sessions stand out and carry
//! their explanation. Only the latest page of matching events is drawn, so
//! a log of thousands stays fast.

use leptos::prelude::*;

use super::lab::{Lab, LogFilter};
use crate::sim::words::count;
use crate::sim::{EventCategory, World};

/// Events drawn per page.
const PAGE: usize = 100;

/// One drawn row.
#[derive(Clone, PartialEq)]
struct Row {
    index: usize,
    time: String,
    text: String,
    class: &'static str,
    prefix: &'static str,
    request: Option<u64>,
}

/// The latest `limit` events that pass the filter `f`, oldest first.
fn latest_rows(w: &World, f: LogFilter, limit: usize) -> Vec<Row> {
    let mut out: Vec<Row> = w
        .events()
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, e)| match e.category() {
            EventCategory::Requests => f.requests,
            EventCategory::Sessions => f.sessions,
            EventCategory::Failures => f.failures,
        })
        .take(limit)
        .map(|(index, e)| {
            let (class, prefix) = if e.is_loss() {
                ("log-loss", "LOST: ")
            } else if e.category() == EventCategory::Failures {
                ("log-failure", "")
            } else {
                ("", "")
            };
            Row { index, time: e.at.to_string(), text: e.describe(), class, prefix, request: e.request.map(|r| r.0) }
        })
        .collect();
    out.reverse();
    out
}

/// The event log.
#[component]
pub fn EventLog() -> impl IntoView {
    let lab = Lab::get();
    let shown = RwSignal::new(PAGE);
    let rows = Memo::new(move |_| {
        let f: LogFilter = lab.filter.get();
        let limit = shown.get();
        lab.world.with(|w| latest_rows(w, f, limit))
    });
    let scroller = NodeRef::<leptos::html::Div>::new();
    // Keep the newest event in view when events arrive, unless the learner
    // has scrolled up to read older ones.
    Effect::new(move |_| {
        rows.track();
        if let Some(el) = scroller.get() {
            let near_bottom = el.scroll_height() - el.scroll_top() - el.client_height() < 80;
            if near_bottom || el.scroll_top() == 0 {
                el.set_scroll_top(el.scroll_height());
            }
        }
    });
    view! {
        <section class="panel event-log">
            <h3 id="log-title">"Event log"</h3>
            <LogFilters />
            <div class="log-scroll" role="region" aria-label="Event log" tabindex="0" node_ref=scroller>
                <ol class="log">
                    <For each=move || rows.get() key=|r| r.index children=move |r| view! { <LogEntry row=r /> } />
                </ol>
            </div>
            <LogFooter rows=rows shown=shown />
        </section>
    }
}

/// The checkboxes that choose which kinds of events the log shows.
#[component]
fn LogFilters() -> impl IntoView {
    let lab = Lab::get();
    let toggle = move |which: EventCategory, on: bool| {
        lab.filter.update(|f| match which {
            EventCategory::Requests => f.requests = on,
            EventCategory::Sessions => f.sessions = on,
            EventCategory::Failures => f.failures = on,
        })
    };
    view! {
        <div class="actions" role="group" aria-label="Show in the log">
            {[
                (EventCategory::Requests, "Requests"),
                (EventCategory::Sessions, "Sessions"),
                (EventCategory::Failures, "Failures"),
            ]
                .into_iter()
                .map(|(c, name)| {
                    let checked = move || {
                        let f = lab.filter.get();
                        match c {
                            EventCategory::Requests => f.requests,
                            EventCategory::Sessions => f.sessions,
                            EventCategory::Failures => f.failures,
                        }
                    };
                    view! {
                        <label class="check">
                            <input
                                type="checkbox"
                                prop:checked=checked
                                on:change=move |ev| toggle(c, event_target_checked(&ev))
                            />
                            {name}
                        </label>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// One event of the log: its time, the request to inspect, and what happened.
#[component]
fn LogEntry(
    /// The event, as drawn.
    row: Row,
) -> impl IntoView {
    let lab = Lab::get();
    let req = row.request;
    view! {
        <li class=row.class>
            <span class="log-time">{row.time}</span>
            " "
            {req
                .map(|id| {
                    view! {
                        <button
                            type="button"
                            class="link"
                            aria-label=format!("Inspect request {id}")
                            on:click=move |_| lab.selected_request.set(Some(crate::sim::RequestId(id)))
                        >
                            {format!("#{id}")}
                        </button>
                    }
                })}
            " "
            <strong>{row.prefix}</strong>
            {row.text}
        </li>
    }
}

/// How many events are shown of how many, and the button for older ones.
#[component]
fn LogFooter(
    /// The events drawn.
    rows: Memo<Vec<Row>>,
    /// How many events may be drawn.
    shown: RwSignal<usize>,
) -> impl IntoView {
    let lab = Lab::get();
    let total = move || lab.world.with(|w| w.events().len());
    view! {
        <p class="hint">
            {move || format!("Showing the latest {} of {}.", rows.with(|r| r.len()), count(total() as u64, "event"))}
            " "
            <button
                type="button"
                disabled=move || rows.with(|r| r.len()) < shown.get()
                on:click=move |_| shown.update(|n| *n += PAGE)
            >
                "Show older events"
            </button>
        </p>
    }
}
