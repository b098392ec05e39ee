//! The world: browsers, a load balancer, servers and their session stores,
//! on one simulated clock. Inputs are [`World::apply`]; outputs are the
//! [`Event`]s it records. Same config, seed and actions: same events.

mod agenda;
mod attack;
mod browser_actions;
mod browser_side;
mod cleanup;
mod clock;
mod cluster;
mod commit;
mod controls;
mod cookies;
mod explain;
mod facts;
mod flight;
mod journal;
mod ledger;
mod lifecycle;
mod load;
mod load_job;
mod middleware;
mod new_session;
mod replay;
mod request;
mod rewind;
mod settings;
mod storage;
mod store_ops;

pub use facts::{RequestPosition, ServerCondition, SharedStore};
pub use journal::{EventSummary, DROP_CHUNK, EVENT_LOG_CAP};
pub use ledger::{Fate, Ledger};
pub use load::{LoadReport, MAX_MINUTES, MAX_USERS};
pub use load_job::{LoadJob, Progress};
pub use replay::{Replay, MAX_REPLAY_WORK};
pub use rewind::{hop_count, hop_starts, Rewind};
pub use storage::StoreView;

use std::fmt;

use super::action::{Action, BrowserAction};
use super::browser::Browser;
use super::config::{ConfigError, WorldConfig};
use super::event::{Event, EventKind};
use super::http::Exchange;
use super::ids::{BrowserId, RequestId, ServerNumber};
use super::metrics::Metrics;
use super::rng::SimRng;
use super::server::Server;
use super::store::{CacheStore, DatabaseStore};
use super::time::SimTime;
use agenda::{Agenda, Due};
use cluster::Cluster;
use journal::Journal;
use request::Flights;

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

/// The simulated world: a few rooms, each its own type with its own
/// methods, and the public API. [`World::apply`] hands each action to one
/// small handler; the poll loop ([`World::process_next`]) hands each
/// [`Due`] entry of the agenda to its handler.
#[derive(Clone, Debug)]
pub struct World {
    config: WorldConfig,
    initial_config: WorldConfig,
    /// Counts changes of the settings (see `Flight::parsed_with`).
    config_version: u64,
    seed: u64,
    rng: SimRng,
    /// The people: alice, bob, mallory, then any load-run visitors.
    browsers: Vec<Browser>,
    /// The balancer, servers and shared stores.
    cluster: Cluster,
    /// The clock and what is due on it.
    agenda: Agenda,
    /// Requests in flight.
    flights: Flights,
    /// What was applied and what happened.
    journal: Journal,
    /// The load run's visitors.
    load_run: load::LoadRun,
    /// What the attacker holds and has planted.
    attacks: attack::AttackState,
    /// Numbers for the next request and the next sequential session ID.
    counters: Counters,
    /// The buffer every request's Cookie header is written in first.
    header_buf: String,
    /// The session cookie's Set-Cookie attributes and deleting line, written once per settings.
    written_lines: std::cell::RefCell<cookies::WrittenLines>,
    /// Steps of simulation done so far (see [`World::work_done`]).
    work: u64,
    /// A load run is under way in slices ([`LoadJob`]): other actions wait.
    busy: bool,
    /// Whether the world refuses to grow past what a link, a file or a saved
    /// sandbox may hold (see [`World::set_growth_limited`]).
    growth_limited: bool,
}

/// Numbers the world hands out in order.
#[derive(Clone, Debug)]
struct Counters {
    next_request: u64,
    next_sequential_id: u64,
}

impl World {
    /// A world with `config`, its randomness drawn from `seed`.
    pub fn new(config: WorldConfig, seed: u64) -> Result<World, ConfigError> {
        config.validate()?;
        let journal = Journal::new(&config);
        let mut world = World {
            initial_config: config.clone(),
            cluster: Cluster::new(&config),
            config,
            config_version: 0,
            seed,
            rng: SimRng::new(seed),
            browsers: Browser::named(),
            agenda: Agenda::default(),
            flights: Flights::default(),
            journal,
            load_run: load::LoadRun::default(),
            attacks: attack::AttackState::default(),
            counters: Counters { next_request: 1, next_sequential_id: 0 },
            header_buf: String::new(),
            written_lines: Default::default(),
            work: 0,
            busy: false,
            growth_limited: true,
        };
        world.schedule_all_sweeps();
        Ok(world)
    }

    /// Rebuilds a world from its config, seed and actions.
    pub fn replay(config: WorldConfig, seed: u64, actions: &[Action]) -> Result<World, ReplayError> {
        Replay::new(config, seed, actions.to_vec())?.finish()
    }

    /// The same world without its last action (nothing to undo: `None`).
    pub fn undo(&self) -> Option<World> {
        let (_, rest) = self.journal.actions.split_last()?;
        World::replay(self.config_at_start(), self.seed, rest).ok()
    }

    /// The world before the learner's last action, dropping with it the
    /// `Step` and `Settle` actions that carried its requests to completion
    /// (what an Undo button means). `None` if there is nothing to undo.
    pub fn undo_click(&self) -> Option<World> {
        let mut end = self.journal.actions.len();
        while end > 0 && matches!(self.journal.actions[end - 1], Action::Step | Action::Settle) {
            end -= 1;
        }
        let keep = end.checked_sub(1)?;
        World::replay(self.config_at_start(), self.seed, &self.journal.actions[..keep]).ok()
    }

