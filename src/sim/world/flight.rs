//! A request's journey, hop by hop: browser -> balancer -> server (read the
//! session, run the shop) -> commit (write the session) -> balancer ->
//! browser. Each hop is scheduled on the clock with the cost model's latency,
//! so requests of one session can overlap, as they do in real life.

use cookie::Cookie;
use std::rc::Rc;

use super::middleware::Work;
use super::World;
use crate::sim::action::BrowserAction;
use crate::sim::attack::{AttackKind, ForgedRequest};
use crate::sim::balancer::{Balancing, Candidate, RouteReason, AFFINITY_COOKIE};
use crate::sim::browser::SentRequest;
use crate::sim::config::MAX_SERVERS;
use crate::sim::defense::Defense;
use crate::sim::event::{EventKind, Withheld};
use crate::sim::http::{cookie_in_header, set_cookie_line, Exchange, Header, Page, Route, SHOP_HOST};
use crate::sim::ids::{BrowserId, RequestId, ServerNumber, SessionId};
use crate::sim::jar::{Destination, Received};
use crate::sim::loss::LossCause;
use crate::sim::store::StoreKind;
use crate::sim::time::SimTime;

use super::ActionError;

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

/// Hashes the keys of the map of requests in flight. They are request
/// numbers the engine hands out itself, one after another, so a single
/// multiplication spreads them over the table (Fibonacci hashing); SipHash's
/// defence against keys chosen by an attacker is not needed and cost several
/// percent of every request, looked up at every hop.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct RequestKeyHasher(u64);

