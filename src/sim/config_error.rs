//! The refusal of a setting: which setting, as the learner sees it named,
//! and why. It depends on nothing else of the settings, so the settings,
//! their checks and the cost model can all say no with it.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A setting that was refused, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigError {
    /// The setting, as the learner sees it named.
    pub setting: String,
    /// Why it was refused.
    pub reason: String,
}

impl ConfigError {
    /// A refusal of `setting` because of `reason`.
    pub fn new(setting: &str, reason: impl Into<String>) -> ConfigError {
        ConfigError { setting: setting.into(), reason: reason.into() }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.setting, self.reason)
    }
}

impl std::error::Error for ConfigError {}
