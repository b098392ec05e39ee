//! The topology diagram: browsers -> load balancer -> servers -> stores, in
//! SVG. Each server shows its memory and disk; the shared database or cache
//! is a node of its own; the latest hop of the selected request is marked on
//! its edge. Text and shapes, not colour alone, say what is down.

use leptos::prelude::*;

use super::lab::{Lab, Node};
use crate::sim::store::SessionStore;
use crate::sim::words::count as count_words;
use crate::sim::world::RequestPosition;
use crate::sim::{BrowserId, ServerNumber, StoreKind};

const W: f64 = 640.0;
const BROWSER_X: f64 = 10.0;
const LB_X: f64 = 170.0;
const SERVER_X: f64 = 320.0;
const STORE_X: f64 = 510.0;
const BOX_W: f64 = 120.0;

fn server_y(i: usize, n: usize) -> f64 {
    let h = 300.0 / n.max(1) as f64;
    20.0 + h * i as f64 + (h - server_h(n)) / 2.0
}

fn server_h(n: usize) -> f64 {
    (300.0 / n.max(1) as f64 - 8.0).min(70.0)
}

/// Opens a node's details on Enter or Space, as a button would.
fn on_key(lab: Lab, node: Node) -> impl Fn(leptos::ev::KeyboardEvent) + 'static {
    move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" || ev.key() == " " {
            ev.prevent_default();
            lab.selected_node.set(Some(node));
        }
    }
}

/// What the diagram shows of a server: its number, status word, sessions in
/// memory, files on disk, instance and requests in progress.
type ServerLine = (ServerNumber, &'static str, usize, usize, u32, u32);

/// Every server, as the diagram shows it.
fn server_lines(lab: Lab) -> Vec<ServerLine> {
    lab.world.with(|w| {
        w.servers()
            .iter()
            .map(|s| {
                let status = w.server_condition(s).word();
                (s.number, status, w.sessions_in_memory(s), s.disk.len(), s.instance, s.in_flight)
            })
            .collect::<Vec<_>>()
    })
}

/// The kind of session store the world uses.
fn store_kind(lab: Lab) -> StoreKind {
    lab.world.with(|w| w.config().store)
}

/// The diagram.
#[component]
pub fn Topology() -> impl IntoView {
    view! {
        <figure class="topology">
            <svg
                viewBox=format!("0 0 {W} 340")
                // A group, not an image: its nodes are buttons, and an image's
                // contents are hidden from assistive technology.
                role="group"
                aria-labelledby="topology-title"
                aria-describedby="topology-desc"
                preserveAspectRatio="xMidYMid meet"
            >
                <title id="topology-title">"Topology"</title>
                <desc id="topology-desc">
                    <TopologySummary />
                </desc>
                <BrowserBoxes />
                <BalancerBox />
                <ServerBoxes />
                <SharedStoreBox />
                <SignedCookieNote />
                <RequestMarker />
            </svg>
            <figcaption class="hint">"Select a box (click, or Tab then Enter) to see its details."</figcaption>
            <super::node_details::NodeDetails />
        </figure>
    }
}

/// The diagram in one sentence, for screen readers: the servers, what each
/// holds, and where sessions are kept.
#[component]
fn TopologySummary() -> impl IntoView {
    let lab = Lab::get();
    move || {
        let s = server_lines(lab);
        format!(
            "Three browsers connect to a load balancer, which forwards to {}: {}. Sessions are kept in {}.",
            crate::sim::words::count(s.len() as u64, "server"),
            s.iter()
                .map(|(n, st, m, d, _, _)| format!("{n} {st}, {m} in memory, {d} on disk"))
                .collect::<Vec<_>>()
                .join("; "),
            store_kind(lab).label(),
        )
    }
}

/// The three browsers, each a box with its edge to the load balancer.
#[component]
fn BrowserBoxes() -> impl IntoView {
    let lab = Lab::get();
    ["alice", "bob", "mallory"]
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let y = 40.0 + 100.0 * i as f64;
            let active = move || lab.active.get() == BrowserId(i as u32);
            view! {
                <line class="edge" x1=BROWSER_X + BOX_W y1=y + 20.0 x2=LB_X y2="170" />
                <rect
                    class=move || if active() { "node node-active" } else { "node" }
                    tabindex="0"
                    role="button"
                    aria-label=format!("{name}'s browser: details")
                    on:click=move |_| lab.selected_node.set(Some(Node::Browser(BrowserId(i as u32))))
                    on:keydown=on_key(lab, Node::Browser(BrowserId(i as u32)))
                    x=BROWSER_X
                    y=y
                    width=BOX_W
                    height="40"
                    rx="6"
                />
                <text x=BROWSER_X + 10.0 y=y + 25.0>
                    {format!("{name}'s browser")}
                </text>
            }
        })
        .collect_view()
}

/// The load balancer's box with its policy.
#[component]
fn BalancerBox() -> impl IntoView {
    let lab = Lab::get();
    view! {
        <rect
            class="node"
            tabindex="0"
            role="button"
            aria-label="Load balancer: details"
            on:click=move |_| lab.selected_node.set(Some(Node::Balancer))
            on:keydown=on_key(lab, Node::Balancer)
            x=LB_X
            y="145"
            width=BOX_W
            height="50"
            rx="6"
        />
        <text x=LB_X + 10.0 y="167">
            "Load balancer"
        </text>
        <text x=LB_X + 10.0 y="185" class="small">
            {move || lab.world.with(|w| w.config().balancing.label())}
        </text>
    }
}

