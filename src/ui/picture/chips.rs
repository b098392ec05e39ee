//! Chips: the sessions of one place, coloured by owner, each with its short
//! ID, its time left and a full accessible name; and a browser's cookies.

use leptos::prelude::*;

use crate::sim::picture::{Chip, ChipState, Chips, CookieChip};

/// The sessions one place holds: the first few and "and N more".
#[component]
pub fn ChipList(
    /// "server 1's memory", "the shared database".
    place: String,
    /// Its chips.
    chips: Chips,
) -> impl IntoView {
    let title = place.rsplit(' ').next().unwrap_or(&place).to_string();
    let more = chips.more_text();
    let items = chips.shown.iter().map(|c| view! { <ChipItem chip=c.clone() place=place.clone() /> }).collect_view();
    view! {
        <div class="pic-place">
            <p class="pic-place-title">{title}</p>
            <ul class="pic-chips" aria-label=place.clone()>
                {items}
                {more.map(|m| view! { <li class="pic-more">{m}</li> })}
            </ul>
        </div>
    }
}

/// One session chip.
#[component]
fn ChipItem(
    /// The session.
    chip: Chip,
    /// Where it is.
    place: String,
) -> impl IntoView {
    let state = match chip.state {
        ChipState::Live => "",
        ChipState::Expired => " chip-expired",
        ChipState::Copy => " chip-copy",
        ChipState::StaleCopy => " chip-copy chip-stale",
    };
    let mark = match chip.state {
        ChipState::Live => String::new(),
        ChipState::Expired => " ⏱ expired".into(),
        ChipState::Copy => " (copy)".into(),
        ChipState::StaleCopy => " (stale copy)".into(),
    };
    let left = match (chip.state, chip.expires_in) {
        (ChipState::Live, Some(t)) => format!(" · {t}"),
        _ => String::new(),
    };
    let fresh = if chip.fresh { " chip-fresh" } else { "" };
    // The owner's initial as well as its colour: colour alone says nothing to some.
    let initial = chip.owner.key().chars().next().map(|c| c.to_ascii_uppercase()).unwrap_or('?');
    view! {
        <li class=format!("chip owner-{}{state}{fresh}", chip.owner.key()) aria-label=chip.name(&place) title=chip.name(&place)>
            <span aria-hidden="true">{format!("{initial} {}{mark}{left}", chip.short_id)}</span>
        </li>
    }
}

/// A browser's cookie jar: a chip per cookie, with its marks, and the
/// session inside it when the cookie carries the whole session.
#[component]
pub fn CookieList(
    /// The cookies.
    cookies: Vec<CookieChip>,
) -> impl IntoView {
    if cookies.is_empty() {
        return view! { <p class="pic-empty">"no cookies"</p> }.into_any();
    }
    let items = cookies
        .into_iter()
        .map(|c| {
            let kind = if c.affinity {
                " cookie-affinity"
            } else if c.session {
                " cookie-session"
            } else {
                ""
            };
            let inside = c.inside.clone().map(|chip| {
                let name = chip.name("the cookie itself");
                view! {
                    <span class=format!("chip owner-{}", chip.owner.key()) aria-label=name.clone() title=name>
                        {format!("session {}", chip.short_id)}
                    </span>
                }
            });
            view! {
                <li class=format!("cookie{kind}")>
                    {c.text()}
                    {inside}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="pic-jar" aria-label="Cookie jar">{items}</ul> }.into_any()
}
