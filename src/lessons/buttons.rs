//! Every button of the playground but the security lab's, as one table: its
//! label, where it sits, and what pressing it does. The panels draw their
//! buttons from this table and press them through [`press_button`], and so
//! do lessons ("Show me", the lesson tests, the end-to-end test), so a button
//! can never do one thing on the screen and another in a lesson. A new
//! button is one row here plus a test.

use super::inputs::{Inputs, LONG_DRAFT_CHARS};
use crate::sim::{Action, BrowserAction, Route, ServerNumber, SimTime, User, World};

/// Where a button sits on the screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// The browser panel's actions (reload, log in, account).
    BrowserActions,
    /// The browser panel's account security row (a wrong password, confirming
    /// the password, the list of sessions), folded in the sandbox.
    AccountSecurity,
    /// The browser panel's shopping row.
    Shopping,
    /// The browser panel's preferences and checkout row.
    Checkout,
    /// The browser panel's row for the browser itself (close, cookies).
    TheBrowser,
    /// The servers panel, for the cluster ("Add server").
    Servers,
    /// The servers panel's shared-store row, for the store of this name
    /// ("database" or "cache").
    SharedStore(&'static str),
    /// The clock bar.
    Clock,
    /// The load panel.
    Load,
}

/// What pressing a button does in a world, with the screen's inputs: the
/// action it sends, or why it cannot be pressed here.
pub type Press = fn(&Inputs, &World) -> Result<Action, String>;

/// One button.
#[derive(Clone, Copy)]
pub struct Button {
    /// Its label, as the screen shows it and lessons name it.
    pub label: &'static str,
    /// Where it sits.
    pub place: Place,
    /// A tooltip, if the label needs one.
    pub hint: Option<&'static str>,
    /// Whether it can be pressed now (the screen greys it out otherwise).
    pub enabled: fn(&Inputs, &World) -> bool,
    /// What it does.
    pub press: Press,
}

/// The active browser is open.
fn browser_open(i: &Inputs, w: &World) -> bool {
    w.browser(i.active).is_some_and(|b| b.open)
}

/// Always.
fn always(_: &Inputs, _: &World) -> bool {
    true
}

/// The shared store is up.
fn store_up(_: &Inputs, w: &World) -> bool {
    w.shared_store().is_some_and(|s| s.up)
}

/// A button that acts for the active browser.
macro_rules! browser {
    ($label:expr, $place:expr, $hint:expr, |$i:ident, $w:ident| $act:expr) => {
        Button {
            label: $label,
            place: $place,
            hint: $hint,
            enabled: browser_open,
            press: |$i, $w| {
                let _ = &$w;
                Ok(Action::Browser { browser: $i.active, act: $act })
            },
        }
    };
}

/// A request the active browser sends.
fn request(route: Route) -> BrowserAction {
    BrowserAction::Request { route }
}

/// The user whose browser is active (a visitor's browser logs in as alice).
fn user(i: &Inputs, w: &World) -> User {
    w.browser(i.active).and_then(|b| b.user).unwrap_or(User::Alice)
}

/// The action "Step" sends: the next hop of a request in flight, or else one
/// second of the clock.
pub fn step_action(world: &World) -> Action {
    if world.pending_hops() > 0 {
        Action::Step
    } else {
        Action::Advance { by: SimTime::secs(1) }
    }
}

/// Checks that the world's shared store is the one the button names.
fn shared(w: &World, name: &str, action: Action) -> Result<Action, String> {
    match w.shared_store() {
        Some(s) if s.name == name => Ok(action),
        _ => Err(format!("this world has no shared {name}")),
    }
}

use Place::*;

/// A button of the shared database's or cache's controls.
macro_rules! store_button {
    ($label:literal, $store:literal, $action:ident, $enabled:expr, $hint:expr) => {
        Button {
            label: $label,
            place: SharedStore($store),
            hint: $hint,
            enabled: $enabled,
            press: |_, w| shared(w, $store, Action::$action),
        }
    };
}

/// A clock button that moves time forward by `$by`.
macro_rules! advance_button {
    ($label:literal, $by:expr) => {
        Button {
            label: $label,
            place: Clock,
            hint: None,
            enabled: always,
            press: |_, _| Ok(Action::Advance { by: $by }),
        }
    };
}

