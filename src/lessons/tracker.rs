//! Where a learner is in a lesson: which step comes next and where it began.
//! After every change to the world the tracker checks the current step's
//! goal; when it is met, the step is reached and the next one begins.

use serde::{Deserialize, Serialize};

use super::goal::Window;
use super::lesson::Lesson;
use crate::sim::World;

/// Progress through one lesson's steps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tracker {
    /// How many steps are reached (the index of the current step).
    pub reached: usize,
    /// Where the current step began.
    pub window: Window,
}

impl Tracker {
    /// A tracker at the first step, which begins now.
    pub fn start(world: &World) -> Tracker {
        Tracker { reached: 0, window: Window::now(world) }
    }

    /// Checks the current step against `world`, moving on while steps are
    /// met. Returns how many steps were reached by this call.
    pub fn update(&mut self, lesson: &Lesson, world: &World) -> usize {
        // An undo can take the world back before the step began.
        self.window.events = self.window.events.min(world.events().len());
        self.window.actions = self.window.actions.min(world.actions().len());
        let before = self.reached;
        while let Some(step) = lesson.steps.get(self.reached) {
            if !step.goal.met(world, self.window) {
                break;
            }
            self.reached += 1;
            self.window = Window::now(world);
        }
        self.reached - before
    }

    /// Whether every step is reached.
    pub fn done(&self, lesson: &Lesson) -> bool {
        self.reached >= lesson.steps.len()
    }
}
