//! The session middleware's first half, at the server: read the session
//! the request names, in phases: decode the cookie, load the session, then
//! take what the store said (found, expired, missing, or the store down),
//! report a lost session with its cause, and run the shop. The second half,
//! writing the session back, is in `commit.rs`.

use super::ledger::Fate;
use super::request::{Flight, Reply, Work};
use super::World;
use crate::sim::config::{Cleanup, CreatePolicy, OutageReply};
use crate::sim::event::{EventKind, ReadOutcome};
use crate::sim::ids::{ServerNumber, SessionId};
use crate::sim::loss::LossCause;
use crate::sim::session::{SessionData, SessionRecord};
use crate::sim::shop::{self, Effect};
use crate::sim::signing;
use crate::sim::store::{Loaded, StoreError, StoreKind};
use crate::sim::time::SimTime;

/// A lost session's cause and the ID it was under, if known.
type Loss = (LossCause, Option<SessionId>);

/// What the reading phases found.
#[derive(Default)]
struct Found {
    /// The live session.
    session: Option<SessionRecord>,
    /// An ID the client made up, for a permissive server to adopt.
    adopt: Option<SessionId>,
    /// The session the browser had and lost, with why.
    loss: Option<Loss>,
    /// How long the reading took.
    took: SimTime,
}

impl World {
    /// Phase 1 at the server: read the session and run the shop. Returns the
    /// work and how long it took, or a reply that ends the request early,
    /// with how long the server took before sending it (a store client's
    /// timeout, for one).
    pub(crate) fn read_session(&mut self, idx: usize, f: &mut Flight) -> Result<(Work, SimTime), (Reply, SimTime)> {
        let mut found = Found::default();
        if let Some(key) = self.decode_cookie(f, &mut found) {
            self.load_session(idx, f, key, &mut found)?;
        }
        if let Some((cause, id)) = found.loss.take() {
            self.report_loss(Some(f.id), f.browser, id.clone(), cause);
            f.lost = Some((cause, id));
        }
        if let Cleanup::Probabilistic { one_in } = self.config.session.cleanup {
            // PHP's garbage collection runs after the read.
            if self.rng.one_in(one_in) {
                self.sweep_server(idx);
            }
        }
        if f.forged.is_some() && !f.by_page_script && self.config.session.csrf_token {
            return Err((self.refuse_forged(Some(f.id)), SimTime::ZERO));
        }
        let work = self.run_shop(f, found.session, found.adopt);
        Ok((work, found.took + SimTime::micros(self.config.costs.app_work_us)))
    }

    /// Reading, phase 1: the store key the session cookie names, checking an
    /// express-style signature. `None`: no cookie, or one that cannot name a
    /// session (its loss is noted).
    fn decode_cookie(&mut self, f: &Flight, found: &mut Found) -> Option<SessionId> {
        let cfg = &self.config.session;
        if cfg.create == CreatePolicy::Never {
            return None;
        }
        let raw = self.sent_session_value(f)?;
        if !cfg.sign_id || self.config.store == StoreKind::SignedCookie {
            return Some(self.journal.ledger.known(raw).unwrap_or_else(|| SessionId::new(raw)));
        }
        found.took += SimTime::micros(self.config.costs.sign_op_us);
        match signing::unsign(raw, cfg.secret.as_bytes()) {
            Some(id) => Some(SessionId::new(&id)),
            None => {
                let raw = SessionId::new(raw);
                found.loss = Some((self.explain_unreadable(&raw), Some(raw)));
                None
            }
        }
    }

    /// Reading, phase 2: load the session and take what the store said.
    fn load_session(
        &mut self,
        idx: usize,
        f: &Flight,
        key: SessionId,
        found: &mut Found,
    ) -> Result<(), (Reply, SimTime)> {
        let kind = self.config.store;
        let (loaded, hit_cache) = self.store_load(idx, &key);
        found.took += self.config.costs.store_op(kind, hit_cache);
        let server = self.cluster.servers[idx].number;
        match loaded {
            Err(StoreError::Unavailable) => self.on_store_down(f, server, key, found)?,
            Err(_) => found.loss = Some((self.explain_unreadable(&key), None)),
            Ok(Loaded::Found(rec)) => {
                let outcome = if hit_cache { ReadOutcome::CacheHit } else { ReadOutcome::Hit };
                self.note_read(f, server, &rec.id, outcome, Some(rec.version));
                if hit_cache {
                    self.check_stale(idx, &rec, Some(f.id));
                }
                self.on_found(idx, f, rec, found);
            }
            Ok(Loaded::Expired(rec)) if !self.config.session.library.expiry_checked_on_read => {
                // PHP reads a session file whatever its age: only its
                // garbage collection ends an old session.
                self.note_read(f, server, &rec.id, ReadOutcome::Hit, Some(rec.version));
                self.use_session(f, rec, found);
            }
            Ok(Loaded::Expired(rec)) => {
                self.note_read(f, server, &rec.id, ReadOutcome::Expired, Some(rec.version));
                let (why, cause) = self.timed_out(&rec).unwrap_or_else(|| self.expiry_of(&rec));
                self.end_expired(idx, &rec, why, Some(f.id));
                found.loss = Some((cause, Some(rec.id)));
            }
            Ok(Loaded::Missing) => {
                self.note_read(f, server, &key, ReadOutcome::Miss, None);
                self.on_missing(idx, f, key, found);
            }
        }
        Ok(())
    }

