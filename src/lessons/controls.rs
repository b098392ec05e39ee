//! The playground's controls by the names a learner sees on the screen. A
//! lesson's hints and reference solution name controls ("Log in", "Restart
//! server 1", "Session storage = Shared database"); [`press`] turns a name
//! into the engine action the screen would send, so "Show me", the lesson
//! tests and the end-to-end test all press the same things.
//!
//! A plain name is a button. `Label = value` sets a select, checkbox
//! (`on`/`off`) or field to that value.

use super::buttons::{press_button, server_button, Place, BUTTONS};
pub use super::inputs::{Inputs, LONG_DRAFT_CHARS};
use super::panel::Panel;
use super::security_controls::ATTACK_BUTTONS;
pub use super::setting_controls::options;
use super::setting_controls::set;
use super::settings::{CHOICES, FIELDS, SWITCHES};
use crate::sim::defense::Defense;
use crate::sim::{Action, World};

pub use super::inputs::{browser_name, BROWSER_TABS, VICTIMS};

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
        || BUTTONS.iter().any(|b| b.label == name)
        || ATTACK_BUTTONS.iter().any(|b| b.0 == name)
        || server_button(name).is_some()
}

/// Every control name the sandbox shows whatever the world (server buttons
/// are listed for server 1; the shared store's buttons appear only with a
/// shared store), and every label a `Label = value` control names. A browser
/// test checks each is on the screen.
pub fn sandbox_controls() -> (Vec<&'static str>, Vec<&'static str>) {
    let mut buttons: Vec<&'static str> =
        BUTTONS.iter().filter(|b| !matches!(b.place, Place::SharedStore(_))).map(|b| b.label).collect();
    buttons.extend(BROWSER_TABS.iter().map(|t| t.1));
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
        "Virtual users" | "Minutes" => Some(Panel::Load),
        "Victim" | "Guesses" => Some(Panel::Security),
        _ if ATTACK_BUTTONS.iter().any(|b| b.0 == name) || Defense::ALL.iter().any(|d| d.label() == label) => {
            Some(Panel::Security)
        }
        _ if SWITCHES.iter().any(|s| s.label == label)
            || FIELDS.iter().any(|f| f.label == label)
            || CHOICES.iter().any(|c| c.label == label) =>
        {
            Some(Panel::Settings)
        }
        _ if server_button(name).is_some() => Some(Panel::Servers),
        _ => match BUTTONS.iter().find(|b| b.label == name)?.place {
            Place::Servers | Place::SharedStore(_) => Some(Panel::Servers),
            Place::Load => Some(Panel::Load),
            Place::BrowserActions
            | Place::AccountSecurity
            | Place::Shopping
            | Place::Checkout
            | Place::TheBrowser
            | Place::Clock => None,
        },
    }
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
    match press_button(name, inputs, world) {
        Some(pressed) => pressed.map(Some),
        None => Err(format!("there is no control named \"{name}\"")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{BrowserAction, BrowserId, Item, Route, ServerNumber, StoreKind, User, WorldConfig};

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

    #[test]
    fn every_option_a_select_offers_can_be_chosen() {
        let w = world();
        let (_, labels) = sandbox_controls();
        let selects: Vec<_> = labels.iter().filter(|l| !options(l).is_empty()).collect();
        assert!(selects.len() >= 10, "{selects:?}");
        for label in selects {
            for option in options(label) {
                let name = format!("{label} = {option}");
                assert!(is_control(&name), "{name}");
                assert!(press(&name, &mut Inputs::default(), &w).is_ok(), "{name}");
            }
        }
    }
}
