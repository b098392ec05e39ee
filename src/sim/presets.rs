//! Presets: the session settings of real libraries, set by their defaults,
//! each naming the version and the files its values come from. The settings
//! themselves are in `preset_settings.rs`; the reality suite
//! (`tools/reality/`) checks the library presets against the real libraries.

use serde::{Deserialize, Serialize};

use super::config::{Persistence, WorldConfig};

/// A real library's defaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Preset {
    /// express-session with its MemoryStore.
    ExpressMemory,
    /// express-session with session-file-store.
    ExpressFile,
    /// express-session with connect-redis.
    ExpressRedis,
    /// express-session with connect-pg-simple.
    ExpressPostgres,
    /// cookie-session: the whole session in a signed cookie.
    CookieSession,
    /// tower-sessions with its memory store.
    TowerSessions,
    /// Django with its database backend.
    Django,
    /// Django's cache backend on the local-memory cache.
    DjangoLocmem,
    /// Django's file backend.
    DjangoFile,
    /// Django's cache backend on Redis.
    DjangoRedis,
    /// Django's signed-cookies backend.
    DjangoSignedCookies,
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
    pub const ALL: [Preset; 15] = [
        Preset::ExpressMemory,
        Preset::ExpressFile,
        Preset::ExpressRedis,
        Preset::ExpressPostgres,
        Preset::CookieSession,
        Preset::TowerSessions,
        Preset::Django,
        Preset::DjangoLocmem,
        Preset::DjangoFile,
        Preset::DjangoRedis,
        Preset::DjangoSignedCookies,
        Preset::Php,
        Preset::ActixCookie,
        Preset::SecureDefaults,
        Preset::ClassicMistakes,
    ];

    /// The name the learner sees.
    pub fn label(self) -> &'static str {
        match self {
            Preset::ExpressMemory => "express-session + MemoryStore",
            Preset::ExpressFile => "express-session + session-file-store",
            Preset::ExpressRedis => "express-session + connect-redis",
            Preset::ExpressPostgres => "express-session + connect-pg-simple",
            Preset::CookieSession => "cookie-session",
            Preset::TowerSessions => "tower-sessions (memory store)",
            Preset::Django => "Django (database backend)",
            Preset::DjangoLocmem => "Django (cache backend, local memory)",
            Preset::DjangoFile => "Django (file backend)",
            Preset::DjangoRedis => "Django (cache backend, Redis)",
            Preset::DjangoSignedCookies => "Django (signed cookies)",
            Preset::Php => "PHP (files)",
            Preset::ActixCookie => "actix-session (cookie store)",
            Preset::SecureDefaults => "Secure defaults",
            Preset::ClassicMistakes => "Classic mistakes (every defense off)",
        }
    }

    /// Where the values come from: the library, its version and its files.
    pub fn source(self) -> String {
        match self.library_source() {
            Some(library) => format!("{library} {}", self.own_source()),
            None => self.own_source().to_string(),
        }
    }

    /// The source shared by every preset of the same library, if any.
    fn library_source(self) -> Option<&'static str> {
        match self {
            Preset::ExpressMemory | Preset::ExpressFile | Preset::ExpressRedis | Preset::ExpressPostgres => {
                Some(EXPRESS_SOURCE)
            }
            Preset::Django
            | Preset::DjangoLocmem
            | Preset::DjangoFile
            | Preset::DjangoRedis
            | Preset::DjangoSignedCookies => Some(DJANGO_SOURCE),
            _ => None,
        }
    }

    /// What this preset's own store or library adds to the source.
    fn own_source(self) -> &'static str {
        match self {
            Preset::ExpressMemory => "MemoryStore (session/memory.js): a session whose cookie has no maxAge never expires; an expired one is deleted when read.",
            Preset::ExpressFile => "session-file-store 1.5.0 (lib/session-file-helpers.js): one file per session, ttl 3600 s, expired files reaped every 3600 s (reapInterval), no lock.",
            Preset::ExpressRedis => "connect-redis 9.0.0 (dist/esm/index.js): TTL from cookie.maxAge, else 86400 s, reset by touch; Redis expires keys itself. redis 6.4 client: a command waits 5 s for a down server, then fails (500). Debian's redis-server 7.0 config: RDB snapshots (save 3600 1 300 100 60 10000), no AOF.",
            Preset::ExpressPostgres => "connect-pg-simple 10.0.0 (index.js): table session(sid, sess, expire), expire = now + 1 day when the cookie has no maxAge, pruned every 15 min (randomized); PostgreSQL down: 500 at once (ECONNREFUSED).",
            Preset::CookieSession => "cookie-session 2.1.1: index.js (cookie `session` and its signature `session.sig`, HttpOnly, no lifetime unless maxAge; the cookie is written only when the session changed; req.session = null deletes it). The payload has no expiry: maxAge is enforced by the browser alone, so a copy replayed after it expired is accepted.",
            Preset::TowerSessions => "tower-sessions 0.14: tower-sessions-core src/session.rs (Id is a random i128: 128 bits, base64url, 22 characters; DEFAULT_DURATION 2 weeks; Expiry::OnSessionEnd: no Max-Age), src/service.rs (cookie `id`, HttpOnly, SameSite=Strict, Secure, Path=/; saved only when modified); tower-sessions-memory-store (expired records are hidden, never deleted). No absolute limit.",
            Preset::Django => "backends/db.py: rows in django_session with expire_date; expired rows stay until `manage.py clearsessions`; the database down: 500 at once.",
            Preset::DjangoLocmem => "backends/cache.py on core/cache/backends/locmem.py: each process has its own memory; a key past its timeout is deleted when read.",
            Preset::DjangoFile => "backends/file.py: one file per session in each server's directory, no lock; expired files stay until clearsessions.",
            Preset::DjangoRedis => "backends/cache.py on core/cache/backends/redis.py: Redis expires keys itself; redis down: 500 at once (connection refused). Debian's redis-server 7.0 config: RDB snapshots, no AOF.",
            Preset::DjangoSignedCookies => "backends/signed_cookies.py: the whole session in the cookie, signed with SECRET_KEY (core/signing.py), loaded with max_age = SESSION_COOKIE_AGE, so an expired copy is refused.",
            Preset::Php => "PHP 8.2: ext/session/session.c INI defaults (session.name PHPSESSID, cookie_lifetime 0, cookie_httponly off, cookie_secure off, use_strict_mode 0, sid_length 32, sid_bits_per_character 4, gc_maxlifetime 1440, gc_probability 1 / gc_divisor 100; Debian's php.ini sets gc_probability 0 and deletes old files by cron); ext/session/mod_files.c (ps_read_files reads a file whatever its age: only garbage collection, after the read, deletes files older than gc_maxlifetime by mtime; flock holds the file for the whole request). session_destroy() leaves the cookie alone. No absolute limit.",
            Preset::ActixCookie => "actix-session 0.10: src/storage/cookie.rs (CookieSessionStore keeps the state in the cookie; save ignores the TTL), src/middleware.rs (cookie `id`, Secure, HttpOnly, SameSite=Lax, Path=/, browser-session lifetime by default), src/config.rs (CookieContentSecurity::Private by default: encrypted). The key is the app's: Key::generate() at startup gives each process its own. No absolute limit.",
            Preset::SecureDefaults => "OWASP ASVS 4.0.3 V3: __Host- prefix, Secure, HttpOnly, SameSite=Lax, Path=/ (V3.4.1-V3.4.5); 128-bit random IDs (V3.2.2, from a CSPRNG: V3.2.4); new ID at login (V3.2.1); strict mode; server-side logout (V3.3.1); 30 min idle and 8 h absolute timeouts (V3.3.2); active-session list and log out other sessions (V3.3.4); at most 5 sessions per user, a documented limit (ASVS 5.0 V7.1.2 asks only that it be documented; ASVS 4.0.3 V3.7 warns that ending the oldest at a new login lets the last authenticator win, which is often the attacker); an anti-CSRF token (V4.2.2); TLS on to the servers (V9.2.2); a shared store with a jittered sweep.",
            Preset::ClassicMistakes => "The OWASP Session Management Cheat Sheet and ASVS 4.0.3 V3, each item undone: no Secure, no HttpOnly, no SameSite attribute (Firefox and Safari then send the cookie on other sites' forms; SameSite=None itself needs Secure), no anti-CSRF token, TLS ending at the load balancer, sequential IDs, no rotation, permissive IDs (PHP's use_strict_mode=0), logout that only clears the cookie, no timeouts. Each browser's HTTPS switch stays the learner's.",
        }
    }

    /// Sets the store and the middleware to this library's defaults; servers,
    /// balancing and costs are left as they are. The presets on Redis also set
    /// the cache's persistence to Debian's packaged config (snapshots). The
    /// two security presets also set TLS to the servers (on for secure
    /// defaults, off for classic mistakes); the library presets leave it.
    pub fn apply(self, config: &mut WorldConfig) {
        let (store, session) = self.settings();
        config.store = store;
        config.session = session;
        match self {
            Preset::ExpressRedis | Preset::DjangoRedis => config.cache.persistence = Persistence::Snapshots,
            Preset::SecureDefaults => config.tls_to_servers = true,
            Preset::ClassicMistakes => config.tls_to_servers = false,
            _ => {}
        }
    }
}

