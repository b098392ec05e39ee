//! The browser's side of a request: the browser actions (visit, log in,
//! close, clear cookies, two tabs at once), sending a request with the
//! cookies the jar allows, and taking in the response (Set-Cookie lines
//! into the jar, the page onto the screen).

use std::rc::Rc;

use super::agenda::Due;
use super::request::{Flight, Reply, Stage};
use super::World;
use crate::sim::attack::{AttackKind, ForgedRequest};
use crate::sim::balancer::AFFINITY_COOKIE;
use crate::sim::browser::SentRequest;
use crate::sim::defense::Defense;
use crate::sim::event::{EventKind, Withheld};
use crate::sim::http::{cookie_range_in_header, Exchange, Header, Method, Page, Route, SHOP_HOST};
use crate::sim::ids::{BrowserId, RequestId};
use crate::sim::jar::{Destination, HeldBack, Received};
use crate::sim::loss::LossCause;
use crate::sim::time::SimTime;

impl World {
    /// If the session cookie is among `names`, remembers why it went. So
    /// too if the cookie went that a rename left under its old name: the
    /// rename alone could still be undone, this cannot.
    pub(super) fn note_cookies_gone(&mut self, idx: usize, names: &[Rc<str>], cause: LossCause) {
        let session_name = self.config.session.cookie.name.as_str();
        let b = &mut self.browsers[idx];
        if names.iter().any(|n| &**n == session_name) {
            b.cookie_gone = Some(cause);
        }
        // (`renamed_from` stays: it still names the session the browser was
        // using, so that an older cookie sent under the new name does not
        // pass for it.)
        let renamed_gone = b.renamed_from.as_ref().is_some_and(|v| !b.jar.cookies().iter().any(|c| c.value == *v));
        if renamed_gone && b.cookie_gone == Some(LossCause::CookieRenamed) {
            b.cookie_gone = Some(cause);
        }
    }

    /// Drops expired cookies from every named browser (after the clock moved).
    pub(crate) fn expire_browser_cookies(&mut self) {
        for idx in 0..self.browsers.len().min(BrowserId::FIRST_VISITOR as usize) {
            self.expire_cookies_of(idx);
        }
    }

    pub(crate) fn expire_cookies_of(&mut self, idx: usize) {
        let gone = self.browsers[idx].jar.drop_expired(self.agenda.now);
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
        self.send_as(b, route, record, None, false)
    }

    /// The browser sends a request now; `forged` when an attacker made it
    /// send it: a page on another site (a cross-site request), or, with
    /// `by_page_script`, mallory's script running in the shop's own page (a
    /// same-site request that also carries the page's anti-CSRF token).
    pub(crate) fn send_as(
        &mut self,
        b: BrowserId,
        route: Route,
        record: bool,
        forged: Option<ForgedRequest>,
        by_page_script: bool,
    ) -> RequestId {
        let idx = b.0 as usize;
        self.expire_cookies_of(idx);
        let id = RequestId(self.counters.next_request);
        self.counters.next_request += 1;
        let https = self.browsers[idx].https;
        let cross_site = forged.is_some() && !by_page_script;
        let (withheld, cookies) = self.write_cookie_header(idx, route, cross_site);
        let sent_value = cookies.session_value();
        let with_session_cookie = sent_value.is_some();
        if route.method() == Method::Get && forged.is_none() {
            self.browsers[idx].last_get = route;
        }
        self.browsers[idx].in_flight += 1;
        let req = Some(id);
        self.emit_if(
            record,
            req,
            EventKind::RequestSent { browser: b, line: route.request_line(), with_session_cookie },
        );
        let (secure_withheld, same_site_blocked) = self.note_withheld(b, req, record, withheld, forged.is_some());
        if idx < BrowserId::FIRST_VISITOR as usize {
            self.browsers[idx].last_request = Some(SentRequest {
                id,
                https,
                server_hop_plain: !self.config.tls_to_servers,
                cookie_header: cookies.header.clone(),
                secure_withheld,
                set_cookie: None,
            });
        }
        self.report_cookie_gone(b, req, sent_value);
        if record && self.journal.keep_exchanges {
            self.record_request(id, b, route, https, cookies.header.as_deref());
        }
        let affinity = self.sticky_affinity(cookies.affinity_value());
        let flight = Flight {
            id,
            browser: b,
            route,
            https,
            record,
            started: self.agenda.now,
            stage: Stage::ToBalancer,
            cookie_header: cookies.header,
            session_value: cookies.session,
            affinity,
            parsed_with: self.config_version,
            server: None,
            set_affinity: None,
            work: None,
            reply: None,
            forged,
            by_page_script,
            same_site_blocked,
            locked: None,
            lost: None,
            commit_at: SimTime::ZERO,
            waited: false,
        };
        let slot = self.flights.insert(flight);
        let at = self.agenda.now + SimTime::micros(self.config.costs.browser_to_balancer_us);
        self.schedule(at, Due::Hop(slot));
        id
    }

