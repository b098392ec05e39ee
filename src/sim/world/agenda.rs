//! The agenda: the simulated clock and what is due on it. Hops of requests
//! in flight and load-run visitors waking up are kept in the order they were
//! scheduled; sweeps and the cache's own expiry are timers, run before a hop
//! due at the same time. Each entry says what it is ([`Due`]), so the world's
//! poll loop matches on it instead of decoding a number.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::sim::ids::ServerNumber;
use crate::sim::time::SimTime;

/// Something due on the clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Due {
    /// The next hop of the request in flight slot `0`.
    Hop(u64),
    /// Load-run visitor `0` wakes up and clicks.
    Wake(u32),
    /// A server prunes expired sessions from its store.
    Sweep(ServerNumber),
    /// The shared cache deletes its expired keys (Redis's active expiry).
    CacheExpiry,
}

/// How often the cache's own expiry runs.
pub(crate) const CACHE_EXPIRY_PERIOD: SimTime = SimTime::secs(60);

/// The clock, the hops and wakes in scheduling order, and the timers.
#[derive(Debug)]
pub(crate) struct Agenda {
    /// The simulated time now.
    pub now: SimTime,
    /// Hops and wakes: by time, then by the order they were scheduled.
    moves: BinaryHeap<Reverse<(SimTime, u64, Due)>>,
    /// Sweeps and cache expiry: by time, then sweeps (lowest server first)
    /// before the cache.
    timers: BinaryHeap<Reverse<(SimTime, Due)>>,
    seq: u64,
}

impl Default for Agenda {
    fn default() -> Agenda {
        let mut agenda = Agenda { now: SimTime::ZERO, moves: BinaryHeap::new(), timers: BinaryHeap::new(), seq: 0 };
        agenda.set_timer(CACHE_EXPIRY_PERIOD, Due::CacheExpiry);
        agenda
    }
}

impl Agenda {
    /// Schedules a hop or a wake at `at`, after everything already due then.
    pub fn schedule(&mut self, at: SimTime, due: Due) {
        self.seq += 1;
        self.moves.push(Reverse((at, self.seq, due)));
    }

    /// Sets a sweep or the cache's expiry at `at`. An earlier entry for the
    /// same timer stays in the heap; the world skips it as stale when it
    /// no longer matches (a sweep's server keeps its own next time).
    pub fn set_timer(&mut self, at: SimTime, due: Due) {
        self.timers.push(Reverse((at, due)));
    }

    /// Hops and wakes still to run.
    pub fn moves_pending(&self) -> usize {
        self.moves.len()
    }

    /// The time of the next hop or wake.
    pub fn next_move_at(&self) -> Option<SimTime> {
        self.moves.peek().map(|Reverse((t, _, _))| *t)
    }

    /// Takes what is due next, at or before `until` (`None`: no limit),
    /// with the horizon a timer may run up to: the next hop's time, or
    /// `until`. Timers run before a hop due at the same time.
    pub fn poll(&mut self, until: Option<SimTime>) -> Option<(SimTime, Due, SimTime)> {
        let next_move = self.next_move_at();
        let horizon = match (next_move, until) {
            (Some(m), Some(u)) => m.min(u),
            (Some(m), None) => m,
            (None, Some(u)) => u,
            (None, None) => return None,
        };
        if let Some(&Reverse((t, due))) = self.timers.peek() {
            if t <= horizon {
                self.timers.pop();
                return Some((t, due, horizon));
            }
        }
        match next_move {
            Some(m) if m <= horizon => self.moves.pop().map(|Reverse((t, _, due))| (t, due, horizon)),
            _ => None,
        }
    }

    /// Drops every wake (a load run ends; its visitors click no more).
    pub fn cancel_wakes(&mut self) {
        self.moves.retain(|Reverse((_, _, due))| !matches!(due, Due::Wake(_)));
    }
}
