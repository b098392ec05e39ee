//! Mallory's attacks, run by the world: sniffing a plain-http hop, a script
//! injected in a comment, a form forged on another site, a planted session
//! ID and guessed IDs. Each attack either works (the victim's cookie ends
//! up in mallory's browser, or the victim's session is changed) or is
//! stopped by a defense, and an event says which.

use std::rc::Rc;

use super::{ActionError, World};
use crate::sim::attack::{guess_candidates, Attack, AttackKind, AttackMiss, FixedId, ForgedRequest, Plant, Theft};
use crate::sim::config::IdGenerator;
use crate::sim::defense::Defense;
use crate::sim::event::{CookieRefusal, EventKind};
use crate::sim::http::{cookie_in_header, Route, SHOP_HOST};
use crate::sim::ids::{BrowserId, SessionId};
use crate::sim::jar::Received;
use crate::sim::session::{Item, SessionRecord, Theme, User};
use crate::sim::signing;
use crate::sim::store::{SignedCookieStore, StoreKind};

/// What the world remembers of mallory's attacks, to say later what
/// stopped them.
#[derive(Clone, Debug, Default)]
pub(crate) struct AttackState {
    /// The session ID mallory stole or guessed, and how.
    pub stolen: Option<(SessionId, AttackKind)>,
    /// The session ID she planted, and the browser she planted it in.
    pub planted: Option<(SessionId, BrowserId)>,
}

/// The sibling site that sets a cookie for the whole parent domain.
const SIBLING_HOST: &str = "forum.example.com";

/// The session ID mallory makes up for a fixation.
const MADE_UP_ID: &str = "mallory-fixed-this-id";

const MALLORY: usize = BrowserId::MALLORY.0 as usize;

/// The request a forged form or a page script sends.
fn forged_route(forged: ForgedRequest) -> Route {
    match forged {
        ForgedRequest::AddToCart => Route::AddToCart { item: Item::Lamp },
        ForgedRequest::ChangeEmail => Route::ChangeEmail { to: User::Mallory },
    }
}

impl World {
    /// Checks and runs one attack. Refused (world unchanged) when a browser
    /// it needs is missing or closed.
    pub(crate) fn attack(&mut self, attack: Attack) -> Result<(), ActionError> {
        if let Some(v) = attack.victim() {
            if v == BrowserId::MALLORY {
                return Err(ActionError::new("mallory does not attack herself: choose alice or bob as the victim"));
            }
            match self.browsers.get(v.0 as usize) {
                Some(b) if v.0 < BrowserId::FIRST_VISITOR => {
                    if !b.open {
                        return Err(ActionError::new(format!("{v} is closed; reopen it first")));
                    }
                }
                _ => return Err(ActionError::new("the victim is alice's or bob's browser")),
            }
        }
        if !self.browsers[MALLORY].open {
            return Err(ActionError::new("mallory's browser is closed; reopen it first"));
        }
        self.emit(None, EventKind::AttackLaunched { attack });
        match attack {
            Attack::Sniff { victim } => self.sniff(victim),
            Attack::Xss { victim } => self.xss(victim),
            Attack::Csrf { victim, forged } => {
                self.send_as(victim, forged_route(forged), true, Some(forged), false);
            }
            Attack::XssRequest { victim, forged } => {
                self.send_as(victim, forged_route(forged), true, Some(forged), true);
            }
            Attack::Fixation { victim, via, id } => self.fixation(victim, via, id),
            Attack::Guess { tries } => self.guess(tries),
        }
        Ok(())
    }

    fn blocked(&mut self, attack: AttackKind, defense: Defense) {
        self.emit(None, EventKind::AttackBlocked { attack, defense });
    }

    fn missed(&mut self, attack: AttackKind, why: AttackMiss) {
        self.emit(None, EventKind::AttackFailed { attack, why });
    }

