//! Shared cache store, modelled on Redis used as a session store
//! (connect-redis): each key has a TTL and the cache expires keys itself;
//! a memory limit with `allkeys-lru` eviction pushes out the least recently
//! used sessions when full. What a restart or a crash keeps depends on the
//! persistence setting: nothing; RDB snapshots, written by Redis 7.0's default
//! save rules and at a clean shutdown (a crash loses what the last snapshot
//! missed); or an append-only file (a crash keeps everything). Measured on
//! redis-server 7.0.15 with Debian's config (`tools/reality/`: restart-store,
//! crash-store, cache-shutdown-nosave, crash-cache-aof).

use super::{Loaded, Persistence, Saved, SessionStore, StoreError};
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

/// Redis 7.0's default save rules (`save 3600 1 300 100 60 10000`, kept by
/// Debian's `/etc/redis/redis.conf`): a snapshot is written when at least
/// that many seconds have passed since the last one and at least that many
/// keys changed.
pub const SAVE_RULES: [(u64, u64); 3] = [(3600, 1), (300, 100), (60, 10_000)];

/// The last RDB snapshot: the keys as they were when it was written.
#[derive(Clone, Debug, Default)]
struct Snapshot {
    entries: SessionIdMap<Entry>,
    bytes: usize,
    taken: SimTime,
}

/// The shared cache.
#[derive(Clone, Debug)]
pub struct CacheStore {
    entries: SessionIdMap<Entry>,
    tick: u64,
    bytes: usize,
    limit: usize,
    persistence: Persistence,
    up: bool,
    /// The last snapshot (snapshot persistence only).
    snapshot: Snapshot,
    /// Keys changed since the last snapshot (Redis's `dirty` counter).
    changes: u64,
}

impl CacheStore {
    /// An empty cache holding at most `limit` bytes, keeping what
    /// `persistence` keeps across a restart or a crash.
    pub fn new(limit: usize, persistence: Persistence) -> CacheStore {
        CacheStore {
            entries: SessionIdMap::default(),
            tick: 0,
            bytes: 0,
            limit,
            persistence,
            up: true,
            snapshot: Snapshot::default(),
            changes: 0,
        }
    }
    /// Bytes in use.
    pub fn bytes_used(&self) -> usize {
        self.bytes
    }
    /// The memory limit in bytes.
    pub fn limit(&self) -> usize {
        self.limit
    }
    /// What survives a restart or a crash.
    pub fn persistence(&self) -> Persistence {
        self.persistence
    }
    /// When the last snapshot was written, if one was.
    pub fn last_snapshot(&self) -> Option<SimTime> {
        (self.persistence == Persistence::Snapshots && self.snapshot.taken > SimTime::ZERO)
            .then_some(self.snapshot.taken)
    }
    /// Whether the cache answers.
    pub fn is_up(&self) -> bool {
        self.up
    }
    /// Takes the cache down or brings it back (data kept in memory meanwhile).
    pub fn set_up(&mut self, up: bool) {
        self.up = up;
    }
    /// Restarts the cache process cleanly (`redis-cli shutdown`, which writes
    /// a snapshot when save rules are configured): only without persistence
    /// is every key lost. Returns the IDs lost.
    pub fn restart(&mut self, now: SimTime) -> Vec<SessionId> {
        self.up = true;
        match self.persistence {
            Persistence::None => self.wipe(),
            Persistence::AppendOnly => Vec::new(),
            Persistence::Snapshots => {
                self.snapshot = Snapshot { entries: self.entries.clone(), bytes: self.bytes, taken: now };
                self.changes = 0;
                Vec::new()
            }
        }
    }

    /// The cache process is killed (`kill -9`, `shutdown nosave`) and started
    /// again at `now`: with no persistence every key is lost; with snapshots
    /// the keys come back as the last snapshot had them, so what changed
    /// since is lost; with an append-only file everything comes back.
    /// Returns the IDs lost.
    pub fn crash(&mut self, now: SimTime) -> Vec<SessionId> {
        self.up = true;
        match self.persistence {
            Persistence::None => self.wipe(),
            Persistence::AppendOnly => Vec::new(),
            Persistence::Snapshots => {
                self.snapshot_if_due(now);
                let kept = std::mem::take(&mut self.snapshot.entries);
                let mut lost: Vec<SessionId> =
                    self.entries.keys().filter(|id| !kept.contains_key(*id)).cloned().collect();
                lost.sort_unstable();
                self.entries = kept.clone();
                self.bytes = self.snapshot.bytes;
                self.snapshot.entries = kept;
                self.changes = 0;
                lost
            }
        }
    }

