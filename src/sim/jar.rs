//! A browser's cookie jar, enforcing what real browsers enforce: Max-Age on
//! the engine's clock, browser-session cookies dropped on close, Path,
//! Domain, Secure (never sent over http, never set by http), HttpOnly
//! (hidden from page scripts), SameSite on cross-site requests, the
//! `__Host-` prefix and the 4096-byte size limit. Set-Cookie lines are
//! parsed with the `cookie` crate (see `set_cookie.rs`), and Cookie lines
//! written as the crate writes them.

use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::rc::Rc;

use super::config::SameSite;
use super::event::{CookieRefusal, Withheld};
use super::public_suffix::is_public_suffix;
use super::set_cookie::SetCookieReader;
use super::signing::SIM_EPOCH_MS;
use super::store::COOKIE_SIZE_LIMIT;
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

/// Whose rules decide where a cookie without a SameSite attribute goes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BrowserEngine {
    /// Firefox and Safari: a cookie without SameSite goes along on every
    /// cross-site request (Firefox 128 keeps `network.cookie.sameSite.laxByDefault`
    /// off; Safari never turned it on).
    #[default]
    FirefoxSafari,
    /// Chromium (Chrome, Edge): a cookie without SameSite is treated as Lax,
    /// except that a cross-site top-level POST still carries it while the
    /// cookie is under two minutes old ("Lax-allowing-unsafe", Chromium's
    /// `net/cookies/cookie_constants.h`: kLaxAllowUnsafeMaxAge = 2 min).
    Chromium,
}

impl BrowserEngine {
    /// Both, in the order the UI lists them.
    pub const ALL: [BrowserEngine; 2] = [BrowserEngine::FirefoxSafari, BrowserEngine::Chromium];

    /// The name the learner sees.
    pub fn label(self) -> &'static str {
        match self {
            BrowserEngine::FirefoxSafari => "Firefox or Safari",
            BrowserEngine::Chromium => "Chromium (Chrome, Edge)",
        }
    }
}

/// How long Chromium lets a fresh cookie without SameSite ride a cross-site POST.
pub const LAX_ALLOWING_UNSAFE: SimTime = SimTime::mins(2);

/// What storing a Set-Cookie line did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Received {
    /// Stored (new or replacing one with the same name, domain and path).
    Stored(Rc<str>),
    /// The server asked to delete it (Max-Age=0 or an expiry in the past).
    Deleted(Rc<str>),
}

/// A request as the jar needs to know it.
#[derive(Clone, Copy, Debug)]
pub struct Destination<'a> {
    /// Host name.
    pub host: &'a str,
    /// Request path.
    pub path: &'a str,
    /// Over https.
    pub https: bool,
    /// Started by another site (a cross-site form POST, for example).
    pub cross_site: bool,
    /// A top-level navigation with a safe method (Lax cookies go along).
    pub top_level_get: bool,
    /// Whose SameSite rules apply.
    pub engine: BrowserEngine,
    /// When the request is sent (for Chromium's two-minute rule).
    pub now: SimTime,
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

fn domain_matches(host: &str, domain: &str) -> bool {
    host == domain
        || (host.len() > domain.len() && host.ends_with(domain) && host[..host.len() - domain.len()].ends_with('.'))
}

fn path_matches(request: &str, cookie: &str) -> bool {
    request == cookie
        || (request.starts_with(cookie) && (cookie.ends_with('/') || request[cookie.len()..].starts_with('/')))
}

/// The engine's time at a Unix time in seconds (an `Expires` date); dates
/// before the simulated clock's zero are its zero.
fn sim_time_of_unix(unix_secs: i64) -> SimTime {
    let ms = unix_secs.saturating_mul(1000).saturating_sub(SIM_EPOCH_MS as i64);
    SimTime::millis(ms.max(0) as u64)
}

