//! How much work a scenario asks for, worked out from its actions before
//! any of them runs: the simulated requests (a load run's visitors, the
//! named browsers' clicks, mallory's guesses), the cleanup sweeps the clock
//! sets off, and the number of actions. A share link, an imported file or a
//! saved world above a limit is refused with its size and the limit, so that
//! a stranger's link cannot freeze the tab; one action applied live is held
//! to the same limits.
//!
//! The estimate is conservative: a load run's visitors click a first round of
//! [`LOAD_FIRST_ROUND`] requests, then about 0.37 requests a minute each
//! (measured: 0.36 to 0.38 over a day, every store); the estimate counts
//! [`LOAD_PER_MINUTE_TENTHS`] tenths.
//!
//! ```
//! use session_lab::sim::workload::{Workload, MAX_REQUESTS};
//! use session_lab::sim::*;
//!
//! let one = Action::RunLoad { users: 5000, minutes: 1440 };
//! let s = Scenario { version: 1, config: WorldConfig::default(), seed: 1, actions: vec![one; 10] };
//! let w = Workload::of(&s.config, &s.actions);
//! assert!(w.requests > 10 * MAX_REQUESTS / 2);
//! assert!(w.check("this link").unwrap_err().contains("simulated requests"));
//! ```

use super::action::{Action, BrowserAction};
use super::attack::Attack;
use super::config::{Cleanup, WorldConfig, MAX_SERVERS};
use super::store::StoreKind;
use super::time::SimTime;
use super::words::thousands;

/// The most simulated requests a link, a file or a saved world may ask for,
/// and one action too: one load run of the Load panel's maximum (5,000
/// visitors for 24 hours, estimated at 2,920,000) fits, two do not.
pub const MAX_REQUESTS: u64 = 3_000_000;
/// The most cleanup sweeps (a server pruning its store, the cache expiring
/// keys) a scenario may set off: a sweep every second on 8 servers for a day
/// is 691,200.
pub const MAX_SWEEPS: u64 = 1_000_000;
/// The most actions a scenario may hold: the budget world (8 servers, 1,000
/// sessions, 10,000 events) has 2,562.
pub const MAX_ACTIONS: u64 = 100_000;

/// Above this many simulated requests a world is rebuilt in slices, with
/// progress, rather than at once (about a tenth of a second of replay).
pub const REBUILD_IN_SLICES_ABOVE: u64 = 20_000;

/// Requests each load-run visitor makes in its first round of the script.
pub const LOAD_FIRST_ROUND: u64 = 8;
/// Requests each visitor makes per simulated minute after that, in tenths.
pub const LOAD_PER_MINUTE_TENTHS: u64 = 4;

/// What a scenario, or one action, asks the engine to simulate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Workload {
    /// Simulated requests (estimated for load runs).
    pub requests: u64,
    /// Cleanup sweeps set off by the clock or by requests.
    pub sweeps: u64,
    /// Actions.
    pub actions: u64,
}

/// Which measure of a [`Workload`] is over its limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    /// Simulated requests.
    Requests,
    /// Cleanup sweeps.
    Sweeps,
    /// Actions.
    Actions,
}

impl Measure {
    /// What is counted, in the learner's words.
    pub fn noun(self) -> &'static str {
        match self {
            Measure::Requests => "simulated requests",
            Measure::Sweeps => "cleanup sweeps of the session store",
            Measure::Actions => "actions",
        }
    }

    /// The limit of this measure.
    pub fn limit(self) -> u64 {
        match self {
            Measure::Requests => MAX_REQUESTS,
            Measure::Sweeps => MAX_SWEEPS,
            Measure::Actions => MAX_ACTIONS,
        }
    }
}

impl Workload {
    /// Whether rebuilding a world of this much work is long enough to run
    /// in slices ([`REBUILD_IN_SLICES_ABOVE`]).
    pub fn is_long(&self) -> bool {
        self.requests > REBUILD_IN_SLICES_ABOVE
    }

    /// The work of `actions` applied in order to a world that starts with `config`.
    pub fn of(config: &WorldConfig, actions: &[Action]) -> Workload {
        let mut estimate = Estimate::new(config);
        for a in actions {
            estimate.add(a);
        }
        estimate.total
    }

