//! The checks every setting passes before a world takes it: what is out of
//! range or contradictory is refused with a [`ConfigError`] that names the
//! setting as the learner sees it and says why.

use super::config::{
    Cleanup, CookieSettings, IdGenerator, OutageReply, SameSite, SessionConfig, WorldConfig, MAX_ID_LENGTH, MAX_SERVERS,
};
use super::config_error::ConfigError;
use super::http::SHOP_HOST;
use super::store::StoreKind;

/// The longest cookie path or domain browsers take, and the longest secret.
const MAX_ATTRIBUTE_BYTES: usize = 1024;
/// The longest a store client waits before failing (as long as the longest hop).
const MAX_CLIENT_WAIT_MS: u32 = 60_000;

fn is_cookie_name_char(c: char) -> bool {
    // RFC 6265 cookie-name is an RFC 7230 token.
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

impl SessionConfig {
    /// Checks every middleware setting; the first problem found is returned.
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_cookie(&self.cookie)?;
        check_timeouts(self)?;
        check_ids_and_limits(self)?;
        check_cleanup(self.cleanup)
    }
}

/// The session cookie as browsers would take it: a valid name, a path, a
/// domain of the shop, and prefixes and attributes that agree.
fn check_cookie(c: &CookieSettings) -> Result<(), ConfigError> {
    if c.name.is_empty() {
        return Err(ConfigError::new("Cookie name", "must not be empty"));
    }
    if let Some(bad) = c.name.chars().find(|&ch| !is_cookie_name_char(ch)) {
        return Err(ConfigError::new("Cookie name", format!("{bad:?} is not allowed in a cookie name")));
    }
    if c.name.len() > 64 {
        return Err(ConfigError::new("Cookie name", "at most 64 characters"));
    }
    if !c.path.starts_with('/') || c.path.contains(';') {
        return Err(ConfigError::new("Cookie path", "must start with / and contain no ;"));
    }
    // RFC 6265bis 5.6: browsers ignore an attribute value over 1,024 bytes.
    if c.path.len() > MAX_ATTRIBUTE_BYTES {
        return Err(ConfigError::new("Cookie path", "at most 1,024 characters; browsers ignore a longer one"));
    }
    if let Some(d) = &c.domain {
        check_cookie_domain(d)?;
    }
    if c.name.starts_with("__Host-") && (!c.secure || c.path != "/" || c.domain.is_some()) {
        return Err(ConfigError::new(
            "Cookie name",
            "a __Host- cookie must be Secure, have Path=/ and no Domain; browsers refuse it otherwise",
        ));
    }
    if c.name.starts_with("__Secure-") && !c.secure {
        return Err(ConfigError::new("Cookie name", "a __Secure- cookie must be Secure"));
    }
    if c.same_site == Some(SameSite::None) && !c.secure {
        return Err(ConfigError::new("SameSite", "SameSite=None requires Secure; browsers refuse it otherwise"));
    }
    if c.max_age_secs == Some(0) {
        return Err(ConfigError::new(
            "Cookie Max-Age",
            "0 would delete the cookie at once; leave it empty for a browser-session cookie",
        ));
    }
    Ok(())
}

/// A cookie Domain attribute: a host name, not a public suffix, and the
/// shop's host or a parent of it.
fn check_cookie_domain(d: &str) -> Result<(), ConfigError> {
    if d.is_empty() || d.contains(';') || d.contains(' ') || d.len() > MAX_ATTRIBUTE_BYTES {
        return Err(ConfigError::new("Cookie domain", format!("must be a host name such as {SHOP_HOST}")));
    }
    let d = d.trim_start_matches('.').to_ascii_lowercase();
    if crate::sim::public_suffix::is_public_suffix(&d) {
        return Err(ConfigError::new(
            "Cookie domain",
            format!("{d} is a public suffix, shared by unrelated sites; browsers refuse a cookie for it"),
        ));
    }
    if SHOP_HOST != d && !SHOP_HOST.ends_with(&format!(".{d}")) {
        return Err(ConfigError::new(
            "Cookie domain",
            format!("the shop is {SHOP_HOST}, so it must be {SHOP_HOST} or a parent of it; browsers refuse any other"),
        ));
    }
    Ok(())
}

