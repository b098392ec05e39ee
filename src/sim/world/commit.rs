//! The session middleware's second half, at the server: write the session
//! back by the configured policy and build the response, one phase per
//! case: logout, a new session, a rotated ID, a save, a touch. Then the
//! account controls, the attacks' reports, and express-session's Secure
//! cookie check.

use super::ledger::Fate;
use super::request::{Flight, Reply, Work};
use super::World;
use crate::sim::config::{CreatePolicy, LogoutPolicy, SavePolicy};
use crate::sim::event::EventKind;
use crate::sim::http::Page;
use crate::sim::ids::SessionId;
use crate::sim::loss::LossCause;
use crate::sim::session::{SessionData, SessionRecord};
use crate::sim::shop::Effect;
use crate::sim::store::{StoreError, StoreKind};
use crate::sim::time::SimTime;

/// The response being built while the session is written back.
struct Committing {
    /// How long the store's writes took.
    took: SimTime,
    /// The Set-Cookie lines.
    set_cookies: Vec<String>,
    /// The status and page (a failed save turns them into an error page).
    status: u16,
    page: Page,
    /// The session the request ends with, if any.
    served: Option<SessionId>,
}

/// An early answer: the request ends with this page.
type Early = Result<(), Reply>;

impl World {
    /// Phase 2 at the server: write the session back by the configured
    /// policy and build the response. Returns it and how long the writes took.
    pub(crate) fn commit_session(&mut self, idx: usize, f: &Flight, work: Work) -> (Reply, SimTime) {
        let Work { session, data, outcome, adopt, forged } = work;
        let (user, effect, modified) = (data.user, outcome.effect, outcome.modified);
        let mut c = Committing {
            took: SimTime::ZERO,
            set_cookies: Vec::new(),
            status: outcome.status,
            page: outcome.page,
            served: None,
        };
        let cfg = &self.config.session;
        let keeps_state = self.config.store != StoreKind::SignedCookie;
        let on_privilege = effect == Effect::PrivilegeRaised && cfg.rotate_on_privilege_change;
        let rotate = effect == Effect::LoggedIn && cfg.rotate_on_login || on_privilege;
        let must_save = modified || cfg.save == SavePolicy::EveryRequest || !keeps_state && cfg.touch_every_request;
        let done = match (session, effect) {
            (session, Effect::LoggedOut) => self.commit_logout(idx, f, session, &mut c),
            (None, _) => self.commit_new(idx, f, data, adopt, effect, &mut c),
            (Some(rec), _) if rotate => self.commit_rotate(idx, f, rec, data, on_privilege, &mut c),
            (Some(rec), _) if must_save => self.commit_save(idx, f, rec, data, &mut c),
            (Some(rec), _) => self.commit_touch(idx, f, rec, data, &mut c),
        };
        if let Err(reply) = done {
            return (reply, c.took);
        }
        if let (200, Some(served)) = (c.status, &c.served) {
            if let Some(user) = user {
                self.session_controls(idx, f, effect, user, served, &mut c.page);
            }
            if let Some(forged) = forged {
                let victim = f.browser;
                let event = if f.by_page_script {
                    EventKind::ScriptRodeSession { victim, forged }
                } else {
                    EventKind::ForgedRequestWorked { victim, forged }
                };
                self.emit(Some(f.id), event);
            }
        }
        if !c.set_cookies.is_empty() && self.secure_cookie_withheld(f) {
            c.set_cookies.clear();
            self.emit(Some(f.id), EventKind::SecureCookieNotSet { server: self.cluster.servers[idx].number });
        }
        (Reply { status: c.status, set_cookies: c.set_cookies, page: c.page }, c.took)
    }

    /// The time one write of the current store takes.
    fn write_cost(&self) -> SimTime {
        self.config.costs.store_op(self.config.store, false)
    }

