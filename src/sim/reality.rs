//! The reality suite's events, played on the engine. `tools/reality/scenarios.toml`
//! lists the events and the library stacks; `tools/reality/run` plays each
//! event on real servers, and [`play`] plays the same event on a world under
//! the stack's preset, with the same set-up and the same steps, so that the
//! two tables can be compared cell by cell (`tools/reality/compare.py`,
//! `tests/reality_table.rs`).
//!
//! ```
//! use session_lab::sim::{reality, Preset};
//!
//! let played = reality::play(Preset::ExpressMemory, "restart-holder").unwrap();
//! assert_eq!(played.outcome, "lost");
//! ```

use super::action::{Action, BrowserAction};
use super::balancer::Balancing;
use super::config::{OutageReply, Persistence, SavePolicy, WorldConfig};
use super::event::EventKind;
use super::http::Route;
use super::ids::{BrowserId, ServerNumber};
use super::presets::Preset;
use super::session::{Item, User};
use super::time::SimTime;
use super::world::{ActionError, World};

const ALICE: BrowserId = BrowserId::ALICE;

/// What one event did to alice's session, in the scenario file's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Played {
    /// One of the event's outcome words ("survives", "lost", ...).
    pub outcome: &'static str,
    /// What the engine saw, for the table.
    pub detail: String,
}

/// The set-ups of the scenario file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Setup {
    /// Each library's defaults.
    Defaults,
    /// Sessions time out after 3 s idle, as each library is told to.
    Short,
    /// `Short`, plus app code that ends sessions older than 5 s.
    ShortAppLimit,
}

/// The event ids [`play`] knows, in the scenario file's order.
pub const EVENTS: [&str; 20] = [
    "restart-holder",
    "other-server",
    "replace-holder",
    "restart-store",
    "crash-store",
    "cache-shutdown-nosave",
    "crash-cache-aof",
    "store-outage",
    "cache-stops-readme-client",
    "sticky-failover",
    "close-browser",
    "close-browser-replay",
    "idle",
    "busy-past-8s",
    "app-absolute-limit",
    "expired-cookie-replay",
    "two-tabs",
    "logout-cookie",
    "logout-during-slow-request",
    "secure-cookie-tls-at-balancer",
];

/// Plays `event` on two servers under `preset`, and says what happened to
/// alice's session. An unknown event, or one that cannot happen under this
/// preset (a store restart without a shared store), is an error.
pub fn play(preset: Preset, event: &str) -> Result<Played, String> {
    let mut w = World::new(config_for(preset, event), 42).map_err(|e| e.to_string())?;
    let fail = |e: ActionError| format!("{event} under {}: {e}", preset.label());
    if event == "secure-cookie-tls-at-balancer" {
        return cookie_after_login(&mut w).map_err(fail);
    }
    w.browser_do(ALICE, BrowserAction::log_in(User::Alice)).map_err(fail)?;
    if !logged_in(&w) {
        return Err(format!("{event} under {}: the login failed ({})", preset.label(), heading(&w)));
    }
    let holder = last_server(&w).unwrap_or(ServerNumber(1));
    let from = w.event_count();
    let before = w.now();
    let Some(happened) = make_it_happen(&mut w, event, holder) else {
        return Err(format!("the engine does not know the event {event:?}"));
    };
    happened.map_err(fail)?;
    outcome_of(&mut w, event, from, before).map_err(fail)
}

/// The settings `event` is played under: two servers with `preset`, sticky
/// balancing unless the event is about the other server, the event's
/// set-up, and what the event changes besides (AOF, TLS at the balancer...).
fn config_for(preset: Preset, event: &str) -> WorldConfig {
    let setup = match event {
        "idle" | "busy-past-8s" | "expired-cookie-replay" => Setup::Short,
        "app-absolute-limit" => Setup::ShortAppLimit,
        _ => Setup::Defaults,
    };
    let balancing = if event == "other-server" { Balancing::RoundRobin } else { Balancing::Sticky };
    let mut config = WorldConfig { servers: 2, balancing, ..WorldConfig::default() };
    preset.apply(&mut config);
    shorten(preset, setup, &mut config);
    match event {
        "crash-cache-aof" => config.cache.persistence = Persistence::AppendOnly,
        // connect-redis's README sets its client up with no `error` listener.
        "cache-stops-readme-client" => config.session.library.store_outage = OutageReply::ServerCrashes,
        "secure-cookie-tls-at-balancer" => {
            config.session.cookie.secure = true;
            config.tls_to_servers = false;
        }
        _ => {}
    }
    config
}

