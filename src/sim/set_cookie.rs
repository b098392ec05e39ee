//! Reading a `Set-Cookie` line the way the jar needs it, with the `cookie`
//! crate, and remembering what the attributes part said.
//!
//! A server sends the same attributes (`; HttpOnly; SameSite=Lax; Path=/`)
//! after every value it sets under one set of cookie settings, so the jar
//! parses the `name=value` part of each line and looks the rest up. The
//! crate reads a line's attributes one `;`-separated piece at a time, after
//! the first piece, so the attributes of `name=value<rest>` are those of
//! `x=y<rest>` whatever the name and value: parsing `<rest>` once per
//! distinct text gives exactly what parsing every whole line gives (debug
//! builds check each line against a whole-line parse).
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

use cookie::Cookie;

use super::config::SameSite;

/// The attributes of a `Set-Cookie` line, as the `cookie` crate read them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attributes {
    /// `Secure` was given.
    pub secure: bool,
    /// `HttpOnly` was given.
    pub http_only: bool,
    /// The `Domain` attribute, as written.
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
    fn of(c: &Cookie<'_>) -> Attributes {
        Attributes {
            secure: c.secure().unwrap_or(false),
            http_only: c.http_only().unwrap_or(false),
            domain: c.domain().map(str::to_string),
            path: c.path().map(str::to_string),
            max_age_secs: c.max_age().map(|d| d.whole_seconds()),
            expires_unix_secs: c.expires_datetime().map(|t| t.unix_timestamp()),
            same_site: c.same_site().map(|s| match s {
                cookie::SameSite::Strict => SameSite::Strict,
                cookie::SameSite::Lax => SameSite::Lax,
                cookie::SameSite::None => SameSite::None,
            }),
        }
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
        let parsed = Cookie::parse(pair).map_err(|_| Malformed)?;
        // The pair's name and value are slices of `pair` (no decoding is
        // asked for, so the crate keeps indexes into the text it was given).
        let (name, value) = (parsed.name_raw().ok_or(Malformed)?, parsed.value_raw().ok_or(Malformed)?);
        let at = match self.seen.iter().position(|(text, _)| **text == *rest) {
            Some(i) => i,
            None => {
                if self.seen.len() >= REMEMBERED {
                    self.seen.clear();
                }
                let whole = Cookie::parse(format!("x=y{rest}")).map_err(|_| Malformed)?;
                self.seen.push((rest.into(), Attributes::of(&whole)));
                self.seen.len() - 1
            }
        };
        let attributes = &self.seen[at].1;
        debug_assert!(
            Cookie::parse(line)
                .is_ok_and(|c| c.name() == name && c.value() == value && Attributes::of(&c) == *attributes),
            "reading {line:?} in parts must agree with the crate's whole-line parse"
        );
        Ok(SetCookieLine { name, value, attributes })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads each line with one reader (so later lines hit the memory) and
    /// compares with the crate's parse of the whole line.
    fn agrees(lines: &[&str]) {
        let mut reader = SetCookieReader::default();
        for _ in 0..2 {
            for line in lines {
                let whole = Cookie::parse(*line);
                match reader.read(line) {
                    Ok(read) => {
                        let c = whole.unwrap_or_else(|e| panic!("{line:?}: the crate refused it ({e})"));
                        assert_eq!((read.name, read.value), (c.name(), c.value()), "{line:?}");
                        assert_eq!(*read.attributes, Attributes::of(&c), "{line:?}");
                    }
                    Err(Malformed) => assert!(whole.is_err(), "{line:?}: the crate read it"),
                }
            }
        }
    }

    #[test]
    fn reads_like_the_crate_for_the_lines_servers_write_and_odd_ones() {
        agrees(&[
            "connect.sid=s%3Aabc.def; Path=/; HttpOnly",
            "id=xyz; HttpOnly; SameSite=Strict; Secure; Path=/",
            "sessionid=q; HttpOnly; SameSite=Lax; Path=/; Max-Age=1209600",
            "lb=2; HttpOnly; Path=/",
            "sid=; Path=/; Max-Age=0",
            "__Host-id=v; Secure; Path=/; Domain=Shop.Example",
            " spaced = value ; secure ; SAMESITE=none; max-age=-5",
            "q=\"quoted\"; Path=/x",
            "a=b; Max-Age=12x; SameSite=sometimes; Unknown=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT",
            "a=b=c;Path=/;;",
            "novalue",
            "=nameless; Path=/",
            "",
            ";",
        ]);
    }

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
