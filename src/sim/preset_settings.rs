//! The store and middleware settings of each preset (see `presets.rs` for
//! where each value comes from). One function per library, so that a
//! library's stores differ only where the library's own sources say so.

use super::config::{
    Cleanup, CookieSettings, CreatePolicy, IdAlphabet, IdGenerator, LibraryBehaviour, LifetimeAttribute, LogoutPolicy,
    OutageReply, SameSite, SavePolicy, SessionConfig,
};
use super::presets::Preset;
use super::store::{CookieSeal, StoreKind};

const DAY: u64 = 86_400;

fn cookie(
    name: &str,
    http_only: bool,
    secure: bool,
    same_site: Option<SameSite>,
    max_age_secs: Option<u64>,
) -> CookieSettings {
    CookieSettings { name: name.into(), http_only, secure, same_site, max_age_secs, path: "/".into(), domain: None }
}

impl Preset {
    /// The store and middleware settings of this preset.
    pub fn settings(self) -> (StoreKind, SessionConfig) {
        settings(self)
    }
}

/// The store and middleware settings of `preset`.
fn settings(preset: Preset) -> (StoreKind, SessionConfig) {
    match preset {
        Preset::ExpressMemory => (StoreKind::InMemory, express(None, Cleanup::LazyOnRead, OutageReply::ErrorAtOnce)),
        Preset::ExpressFile => (
            StoreKind::File,
            express(Some(3600), Cleanup::Sweep { interval_secs: 3600, jitter_percent: 0 }, OutageReply::ErrorAtOnce),
        ),
        Preset::ExpressRedis => {
            (StoreKind::Cache, express(Some(DAY), Cleanup::Ttl, OutageReply::ErrorAfterTimeout { wait_ms: 5000 }))
        }
        Preset::ExpressPostgres => (
            StoreKind::Database,
            express(Some(DAY), Cleanup::Sweep { interval_secs: 15 * 60, jitter_percent: 50 }, OutageReply::ErrorAtOnce),
        ),
        Preset::CookieSession => (StoreKind::SignedCookie, cookie_session()),
        Preset::TowerSessions => (StoreKind::InMemory, tower_sessions()),
        Preset::Django => (StoreKind::Database, django(Cleanup::None)),
        Preset::DjangoLocmem => (StoreKind::InMemory, django(Cleanup::LazyOnRead)),
        Preset::DjangoFile => (StoreKind::File, django(Cleanup::None)),
        Preset::DjangoRedis => {
            let mut s = django(Cleanup::Ttl);
            s.library.store_outage = OutageReply::TreatAsMissing;
            (StoreKind::Cache, s)
        }
        Preset::DjangoSignedCookies => (StoreKind::SignedCookie, django(Cleanup::None)),
        Preset::Php => (StoreKind::File, php()),
        Preset::ActixCookie => (StoreKind::SignedCookie, actix_cookie()),
        Preset::SecureDefaults => (StoreKind::Database, secure_defaults()),
        Preset::ClassicMistakes => (StoreKind::Database, classic_mistakes()),
    }
}

/// What most libraries share, each preset changing the rest: no timeouts,
/// saved when modified, a session once something is stored, a new ID only
/// when asked, logout that destroys, 128 random bits, strict IDs.
fn library_defaults(cookie: CookieSettings) -> SessionConfig {
    SessionConfig {
        cookie,
        idle_timeout_secs: None,
        absolute_timeout_secs: None,
        touch_every_request: false,
        rolling: false,
        save: SavePolicy::WhenModified,
        create: CreatePolicy::WhenDataStored,
        rotate_on_login: false,
        logout: LogoutPolicy::DestroyOnServer,
        id_generator: IdGenerator::DEFAULT,
        strict_ids: true,
        sign_id: false,
        secret: String::new(),
        cleanup: Cleanup::None,
        csrf_token: false,
        rotate_on_privilege_change: false,
        max_sessions_per_user: None,
        library: LibraryBehaviour::default(),
    }
}

