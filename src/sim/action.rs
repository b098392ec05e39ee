//! Everything a learner (or a lesson, or a test) can do to a world. A world
//! is fully determined by its config, its seed and the list of actions.

use serde::{Deserialize, Serialize};

use super::attack::Attack;
use super::balancer::Balancing;
use super::config::{CacheSettings, SessionConfig};
use super::http::Route;
use super::ids::{BrowserId, ServerNumber};
use super::jar::BrowserEngine;
use super::presets::Preset;
use super::session::{Item, Theme, User};
use super::store::StoreKind;
use super::time::SimTime;

/// Something a browser does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BrowserAction {
    /// Sends one request (visit a page or submit a form).
    Request {
        /// The page or form.
        route: Route,
    },
    /// Loads the current page again (the last page visited, or the home page).
    Reload,
    /// Submits the login form.
    LogIn {
        /// Who.
        user: User,
        /// The password typed.
        password: String,
    },
    /// Sends two requests at the same moment from two tabs.
    TwoTabs {
        /// The first tab's request.
        first: Route,
        /// The second tab's request.
        second: Route,
    },
    /// Closes the browser (browser-session cookies are dropped).
    Close,
    /// Opens it again.
    Reopen,
    /// Forgets every cookie.
    ClearCookies,
    /// Puts back the cookies the browser dropped last (by closing, expiry or
    /// clearing), as a copy kept by hand or a browser that restores its last
    /// session ("continue where you left off") would send them: does the
    /// server still honour them?
    ReplayOldCookies,
    /// Turns "Continue where you left off" on or off: closing then keeps
    /// browser-session cookies.
    RestoreOnReopen {
        /// True to keep them.
        on: bool,
    },
    /// Follows Chromium's or Firefox and Safari's rules for cookies without SameSite.
    UseEngine {
        /// Whose rules.
        engine: BrowserEngine,
    },
    /// Switches between https and plain http.
    UseHttps {
        /// True for https.
        on: bool,
    },
}

impl BrowserAction {
    /// Visit the home page.
    pub fn home() -> BrowserAction {
        BrowserAction::Request { route: Route::Home }
    }
    /// Log in as `user` with the right password.
    pub fn log_in(user: User) -> BrowserAction {
        BrowserAction::LogIn { user, password: user.password().to_string() }
    }
    /// Add `item` to the cart.
    pub fn add_to_cart(item: Item) -> BrowserAction {
        BrowserAction::Request { route: Route::AddToCart { item } }
    }
    /// Set the theme.
    pub fn set_theme(theme: Theme) -> BrowserAction {
        BrowserAction::Request { route: Route::SetTheme { theme } }
    }
    /// Log out.
    pub fn log_out() -> BrowserAction {
        BrowserAction::Request { route: Route::Logout }
    }
    /// Type the password again before a sensitive change (a privilege change).
    pub fn confirm_password() -> BrowserAction {
        BrowserAction::Request { route: Route::ConfirmPassword { password_ok: true } }
    }
    /// Change the account's email to `to`'s address.
    pub fn change_email(to: User) -> BrowserAction {
        BrowserAction::Request { route: Route::ChangeEmail { to } }
    }
    /// Open the page of my active sessions.
    pub fn active_sessions() -> BrowserAction {
        BrowserAction::Request { route: Route::ActiveSessions }
    }
    /// Log out every other session of mine.
    pub fn log_out_other_sessions() -> BrowserAction {
        BrowserAction::Request { route: Route::LogOutOtherSessions }
    }
}

/// Something done to the world.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// A browser does something.
    Browser {
        /// Which browser.
        browser: BrowserId,
        /// What it does.
        act: BrowserAction,
    },
    /// Restarts a server: memory lost, disk kept, back up at once.
    RestartServer {
        /// Which.
        server: ServerNumber,
    },
    /// Crashes a server: memory lost; down until started.
    CrashServer {
        /// Which.
        server: ServerNumber,
    },
    /// Starts a crashed server.
    StartServer {
        /// Which.
        server: ServerNumber,
    },
    /// Replaces a server with a new instance: memory and disk empty.
    ReplaceServer {
        /// Which.
        server: ServerNumber,
    },
    /// Adds a server (the lowest free number).
    AddServer,
    /// Removes a server and everything on it.
    RemoveServer {
        /// Which.
        server: ServerNumber,
    },
    /// Takes the shared database or cache down.
    StoreDown,
    /// Brings the shared database or cache back.
    StoreUp,
    /// Restarts the shared database or cache cleanly (a database restart, or
    /// `redis-cli shutdown`, which saves a snapshot when persistence is on).
    RestartStore,
    /// The shared database or cache is killed and comes back: a database
    /// keeps its rows (they are on disk, with a write-ahead log); a cache
    /// keeps what its persistence setting wrote (see
    /// [`Persistence`](super::config::Persistence)).
    CrashStore,
    /// Switches the cluster's session store (the new one starts empty).
    SwitchStore {
        /// The new store.
        to: StoreKind,
    },
    /// Changes the balancing policy.
    SetBalancing {
        /// The new policy.
        policy: Balancing,
    },
    /// Changes the session middleware's settings.
    SetSession {
        /// The new settings.
        config: Box<SessionConfig>,
    },
    /// Changes the shared cache's settings.
    SetCache {
        /// The new settings.
        settings: CacheSettings,
    },
    /// Applies a real library's defaults.
    ApplyPreset {
        /// Which.
        preset: Preset,
    },
    /// Moves the clock forward, running everything due meanwhile.
    Advance {
        /// By how much.
        by: SimTime,
    },
    /// Runs every request in progress to completion.
    Settle,
    /// Runs the next hop of the requests in progress.
    Step,
    /// Mallory attacks, from her own browser. Success shows as
    /// [`EventKind::Hijacked`](super::EventKind::Hijacked) (she is served the
    /// victim's session) or `ForgedRequestWorked`; a defense that stops it
    /// shows as `AttackBlocked` naming the defense. Fixing an issued ID and
    /// guessing first let her browser visit the shop, running every request
    /// in progress to completion.
    Attack {
        /// The attack.
        attack: Attack,
    },
    /// Switches TLS from the load balancer to the servers on (TLS all the
    /// way) or off (TLS ends at the balancer; the hop behind it is plain http).
    SetTlsToServers {
        /// True for TLS all the way.
        on: bool,
    },
    /// N virtual users follow a shopping script for T simulated minutes.
    RunLoad {
        /// How many users.
        users: u32,
        /// For how long.
        minutes: u32,
    },
}
