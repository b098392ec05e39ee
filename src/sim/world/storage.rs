//! Where sessions live: picks the store a server uses under the current
//! store kind, runs store operations with their events and counters, and
//! lists every store's contents for the inspector.

use super::World;
use crate::sim::event::{EventKind, WriteKind};
use crate::sim::ids::{RequestId, ServerNumber, SessionId};
use crate::sim::loss::LossCause;
use crate::sim::session::SessionRecord;
use crate::sim::store::{CachedDatabase, Loaded, SessionStore, SignedCookieStore, StoreError, StoreKind};
use crate::sim::time::SimTime;

/// One store's contents, as the inspector lists them.
#[derive(Debug)]
pub struct StoreView<'a> {
    /// The kind of store.
    pub kind: StoreKind,
    /// The server it belongs to, for per-server stores and caches.
    pub server: Option<ServerNumber>,
    /// A title such as "server 2: memory" or "shared database".
    pub title: String,
    /// Whether it answers.
    pub up: bool,
    /// Its records, in ID order.
    pub entries: Vec<&'a SessionRecord>,
}

impl World {
    /// Runs `f` on the store server `idx` uses under the current kind.
    fn with_store<R>(&mut self, idx: usize, f: impl FnOnce(&mut dyn SessionStore) -> R) -> R {
        match self.config.store {
            StoreKind::InMemory => f(&mut self.servers[idx].memory),
            StoreKind::File => f(&mut self.servers[idx].disk),
            StoreKind::Database => f(&mut self.database),
            StoreKind::Cache => f(&mut self.cache),
            StoreKind::CachedDatabase => {
                let server = &mut self.servers[idx];
                let mut view = CachedDatabase::new(&mut server.local_cache, &mut self.database);
                f(&mut view)
            }
            StoreKind::SignedCookie if self.config.session.library.key_per_process => {
                self.make_process_key(idx);
                match &mut self.servers[idx].process_key {
                    Some((_, _, store)) => f(store),
                    None => f(&mut self.cookie_store),
                }
            }
            StoreKind::SignedCookie => f(&mut self.cookie_store),
        }
    }

    /// Makes the key of server `idx`'s current process if it has none yet
    /// (each process its own, as `Key::generate()` at start does). Derived
    /// from the secret, the server and the process, so the world stays
    /// deterministic.
    fn make_process_key(&mut self, idx: usize) {
        let s = &self.servers[idx];
        let cfg = &self.config.session;
        let secret = format!("{}/server {}/process {}/instance {}", cfg.secret, s.number.0, s.process, s.instance);
        let current = |(p, made_from, store): &(u32, String, SignedCookieStore)| {
            *p == s.process && *made_from == secret && store.seal() == cfg.library.cookie_seal
        };
        if s.process_key.as_ref().is_some_and(current) {
            return;
        }
        let store = SignedCookieStore::sealed(secret.as_bytes(), cfg.cookie.name.len(), cfg.library.cookie_seal);
        self.retire_process_key(idx);
        self.servers[idx].process_key = Some((self.servers[idx].process, secret, store));
    }

    /// Keeps server `idx`'s process key, if it has one, among the retired
    /// ones (at most 32): its cookies can still be explained.
    pub(crate) fn retire_process_key(&mut self, idx: usize) {
        if let Some((_, _, key)) = self.servers[idx].process_key.take() {
            if self.retired_keys.len() >= 32 {
                self.retired_keys.remove(0);
            }
            self.retired_keys.push(key);
        }
    }

    /// Every key that sealed a signed cookie and is not the shared one: the
    /// servers' processes' own, then the retired ones.
    pub(crate) fn process_keys(&self) -> impl Iterator<Item = &SignedCookieStore> {
        let live = self.servers.iter().filter_map(|s| s.process_key.as_ref().map(|(_, _, k)| k));
        live.chain(self.retired_keys.iter().rev())
    }

