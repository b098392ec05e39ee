//! The shared conformance suite every session store passes (as tower-sessions
//! tests its stores): save and load, exact expiry, delete, touch, sweep,
//! listing, outages, plus each store's own limits (LRU eviction, cookie size
//! and signatures).
#![cfg(not(target_arch = "wasm32"))]

use session_lab::sim::config::Persistence;
use session_lab::sim::store::{
    CacheStore, CachedDatabase, DatabaseStore, FileStore, Loaded, MemoryStore, Saved, SessionStore, SignedCookieStore,
    StoreError, COOKIE_SIZE_LIMIT,
};
use session_lab::sim::*;

const SECRET: &[u8] = b"keyboard cat";
/// A cache limit no test comes near.
const BIG: usize = 1 << 20;

/// What the suite needs to know about a store beyond the trait.
trait UnderTest: SessionStore {
    /// Whether it keeps sessions on the server (false: signed cookies).
    const SERVER_SIDE: bool = true;
    /// Whether an expired record is reported once and then forgotten (Redis).
    const FORGETS_EXPIRED_ON_READ: bool = false;
    /// Whether a touch renews a record already past its expiry (a database
    /// row or a file that no sweep removed yet), rather than leaving it expired.
    const TOUCH_REVIVES_EXPIRED: bool = false;
    /// Takes the store down or up; false if it has no outages.
    fn set_up(&mut self, _up: bool) -> bool {
        false
    }
}

impl UnderTest for MemoryStore {}
impl UnderTest for FileStore {
    const TOUCH_REVIVES_EXPIRED: bool = true;
}
impl UnderTest for DatabaseStore {
    const TOUCH_REVIVES_EXPIRED: bool = true;
    fn set_up(&mut self, up: bool) -> bool {
        DatabaseStore::set_up(self, up);
        true
    }
}
impl UnderTest for CacheStore {
    const FORGETS_EXPIRED_ON_READ: bool = true;
    fn set_up(&mut self, up: bool) -> bool {
        CacheStore::set_up(self, up);
        true
    }
}
impl UnderTest for CachedDatabase<'_> {
    const TOUCH_REVIVES_EXPIRED: bool = true;
    fn set_up(&mut self, up: bool) -> bool {
        self.database.set_up(up);
        true
    }
}
impl UnderTest for SignedCookieStore {
    const SERVER_SIDE: bool = false;
}

fn record(id: &str, expires: SimTime) -> SessionRecord {
    SessionRecord {
        id: SessionId::new(id),
        data: SessionData {
            user: Some(User::Alice),
            cart: vec![Item::Tea, Item::Mug].into(),
            ..SessionData::default()
        },
        created: SimTime::ZERO,
        last_access: SimTime::ZERO,
        expires,
        version: 1,
    }
}

/// Saves `r` and returns the key a cookie would carry for it.
fn save<S: UnderTest>(s: &mut S, r: &SessionRecord) -> SessionId {
    let saved: Saved = s.save(r, SimTime::ZERO).expect("save");
    assert!(saved.evicted.is_empty(), "nothing is evicted from a store with room");
    match saved.cookie_value {
        Some(v) => {
            assert!(!S::SERVER_SIDE, "a server-side store returns no cookie value");
            v
        }
        None => {
            assert!(S::SERVER_SIDE, "the cookie store returns the cookie value");
            r.id.clone()
        }
    }
}

fn found(l: Result<Loaded, StoreError>) -> SessionRecord {
    match l {
        Ok(Loaded::Found(r)) => r,
        other => panic!("expected Found, got {other:?}"),
    }
}

// ----- the suite -----

fn save_then_load_returns_the_same_record<S: UnderTest>(s: &mut S) {
    let r = record("alpha", SimTime::hours(1));
    let key = save(s, &r);
    assert_eq!(found(s.load(&key, SimTime::mins(1))), r);
    // Saving again replaces the previous version.
    let mut r2 = r.clone();
    r2.data.cart.push(Item::Book);
    r2.version = 2;
    let key2 = save(s, &r2);
    assert_eq!(found(s.load(&key2, SimTime::mins(1))), r2);
    if S::SERVER_SIDE {
        assert_eq!(key, key2, "a server-side store keeps the ID");
        assert_eq!(s.len(), 1, "a second save replaces, it does not add");
    }
    assert_eq!(s.load(&SessionId::new("nobody"), SimTime::ZERO).is_ok(), S::SERVER_SIDE);
    if S::SERVER_SIDE {
        assert_eq!(s.load(&SessionId::new("nobody"), SimTime::ZERO), Ok(Loaded::Missing));
    }
}

