//! File store: one file per session on a server's own disk, named like PHP's
//! `sess_<id>`. Survives a process restart (the disk is still there); other
//! servers cannot read it; a replaced server starts with an empty disk.

use super::{Loaded, RecordMap, Saved, SessionStore, StoreError};
use crate::sim::ids::SessionId;
use crate::sim::session::SessionRecord;
use crate::sim::time::SimTime;

/// Session files on one server's disk.
#[derive(Clone, Debug, Default)]
pub struct FileStore {
    files: RecordMap,
}

impl FileStore {
    /// An empty directory.
    pub fn new() -> FileStore {
        FileStore::default()
    }
    /// The file that holds session `id`, as PHP names it.
    pub fn file_name(id: &SessionId) -> String {
        format!("sess_{id}")
    }
    /// The disk was thrown away (the server was replaced). Returns what was held.
    pub fn wipe(&mut self) -> Vec<SessionId> {
        self.files.clear()
    }
}

impl SessionStore for FileStore {
    fn records(&self) -> Option<&RecordMap> {
        Some(&self.files)
    }
    fn load(&mut self, key: &SessionId, now: SimTime) -> Result<Loaded, StoreError> {
        Ok(self.files.load(key, now))
    }
    fn save(&mut self, record: &SessionRecord, _now: SimTime) -> Result<Saved, StoreError> {
        self.files.save(record);
        Ok(Saved::default())
    }
    fn delete(&mut self, key: &SessionId) -> Result<bool, StoreError> {
        Ok(self.files.delete(key))
    }
    fn touch(&mut self, key: &SessionId, last_access: SimTime, expires: SimTime) -> Result<bool, StoreError> {
        Ok(self.files.touch(key, last_access, expires, true))
    }
    fn sweep_expired(&mut self, now: SimTime) -> Vec<SessionId> {
        self.files.sweep_expired(now)
    }
}
