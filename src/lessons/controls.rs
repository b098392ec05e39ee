//! The playground's controls by the names a learner sees on the screen. A
//! lesson's hints and reference solution name controls ("Log in", "Restart
//! server 1", "Session storage = Shared database"); [`press`] turns a name
//! into the engine action the screen would send, so "Show me", the lesson
//! tests and the end-to-end test all press the same things.
//!
//! A plain name is a button. `Label = value` sets a select, checkbox
//! (`on`/`off`) or field to that value.

use super::lesson::Panel;
use super::security_controls::ATTACK_BUTTONS;
use super::setting_controls::set;
use super::settings::{CHOICES, FIELDS, SWITCHES};
use crate::sim::defense::Defense;
use crate::sim::{Action, BrowserAction, BrowserId, Item, Route, ServerNumber, SimTime, StoreKind, Theme, User, World};

/// What the screen's inputs hold besides the world: which browser is active,
/// and the item, theme and load figures chosen but not yet sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Inputs {
    /// The browser the browser panel acts for.
    pub active: BrowserId,
    /// The item "Add to cart" adds.
    pub item: Item,
    /// The theme "Set theme" sets.
    pub theme: Theme,
    /// Virtual users of the next load run.
    pub users: u32,
    /// Simulated minutes of the next load run.
    pub minutes: u32,
    /// Whom mallory attacks.
    pub victim: BrowserId,
    /// How many IDs mallory tries when guessing.
    pub guesses: u32,
}

impl Default for Inputs {
    fn default() -> Inputs {
        Inputs {
            active: BrowserId::ALICE,
            item: Item::ALL[0],
            theme: Theme::Dark,
            users: 200,
            minutes: 30,
            victim: BrowserId::ALICE,
            guesses: 1000,
        }
    }
}

/// The browsers' tab names, in the order shown.
pub const BROWSER_TABS: [(BrowserId, &str); 3] =
    [(BrowserId::ALICE, "alice"), (BrowserId::BOB, "bob"), (BrowserId::MALLORY, "mallory")];

/// The buttons of the browser panel that send a request or change the
/// browser, by name.
const BROWSER_BUTTONS: &[&str] = &[
    "Reload page",
    "Home",
    "Log in",
    "Log in with a wrong password",
    "Account",
    "Log out",
    "Add to cart",
    "View cart",
    "Add to cart in two tabs at once",
    "Save a long draft",
    "Set theme",
    "Checkout step 1",
    "Checkout step 2",
    "Checkout step 3",
    "Close browser",
    "Reopen browser",
    "Clear cookies",
    "Send old cookies again",
    "Confirm password",
    "My sessions",
    "Log out other sessions",
];

/// Characters of the message draft "Save a long draft" saves: more than a
/// 4096-byte cookie can carry, so a signed-cookie session cannot hold it.
pub const LONG_DRAFT_CHARS: u32 = 5000;

/// The server buttons, each followed by a server number.
const SERVER_BUTTONS: [&str; 5] =
    ["Restart server ", "Crash server ", "Start server ", "Replace server ", "Remove server "];

/// Buttons that need no browser and no number.
const OTHER_BUTTONS: &[&str] = &[
    "Add server",
    "Take database down",
    "Bring database up",
    "Restart database",
    "Take cache down",
    "Bring cache up",
    "Restart cache",
    "Crash database",
    "Crash cache",
    "Step",
    "+1 min",
    "+30 min",
    "+1 day",
    "Run load",
];

/// Selects and inputs outside the middleware settings table.
const OTHER_SETTINGS: &[&str] = &[
    "Session storage",
    "Load balancing",
    "Library preset",
    "Item",
    "Theme",
    "Virtual users",
    "Minutes",
    "Use HTTPS",
    "Browser type",
    "Continue where you left off",
    "Victim",
    "Guesses",
    "Cache persistence",
    "Cache memory limit (KiB)",
];

/// Whether `name` is a control of the screen, without pressing it. Numbers
/// in server buttons must be 1 to 8.
pub fn is_control(name: &str) -> bool {
    if let Some((label, _)) = name.split_once(" = ") {
        return OTHER_SETTINGS.contains(&label)
            || Defense::ALL.iter().any(|d| d.label() == label)
            || SWITCHES.iter().any(|s| s.label == label)
            || FIELDS.iter().any(|f| f.label == label)
            || CHOICES.iter().any(|c| c.label == label);
    }
    BROWSER_TABS.iter().any(|t| t.1 == name)
        || BROWSER_BUTTONS.contains(&name)
        || OTHER_BUTTONS.contains(&name)
        || ATTACK_BUTTONS.iter().any(|b| b.0 == name)
        || server_button(name).is_some()
}

