//! A browser: who uses it, its cookie jar, whether it is open, whether it
//! speaks https, and the shop page it shows.

use serde::{Deserialize, Serialize};
use std::rc::Rc;

use super::http::{Page, Route};
use super::ids::{BrowserId, RequestId, SessionId};
use super::jar::{BrowserEngine, CookieJar};
use super::loss::LossCause;
use super::session::User;

/// What an eavesdropper could see of a browser's most recent request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentRequest {
    /// Which request.
    pub id: RequestId,
    /// It went over https from the browser to the load balancer.
    pub https: bool,
    /// The hop from the load balancer to the server was plain http (TLS
    /// ended at the balancer).
    pub server_hop_plain: bool,
    /// Its Cookie header, if it had one.
    pub cookie_header: Option<Rc<str>>,
    /// The session cookie was held back because it is Secure and the
    /// request was plain http.
    pub secure_withheld: bool,
    /// The session cookie value its response gave the browser (a
    /// Set-Cookie line the browser stored), once answered.
    pub set_cookie: Option<String>,
}

/// One browser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Browser {
    /// Its ID.
    pub id: BrowserId,
    /// Whose browser it is (a load run's visitors shop as `customer1`, `customer2`...).
    pub user: Option<User>,
    /// Its IP address as the balancer sees it.
    pub ip: [u8; 4],
    /// Its cookies.
    pub jar: CookieJar,
    /// Whether it is open.
    pub open: bool,
    /// Whether it uses https (the "use HTTPS" switch).
    pub https: bool,
    /// The page it shows, once it has loaded one.
    pub page: Option<Page>,
    /// The last page it navigated to with GET (what Reload loads).
    pub last_get: Route,
    /// Why its session cookie went away, if it did and no request has
    /// reported it yet.
    pub cookie_gone: Option<LossCause>,
    /// The session cookie's value when the settings last renamed the
    /// cookie, until the next request: sending that same value again (the
    /// name was changed back) is no loss; sending another is.
    #[serde(default)]
    pub renamed_from: Option<Rc<str>>,
    /// The last loss reported for this browser, so that one loss is
    /// reported once, not on every request after it.
    pub last_loss: Option<(LossCause, Option<SessionId>)>,
    /// Requests sent and not yet answered.
    pub in_flight: u32,
    /// Its most recent request as the network carried it (named browsers only).
    #[serde(default)]
    pub last_request: Option<SentRequest>,
    /// Whose rules it follows for cookies without SameSite.
    #[serde(default)]
    pub engine: BrowserEngine,
    /// "Continue where you left off" (Chromium's startup setting, and
    /// Firefox's "Open previous windows and tabs"): closing keeps
    /// browser-session cookies, so a session cookie outlives the browser.
    #[serde(default)]
    pub restores_session: bool,
}

impl Browser {
    /// A fresh, open browser with an empty jar.
    pub fn new(id: BrowserId, user: Option<User>, ip: [u8; 4]) -> Browser {
        Browser {
            id,
            user,
            ip,
            jar: CookieJar::new(),
            open: true,
            https: true,
            page: None,
            last_get: Route::Home,
            cookie_gone: None,
            renamed_from: None,
            last_loss: None,
            in_flight: 0,
            last_request: None,
            engine: BrowserEngine::default(),
            restores_session: false,
        }
    }

    /// The browser of the `n`th visitor of a load run (from 0), who shops as
    /// customer `n + 1`.
    pub fn visitor(n: u32) -> Browser {
        let id = BrowserId(BrowserId::FIRST_VISITOR + n);
        // Visitor 1 (n = 0) is customer1, as the browser's name says.
        let user = u16::try_from(n + 1).ok().map(User::Customer);
        Browser::new(id, user, [100, 64 + (n >> 16) as u8 % 64, (n >> 8) as u8, n as u8])
    }

    /// The three named browsers of every world: alice, bob and mallory.
    pub fn named() -> Vec<Browser> {
        vec![
            Browser::new(BrowserId::ALICE, Some(User::Alice), [203, 0, 113, 10]),
            Browser::new(BrowserId::BOB, Some(User::Bob), [198, 51, 100, 7]),
            Browser::new(BrowserId::MALLORY, Some(User::Mallory), [192, 0, 2, 66]),
        ]
    }
}
