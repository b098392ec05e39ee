//! Why a session is lost, in the learner's words: which timeout a record
//! passed, why a session the browser still names is not in the store, why
//! a cookie's signature does not hold, and the one place a loss is
//! reported (once per browser and cause); a session found expired or a
//! cache found stale on read, said as such.

use super::ledger::Fate;
use super::World;
use crate::sim::config::Cleanup;
use crate::sim::event::EventKind;
use crate::sim::ids::{BrowserId, RequestId, SessionId};
use crate::sim::loss::{ExpiryKind, LossCause};
use crate::sim::session::SessionRecord;
use crate::sim::signing;
use crate::sim::store::{CookieSeal, SignedCookieStore, StoreKind};
use crate::sim::time::SimTime;

impl World {
    /// Reports a lost session once per browser and cause.
    pub(crate) fn report_loss(
        &mut self,
        req: Option<RequestId>,
        browser: BrowserId,
        session: Option<SessionId>,
        cause: LossCause,
    ) {
        let b = &mut self.browsers[browser.0 as usize];
        let this = (cause, session.clone());
        if b.last_loss.as_ref() == Some(&this) {
            return;
        }
        b.last_loss = Some(this);
        self.journal.metrics.lost(cause.label());
        self.emit(req, EventKind::SessionLost { browser, session: session.clone(), cause });
        if let Some(id) = session {
            self.note_stolen_session_ended(req, browser, &id, cause);
        }
    }

    /// Which timeout a record has passed under the current settings, if any.
    pub(super) fn timed_out(&self, rec: &SessionRecord) -> Option<(ExpiryKind, LossCause)> {
        let cfg = &self.config.session;
        if let Some(limit) = cfg.absolute_timeout_secs.map(SimTime::secs) {
            let age = self.agenda.now.since(rec.created);
            if age >= limit {
                return Some((ExpiryKind::Absolute, LossCause::AbsoluteTimeout { age, limit }));
            }
        }
        if let Some(limit) = cfg.idle_timeout_secs.map(SimTime::secs) {
            let idle = self.agenda.now.since(rec.last_access);
            if idle >= limit {
                return Some((ExpiryKind::Idle, LossCause::IdleTimeout { idle, limit }));
            }
        }
        None
    }

    /// [`World::timed_out`], when the library checks expiry on read at all
    /// (PHP's files handler does not).
    pub(super) fn timed_out_on_read(&self, rec: &SessionRecord) -> Option<(ExpiryKind, LossCause)> {
        if self.config.session.library.expiry_checked_on_read {
            self.timed_out(rec)
        } else {
            None
        }
    }

    /// Why a record the store calls expired expired, when the current
    /// settings no longer say (they changed since it was saved).
    pub(super) fn expiry_of(&self, rec: &SessionRecord) -> (ExpiryKind, LossCause) {
        let idle = self.agenda.now.since(rec.last_access);
        (ExpiryKind::Idle, LossCause::IdleTimeout { idle, limit: rec.expires.since(rec.last_access) })
    }

    /// Why a session the browser still names is not in the store.
    pub(crate) fn explain_missing(&self, idx: usize, id: &SessionId, fate: Fate) -> LossCause {
        let kind = self.config.store;
        let server = self.cluster.servers[idx].number;
        if let Fate::Lost(
            cause @ (LossCause::ServerRestarted { server: s }
            | LossCause::ServerCrashed { server: s }
            | LossCause::ServerReplaced { server: s }),
        ) = fate
        {
            // This very server lost it, whatever copies others hold (a
            // permissive server may have adopted the same ID elsewhere).
            if s == server {
                return cause;
            }
        }
        if kind.is_per_server() {
            let holder =
                self.cluster.servers.iter().find(|s| s.number != server && kind.seen(self.sight(s)).contains(id));
            if let Some(h) = holder {
                return LossCause::NotOnThisServer { server, holder: Some(h.number), store: kind };
            }
        }
        if fate == Fate::NeverIssued && self.signed_session_from_before(id) {
            return LossCause::StoreSwitched { from: StoreKind::SignedCookie };
        }
        match fate {
            Fate::Lost(cause) => cause,
            Fate::Issued if matches!(kind, StoreKind::InMemory | StoreKind::File) => {
                LossCause::NotOnThisServer { server, holder: None, store: kind }
            }
            Fate::Issued => LossCause::ExpiredAndCleanedUp { why: ExpiryKind::Idle },
            Fate::NeverIssued => LossCause::UnknownId,
        }
    }

