//! Where sessions live: picks the store a server uses under the current
//! store kind, runs store operations with their events and counters, and
//! lists every store's contents for the inspector.

use super::World;
use crate::sim::event::{EventKind, WriteKind};
use crate::sim::ids::{RequestId, ServerNumber, SessionId};
use crate::sim::loss::LossCause;
use crate::sim::server::Server;
use crate::sim::session::SessionRecord;
use crate::sim::store::{Loaded, Reach, SessionStore, Sight, SignedCookieStore, StoreError, StoreKind};
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
    /// Every store server `idx` can change, its signed-cookie codec being
    /// its process's own key when each process makes one.
    pub(crate) fn reach(&mut self, idx: usize) -> Reach<'_> {
        let per_process = self.config.session.library.key_per_process;
        if per_process && self.config.store == StoreKind::SignedCookie {
            self.make_process_key(idx);
        }
        let s = &mut self.servers[idx];
        let cookies = match &mut s.process_key {
            Some((_, _, key)) if per_process => key,
            _ => &mut self.cookie_store,
        };
        Reach {
            memory: &mut s.memory,
            disk: &mut s.disk,
            local_cache: &mut s.local_cache,
            database: &mut self.database,
            cache: &mut self.cache,
            cookies,
        }
    }

    /// Every store server `s` can look at.
    pub(crate) fn sight<'a>(&'a self, s: &'a Server) -> Sight<'a> {
        Sight {
            memory: &s.memory,
            disk: &s.disk,
            database: &self.database,
            cache: &self.cache,
            cookies: &self.cookie_store,
        }
    }

    /// The store server `idx` uses, to look at.
    pub(crate) fn store_seen(&self, idx: usize) -> &dyn SessionStore {
        self.config.store.seen(self.sight(&self.servers[idx]))
    }

    /// Every store the cluster uses under the current kind: each server's
    /// for per-server stores, else the shared one.
    pub(crate) fn stores_in_use(&self) -> Vec<&dyn SessionStore> {
        let kind = self.config.store;
        if kind.is_per_server() {
            self.servers.iter().map(|s| kind.seen(self.sight(s))).collect()
        } else {
            self.servers.first().map(|s| kind.seen(self.sight(s))).into_iter().collect()
        }
    }

    /// Runs `f` on the store server `idx` uses under the current kind.
    fn with_store<R>(&mut self, idx: usize, f: impl FnOnce(&mut dyn SessionStore) -> R) -> R {
        let kind = self.config.store;
        kind.with(self.reach(idx), f)
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
        let (now, kind) = (self.now, self.config.store);
        kind.load(self.reach(idx), key, now)
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
        self.store_seen(idx).get(id).map(|r| r.version)
    }

    /// Sessions held by the current store (all servers' for per-server stores).
    pub fn sessions_held(&self) -> usize {
        self.stores_in_use().iter().map(|s| s.len()).sum()
    }

    /// Sessions held that have not expired (not counting servers' local
    /// caches, which only copy the database).
    pub fn sessions_alive(&self) -> usize {
        // Counted without listing: the metrics strip asks on every step.
        let now = self.now;
        self.stores_in_use().iter().map(|s| s.len() - s.expired(now).len()).sum()
    }

    pub(crate) fn sample_store_size(&mut self) {
        let held = self.sessions_held() as u32;
        let now = self.now;
        self.metrics.sample_size(now, held);
    }

    /// Every store in use, with its records, for the inspector.
    pub fn store_views(&self) -> Vec<StoreView<'_>> {
        let kind = self.config.store;
        fn view<'a>(
            kind: StoreKind,
            server: Option<ServerNumber>,
            store: &'a dyn SessionStore,
            up: bool,
        ) -> StoreView<'a> {
            StoreView { kind, server, title: kind.title(server), up, entries: store.entries() }
        }
        let mut views = Vec::new();
        if kind.is_per_server() {
            views.extend(self.servers.iter().map(|s| view(kind, Some(s.number), kind.seen(self.sight(s)), s.is_up())));
        } else if let Some(first) = self.servers.first() {
            let up = self.shared_store().is_none_or(|s| s.up);
            views.push(view(kind, None, kind.seen(self.sight(first)), up));
        }
        if kind.has_local_cache() {
            views.extend(self.servers.iter().map(|s| view(kind, Some(s.number), &s.local_cache, s.is_up())));
        }
        views
    }
}
