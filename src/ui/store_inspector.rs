//! The store inspector: a table per store with each session's ID (short,
//! full on focus), owner, data, times and where it lives (file name or row).
//! Tables are paged, so thousands of sessions stay fast.

use leptos::prelude::*;

use super::lab::Lab;
use super::panel_frame::PanelFrame;
use crate::sim::store::FileStore;
use crate::sim::words::count;
use crate::sim::{SessionRecord, SimTime, StoreKind, Theme};

/// Rows drawn per store before "Show more".
const PAGE: usize = 50;

#[derive(Clone, PartialEq)]
struct Row {
    full_id: String,
    short_id: String,
    owner: String,
    data: String,
    created: String,
    last_access: String,
    expires: String,
    location: String,
    expired: bool,
}

fn describe_data(r: &SessionRecord) -> String {
    let d = &r.data;
    let mut parts = Vec::new();
    if d.user.is_some() {
        parts.push("logged in".to_string());
    }
    if !d.cart.is_empty() {
        parts.push(format!("cart: {}", d.cart.iter().map(|i| i.name()).collect::<Vec<_>>().join(", ")));
    }
    if let Some(t) = d.theme {
        parts.push(format!("theme: {}", if t == Theme::Dark { "dark" } else { "light" }));
    }
    let steps = d.checkout.steps_done();
    if steps > 0 {
        parts.push(format!("checkout: step {steps} of 3 done"));
    }
    if d.orders > 0 {
        parts.push(format!("orders: {}", d.orders));
    }
    if d.draft_chars > 0 {
        parts.push(format!("draft: {} chars", d.draft_chars));
    }
    if parts.is_empty() {
        "(empty)".into()
    } else {
        parts.join("; ")
    }
}

fn row(r: &SessionRecord, kind: StoreKind, now: SimTime) -> Row {
    Row {
        full_id: r.id.to_string(),
        short_id: r.id.short().to_string(),
        owner: r.data.user.map_or("guest".to_string(), |u| u.to_string()),
        data: describe_data(r),
        created: r.created.to_string(),
        last_access: r.last_access.to_string(),
        expires: if r.expires == SimTime::NEVER {
            "never".into()
        } else if r.is_expired(now) {
            format!("{} (expired)", r.expires)
        } else {
            r.expires.to_string()
        },
        location: match kind {
            StoreKind::File => FileStore::file_name(&r.id),
            StoreKind::Database | StoreKind::CachedDatabase => format!("row sid = '{}'", r.id.short()),
            StoreKind::Cache => format!("key sess:{}", r.id.short()),
            _ => "process memory".into(),
        },
        expired: r.is_expired(now),
    }
}

/// The store inspector.
#[component]
pub fn StoreInspector() -> impl IntoView {
    let lab = Lab::get();
    let shown = RwSignal::new(PAGE);
    let full_ids = RwSignal::new(false);
    let tables = move || {
        let limit = shown.get();
        lab.world.with(|w| {
            let now = w.now();
            w.store_views(limit)
                .into_iter()
                .map(|v| {
                    let rows: Vec<Row> = v.entries.iter().map(|r| row(r, v.kind, now)).collect();
                    (v.title, v.up, v.total, rows)
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <PanelFrame class="store-inspector" id="stores" title="Session stores">
            <label class="check">
                <input
                    type="checkbox"
                    prop:checked=move || full_ids.get()
                    on:change=move |ev| full_ids.set(event_target_checked(&ev))
                />
                "Show full session IDs"
            </label>
            {move || {
                tables()
                    .into_iter()
                    .map(|(title, up, total, rows)| {
                        view! { <StoreTable title=title up=up total=total rows=rows shown=shown full_ids=full_ids /> }
                    })
                    .collect_view()
            }}
        </PanelFrame>
    }
}

/// One store: its title, whether it is up, how many sessions it holds, its
/// sessions (or "Empty.") and "Show more sessions" when some are not drawn.
#[component]
fn StoreTable(
    /// The store's title, such as "server 2: memory".
    title: String,
    /// Whether it answers.
    up: bool,
    /// How many sessions it holds.
    total: usize,
    /// The sessions drawn.
    rows: Vec<Row>,
    /// How many sessions each store may draw.
    shown: RwSignal<usize>,
    /// Whether session IDs are shown in full.
    full_ids: RwSignal<bool>,
) -> impl IntoView {
    let more = total > rows.len();
    view! {
        <div class="store-table">
            <h4>{format!("{title}{} ({})", if up { "" } else { " (DOWN)" }, count(total as u64, "session"))}</h4>
            {if rows.is_empty() {
                view! { <p class="muted">"Empty."</p> }.into_any()
            } else {
                view! { <SessionTable rows=rows full_ids=full_ids /> }.into_any()
            }}
            {more
                .then(|| {
                    view! {
                        <button type="button" on:click=move |_| shown.update(|n| *n += PAGE)>
                            "Show more sessions"
                        </button>
                    }
                })}
        </div>
    }
}

/// A store's sessions as a table, one row each; IDs short (the full one as
/// their tooltip) unless "Show full session IDs" is on. No cell is a tab
/// stop: with a load run a store holds hundreds of sessions.
#[component]
fn SessionTable(
    /// The sessions drawn.
    rows: Vec<Row>,
    /// Whether session IDs are shown in full.
    full_ids: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <table>
            <thead>
                <tr>
                    <th scope="col">"Session ID"</th>
                    <th scope="col">"Owner"</th>
                    <th scope="col">"Data"</th>
                    <th scope="col">"Created"</th>
                    <th scope="col">"Last access"</th>
                    <th scope="col">"Expires"</th>
                    <th scope="col">"Where"</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|r| {
                        let (full, short) = (r.full_id.clone(), r.short_id.clone());
                        let id = move || if full_ids.get() { full.clone() } else { short.clone() };
                        view! {
                            <tr class=if r.expired { "expired" } else { "" }>
                                <td>
                                    <code class="session-id" title=r.full_id>
                                        {id}
                                    </code>
                                </td>
                                <td>{r.owner}</td>
                                <td>{r.data}</td>
                                <td>{r.created}</td>
                                <td>{r.last_access}</td>
                                <td>{r.expires}</td>
                                <td>{r.location}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
