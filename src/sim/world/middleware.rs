//! The session middleware every server runs: find the session cookie, load
//! the session, notice and explain a lost one, run the shop, then save,
//! touch, rotate or destroy the session and write the Set-Cookie line, all
//! by the configured policy.

use super::flight::{Flight, Reply};
use super::ledger::Fate;
use super::World;
use crate::sim::attack::ForgedRequest;
use crate::sim::config::{Cleanup, CreatePolicy, LogoutPolicy, OutageReply, SavePolicy};
use crate::sim::event::{EventKind, ReadOutcome};
use crate::sim::http::Page;
use crate::sim::ids::{RequestId, ServerNumber, SessionId};
use crate::sim::loss::LossCause;
use crate::sim::session::{SessionData, SessionRecord};
use crate::sim::shop::{self, Effect, Outcome};
use crate::sim::signing;
use crate::sim::store::{Loaded, StoreError, StoreKind};
use crate::sim::time::SimTime;

/// What the server decided while reading, carried to the commit.
#[derive(Debug)]
pub(crate) struct Work {
    /// The live session the request brought, if any. Its data has moved
    /// into `data`, but for `user`, the user logged in before the request.
    pub session: Option<SessionRecord>,
    /// The data after the shop ran.
    pub data: SessionData,
    /// The shop's answer.
    pub outcome: Outcome,
    /// An ID the client made up that a permissive server adopts.
    pub adopt: Option<SessionId>,
    /// A forged request that changed the victim's session, reported once written.
    pub forged: Option<ForgedRequest>,
}

