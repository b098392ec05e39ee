//! A load run in slices, so that a long one never holds the page: the
//! world starts it ([`World::begin_load`]), and each [`LoadJob::step`] runs a
//! bounded amount of simulation and says how far it got ([`Progress`]). Run
//! to its end in slices of any size, a job leaves exactly the world that
//! applying [`Action::RunLoad`] at once leaves, and records the action only
//! then; cancelled, it gives back the world as it was before.
//!
//! ```
//! use session_lab::sim::*;
//!
//! let mut w = World::new(WorldConfig::default(), 1).unwrap();
//! let mut job = w.begin_load(20, 5).unwrap();
//! while !job.step(&mut w, 2_000).done {
//!     // A browser would yield here, and show the progress.
//! }
//! assert_eq!(w.actions(), [Action::RunLoad { users: 20, minutes: 5 }]);
//! assert!(w.last_load().is_some());
//! ```

use super::{ActionError, World};
use crate::sim::action::Action;
use crate::sim::metrics::Metrics;
use crate::sim::time::SimTime;

/// How far a long piece of work (a load run, a replay) has come.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Progress {
    /// Requests answered since the work began.
    pub requests_simulated: u64,
    /// Simulated time since the work began.
    pub simulated_time: SimTime,
    /// Actions done, of [`Progress::actions`] (a load run is one).
    pub actions_done: usize,
    /// Actions in all.
    pub actions: usize,
    /// How much of the work is done, 0 to 1 (estimated from the work stated).
    pub fraction: f64,
    /// Whether it is finished.
    pub done: bool,
}

/// Where a load run is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    /// Visitors click until the run's time is up.
    Visiting,
    /// Time is up: requests in flight finish.
    Finishing,
    /// Nothing is in flight: the browsers' cookies age and the report is
    /// written, in a slice of its own (with millions of latencies to rank,
    /// it is the longest single piece of the run).
    Reporting,
    /// The report is written.
    Done,
}

/// A load run under way. Apply no other action to its world until it is
/// done or cancelled (the world refuses them meanwhile: see
/// [`World::load_under_way`]). Done, it has applied [`Action::RunLoad`];
/// a click then applies [`Action::Settle`] as [`World::run`] does, and the
/// world equals one that ran the click at once.
#[derive(Debug)]
pub struct LoadJob {
    users: u32,
    minutes: u32,
    started: SimTime,
    until: SimTime,
    /// The metrics when it began (without latencies), for the report.
    before: Metrics,
    latencies_before: usize,
    stage: Stage,
    /// The world before the run began (for [`LoadJob::cancel`]); dropped when done.
    world_before: Option<Box<World>>,
}

impl World {
    /// Begins a load run of `users` visitors for `minutes` simulated minutes,
    /// to be run in slices by [`LoadJob::step`]. Refused, the world
    /// unchanged, as [`Action::RunLoad`] would be. The job keeps a copy of
    /// the world as it is now, for [`LoadJob::cancel`].
    pub fn begin_load(&mut self, users: u32, minutes: u32) -> Result<LoadJob, ActionError> {
        let action = Action::RunLoad { users, minutes };
        self.refuse_while_busy()?;
        action.check_range().map_err(ActionError::new)?;
        self.check_work(&action, "this load run")?;
        self.check_world_work(&action)?;
        let before = Box::new(self.clone());
        let mut job = self.start_load(users, minutes);
        job.world_before = Some(before);
        self.busy = true;
        Ok(job)
    }

    /// Whether a load run begun by [`World::begin_load`] is under way (the
    /// world refuses actions until it is done; a cancelled job's world is
    /// dropped for the one [`LoadJob::cancel`] gives back).
    pub fn load_under_way(&self) -> bool {
        self.busy
    }

    /// Runs a whole load run at once (what applying [`Action::RunLoad`] does).
    pub(super) fn run_load(&mut self, users: u32, minutes: u32) -> Result<(), ActionError> {
        self.check_work(&Action::RunLoad { users, minutes }, "this load run")?;
        let mut job = self.start_load(users, minutes);
        while !job.run(self, u64::MAX) {}
        Ok(())
    }

    /// Sets a load run going: its visitors, their first wake-ups.
    pub(super) fn start_load(&mut self, users: u32, minutes: u32) -> LoadJob {
        self.enlist_visitors(users);
        let latencies = std::mem::take(&mut self.journal.metrics.latencies_us);
        let before = self.journal.metrics.clone();
        let latencies_before = latencies.len();
        self.journal.metrics.latencies_us = latencies;
        let until = self.agenda.now + SimTime::mins(u64::from(minutes));
        self.load_run.until = until;
        for n in 0..users {
            let at = self.agenda.now + SimTime::millis(self.rng.below(30_000));
            self.schedule(at, super::agenda::Due::Wake(n));
        }
        LoadJob {
            users,
            minutes,
            started: self.agenda.now,
            until,
            before,
            latencies_before,
            stage: Stage::Visiting,
            world_before: None,
        }
    }
}

impl LoadJob {
    /// Runs up to `budget` steps of simulation (a step is one hop of a
    /// request, a visitor waking, or a timer; a cleanup sweep counts one
    /// more per 32 stored sessions it looks at), then says how far the run
    /// got. Once done, the run's action is recorded and the world accepts
    /// actions again; further calls change nothing.
    pub fn step(&mut self, world: &mut World, budget: u64) -> Progress {
        if self.stage != Stage::Done && self.run(world, budget.max(1)) {
            world.busy = false;
            world.journal.record(Action::RunLoad { users: self.users, minutes: self.minutes });
            self.world_before = None;
        }
        self.progress(world)
    }

    /// Stops the run: the world as it was before [`World::begin_load`], to
    /// put in place of the one the job ran on. `None` once the run is done
    /// (there is nothing to cancel then).
    pub fn cancel(self) -> Option<World> {
        self.world_before.map(|w| *w)
    }

    /// How far the run got in `world`.
    pub fn progress(&self, world: &World) -> Progress {
        let elapsed = world.agenda.now.since(self.started);
        let fraction = match self.stage {
            Stage::Done => 1.0,
            _ => (elapsed.0 as f64 / self.until.since(self.started).0.max(1) as f64).min(0.999),
        };
        let done = self.stage == Stage::Done;
        Progress {
            requests_simulated: world.journal.metrics.requests - self.before.requests,
            simulated_time: elapsed,
            actions_done: usize::from(done),
            actions: 1,
            fraction,
            done,
        }
    }

    /// Whether it is done.
    pub fn done(&self) -> bool {
        self.stage == Stage::Done
    }

    /// Runs up to `budget` steps; true when the run finished (its report written).
    pub(super) fn run(&mut self, world: &mut World, budget: u64) -> bool {
        let stop = world.work.saturating_add(budget);
        if self.stage == Stage::Visiting && world.run_until_within(self.until, stop) {
            // Visitors do not start anything new now; finish what is in flight.
            world.load_run.until = SimTime::ZERO;
            world.agenda.cancel_wakes();
            self.stage = Stage::Finishing;
        }
        if self.stage == Stage::Finishing {
            while world.agenda.moves_pending() > 0 && world.work < stop {
                world.process_next(None);
            }
            if world.agenda.moves_pending() == 0 {
                self.stage = Stage::Reporting;
                return false;
            }
        }
        if self.stage == Stage::Reporting {
            world.expire_browser_cookies();
            world.write_load_report(self.users, self.minutes, &self.before, self.latencies_before);
            self.stage = Stage::Done;
        }
        self.stage == Stage::Done
    }
}
