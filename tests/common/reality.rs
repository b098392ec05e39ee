//! The reality suite's scenario file (`tools/reality/scenarios.toml`), read
//! for the engine's side: the stacks, the events, where each applies, the
//! table real servers recorded, and the intended differences.

use std::collections::BTreeMap;

use serde::Deserialize;
use session_lab::sim::{reality, Preset};

/// The scenario file.
#[derive(Debug, Deserialize)]
pub struct Scenarios {
    /// Library set-ups, each with the preset that models it.
    pub stack: Vec<Stack>,
    /// What is done to alice's session.
    pub event: Vec<Event>,
    /// stack id -> event id -> outcome, as real servers produced it.
    #[serde(default)]
    pub recorded: BTreeMap<String, BTreeMap<String, String>>,
    /// Cells where the engine is meant to differ from the real library.
    #[serde(default)]
    pub difference: Vec<Difference>,
}

/// One library set-up.
#[derive(Debug, Deserialize)]
pub struct Stack {
    /// Its id ("express-memory").
    pub id: String,
    /// The library, its version and its store, as the tables name it.
    pub title: String,
    /// The engine preset, by its Rust name ("ExpressMemory").
    pub preset: String,
}

/// One event.
#[derive(Debug, Deserialize)]
pub struct Event {
    /// Its id ("restart-holder").
    pub id: String,
    /// The words a cell may hold.
    pub outcomes: Vec<String>,
    /// "all", or the stacks it applies to.
    pub applies: Applies,
}

/// Where an event applies.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Applies {
    /// `"all"`.
    All(String),
    /// A list of stack ids.
    Some(Vec<String>),
}

/// An intended difference between the engine and the real library.
#[derive(Debug, Deserialize)]
pub struct Difference {
    /// The stack.
    pub stack: String,
    /// The event.
    pub event: String,
    /// What real servers do.
    pub real: String,
    /// What the engine does.
    pub engine: String,
    /// Why the engine differs.
    pub reason: String,
}

/// One played cell.
pub struct Cell {
    /// The stack's id.
    pub stack: String,
    /// The event's id.
    pub event: String,
    /// What the engine did.
    pub played: reality::Played,
}

impl Scenarios {
    /// Reads the file at `path`.
    pub fn read(path: &str) -> Scenarios {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        toml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// Whether `event` applies to `stack`.
    pub fn applies(event: &Event, stack: &str) -> bool {
        match &event.applies {
            Applies::All(all) => all == "all",
            Applies::Some(list) => list.iter().any(|s| s == stack),
        }
    }

    /// Plays every event on every stack it applies to, under the stack's preset.
    pub fn play_all(&self) -> Vec<Cell> {
        let mut cells = Vec::new();
        for stack in &self.stack {
            let preset = preset_named(&stack.preset);
            for event in self.event.iter().filter(|e| Self::applies(e, &stack.id)) {
                let played = reality::play(preset, &event.id).unwrap_or_else(|e| panic!("{}: {e}", stack.id));
                assert!(
                    event.outcomes.iter().any(|o| o == played.outcome),
                    "{} / {}: {:?} is not one of {:?}",
                    stack.id,
                    event.id,
                    played.outcome,
                    event.outcomes
                );
                cells.push(Cell { stack: stack.id.clone(), event: event.id.clone(), played });
            }
        }
        cells
    }
}

/// The preset with this Rust name.
pub fn preset_named(name: &str) -> Preset {
    Preset::ALL.into_iter().find(|p| format!("{p:?}") == name).unwrap_or_else(|| panic!("no preset named {name:?}"))
}
