//! The shared database with a cache inside each server in front of it:
//! reads come from the server's own cache when it has the session
//! (read-through), writes go to the database and the cache together
//! (write-through). Fast, but a server's cache does not learn that another
//! server changed the session, so it can serve stale data.
//!
//! While a server's copy equals the database's row, both hold one shared
//! record instead of two equal ones; a change to either is copy-on-write.

use super::{DatabaseStore, Loaded, MemoryStore, RecordMap, Saved, SessionStore, StoreError};
use crate::sim::ids::SessionId;
use crate::sim::session::SessionRecord;
use crate::sim::time::SimTime;

/// One server's view: its local cache over the shared database.
#[derive(Debug)]
pub struct CachedDatabase<'a> {
    /// The server's own cache (process memory: lost on restart).
    pub local: &'a mut MemoryStore,
    /// The shared database.
    pub database: &'a mut DatabaseStore,
    /// Whether the last load was answered by the local cache.
    pub last_load_hit_cache: bool,
}

impl<'a> CachedDatabase<'a> {
    /// Puts a server's cache in front of the database.
    pub fn new(local: &'a mut MemoryStore, database: &'a mut DatabaseStore) -> CachedDatabase<'a> {
        CachedDatabase { local, database, last_load_hit_cache: false }
    }
}

impl CachedDatabase<'_> {
    /// The server's cache takes the database's row for `key` as it is now.
    fn cache_row(&mut self, key: &SessionId) {
        if let Some(row) = self.database.shared_row(key) {
            self.local.save_shared(row);
        }
    }
}

impl SessionStore for CachedDatabase<'_> {
    /// The database's rows: the truth, whatever the server's cache holds.
    fn records(&self) -> Option<&RecordMap> {
        Some(self.database.rows())
    }
    fn load(&mut self, key: &SessionId, now: SimTime) -> Result<Loaded, StoreError> {
        if let Ok(Loaded::Found(r)) = self.local.load(key, now) {
            self.last_load_hit_cache = true;
            return Ok(Loaded::Found(r));
        }
        self.last_load_hit_cache = false;
        let loaded = self.database.load(key, now)?;
        match &loaded {
            Loaded::Found(_) => self.cache_row(key),
            _ => {
                self.local.delete(key)?;
            }
        }
        Ok(loaded)
    }
    fn save(&mut self, record: &SessionRecord, now: SimTime) -> Result<Saved, StoreError> {
        let saved = self.database.save(record, now)?;
        self.cache_row(&record.id);
        Ok(saved)
    }
    fn delete(&mut self, key: &SessionId) -> Result<bool, StoreError> {
        let was = self.database.delete(key)?;
        self.local.delete(key)?;
        Ok(was)
    }
    fn touch(&mut self, key: &SessionId, last_access: SimTime, expires: SimTime) -> Result<bool, StoreError> {
        let same = self.local.map().shares(self.database.rows(), key);
        if same && self.database.is_up() {
            // The server's copy is the row itself: let go of it first, so the
            // row is touched in place instead of copied, then share it again.
            self.local.delete(key)?;
        }
        let was = self.database.touch(key, last_access, expires)?;
        if same {
            // Touching both copies would leave them equal: share the touched row.
            self.cache_row(key);
        } else {
            self.local.touch(key, last_access, expires)?;
        }
        Ok(was)
    }
    fn sweep_expired(&mut self, now: SimTime) -> Vec<SessionId> {
        self.local.sweep_expired(now);
        self.database.sweep_expired(now)
    }
}
