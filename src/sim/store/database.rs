//! Shared database store: one table `session (sid, sess, expire)` as
//! connect-pg-simple creates it. Every server sees every row; app-server
//! restarts do not touch it; the database can be down, and then every
//! operation fails with [`StoreError::Unavailable`].

use std::rc::Rc;

use super::{Loaded, RecordMap, Saved, SessionStore, StoreError};
use crate::sim::ids::SessionId;
use crate::sim::session::SessionRecord;
use crate::sim::time::SimTime;

/// The shared session table.
#[derive(Clone, Debug)]
pub struct DatabaseStore {
    rows: RecordMap,
    up: bool,
}

impl Default for DatabaseStore {
    fn default() -> DatabaseStore {
        DatabaseStore { rows: RecordMap::new(), up: true }
    }
}

impl DatabaseStore {
    /// An empty table, database up.
    pub fn new() -> DatabaseStore {
        DatabaseStore::default()
    }
    /// Whether the database answers.
    pub fn is_up(&self) -> bool {
        self.up
    }
    /// Takes the database down or brings it back. Rows are durable either way.
    pub fn set_up(&mut self, up: bool) {
        self.up = up;
    }
    /// The row for `id`, read by the engine's own bookkeeping (no outage applies).
    pub fn peek(&self, id: &SessionId) -> Option<&SessionRecord> {
        self.rows.get(id)
    }
    /// The row for `id` itself, for a server's cache to hold too (no outage
    /// applies: the caller has just read or written it).
    pub(crate) fn shared_row(&self, id: &SessionId) -> Option<Rc<SessionRecord>> {
        self.rows.shared(id)
    }
    /// The table itself, to compare with a server's cache.
    pub(crate) fn rows(&self) -> &RecordMap {
        &self.rows
    }
    fn check(&self) -> Result<(), StoreError> {
        if self.up {
            Ok(())
        } else {
            Err(StoreError::Unavailable)
        }
    }
}

impl SessionStore for DatabaseStore {
    fn records(&self) -> Option<&RecordMap> {
        Some(&self.rows)
    }
    fn load(&mut self, key: &SessionId, now: SimTime) -> Result<Loaded, StoreError> {
        self.check()?;
        Ok(self.rows.load(key, now))
    }
    fn save(&mut self, record: &SessionRecord, _now: SimTime) -> Result<Saved, StoreError> {
        self.check()?;
        self.rows.save(record);
        Ok(Saved::default())
    }
    fn delete(&mut self, key: &SessionId) -> Result<bool, StoreError> {
        self.check()?;
        Ok(self.rows.delete(key))
    }
    fn touch(&mut self, key: &SessionId, last_access: SimTime, expires: SimTime) -> Result<bool, StoreError> {
        self.check()?;
        Ok(self.rows.touch(key, last_access, expires, true))
    }
    /// `DELETE FROM session WHERE expire < now()`; nothing while down.
    fn sweep_expired(&mut self, now: SimTime) -> Vec<SessionId> {
        if self.up {
            self.rows.sweep_expired(now)
        } else {
            Vec::new()
        }
    }
}
