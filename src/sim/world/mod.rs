//! The world: browsers, a load balancer, servers and their session stores,
//! on one simulated clock. Inputs are [`World::apply`]; outputs are the
//! [`Event`]s it records. Same config, seed and actions: same events.

mod attack;
mod browser_side;
mod cleanup;
mod commit;
mod controls;
mod cookies;
mod explain;
mod facts;
mod flight;
mod ledger;
mod load;
mod middleware;
mod new_session;
mod ops;
mod storage;

pub use facts::{RequestPosition, ServerCondition, SharedStore};
pub use ledger::{Fate, Ledger};
pub use load::LoadReport;
pub use storage::StoreView;

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fmt;

use super::action::{Action, BrowserAction};
use super::balancer::LoadBalancer;
use super::browser::Browser;
use super::config::{ConfigError, WorldConfig};
use super::event::{Event, EventKind};
use super::http::Exchange;
use super::ids::{BrowserId, RequestId, ServerNumber};
use super::metrics::Metrics;
use super::rng::SimRng;
use super::server::Server;
use super::store::{CacheStore, DatabaseStore, SignedCookieStore};
use super::time::SimTime;
use flight::Flights;

/// Why an action was refused. The world is unchanged when this is returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionError {
    /// What was wrong, in the learner's words.
    pub message: String,
}

impl ActionError {
    pub(crate) fn new(message: impl Into<String>) -> ActionError {
        ActionError { message: message.into() }
    }
}

impl fmt::Display for ActionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ActionError {}

impl From<ConfigError> for ActionError {
    fn from(e: ConfigError) -> ActionError {
        ActionError::new(e.to_string())
    }
}

/// The simulated world.
#[derive(Debug)]
pub struct World {
    config: WorldConfig,
    initial_config: WorldConfig,
    seed: u64,
    rng: SimRng,
    now: SimTime,
    browsers: Vec<Browser>,
    balancer: LoadBalancer,
    servers: Vec<Server>,
    database: DatabaseStore,
    cache: CacheStore,
    cookie_store: SignedCookieStore,
    /// Keys of server processes that ended (when each process makes its own),
    /// the most recent last, kept only to explain a cookie none opens now.
    retired_keys: Vec<SignedCookieStore>,
    events: Vec<Event>,
    exchanges: Vec<Exchange>,
    /// The buffer every request's Cookie header is written in first.
    header_buf: String,
    /// Counts changes of the settings (see `Flight::parsed_with`).
    config_version: u64,
    queue: BinaryHeap<Reverse<(SimTime, u64, u64)>>,
    flights: Flights,
    seq: u64,
    next_request: u64,
    next_sequential_id: u64,
    ledger: Ledger,
    metrics: Metrics,
    actions: Vec<Action>,
    next_cache_expiry: SimTime,
    /// No timer (sweep, cache expiry) is due before this time: a lower
    /// bound, so that the hops between timers skip looking (see `run_timers`).
    timers_quiet_until: SimTime,
    keep_exchanges: bool,
    visitors: Vec<load::Visitor>,
    load_until: SimTime,
    last_load: Option<LoadReport>,
    attacks: attack::AttackState,
    /// The session cookie's Set-Cookie attributes and deleting line, written once per settings.
    written_lines: std::cell::RefCell<cookies::WrittenLines>,
}