    /// The codec that writes the cookie value of server `idx` (its process's
    /// own key, or the shared one).
    pub(crate) fn cookie_codec(&self, idx: usize) -> &SignedCookieStore {
        match &self.servers[idx].process_key {
            Some((_, _, store)) if self.config.session.library.key_per_process => store,
            _ => &self.cookie_store,
        }
    }

    /// Loads a session; the flag says whether a server's own cache answered.
    pub(crate) fn store_load(&mut self, idx: usize, key: &SessionId) -> (Result<Loaded, StoreError>, bool) {
        let now = self.now;
        if self.config.store == StoreKind::CachedDatabase {
            let server = &mut self.servers[idx];
            let mut view = CachedDatabase::new(&mut server.local_cache, &mut self.database);
            let r = view.load(key, now);
            return (r, view.last_load_hit_cache);
        }
        (self.with_store(idx, |s| s.load(key, now)), false)
    }

    /// Saves a session; returns the cookie value the store gave (the cookie
    /// store's whole session; `None` from a server-side store, whose cookie
    /// names the ID: see `World::saved_session_cookie`).
    pub(crate) fn store_save(
        &mut self,
        idx: usize,
        rec: &SessionRecord,
        req: Option<RequestId>,
        record: bool,
    ) -> Result<Option<SessionId>, StoreError> {
        let now = self.now;
        let kind = self.config.store;
        let saved = self.with_store(idx, |s| s.save(rec, now));
        let saved = match saved {
            Ok(s) => s,
            Err(e) => {
                if e == StoreError::Unavailable {
                    let server = self.servers[idx].number;
                    self.emit(req, EventKind::StoreUnavailable { server, store: kind });
                }
                return Err(e);
            }
        };
        self.metrics.write(kind, WriteKind::Save);
        let server = self.servers[idx].number;
        let bytes = rec.data.size_bytes() as u32;
        self.emit_if(
            record,
            req,
            EventKind::StoreWrite { server, store: kind, session: rec.id.clone(), kind: WriteKind::Save, bytes },
        );
        if !saved.evicted.is_empty() {
            for id in &saved.evicted {
                self.ledger.lost(id, LossCause::Evicted);
            }
            self.emit(req, EventKind::Evicted { count: saved.evicted.len() as u32 });
        }
        Ok(saved.cookie_value)
    }

    /// Deletes a session.
    pub(crate) fn store_delete(
        &mut self,
        idx: usize,
        id: &SessionId,
        req: Option<RequestId>,
        record: bool,
    ) -> Result<bool, StoreError> {
        let r = self.with_store(idx, |s| s.delete(id));
        self.note_write(idx, id, WriteKind::Delete, &r, req, record);
        r
    }

    /// Moves a session's expiry.
    pub(crate) fn store_touch(
        &mut self,
        idx: usize,
        id: &SessionId,
        expires: SimTime,
        req: Option<RequestId>,
        record: bool,
    ) -> Result<bool, StoreError> {
        let now = self.now;
        let r = self.with_store(idx, |s| s.touch(id, now, expires));
        self.note_write(idx, id, WriteKind::Touch, &r, req, record);
        r
    }

    /// Counts and logs a delete or touch, or the outage that stopped it.
    fn note_write(
        &mut self,
        idx: usize,
        id: &SessionId,
        write: WriteKind,
        result: &Result<bool, StoreError>,
        req: Option<RequestId>,
        record: bool,
    ) {
        let kind = self.config.store;
        let server = self.servers[idx].number;
        match result {
            Ok(_) => {
                self.metrics.write(kind, write);
                let event = EventKind::StoreWrite { server, store: kind, session: id.clone(), kind: write, bytes: 0 };
                self.emit_if(record, req, event);
            }
            Err(StoreError::Unavailable) => self.emit(req, EventKind::StoreUnavailable { server, store: kind }),
            Err(_) => {}
        }
    }

