//! The session middleware's settings as the screen names them: one table of
//! yes/no switches, one of typed-in fields and one of drop-down choices. The
//! settings panel draws itself from these tables and lessons press controls
//! by the same labels, so a lesson can never name a setting the screen lacks.

use crate::sim::config::{CreatePolicy, IdAlphabet, IdGenerator, LogoutPolicy, OutageReply, SameSite, SavePolicy};
use crate::sim::{Cleanup, SessionConfig};

/// A yes/no setting.
#[derive(Clone, Copy)]
pub struct Switch {
    /// The checkbox's label.
    pub label: &'static str,
    /// One line on what it does.
    pub hint: &'static str,
    /// Reads it.
    pub get: fn(&SessionConfig) -> bool,
    /// Writes it.
    pub set: fn(&mut SessionConfig, bool),
}

/// A typed-in setting.
#[derive(Clone, Copy)]
pub struct Field {
    /// The input's label.
    pub label: &'static str,
    /// One line on what it does.
    pub hint: &'static str,
    /// Shows it as text.
    pub get: fn(&SessionConfig) -> String,
    /// Reads the text typed in, or says why it cannot.
    pub set: fn(&mut SessionConfig, &str) -> Result<(), String>,
}

/// A setting chosen from a list.
#[derive(Clone, Copy)]
pub struct Choice {
    /// The select's label.
    pub label: &'static str,
    /// One line on what it does.
    pub hint: &'static str,
    /// The options, as shown.
    pub options: fn() -> Vec<&'static str>,
    /// Which option is in force.
    pub get: fn(&SessionConfig) -> &'static str,
    /// Chooses an option by its name.
    pub set: fn(&mut SessionConfig, &str) -> Result<(), String>,
}

/// "" means none; otherwise a whole number of seconds.
pub fn parse_optional_secs(text: &str) -> Result<Option<u64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<u64>().map(Some).map_err(|_| format!("\"{t}\" is not a whole number of seconds (0 or more)"))
}

fn show_secs(s: Option<u64>) -> String {
    s.map(|s| s.to_string()).unwrap_or_default()
}

/// A switch for the boolean setting at `c.$field`.
macro_rules! switch {
    ($label:literal, $($field:ident).+, $hint:literal) => {
        Switch { label: $label, hint: $hint, get: |c| c.$($field).+, set: |c, v| c.$($field).+ = v }
    };
}

/// The yes/no settings, in the order shown.
pub const SWITCHES: &[Switch] = &[
    switch!("HttpOnly", cookie.http_only,
        "Page scripts (document.cookie) cannot read the cookie: stolen by XSS less easily."),
    switch!("Secure", cookie.secure,
        "The browser sends the cookie over HTTPS only."),
    switch!("Touch on every request", touch_every_request,
        "Every request moves the store's expiry, even when nothing changed (express-session, PHP)."),
    switch!("Rolling cookie", rolling,
        "Re-send the cookie with a fresh Max-Age on every response."),
    Switch {
        label: "Save on every request",
        hint: "Write the whole session back even when unchanged (express resave). Off: only when modified.",
        get: |c| c.save == SavePolicy::EveryRequest,
        set: |c, v| c.save = if v { SavePolicy::EveryRequest } else { SavePolicy::WhenModified },
    },
    switch!("New ID on login", rotate_on_login,
        "Rotate the session ID when a user logs in (defeats session fixation)."),
    Switch {
        label: "Logout destroys the session on the server",
        hint: "Off: logout only clears the cookie, and a copied ID stays valid.",
        get: |c| c.logout == LogoutPolicy::DestroyOnServer,
        set: |c, v| c.logout = if v { LogoutPolicy::DestroyOnServer } else { LogoutPolicy::ClearCookieOnly },
    },
    switch!("Strict IDs", strict_ids,
        "Reject session IDs the server never issued. Off: adopt an ID the client made up (PHP's default)."),
    switch!("Logout clears the cookie", library.logout_clears_cookie,
        "Logout sends a Set-Cookie that deletes the cookie. Off: the browser keeps the dead ID (express-session's destroy(), PHP's session_destroy())."),
    switch!("Trust proxy", library.trust_proxy,
        "Believe the balancer's X-Forwarded-Proto (Express's trust proxy). express-session sets a Secure cookie only on a request it sees as https."),
    switch!("Encrypt the cookie", library.cookie_seal.private,
        "Signed-cookie sessions are encrypted as well as signed, so the browser's copy shows nothing (actix-session's Private, its default)."),
    switch!("New key at each server start", library.key_per_process,
        "Each server process makes its own signing key (actix's Key::generate() in main): a restart logs everyone out, and servers refuse each other's cookies. Off: one key from the configuration."),
    Switch {
        label: "Sign the ID",
        hint:
            "Send s:<id>.<signature>, URL-encoded as s%3A... (express-session); a forged or re-signed ID is rejected.",
        get: |c| c.sign_id,
        set: |c, v| c.sign_id = v,
    },
];

