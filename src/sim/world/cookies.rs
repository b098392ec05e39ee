//! The session cookie as the middleware writes it: its value (the ID,
//! signed or not, or the whole session for the cookie store) and its
//! Set-Cookie lines.

use cookie::Cookie;

use super::World;
use crate::sim::config::{CookieSettings, LifetimeAttribute, SameSite};
use crate::sim::http::set_cookie_line;
use crate::sim::ids::SessionId;
use crate::sim::session::SessionRecord;
use crate::sim::signing;
use crate::sim::store::StoreKind;

/// What the `cookie` crate wrote for the session cookie under one set of
/// cookie settings, kept until the settings change: the attributes part of
/// the session cookie's Set-Cookie line (`; HttpOnly; SameSite=Lax; Secure;
/// Path=/` and so on) and the whole line that deletes the cookie. What the
/// crate writes after `name=value` depends on the attributes only, so a line
/// is the name, `=`, the value and the suffix, without running the crate's
/// formatting for every response (debug builds check each line against the
/// crate's).
#[derive(Clone, Debug, Default)]
pub(crate) struct WrittenLines {
    written_for: Option<CookieSettings>,
    suffix: String,
    clear_line: String,
}

impl WrittenLines {
    /// Makes the lines those of `settings`; `write` gives the whole line for
    /// an empty value and the deleting line when the settings changed since
    /// last time.
    fn refresh(&mut self, settings: &CookieSettings, write: impl FnOnce() -> (String, String)) {
        if self.written_for.as_ref() != Some(settings) {
            let (line, clear_line) = write();
            self.suffix = line[settings.name.len() + 1..].to_string();
            self.clear_line = clear_line;
            self.written_for = Some(settings.clone());
        }
    }
}

impl World {
    /// The cookie value that names `rec` (signed if configured; the whole
    /// encoded session for the cookie store).
    pub(super) fn cookie_value_for(&self, idx: usize, rec: &SessionRecord) -> String {
        if self.config.store == StoreKind::SignedCookie {
            self.cookie_codec(idx).encode(rec)
        } else {
            self.id_cookie_value(&rec.id)
        }
    }

    /// The cookie value for a server-side session ID.
    pub(crate) fn id_cookie_value(&self, id: &SessionId) -> String {
        let cfg = &self.config.session;
        if cfg.sign_id {
            signing::sign(id.as_str(), cfg.secret.as_bytes())
        } else {
            id.as_str().to_string()
        }
    }

    /// The Set-Cookie line that gives the browser the session cookie:
    /// `name=value` and the attributes the settings give. The attributes do
    /// not depend on the value, so they are written by the `cookie` crate
    /// once per cookie settings and kept (see [`WrittenLines`]).
    pub(super) fn session_cookie(&self, value: &str) -> String {
        let c = &self.config.session.cookie;
        if c.max_age_secs.is_some() && self.config.session.library.lifetime_attribute == LifetimeAttribute::Expires {
            // The date changes with the clock: nothing to keep.
            return self.session_cookie_by_crate(value);
        }
        let lines = self.written_lines();
        let suffix = &lines.suffix;
        let mut line = String::with_capacity(c.name.len() + 1 + value.len() + suffix.len());
        line.push_str(&c.name);
        line.push('=');
        line.push_str(value);
        line.push_str(suffix);
        debug_assert_eq!(line, self.session_cookie_by_crate(value));
        line
    }

    /// The lines [`WrittenLines`] keeps, written by the `cookie` crate
    /// first if the cookie settings changed since they were.
    fn written_lines(&self) -> std::cell::RefMut<'_, WrittenLines> {
        let mut lines = self.written_lines.borrow_mut();
        lines.refresh(&self.config.session.cookie, || (self.session_cookie_by_crate(""), self.clear_cookie_by_crate()));
        lines
    }

    /// The session cookie's Set-Cookie line as the `cookie` crate writes it.
    fn session_cookie_by_crate(&self, value: &str) -> String {
        let c = &self.config.session.cookie;
        let mut b = Cookie::build((c.name.as_str(), value)).path(c.path.as_str());
        if c.http_only {
            b = b.http_only(true);
        }
        if c.secure {
            b = b.secure(true);
        }
        if let Some(d) = &c.domain {
            b = b.domain(d.as_str());
        }
        if let Some(s) = c.same_site {
            b = b.same_site(match s {
                SameSite::Strict => cookie::SameSite::Strict,
                SameSite::Lax => cookie::SameSite::Lax,
                SameSite::None => cookie::SameSite::None,
            });
        }
        if let Some(secs) = c.max_age_secs {
            b = match self.config.session.library.lifetime_attribute {
                LifetimeAttribute::MaxAge => b.max_age(cookie::time::Duration::seconds(secs as i64)),
                LifetimeAttribute::Expires => {
                    // express-session: `new Date(Date.now() + maxAge)`, written to the second.
                    let unix = (signing::SIM_EPOCH_MS + self.agenda.now.as_millis()) / 1000 + secs;
                    match cookie::time::OffsetDateTime::from_unix_timestamp(unix as i64) {
                        Ok(at) => b.expires(at),
                        Err(_) => b.max_age(cookie::time::Duration::seconds(secs as i64)),
                    }
                }
            };
        }
        set_cookie_line(&b.build())
    }

    /// The Set-Cookie line for a session just saved: the value the store
    /// gave (the cookie store's whole session), or else one naming `id`.
    pub(super) fn saved_session_cookie(&self, stored: Option<SessionId>, id: &SessionId) -> String {
        match stored {
            Some(v) => self.session_cookie(v.as_str()),
            None if self.config.session.sign_id => self.session_cookie(&self.id_cookie_value(id)),
            None => self.session_cookie(id.as_str()),
        }
    }

    /// The Set-Cookie line that tells the browser to forget the session
    /// cookie (written by the crate once per cookie settings and kept).
    pub(super) fn clear_cookie(&self) -> String {
        let line = self.written_lines().clear_line.clone();
        debug_assert_eq!(line, self.clear_cookie_by_crate());
        line
    }

    /// The deleting Set-Cookie line as the `cookie` crate writes it.
    fn clear_cookie_by_crate(&self) -> String {
        let c = &self.config.session.cookie;
        let mut b = Cookie::build((c.name.as_str(), "")).path(c.path.as_str()).max_age(cookie::time::Duration::ZERO);
        if c.secure {
            b = b.secure(true);
        }
        if let Some(d) = &c.domain {
            b = b.domain(d.as_str());
        }
        set_cookie_line(&b.build())
    }
}
