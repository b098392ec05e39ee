//! The shared store's life and the store in use: take the database or cache
//! down and up, restart or crash it, switch the cluster to another store.
//! One handler each; each records what was lost and why.

use super::{ActionError, World};
use crate::sim::config::{Cleanup, ConfigError, Persistence};
use crate::sim::event::EventKind;
use crate::sim::ids::SessionId;
use crate::sim::loss::LossCause;
use crate::sim::store::{DatabaseStore, SessionStore, StoreKind};

impl World {
    /// The shared store stops answering (`up` false) or answers again.
    pub(super) fn on_store_outage(&mut self, up: bool) -> Result<(), ActionError> {
        let kind = self.config.store;
        let store = kind.shared_mut(self.reach(0)).ok_or_else(|| no_shared_store(kind))?;
        if store.is_up() == up {
            let name = store.name();
            return Err(ActionError::new(format!("the {name} is already {}", if up { "up" } else { "down" })));
        }
        store.set_up(up);
        self.emit(None, EventKind::StoreOutage { store: kind, up });
        if !up {
            self.crash_servers_whose_client_dies();
        }
        Ok(())
    }

    /// The shared store restarts cleanly, or is killed (`crash`) and started
    /// again; what it loses depends on its persistence.
    pub(super) fn on_restart_store(&mut self, crash: bool) -> Result<(), ActionError> {
        let (kind, now) = (self.config.store, self.agenda.now);
        if kind.shared_mut(self.reach(0)).is_none() {
            return Err(no_shared_store(kind));
        }
        // Every server's client sees the connection close.
        self.crash_servers_whose_client_dies();
        let store = kind.shared_mut(self.reach(0)).ok_or_else(|| no_shared_store(kind))?;
        let ids = if crash { store.crash(now) } else { store.restart(now) };
        // What is lost comes back from a snapshot older than it, or not at all.
        let from_snapshot = crash && self.config.cache.persistence == Persistence::Snapshots;
        self.mark_lost(&ids, if from_snapshot { LossCause::CacheCrashed } else { LossCause::CacheRestarted });
        let lost = ids.len() as u32;
        if crash {
            self.emit(None, EventKind::StoreCrashed { store: kind, lost });
        } else {
            self.emit(None, EventKind::StoreRestarted { store: kind, lost });
        }
        self.sample_store_size();
        Ok(())
    }

    /// The cluster moves to another store; every session is left behind.
    pub(super) fn on_switch_store(&mut self, to: StoreKind) -> Result<(), ActionError> {
        let from = self.config.store;
        if from == to {
            return Err(ActionError::new(format!("the store is already {}", to.label())));
        }
        if to == StoreKind::SignedCookie && self.config.session.secret.is_empty() {
            return Err(ConfigError::new("Signing secret", "a signed-cookie session needs a secret").into());
        }
        let dropped = self.drop_all_sessions(LossCause::StoreSwitched { from });
        self.config.store = to;
        if self.config.session.cleanup == Cleanup::Ttl && to != StoreKind::Cache {
            // Only the cache expires keys by itself; other stores delete
            // an expired session when they read it.
            self.config.session.cleanup = Cleanup::LazyOnRead;
        }
        self.schedule_all_sweeps();
        self.emit(None, EventKind::StoreSwitched { from, to, dropped });
        self.sample_store_size();
        Ok(())
    }

    /// Empties every store (the cluster moves to a new one). Returns how many
    /// sessions the current store held.
    pub(super) fn drop_all_sessions(&mut self, cause: LossCause) -> u32 {
        let mut ids: Vec<SessionId> = Vec::new();
        for s in &mut self.cluster.servers {
            ids.extend(s.memory.wipe());
            ids.extend(s.disk.wipe());
            s.local_cache.wipe();
        }
        let db: Vec<SessionId> = self.cluster.database.entries().iter().map(|r| r.id.clone()).collect();
        let cache = self.cluster.cache.wipe();
        ids.extend(db);
        ids.extend(cache);
        self.cluster.database = DatabaseStore::new();
        self.mark_lost(&ids, cause);
        ids.len() as u32
    }
}

fn no_shared_store(kind: StoreKind) -> ActionError {
    ActionError::new(format!("{} storage has no shared database or cache to take down or restart", kind.label()))
}
