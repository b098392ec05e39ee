//! The browser panel: which browser is active, what it can do, the shop page
//! it shows and its cookie jar.

use leptos::prelude::*;

use super::choice::{inline_choice, setting_choice, Choice};
use super::fold::fold;
use super::lab::Lab;
use super::panel_frame::PanelFrame;
use super::table_button::TableButton;
use crate::lessons::buttons::{buttons_at, Place};
use crate::lessons::controls::BROWSER_TABS as BROWSERS;
use crate::sim::http::SHOP_HOST;
use crate::sim::jar::BrowserEngine;
use crate::sim::{Action, BrowserAction, Item, Theme};

/// Does `act` in the active browser.
fn act_in_active(lab: Lab, act: BrowserAction) {
    lab.act(Action::Browser { browser: lab.active.get_untracked(), act });
}

/// The active browser: its controls, page and cookie jar.
#[component]
pub fn BrowserPanel() -> impl IntoView {
    let lab = Lab::get();
    let item = Choice::of(
        &Item::ALL,
        Item::name,
        move || lab.choices.with(|c| c.item),
        move |item| lab.choices.update(|c| c.item = item),
    );
    let theme = Choice::of(
        &Theme::ALL,
        Theme::name,
        move || lab.choices.with(|c| c.theme),
        move |theme| lab.choices.update(|c| c.theme = theme),
    );
    let (item, theme) = (inline_choice("Item", item), inline_choice("Theme", theme));
    view! {
        <PanelFrame class="browser-panel" id="browser" title="Browser">
            <BrowserTabs />
            <AddressBar />
            {button_group("Browser actions", (), Place::BrowserActions)}
            {button_group("Shopping", item, Place::Shopping)}
            {fold(
                "More browser actions and settings",
                view! {
                    {button_group("Account security", (), Place::AccountSecurity)}
                    {button_group("Preferences and checkout", theme, Place::Checkout)}
                    {button_group("The browser itself", (), Place::TheBrowser)}
                    <BrowserSwitches />
                    <BrowserTypeChoice />
                },
            )}
            <ShopPage />
            <CookieJar />
        </PanelFrame>
    }
}

