//! What survives a page reload: the learner's choices and the sandbox world,
//! saved in the browser's localStorage through gloo-storage under a
//! versioned schema; and the browser's random source for fresh seeds and IDs.
//!
//! Bad saved data never crashes the app and never silently vanishes: the raw
//! text is kept under a backup key, a fresh world starts, and the learner is
//! told. Full or disabled storage: the app keeps working in memory and says so.

pub mod lessons;

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use std::cell::Cell;

use crate::sim::{Scenario, World};

/// localStorage key of the Lessons / Sandbox choice.
pub const MODE_KEY: &str = "session-lab/v1/mode";
/// localStorage key of the saved sandbox.
pub const SANDBOX_KEY: &str = "session-lab/sandbox";
/// Where unreadable saved data is kept for the learner (or a bug report).
pub const SANDBOX_BACKUP_KEY: &str = "session-lab/sandbox.unreadable";
/// The schema of the saved sandbox this version writes and reads.
pub const SANDBOX_SCHEMA: u32 = 1;

/// The saved sandbox envelope.
#[derive(Serialize, Deserialize)]
struct SavedSandbox {
    schema: u32,
    scenario: Scenario,
}

/// What was found in storage at start.
pub enum Restored {
    /// Nothing saved (or no storage): start fresh.
    Nothing,
    /// The saved sandbox, rebuilt.
    World(Box<World>),
    /// Saved data that could not be used; a fresh world starts. The message
    /// tells the learner what happened and where the raw text was kept.
    Unreadable(String),
    /// The saved sandbox, checked but long to rebuild: the page rebuilds it
    /// in slices.
    Long(Box<Scenario>),
}

thread_local! {
    static WARNED_FULL: Cell<bool> = const { Cell::new(false) };
}

/// The browser's localStorage, if the page may use it.
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Which part of the app the learner is in (saved, so that a reload comes
/// back to it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mode {
    /// The course, one lesson after another.
    Lessons,
    /// Everything open, no goals.
    Sandbox,
}

/// The mode saved by the last visit, if any and if readable.
pub fn load_mode() -> Option<Mode> {
    storage()?;
    LocalStorage::get(MODE_KEY).ok()
}

/// Remembers the mode; full or disabled storage is not an error here.
pub fn save_mode(mode: Mode) {
    if storage().is_some() {
        let _ = LocalStorage::set(MODE_KEY, mode);
    }
}

/// Saves the sandbox. Returns a message the first time storage refuses
/// (full or disabled); after that it stays quiet and the app works in memory.
pub fn save_sandbox(scenario: &Scenario) -> Result<(), String> {
    if storage().is_none() {
        return warn_once("Your browser does not let this page use localStorage, so the sandbox lives in memory only: a reload starts fresh.");
    }
    match LocalStorage::set(SANDBOX_KEY, SavedSandbox { schema: SANDBOX_SCHEMA, scenario: scenario.clone() }) {
        Ok(()) => {
            WARNED_FULL.with(|w| w.set(false));
            Ok(())
        }
        Err(_) => warn_once(
            "The browser's storage for this page is full, so the sandbox is no longer saved: keep working, but a reload will start from the last saved state. Export the scenario to keep it.",
        ),
    }
}

/// `message` as an error the first time storage refuses, then quiet.
fn warn_once(message: &str) -> Result<(), String> {
    if WARNED_FULL.with(|w| w.replace(true)) {
        Ok(())
    } else {
        Err(message.to_string())
    }
}

/// Reads the saved sandbox.
pub fn load_sandbox() -> Restored {
    let Some(store) = storage() else {
        return Restored::Nothing;
    };
    let raw = match store.get_item(SANDBOX_KEY) {
        Ok(Some(raw)) => raw,
        _ => return Restored::Nothing,
    };
    let decoded = decode_sandbox(&raw);
    if let Ok(scenario) = &decoded {
        if scenario.workload().is_long() {
            return Restored::Long(Box::new(scenario.clone()));
        }
    }
    match decoded.and_then(|s| s.build().map_err(|e| e.message)) {
        Ok(world) => Restored::World(Box::new(world)),
        Err(why) => {
            let kept = store.set_item(SANDBOX_BACKUP_KEY, &raw).is_ok();
            let _ = store.remove_item(SANDBOX_KEY);
            Restored::Unreadable(format!(
                "Your saved sandbox could not be restored ({why}). {} A fresh sandbox has started.",
                if kept {
                    format!("Its text is kept in this browser's localStorage under \"{SANDBOX_BACKUP_KEY}\".")
                } else {
                    "Its text could not be kept (storage is full).".to_string()
                }
            ))
        }
    }
}

/// Copies the saved sandbox to the backup key (a restore the learner
/// cancelled); true when it was kept.
pub fn keep_sandbox_backup() -> bool {
    storage().is_some_and(|s| {
        s.get_item(SANDBOX_KEY).ok().flatten().is_some_and(|raw| s.set_item(SANDBOX_BACKUP_KEY, &raw).is_ok())
    })
}

/// Checks the envelope's schema, then rebuilds the world.
pub fn parse_sandbox(raw: &str) -> Result<World, String> {
    decode_sandbox(raw)?.build().map_err(|e| e.message)
}

/// Reads the saved sandbox's text into its scenario, checked (schema,
/// settings, work) but not yet replayed; pure, for tests.
pub fn decode_sandbox(raw: &str) -> Result<Scenario, String> {
    let value: serde_json::Value = serde_json::from_str(raw).map_err(|_| "it is not valid JSON".to_string())?;
    match value.get("schema").and_then(serde_json::Value::as_u64) {
        Some(v) if v == u64::from(SANDBOX_SCHEMA) => {}
        Some(v) => return Err(format!("it was saved by another version of Session Lab (schema {v})")),
        None => return Err("it has no schema version".to_string()),
    }
    let scenario = value.get("scenario").ok_or("it has no scenario")?;
    Scenario::from_json_as(&scenario.to_string(), "this saved world").map_err(|e| e.message)
}

/// Whether the learner's system asks for reduced motion.
pub fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// A fresh seed for a new world, from the browser's cryptographic random source.
///
/// The engine itself never draws unseeded randomness; this is the one place a
/// seed comes from outside it.
pub fn fresh_seed() -> u64 {
    let mut bytes = [0u8; 8];
    match getrandom::fill(&mut bytes) {
        Ok(()) => u64::from_le_bytes(bytes),
        // No random source: any fixed seed still gives a valid world.
        Err(_) => 0x5E55_10A7,
    }
}

/// A new unique ID for a saved or exported scenario (UUID v4).
pub fn new_scenario_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
