//! The journal: what the world records as it runs. The actions applied (a
//! world is rebuilt from them), the events (the log), the exchanges (each
//! request's headers, for the inspector), the metrics and the ledger of
//! every session ID's fate. It only records; it decides nothing.
//!
//! The log is bounded: it keeps the latest [`EVENT_LOG_CAP`] events in full
//! (up to [`EVENT_LOG_CAP`] + [`DROP_CHUNK`]: older ones leave a chunk at a
//! time) and counts those it let go in an [`EventSummary`], by kind and,
//! for lost sessions, by cause. Events keep their numbers: event `n` is the
//! `n`-th ever recorded, kept or not. The metrics and the ledger are never
//! cut. A 5,000-visitor, 24-hour load run records about 586,000 events; the
//! budget world of the UI (8 servers, 1,000 sessions) 10,000, and no lesson
//! or test comes near the cap.

use std::collections::BTreeMap;

use super::Ledger;
use crate::sim::action::Action;
use crate::sim::config::WorldConfig;
use crate::sim::event::{Event, EventKind, EventName};
use crate::sim::http::Exchange;
use crate::sim::ids::RequestId;
use crate::sim::metrics::Metrics;
use crate::sim::time::SimTime;
use crate::sim::workload::Estimate;

/// The most events the log keeps in full: five times the UI's budget world,
/// 3.6 MB natively (an event is 72 bytes; a few own a little more).
pub const EVENT_LOG_CAP: usize = 50_000;
/// How many of the oldest events leave the log at once when it is full, so
/// that making room is rare (the log holds at most the cap plus this).
pub const DROP_CHUNK: usize = 10_000;

/// What the events no longer kept in full were.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventSummary {
    /// Events summarised here (counted by kind below).
    pub events: u64,
    /// Of those, how many of each kind.
    pub by_kind: BTreeMap<EventName, u64>,
    /// Sessions lost among them, by cause (as [`crate::sim::LossCause::label`] names it).
    pub losses: BTreeMap<&'static str, u64>,
    /// The time of the latest of them.
    pub until: SimTime,
    /// Events forgotten by [`crate::sim::World::clear_log`], counted only.
    pub cleared: u64,
}

impl EventSummary {
    /// Counts one event that leaves the log.
    fn add(&mut self, e: &Event) {
        self.events += 1;
        *self.by_kind.entry(EventName::from(&e.kind)).or_default() += 1;
        if let EventKind::SessionLost { cause, .. } = e.kind {
            *self.losses.entry(cause.label()).or_default() += 1;
        }
        self.until = self.until.max(e.at);
    }

    /// Sessions lost among the events summarised.
    pub fn lost(&self) -> u64 {
        self.losses.values().sum()
    }
}

/// Everything recorded so far.
#[derive(Clone, Debug)]
pub(crate) struct Journal {
    /// Every action applied, in order.
    pub actions: Vec<Action>,
    /// The latest events, in order (see the module's comment).
    pub events: Vec<Event>,
    /// The number of `events[0]`: how many were recorded before it.
    pub first_kept: usize,
    /// What the events no longer kept were.
    pub summary: EventSummary,
    /// The named browsers' requests and responses, oldest first.
    pub exchanges: Vec<Exchange>,
    /// Whether to keep each request's headers.
    pub keep_exchanges: bool,
    /// Counters for the metrics strip.
    pub metrics: Metrics,
    /// What is known of every issued ID.
    pub ledger: Ledger,
    /// The work the recorded actions ask of a replay (kept as they are
    /// recorded, so that the world never grows past what a link, a file or a
    /// saved sandbox may hold).
    pub work: Estimate,
}

impl Journal {
    /// An empty journal for a world that starts with `config`.
    pub fn new(config: &WorldConfig) -> Journal {
        Journal {
            work: Estimate::new(config),
            actions: Vec::new(),
            events: Vec::new(),
            first_kept: 0,
            summary: EventSummary::default(),
            exchanges: Vec::new(),
            keep_exchanges: true,
            metrics: Metrics::default(),
            ledger: Ledger::default(),
        }
    }

    /// Records an applied action (and its work).
    pub fn record(&mut self, action: Action) {
        self.work.add(&action);
        self.actions.push(action);
    }

    /// Records that `kind` happened at `at`, for `request` if one caused it.
    pub fn emit(&mut self, at: SimTime, request: Option<RequestId>, kind: EventKind) {
        if self.events.len() >= EVENT_LOG_CAP + DROP_CHUNK {
            self.make_room();
        }
        self.events.push(Event { at, request, kind });
    }

    /// Summarises the oldest [`DROP_CHUNK`] events and lets them go.
    #[cold]
    fn make_room(&mut self) {
        for e in &self.events[..DROP_CHUNK] {
            self.summary.add(e);
        }
        self.events.drain(..DROP_CHUNK);
        self.first_kept += DROP_CHUNK;
    }

    /// How many events were ever recorded, kept or not.
    pub fn event_count(&self) -> usize {
        self.first_kept + self.events.len()
    }

    /// The events kept from number `n` on (all of them kept if `n` is older).
    pub fn events_since(&self, n: usize) -> &[Event] {
        &self.events[n.saturating_sub(self.first_kept).min(self.events.len())..]
    }

    /// Forgets events and exchanges (metrics and the ledger stay; the
    /// events are counted as cleared, and numbers go on).
    pub fn clear_log(&mut self) {
        self.first_kept += self.events.len();
        self.summary.cleared += self.events.len() as u64;
        self.events.clear();
        self.exchanges.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::ids::BrowserId;
    use crate::sim::loss::LossCause;

    fn lost() -> EventKind {
        EventKind::SessionLost { browser: BrowserId::ALICE, session: None, cause: LossCause::Evicted }
    }

    #[test]
    fn the_log_keeps_the_latest_events_and_counts_the_others() {
        let mut j = Journal::new(&WorldConfig::default());
        let total = EVENT_LOG_CAP + 3 * DROP_CHUNK + 7;
        for i in 0..total {
            let kind = if i % 2 == 0 { lost() } else { EventKind::ClockAdvanced { by: SimTime::secs(1) } };
            j.emit(SimTime::micros(i as u64), None, kind);
        }
        assert_eq!(j.event_count(), total);
        assert!(j.events.len() >= EVENT_LOG_CAP && j.events.len() <= EVENT_LOG_CAP + DROP_CHUNK);
        assert_eq!(j.first_kept + j.events.len(), total);
        assert_eq!(j.summary.events as usize, j.first_kept);
        assert_eq!(j.summary.by_kind.values().sum::<u64>(), j.summary.events);
        assert_eq!(j.summary.lost(), j.summary.events / 2, "every other event was a loss");
        assert_eq!(j.events[0].at, SimTime::micros(j.first_kept as u64), "event numbers go on");
        assert_eq!(j.events_since(total - 3).len(), 3);
        assert_eq!(j.events_since(0).len(), j.events.len());
        j.clear_log();
        assert_eq!((j.event_count(), j.events_since(0).len()), (total, 0));
    }
}