/// One tab per browser; the pressed one is the active browser.
#[component]
fn BrowserTabs() -> impl IntoView {
    let lab = Lab::get();
    view! {
        <div class="browser-tabs" role="group" aria-label="Active browser">
            {BROWSERS
                .iter()
                .map(|&(id, name)| {
                    view! {
                        <button
                            type="button"
                            aria-pressed=move || (lab.active.get() == id).to_string()
                            on:click=move |_| lab.active.set(id)
                        >
                            {name}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// The address of the page the active browser shows, with its scheme.
#[component]
fn AddressBar() -> impl IntoView {
    let lab = Lab::get();
    let address = move || {
        lab.world.with(|w| {
            let b = w.browser(lab.active.get());
            let scheme = if b.is_some_and(|b| b.https) { "https" } else { "http" };
            let path = b.map_or("/", |b| b.last_get.path());
            format!("{scheme}://{SHOP_HOST}{path}")
        })
    };
    view! {
        <p class="address" aria-label="Address">
            <span class="visually-hidden">"Address: "</span>
            {address}
        </p>
    }
}

/// The active browser's switches: HTTPS, and keeping session cookies when
/// it reopens.
#[component]
fn BrowserSwitches() -> impl IntoView {
    let lab = Lab::get();
    let act = move |act: BrowserAction| act_in_active(lab, act);
    let https = move || lab.world.with(|w| w.browser(lab.active.get()).is_some_and(|b| b.https));
    view! {
        <label class="check">
            <input
                type="checkbox"
                prop:checked=https
                on:change=move |ev| act(BrowserAction::UseHttps { on: event_target_checked(&ev) })
            />
            "Use HTTPS"
            <span class="hint">" (off: cookies travel in clear text, and Secure cookies are not sent)"</span>
        </label>
        <label class="check">
            <input
                type="checkbox"
                prop:checked=move || lab.world.with(|w| w.browser(lab.active.get()).is_some_and(|b| b.restores_session))
                on:change=move |ev| act(BrowserAction::RestoreOnReopen { on: event_target_checked(&ev) })
            />
            "Continue where you left off"
            <span class="hint">" (the browser's startup setting: closing it keeps session cookies)"</span>
        </label>
    }
}

/// What the browser type means for cookies without SameSite.
const SAMESITE_HINT: &str = "Cookies without SameSite: Firefox and Safari send them on other sites' forms; Chromium treats them as Lax, except on a POST while the cookie is under 2 minutes old.";

/// Which kind of browser the active one is (Firefox and Safari, or
/// Chromium), and what that means for cookies without SameSite.
#[component]
fn BrowserTypeChoice() -> impl IntoView {
    let lab = Lab::get();
    let act = move |act: BrowserAction| act_in_active(lab, act);
    let now = move || lab.world.with(|w| w.browser(lab.active.get()).map(|b| b.engine).unwrap_or_default());
    let pick = move |engine| act(BrowserAction::UseEngine { engine });
    setting_choice(
        "browser-engine",
        "Browser type",
        Choice::of(&BrowserEngine::ALL, BrowserEngine::label, now, pick),
        Signal::stored(SAMESITE_HINT),
    )
}

/// A row of the browser's buttons placed at `place`, after what they use
/// (a choice), as one labelled group.
fn button_group(label: &'static str, uses: impl IntoView + 'static, place: Place) -> impl IntoView {
    view! {
        <div class="actions" role="group" aria-label=label>
            {uses}
            {buttons_at(place).map(|b| view! { <TableButton button=b /> }).collect_view()}
        </div>
    }
}

/// The shop page the active browser shows, as a labelled region.
#[component]
fn ShopPage() -> impl IntoView {
    let lab = Lab::get();
    let page = move || lab.world.with(|w| w.browser(lab.active.get()).map(|b| (b.open, b.page.clone())));
    view! {
        <div class="shop-page" role="region" aria-label="Browser page">
            {move || match page() {
                Some((false, _)) => view! { <p class="muted">"The browser is closed."</p> }.into_any(),
                Some((true, None)) | None => {
                    view! { <p class="muted">"No page loaded yet: press Reload page or Home."</p> }.into_any()
                }
                Some((true, Some(p))) => {
                    view! {
                        <p class="shop-heading">{p.heading}</p>
                        <ul class="shop-lines">
                            {p.lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

/// The active browser's cookies with their attributes.
#[component]
fn CookieJar() -> impl IntoView {
    let lab = Lab::get();
    let rows = move || {
        lab.world.with(|w| {
            let now = w.now();
            w.browser(lab.active.get())
                .map(|b| {
                    b.jar
                        .cookies()
                        .iter()
                        .map(|c| {
                            let mut attrs = vec![format!("Path={}", c.path)];
                            if !c.host_only {
                                attrs.push(format!("Domain={}", c.domain));
                            }
                            if c.secure {
                                attrs.push("Secure".into());
                            }
                            if c.http_only {
                                attrs.push("HttpOnly".into());
                            }
                            if let Some(s) = c.same_site {
                                attrs.push(format!("SameSite={}", s.attribute_value()));
                            }
                            let expires = match c.expires {
                                None => "when the browser closes".to_string(),
                                Some(t) => format!("in {}", t.since(now)),
                            };
                            (c.name.to_string(), c.value.to_string(), attrs.join("; "), expires, !c.http_only)
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    // One entry per cookie, `name=value` across the panel's whole width (a
    // signed cookie's value is hundreds of characters) and the attributes
    // under it: a table's columns would squeeze the value into a narrow strip.
    view! {
        <section class="jar" aria-labelledby="jar-title">
            <h4 id="jar-title">"Cookie jar"</h4>
            {move || {
                let rows = rows();
                if rows.is_empty() {
                    view! { <p class="muted">"No cookies."</p> }.into_any()
                } else {
                    view! {
                        <ul class="cookies">
                            {rows
                                .into_iter()
                                .map(|(name, value, attrs, expires, visible)| {
                                    view! {
                                        <li class="cookie">
                                            <code class="cookie-pair">
                                                <span class="cookie-name">{name}</span>
                                                "="
                                                {value}
                                            </code>
                                            <dl class="cookie-attrs">
                                                <dt>"Attributes"</dt>
                                                <dd>{attrs}</dd>
                                                <dt>"Expires"</dt>
                                                <dd>{expires}</dd>
                                                <dt>"Page scripts"</dt>
                                                <dd>
                                                    {if visible { "can read it" } else { "cannot read it (HttpOnly)" }}
                                                </dd>
                                            </dl>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
