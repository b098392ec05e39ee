//! What survives a page reload: the learner's choices, saved in the
//! browser's localStorage through gloo-storage, and the browser's random
//! source for fresh seeds and IDs.

use gloo_storage::{LocalStorage, Storage};

use crate::ui::Mode;

/// localStorage key of the Lessons / Sandbox choice.
pub const MODE_KEY: &str = "session-lab/v1/mode";

/// The mode saved by the last visit, if any and if readable.
pub fn load_mode() -> Option<Mode> {
    LocalStorage::get(MODE_KEY).ok()
}

/// Remembers the mode; storage that is full or disabled is not an error here:
/// the app keeps working in memory.
pub fn save_mode(mode: Mode) {
    let _ = LocalStorage::set(MODE_KEY, mode);
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
