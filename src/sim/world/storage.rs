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
    /// How many records it holds.
    pub total: usize,
    /// Its first records in ID order, as many as asked for.
    pub entries: Vec<&'a SessionRecord>,
}

impl World {
    /// Every store server `idx` can change, its signed-cookie codec being
    /// its process's own key when each process makes one.
    pub(crate) fn reach(&mut self, idx: usize) -> Reach<'_> {
        let per_process = self.config.session.library.key_per_process;
        if per_process && self.config.store == StoreKind::SignedCookie {
            self.cluster.make_process_key(idx, &self.config.session);
        }
        self.cluster.reach(idx, per_process)
    }

    /// Every store server `s` can look at.
    pub(crate) fn sight<'a>(&'a self, s: &'a Server) -> Sight<'a> {
        self.cluster.sight(s)
    }

    /// The store server `idx` uses, to look at.
    pub(crate) fn store_seen(&self, idx: usize) -> &dyn SessionStore {
        self.cluster.store_for(idx, self.config.store)
    }

    /// Every store the cluster uses under the current kind: each server's
    /// for per-server stores, else the shared one.
    pub(crate) fn stores_in_use(&self) -> Vec<&dyn SessionStore> {
        self.cluster.stores_in_use(self.config.store)
    }

    /// Runs `f` on the store server `idx` uses under the current kind.
    fn with_store<R>(&mut self, idx: usize, f: impl FnOnce(&mut dyn SessionStore) -> R) -> R {
        let kind = self.config.store;
        kind.with(self.reach(idx), f)
    }

    /// Every key that sealed a signed cookie and is not the shared one.
    pub(crate) fn process_keys(&self) -> impl Iterator<Item = &SignedCookieStore> {
        self.cluster.process_keys()
    }

    /// The codec that writes the cookie value of server `idx` (its process's
    /// own key, or the shared one).
    pub(crate) fn cookie_codec(&self, idx: usize) -> &SignedCookieStore {
        self.cluster.cookie_codec(idx, self.config.session.library.key_per_process)
    }

    /// Loads a session; the flag says whether a server's own cache answered.
    pub(crate) fn store_load(&mut self, idx: usize, key: &SessionId) -> (Result<Loaded, StoreError>, bool) {
        let (now, kind) = (self.agenda.now, self.config.store);
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
        let now = self.agenda.now;
        let kind = self.config.store;
        let saved = self.with_store(idx, |s| s.save(rec, now));
        let saved = match saved {
            Ok(s) => s,
            Err(e) => {
                if e == StoreError::Unavailable {
                    let server = self.cluster.servers[idx].number;
                    self.emit(req, EventKind::StoreUnavailable { server, store: kind });
                }
                return Err(e);
            }
        };
        self.journal.metrics.write(kind, WriteKind::Save);
        let server = self.cluster.servers[idx].number;
        let bytes = rec.data.size_bytes() as u32;
        self.emit_if(
            record,
            req,
            EventKind::StoreWrite {
                server,
                store: kind,
                session: rec.id.clone(),
                kind: WriteKind::Save,
                bytes,
                version: Some(rec.version),
            },
        );
        if !saved.evicted.is_empty() {
            for id in &saved.evicted {
                self.journal.ledger.lost(id, LossCause::Evicted);
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
        let now = self.agenda.now;
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
        let server = self.cluster.servers[idx].number;
        match result {
            Ok(_) => {
                self.journal.metrics.write(kind, write);
                let event = EventKind::StoreWrite {
                    server,
                    store: kind,
                    session: id.clone(),
                    kind: write,
                    bytes: 0,
                    version: None,
                };
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
        self.cluster.sum_over_stores(self.config.store, |s| s.len())
    }

    /// Sessions held that have not expired (not counting servers' local
    /// caches, which only copy the database).
    pub fn sessions_alive(&self) -> usize {
        // Counted without listing: the metrics strip asks on every step.
        let now = self.agenda.now;
        self.cluster.sum_over_stores(self.config.store, |s| s.len() - s.expired(now).len())
    }

    pub(crate) fn sample_store_size(&mut self) {
        let held = self.sessions_held() as u32;
        let now = self.agenda.now;
        self.journal.metrics.sample_size(now, held);
    }

    /// Every store in use, with how many records it holds and its first
    /// `first` records, for the inspector.
    pub fn store_views(&self, first: usize) -> Vec<StoreView<'_>> {
        let kind = self.config.store;
        fn view<'a>(
            (kind, first): (StoreKind, usize),
            server: Option<ServerNumber>,
            store: &'a dyn SessionStore,
            up: bool,
        ) -> StoreView<'a> {
            let entries = store.first_entries(first);
            StoreView { kind, server, title: kind.title(server), up, total: store.len(), entries }
        }
        let view = |server, store, up| view((kind, first), server, store, up);
        let mut views = Vec::new();
        if kind.is_per_server() {
            views
                .extend(self.cluster.servers.iter().map(|s| view(Some(s.number), kind.seen(self.sight(s)), s.is_up())));
        } else if let Some(first_server) = self.cluster.servers.first() {
            let up = self.shared_store().is_none_or(|s| s.up);
            views.push(view(None, kind.seen(self.sight(first_server)), up));
        }
        if kind.has_local_cache() {
            views.extend(self.cluster.servers.iter().map(|s| view(Some(s.number), &s.local_cache, s.is_up())));
        }
        views
    }
}
