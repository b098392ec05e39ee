//! Engine benchmark (issue 3, Performance): `cargo bench --bench engine`.
//!
//! Two figures per session store, printed next to the targets:
//!
//! 1. **Simulated requests per second of wall-clock time.** The three named
//!    browsers (alice, bob, mallory) follow a shopping script against a world
//!    of 4 servers; every request goes browser -> balancer -> server -> store
//!    -> browser with every hop event recorded. Measured twice:
//!    - *events*: the headline figure, the "with events recorded":
//!      every event of every hop, but no exchange records
//!      ([`World::set_keep_exchanges`] off), as an engine driven by a
//!      program rather than watched in the inspector runs;
//!    - *+exchanges*: the same with each request's headers, Set-Cookie
//!      lines and page kept for the exchange inspector, exactly as in the
//!      playground.
//!
//!    The log is cleared every few hundred requests so memory stays bounded.
//! 2. **Engine bytes per stored session beyond its data**, measured with a
//!    counting global allocator.
//!
//! `cargo bench --bench engine -- --events-only [store]` runs the headline
//! figure alone (no +exchanges run, no memory figure), for profiling.
//!
//! A bench reports; it never fails on speed. The only checks are that the
//! workload did what it should (no failed request, no lost session), so that
//! a fast figure cannot come from a broken run.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicIsize, AtomicUsize, Ordering::Relaxed};

/// Counts live heap bytes while [`COUNTING`] is on. Off during the throughput
/// runs, so that they do not pay for an atomic update on every allocation.
/// Only differences taken inside one counting window are used: frees of
/// memory allocated before the window then count too, as they should.
struct CountingAlloc;

static COUNTING: AtomicBool = AtomicBool::new(false);
static LIVE: AtomicIsize = AtomicIsize::new(0);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator; the
// wrapper only updates counters.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() && COUNTING.load(Relaxed) {
            LIVE.fetch_add(layout.size() as isize, Relaxed);
            ALLOCATIONS.fetch_add(1, Relaxed);
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() && COUNTING.load(Relaxed) {
            LIVE.fetch_add(layout.size() as isize, Relaxed);
            ALLOCATIONS.fetch_add(1, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        if COUNTING.load(Relaxed) {
            LIVE.fetch_sub(layout.size() as isize, Relaxed);
        }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() && COUNTING.load(Relaxed) {
            LIVE.fetch_add(new_size as isize - layout.size() as isize, Relaxed);
            ALLOCATIONS.fetch_add(1, Relaxed);
        }
        p
    }
}

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    native::main();
}

