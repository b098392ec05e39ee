//! Details of the diagram node the learner selected: a browser, the load
//! balancer, a server or the shared store.

use leptos::prelude::*;

use super::lab::{Lab, Node};
use crate::sim::config::Persistence;
use crate::sim::server::ServerStatus;
use crate::sim::store::SessionStore;
use crate::sim::words::count;
use crate::sim::{BrowserId, ServerNumber, StoreKind, World};

/// A node's details: a title and one line per fact.
type Details = (String, Vec<String>);

/// The details box under the diagram.
#[component]
pub fn NodeDetails() -> impl IntoView {
    let lab = Lab::get();
    let lines = move || {
        let node = lab.selected_node.get()?;
        lab.world.with(|w| match node {
            Node::Browser(id) => browser_details(w, id),
            Node::Balancer => Some(balancer_details(w)),
            Node::Server(n) => server_details(w, n),
            Node::Store => Some(store_details(w)),
        })
    };
    view! {
        {move || {
            lines()
                .map(|(title, lines)| {
                    view! {
                        <div class="node-details" role="region" aria-label="Details">
                            <h4>{title}</h4>
                            <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                            <button type="button" on:click=move |_| lab.selected_node.set(None)>
                                "Close details"
                            </button>
                        </div>
                    }
                })
        }}
    }
}

/// A browser's address, whether it is open and on https, and its cookies.
fn browser_details(w: &World, id: BrowserId) -> Option<Details> {
    let b = w.browser(id)?;
    Some((
        format!("{}'s browser", b.user.map_or(std::borrow::Cow::Borrowed("a visitor"), |u| u.name())),
        vec![
            format!("IP address {}.{}.{}.{}", b.ip[0], b.ip[1], b.ip[2], b.ip[3]),
            format!(
                "{}; uses {}",
                if b.open { "open" } else { "closed" },
                if b.https { "https" } else { "plain http" }
            ),
            format!("{}; page scripts see: {}", count(b.jar.cookies().len() as u64, "cookie"), {
                let v = b.jar.visible_to_scripts();
                if v.is_empty() {
                    "nothing".to_string()
                } else {
                    v
                }
            }),
        ],
    ))
}

/// The load balancer's policy, the servers up and the requests in progress.
fn balancer_details(w: &World) -> Details {
    (
        "Load balancer".to_string(),
        vec![
            format!("Policy: {}", w.config().balancing.label()),
            format!("Servers up: {} of {}", w.servers().iter().filter(|s| s.is_up()).count(), w.servers().len()),
            format!("Requests in progress: {}", w.servers().iter().map(|s| s.in_flight).sum::<u32>()),
        ],
    )
}

/// A server's status, instance and process, what it holds, its requests and
/// its next cleanup sweep.
fn server_details(w: &World, n: ServerNumber) -> Option<Details> {
    let now = w.now();
    let s = w.server(n)?;
    Some((
        format!("{}", n).replacen('s', "S", 1),
        vec![
            format!("Status: {}", if s.status == ServerStatus::Up { "up" } else { "down (crashed)" }),
            format!(
                "Instance {} (replaced {}); process {} started at {}",
                s.instance,
                count(s.instance - 1, "time"),
                s.process,
                s.started_at
            ),
            format!(
                "In memory: {}; on disk: {}; local cache: {}",
                count(s.memory.len() as u64, "session"),
                count(s.disk.len() as u64, "file"),
                count(s.local_cache.len() as u64, "session")
            ),
            format!("Requests answered: {}; in progress: {}", s.handled, s.in_flight),
            match s.next_sweep {
                Some(t) => format!("Next cleanup sweep in {}", t.since(now)),
                None => "No periodic sweep scheduled".to_string(),
            },
        ],
    ))
}

/// The shared cache or database: up or down, what it holds, and for the
/// cache its memory and persistence.
fn store_details(w: &World) -> Details {
    match w.config().store {
        StoreKind::Cache => (
            "Shared cache".to_string(),
            vec![
                format!("{}", if w.cache().is_up() { "Up" } else { "DOWN" }),
                format!(
                    "{}, {} of {} bytes used",
                    count(w.cache().len() as u64, "session"),
                    w.cache().bytes_used(),
                    w.cache().limit()
                ),
                format!(
                    "Persistence: {}",
                    match w.cache().persistence() {
                        Persistence::None => "none: a restart or a crash loses everything",
                        Persistence::Snapshots =>
                            "snapshots: a restart keeps everything, a crash loses what the last snapshot missed",
                        Persistence::AppendOnly => "append-only file: a restart or a crash keeps everything",
                    }
                ),
            ],
        ),
        _ => (
            "Shared database".to_string(),
            vec![
                format!("{}", if w.database().is_up() { "Up" } else { "DOWN" }),
                format!("{} in table session (sid, sess, expire)", count(w.database().len() as u64, "row")),
            ],
        ),
    }
}