    /// Writes the Cookie header browser `idx` sends with `route`, and
    /// returns the cookies it held back with why. Written into the world's
    /// buffer, then copied once into a shared string that the flight and
    /// the browser's last request both hold. The jar notes where the session
    /// and affinity cookies' values go as it writes them: the header is
    /// never searched for them.
    #[inline]
    fn write_cookie_header(&mut self, idx: usize, route: Route, cross_site: bool) -> (HeldBack, SentCookies) {
        let dest = Destination {
            host: SHOP_HOST,
            path: route.path(),
            https: self.browsers[idx].https,
            cross_site,
            top_level_get: route.method() == Method::Get,
            engine: self.browsers[idx].engine,
            now: self.agenda.now,
        };
        let names = [&*self.config.session.cookie.name, AFFINITY_COOKIE];
        let (withheld, [session, affinity]) =
            self.browsers[idx].jar.write_cookie_header_finding(dest, &mut self.header_buf, names);
        debug_assert_eq!(session, cookie_range_in_header(&self.header_buf, names[0]), "the server's parser agrees");
        debug_assert_eq!(affinity, cookie_range_in_header(&self.header_buf, names[1]), "the balancer's too");
        let header: Option<Rc<str>> = (!self.header_buf.is_empty()).then(|| Rc::from(self.header_buf.as_str()));
        (withheld, SentCookies { header, session, affinity })
    }

    /// Logs the cookies held back from a request; returns whether the
    /// session cookie was held back for want of HTTPS, and whether SameSite
    /// held it back from a forged request (which stops the attack).
    #[inline]
    fn note_withheld(
        &mut self,
        b: BrowserId,
        req: Option<RequestId>,
        record: bool,
        withheld: HeldBack,
        forged: bool,
    ) -> (bool, bool) {
        let idx = b.0 as usize;
        let (mut secure_withheld, mut same_site_blocked) = (false, false);
        for (name, why) in withheld {
            let is_session = *name == *self.config.session.cookie.name;
            if is_session && why == Withheld::SecureOverHttp {
                self.browsers[idx].cookie_gone = Some(LossCause::SecureCookieNotSentOverHttp);
                secure_withheld = true;
            }
            self.emit_if(record, req, EventKind::CookieWithheld { browser: b, name, why });
            if is_session && why == Withheld::SameSite && forged {
                same_site_blocked = true;
                self.emit(req, EventKind::AttackBlocked { attack: AttackKind::Csrf, defense: Defense::SameSite });
            }
        }
        (secure_withheld, same_site_blocked)
    }

    /// A reason noted earlier is stale once the session cookie goes out
    /// again, unless the cookie was renamed and another one goes out now
    /// (an older cookie that happens to have the new name): the session
    /// the browser was using is gone all the same, for the reason noted.
    #[inline]
    fn report_cookie_gone(&mut self, b: BrowserId, req: Option<RequestId>, sent_value: Option<&str>) {
        let idx = b.0 as usize;
        let renamed_from = self.browsers[idx].renamed_from.take();
        if let Some(cause) = self.browsers[idx].cookie_gone.take() {
            let other_cookie = renamed_from.is_some() && renamed_from.as_deref() != sent_value;
            if sent_value.is_none() || other_cookie {
                self.report_loss(req, b, None, cause);
            }
        }
    }

    /// Keeps the request's headers for the exchange inspector.
    fn record_request(&mut self, id: RequestId, b: BrowserId, route: Route, https: bool, cookie_header: Option<&str>) {
        let mut headers = Vec::with_capacity(3);
        headers.push(Header { name: "Host", value: SHOP_HOST.to_string() });
        if let Some(h) = cookie_header {
            headers.push(Header { name: "Cookie", value: h.to_string() });
        }
        if route.has_body() {
            headers.push(Header { name: "Content-Type", value: "application/x-www-form-urlencoded".into() });
        }
        self.journal.exchanges.push(Exchange {
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

    pub(super) fn at_browser(&mut self, f: &mut Flight) {
        let idx = f.browser.0 as usize;
        let Reply { status, set_cookies, page } =
            f.reply.take().unwrap_or(Reply { status: 500, set_cookies: Vec::new(), page: Page::default() });
        let b = f.browser;
        self.browsers[idx].in_flight = self.browsers[idx].in_flight.saturating_sub(1);
        self.journal.metrics.requests += 1;
        if status >= 500 {
            self.journal.metrics.failed_requests += 1;
        }
        let took = self.agenda.now.since(f.started);
        self.journal.metrics.latencies_us.push(took.0.min(u64::from(u32::MAX)) as u32);
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
            match self.browsers[idx].jar.receive(line, SHOP_HOST, f.https, self.agenda.now) {
                Ok(Received::Stored(name)) => {
                    if *name == *self.config.session.cookie.name {
                        // The browser now uses the session this response gave
                        // it. If its server found the browser's session lost, and
                        // a request of the other tab found it since (so the
                        // learner saw it alive), that loss is why: say it again.
                        if let Some((cause, session)) = f.lost.take() {
                            if self.browsers[idx].last_loss.is_none() {
                                self.report_loss(Some(f.id), b, session, cause);
                            }
                        }
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
        if f.record && self.journal.keep_exchanges {
            if let Some(ex) = self.journal.exchanges.iter_mut().rev().find(|e| e.id == f.id) {
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
}

/// The Cookie header a request carries and where the session and affinity
/// cookies' values are in it.
struct SentCookies {
    header: Option<Rc<str>>,
    session: Option<std::ops::Range<usize>>,
    affinity: Option<std::ops::Range<usize>>,
}

impl SentCookies {
    /// The session cookie's value, if sent.
    fn session_value(&self) -> Option<&str> {
        self.header.as_deref().zip(self.session.clone()).map(|(h, r)| &h[r])
    }
    /// The affinity cookie's value, if sent.
    fn affinity_value(&self) -> Option<&str> {
        self.header.as_deref().zip(self.affinity.clone()).map(|(h, r)| &h[r])
    }
}