/// Alice logs in while TLS ends at the balancer: did the session cookie
/// reach her jar?
fn cookie_after_login(w: &mut World) -> Result<Played, ActionError> {
    w.browser_do(ALICE, BrowserAction::log_in(User::Alice))?;
    let name = w.config().session.cookie.name.clone();
    let set = w.browser(ALICE).is_some_and(|b| b.jar.get(&name).is_some());
    let outcome = if set { "cookie set" } else { "cookie not set" };
    Ok(Played { outcome, detail: format!("after login the jar {} {name}", if set { "holds" } else { "lacks" }) })
}

/// Makes `event` happen to logged-in alice, whose session `holder` keeps;
/// `None` for an event the engine does not know.
fn make_it_happen(w: &mut World, event: &str, holder: ServerNumber) -> Option<Result<(), ActionError>> {
    Some(match event {
        "restart-holder" => w.run(Action::RestartServer { server: holder }),
        "other-server" => Ok(()),
        "replace-holder" => w.run(Action::ReplaceServer { server: holder }),
        "restart-store" => w.run(Action::RestartStore),
        "crash-store" | "cache-shutdown-nosave" => w.run(Action::CrashStore),
        "crash-cache-aof" => {
            w.run(Action::Advance { by: SimTime::millis(1500) }).and_then(|_| w.run(Action::CrashStore))
        }
        "store-outage" => w.run(Action::StoreDown),
        "cache-stops-readme-client" => {
            w.run(Action::StoreDown).and_then(|_| w.run(Action::Advance { by: SimTime::millis(500) }))
        }
        "sticky-failover" => w.run(Action::CrashServer { server: holder }),
        "close-browser" => close(w),
        "close-browser-replay" => close(w).and_then(|_| w.browser_do(ALICE, BrowserAction::ReplayOldCookies)),
        "idle" => w.run(Action::Advance { by: SimTime::millis(4500) }),
        "busy-past-8s" | "app-absolute-limit" => (0..8).try_for_each(|_| {
            w.run(Action::Advance { by: SimTime::secs(1) })?;
            w.browser_do(ALICE, BrowserAction::Reload)
        }),
        "expired-cookie-replay" => w
            .run(Action::Advance { by: SimTime::millis(4500) })
            .and_then(|_| w.browser_do(ALICE, BrowserAction::ReplayOldCookies)),
        "two-tabs" => {
            let add = |item| Route::AddToCart { item };
            let tabs = BrowserAction::TwoTabs { first: add(Item::Tea), second: add(Item::Mug) };
            w.browser_do(ALICE, tabs).and_then(|_| w.browser_do(ALICE, BrowserAction::Request { route: Route::Home }))
        }
        "logout-cookie" => w.browser_do(ALICE, BrowserAction::log_out()),
        "logout-during-slow-request" => {
            let tabs = BrowserAction::TwoTabs { first: Route::Logout, second: Route::AddToCart { item: Item::Tea } };
            w.browser_do(ALICE, tabs).and_then(|_| send_old_session_cookie(w))
        }
        _ => return None,
    })
}

/// What the event did to alice's session, seen after it happened (most
/// events: she reloads and is still logged in or not). `from` is where the
/// event's own events start, `before` when it began.
fn outcome_of(w: &mut World, event: &str, from: usize, before: SimTime) -> Result<Played, ActionError> {
    Ok(match event {
        "store-outage" => {
            w.browser_do(ALICE, BrowserAction::Reload)?;
            let took = w.now().since(before);
            let status = w.exchanges().last().and_then(|e| e.status).unwrap_or(0);
            let outcome = if status < 500 {
                "logged out"
            } else if took < SimTime::secs(1) {
                "error at once"
            } else {
                "error after a timeout"
            };
            Played { outcome, detail: format!("{} after {}", heading(w), took.as_latency()) }
        }
        "cache-stops-readme-client" => {
            w.browser_do(ALICE, BrowserAction::Reload)?;
            let down = w.servers().iter().all(|s| !s.is_up());
            let outcome = if down {
                "apps crash"
            } else if logged_in(w) {
                "survives"
            } else {
                "error"
            };
            Played { outcome, detail: heading(w) }
        }
        "expired-cookie-replay" => {
            w.browser_do(ALICE, BrowserAction::Reload)?;
            let outcome = if logged_in(w) { "accepted" } else { "refused" };
            Played { outcome, detail: heading(w) }
        }
        "two-tabs" => {
            let cart = page_text(w);
            let outcome = if cart.contains("Cart: 2 items") { "both kept" } else { "lost update" };
            Played { outcome, detail: cart.lines().find(|l| l.starts_with("Cart:")).unwrap_or("").to_string() }
        }
        "logout-cookie" => {
            let name = w.config().session.cookie.name.clone();
            let kept = w.browser(ALICE).is_some_and(|b| b.jar.get(&name).is_some());
            let outcome = if kept { "cookie kept" } else { "cookie cleared" };
            Played { outcome, detail: format!("after logout the jar {} {name}", if kept { "holds" } else { "lacks" }) }
        }
        "logout-during-slow-request" => {
            w.browser_do(ALICE, BrowserAction::Reload)?;
            let refused = w.events_since(from).iter().any(|e| matches!(e.kind, EventKind::WriteBackRefused { .. }));
            let outcome = if logged_in(w) { "written back" } else { "not written back" };
            let why = if refused { " (the cart request's save was refused: 400)" } else { "" };
            Played { outcome, detail: format!("{}{why}", heading(w)) }
        }
        _ => {
            w.browser_do(ALICE, BrowserAction::Reload)?;
            survived(w, from)
        }
    })
}

