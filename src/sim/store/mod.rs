//! Session stores: where session data lives.
//!
//! Every backend implements the small [`SessionStore`] trait and passes the
//! same conformance suite (`tests/store_conformance.rs`). Where a store lives
//! (one per server, or one shared by the cluster) is decided by the world, not
//! by the store: see [`StoreKind`].

mod cache;
mod cached_database;
mod database;
mod file;
mod memory;
mod persistence;
mod placement;
mod record_map;
mod signed_cookie;

pub use cache::CacheStore;
pub use cached_database::CachedDatabase;
pub use database::DatabaseStore;
pub use file::FileStore;
pub use memory::MemoryStore;
pub use persistence::Persistence;
pub use placement::{ClusterStore, Reach, Sight};
pub use record_map::RecordMap;
pub use signed_cookie::{CookieSeal, SignedCookieStore, COOKIE_SIZE_LIMIT};

use serde::{Deserialize, Serialize};
use std::fmt;

use super::ids::SessionId;
use super::session::SessionRecord;
use super::time::SimTime;

/// What a load found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Loaded {
    /// A live session.
    Found(SessionRecord),
    /// A record that is past its expiry time. The store still holds it
    /// (hidden, like tower-sessions' memory store) until someone deletes or
    /// sweeps it.
    Expired(SessionRecord),
    /// Nothing under that ID.
    Missing,
}

/// Why a store could not do what was asked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoreError {
    /// The store is down (a database or cache outage). The request fails
    /// with 503; the session itself is not lost.
    Unavailable,
    /// The session does not fit (a cookie over the browser's 4096-byte limit).
    TooLarge {
        /// Size it would have had.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// The cookie's signature does not match: forged, or the secret changed.
    BadSignature,
    /// The record is bigger than the cache's whole memory limit: Redis
    /// answers "OOM command not allowed" and stores nothing.
    OutOfMemory {
        /// Bytes the key would use.
        bytes: usize,
        /// The memory limit.
        limit: usize,
    },
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Unavailable => f.write_str("the session store is unavailable"),
            StoreError::TooLarge { bytes, limit } => {
                write!(f, "the session needs {bytes} bytes, over the {limit}-byte limit")
            }
            StoreError::BadSignature => f.write_str("the signature does not match"),
            StoreError::OutOfMemory { bytes, limit } => {
                write!(f, "OOM: the session needs {bytes} bytes, over the cache's {limit}-byte memory limit")
            }
        }
    }
}

/// What a save did besides storing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Saved {
    /// For stores that keep the session in the cookie: the new cookie value.
    /// `None` for server-side stores, whose cookie carries the session ID.
    pub cookie_value: Option<SessionId>,
    /// Sessions pushed out to make room (a full cache), oldest use first.
    pub evicted: Vec<SessionId>,
}

/// The interface every session store implements. Small on purpose: load,
/// save, delete, touch, sweep, and a listing for the inspector.
///
/// `key` is what the session cookie carries: the session ID for server-side
/// stores, the signed data itself for the cookie store.
pub trait SessionStore {
    /// Looks a session up. Does not delete expired records.
    fn load(&mut self, key: &SessionId, now: SimTime) -> Result<Loaded, StoreError>;
    /// Stores the record under its ID, replacing any previous version.
    fn save(&mut self, record: &SessionRecord, now: SimTime) -> Result<Saved, StoreError>;
    /// Removes a session; true if it was there.
    fn delete(&mut self, key: &SessionId) -> Result<bool, StoreError>;
    /// Moves a session's last access (`last_access` is now) and expiry
    /// without rewriting its data; true if it was there and touched. A record
    /// already past its expiry is not brought back by the memory store or the
    /// cache (express's MemoryStore drops it on touch; Redis's EXPIRE finds
    /// no key), but is by the database and the file store, which have no
    /// expiry of their own until a sweep deletes the row or file
    /// (connect-pg-simple's touch is `UPDATE ... WHERE sid = $1`; PHP only
    /// refreshes the file's time).
    fn touch(&mut self, key: &SessionId, last_access: SimTime, expires: SimTime) -> Result<bool, StoreError>;
    /// Deletes every expired record and returns their IDs.
    fn sweep_expired(&mut self, now: SimTime) -> Vec<SessionId>;
    /// The records it holds, for a store that keeps them in a [`RecordMap`]
    /// (memory, disk, database): `get`, `entries`, `expired` and `len` read
    /// them unless the store says otherwise.
    fn records(&self) -> Option<&RecordMap> {
        None
    }
    /// The record under `key`, expired or not, without counting as a use
    /// (for the engine's bookkeeping and explanations). `None` for a store
    /// that keeps nothing on the server.
    fn get(&self, key: &SessionId) -> Option<&SessionRecord> {
        self.records()?.get(key)
    }
    /// Whether a record is held under `key`.
    fn contains(&self, key: &SessionId) -> bool {
        self.get(key).is_some()
    }
    /// Every record held, expired ones included, in a stable order.
    fn entries(&self) -> Vec<&SessionRecord> {
        self.first_entries(usize::MAX)
    }
    /// The first `n` records of [`SessionStore::entries`], found without
    /// ordering the rest (the picture and the inspector draw a few of many).
    fn first_entries(&self, n: usize) -> Vec<&SessionRecord> {
        self.records().map(|m| first_by_id(m.values(), n)).unwrap_or_default()
    }
    /// The ID and creation time of every record expired at `now`, in no
    /// particular order (what a sweep is about to delete, for its report).
    fn expired(&self, now: SimTime) -> Vec<(SessionId, SimTime)> {
        match self.records() {
            Some(map) => map.expired(now),
            None => {
                self.entries().into_iter().filter(|r| r.is_expired(now)).map(|r| (r.id.clone(), r.created)).collect()
            }
        }
    }
    /// How many records are held, expired ones included.
    fn len(&self) -> usize {
        self.records().map_or(0, RecordMap::len)
    }
    /// True if nothing is held.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// False for a store that keeps nothing on the server (signed cookies):
    /// it cannot revoke a session before it expires, and touching it means
    /// issuing a new cookie.
    fn keeps_state_on_server(&self) -> bool {
        true
    }
}

