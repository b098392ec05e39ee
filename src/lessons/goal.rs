//! A step's goal: a predicate over the engine's state and the events that
//! happened since the step began, written in the lesson file, e.g.
//! `goal = { then = [{ happened = "server-restarted" }, { page = { browser = "alice", shows = "Welcome back" } }] }`.

use serde::Deserialize;

use crate::sim::{Balancing, BrowserId, Cleanup, Defense, Event, EventKind, LossCause, StoreKind, World};

/// Declares a tag enum naming the variants of an engine enum, written in
/// kebab-case in lesson files, and how to match one.
macro_rules! tags {
    ($(#[$doc:meta])* $name:ident matches $target:ident { $($variant:ident),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum $name {
            $(
                #[doc = concat!("Matches `", stringify!($target), "::", stringify!($variant), "`.")]
                $variant,
            )*
        }

        impl $name {
            /// Whether `x` is of this kind.
            pub fn matches(self, x: &$target) -> bool {
                match self {
                    $($name::$variant => matches!(x, $target::$variant { .. }),)*
                }
            }
        }
    };
}

/// A kind of event, as lesson files name it (`"server-restarted"`): the
/// engine's own list, so every event kind can be named.
pub use crate::sim::event::EventName as Happening;

tags! {
    /// A cause of a lost session, as lesson files name it (`"not-on-this-server"`).
    Loss matches LossCause {
        ServerRestarted, ServerCrashed, ServerReplaced, ServerRemoved, NotOnThisServer, Evicted,
        CacheRestarted, CacheCrashed, StoreDownSessionReset, StoreSwitched, IdleTimeout, AbsoluteTimeout, ExpiredAndCleanedUp, LoggedOut,
        Rotated, BadSignature, UnknownId, CookieExpired, BrowserClosed, CookiesCleared,
        SecureCookieNotSentOverHttp, CookieTooLarge, CookieRenamed, RotatedOnPrivilegeChange, EndedByUser,
        SessionLimit,
    }
}

tags! {
    /// A defense of the security lab, as lesson files name it (`"secure-cookie"`).
    DefenseTag matches Defense {
        Https, TlsToServers, SecureCookie, HttpOnly, SameSite, CsrfToken, RotateOnLogin, RotateOnPrivilegeChange,
        StrictIds, IdEntropy, ServerSideLogout, IdleTimeout, AbsoluteTimeout, HostPrefix, PrecisePath,
        LogOutOtherSessions, ActiveSessionList, SessionLimit,
    }
}

tags! {
    /// A way of cleaning up expired sessions, as lesson files name it (`"sweep"`).
    CleanupKind matches Cleanup { None, LazyOnRead, Sweep, Probabilistic, Ttl }
}

/// One of the named browsers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Who {
    /// alice's browser.
    Alice,
    /// bob's browser.
    Bob,
    /// mallory's browser.
    Mallory,
}

impl Who {
    /// The browser's id in the world.
    pub fn id(self) -> BrowserId {
        match self {
            Who::Alice => BrowserId::ALICE,
            Who::Bob => BrowserId::BOB,
            Who::Mallory => BrowserId::MALLORY,
        }
    }
}

/// Where a step began: goals look only at events and actions from here on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, Deserialize)]
pub struct Window {
    /// Index of the first event of the step.
    pub events: usize,
    /// Index of the first action of the step.
    pub actions: usize,
}

impl Window {
    /// A window starting now.
    pub fn now(world: &World) -> Window {
        Window { events: world.event_count(), actions: world.actions().len() }
    }
}

/// When a step counts as done.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Goal {
    /// Every one of these.
    All(Vec<Goal>),
    /// At least one of these.
    Any(Vec<Goal>),
    /// Not this.
    Not(Box<Goal>),
    /// These, in this order (each after the one before).
    Then(Vec<Goal>),
    /// An event of this kind happened during the step.
    Happened(Happening),
    /// An event of this kind happened at least this often during the step.
    HappenedTimes {
        /// The kind.
        what: Happening,
        /// How often.
        at_least: u32,
    },
    /// A session was lost for this cause during the step.
    Lost(Loss),
    /// One of mallory's attacks was stopped by this defense during the step
    /// (an attack-blocked event naming it).
    Blocked(DefenseTag),
    /// No session was lost during the step (and something happened).
    NoLoss,
    /// The browser loaded a page during the step, and the page it shows contains this text.
    Page {
        /// Whose browser.
        browser: Who,
        /// Text on the page, e.g. "Welcome back, alice".
        shows: String,
    },
    /// The browser holds a session cookie (by the configured name), or none.
    SessionCookie {
        /// Whose browser.
        browser: Who,
        /// True: holds one; false: holds none.
        held: bool,
    },
    /// The cluster uses this session store.
    Store(StoreKind),
    /// The balancer uses this policy.
    Balancing(Balancing),
    /// Expired sessions are cleaned up this way (`cleanup = "probabilistic"`).
    Cleanup(CleanupKind),
    /// The stores together hold this many session records (expired ones included).
    StoreHolds {
        /// At least.
        #[serde(default)]
        at_least: Option<usize>,
        /// At most.
        #[serde(default)]
        at_most: Option<usize>,
    },
    /// A load run happened during the step with at least this many users.
    LoadRun {
        /// At least this many virtual users.
        at_least_users: u32,
        /// Run against this store, if given.
        #[serde(default)]
        store: Option<StoreKind>,
        /// With at most this many sessions lost, if given.
        #[serde(default)]
        lost_at_most: Option<u64>,
    },
}