impl World {
    /// Phase 1 at the server: read the session and run the shop. Returns the
    /// work and how long it took, or a reply that ends the request early.
    /// An early reply comes with how long the server took before sending it
    /// (a store client's timeout, for one).
    pub(crate) fn read_session(&mut self, idx: usize, f: &mut Flight) -> Result<(Work, SimTime), (Reply, SimTime)> {
        let kind = self.config.store;
        let cfg = &self.config.session;
        let req = Some(f.id);
        let mut took = SimTime::ZERO;
        let no_sessions = cfg.create == CreatePolicy::Never;
        let raw = self.sent_session_value(f).filter(|_| !no_sessions);
        let mut session = None;
        let mut adopt = None;
        let mut loss: Option<(LossCause, Option<SessionId>)> = None;
        if let Some(raw) = raw {
            let key = if cfg.sign_id && kind != StoreKind::SignedCookie {
                took += SimTime::micros(self.config.costs.sign_op_us);
                match signing::unsign(raw, cfg.secret.as_bytes()) {
                    Some(id) => Some(SessionId::new(&id)),
                    None => {
                        let raw = SessionId::new(raw);
                        loss = Some((self.explain_unreadable(&raw), Some(raw)));
                        None
                    }
                }
            } else {
                Some(self.ledger.known(raw).unwrap_or_else(|| SessionId::new(raw)))
            };
            if let Some(key) = key {
                let (loaded, hit_cache) = self.store_load(idx, &key);
                took += self.config.costs.store_op(kind, hit_cache);
                let server = self.servers[idx].number;
                match loaded {
                    Err(StoreError::Unavailable)
                        if self.config.session.library.store_outage == OutageReply::TreatAsMissing =>
                    {
                        // Django's cache backend: any error of the read resets the session.
                        self.emit(req, EventKind::StoreUnavailable { server, store: kind });
                        loss = Some((LossCause::StoreDownSessionReset, Some(key.clone())));
                    }
                    Err(StoreError::Unavailable) => {
                        self.emit(req, EventKind::StoreUnavailable { server, store: kind });
                        let waited = match self.config.session.library.store_outage {
                            OutageReply::ErrorAfterTimeout { wait_ms } => SimTime::millis(u64::from(wait_ms)),
                            _ => SimTime::ZERO,
                        };
                        return Err((unavailable_reply(kind), took + waited));
                    }
                    Err(_) => {
                        loss = Some((self.explain_unreadable(&key), None));
                    }
                    Ok(Loaded::Found(rec)) => {
                        let outcome = if hit_cache { ReadOutcome::CacheHit } else { ReadOutcome::Hit };
                        self.note_read(f, server, &rec.id, outcome);
                        if hit_cache {
                            self.check_stale(idx, &rec, req);
                        }
                        match self.timed_out_on_read(&rec) {
                            Some((why, cause)) => {
                                self.end_expired(idx, &rec, why, req);
                                loss = Some((cause, Some(rec.id.clone())));
                            }
                            None => {
                                // A permissive server adopted this ID, so another
                                // server may hold an older copy under it. If the
                                // copy the browser last used is gone, this one is
                                // not its session: say what happened to that one.
                                let per_server = matches!(kind, StoreKind::InMemory | StoreKind::File);
                                let adopted_elsewhere = if per_server && !self.config.session.strict_ids {
                                    self.ledger.fate(&rec.id)
                                } else {
                                    Fate::Issued
                                };
                                if let Fate::Lost(cause) = adopted_elsewhere {
                                    loss = Some((cause, Some(rec.id.clone())));
                                    self.ledger.issued(&rec.id);
                                } else {
                                    // Found again: a later loss is a new one, to be reported.
                                    self.browsers[f.browser.0 as usize].last_loss = None;
                                }
                                self.note_hijack(req, f.browser, &rec);
                                session = Some(rec);
                            }
                        }
                    }
                    Ok(Loaded::Expired(rec)) if !self.config.session.library.expiry_checked_on_read => {
                        // PHP reads a session file whatever its age: only its
                        // garbage collection ends an old session.
                        self.note_read(f, server, &rec.id, ReadOutcome::Hit);
                        self.browsers[f.browser.0 as usize].last_loss = None;
                        self.note_hijack(req, f.browser, &rec);
                        session = Some(rec);
                    }
                    Ok(Loaded::Expired(rec)) => {
                        self.note_read(f, server, &rec.id, ReadOutcome::Expired);
                        let (why, cause) = self.timed_out(&rec).unwrap_or_else(|| self.expiry_of(&rec));
                        self.end_expired(idx, &rec, why, req);
                        loss = Some((cause, Some(rec.id.clone())));
                    }
                    Ok(Loaded::Missing) => {
                        self.note_read(f, server, &key, ReadOutcome::Miss);
                        let fate = self.ledger.fate(&key);
                        let strict = self.config.session.strict_ids;
                        if !strict && kind != StoreKind::SignedCookie {
                            adopt = Some(key.clone());
                        }
                        let cause = self.explain_missing(idx, &key, fate);
                        if cause == LossCause::UnknownId && strict {
                            self.note_planted_refused(req, f.browser, &key);
                        }
                        if cause != LossCause::UnknownId || strict {
                            loss = Some((cause, Some(key)));
                        }
                    }
                }
            }
        }
        if let Some((cause, id)) = loss {
            self.report_loss(req, f.browser, id.clone(), cause);
            f.lost = Some((cause, id));
        }
        if let Cleanup::Probabilistic { one_in } = self.config.session.cleanup {
            if self.rng.one_in(one_in) {
                self.sweep_server(idx);
            }
        }
        if f.forged.is_some() && !f.by_page_script && self.config.session.csrf_token {
            return Err((self.refuse_forged(req), SimTime::ZERO));
        }
        // The shop works on the data itself, moved out of the record (the
        // store's copy): the record keeps only who is logged in for the commit.
        let mut data = match session.as_mut() {
            Some(rec) => {
                let data = std::mem::take(&mut rec.data);
                rec.data.user = data.user;
                data
            }
            None => SessionData::default(),
        };
        let mut outcome = shop::handle(f.route, &mut data);
        let forged = self.forged_outcome(req, f, session.is_some(), &outcome);
        if data.user.is_some() && !data.devices.contains(&f.browser) && outcome.effect != Effect::LoggedOut {
            // The session remembers the browsers that used it (their User-Agents).
            data.devices.push(f.browser);
            outcome.modified = true;
        }
        took += SimTime::micros(self.config.costs.app_work_us);
        Ok((Work { session, data, outcome, adopt, forged }, took))
    }