fn expiry_is_exact_to_the_millisecond<S: UnderTest>(s: &mut S) {
    let expires = SimTime::mins(30);
    let r = record("beta", expires);
    let key = save(s, &r);
    assert_eq!(found(s.load(&key, expires - SimTime::millis(1))), r, "1 ms before expiry it is live");
    assert_eq!(s.load(&key, expires), Ok(Loaded::Expired(r.clone())), "at the expiry time it is expired");
    let again = s.load(&key, expires + SimTime::millis(1));
    if S::FORGETS_EXPIRED_ON_READ {
        assert_eq!(again, Ok(Loaded::Missing), "the cache deleted the expired key when it was read");
        assert_eq!(s.len(), 0);
    } else {
        assert_eq!(again, Ok(Loaded::Expired(r)), "the record stays, hidden, until deleted or swept");
        assert_eq!(s.len(), usize::from(S::SERVER_SIDE));
    }
}

fn delete_removes_on_the_server_and_cannot_revoke_a_cookie<S: UnderTest>(s: &mut S) {
    let r = record("gamma", SimTime::hours(1));
    let key = save(s, &r);
    assert_eq!(s.keeps_state_on_server(), S::SERVER_SIDE);
    if S::SERVER_SIDE {
        assert_eq!(s.delete(&key), Ok(true));
        assert_eq!(s.load(&key, SimTime::ZERO), Ok(Loaded::Missing));
        assert_eq!(s.delete(&key), Ok(false), "deleting twice finds nothing the second time");
        assert!(s.is_empty());
    } else {
        assert_eq!(s.delete(&key), Ok(false));
        assert_eq!(found(s.load(&key, SimTime::mins(1))), r, "a signed cookie cannot be revoked");
    }
}

fn touch_moves_expiry<S: UnderTest>(s: &mut S) {
    let r = record("delta", SimTime::mins(30));
    let key = save(s, &r);
    let later = SimTime::mins(20);
    let new_expiry = SimTime::mins(50);
    if S::SERVER_SIDE {
        assert_eq!(s.touch(&key, later, new_expiry), Ok(true));
        let got = found(s.load(&key, SimTime::mins(45)));
        assert_eq!((got.last_access, got.expires), (later, new_expiry));
        assert_eq!(got.data, r.data, "touch does not change the data");
        assert_eq!(got.version, r.version, "touch is not a save");
        assert_eq!(s.load(&key, new_expiry), Ok(Loaded::Expired(SessionRecord { last_access: later, ..got })));
        assert_eq!(s.touch(&SessionId::new("nobody"), later, new_expiry), Ok(false));
        // Touched one millisecond after it expired (a request that read it
        // just in time and commits just too late).
        let late = new_expiry + SimTime::millis(1);
        let revived = s.touch(&key, late, late + SimTime::mins(30));
        if S::TOUCH_REVIVES_EXPIRED {
            assert_eq!(revived, Ok(true), "UPDATE ... WHERE sid: the row lives on");
            assert!(matches!(s.load(&key, late), Ok(Loaded::Found(_))));
        } else {
            assert_eq!(revived, Ok(false), "an expired entry is gone for the memory store and Redis");
            assert!(!matches!(s.load(&key, late), Ok(Loaded::Found(_))));
        }
    } else {
        // Nothing on the server to touch: the cookie keeps its expiry until a new one is issued.
        assert_eq!(s.touch(&key, later, new_expiry), Ok(false));
        assert!(matches!(s.load(&key, SimTime::mins(45)), Ok(Loaded::Expired(_))));
        let renewed = SessionRecord { last_access: later, expires: new_expiry, ..r };
        let key2 = save(s, &renewed);
        assert_ne!(key, key2);
        assert_eq!(found(s.load(&key2, SimTime::mins(45))), renewed);
    }
}

