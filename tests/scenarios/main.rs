//! World-level scenarios, written as scripts, one file a topic: expiry to
//! the millisecond, rotation and logout, the balancer, each preset's cookie,
//! determinism and undo with scenario files and share links, concurrency
//! (two tabs, caches, outages), stores (evictions, sizes, switches, signing
//! secrets), cookie renames, load runs, long work in slices (a load run stepped and cancelled, a
//! replay stepped), and links from strangers (their work
//! stated and limited before anything is replayed).
#![cfg(not(target_arch = "wasm32"))]

#[path = "../common/mod.rs"]
mod common;
mod helpers;

mod balancer;
mod concurrency;
mod cookies;
mod determinism;
mod expiry;
mod hostile_links;
mod load;
mod presets;
mod rotation_logout;
mod slices;
mod stores;
