//! The map of records that the server-side stores share: a hash map for
//! lookups on every request, listed and swept in ID order so that screens
//! and events are deterministic.
//!
//! Records are reference-counted so that the shared database and a
//! server's cache in front of it can hold one record between them while
//! their copies are equal (see `CachedDatabase`). Every change goes through
//! copy-on-write: a map never sees a change made through another map.

use std::rc::Rc;

use super::Loaded;
use crate::sim::ids::{SessionId, SessionIdMap};
use crate::sim::session::SessionRecord;
use crate::sim::time::SimTime;

/// Records by session ID.
#[derive(Clone, Debug, Default)]
pub struct RecordMap {
    records: SessionIdMap<Rc<SessionRecord>>,
}

impl RecordMap {
    /// An empty map.
    pub fn new() -> RecordMap {
        RecordMap::default()
    }
    /// Found, expired or missing, without deleting anything.
    pub fn load(&self, id: &SessionId, now: SimTime) -> Loaded {
        match self.records.get(id) {
            Some(r) if r.is_expired(now) => Loaded::Expired(SessionRecord::clone(r)),
            Some(r) => Loaded::Found(SessionRecord::clone(r)),
            None => Loaded::Missing,
        }
    }
    /// The record under `id`, if held.
    pub fn get(&self, id: &SessionId) -> Option<&SessionRecord> {
        self.records.get(id).map(|r| &**r)
    }
    /// Inserts or replaces.
    pub fn save(&mut self, record: &SessionRecord) {
        match self.records.get_mut(&record.id) {
            // Held by this map alone: overwritten in place.
            Some(existing) => match Rc::get_mut(existing) {
                Some(mine) => mine.clone_from(record),
                None => *existing = Rc::new(record.clone()),
            },
            None => {
                self.records.insert(record.id.clone(), Rc::new(record.clone()));
            }
        }
    }
    /// The record under `id` itself, to be held by another map too.
    pub fn shared(&self, id: &SessionId) -> Option<Rc<SessionRecord>> {
        self.records.get(id).cloned()
    }
    /// Inserts or replaces with a record another map holds too.
    pub fn save_shared(&mut self, record: Rc<SessionRecord>) {
        self.records.insert(record.id.clone(), record);
    }
    /// Whether both maps hold the very same record under `id`.
    pub fn shares(&self, other: &RecordMap, id: &SessionId) -> bool {
        matches!((self.records.get(id), other.records.get(id)), (Some(a), Some(b)) if Rc::ptr_eq(a, b))
    }
    /// Removes; true if it was there.
    pub fn delete(&mut self, id: &SessionId) -> bool {
        self.records.remove(id).is_some()
    }
    /// Moves last access and expiry; true if it was there and touched. A
    /// record expired at `last_access` is touched only if `revive_expired`.
    pub fn touch(&mut self, id: &SessionId, last_access: SimTime, expires: SimTime, revive_expired: bool) -> bool {
        match self.records.get_mut(id) {
            Some(r) if !revive_expired && r.is_expired(last_access) => false,
            Some(r) => {
                let r = Rc::make_mut(r);
                r.last_access = last_access;
                r.expires = expires;
                true
            }
            None => false,
        }
    }
    /// Removes every expired record, returning their IDs in ID order.
    pub fn sweep_expired(&mut self, now: SimTime) -> Vec<SessionId> {
        let mut gone = Vec::new();
        self.records.retain(|id, r| {
            let expired = r.is_expired(now);
            if expired {
                gone.push(id.clone());
            }
            !expired
        });
        gone.sort_unstable();
        gone
    }
    /// The ID and creation time of every record expired at `now`, unordered.
    pub fn expired(&self, now: SimTime) -> Vec<(SessionId, SimTime)> {
        self.records.values().filter(|r| r.is_expired(now)).map(|r| (r.id.clone(), r.created)).collect()
    }
    /// Every record, in no particular order.
    pub fn values(&self) -> impl Iterator<Item = &SessionRecord> {
        self.records.values().map(|r| &**r)
    }
    /// Every ID, in no particular order.
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
    /// Drops everything, returning the IDs that were held, in ID order.
    pub fn clear(&mut self) -> Vec<SessionId> {
        let mut ids: Vec<SessionId> = self.records.drain().map(|(id, _)| id).collect();
        ids.sort_unstable();
        ids
    }
}