impl std::hash::Hasher for RequestKeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        // Not used by `u64` keys; correct for any other input all the same.
        for &b in bytes {
            self.write_u64(self.0 ^ u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Requests in flight by request number. Boxed: a request leaves the map
/// and goes back at every hop, and moving a pointer is cheaper than moving
/// the request with its session and reply.
pub(crate) type Flights = std::collections::HashMap<u64, Box<Flight>, std::hash::BuildHasherDefault<RequestKeyHasher>>;

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
    pub cookie_header: Option<String>,
    /// The server handling it and that server's process at the time.
    pub server: Option<(ServerNumber, u32)>,
    /// The balancer will set its affinity cookie to this server.
    pub set_affinity: Option<ServerNumber>,
    pub work: Option<Work>,
    pub reply: Option<Reply>,
    /// Sent by a page on another site (a CSRF attack), not by the shop's own page.
    pub forged: Option<ForgedRequest>,
    /// SameSite held the session cookie back from this forged request.
    pub same_site_blocked: bool,
    /// The session file this request has locked while it runs (file store,
    /// from the read to the commit), as PHP's files handler does.
    pub locked: Option<SessionId>,
    /// When its commit is due (set when the server has read the session).
    pub commit_at: SimTime,
    /// It already said that it waits for a lock (said once per request).
    pub waited: bool,
}

impl World {
    /// Checks and performs one browser action.
    pub(crate) fn browser_action(&mut self, b: BrowserId, act: &BrowserAction) -> Result<(), ActionError> {
        let idx = b.0 as usize;
        let Some(browser) = self.browsers.get(idx) else {
            return Err(ActionError::new(format!("there is no browser {}", b.0)));
        };
        let open = browser.open;
        let needs_open = !matches!(act, BrowserAction::Reopen | BrowserAction::UseHttps { .. });
        if needs_open && !open {
            return Err(ActionError::new(format!("{b} is closed; reopen it first")));
        }
        match act {
            BrowserAction::Request { route } => {
                self.check_route(*route)?;
                self.send(b, *route, true);
            }
            BrowserAction::Reload => {
                let route = self.browsers[idx].last_get;
                self.send(b, route, true);
            }
            BrowserAction::LogIn { user, password } => {
                let route = Route::Login { user: *user, password_ok: *password == user.password() };
                self.send(b, route, true);
            }
            BrowserAction::TwoTabs { first, second } => {
                self.check_route(*first)?;
                self.check_route(*second)?;
                self.send(b, *first, true);
                self.send(b, *second, true);
            }
            BrowserAction::Close => {
                let dropped = self.browsers[idx].jar.close_browser();
                self.note_cookies_gone(idx, &dropped, LossCause::BrowserClosed);
                self.browsers[idx].open = false;
                self.browsers[idx].page = None;
                self.emit(None, EventKind::BrowserClosed { browser: b, dropped: dropped.len() as u32 });
            }
            BrowserAction::Reopen => {
                if open {
                    return Err(ActionError::new(format!("{b} is already open")));
                }
                self.browsers[idx].open = true;
                self.emit(None, EventKind::BrowserOpened { browser: b });
            }
            BrowserAction::ClearCookies => {
                let dropped = self.browsers[idx].jar.clear();
                self.note_cookies_gone(idx, &dropped, LossCause::CookiesCleared);
                self.emit(None, EventKind::CookiesCleared { browser: b, dropped: dropped.len() as u32 });
            }
            BrowserAction::UseHttps { on } => {
                self.browsers[idx].https = *on;
                self.emit(None, EventKind::HttpsChanged { browser: b, https: *on });
            }
        }
        Ok(())
    }

    fn check_route(&self, route: Route) -> Result<(), ActionError> {
        match route {
            Route::Checkout { step } if !(1..=3).contains(&step) => {
                Err(ActionError::new(format!("checkout has steps 1 to 3, not {step}")))
            }
            Route::SaveDraft { chars } if chars > 100_000 => {
                Err(ActionError::new("a draft has at most 100,000 characters"))
            }
            _ => Ok(()),
        }
    }

    /// If the session cookie is among `names`, remembers why it went. So
    /// too if the cookie went that a rename left under its old name: the
    /// rename alone could still be undone, this cannot.
    fn note_cookies_gone(&mut self, idx: usize, names: &[Rc<str>], cause: LossCause) {
        let session_name = self.config.session.cookie.name.as_str();
        let b = &mut self.browsers[idx];
        if names.iter().any(|n| &**n == session_name) {
            b.cookie_gone = Some(cause);
        }
        let renamed_gone = b.renamed_from.as_ref().is_some_and(|v| !b.jar.cookies().iter().any(|c| c.value == *v));
        if renamed_gone {
            b.renamed_from = None;
            if b.cookie_gone == Some(LossCause::CookieRenamed) {
                b.cookie_gone = Some(cause);
            }
        }
    }

    /// Drops expired cookies from every named browser (after the clock moved).
    pub(crate) fn expire_browser_cookies(&mut self) {
        for idx in 0..self.browsers.len().min(BrowserId::FIRST_VISITOR as usize) {
            self.expire_cookies_of(idx);
        }
    }

    pub(crate) fn expire_cookies_of(&mut self, idx: usize) {
        let gone = self.browsers[idx].jar.drop_expired(self.now);
        if gone.is_empty() {
            return;
        }
        self.note_cookies_gone(idx, &gone, LossCause::CookieExpired);
        let browser = self.browsers[idx].id;
        for name in gone {
            self.emit(None, EventKind::CookieExpired { browser, name });
        }
    }

    /// The browser sends a request now.
    pub(crate) fn send(&mut self, b: BrowserId, route: Route, record: bool) -> RequestId {
        self.send_as(b, route, record, None)
    }

    /// The browser sends a request now; `forged` when a page on another site
    /// made it send it (a cross-site request).
    pub(crate) fn send_as(
        &mut self,
        b: BrowserId,
        route: Route,
        record: bool,
        forged: Option<ForgedRequest>,
    ) -> RequestId {
        let idx = b.0 as usize;
        self.expire_cookies_of(idx);
        let id = RequestId(self.next_request);
        self.next_request += 1;
        let https = self.browsers[idx].https;
        let dest = Destination {
            host: SHOP_HOST,
            path: route.path(),
            https,
            cross_site: forged.is_some(),
            top_level_get: route.method() == crate::sim::http::Method::Get,
        };
        let (cookie_header, withheld) = self.browsers[idx].jar.cookie_header(dest);
        let sent_value = cookie_header.as_deref().and_then(|h| cookie_in_header(h, &self.config.session.cookie.name));
        let with_session_cookie = sent_value.is_some();
        if route.method() == crate::sim::http::Method::Get && forged.is_none() {
            self.browsers[idx].last_get = route;
        }
        self.browsers[idx].in_flight += 1;
        let req = Some(id);
        self.emit_if(
            record,
            req,
            EventKind::RequestSent { browser: b, line: request_line(route), with_session_cookie },
        );
        let mut secure_withheld = false;
        let mut same_site_blocked = false;
        for (name, why) in withheld {
            let is_session = *name == *self.config.session.cookie.name;
            if is_session && why == Withheld::SecureOverHttp {
                self.browsers[idx].cookie_gone = Some(LossCause::SecureCookieNotSentOverHttp);
                secure_withheld = true;
            }
            self.emit_if(record, req, EventKind::CookieWithheld { browser: b, name, why });
            if is_session && why == Withheld::SameSite && forged.is_some() {
                same_site_blocked = true;
                self.emit(req, EventKind::AttackBlocked { attack: AttackKind::Csrf, defense: Defense::SameSite });
            }
        }
        if idx < BrowserId::FIRST_VISITOR as usize {
            self.browsers[idx].last_request = Some(SentRequest {
                id,
                https,
                server_hop_plain: !self.config.tls_to_servers,
                cookie_header: cookie_header.clone(),
                secure_withheld,
                set_cookie: None,
            });
        }
        // A reason noted earlier is stale once the session cookie goes out
        // again, unless the cookie was renamed and another one goes out now
        // (an older cookie that happens to have the new name).
        let renamed_from = self.browsers[idx].renamed_from.take();
        if let Some(cause) = self.browsers[idx].cookie_gone.take() {
            let other_cookie = cause == LossCause::CookieRenamed && renamed_from.as_deref() != sent_value.as_deref();
            if !with_session_cookie || other_cookie {
                self.report_loss(req, b, None, cause);
            }
        }
        if record && self.keep_exchanges {
            let mut headers = Vec::with_capacity(3);
            headers.push(Header { name: "Host", value: SHOP_HOST.to_string() });
            if let Some(h) = &cookie_header {
                headers.push(Header { name: "Cookie", value: h.clone() });
            }
            if route.has_body() {
                headers.push(Header { name: "Content-Type", value: "application/x-www-form-urlencoded".into() });
            }
            self.exchanges.push(Exchange {
                id,
                browser: b,
                route,
                https,
                request_headers: headers,
                status: None,
                response_headers: Vec::new(),
                page: None,
            });
        }
        let flight = Flight {
            id,
            browser: b,
            route,
            https,
            record,
            started: self.now,
            stage: Stage::ToBalancer,
            cookie_header,
            server: None,
            set_affinity: None,
            work: None,
            reply: None,
            forged,
            same_site_blocked,
            locked: None,
            commit_at: SimTime::ZERO,
            waited: false,
        };
        self.flights.insert(id.0, Box::new(flight));
        let at = self.now + SimTime::micros(self.config.costs.browser_to_balancer_us);
        self.schedule(at, id.0);
        id
    }

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
        let Some(mut flight) = self.flights.remove(&key) else {
            return;
        };
        let next = match flight.stage {
            Stage::ToBalancer => self.at_balancer(&mut flight),
            Stage::ToServer => self.at_server(&mut flight),
            Stage::Commit => self.at_commit(&mut flight),
            Stage::ToBrowser => {
                self.at_browser(*flight);
                return;
            }
        };
        self.flights.insert(key, flight);
        self.schedule(next, key);
    }

    fn at_balancer(&mut self, f: &mut Flight) -> SimTime {
        let policy = self.config.balancing;
        // Only the sticky policy reads its affinity cookie (the others would
        // ignore it, so the header is not parsed for them).
        let affinity = match (policy, f.cookie_header.as_deref()) {
            (Balancing::Sticky, Some(h)) => {
                cookie_in_header(h, AFFINITY_COOKIE).and_then(|v| v.parse::<u8>().ok()).map(ServerNumber)
            }
            _ => None,
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
                f.reply = Some(Reply {
                    status: 503,
                    set_cookies: Vec::new(),
                    page: Page {
                        heading: "503 Service Unavailable".into(),
                        lines: vec!["The load balancer has no server that is up.".into()],
                    },
                });
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
        f.reply = Some(Reply {
            status: 502,
            set_cookies: Vec::new(),
            page: Page {
                heading: "502 Bad Gateway".into(),
                lines: vec![match number {
                    Some(n) => format!("{n} went away while handling the request.").into(),
                    None => "The server went away while handling the request.".into(),
                }],
            },
        });
        f.work = None;
        f.stage = Stage::ToBrowser;
        self.now + SimTime::micros(self.config.costs.balancer_to_server_us + self.config.costs.browser_to_balancer_us)
    }

    fn at_server(&mut self, f: &mut Flight) -> SimTime {
        let Some(idx) = self.live_server(f) else {
            return self.bad_gateway(f);
        };
        let number = self.servers[idx].number;
        if let Some(id) = self.session_file_to_lock(f) {
            if let Some(free_at) = self.session_file_locked_until(f, &id) {
                // PHP blocks in session_start until the holder's request ends.
                if !f.waited {
                    f.waited = true;
                    self.emit(Some(f.id), EventKind::WaitedForSessionLock { server: number, session: id });
                }
                return free_at;
            }
        }
        if !f.waited {
            self.emit_if(f.record, Some(f.id), EventKind::ServerReceived { server: number });
        }
        match self.read_session(idx, f) {
            Ok((work, took)) => {
                if self.config.store == StoreKind::File {
                    // The file it read (or, for an ID it adopts, will write) stays locked until the commit.
                    f.locked = work.session.as_ref().map(|r| r.id.clone()).or_else(|| work.adopt.clone());
                }
                f.work = Some(work);
                f.stage = Stage::Commit;
                f.commit_at = self.now + took;
                f.commit_at
            }
            Err(reply) => {
                self.servers[idx].in_flight = self.servers[idx].in_flight.saturating_sub(1);
                self.emit_if(f.record, Some(f.id), EventKind::Responded { server: Some(number), status: reply.status });
                f.reply = Some(reply);
                f.stage = Stage::ToBrowser;
                self.now
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
            let c = Cookie::build((AFFINITY_COOKIE, n.0.to_string())).path("/").http_only(true).build();
            reply.set_cookies.push(set_cookie_line(&c));
        }
        f.reply = Some(reply);
        f.stage = Stage::ToBrowser;
        self.sample_store_size();
        self.now
            + took
            + SimTime::micros(self.config.costs.balancer_to_server_us + self.config.costs.browser_to_balancer_us)
    }

    fn at_browser(&mut self, f: Flight) {
        let idx = f.browser.0 as usize;
        let Reply { status, set_cookies, page } =
            f.reply.unwrap_or(Reply { status: 500, set_cookies: Vec::new(), page: Page::default() });
        let b = f.browser;
        self.browsers[idx].in_flight = self.browsers[idx].in_flight.saturating_sub(1);
        self.metrics.requests += 1;
        if status >= 500 {
            self.metrics.failed_requests += 1;
        }
        let took = self.now.since(f.started);
        self.metrics.latencies_us.push(took.0.min(u64::from(u32::MAX)) as u32);
        if !self.browsers[idx].open {
            return; // closed meanwhile: the response is lost
        }
        if f.forged.is_some() {
            // The answer lands in a hidden frame of the other site: the
            // victim's page stays as it was, and the shop's cookies are not
            // set from another site's frame.
            return;
        }
        for line in &set_cookies {
            match self.browsers[idx].jar.receive(line, SHOP_HOST, f.https, self.now) {
                Ok(Received::Stored(name)) => {
                    if *name == *self.config.session.cookie.name {
                        let br = &mut self.browsers[idx];
                        br.cookie_gone = None;
                        br.renamed_from = None;
                        br.last_loss = None;
                        if let Some(sent) = br.last_request.as_mut().filter(|s| s.id == f.id) {
                            sent.set_cookie = br.jar.get(&name).map(|c| c.value.to_string());
                        }
                    }
                    self.emit_if(f.record, Some(f.id), EventKind::CookieStored { browser: b, name });
                }
                Ok(Received::Deleted(name)) => {
                    self.emit_if(f.record, Some(f.id), EventKind::CookieCleared { browser: b, name });
                }
                Err((name, why)) => {
                    if *name == *self.config.session.cookie.name {
                        self.browsers[idx].cookie_gone = Some(match why {
                            crate::sim::event::CookieRefusal::TooLarge => LossCause::CookieTooLarge,
                            _ => LossCause::SecureCookieNotSentOverHttp,
                        });
                    }
                    self.emit(Some(f.id), EventKind::CookieRefused { browser: b, name, why });
                }
            }
        }
        if f.record && self.keep_exchanges {
            if let Some(ex) = self.exchanges.iter_mut().rev().find(|e| e.id == f.id) {
                ex.status = Some(status);
                // The browser is done with the Set-Cookie lines: they move into the exchange.
                let mut headers = Vec::with_capacity(set_cookies.len() + 1);
                headers.push(Header { name: "Content-Type", value: "text/html; charset=utf-8".into() });
                headers.extend(set_cookies.into_iter().map(|value| Header { name: "Set-Cookie", value }));
                ex.response_headers = headers;
                ex.page = Some(page.clone());
            }
        }
        self.emit_if(f.record, Some(f.id), EventKind::PageShown { browser: b, status });
        self.browsers[idx].page = Some(page);
        self.after_response(f.browser, f.route);
    }

    /// The session file a request to a file store must lock: the ID its
    /// cookie names; `None` too when no request of its server holds a lock.
    fn session_file_to_lock(&self, f: &Flight) -> Option<SessionId> {
        if self.config.store != StoreKind::File {
            return None;
        }
        if !self.flights.values().any(|o| o.locked.is_some() && o.stage == Stage::Commit && o.server == f.server) {
            return None;
        }
        let value = cookie_in_header(f.cookie_header.as_deref()?, &self.config.session.cookie.name)?;
        Some(self.session_id_in(&value))
    }

    /// When the request holding the lock on session file `id` on `f`'s
    /// server commits, if another request holds it. A lock dies with the
    /// process that held it: a request of an older process holds none.
    fn session_file_locked_until(&self, f: &Flight, id: &SessionId) -> Option<SimTime> {
        self.flights
            .values()
            .filter(|o| o.stage == Stage::Commit && o.server == f.server && o.locked.as_ref() == Some(id))
            .map(|o| o.commit_at)
            .max()
    }

    pub(crate) fn server_index(&self, n: ServerNumber) -> Option<usize> {
        self.servers.iter().position(|s| s.number == n)
    }
}

fn request_line(route: Route) -> &'static str {
    match route {
        Route::Home => "GET /",
        Route::Login { .. } => "POST /login",
        Route::Account => "GET /account",
        Route::AddToCart { .. } => "POST /cart",
        Route::Cart => "GET /cart",
        Route::SetTheme { .. } => "POST /preferences",
        Route::Checkout { step: 1 } => "POST /checkout/1",
        Route::Checkout { step: 2 } => "POST /checkout/2",
        Route::Checkout { .. } => "POST /checkout/3",
        Route::SaveDraft { .. } => "POST /draft",
        Route::Logout => "POST /logout",
        Route::ChangeEmail { .. } => "POST /account/email",
        Route::ConfirmPassword { .. } => "POST /account/confirm",
        Route::ActiveSessions => "GET /account/sessions",
        Route::LogOutOtherSessions => "POST /account/sessions/end-others",
    }
}
