//! The picture's nodes as cards: a browser with its jar, the balancer, a
//! server with its memory, disk and cache and its own buttons, the shared
//! store with its buttons. The request token is drawn on the card it is at.

use leptos::prelude::*;

use super::chips::{ChipList, CookieList};
use crate::lessons::buttons::{buttons_at, server_label, Place, SERVER_BUTTONS};
use crate::lessons::shown::ShownButtons;
use crate::sim::picture::{BalancerNode, BrowserNode, Picture, ServerNode, SharedNode, Token};
use crate::sim::world::{RequestPosition, ServerCondition};
use crate::sim::ServerNumber;
use crate::ui::lab::Lab;
use crate::ui::table_button::TableButton;

/// The request token, when it is at this card: the cookie it carries and
/// what it found (`travel` makes it glide here from the card before).
fn token_here(token: Option<Token>, here: impl Fn(RequestPosition) -> bool) -> Option<AnyView> {
    let t = token.filter(|t| here(t.position))?;
    let back = matches!(t.position, RequestPosition::BackToBrowser(_));
    let text = match (&t.lookup, t.status, back) {
        (_, Some(status), true) => format!("{status} ← {}", t.carries),
        (Some(lookup), _, false) if matches!(t.position, RequestPosition::ServerToStore(_)) => lookup.clone(),
        _ => format!("→ {}", t.carries),
    };
    Some(view! { <p class="pic-token-chip" aria-hidden="true">{text}</p> }.into_any())
}

/// A named browser and its cookie jar.
#[component]
pub fn BrowserCard(
    /// The browser.
    node: BrowserNode,
    /// The whole picture (for the token).
    picture: Memo<Picture>,
) -> impl IntoView {
    let id = node.id;
    let class = if node.open { "pic-node pic-browser" } else { "pic-node pic-browser pic-off" };
    let owner = node.id.to_string();
    let token = move || picture.with(|p| token_here(p.token.clone(), |pos| pos == RequestPosition::BackToBrowser(id)));
    view! {
        <div class=class role="group" aria-label=node.summary()>
            <p class="pic-title">{owner}{(!node.open).then_some(" (closed)")}</p>
            <CookieList cookies=node.cookies.clone() />
            {node.page.clone().map(|h| view! { <p class="pic-page">{format!("Page: {h}")}</p> })}
            {token}
        </div>
    }
}

/// The load balancer: its policy and the affinity it keeps.
#[component]
pub fn BalancerCard(
    /// The balancer.
    node: BalancerNode,
    /// The request token.
    token: Option<Token>,
) -> impl IntoView {
    let pins = node.affinity.iter().map(|(b, s)| view! { <li>{format!("{b} → {s}")}</li> }).collect_view();
    view! {
        <div class="pic-node pic-balancer" role="group" aria-label=node.summary()>
            <p class="pic-title">"Load balancer"</p>
            <p class="pic-sub">{node.policy}</p>
            <ul class="pic-pins" aria-label="Affinity">{pins}</ul>
            {token_here(token, |pos| matches!(pos, RequestPosition::BrowserToBalancer(_)))}
        </div>
    }
}

