//! Long work in slices: a load run, and rebuilding a world from a long link
//! or save, run a slice at a time between the browser's frames, so the page
//! never freezes. While one runs the page shows how far it got (requests
//! simulated, simulated time) with a Cancel that leaves the world as it was.
//! The engine does the slicing (`LoadJob`, `Replay`); this only schedules
//! the slices and sizes them to the time they take.

use leptos::prelude::*;
use std::time::Duration;

use super::{Lab, Notice};
use crate::persist;
use crate::sim::world::{LoadJob, Progress, Replay};
use crate::sim::{Scenario, World};

/// Real milliseconds one slice should take (well under a 50 ms long task).
const SLICE_MS: f64 = 12.0;
/// Simulation steps of the first slice, before slices are timed.
const FIRST_SLICE: u64 = 2_000;

/// Work under way.
pub enum Job {
    /// A load run on the lab's world.
    Load(Box<LoadJob>),
    /// A world being rebuilt (saying its second field when done); the lab's
    /// world stays as it is until then. True when it is the saved sandbox.
    Rebuild(Box<Replay>, &'static str, bool),
}

/// What the page shows of the work under way.
#[derive(Clone, Debug, PartialEq)]
pub struct JobStatus {
    /// What is being done ("Running the load", "Opening the shared world").
    pub what: &'static str,
    /// How far it got.
    pub progress: Progress,
}

/// Milliseconds since some fixed moment.
fn now_ms() -> f64 {
    js_sys::Date::now()
}

impl Lab {
    /// Starts a load run of `users` visitors for `minutes`, in slices.
    pub fn run_load_in_slices(&self, users: u32, minutes: u32) {
        let begun = self.world.try_update_untracked(|w| w.begin_load(users, minutes).map(|job| (job, w.event_count())));
        match begun {
            Some(Ok((job, before))) => {
                self.action_start.set_value(before);
                let progress = self.world.with_untracked(|w| job.progress(w));
                let status = JobStatus { what: "Running the load", progress };
                self.begin_job(Job::Load(Box::new(job)), status);
            }
            Some(Err(e)) => self.notice.set(Some(Notice { text: e.message, problem: true })),
            None => {}
        }
    }

    /// Rebuilds `scenario`'s world in slices, then puts it in place of the
    /// lab's world, saying `done`. Small ones are rebuilt at once.
    pub fn rebuild_in_slices(&self, scenario: &Scenario, what: &'static str, done: &'static str) {
        self.rebuild(scenario, what, done, false);
    }

    /// Rebuilds the saved sandbox `scenario` in slices. Until it is done the
    /// world shown is not saved over it, and a Cancel keeps its text.
    pub fn restore_in_slices(&self, scenario: &Scenario) {
        self.rebuild(scenario, "Restoring your sandbox", "Restored your sandbox.", true);
    }

    fn rebuild(&self, scenario: &Scenario, what: &'static str, done: &'static str, saved: bool) {
        match scenario.replay() {
            Ok(replay) => {
                let status = JobStatus { what, progress: replay.progress() };
                self.begin_job(Job::Rebuild(Box::new(replay), done, saved), status);
            }
            Err(e) => self.rebuild_failed(&e.message),
        }
    }

    /// Whether the saved sandbox is being restored (then nothing is saved
    /// over it).
    pub(super) fn restoring(&self) -> bool {
        self.job.try_with_value(|j| matches!(j, Some(Job::Rebuild(_, _, true)))).unwrap_or(false)
    }

