//! How a browser takes a `Set-Cookie` line: it reads the line (with the
//! `cookie` crate's rules, see `set_cookie.rs`), refuses what browsers refuse (too
//! large, Secure over http, a foreign or public-suffix Domain, a broken
//! `__Host-` or `__Secure-` prefix), works out where the cookie goes and
//! until when, then stores it, replaces it or deletes it.

use std::rc::Rc;

use super::{domain_matches, CookieJar, StoredCookie};
use crate::sim::event::CookieRefusal;
use crate::sim::public_suffix::is_public_suffix;
use crate::sim::set_cookie::{Attributes, SetCookieReader};
use crate::sim::signing::SIM_EPOCH_MS;
use crate::sim::store::COOKIE_SIZE_LIMIT;
use crate::sim::time::SimTime;

/// What storing a Set-Cookie line did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Received {
    /// Stored (new or replacing one with the same name, domain and path).
    Stored(Rc<str>),
    /// The server asked to delete it (Max-Age=0 or an expiry in the past).
    Deleted(Rc<str>),
}

/// The engine's time at a Unix time in seconds (an `Expires` date); dates
/// before the simulated clock's zero are its zero.
fn sim_time_of_unix(unix_secs: i64) -> SimTime {
    let ms = unix_secs.saturating_mul(1000).saturating_sub(SIM_EPOCH_MS as i64);
    SimTime::millis(ms.max(0) as u64)
}

/// When a cookie set at `now` expires, or `None` for a browser-session
/// cookie. Max-Age wins over Expires; Expires alone makes a persistent
/// cookie too (RFC 6265 section 5.3, steps 3 and 5 of the storage model).
#[inline]
fn expiry(attrs: &Attributes, now: SimTime) -> Option<SimTime> {
    match (attrs.max_age_secs, attrs.expires_unix_secs) {
        (Some(secs), _) if secs <= 0 => None,
        (Some(secs), _) => Some(now + SimTime::secs(secs as u64)),
        (None, Some(unix)) => Some(sim_time_of_unix(unix)),
        (None, None) => None,
    }
}

/// The promises a name prefix makes: a `__Host-` cookie is Secure,
/// host-only and for Path=/; a `__Secure-` cookie is Secure.
#[inline]
fn check_prefix(name: &str, secure: bool, host_only: bool, path: &str) -> Result<(), CookieRefusal> {
    if name.starts_with("__Host-") && (!secure || !host_only || path != "/") {
        return Err(CookieRefusal::BadHostPrefix);
    }
    if name.starts_with("__Secure-") && !secure {
        return Err(CookieRefusal::BadHostPrefix);
    }
    Ok(())
}

impl CookieJar {
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

    /// Reads the line with `reader`, refuses it or stores, replaces or
    /// deletes the cookie it sets.
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
        let (domain, host_only) = self.domain_for(host, attrs.domain.as_deref()).map_err(|why| (name.clone(), why))?;
        let path = self.path_for(attrs.path.as_deref());
        check_prefix(&name, secure, host_only, &path).map_err(|why| (name.clone(), why))?;
        let expires = expiry(attrs, now);
        let deleted = attrs.max_age_secs.is_some_and(|s| s <= 0) || expires.is_some_and(|e| e <= now);
        if deleted {
            // Kept as dropped: a copy someone made before still works where the server kept the session.
            self.drop_where(|c| c.name == name && c.domain == domain && c.path == path);
            return Ok(Received::Deleted(name));
        }
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
            same_site: attrs.same_site,
            expires,
            created: slot.map_or(now, |i| self.cookies[i].created),
        };
        match slot {
            Some(i) => self.cookies[i] = stored,
            None => self.cookies.push(stored),
        }
        Ok(Received::Stored(name))
    }

    /// The domain a cookie from `host` goes to, and whether only that exact
    /// host gets it: the Domain attribute if it names `host` or a parent of
    /// it that is not a public suffix, else `host` alone.
    #[inline]
    fn domain_for(&self, host: &str, attribute: Option<&str>) -> Result<(Rc<str>, bool), CookieRefusal> {
        let Some(d) = attribute else {
            return Ok((self.shared(host, |c| &c.domain), true));
        };
        let d = d.trim_start_matches('.').to_ascii_lowercase();
        if !domain_matches(host, &d) {
            return Err(CookieRefusal::ForeignDomain);
        }
        if is_public_suffix(&d) {
            // RFC 6265 5.3 step 5: the host's own name stays host-only; a registry is refused.
            if d != host {
                return Err(CookieRefusal::PublicSuffix);
            }
            return Ok((self.shared(host, |c| &c.domain), true));
        }
        Ok((self.shared(&d, |c| &c.domain), false))
    }

    /// The path a cookie is sent under: the Path attribute if it starts
    /// with `/`, else `/`.
    #[inline]
    fn path_for(&self, attribute: Option<&str>) -> Rc<str> {
        match attribute {
            Some(p) if p.starts_with('/') => self.shared(p, |c| &c.path),
            _ => self.shared("/", |c| &c.path),
        }
    }
}
