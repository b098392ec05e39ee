//! The Session Lab engine: a deterministic simulation of browsers, a load
//! balancer, app servers and their session stores.
//!
//! **Determinism contract.** A [`World`] is fully determined by its
//! [`WorldConfig`], its seed and the list of [`Action`]s applied to it: the
//! same inputs give the same [`Event`]s, byte for byte. The engine has its own
//! clock ([`SimTime`]) that moves only when an action says so, draws all
//! randomness from one ChaCha20 stream seeded by the seed, and never touches
//! the real clock, the network or the browser. That gives undo (replay all
//! but the last action), share links (config, seed and actions in a URL) and
//! reproducible bug reports.
//!
//! ```
//! use session_lab::sim::*;
//!
//! let mut w = World::new(WorldConfig::default(), 7).unwrap();
//! w.browser_do(BrowserId::ALICE, BrowserAction::log_in(User::Alice)).unwrap();
//! w.run(Action::RestartServer { server: ServerNumber(1) }).unwrap();
//! w.browser_do(BrowserId::ALICE, BrowserAction::Reload).unwrap();
//! assert_eq!(w.browser(BrowserId::ALICE).unwrap().page.as_ref().unwrap().heading, "Hello, guest");
//! assert!(w.events().iter().any(|e| matches!(e.kind,
//!     EventKind::SessionLost { cause: LossCause::ServerRestarted { .. }, .. })));
//! ```

pub mod action;
mod action_check;
pub mod attack;
pub mod balancer;
pub mod browser;
pub mod config;
mod config_check;
mod config_error;
pub mod cookie_date;
pub mod cost;
pub mod defense;
pub mod describe;
mod describe_security;
pub mod event;
mod event_group;
mod event_parts;
pub mod http;
pub mod ids;
pub mod jar;
pub mod library;
pub mod loss;
pub mod metrics;
pub mod picture;
mod preset_settings;
pub mod presets;
pub mod public_suffix;
pub mod reality;
pub mod rng;
pub mod scenario;
pub mod server;
pub mod session;
pub mod set_cookie;
pub mod shared_list;
pub mod shop;
pub mod signing;
pub mod store;
pub mod time;
pub mod words;
pub mod workload;
pub mod world;

pub use action::{Action, BrowserAction};
pub use action_check::{MAX_ADVANCE, MAX_DRAFT_CHARS};
pub use attack::{Attack, AttackKind, AttackMiss, FixedId, ForgedRequest, Plant, Theft};
pub use balancer::Balancing;
pub use config::{Cleanup, ConfigError, SessionConfig, WorldConfig};
pub use defense::Defense;
pub use event::{Event, EventCategory, EventKind};
pub use http::Route;
pub use ids::{BrowserId, RequestId, ServerNumber, SessionId};
pub use loss::{ExpiryKind, LossCause};
pub use presets::Preset;
pub use scenario::Scenario;
pub use session::{Item, SessionData, SessionRecord, Theme, User};
pub use store::StoreKind;
pub use time::SimTime;
pub use world::{ActionError, World};
