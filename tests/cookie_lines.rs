//! The engine writes and reads `Set-Cookie` lines itself (src/sim/set_cookie.rs,
//! src/sim/cookie_date.rs) so that the download carries no date library; these
//! tests hold it to the `cookie` crate (0.18), which it replaces: the same
//! line for the same attributes, the same reading of every line, including
//! lines no server here writes (odd spacing, repeated or unknown attributes,
//! every date form the crate reads, and random damage).

use cookie::time::{Duration, OffsetDateTime};
use cookie::Cookie;
use session_lab::sim::config::SameSite;
use session_lab::sim::cookie_date;
use session_lab::sim::rng::SimRng;
use session_lab::sim::set_cookie::{Attributes, SetCookie, SetCookieReader};

/// The engine's seeded generator, with the picks these tests make, so that
/// failures repeat.
struct Dice(SimRng);

impl Dice {
    fn new(seed: u64) -> Dice {
        Dice(SimRng::new(seed))
    }
    fn next(&mut self) -> u64 {
        self.0.next_u64()
    }
    fn below(&mut self, n: usize) -> usize {
        self.0.below(n as u64) as usize
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
    fn chance(&mut self) -> bool {
        self.next() & 1 == 1
    }
}

/// What the crate reads from a line, in the engine's terms.
fn by_crate(line: &str) -> Option<(String, String, Attributes)> {
    let c = Cookie::parse(line).ok()?;
    let attributes = Attributes {
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
    };
    Some((c.name().to_string(), c.value().to_string(), attributes))
}

/// Reads `line` with the engine's reader and checks it against the crate.
fn reads_alike(reader: &mut SetCookieReader, line: &str) {
    let ours = reader.read(line).ok().map(|l| (l.name.to_string(), l.value.to_string(), l.attributes.clone()));
    assert_eq!(ours, by_crate(line), "reading {line:?}");
}

/// The crate's line for the same attributes.
fn written_by_crate(name: &str, value: &str, a: &Attributes) -> String {
    let mut b = Cookie::build((name.to_string(), value.to_string()));
    if a.http_only {
        b = b.http_only(true);
    }
    if a.secure {
        b = b.secure(true);
    }
    if let Some(s) = a.same_site {
        b = b.same_site(match s {
            SameSite::Strict => cookie::SameSite::Strict,
            SameSite::Lax => cookie::SameSite::Lax,
            SameSite::None => cookie::SameSite::None,
        });
    }
    if let Some(p) = &a.path {
        b = b.path(p.clone());
    }
    if let Some(d) = &a.domain {
        b = b.domain(d.clone());
    }
    if let Some(secs) = a.max_age_secs {
        b = b.max_age(Duration::seconds(secs));
    }
    if let Some(t) = a.expires_unix_secs {
        b = b.expires(OffsetDateTime::from_unix_timestamp(t).unwrap());
    }
    b.build().to_string()
}

const NAMES: &[&str] = &["connect.sid", "sessionid", "PHPSESSID", "id", "lb", "__Host-id", "q"];
const VALUES: &[&str] = &["", "abc", "s%3Aabc.def", "\"quoted\"", "a=b", "eyJ1IjoiYWxpY2UifQ--x"];
const PATHS: &[&str] = &["/", "/cart", "", "/a b"];
const DOMAINS: &[&str] = &["shop.example", ".shop.example", "Shop.Example", "."];

#[test]
fn every_line_a_server_here_could_write_is_the_crates_line() {
    let mut dice = Dice::new(0x05ee_dc00_c1e5);
    for _ in 0..20_000 {
        let a = Attributes {
            secure: dice.chance(),
            http_only: dice.chance(),
            same_site: [None, Some(SameSite::Strict), Some(SameSite::Lax), Some(SameSite::None)][dice.below(4)],
            path: dice.chance().then(|| dice.pick(PATHS).to_string()),
            domain: (dice.below(4) == 0).then(|| dice.pick(DOMAINS).to_string()),
            max_age_secs: dice.chance().then(|| dice.below(3_000_000) as i64 - 10),
            // From before 1900 to past 2100, to the second.
            expires_unix_secs: dice.chance().then(|| (dice.next() % 8_000_000_000) as i64 - 2_300_000_000),
        };
        let (name, value) = (dice.pick(NAMES), dice.pick(VALUES));
        let ours = SetCookie { name, value, attributes: a.clone() }.line();
        assert_eq!(ours, written_by_crate(name, value, &a), "{a:?}");
    }
}

#[test]
fn dates_are_written_and_read_as_the_crate_does_from_year_1_to_9999() {
    let mut dice = Dice::new(0xda7e);
    for _ in 0..20_000 {
        let t = (dice.next() % 315_000_000_000) as i64 - 62_000_000_000;
        let crate_line = Cookie::build(("x", "")).expires(OffsetDateTime::from_unix_timestamp(t).unwrap()).build();
        let written = crate_line.to_string();
        let date = written.split("Expires=").nth(1).unwrap();
        assert_eq!(cookie_date::write(t).as_deref(), Some(date), "writing {t}");
        assert_eq!(cookie_date::read(date), by_crate(&written).unwrap().2.expires_unix_secs, "reading {date:?}");
    }
}

/// Pieces a hand-written or damaged date is made of: every form the crate
/// reads, and near misses of each.
fn a_date(dice: &mut Dice) -> String {
    let weekday = dice.pick(&["Wed", "Mon", "Wednesday", "Sun", "wed", "", "Xyz"]);
    let day = dice.pick(&["21", "01", "1", " 1", "31", "29", "30", "00", "32", "211"]);
    let month = dice.pick(&["Oct", "Feb", "Jan", "oct", "October", "Dec"]);
    let year = dice.pick(&["2015", "15", "69", "70", "99", "0", "100", "1900", "-15", "+2015", "20150", "9999", "1"]);
    let time = dice.pick(&["07:28:00", "23:59:59", "24:00:00", "7:28:00", "07:60:00", "00:00:60", "07:28"]);
    let gmt = dice.pick(&[" GMT", " GMT", "", " UTC", " GMT "]);
    match dice.below(5) {
        0 => format!("{weekday}, {day} {month} {year} {time}{gmt}"),
        1 => format!("{weekday}, {day}-{month}-{year} {time}{gmt}"),
        2 => format!("{weekday} {month} {day} {time} {year}"),
        3 => format!("{day} {month} {year} {time}{gmt}"),
        _ => format!("{month} {day} {time} {year}"),
    }
}

#[test]
fn every_date_form_and_near_miss_is_read_as_the_crate_reads_it() {
    let mut dice = Dice::new(0xface);
    let mut read = 0;
    for _ in 0..50_000 {
        let date = a_date(&mut dice);
        let line = format!("x=y; Expires={date}");
        let theirs = by_crate(&line).unwrap().2.expires_unix_secs;
        // The crate trims an attribute's value before reading the date.
        assert_eq!(cookie_date::read(date.trim()), theirs, "reading {date:?}");
        read += usize::from(theirs.is_some());
    }
    assert!(read > 1_000, "the generator makes readable dates too: {read}");
}

const PIECES: &[&str] = &[
    "Path=/",
    " path = /x ",
    "Domain=shop.example",
    "domain=",
    "Domain=.",
    "Secure",
    "secure=no",
    "HttpOnly",
    "HTTPONLY",
    "SameSite=Lax",
    "samesite=NONE",
    "SameSite=sometimes",
    "SameSite",
    "Max-Age=60",
    "max-age=-5",
    "Max-Age=-",
    "Max-Age=",
    "Max-Age=12x",
    "Max-Age=+3",
    "Max-Age=99999999999999999999",
    "Expires=Wed, 21 Oct 2015 07:28:00 GMT",
    "expires=Wednesday, 21-Oct-15 07:28:00 GMT",
    "Expires=Wed Oct 21 07:28:00 2015",
    "Expires=soon",
    "Partitioned",
    "Unknown=1",
    "",
    " ",
    "=",
    "é=ü",
];

#[test]
fn every_line_is_read_as_the_crate_reads_it() {
    let mut reader = SetCookieReader::default();
    for line in [
        "connect.sid=s%3Aabc.def; Path=/; HttpOnly",
        " spaced = value ; secure ; SAMESITE=none; max-age=-5",
        "a=b=c;Path=/;;",
        "novalue",
        "=nameless; Path=/",
        "",
        ";",
        "\u{a0}name\u{a0}=\u{a0}v\u{a0}; Path=/",
    ] {
        reads_alike(&mut reader, line);
    }
    let mut dice = Dice::new(0x1ce);
    for _ in 0..50_000 {
        let mut line = format!("{}={}", dice.pick(NAMES), dice.pick(VALUES));
        for _ in 0..dice.below(6) {
            line.push(';');
            line.push_str(dice.pick(PIECES));
        }
        if dice.below(8) == 0 {
            line = format!("{line}; Expires={}", a_date(&mut dice));
        }
        if dice.below(8) == 0 {
            // Damage: a byte cut out where a character starts.
            let at = dice.below(line.len().max(1));
            if line.is_char_boundary(at) && line.is_char_boundary(at + 1) && at < line.len() {
                line.remove(at);
            }
        }
        reads_alike(&mut reader, &line);
    }
}
