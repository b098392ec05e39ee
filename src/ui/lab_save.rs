//! Saving the learner's world (localStorage). Serializing a long world takes
//! milliseconds, so a change only marks a save as due and one save runs
//! shortly after: a burst of clicks (Step, Play) costs one save, and no click
//! waits for one. A save that is due runs at once when the page is hidden or
//! left and when the lab goes away (another lesson, the sandbox), so nothing
//! is lost by a reload.

use leptos::ev;
use leptos::prelude::*;
use std::time::Duration;

use super::{Lab, Notice, SaveTo};
use crate::persist;

/// How long after a change its save runs, in real milliseconds.
const SAVE_AFTER_MS: u64 = 250;

impl Lab {
    /// Saves the world soon (see the module's note).
    pub fn save(&self) {
        if matches!(self.save_to, SaveTo::Nothing) || self.save_due.get_value() {
            return;
        }
        self.save_due.set_value(true);
        let lab = *self;
        set_timeout(move || lab.save_if_due(), Duration::from_millis(SAVE_AFTER_MS));
    }

    /// Saves now if a save is due (and the lab still exists).
    fn save_if_due(&self) {
        if self.save_due.try_get_value() == Some(true) {
            self.save_now();
        }
    }

    /// Saves the world where this lab saves it now, reporting storage problems.
    pub fn save_now(&self) {
        self.save_due.set_value(false);
        // The world shown while the saved one is rebuilt is not saved over it.
        if self.restoring() {
            return;
        }
        let scenario = self.world.with_untracked(crate::sim::Scenario::of);
        let result = match self.save_to {
            SaveTo::Nothing => Ok(()),
            SaveTo::Sandbox => persist::save_sandbox(&scenario),
            SaveTo::Lesson { lesson, tracker } => {
                persist::lessons::save_lesson(&lesson.id, &scenario, tracker.get_untracked())
            }
        };
        if let Err(problem) = result {
            self.notice.set(Some(Notice { text: problem, problem: true }));
        }
    }

    /// Saves what is due when the page is hidden or left, and when the lab
    /// goes away (its signals still exist while its cleanups run).
    pub(super) fn save_before_leaving(&self) {
        let lab = *self;
        let hidden = window_event_listener(ev::pagehide, move |_| lab.save_if_due());
        let switched = window_event_listener(ev::visibilitychange, move |_| {
            if document().hidden() {
                lab.save_if_due();
            }
        });
        on_cleanup(move || {
            lab.save_if_due();
            hidden.remove();
            switched.remove();
        });
    }
}
