//! Facts about the world the screen draws, worked out here so that the
//! components only draw them: where a request is, each server's condition,
//! the shared store's state. Each is read from the world's state and
//! events, and changes nothing.

use super::World;
use crate::sim::event::EventKind;
use crate::sim::ids::{BrowserId, RequestId, ServerNumber};
use crate::sim::server::{Server, ServerStatus};
use crate::sim::store::SessionStore;
use crate::sim::time::SimTime;

/// Where a request is on its way, by the last thing that happened to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestPosition {
    /// Between the browser and the load balancer, going out.
    BrowserToBalancer(BrowserId),
    /// Between the balancer and the server it chose.
    BalancerToServer(ServerNumber),
    /// At the server, being handled.
    AtServer(ServerNumber),
    /// Between the server and its session store.
    ServerToStore(ServerNumber),
    /// On its way back to the browser, or shown there.
    BackToBrowser(BrowserId),
}

/// A server's condition, as the screen names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ServerCondition {
    /// Up and running.
    Up,
    /// Up, but its process started again less than 10 seconds ago.
    JustRestarted,
    /// Crashed or stopped; down until started.
    Down,
}

impl ServerCondition {
    /// The word the screen shows.
    pub fn word(self) -> &'static str {
        match self {
            ServerCondition::Up => "up",
            ServerCondition::JustRestarted => "restarted",
            ServerCondition::Down => "DOWN",
        }
    }
}

/// The shared store, if the cluster uses one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SharedStore {
    /// "database" or "cache", as the buttons name it.
    pub name: &'static str,
    /// Records it holds.
    pub sessions: usize,
    /// Whether it answers.
    pub up: bool,
}

/// How long after a restart a server still shows as just restarted.
const JUST_RESTARTED: SimTime = SimTime::secs(10);

impl World {
    /// Where request `req` is, or `None` if nothing is known of it.
    pub fn request_position(&self, req: RequestId) -> Option<RequestPosition> {
        self.journal.events.iter().rev().filter(|e| e.request == Some(req)).find_map(|e| match e.kind {
            EventKind::RequestSent { browser, .. } => Some(RequestPosition::BrowserToBalancer(browser)),
            EventKind::Routed { server, .. } => Some(RequestPosition::BalancerToServer(server)),
            EventKind::ServerReceived { server } | EventKind::SessionCreated { server, .. } => {
                Some(RequestPosition::AtServer(server))
            }
            EventKind::StoreRead { server, .. } | EventKind::StoreWrite { server, .. } => {
                Some(RequestPosition::ServerToStore(server))
            }
            EventKind::PageShown { browser, .. } => Some(RequestPosition::BackToBrowser(browser)),
            EventKind::Responded { .. } => {
                let browser = self.exchange(req).map_or(BrowserId::ALICE, |x| x.browser);
                Some(RequestPosition::BackToBrowser(browser))
            }
            _ => None,
        })
    }

    /// Server `s`'s condition now.
    pub fn server_condition(&self, s: &Server) -> ServerCondition {
        match s.status {
            ServerStatus::Down => ServerCondition::Down,
            ServerStatus::Up if s.process > 1 && self.agenda.now.since(s.started_at) < JUST_RESTARTED => {
                ServerCondition::JustRestarted
            }
            ServerStatus::Up => ServerCondition::Up,
        }
    }

    /// Sessions in server `s`'s memory: its own sessions, or its cache of
    /// the database's under the store that has one.
    pub fn sessions_in_memory(&self, s: &Server) -> usize {
        if self.config.store.has_local_cache() {
            s.local_cache.len()
        } else {
            s.memory.len()
        }
    }

    /// The shared database or cache the cluster uses, if any.
    pub fn shared_store(&self) -> Option<SharedStore> {
        let first = self.cluster.servers.first()?;
        let store = self.config.store.shared_seen(self.sight(first))?;
        Some(SharedStore { name: store.name(), sessions: store.len(), up: store.is_up() })
    }
}

#[cfg(test)]
mod tests {
    use crate::sim::*;

    #[test]
    fn a_request_is_followed_from_the_browser_and_back_and_a_restart_shows_for_ten_seconds() {
        let mut w =
            World::new(WorldConfig { servers: 2, store: StoreKind::Database, ..WorldConfig::default() }, 3).unwrap();
        w.apply(Action::Browser { browser: BrowserId::ALICE, act: BrowserAction::home() }).unwrap();
        let req = w.events().iter().find_map(|e| e.request).unwrap();
        let first = w.request_position(req).unwrap();
        assert!(matches!(first, world::RequestPosition::BrowserToBalancer(BrowserId::ALICE)), "{first:?}");
        w.run(Action::Settle).unwrap();
        assert_eq!(w.request_position(req), Some(world::RequestPosition::BackToBrowser(BrowserId::ALICE)));
        assert_eq!(w.shared_store().map(|s| (s.name, s.sessions, s.up)), Some(("database", 1, true)));
        w.run(Action::RestartServer { server: ServerNumber(1) }).unwrap();
        let s1 = &w.servers()[0];
        assert_eq!(w.server_condition(s1), world::ServerCondition::JustRestarted);
        w.run(Action::Advance { by: SimTime::secs(10) }).unwrap();
        assert_eq!(w.server_condition(&w.servers()[0]).word(), "up");
    }
}
