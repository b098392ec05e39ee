//! Starting over, one meaning per button, each asking first when it would
//! throw away something the learner did:
//!
//! - "Reset lesson" (beside the lesson's steps): the whole lesson from its
//!   first step, progress forgotten.
//! - "Restart step" (the clock bar, in a lesson): the world as it was when
//!   the current step began; the steps done stay done.
//! - the sandbox's starting setups: a fresh world with that setup.
//!
//! "Undo" (the clock bar) takes back one action; the lesson's tracker then
//! opens again a step that action had reached. Part of [`super::Lab`].

use leptos::prelude::*;

use super::{Ask, Lab, Notice, SaveTo};
use crate::lessons::Tracker;
use crate::persist;
use crate::sim::words::count;
use crate::sim::{World, WorldConfig};

impl Lab {
    /// Does `then` at once when `work` is false (nothing would be lost);
    /// otherwise asks with `title` and `text` and does it on `yes`.
    pub fn confirm_if(
        &self,
        work: bool,
        title: &str,
        text: String,
        yes: &str,
        then: impl Fn() + Send + Sync + 'static,
    ) {
        if !work {
            then();
            return;
        }
        let on_yes = Callback::new(move |()| then());
        self.ask.set(Some(Ask { title: title.into(), text, yes: yes.into(), on_yes }));
    }

    /// How many actions the world holds beyond its first `n`.
    fn actions_since(&self, n: usize) -> usize {
        self.world.with_untracked(|w| w.actions().len().saturating_sub(n))
    }

    /// "Reset lesson": asks when the learner did anything, then starts the lesson over.
    pub fn ask_start_over(&self) {
        let lab = *self;
        let SaveTo::Lesson { tracker, .. } = self.save_to else {
            return;
        };
        let reached = tracker.with_untracked(|t| t.reached);
        let work = reached > 0 || self.actions_since(self.undo_floor.get_value()) > 0;
        let text = format!(
            "The lesson goes back to its first step. Your progress ({} done) and everything you did in the playground will be lost.",
            count(reached as u64, "step")
        );
        self.confirm_if(work, "Reset the whole lesson?", text, "Reset lesson", move || lab.start_over());
    }

    /// Starts the lesson over from its starting world, forgetting progress.
    pub fn start_over(&self) {
        let SaveTo::Lesson { lesson, tracker } = self.save_to else {
            return;
        };
        match lesson.start_world() {
            Ok((world, inputs)) => {
                persist::lessons::forget_lesson(&lesson.id);
                tracker.set(Tracker::start(&world));
                self.set_inputs(inputs);
                self.replace_world(world);
                self.notice.set(None);
                self.announcement.set("The lesson starts again from its first step.".into());
            }
            Err(e) => self.notice.set(Some(Notice { text: e.to_string(), problem: true })),
        }
    }

    /// Where the current step of a lesson began (its count of actions);
    /// `None` outside a lesson. Tracked: a component redraws when it moves.
    pub fn step_began(&self) -> Option<usize> {
        match self.save_to {
            SaveTo::Lesson { tracker, .. } => Some(tracker.with(|t| t.window.actions)),
            _ => None,
        }
    }

    /// [`Lab::step_began`], read without tracking (in event handlers).
    pub fn step_began_untracked(&self) -> Option<usize> {
        match self.save_to {
            SaveTo::Lesson { tracker, .. } => Some(tracker.with_untracked(|t| t.window.actions)),
            _ => None,
        }
    }

    /// "Restart step": asks when the learner did anything in this step, then restarts it.
    pub fn ask_restart_step(&self) {
        let lab = *self;
        let Some(began) = self.step_began_untracked() else {
            return;
        };
        let since = self.actions_since(began);
        let text = format!(
            "The world goes back to where this step began: {} since then will be undone. Steps done stay done.",
            count(since as u64, "action")
        );
        self.confirm_if(since > 0, "Restart this step?", text, "Restart step", move || lab.restart_step());
    }

    /// The world as it was when the current step began; progress is kept.
    pub fn restart_step(&self) {
        let Some(began) = self.step_began_untracked() else {
            return;
        };
        let rebuilt = self.world.with_untracked(|w| {
            let keep = &w.actions()[..began.min(w.actions().len())];
            World::replay(w.initial_config().clone(), w.seed(), keep)
        });
        match rebuilt {
            Ok(w) => {
                self.replace_world(w);
                self.notice.set(None);
                self.announcement.set("Restarted: the world is as it was when this step began.".into());
                self.drive_hops();
            }
            Err(e) => self.notice.set(Some(Notice { text: e.to_string(), problem: true })),
        }
    }

    /// A sandbox starting setup: asks when the world holds the learner's
    /// actions, then starts a fresh world with `config`.
    pub fn ask_start_with(&self, name: &'static str, config: WorldConfig) {
        let lab = *self;
        let done = self.actions_since(0);
        let text = format!(
            "The sandbox starts again as \"{name}\": the {} in this world will be lost. Export it first to keep it.",
            count(done as u64, "action")
        );
        self.confirm_if(done > 0, "Start a fresh sandbox?", text, "Start fresh", move || {
            lab.reset(config.clone(), persist::fresh_seed());
            lab.announcement.set(format!("A fresh world: {name}."));
        });
    }

    /// A fresh world with `config` and `seed`.
    pub fn reset(&self, config: WorldConfig, seed: u64) {
        self.animating.set(false);
        self.playing.set(false);
        match World::new(config, seed) {
            Ok(w) => {
                self.world.set(w);
                self.selected_request.set(None);
                self.notice.set(None);
                self.announcement.set("Reset: a fresh world.".into());
                self.save_now();
            }
            Err(e) => self.notice.set(Some(Notice { text: e.to_string(), problem: true })),
        }
    }
}