    /// Applies one action. On error nothing changed and nothing is recorded.
    pub fn apply(&mut self, action: Action) -> Result<(), ActionError> {
        self.refuse_while_busy()?;
        action.check_range().map_err(ActionError::new)?;
        self.check_world_work(&action)?;
        match &action {
            Action::Browser { browser, act } => self.browser_action(*browser, act)?,
            Action::RestartServer { server } => self.on_restart_server(*server)?,
            Action::CrashServer { server } => self.on_crash_server(*server)?,
            Action::StartServer { server } => self.on_start_server(*server)?,
            Action::ReplaceServer { server } => self.on_replace_server(*server)?,
            Action::AddServer => self.on_add_server()?,
            Action::RemoveServer { server } => self.on_remove_server(*server)?,
            Action::StoreDown => self.on_store_outage(false)?,
            Action::StoreUp => self.on_store_outage(true)?,
            Action::RestartStore => self.on_restart_store(false)?,
            Action::CrashStore => self.on_restart_store(true)?,
            Action::SwitchStore { to } => self.on_switch_store(*to)?,
            Action::SetTlsToServers { on } => self.on_set_tls_to_servers(*on),
            Action::SetBalancing { policy } => self.on_set_balancing(*policy),
            Action::SetSession { config } => self.on_set_session(config)?,
            Action::SetCache { settings } => self.on_set_cache(settings)?,
            Action::ApplyPreset { preset } => self.on_apply_preset(*preset)?,
            Action::Advance { by } => self.on_advance(*by)?,
            Action::Settle => self.settle(),
            Action::Step => self.step(),
            Action::RunLoad { users, minutes } => self.run_load(*users, *minutes)?,
            Action::Attack { attack } => self.attack(*attack)?,
        }
        self.journal.record(action);
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
        self.agenda.now
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
        &self.journal.actions
    }
    /// The events kept in full, oldest first: the latest
    /// [`EVENT_LOG_CAP`] at least; older ones are counted in
    /// [`World::event_summary`]. The first is event number
    /// [`World::events_dropped`].
    pub fn events(&self) -> &[Event] {
        &self.journal.events
    }
    /// How many events were ever recorded, kept in full or not: the number
    /// the next one will have (what a lesson's step or an action remembers
    /// as "from here on").
    pub fn event_count(&self) -> usize {
        self.journal.event_count()
    }
    /// How many events are no longer kept in full (the number of the first kept).
    pub fn events_dropped(&self) -> usize {
        self.journal.first_kept
    }
    /// The events kept from number `n` on (all those kept, if `n` is older).
    pub fn events_since(&self, n: usize) -> &[Event] {
        self.journal.events_since(n)
    }
    /// What the events no longer kept were: counts by kind, losses by cause.
    pub fn event_summary(&self) -> &EventSummary {
        &self.journal.summary
    }
    /// Forgets recorded events and exchanges (metrics stay, and event numbers
    /// go on); for benchmarks that must not pay for the log.
    pub fn clear_log(&mut self) {
        self.journal.clear_log();
    }
    /// Whether the world refuses an action that would take it past what a
    /// link, a file or a saved sandbox may hold (on, as the page needs: its
    /// world can always be saved, shared and opened again). A benchmark that
    /// runs millions of requests in one world turns it off.
    pub fn set_growth_limited(&mut self, on: bool) {
        self.growth_limited = on;
    }
    /// Whether to keep each request's headers for the exchange inspector.
    pub fn set_keep_exchanges(&mut self, keep: bool) {
        self.journal.keep_exchanges = keep;
    }
    /// Requests and responses of the named browsers, oldest first.
    pub fn exchanges(&self) -> &[Exchange] {
        &self.journal.exchanges
    }
    /// The exchange of request `id`, if kept.
    pub fn exchange(&self, id: RequestId) -> Option<&Exchange> {
        self.journal.exchanges.iter().rev().find(|e| e.id == id)
    }
    /// Counters for the metrics strip.
    pub fn metrics(&self) -> &Metrics {
        &self.journal.metrics
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
        &self.cluster.servers
    }
    /// One server by its number.
    pub fn server(&self, n: ServerNumber) -> Option<&Server> {
        self.cluster.servers.iter().find(|s| s.number == n)
    }
    /// The shared database.
    pub fn database(&self) -> &DatabaseStore {
        &self.cluster.database
    }
    /// The shared cache.
    pub fn cache(&self) -> &CacheStore {
        &self.cluster.cache
    }
    /// What the engine knows about every issued ID.
    pub fn ledger(&self) -> &Ledger {
        &self.journal.ledger
    }
    /// Hops still to run for requests in progress.
    pub fn pending_hops(&self) -> usize {
        self.agenda.moves_pending()
    }
    /// The time of the next hop, if any request is in progress.
    pub fn next_hop_at(&self) -> Option<SimTime> {
        self.agenda.next_move_at()
    }

    pub(crate) fn schedule(&mut self, at: SimTime, due: Due) {
        self.agenda.schedule(at, due);
    }

    pub(crate) fn emit(&mut self, request: Option<RequestId>, kind: EventKind) {
        self.journal.emit(self.agenda.now, request, kind);
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
