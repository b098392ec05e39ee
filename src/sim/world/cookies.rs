//! The session cookie as the middleware writes it: its value (the ID,
//! signed or not, or the whole session for the cookie store) and its
//! Set-Cookie lines.

use super::World;
use crate::sim::config::{CookieSettings, LifetimeAttribute};
use crate::sim::cookie_date;
use crate::sim::ids::SessionId;
use crate::sim::session::SessionRecord;
use crate::sim::set_cookie::{Attributes, SetCookie};
use crate::sim::signing;
use crate::sim::store::StoreKind;

/// The session cookie's lines (written as the `cookie` crate writes them,
/// `sim::set_cookie::SetCookie`) under one set of
/// cookie settings, kept until the settings change: the attributes part of
/// the session cookie's Set-Cookie line (`; HttpOnly; SameSite=Lax; Secure;
/// Path=/` and so on) and the whole line that deletes the cookie. What the
/// crate writes after `name=value` depends on the attributes only, so a line
/// is the name, `=`, the value and the suffix, without running the whole
/// formatting for every response (debug builds check each line against a
/// line written in full).
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
    /// not depend on the value, so they are written in full
    /// once per cookie settings and kept (see [`WrittenLines`]).
    pub(super) fn session_cookie(&self, value: &str) -> String {
        let c = &self.config.session.cookie;
        if c.max_age_secs.is_some() && self.config.session.library.lifetime_attribute == LifetimeAttribute::Expires {
            // The date changes with the clock: nothing to keep.
            return self.session_cookie_in_full(value);
        }
        let lines = self.written_lines();
        let suffix = &lines.suffix;
        let mut line = String::with_capacity(c.name.len() + 1 + value.len() + suffix.len());
        line.push_str(&c.name);
        line.push('=');
        line.push_str(value);
        line.push_str(suffix);
        debug_assert_eq!(line, self.session_cookie_in_full(value));
        line
    }

    /// The lines [`WrittenLines`] keeps, written in full
    /// first if the cookie settings changed since they were.
    fn written_lines(&self) -> std::cell::RefMut<'_, WrittenLines> {
        let mut lines = self.written_lines.borrow_mut();
        lines.refresh(&self.config.session.cookie, || (self.session_cookie_in_full(""), self.clear_cookie_in_full()));
        lines
    }

    /// The session cookie's Set-Cookie line as the `cookie` crate writes it.
    fn session_cookie_in_full(&self, value: &str) -> String {
        let c = &self.config.session.cookie;
        let mut attributes = Attributes {
            secure: c.secure,
            http_only: c.http_only,
            domain: c.domain.clone(),
            path: Some(c.path.clone()),
            same_site: c.same_site,
            ..Attributes::default()
        };
        if let Some(secs) = c.max_age_secs {
            match self.config.session.library.lifetime_attribute {
                LifetimeAttribute::MaxAge => attributes.max_age_secs = Some(secs as i64),
                LifetimeAttribute::Expires => {
                    // express-session: `new Date(Date.now() + maxAge)`, written to the second
                    // (past the years a date is written in, Max-Age instead).
                    let unix = ((signing::SIM_EPOCH_MS + self.agenda.now.as_millis()) / 1000 + secs) as i64;
                    if cookie_date::writable(unix) {
                        attributes.expires_unix_secs = Some(unix);
                    } else {
                        attributes.max_age_secs = Some(secs as i64);
                    }
                }
            }
        }
        SetCookie { name: &c.name, value, attributes }.line()
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
    /// cookie (written in full once per cookie settings and kept).
    pub(super) fn clear_cookie(&self) -> String {
        let line = self.written_lines().clear_line.clone();
        debug_assert_eq!(line, self.clear_cookie_in_full());
        line
    }

    /// The deleting Set-Cookie line as the `cookie` crate writes it.
    fn clear_cookie_in_full(&self) -> String {
        let c = &self.config.session.cookie;
        let attributes = Attributes {
            secure: c.secure,
            domain: c.domain.clone(),
            path: Some(c.path.clone()),
            max_age_secs: Some(0),
            ..Attributes::default()
        };
        SetCookie { name: &c.name, value: "", attributes }.line()
    }
}