/// The typed-in settings, in the order shown.
pub const FIELDS: &[Field] = &[
    Field {
        label: "Cookie name",
        hint: "The session cookie's name, e.g. connect.sid, PHPSESSID, sessionid, or __Host-id.",
        get: |c| c.cookie.name.clone(),
        set: |c, v| {
            c.cookie.name = v.trim().to_string();
            Ok(())
        },
    },
    Field {
        label: "Cookie Max-Age (seconds)",
        hint: "Empty: a browser-session cookie, deleted when the browser closes.",
        get: |c| show_secs(c.cookie.max_age_secs),
        set: |c, v| {
            c.cookie.max_age_secs = parse_optional_secs(v)?;
            Ok(())
        },
    },
    Field {
        label: "Cookie Path",
        hint: "The cookie is sent only to paths under this one.",
        get: |c| c.cookie.path.clone(),
        set: |c, v| {
            c.cookie.path = v.trim().to_string();
            Ok(())
        },
    },
    Field {
        label: "Cookie Domain",
        hint: "Empty: host-only. A domain also sends the cookie to its subdomains.",
        get: |c| c.cookie.domain.clone().unwrap_or_default(),
        set: |c, v| {
            c.cookie.domain = if v.trim().is_empty() { None } else { Some(v.trim().to_string()) };
            Ok(())
        },
    },
    Field {
        label: "Idle timeout (seconds)",
        hint: "The server ends a session nobody used for this long. Empty: never.",
        get: |c| show_secs(c.idle_timeout_secs),
        set: |c, v| {
            c.idle_timeout_secs = parse_optional_secs(v)?;
            Ok(())
        },
    },
    Field {
        label: "Absolute timeout (seconds)",
        hint: "The server ends a session this long after it began, however active. Empty: never.",
        get: |c| show_secs(c.absolute_timeout_secs),
        set: |c, v| {
            c.absolute_timeout_secs = parse_optional_secs(v)?;
            Ok(())
        },
    },
    Field {
        label: "Signing secret",
        hint: "Signs IDs and signed-cookie sessions. Changing it invalidates every signed cookie.",
        get: |c| c.secret.clone(),
        set: |c, v| {
            c.secret = v.to_string();
            Ok(())
        },
    },
];

/// The ID generators offered, with their names.
pub const GENERATORS: [(&str, IdGenerator); 7] = [
    ("128 random bits, hex (default)", IdGenerator::DEFAULT),
    (
        "192 random bits, base64url (express-session)",
        IdGenerator::Random { alphabet: IdAlphabet::Base64Url, length: 32 },
    ),
    ("128 random bits, a random i128 in base64url (tower-sessions)", IdGenerator::RandomI128),
    ("165 random bits, a-z0-9 (Django)", IdGenerator::Random { alphabet: IdAlphabet::LowerAlnum, length: 32 }),
    ("381 random bits, A-Za-z0-9 (actix-session)", IdGenerator::Random { alphabet: IdAlphabet::Alnum, length: 64 }),
    ("Sequential numbers (weak)", IdGenerator::Sequential),
    ("Creation timestamp (weak)", IdGenerator::Timestamp),
];

/// The SameSite options, as shown.
const SAME_SITE: [(&str, Option<SameSite>); 4] = [
    ("not set", None),
    ("Strict", Some(SameSite::Strict)),
    ("Lax", Some(SameSite::Lax)),
    ("None", Some(SameSite::None)),
];

/// The cleanup options, as shown, with the settings each starts from.
pub const CLEANUPS: [(&str, Cleanup); 5] = [
    ("None (expired sessions pile up)", Cleanup::None),
    ("Lazy: delete when read", Cleanup::LazyOnRead),
    ("Periodic sweep with jitter", Cleanup::Sweep { interval_secs: 900, jitter_percent: 50 }),
    ("Probabilistic, per request (PHP)", Cleanup::Probabilistic { one_in: 100 }),
    ("TTL: the store expires keys (shared cache)", Cleanup::Ttl),
];

