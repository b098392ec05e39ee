//! Shared cache store, modelled on Redis used as a session store
//! (connect-redis): each key has a TTL and the cache expires keys itself;
//! a memory limit with `allkeys-lru` eviction pushes out the least recently
//! used sessions when full; a restart loses everything unless persistence is on.

use super::{Loaded, Saved, SessionStore, StoreError};
use crate::sim::ids::{SessionId, SessionIdMap};
use crate::sim::session::SessionRecord;
use crate::sim::time::SimTime;

/// Bytes a cache spends per key beyond the value (key object, dict entry,
/// expiry entry, LRU clock), roughly what Redis reports.
pub const PER_KEY_OVERHEAD: usize = 64;

/// One key. The record is boxed so that the map's slots stay small (the
/// bench's bytes per stored session); the bytes a key counts against the
/// limit are not stored but recomputed from the record, whose ID and data a
/// touch never changes. `used_at` is the key's LRU clock: there is no
/// separate LRU list, the least recently used key is found when the cache
/// is full (Redis itself keeps only a 24-bit clock per key, no list).
#[derive(Clone, Debug)]
struct Entry {
    record: Box<SessionRecord>,
    used_at: u64,
}

/// The shared cache.
#[derive(Clone, Debug)]
pub struct CacheStore {
    entries: SessionIdMap<Entry>,
    tick: u64,
    bytes: usize,
    limit: usize,
    persistence: bool,
    up: bool,
}

impl CacheStore {
    /// An empty cache holding at most `limit` bytes; `persistence` keeps the
    /// data across a restart (Redis with RDB/AOF).
    pub fn new(limit: usize, persistence: bool) -> CacheStore {
        CacheStore { entries: SessionIdMap::default(), tick: 0, bytes: 0, limit, persistence, up: true }
    }
    /// Bytes in use.
    pub fn bytes_used(&self) -> usize {
        self.bytes
    }
    /// The memory limit in bytes.
    pub fn limit(&self) -> usize {
        self.limit
    }
    /// Whether data survives a restart.
    pub fn persistence(&self) -> bool {
        self.persistence
    }
    /// Whether the cache answers.
    pub fn is_up(&self) -> bool {
        self.up
    }
    /// Takes the cache down or brings it back (data kept in memory meanwhile).
    pub fn set_up(&mut self, up: bool) {
        self.up = up;
    }
    /// Restarts the cache process: without persistence every key is lost.
    /// Returns the IDs lost.
    pub fn restart(&mut self) -> Vec<SessionId> {
        self.up = true;
        if self.persistence {
            return Vec::new();
        }
        self.wipe()
    }
    /// Throws everything away (the cluster stopped using this cache).
    /// Returns the IDs that were held.
    pub fn wipe(&mut self) -> Vec<SessionId> {
        let mut ids: Vec<SessionId> = self.entries.drain().map(|(id, _)| id).collect();
        ids.sort_unstable();
        self.bytes = 0;
        ids
    }
    /// The record under `id`, for the engine's bookkeeping (no LRU effect).
    pub fn peek(&self, id: &SessionId) -> Option<&SessionRecord> {
        self.entries.get(id).map(|e| &*e.record)
    }

    fn check(&self) -> Result<(), StoreError> {
        if self.up {
            Ok(())
        } else {
            Err(StoreError::Unavailable)
        }
    }

    /// The LRU clock's next reading, for a key used now.
    fn next_tick(&mut self) -> u64 {
        self.tick += 1;
        self.tick
    }

    fn remove(&mut self, id: &SessionId) -> bool {
        match self.entries.remove(id) {
            Some(e) => {
                self.bytes -= Self::size_of(&e.record);
                true
            }
            None => false,
        }
    }

    /// The least recently used key other than `keep`.
    fn least_recently_used(&self, keep: &SessionId) -> Option<SessionId> {
        self.entries.iter().filter(|(id, _)| *id != keep).min_by_key(|(_, e)| e.used_at).map(|(id, _)| id.clone())
    }

    fn size_of(record: &SessionRecord) -> usize {
        PER_KEY_OVERHEAD + record.id.as_str().len() + record.data.size_bytes()
    }
}

