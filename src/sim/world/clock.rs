//! The world's time: moving the clock, settling the requests in flight,
//! one hop at a time, and the poll loop that hands what is due to its
//! handler. Every step it runs is counted ([`World::work_done`]): the
//! measure of a slice of long work and of a replay's limit, and the
//! check that one action stays within what a link may ask
//! ([`workload`](crate::sim::workload)).

use super::agenda::Due;
use super::{ActionError, World};
use crate::sim::action::Action;
use crate::sim::event::EventKind;
use crate::sim::time::SimTime;
use crate::sim::workload::Workload;

impl World {
    /// Moves the clock forward by `by`, running every hop and timer due on the way.
    pub(super) fn on_advance(&mut self, by: SimTime) -> Result<(), ActionError> {
        self.check_work(&Action::Advance { by }, "moving the clock")?;
        self.run_until_within(self.agenda.now + by, u64::MAX);
        self.clock_advanced(by);
        Ok(())
    }

    /// What moving the clock ends with, once it is there: cookies that
    /// expired on the way are dropped, and the log says how far it went.
    pub(super) fn clock_advanced(&mut self, by: SimTime) {
        self.expire_browser_cookies();
        self.emit(None, EventKind::ClockAdvanced { by });
    }

    /// Runs every hop and timer due up to `until`, then sets the clock there;
    /// or stops once [`World::work_done`] reaches `stop`. True when it got there.
    pub(super) fn run_until_within(&mut self, until: SimTime, stop: u64) -> bool {
        while self.work < stop {
            if self.process_next(Some(until)).is_none() {
                self.agenda.now = self.agenda.now.max(until);
                return true;
            }
        }
        false
    }

    /// Steps of simulation done since the world began: one per hop of a
    /// request, visitor waking or timer, and one more per 32 stored
    /// sessions a cleanup looks through. The measure of a slice
    /// ([`LoadJob::step`], [`Replay::step`]) and of a replay's limit.
    pub fn work_done(&self) -> u64 {
        self.work
    }

    /// The work a link to this world would state ([`Workload::of`] its
    /// actions): beyond the limits, its share link, export and save would
    /// be refused when read back, though each action was within them.
    pub fn workload(&self) -> Workload {
        Workload::of(self.initial_config(), self.actions())
    }

    /// Refuses any action while a load run goes on in slices.
    pub(super) fn refuse_while_busy(&self) -> Result<(), ActionError> {
        if self.busy {
            return Err(ActionError::new("a load run is under way: wait for it to finish, or cancel it"));
        }
        Ok(())
    }

    /// Runs hops until no request is in progress.
    pub(super) fn settle(&mut self) {
        while self.agenda.moves_pending() > 0 {
            self.process_next(None);
        }
    }

    /// Runs the next hop (and the timers due before it), if any.
    pub(super) fn step(&mut self) {
        while let Some(due) = self.process_next(None) {
            if matches!(due, Due::Hop(_) | Due::Wake(_)) {
                break;
            }
        }
    }

    /// Polls the agenda: takes what is due next (at or before `until`) and
    /// hands it to its handler. Returns what ran. One function, not inlined
    /// into the loops that poll: so the heap's pop is inlined here.
    #[inline(never)]
    pub(super) fn process_next(&mut self, until: Option<SimTime>) -> Option<Due> {
        let (at, due, horizon) = self.agenda.poll(until)?;
        self.work += 1;
        match due {
            Due::Hop(slot) => {
                self.agenda.now = self.agenda.now.max(at);
                self.on_hop(slot);
            }
            Due::Wake(visitor) => {
                self.agenda.now = self.agenda.now.max(at);
                self.visitor_wake(visitor);
            }
            Due::Sweep(server) => self.on_sweep_due(server, at),
            Due::CacheExpiry => self.on_cache_expiry_due(at, horizon),
        }
        Some(due)
    }

    /// Refuses an action that would take more work than a link may ask for
    /// ([`workload`](super::workload)); `what` names it.
    pub(super) fn check_work(&self, action: &Action, what: &str) -> Result<(), ActionError> {
        let servers = self.cluster.servers.len() as u8;
        crate::sim::workload::action_work(&self.config, servers, action).check_action(what).map_err(ActionError::new)
    }

    /// Refuses an action after which the world would ask more of a replay
    /// than a link, a file or a saved sandbox may (so the learner's world can
    /// always be saved, shared and opened again). An action too big on its
    /// own is left to [`World::check_work`], which says so in its own words.
    pub(super) fn check_world_work(&self, action: &Action) -> Result<(), ActionError> {
        let alone = self.journal.work.of(action);
        if !self.growth_limited || alone.over_limit().is_some() {
            return Ok(());
        }
        self.journal.work.total.plus(alone).check_world().map_err(ActionError::new)
    }
}