/// The bench is native only; this keeps `cargo clippy --target wasm32-unknown-unknown --all-targets` building it.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::{ALLOCATIONS, COUNTING, LIVE};
    use std::hint::black_box;
    use std::sync::atomic::Ordering::Relaxed;
    use std::time::{Duration, Instant};

    use session_lab::sim::balancer::AFFINITY_COOKIE;
    use session_lab::sim::config::CreatePolicy;
    use session_lab::sim::http::SHOP_HOST;
    use session_lab::sim::store::SignedCookieStore;
    use session_lab::sim::world::Ledger;
    use session_lab::sim::*;

    /// Target from issue 3: simulated requests per wall-clock second, per store.
    const TARGET_REQUESTS_PER_SEC: f64 = 1_000_000.0;
    /// Target from issue 3: engine bytes per stored session beyond its data.
    const TARGET_BYTES_PER_SESSION: f64 = 300.0;

    /// Sessions of other visitors in the store while the bench runs, so that
    /// lookups and bookkeeping work on a store of realistic size.
    const BACKGROUND_SESSIONS: usize = 10_000;
    /// Requests whose heap allocations are counted (after the timed batches).
    const COUNTED_REQUESTS: u64 = 30_000;
    /// Requests before timing starts (caches, allocator, maps warmed up).
    const WARMUP_REQUESTS: u64 = 30_000;
    /// Timed requests per store, in batches (the spread shows the noise of a shared machine).
    const BATCHES: u64 = 5;
    const BATCH_REQUESTS: u64 = 60_000;
    /// The log is cleared after this many rounds of three requests.
    const CLEAR_EVERY_ROUNDS: u64 = 200;
    /// Live sessions created for the memory figure.
    const SESSIONS: usize = 10_000;
    /// Sessions created before the memory window opens, so that vectors that
    /// grow per request (the action list, latency samples) and the log have
    /// settled into the same state in both runs of the comparison.
    const MEMORY_WARMUP: usize = 1_000;

    const BROWSERS: [(BrowserId, User); 3] =
        [(BrowserId::ALICE, User::Alice), (BrowserId::BOB, User::Bob), (BrowserId::MALLORY, User::Mallory)];

    /// One visit to the shop: every kind of request the middleware handles
    /// (create, read, touch, save, rotate on login, destroy on logout).
    fn script(user: User, step: usize) -> Route {
        const N: usize = 12;
        match step % N {
            0 => Route::Home,
            1 => Route::Login { user, password_ok: true },
            2 => Route::AddToCart { item: Item::Tea },
            3 => Route::AddToCart { item: Item::Mug },
            4 => Route::Cart,
            5 => Route::SetTheme { theme: Theme::Dark },
            6 => Route::Checkout { step: 1 },
            7 => Route::Checkout { step: 2 },
            8 => Route::Checkout { step: 3 },
            9 => Route::Account,
            10 => Route::Home,
            _ => Route::Logout,
        }
    }

    /// The balancing a sensible operator picks for the store: sticky when
    /// sessions (or a server's cache of them) live on one server, round robin
    /// when every server sees the same sessions.
    fn balancing_for(store: StoreKind) -> Balancing {
        match store {
            StoreKind::InMemory | StoreKind::File | StoreKind::CachedDatabase => Balancing::Sticky,
            StoreKind::Database | StoreKind::Cache | StoreKind::SignedCookie => Balancing::RoundRobin,
        }
    }

    fn config_for(store: StoreKind) -> WorldConfig {
        let mut c = WorldConfig { servers: 4, store, balancing: balancing_for(store), ..WorldConfig::default() };
        // Room for every session of the memory figure: no eviction.
        c.cache.memory_limit_bytes = 64 * 1024 * 1024;
        c
    }

    fn ok(r: Result<(), ActionError>) {
        if let Err(e) = r {
            panic!("bench action refused: {e}");
        }
    }

    /// What one throughput run measured.
    struct Throughput {
        requests: u64,
        elapsed: Duration,
        batch_rates: Vec<f64>,
        events: u64,
        allocations_per_request: f64,
        failed: u64,
        lost: u64,
        /// Store writes per request (for the signed cookie: cookies encoded and signed).
        writes_per_request: f64,
    }

    /// Drives the three browsers: each round, all three send their next request
    /// at the same moment and the world settles. Returns (requests answered,
    /// events recorded).
    fn rounds(w: &mut World, step: &mut usize, requests: u64) -> (u64, u64) {
        let start_requests = w.metrics().requests;
        let mut events = 0u64;
        let mut n = 0u64;
        while w.metrics().requests - start_requests < requests {
            for (i, (browser, user)) in BROWSERS.iter().enumerate() {
                // Browsers are at different points of the script.
                let route = script(*user, *step + 4 * i);
                ok(w.apply(Action::Browser { browser: *browser, act: BrowserAction::Request { route } }));
            }
            ok(w.apply(Action::Settle));
            *step += 1;
            n += 1;
            if n % CLEAR_EVERY_ROUNDS == 0 {
                events += w.events().len() as u64;
                w.clear_log();
            }
        }
        events += w.events().len() as u64;
        w.clear_log();
        (w.metrics().requests - start_requests, events)
    }

    /// Alice clears her cookies and visits the home page: one new session.
    fn new_visitor_session(w: &mut World) {
        ok(w.apply(Action::Browser { browser: BrowserId::ALICE, act: BrowserAction::ClearCookies }));
        ok(w.apply(Action::Browser { browser: BrowserId::ALICE, act: BrowserAction::home() }));
        ok(w.apply(Action::Settle));
    }

    /// Runs the throughput workload on `store`; `exchanges` keeps each
    /// request's exchange for the inspector too.
    fn throughput(store: StoreKind, exchanges: bool) -> Throughput {
        let mut w = World::new(config_for(store), 42).expect("valid bench config");
        w.set_growth_limited(false); // millions of requests in one world
        w.set_keep_exchanges(exchanges);
        for _ in 0..BACKGROUND_SESSIONS {
            new_visitor_session(&mut w);
        }
        ok(w.apply(Action::Browser { browser: BrowserId::ALICE, act: BrowserAction::ClearCookies }));
        w.clear_log();
        let mut step = 0;
        rounds(&mut w, &mut step, WARMUP_REQUESTS);
        let failed_before = w.metrics().failed_requests;
        let lost_before = w.metrics().lost_total();
        let mut t = Throughput {
            requests: 0,
            elapsed: Duration::ZERO,
            batch_rates: Vec::new(),
            events: 0,
            allocations_per_request: 0.0,
            failed: 0,
            lost: 0,
            writes_per_request: 0.0,
        };
        let (writes_before, requests_before) = (w.metrics().ops(store).writes, w.metrics().requests);
        for _ in 0..BATCHES {
            let started = Instant::now();
            let (requests, events) = rounds(black_box(&mut w), &mut step, BATCH_REQUESTS);
            let took = started.elapsed();
            t.requests += requests;
            t.events += events;
            t.elapsed += took;
            t.batch_rates.push(requests as f64 / took.as_secs_f64());
        }
        t.writes_per_request =
            (w.metrics().ops(store).writes - writes_before) as f64 / (w.metrics().requests - requests_before) as f64;
        COUNTING.store(true, Relaxed);
        let before = ALLOCATIONS.load(Relaxed);
        let (requests, _) = rounds(&mut w, &mut step, COUNTED_REQUESTS);
        t.allocations_per_request = (ALLOCATIONS.load(Relaxed) - before) as f64 / requests as f64;
        COUNTING.store(false, Relaxed);
        t.failed = w.metrics().failed_requests - failed_before;
        t.lost = w.metrics().lost_total() - lost_before;
        t
    }

    /// Live bytes added while alice makes `n` new sessions (clear cookies,
    /// visit the home page; each visit gets a session under `create`). The
    /// log is cleared after every visit so it never accumulates.
    fn grow(store: StoreKind, create: CreatePolicy, n: usize) -> (isize, World) {
        let mut config = config_for(store);
        config.session.create = create;
        let mut w = World::new(config, 7).expect("valid bench config");
        w.set_growth_limited(false); // millions of requests in one world
        let visit = |w: &mut World| {
            new_visitor_session(w);
            w.clear_log();
        };
        for _ in 0..MEMORY_WARMUP {
            visit(&mut w);
        }
        COUNTING.store(true, Relaxed);
        let before = LIVE.load(Relaxed);
        for _ in 0..n {
            visit(&mut w);
        }
        let after = LIVE.load(Relaxed);
        COUNTING.store(false, Relaxed);
        (after - before, w)
    }

    /// What the memory measurement found for one store.
    struct Memory {
        /// Engine bytes per session beyond its data.
        per_session: f64,
        /// Sessions the store held at the end.
        held: usize,
        /// Average `SessionData::size_bytes()` of those sessions.
        data_bytes: f64,
        /// Size of the session cookie (name and value) alice holds.
        cookie_bytes: usize,
    }

    /// Engine bytes per stored session beyond its data: the live-byte growth
    /// of a run that creates `SESSIONS` sessions, minus that of the same run
    /// with sessions created only when data is stored (so none are), divided
    /// by the sessions, minus the data size. What cancels out: the action
    /// list, latency samples, browsers, the log. What remains: store maps,
    /// records, IDs, the ledger entry (and the cache's LRU index, a server's
    /// cached copy) — everything the engine keeps because a session exists.
    fn memory(store: StoreKind) -> Memory {
        let (with, w) = grow(store, CreatePolicy::EveryVisitor, SESSIONS);
        let (without, _) = grow(store, CreatePolicy::WhenDataStored, SESSIONS);
        let primary: Vec<&SessionRecord> = w
            .store_views(usize::MAX)
            .into_iter()
            .filter(|v| !(v.kind == StoreKind::CachedDatabase && v.server.is_some()))
            .flat_map(|v| v.entries)
            .collect();
        let held = primary.len();
        let data_bytes = if held == 0 {
            // The signed-cookie store keeps nothing: an empty session's data.
            SessionData::default().size_bytes() as f64
        } else {
            primary.iter().map(|r| r.data.size_bytes()).sum::<usize>() as f64 / held as f64
        };
        let name = &w.config().session.cookie.name;
        let cookie_bytes =
            w.browser(BrowserId::ALICE).and_then(|b| b.jar.get(name)).map_or(0, |c| c.name.len() + c.value.len());
        Memory { per_session: (with - without) as f64 / SESSIONS as f64 - data_bytes, held, data_bytes, cookie_bytes }
    }

    /// Bytes one ledger entry costs, the ID itself excluded (it is shared
    /// with the store).
    fn ledger_bytes_per_id() -> f64 {
        let ids: Vec<SessionId> = (0..SESSIONS).map(|i| SessionId::new(&format!("{i:032x}"))).collect();
        let mut ledger = Ledger::default();
        COUNTING.store(true, Relaxed);
        let before = LIVE.load(Relaxed);
        for id in &ids {
            ledger.issued(id);
        }
        let after = LIVE.load(Relaxed);
        COUNTING.store(false, Relaxed);
        black_box(&ledger);
        (after - before) as f64 / SESSIONS as f64
    }

    /// What one signed-cookie request cannot skip, timed alone: encoding
    /// and signing the bench's session (a logged-in alice with two items, a
    /// theme and a checkout step), checking and decoding such a cookie, and
    /// the browser storing its `Set-Cookie` line.
    struct CookieWork {
        cookie_bytes: usize,
        encode: Duration,
        decode: Duration,
        browser_stores: Duration,
    }

    fn signed_cookie_work() -> CookieWork {
        const TIMES: u32 = 100_000;
        let mut w = World::new(config_for(StoreKind::SignedCookie), 3).expect("valid bench config");
        w.set_growth_limited(false); // millions of requests in one world
        w.set_keep_exchanges(true);
        for route in [
            Route::Login { user: User::Alice, password_ok: true },
            Route::AddToCart { item: Item::Tea },
            Route::AddToCart { item: Item::Mug },
            Route::SetTheme { theme: Theme::Dark },
            Route::Checkout { step: 1 },
        ] {
            ok(w.run(Action::Browser { browser: BrowserId::ALICE, act: BrowserAction::Request { route } }));
        }
        let line = w
            .exchanges()
            .iter()
            .rev()
            .flat_map(|e| &e.response_headers)
            .find(|h| h.name == "Set-Cookie" && !h.value.starts_with(AFFINITY_COOKIE))
            .map(|h| h.value.clone())
            .expect("the last response set the session cookie");
        let cfg = &w.config().session;
        let store = SignedCookieStore::new(cfg.secret.as_bytes(), cfg.cookie.name.len());
        let value = w
            .browser(BrowserId::ALICE)
            .and_then(|b| b.jar.get(&cfg.cookie.name))
            .map(|c| c.value.to_string())
            .expect("alice holds the session cookie");
        let record = store.decode(&value).expect("the bench's own cookie verifies");
        assert!(record.data.user.is_some() && record.data.cart.len() == 2, "the bench's session");
        let time = |f: &mut dyn FnMut()| {
            let started = Instant::now();
            for _ in 0..TIMES {
                f();
            }
            started.elapsed() / TIMES
        };
        let encode = time(&mut || {
            black_box(store.encode(black_box(&record)));
        });
        let decode = time(&mut || {
            black_box(store.decode(black_box(&value)).is_ok());
        });
        let mut jar = session_lab::sim::jar::CookieJar::default();
        let browser_stores = time(&mut || {
            black_box(jar.receive(black_box(&line), SHOP_HOST, true, SimTime::ZERO).is_ok());
        });
        CookieWork { cookie_bytes: cfg.cookie.name.len() + 1 + value.len(), encode, decode, browser_stores }
    }

    fn thousands(n: f64) -> String {
        let s = format!("{:.0}", n);
        let mut out = String::new();
        for (i, ch) in s.chars().enumerate() {
            if i > 0 && (s.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(ch);
        }
        out
    }

    fn mark(good: bool) -> &'static str {
        if good {
            "ok"
        } else {
            "MISS"
        }
    }

    pub fn main() {
        // `cargo bench` passes `--bench`; a name filter picks stores by label.
        let filter: Vec<String> =
            std::env::args().skip(1).filter(|a| !a.starts_with('-')).map(|a| a.to_lowercase()).collect();
        let stores: Vec<StoreKind> = StoreKind::ALL
            .into_iter()
            .filter(|k| filter.is_empty() || filter.iter().any(|f| k.label().to_lowercase().contains(f.as_str())))
            .collect();

        println!("Session Lab engine bench (issue 3, Performance)");
        println!(
            "Throughput: 4 servers, {} other sessions in the store; alice, bob and mallory each send one request per round (home, log in, \
             add two items, cart, theme, checkout 1-3, account, home, log out), then the world settles; \
             every hop event recorded, log cleared every {CLEAR_EVERY_ROUNDS} rounds. \
             {} warm-up requests, then {BATCHES} timed batches of {} (wall clock, std::time::Instant); \
             heap allocations counted over {} more. Run twice: \"events\" records every event but keeps no \
             exchanges (the issue's figure); \"+exchanges\" also keeps each request's headers and page for \
             the exchange inspector, as the playground does.",
            thousands(BACKGROUND_SESSIONS as f64),
            thousands(WARMUP_REQUESTS as f64),
            thousands(BATCH_REQUESTS as f64),
            thousands(COUNTED_REQUESTS as f64),
        );
        println!(
            "Memory: bytes per stored session = (live-heap growth while alice makes {} sessions - growth of \
             the same run making none) / {} - SessionData::size_bytes(). Counted: store maps and their nodes, \
             the SessionRecord, its ID (one Rc<str> shared by store, ledger and events), the ledger entry, and \
             for the cache its LRU index, for the cached database the server's cached copy too.",
            thousands(SESSIONS as f64),
            thousands(SESSIONS as f64),
        );
        println!();

        // `--events-only`: the headline run alone, for profiling (`perf record`).
        if std::env::args().any(|a| a == "--events-only") {
            for &store in &stores {
                let t = throughput(store, false);
                let rate = t.requests as f64 / t.elapsed.as_secs_f64();
                println!("{:<28}{} requests/s (events only)", store.label(), thousands(rate));
            }
            return;
        }

        let mut rows = Vec::new();
        for &store in &stores {
            let t = throughput(store, false);
            let x = throughput(store, true);
            let m = memory(store);
            for run in [&t, &x] {
                assert_eq!(run.failed, 0, "{}: the bench workload should not fail requests", store.label());
                assert_eq!(run.lost, 0, "{}: the bench workload should not lose sessions", store.label());
            }
            assert_eq!(t.events, x.events, "{}: keeping exchanges must not change the events", store.label());
            if store != StoreKind::SignedCookie {
                assert!(m.held >= SESSIONS, "{}: expected {} sessions held, found {}", store.label(), SESSIONS, m.held);
            }
            eprintln!("  measured {}", store.label());
            rows.push((store, t, x, m));
        }

        println!(
            "{:<27} {:<11} {:<11} {:>9} {:>10} {:>10} {:>13} {:>8} {:>4}   {:>11} {:>6} {:>4}",
            "store",
            "balancing",
            "run",
            "requests",
            "events/req",
            "allocs/req",
            "requests/s",
            "target",
            "",
            "bytes/sess.",
            "target",
            ""
        );
        println!("{}", "-".repeat(140));
        let rate = |t: &Throughput| t.requests as f64 / t.elapsed.as_secs_f64();
        for (store, t, x, m) in &rows {
            let bytes = if *store == StoreKind::SignedCookie {
                format!("{:.0}*", m.per_session)
            } else {
                format!("{:.0}", m.per_session)
            };
            println!(
                "{:<27} {:<11} {:<11} {:>9} {:>10.1} {:>10.1} {:>13} {:>8} {:>4}   {:>11} {:>6} {:>4}",
                store.label(),
                format!("{:?}", balancing_for(*store)),
                "events",
                thousands(t.requests as f64),
                t.events as f64 / t.requests as f64,
                t.allocations_per_request,
                thousands(rate(t)),
                ">= 1M",
                mark(rate(t) >= TARGET_REQUESTS_PER_SEC),
                bytes,
                format!("<= {TARGET_BYTES_PER_SESSION:.0}"),
                mark(m.per_session <= TARGET_BYTES_PER_SESSION),
            );
            println!(
                "{:<27} {:<11} {:<11} {:>9} {:>10.1} {:>10.1} {:>13}",
                "",
                "",
                "+exchanges",
                thousands(x.requests as f64),
                x.events as f64 / x.requests as f64,
                x.allocations_per_request,
                thousands(rate(x)),
            );
        }
        println!();
        println!("Batch spread (requests/s, min - max of {BATCHES} batches; the machine is shared):");
        for (store, t, x, _) in &rows {
            let spread = |t: &Throughput| {
                let min = t.batch_rates.iter().copied().fold(f64::INFINITY, f64::min);
                let max = t.batch_rates.iter().copied().fold(0.0, f64::max);
                format!("{} - {}", thousands(min), thousands(max))
            };
            println!("  {:<27} events {}, +exchanges {}", store.label(), spread(t), spread(x));
        }
        println!();
        println!("Sessions behind the memory figure:");
        for (store, _, _, m) in &rows {
            if *store == StoreKind::SignedCookie {
                println!(
                    "  {:<27} nothing stored on the server; the cookie carries the session: {} bytes (name and \
                     value) for an empty session, 4,096 the limit. * engine bytes: the ledger entry of its ID.",
                    store.label(),
                    m.cookie_bytes
                );
            } else {
                println!(
                    "  {:<27} {} held, data {:.0} bytes each (size_bytes), cookie {} bytes",
                    store.label(),
                    thousands(m.held as f64),
                    m.data_bytes,
                    m.cookie_bytes
                );
            }
        }
        println!(
            "  of which the ledger (what the engine remembers of every ID it ever issued): {:.0} bytes per ID",
            ledger_bytes_per_id()
        );
        if let Some((_, t, _, _)) = rows.iter().find(|(store, ..)| *store == StoreKind::SignedCookie) {
            let c = signed_cookie_work();
            let us = |d: Duration| d.as_secs_f64() * 1e6;
            let per_request = (us(c.encode) + us(c.browser_stores)) * t.writes_per_request;
            println!();
            println!(
                "Signed cookie, the work no faithful engine skips, timed alone ({}-byte cookie): encoding and signing \
                 the session {:.2} us, the browser storing its Set-Cookie line {:.2} us (checking and decoding a \
                 cookie a server did not sign itself: {:.2} us). The workload saves on {:.0}% of requests: {:.2} us \
                 per request for these alone, so at most {} requests/s before any other hop.",
                c.cookie_bytes,
                us(c.encode),
                us(c.browser_stores),
                us(c.decode),
                t.writes_per_request * 100.0,
                per_request,
                thousands(1e6 / per_request),
            );
        }
    }
}
