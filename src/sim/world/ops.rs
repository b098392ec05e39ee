//! World actions other than browsing: server lifecycle (restart, crash,
//! start, replace, add, remove), the shared store's outages, switching the
//! store, and changing settings. Each records what was lost and why.

use super::{ActionError, World};
use crate::sim::action::Action;
use crate::sim::config::{ConfigError, OutageReply, Persistence, MAX_SERVERS};
use crate::sim::event::{EventKind, SettingChanged};
use crate::sim::ids::{ServerNumber, SessionId};
use crate::sim::loss::LossCause;
use crate::sim::server::{Server, ServerStatus};
use crate::sim::store::{CacheStore, SessionStore, SignedCookieStore, StoreKind};

impl World {
    pub(crate) fn world_action(&mut self, action: &Action) -> Result<(), ActionError> {
        match action {
            Action::RestartServer { server } => {
                let idx = self.existing(*server)?;
                if !self.servers[idx].is_up() {
                    return Err(ActionError::new(format!("{server} is down; start it instead")));
                }
                let lost = self.stop_server(idx, LossCause::ServerRestarted { server: *server });
                self.servers[idx].start_process(self.now);
                self.schedule_sweep(idx);
                self.emit(None, EventKind::ServerRestarted { server: *server, lost });
            }
            Action::CrashServer { server } => {
                let idx = self.existing(*server)?;
                if !self.servers[idx].is_up() {
                    return Err(ActionError::new(format!("{server} is already down")));
                }
                self.crash_server(idx);
            }
            Action::StartServer { server } => {
                let idx = self.existing(*server)?;
                if self.servers[idx].is_up() {
                    return Err(ActionError::new(format!("{server} is already up")));
                }
                self.servers[idx].start_process(self.now);
                self.schedule_sweep(idx);
                self.emit(None, EventKind::ServerStarted { server: *server });
            }
            Action::ReplaceServer { server } => {
                let idx = self.existing(*server)?;
                let cause = LossCause::ServerReplaced { server: *server };
                self.retire_process_key(idx);
                let mut lost = self.stop_server(idx, cause);
                lost += self.wipe_disk(idx, cause);
                let instance = self.servers[idx].instance + 1;
                let process = self.servers[idx].process;
                self.servers[idx] = Server::new(*server, self.now);
                self.servers[idx].instance = instance;
                self.servers[idx].process = process + 1;
                self.schedule_sweep(idx);
                self.emit(None, EventKind::ServerReplaced { server: *server, lost });
            }
            Action::AddServer => {
                if self.servers.len() >= MAX_SERVERS as usize {
                    return Err(ActionError::new(format!("a world has at most {MAX_SERVERS} servers")));
                }
                let number = (1..=MAX_SERVERS)
                    .map(ServerNumber)
                    .find(|n| self.server_index(*n).is_none())
                    .unwrap_or(ServerNumber(MAX_SERVERS));
                let at = self.servers.iter().position(|s| s.number > number).unwrap_or(self.servers.len());
                self.servers.insert(at, Server::new(number, self.now));
                self.schedule_sweep(at);
                self.emit(None, EventKind::ServerAdded { server: number });
            }
            Action::RemoveServer { server } => {
                let idx = self.existing(*server)?;
                if self.servers.len() == 1 {
                    return Err(ActionError::new("the last server cannot be removed; a world has at least 1"));
                }
                let cause = LossCause::ServerRemoved { server: *server };
                self.retire_process_key(idx);
                let mut lost = self.stop_server(idx, cause);
                lost += self.wipe_disk(idx, cause);
                self.servers.remove(idx);
                self.emit(None, EventKind::ServerRemoved { server: *server, lost });
            }
            Action::StoreDown | Action::StoreUp => {
                let up = matches!(action, Action::StoreUp);
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
            }
            Action::RestartStore | Action::CrashStore => {
                let crash = matches!(action, Action::CrashStore);
                let (kind, now) = (self.config.store, self.now);
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
            }
            Action::SwitchStore { to } => {
                let from = self.config.store;
                if from == *to {
                    return Err(ActionError::new(format!("the store is already {}", to.label())));
                }
                if *to == StoreKind::SignedCookie && self.config.session.secret.is_empty() {
                    return Err(ConfigError::new("Signing secret", "a signed-cookie session needs a secret").into());
                }
                let dropped = self.drop_all_sessions(LossCause::StoreSwitched { from });
                self.config.store = *to;
                if self.config.session.cleanup == crate::sim::config::Cleanup::Ttl && *to != StoreKind::Cache {
                    // Only the cache expires keys by itself; other stores delete
                    // an expired session when they read it.
                    self.config.session.cleanup = crate::sim::config::Cleanup::LazyOnRead;
                }
                self.schedule_all_sweeps();
                self.emit(None, EventKind::StoreSwitched { from, to: *to, dropped });
                self.sample_store_size();
            }
            Action::SetTlsToServers { on } => {
                self.config.tls_to_servers = *on;
                self.emit(None, EventKind::SettingsChanged { what: SettingChanged::Tls });
            }
            Action::SetBalancing { policy } => {
                self.config.balancing = *policy;
                self.emit(None, EventKind::SettingsChanged { what: SettingChanged::Balancing });
            }
            Action::SetSession { config } => {
                let mut next = self.config.clone();
                next.session = (**config).clone();
                next.validate()?;
                self.set_config(next);
                self.emit(None, EventKind::SettingsChanged { what: SettingChanged::Session });
            }
            Action::SetCache { settings } => {
                let mut next = self.config.clone();
                next.cache = settings.clone();
                next.validate()?;
                self.set_config(next);
                self.emit(None, EventKind::SettingsChanged { what: SettingChanged::Cache });
            }
            Action::ApplyPreset { preset } => {
                let mut next = self.config.clone();
                preset.apply(&mut next);
                next.validate()?;
                if next.store != self.config.store {
                    let from = self.config.store;
                    let dropped = self.drop_all_sessions(LossCause::StoreSwitched { from });
                    self.emit(None, EventKind::StoreSwitched { from, to: next.store, dropped });
                }
                self.set_config(next);
                self.emit(None, EventKind::SettingsChanged { what: SettingChanged::Preset });
            }
            other => return Err(ActionError::new(format!("{other:?} is not a world action"))),
        }
        Ok(())
    }