    /// Phase 2 at the server: write the session back by the configured
    /// policy and build the response. Returns it and how long the writes took.
    pub(crate) fn commit_session(&mut self, idx: usize, f: &Flight, work: Work) -> (Reply, SimTime) {
        let kind = self.config.store;
        let req = Some(f.id);
        let server = self.servers[idx].number;
        let mut took = SimTime::ZERO;
        let op = self.config.costs.store_op(kind, false);
        let Work { session, data, outcome, adopt, forged } = work;
        let user = data.user;
        let effect = outcome.effect;
        let mut served: Option<SessionId> = None;
        let mut set_cookies = Vec::new();
        let mut status = outcome.status;
        let mut page = outcome.page;
        let keeps_state = kind != StoreKind::SignedCookie;
        match (session, outcome.effect) {
            (session, Effect::LoggedOut) => {
                if let Some(rec) = session {
                    if keeps_state && self.config.session.logout == LogoutPolicy::DestroyOnServer {
                        took += op;
                        if self.store_delete(idx, &rec.id, req, f.record).is_err() {
                            return (unavailable_reply(kind), took);
                        }
                        self.ledger.lost(&rec.id, LossCause::LoggedOut);
                        self.emit(req, EventKind::SessionDestroyed { session: rec.id.clone() });
                    } else if rec.data.user.is_some() {
                        let in_cookie = !keeps_state;
                        self.emit(req, EventKind::LogoutLeftSessionValid { session: rec.id.clone(), in_cookie });
                    }
                }
                if self.config.session.library.logout_clears_cookie || !keeps_state {
                    set_cookies.push(self.clear_cookie());
                } else {
                    self.emit(req, EventKind::LogoutKeptCookie);
                }
            }
            (None, _) => {
                let wanted = match self.config.session.create {
                    CreatePolicy::EveryVisitor => true,
                    CreatePolicy::WhenDataStored => !data.is_empty(),
                    CreatePolicy::Never => false,
                };
                if wanted {
                    // A permissive server adopts an ID it never issued, but
                    // rotation at login replaces it all the same.
                    let rotate = effect == Effect::LoggedIn && self.config.session.rotate_on_login;
                    let id = match adopt {
                        Some(a) if !rotate => a,
                        Some(a) => {
                            self.note_planted_rotated(req, &a);
                            self.new_session_id()
                        }
                        None => self.new_session_id(),
                    };
                    let rec = self.record_used_now(id.clone(), data, self.now, 1);
                    took += op;
                    match self.store_save(idx, &rec, req, f.record) {
                        Ok(value) => {
                            self.ledger.issued(&id);
                            self.metrics.sessions_created += 1;
                            self.emit_if(f.record, req, EventKind::SessionCreated { session: id.clone(), server });
                            set_cookies.push(self.saved_session_cookie(value, &id));
                            served = Some(id);
                        }
                        Err(e) => return (self.failed_write(e, req), took),
                    }
                } else if self.config.session.library.deletes_unknown_cookie && self.sent_session_value(f).is_some() {
                    // Django: an empty session whose cookie came along is deleted.
                    set_cookies.push(self.clear_cookie());
                }
            }
            (Some(mut rec), effect) => {
                let cfg = &self.config.session;
                let on_privilege = effect == Effect::PrivilegeRaised && cfg.rotate_on_privilege_change;
                let rotate = effect == Effect::LoggedIn && cfg.rotate_on_login || on_privilege;
                let rolling = cfg.rolling;
                let must_save =
                    outcome.modified || cfg.save == SavePolicy::EveryRequest || !keeps_state && cfg.touch_every_request;
                if rotate {
                    let new_id = self.new_session_id();
                    if keeps_state {
                        took += op;
                        if self.store_delete(idx, &rec.id, req, f.record).is_err() {
                            return (unavailable_reply(kind), took);
                        }
                        let why = if on_privilege { LossCause::RotatedOnPrivilegeChange } else { LossCause::Rotated };
                        self.ledger.lost(&rec.id, why);
                    }
                    let new = self.record_used_now(new_id.clone(), data, rec.created, 1);
                    took += op;
                    match self.store_save(idx, &new, req, f.record) {
                        Ok(value) => {
                            self.ledger.issued(&new_id);
                            self.emit(req, EventKind::SessionRotated { old: rec.id.clone(), new: new_id.clone() });
                            if !on_privilege {
                                self.note_planted_rotated(req, &rec.id);
                            }
                            set_cookies.push(self.saved_session_cookie(value, &new_id));
                            served = Some(new_id);
                        }
                        Err(e) => return (self.failed_write(e, req), took),
                    }
                } else if must_save {
                    let current = self.peek_version(idx, &rec.id);
                    if let Some(cur) = current {
                        // Someone wrote since this request read: writing now loses their
                        // change, even with nothing changed here (a resave on every request).
                        if cur != rec.version {
                            self.metrics.lost_updates += 1;
                            self.emit(
                                req,
                                EventKind::UpdateOverwritten {
                                    session: rec.id.clone(),
                                    read_version: rec.version,
                                    overwrote_version: cur,
                                },
                            );
                        }
                    }
                    if current.is_none() && keeps_state && self.config.session.library.refuses_write_after_delete {
                        self.emit(req, EventKind::WriteBackRefused { session: rec.id.clone() });
                        return (session_interrupted(), took);
                    }
                    if current.is_none() && keeps_state && self.ledger.fate(&rec.id) == Fate::Lost(LossCause::LoggedOut)
                    {
                        self.emit(req, EventKind::DestroyedSessionWrittenBack { session: rec.id.clone() });
                    }
                    let version = current.unwrap_or(rec.version).max(rec.version) + 1;
                    let new = self.record_used_now(rec.id.clone(), data, rec.created, version);
                    took += op;
                    match self.store_save(idx, &new, req, f.record) {
                        Ok(value) => {
                            if !keeps_state || rolling || self.config.session.library.cookie_refreshed_on_save {
                                set_cookies.push(self.saved_session_cookie(value, &rec.id));
                            }
                            served = Some(rec.id.clone());
                        }
                        Err(e) => {
                            let reply = self.failed_write(e, req);
                            status = reply.status;
                            page = reply.page;
                        }
                    }
                } else {
                    if keeps_state && cfg.touch_every_request {
                        took += op;
                        let expires = self.expiry_for(rec.created, self.now);
                        if self.store_touch(idx, &rec.id, expires, req, f.record).is_err() {
                            return (unavailable_reply(kind), took);
                        }
                    }
                    if rolling {
                        // Nothing was saved, so nothing changed: the data is the record's own.
                        rec.data = data;
                        let value = self.cookie_value_for(idx, &rec);
                        set_cookies.push(self.session_cookie(&value));
                    }
                    served = Some(rec.id.clone());
                }
            }
        }
        if let (200, Some(served)) = (status, &served) {
            if let Some(user) = user {
                self.session_controls(idx, f, effect, user, served, &mut page);
            }
            if let Some(forged) = forged {
                let victim = f.browser;
                if f.by_page_script {
                    self.emit(req, EventKind::ScriptRodeSession { victim, forged });
                } else {
                    self.emit(req, EventKind::ForgedRequestWorked { victim, forged });
                }
            }
        }
        if !set_cookies.is_empty() && self.secure_cookie_withheld(f) {
            set_cookies.clear();
            self.emit(req, EventKind::SecureCookieNotSet { server });
        }
        (Reply { status, set_cookies, page }, took)
    }

