//! The traffic generator: N visitors follow a shopping script (browse, log
//! in with an account of their own, add items, check out, idle, come back)
//! for T simulated minutes, with think times drawn from the world's seeded
//! randomness. Their hops are not logged one by one; their losses, metrics
//! and the report are.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::agenda::Due;
use super::World;
use crate::sim::browser::Browser;
use crate::sim::http::Route;
use crate::sim::ids::BrowserId;
use crate::sim::metrics::{Metrics, StoreOps};
use crate::sim::session::Item;
use crate::sim::store::StoreKind;
use crate::sim::time::SimTime;

pub use crate::sim::action_check::{MAX_MINUTES, MAX_USERS};

/// What a load run measured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoadReport {
    /// Visitors.
    pub users: u32,
    /// Simulated minutes.
    pub minutes: u32,
    /// The store in use.
    pub store: StoreKind,
    /// Requests answered.
    pub requests: u64,
    /// Requests answered with 5xx.
    pub failed_requests: u64,
    /// Sessions created.
    pub sessions_created: u64,
    /// Sessions lost, by cause.
    pub lost_by_cause: BTreeMap<String, u64>,
    /// Sessions that expired.
    pub expired: u64,
    /// Lost updates.
    pub lost_updates: u64,
    /// Sessions held by the store at the end.
    pub store_size: u64,
    /// Store operations during the run.
    pub ops: StoreOps,
    /// Median latency.
    pub p50: SimTime,
    /// 99th percentile latency.
    pub p99: SimTime,
}

/// The visitors of load runs and what the last run measured.
#[derive(Clone, Debug, Default)]
pub(crate) struct LoadRun {
    /// Each visitor's place in the script, by visitor number.
    pub visitors: Vec<Visitor>,
    /// Visitors start nothing new from this time on.
    pub until: SimTime,
    /// The report of the last run.
    pub last: Option<LoadReport>,
}

/// Where a visitor is in the script.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Visitor {
    step: u8,
}

impl World {
    /// Writes the report of the load run that `started` as `before` (the
    /// metrics then, without latencies; `latencies_before` of them).
    pub(super) fn write_load_report(&mut self, users: u32, minutes: u32, before: &Metrics, latencies_before: usize) {
        let m = &self.journal.metrics;
        let mut lost = m.lost_by_cause.clone();
        for (k, v) in &before.lost_by_cause {
            if let Some(x) = lost.get_mut(k) {
                *x -= v;
            }
        }
        lost.retain(|_, v| *v > 0);
        let (ops_now, ops_then) = (m.ops(self.config.store), before.ops(self.config.store));
        // The run's own latencies, copied once (millions after a long run).
        let [p50, p99] =
            crate::sim::metrics::latency_percentiles(&m.latencies_us[latencies_before..], [50, 99]).unwrap_or_default();
        self.load_run.last = Some(LoadReport {
            users,
            minutes,
            store: self.config.store,
            requests: m.requests - before.requests,
            failed_requests: m.failed_requests - before.failed_requests,
            sessions_created: m.sessions_created - before.sessions_created,
            lost_by_cause: lost,
            expired: m.expired - before.expired,
            lost_updates: m.lost_updates - before.lost_updates,
            store_size: self.sessions_held() as u64,
            ops: StoreOps {
                reads: ops_now.reads - ops_then.reads,
                cache_hits: ops_now.cache_hits - ops_then.cache_hits,
                writes: ops_now.writes - ops_then.writes,
                touches: ops_now.touches - ops_then.touches,
                deletes: ops_now.deletes - ops_then.deletes,
            },
            p50,
            p99,
        });
    }

    /// Makes sure there are `users` visitors, each with a browser.
    pub(super) fn enlist_visitors(&mut self, users: u32) {
        let first = BrowserId::FIRST_VISITOR as usize;
        while self.browsers.len() < first + users as usize {
            let n = (self.browsers.len() - first) as u32;
            self.browsers.push(Browser::visitor(n));
            self.load_run.visitors.push(Visitor::default());
        }
    }

    /// The report of the last load run, if any.
    pub fn last_load(&self) -> Option<&LoadReport> {
        self.load_run.last.as_ref()
    }

    /// A visitor wakes up and sends its next request.
    pub(crate) fn visitor_wake(&mut self, n: u32) {
        if self.agenda.now >= self.load_run.until {
            return;
        }
        let browser = BrowserId(BrowserId::FIRST_VISITOR + n);
        let idx = browser.0 as usize;
        if !self.browsers[idx].open {
            return;
        }
        let step = self.load_run.visitors[n as usize].step;
        let route = match step {
            0 => Route::Home,
            1 => match self.browsers[idx].user {
                Some(user) => Route::Login { user, password_ok: true },
                None => Route::Home,
            },
            2 | 3 => Route::AddToCart { item: Item::ALL[self.rng.below(4) as usize] },
            4 => Route::Cart,
            5 => Route::Checkout { step: 1 },
            6 => Route::Checkout { step: 2 },
            _ => Route::Checkout { step: 3 },
        };
        self.load_run.visitors[n as usize].step = (step + 1) % 8;
        self.send(browser, route, false);
    }

    /// After a response: a visitor thinks, then goes on (or idles for a
    /// while after checking out, and sometimes closes the browser).
    pub(crate) fn after_response(&mut self, browser: BrowserId, _route: Route) {
        if browser.0 < BrowserId::FIRST_VISITOR || self.agenda.now >= self.load_run.until {
            return;
        }
        let n = browser.0 - BrowserId::FIRST_VISITOR;
        let think = if self.load_run.visitors[n as usize].step == 0 {
            // Done a round: away for 1 to 40 minutes.
            SimTime::secs(60 + self.rng.below(39 * 60))
        } else {
            SimTime::secs(2 + self.rng.below(18))
        };
        let at = self.agenda.now + think;
        self.schedule(at, Due::Wake(n));
    }
}