/// Every control name the sandbox shows whatever the world (server buttons
/// are listed for server 1; the shared store's buttons appear only with a
/// shared store), and every label a `Label = value` control names. A browser
/// test checks each is on the screen.
pub fn sandbox_controls() -> (Vec<&'static str>, Vec<&'static str>) {
    let mut buttons: Vec<&'static str> = BROWSER_BUTTONS.to_vec();
    buttons.extend(BROWSER_TABS.iter().map(|t| t.1));
    buttons.extend(OTHER_BUTTONS.iter().filter(|b| !b.contains("database") && !b.contains("cache")));
    buttons.extend(ATTACK_BUTTONS.iter().map(|b| b.0));
    buttons.extend(["Restart server 1", "Crash server 1", "Start server 1", "Replace server 1", "Remove server 1"]);
    let mut labels: Vec<&'static str> = OTHER_SETTINGS.to_vec();
    labels.extend(SWITCHES.iter().map(|s| s.label));
    labels.extend(FIELDS.iter().map(|f| f.label));
    labels.extend(CHOICES.iter().map(|c| c.label));
    labels.extend(Defense::ALL.iter().map(|d| d.label()));
    (buttons, labels)
}

/// The optional panel a control lives on, or `None` for controls always on
/// screen (the browser panel, the clock). A lesson must show the panels of
/// the controls its steps press.
pub fn panel_of(name: &str) -> Option<Panel> {
    let label = name.split_once(" = ").map_or(name, |(label, _)| label);
    match label {
        "Session storage" | "Load balancing" | "Library preset" | "Cache persistence" | "Cache memory limit (KiB)" => {
            Some(Panel::Settings)
        }
        "Virtual users" | "Minutes" | "Run load" => Some(Panel::Load),
        "Victim" | "Guesses" => Some(Panel::Security),
        _ if ATTACK_BUTTONS.iter().any(|b| b.0 == name) || Defense::ALL.iter().any(|d| d.label() == label) => {
            Some(Panel::Security)
        }
        "Add server" => Some(Panel::Servers),
        _ if SWITCHES.iter().any(|s| s.label == label)
            || FIELDS.iter().any(|f| f.label == label)
            || CHOICES.iter().any(|c| c.label == label) =>
        {
            Some(Panel::Settings)
        }
        _ if server_button(name).is_some() || OTHER_BUTTONS[1..9].contains(&name) => Some(Panel::Servers),
        _ => None,
    }
}

fn server_button(name: &str) -> Option<(usize, ServerNumber)> {
    SERVER_BUTTONS.iter().enumerate().find_map(|(i, prefix)| {
        let n: u8 = name.strip_prefix(prefix)?.parse().ok()?;
        (1..=8).contains(&n).then_some((i, ServerNumber(n)))
    })
}

/// Presses the control called `name`: updates `inputs` for selects that only
/// choose, and returns the action the screen sends to the engine, if any.
/// A name the screen does not have, or a button that cannot be pressed in
/// this world, is an error that says why.
pub fn press(name: &str, inputs: &mut Inputs, world: &World) -> Result<Option<Action>, String> {
    if let Some((label, value)) = name.split_once(" = ") {
        return set(label, value, inputs, world);
    }
    if let Some(&(id, _)) = BROWSER_TABS.iter().find(|t| t.1 == name) {
        inputs.active = id;
        return Ok(None);
    }
    if let Some(&(_, mv)) = ATTACK_BUTTONS.iter().find(|b| b.0 == name) {
        return Ok(Some(Action::Attack { attack: mv.attack(inputs) }));
    }
    if let Some(act) = browser_button(name, inputs, world) {
        return Ok(Some(Action::Browser { browser: inputs.active, act }));
    }
    if let Some((i, server)) = server_button(name) {
        if world.server(server).is_none() {
            return Err(format!("\"{name}\": there is no server {} in this world", server.0));
        }
        return Ok(Some(match i {
            0 => Action::RestartServer { server },
            1 => Action::CrashServer { server },
            2 => Action::StartServer { server },
            3 => Action::ReplaceServer { server },
            _ => Action::RemoveServer { server },
        }));
    }
    let shared = |wanted: &str| {
        let has = match world.config().store {
            StoreKind::Database | StoreKind::CachedDatabase => "database",
            StoreKind::Cache => "cache",
            _ => "",
        };
        if has == wanted {
            Ok(())
        } else {
            Err(format!("\"{name}\": this world has no shared {wanted}"))
        }
    };
    Ok(Some(match name {
        "Add server" => Action::AddServer,
        "Take database down" | "Take cache down" => {
            shared(name.split(' ').nth(1).unwrap_or_default())?;
            Action::StoreDown
        }
        "Bring database up" | "Bring cache up" => {
            shared(name.split(' ').nth(1).unwrap_or_default())?;
            Action::StoreUp
        }
        "Restart database" | "Restart cache" => {
            shared(name.split(' ').nth(1).unwrap_or_default())?;
            Action::RestartStore
        }
        "Crash database" | "Crash cache" => {
            shared(name.split(' ').nth(1).unwrap_or_default())?;
            Action::CrashStore
        }
        "Step" if world.pending_hops() > 0 => Action::Step,
        "Step" => Action::Advance { by: SimTime::secs(1) },
        "+1 min" => Action::Advance { by: SimTime::mins(1) },
        "+30 min" => Action::Advance { by: SimTime::mins(30) },
        "+1 day" => Action::Advance { by: SimTime::days(1) },
        "Run load" => Action::RunLoad { users: inputs.users, minutes: inputs.minutes },
        _ => return Err(format!("there is no control named \"{name}\"")),
    }))
}