fn step_events(world: &World, from: usize) -> &[Event] {
    world.events_since(from)
}

impl Goal {
    /// Whether the goal is met, looking at what happened since `window` began.
    pub fn met(&self, world: &World, window: Window) -> bool {
        match self {
            Goal::All(goals) => goals.iter().all(|g| g.met(world, window)),
            Goal::Any(goals) => goals.iter().any(|g| g.met(world, window)),
            Goal::Not(goal) => !goal.met(world, window),
            Goal::Then(goals) => {
                let mut from = window.events;
                goals.iter().all(|g| match g.reached_at(world, Window { events: from, ..window }) {
                    Some(i) => {
                        from = i + 1;
                        true
                    }
                    None => false,
                })
            }
            Goal::HappenedTimes { what, at_least } => {
                step_events(world, window.events).iter().filter(|e| what.matches(&e.kind)).count() >= *at_least as usize
            }
            Goal::NoLoss => {
                let events = step_events(world, window.events);
                !events.is_empty() && !events.iter().any(|e| matches!(e.kind, EventKind::SessionLost { .. }))
            }
            Goal::SessionCookie { browser, held } => {
                let name = &world.config().session.cookie.name;
                let has = world.browser(browser.id()).is_some_and(|b| b.jar.get(name).is_some());
                has == *held
            }
            Goal::Store(kind) => world.config().store == *kind,
            Goal::Balancing(policy) => world.config().balancing == *policy,
            Goal::Cleanup(kind) => kind.matches(&world.config().session.cleanup),
            Goal::StoreHolds { at_least, at_most } => {
                let held: usize = world.store_views(0).iter().map(|v| v.total).sum();
                at_least.is_none_or(|n| held >= n) && at_most.is_none_or(|n| held <= n)
            }
            Goal::LoadRun { at_least_users, store, lost_at_most } => {
                let ran = world
                    .actions()
                    .get(window.actions..)
                    .unwrap_or(&[])
                    .iter()
                    .any(|a| matches!(a, crate::sim::Action::RunLoad { users, .. } if users >= at_least_users));
                ran && world.last_load().is_some_and(|r| {
                    store.is_none_or(|s| r.store == s)
                        && lost_at_most.is_none_or(|n| r.lost_by_cause.values().sum::<u64>() <= n)
                })
            }
            Goal::Happened(_) | Goal::Lost(_) | Goal::Blocked(_) | Goal::Page { .. } => {
                self.reached_at(world, window).is_some()
            }
        }
    }

    /// The index of the event at which the goal was reached, for ordering in
    /// [`Goal::Then`]: the first matching event for event goals, the last
    /// page load for page goals; for state goals, the window's start if met.
    fn reached_at(&self, world: &World, window: Window) -> Option<usize> {
        let events = step_events(world, window.events);
        let at = |i: usize| window.events + i;
        match self {
            Goal::Happened(what) => events.iter().position(|e| what.matches(&e.kind)).map(at),
            Goal::Lost(why) => events
                .iter()
                .position(|e| matches!(&e.kind, EventKind::SessionLost { cause, .. } if why.matches(cause)))
                .map(at),
            Goal::Blocked(by) => events
                .iter()
                .position(|e| matches!(&e.kind, EventKind::AttackBlocked { defense, .. } if by.matches(defense)))
                .map(at),
            Goal::Page { browser, shows } => {
                let id = browser.id();
                let b = world.browser(id)?;
                let showing = b.open && b.page.as_ref().is_some_and(|p| p.text().contains(shows.as_str()));
                if !showing {
                    return None;
                }
                events
                    .iter()
                    .rposition(|e| matches!(e.kind, EventKind::PageShown { browser, .. } if browser == id))
                    .map(at)
            }
            _ => self.met(world, window).then_some(window.events),
        }
    }

