//! The cost model: how long each hop and each store operation takes on the
//! simulated clock. Memory is fastest, then the local disk, then a network
//! round trip to the cache or the database.

use serde::{Deserialize, Serialize};

use super::config_error::ConfigError;
use super::store::StoreKind;
use super::time::SimTime;

/// Latencies in microseconds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostModel {
    /// Browser to load balancer, one way (the internet).
    pub browser_to_balancer_us: u64,
    /// Load balancer to a server, one way (the data centre network).
    pub balancer_to_server_us: u64,
    /// The shop's own work for one request.
    pub app_work_us: u64,
    /// One operation on process memory.
    pub memory_op_us: u64,
    /// One read or write of a file on the server's disk.
    pub disk_op_us: u64,
    /// One round trip to the shared cache.
    pub cache_op_us: u64,
    /// One round trip to the shared database.
    pub database_op_us: u64,
    /// Signing or verifying a cookie (HMAC).
    pub sign_op_us: u64,
}

impl Default for CostModel {
    fn default() -> CostModel {
        CostModel {
            browser_to_balancer_us: 10_000,
            balancer_to_server_us: 250,
            app_work_us: 1_000,
            memory_op_us: 2,
            disk_op_us: 150,
            cache_op_us: 400,
            database_op_us: 2_000,
            sign_op_us: 20,
        }
    }
}

impl CostModel {
    /// The time one store operation takes; `cache_hit` is for the cached
    /// database, whose reads may be answered by the server's own cache.
    pub fn store_op(&self, kind: StoreKind, cache_hit: bool) -> SimTime {
        SimTime::micros(match kind {
            StoreKind::InMemory => self.memory_op_us,
            StoreKind::File => self.disk_op_us,
            StoreKind::Database => self.database_op_us,
            StoreKind::Cache => self.cache_op_us,
            StoreKind::CachedDatabase if cache_hit => self.memory_op_us,
            StoreKind::CachedDatabase => self.database_op_us,
            StoreKind::SignedCookie => self.sign_op_us,
        })
    }

    /// Checks that every latency is at most one minute.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let all = [
            self.browser_to_balancer_us,
            self.balancer_to_server_us,
            self.app_work_us,
            self.memory_op_us,
            self.disk_op_us,
            self.cache_op_us,
            self.database_op_us,
            self.sign_op_us,
        ];
        if all.iter().any(|&us| us > 60_000_000) {
            return Err(ConfigError::new("Latency", "at most one minute per hop or operation"));
        }
        Ok(())
    }
}