impl World {
    /// A world with `config`, its randomness drawn from `seed`.
    pub fn new(config: WorldConfig, seed: u64) -> Result<World, ConfigError> {
        config.validate()?;
        let servers = (1..=config.servers).map(|n| Server::new(ServerNumber(n), SimTime::ZERO)).collect();
        let cookie_store = SignedCookieStore::sealed(
            config.session.secret.as_bytes(),
            config.session.cookie.name.len(),
            config.session.library.cookie_seal,
        );
        let cache = CacheStore::new(config.cache.memory_limit_bytes as usize, config.cache.persistence);
        let mut world = World {
            initial_config: config.clone(),
            config,
            seed,
            rng: SimRng::new(seed),
            now: SimTime::ZERO,
            browsers: Browser::named(),
            balancer: LoadBalancer::new(),
            servers,
            database: DatabaseStore::new(),
            cache,
            cookie_store,
            retired_keys: Vec::new(),
            events: Vec::new(),
            exchanges: Vec::new(),
            header_buf: String::new(),
            config_version: 0,
            queue: BinaryHeap::new(),
            flights: Flights::default(),
            seq: 0,
            next_request: 1,
            next_sequential_id: 0,
            ledger: Ledger::default(),
            metrics: Metrics::default(),
            actions: Vec::new(),
            next_cache_expiry: SimTime::secs(60),
            timers_quiet_until: SimTime::ZERO,
            keep_exchanges: true,
            visitors: Vec::new(),
            load_until: SimTime::ZERO,
            last_load: None,
            attacks: attack::AttackState::default(),
            written_lines: Default::default(),
        };
        world.schedule_all_sweeps();
        Ok(world)
    }

    /// Rebuilds a world from its config, seed and actions.
    pub fn replay(config: WorldConfig, seed: u64, actions: &[Action]) -> Result<World, ReplayError> {
        let mut w = World::new(config, seed).map_err(|e| ReplayError { index: None, message: e.to_string() })?;
        for (i, a) in actions.iter().enumerate() {
            w.apply(a.clone()).map_err(|e| ReplayError { index: Some(i), message: e.message })?;
        }
        Ok(w)
    }

    /// The same world without its last action (nothing to undo: `None`).
    pub fn undo(&self) -> Option<World> {
        let (_, rest) = self.actions.split_last()?;
        World::replay(self.config_at_start(), self.seed, rest).ok()
    }

    /// The world before the learner's last action, dropping with it the
    /// `Step` and `Settle` actions that carried its requests to completion
    /// (what an Undo button means). `None` if there is nothing to undo.
    pub fn undo_click(&self) -> Option<World> {
        let mut end = self.actions.len();
        while end > 0 && matches!(self.actions[end - 1], Action::Step | Action::Settle) {
            end -= 1;
        }
        let keep = end.checked_sub(1)?;
        World::replay(self.config_at_start(), self.seed, &self.actions[..keep]).ok()
    }

    /// Applies one action. On error nothing changed and nothing is recorded.
    pub fn apply(&mut self, action: Action) -> Result<(), ActionError> {
        match &action {
            Action::Browser { browser, act } => self.browser_action(*browser, act)?,
            Action::Advance { by } => {
                if *by == SimTime::ZERO || *by > SimTime::days(365) {
                    return Err(ActionError::new("the clock moves forward by more than 0 and at most 365 days"));
                }
                self.advance(*by);
            }
            Action::Settle => self.settle(),
            Action::Step => self.step(),
            Action::RunLoad { users, minutes } => self.run_load(*users, *minutes)?,
            Action::Attack { attack } => self.attack(*attack)?,
            other => self.world_action(other)?,
        }
        self.actions.push(action);
        Ok(())
    }

    /// Applies an action and then runs every request in progress to completion,
    /// as a click in the playground does. Both are recorded.
    pub fn run(&mut self, action: Action) -> Result<(), ActionError> {
        self.apply(action)?;
        self.apply(Action::Settle)
    }

    /// Shorthand: browser `b` does `act`, and the world settles.
    pub fn browser_do(&mut self, b: BrowserId, act: BrowserAction) -> Result<(), ActionError> {
        self.run(Action::Browser { browser: b, act })
    }

    // ----- reading the world -----