    /// Every part of this goal, itself included (for validating lesson data).
    pub fn parts(&self) -> Vec<&Goal> {
        let mut out = vec![self];
        match self {
            Goal::All(gs) | Goal::Any(gs) | Goal::Then(gs) => gs.iter().for_each(|g| out.extend(g.parts())),
            Goal::Not(g) => out.extend(g.parts()),
            _ => {}
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{Action, BrowserAction, ServerNumber, User, WorldConfig};

    fn goal(toml_like_json: &str) -> Goal {
        serde_json::from_str(toml_like_json).unwrap()
    }

    #[test]
    fn restart_then_welcome_back_needs_that_order() {
        let mut w = World::new(WorldConfig { servers: 1, ..WorldConfig::default() }, 3).unwrap();
        let start = Window::now(&w);
        let g = goal(
            r#"{"then": [{"happened": "server-restarted"}, {"page": {"browser": "alice", "shows": "Welcome back, alice"}}]}"#,
        );
        w.run(Action::Browser { browser: BrowserId::ALICE, act: BrowserAction::log_in(User::Alice) }).unwrap();
        assert!(!g.met(&w, start), "logged in before the restart does not count");
        w.run(Action::RestartServer { server: ServerNumber(1) }).unwrap();
        assert!(!g.met(&w, start));
        w.run(Action::Browser { browser: BrowserId::ALICE, act: BrowserAction::log_in(User::Alice) }).unwrap();
        assert!(g.met(&w, start));
    }

    #[test]
    fn lost_matches_the_cause() {
        let mut w = World::new(WorldConfig { servers: 1, ..WorldConfig::default() }, 3).unwrap();
        let start = Window::now(&w);
        w.run(Action::Browser { browser: BrowserId::ALICE, act: BrowserAction::log_in(User::Alice) }).unwrap();
        w.run(Action::RestartServer { server: ServerNumber(1) }).unwrap();
        w.run(Action::Browser { browser: BrowserId::ALICE, act: BrowserAction::Reload }).unwrap();
        assert!(goal(r#"{"lost": "server-restarted"}"#).met(&w, start));
        assert!(!goal(r#"{"lost": "idle-timeout"}"#).met(&w, start));
        assert!(!goal(r#""no_loss""#).met(&w, start));
        assert!(goal(r#"{"not": {"store": "file"}}"#).met(&w, start));
    }

    #[test]
    fn cleanup_matches_the_kind_whatever_its_numbers() {
        let mut config = WorldConfig::default();
        config.session.cleanup = Cleanup::Probabilistic { one_in: 1000 };
        let w = World::new(config, 3).unwrap();
        let start = Window::now(&w);
        assert!(goal(r#"{"cleanup": "probabilistic"}"#).met(&w, start));
        assert!(!goal(r#"{"cleanup": "sweep"}"#).met(&w, start));
        assert!(!goal(r#"{"cleanup": "lazy-on-read"}"#).met(&w, start));
    }

    #[test]
    fn blocked_names_the_defense_that_stopped_the_attack() {
        use crate::sim::Attack;
        let mut config = WorldConfig::default();
        config.session.cookie.http_only = false;
        let mut w = World::new(config, 3).unwrap();
        w.run(Action::Browser { browser: BrowserId::ALICE, act: BrowserAction::log_in(User::Alice) }).unwrap();
        let start = Window::now(&w);
        let xss = Action::Attack { attack: Attack::Xss { victim: BrowserId::ALICE } };
        w.run(xss.clone()).unwrap();
        assert!(goal(r#"{"happened": "hijacked"}"#).met(&w, start));
        assert!(!goal(r#"{"blocked": "http-only"}"#).met(&w, start));
        let mut on = w.config().session.clone();
        on.cookie.http_only = true;
        w.run(Action::SetSession { config: Box::new(on) }).unwrap();
        w.run(Action::Browser { browser: BrowserId::ALICE, act: BrowserAction::log_in(User::Alice) }).unwrap();
        let start = Window::now(&w);
        w.run(xss).unwrap();
        assert!(goal(r#"{"blocked": "http-only"}"#).met(&w, start));
        assert!(!goal(r#"{"blocked": "same-site"}"#).met(&w, start));
        assert!(serde_json::from_str::<Goal>(r#"{"blocked": "moat"}"#).is_err());
    }

    #[test]
    fn unknown_tags_are_refused() {
        assert!(serde_json::from_str::<Goal>(r#"{"happened": "server-exploded"}"#).is_err());
        assert!(serde_json::from_str::<Goal>(r#"{"page": {"browser": "eve", "shows": "x"}}"#).is_err());
    }
}
