//! Which cookies go with a request, and how the `Cookie` header is
//! written: Domain and Path must match, Secure cookies never go over http,
//! SameSite holds cookies back from cross-site requests by each browser's
//! rules, and longer paths go first.

use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::rc::Rc;

use super::{domain_matches, path_matches, CookieJar, StoredCookie};
use crate::sim::config::SameSite;
use crate::sim::event::Withheld;
use crate::sim::time::SimTime;

/// Whose rules decide where a cookie without a SameSite attribute goes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BrowserEngine {
    /// Firefox and Safari: a cookie without SameSite goes along on every
    /// cross-site request (Firefox 128 keeps `network.cookie.sameSite.laxByDefault`
    /// off; Safari never turned it on).
    #[default]
    FirefoxSafari,
    /// Chromium (Chrome, Edge): a cookie without SameSite is treated as Lax,
    /// except that a cross-site top-level POST still carries it while the
    /// cookie is under two minutes old ("Lax-allowing-unsafe", Chromium's
    /// `net/cookies/cookie_constants.h`: kLaxAllowUnsafeMaxAge = 2 min).
    Chromium,
}

impl BrowserEngine {
    /// Both, in the order the UI lists them.
    pub const ALL: [BrowserEngine; 2] = [BrowserEngine::FirefoxSafari, BrowserEngine::Chromium];

    /// The name the learner sees.
    pub fn label(self) -> &'static str {
        match self {
            BrowserEngine::FirefoxSafari => "Firefox or Safari",
            BrowserEngine::Chromium => "Chromium (Chrome, Edge)",
        }
    }
}

/// How long Chromium lets a fresh cookie without SameSite ride a cross-site POST.
pub const LAX_ALLOWING_UNSAFE: SimTime = SimTime::mins(2);

/// A request as the jar needs to know it.
#[derive(Clone, Copy, Debug)]
pub struct Destination<'a> {
    /// Host name.
    pub host: &'a str,
    /// Request path.
    pub path: &'a str,
    /// Over https.
    pub https: bool,
    /// Started by another site (a cross-site form POST, for example).
    pub cross_site: bool,
    /// A top-level navigation with a safe method (Lax cookies go along).
    pub top_level_get: bool,
    /// Whose SameSite rules apply.
    pub engine: BrowserEngine,
    /// When the request is sent (for Chromium's two-minute rule).
    pub now: SimTime,
}

/// The cookies held back from a request, each with why.
pub type HeldBack = Vec<(Rc<str>, Withheld)>;

/// Why a cookie whose domain and path match is still held back from the
/// request `to`, if it is: Secure over http, or SameSite on a request
/// from another site.
fn held_back(c: &StoredCookie, to: Destination<'_>) -> Option<Withheld> {
    if c.secure && !to.https {
        return Some(Withheld::SecureOverHttp);
    }
    if !to.cross_site {
        return None;
    }
    // Without the attribute the cookie goes along, as in Firefox
    // and Safari (Chrome treats it as Lax, with a two-minute
    // exception for POSTs): set SameSite explicitly.
    let allowed = match (c.same_site, to.engine) {
        (Some(SameSite::Strict), _) => false,
        (Some(SameSite::Lax), _) => to.top_level_get,
        (Some(SameSite::None), _) | (None, BrowserEngine::FirefoxSafari) => true,
        // Every request of the playground is a top-level navigation.
        (None, BrowserEngine::Chromium) => to.top_level_get || to.now.since(c.created) < LAX_ALLOWING_UNSAFE,
    };
    (!allowed).then_some(Withheld::SameSite)
}

impl CookieJar {
    /// The `Cookie` header for a request, and the cookies held back with why.
    pub fn cookie_header(&self, to: Destination<'_>) -> (Option<String>, HeldBack) {
        let mut header = String::new();
        let withheld = self.write_cookie_header(to, &mut header);
        ((!header.is_empty()).then_some(header), withheld)
    }

    /// Writes the `Cookie` header for a request into `header` (emptied
    /// first; empty if no cookie goes), and returns the cookies held back
    /// with why. The engine reuses one buffer for every request.
    pub fn write_cookie_header(&self, to: Destination<'_>, header: &mut String) -> HeldBack {
        self.write_cookie_header_finding(to, header, [""; 0]).0
    }

    /// [`CookieJar::write_cookie_header`], also giving where in the header
    /// the value of the first cookie of each name in `names` went, as the
    /// server's parser finds it (`http::cookie_range_in_header`): the
    /// header need not be searched again.
    pub fn write_cookie_header_finding<const N: usize>(
        &self,
        to: Destination<'_>,
        header: &mut String,
        names: [&str; N],
    ) -> (HeldBack, [Option<Range<usize>>; N]) {
        let mut found = [const { None }; N];
        header.clear();
        let matches = |c: &StoredCookie| {
            (if c.host_only { to.host == &*c.domain } else { domain_matches(to.host, &c.domain) })
                && path_matches(to.path, &c.path)
        };
        // Which cookies match, worked out once (a bit per cookie; a jar of
        // more than 64 cookies asks again on each pass).
        let small = self.cookies.len() <= 64;
        let mask = if small {
            self.cookies.iter().enumerate().filter(|(_, c)| matches(c)).fold(0u64, |m, (i, _)| m | 1 << i)
        } else {
            0
        };
        let goes = |i: usize, c: &StoredCookie| if small { mask & (1 << i) != 0 } else { matches(c) };
        let mut withheld = Vec::new();
        // RFC 6265 5.4: longer paths first; otherwise in the order stored.
        // The cookies of each path length in turn, longest first: the order
        // a stable sort by length gives, without collecting and sorting.
        let mut below = usize::MAX;
        while let Some(len) = self
            .cookies
            .iter()
            .enumerate()
            .filter(|&(i, c)| c.path.len() < below && goes(i, c))
            .map(|(_, c)| c.path.len())
            .max()
        {
            below = len;
            for (_, c) in self.cookies.iter().enumerate().filter(|&(i, c)| c.path.len() == len && goes(i, c)) {
                if let Some(why) = held_back(c, to) {
                    withheld.push((c.name.clone(), why));
                    continue;
                }
                if header.is_empty() {
                    header.reserve(64);
                } else {
                    header.push_str("; ");
                }
                // `name=value`, exactly what the cookie crate writes for a
                // stripped cookie, straight into the header.
                header.push_str(&c.name);
                header.push('=');
                let at = header.len();
                header.push_str(&c.value);
                for (place, name) in found.iter_mut().zip(names) {
                    if place.is_none() && *c.name == *name {
                        *place = Some(at..header.len());
                    }
                }
            }
        }
        (withheld, found)
    }
}
