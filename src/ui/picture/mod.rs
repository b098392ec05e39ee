//! The picture: the world drawn as things a learner can watch. Browsers with
//! their cookie jars, the balancer, the servers with the sessions in their
//! memory and on their disk, the shared database or cache, and the request
//! travelling between them. Drawn from `sim::picture` (no logic here); a
//! timeline under it replays the world to any earlier hop.

mod cards;
mod chips;
mod timeline;
mod travel;

use leptos::prelude::*;

use super::lab::Lab;
use crate::sim::picture::Picture;
use crate::sim::world::{hop_starts, RequestPosition, Rewind};
use crate::sim::World;
use cards::{BalancerCard, BrowserCard, ServerCard, SharedCard};
use timeline::Timeline;

/// The picture, its caption and its timeline.
#[component]
pub fn PictureView() -> impl IntoView {
    let lab = Lab::get();
    // The hop the timeline shows (`None`: now, following the world).
    let at_hop: RwSignal<Option<usize>> = RwSignal::new(None);
    // Any new action returns the picture to now.
    Effect::new(move |_| {
        lab.world.with(|w| w.actions().len());
        at_hop.set(None);
    });
    let picture = Memo::new(move |before: Option<&Picture>| {
        lab.world.with(|live| match at_hop.get() {
            None => Picture::of(live, before),
            Some(hop) => past_picture(live, hop),
        })
    });
    travel::follow_the_token(picture);
    view! {
        <figure class="picture" aria-labelledby="picture-title">
            <figcaption id="picture-title" class="visually-hidden">
                "The picture: browsers, load balancer, servers and session stores"
            </figcaption>
            <div class="picture-grid" data-token=move || picture.with(token_place)>
                {column("pic-col", "Browsers", picture, |p| p.browsers.clone(), |node, picture| view! { <BrowserCard node picture /> })}
                <div class="pic-col" role="group" aria-label="Load balancer">
                    {move || picture.with(|p| view! { <BalancerCard node=p.balancer.clone() token=p.token.clone() /> })}
                </div>
                {column("pic-col pic-region", "Servers", picture, |p| p.servers.clone(), |node, picture| view! { <ServerCard node picture /> })}
                <div class="pic-col" role="group" aria-label="Shared store">
                    {move || picture.with(|p| p.shared.clone().map(|s| view! { <SharedCard node=s picture=picture /> }))}
                    {move || picture.with(|p| p.shared.is_none()).then(|| view! {
                        <p class="pic-note">"No shared store: each server keeps its own sessions, or they travel in cookies."</p>
                    })}
                </div>
            </div>
            <p class="pic-token">{move || picture.with(|p| p.token.as_ref().map(|t| t.summary()))}</p>
            <p class="pic-caption" aria-live="off">
                {move || picture.with(|p| p.caption.clone().unwrap_or_else(|| "Nothing has happened yet.".into()))}
            </p>
            <Timeline at_hop=at_hop />
            <details class="pic-as-list">
                <summary>"Read the picture as a list"</summary>
                <ul>{move || picture.with(|p| p.as_list().into_iter().map(|l| view! { <li>{l}</li> }).collect_view())}</ul>
            </details>
        </figure>
    }
}

/// A column of cards, one per node `nodes` lists, each redrawn only when
/// its node changes (a node is keyed by all it shows).
fn column<N, V>(
    class: &'static str,
    label: &'static str,
    picture: Memo<Picture>,
    nodes: fn(&Picture) -> Vec<N>,
    card: fn(N, Memo<Picture>) -> V,
) -> impl IntoView
where
    N: Clone + Eq + std::hash::Hash + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <div class=class role="group" aria-label=label>
            <For each=move || picture.with(nodes) key=|n| n.clone() children=move |n| card(n, picture) />
        </div>
    }
}

/// The picture at the start of hop `hop` of `live`'s log, with the hop
/// before it as the picture before (so its ghosts show). One rebuild serves
/// both: it stops at the hop before, then goes on to the hop shown.
fn past_picture(live: &World, hop: usize) -> Picture {
    let starts = hop_starts(live.events());
    let events_at = |h: usize| starts.get(h + 1).map_or(live.event_count(), |&i| live.events_dropped() + i);
    let Ok(mut rewind) = Rewind::new(live) else { return Picture::of(live, None) };
    let before = hop.checked_sub(1).and_then(|h| rewind.until(events_at(h)).ok().map(|w| Picture::of(w, None)));
    match rewind.until(events_at(hop)) {
        Ok(then) => Picture::of(then, before.as_ref()),
        Err(_) => Picture::of(live, None),
    }
}

/// Which column the request token is in, for the stylesheet's highlight.
fn token_place(p: &Picture) -> &'static str {
    match p.token.as_ref().map(|t| t.position) {
        Some(RequestPosition::BrowserToBalancer(_)) => "to-balancer",
        Some(RequestPosition::BalancerToServer(_)) => "to-server",
        Some(RequestPosition::AtServer(_)) => "at-server",
        Some(RequestPosition::ServerToStore(_)) => "at-store",
        Some(RequestPosition::BackToBrowser(_)) => "back",
        None => "none",
    }
}
