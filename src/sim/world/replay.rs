//! Rebuilding a world from its settings, seed and actions, in slices: a
//! share link with long actions (a load run, a year on the clock) is
//! replayed a bounded amount at a time ([`Replay::step`]), with progress,
//! so the page never freezes. Run to its end, a replay gives exactly the
//! world [`World::apply`] of each action gives. A replay for a link is
//! limited ([`Replay::limited`]): past [`MAX_REPLAY_WORK`] steps of
//! simulation it stops with an error, whatever its actions stated.
//!
//! ```
//! use session_lab::sim::*;
//!
//! let actions = vec![Action::RunLoad { users: 30, minutes: 10 }, Action::Settle];
//! let mut replay = world::Replay::new(WorldConfig::default(), 3, actions.clone()).unwrap();
//! while !replay.step(5_000).unwrap().done {}
//! let whole = World::replay(WorldConfig::default(), 3, &actions).unwrap();
//! assert_eq!(replay.finish().unwrap().events(), whole.events());
//! ```

use super::load_job::{LoadJob, Progress};
use super::{ReplayError, World};
use crate::sim::action::Action;
use crate::sim::config::WorldConfig;
use crate::sim::time::SimTime;
use crate::sim::workload::Estimate;

/// The most steps of simulation (see [`World::work_done`]) a link's replay
/// may take: the Load panel's largest run (5,000 visitors for 24 hours, in
/// the sandbox's first setup) takes 13,365,309, five a request, so a link
/// within the request limit needs at most about 15,000,000; what goes past
/// this is cleanup looking through stored sessions again and again (a
/// sweep every second on 8 servers for a day, over 5,000 sessions, is
/// about 108,000,000). Natively 50,000,000 steps take about 15 s.
pub const MAX_REPLAY_WORK: u64 = 50_000_000;

/// An action that takes many steps, under way.
#[derive(Debug)]
enum Long {
    /// A load run.
    Load(Box<LoadJob>),
    /// The clock moving `by` to `until`, running what is due.
    Clock { by: SimTime, from: SimTime, until: SimTime },
}

/// A world being rebuilt from its actions.
#[derive(Debug)]
pub struct Replay {
    world: World,
    actions: Vec<Action>,
    /// The next action to start.
    next: usize,
    long: Option<Long>,
    /// Each action's estimated work, for the fraction done.
    weights: Vec<u64>,
    done_weight: u64,
    total_weight: u64,
    limit: u64,
    failed: Option<ReplayError>,
}

impl Replay {
    /// A replay of `actions` on a world with `config` and `seed`; refused if
    /// the settings are.
    pub fn new(config: WorldConfig, seed: u64, actions: Vec<Action>) -> Result<Replay, ReplayError> {
        let mut estimate = Estimate::new(&config);
        let weights: Vec<u64> = actions
            .iter()
            .map(|a| {
                let before = estimate.total;
                estimate.add(a);
                (estimate.total.requests - before.requests) + (estimate.total.sweeps - before.sweeps) + 1
            })
            .collect();
        let world = World::new(config, seed).map_err(|e| ReplayError { index: None, message: e.to_string() })?;
        Ok(Replay {
            world,
            actions,
            next: 0,
            long: None,
            total_weight: weights.iter().sum::<u64>().max(1),
            weights,
            done_weight: 0,
            limit: u64::MAX,
            failed: None,
        })
    }

    /// The same replay, stopped with an error once it has taken more than
    /// `max_work` steps of simulation (a link's: [`MAX_REPLAY_WORK`]).
    pub fn limited(mut self, max_work: u64) -> Replay {
        self.limit = max_work;
        self
    }

    /// Replays up to about `budget` steps of simulation (at least one
    /// action, or one slice of a long one), then says how far it got. An
    /// action refused, or the limit passed, ends the replay with its error.
    pub fn step(&mut self, budget: u64) -> Result<Progress, ReplayError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let stop = self.world.work.saturating_add(budget.max(1)).min(self.limit.saturating_add(1));
        while !self.finished() {
            let result = self.advance(stop);
            if let Err(e) = result {
                self.failed = Some(e.clone());
                return Err(e);
            }
            if self.world.work > self.limit {
                let e = ReplayError { index: Some(self.next), message: too_much_work(self.limit) };
                self.failed = Some(e.clone());
                return Err(e);
            }
            if self.world.work >= stop {
                break;
            }
        }
        Ok(self.progress())
    }

    /// Runs what is left and gives the world.
    pub fn finish(mut self) -> Result<World, ReplayError> {
        while !self.step(u64::MAX)?.done {}
        Ok(self.world)
    }

    /// The world as far as it is rebuilt.
    pub fn world(&self) -> &World {
        &self.world
    }

    /// How far it got.
    pub fn progress(&self) -> Progress {
        let partial = match &self.long {
            Some(Long::Load(job)) => job.progress(&self.world).fraction,
            Some(Long::Clock { from, until, .. }) => {
                self.world.agenda.now.since(*from).0 as f64 / until.since(*from).0.max(1) as f64
            }
            None => 0.0,
        };
        let current = self.weights.get(self.next).copied().unwrap_or(0) as f64 * partial;
        let done = self.finished();
        Progress {
            requests_simulated: self.world.journal.metrics.requests,
            simulated_time: self.world.agenda.now,
            actions_done: self.next,
            actions: self.actions.len(),
            fraction: if done {
                1.0
            } else {
                ((self.done_weight as f64 + current) / self.total_weight as f64).min(0.999)
            },
            done,
        }
    }

    fn finished(&self) -> bool {
        self.long.is_none() && self.next >= self.actions.len()
    }

    /// Starts or continues the next action, up to `stop` steps of work.
    fn advance(&mut self, stop: u64) -> Result<(), ReplayError> {
        let i = self.next;
        let w = &mut self.world;
        let fail = |e: super::ActionError| ReplayError { index: Some(i), message: e.message };
        let ended = match &mut self.long {
            Some(Long::Load(job)) => job.run(w, stop.saturating_sub(w.work)),
            Some(Long::Clock { by, until, .. }) => {
                let (by, until) = (*by, *until);
                w.run_until_within(until, stop) && {
                    w.clock_advanced(by);
                    true
                }
            }
            None => {
                let action = &self.actions[i];
                match *action {
                    Action::RunLoad { users, minutes } => {
                        action.check_range().map_err(super::ActionError::new).map_err(fail)?;
                        w.check_work(action, "this load run").map_err(fail)?;
                        self.long = Some(Long::Load(Box::new(w.start_load(users, minutes))));
                    }
                    Action::Advance { by } => {
                        action.check_range().map_err(super::ActionError::new).map_err(fail)?;
                        w.check_work(action, "moving the clock").map_err(fail)?;
                        let from = w.agenda.now;
                        self.long = Some(Long::Clock { by, from, until: from + by });
                    }
                    _ => {
                        w.apply(action.clone()).map_err(fail)?;
                        self.next_done();
                    }
                }
                return Ok(());
            }
        };
        if ended {
            self.world.journal.record(self.actions[i].clone());
            self.long = None;
            self.next_done();
        }
        Ok(())
    }

    /// The current action is done.
    fn next_done(&mut self) {
        self.done_weight += self.weights[self.next];
        self.next += 1;
    }
}

/// Why a replay stopped at its limit.
fn too_much_work(limit: u64) -> String {
    format!(
        "replaying it took more than {} steps of simulation, the most Session Lab takes for a link or a saved world \
         (cleanups that look through many stored sessions often take that much)",
        crate::sim::words::thousands(limit)
    )
}