    fn sniff(&mut self, victim: BrowserId) {
        let Some(sent) = self.browsers[victim.0 as usize].last_request.clone() else {
            return self.missed(AttackKind::Sniff, AttackMiss::NoRequestSeen);
        };
        let name = self.config.session.cookie.name.clone();
        // The response's Set-Cookie is newer than the request's Cookie header
        // (a login may have rotated the ID); both travel the same hops.
        let value = sent
            .set_cookie
            .clone()
            .or_else(|| sent.cookie_header.as_deref().and_then(|h| cookie_in_header(h, &name)).map(|v| v.into_owned()));
        let how = if !sent.https {
            Theft::BrowserHop
        } else if sent.server_hop_plain {
            Theft::ServerHop
        } else {
            self.blocked(AttackKind::Sniff, Defense::Https);
            return self.blocked(AttackKind::Sniff, Defense::TlsToServers);
        };
        match value {
            Some(v) => self.steal(victim, how, AttackKind::Sniff, &v),
            None if sent.secure_withheld => self.blocked(AttackKind::Sniff, Defense::SecureCookie),
            None => self.missed(AttackKind::Sniff, AttackMiss::NoSessionCookie),
        }
    }

    fn xss(&mut self, victim: BrowserId) {
        let idx = victim.0 as usize;
        self.expire_cookies_of(idx);
        let name = self.config.session.cookie.name.clone();
        let jar = &self.browsers[idx].jar;
        let shown = jar.visible_to_scripts();
        match cookie_in_header(&shown, &name).map(|v| v.into_owned()) {
            Some(v) => self.steal(victim, Theft::Script, AttackKind::Xss, &v),
            None if jar.get(&name).is_some() => self.blocked(AttackKind::Xss, Defense::HttpOnly),
            None => self.missed(AttackKind::Xss, AttackMiss::NoSessionCookie),
        }
    }

    /// Mallory puts the stolen cookie value in her browser and opens the
    /// account page with it.
    fn steal(&mut self, victim: BrowserId, how: Theft, attack: AttackKind, value: &str) {
        if !self.give_mallory(value) {
            return self.missed(attack, AttackMiss::NoSessionCookie);
        }
        let name: Rc<str> = Rc::from(self.config.session.cookie.name.as_str());
        self.emit(None, EventKind::CookieStolen { victim, how, name });
        self.attacks.stolen = Some((self.session_id_in(value), attack));
        self.send(BrowserId::MALLORY, Route::Account, true);
    }

    /// Mallory's browser now holds `value` as its session cookie (her own
    /// session cookie, if any, is replaced). False if the browser refused it.
    fn give_mallory(&mut self, value: &str) -> bool {
        let c = &self.config.session.cookie;
        let mut line = format!("{}={}; Path={}", c.name, value, c.path);
        if c.name.starts_with("__") {
            line.push_str("; Secure");
        }
        let name = c.name.clone();
        let now = self.agenda.now;
        let m = &mut self.browsers[MALLORY];
        m.jar.forget(&name);
        let stored = matches!(m.jar.receive(&line, SHOP_HOST, true, now), Ok(Received::Stored(_)));
        if stored {
            m.cookie_gone = None;
            m.renamed_from = None;
            m.last_loss = None;
        }
        stored
    }

    /// The session ID a cookie value names under the current settings, as
    /// the servers read it (inside a signature, or inside a whole
    /// signed-cookie session; the value itself otherwise).
    pub fn session_id_in(&self, value: &str) -> SessionId {
        let cfg = &self.config.session;
        if self.config.store == StoreKind::SignedCookie {
            if let Some(r) = SignedCookieStore::peek_unverified(value) {
                return r.id;
            }
        } else if cfg.sign_id {
            if let Some(id) = signing::unsign(value, cfg.secret.as_bytes()) {
                return SessionId::new(&id);
            }
        }
        SessionId::new(value)
    }

    /// The value of mallory's session cookie, visiting the shop (and, if
    /// visiting alone makes no session, storing a theme) to get one.
    fn mallory_session_value(&mut self) -> Option<String> {
        let name = self.config.session.cookie.name.clone();
        // Only a live session of her own will do: not a dead ID, not one she stole.
        if let Some(c) = self.browsers[MALLORY].jar.get(&name) {
            let id = self.session_id_in(&c.value);
            let hers = self.live_record(&id).is_some_and(|r| r.data.user.is_none_or(|u| u == User::Mallory));
            if !hers {
                self.browsers[MALLORY].jar.forget(&name);
            }
        }
        for route in [Route::Home, Route::SetTheme { theme: Theme::Light }] {
            if let Some(c) = self.browsers[MALLORY].jar.get(&name) {
                return Some(c.value.to_string());
            }
            self.send(BrowserId::MALLORY, route, true);
            self.settle();
        }
        self.browsers[MALLORY].jar.get(&name).map(|c| c.value.to_string())
    }

