//! Settings of a world: how many servers, which store, which balancing
//! policy, and the session middleware every server runs. Every setting is
//! checked by [`WorldConfig::validate`]; a bad one is refused with a
//! [`ConfigError`] saying what and why, and the world stays as it was.

use serde::{Deserialize, Serialize};

use super::balancer::Balancing;
use super::cost::CostModel;
pub use super::library::{LibraryBehaviour, LifetimeAttribute, OutageReply};
// The SameSite attribute is a Set-Cookie line's word; the cookie settings name it.
pub use super::set_cookie::SameSite;
pub use super::store::Persistence;
use super::store::StoreKind;

pub use super::config_error::ConfigError;

/// The most servers a world can have.
pub const MAX_SERVERS: u8 = 8;

/// The longest random session ID the settings allow, in characters.
pub const MAX_ID_LENGTH: u8 = 128;

/// How the session cookie is written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CookieSettings {
    /// Cookie name, such as `connect.sid` or `PHPSESSID`.
    pub name: String,
    /// Hidden from page scripts (`document.cookie`).
    pub http_only: bool,
    /// Sent only over HTTPS.
    pub secure: bool,
    /// The SameSite attribute; `None` here means the attribute is left out.
    pub same_site: Option<SameSite>,
    /// Max-Age in seconds; `None` makes a browser-session cookie, dropped
    /// when the browser closes.
    pub max_age_secs: Option<u64>,
    /// The Path attribute.
    pub path: String,
    /// The Domain attribute; `None` makes a host-only cookie.
    pub domain: Option<String>,
}

/// When the session is written back to the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SavePolicy {
    /// Only when the request changed it (tower-sessions, Django).
    WhenModified,
    /// On every request, changed or not (express-session's `resave: true`,
    /// Django's SESSION_SAVE_EVERY_REQUEST).
    EveryRequest,
}

/// When a new visitor gets a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CreatePolicy {
    /// Every visitor, even with nothing stored (`saveUninitialized: true`, PHP).
    EveryVisitor,
    /// Only once something is stored in it.
    WhenDataStored,
    /// Never: the servers run no session middleware, so every request stands
    /// alone (the course's first lesson).
    Never,
}

/// What logout does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LogoutPolicy {
    /// Deletes the session in the store and clears the cookie.
    DestroyOnServer,
    /// Only tells the browser to forget the cookie; the session stays valid
    /// in the store for anyone who kept a copy of the ID.
    ClearCookieOnly,
}

/// The alphabet of random session IDs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum IdAlphabet {
    /// 0-9a-f: 4 bits a character (PHP).
    Hex,
    /// a-z0-9: about 5.17 bits a character (Django).
    LowerAlnum,
    /// A-Za-z0-9: about 5.95 bits a character (actix-session).
    Alnum,
    /// A-Za-z0-9-_: 6 bits a character (express-session, tower-sessions).
    Base64Url,
}

impl IdAlphabet {
    /// The characters IDs are made of.
    pub fn chars(self) -> &'static [u8] {
        match self {
            IdAlphabet::Hex => b"0123456789abcdef",
            IdAlphabet::LowerAlnum => b"abcdefghijklmnopqrstuvwxyz0123456789",
            IdAlphabet::Alnum => b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            IdAlphabet::Base64Url => b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
        }
    }
}

/// How new session IDs are made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum IdGenerator {
    /// `length` characters drawn from the seeded CSPRNG.
    Random {
        /// The characters used.
        alphabet: IdAlphabet,
        /// How many characters.
        length: u8,
    },
    /// A random `i128` written as the base64url of its 16 bytes, 22
    /// characters that carry 128 bits (tower-sessions-core 0.14,
    /// `src/session.rs`: `Id(i128)`, `Id::default` draws it at random).
    RandomI128,
    /// 1, 2, 3, ... (a classic mistake: the next ID is obvious).
    Sequential,
    /// The creation time in milliseconds (another classic mistake).
    Timestamp,
}

impl IdGenerator {
    /// 128 random bits as 32 hex characters: the default.
    pub const DEFAULT: IdGenerator = IdGenerator::Random { alphabet: IdAlphabet::Hex, length: 32 };

    /// Bits of entropy an attacker must guess (OWASP: at least 64).
    pub fn entropy_bits(self) -> f64 {
        match self {
            IdGenerator::Random { alphabet, length } => f64::from(length) * (alphabet.chars().len() as f64).log2(),
            IdGenerator::RandomI128 => 128.0,
            // Knowing one ID, the next is one of a handful.
            IdGenerator::Sequential => 0.0,
            // Knowing roughly when a session was made: a few thousand candidates.
            IdGenerator::Timestamp => 12.0,
        }
    }
}