/// The idle and absolute timeouts and the cookie's Max-Age: at least a
/// second, at most ten years.
fn check_timeouts(s: &SessionConfig) -> Result<(), ConfigError> {
    if s.idle_timeout_secs == Some(0) {
        return Err(ConfigError::new("Idle timeout", "must be at least 1 second (or off)"));
    }
    if s.absolute_timeout_secs == Some(0) {
        return Err(ConfigError::new("Absolute timeout", "must be at least 1 second (or off)"));
    }
    const TEN_YEARS: u64 = 10 * 365 * 86_400;
    for (name, v) in [
        ("Idle timeout", s.idle_timeout_secs),
        ("Absolute timeout", s.absolute_timeout_secs),
        ("Cookie Max-Age", s.cookie.max_age_secs),
    ] {
        if v.is_some_and(|secs| secs > TEN_YEARS) {
            return Err(ConfigError::new(name, "at most 10 years"));
        }
    }
    Ok(())
}

/// The session ID's length, the sessions a user may have at once, and the
/// secret that signs IDs.
fn check_ids_and_limits(s: &SessionConfig) -> Result<(), ConfigError> {
    if let IdGenerator::Random { length, .. } = s.id_generator {
        if !(8..=MAX_ID_LENGTH).contains(&length) {
            return Err(ConfigError::new("Session ID length", format!("between 8 and {MAX_ID_LENGTH} characters")));
        }
    }
    if let Some(n) = s.max_sessions_per_user {
        if !(1..=100).contains(&n) {
            return Err(ConfigError::new("Sessions per user", "between 1 and 100 (or no limit)"));
        }
    }
    if s.sign_id && s.secret.is_empty() {
        return Err(ConfigError::new("Signing secret", "must not be empty when IDs are signed"));
    }
    if s.secret.len() > MAX_ATTRIBUTE_BYTES {
        return Err(ConfigError::new("Signing secret", "at most 1,024 characters"));
    }
    if let OutageReply::ErrorAfterTimeout { wait_ms } = s.library.store_outage {
        if !(1..=MAX_CLIENT_WAIT_MS).contains(&wait_ms) {
            return Err(ConfigError::new("When the store is down", "a client timeout between 1 ms and 60 s"));
        }
    }
    Ok(())
}

/// How expired sessions are cleaned up: a sweep between a second and a
/// week with jitter up to 100%, or a probability of 1 in at least 1.
fn check_cleanup(cleanup: Cleanup) -> Result<(), ConfigError> {
    match cleanup {
        Cleanup::Sweep { interval_secs, jitter_percent } => {
            if interval_secs == 0 || interval_secs > 7 * 86_400 {
                return Err(ConfigError::new("Sweep interval", "between 1 second and 7 days"));
            }
            if jitter_percent > 100 {
                return Err(ConfigError::new("Sweep jitter", "between 0% and 100%"));
            }
        }
        Cleanup::Probabilistic { one_in: 0 } => {
            return Err(ConfigError::new("Cleanup probability", "1 in N needs N of at least 1"));
        }
        _ => {}
    }
    Ok(())
}

