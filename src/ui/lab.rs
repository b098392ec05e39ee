//! The playground's model: the engine's world in a signal, the learner's
//! selections, and the one way to change the world, [`Lab::act`], which
//! applies an action, runs its requests to completion (hop by hop when
//! animation is on), announces what happened and saves the sandbox.

use leptos::prelude::*;

use crate::lessons::{press, Inputs, Lesson, Tracker};
use crate::persist;
use crate::sim::{Action, BrowserId, EventKind, RequestId, World};

// Play, Pause, Step and the animation's beat.
#[path = "lab_clock.rs"]
mod clock;
// Starting over: a lesson, a step, a sandbox setup; asking first.
#[path = "lab_resets.rs"]
mod resets;
// Saving: soon after a change, at once when the page goes away.
#[path = "lab_save.rs"]
mod save;
// Long work (a load run, rebuilding a long world) in slices, with Cancel.
#[path = "lab_jobs.rs"]
pub mod jobs;

use super::confirm::Ask;

/// Speeds the learner can pick for animation and the running clock: the
/// factor, and the speed menu's name for it.
pub const SPEEDS: [(f64, &str); 6] =
    [(0.25, "0.25x"), (0.5, "0.5x"), (1.0, "1x"), (2.0, "2x"), (4.0, "4x"), (8.0, "8x")];

/// A message for the learner (an action refused, a save that failed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// The text.
    pub text: String,
    /// True for problems (shown as an alert), false for information.
    pub problem: bool,
}

/// Where the lab's world is saved after each change.
#[derive(Clone, Copy)]
pub enum SaveTo {
    /// Nowhere (tests).
    Nothing,
    /// As the sandbox.
    Sandbox,
    /// As this lesson's world, with the learner's progress in it.
    Lesson {
        /// The lesson.
        lesson: &'static Lesson,
        /// Progress through its steps.
        tracker: RwSignal<Tracker>,
    },
}

/// Which events the log shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LogFilter {
    /// Hops of requests and responses.
    pub requests: bool,
    /// Session lifecycle and store operations.
    pub sessions: bool,
    /// Losses, outages, crashes and refusals.
    pub failures: bool,
}

/// The playground's state, shared through context. Copy: every field is a
/// handle to a signal.
#[derive(Clone, Copy)]
pub struct Lab {
    /// The simulated world.
    pub world: RwSignal<World, LocalStorage>,
    /// The browser the browser panel shows and drives.
    pub active: RwSignal<BrowserId>,
    /// The request the exchange inspector shows (the latest by default).
    pub selected_request: RwSignal<Option<RequestId>>,
    /// Animate requests hop by hop.
    pub animate: RwSignal<bool>,
    /// The clock runs by itself.
    pub playing: RwSignal<bool>,
    /// Index into [`SPEEDS`].
    pub speed: RwSignal<usize>,
    /// A message for the learner.
    pub notice: RwSignal<Option<Notice>>,
    /// The sentence for the screen reader's live region.
    pub announcement: RwSignal<String>,
    /// What the learner's last action did, in one sentence (the key event:
    /// a loss, a failure, the page shown), or why it was refused.
    pub outcome: RwSignal<String>,
    /// The log's filter.
    pub filter: RwSignal<LogFilter>,
    /// True while hops are being animated.
    pub animating: RwSignal<bool>,
    /// Whether changes are saved to localStorage (false in lessons).
    pub save_to: SaveTo,
    /// The inputs besides the world: item, theme and load figures chosen.
    pub choices: RwSignal<Inputs>,
    /// Actions undo never goes below (a lesson's setup).
    pub undo_floor: StoredValue<usize>,
    /// Index of the first event the log shows (a lesson's setup is left out).
    pub log_from: StoredValue<usize>,
    /// A question to ask before the learner's work is discarded.
    pub ask: RwSignal<Option<Ask>>,
    /// Index of the first event of the learner's latest action, so the
    /// announcement sums up the whole action, not just its last hop.
    action_start: StoredValue<usize>,
    /// A save is due (see `lab_save.rs`).
    save_due: StoredValue<bool>,
    /// Long work under way (see `lab_jobs.rs`).
    job: StoredValue<Option<jobs::Job>, LocalStorage>,
    /// How far the long work under way got, for the page.
    pub job_status: RwSignal<Option<jobs::JobStatus>>,
}

impl Lab {
    /// A lab around `world`, saving every change to `save_to`.
    pub fn new(world: World, save_to: SaveTo) -> Lab {
        let reduced = persist::prefers_reduced_motion();
        let lab = Lab {
            world: RwSignal::new_local(world),
            active: RwSignal::new(BrowserId::ALICE),
            selected_request: RwSignal::new(None),
            animate: RwSignal::new(!reduced),
            playing: RwSignal::new(false),
            speed: RwSignal::new(2),
            notice: RwSignal::new(None),
            announcement: RwSignal::new(String::new()),
            outcome: RwSignal::new(String::new()),
            filter: RwSignal::new(LogFilter { requests: true, sessions: true, failures: true }),
            animating: RwSignal::new(false),
            save_to,
            choices: RwSignal::new(Inputs::default()),
            undo_floor: StoredValue::new(0),
            log_from: StoredValue::new(0),
            ask: RwSignal::new(None),
            action_start: StoredValue::new(0),
            save_due: StoredValue::new(false),
            job: StoredValue::new_local(None),
            job_status: RwSignal::new(None),
        };
        lab.save_before_leaving();
        lab
    }