fn sweep_removes_only_expired_records<S: UnderTest>(s: &mut S) {
    let keys: Vec<SessionId> = [("a-early", 10), ("b-late", 60), ("c-early", 20), ("d-never", 0)]
        .iter()
        .map(|(id, mins)| {
            let expires = if *mins == 0 { SimTime::NEVER } else { SimTime::mins(*mins) };
            save(s, &record(id, expires))
        })
        .collect();
    let now = SimTime::mins(20);
    let swept = s.sweep_expired(now);
    if S::SERVER_SIDE {
        assert_eq!(swept, vec![SessionId::new("a-early"), SessionId::new("c-early")], "expired at 10 and exactly 20");
        assert_eq!(s.len(), 2);
        assert_eq!(s.load(&keys[0], now), Ok(Loaded::Missing));
        found(s.load(&keys[1], now));
        found(s.load(&keys[3], now));
        assert!(s.sweep_expired(now).is_empty(), "a second sweep finds nothing");
    } else {
        assert!(swept.is_empty(), "nothing on the server to sweep");
        assert!(matches!(s.load(&keys[0], now), Ok(Loaded::Expired(_))));
    }
}

fn entries_and_len_list_everything_in_a_stable_order<S: UnderTest>(s: &mut S) {
    assert!(s.is_empty() && s.entries().is_empty());
    for id in ["zulu", "alpha", "mike"] {
        save(s, &record(id, SimTime::mins(5)));
    }
    save(s, &record("expired", SimTime::ZERO));
    if S::SERVER_SIDE {
        assert_eq!(s.len(), 4, "expired records count until removed");
        let ids: Vec<&str> = s.entries().iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["alpha", "expired", "mike", "zulu"]);
        let again: Vec<&str> = s.entries().iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, again);
    } else {
        assert_eq!((s.len(), s.entries().len()), (0, 0), "the server holds nothing");
        assert!(s.is_empty());
    }
}

fn an_outage_fails_every_operation_and_keeps_the_data<S: UnderTest>(s: &mut S) {
    let r = record("epsilon", SimTime::mins(30));
    let old = record("old", SimTime::mins(1));
    let key = save(s, &r);
    save(s, &old);
    if !s.set_up(false) {
        // No outages for this store: everything keeps working.
        found(s.load(&key, SimTime::ZERO));
        return;
    }
    let other = SessionId::new("not-cached");
    assert_eq!(s.load(&other, SimTime::ZERO), Err(StoreError::Unavailable));
    assert_eq!(s.save(&record("zeta", SimTime::mins(30)), SimTime::ZERO), Err(StoreError::Unavailable));
    assert_eq!(s.delete(&key), Err(StoreError::Unavailable));
    assert_eq!(s.touch(&key, SimTime::ZERO, SimTime::hours(1)), Err(StoreError::Unavailable));
    assert!(s.sweep_expired(SimTime::hours(1)).is_empty(), "a store that is down sweeps nothing");
    assert_eq!(s.len(), 2, "an outage loses nothing");
    assert!(s.set_up(true));
    assert_eq!(found(s.load(&key, SimTime::mins(5))), r, "back up: the session is still there");
    assert_eq!(s.sweep_expired(SimTime::mins(5)), vec![old.id]);
}

macro_rules! conformance {
    ($($name:ident: |$store:ident| { $($setup:tt)* })*) => {$(
        mod $name {
            use super::*;
            conformance!(@tests $store { $($setup)* }
                save_then_load_returns_the_same_record
                expiry_is_exact_to_the_millisecond
                delete_removes_on_the_server_and_cannot_revoke_a_cookie
                touch_moves_expiry
                sweep_removes_only_expired_records
                entries_and_len_list_everything_in_a_stable_order
                an_outage_fails_every_operation_and_keeps_the_data
            );
        }
    )*};
    (@tests $store:ident $setup:tt $($check:ident)*) => {$(
        #[test]
        fn $check() {
            conformance! { @run $store $setup $check }
        }
    )*};
    (@run $store:ident { $($setup:tt)* } $check:ident) => {
        $($setup)*
        super::$check($store);
    };
}

