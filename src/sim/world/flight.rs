//! A request's journey, hop by hop: browser -> balancer -> server (read the
//! session, run the shop) -> commit (write the session) -> balancer ->
//! browser. Each hop is scheduled on the clock with the cost model's latency,
//! so requests of one session can overlap, as they do in real life.
//! The browser's two ends of the journey are in `browser_side.rs`.

use super::agenda::Due;
use super::request::{Flight, Reply, Stage};
use super::World;
use crate::sim::balancer::{Balancing, Candidate, RouteReason, AFFINITY_COOKIE};
use crate::sim::config::MAX_SERVERS;
use crate::sim::event::EventKind;
use crate::sim::http::{cookie_in_header, cookie_range_in_header, Page};
use crate::sim::ids::{RequestId, ServerNumber, SessionId};
use crate::sim::store::StoreKind;
use crate::sim::time::SimTime;

impl World {
    pub(crate) fn emit_if(&mut self, record: bool, request: Option<RequestId>, kind: EventKind) {
        if record {
            self.emit(request, kind);
        }
    }

    /// The next hop of the request in flight `slot`: it reaches the
    /// balancer, a server, its commit, or the browser again.
    #[inline(always)]
    pub(crate) fn on_hop(&mut self, slot: u32) {
        let Some(mut flight) = self.flights.take(slot) else {
            return;
        };
        let next = match flight.stage {
            Stage::ToBalancer => self.at_balancer(&mut flight),
            Stage::ToServer => self.at_server(&mut flight),
            Stage::Commit => self.at_commit(&mut flight),
            Stage::ToBrowser => {
                self.at_browser(&mut flight);
                self.flights.release(slot, flight);
                return;
            }
        };
        self.flights.put_back(slot, flight);
        self.schedule(next, Due::Hop(slot));
    }

    fn at_balancer(&mut self, f: &mut Flight) -> SimTime {
        let policy = self.config.balancing;
        // Only the sticky policy reads its affinity cookie (the others would
        // ignore it, so the header is not parsed for them).
        let affinity = if f.parsed_with == self.config_version {
            f.affinity
        } else {
            // The settings changed on the way: the header is read again.
            let header = f.cookie_header.as_deref();
            self.sticky_affinity(header.and_then(|h| cookie_in_header(h, AFFINITY_COOKIE)).as_deref())
        };
        // The balancer's view of the servers, on the stack: a world never has
        // more than MAX_SERVERS (the config and AddServer refuse more).
        debug_assert!(self.cluster.servers.len() <= MAX_SERVERS as usize);
        let mut view = [Candidate { number: ServerNumber(0), up: false, in_flight: 0 }; MAX_SERVERS as usize];
        for (c, s) in view.iter_mut().zip(&self.cluster.servers) {
            *c = Candidate { number: s.number, up: s.is_up(), in_flight: s.in_flight };
        }
        let candidates = &view[..self.cluster.servers.len().min(view.len())];
        let ip = self.browsers[f.browser.0 as usize].ip;
        let lb_to_browser = SimTime::micros(self.config.costs.browser_to_balancer_us);
        match self.cluster.balancer.route(policy, candidates, affinity, ip, &mut self.rng) {
            None => {
                self.emit(Some(f.id), EventKind::NoServerUp);
                f.reply = Some(Reply::error(503, "The load balancer has no server that is up."));
                f.stage = Stage::ToBrowser;
                self.agenda.now + lb_to_browser
            }
            Some((number, why)) => {
                if policy == Balancing::Sticky
                    && matches!(why, RouteReason::StickyNew | RouteReason::StickyTargetDown { .. })
                {
                    f.set_affinity = Some(number);
                }
                let idx = self.server_index(number).unwrap_or(0);
                self.cluster.servers[idx].in_flight += 1;
                f.server = Some((number, self.cluster.servers[idx].process));
                self.emit_if(f.record, Some(f.id), EventKind::Routed { server: number, why });
                f.stage = Stage::ToServer;
                self.agenda.now + SimTime::micros(self.config.costs.balancer_to_server_us)
            }
        }
    }

    /// The server, if it is still the same process that got the request.
    fn live_server(&self, f: &Flight) -> Option<usize> {
        let (number, process) = f.server?;
        let idx = self.server_index(number)?;
        let s = &self.cluster.servers[idx];
        (s.is_up() && s.process == process).then_some(idx)
    }

    fn bad_gateway(&mut self, f: &mut Flight) -> SimTime {
        let number = f.server.map(|s| s.0);
        self.emit(Some(f.id), EventKind::Responded { server: None, status: 502 });
        f.reply = Some(Reply::error(
            502,
            match number {
                Some(n) => format!("{n} went away while handling the request."),
                None => "The server went away while handling the request.".into(),
            },
        ));
        f.work = None;
        f.stage = Stage::ToBrowser;
        self.agenda.now
            + SimTime::micros(self.config.costs.balancer_to_server_us + self.config.costs.browser_to_balancer_us)
    }

