//! What the screen's inputs hold besides the world (the active browser,
//! the item, theme and load figures chosen but not yet sent), shared by the
//! controls and the button tables that press with them.

use crate::sim::{BrowserId, Item, Theme};

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

/// Characters of the message draft "Save a long draft" saves: more than a
/// 4096-byte cookie can carry, so a signed-cookie session cannot hold it.
pub const LONG_DRAFT_CHARS: u32 = 5000;

/// The browsers' tab names, in the order shown.
pub const BROWSER_TABS: [(BrowserId, &str); 3] =
    [(BrowserId::ALICE, "alice"), (BrowserId::BOB, "bob"), (BrowserId::MALLORY, "mallory")];

/// The browsers mallory can attack, as the Security lab's Victim lists them.
pub const VICTIMS: [BrowserId; 2] = [BrowserId::ALICE, BrowserId::BOB];

/// A named browser's tab name ("alice"); empty for a visitor of a load run.
pub fn browser_name(id: BrowserId) -> &'static str {
    BROWSER_TABS.iter().find(|t| t.0 == id).map_or("", |t| t.1)
}