impl WorldConfig {
    /// Checks every setting; the first problem found is returned.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.servers == 0 || self.servers > MAX_SERVERS {
            return Err(ConfigError::new("Servers", format!("between 1 and {MAX_SERVERS}, not {}", self.servers)));
        }
        self.session.validate()?;
        if self.session.cleanup == Cleanup::Ttl && self.store != StoreKind::Cache {
            return Err(ConfigError::new(
                "Cleanup of expired sessions",
                "only the shared cache expires keys by itself (TTL); choose another cleanup for this store",
            ));
        }
        if self.store == StoreKind::SignedCookie && self.session.secret.is_empty() {
            return Err(ConfigError::new("Signing secret", "a signed-cookie session needs a secret"));
        }
        if !(1024..=64 * 1024 * 1024).contains(&self.cache.memory_limit_bytes) {
            return Err(ConfigError::new("Cache memory limit", "between 1 KiB and 64 MiB"));
        }
        self.costs.validate()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::config::IdAlphabet;

    #[test]
    fn defaults_are_valid() {
        WorldConfig::default().validate().unwrap();
    }

    #[test]
    fn out_of_range_and_contradictory_settings_are_refused() {
        let mut c = WorldConfig { servers: 0, ..WorldConfig::default() };
        assert_eq!(c.validate().unwrap_err().setting, "Servers");
        c.servers = 9;
        assert!(c.validate().unwrap_err().reason.contains("between 1 and 8"));
        let mut c = WorldConfig::default();
        c.session.cookie.name.clear();
        assert_eq!(c.validate().unwrap_err().setting, "Cookie name");
        let mut c = WorldConfig::default();
        c.session.cookie.name = "__Host-id".into();
        c.session.cookie.secure = false;
        assert!(c.validate().unwrap_err().reason.contains("Secure"));
        let mut c = WorldConfig::default();
        c.session.idle_timeout_secs = Some(0);
        assert_eq!(c.validate().unwrap_err().setting, "Idle timeout");
        let mut c = WorldConfig::default();
        c.session.max_sessions_per_user = Some(0);
        assert_eq!(c.validate().unwrap_err().setting, "Sessions per user");
        c.session.max_sessions_per_user = Some(101);
        assert_eq!(c.validate().unwrap_err().setting, "Sessions per user");
        c.session.max_sessions_per_user = Some(3);
        c.validate().unwrap();
        let mut c = WorldConfig::default();
        for bad in ["evil.example.com", "example", "com", ".com"] {
            c.session.cookie.domain = Some(bad.into());
            assert_eq!(c.validate().unwrap_err().setting, "Cookie domain", "{bad}");
        }
        for ok in ["shop.example.com", ".shop.example.com", "example.com"] {
            c.session.cookie.domain = Some(ok.into());
            c.validate().unwrap();
        }
    }

    #[test]
    fn a_negative_timeout_or_unknown_generator_does_not_parse() {
        let mut json = serde_json::to_value(WorldConfig::default()).unwrap();
        json["session"]["idle_timeout_secs"] = serde_json::json!(-5);
        assert!(serde_json::from_value::<WorldConfig>(json).is_err());
        let mut json = serde_json::to_value(WorldConfig::default()).unwrap();
        json["session"]["id_generator"] = serde_json::json!("Quantum");
        assert!(serde_json::from_value::<WorldConfig>(json).is_err());
    }

    #[test]
    fn what_only_a_link_could_carry_is_range_checked_too() {
        let mut c = WorldConfig::default();
        c.session.library.store_outage = OutageReply::ErrorAfterTimeout { wait_ms: u32::MAX };
        let e = c.validate().unwrap_err();
        assert_eq!(
            (e.setting.as_str(), e.reason.as_str()),
            ("When the store is down", "a client timeout between 1 ms and 60 s")
        );
        c.session.library.store_outage = OutageReply::ErrorAfterTimeout { wait_ms: 5000 };
        c.validate().unwrap();
        c.session.cookie.path = format!("/{}", "a".repeat(1024));
        assert_eq!(c.validate().unwrap_err().setting, "Cookie path");
        c.session.cookie.path = "/".into();
        c.session.secret = "k".repeat(1025);
        assert_eq!(c.validate().unwrap_err().setting, "Signing secret");
    }

    #[test]
    fn ttl_cleanup_belongs_to_the_cache() {
        let mut c = WorldConfig::default();
        c.session.cleanup = Cleanup::Ttl;
        assert!(c.validate().unwrap_err().reason.contains("only the shared cache"));
        c.store = StoreKind::Cache;
        c.validate().unwrap();
    }

    #[test]
    fn entropy_of_the_generators() {
        assert_eq!(IdGenerator::DEFAULT.entropy_bits(), 128.0);
        let express = IdGenerator::Random { alphabet: IdAlphabet::Base64Url, length: 32 };
        assert_eq!(express.entropy_bits(), 192.0);
        assert!(IdGenerator::Sequential.entropy_bits() < 64.0);
    }
}
