//! Cleanup of expired sessions on the clock: periodic sweeps (each server
//! on its own jittered schedule, as every app process runs its own pruning
//! task), PHP-style probabilistic collection, and the cache's own expiry.

use super::World;
use crate::sim::config::Cleanup;
use crate::sim::event::EventKind;
use crate::sim::ids::SessionId;
use crate::sim::loss::{ExpiryKind, LossCause};
use crate::sim::store::{SessionStore, StoreKind};
use crate::sim::time::SimTime;

/// How often the cache's own expiry runs.
const CACHE_EXPIRY_PERIOD: SimTime = SimTime::secs(60);

impl World {
    /// Sets every server's next sweep by the current cleanup policy.
    pub(crate) fn schedule_all_sweeps(&mut self) {
        for idx in 0..self.servers.len() {
            self.schedule_sweep(idx);
        }
    }

    /// Sets server `idx`'s next sweep: interval scaled by 100% +- jitter.
    pub(crate) fn schedule_sweep(&mut self, idx: usize) {
        self.servers[idx].next_sweep = match self.config.session.cleanup {
            Cleanup::Sweep { interval_secs, jitter_percent } if self.config.store != StoreKind::SignedCookie => {
                let base = interval_secs.saturating_mul(1_000_000);
                let jitter = base / 100 * u64::from(jitter_percent);
                let spread = if jitter == 0 { 0 } else { self.rng.below(2 * jitter + 1) };
                Some(self.now + SimTime::micros(base - jitter + spread))
            }
            _ => None,
        };
        if let Some(t) = self.servers[idx].next_sweep {
            self.timers_quiet_until = self.timers_quiet_until.min(t);
        }
    }

    /// Runs every sweep due up to `until`, in time order.
    pub(crate) fn run_timers(&mut self, until: SimTime) {
        // Every hop asks; most come between timers. A sweep or the cache's
        // expiry is only ever moved later, or set by `schedule_sweep`, which
        // lowers the bound: so nothing is due before it.
        if until < self.timers_quiet_until {
            return;
        }
        loop {
            let server_due = self
                .servers
                .iter()
                .enumerate()
                .filter(|(_, s)| s.is_up())
                .filter_map(|(i, s)| s.next_sweep.filter(|t| *t <= until).map(|t| (t, i)))
                .min();
            let cache_due = (self.config.store == StoreKind::Cache && self.next_cache_expiry <= until)
                .then_some(self.next_cache_expiry);
            match (server_due, cache_due) {
                (Some((t, i)), c) if c.is_none_or(|c| t <= c) => {
                    self.now = self.now.max(t);
                    self.sweep_server(i);
                    self.schedule_sweep(i);
                }
                (_, Some(c)) => {
                    // One pass covers every period that fell in the gap.
                    let periods = until.since(c).0 / CACHE_EXPIRY_PERIOD.0;
                    let at = c + SimTime::micros(periods * CACHE_EXPIRY_PERIOD.0);
                    self.now = self.now.max(at);
                    self.expire_cache();
                    self.next_cache_expiry = at + CACHE_EXPIRY_PERIOD;
                }
                (None, None) => break,
                (Some(_), None) => unreachable!(),
            }
        }
        if self.config.store != StoreKind::Cache && self.next_cache_expiry <= until {
            self.next_cache_expiry = until + CACHE_EXPIRY_PERIOD;
        }
        let next_sweep = self.servers.iter().filter_map(|s| s.next_sweep).min();
        self.timers_quiet_until = next_sweep.map_or(self.next_cache_expiry, |t| t.min(self.next_cache_expiry));
    }

    /// The cache deletes its expired keys by itself (Redis's active expiry).
    fn expire_cache(&mut self) {
        let why = self.expiry_kinds(self.cache.expired(self.now));
        let removed = self.cache.sweep_expired(self.now);
        self.after_sweep(&removed, &why, None);
    }

    /// Server `idx` sweeps its store (for shared stores: the shared one).
    pub(crate) fn sweep_server(&mut self, idx: usize) {
        let now = self.now;
        let kind = self.config.store;
        let why = self.expiry_kinds(self.store_seen(idx).expired(now));
        // The truth: for the cached database, the database, not the servers' copies.
        let removed = kind.truth(self.reach(idx)).sweep_expired(now);
        // The server that ran the sweep, also for shared stores: each app process
        // prunes on its own schedule, which is what jitter spreads out.
        let server = Some(self.servers[idx].number);
        self.after_sweep(&removed, &why, server);
    }

    /// Which timeout ended each expired entry.
    fn expiry_kinds(&self, expired: Vec<(SessionId, SimTime)>) -> Vec<(SessionId, ExpiryKind)> {
        let absolute = self.config.session.absolute_timeout_secs.map(SimTime::secs);
        expired
            .into_iter()
            .map(|(id, created)| {
                let why = match absolute {
                    Some(a) if self.now.since(created) >= a => ExpiryKind::Absolute,
                    _ => ExpiryKind::Idle,
                };
                (id, why)
            })
            .collect()
    }

    fn after_sweep(
        &mut self,
        removed: &[SessionId],
        why: &[(SessionId, ExpiryKind)],
        server: Option<crate::sim::ids::ServerNumber>,
    ) {
        // `removed` is in ID order (every sweep returns it so).
        for (id, kind) in why {
            if removed.binary_search(id).is_ok() {
                self.ledger.lost(id, LossCause::ExpiredAndCleanedUp { why: *kind });
            }
        }
        let remaining = self.sessions_held() as u32;
        self.metrics.expired += removed.len() as u64;
        let store = self.config.store;
        self.emit(None, EventKind::Swept { store, server, removed: removed.len() as u32, remaining });
        self.sample_store_size();
    }
}