conformance! {
    memory: |store| { let store = &mut MemoryStore::new(); }
    file: |store| { let store = &mut FileStore::new(); }
    database: |store| { let store = &mut DatabaseStore::new(); }
    cache: |store| { let store = &mut CacheStore::new(BIG, Persistence::None); }
    cached_database: |store| {
        let mut local = MemoryStore::new();
        let mut database = DatabaseStore::new();
        let store = &mut CachedDatabase::new(&mut local, &mut database);
    }
    signed_cookie: |store| { let store = &mut SignedCookieStore::new(SECRET, "sid".len()); }
}

// ----- each store's own limits -----

#[test]
fn the_cache_evicts_the_least_recently_used_under_a_small_limit() {
    let one = {
        let mut probe = CacheStore::new(BIG, Persistence::None);
        probe.save(&record("k1", SimTime::NEVER), SimTime::ZERO).unwrap();
        probe.bytes_used()
    };
    let mut c = CacheStore::new(one * 3, Persistence::None);
    for id in ["k1", "k2", "k3"] {
        assert!(c.save(&record(id, SimTime::NEVER), SimTime::ZERO).unwrap().evicted.is_empty());
    }
    // Reading k1 and touching k2 make k3 the least recently used.
    found(c.load(&SessionId::new("k1"), SimTime::ZERO));
    assert_eq!(c.touch(&SessionId::new("k2"), SimTime::ZERO, SimTime::NEVER), Ok(true));
    let saved = c.save(&record("k4", SimTime::NEVER), SimTime::ZERO).unwrap();
    assert_eq!(saved.evicted, vec![SessionId::new("k3")]);
    assert_eq!(c.load(&SessionId::new("k3"), SimTime::ZERO), Ok(Loaded::Missing));
    assert_eq!(c.len(), 3);
    assert!(c.bytes_used() <= c.limit());
    // A bigger session pushes out as many as it needs, oldest use first.
    let mut big = record("k5", SimTime::NEVER);
    big.data.draft_chars = (one / 2) as u32; // between one and two ordinary sessions
    let saved = c.save(&big, SimTime::ZERO).unwrap();
    assert_eq!(saved.evicted, vec![SessionId::new("k1"), SessionId::new("k2")]);
    assert!(c.bytes_used() <= c.limit());
    let ids: Vec<&str> = c.entries().iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["k4", "k5"]);
}

#[test]
fn the_cache_refuses_a_key_bigger_than_its_whole_memory_and_evicts_nothing() {
    let mut c = CacheStore::new(1024, Persistence::None);
    c.save(&record("k1", SimTime::NEVER), SimTime::ZERO).unwrap();
    let mut huge = record("k1", SimTime::NEVER);
    huge.data.draft_chars = 2000;
    match c.save(&huge, SimTime::ZERO) {
        Err(StoreError::OutOfMemory { bytes, limit: 1024 }) => assert!(bytes > 2000),
        other => panic!("expected OOM, got {other:?}"),
    }
    assert_eq!(c.len(), 1, "nothing evicted");
    assert_eq!(found(c.load(&SessionId::new("k1"), SimTime::ZERO)).data.draft_chars, 0, "the old value stays");
}

#[test]
fn the_cache_restart_loses_everything_without_persistence() {
    let mut c = CacheStore::new(BIG, Persistence::None);
    c.save(&record("k1", SimTime::NEVER), SimTime::ZERO).unwrap();
    c.set_up(false);
    assert_eq!(c.restart(SimTime::ZERO), vec![SessionId::new("k1")]);
    assert!(c.is_up() && c.is_empty() && c.bytes_used() == 0);
    let mut p = CacheStore::new(BIG, Persistence::AppendOnly);
    p.save(&record("k1", SimTime::NEVER), SimTime::ZERO).unwrap();
    assert!(p.restart(SimTime::ZERO).is_empty());
    found(p.load(&SessionId::new("k1"), SimTime::ZERO));
}

fn cookie_value_len(s: &mut SignedCookieStore, r: &SessionRecord) -> Result<usize, StoreError> {
    s.save(r, SimTime::ZERO).map(|saved| saved.cookie_value.unwrap().as_str().len())
}