fn browser_button(name: &str, inputs: &Inputs, world: &World) -> Option<BrowserAction> {
    let request = |route| Some(BrowserAction::Request { route });
    // The browser's own user logs in (a visitor's browser: alice).
    let user = world.browser(inputs.active).and_then(|b| b.user).unwrap_or(User::Alice);
    match name {
        "Reload page" => Some(BrowserAction::Reload),
        "Home" => request(Route::Home),
        "Log in" => Some(BrowserAction::log_in(user)),
        "Log in with a wrong password" => Some(BrowserAction::LogIn { user, password: "wrong".into() }),
        "Account" => request(Route::Account),
        "Log out" => request(Route::Logout),
        "Add to cart" => request(Route::AddToCart { item: inputs.item }),
        "View cart" => request(Route::Cart),
        "Add to cart in two tabs at once" => Some(BrowserAction::TwoTabs {
            first: Route::AddToCart { item: inputs.item },
            second: Route::AddToCart { item: inputs.item },
        }),
        "Save a long draft" => request(Route::SaveDraft { chars: LONG_DRAFT_CHARS }),
        "Set theme" => request(Route::SetTheme { theme: inputs.theme }),
        "Checkout step 1" => request(Route::Checkout { step: 1 }),
        "Checkout step 2" => request(Route::Checkout { step: 2 }),
        "Checkout step 3" => request(Route::Checkout { step: 3 }),
        "Close browser" => Some(BrowserAction::Close),
        "Reopen browser" => Some(BrowserAction::Reopen),
        "Clear cookies" => Some(BrowserAction::ClearCookies),
        "Send old cookies again" => Some(BrowserAction::ReplayOldCookies),
        "Confirm password" => Some(BrowserAction::confirm_password()),
        "My sessions" => Some(BrowserAction::active_sessions()),
        "Log out other sessions" => Some(BrowserAction::log_out_other_sessions()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::WorldConfig;

    fn world() -> World {
        World::new(WorldConfig { servers: 2, ..WorldConfig::default() }, 1).unwrap()
    }

    #[test]
    fn buttons_become_the_actions_the_screen_sends() {
        let w = world();
        let mut i = Inputs::default();
        assert_eq!(press("Restart server 2", &mut i, &w), Ok(Some(Action::RestartServer { server: ServerNumber(2) })));
        assert_eq!(
            press("Log in", &mut i, &w),
            Ok(Some(Action::Browser { browser: BrowserId::ALICE, act: BrowserAction::log_in(User::Alice) }))
        );
        assert_eq!(press("bob", &mut i, &w), Ok(None));
        assert_eq!(i.active, BrowserId::BOB);
        assert_eq!(
            press("Log in", &mut i, &w),
            Ok(Some(Action::Browser { browser: BrowserId::BOB, act: BrowserAction::log_in(User::Bob) }))
        );
        assert_eq!(
            press("Save a long draft", &mut i, &w),
            Ok(Some(Action::Browser {
                browser: BrowserId::BOB,
                act: BrowserAction::Request { route: Route::SaveDraft { chars: LONG_DRAFT_CHARS } }
            }))
        );
        const { assert!(LONG_DRAFT_CHARS > 4096, "more than a cookie can carry") };
    }

    #[test]
    fn settings_take_a_value() {
        let w = world();
        let mut i = Inputs::default();
        assert_eq!(
            press("Session storage = Shared database", &mut i, &w),
            Ok(Some(Action::SwitchStore { to: StoreKind::Database }))
        );
        let Ok(Some(Action::SetSession { config })) = press("HttpOnly = off", &mut i, &w) else { panic!() };
        assert!(!config.cookie.http_only);
        assert_eq!(press("Item = book", &mut i, &w), Ok(None));
        assert_eq!(i.item, Item::Book);
    }

    #[test]
    fn unknown_controls_say_so() {
        let w = world();
        let mut i = Inputs::default();
        for bad in ["Restart server 3", "Reboot", "Session storage = Floppy", "HttpOnly = maybe", "Take cache down"] {
            assert!(press(bad, &mut i, &w).is_err(), "{bad}");
        }
        assert!(is_control("Restart server 8") && !is_control("Restart server 9") && !is_control("Nope = 1"));
    }
}