fn unknown(label: &str, v: &str) -> String {
    format!("{label}: there is no option \"{v}\"")
}

/// When a visitor gets a session, as shown.
const CREATE: [(&str, CreatePolicy); 3] = [
    ("for every visitor", CreatePolicy::EveryVisitor),
    ("once something is stored", CreatePolicy::WhenDataStored),
    ("never (no session middleware)", CreatePolicy::Never),
];

/// What a request gets while the store is down, as shown.
const OUTAGES: [(&str, OutageReply); 4] = [
    ("an error at once", OutageReply::ErrorAtOnce),
    ("an error after a 5 s client timeout (node-redis)", OutageReply::ErrorAfterTimeout { wait_ms: 5000 }),
    ("the app crashes (a Redis client with no error listener)", OutageReply::ServerCrashes),
    ("the session is treated as missing (Django's cache backend)", OutageReply::TreatAsMissing),
];

/// A drop-down setting over `$table`, a list of (as shown, value) pairs,
/// for the setting at `c.$field`; `$missing` is shown when the value in force
/// is in no pair.
macro_rules! choice {
    ($label:literal, $table:ident, $missing:literal, $($field:ident).+, $hint:literal) => {
        Choice {
            label: $label,
            hint: $hint,
            options: || $table.iter().map(|o| o.0).collect(),
            get: |c| $table.iter().find(|o| o.1 == c.$($field).+).map_or($missing, |o| o.0),
            set: |c, v| {
                let o = $table.iter().find(|o| o.0 == v).ok_or_else(|| unknown($label, v))?;
                c.$($field).+ = o.1;
                Ok(())
            },
        }
    };
}

/// The drop-down settings, in the order shown.
pub const CHOICES: &[Choice] = &[
    choice!("Sessions", CREATE, "for every visitor", create,
        "When a visitor gets a session and its cookie: on the first visit, once something is stored, or never."),
    choice!("SameSite", SAME_SITE, "not set", cookie.same_site,
        "Whether the cookie goes along on requests started by other sites (CSRF)."),
    choice!("Session ID generator", GENERATORS, "(custom)", id_generator,
        "Where session IDs come from. OWASP asks for at least 64 bits of entropy from a CSPRNG."),
    choice!("When the store is down", OUTAGES, "(custom)", library.store_outage,
        "What the app does when the shared database or cache does not answer (measured: express with PostgreSQL, with Redis, and as connect-redis's README sets it up)."),
    Choice {
        label: "Cleanup of expired sessions",
        hint: "Without cleanup, expired sessions stay in the store and it only grows.",
        options: || CLEANUPS.iter().map(|o| o.0).collect(),
        get: |c| {
            CLEANUPS
                .iter()
                .find(|o| std::mem::discriminant(&o.1) == std::mem::discriminant(&c.cleanup))
                .map_or("(custom)", |o| o.0)
        },
        set: |c, v| {
            let o = CLEANUPS.iter().find(|o| o.0 == v).ok_or_else(|| unknown("Cleanup of expired sessions", v))?;
            c.cleanup = o.1;
            Ok(())
        },
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_switch_reads_back_what_it_wrote() {
        for s in SWITCHES {
            for v in [true, false] {
                let mut c = SessionConfig::default();
                (s.set)(&mut c, v);
                assert_eq!((s.get)(&c), v, "{}", s.label);
            }
        }
    }

    #[test]
    fn every_choice_reads_back_each_option() {
        for ch in CHOICES {
            for o in (ch.options)() {
                let mut c = SessionConfig::default();
                (ch.set)(&mut c, o).unwrap();
                assert_eq!((ch.get)(&c), o, "{}", ch.label);
            }
            assert!((ch.set)(&mut SessionConfig::default(), "no such option").is_err());
        }
    }

    #[test]
    fn fields_refuse_what_is_not_a_number() {
        let idle = FIELDS.iter().find(|f| f.label == "Idle timeout (seconds)").unwrap();
        let mut c = SessionConfig::default();
        assert!((idle.set)(&mut c, "-5").is_err());
        (idle.set)(&mut c, "600").unwrap();
        assert_eq!((idle.get)(&c), "600");
        (idle.set)(&mut c, "").unwrap();
        assert_eq!(c.idle_timeout_secs, None);
    }
}
