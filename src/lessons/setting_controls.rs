//! Controls named `Label = value`: the selects, checkboxes (`on`/`off`)
//! and fields of the settings, time and load panels, set by their labels
//! as the screen shows them.

use super::inputs::{browser_name, Inputs, VICTIMS};
use super::security_controls::defense;
use super::settings::{CHOICES, FIELDS, SWITCHES};
use crate::sim::config::{CacheSettings, Persistence};
use crate::sim::defense::Defense;
use crate::sim::jar::BrowserEngine;
use crate::sim::{Action, Balancing, BrowserAction, BrowserId, Item, Preset, SessionConfig, StoreKind, Theme, World};

fn on_off(label: &str, v: &str) -> Result<bool, String> {
    match v {
        "on" => Ok(true),
        "off" => Ok(false),
        _ => Err(format!("{label}: \"{v}\" is neither on nor off")),
    }
}

fn number(label: &str, v: &str) -> Result<u32, String> {
    v.trim().parse().map_err(|_| format!("{label}: \"{v}\" is not a whole number"))
}

/// Sets the select, checkbox or field labelled `label` to `value` (the
/// `Label = value` form of a control's name).
pub(super) fn set(label: &str, value: &str, inputs: &mut Inputs, world: &World) -> Result<Option<Action>, String> {
    if let Some(action) = set_middleware(label, value, world) {
        return action.map(Some);
    }
    if let Some(d) = Defense::ALL.iter().find(|d| d.label() == label) {
        return defense(*d, on_off(label, value)?, inputs, world).map(Some);
    }
    if let Some(action) = set_cluster(label, value, world) {
        return action.map(Some);
    }
    if let Some(action) = set_browser(label, value, inputs.active) {
        return action.map(Some);
    }
    match choose(label, value, inputs) {
        Some(chosen) => chosen.map(|()| None),
        None => Err(format!("there is no setting labelled \"{label}\"")),
    }
}

/// The options the select labelled `label` offers, as shown (none for a
/// switch, a field, or a label no select has): what `Label = value` may
/// name, and what a lesson may quote as an option.
pub fn options(label: &str) -> Vec<&'static str> {
    if let Some(ch) = CHOICES.iter().find(|c| c.label == label) {
        return (ch.options)();
    }
    match label {
        "Session storage" => StoreKind::ALL.iter().map(|k| k.label()).collect(),
        "Load balancing" => Balancing::ALL.iter().map(|p| p.label()).collect(),
        "Library preset" => Preset::ALL.iter().map(|p| p.label()).collect(),
        "Cache persistence" => Persistence::ALL.iter().map(|p| p.label()).collect(),
        "Browser type" => BrowserEngine::ALL.iter().map(|e| e.label()).collect(),
        "Item" => Item::ALL.iter().map(|i| i.name()).collect(),
        "Theme" => vec!["dark", "light"],
        "Victim" => vec!["alice", "bob"],
        _ => Vec::new(),
    }
}

/// The error for a value a select does not offer.
fn no_option(label: &str, value: &str) -> String {
    format!("{label}: there is no option \"{value}\"")
}

/// A session middleware setting of the settings table (a switch, a field
/// or a choice): the session settings with it changed, or `None` if no
/// setting of the table has this label.
fn set_middleware(label: &str, value: &str, world: &World) -> Option<Result<Action, String>> {
    let session = |f: &dyn Fn(&mut SessionConfig) -> Result<(), String>| -> Result<Action, String> {
        let mut config = world.config().session.clone();
        f(&mut config)?;
        Ok(Action::SetSession { config: Box::new(config) })
    };
    if let Some(s) = SWITCHES.iter().find(|s| s.label == label) {
        return Some(on_off(label, value).and_then(|v| {
            session(&|c| {
                (s.set)(c, v);
                Ok(())
            })
        }));
    }
    if let Some(f) = FIELDS.iter().find(|f| f.label == label) {
        return Some(session(&|c| (f.set)(c, value)));
    }
    let ch = CHOICES.iter().find(|c| c.label == label)?;
    Some(session(&|c| (ch.set)(c, value)))
}

/// A setting of the whole cluster: the session storage, the balancing,
/// a library preset, the cache's persistence and memory; `None` for any
/// other label.
fn set_cluster(label: &str, value: &str, world: &World) -> Option<Result<Action, String>> {
    let unknown = || no_option(label, value);
    let cache = || world.config().cache.clone();
    Some(match label {
        "Session storage" => {
            StoreKind::ALL.iter().find(|k| k.label() == value).map(|&to| Action::SwitchStore { to }).ok_or_else(unknown)
        }
        "Load balancing" => Balancing::ALL
            .iter()
            .find(|p| p.label() == value)
            .map(|&policy| Action::SetBalancing { policy })
            .ok_or_else(unknown),
        "Library preset" => Preset::ALL
            .iter()
            .find(|p| p.label() == value)
            .map(|&preset| Action::ApplyPreset { preset })
            .ok_or_else(unknown),
        "Cache persistence" => Persistence::ALL
            .iter()
            .find(|p| p.label() == value)
            .map(|&persistence| Action::SetCache { settings: CacheSettings { persistence, ..cache() } })
            .ok_or_else(unknown),
        "Cache memory limit (KiB)" => number(label, value).map(|kib| Action::SetCache {
            settings: CacheSettings { memory_limit_bytes: kib.saturating_mul(1024), ..cache() },
        }),
        _ => return None,
    })
}

/// A setting of the active browser: https, restoring its last session on
/// reopening, and whose rules it follows; `None` for any other label.
fn set_browser(label: &str, value: &str, browser: BrowserId) -> Option<Result<Action, String>> {
    let act = match label {
        "Use HTTPS" => on_off(label, value).map(|on| BrowserAction::UseHttps { on }),
        "Continue where you left off" => on_off(label, value).map(|on| BrowserAction::RestoreOnReopen { on }),
        "Browser type" => BrowserEngine::ALL
            .iter()
            .find(|e| e.label() == value)
            .map(|&engine| BrowserAction::UseEngine { engine })
            .ok_or_else(|| no_option(label, value)),
        _ => return None,
    };
    Some(act.map(|act| Action::Browser { browser, act }))
}

/// A choice kept on the screen until a button sends it: the item, the
/// theme, the load run's figures, mallory's victim and guesses; `None` for
/// any other label.
fn choose(label: &str, value: &str, inputs: &mut Inputs) -> Option<Result<(), String>> {
    let unknown = || no_option(label, value);
    Some(match label {
        "Item" => Item::ALL.iter().find(|i| i.name() == value).map(|&item| inputs.item = item).ok_or_else(unknown),
        "Theme" => Theme::ALL.iter().find(|t| t.name() == value).map(|&theme| inputs.theme = theme).ok_or_else(unknown),
        "Virtual users" => number(label, value).map(|users| inputs.users = users),
        "Minutes" => number(label, value).map(|minutes| inputs.minutes = minutes),
        "Victim" => VICTIMS
            .iter()
            .find(|&&v| browser_name(v) == value)
            .map(|&victim| inputs.victim = victim)
            .ok_or_else(unknown),
        "Guesses" => number(label, value).map(|guesses| inputs.guesses = guesses),
        _ => return None,
    })
}
