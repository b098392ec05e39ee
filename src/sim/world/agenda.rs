//! The agenda: the simulated clock and what is due on it. Hops of requests
//! in flight and load-run visitors waking up are kept in the order they were
//! scheduled; sweeps and the cache's own expiry are timers, run before a hop
//! due at the same time. Each entry says what it is ([`Due`]), so the world's
//! poll loop matches on it instead of decoding a number. (Inside this file
//! alone a hop or a wake is packed in one number, which keeps the heap every
//! hop goes through as small and quick as a heap of plain numbers.)

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::sim::ids::ServerNumber;
use crate::sim::time::SimTime;

/// Something due on the clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Due {
    /// The next hop of the request in flight slot `0`.
    Hop(u32),
    /// Load-run visitor `0` wakes up and clicks.
    Wake(u32),
    /// A server prunes expired sessions from its store.
    Sweep(ServerNumber),
    /// The shared cache deletes its expired keys (Redis's active expiry).
    CacheExpiry,
}

/// How often the cache's own expiry runs.
pub(crate) const CACHE_EXPIRY_PERIOD: SimTime = SimTime::secs(60);

/// An entry of the agenda: what is due, and when. Ordered by time, then by
/// an order (the scheduling order for hops and wakes; for timers, sweeps by
/// server number before the cache), both in one number, `key`: earliest
/// first in a max-heap, and one comparison each (every hop makes a few).
#[derive(Clone, Copy, Debug)]
struct Entry {
    key: u128,
    due: Due,
}

impl Entry {
    fn new(at: SimTime, order: u64, due: Due) -> Entry {
        Entry { key: (u128::from(at.0) << 64) | u128::from(order), due }
    }
    /// When it is due.
    fn at(&self) -> SimTime {
        SimTime((self.key >> 64) as u64)
    }
}

impl PartialEq for Entry {
    fn eq(&self, other: &Entry) -> bool {
        self.key == other.key
    }
}

impl Eq for Entry {}

impl PartialOrd for Entry {
    #[inline]
    fn partial_cmp(&self, other: &Entry) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    #[inline]
    fn cmp(&self, other: &Entry) -> std::cmp::Ordering {
        other.key.cmp(&self.key)
    }
}

/// The clock, the hops and wakes in scheduling order, and the timers.
#[derive(Clone, Debug)]
pub(crate) struct Agenda {
    /// The simulated time now.
    pub now: SimTime,
    /// Hops and wakes: by time, then by the order they were scheduled; the
    /// last number is the hop or wake, packed ([`pack`]).
    moves: BinaryHeap<Reverse<(SimTime, u64, u64)>>,
    /// Sweeps and cache expiry: by time, then sweeps (lowest server first)
    /// before the cache.
    timers: BinaryHeap<Entry>,
    /// When the earliest timer is due (every hop asks).
    next_timer_at: SimTime,
    seq: u64,
}

impl Default for Agenda {
    fn default() -> Agenda {
        let mut agenda = Agenda {
            now: SimTime::ZERO,
            moves: BinaryHeap::new(),
            timers: BinaryHeap::new(),
            next_timer_at: SimTime::NEVER,
            seq: 0,
        };
        agenda.set_timer(CACHE_EXPIRY_PERIOD, Due::CacheExpiry);
        agenda
    }
}

impl Agenda {
    /// Schedules a hop or a wake at `at`, after everything already due then.
    #[inline]
    pub fn schedule(&mut self, at: SimTime, due: Due) {
        self.seq += 1;
        self.moves.push(Reverse((at, self.seq, pack(due))));
    }

    /// Sets a sweep or the cache's expiry at `at`. An earlier entry for the
    /// same timer stays in the heap; the world skips it as stale when it
    /// no longer matches (a sweep's server keeps its own next time).
    pub fn set_timer(&mut self, at: SimTime, due: Due) {
        let order = match due {
            Due::Sweep(server) => u64::from(server.0),
            _ => u64::MAX,
        };
        self.timers.push(Entry::new(at, order, due));
        self.next_timer_at = self.next_timer_at.min(at);
    }

    /// Hops and wakes still to run.
    pub fn moves_pending(&self) -> usize {
        self.moves.len()
    }

    /// The time of the next hop or wake.
    #[inline]
    pub fn next_move_at(&self) -> Option<SimTime> {
        self.moves.peek().map(|Reverse((at, _, _))| *at)
    }

    /// Takes what is due next, at or before `until` (`None`: no limit),
    /// with the horizon a timer may run up to: the next hop's time, or
    /// `until`. Timers run before a hop due at the same time.
    #[inline(always)]
    pub fn poll(&mut self, until: Option<SimTime>) -> Option<(SimTime, Due, SimTime)> {
        let next_move = self.moves.peek().map_or(SimTime::NEVER, |Reverse((at, _, _))| *at);
        let horizon = match until {
            Some(u) => next_move.min(u),
            // Settling: timers run only on the way to a hop.
            None if self.moves.is_empty() => return None,
            None => next_move,
        };
        if self.next_timer_at <= horizon {
            return self.pop_timer(horizon);
        }
        if next_move > horizon {
            return None;
        }
        self.moves.pop().map(|Reverse((at, _, code))| (at, unpack(code), horizon))
    }

    /// Takes the earliest timer (due by `horizon`).
    #[cold]
    fn pop_timer(&mut self, horizon: SimTime) -> Option<(SimTime, Due, SimTime)> {
        let e = self.timers.pop()?;
        self.next_timer_at = self.timers.peek().map_or(SimTime::NEVER, Entry::at);
        Some((e.at(), e.due, horizon))
    }

    /// Drops every wake (a load run ends; its visitors click no more).
    pub fn cancel_wakes(&mut self) {
        self.moves.retain(|Reverse((_, _, code))| !matches!(unpack(*code), Due::Wake(_)));
    }
}

/// Marks a packed wake (a hop is its slot number as it is).
const WAKE: u64 = 1 << 63;

/// A hop or a wake as the heap of moves keeps it.
#[inline(always)]
fn pack(due: Due) -> u64 {
    match due {
        Due::Hop(slot) => u64::from(slot),
        Due::Wake(visitor) => WAKE | u64::from(visitor),
        // Timers have a heap of their own and are never packed.
        Due::Sweep(_) | Due::CacheExpiry => u64::MAX,
    }
}

/// The hop or wake `code` packs.
#[inline(always)]
fn unpack(code: u64) -> Due {
    if code & WAKE == 0 {
        Due::Hop(code as u32)
    } else {
        Due::Wake((code & !WAKE) as u32)
    }
}