/// Sends the session cookie alice had before logout, by hand: the browser
/// still holds it where logout sent no Set-Cookie.
fn send_old_session_cookie(w: &mut World) -> Result<(), ActionError> {
    let name = w.config().session.cookie.name.clone();
    if w.browser(ALICE).is_some_and(|b| b.jar.get(&name).is_some()) {
        return Ok(());
    }
    w.browser_do(ALICE, BrowserAction::ReplayOldCookies)
}

/// Closes alice's browser and opens it again.
fn close(w: &mut World) -> Result<(), ActionError> {
    w.browser_do(ALICE, BrowserAction::Close)?;
    w.browser_do(ALICE, BrowserAction::Reopen)
}

/// Sets the session timeouts of the "short" set-ups as each library is told
/// to in the real run (see the scenario file's header).
fn shorten(preset: Preset, setup: Setup, config: &mut WorldConfig) {
    if setup == Setup::Defaults {
        return;
    }
    let s = &mut config.session;
    match preset {
        // cookie.maxAge 3000, rolling: true; the stores' TTL follows maxAge.
        Preset::ExpressMemory | Preset::ExpressFile | Preset::ExpressRedis | Preset::ExpressPostgres => {
            s.cookie.max_age_secs = Some(3);
            s.rolling = true;
            s.idle_timeout_secs = Some(3);
        }
        // maxAge 3000: only the browser's cookie lifetime.
        Preset::CookieSession => s.cookie.max_age_secs = Some(3),
        // SESSION_COOKIE_AGE = 3, SESSION_SAVE_EVERY_REQUEST = True.
        Preset::Django
        | Preset::DjangoLocmem
        | Preset::DjangoFile
        | Preset::DjangoRedis
        | Preset::DjangoSignedCookies => {
            s.cookie.max_age_secs = Some(3);
            s.idle_timeout_secs = Some(3);
            s.save = SavePolicy::EveryRequest;
        }
        // session.gc_maxlifetime = 3: what garbage collection would delete.
        Preset::Php => s.idle_timeout_secs = Some(3),
        // Expiry::OnInactivity(3 s): the cookie is sent again with each response
        // (tower-sessions 0.14, src/service.rs).
        Preset::TowerSessions => {
            s.cookie.max_age_secs = Some(3);
            s.idle_timeout_secs = Some(3);
            s.rolling = true;
            s.touch_every_request = true;
        }
        _ => {
            s.cookie.max_age_secs = Some(3);
            s.idle_timeout_secs = Some(3);
        }
    }
    if setup == Setup::ShortAppLimit {
        s.absolute_timeout_secs = Some(5);
    }
}

fn heading(w: &World) -> String {
    w.browser(ALICE).and_then(|b| b.page.as_ref()).map(|p| p.heading.to_string()).unwrap_or_default()
}

fn page_text(w: &World) -> String {
    w.browser(ALICE).and_then(|b| b.page.as_ref()).map(|p| p.text()).unwrap_or_default()
}

fn logged_in(w: &World) -> bool {
    heading(w) == "Welcome back, alice"
}

/// The server the balancer last sent a request to.
fn last_server(w: &World) -> Option<ServerNumber> {
    w.events().iter().rev().find_map(|e| match e.kind {
        EventKind::Routed { server, .. } => Some(server),
        _ => None,
    })
}

/// "survives" or "lost", with the loss the engine explained.
fn survived(w: &World, from: usize) -> Played {
    if logged_in(w) {
        return Played { outcome: "survives", detail: heading(w) };
    }
    let loss = w.events_since(from).iter().find_map(|e| match e.kind {
        EventKind::SessionLost { cause, .. } => Some(cause.label()),
        _ => None,
    });
    Played { outcome: "lost", detail: format!("{}: {}", heading(w), loss.unwrap_or("no loss explained")) }
}