impl SessionStore for CacheStore {
    /// An expired key is reported once as expired and deleted, as Redis
    /// deletes an expired key when it is touched.
    fn load(&mut self, key: &SessionId, now: SimTime) -> Result<Loaded, StoreError> {
        self.check()?;
        let tick = self.next_tick();
        let Some(e) = self.entries.get_mut(key) else {
            return Ok(Loaded::Missing);
        };
        if e.record.is_expired(now) {
            let record = SessionRecord::clone(&e.record);
            self.remove(key);
            return Ok(Loaded::Expired(record));
        }
        e.used_at = tick;
        Ok(Loaded::Found(SessionRecord::clone(&e.record)))
    }

    fn save(&mut self, record: &SessionRecord, _now: SimTime) -> Result<Saved, StoreError> {
        self.check()?;
        let bytes = Self::size_of(record);
        if bytes > self.limit {
            // No eviction can make room: the write is refused and the
            // previous value under the key, if any, stays.
            return Err(StoreError::OutOfMemory { bytes, limit: self.limit });
        }
        let tick = self.next_tick();
        match self.entries.get_mut(&record.id) {
            // Overwritten in place: the boxed record is reused.
            Some(e) => {
                self.bytes -= Self::size_of(&e.record);
                (*e.record).clone_from(record);
                e.used_at = tick;
            }
            None => {
                self.entries.insert(record.id.clone(), Entry { record: Box::new(record.clone()), used_at: tick });
            }
        }
        self.bytes += bytes;
        let mut saved = Saved::default();
        while self.bytes > self.limit {
            let Some(victim) = self.least_recently_used(&record.id) else {
                break;
            };
            self.remove(&victim);
            saved.evicted.push(victim);
        }
        Ok(saved)
    }

    fn delete(&mut self, key: &SessionId) -> Result<bool, StoreError> {
        self.check()?;
        Ok(self.remove(key))
    }

    fn touch(&mut self, key: &SessionId, last_access: SimTime, expires: SimTime) -> Result<bool, StoreError> {
        self.check()?;
        let tick = self.next_tick();
        match self.entries.get_mut(key) {
            // The key's TTL ran out: for Redis there is no key to EXPIRE.
            Some(e) if e.record.is_expired(last_access) => Ok(false),
            Some(e) => {
                e.record.last_access = last_access;
                e.record.expires = expires;
                e.used_at = tick;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// Redis's own active expiry.
    fn sweep_expired(&mut self, now: SimTime) -> Vec<SessionId> {
        if !self.up {
            return Vec::new();
        }
        let mut gone: Vec<SessionId> =
            self.entries.values().filter(|e| e.record.is_expired(now)).map(|e| e.record.id.clone()).collect();
        gone.sort_unstable();
        for id in &gone {
            self.remove(id);
        }
        gone
    }

    fn expired(&self, now: SimTime) -> Vec<(SessionId, SimTime)> {
        self.entries
            .values()
            .filter(|e| e.record.is_expired(now))
            .map(|e| (e.record.id.clone(), e.record.created))
            .collect()
    }

    /// Every key's record, in ID order.
    fn entries(&self) -> Vec<&SessionRecord> {
        let mut all: Vec<&SessionRecord> = self.entries.values().map(|e| &*e.record).collect();
        all.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        all
    }

    fn len(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::session::SessionData;

    fn rec(id: &str) -> SessionRecord {
        SessionRecord {
            id: SessionId::new(id),
            data: SessionData::default(),
            created: SimTime::ZERO,
            last_access: SimTime::ZERO,
            expires: SimTime::NEVER,
            version: 1,
        }
    }

    #[test]
    fn a_full_cache_evicts_the_least_recently_used() {
        let one = CacheStore::size_of(&rec("a"));
        let mut c = CacheStore::new(one * 2, false);
        c.save(&rec("a"), SimTime::ZERO).unwrap();
        c.save(&rec("b"), SimTime::ZERO).unwrap();
        c.load(&SessionId::new("a"), SimTime::ZERO).unwrap(); // a is now fresher than b
        let saved = c.save(&rec("c"), SimTime::ZERO).unwrap();
        assert_eq!(saved.evicted, vec![SessionId::new("b")]);
        assert_eq!(c.len(), 2);
        assert!(c.bytes_used() <= c.limit());
    }

    #[test]
    fn restart_keeps_data_only_with_persistence() {
        let mut c = CacheStore::new(10_000, false);
        c.save(&rec("a"), SimTime::ZERO).unwrap();
        assert_eq!(c.restart(), vec![SessionId::new("a")]);
        assert!(c.is_empty());
        let mut p = CacheStore::new(10_000, true);
        p.save(&rec("a"), SimTime::ZERO).unwrap();
        assert!(p.restart().is_empty());
        assert_eq!(p.len(), 1);
    }
}