    /// express-session sends no Set-Cookie for a Secure cookie on a request
    /// it does not see as secure: TLS ended at the balancer and the app does
    /// not trust the balancer's `X-Forwarded-Proto` (index.js, `issecure`).
    fn secure_cookie_withheld(&self, f: &Flight) -> bool {
        let cfg = &self.config.session;
        let lib = &cfg.library;
        let secure_here = self.config.tls_to_servers || lib.trust_proxy && f.https;
        cfg.cookie.secure && lib.secure_cookie_needs_tls_to_server && !secure_here
    }

    /// Counts a read of `session` and logs it (when the request is recorded).
    fn note_read(&mut self, f: &Flight, server: ServerNumber, session: &SessionId, outcome: ReadOutcome) {
        let store = self.config.store;
        self.metrics.read(store, outcome);
        let event = EventKind::StoreRead { server, store, session: session.clone(), outcome };
        self.emit_if(f.record, Some(f.id), event);
    }

    fn failed_write(&mut self, e: StoreError, req: Option<RequestId>) -> Reply {
        match e {
            StoreError::TooLarge { bytes, limit } | StoreError::OutOfMemory { bytes, limit } => {
                let store = self.config.store;
                self.emit(req, EventKind::SessionTooLarge { bytes: bytes as u32, limit: limit as u32, store });
                let line = if store == StoreKind::SignedCookie {
                    format!("The session needs {bytes} bytes and does not fit in a {limit}-byte cookie.")
                } else {
                    format!("The session needs {bytes} bytes, more than the session cache's memory ({limit} bytes).")
                };
                Reply {
                    status: 500,
                    set_cookies: Vec::new(),
                    page: Page { heading: "500 Internal Server Error".into(), lines: vec![line.into()] },
                }
            }
            _ => unavailable_reply(self.config.store),
        }
    }
}

/// Django's answer when the session was deleted while the request ran
/// (`SessionInterrupted`, a `SuspiciousOperation`: 400).
fn session_interrupted() -> Reply {
    Reply {
        status: 400,
        set_cookies: Vec::new(),
        page: Page {
            heading: "400 Bad Request".into(),
            lines: vec!["The request's session was deleted before the request completed. The user may have logged out in a concurrent request, for example.".into()],
        },
    }
}

fn unavailable_reply(kind: StoreKind) -> Reply {
    Reply {
        status: 503,
        set_cookies: Vec::new(),
        page: Page {
            heading: "503 Service Unavailable".into(),
            lines: vec![format!(
                "The session store ({}) is not answering. Your session is kept; try again when it is back.",
                kind.label()
            )
            .into()],
        },
    }
}
