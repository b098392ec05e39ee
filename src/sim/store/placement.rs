//! Which store a server reaches under each store kind: its own memory, its
//! own disk, its cache in front of the shared database, the shared database,
//! the shared cache, or the cookie codec. The world hands a server's stores
//! over as a [`Reach`] (to change them) or a [`Sight`] (to look), and this
//! module alone picks by kind, so a new store is one new arm here.

use super::{
    CacheStore, CachedDatabase, DatabaseStore, FileStore, Loaded, MemoryStore, SessionStore, SignedCookieStore,
    StoreError, StoreKind,
};
use crate::sim::ids::{ServerNumber, SessionId};
use crate::sim::time::SimTime;

/// Every store one server can change: its own and the cluster's.
pub struct Reach<'a> {
    /// Its process memory.
    pub memory: &'a mut MemoryStore,
    /// Its disk.
    pub disk: &'a mut FileStore,
    /// Its cache in front of the shared database.
    pub local_cache: &'a mut MemoryStore,
    /// The shared database.
    pub database: &'a mut DatabaseStore,
    /// The shared cache.
    pub cache: &'a mut CacheStore,
    /// The signed-cookie codec it uses.
    pub cookies: &'a mut SignedCookieStore,
}

/// Every store one server can look at: its own and the cluster's.
#[derive(Clone, Copy)]
pub struct Sight<'a> {
    /// Its process memory.
    pub memory: &'a MemoryStore,
    /// Its disk.
    pub disk: &'a FileStore,
    /// The shared database.
    pub database: &'a DatabaseStore,
    /// The shared cache.
    pub cache: &'a CacheStore,
    /// The signed-cookie codec.
    pub cookies: &'a SignedCookieStore,
}

/// A store the whole cluster shares, with outages of its own: the
/// database and the cache.
pub trait ClusterStore: SessionStore {
    /// "database" or "cache", as the buttons name it.
    fn name(&self) -> &'static str;
    /// Whether it answers.
    fn is_up(&self) -> bool;
    /// Takes it down or brings it back (what it holds stays meanwhile).
    fn set_up(&mut self, up: bool);
    /// Restarted cleanly; returns the sessions lost.
    fn restart(&mut self, now: SimTime) -> Vec<SessionId>;
    /// Killed and started again; returns the sessions lost.
    fn crash(&mut self, now: SimTime) -> Vec<SessionId>;
}

/// A database keeps its rows across a restart and a crash: they are on
/// disk, and its write-ahead log replays the rest (measured: PostgreSQL 15,
/// `pg_ctl restart -m fast` and `stop -m immediate`, tools/reality/).
impl ClusterStore for DatabaseStore {
    fn name(&self) -> &'static str {
        "database"
    }
    fn is_up(&self) -> bool {
        DatabaseStore::is_up(self)
    }
    fn set_up(&mut self, up: bool) {
        DatabaseStore::set_up(self, up);
    }
    fn restart(&mut self, _now: SimTime) -> Vec<SessionId> {
        DatabaseStore::set_up(self, true);
        Vec::new()
    }
    fn crash(&mut self, now: SimTime) -> Vec<SessionId> {
        ClusterStore::restart(self, now)
    }
}

impl ClusterStore for CacheStore {
    fn name(&self) -> &'static str {
        "cache"
    }
    fn is_up(&self) -> bool {
        CacheStore::is_up(self)
    }
    fn set_up(&mut self, up: bool) {
        CacheStore::set_up(self, up);
    }
    fn restart(&mut self, now: SimTime) -> Vec<SessionId> {
        CacheStore::restart(self, now)
    }
    fn crash(&mut self, now: SimTime) -> Vec<SessionId> {
        CacheStore::crash(self, now)
    }
}

impl StoreKind {
    /// The shared store of this kind, to change it (`None`: the servers keep
    /// sessions on their own, or in cookies).
    pub fn shared_mut(self, r: Reach<'_>) -> Option<&mut dyn ClusterStore> {
        match self {
            StoreKind::Database | StoreKind::CachedDatabase => Some(r.database),
            StoreKind::Cache => Some(r.cache),
            StoreKind::InMemory | StoreKind::File | StoreKind::SignedCookie => None,
        }
    }

    /// The shared store of this kind, to look at.
    pub fn shared_seen(self, s: Sight<'_>) -> Option<&dyn ClusterStore> {
        match self {
            StoreKind::Database | StoreKind::CachedDatabase => Some(s.database),
            StoreKind::Cache => Some(s.cache),
            StoreKind::InMemory | StoreKind::File | StoreKind::SignedCookie => None,
        }
    }

    /// True when each server keeps its own sessions (memory, disk), so the
    /// cluster's sessions are the sum of every server's.
    pub fn is_per_server(self) -> bool {
        matches!(self, StoreKind::InMemory | StoreKind::File)
    }

    /// Runs `f` on the store a server uses under this kind.
    pub fn with<R>(self, r: Reach<'_>, f: impl FnOnce(&mut dyn SessionStore) -> R) -> R {
        match self {
            StoreKind::InMemory => f(r.memory),
            StoreKind::File => f(r.disk),
            StoreKind::Database => f(r.database),
            StoreKind::Cache => f(r.cache),
            StoreKind::CachedDatabase => f(&mut CachedDatabase::new(r.local_cache, r.database)),
            StoreKind::SignedCookie => f(r.cookies),
        }
    }

    /// Loads a session as a server does under this kind; the flag says
    /// whether the server's own cache answered (the cached database).
    pub fn load(self, r: Reach<'_>, key: &SessionId, now: SimTime) -> (Result<Loaded, StoreError>, bool) {
        if self == StoreKind::CachedDatabase {
            let mut view = CachedDatabase::new(r.local_cache, r.database);
            let loaded = view.load(key, now);
            return (loaded, view.last_load_hit_cache);
        }
        (self.with(r, |s| s.load(key, now)), false)
    }

    /// The store that holds the truth, to change it directly (a sweep): for
    /// the cached database, the database itself, not the server's copies.
    pub fn truth(self, r: Reach<'_>) -> &mut dyn SessionStore {
        match self {
            StoreKind::InMemory => r.memory,
            StoreKind::File => r.disk,
            StoreKind::Database | StoreKind::CachedDatabase => r.database,
            StoreKind::Cache => r.cache,
            StoreKind::SignedCookie => r.cookies,
        }
    }

    /// The store that holds the truth for a server under this kind (for the
    /// cached database, the database itself).
    pub fn seen(self, s: Sight<'_>) -> &dyn SessionStore {
        match self {
            StoreKind::InMemory => s.memory,
            StoreKind::File => s.disk,
            StoreKind::Database | StoreKind::CachedDatabase => s.database,
            StoreKind::Cache => s.cache,
            StoreKind::SignedCookie => s.cookies,
        }
    }

    /// What the store inspector calls this kind's store (of `server`, for
    /// the per-server ones).
    pub fn title(self, server: Option<ServerNumber>) -> String {
        match (self, server) {
            (StoreKind::InMemory, Some(n)) => format!("{n}: process memory"),
            (StoreKind::File, Some(n)) => format!("{n}: disk"),
            (StoreKind::CachedDatabase, Some(n)) => format!("{n}: local cache"),
            (StoreKind::Database | StoreKind::CachedDatabase, _) => "shared database: table session".into(),
            (StoreKind::Cache, _) => "shared cache".into(),
            (StoreKind::SignedCookie, _) => "nothing on the server: each session lives in its browser's cookie".into(),
            (StoreKind::InMemory | StoreKind::File, None) => self.label().into(),
        }
    }
}