    /// The lab of the surrounding component tree.
    pub fn get() -> Lab {
        expect_context::<Lab>()
    }

    /// Does `action` to the world. Requests it starts run to completion by
    /// themselves: at once, or hop by hop when animation is on. A refused
    /// action changes nothing and says why.
    pub fn act(&self, action: Action) {
        // A load run is long work: in slices, with progress and Cancel.
        if let Action::RunLoad { users, minutes } = action {
            self.run_load_in_slices(users, minutes);
            return;
        }
        let before = self.world.with_untracked(|w| w.event_count());
        self.action_start.set_value(before);
        let result = self.world.try_update(|w| w.apply(action)).unwrap_or(Ok(()));
        match result {
            Err(e) => {
                self.notice.set(Some(Notice { text: e.message, problem: true }));
                let refused = format!("Not done: {}", self_sentence_end(&self.notice));
                self.outcome.set(refused.clone());
                self.announcement.set(refused);
            }
            Ok(()) => {
                self.notice.set(None);
                self.after_change(before);
                self.drive_hops();
            }
        }
    }

    /// Applies an engine action (Step, Settle, Advance): refused only when
    /// the world is full (it would be too big to save or share), and then
    /// the clock and any animation stop and the learner is told why. Whether
    /// it was applied.
    fn run_engine(&self, action: Action) -> bool {
        let before = self.world.with_untracked(|w| w.event_count());
        match self.world.try_update(|w| w.apply(action)) {
            Some(Err(e)) => {
                self.pause();
                self.notice.set(Some(Notice { text: e.message, problem: true }));
                false
            }
            _ => {
                self.after_change(before);
                true
            }
        }
    }

    /// Updates the selection and the live region after new events.
    fn after_change(&self, before: usize) {
        let start = self.action_start.get_value().min(before);
        self.world.with_untracked(|w| {
            let new = w.events_since(before);
            if let Some(id) = new.iter().rev().find_map(|e| match e.kind {
                EventKind::RequestSent { browser, .. } if browser.0 < BrowserId::FIRST_VISITOR => e.request,
                _ => None,
            }) {
                self.selected_request.set(Some(id));
            }
            let all = w.events_since(start);
            let key = all
                .iter()
                .rev()
                .find(|e| e.is_loss())
                .or_else(|| all.iter().rev().find(|e| e.category() == crate::sim::EventCategory::Failures))
                .or_else(|| all.iter().rev().find(|e| matches!(e.kind, EventKind::PageShown { .. })))
                .or_else(|| all.last());
            if let Some(e) = key {
                let mut sentence = e.describe();
                // A page that loaded: say what it shows, as a sighted learner sees it.
                if let EventKind::PageShown { browser, .. } = e.kind {
                    if let Some(page) = w.browser(browser).and_then(|b| b.page.as_ref()) {
                        sentence = format!("{sentence}: \"{}\"", page.text().replace('\n', " / "));
                    }
                }
                self.outcome.set(sentence.clone());
                self.announcement.set(sentence);
            }
        });
    }

    /// Marks the start of a new learner action for the announcement.
    fn begin(&self) {
        let n = self.world.with_untracked(|w| w.event_count());
        self.action_start.set_value(n);
    }

    /// The screen's inputs now: the active browser and the choices made.
    pub fn inputs(&self) -> Inputs {
        Inputs { active: self.active.get_untracked(), ..self.choices.get_untracked() }
    }

    /// Sets the screen's inputs, touching only the signals that change.
    pub fn set_inputs(&self, inputs: Inputs) {
        if inputs.active != self.active.get_untracked() {
            self.active.set(inputs.active);
        }
        if inputs != self.inputs() {
            self.choices.set(inputs);
        }
    }

    /// Presses the control called `name` as the screen would (see
    /// [`crate::lessons::controls`]); used by "Show me".
    pub fn press(&self, name: &str) {
        let mut inputs = self.inputs();
        let result = self.world.with_untracked(|w| press(name, &mut inputs, w));
        self.set_inputs(inputs);
        match result {
            Ok(Some(action)) => self.act(action),
            Ok(None) => self.announcement.set(format!("Chose {name}")),
            Err(text) => self.notice.set(Some(Notice { text, problem: true })),
        }
    }

    /// Puts `world` in place of the current one (a lesson reset).
    pub fn replace_world(&self, world: World) {
        self.animating.set(false);
        self.playing.set(false);
        self.world.set(world);
        self.outcome.set(String::new());
        self.selected_request.set(None);
        self.save_now();
    }

    /// Undo: the world as it was before the learner's last action.
    pub fn undo(&self) {
        self.animating.set(false);
        if self.world.with_untracked(|w| w.actions().len()) <= self.undo_floor.get_value() {
            self.notice
                .set(Some(Notice { text: "Nothing to undo: this is where the lesson starts.".into(), problem: false }));
            return;
        }
        let prev = self.world.with_untracked(|w| w.undo_click());
        match prev {
            Some(w) => {
                self.world.set(w);
                let undone = "Undone: the world is as it was before the last action.".to_string();
                self.outcome.set(undone.clone());
                self.announcement.set(undone);
                self.selected_request.set(None);
                self.save();
            }
            None => self.notice.set(Some(Notice { text: "Nothing to undo yet.".into(), problem: false })),
        }
    }
}

fn self_sentence_end(notice: &RwSignal<Option<Notice>>) -> String {
    notice.get_untracked().map(|n| n.text).unwrap_or_default()
}
