//! Names of the things in the world: browsers, servers, requests and sessions.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::rc::Rc;

/// A browser in the world: 0 is alice's, 1 bob's, 2 mallory's; from 3 on, the
/// virtual users of a load run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BrowserId(pub u32);

impl BrowserId {
    /// Alice's browser, the active one at start.
    pub const ALICE: BrowserId = BrowserId(0);
    /// Bob's browser.
    pub const BOB: BrowserId = BrowserId(1);
    /// Mallory's browser (the attacker).
    pub const MALLORY: BrowserId = BrowserId(2);
    /// The first virtual user of a load run.
    pub const FIRST_VISITOR: u32 = 3;
}

impl fmt::Display for BrowserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            0 => f.write_str("alice's browser"),
            1 => f.write_str("bob's browser"),
            2 => f.write_str("mallory's browser"),
            n => write!(f, "visitor {}", n - 2),
        }
    }
}

/// A server as the learner sees it drawn: "server 1" is `ServerNumber(1)`.
/// Numbers are stable: removing server 2 leaves servers 1 and 3.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ServerNumber(pub u8);

impl fmt::Display for ServerNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "server {}", self.0)
    }
}

/// One HTTP request, numbered in the order browsers sent them (from 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RequestId(pub u64);

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// A map keyed by session ID with a fast, fixed hash: the engine looks a
/// session up on every request, and needs neither SipHash's defence against
/// keys chosen to collide (the attacker is simulated) nor a random seed
/// (the same inputs give the same world, down to iteration order).
pub type SessionIdMap<V> = std::collections::HashMap<SessionId, V, rustc_hash::FxBuildHasher>;

/// A session ID as it travels in the cookie (after any signature is removed).
/// Cheap to clone: events and stores share one allocation.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SessionId(pub Rc<str>);

impl SessionId {
    /// Wraps an ID string.
    pub fn new(id: &str) -> SessionId {
        SessionId(Rc::from(id))
    }
    /// The ID as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The first 8 characters, as the inspector shows it before focus.
    pub fn short(&self) -> &str {
        let end = self.0.char_indices().nth(8).map_or(self.0.len(), |(i, _)| i);
        &self.0[..end]
    }
}

/// Maps keyed by session ID can be searched with the ID's text: a
/// `SessionId` hashes and compares exactly as its text does.
impl std::borrow::Borrow<str> for SessionId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SessionId({})", self.0)
    }
}

impl fmt::Display for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