    /// The version of a session the store holds now (the truth, for lost-update checks).
    /// A map lookup: this runs on every save, so it must not list the store.
    pub(crate) fn peek_version(&self, idx: usize, id: &SessionId) -> Option<u32> {
        let s = &self.servers[idx];
        match self.config.store {
            StoreKind::InMemory => s.memory.get(id).map(|r| r.version),
            StoreKind::File => s.disk.get(id).map(|r| r.version),
            StoreKind::Database | StoreKind::CachedDatabase => self.database.peek(id).map(|r| r.version),
            StoreKind::Cache => self.cache.peek(id).map(|r| r.version),
            StoreKind::SignedCookie => None,
        }
    }

    /// Sessions held by the current store (all servers' for per-server stores).
    pub fn sessions_held(&self) -> usize {
        match self.config.store {
            StoreKind::InMemory => self.servers.iter().map(|s| s.memory.len()).sum(),
            StoreKind::File => self.servers.iter().map(|s| s.disk.len()).sum(),
            StoreKind::Database | StoreKind::CachedDatabase => self.database.len(),
            StoreKind::Cache => self.cache.len(),
            StoreKind::SignedCookie => 0,
        }
    }

    /// Sessions held that have not expired (not counting servers' local
    /// caches, which only copy the database).
    pub fn sessions_alive(&self) -> usize {
        // Counted without listing: the metrics strip asks on every step.
        fn alive(store: &dyn SessionStore, now: SimTime) -> usize {
            store.len() - store.expired(now).len()
        }
        let now = self.now;
        match self.config.store {
            StoreKind::InMemory => self.servers.iter().map(|s| alive(&s.memory, now)).sum(),
            StoreKind::File => self.servers.iter().map(|s| alive(&s.disk, now)).sum(),
            StoreKind::Database | StoreKind::CachedDatabase => alive(&self.database, now),
            StoreKind::Cache => alive(&self.cache, now),
            StoreKind::SignedCookie => 0,
        }
    }

    pub(crate) fn sample_store_size(&mut self) {
        let held = self.sessions_held() as u32;
        let now = self.now;
        self.metrics.sample_size(now, held);
    }

    /// Every store in use, with its records, for the inspector.
    pub fn store_views(&self) -> Vec<StoreView<'_>> {
        let kind = self.config.store;
        let mut views = Vec::new();
        match kind {
            StoreKind::InMemory | StoreKind::File => {
                for s in &self.servers {
                    let (title, entries) = if kind == StoreKind::InMemory {
                        (format!("{}: process memory", s.number), s.memory.entries())
                    } else {
                        (format!("{}: disk", s.number), s.disk.entries())
                    };
                    views.push(StoreView { kind, server: Some(s.number), title, up: s.is_up(), entries });
                }
            }
            StoreKind::Database => views.push(StoreView {
                kind,
                server: None,
                title: "shared database: table session".into(),
                up: self.database.is_up(),
                entries: self.database.entries(),
            }),
            StoreKind::Cache => views.push(StoreView {
                kind,
                server: None,
                title: "shared cache".into(),
                up: self.cache.is_up(),
                entries: self.cache.entries(),
            }),
            StoreKind::CachedDatabase => {
                views.push(StoreView {
                    kind,
                    server: None,
                    title: "shared database: table session".into(),
                    up: self.database.is_up(),
                    entries: self.database.entries(),
                });
                for s in &self.servers {
                    views.push(StoreView {
                        kind,
                        server: Some(s.number),
                        title: format!("{}: local cache", s.number),
                        up: s.is_up(),
                        entries: s.local_cache.entries(),
                    });
                }
            }
            StoreKind::SignedCookie => views.push(StoreView {
                kind,
                server: None,
                title: "nothing on the server: each session lives in its browser's cookie".into(),
                up: true,
                entries: Vec::new(),
            }),
        }
        views
    }
}
