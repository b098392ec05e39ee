//! What a lesson is, as written in `src/lessons/course/*.toml`: a story, a
//! starting world, and steps, each with a goal the engine can check, graded
//! hints, a reference solution made of the controls a learner presses, the
//! "why" shown once the step is reached, and an optional check question.

use serde::Deserialize;

use super::controls::press;
use super::goal::{Goal, Window};
use super::inputs::Inputs;
pub use super::panel::Panel;
use crate::sim::{Action, World, WorldConfig};

/// One lesson of the course.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    /// Stable id, used in the lesson's URL (`#/lessons/<id>`).
    pub id: String,
    /// Title as the learner sees it.
    pub title: String,
    /// One sentence on what the lesson shows (the course list).
    pub summary: String,
    /// The story that opens the lesson.
    pub intro: String,
    /// The panels of the playground this lesson shows; empty shows them all.
    #[serde(default)]
    pub panels: Vec<Panel>,
    /// Quotations in the lesson's text that name nothing on the screen: a
    /// library's or a standard's own words ("useful for testing"). Any
    /// other text in quotes names a control, a panel, an option, or words
    /// the lesson's log or pages show (`tests/lesson_words.rs` checks it).
    #[serde(default)]
    pub quotations: Vec<String>,
    /// The world the lesson starts from.
    pub start: Start,
    /// What the learner does, in order.
    pub steps: Vec<Step>,
}

/// The starting world: a config (the default with these changes), a seed,
/// and controls pressed before the learner takes over.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Start {
    /// Seed of the world's randomness.
    pub seed: u64,
    /// Changes to the default [`WorldConfig`], in its serde shape
    /// (`servers = 2`, `store = "file"`, `[start.config.session] ...`).
    #[serde(default)]
    pub config: Option<serde_json::Value>,
    /// Controls pressed, in order, before the lesson begins.
    #[serde(default)]
    pub setup: Vec<String>,
}

/// One thing the learner is asked to do.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// What to do, in a sentence or two, naming each control to press in
    /// curly quotes, in order (“Log in”, then “Reload page”), so that
    /// following it literally reaches the goal (`tests/lesson_tasks.rs`).
    pub task: String,
    /// When the step counts as done.
    pub goal: Goal,
    /// Graded hints: first a nudge, last the exact answer naming the controls.
    pub hints: Vec<String>,
    /// The reference solution: control names pressed in order ("Show me").
    pub solution: Vec<String>,
    /// Why it happened, shown once the step is reached.
    pub why: String,
    /// An optional question to check understanding.
    #[serde(default)]
    pub check: Option<Check>,
}

/// A multiple-choice question with feedback for every choice.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// The question.
    pub question: String,
    /// The choices, in the order shown.
    pub choices: Vec<Choice>,
}

/// One answer to a [`Check`].
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// The answer as shown.
    pub text: String,
    /// Whether it is right.
    #[serde(default)]
    pub correct: bool,
    /// What the learner is told on choosing it.
    pub feedback: String,
}

/// A lesson's starting world could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StartError(pub String);

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Lesson {
    /// The config the lesson starts with: the default with the lesson's changes.
    pub fn config(&self) -> Result<WorldConfig, StartError> {
        let mut base = serde_json::to_value(WorldConfig::default()).map_err(|e| StartError(e.to_string()))?;
        if let Some(patch) = &self.start.config {
            merge(&mut base, patch);
        }
        serde_json::from_value(base).map_err(|e| StartError(format!("lesson {}: start.config: {e}", self.id)))
    }

    /// The world the lesson starts from, with the setup controls pressed, and
    /// the state of the screen's inputs after them.
    pub fn start_world(&self) -> Result<(World, Inputs), StartError> {
        let mut world =
            World::new(self.config()?, self.start.seed).map_err(|e| StartError(format!("lesson {}: {e}", self.id)))?;
        let mut inputs = Inputs::default();
        for name in &self.start.setup {
            let action =
                press(name, &mut inputs, &world).map_err(|e| StartError(format!("lesson {}: {e}", self.id)))?;
            if let Some(action) = action {
                world.apply(action).map_err(|e| StartError(format!("lesson {}: setup \"{name}\": {e}", self.id)))?;
                let _ = world.apply(Action::Settle);
            }
        }
        Ok((world, inputs))
    }

    /// Where the setup ends: the actions undo never goes below and the
    /// events the learner's log leaves out.
    pub fn setup_window(&self) -> Window {
        self.start_world().map(|(w, _)| Window::now(&w)).unwrap_or_default()
    }
}

/// JSON merge: objects merge key by key, anything else replaces.
fn merge(base: &mut serde_json::Value, patch: &serde_json::Value) {
    match (base, patch) {
        (serde_json::Value::Object(b), serde_json::Value::Object(p)) => {
            for (k, v) in p {
                merge(b.entry(k.clone()).or_insert(serde_json::Value::Null), v);
            }
        }
        (b, p) => *b = p.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_keeps_what_the_patch_does_not_name() {
        let mut base = serde_json::json!({"a": 1, "b": {"c": 2, "d": 3}});
        merge(&mut base, &serde_json::json!({"b": {"c": 9}, "e": true}));
        assert_eq!(base, serde_json::json!({"a": 1, "b": {"c": 9, "d": 3}, "e": true}));
    }
}
