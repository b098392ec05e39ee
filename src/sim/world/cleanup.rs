//! Cleanup of expired sessions on the clock: periodic sweeps (each server
//! on its own jittered schedule, as every app process runs its own pruning
//! task), PHP-style probabilistic collection, and the cache's own expiry.

use super::agenda::{Due, CACHE_EXPIRY_PERIOD};
use super::World;
use crate::sim::config::Cleanup;
use crate::sim::event::EventKind;
use crate::sim::ids::{ServerNumber, SessionId};
use crate::sim::loss::{ExpiryKind, LossCause};
use crate::sim::store::{SessionStore, StoreKind};
use crate::sim::time::SimTime;

impl World {
    /// Sets every server's next sweep by the current cleanup policy.
    pub(crate) fn schedule_all_sweeps(&mut self) {
        for idx in 0..self.cluster.servers.len() {
            self.schedule_sweep(idx);
        }
    }

    /// Sets server `idx`'s next sweep: interval scaled by 100% +- jitter.
    pub(crate) fn schedule_sweep(&mut self, idx: usize) {
        let next = match self.config.session.cleanup {
            Cleanup::Sweep { interval_secs, jitter_percent } if self.config.store != StoreKind::SignedCookie => {
                let base = interval_secs.saturating_mul(1_000_000);
                let jitter = base / 100 * u64::from(jitter_percent);
                let spread = if jitter == 0 { 0 } else { self.rng.below(2 * jitter + 1) };
                Some(self.agenda.now + SimTime::micros(base - jitter + spread))
            }
            _ => None,
        };
        let server = &mut self.cluster.servers[idx];
        server.next_sweep = next;
        if let Some(t) = next {
            self.agenda.set_timer(t, Due::Sweep(server.number));
        }
    }

    /// A sweep came due: server `number` runs it if it is up and `at` is
    /// still its next sweep (a restart or a new setting moves it, leaving
    /// the old entry on the agenda), then sets its next one.
    #[cold]
    pub(crate) fn on_sweep_due(&mut self, number: ServerNumber, at: SimTime) {
        let Some(idx) = self.cluster.server_index(number) else { return };
        let server = &self.cluster.servers[idx];
        if !server.is_up() || server.next_sweep != Some(at) {
            return;
        }
        self.agenda.now = self.agenda.now.max(at);
        self.sweep_server(idx);
        self.schedule_sweep(idx);
    }

    /// The cache's expiry came due at `at`; nothing else is due before
    /// `horizon`. One pass covers every period up to the horizon. When the
    /// cluster does not use the cache, its next expiry is a period after
    /// the horizon.
    #[cold]
    pub(crate) fn on_cache_expiry_due(&mut self, at: SimTime, horizon: SimTime) {
        if self.config.store != StoreKind::Cache {
            self.agenda.set_timer(horizon + CACHE_EXPIRY_PERIOD, Due::CacheExpiry);
            return;
        }
        let periods = horizon.since(at).0 / CACHE_EXPIRY_PERIOD.0;
        let last = at + SimTime::micros(periods * CACHE_EXPIRY_PERIOD.0);
        self.agenda.now = self.agenda.now.max(last);
        self.expire_cache();
        self.agenda.set_timer(last + CACHE_EXPIRY_PERIOD, Due::CacheExpiry);
    }

    /// The cache deletes its expired keys by itself (Redis's active expiry).
    fn expire_cache(&mut self) {
        self.work += self.cluster.cache.len() as u64 / 32;
        let why = self.expiry_kinds(self.cluster.cache.expired(self.agenda.now));
        let removed = self.cluster.cache.sweep_expired(self.agenda.now);
        self.after_sweep(&removed, &why, None);
    }

    /// Server `idx` sweeps its store (for shared stores: the shared one).
    pub(crate) fn sweep_server(&mut self, idx: usize) {
        self.work += self.store_seen(idx).len() as u64 / 32;
        let now = self.agenda.now;
        let kind = self.config.store;
        let why = self.expiry_kinds(self.store_seen(idx).expired(now));
        // The truth: for the cached database, the database, not the servers' copies.
        let removed = kind.truth(self.reach(idx)).sweep_expired(now);
        // The server that ran the sweep, also for shared stores: each app process
        // prunes on its own schedule, which is what jitter spreads out.
        let server = Some(self.cluster.servers[idx].number);
        self.after_sweep(&removed, &why, server);
    }

    /// Which timeout ended each expired entry.
    fn expiry_kinds(&self, expired: Vec<(SessionId, SimTime)>) -> Vec<(SessionId, ExpiryKind)> {
        let absolute = self.config.session.absolute_timeout_secs.map(SimTime::secs);
        expired
            .into_iter()
            .map(|(id, created)| {
                let why = match absolute {
                    Some(a) if self.agenda.now.since(created) >= a => ExpiryKind::Absolute,
                    _ => ExpiryKind::Idle,
                };
                (id, why)
            })
            .collect()
    }

    fn after_sweep(&mut self, removed: &[SessionId], why: &[(SessionId, ExpiryKind)], server: Option<ServerNumber>) {
        // `removed` is in ID order (every sweep returns it so).
        for (id, kind) in why {
            if removed.binary_search(id).is_ok() {
                self.journal.ledger.lost(id, LossCause::ExpiredAndCleanedUp { why: *kind });
            }
        }
        let remaining = self.sessions_held() as u32;
        self.journal.metrics.expired += removed.len() as u64;
        let store = self.config.store;
        self.emit(None, EventKind::Swept { store, server, removed: removed.len() as u32, remaining });
        self.sample_store_size();
    }
}