/// The session storage the whole cluster uses: one kind at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StoreKind {
    /// Each server's process memory: fast, lost on restart, not shared.
    InMemory,
    /// One file per session on each server's own disk (PHP's `sess_<id>`):
    /// survives a restart, not shared, lost when the server is replaced.
    File,
    /// One shared table (connect-pg-simple's `sid, sess, expire`): shared,
    /// survives every app-server event, has outages of its own.
    Database,
    /// A shared cache like Redis: TTL per key, memory limit with LRU
    /// eviction, a restart loses everything unless persistence is on.
    Cache,
    /// The shared database with a read-through, write-through cache in each
    /// server (Django's cached_db, but per server): fast, can read stale data.
    CachedDatabase,
    /// No server-side state: the data itself travels in a signed cookie.
    SignedCookie,
}

impl StoreKind {
    /// Every kind, in the order the UI lists them.
    pub const ALL: [StoreKind; 6] = [
        StoreKind::InMemory,
        StoreKind::File,
        StoreKind::Database,
        StoreKind::Cache,
        StoreKind::CachedDatabase,
        StoreKind::SignedCookie,
    ];
    /// The name the learner sees.
    pub fn label(self) -> &'static str {
        match self {
            StoreKind::InMemory => "In-memory",
            StoreKind::File => "File",
            StoreKind::Database => "Shared database",
            StoreKind::Cache => "Shared cache",
            StoreKind::CachedDatabase => "Database with local caches",
            StoreKind::SignedCookie => "Signed cookie",
        }
    }
    /// What choosing this store means, in one line (the settings panel's hint).
    pub fn in_one_line(self) -> &'static str {
        match self {
            StoreKind::InMemory => "Each server keeps sessions in its own process memory: fast, lost on restart, not shared.",
            StoreKind::File => "One file per session on each server's own disk: survives a restart, not shared, gone with a replaced server.",
            StoreKind::Database => "One table every server reads and writes: survives any app-server event; the database can go down.",
            StoreKind::Cache => "A shared in-memory cache with a TTL per key and a memory limit (LRU eviction); a restart loses it without persistence.",
            StoreKind::CachedDatabase => "The shared database with a cache in each server: fast reads, but a server can serve a stale copy.",
            StoreKind::SignedCookie => "No server-side state: the session travels in a signed cookie; it cannot be revoked and must fit in 4096 bytes.",
        }
    }
    /// Position in [`StoreKind::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
    /// True when one store is shared by every server.
    pub fn is_shared(self) -> bool {
        matches!(self, StoreKind::Database | StoreKind::Cache | StoreKind::CachedDatabase)
    }
    /// True when each server keeps a cache of sessions of its own (in front
    /// of the shared database).
    pub fn has_local_cache(self) -> bool {
        self == StoreKind::CachedDatabase
    }
}

/// The `n` records of `records` with the smallest IDs, in ID order: those
/// are found first, so only they are sorted.
pub fn first_by_id<'a>(records: impl Iterator<Item = &'a SessionRecord>, n: usize) -> Vec<&'a SessionRecord> {
    let mut all: Vec<&SessionRecord> = records.collect();
    if n < all.len() {
        all.select_nth_unstable_by(n, |a, b| a.id.cmp(&b.id));
        all.truncate(n);
    }
    all.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    all
}
