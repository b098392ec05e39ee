//! The shared database with a cache inside each server in front of it:
//! reads come from the server's own cache when it has the session
//! (read-through), writes go to the database and the cache together
//! (write-through). Fast, but a server's cache does not learn that another
//! server changed the session, so it can serve stale data.

use super::{DatabaseStore, Loaded, MemoryStore, Saved, SessionStore, StoreError};
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

impl SessionStore for CachedDatabase<'_> {
    fn load(&mut self, key: &SessionId, now: SimTime) -> Result<Loaded, StoreError> {
        if let Ok(Loaded::Found(r)) = self.local.load(key, now) {
            self.last_load_hit_cache = true;
            return Ok(Loaded::Found(r));
        }
        self.last_load_hit_cache = false;
        let loaded = self.database.load(key, now)?;
        match &loaded {
            Loaded::Found(r) => {
                self.local.save(r, now)?;
            }
            _ => {
                self.local.delete(key)?;
            }
        }
        Ok(loaded)
    }
    fn save(&mut self, record: &SessionRecord, now: SimTime) -> Result<Saved, StoreError> {
        let saved = self.database.save(record, now)?;
        self.local.save(record, now)?;
        Ok(saved)
    }
    fn delete(&mut self, key: &SessionId) -> Result<bool, StoreError> {
        let was = self.database.delete(key)?;
        self.local.delete(key)?;
        Ok(was)
    }
    fn touch(&mut self, key: &SessionId, last_access: SimTime, expires: SimTime) -> Result<bool, StoreError> {
        let was = self.database.touch(key, last_access, expires)?;
        self.local.touch(key, last_access, expires)?;
        Ok(was)
    }
    fn sweep_expired(&mut self, now: SimTime) -> Vec<SessionId> {
        self.local.sweep_expired(now);
        self.database.sweep_expired(now)
    }
    fn entries(&self) -> Vec<&SessionRecord> {
        self.database.entries()
    }
    fn len(&self) -> usize {
        self.database.len()
    }
}
