//! The servers' lives: restart, crash, start, replace, add and remove, one
//! handler each. Each records what was lost and why.

use super::{ActionError, World};
use crate::sim::config::{OutageReply, MAX_SERVERS};
use crate::sim::event::EventKind;
use crate::sim::ids::{ServerNumber, SessionId};
use crate::sim::loss::LossCause;
use crate::sim::server::{Server, ServerStatus};
use crate::sim::store::StoreKind;

impl World {
    /// The server's process ends and a new one starts on the same machine.
    pub(super) fn on_restart_server(&mut self, server: ServerNumber) -> Result<(), ActionError> {
        let idx = self.existing(server)?;
        if !self.cluster.servers[idx].is_up() {
            return Err(ActionError::new(format!("{server} is down; start it instead")));
        }
        let lost = self.stop_server(idx, LossCause::ServerRestarted { server });
        self.cluster.servers[idx].start_process(self.agenda.now);
        self.schedule_sweep(idx);
        self.emit(None, EventKind::ServerRestarted { server, lost });
        Ok(())
    }

    /// The server's process dies; it stays down until started.
    pub(super) fn on_crash_server(&mut self, server: ServerNumber) -> Result<(), ActionError> {
        let idx = self.existing(server)?;
        if !self.cluster.servers[idx].is_up() {
            return Err(ActionError::new(format!("{server} is already down")));
        }
        self.crash_server(idx);
        Ok(())
    }

    /// A crashed server starts again.
    pub(super) fn on_start_server(&mut self, server: ServerNumber) -> Result<(), ActionError> {
        let idx = self.existing(server)?;
        if self.cluster.servers[idx].is_up() {
            return Err(ActionError::new(format!("{server} is already up")));
        }
        self.cluster.servers[idx].start_process(self.agenda.now);
        self.schedule_sweep(idx);
        self.emit(None, EventKind::ServerStarted { server });
        Ok(())
    }

    /// A new machine takes the server's place: its memory and disk are new.
    pub(super) fn on_replace_server(&mut self, server: ServerNumber) -> Result<(), ActionError> {
        let idx = self.existing(server)?;
        let cause = LossCause::ServerReplaced { server };
        self.cluster.retire_process_key(idx);
        let mut lost = self.stop_server(idx, cause);
        lost += self.wipe_disk(idx, cause);
        let old = &self.cluster.servers[idx];
        let (instance, process) = (old.instance + 1, old.process + 1);
        let fresh = &mut self.cluster.servers[idx];
        *fresh = Server::new(server, self.agenda.now);
        fresh.instance = instance;
        fresh.process = process;
        self.schedule_sweep(idx);
        self.emit(None, EventKind::ServerReplaced { server, lost });
        Ok(())
    }

    /// A server joins the pool with the lowest free number.
    pub(super) fn on_add_server(&mut self) -> Result<(), ActionError> {
        let servers = &self.cluster.servers;
        if servers.len() >= MAX_SERVERS as usize {
            return Err(ActionError::new(format!("a world has at most {MAX_SERVERS} servers")));
        }
        let number = (1..=MAX_SERVERS)
            .map(ServerNumber)
            .find(|n| self.cluster.server_index(*n).is_none())
            .unwrap_or(ServerNumber(MAX_SERVERS));
        let at = servers.iter().position(|s| s.number > number).unwrap_or(servers.len());
        self.cluster.servers.insert(at, Server::new(number, self.agenda.now));
        self.schedule_sweep(at);
        self.emit(None, EventKind::ServerAdded { server: number });
        Ok(())
    }

    /// A server leaves the pool, its memory and disk with it.
    pub(super) fn on_remove_server(&mut self, server: ServerNumber) -> Result<(), ActionError> {
        let idx = self.existing(server)?;
        if self.cluster.servers.len() == 1 {
            return Err(ActionError::new("the last server cannot be removed; a world has at least 1"));
        }
        let cause = LossCause::ServerRemoved { server };
        self.cluster.retire_process_key(idx);
        let mut lost = self.stop_server(idx, cause);
        lost += self.wipe_disk(idx, cause);
        self.cluster.servers.remove(idx);
        self.emit(None, EventKind::ServerRemoved { server, lost });
        Ok(())
    }

    /// Crashes every server that is up when the library's store client kills
    /// its process on a lost connection (connect-redis 9.0.0 set up as its
    /// README shows: node-redis emits `error` with no listener, and Node.js
    /// exits; measured: both app servers exit when Redis stops).
    pub(super) fn crash_servers_whose_client_dies(&mut self) {
        if self.config.session.library.store_outage != OutageReply::ServerCrashes {
            return;
        }
        for idx in 0..self.cluster.servers.len() {
            if self.cluster.servers[idx].is_up() {
                self.crash_server(idx);
            }
        }
    }

    /// Ends a server's process; it stays down until started.
    fn crash_server(&mut self, idx: usize) {
        let server = self.cluster.servers[idx].number;
        let lost = self.stop_server(idx, LossCause::ServerCrashed { server });
        self.cluster.servers[idx].status = ServerStatus::Down;
        self.cluster.servers[idx].next_sweep = None;
        self.emit(None, EventKind::ServerCrashed { server, lost });
    }

    fn existing(&self, n: ServerNumber) -> Result<usize, ActionError> {
        self.cluster.server_index(n).ok_or_else(|| ActionError::new(format!("there is no {n}")))
    }

    /// Ends a server's process; sessions in its memory are lost with `cause`
    /// when memory is where the cluster keeps them. Returns how many.
    fn stop_server(&mut self, idx: usize, cause: LossCause) -> u32 {
        let ids = self.cluster.servers[idx].stop_process();
        self.lost_if_in_use(StoreKind::InMemory, &ids, cause)
    }

    /// Throws a server's disk away.
    fn wipe_disk(&mut self, idx: usize, cause: LossCause) -> u32 {
        let ids = self.cluster.servers[idx].disk.wipe();
        self.lost_if_in_use(StoreKind::File, &ids, cause)
    }

    /// Marks `ids` lost with `cause` when `kind` is where the cluster keeps
    /// sessions (else they were leftovers of an earlier store). Returns how many.
    fn lost_if_in_use(&mut self, kind: StoreKind, ids: &[SessionId], cause: LossCause) -> u32 {
        if self.config.store != kind {
            return 0;
        }
        self.mark_lost(ids, cause);
        self.sample_store_size();
        ids.len() as u32
    }

    /// Records that `ids` were lost with `cause`.
    pub(super) fn mark_lost(&mut self, ids: &[SessionId], cause: LossCause) {
        for id in ids {
            self.journal.ledger.lost(id, cause);
        }
    }
}
