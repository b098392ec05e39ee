//! `Set-Cookie` lines, written and read exactly as the `cookie` crate
//! (0.18.2) writes and reads them: the servers' lines are the crate's, and
//! the jar reads them with the crate's rules. Written here rather than by
//! the crate so that the download carries no date library (the crate brings
//! `time`); tests/cookie_lines.rs checks every form against the crate.
//!
//! A server sends the same attributes (`; HttpOnly; SameSite=Lax; Path=/`)
//! after every value it sets under one set of cookie settings, so the jar
//! reads the `name=value` part of each line and looks the rest up: the
//! attributes are read one `;`-separated piece at a time after the first,
//! so the attributes of `name=value<rest>` depend on `<rest>` alone.
//!
//! ```
//! use session_lab::sim::set_cookie::SetCookieReader;
//!
//! let mut reader = SetCookieReader::default();
//! let line = reader.read("sid=abc; HttpOnly; Path=/cart; Max-Age=60").unwrap();
//! assert_eq!((line.name, line.value), ("sid", "abc"));
//! assert!(line.attributes.http_only && !line.attributes.secure);
//! assert_eq!(line.attributes.path.as_deref(), Some("/cart"));
//! assert_eq!(line.attributes.max_age_secs, Some(60));
//! ```

use serde::{Deserialize, Serialize};
use std::fmt;

use super::cookie_date;

/// The SameSite attribute of the session cookie.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SameSite {
    /// Never sent on requests from other sites.
    Strict,
    /// Sent on top-level navigations from other sites, not on their forms' POSTs.
    Lax,
    /// Sent everywhere (requires Secure).
    None,
}

impl SameSite {
    /// The attribute's value in a Set-Cookie line: `Strict`, `Lax`, `None`.
    pub fn attribute_value(self) -> &'static str {
        match self {
            SameSite::Strict => "Strict",
            SameSite::Lax => "Lax",
            SameSite::None => "None",
        }
    }
}

/// The attributes of a `Set-Cookie` line, as the `cookie` crate reads them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attributes {
    /// `Secure` was given.
    pub secure: bool,
    /// `HttpOnly` was given.
    pub http_only: bool,
    /// The `Domain` attribute, without one leading dot (the crate's `domain()`).
    pub domain: Option<String>,
    /// The `Path` attribute, as written.
    pub path: Option<String>,
    /// The `Max-Age` attribute in whole seconds (0 or less: delete now).
    pub max_age_secs: Option<i64>,
    /// The `Expires` attribute as Unix time in seconds, if it was a date the
    /// crate could read (Max-Age wins over it: RFC 6265 section 5.3).
    pub expires_unix_secs: Option<i64>,
    /// The `SameSite` attribute, if it named a known policy.
    pub same_site: Option<SameSite>,
}

impl Attributes {
    /// Reads the attributes part of a line (everything after `name=value`),
    /// one `;`-separated piece at a time, as cookie 0.18.2's `parse_inner`:
    /// names in any case, unknown ones and unreadable values ignored, a later
    /// piece overriding an earlier one.
    fn read(rest: &str) -> Attributes {
        let mut a = Attributes::default();
        for piece in rest.split(';').skip(1) {
            let (key, value) = match piece.find('=') {
                Some(i) => (piece[..i].trim(), Some(piece[i + 1..].trim())),
                None => (piece.trim(), None),
            };
            match (key.to_ascii_lowercase().as_str(), value) {
                ("secure", _) => a.secure = true,
                ("httponly", _) => a.http_only = true,
                ("max-age", Some(v)) => {
                    let digits = v.strip_prefix('-').unwrap_or(v);
                    if digits.bytes().all(|b| b.is_ascii_digit()) {
                        // Negative: expire now (RFC 6265 5.2.2); too big: the largest.
                        a.max_age_secs = Some(if digits.len() < v.len() { 0 } else { v.parse().unwrap_or(i64::MAX) });
                    }
                }
                ("domain", Some(d)) if !d.is_empty() => a.domain = Some(d.strip_prefix('.').unwrap_or(d).to_string()),
                ("path", Some(v)) => a.path = Some(v.to_string()),
                ("samesite", Some(v)) => {
                    let policy = [SameSite::Strict, SameSite::Lax, SameSite::None]
                        .into_iter()
                        .find(|p| v.eq_ignore_ascii_case(p.attribute_value()));
                    a.same_site = policy.or(a.same_site);
                }
                ("expires", Some(v)) => a.expires_unix_secs = cookie_date::read(v).or(a.expires_unix_secs),
                _ => {}
            }
        }
        a
    }
}

