//! The cluster: what the operator runs. The load balancer, the servers
//! (each with its memory, disk and local cache), the shared database and
//! cache, and the keys that seal signed cookies. It answers which store a
//! server uses ([`Cluster::store_for`], [`Cluster::reach`]) and keeps the
//! servers' process keys. Regions and a rate limiter's counters are meant
//! to live here too: a region is a group of servers with its balancer.

use crate::sim::balancer::LoadBalancer;
use crate::sim::config::{SessionConfig, WorldConfig};
use crate::sim::ids::ServerNumber;
use crate::sim::server::Server;
use crate::sim::store::{CacheStore, DatabaseStore, Reach, SessionStore, Sight, SignedCookieStore, StoreKind};
use crate::sim::time::SimTime;

/// How many ended processes' keys are kept to explain old cookies.
const RETIRED_KEYS_KEPT: usize = 32;

/// The balancer, the servers and the stores they share.
#[derive(Clone, Debug)]
pub(crate) struct Cluster {
    /// The load balancer in front of the servers.
    pub balancer: LoadBalancer,
    /// The servers, in number order.
    pub servers: Vec<Server>,
    /// The shared database.
    pub database: DatabaseStore,
    /// The shared cache.
    pub cache: CacheStore,
    /// The codec sealing signed cookies with the configured secret.
    pub cookie_store: SignedCookieStore,
    /// Keys of server processes that ended (when each process makes its own),
    /// the most recent last, kept only to explain a cookie none opens now.
    retired_keys: Vec<SignedCookieStore>,
}

impl Cluster {
    /// The cluster `config` describes, every server just started.
    pub fn new(config: &WorldConfig) -> Cluster {
        let servers = (1..=config.servers).map(|n| Server::new(ServerNumber(n), SimTime::ZERO)).collect();
        let session = &config.session;
        Cluster {
            balancer: LoadBalancer::new(),
            servers,
            database: DatabaseStore::new(),
            cache: CacheStore::new(config.cache.memory_limit_bytes as usize, config.cache.persistence),
            cookie_store: SignedCookieStore::sealed(
                session.secret.as_bytes(),
                session.cookie.name.len(),
                session.library.cookie_seal,
            ),
            retired_keys: Vec::new(),
        }
    }

    /// The position of server `n` in [`Cluster::servers`].
    pub fn server_index(&self, n: ServerNumber) -> Option<usize> {
        self.servers.iter().position(|s| s.number == n)
    }

    /// Every store server `idx` can change, its signed-cookie codec being
    /// its process's own key when each process makes one (see
    /// [`Cluster::make_process_key`]).
    pub fn reach(&mut self, idx: usize, key_per_process: bool) -> Reach<'_> {
        let s = &mut self.servers[idx];
        let cookies = match &mut s.process_key {
            Some((_, _, key)) if key_per_process => key,
            _ => &mut self.cookie_store,
        };
        Reach {
            memory: &mut s.memory,
            disk: &mut s.disk,
            local_cache: &mut s.local_cache,
            database: &mut self.database,
            cache: &mut self.cache,
            cookies,
        }
    }

    /// Every store server `s` can look at.
    pub fn sight<'a>(&'a self, s: &'a Server) -> Sight<'a> {
        Sight {
            memory: &s.memory,
            disk: &s.disk,
            database: &self.database,
            cache: &self.cache,
            cookies: &self.cookie_store,
        }
    }

    /// The store server `idx` uses under `kind`, to look at.
    pub fn store_for(&self, idx: usize, kind: StoreKind) -> &dyn SessionStore {
        kind.seen(self.sight(&self.servers[idx]))
    }

    /// Every store the cluster uses under `kind`: each server's for
    /// per-server stores, else the shared one.
    pub fn stores_in_use(&self, kind: StoreKind) -> Vec<&dyn SessionStore> {
        if kind.is_per_server() {
            self.servers.iter().map(|s| kind.seen(self.sight(s))).collect()
        } else {
            self.servers.first().map(|s| kind.seen(self.sight(s))).into_iter().collect()
        }
    }

    /// Runs `f` on every store the cluster uses under `kind` (each server's
    /// for per-server stores, else the shared one) and adds up what it
    /// says, without listing the stores first: every save asks.
    pub fn sum_over_stores(&self, kind: StoreKind, f: impl Fn(&dyn SessionStore) -> usize) -> usize {
        if kind.is_per_server() {
            self.servers.iter().map(|s| f(kind.seen(self.sight(s)))).sum()
        } else {
            self.servers.first().map_or(0, |s| f(kind.seen(self.sight(s))))
        }
    }

    /// Makes the key of server `idx`'s current process if it has none yet
    /// (each process its own, as `Key::generate()` at start does). Derived
    /// from the secret, the server and the process, so the world stays
    /// deterministic.
    pub fn make_process_key(&mut self, idx: usize, cfg: &SessionConfig) {
        let s = &self.servers[idx];
        let secret = format!("{}/server {}/process {}/instance {}", cfg.secret, s.number.0, s.process, s.instance);
        let current = |(p, made_from, store): &(u32, String, SignedCookieStore)| {
            *p == s.process && *made_from == secret && store.seal() == cfg.library.cookie_seal
        };
        if s.process_key.as_ref().is_some_and(current) {
            return;
        }
        let store = SignedCookieStore::sealed(secret.as_bytes(), cfg.cookie.name.len(), cfg.library.cookie_seal);
        self.retire_process_key(idx);
        self.servers[idx].process_key = Some((self.servers[idx].process, secret, store));
    }

    /// Keeps server `idx`'s process key, if it has one, among the retired
    /// ones: its cookies can still be explained.
    pub fn retire_process_key(&mut self, idx: usize) {
        if let Some((_, _, key)) = self.servers[idx].process_key.take() {
            if self.retired_keys.len() >= RETIRED_KEYS_KEPT {
                self.retired_keys.remove(0);
            }
            self.retired_keys.push(key);
        }
    }

    /// Every key that sealed a signed cookie and is not the shared one: the
    /// servers' processes' own, then the retired ones.
    pub fn process_keys(&self) -> impl Iterator<Item = &SignedCookieStore> {
        let live = self.servers.iter().filter_map(|s| s.process_key.as_ref().map(|(_, _, k)| k));
        live.chain(self.retired_keys.iter().rev())
    }

    /// The codec that writes the cookie value of server `idx` (its process's
    /// own key, or the shared one).
    pub fn cookie_codec(&self, idx: usize, key_per_process: bool) -> &SignedCookieStore {
        match &self.servers[idx].process_key {
            Some((_, _, store)) if key_per_process => store,
            _ => &self.cookie_store,
        }
    }
}
