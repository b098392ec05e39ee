//! The servers in words: what each holds, how many requests it answered,
//! its instance and process; and adding a server. Each server's own buttons
//! and the shared store's are on the picture.

use leptos::prelude::*;

use super::lab::Lab;
use super::panel_frame::PanelFrame;
use super::table_button::TableButton;
use crate::lessons::buttons::{buttons_at, Place};
use crate::sim::server::ServerStatus;
use crate::sim::store::SessionStore;
use crate::sim::words::count;

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
        <PanelFrame class="servers-panel" id="servers" title="Servers">
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
                            </li>
                        }
                    }
                />
            </ul>
            {buttons_at(Place::Servers).map(|b| view! { <TableButton button=b /> }).collect_view()}
        </PanelFrame>
    }
}
