//! The journal: what the world records as it runs. The actions applied (a
//! world is rebuilt from them), the events (the log), the exchanges (each
//! request's headers, for the inspector), the metrics and the ledger of
//! every session ID's fate. It only records; it decides nothing.

use super::Ledger;
use crate::sim::action::Action;
use crate::sim::event::{Event, EventKind};
use crate::sim::http::Exchange;
use crate::sim::ids::RequestId;
use crate::sim::metrics::Metrics;
use crate::sim::time::SimTime;

/// Everything recorded so far.
#[derive(Clone, Debug)]
pub(crate) struct Journal {
    /// Every action applied, in order.
    pub actions: Vec<Action>,
    /// Every event, in order.
    pub events: Vec<Event>,
    /// The named browsers' requests and responses, oldest first.
    pub exchanges: Vec<Exchange>,
    /// Whether to keep each request's headers.
    pub keep_exchanges: bool,
    /// Counters for the metrics strip.
    pub metrics: Metrics,
    /// What is known of every issued ID.
    pub ledger: Ledger,
}

impl Default for Journal {
    fn default() -> Journal {
        Journal {
            actions: Vec::new(),
            events: Vec::new(),
            exchanges: Vec::new(),
            keep_exchanges: true,
            metrics: Metrics::default(),
            ledger: Ledger::default(),
        }
    }
}

impl Journal {
    /// Records that `kind` happened at `at`, for `request` if one caused it.
    pub fn emit(&mut self, at: SimTime, request: Option<RequestId>, kind: EventKind) {
        self.events.push(Event { at, request, kind });
    }

    /// Forgets events and exchanges (metrics and the ledger stay).
    pub fn clear_log(&mut self) {
        self.events.clear();
        self.exchanges.clear();
    }
}