/// A server: its condition, its memory, disk and cache, and its buttons.
#[component]
pub fn ServerCard(
    /// The server.
    node: ServerNode,
    /// The whole picture (token and ghosts).
    picture: Memo<Picture>,
) -> impl IntoView {
    let n = node.number;
    let down = node.condition == ServerCondition::Down;
    let class = match (down, node.answered_last) {
        (true, _) => "pic-node pic-server pic-off",
        (false, true) => "pic-node pic-server pic-answered",
        (false, false) => "pic-node pic-server",
    };
    let token = move || {
        picture.with(|p| {
            let shared = p.shared.is_some();
            token_here(p.token.clone(), move |pos| match pos {
                RequestPosition::BalancerToServer(s) | RequestPosition::AtServer(s) => s == n,
                RequestPosition::ServerToStore(s) => s == n && !shared,
                _ => false,
            })
        })
    };
    let places = node
        .places()
        .into_iter()
        .map(|(place, chips)| view! { <ChipList place=place chips=chips.clone() /> })
        .collect_view();
    view! {
        <div class=class role="group" aria-label=node.summary()>
            <p class="pic-title">{n.to_string()}<span class="pic-badge">{node.condition.word()}</span></p>
            {(node.memory.total() + node.disk.total() + node.cache.total() == 0)
                .then(|| view! { <p class="pic-empty">"memory empty · disk empty"</p> })}
            {places}
            <GhostsAt prefix=format!("{n}'s") picture=picture />
            {(node.busy > 0).then(|| view! { <p class="pic-sub">{format!("handling {}", node.busy)}</p> })}
            {token}
            <ServerMenu num=n up=!down />
        </div>
    }
}

/// The ghosts of sessions lost from places whose name starts with `prefix`.
#[component]
fn GhostsAt(
    /// "server 1's", "the shared database".
    prefix: String,
    /// The picture.
    picture: Memo<Picture>,
) -> impl IntoView {
    move || {
        picture.with(|p| {
            p.ghosts
                .iter()
                .filter(|g| g.place.starts_with(&prefix))
                .map(|g| {
                    let name = format!("lost: {} ({})", g.chip.name(&g.place), g.cause);
                    view! {
                        <p class=format!("pic-ghost owner-{}", g.chip.owner.key()) aria-label=name.clone() title=name>
                            <s>{g.chip.short_id.clone()}</s>
                            {format!(" lost from {}: {}", g.place, g.cause)}
                        </p>
                    }
                })
                .collect_view()
        })
    }
}

/// A server's own buttons: restart, crash, start, replace, remove.
#[component]
fn ServerMenu(
    /// The server.
    num: ServerNumber,
    /// Whether it is up.
    up: bool,
) -> impl IntoView {
    let lab = Lab::get();
    let shown = use_context::<ShownButtons>();
    let buttons = SERVER_BUTTONS
        .iter()
        .filter(|(verb, _, _)| shown.as_ref().is_none_or(|s| s.shows(&server_label(verb, num), Place::Servers)))
        .map(|&(verb, _, enabled)| {
            let label = server_label(verb, num);
            let name = label.clone();
            view! {
                <button type="button" disabled=!enabled(up) on:click=move |_| lab.press(&name)>
                    {label}
                </button>
            }
        })
        .collect_view();
    view! { <div class="pic-menu" role="group" aria-label=format!("{num}'s actions")>{buttons}</div> }
}

/// The shared database or cache, its rows or keys, and its buttons.
#[component]
pub fn SharedCard(
    /// The store.
    node: SharedNode,
    /// The picture (token and ghosts).
    picture: Memo<Picture>,
) -> impl IntoView {
    let class = if node.up { "pic-node pic-store" } else { "pic-node pic-store pic-off" };
    let token =
        move || picture.with(|p| token_here(p.token.clone(), |pos| matches!(pos, RequestPosition::ServerToStore(_))));
    let name = node.name;
    view! {
        <div class=class role="group" aria-label=node.summary()>
            <p class="pic-title">
                {format!("Shared {name}")}
                <span class="pic-badge">{if node.up { "up" } else { "DOWN" }}</span>
            </p>
            {node.ttl.then(|| view! { <p class="pic-sub">"keys expire by themselves (TTL)"</p> })}
            <ChipList place=node.place() chips=node.chips.clone() />
            <GhostsAt prefix=node.place() picture=picture />
            {token}
            <div class="pic-menu" role="group" aria-label=format!("Shared {name}'s actions")>
                {buttons_at(Place::SharedStore(name)).map(|b| view! { <TableButton button=b /> }).collect_view()}
            </div>
        </div>
    }
}