    /// The simulated time now.
    pub fn now(&self) -> SimTime {
        self.now
    }
    /// The current settings.
    pub fn config(&self) -> &WorldConfig {
        &self.config
    }
    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }
    /// Every action applied, in order.
    pub fn actions(&self) -> &[Action] {
        &self.actions
    }
    /// Every event recorded, in order.
    pub fn events(&self) -> &[Event] {
        &self.events
    }
    /// Forgets recorded events and exchanges (metrics stay); for long runs.
    pub fn clear_log(&mut self) {
        self.events.clear();
        self.exchanges.clear();
    }
    /// Whether to keep each request's headers for the exchange inspector.
    pub fn set_keep_exchanges(&mut self, keep: bool) {
        self.keep_exchanges = keep;
    }
    /// Requests and responses of the named browsers, oldest first.
    pub fn exchanges(&self) -> &[Exchange] {
        &self.exchanges
    }
    /// The exchange of request `id`, if kept.
    pub fn exchange(&self, id: RequestId) -> Option<&Exchange> {
        self.exchanges.iter().rev().find(|e| e.id == id)
    }
    /// Counters for the metrics strip.
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }
    /// Every browser: alice, bob, mallory, then any virtual users.
    pub fn browsers(&self) -> &[Browser] {
        &self.browsers
    }
    /// One browser.
    pub fn browser(&self, id: BrowserId) -> Option<&Browser> {
        self.browsers.get(id.0 as usize)
    }
    /// The servers, in number order.
    pub fn servers(&self) -> &[Server] {
        &self.servers
    }
    /// One server by its number.
    pub fn server(&self, n: ServerNumber) -> Option<&Server> {
        self.servers.iter().find(|s| s.number == n)
    }
    /// The shared database.
    pub fn database(&self) -> &DatabaseStore {
        &self.database
    }
    /// The shared cache.
    pub fn cache(&self) -> &CacheStore {
        &self.cache
    }
    /// What the engine knows about every issued ID.
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }
    /// Hops still to run for requests in progress.
    pub fn pending_hops(&self) -> usize {
        self.queue.len()
    }
    /// The time of the next hop, if any request is in progress.
    pub fn next_hop_at(&self) -> Option<SimTime> {
        self.queue.peek().map(|Reverse((t, _, _))| *t)
    }

    // ----- time -----

    /// Runs every hop and timer due up to `now + by`, then sets the clock there.
    fn advance(&mut self, by: SimTime) {
        let until = self.now + by;
        while let Some(&Reverse((t, _, _))) = self.queue.peek() {
            if t > until {
                break;
            }
            self.process_next();
        }
        self.run_timers(until);
        self.now = until;
        self.expire_browser_cookies();
        self.emit(None, EventKind::ClockAdvanced { by });
    }

    /// Runs hops until no request is in progress.
    fn settle(&mut self) {
        while !self.queue.is_empty() {
            self.process_next();
        }
    }

    /// Runs the next hop, if any.
    fn step(&mut self) {
        if !self.queue.is_empty() {
            self.process_next();
        }
    }

    pub(crate) fn schedule(&mut self, at: SimTime, key: u64) {
        self.seq += 1;
        self.queue.push(Reverse((at, self.seq, key)));
    }

    pub(crate) fn emit(&mut self, request: Option<RequestId>, kind: EventKind) {
        self.events.push(Event { at: self.now, request, kind });
    }

    fn config_at_start(&self) -> WorldConfig {
        self.initial_config.clone()
    }

    /// The settings the world started with (before any setting action).
    pub fn initial_config(&self) -> &WorldConfig {
        &self.initial_config
    }
}

/// Why a scenario could not be rebuilt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplayError {
    /// The action that failed (`None`: the config itself).
    pub index: Option<usize>,
    /// What was wrong.
    pub message: String,
}

impl fmt::Display for ReplayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.index {
            Some(i) => write!(f, "action {} could not be applied: {}", i + 1, self.message),
            None => write!(f, "the settings are invalid: {}", self.message),
        }
    }
}

impl std::error::Error for ReplayError {}