/// The world a fresh sandbox starts with: three servers behind a sticky
/// balancer, sessions in each server's memory.
pub fn sandbox_start_config() -> WorldConfig {
    WorldConfig { servers: 3, balancing: super::balancer::Balancing::Sticky, ..WorldConfig::default() }
}

/// express-session 1.19.0, common to its four store presets.
const EXPRESS_SOURCE: &str = "express-session 1.19.0: index.js (cookie connect.sid, HttpOnly, Path=/, no Secure, no SameSite, no lifetime; resave and saveUninitialized true; genid uid-safe 24 bytes; the ID signed as s:<id>.<HMAC>; a Secure cookie is not set unless the request is secure or `trust proxy` says so: issecure), session/cookie.js (a maxAge is written as Expires=, never Max-Age), session/session.js (destroy() deletes the stored session and sends no Set-Cookie). No absolute limit.";

/// Django 5.2, common to its five backend presets.
const DJANGO_SOURCE: &str = "Django 5.2: conf/global_settings.py (SESSION_COOKIE_NAME sessionid, SESSION_COOKIE_AGE 1209600, HttpOnly, SameSite=Lax, not Secure, SESSION_SAVE_EVERY_REQUEST False); contrib/sessions/middleware.py (a modified session is saved and its cookie sent again with a fresh Max-Age; an emptied session's cookie is deleted; a session deleted during the request is not written back: SessionInterrupted, 400); contrib/auth/__init__.py (login cycles the key, logout flushes); backends/base.py (32 characters of a-z0-9). No absolute limit.";

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
