//! Session Lab: a teaching playground about web sessions and where session
//! data lives.
//!
//! - [`sim`] is the engine: a deterministic simulation of browsers, a load
//!   balancer, servers and their session stores. Plain Rust, no web crates,
//!   its own clock, seeded randomness; tested natively with `cargo test`.
//! - [`lessons`] holds the course as data and the checks of each goal.
//! - [`ui`] draws the engine's state and events with Leptos and sends it actions.
//! - [`persist`] saves progress and the sandbox to the browser's localStorage.

#![warn(missing_docs)]

pub mod lessons;
pub mod persist;
pub mod sim;
pub mod ui;
