//! Presets: the session settings of real libraries, set by their defaults,
//! each naming where its values come from (see DESIGN.md's table).

use serde::{Deserialize, Serialize};

use super::config::Cleanup;
use super::config::{
    CookieSettings, CreatePolicy, IdAlphabet, IdGenerator, LogoutPolicy, SameSite, SavePolicy, SessionConfig,
    WorldConfig,
};
use super::store::StoreKind;

/// A real library's defaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Preset {
    /// express-session with connect-redis.
    ExpressRedis,
    /// express-session with connect-pg-simple.
    ExpressPostgres,
    /// tower-sessions with its memory store.
    TowerSessions,
    /// Django with its database backend.
    Django,
    /// PHP's session extension with the files handler.
    Php,
    /// actix-session with its cookie store.
    ActixCookie,
    /// Every defense on.
    SecureDefaults,
    /// Every defense off: the mistakes the security lessons show failing.
    ClassicMistakes,
}

impl Preset {
    /// Every preset, in the order the UI lists them.
    pub const ALL: [Preset; 8] = [
        Preset::ExpressRedis,
        Preset::ExpressPostgres,
        Preset::TowerSessions,
        Preset::Django,
        Preset::Php,
        Preset::ActixCookie,
        Preset::SecureDefaults,
        Preset::ClassicMistakes,
    ];