    fn fixation(&mut self, victim: BrowserId, via: Plant, id: FixedId) {
        let value = match id {
            FixedId::MadeUp => MADE_UP_ID.to_string(),
            FixedId::Issued => match self.mallory_session_value() {
                Some(v) => v,
                None => return self.missed(AttackKind::Fixation, AttackMiss::NoIdObtained),
            },
        };
        let c = &self.config.session.cookie;
        let (line, host) = match via {
            Plant::Link => (self.session_cookie(&value), SHOP_HOST),
            // Path=/login: the more specific path goes first in the Cookie
            // header, ahead of a cookie the victim already has (cookie tossing).
            Plant::SiblingCookie => {
                (format!("{}={value}; Domain=example.com; Path=/login; Secure", c.name), SIBLING_HOST)
            }
        };
        let now = self.agenda.now;
        match self.browsers[victim.0 as usize].jar.receive(&line, host, true, now) {
            Ok(Received::Stored(_)) => {
                if id == FixedId::MadeUp && !self.give_mallory(MADE_UP_ID) {
                    return self.missed(AttackKind::Fixation, AttackMiss::NoIdObtained);
                }
                let session = self.session_id_in(&value);
                self.attacks.planted = Some((session.clone(), victim));
                self.emit(None, EventKind::IdPlanted { victim, via, session });
            }
            Err((_, CookieRefusal::BadHostPrefix)) => self.blocked(AttackKind::Fixation, Defense::HostPrefix),
            _ => self.missed(AttackKind::Fixation, AttackMiss::NoIdObtained),
        }
    }

    fn guess(&mut self, tries: u32) {
        if self.config.store == StoreKind::SignedCookie {
            return self.missed(AttackKind::Guess, AttackMiss::NothingOnServer);
        }
        let generator = self.config.session.id_generator;
        let own = match generator {
            IdGenerator::Sequential | IdGenerator::Timestamp => {
                self.mallory_session_value().map(|v| self.session_id_in(&v))
            }
            IdGenerator::Random { .. } | IdGenerator::RandomI128 => None,
        };
        let candidates = guess_candidates(generator, own.as_ref().map(SessionId::as_str), tries, &mut self.rng);
        if self.config.session.sign_id {
            self.emit(None, EventKind::IdsGuessed { tries, found: 0 });
            return self.missed(AttackKind::Guess, AttackMiss::SignedIds);
        }
        let live: Vec<SessionId> = candidates
            .iter()
            .map(|c| SessionId::new(c))
            .filter(|id| Some(id) != own.as_ref() && self.live_record(id).is_some())
            .collect();
        self.emit(None, EventKind::IdsGuessed { tries, found: live.len() as u32 });
        let someone_else = |w: &World, id: &SessionId| {
            w.live_record(id).is_some_and(|r| r.data.user.is_some_and(|u| u != User::Mallory))
        };
        let Some(pick) = live.iter().find(|id| someone_else(self, id)).or(live.first()).cloned() else {
            return if generator.entropy_bits() >= 64.0 {
                self.blocked(AttackKind::Guess, Defense::IdEntropy)
            } else {
                self.missed(AttackKind::Guess, AttackMiss::NoneFound)
            };
        };
        let value = self.id_cookie_value(&pick);
        if self.give_mallory(&value) {
            self.attacks.stolen = Some((pick, AttackKind::Guess));
            self.send(BrowserId::MALLORY, Route::Account, true);
        }
    }

    /// OWASP's expected seconds for mallory to guess a live session ID at
    /// `guesses_per_second`, with the current ID generator's entropy and the
    /// sessions alive now (see [`expected_seconds_to_guess`]).
    ///
    /// [`expected_seconds_to_guess`]: crate::sim::attack::expected_seconds_to_guess
    pub fn expected_seconds_to_guess(&self, guesses_per_second: f64) -> f64 {
        let bits = self.config.session.id_generator.entropy_bits();
        let live = match self.config.store {
            StoreKind::SignedCookie => 0,
            _ => self.sessions_alive(),
        };
        crate::sim::attack::expected_seconds_to_guess(bits, guesses_per_second, live as f64)
    }

    /// The live session stored under `id`, wherever the current store keeps it.
    fn live_record(&self, id: &SessionId) -> Option<&SessionRecord> {
        let found = self.stores_in_use().into_iter().find_map(|s| s.get(id));
        found.filter(|r| !r.is_expired(self.agenda.now) && self.timed_out(r).is_none())
    }
}