    /// Logout: destroy the session on the server (or say it stays valid),
    /// and clear the cookie unless the library leaves it.
    fn commit_logout(&mut self, idx: usize, f: &Flight, session: Option<SessionRecord>, c: &mut Committing) -> Early {
        let req = Some(f.id);
        let keeps_state = self.config.store != StoreKind::SignedCookie;
        if let Some(rec) = session {
            if keeps_state && self.config.session.logout == LogoutPolicy::DestroyOnServer {
                c.took += self.write_cost();
                if self.store_delete(idx, &rec.id, req, f.record).is_err() {
                    return Err(self.unavailable_reply());
                }
                self.journal.ledger.lost(&rec.id, LossCause::LoggedOut);
                self.emit(req, EventKind::SessionDestroyed { session: rec.id.clone() });
            } else if rec.data.user.is_some() {
                self.emit(req, EventKind::LogoutLeftSessionValid { session: rec.id.clone(), in_cookie: !keeps_state });
            }
        }
        if self.config.session.library.logout_clears_cookie || !keeps_state {
            c.set_cookies.push(self.clear_cookie());
        } else {
            self.emit(req, EventKind::LogoutKeptCookie);
        }
        Ok(())
    }

    /// No session came with the request: make one if the policy wants it
    /// (adopting a made-up ID on a permissive server), or, as Django does,
    /// delete a cookie that named no session.
    fn commit_new(
        &mut self,
        idx: usize,
        f: &Flight,
        data: SessionData,
        adopt: Option<SessionId>,
        effect: Effect,
        c: &mut Committing,
    ) -> Early {
        let req = Some(f.id);
        let wanted = match self.config.session.create {
            CreatePolicy::EveryVisitor => true,
            CreatePolicy::WhenDataStored => !data.is_empty(),
            CreatePolicy::Never => false,
        };
        if !wanted {
            if self.config.session.library.deletes_unknown_cookie && self.sent_session_value(f).is_some() {
                // Django: an empty session whose cookie came along is deleted.
                c.set_cookies.push(self.clear_cookie());
            }
            return Ok(());
        }
        // A permissive server adopts an ID it never issued, but rotation at
        // login replaces it all the same.
        let rotate = effect == Effect::LoggedIn && self.config.session.rotate_on_login;
        let id = match adopt {
            Some(a) if !rotate => a,
            Some(a) => {
                self.note_planted_rotated(req, &a);
                self.new_session_id()
            }
            None => self.new_session_id(),
        };
        let rec = self.record_used_now(id.clone(), data, self.agenda.now, 1);
        c.took += self.write_cost();
        let value = self.store_save(idx, &rec, req, f.record).map_err(|e| self.failed_write(e, req))?;
        self.journal.ledger.issued(&id);
        self.journal.metrics.sessions_created += 1;
        let server = self.cluster.servers[idx].number;
        self.emit_if(f.record, req, EventKind::SessionCreated { session: id.clone(), server });
        c.set_cookies.push(self.saved_session_cookie(value, &id));
        c.served = Some(id);
        Ok(())
    }

    /// A new ID for the session (at login, or on a privilege change): the old
    /// one is deleted and becomes a loss of its own.
    fn commit_rotate(
        &mut self,
        idx: usize,
        f: &Flight,
        rec: SessionRecord,
        data: SessionData,
        on_privilege: bool,
        c: &mut Committing,
    ) -> Early {
        let req = Some(f.id);
        let new_id = self.new_session_id();
        if self.config.store != StoreKind::SignedCookie {
            c.took += self.write_cost();
            if self.store_delete(idx, &rec.id, req, f.record).is_err() {
                return Err(self.unavailable_reply());
            }
            let why = if on_privilege { LossCause::RotatedOnPrivilegeChange } else { LossCause::Rotated };
            self.journal.ledger.lost(&rec.id, why);
        }
        let new = self.record_used_now(new_id.clone(), data, rec.created, 1);
        c.took += self.write_cost();
        let value = self.store_save(idx, &new, req, f.record).map_err(|e| self.failed_write(e, req))?;
        self.journal.ledger.issued(&new_id);
        self.emit(req, EventKind::SessionRotated { old: rec.id.clone(), new: new_id.clone() });
        if !on_privilege {
            self.note_planted_rotated(req, &rec.id);
        }
        c.set_cookies.push(self.saved_session_cookie(value, &new_id));
        c.served = Some(new_id);
        Ok(())
    }