/// The buttons, in the order each place shows them.
pub const BUTTONS: &[Button] = &[
    browser!("Reload page", BrowserActions, None, |i, w| BrowserAction::Reload),
    browser!("Home", BrowserActions, None, |i, w| request(Route::Home)),
    browser!("Log in", BrowserActions, None, |i, w| BrowserAction::log_in(user(i, w))),
    browser!("Log in with a wrong password", AccountSecurity, None, |i, w| BrowserAction::LogIn {
        user: user(i, w),
        password: "wrong".into()
    }),
    browser!("Account", BrowserActions, None, |i, w| request(Route::Account)),
    browser!("Log out", BrowserActions, None, |i, w| request(Route::Logout)),
    browser!("Confirm password", AccountSecurity, None, |i, w| BrowserAction::confirm_password()),
    browser!("My sessions", AccountSecurity, None, |i, w| BrowserAction::active_sessions()),
    browser!("Log out other sessions", AccountSecurity, None, |i, w| BrowserAction::log_out_other_sessions()),
    browser!("Add to cart", Shopping, None, |i, w| request(Route::AddToCart { item: i.item })),
    browser!("View cart", Shopping, None, |i, w| request(Route::Cart)),
    browser!("Add to cart in two tabs at once", Shopping, Some("Two tabs add the item at the same moment"), |i, w| {
        BrowserAction::TwoTabs { first: Route::AddToCart { item: i.item }, second: Route::AddToCart { item: i.item } }
    }),
    browser!("Set theme", Checkout, None, |i, w| request(Route::SetTheme { theme: i.theme })),
    browser!(
        "Save a long draft",
        Checkout,
        Some("Saves a message draft of 5,000 characters in the session"),
        |i, w| request(Route::SaveDraft { chars: LONG_DRAFT_CHARS })
    ),
    browser!("Checkout step 1", Checkout, None, |i, w| request(Route::Checkout { step: 1 })),
    browser!("Checkout step 2", Checkout, None, |i, w| request(Route::Checkout { step: 2 })),
    browser!("Checkout step 3", Checkout, None, |i, w| request(Route::Checkout { step: 3 })),
    browser!("Close browser", TheBrowser, None, |i, w| BrowserAction::Close),
    Button {
        label: "Reopen browser",
        place: TheBrowser,
        hint: None,
        enabled: |i, w| !browser_open(i, w),
        press: |i, _| Ok(Action::Browser { browser: i.active, act: BrowserAction::Reopen }),
    },
    browser!("Clear cookies", TheBrowser, None, |i, w| BrowserAction::ClearCookies),
    browser!(
        "Send old cookies again",
        TheBrowser,
        Some("Put back the cookies this browser dropped last, as a copy kept by hand would send them"),
        |i, w| BrowserAction::ReplayOldCookies
    ),
    Button {
        label: "Add server",
        place: Servers,
        hint: None,
        enabled: |_, w| w.servers().len() < usize::from(crate::sim::config::MAX_SERVERS),
        press: |_, _| Ok(Action::AddServer),
    },
    store_button!("Take database down", "database", StoreDown, store_up, None),
    store_button!("Bring database up", "database", StoreUp, |i, w| !store_up(i, w), None),
    store_button!("Restart database", "database", RestartStore, always, None),
    store_button!("Crash database", "database", CrashStore, always, None),
    store_button!("Take cache down", "cache", StoreDown, store_up, None),
    store_button!("Bring cache up", "cache", StoreUp, |i, w| !store_up(i, w), None),
    store_button!(
        "Restart cache",
        "cache",
        RestartStore,
        always,
        Some("A clean shutdown: with persistence on, Redis writes its data first")
    ),
    store_button!(
        "Crash cache",
        "cache",
        CrashStore,
        always,
        Some("Killed: only what its persistence already wrote comes back")
    ),
    Button { label: "Step", place: Clock, hint: None, enabled: always, press: |_, w| Ok(step_action(w)) },
    advance_button!("+1 min", SimTime::mins(1)),
    advance_button!("+30 min", SimTime::mins(30)),
    advance_button!("+1 day", SimTime::days(1)),
    Button {
        label: "Run load",
        place: Load,
        hint: None,
        enabled: always,
        press: |i, _| Ok(Action::RunLoad { users: i.users, minutes: i.minutes }),
    },
];

/// What a server's own button does to the server.
pub type ServerAct = fn(ServerNumber) -> Action;

/// A server's own button: the verb before "server N", what it does, and
/// whether it can be pressed given that the server is up.
pub type ServerButton = (&'static str, ServerAct, fn(bool) -> bool);

/// A server's own buttons.
pub const SERVER_BUTTONS: [ServerButton; 5] = [
    ("Restart", |server| Action::RestartServer { server }, |up| up),
    ("Crash", |server| Action::CrashServer { server }, |up| up),
    ("Start", |server| Action::StartServer { server }, |up| !up),
    ("Replace", |server| Action::ReplaceServer { server }, |_| true),
    ("Remove", |server| Action::RemoveServer { server }, |_| true),
];

/// The buttons of one place, in order.
pub fn buttons_at(place: Place) -> impl Iterator<Item = &'static Button> {
    BUTTONS.iter().filter(move |b| b.place == place)
}

/// The label of server `n`'s button with `verb` ("Restart server 2").
pub fn server_label(verb: &str, n: ServerNumber) -> String {
    format!("{verb} server {}", n.0)
}

/// The server button `name` names, as (its action, the server): "Restart
/// server 2". Server numbers are 1 to 8.
pub fn server_button(name: &str) -> Option<(ServerAct, ServerNumber)> {
    SERVER_BUTTONS.iter().find_map(|(verb, act, _)| {
        let n: u8 = name.strip_prefix(verb)?.strip_prefix(" server ")?.parse().ok()?;
        (1..=8).contains(&n).then_some((*act, ServerNumber(n)))
    })
}

/// Presses the button called `name`: `None` if no button has that name,
/// else the action it sends or why it cannot be pressed in this world.
pub fn press_button(name: &str, inputs: &Inputs, world: &World) -> Option<Result<Action, String>> {
    if let Some((act, server)) = server_button(name) {
        if world.server(server).is_none() {
            return Some(Err(format!("\"{name}\": there is no server {} in this world", server.0)));
        }
        return Some(Ok(act(server)));
    }
    let button = BUTTONS.iter().find(|b| b.label == name)?;
    Some((button.press)(inputs, world).map_err(|why| format!("\"{name}\": {why}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_unique_and_server_buttons_round_trip() {
        for (i, b) in BUTTONS.iter().enumerate() {
            assert!(BUTTONS[..i].iter().all(|o| o.label != b.label), "{} twice", b.label);
        }
        for (verb, _, _) in SERVER_BUTTONS {
            let label = server_label(verb, ServerNumber(3));
            assert_eq!(server_button(&label).map(|(_, n)| n), Some(ServerNumber(3)), "{label}");
        }
        assert!(server_button("Restart server 9").is_none());
    }
}
