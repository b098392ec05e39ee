//! What the middleware does for the security lab: notices a browser served
//! another user's session (a hijack) and names the defense that ended a
//! stolen or planted session; refuses forged forms when the anti-CSRF token
//! is on; and runs the user-facing controls of ASVS V3.3.3/V3.3.4: the page
//! of my active sessions, "log out other sessions" and the limit on
//! concurrent sessions. Server-side stores enumerate a user's sessions (a
//! per-server store only its own server's); the signed-cookie store cannot.

use super::request::{Flight, Reply};
use super::World;
use crate::sim::attack::{AttackKind, AttackMiss, ForgedRequest};
use crate::sim::defense::Defense;
use crate::sim::event::EventKind;
use crate::sim::http::Page;
use crate::sim::ids::{BrowserId, RequestId, SessionId};
use crate::sim::loss::{ExpiryKind, LossCause};
use crate::sim::session::{SessionRecord, User};
use crate::sim::shop::{Effect, Outcome};
use crate::sim::time::SimTime;

impl World {
    /// Mallory's browser was served another user's session: say so. (Other
    /// browsers may log in as anyone: they know the password.)
    pub(super) fn note_hijack(&mut self, req: Option<RequestId>, browser: BrowserId, rec: &SessionRecord) {
        if let (BrowserId::MALLORY, Some(user)) = (browser, rec.data.user) {
            if user != User::Mallory {
                self.emit(req, EventKind::Hijacked { attacker: browser, user, session: rec.id.clone() });
            }
        }
    }

    /// Strict mode refused the ID mallory made up and planted, sent by the
    /// browser she planted it in (her own requests with it are no attack).
    pub(super) fn note_planted_refused(&mut self, req: Option<RequestId>, browser: BrowserId, id: &SessionId) {
        if self.attacks.planted.as_ref().is_some_and(|(p, victim)| p == id && *victim == browser) {
            self.emit(req, EventKind::AttackBlocked { attack: AttackKind::Fixation, defense: Defense::StrictIds });
        }
    }

    /// Login replaced the ID mallory planted.
    pub(super) fn note_planted_rotated(&mut self, req: Option<RequestId>, id: &SessionId) {
        if self.attacks.planted.as_ref().is_some_and(|(p, _)| p == id) {
            self.emit(req, EventKind::AttackBlocked { attack: AttackKind::Fixation, defense: Defense::RotateOnLogin });
        }
    }

    /// Mallory's browser lost the session she stole: name the defense that ended it.
    pub(super) fn note_stolen_session_ended(
        &mut self,
        req: Option<RequestId>,
        browser: BrowserId,
        id: &SessionId,
        cause: LossCause,
    ) {
        let Some((stolen, attack)) = self.attacks.stolen.clone() else { return };
        if browser != BrowserId::MALLORY || stolen != *id {
            return;
        }
        let defense = match cause {
            LossCause::LoggedOut => Defense::ServerSideLogout,
            LossCause::IdleTimeout { .. } | LossCause::ExpiredAndCleanedUp { why: ExpiryKind::Idle } => {
                Defense::IdleTimeout
            }
            LossCause::AbsoluteTimeout { .. } | LossCause::ExpiredAndCleanedUp { why: ExpiryKind::Absolute } => {
                Defense::AbsoluteTimeout
            }
            LossCause::Rotated => Defense::RotateOnLogin,
            LossCause::RotatedOnPrivilegeChange => Defense::RotateOnPrivilegeChange,
            LossCause::EndedByUser => Defense::LogOutOtherSessions,
            LossCause::SessionLimit => Defense::SessionLimit,
            _ => return,
        };
        self.emit(req, EventKind::AttackBlocked { attack, defense });
    }

    /// The answer to a forged form when every real form carries an anti-CSRF token.
    pub(super) fn refuse_forged(&mut self, req: Option<RequestId>) -> Reply {
        self.emit(req, EventKind::AttackBlocked { attack: AttackKind::Csrf, defense: Defense::CsrfToken });
        Reply::error(403, "The form carried no valid anti-CSRF token, so the shop refused it.")
    }