    /// Counts one changed key, first writing a snapshot if a save rule was
    /// due before this change (Redis checks its rules ten times a second).
    fn changed(&mut self, now: SimTime) {
        if self.persistence == Persistence::Snapshots {
            self.snapshot_if_due(now);
            self.changes += 1;
        }
    }

    fn snapshot_if_due(&mut self, now: SimTime) {
        let since = now.since(self.snapshot.taken);
        let due = SAVE_RULES.iter().any(|&(secs, keys)| since >= SimTime::secs(secs) && self.changes >= keys);
        if due {
            self.snapshot = Snapshot { entries: self.entries.clone(), bytes: self.bytes, taken: now };
            self.changes = 0;
        }
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
    fn get(&self, key: &SessionId) -> Option<&SessionRecord> {
        self.peek(key)
    }
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

    fn save(&mut self, record: &SessionRecord, now: SimTime) -> Result<Saved, StoreError> {
        self.check()?;
        self.changed(now);
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
        let removed = self.remove(key);
        if removed && self.persistence == Persistence::Snapshots {
            // A delete carries no time: it counts toward the next rule check.
            self.changes += 1;
        }
        Ok(removed)
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
                self.changed(last_access);
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

    /// The first `n` keys' records, in ID order.
    fn first_entries(&self, n: usize) -> Vec<&SessionRecord> {
        super::first_by_id(self.entries.values().map(|e| &*e.record), n)
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
        let mut c = CacheStore::new(one * 2, Persistence::None);
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
        let mut c = CacheStore::new(10_000, Persistence::None);
        c.save(&rec("a"), SimTime::ZERO).unwrap();
        assert_eq!(c.restart(SimTime::ZERO), vec![SessionId::new("a")]);
        assert!(c.is_empty());
        for persistence in [Persistence::Snapshots, Persistence::AppendOnly] {
            let mut p = CacheStore::new(10_000, persistence);
            p.save(&rec("a"), SimTime::ZERO).unwrap();
            assert!(p.restart(SimTime::secs(1)).is_empty(), "{persistence:?}: a clean shutdown saves");
            assert_eq!(p.len(), 1);
            assert!(p.crash(SimTime::secs(2)).is_empty(), "{persistence:?}: the shutdown's save holds it");
        }
    }

    #[test]
    fn a_crash_loses_what_the_last_snapshot_missed_and_nothing_with_an_append_only_file() {
        let mut aof = CacheStore::new(10_000, Persistence::AppendOnly);
        aof.save(&rec("a"), SimTime::secs(1)).unwrap();
        assert!(aof.crash(SimTime::secs(2)).is_empty());
        assert_eq!(aof.len(), 1);
        let mut none = CacheStore::new(10_000, Persistence::None);
        none.save(&rec("a"), SimTime::secs(1)).unwrap();
        assert_eq!(none.crash(SimTime::secs(2)), vec![SessionId::new("a")]);

        let mut rdb = CacheStore::new(10_000, Persistence::Snapshots);
        rdb.save(&rec("a"), SimTime::secs(1)).unwrap();
        // Seconds later, no rule is due yet (3600 s and 1 change at the least): "a" is lost.
        assert_eq!(rdb.crash(SimTime::secs(5)), vec![SessionId::new("a")]);
        rdb.save(&rec("b"), SimTime::secs(10)).unwrap();
        // An hour on, the next write first writes a snapshot holding "b".
        rdb.save(&rec("c"), SimTime::secs(3700)).unwrap();
        assert_eq!(rdb.last_snapshot(), Some(SimTime::secs(3700)));
        assert_eq!(rdb.crash(SimTime::secs(3710)), vec![SessionId::new("c")]);
        assert!(rdb.peek(&SessionId::new("b")).is_some());
    }
}