/// express-session 1.19.0 with a store whose record lives `store_ttl_secs`
/// when the cookie has no maxAge (`None`: forever, as MemoryStore).
fn express(store_ttl_secs: Option<u64>, cleanup: Cleanup, store_outage: OutageReply) -> SessionConfig {
    SessionConfig {
        idle_timeout_secs: store_ttl_secs,
        touch_every_request: true,
        save: SavePolicy::EveryRequest,
        create: CreatePolicy::EveryVisitor,
        // uid-safe(24): 24 random bytes, base64url, 32 characters.
        id_generator: IdGenerator::Random { alphabet: IdAlphabet::Base64Url, length: 32 },
        sign_id: true,
        secret: "keyboard cat".into(),
        cleanup,
        library: LibraryBehaviour {
            logout_clears_cookie: false,
            secure_cookie_needs_tls_to_server: true,
            store_outage,
            lifetime_attribute: LifetimeAttribute::Expires,
            ..LibraryBehaviour::default()
        },
        ..library_defaults(cookie("connect.sid", true, false, None, None))
    }
}

/// cookie-session 2.1.1: the session is the cookie, written when it changed;
/// no expiry in the payload, so only the browser's cookie lifetime ends it.
fn cookie_session() -> SessionConfig {
    SessionConfig { secret: "keys".into(), ..library_defaults(cookie("session", true, false, None, None)) }
}

fn tower_sessions() -> SessionConfig {
    SessionConfig {
        idle_timeout_secs: Some(14 * DAY),
        id_generator: IdGenerator::RandomI128,
        ..library_defaults(cookie("id", true, true, Some(SameSite::Strict), None))
    }
}

/// Django 5.2 with one of its backends (which only changes the cleanup here;
/// the store is the preset's).
fn django(cleanup: Cleanup) -> SessionConfig {
    SessionConfig {
        idle_timeout_secs: Some(14 * DAY),
        rotate_on_login: true,
        id_generator: IdGenerator::Random { alphabet: IdAlphabet::LowerAlnum, length: 32 },
        secret: "django-insecure-secret-key".into(),
        cleanup,
        library: LibraryBehaviour {
            cookie_refreshed_on_save: true,
            refuses_write_after_delete: true,
            deletes_unknown_cookie: true,
            ..LibraryBehaviour::default()
        },
        ..library_defaults(cookie("sessionid", true, false, Some(SameSite::Lax), Some(14 * DAY)))
    }
}

fn php() -> SessionConfig {
    SessionConfig {
        // gc_maxlifetime: what garbage collection deletes, not a check on read.
        idle_timeout_secs: Some(1440),
        touch_every_request: true,
        create: CreatePolicy::EveryVisitor,
        id_generator: IdGenerator::Random { alphabet: IdAlphabet::Hex, length: 32 },
        strict_ids: false,
        cleanup: Cleanup::Probabilistic { one_in: 100 },
        library: LibraryBehaviour {
            expiry_checked_on_read: false,
            logout_clears_cookie: false,
            locks_session_file: true,
            ..LibraryBehaviour::default()
        },
        ..library_defaults(cookie("PHPSESSID", false, false, None, None))
    }
}

/// The cookie store ignores the state TTL: nothing on the server ends a copy.
fn actix_cookie() -> SessionConfig {
    SessionConfig {
        id_generator: IdGenerator::Random { alphabet: IdAlphabet::Alnum, length: 64 },
        secret: "a 64-byte key generated at startup by Key::generate()".into(),
        library: LibraryBehaviour {
            cookie_seal: CookieSeal { private: true, json_limit: Some(4064) },
            key_per_process: true,
            ..LibraryBehaviour::default()
        },
        ..library_defaults(cookie("id", true, true, Some(SameSite::Lax), None))
    }
}

fn secure_defaults() -> SessionConfig {
    SessionConfig {
        idle_timeout_secs: Some(30 * 60),
        absolute_timeout_secs: Some(8 * 3600),
        touch_every_request: true,
        rotate_on_login: true,
        cleanup: Cleanup::Sweep { interval_secs: 15 * 60, jitter_percent: 50 },
        csrf_token: true,
        rotate_on_privilege_change: true,
        max_sessions_per_user: Some(5),
        ..library_defaults(cookie("__Host-id", true, true, Some(SameSite::Lax), None))
    }
}

fn classic_mistakes() -> SessionConfig {
    SessionConfig {
        touch_every_request: true,
        create: CreatePolicy::EveryVisitor,
        logout: LogoutPolicy::ClearCookieOnly,
        id_generator: IdGenerator::Sequential,
        strict_ids: false,
        ..library_defaults(cookie("sid", false, false, None, None))
    }
}
