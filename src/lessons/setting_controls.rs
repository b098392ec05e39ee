//! Controls named `Label = value`: the selects, checkboxes (`on`/`off`)
//! and fields of the settings, time and load panels, set by their labels
//! as the screen shows them.

use super::inputs::Inputs;
use super::security_controls::defense;
use super::settings::{CHOICES, FIELDS, SWITCHES};
use crate::sim::defense::Defense;
use crate::sim::jar::BrowserEngine;
use crate::sim::{Action, Balancing, BrowserAction, BrowserId, Item, Preset, StoreKind, Theme, World};

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
    let session = |f: &dyn Fn(&mut crate::sim::SessionConfig) -> Result<(), String>| {
        let mut config = world.config().session.clone();
        f(&mut config)?;
        Ok(Some(Action::SetSession { config: Box::new(config) }))
    };
    if let Some(s) = SWITCHES.iter().find(|s| s.label == label) {
        let v = on_off(label, value)?;
        return session(&|c| {
            (s.set)(c, v);
            Ok(())
        });
    }
    if let Some(f) = FIELDS.iter().find(|f| f.label == label) {
        return session(&|c| (f.set)(c, value));
    }
    if let Some(ch) = CHOICES.iter().find(|c| c.label == label) {
        return session(&|c| (ch.set)(c, value));
    }
    if let Some(d) = Defense::ALL.iter().find(|d| d.label() == label) {
        return defense(*d, on_off(label, value)?, inputs, world).map(Some);
    }
    let no_option = || format!("{label}: there is no option \"{value}\"");
    match label {
        "Session storage" => {
            let to = StoreKind::ALL.iter().find(|k| k.label() == value).ok_or_else(no_option)?;
            Ok(Some(Action::SwitchStore { to: *to }))
        }
        "Load balancing" => {
            let policy = Balancing::ALL.iter().find(|p| p.label() == value).ok_or_else(no_option)?;
            Ok(Some(Action::SetBalancing { policy: *policy }))
        }
        "Library preset" => {
            let preset = Preset::ALL.iter().find(|p| p.label() == value).ok_or_else(no_option)?;
            Ok(Some(Action::ApplyPreset { preset: *preset }))
        }
        "Item" => {
            inputs.item = *Item::ALL.iter().find(|i| i.name() == value).ok_or_else(no_option)?;
            Ok(None)
        }
        "Theme" => {
            inputs.theme = match value {
                "dark" => Theme::Dark,
                "light" => Theme::Light,
                _ => return Err(no_option()),
            };
            Ok(None)
        }
        "Virtual users" => {
            inputs.users = number(label, value)?;
            Ok(None)
        }
        "Minutes" => {
            inputs.minutes = number(label, value)?;
            Ok(None)
        }
        "Victim" => {
            inputs.victim = match value {
                "alice" => BrowserId::ALICE,
                "bob" => BrowserId::BOB,
                _ => return Err(no_option()),
            };
            Ok(None)
        }
        "Guesses" => {
            inputs.guesses = number(label, value)?;
            Ok(None)
        }
        "Use HTTPS" => {
            let on = on_off(label, value)?;
            Ok(Some(Action::Browser { browser: inputs.active, act: BrowserAction::UseHttps { on } }))
        }
        "Continue where you left off" => {
            let on = on_off(label, value)?;
            Ok(Some(Action::Browser { browser: inputs.active, act: BrowserAction::RestoreOnReopen { on } }))
        }
        "Browser type" => {
            let engine = *BrowserEngine::ALL.iter().find(|e| e.label() == value).ok_or_else(no_option)?;
            Ok(Some(Action::Browser { browser: inputs.active, act: BrowserAction::UseEngine { engine } }))
        }
        "Cache persistence" => {
            let persistence =
                *crate::sim::config::Persistence::ALL.iter().find(|p| p.label() == value).ok_or_else(no_option)?;
            Ok(Some(Action::SetCache {
                settings: crate::sim::config::CacheSettings { persistence, ..world.config().cache.clone() },
            }))
        }
        "Cache memory limit (KiB)" => {
            let kib = number(label, value)?;
            let settings = crate::sim::config::CacheSettings {
                memory_limit_bytes: kib.saturating_mul(1024),
                ..world.config().cache.clone()
            };
            Ok(Some(Action::SetCache { settings }))
        }
        _ => Err(format!("there is no setting labelled \"{label}\"")),
    }
}