/// How expired sessions are removed from the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Cleanup {
    /// Never: expired sessions are ignored but stay (tower-sessions' memory store).
    None,
    /// Deleted when a request happens to read one (express-session's MemoryStore).
    LazyOnRead,
    /// A periodic sweep, each interval scaled by a random 100% +- jitter
    /// (connect-pg-simple: every 15 min, 50% to 150%).
    Sweep {
        /// Seconds between sweeps before jitter.
        interval_secs: u64,
        /// Jitter in percent of the interval (0 to 100).
        jitter_percent: u8,
    },
    /// On each request, a sweep with probability 1 in `one_in` (PHP's
    /// session.gc_probability / gc_divisor: 1/100, 1/1000 in production).
    Probabilistic {
        /// The divisor.
        one_in: u32,
    },
    /// The store expires keys by itself (Redis TTL).
    Ttl,
}

/// The session middleware every server runs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionConfig {
    /// The session cookie.
    pub cookie: CookieSettings,
    /// Seconds of inactivity after which the session ends on the server.
    pub idle_timeout_secs: Option<u64>,
    /// Seconds after creation after which the session ends, active or not.
    pub absolute_timeout_secs: Option<u64>,
    /// Every request counts as activity: the store's expiry is moved even when
    /// nothing changed (express-session's touch, PHP's lazy_write timestamp).
    pub touch_every_request: bool,
    /// Re-send the cookie with a fresh Max-Age on every response.
    pub rolling: bool,
    /// When the session is written back.
    pub save: SavePolicy,
    /// When a visitor gets a session.
    pub create: CreatePolicy,
    /// Give the session a new ID when the user logs in.
    pub rotate_on_login: bool,
    /// What logout does.
    pub logout: LogoutPolicy,
    /// How IDs are made.
    pub id_generator: IdGenerator,
    /// Reject IDs the server never issued (strict) instead of adopting them.
    pub strict_ids: bool,
    /// Sign the ID in the cookie (`s:<id>.<signature>`, express-session).
    pub sign_id: bool,
    /// The signing secret (for signed IDs and signed-cookie sessions).
    pub secret: String,
    /// How expired sessions are cleaned up.
    pub cleanup: Cleanup,
    /// Every form of the shop carries an anti-CSRF token kept in the
    /// session; a form posted from another site lacks it and gets 403.
    #[serde(default)]
    pub csrf_token: bool,
    /// Give the session a new ID when the user confirms the password
    /// (a privilege change, like GitHub's "sudo mode").
    #[serde(default)]
    pub rotate_on_privilege_change: bool,
    /// The most sessions one user may have at once; logging in beyond it
    /// ends the least recently used ones. `None`: no limit.
    #[serde(default)]
    pub max_sessions_per_user: Option<u32>,
    /// Where the library behaves differently from the generic middleware
    /// (logout, expiry on read, outages...): see [`LibraryBehaviour`].
    #[serde(default)]
    pub library: LibraryBehaviour,
}

/// Settings of the shared cache store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheSettings {
    /// Memory limit in bytes (Redis maxmemory) before LRU eviction.
    pub memory_limit_bytes: u32,
    /// What survives a restart or a crash (Redis RDB/AOF).
    pub persistence: Persistence,
}

/// Everything that defines a world besides its seed and actions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorldConfig {
    /// Servers at start, 1 to 8.
    pub servers: u8,
    /// The session storage of the whole cluster.
    pub store: StoreKind,
    /// The load balancer's policy.
    pub balancing: Balancing,
    /// The session middleware.
    pub session: SessionConfig,
    /// The shared cache.
    pub cache: CacheSettings,
    /// Latencies of hops and store operations.
    pub costs: CostModel,
    /// The load balancer re-encrypts traffic to the servers (TLS all the
    /// way). False: TLS ends at the balancer and the hop to the servers is
    /// plain http, readable by anyone on that network.
    #[serde(default = "yes")]
    pub tls_to_servers: bool,
}

fn yes() -> bool {
    true
}

impl Default for SessionConfig {
    fn default() -> SessionConfig {
        SessionConfig {
            cookie: CookieSettings {
                name: "sid".into(),
                http_only: true,
                secure: true,
                same_site: Some(SameSite::Lax),
                max_age_secs: None,
                path: "/".into(),
                domain: None,
            },
            idle_timeout_secs: Some(30 * 60),
            absolute_timeout_secs: Some(8 * 3600),
            touch_every_request: true,
            rolling: false,
            save: SavePolicy::WhenModified,
            create: CreatePolicy::EveryVisitor,
            rotate_on_login: true,
            logout: LogoutPolicy::DestroyOnServer,
            id_generator: IdGenerator::DEFAULT,
            strict_ids: true,
            sign_id: false,
            secret: "keyboard cat".into(),
            cleanup: Cleanup::LazyOnRead,
            csrf_token: false,
            rotate_on_privilege_change: false,
            max_sessions_per_user: None,
            library: LibraryBehaviour::default(),
        }
    }
}

impl Default for WorldConfig {
    /// One server, in-memory sessions, round robin: where the course starts.
    fn default() -> WorldConfig {
        WorldConfig {
            servers: 1,
            store: StoreKind::InMemory,
            balancing: Balancing::RoundRobin,
            session: SessionConfig::default(),
            cache: CacheSettings { memory_limit_bytes: 64 * 1024, persistence: Persistence::None },
            costs: CostModel::default(),
            tls_to_servers: true,
        }
    }
}