    /// Found, live in the store: unless the library finds it timed out, or a
    /// permissive server's adopted copy stands in for one that was lost.
    fn on_found(&mut self, idx: usize, f: &Flight, rec: SessionRecord, found: &mut Found) {
        if let Some((why, cause)) = self.timed_out_on_read(&rec) {
            self.end_expired(idx, &rec, why, Some(f.id));
            found.loss = Some((cause, Some(rec.id)));
            return;
        }
        // A permissive server adopted this ID, so another server may hold an
        // older copy under it. If the copy the browser last used is gone,
        // this one is not its session: say what happened to that one.
        let per_server = matches!(self.config.store, StoreKind::InMemory | StoreKind::File);
        if per_server && !self.config.session.strict_ids {
            if let Fate::Lost(cause) = self.journal.ledger.fate(&rec.id) {
                found.loss = Some((cause, Some(rec.id.clone())));
                self.journal.ledger.issued(&rec.id);
                self.note_hijack(Some(f.id), f.browser, &rec);
                found.session = Some(rec);
                return;
            }
        }
        self.use_session(f, rec, found);
    }

    /// The request goes on with `rec`, its session found again: a later loss
    /// is a new one, to be reported.
    fn use_session(&mut self, f: &Flight, rec: SessionRecord, found: &mut Found) {
        self.browsers[f.browser.0 as usize].last_loss = None;
        self.note_hijack(Some(f.id), f.browser, &rec);
        found.session = Some(rec);
    }

    /// Missing: explain why, and let a permissive server adopt the ID.
    fn on_missing(&mut self, idx: usize, f: &Flight, key: SessionId, found: &mut Found) {
        let fate = self.journal.ledger.fate(&key);
        let strict = self.config.session.strict_ids;
        if !strict && self.config.store != StoreKind::SignedCookie {
            found.adopt = Some(key.clone());
        }
        let cause = self.explain_missing(idx, &key, fate);
        if cause == LossCause::UnknownId && strict {
            self.note_planted_refused(Some(f.id), f.browser, &key);
        }
        if cause != LossCause::UnknownId || strict {
            found.loss = Some((cause, Some(key)));
        }
    }

    /// The store did not answer: an error page, at once or after the client's
    /// timeout, or (Django's cache backend) a session treated as missing.
    fn on_store_down(
        &mut self,
        f: &Flight,
        server: ServerNumber,
        key: SessionId,
        found: &mut Found,
    ) -> Result<(), (Reply, SimTime)> {
        let store = self.config.store;
        self.emit(Some(f.id), EventKind::StoreUnavailable { server, store });
        let waited = match self.config.session.library.store_outage {
            OutageReply::TreatAsMissing => {
                // A session already lost (say, left behind by a store switch)
                // is explained by what lost it first.
                let cause = match self.journal.ledger.fate(&key) {
                    Fate::Lost(earlier) => earlier,
                    _ => LossCause::StoreDownSessionReset,
                };
                found.loss = Some((cause, Some(key)));
                return Ok(());
            }
            OutageReply::ErrorAfterTimeout { wait_ms } => SimTime::millis(u64::from(wait_ms)),
            OutageReply::ErrorAtOnce | OutageReply::ServerCrashes => SimTime::ZERO,
        };
        Err((self.unavailable_reply(), found.took + waited))
    }

    /// Reading, last phase: the shop works on the data itself, moved out of
    /// the record (the store's copy); the record keeps only who is logged
    /// in, for the commit.
    fn run_shop(&mut self, f: &Flight, mut session: Option<SessionRecord>, adopt: Option<SessionId>) -> Work {
        let mut data = match session.as_mut() {
            Some(rec) => {
                let data = std::mem::take(&mut rec.data);
                rec.data.user = data.user;
                data
            }
            None => SessionData::default(),
        };
        let mut outcome = shop::handle(f.route, &mut data);
        let forged = self.forged_outcome(Some(f.id), f, session.is_some(), &outcome);
        if data.user.is_some() && !data.devices.contains(&f.browser) && outcome.effect != Effect::LoggedOut {
            // The session remembers the browsers that used it (their User-Agents).
            data.devices.push(f.browser);
            outcome.modified = true;
        }
        Work { session, data, outcome, adopt, forged }
    }

    /// Counts a read of `session` (of `version`, if found) and logs it (when
    /// the request is recorded).
    fn note_read(
        &mut self,
        f: &Flight,
        server: ServerNumber,
        session: &SessionId,
        outcome: ReadOutcome,
        version: Option<u32>,
    ) {
        let store = self.config.store;
        self.journal.metrics.read(store, outcome);
        let event = EventKind::StoreRead { server, store, session: session.clone(), outcome, version };
        self.emit_if(f.record, Some(f.id), event);
    }

    /// The page of a request the session store could not serve.
    pub(super) fn unavailable_reply(&self) -> Reply {
        let line = format!(
            "The session store ({}) is not answering. Your session is kept; try again when it is back.",
            self.config.store.label()
        );
        Reply::error(503, line)
    }
}