    /// The first measure over its limit, with how much is asked.
    pub fn over_limit(&self) -> Option<(Measure, u64)> {
        [(Measure::Actions, self.actions), (Measure::Requests, self.requests), (Measure::Sweeps, self.sweeps)]
            .into_iter()
            .find(|&(m, n)| n > m.limit())
    }

    /// Refuses a scenario above a limit, saying how big it is: `source` names
    /// it ("this link", "this scenario", "this saved world").
    pub fn check(&self, source: &str) -> Result<(), String> {
        match self.over_limit() {
            None => Ok(()),
            Some((Measure::Actions, n)) => Err(format!(
                "{source} holds {} actions; Session Lab replays at most {}",
                thousands(n),
                thousands(MAX_ACTIONS)
            )),
            Some((m, n)) => Err(format!(
                "{source} asks for about {} {}; Session Lab replays at most {}",
                thousands(n),
                m.noun(),
                thousands(m.limit())
            )),
        }
    }

    /// Refuses a world that would grow above a limit (applied live): the
    /// world could then not be saved, shared or opened again.
    pub fn check_world(&self) -> Result<(), String> {
        match self.over_limit() {
            None => Ok(()),
            Some((m, n)) => Err(format!(
                "this would make the world too big to save or share: {}{} {} in all, and a world holds at most {}. Undo something, or start a fresh sandbox",
                if m == Measure::Actions { "" } else { "about " },
                thousands(n),
                m.noun(),
                thousands(m.limit())
            )),
        }
    }

    /// Refuses one action above a limit (applied live): `what` names it
    /// ("this load run", "moving the clock").
    pub fn check_action(&self, what: &str) -> Result<(), String> {
        match self.over_limit() {
            Some((m, n)) if m != Measure::Actions => Err(format!(
                "{what} would take about {} {}; Session Lab runs at most {} at once",
                thousands(n),
                m.noun(),
                thousands(m.limit())
            )),
            _ => Ok(()),
        }
    }

    /// Both together (each measure added, saturating).
    pub fn plus(self, other: Workload) -> Workload {
        Workload {
            requests: self.requests.saturating_add(other.requests),
            sweeps: self.sweeps.saturating_add(other.sweeps),
            actions: self.actions.saturating_add(other.actions),
        }
    }
}

/// The running estimate over a list of actions: the settings each action
/// leaves (a preset, a new cleanup, more servers change what later actions
/// cost) and the total so far.
#[derive(Clone, Debug)]
pub struct Estimate {
    config: WorldConfig,
    servers: u8,
    /// The work counted so far.
    pub total: Workload,
}

impl Estimate {
    /// An estimate for a world that starts with `config`, before any action.
    pub fn new(config: &WorldConfig) -> Estimate {
        Estimate { config: config.clone(), servers: config.servers, total: Workload::default() }
    }

    /// The work of `action` alone, in the settings so far.
    pub fn of(&self, action: &Action) -> Workload {
        action_work(&self.config, self.servers, action)
    }

    /// Counts `action` and takes in the settings it changes. (An action the
    /// world would refuse is counted as if it ran.)
    pub fn add(&mut self, action: &Action) {
        self.total = self.total.plus(action_work(&self.config, self.servers, action));
        match action {
            // A removed server is still counted: a later add may bring it back.
            Action::AddServer => self.servers = (self.servers.saturating_add(1)).min(MAX_SERVERS),
            Action::SwitchStore { to } => self.config.store = *to,
            Action::SetSession { config } => self.config.session = (**config).clone(),
            Action::SetCache { settings } => self.config.cache = settings.clone(),
            Action::ApplyPreset { preset } => preset.apply(&mut self.config),
            _ => {}
        }
    }
}

/// The work of one action on a world with settings `config` and `servers`
/// servers.
pub fn action_work(config: &WorldConfig, servers: u8, action: &Action) -> Workload {
    let requests = requests_of(action);
    let clock = match action {
        Action::RunLoad { minutes, .. } => SimTime::mins(u64::from(*minutes)),
        Action::Advance { by } => *by,
        _ => SimTime::ZERO,
    };
    Workload { requests, sweeps: sweeps_during(config, servers, clock, requests), actions: 1 }
}

