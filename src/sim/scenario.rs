//! A scenario is everything that defines a world: config, seed and actions.
//! It round-trips through JSON (export and import) and through a compact
//! URL-fragment form (share links), and rebuilds the same world. Reading one
//! checks its settings and states its work ([`Workload`]) before anything is
//! replayed: a scenario above the limits is refused, saying how big it is.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use std::fmt;

use super::action::Action;
use super::config::WorldConfig;
use super::workload::Workload;
use super::world::{Replay, World, MAX_REPLAY_WORK};

/// The scenario format this version writes and reads.
pub const SCENARIO_VERSION: u32 = 1;

/// Config + seed + actions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scenario {
    /// Format version ([`SCENARIO_VERSION`]).
    pub version: u32,
    /// The world's settings at the start.
    pub config: WorldConfig,
    /// The seed.
    pub seed: u64,
    /// Every action, in order.
    pub actions: Vec<Action>,
}

/// Why a scenario could not be read or rebuilt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    /// What was wrong, in plain words.
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ScenarioError {}

fn err(message: impl Into<String>) -> ScenarioError {
    ScenarioError { message: message.into() }
}

impl Scenario {
    /// The scenario of a world as it is now.
    pub fn of(world: &World) -> Scenario {
        Scenario {
            version: SCENARIO_VERSION,
            config: world.initial_config().clone(),
            seed: world.seed(),
            actions: world.actions().to_vec(),
        }
    }

    /// Pretty JSON, for export.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads exported JSON; refuses other versions, bad settings, actions
    /// out of range ([`Action::check_range`]) and more work than the limits
    /// ([`Workload::check`]).
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        Scenario::from_json_as(text, "this scenario")
    }

    /// Reads JSON as [`Scenario::from_json`] does; `source` names it in a
    /// refusal for too much work ("this link", "this saved world").
    pub fn from_json_as(text: &str, source: &str) -> Result<Scenario, ScenarioError> {
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| err(format!("this is not a Session Lab scenario (not JSON: {e})")))?;
        match value.get("version").and_then(serde_json::Value::as_u64) {
            Some(v) if v == u64::from(SCENARIO_VERSION) => {}
            Some(v) => {
                return Err(err(format!(
                    "this scenario is format version {v}; this Session Lab reads version {SCENARIO_VERSION}"
                )))
            }
            None => return Err(err("this is not a Session Lab scenario (no version field)")),
        }
        let s: Scenario =
            serde_json::from_value(value).map_err(|e| err(format!("this scenario does not fit the format: {e}")))?;
        s.config.validate().map_err(|e| err(format!("this scenario's settings are refused: {e}")))?;
        for (i, a) in s.actions.iter().enumerate() {
            a.check_range().map_err(|e| err(format!("action {} could not be applied: {e}", i + 1)))?;
        }
        s.workload().check(source).map_err(err)?;
        Ok(s)
    }

    /// The work replaying this scenario asks for, estimated from its actions.
    pub fn workload(&self) -> Workload {
        Workload::of(&self.config, &self.actions)
    }

    /// The compact form for a URL fragment: base64url of the JSON.
    pub fn to_fragment(&self) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(self).unwrap_or_default())
    }

    /// Reads the compact form of a share link.
    pub fn from_fragment(fragment: &str) -> Result<Scenario, ScenarioError> {
        let bytes = URL_SAFE_NO_PAD
            .decode(fragment.trim())
            .map_err(|_| err("the share link is damaged (it is not valid base64url); ask for the link again"))?;
        let text = String::from_utf8(bytes).map_err(|_| err("the share link is damaged (not text inside)"))?;
        Scenario::from_json_as(&text, "this link")
    }

    /// Builds the world this scenario describes, at once (see
    /// [`Scenario::replay`] for slices), within [`MAX_REPLAY_WORK`].
    pub fn build(&self) -> Result<World, ScenarioError> {
        self.replay()?.finish().map_err(|e| err(e.to_string()))
    }

    /// A replay of this scenario to run in slices ([`Replay::step`]),
    /// limited to [`MAX_REPLAY_WORK`] steps of simulation as for a link.
    pub fn replay(&self) -> Result<Replay, ScenarioError> {
        Ok(Replay::new(self.config.clone(), self.seed, self.actions.clone())
            .map_err(|e| err(e.to_string()))?
            .limited(MAX_REPLAY_WORK))
    }
}
