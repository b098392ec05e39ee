//! A browser's cookie jar, enforcing what real browsers enforce: Max-Age on
//! the engine's clock, browser-session cookies dropped on close, Path,
//! Domain, Secure (never sent over http, never set by http), HttpOnly
//! (hidden from page scripts), SameSite on cross-site requests, the
//! `__Host-` prefix and the 4096-byte size limit. Set-Cookie lines are
//! parsed, and Cookie lines written, with the `cookie` crate.

use cookie::Cookie;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::rc::Rc;

use super::config::SameSite;
use super::event::{CookieRefusal, Withheld};
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
}

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
}

/// The cookies a browser holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CookieJar {
    cookies: Vec<StoredCookie>,
}

fn domain_matches(host: &str, domain: &str) -> bool {
    host == domain
        || (host.len() > domain.len() && host.ends_with(domain) && host[..host.len() - domain.len()].ends_with('.'))
}

fn path_matches(request: &str, cookie: &str) -> bool {
    request == cookie
        || (request.starts_with(cookie) && (cookie.ends_with('/') || request[cookie.len()..].starts_with('/')))
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
        let parsed = Cookie::parse(line).map_err(|_| (Rc::from("?"), CookieRefusal::Malformed))?;
        // Names, domains and paths repeat from response to response: an equal
        // string the jar already holds is shared instead of allocated again.
        let name = self.shared(parsed.name(), |c| &c.name);
        if parsed.name().len() + parsed.value().len() > COOKIE_SIZE_LIMIT {
            return Err((name, CookieRefusal::TooLarge));
        }
        let secure = parsed.secure().unwrap_or(false);
        if secure && !https {
            return Err((name, CookieRefusal::SecureOverHttp));
        }
        let (domain, host_only) = match parsed.domain() {
            Some(d) => {
                let d = d.trim_start_matches('.').to_ascii_lowercase();
                if !domain_matches(host, &d) {
                    return Err((name, CookieRefusal::ForeignDomain));
                }
                (self.shared(&d, |c| &c.domain), false)
            }
            None => (self.shared(host, |c| &c.domain), true),
        };
        let path: Rc<str> = match parsed.path() {
            Some(p) if p.starts_with('/') => self.shared(p, |c| &c.path),
            _ => self.shared("/", |c| &c.path),
        };
        if name.starts_with("__Host-") && (!secure || !host_only || &*path != "/") {
            return Err((name, CookieRefusal::BadHostPrefix));
        }
        if name.starts_with("__Secure-") && !secure {
            return Err((name, CookieRefusal::BadHostPrefix));
        }
        let expires = match parsed.max_age() {
            Some(age) => {
                let secs = age.whole_seconds();
                if secs <= 0 {
                    self.remove(&name, &domain, &path);
                    return Ok(Received::Deleted(name));
                }
                Some(now + SimTime::secs(secs as u64))
            }
            None => None,
        };
        let same_site = parsed.same_site().map(|s| match s {
            cookie::SameSite::Strict => SameSite::Strict,
            cookie::SameSite::Lax => SameSite::Lax,
            cookie::SameSite::None => SameSite::None,
        });
        let slot = self.cookies.iter().position(|c| c.name == name && c.domain == domain && c.path == path);
        // The same value again (a rolling or re-sent cookie) keeps its string too.
        let value = match slot {
            Some(i) if &*self.cookies[i].value == parsed.value() => self.cookies[i].value.clone(),
            _ => Rc::from(parsed.value()),
        };
        let stored = StoredCookie {
            name: name.clone(),
            value,
            domain,
            host_only,
            path,
            secure,
            http_only: parsed.http_only().unwrap_or(false),
            same_site,
            expires,
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
        let mut gone = Vec::new();
        self.cookies.retain(|c| {
            let keep = c.expires.is_none_or(|e| now < e);
            if !keep {
                gone.push(c.name.clone());
            }
            keep
        });
        gone
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
                    let allowed = match c.same_site {
                        Some(SameSite::Strict) => false,
                        Some(SameSite::Lax) => to.top_level_get,
                        Some(SameSite::None) | None => true,
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
        let mut gone = Vec::new();
        self.cookies.retain(|c| {
            if c.expires.is_none() {
                gone.push(c.name.clone());
                false
            } else {
                true
            }
        });
        gone
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
        self.cookies.drain(..).map(|c| c.name).collect()
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
mod tests {
    use super::*;

    const HOST: &str = "shop.example";

    fn to(path: &str, https: bool) -> Destination<'_> {
        Destination { host: HOST, path, https, cross_site: false, top_level_get: true }
    }

    #[test]
    fn a_jar_of_more_than_64_cookies_orders_its_header_the_same_way() {
        for n in [3usize, 64, 70] {
            let mut j = CookieJar::new();
            for i in 0..n {
                let path = if i % 3 == 0 { "/cart" } else { "/" };
                j.receive(&format!("c{i}=v; Path={path}"), HOST, true, SimTime::ZERO).unwrap();
            }
            let (header, withheld) = j.cookie_header(to("/cart", true));
            let longer = (0..n).filter(|i| i % 3 == 0).map(|i| format!("c{i}=v"));
            let shorter = (0..n).filter(|i| i % 3 != 0).map(|i| format!("c{i}=v"));
            let want: Vec<String> = longer.chain(shorter).collect();
            assert_eq!(header.as_deref(), Some(want.join("; ").as_str()), "{n} cookies");
            assert!(withheld.is_empty());
            let (home, _) = j.cookie_header(to("/", true));
            assert_eq!(home.unwrap().split("; ").count(), n - n.div_ceil(3), "{n} cookies: /cart ones stay home");
        }
    }

    #[test]
    fn max_age_is_exact_on_the_engine_clock() {
        let mut j = CookieJar::new();
        j.receive("sid=abc; Max-Age=60; Path=/", HOST, true, SimTime::ZERO).unwrap();
        assert!(j.drop_expired(SimTime::secs(60) - SimTime::millis(1)).is_empty());
        assert_eq!(j.drop_expired(SimTime::secs(60)).len(), 1);
    }

    #[test]
    fn secure_cookies_are_neither_set_nor_sent_over_http() {
        let mut j = CookieJar::new();
        assert_eq!(
            j.receive("sid=a; Secure", HOST, false, SimTime::ZERO),
            Err((Rc::from("sid"), CookieRefusal::SecureOverHttp))
        );
        j.receive("sid=a; Secure; Path=/", HOST, true, SimTime::ZERO).unwrap();
        assert_eq!(j.cookie_header(to("/", true)).0.as_deref(), Some("sid=a"));
        let (header, held) = j.cookie_header(to("/", false));
        assert_eq!(header, None);
        assert_eq!(held, vec![(Rc::from("sid"), Withheld::SecureOverHttp)]);
    }

    #[test]
    fn path_domain_and_host_prefix_rules() {
        let mut j = CookieJar::new();
        j.receive("a=1; Path=/cart", HOST, true, SimTime::ZERO).unwrap();
        assert_eq!(j.cookie_header(to("/", true)).0, None);
        assert_eq!(j.cookie_header(to("/cart", true)).0.as_deref(), Some("a=1"));
        assert_eq!(j.cookie_header(to("/cartoon", true)).0, None);
        assert!(j.receive("b=1; Domain=evil.example", HOST, true, SimTime::ZERO).is_err());
        assert!(j.receive("__Host-id=1; Secure; Path=/; Domain=shop.example", HOST, true, SimTime::ZERO).is_err());
        assert!(j.receive("__Host-id=1; Secure; Path=/", HOST, true, SimTime::ZERO).is_ok());
    }

    #[test]
    fn closing_drops_only_browser_session_cookies() {
        let mut j = CookieJar::new();
        j.receive("sid=1", HOST, true, SimTime::ZERO).unwrap();
        j.receive("keep=1; Max-Age=100", HOST, true, SimTime::ZERO).unwrap();
        assert_eq!(j.close_browser(), vec![Rc::from("sid")]);
        assert!(j.get("keep").is_some());
    }

    #[test]
    fn http_only_cookies_are_hidden_from_scripts_and_oversize_ones_refused() {
        let mut j = CookieJar::new();
        j.receive("sid=1; HttpOnly", HOST, true, SimTime::ZERO).unwrap();
        j.receive("theme=dark", HOST, true, SimTime::ZERO).unwrap();
        assert_eq!(j.visible_to_scripts(), "theme=dark");
        let big = format!("big={}", "x".repeat(4100));
        assert_eq!(j.receive(&big, HOST, true, SimTime::ZERO), Err((Rc::from("big"), CookieRefusal::TooLarge)));
    }

    #[test]
    fn same_site_on_cross_site_requests() {
        let mut j = CookieJar::new();
        j.receive("s=1; SameSite=Strict", HOST, true, SimTime::ZERO).unwrap();
        j.receive("l=1; SameSite=Lax", HOST, true, SimTime::ZERO).unwrap();
        j.receive("n=1; SameSite=None; Secure", HOST, true, SimTime::ZERO).unwrap();
        let post = Destination { host: HOST, path: "/cart", https: true, cross_site: true, top_level_get: false };
        assert_eq!(j.cookie_header(post).0.as_deref(), Some("n=1"));
        let nav = Destination { top_level_get: true, ..post };
        assert_eq!(j.cookie_header(nav).0.as_deref(), Some("l=1; n=1"));
        j.receive("plain=1", HOST, true, SimTime::ZERO).unwrap();
        assert_eq!(j.cookie_header(post).0.as_deref(), Some("n=1; plain=1"), "no attribute: sent cross-site");
    }

    #[test]
    fn max_age_zero_deletes() {
        let mut j = CookieJar::new();
        j.receive("sid=1; Path=/", HOST, true, SimTime::ZERO).unwrap();
        assert_eq!(
            j.receive("sid=; Max-Age=0; Path=/", HOST, true, SimTime::ZERO),
            Ok(Received::Deleted(Rc::from("sid")))
        );
        assert!(j.cookies().is_empty());
    }
}