#[test]
fn the_cookie_store_refuses_a_session_over_4096_bytes() {
    let name = "sid";
    let mut s = SignedCookieStore::new(SECRET, name.len());
    let mut r = record("big", SimTime::hours(1));
    let base = cookie_value_len(&mut s, &r).unwrap();
    // Each draft character adds about 4/3 bytes of base64: find the largest draft that fits.
    let (mut fits, mut too_big) = (0u32, 8000u32);
    while too_big - fits > 1 {
        let mid = (fits + too_big) / 2;
        r.data.draft_chars = mid;
        match cookie_value_len(&mut s, &r) {
            Ok(len) => {
                assert!(len + name.len() <= COOKIE_SIZE_LIMIT);
                fits = mid;
            }
            Err(_) => too_big = mid,
        }
    }
    assert!(fits > 2000 && base < 400, "a small session fits easily ({base} bytes), a big one up to {fits} chars");
    r.data.draft_chars = too_big;
    match s.save(&r, SimTime::ZERO) {
        Err(StoreError::TooLarge { bytes, limit }) => {
            assert_eq!(limit, COOKIE_SIZE_LIMIT);
            assert!(bytes > COOKIE_SIZE_LIMIT);
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
}

#[test]
fn the_cookie_store_refuses_another_secret_and_tampered_values() {
    let mut s = SignedCookieStore::new(SECRET, 3);
    let r = record("signed", SimTime::hours(1));
    let key = save(&mut s, &r);
    let mut other = SignedCookieStore::new(b"another secret", 3);
    assert_eq!(other.load(&key, SimTime::ZERO), Err(StoreError::BadSignature));
    // Flip one character of the payload (before the final '.').
    let value = key.as_str();
    let dot = value.rfind('.').unwrap();
    let mut bytes = value.as_bytes().to_vec();
    bytes[dot / 2] = if bytes[dot / 2] == b'A' { b'B' } else { b'A' };
    let tampered = SessionId::new(std::str::from_utf8(&bytes).unwrap());
    assert_eq!(s.load(&tampered, SimTime::ZERO), Err(StoreError::BadSignature));
    // A forged payload with a copied signature, a missing signature, and junk.
    let (_, sig) = value.rsplit_once('.').unwrap();
    let forged = s.encode(&SessionRecord { data: SessionData { user: Some(User::Mallory), ..r.data.clone() }, ..r });
    let (forged_payload, _) = forged.rsplit_once('.').unwrap();
    for bad in [format!("{forged_payload}.{sig}"), forged_payload.to_string(), "junk".into(), String::new()] {
        assert_eq!(s.load(&SessionId::new(&bad), SimTime::ZERO), Err(StoreError::BadSignature), "{bad:?}");
    }
    // The genuine cookie still loads.
    assert_eq!(found(s.load(&key, SimTime::ZERO)).data.user, Some(User::Alice));
}

#[test]
fn the_cached_database_reads_its_local_copy_and_writes_through() {
    let mut local = MemoryStore::new();
    let mut database = DatabaseStore::new();
    let r = record("shared", SimTime::hours(1));
    {
        let mut view = CachedDatabase::new(&mut local, &mut database);
        view.save(&r, SimTime::ZERO).unwrap();
        found(view.load(&r.id, SimTime::ZERO));
        assert!(view.last_load_hit_cache, "written through: the local cache has it");
    }
    // Another server changes the row in the database.
    let mut newer = r.clone();
    newer.version = 2;
    newer.data.cart.clear();
    database.save(&newer, SimTime::ZERO).unwrap();
    let mut view = CachedDatabase::new(&mut local, &mut database);
    assert_eq!(found(view.load(&r.id, SimTime::ZERO)), r, "the local copy is stale");
    assert!(view.last_load_hit_cache);
    // A server with an empty cache reads through to the database.
    let mut empty = MemoryStore::new();
    let mut other = CachedDatabase::new(&mut empty, view.database);
    assert_eq!(found(other.load(&r.id, SimTime::ZERO)), newer);
    assert!(!other.last_load_hit_cache);
    assert!(empty.contains(&r.id), "read-through fills the local cache");
}
