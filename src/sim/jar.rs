//! A browser's cookie jar, enforcing what real browsers enforce: Max-Age on
//! the engine's clock, browser-session cookies dropped on close, Path,
//! Domain, Secure (never sent over http, never set by http), HttpOnly
//! (hidden from page scripts), SameSite on cross-site requests, the
//! `__Host-` prefix and the 4096-byte size limit. Set-Cookie lines are
//! read as the `cookie` crate reads them (see `set_cookie.rs`), and Cookie
//! lines written as the crate writes them.
//!
//! This file holds the jar itself and what it keeps; `jar/receive.rs` takes
//! a Set-Cookie line, `jar/send.rs` picks the cookies a request carries.

mod receive;
mod send;

pub use receive::Received;
pub use send::{BrowserEngine, Destination, HeldBack, LAX_ALLOWING_UNSAFE};

use serde::{Deserialize, Serialize};
use std::rc::Rc;

use super::config::SameSite;
use super::set_cookie::SetCookieReader;
use super::time::SimTime;

/// One cookie as the browser keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredCookie {
    /// Name.
    pub name: Rc<str>,
    /// Value.
    pub value: Rc<str>,
    /// The domain it is sent to.
    pub domain: Rc<str>,
    /// True without a Domain attribute: sent to exactly that host only.
    pub host_only: bool,
    /// Sent only to paths under this one.
    pub path: Rc<str>,
    /// Sent only over https.
    pub secure: bool,
    /// Hidden from page scripts.
    pub http_only: bool,
    /// The SameSite attribute, if given. Without it the cookie is sent on
    /// cross-site requests too (Firefox and Safari; Chrome treats it as Lax).
    pub same_site: Option<SameSite>,
    /// When it expires; `None` for a browser-session cookie.
    pub expires: Option<SimTime>,
    /// When it was first stored (kept when a server sets it again: RFC 6265
    /// 5.3 step 11.3). Chromium's two-minute rule reads it.
    #[serde(default)]
    pub created: SimTime,
}

/// The cookies a browser holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CookieJar {
    cookies: Vec<StoredCookie>,
    /// The cookies the jar dropped last (by closing, expiry, clearing or a
    /// server's deleting Set-Cookie), as
    /// a copy someone kept would still have them: see [`CookieJar::replay_dropped`].
    #[serde(default)]
    dropped: Vec<StoredCookie>,
    /// Remembers what the attributes of recent Set-Cookie lines said (not
    /// saved: a cache, rebuilt as lines come).
    #[serde(skip)]
    reader: SetCookieReader,
}

/// Whether `host` is `domain` or a host under it (RFC 6265 5.1.3).
fn domain_matches(host: &str, domain: &str) -> bool {
    host == domain
        || (host.len() > domain.len() && host.ends_with(domain) && host[..host.len() - domain.len()].ends_with('.'))
}

/// Whether a request for `request` gets a cookie of path `cookie` (RFC 6265 5.1.4).
fn path_matches(request: &str, cookie: &str) -> bool {
    request == cookie
        || (request.starts_with(cookie) && (cookie.ends_with('/') || request[cookie.len()..].starts_with('/')))
}

impl CookieJar {
    /// An empty jar.
    pub fn new() -> CookieJar {
        CookieJar::default()
    }

    /// Every cookie held, in the order stored.
    pub fn cookies(&self) -> &[StoredCookie] {
        &self.cookies
    }

    /// The cookie named `name`, if held.
    pub fn get(&self, name: &str) -> Option<&StoredCookie> {
        self.cookies.iter().find(|c| &*c.name == name)
    }

    /// `text` as a shared string: the one a held cookie already has in the
    /// field `field` picks, or a new one.
    fn shared(&self, text: &str, field: impl Fn(&StoredCookie) -> &Rc<str>) -> Rc<str> {
        match self.cookies.iter().map(field).find(|s| &***s == text) {
            Some(s) => s.clone(),
            None => Rc::from(text),
        }
    }

    /// Removes the cookie held under this name, domain and path.
    fn remove(&mut self, name: &str, domain: &str, path: &str) {
        self.cookies.retain(|c| !(&*c.name == name && &*c.domain == domain && &*c.path == path));
    }

    /// Drops every cookie whose expiry has come; returns their names.
    pub fn drop_expired(&mut self, now: SimTime) -> Vec<Rc<str>> {
        self.drop_where(|c| c.expires.is_some_and(|e| now >= e))
    }

    /// Drops the cookies `gone` picks, remembering them as the last dropped
    /// (only when some are: this runs before every request); returns their names.
    fn drop_where(&mut self, gone: impl Fn(&StoredCookie) -> bool) -> Vec<Rc<str>> {
        if !self.cookies.iter().any(&gone) {
            return Vec::new();
        }
        let (dropped, kept) = std::mem::take(&mut self.cookies).into_iter().partition(gone);
        self.cookies = kept;
        self.dropped = dropped;
        self.dropped.iter().map(|c| c.name.clone()).collect()
    }

    /// Puts back the cookies dropped last, as they were but with no expiry,
    /// as someone who kept a copy sends them by hand (or as a browser that
    /// restores its last session does); cookies held now under the same name,
    /// domain and path are replaced. Expired cookies are dropped first.
    /// Returns how many came back.
    pub fn replay_dropped(&mut self, now: SimTime) -> usize {
        self.drop_expired(now);
        let back = std::mem::take(&mut self.dropped);
        for mut c in back.iter().cloned() {
            c.expires = None;
            self.remove(&c.name.clone(), &c.domain.clone(), &c.path.clone());
            self.cookies.push(c);
        }
        let n = back.len();
        self.dropped = back;
        n
    }

    /// The browser closes: browser-session cookies are dropped. Returns their names.
    pub fn close_browser(&mut self) -> Vec<Rc<str>> {
        self.drop_where(|c| c.expires.is_none())
    }

    /// Forgets every cookie named `name`, whatever its domain and path;
    /// returns how many there were.
    pub fn forget(&mut self, name: &str) -> usize {
        let before = self.cookies.len();
        self.cookies.retain(|c| &*c.name != name);
        before - self.cookies.len()
    }

    /// Forgets every cookie; returns their names.
    pub fn clear(&mut self) -> Vec<Rc<str>> {
        self.drop_where(|_| true)
    }

    /// What `document.cookie` shows a page script: every cookie but HttpOnly ones.
    pub fn visible_to_scripts(&self) -> String {
        self.cookies
            .iter()
            .filter(|c| !c.http_only)
            .map(|c| format!("{}={}", c.name, c.value))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

#[cfg(test)]
#[path = "jar_tests.rs"]
mod tests;