    /// Crashes every server that is up when the library's store client kills
    /// its process on a lost connection (connect-redis 9.0.0 set up as its
    /// README shows: node-redis emits `error` with no listener, and Node.js
    /// exits; measured: both app servers exit when Redis stops).
    fn crash_servers_whose_client_dies(&mut self) {
        if self.config.session.library.store_outage != OutageReply::ServerCrashes {
            return;
        }
        for idx in 0..self.servers.len() {
            if self.servers[idx].is_up() {
                self.crash_server(idx);
            }
        }
    }

    /// Ends a server's process; it stays down until started.
    fn crash_server(&mut self, idx: usize) {
        let server = self.servers[idx].number;
        let lost = self.stop_server(idx, LossCause::ServerCrashed { server });
        self.servers[idx].status = ServerStatus::Down;
        self.servers[idx].next_sweep = None;
        self.emit(None, EventKind::ServerCrashed { server, lost });
    }

    fn existing(&self, n: ServerNumber) -> Result<usize, ActionError> {
        self.server_index(n).ok_or_else(|| ActionError::new(format!("there is no {n}")))
    }

    /// Ends a server's process; sessions in its memory are lost with `cause`
    /// when memory is where the cluster keeps them. Returns how many.
    fn stop_server(&mut self, idx: usize, cause: LossCause) -> u32 {
        let ids = self.servers[idx].stop_process();
        if self.config.store == StoreKind::InMemory {
            self.mark_lost(&ids, cause);
            self.sample_store_size();
            ids.len() as u32
        } else {
            0
        }
    }

    /// Throws a server's disk away.
    fn wipe_disk(&mut self, idx: usize, cause: LossCause) -> u32 {
        let ids = self.servers[idx].disk.wipe();
        if self.config.store == StoreKind::File {
            self.mark_lost(&ids, cause);
            self.sample_store_size();
            ids.len() as u32
        } else {
            0
        }
    }

    fn mark_lost(&mut self, ids: &[SessionId], cause: LossCause) {
        for id in ids {
            self.ledger.lost(id, cause);
        }
    }

    /// Empties every store (the cluster moves to a new one). Returns how many
    /// sessions the current store held.
    fn drop_all_sessions(&mut self, cause: LossCause) -> u32 {
        let mut ids: Vec<SessionId> = Vec::new();
        for s in &mut self.servers {
            ids.extend(s.memory.wipe());
            ids.extend(s.disk.wipe());
            s.local_cache.wipe();
        }
        let db: Vec<SessionId> = self.database.entries().iter().map(|r| r.id.clone()).collect();
        let cache = self.cache.wipe();
        ids.extend(db);
        ids.extend(cache);
        self.database = crate::sim::store::DatabaseStore::new();
        self.mark_lost(&ids, cause);
        ids.len() as u32
    }

    /// Installs a validated config, rebuilding what depends on it.
    fn set_config(&mut self, next: crate::sim::config::WorldConfig) {
        let cache_changed = next.cache != self.config.cache;
        if next.session.cookie.name != self.config.session.cookie.name {
            self.note_cookie_renamed(&next);
        }
        self.cookie_store = SignedCookieStore::sealed(
            next.session.secret.as_bytes(),
            next.session.cookie.name.len(),
            next.session.library.cookie_seal,
        );
        if cache_changed {
            let mut fresh = CacheStore::new(next.cache.memory_limit_bytes as usize, next.cache.persistence);
            let mut evicted = Vec::new();
            for r in self.cache.entries() {
                if let Ok(saved) = fresh.save(r, self.now) {
                    evicted.extend(saved.evicted);
                }
            }
            self.mark_lost(&evicted, LossCause::Evicted);
            self.cache = fresh;
        }
        self.config = next;
        self.config_version += 1;
        self.schedule_all_sweeps();
    }
}

impl World {
    /// The session cookie gets a new name: every browser holding one under
    /// the old name will arrive without a session cookie the server reads.
    fn note_cookie_renamed(&mut self, next: &crate::sim::config::WorldConfig) {
        let cause = if next.store == self.config.store {
            LossCause::CookieRenamed
        } else {
            LossCause::StoreSwitched { from: self.config.store }
        };
        let old = self.config.session.cookie.name.clone();
        for idx in 0..self.browsers.len() {
            let Some(value) = self.browsers[idx].jar.get(&old).map(|c| c.value.clone()) else { continue };
            // The first thing that cut the browser off explains the loss: a
            // rename must not hide an earlier store switch or timeout.
            let cause = match self.ledger.fate(&self.session_id_in(&value)) {
                super::Fate::Lost(earlier) => earlier,
                _ => cause,
            };
            let b = &mut self.browsers[idx];
            b.renamed_from = Some(value);
            b.cookie_gone.get_or_insert(cause);
        }
    }
}

fn no_shared_store(kind: StoreKind) -> ActionError {
    ActionError::new(format!("{} storage has no shared database or cache to take down or restart", kind.label()))
}