    /// The name the learner sees.
    pub fn label(self) -> &'static str {
        match self {
            Preset::ExpressRedis => "express-session + connect-redis",
            Preset::ExpressPostgres => "express-session + connect-pg-simple",
            Preset::TowerSessions => "tower-sessions (memory store)",
            Preset::Django => "Django (database backend)",
            Preset::Php => "PHP (files)",
            Preset::ActixCookie => "actix-session (cookie store)",
            Preset::SecureDefaults => "Secure defaults",
            Preset::ClassicMistakes => "Classic mistakes (every defense off)",
        }
    }

    /// Where the values come from.
    pub fn source(self) -> &'static str {
        match self {
            Preset::ExpressRedis => "express-session README (cookie defaults, genid = 24 random bytes, resave and saveUninitialized default true); connect-redis README (TTL from cookie.maxAge, else 86400 s; Redis expires keys itself).",
            Preset::ExpressPostgres => "express-session README; connect-pg-simple README (table session(sid, sess, expire), ttl 86400 s when the cookie has no maxAge, pruneSessionInterval 15 min with 50-150% jitter).",
            Preset::TowerSessions => "tower-sessions docs: cookie `id`, HttpOnly, SameSite=Strict, Secure, Path=/; Expiry::OnSessionEnd with a 2-week record expiry; saved only when modified; MemoryStore never deletes expired records.",
            Preset::Django => "Django settings reference: SESSION_COOKIE_NAME sessionid, SESSION_COOKIE_AGE 1209600 (2 weeks), HttpOnly, SameSite=Lax, not Secure; saved when modified; login() cycles the key, logout() flushes; expired rows stay until `clearsessions`.",
            Preset::Php => "php.ini defaults: session.name PHPSESSID, cookie_lifetime 0, cookie_httponly off, cookie_secure off, use_strict_mode 0, sid_length 32 x 4 bits, gc_maxlifetime 1440 s since the file's last write, gc_probability/gc_divisor 1/100.",
            Preset::ActixCookie => "actix-session docs: cookie `id`, Secure, HttpOnly, SameSite=Lax; CookieSessionStore keeps the state in the cookie (4096-byte cap, cannot be revoked); TTL 1 day extended on state change.",
            Preset::SecureDefaults => "OWASP ASVS 4.0.3 V3: __Host- prefix, Secure, HttpOnly, SameSite=Lax, Path=/ (V3.4.1-V3.4.5); 128-bit random IDs (V3.2.2); new ID at login and on privilege change (V3.2.1); strict mode; server-side logout (V3.3.1); 30 min idle and 8 h absolute timeouts (V3.3.2); active-session list and log out other sessions (V3.3.3, V3.3.4) with at most 5 sessions per user; an anti-CSRF token (V4.2.2); TLS on to the servers (V9.2.2); a shared store with a jittered sweep.",
            Preset::ClassicMistakes => "The OWASP Session Management Cheat Sheet and ASVS 4.0.3 V3, each item undone: no Secure, no HttpOnly, no SameSite attribute (Firefox and Safari then send the cookie on other sites' forms; SameSite=None itself needs Secure), no anti-CSRF token, TLS ending at the load balancer, sequential IDs, no rotation, permissive IDs (PHP's use_strict_mode=0), logout that only clears the cookie, no timeouts. Each browser's HTTPS switch stays the learner's.",
        }
    }

    /// Sets the store and the middleware to this library's defaults; servers,
    /// balancing and costs are left as they are. The two security presets
    /// also set TLS to the servers (on for secure defaults, off for classic
    /// mistakes); the library presets leave it.
    pub fn apply(self, config: &mut WorldConfig) {
        let (store, session) = self.settings();
        config.store = store;
        config.session = session;
        match self {
            Preset::SecureDefaults => config.tls_to_servers = true,
            Preset::ClassicMistakes => config.tls_to_servers = false,
            _ => {}
        }
    }

    /// The store and middleware settings of this preset.
    pub fn settings(self) -> (StoreKind, SessionConfig) {
        const DAY: u64 = 86_400;
        let cookie = |name: &str, http_only, secure, same_site, max_age_secs| CookieSettings {
            name: name.into(),
            http_only,
            secure,
            same_site,
            max_age_secs,
            path: "/".into(),
            domain: None,
        };
        let express = |cleanup| SessionConfig {
            cookie: cookie("connect.sid", true, false, None, None),
            idle_timeout_secs: Some(DAY),
            absolute_timeout_secs: None,
            touch_every_request: true,
            rolling: false,
            save: SavePolicy::EveryRequest,
            create: CreatePolicy::EveryVisitor,
            rotate_on_login: false,
            logout: LogoutPolicy::DestroyOnServer,
            id_generator: IdGenerator::Random { alphabet: IdAlphabet::Base64Url, length: 32 },
            strict_ids: true,
            sign_id: true,
            secret: "keyboard cat".into(),
            cleanup,
            csrf_token: false,
            rotate_on_privilege_change: false,
            max_sessions_per_user: None,
        };
        match self {
            Preset::ExpressRedis => (StoreKind::Cache, express(Cleanup::Ttl)),
            Preset::ExpressPostgres => {
                (StoreKind::Database, express(Cleanup::Sweep { interval_secs: 15 * 60, jitter_percent: 50 }))
            }
            Preset::TowerSessions => (
                StoreKind::InMemory,
                SessionConfig {
                    cookie: cookie("id", true, true, Some(SameSite::Strict), None),
                    idle_timeout_secs: Some(14 * DAY),
                    absolute_timeout_secs: None,
                    touch_every_request: false,
                    rolling: false,
                    save: SavePolicy::WhenModified,
                    create: CreatePolicy::WhenDataStored,
                    rotate_on_login: false,
                    logout: LogoutPolicy::DestroyOnServer,
                    id_generator: IdGenerator::Random { alphabet: IdAlphabet::Base64Url, length: 22 },
                    strict_ids: true,
                    sign_id: false,
                    secret: String::new(),
                    cleanup: Cleanup::None,
                    csrf_token: false,
                    rotate_on_privilege_change: false,
                    max_sessions_per_user: None,
                },
            ),
            Preset::Django => (
                StoreKind::Database,
                SessionConfig {
                    cookie: cookie("sessionid", true, false, Some(SameSite::Lax), Some(14 * DAY)),
                    idle_timeout_secs: Some(14 * DAY),
                    absolute_timeout_secs: None,
                    touch_every_request: false,
                    rolling: false,
                    save: SavePolicy::WhenModified,
                    create: CreatePolicy::WhenDataStored,
                    rotate_on_login: true,
                    logout: LogoutPolicy::DestroyOnServer,
                    id_generator: IdGenerator::Random { alphabet: IdAlphabet::LowerAlnum, length: 32 },
                    strict_ids: true,
                    sign_id: false,
                    secret: String::new(),
                    cleanup: Cleanup::None,
                    csrf_token: false,
                    rotate_on_privilege_change: false,
                    max_sessions_per_user: None,
                },
            ),
            Preset::Php => (
                StoreKind::File,
                SessionConfig {
                    cookie: cookie("PHPSESSID", false, false, None, None),
                    idle_timeout_secs: Some(1440),
                    absolute_timeout_secs: None,
                    touch_every_request: true,
                    rolling: false,
                    save: SavePolicy::WhenModified,
                    create: CreatePolicy::EveryVisitor,
                    rotate_on_login: false,
                    logout: LogoutPolicy::DestroyOnServer,
                    id_generator: IdGenerator::Random { alphabet: IdAlphabet::Hex, length: 32 },
                    strict_ids: false,
                    sign_id: false,
                    secret: String::new(),
                    cleanup: Cleanup::Probabilistic { one_in: 100 },
                    csrf_token: false,
                    rotate_on_privilege_change: false,
                    max_sessions_per_user: None,
                },
            ),
            Preset::ActixCookie => (
                StoreKind::SignedCookie,
                SessionConfig {
                    cookie: cookie("id", true, true, Some(SameSite::Lax), None),
                    idle_timeout_secs: Some(DAY),
                    absolute_timeout_secs: None,
                    touch_every_request: false,
                    rolling: false,
                    save: SavePolicy::WhenModified,
                    create: CreatePolicy::WhenDataStored,
                    rotate_on_login: false,
                    logout: LogoutPolicy::DestroyOnServer,
                    id_generator: IdGenerator::Random { alphabet: IdAlphabet::Alnum, length: 64 },
                    strict_ids: true,
                    sign_id: false,
                    secret: "a 64-byte key generated at startup by Key::generate()".into(),
                    cleanup: Cleanup::None,
                    csrf_token: false,
                    rotate_on_privilege_change: false,
                    max_sessions_per_user: None,
                },
            ),
            Preset::SecureDefaults => (
                StoreKind::Database,
                SessionConfig {
                    cookie: cookie("__Host-id", true, true, Some(SameSite::Lax), None),
                    idle_timeout_secs: Some(30 * 60),
                    absolute_timeout_secs: Some(8 * 3600),
                    touch_every_request: true,
                    rolling: false,
                    save: SavePolicy::WhenModified,
                    create: CreatePolicy::WhenDataStored,
                    rotate_on_login: true,
                    logout: LogoutPolicy::DestroyOnServer,
                    id_generator: IdGenerator::DEFAULT,
                    strict_ids: true,
                    sign_id: false,
                    secret: String::new(),
                    cleanup: Cleanup::Sweep { interval_secs: 15 * 60, jitter_percent: 50 },
                    csrf_token: true,
                    rotate_on_privilege_change: true,
                    max_sessions_per_user: Some(5),
                },
            ),
            Preset::ClassicMistakes => (
                StoreKind::Database,
                SessionConfig {
                    cookie: cookie("sid", false, false, None, None),
                    idle_timeout_secs: None,
                    absolute_timeout_secs: None,
                    touch_every_request: true,
                    rolling: false,
                    save: SavePolicy::WhenModified,
                    create: CreatePolicy::EveryVisitor,
                    rotate_on_login: false,
                    logout: LogoutPolicy::ClearCookieOnly,
                    id_generator: IdGenerator::Sequential,
                    strict_ids: false,
                    sign_id: false,
                    secret: String::new(),
                    cleanup: Cleanup::None,
                    csrf_token: false,
                    rotate_on_privilege_change: false,
                    max_sessions_per_user: None,
                },
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_is_a_valid_config() {
        for p in Preset::ALL {
            let mut c = WorldConfig::default();
            p.apply(&mut c);
            c.validate().unwrap_or_else(|e| panic!("{}: {e}", p.label()));
            assert!(!p.source().is_empty());
        }
    }

    #[test]
    fn secure_defaults_turn_every_defense_on_and_classic_mistakes_turn_them_off() {
        use crate::sim::defense::Defense;
        let (mut secure, mut classic) = (WorldConfig::default(), WorldConfig::default());
        Preset::SecureDefaults.apply(&mut secure);
        Preset::ClassicMistakes.apply(&mut classic);
        for d in Defense::ALL {
            assert_ne!(d.is_on(&secure), Some(false), "secure defaults leave {d} off");
            let always = matches!(d, Defense::PrecisePath | Defense::LogOutOtherSessions | Defense::ActiveSessionList);
            if !always {
                assert_ne!(d.is_on(&classic), Some(true), "classic mistakes leave {d} on");
            }
        }
    }
}
