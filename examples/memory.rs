//! Engine memory of a world after the Load panel's largest run (5,000
//! visitors for 24 simulated hours) in the sandbox's first setup (three
//! sticky servers, in-memory sessions), counted by a counting global
//! allocator: `cargo run --release --example memory`. A report, not a test.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering::Relaxed};

use session_lab::sim::presets::sandbox_start_config;
use session_lab::sim::*;

/// Counts live heap bytes (and the most there were) on every allocation.
struct CountingAlloc;

static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by as isize, Relaxed) + by as isize;
    PEAK.fetch_max(now.max(0) as usize, Relaxed);
}

// SAFETY: every call is forwarded unchanged to the system allocator; the
// wrapper only updates counters.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size() as isize, Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size() as isize, Relaxed);
            grew(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

fn mib(bytes: isize) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

fn main() {
    let users = world::MAX_USERS;
    let minutes = world::MAX_MINUTES;
    let start = LIVE.load(Relaxed);
    let mut w = World::new(sandbox_start_config(), 2026).expect("a valid config");
    let fresh = LIVE.load(Relaxed) - start;
    PEAK.store(0, Relaxed);
    let started = std::time::Instant::now();
    w.run(Action::RunLoad { users, minutes }).expect("the load run");
    let took = started.elapsed();
    let after = LIVE.load(Relaxed) - start;
    let events = w.events().len();
    let event_bytes = std::mem::size_of_val(w.events());
    println!(
        "{users} users for {minutes} minutes in {:.1} s: {} requests, {} sessions held, {} IDs in the ledger, {} events kept in full",
        took.as_secs_f64(),
        w.metrics().requests,
        w.sessions_held(),
        w.ledger().len(),
        events
    );
    println!(
        "engine bytes: {after} ({}) after the run; a fresh world {fresh}; at most {} during the run; events alone at least {event_bytes} ({})",
        mib(after),
        mib(PEAK.load(Relaxed) as isize - start),
        mib(event_bytes as isize)
    );
    // What a cancellable load run copies: the world before it (small here),
    // or a world this big when another run follows.
    let copying = std::time::Instant::now();
    let copy = w.clone();
    println!(
        "cloning the world after the run: {:.1} ms, {} kept in full of {} events",
        copying.elapsed().as_secs_f64() * 1000.0,
        copy.events().len(),
        copy.event_count()
    );
    drop(copy);
    drop(w);
}
