//! A request's journey, hop by hop: browser -> balancer -> server (read the
//! session, run the shop) -> commit (write the session) -> balancer ->
//! browser. Each hop is scheduled on the clock with the cost model's latency,
//! so requests of one session can overlap, as they do in real life.
//! The browser's two ends of the journey are in `browser_side.rs`.

use std::rc::Rc;

use super::middleware::Work;
use super::World;
use crate::sim::attack::ForgedRequest;
use crate::sim::balancer::{Balancing, Candidate, RouteReason, AFFINITY_COOKIE};
use crate::sim::config::MAX_SERVERS;
use crate::sim::event::EventKind;
use crate::sim::http::{cookie_in_header, cookie_range_in_header, Page, Route};
use crate::sim::ids::{BrowserId, RequestId, ServerNumber, SessionId};
use crate::sim::loss::LossCause;
use crate::sim::store::StoreKind;
use crate::sim::time::SimTime;

/// Where a request is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stage {
    /// On its way to the balancer.
    ToBalancer,
    /// On its way to a server.
    ToServer,
    /// The server has read the session and run the shop; it writes now.
    Commit,
    /// The response is on its way to the browser.
    ToBrowser,
}

/// A response on its way back.
#[derive(Clone, Debug)]
pub(crate) struct Reply {
    pub status: u16,
    pub set_cookies: Vec<String>,
    pub page: Page,
}

impl Reply {
    /// An error page: the status and its reason as the heading, and one line
    /// saying what happened. No Set-Cookie.
    pub fn error(status: u16, line: impl Into<std::borrow::Cow<'static, str>>) -> Reply {
        let reason = match status {
            400 => "Bad Request",
            403 => "Forbidden",
            500 => "Internal Server Error",
            502 => "Bad Gateway",
            503 => "Service Unavailable",
            _ => "Error",
        };
        let page = Page { heading: format!("{status} {reason}").into(), lines: vec![line.into()] };
        Reply { status, set_cookies: Vec::new(), page }
    }
}

/// The requests in flight, each in a numbered slot; the clock's queue
/// names a request by its slot, so a hop finds its request by indexing,
/// with no hashing. A slot is reused once its request is answered. Boxed: a
/// request leaves its slot and goes back at every hop, and moving a pointer
/// is cheaper than moving the request with its session and reply.
#[derive(Debug, Default)]
pub(crate) struct Flights {
    slots: Vec<Option<Box<Flight>>>,
    free: Vec<usize>,
    /// Boxes of answered requests, reused for new ones (boxed on purpose:
    /// a box moves from here into a slot without copying the request).
    #[allow(clippy::vec_box)]
    spare: Vec<Box<Flight>>,
}

impl Flights {
    /// Puts a new request in a free slot and returns the slot.
    pub(crate) fn insert(&mut self, flight: Flight) -> u64 {
        let slot = match self.free.pop() {
            Some(slot) => slot,
            None => {
                self.slots.push(None);
                self.slots.len() - 1
            }
        };
        let boxed = match self.spare.pop() {
            Some(mut b) => {
                *b = flight;
                b
            }
            None => Box::new(flight),
        };
        self.slots[slot] = Some(boxed);
        slot as u64
    }
    /// Takes the request out of its slot for a hop (the slot stays its own).
    fn take(&mut self, slot: u64) -> Option<Box<Flight>> {
        self.slots.get_mut(usize::try_from(slot).ok()?)?.take()
    }
    /// Puts the request back after a hop.
    fn put_back(&mut self, slot: u64, flight: Box<Flight>) {
        if let Some(s) = usize::try_from(slot).ok().and_then(|i| self.slots.get_mut(i)) {
            *s = Some(flight);
        }
    }
    /// Frees the slot of an answered request, keeping its box for the next.
    fn release(&mut self, slot: u64, flight: Box<Flight>) {
        if let Ok(i) = usize::try_from(slot) {
            self.free.push(i);
        }
        if self.spare.len() < 16 {
            self.spare.push(flight);
        }
    }
    /// Every request in flight (not the one taken out for its hop).
    pub(crate) fn values(&self) -> impl Iterator<Item = &Flight> {
        self.slots.iter().flatten().map(|f| &**f)
    }
}

/// A request in progress.
#[derive(Debug)]
pub(crate) struct Flight {
    pub id: RequestId,
    pub browser: BrowserId,
    pub route: Route,
    pub https: bool,
    /// Record hop events and the exchange (false for virtual users).
    pub record: bool,
    pub started: SimTime,
    pub stage: Stage,
    pub cookie_header: Option<Rc<str>>,
    /// Where the session cookie's value is in `cookie_header`, found when
    /// the request was sent under the settings of `parsed_with` (the
    /// world's settings version): read again only if the settings changed.
    pub session_value: Option<std::ops::Range<usize>>,
    /// The balancer's affinity cookie, read when the request was sent
    /// (only under sticky balancing; valid under `parsed_with` too).
    pub affinity: Option<ServerNumber>,
    /// The settings version `session_value` and `affinity` were read under.
    pub parsed_with: u64,
    /// The server handling it and that server's process at the time.
    pub server: Option<(ServerNumber, u32)>,
    /// The balancer will set its affinity cookie to this server.
    pub set_affinity: Option<ServerNumber>,
    pub work: Option<Work>,
    pub reply: Option<Reply>,
    /// Sent by a page on another site (a CSRF attack), not by the shop's own page.
    pub forged: Option<ForgedRequest>,
    /// The forged request came from mallory's script in the shop's own page
    /// (same site, with the page's anti-CSRF token), not from another site.
    pub by_page_script: bool,
    /// SameSite held the session cookie back from this forged request.
    pub same_site_blocked: bool,
    /// The session file this request has locked while it runs (file store,
    /// from the read to the commit), as PHP's files handler does.
    pub locked: Option<SessionId>,
    /// The loss its server found when reading the session (said then, or
    /// already said by an earlier request of the browser).
    pub lost: Option<(LossCause, Option<SessionId>)>,
    /// When its commit is due (set when the server has read the session).
    pub commit_at: SimTime,
    /// It already said that it waits for a lock (said once per request).
    pub waited: bool,
}

