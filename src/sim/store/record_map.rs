//! The map of records that the server-side stores share: ordered by ID so
//! that listings and sweeps are deterministic.

use std::collections::BTreeMap;

use super::Loaded;
use crate::sim::ids::SessionId;
use crate::sim::session::SessionRecord;
use crate::sim::time::SimTime;

/// Records by session ID.
#[derive(Clone, Debug, Default)]
pub struct RecordMap {
    records: BTreeMap<SessionId, SessionRecord>,
}

impl RecordMap {
    /// An empty map.
    pub fn new() -> RecordMap {
        RecordMap::default()
    }
    /// Found, expired or missing, without deleting anything.
    pub fn load(&self, id: &SessionId, now: SimTime) -> Loaded {
        match self.records.get(id) {
            Some(r) if r.is_expired(now) => Loaded::Expired(r.clone()),
            Some(r) => Loaded::Found(r.clone()),
            None => Loaded::Missing,
        }
    }
    /// The record under `id`, if held.
    pub fn get(&self, id: &SessionId) -> Option<&SessionRecord> {
        self.records.get(id)
    }
    /// Inserts or replaces.
    pub fn save(&mut self, record: &SessionRecord) {
        match self.records.get_mut(&record.id) {
            Some(existing) => existing.clone_from(record),
            None => {
                self.records.insert(record.id.clone(), record.clone());
            }
        }
    }
    /// Removes; true if it was there.
    pub fn delete(&mut self, id: &SessionId) -> bool {
        self.records.remove(id).is_some()
    }
    /// Moves last access and expiry; true if it was there.
    pub fn touch(&mut self, id: &SessionId, last_access: SimTime, expires: SimTime) -> bool {
        match self.records.get_mut(id) {
            Some(r) => {
                r.last_access = last_access;
                r.expires = expires;
                true
            }
            None => false,
        }
    }
    /// Removes every expired record, returning their IDs in ID order.
    pub fn sweep_expired(&mut self, now: SimTime) -> Vec<SessionId> {
        let gone: Vec<SessionId> = self.records.values().filter(|r| r.is_expired(now)).map(|r| r.id.clone()).collect();
        for id in &gone {
            self.records.remove(id);
        }
        gone
    }
    /// Every record in ID order.
    pub fn entries(&self) -> Vec<&SessionRecord> {
        self.records.values().collect()
    }
    /// Every ID in ID order.
    pub fn ids(&self) -> impl Iterator<Item = &SessionId> {
        self.records.keys()
    }
    /// How many records.
    pub fn len(&self) -> usize {
        self.records.len()
    }
    /// True if empty.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
    /// Drops everything, returning the IDs that were held.
    pub fn clear(&mut self) -> Vec<SessionId> {
        let ids = self.records.keys().cloned().collect();
        self.records.clear();
        ids
    }
}