/// Each server's box, with its edges, its status and what it holds.
#[component]
fn ServerBoxes() -> impl IntoView {
    let lab = Lab::get();
    move || {
        let list = server_lines(lab);
        let n = list.len();
        let shared = store_kind(lab).is_shared();
        list.into_iter()
            .enumerate()
            .map(|(i, (num, status, memory, disk, instance, in_flight))| {
                let y = server_y(i, n);
                let h = server_h(n);
                let down = status == "DOWN";
                view! {
                    <line class="edge" x1=LB_X + BOX_W y1="170" x2=SERVER_X y2=y + h / 2.0 />
                    {shared
                        .then(|| {
                            view! {
                                <line
                                    class="edge edge-store"
                                    x1=SERVER_X + BOX_W
                                    y1=y + h / 2.0
                                    x2=STORE_X
                                    y2="170"
                                />
                            }
                        })}
                    <rect
                        class=if down { "node node-down" } else { "node" }
                        tabindex="0"
                        role="button"
                        aria-label=format!("Server {}: details", num.0)
                        on:click=move |_| lab.selected_node.set(Some(Node::Server(num)))
                        on:keydown=on_key(lab, Node::Server(num))
                        x=SERVER_X
                        y=y
                        width=BOX_W
                        height=h
                        rx="6"
                    />
                    <text x=SERVER_X + 8.0 y=y + 15.0>
                        {format!("Server {} {}", num.0, status)}
                    </text>
                    <text x=SERVER_X + 8.0 y=y + (h - 8.0).min(31.0) class="small">
                        {format!(
                            "mem {memory} · disk {disk}{}{}",
                            if instance > 1 { " · new" } else { "" },
                            if in_flight > 0 { format!(" · {in_flight} busy") } else { String::new() },
                        )}
                    </text>
                }
            })
            .collect_view()
    }
}

/// The shared database or cache, when there is one: its box, sessions and
/// whether it is down.
#[component]
fn SharedStoreBox() -> impl IntoView {
    let lab = Lab::get();
    let store_node =
        move || lab.world.with(|w| w.shared_store().map(|s| (format!("Shared {}", s.name), s.sessions, s.up)));
    move || {
        store_node().map(|(name, count, up)| {
            view! {
                <rect
                    class=if up { "node node-store" } else { "node node-down" }
                    tabindex="0"
                    role="button"
                    aria-label=format!("{name}: details")
                    on:click=move |_| lab.selected_node.set(Some(Node::Store))
                    on:keydown=on_key(lab, Node::Store)
                    x=STORE_X
                    y="140"
                    width=BOX_W
                    height="60"
                    rx="10"
                />
                <text x=STORE_X + 8.0 y="162">
                    {name}
                </text>
                <text x=STORE_X + 8.0 y="182" class="small">
                    {format!("{}{}", count_words(count as u64, "session"), if up { "" } else { " · DOWN" })}
                </text>
            }
        })
    }
}

/// With signed cookies, a note where the store would be: the data lives in
/// browsers.
#[component]
fn SignedCookieNote() -> impl IntoView {
    let lab = Lab::get();
    move || {
        (store_kind(lab) == StoreKind::SignedCookie).then(|| {
            view! {
                <text x=STORE_X y="170" class="small">
                    "Signed cookie:"
                </text>
                <text x=STORE_X y="186" class="small">
                    "data lives in browsers"
                </text>
            }
        })
    }
}

/// The marker on the edge where the selected request is now, labelled
/// "request", "working", "store" or "response".
#[component]
fn RequestMarker() -> impl IntoView {
    let lab = Lab::get();
    let hop = Memo::new(move |_| lab.world.with(|w| w.request_position(lab.selected_request.get()?)));
    let kind = move || store_kind(lab);
    move || {
        let n = lab.world.with(|w| w.servers().len());
        let idx_of = |num: ServerNumber| lab.world.with(|w| w.servers().iter().position(|s| s.number == num));
        let sy = |num| idx_of(num).map_or(170.0, |i| server_y(i, n) + server_h(n) / 2.0);
        let by = |b: BrowserId| 60.0 + 100.0 * f64::from(b.0.min(2));
        let (x, y, label) = match hop.get()? {
            RequestPosition::BrowserToBalancer(b) => {
                ((BROWSER_X + BOX_W + LB_X) / 2.0, (by(b) + 170.0) / 2.0, "request")
            }
            RequestPosition::BalancerToServer(s) => ((LB_X + BOX_W + SERVER_X) / 2.0, (170.0 + sy(s)) / 2.0, "request"),
            RequestPosition::AtServer(s) => (SERVER_X + BOX_W / 2.0, sy(s), "working"),
            RequestPosition::ServerToStore(s) => {
                if kind().is_shared() {
                    ((SERVER_X + BOX_W + STORE_X) / 2.0, (sy(s) + 170.0) / 2.0, "store")
                } else {
                    (SERVER_X + BOX_W - 20.0, sy(s), "store")
                }
            }
            RequestPosition::BackToBrowser(b) => ((BROWSER_X + BOX_W + LB_X) / 2.0, (by(b) + 170.0) / 2.0, "response"),
        };
        Some(view! {
            <g class="hop" transform=format!("translate({x:.0},{y:.0})")>
                <circle r="9" />
                <text y="-13" text-anchor="middle" class="hop-label">
                    {label}
                </text>
            </g>
        })
    }
}