    fn at_server(&mut self, f: &mut Flight) -> SimTime {
        let Some(idx) = self.live_server(f) else {
            return self.bad_gateway(f);
        };
        let number = self.cluster.servers[idx].number;
        if let Some((id, free_at)) = self.session_file_wait(f) {
            // PHP blocks in session_start until the holder's request ends.
            if !f.waited {
                f.waited = true;
                self.emit(Some(f.id), EventKind::WaitedForSessionLock { server: number, session: id });
            }
            return free_at;
        }
        if !f.waited {
            self.emit_if(f.record, Some(f.id), EventKind::ServerReceived { server: number });
        }
        match self.read_session(idx, f) {
            Ok((work, took)) => {
                if self.config.store == StoreKind::File && self.config.session.library.locks_session_file {
                    // The file it read (or, for an ID it adopts, will write) stays locked until the commit.
                    f.locked = work.session.as_ref().map(|r| r.id.clone()).or_else(|| work.adopt.clone());
                }
                f.work = Some(work);
                f.stage = Stage::Commit;
                f.commit_at = self.agenda.now + took;
                f.commit_at
            }
            Err((reply, took)) => {
                self.cluster.servers[idx].in_flight = self.cluster.servers[idx].in_flight.saturating_sub(1);
                self.emit_if(f.record, Some(f.id), EventKind::Responded { server: Some(number), status: reply.status });
                f.reply = Some(reply);
                f.stage = Stage::ToBrowser;
                self.agenda.now
                    + took
                    + SimTime::micros(
                        self.config.costs.balancer_to_server_us + self.config.costs.browser_to_balancer_us,
                    )
            }
        }
    }

    fn at_commit(&mut self, f: &mut Flight) -> SimTime {
        let Some(idx) = self.live_server(f) else {
            return self.bad_gateway(f);
        };
        let number = self.cluster.servers[idx].number;
        let work = f.work.take();
        let (reply, took) = match work {
            Some(w) => self.commit_session(idx, f, w),
            None => (Reply { status: 500, set_cookies: Vec::new(), page: Page::default() }, SimTime::ZERO),
        };
        let s = &mut self.cluster.servers[idx];
        s.in_flight = s.in_flight.saturating_sub(1);
        s.handled += 1;
        self.emit_if(f.record, Some(f.id), EventKind::Responded { server: Some(number), status: reply.status });
        let mut reply = reply;
        if let Some(n) = f.set_affinity {
            reply.set_cookies.push(self.cluster.balancer.affinity_set_cookie(n).to_string());
        }
        f.reply = Some(reply);
        f.stage = Stage::ToBrowser;
        self.sample_store_size();
        self.agenda.now
            + took
            + SimTime::micros(self.config.costs.balancer_to_server_us + self.config.costs.browser_to_balancer_us)
    }

    /// The session file `f` must wait for (file store) and when the request
    /// holding its lock on `f`'s server commits. A lock dies with the process
    /// that held it: a request of an older process holds none. The ID the
    /// cookie names is worked out only if some request of the server holds
    /// a lock at all.
    fn session_file_wait(&self, f: &Flight) -> Option<(SessionId, SimTime)> {
        let holders =
            || self.flights.values().filter(|o| o.locked.is_some() && o.stage == Stage::Commit && o.server == f.server);
        let locks = self.config.store == StoreKind::File && self.config.session.library.locks_session_file;
        if !locks || holders().next().is_none() {
            return None;
        }
        let id = self.session_id_in(self.sent_session_value(f)?);
        let free_at = holders().filter(|o| o.locked.as_ref() == Some(&id)).map(|o| o.commit_at).max()?;
        Some((id, free_at))
    }

    /// The session cookie's value as the request carries it, read with
    /// the session cookie's current name.
    pub(crate) fn sent_session_value<'f>(&self, f: &'f Flight) -> Option<&'f str> {
        let header = f.cookie_header.as_deref()?;
        if f.parsed_with == self.config_version {
            return f.session_value.clone().map(|r| &header[r]);
        }
        cookie_range_in_header(header, &self.config.session.cookie.name).map(|r| &header[r])
    }

    pub(crate) fn server_index(&self, n: ServerNumber) -> Option<usize> {
        self.cluster.server_index(n)
    }

    /// The server an affinity cookie's value names, under sticky
    /// balancing (the other policies never read it).
    pub(super) fn sticky_affinity(&self, value: Option<&str>) -> Option<ServerNumber> {
        match self.config.balancing {
            Balancing::Sticky => value?.parse::<u8>().ok().map(ServerNumber),
            _ => None,
        }
    }
}