    /// Whether a forged request is about to change the victim's session; if
    /// it cannot, says why.
    pub(super) fn forged_outcome(
        &mut self,
        req: Option<RequestId>,
        f: &Flight,
        had_session: bool,
        outcome: &Outcome,
    ) -> Option<ForgedRequest> {
        let forged = f.forged?;
        let why = if !had_session {
            if f.same_site_blocked {
                return None; // already explained by SameSite
            }
            AttackMiss::NoVictimSession
        } else if outcome.status != 200 || !outcome.modified {
            AttackMiss::NothingChanged
        } else {
            return Some(forged);
        };
        let attack = if f.by_page_script { AttackKind::Xss } else { AttackKind::Csrf };
        self.emit(req, EventKind::AttackFailed { attack, why });
        None
    }

    /// The live sessions of `user` that server `idx` can see (a per-server
    /// store sees only its own), least recently used first; `None` when
    /// sessions live in signed cookies and the server cannot list them.
    pub(crate) fn sessions_of(&self, idx: usize, user: User) -> Option<Vec<&SessionRecord>> {
        let store = self.store_seen(idx);
        if !store.keeps_state_on_server() {
            return None;
        }
        let mut all = store.entries();
        all.retain(|r| r.data.user == Some(user) && !r.is_expired(self.agenda.now) && self.timed_out(r).is_none());
        all.sort_by(|a, b| (a.last_access, &a.id).cmp(&(b.last_access, &b.id)));
        Some(all)
    }

    /// After a request of a logged-in user was served: the session page,
    /// "log out other sessions" and the concurrent-session limit.
    pub(super) fn session_controls(
        &mut self,
        idx: usize,
        f: &Flight,
        effect: Effect,
        user: User,
        current: &SessionId,
        page: &mut Page,
    ) {
        let req = Some(f.id);
        let limit = self.config.session.max_sessions_per_user;
        let wanted = match effect {
            Effect::ListSessions | Effect::EndOtherSessions => true,
            Effect::LoggedIn => limit.is_some(),
            _ => false,
        };
        if !wanted {
            return;
        }
        let Some(sessions) = self.sessions_of(idx, user) else {
            self.emit(req, EventKind::SessionsNotListable { user });
            page.lines.insert(
                1,
                "Sessions live in signed cookies: the server cannot list or end them; each stays valid until it expires"
                    .into(),
            );
            return;
        };
        match effect {
            Effect::ListSessions => {
                let now = self.agenda.now;
                let lines: Vec<String> = sessions
                    .iter()
                    .rev()
                    .map(|r| {
                        let devices: Vec<String> = r.data.devices.iter().map(|d| d.to_string()).collect();
                        let device = match devices.len() {
                            0 => "an unknown device".to_string(),
                            _ => devices.join(" and "),
                        };
                        let this = if r.id == *current { " (this session)" } else { "" };
                        let ago = now.since(r.last_access);
                        let seen = if ago < SimTime::secs(1) { "just now".to_string() } else { format!("{ago} ago") };
                        format!("{device}: last seen {seen}{this}")
                    })
                    .collect();
                let count = lines.len() as u32;
                for (i, l) in lines.into_iter().enumerate() {
                    page.lines.insert(1 + i, l.into());
                }
                self.emit(req, EventKind::SessionsListed { user, count });
            }
            Effect::EndOtherSessions => {
                let others: Vec<SessionId> =
                    sessions.iter().filter(|r| r.id != *current).map(|r| r.id.clone()).collect();
                let count = self.end_sessions(idx, &others, LossCause::EndedByUser, req);
                page.lines.insert(1, format!("Ended {}", crate::sim::words::count(count, "other session")).into());
                self.emit(req, EventKind::OtherSessionsEnded { user, count });
            }
            _ => {
                let limit = limit.unwrap_or(u32::MAX) as usize;
                let others: Vec<SessionId> =
                    sessions.iter().filter(|r| r.id != *current).map(|r| r.id.clone()).collect();
                let over = (others.len() + 1).saturating_sub(limit);
                if over > 0 {
                    let ended = self.end_sessions(idx, &others[..over], LossCause::SessionLimit, req);
                    let limit = limit as u32;
                    self.emit(req, EventKind::SessionLimitReached { user, limit, ended });
                }
            }
        }
    }

    /// Deletes sessions from the store for `cause`; returns how many went.
    fn end_sessions(&mut self, idx: usize, ids: &[SessionId], cause: LossCause, req: Option<RequestId>) -> u32 {
        let mut ended = 0;
        for id in ids {
            if let Ok(true) = self.store_delete(idx, id, req, true) {
                self.journal.ledger.lost(id, cause);
                ended += 1;
            }
        }
        ended
    }
}
