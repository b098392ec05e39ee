//! The event log: every event in order with its simulated time, filterable
//! by requests, sessions and failures. Lost sessions stand out and carry
//! their explanation. Only the latest page of matching events is drawn, so
//! a log of thousands stays fast; a lesson's log leaves out its setup.
//!
//! The log follows new events (keeps the newest in view) unless the learner
//! scrolled up to read older ones, and says which it does. It is one list
//! and one tab stop: the arrow keys, Home and End move through its lines
//! (`aria-activedescendant`), Enter opens a line's request in the inspector.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::lab::{Lab, LogFilter};
use crate::sim::words::count;
use crate::sim::{EventCategory, RequestId, World};

/// Events drawn per page.
const PAGE: usize = 100;
/// Pixels from the end that still count as "at the end".
const AT_END_PX: i32 = 8;

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

/// The id of the line of event `index`.
fn row_id(index: usize) -> String {
    format!("log-ev-{index}")
}

/// The latest `limit` events from `from` on that pass the filter `f`, oldest first.
fn latest_rows(w: &World, f: LogFilter, limit: usize, from: usize) -> Vec<Row> {
    let first = from.max(w.events_dropped());
    let mut out: Vec<Row> = w
        .events_since(from)
        .iter()
        .enumerate()
        .map(|(i, e)| (first + i, e))
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

/// Whether the scroll box shows its end.
fn at_end(el: &web_sys::HtmlElement) -> bool {
    el.scroll_height() - el.scroll_top() - el.client_height() <= AT_END_PX
}

/// Scrolls the box `scroller` just enough to show the line `row`.
fn keep_in_view(scroller: &web_sys::HtmlElement, row: &web_sys::Element) {
    let (s, r) = (scroller.get_bounding_client_rect(), row.get_bounding_client_rect());
    if r.top() < s.top() {
        scroller.set_scroll_top(scroller.scroll_top() - (s.top() - r.top()).ceil() as i32);
    } else if r.bottom() > s.bottom() {
        scroller.set_scroll_top(scroller.scroll_top() + (r.bottom() - s.bottom()).ceil() as i32);
    }
}

/// The event log.
#[component]
pub fn EventLog() -> impl IntoView {
    let lab = Lab::get();
    let shown = RwSignal::new(PAGE);
    let from = lab.log_from.get_value();
    let rows = Memo::new(move |_| {
        let f: LogFilter = lab.filter.get();
        let limit = shown.get();
        lab.world.with(|w| latest_rows(w, f, limit, from))
    });
    let scroller = NodeRef::<leptos::html::Div>::new();
    let following = RwSignal::new(true);
    let active = RwSignal::new(None::<usize>);
    let to_end = move || {
        if let Some(el) = scroller.get_untracked() {
            el.set_scroll_top(el.scroll_height());
        }
    };
    // Once new lines are drawn, show the newest while following.
    Effect::new(move |_| {
        rows.track();
        if following.get_untracked() {
            request_animation_frame(to_end);
        }
    });
    let on_scroll = move |_| {
        if let Some(el) = scroller.get_untracked() {
            let end = at_end(&el);
            if end != following.get_untracked() {
                following.set(end);
            }
        }
    };
    let jump = Callback::new(move |()| {
        following.set(true);
        to_end();
    });
    let nav = LogNav { lab, rows, active, scroller, jump };
    let empty = move || rows.with(Vec::is_empty);
    view! {
        <section class="panel event-log">
            <h3 id="log-title">"Event log"</h3>
            <LogFilters />
            <div class="log-scroll" role="region" aria-label="Event log" node_ref=scroller on:scroll=on_scroll>
                <ol
                    class="log"
                    role=move || (!empty()).then_some("listbox")
                    aria-label="Events, newest last"
                    tabindex=move || (!empty()).then_some("0")
                    aria-activedescendant=move || nav.current().map(row_id)
                    on:keydown=move |ev| nav.key(&ev)
                    on:focus=move |_| nav.start()
                >
                    <For
                        each=move || rows.get()
                        key=|r| r.index
                        children=move |r| view! { <LogEntry row=r active=active /> }
                    />
                </ol>
                <Show when=empty>
                    <p class="hint log-empty">"No events yet: what happens appears here."</p>
                </Show>
            </div>
            <LogFollow following=following jump=jump />
            <LogFooter rows=rows shown=shown from=from />
        </section>
    }
}

/// Moving through the log's lines by keyboard.
#[derive(Clone, Copy)]
struct LogNav {
    lab: Lab,
    rows: Memo<Vec<Row>>,
    active: RwSignal<Option<usize>>,
    scroller: NodeRef<leptos::html::Div>,
    jump: Callback<()>,
}

impl LogNav {
    /// The active line's event, if it is drawn.
    fn current(self) -> Option<usize> {
        let a = self.active.get()?;
        self.rows.with(|r| r.iter().any(|r| r.index == a)).then_some(a)
    }

    /// On focus, the newest line is active unless one already is.
    fn start(self) {
        if self.current().is_none() {
            self.active.set(self.rows.with_untracked(|r| r.last().map(|r| r.index)));
        }
    }

    /// Up, Down, Home and End move the active line; Enter opens it.
    fn key(self, ev: &leptos::ev::KeyboardEvent) {
        let rows = self.rows.get_untracked();
        let Some(last) = rows.len().checked_sub(1) else {
            return;
        };
        let at = self.active.get_untracked().and_then(|a| rows.iter().position(|r| r.index == a));
        let to = match ev.key().as_str() {
            "ArrowDown" => at.map_or(last, |p| (p + 1).min(last)),
            "ArrowUp" => at.map_or(last, |p| p.saturating_sub(1)),
            "Home" => 0,
            "End" => last,
            "Enter" | " " => {
                ev.prevent_default();
                if let Some(row) = at.map(|p| &rows[p]) {
                    open(self.lab, row.request);
                }
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        self.active.set(Some(rows[to].index));
        if to == last {
            self.jump.run(());
            return;
        }
        let scroller = self.scroller;
        let id = row_id(rows[to].index);
        request_animation_frame(move || {
            let row = document().get_element_by_id(&id);
            if let (Some(s), Some(row)) = (scroller.get_untracked(), row) {
                keep_in_view(s.unchecked_ref(), &row);
            }
        });
    }
}

/// Opens a line's request in the request inspector, or says it has none.
fn open(lab: Lab, request: Option<u64>) {
    match request {
        Some(id) => {
            lab.selected_request.set(Some(RequestId(id)));
            lab.announcement.set(format!("Request #{id} is open in the request inspector."));
        }
        None => lab.announcement.set("This event is not part of a request.".into()),
    }
}

/// Whether the log follows new events, and the way back to them.
#[component]
fn LogFollow(
    /// The log keeps the newest event in view.
    following: RwSignal<bool>,
    /// Scrolls to the newest event and follows again.
    jump: Callback<()>,
) -> impl IntoView {
    view! {
        <p class="log-follow hint">
            {move || {
                if following.get() {
                    view! { <span>"Following new events"</span> }.into_any()
                } else {
                    view! {
                        <span>"Paused: you scrolled up — "</span>
                        <button type="button" class="link" on:click=move |_| jump.run(())>
                            "Jump to latest"
                        </button>
                    }
                        .into_any()
                }
            }}
        </p>
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

/// One event of the log: its time, its request, and what happened. A click
/// makes it the active line and opens its request.
#[component]
fn LogEntry(
    /// The event, as drawn.
    row: Row,
    /// The active line's event.
    active: RwSignal<Option<usize>>,
) -> impl IntoView {
    let lab = Lab::get();
    let (index, req) = (row.index, row.request);
    let class = move || {
        let on = if active.get() == Some(index) { " log-active" } else { "" };
        format!("{}{on}", row.class)
    };
    view! {
        <li
            role="option"
            id=row_id(index)
            class=class
            aria-selected=move || (active.get() == Some(index)).to_string()
            on:click=move |_| {
                active.set(Some(index));
                open(lab, req);
            }
        >
            <span class="log-time">{row.time}</span>
            " "
            {req.map(|id| view! { <span class="log-request">{format!("#{id}")}</span> " " })}
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
    /// The first event the log shows (a lesson's setup is left out).
    from: usize,
) -> impl IntoView {
    let lab = Lab::get();
    let total = move || lab.world.with(|w| w.event_count().saturating_sub(from));
    view! {
        <p class="hint">
            {move || format!("Showing the latest {} of {}.", rows.with(|r| r.len()), count(total() as u64, "event"))}
            {(from > 0).then_some(" The lesson's setup is not shown.")}
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