    /// Write the whole session back: noticing a version someone else wrote
    /// meanwhile (a lost update), and a session deleted meanwhile, which
    /// Django refuses to write back and express-session's stores revive.
    fn commit_save(
        &mut self,
        idx: usize,
        f: &Flight,
        rec: SessionRecord,
        data: SessionData,
        c: &mut Committing,
    ) -> Early {
        let req = Some(f.id);
        let keeps_state = self.config.store != StoreKind::SignedCookie;
        let current = self.peek_version(idx, &rec.id);
        if let Some(cur) = current.filter(|cur| *cur != rec.version) {
            // Someone wrote since this request read: writing now loses their
            // change, even with nothing changed here (a resave on every request).
            self.journal.metrics.lost_updates += 1;
            let event = EventKind::UpdateOverwritten {
                session: rec.id.clone(),
                read_version: rec.version,
                overwrote_version: cur,
            };
            self.emit(req, event);
        }
        if current.is_none() && keeps_state && self.config.session.library.refuses_write_after_delete {
            self.emit(req, EventKind::WriteBackRefused { session: rec.id.clone() });
            return Err(Reply::error(
                400,
                "The request's session was deleted before the request completed. The user may have logged out in a concurrent request, for example.",
            ));
        }
        if current.is_none() && keeps_state && self.journal.ledger.fate(&rec.id) == Fate::Lost(LossCause::LoggedOut) {
            self.emit(req, EventKind::DestroyedSessionWrittenBack { session: rec.id.clone() });
        }
        let version = current.unwrap_or(rec.version).max(rec.version) + 1;
        let new = self.record_used_now(rec.id.clone(), data, rec.created, version);
        c.took += self.write_cost();
        match self.store_save(idx, &new, req, f.record) {
            Ok(value) => {
                let lib = &self.config.session.library;
                if !keeps_state || self.config.session.rolling || lib.cookie_refreshed_on_save {
                    c.set_cookies.push(self.saved_session_cookie(value, &rec.id));
                }
                c.served = Some(rec.id);
            }
            Err(e) => {
                // The page says the save failed; the request still ends here.
                let reply = self.failed_write(e, req);
                c.status = reply.status;
                c.page = reply.page;
            }
        }
        Ok(())
    }

    /// Nothing to save: move the store's expiry if every request counts as
    /// activity, and send the cookie again if it rolls.
    fn commit_touch(
        &mut self,
        idx: usize,
        f: &Flight,
        mut rec: SessionRecord,
        data: SessionData,
        c: &mut Committing,
    ) -> Early {
        let keeps_state = self.config.store != StoreKind::SignedCookie;
        if keeps_state && self.config.session.touch_every_request {
            c.took += self.write_cost();
            let expires = self.expiry_for(rec.created, self.agenda.now);
            if self.store_touch(idx, &rec.id, expires, Some(f.id), f.record).is_err() {
                return Err(self.unavailable_reply());
            }
        }
        if self.config.session.rolling {
            // Nothing was saved, so nothing changed: the data is the record's own.
            rec.data = data;
            let value = self.cookie_value_for(idx, &rec);
            c.set_cookies.push(self.session_cookie(&value));
        }
        c.served = Some(rec.id);
        Ok(())
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

    /// The page of a save the store refused (too large for a cookie or for
    /// the cache), or could not do.
    fn failed_write(&mut self, e: StoreError, req: Option<crate::sim::ids::RequestId>) -> Reply {
        let (bytes, limit) = match e {
            StoreError::TooLarge { bytes, limit } | StoreError::OutOfMemory { bytes, limit } => (bytes, limit),
            _ => return self.unavailable_reply(),
        };
        let store = self.config.store;
        self.emit(req, EventKind::SessionTooLarge { bytes: bytes as u32, limit: limit as u32, store });
        Reply::error(
            500,
            if store == StoreKind::SignedCookie {
                format!("The session needs {bytes} bytes and does not fit in a {limit}-byte cookie.")
            } else {
                format!("The session needs {bytes} bytes, more than the session cache's memory ({limit} bytes).")
            },
        )
    }
}
