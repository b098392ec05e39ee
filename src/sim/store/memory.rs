//! In-memory store: a map in one server's process memory. Fastest; gone
//! when the process restarts; other servers cannot see it.

use std::rc::Rc;

use super::{Loaded, RecordMap, Saved, SessionStore, StoreError};
use crate::sim::ids::SessionId;
use crate::sim::session::SessionRecord;
use crate::sim::time::SimTime;

/// Sessions in one server's process memory.
#[derive(Clone, Debug, Default)]
pub struct MemoryStore {
    map: RecordMap,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }
    /// The process ended: everything is gone. Returns what was held.
    pub fn wipe(&mut self) -> Vec<SessionId> {
        self.map.clear()
    }
    /// Holds a record the shared database holds too (a server's cache).
    pub(crate) fn save_shared(&mut self, record: Rc<SessionRecord>) {
        self.map.save_shared(record);
    }
    /// The map itself, to compare with the database's.
    pub(crate) fn map(&self) -> &RecordMap {
        &self.map
    }
}

impl SessionStore for MemoryStore {
    fn records(&self) -> Option<&RecordMap> {
        Some(&self.map)
    }
    fn load(&mut self, key: &SessionId, now: SimTime) -> Result<Loaded, StoreError> {
        Ok(self.map.load(key, now))
    }
    fn save(&mut self, record: &SessionRecord, _now: SimTime) -> Result<Saved, StoreError> {
        self.map.save(record);
        Ok(Saved::default())
    }
    fn delete(&mut self, key: &SessionId) -> Result<bool, StoreError> {
        Ok(self.map.delete(key))
    }
    fn touch(&mut self, key: &SessionId, last_access: SimTime, expires: SimTime) -> Result<bool, StoreError> {
        Ok(self.map.touch(key, last_access, expires, false))
    }
    fn sweep_expired(&mut self, now: SimTime) -> Vec<SessionId> {
        self.map.sweep_expired(now)
    }
}
