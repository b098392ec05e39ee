//! An app server: a process with its own memory, its own disk and, for the
//! cached-database store, its own cache. Restart, crash, start and replace
//! act on these as real deployments do.

use serde::{Deserialize, Serialize};

use super::ids::{ServerNumber, SessionId};
use super::store::{FileStore, MemoryStore, SignedCookieStore};
use super::time::SimTime;

/// Whether a server accepts requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ServerStatus {
    /// Running.
    Up,
    /// Crashed; down until started.
    Down,
}

/// One app server.
#[derive(Clone, Debug)]
pub struct Server {
    /// Its number as drawn.
    pub number: ServerNumber,
    /// Up or down.
    pub status: ServerStatus,
    /// Which process this is: bumped by every restart, start and replace, so
    /// a request begun by an earlier process cannot finish in a later one.
    pub process: u32,
    /// Which machine this is: bumped when the server is replaced.
    pub instance: u32,
    /// When the current process started.
    pub started_at: SimTime,
    /// Sessions in process memory (the in-memory store).
    pub memory: MemoryStore,
    /// Session files on its disk (the file store).
    pub disk: FileStore,
    /// Its cache in front of the shared database (the cached-database store).
    pub local_cache: MemoryStore,
    /// Requests in progress.
    pub in_flight: u32,
    /// Requests answered since the world began.
    pub handled: u64,
    /// When its next cleanup sweep runs, if sweeping.
    pub next_sweep: Option<SimTime>,
    /// The signed-cookie key this process made at start, with the process it
    /// belongs to and the secret it was derived from (only when each process
    /// makes its own: actix's `Key::generate()`). Made when first needed.
    pub process_key: Option<(u32, String, SignedCookieStore)>,
}

impl Server {
    /// A new machine, up, with empty memory and disk.
    pub fn new(number: ServerNumber, now: SimTime) -> Server {
        Server {
            number,
            status: ServerStatus::Up,
            process: 1,
            instance: 1,
            started_at: now,
            memory: MemoryStore::new(),
            disk: FileStore::new(),
            local_cache: MemoryStore::new(),
            in_flight: 0,
            handled: 0,
            next_sweep: None,
            process_key: None,
        }
    }

    /// Whether it accepts requests.
    pub fn is_up(&self) -> bool {
        self.status == ServerStatus::Up
    }

    /// The process ends: memory (sessions and local cache) is lost, the disk
    /// stays. Returns the session IDs that were in memory.
    pub fn stop_process(&mut self) -> Vec<SessionId> {
        self.local_cache.wipe();
        self.in_flight = 0;
        self.process += 1;
        self.memory.wipe()
    }

    /// A new process starts at `now`.
    pub fn start_process(&mut self, now: SimTime) {
        self.status = ServerStatus::Up;
        self.started_at = now;
    }
}
