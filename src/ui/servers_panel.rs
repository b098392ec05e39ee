//! Server and store controls: restart, crash, start, replace and remove each
//! server, add one, and take the shared database or cache down, up or
//! through a restart. Each server's line also says what it holds.

use leptos::prelude::*;

use super::lab::Lab;
use super::table_button::TableButton;
use crate::lessons::buttons::{buttons_at, server_label, Place, SERVER_BUTTONS};
use crate::sim::server::ServerStatus;
use crate::sim::store::SessionStore;
use crate::sim::words::count;
use crate::sim::ServerNumber;

/// Controls for the servers and the shared store.
#[component]
pub fn ServersPanel() -> impl IntoView {
    let lab = Lab::get();
    let rows = move || {
        lab.world.with(|w| {
            let cached = w.config().store.has_local_cache();
            w.servers()
                .iter()
                .map(|s| {
                    (
                        s.number,
                        s.status == ServerStatus::Up,
                        s.memory.len(),
                        s.disk.len(),
                        cached.then(|| s.local_cache.len()),
                        s.handled,
                        s.instance,
                        s.started_at,
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="panel servers-panel" aria-labelledby="servers-title">
            <h3 id="servers-title">"Servers"</h3>
            <ul class="server-list">
                <For
                    each=rows
                    key=|r| (r.0, r.1, r.2, r.3, r.4, r.5, r.6, r.7)
                    children=move |(num, up, memory, disk, cache, handled, instance, started)| {
                        let n = num.0;
                        view! {
                            <li class=if up { "server" } else { "server server-down" }>
                                <span class="server-name">
                                    {format!("Server {n}: {}", if up { "up" } else { "DOWN" })}
                                </span>
                                <span class="server-detail">
                                    {format!(
                                        " {} in memory, {} on disk{}; {} answered; instance {instance}, process started at {started}",
                                        count(memory as u64, "session"),
                                        count(disk as u64, "file"),
                                        cache
                                            .map(|c| format!(", {} in its local cache", count(c as u64, "session")))
                                            .unwrap_or_default(),
                                        count(handled, "request"),
                                    )}
                                </span>
                                <ServerButtons num=num up=up />
                            </li>
                        }
                    }
                />
            </ul>
            {buttons_at(Place::Servers).map(|b| view! { <TableButton button=b /> }).collect_view()}
            <SharedStoreControls />
        </section>
    }
}

/// A server's buttons (restart, crash, start, replace, remove), each
/// greyed out when it cannot be pressed.
#[component]
fn ServerButtons(
    /// The server.
    num: ServerNumber,
    /// Whether it is up.
    up: bool,
) -> impl IntoView {
    let lab = Lab::get();
    view! {
        <span class="server-actions">
            {SERVER_BUTTONS
                .iter()
                .map(|&(verb, _, enabled)| {
                    let label = server_label(verb, num);
                    let name = label.clone();
                    view! {
                        <button type="button" disabled=!enabled(up) on:click=move |_| lab.press(&name)>
                            {label}
                        </button>
                    }
                })
                .collect_view()}
        </span>
    }
}

/// The shared database or cache, when there is one: up or down, and its
/// buttons.
#[component]
fn SharedStoreControls() -> impl IntoView {
    let lab = Lab::get();
    let shared = move || lab.world.with(|w| w.shared_store().map(|s| (s.name, s.up)));
    move || {
        shared().map(|(name, up)| {
            view! {
                <div class="actions" role="group" aria-label=format!("Shared {name}")>
                    <span>{format!("Shared {name}: {}", if up { "up" } else { "DOWN" })}</span>
                    {buttons_at(Place::SharedStore(name)).map(|b| view! { <TableButton button=b /> }).collect_view()}
                </div>
            }
        })
    }
}