    /// Why a cookie whose signature does not hold was refused: a whole
    /// session from the days of signed cookies, an ID a server-side store
    /// issued before the switch to signed cookies, or else a bad signature.
    pub(super) fn explain_unreadable(&self, value: &SessionId) -> LossCause {
        let cfg = &self.config.session;
        if self.signed_session_from_before(value) {
            return LossCause::StoreSwitched { from: StoreKind::SignedCookie };
        }
        if self.config.store != StoreKind::SignedCookie {
            return LossCause::BadSignature;
        }
        let id = match cfg.sign_id.then(|| signing::unsign(value.as_str(), cfg.secret.as_bytes())).flatten() {
            Some(id) => SessionId::new(&id),
            None => value.clone(),
        };
        match self.journal.ledger.fate(&id) {
            Fate::Lost(cause) => cause,
            _ => LossCause::BadSignature,
        }
    }

    /// True when `value` is a whole session in a signed cookie that this
    /// world issued, and the cluster no longer keeps sessions in cookies.
    pub(super) fn signed_session_from_before(&self, value: &SessionId) -> bool {
        if self.config.store == StoreKind::SignedCookie {
            return false;
        }
        let record = SignedCookieStore::peek_unverified(value.as_str()).or_else(|| self.open_private(value.as_str()));
        record.is_some_and(|r| self.journal.ledger.fate(&r.id) != Fate::NeverIssued)
    }

    /// The session in a private (encrypted) cookie this world sealed, under
    /// the current secret or a server process's own key: only a key opens it.
    fn open_private(&self, value: &str) -> Option<crate::sim::session::SessionRecord> {
        let private = CookieSeal { private: true, json_limit: None };
        let cfg = &self.config.session;
        let shared = SignedCookieStore::sealed(cfg.secret.as_bytes(), cfg.cookie.name.len(), private);
        if let Ok(r) = shared.decode(value) {
            return Some(r);
        }
        self.process_keys().find_map(|k| k.decode(value).ok())
    }

    /// A session found expired on read: say so, and delete it if cleanup is lazy.
    pub(super) fn end_expired(&mut self, idx: usize, rec: &SessionRecord, why: ExpiryKind, req: Option<RequestId>) {
        self.journal.metrics.expired += 1;
        self.emit(req, EventKind::SessionExpired { session: rec.id.clone(), why });
        if self.config.session.cleanup == Cleanup::LazyOnRead || self.config.store == StoreKind::Cache {
            let _ = self.store_delete(idx, &rec.id, req, true);
        }
        self.journal.ledger.lost(&rec.id, LossCause::ExpiredAndCleanedUp { why });
    }

    /// For the cached database: notes when the server's cache is behind the database.
    pub(super) fn check_stale(&mut self, idx: usize, rec: &SessionRecord, req: Option<RequestId>) {
        if let Some(current) = self.cluster.database.peek(&rec.id).map(|r| r.version) {
            if current != rec.version {
                self.journal.metrics.stale_reads += 1;
                let server = self.cluster.servers[idx].number;
                self.emit(
                    req,
                    EventKind::StaleRead {
                        server,
                        session: rec.id.clone(),
                        cached_version: rec.version,
                        current_version: current,
                    },
                );
            }
        }
    }
}