    /// Stops the work under way: a load run leaves the world as it was
    /// before it began; a rebuild leaves the world the page shows.
    pub fn cancel_job(&self) {
        let Some(job) = self.job.try_update_value(Option::take).flatten() else {
            return;
        };
        self.job_status.set(None);
        let text = match job {
            Job::Load(load) => {
                if let Some(before) = load.cancel() {
                    self.world.set(before);
                }
                "Cancelled: the load run stopped, and the world is as it was before it.".to_string()
            }
            Job::Rebuild(_, _, true) if persist::keep_sandbox_backup() => format!(
                "Cancelled: your saved sandbox was not restored. Its text is kept in this browser's localStorage under \"{}\"; this is a fresh world.",
                persist::SANDBOX_BACKUP_KEY
            ),
            Job::Rebuild(..) => "Cancelled: the world was not opened, and this one is unchanged.".to_string(),
        };
        self.notice.set(Some(Notice { text: text.clone(), problem: false }));
        self.announcement.set(text);
    }

    /// Keeps `job` and runs its first slice after the page has drawn.
    fn begin_job(&self, job: Job, status: JobStatus) {
        self.cancel_job();
        self.job.set_value(Some(job));
        self.job_status.set(Some(status));
        self.next_slice(FIRST_SLICE);
    }

    /// Runs one slice of `budget` steps after the browser's other work,
    /// then the next, sized so a slice takes about [`SLICE_MS`].
    fn next_slice(&self, budget: u64) {
        let lab = *self;
        set_timeout(
            move || {
                // Cancelled, or the lab is gone: nothing to do.
                let Some(Some(mut job)) = lab.job.try_update_value(Option::take) else {
                    return;
                };
                let started = now_ms();
                let step = match &mut job {
                    Job::Load(load) => lab.world.try_update_untracked(|w| Ok(load.step(w, budget))),
                    Job::Rebuild(replay, ..) => Some(replay.step(budget).map_err(|e| e.to_string())),
                };
                let took = (now_ms() - started).max(0.5);
                match step {
                    Some(Ok(progress)) if !progress.done => {
                        let what = lab.job_status.with_untracked(|s| s.as_ref().map_or("Working", |s| s.what));
                        lab.job.set_value(Some(job));
                        lab.job_status.set(Some(JobStatus { what, progress }));
                        let next = (budget as f64 * SLICE_MS / took).clamp(500.0, 5_000_000.0) as u64;
                        lab.next_slice(next);
                    }
                    // Drawn in a task of its own: the last slice wrote the report.
                    Some(Ok(_)) => {
                        set_timeout(move || lab.job_done(job), Duration::ZERO);
                    }
                    Some(Err(message)) => {
                        lab.job_status.set(None);
                        lab.rebuild_failed(&message);
                    }
                    None => {}
                }
            },
            Duration::ZERO,
        );
    }

    /// The work is done: the load run's world is drawn, or the rebuilt
    /// world takes the place of the shown one.
    fn job_done(&self, job: Job) {
        // The lab may have gone meanwhile (another lesson): nothing to draw.
        if self.job_status.try_get_untracked().is_none() {
            return;
        }
        self.job_status.set(None);
        match job {
            Job::Load(_) => {
                // Redraw everything that reads the world, then finish as any action does.
                self.world.update(|_| {});
                self.notice.set(None);
                self.after_change(self.action_start.get_value());
                self.drive_hops();
                self.save();
            }
            Job::Rebuild(replay, done, _) => match replay.finish() {
                Ok(world) => {
                    self.replace_world(world);
                    self.notice.set(Some(Notice { text: done.into(), problem: false }));
                    self.announcement.set(done.into());
                }
                Err(e) => self.rebuild_failed(&e.to_string()),
            },
        }
    }

    /// A rebuild that could not finish: the shown world stays.
    fn rebuild_failed(&self, message: &str) {
        let text = format!("The world could not be opened: {message}. The world shown is unchanged.");
        self.notice.set(Some(Notice { text, problem: true }));
    }
}

/// A world for a scenario that is quick to rebuild, or `None` when it must
/// be rebuilt in slices.
pub fn quick_world(scenario: &Scenario) -> Option<Result<World, String>> {
    (!scenario.workload().is_long()).then(|| scenario.build().map_err(|e| e.message))
}
