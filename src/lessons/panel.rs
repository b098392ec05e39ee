//! The parts of the playground screen a lesson can show or hide, named as
//! lessons name them (`panels = ["servers", "settings"]`).

use serde::Deserialize;

/// A part of the playground screen a lesson can show or hide.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Panel {
    /// Servers and the shared store: restart, crash, add...
    Servers,
    /// Session storage, balancing, presets and middleware settings.
    Settings,
    /// The request inspector (raw headers).
    Inspector,
    /// The store inspector (every stored session).
    Store,
    /// Metrics and the store-size chart.
    Metrics,
    /// Load runs.
    Load,
    /// Mallory's moves and the defenses against them.
    Security,
}