/// A `Set-Cookie` line to write: `name=value` and the attributes, in the
/// order and spelling of cookie 0.18.2's `Display` (src/lib.rs,
/// `fmt_parameters`): HttpOnly, SameSite, Secure (also added for
/// `SameSite=None`, as the crate does), Path, Domain, Max-Age, Expires.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SetCookie<'a> {
    /// The cookie's name.
    pub name: &'a str,
    /// Its value, as it goes on the wire.
    pub value: &'a str,
    /// What follows `name=value`.
    pub attributes: Attributes,
}

impl fmt::Display for SetCookie<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let a = &self.attributes;
        write!(f, "{}={}", self.name, self.value)?;
        if a.http_only {
            f.write_str("; HttpOnly")?;
        }
        if let Some(s) = a.same_site {
            write!(f, "; SameSite={}", s.attribute_value())?;
        }
        if a.secure || a.same_site == Some(SameSite::None) {
            f.write_str("; Secure")?;
        }
        if let Some(path) = &a.path {
            write!(f, "; Path={path}")?;
        }
        if let Some(domain) = &a.domain {
            write!(f, "; Domain={}", domain.strip_prefix('.').unwrap_or(domain))?;
        }
        if let Some(secs) = a.max_age_secs {
            write!(f, "; Max-Age={secs}")?;
        }
        if let Some(date) = a.expires_unix_secs.and_then(cookie_date::write) {
            write!(f, "; Expires={date}")?;
        }
        Ok(())
    }
}

impl SetCookie<'_> {
    /// The line, written into a buffer big enough for a typical line from
    /// the start instead of one grown attribute by attribute.
    pub fn line(&self) -> String {
        use std::fmt::Write;
        let mut line = String::with_capacity(96);
        let _ = write!(line, "{self}");
        line
    }
}

/// One `Set-Cookie` line, read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetCookieLine<'a> {
    /// The cookie's name.
    pub name: &'a str,
    /// The cookie's value, as written (quotes kept, as the crate's `value()`).
    pub value: &'a str,
    /// What the rest of the line said.
    pub attributes: &'a Attributes,
}

/// The line could not be read as a cookie (no `=` in its first part, or an empty name).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Malformed;

/// How many distinct attribute texts are remembered (a world's servers
/// write a handful: the session cookie, the balancer's, the deleting line);
/// then the memory starts again, so it stays small.
const REMEMBERED: usize = 8;

/// Reads `Set-Cookie` lines, remembering the attributes of the last few
/// distinct attribute texts. A cache of a pure function: two readers read
/// every line alike whatever they remember, so they compare equal.
#[derive(Clone, Debug, Default)]
pub struct SetCookieReader {
    seen: Vec<(Box<str>, Attributes)>,
}

impl PartialEq for SetCookieReader {
    fn eq(&self, _: &SetCookieReader) -> bool {
        true
    }
}

impl Eq for SetCookieReader {}

impl SetCookieReader {
    /// Reads `line`: its name and value, and its attributes.
    pub fn read<'a>(&'a mut self, line: &'a str) -> Result<SetCookieLine<'a>, Malformed> {
        let split = line.find(';').unwrap_or(line.len());
        let (pair, rest) = line.split_at(split);
        // The crate's pair: up to the first `=`, both sides trimmed, a name required.
        let (name, value) = pair.split_once('=').ok_or(Malformed)?;
        let (name, value) = (name.trim(), value.trim());
        if name.is_empty() {
            return Err(Malformed);
        }
        let at = match self.seen.iter().position(|(text, _)| **text == *rest) {
            Some(i) => i,
            None => {
                if self.seen.len() >= REMEMBERED {
                    self.seen.clear();
                }
                self.seen.push((rest.into(), Attributes::read(rest)));
                self.seen.len() - 1
            }
        };
        Ok(SetCookieLine { name, value, attributes: &self.seen[at].1 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_memory_stays_small_and_keeps_reading_right() {
        let mut reader = SetCookieReader::default();
        for i in 0..3 * REMEMBERED {
            let line = format!("c{i}=v{i}; Max-Age={i}");
            let read = reader.read(&line).unwrap();
            assert_eq!((read.name, read.value), (format!("c{i}").as_str(), format!("v{i}").as_str()));
            assert_eq!(read.attributes.max_age_secs, Some(i as i64));
            assert!(reader.seen.len() <= REMEMBERED);
        }
    }
}