impl World {
    pub(crate) fn emit_if(&mut self, record: bool, request: Option<RequestId>, kind: EventKind) {
        if record {
            self.emit(request, kind);
        }
    }

    /// Runs the earliest scheduled hop.
    pub(crate) fn process_next(&mut self) {
        let Some(std::cmp::Reverse((at, _, key))) = self.queue.pop() else {
            return;
        };
        self.run_timers(at);
        if at > self.now {
            self.now = at;
        }
        if key & super::load::WAKE_BIT != 0 {
            self.visitor_wake((key & !super::load::WAKE_BIT) as u32);
            return;
        }
        let Some(mut flight) = self.flights.take(key) else {
            return;
        };
        let next = match flight.stage {
            Stage::ToBalancer => self.at_balancer(&mut flight),
            Stage::ToServer => self.at_server(&mut flight),
            Stage::Commit => self.at_commit(&mut flight),
            Stage::ToBrowser => {
                self.at_browser(&mut flight);
                self.flights.release(key, flight);
                return;
            }
        };
        self.flights.put_back(key, flight);
        self.schedule(next, key);
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
        debug_assert!(self.servers.len() <= MAX_SERVERS as usize);
        let mut view = [Candidate { number: ServerNumber(0), up: false, in_flight: 0 }; MAX_SERVERS as usize];
        for (c, s) in view.iter_mut().zip(&self.servers) {
            *c = Candidate { number: s.number, up: s.is_up(), in_flight: s.in_flight };
        }
        let candidates = &view[..self.servers.len().min(view.len())];
        let ip = self.browsers[f.browser.0 as usize].ip;
        let lb_to_browser = SimTime::micros(self.config.costs.browser_to_balancer_us);
        match self.balancer.route(policy, candidates, affinity, ip, &mut self.rng) {
            None => {
                self.emit(Some(f.id), EventKind::NoServerUp);
                f.reply = Some(Reply::error(503, "The load balancer has no server that is up."));
                f.stage = Stage::ToBrowser;
                self.now + lb_to_browser
            }
            Some((number, why)) => {
                if policy == Balancing::Sticky
                    && matches!(why, RouteReason::StickyNew | RouteReason::StickyTargetDown { .. })
                {
                    f.set_affinity = Some(number);
                }
                let idx = self.server_index(number).unwrap_or(0);
                self.servers[idx].in_flight += 1;
                f.server = Some((number, self.servers[idx].process));
                self.emit_if(f.record, Some(f.id), EventKind::Routed { server: number, why });
                f.stage = Stage::ToServer;
                self.now + SimTime::micros(self.config.costs.balancer_to_server_us)
            }
        }
    }

    /// The server, if it is still the same process that got the request.
    fn live_server(&self, f: &Flight) -> Option<usize> {
        let (number, process) = f.server?;
        let idx = self.server_index(number)?;
        let s = &self.servers[idx];
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
        self.now + SimTime::micros(self.config.costs.balancer_to_server_us + self.config.costs.browser_to_balancer_us)
    }

    fn at_server(&mut self, f: &mut Flight) -> SimTime {
        let Some(idx) = self.live_server(f) else {
            return self.bad_gateway(f);
        };
        let number = self.servers[idx].number;
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
                f.commit_at = self.now + took;
                f.commit_at
            }
            Err((reply, took)) => {
                self.servers[idx].in_flight = self.servers[idx].in_flight.saturating_sub(1);
                self.emit_if(f.record, Some(f.id), EventKind::Responded { server: Some(number), status: reply.status });
                f.reply = Some(reply);
                f.stage = Stage::ToBrowser;
                self.now
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
        let number = self.servers[idx].number;
        let work = f.work.take();
        let (reply, took) = match work {
            Some(w) => self.commit_session(idx, f, w),
            None => (Reply { status: 500, set_cookies: Vec::new(), page: Page::default() }, SimTime::ZERO),
        };
        let s = &mut self.servers[idx];
        s.in_flight = s.in_flight.saturating_sub(1);
        s.handled += 1;
        self.emit_if(f.record, Some(f.id), EventKind::Responded { server: Some(number), status: reply.status });
        let mut reply = reply;
        if let Some(n) = f.set_affinity {
            reply.set_cookies.push(self.balancer.affinity_set_cookie(n).to_string());
        }
        f.reply = Some(reply);
        f.stage = Stage::ToBrowser;
        self.sample_store_size();
        self.now
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
        self.servers.iter().position(|s| s.number == n)
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