/// Simulated requests of one action.
fn requests_of(action: &Action) -> u64 {
    match action {
        Action::Browser { act, .. } => match act {
            BrowserAction::Request { .. } | BrowserAction::Reload | BrowserAction::LogIn { .. } => 1,
            BrowserAction::TwoTabs { .. } => 2,
            _ => 0,
        },
        // Each guess is an ID tried against the shop; then one visit.
        Action::Attack { attack: Attack::Guess { tries } } => u64::from(*tries) + 1,
        Action::Attack { .. } => 2,
        Action::RunLoad { users, minutes } => load_requests(*users, *minutes),
        _ => 0,
    }
}

/// The requests a load run of `users` visitors for `minutes` is estimated at.
pub fn load_requests(users: u32, minutes: u32) -> u64 {
    let per_user = LOAD_FIRST_ROUND + (u64::from(minutes) * LOAD_PER_MINUTE_TENTHS).div_ceil(10);
    u64::from(users).saturating_mul(per_user)
}

/// Sweeps while the clock moves by `clock` and `requests` are answered.
fn sweeps_during(config: &WorldConfig, servers: u8, clock: SimTime, requests: u64) -> u64 {
    if config.store == StoreKind::SignedCookie {
        return 0;
    }
    let cache_passes = if config.store == StoreKind::Cache { clock.0 / SimTime::mins(1).0 } else { 0 };
    let cleanup = match config.session.cleanup {
        Cleanup::Sweep { interval_secs, jitter_percent } => {
            // The shortest average gap jitter can give, conservatively.
            let gap = SimTime::secs(interval_secs).0 / 200 * (200 - u64::from(jitter_percent.min(100)));
            u64::from(servers).saturating_mul(clock.0 / gap.max(1) + 1)
        }
        Cleanup::Probabilistic { one_in } => requests / u64::from(one_in.max(1)),
        _ => 0,
    };
    cleanup.saturating_add(cache_passes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::config::SessionConfig;

    fn max_run() -> Action {
        Action::RunLoad { users: 5000, minutes: 1440 }
    }

    #[test]
    fn one_load_run_of_the_maximum_fits_and_ten_do_not() {
        let c = WorldConfig::default();
        let one = Workload::of(&c, &[max_run()]);
        assert_eq!(one.requests, 2_920_000);
        assert_eq!(one.check("this link"), Ok(()));
        let ten = Workload::of(&c, &vec![max_run(); 10]);
        assert_eq!(
            ten.check("this link").unwrap_err(),
            "this link asks for about 29,200,000 simulated requests; Session Lab replays at most 3,000,000"
        );
    }

    #[test]
    fn sweeps_follow_the_cleanup_in_force_when_the_clock_moves() {
        let mut c = WorldConfig { servers: 8, ..WorldConfig::default() };
        let year = Action::Advance { by: SimTime::days(365) };
        assert_eq!(Workload::of(&c, std::slice::from_ref(&year)).sweeps, 0, "lazy cleanup sweeps nothing by the clock");
        let every_second = SessionConfig {
            cleanup: Cleanup::Sweep { interval_secs: 1, jitter_percent: 0 },
            ..SessionConfig::default()
        };
        let w = Workload::of(&c, &[Action::SetSession { config: Box::new(every_second.clone()) }, year.clone()]);
        assert_eq!(w.sweeps, 8 * (365 * 86_400 + 1));
        assert!(w.check("this link").unwrap_err().contains("cleanup sweeps"));
        let day = Action::Advance { by: SimTime::days(1) };
        c.session = every_second;
        assert_eq!(Workload::of(&c, &[day]).check("this link"), Ok(()));
    }

    #[test]
    fn too_many_actions_are_refused_by_their_count() {
        let w = Workload::of(&WorldConfig::default(), &vec![Action::Settle; 100_001]);
        assert_eq!(
            w.check("this link").unwrap_err(),
            "this link holds 100,001 actions; Session Lab replays at most 100,000"
        );
    }
}