/// The cookies held back from a request, each with why.
pub type HeldBack = Vec<(Rc<str>, Withheld)>;

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

    /// Handles one `Set-Cookie` line from a response for `host`, received at `now`.
    pub fn receive(
        &mut self,
        line: &str,
        host: &str,
        https: bool,
        now: SimTime,
    ) -> Result<Received, (Rc<str>, CookieRefusal)> {
        let mut reader = std::mem::take(&mut self.reader);
        let result = self.receive_read(&mut reader, line, host, https, now);
        self.reader = reader;
        result
    }

    fn receive_read(
        &mut self,
        reader: &mut SetCookieReader,
        line: &str,
        host: &str,
        https: bool,
        now: SimTime,
    ) -> Result<Received, (Rc<str>, CookieRefusal)> {
        let parsed = reader.read(line).map_err(|_| (Rc::from("?"), CookieRefusal::Malformed))?;
        let attrs = parsed.attributes;
        // Names, domains and paths repeat from response to response: an equal
        // string the jar already holds is shared instead of allocated again.
        let name = self.shared(parsed.name, |c| &c.name);
        if parsed.name.len() + parsed.value.len() > COOKIE_SIZE_LIMIT {
            return Err((name, CookieRefusal::TooLarge));
        }
        let secure = attrs.secure;
        if secure && !https {
            return Err((name, CookieRefusal::SecureOverHttp));
        }
        let (domain, host_only) = match &attrs.domain {
            Some(d) => {
                let d = d.trim_start_matches('.').to_ascii_lowercase();
                if !domain_matches(host, &d) {
                    return Err((name, CookieRefusal::ForeignDomain));
                }
                if is_public_suffix(&d) {
                    // RFC 6265 5.3 step 5: the host's own name stays host-only; a registry is refused.
                    if d != host {
                        return Err((name, CookieRefusal::PublicSuffix));
                    }
                    (self.shared(host, |c| &c.domain), true)
                } else {
                    (self.shared(&d, |c| &c.domain), false)
                }
            }
            None => (self.shared(host, |c| &c.domain), true),
        };
        let path: Rc<str> = match attrs.path.as_deref() {
            Some(p) if p.starts_with('/') => self.shared(p, |c| &c.path),
            _ => self.shared("/", |c| &c.path),
        };
        if name.starts_with("__Host-") && (!secure || !host_only || &*path != "/") {
            return Err((name, CookieRefusal::BadHostPrefix));
        }
        if name.starts_with("__Secure-") && !secure {
            return Err((name, CookieRefusal::BadHostPrefix));
        }
        // Max-Age wins over Expires; Expires alone makes a persistent cookie
        // too (RFC 6265 section 5.3, steps 3 and 5 of the storage model).
        let expires = match (attrs.max_age_secs, attrs.expires_unix_secs) {
            (Some(secs), _) if secs <= 0 => None,
            (Some(secs), _) => Some(now + SimTime::secs(secs as u64)),
            (None, Some(unix)) => Some(sim_time_of_unix(unix)),
            (None, None) => None,
        };
        let deleted = attrs.max_age_secs.is_some_and(|s| s <= 0) || expires.is_some_and(|e| e <= now);
        if deleted {
            // Kept as dropped: a copy someone made before still works where the server kept the session.
            self.drop_where(|c| c.name == name && c.domain == domain && c.path == path);
            return Ok(Received::Deleted(name));
        }
        let same_site = attrs.same_site;
        let slot = self.cookies.iter().position(|c| c.name == name && c.domain == domain && c.path == path);
        // The same value again (a rolling or re-sent cookie) keeps its string too.
        let value = match slot {
            Some(i) if &*self.cookies[i].value == parsed.value => self.cookies[i].value.clone(),
            _ => Rc::from(parsed.value),
        };
        let stored = StoredCookie {
            name: name.clone(),
            value,
            domain,
            host_only,
            path,
            secure,
            http_only: attrs.http_only,
            same_site,
            expires,
            created: slot.map_or(now, |i| self.cookies[i].created),
        };
        match slot {
            Some(i) => self.cookies[i] = stored,
            None => self.cookies.push(stored),
        }
        Ok(Received::Stored(name))
    }

    /// `text` as a shared string: the one a held cookie already has in the
    /// field `field` picks, or a new one.
    fn shared(&self, text: &str, field: impl Fn(&StoredCookie) -> &Rc<str>) -> Rc<str> {
        match self.cookies.iter().map(field).find(|s| &***s == text) {
            Some(s) => s.clone(),
            None => Rc::from(text),
        }
    }

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

    /// The `Cookie` header for a request, and the cookies held back with why.
    pub fn cookie_header(&self, to: Destination<'_>) -> (Option<String>, HeldBack) {
        let mut header = String::new();
        let withheld = self.write_cookie_header(to, &mut header);
        ((!header.is_empty()).then_some(header), withheld)
    }

    /// Writes the `Cookie` header for a request into `header` (emptied
    /// first; empty if no cookie goes), and returns the cookies held back
    /// with why. The engine reuses one buffer for every request.
    pub fn write_cookie_header(&self, to: Destination<'_>, header: &mut String) -> HeldBack {
        self.write_cookie_header_finding(to, header, [""; 0]).0
    }

    /// [`CookieJar::write_cookie_header`], also giving where in the header
    /// the value of the first cookie of each name in `names` went, as the
    /// server's parser finds it (`http::cookie_range_in_header`): the
    /// header need not be searched again.
    pub fn write_cookie_header_finding<const N: usize>(
        &self,
        to: Destination<'_>,
        header: &mut String,
        names: [&str; N],
    ) -> (HeldBack, [Option<Range<usize>>; N]) {
        let mut found = [const { None }; N];
        header.clear();
        let matches = |c: &StoredCookie| {
            (if c.host_only { to.host == &*c.domain } else { domain_matches(to.host, &c.domain) })
                && path_matches(to.path, &c.path)
        };
        // Which cookies match, worked out once (a bit per cookie; a jar of
        // more than 64 cookies asks again on each pass).
        let small = self.cookies.len() <= 64;
        let mask = if small {
            self.cookies.iter().enumerate().filter(|(_, c)| matches(c)).fold(0u64, |m, (i, _)| m | 1 << i)
        } else {
            0
        };
        let goes = |i: usize, c: &StoredCookie| if small { mask & (1 << i) != 0 } else { matches(c) };
        let mut withheld = Vec::new();
        // RFC 6265 5.4: longer paths first; otherwise in the order stored.
        // The cookies of each path length in turn, longest first: the order
        // a stable sort by length gives, without collecting and sorting.
        let mut below = usize::MAX;
        while let Some(len) = self
            .cookies
            .iter()
            .enumerate()
            .filter(|&(i, c)| c.path.len() < below && goes(i, c))
            .map(|(_, c)| c.path.len())
            .max()
        {
            below = len;
            for (_, c) in self.cookies.iter().enumerate().filter(|&(i, c)| c.path.len() == len && goes(i, c)) {
                if c.secure && !to.https {
                    withheld.push((c.name.clone(), Withheld::SecureOverHttp));
                    continue;
                }
                if to.cross_site {
                    // Without the attribute the cookie goes along, as in Firefox
                    // and Safari (Chrome treats it as Lax, with a two-minute
                    // exception for POSTs): set SameSite explicitly.
                    let allowed = match (c.same_site, to.engine) {
                        (Some(SameSite::Strict), _) => false,
                        (Some(SameSite::Lax), _) => to.top_level_get,
                        (Some(SameSite::None), _) | (None, BrowserEngine::FirefoxSafari) => true,
                        // Every request of the playground is a top-level navigation.
                        (None, BrowserEngine::Chromium) => {
                            to.top_level_get || to.now.since(c.created) < LAX_ALLOWING_UNSAFE
                        }
                    };
                    if !allowed {
                        withheld.push((c.name.clone(), Withheld::SameSite));
                        continue;
                    }
                }
                if header.is_empty() {
                    header.reserve(64);
                } else {
                    header.push_str("; ");
                }
                // `name=value`, exactly what the cookie crate writes for a
                // stripped cookie, straight into the header.
                header.push_str(&c.name);
                header.push('=');
                let at = header.len();
                header.push_str(&c.value);
                for (place, name) in found.iter_mut().zip(names) {
                    if place.is_none() && *c.name == *name {
                        *place = Some(at..header.len());
                    }
                }
            }
        }
        (withheld, found)
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
