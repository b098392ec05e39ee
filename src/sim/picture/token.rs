//! The request on its way: where the latest request of a named browser is,
//! the cookie it carries, what its store lookup found and which server
//! handled it, read from the world's events.

use super::chip::short;
use crate::sim::event::{EventKind, ReadOutcome};
use crate::sim::http::cookie_in_header;
use crate::sim::ids::{BrowserId, RequestId, ServerNumber};
use crate::sim::world::{RequestPosition, World};

/// The latest request of a named browser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Which request.
    pub request: RequestId,
    /// Whose browser sent it.
    pub browser: BrowserId,
    /// Where it is.
    pub position: RequestPosition,
    /// The label it travels with: "sid=cfdb…", or "no cookie".
    pub carries: String,
    /// What the store lookup found: "cfdb… found", "cfdb… not found here".
    pub lookup: Option<String>,
    /// The server the balancer chose.
    pub server: Option<ServerNumber>,
    /// The response's status, once answered.
    pub status: Option<u16>,
}

impl Token {
    /// The latest request alice, bob or mallory sent, if any.
    pub fn latest(world: &World) -> Option<Token> {
        let exchange = world.exchanges().last()?;
        let request = exchange.id;
        let position = world.request_position(request)?;
        let name = world.config().session.cookie.name.as_str();
        let header = exchange.request_headers.iter().find(|h| h.name == "Cookie");
        let carries = match header.and_then(|h| cookie_in_header(&h.value, name)) {
            Some(value) => format!("{name}={}", short(world.session_id_in(&value).as_str())),
            None => "no cookie".to_string(),
        };
        let mut token =
            Token { request, browser: exchange.browser, position, carries, lookup: None, server: None, status: None };
        for e in world.events().iter().rev().filter(|e| e.request == Some(request)) {
            match &e.kind {
                EventKind::StoreRead { session, outcome, .. } if token.lookup.is_none() => {
                    token.lookup = Some(lookup_words(&short(session.as_str()), *outcome));
                }
                EventKind::Routed { server, .. } if token.server.is_none() => token.server = Some(*server),
                EventKind::Responded { status, .. } | EventKind::PageShown { status, .. } if token.status.is_none() => {
                    token.status = Some(*status);
                }
                _ => {}
            }
        }
        Some(token)
    }

    /// One line: "alice's request, sid=cfdb…: at server 1; cfdb… found".
    pub fn summary(&self) -> String {
        let at = match self.position {
            RequestPosition::BrowserToBalancer(_) => "on its way to the load balancer".to_string(),
            RequestPosition::BalancerToServer(s) => format!("on its way to {s}"),
            RequestPosition::AtServer(s) => format!("at {s}"),
            RequestPosition::ServerToStore(s) => format!("at {s}'s session store"),
            RequestPosition::BackToBrowser(b) => match self.status {
                Some(status) => format!("answered {status}, back at {b}"),
                None => format!("on its way back to {b}"),
            },
        };
        let lookup = self.lookup.as_ref().map(|l| format!("; {l}")).unwrap_or_default();
        format!("{}'s request, {}: {at}{lookup}", person(self.browser), self.carries)
    }
}

/// "cfdb… found", "cfdb… not found here", "cfdb… expired".
fn lookup_words(id: &str, outcome: ReadOutcome) -> String {
    match outcome {
        ReadOutcome::Hit => format!("{id} found"),
        ReadOutcome::CacheHit => format!("{id} found in the server's cache"),
        ReadOutcome::Miss => format!("{id} not found here"),
        ReadOutcome::Expired => format!("{id} found, but expired"),
    }
}

/// "alice", "bob", "mallory" or "a visitor".
fn person(b: BrowserId) -> &'static str {
    match b {
        BrowserId::ALICE => "alice",
        BrowserId::BOB => "bob",
        BrowserId::MALLORY => "mallory",
        _ => "a visitor",
    }
}
