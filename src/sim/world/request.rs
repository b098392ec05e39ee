//! A request in progress and the things it carries: where it is
//! ([`Stage`]), what the server decided while reading ([`Work`]), the reply
//! on its way back ([`Reply`]), and the numbered slots the requests in
//! flight live in ([`Flights`]). The hops that move it are in `flight.rs`;
//! the middleware's reading and writing in `middleware.rs` and `commit.rs`.

use std::rc::Rc;

use crate::sim::attack::ForgedRequest;
use crate::sim::http::{Page, Route};
use crate::sim::ids::{BrowserId, RequestId, ServerNumber, SessionId};
use crate::sim::loss::LossCause;
use crate::sim::session::{SessionData, SessionRecord};
use crate::sim::shop::Outcome;
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
#[derive(Clone, Debug, Default)]
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
    pub(crate) fn insert(&mut self, flight: Flight) -> u32 {
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
        // As many slots as requests in flight at once: far below 2^32.
        slot as u32
    }
    /// Takes the request out of its slot for a hop (the slot stays its own).
    pub(crate) fn take(&mut self, slot: u32) -> Option<Box<Flight>> {
        self.slots.get_mut(slot as usize)?.take()
    }
    /// Puts the request back after a hop.
    pub(crate) fn put_back(&mut self, slot: u32, flight: Box<Flight>) {
        if let Some(s) = self.slots.get_mut(slot as usize) {
            *s = Some(flight);
        }
    }
    /// Frees the slot of an answered request, keeping its box for the next.
    pub(crate) fn release(&mut self, slot: u32, flight: Box<Flight>) {
        self.free.push(slot as usize);
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
#[derive(Clone, Debug)]
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

/// What the server decided while reading, carried to the commit.
#[derive(Clone, Debug)]
pub(crate) struct Work {
    /// The live session the request brought, if any. Its data has moved
    /// into `data`, but for `user`, the user logged in before the request.
    pub session: Option<SessionRecord>,
    /// The data after the shop ran.
    pub data: SessionData,
    /// The shop's answer.
    pub outcome: Outcome,
    /// An ID the client made up that a permissive server adopts.
    pub adopt: Option<SessionId>,
    /// A forged request that changed the victim's session, reported once written.
    pub forged: Option<ForgedRequest>,
}
