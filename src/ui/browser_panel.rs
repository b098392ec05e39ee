//! The browser panel: which browser is active, what it can do, the shop page
//! it shows and its cookie jar.

use leptos::prelude::*;

use super::lab::Lab;
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
    view! {
        <section class="panel browser-panel" aria-labelledby="browser-title">
            <h3 id="browser-title">"Browser"</h3>
            <BrowserTabs />
            <AddressBar />
            <BrowserSwitches />
            <BrowserTypeChoice />
            <div class="actions" role="group" aria-label="Browser actions">
                {buttons_at(Place::BrowserActions).map(|b| view! { <TableButton button=b /> }).collect_view()}
            </div>
            <ShoppingControls />
            <CheckoutControls />
            <div class="actions" role="group" aria-label="The browser itself">
                {buttons_at(Place::TheBrowser).map(|b| view! { <TableButton button=b /> }).collect_view()}
            </div>
            <ShopPage />
            <CookieJar />
        </section>
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

/// Which kind of browser the active one is (Firefox and Safari, or
/// Chromium), and what that means for cookies without SameSite.
#[component]
fn BrowserTypeChoice() -> impl IntoView {
    let lab = Lab::get();
    let act = move |act: BrowserAction| act_in_active(lab, act);
    view! {
        <div class="setting">
            <label for="browser-engine">"Browser type"</label>
            <select
                id="browser-engine"
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(engine) = BrowserEngine::ALL.iter().find(|e| e.label() == v) {
                        act(BrowserAction::UseEngine { engine: *engine });
                    }
                }
            >
                {BrowserEngine::ALL
                    .iter()
                    .map(|e| {
                        let e = *e;
                        let chosen = move || lab.world.with(|w| w.browser(lab.active.get()).is_some_and(|b| b.engine == e));
                        view! { <option value=e.label() selected=chosen>{e.label()}</option> }
                    })
                    .collect_view()}
            </select>
            <span class="hint">
                " Cookies without SameSite: Firefox and Safari send them on other sites' forms; Chromium treats them as Lax, except on a POST while the cookie is under 2 minutes old."
            </span>
        </div>
    }
}

/// The item to put in the cart, and the shopping buttons.
#[component]
fn ShoppingControls() -> impl IntoView {
    let lab = Lab::get();
    let item = move || lab.choices.with(|c| c.item);
    view! {
        <div class="actions" role="group" aria-label="Shopping">
            <label>
                "Item "
                <select on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(i) = Item::ALL.iter().find(|i| i.name() == v) {
                        lab.choices.update(|c| c.item = *i);
                    }
                }>
                    {Item::ALL
                        .iter()
                        .map(|i| view! { <option value=i.name() selected=move || item() == *i>{i.name()}</option> })
                        .collect_view()}
                </select>
            </label>
            {buttons_at(Place::Shopping).map(|b| view! { <TableButton button=b /> }).collect_view()}
        </div>
    }
}

/// The theme preference to save, and the checkout buttons.
#[component]
fn CheckoutControls() -> impl IntoView {
    let lab = Lab::get();
    let theme = move || lab.choices.with(|c| c.theme);
    view! {
        <div class="actions" role="group" aria-label="Preferences and checkout">
            <label>
                "Theme "
                <select on:change=move |ev| {
                    let t = if event_target_value(&ev) == "light" { Theme::Light } else { Theme::Dark };
                    lab.choices.update(|c| c.theme = t);
                }>
                    <option value="dark" selected=move || theme() == Theme::Dark>"dark"</option>
                    <option value="light" selected=move || theme() == Theme::Light>"light"</option>
                </select>
            </label>
            {buttons_at(Place::Checkout).map(|b| view! { <TableButton button=b /> }).collect_view()}
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
                                attrs.push(format!("SameSite={s:?}"));
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
