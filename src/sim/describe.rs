//! Every event in plain words. The same sentence goes to the log and to the
//! screen reader's live region (the security lab's events are told in
//! `describe_security.rs`, the log's filter groups in `event_group.rs`).

use super::balancer::RouteReason;
use super::event::{CookieRefusal, Event, EventKind, ReadOutcome, SettingChanged, Withheld, WriteKind};
use super::loss::ExpiryKind;
use super::store::StoreKind;
use super::words::{capital, count, count_as};

/// Why the balancer picked a server, as the end of a sentence.
fn route_reason(why: RouteReason) -> String {
    match why {
        RouteReason::RoundRobin => "next in turn (round robin)".into(),
        RouteReason::Random => "picked at random".into(),
        RouteReason::LeastConnections { in_flight } => {
            format!("fewest requests in progress ({in_flight})")
        }
        RouteReason::Sticky => "its affinity cookie names it (sticky)".into(),
        RouteReason::StickyNew => "no affinity cookie yet: next in turn, and the balancer will set one".into(),
        RouteReason::StickyTargetDown { wanted } => {
            format!("the affinity cookie names {wanted}, which is down or gone, so another was picked")
        }
        RouteReason::IpHash => "the client's IP address hashes to it".into(),
        RouteReason::IpHashTargetDown { wanted } => {
            format!("the client's IP address hashes to {wanted}, which is down, so the next one up was picked")
        }
    }
}

impl Event {
    /// The event as a sentence: each family of events is told by its own helper.
    pub fn describe(&self) -> String {
        use EventKind::*;
        match &self.kind {
            RequestSent { .. }
            | CookieWithheld { .. }
            | Routed { .. }
            | NoServerUp
            | ServerReceived { .. }
            | Responded { .. }
            | PageShown { .. } => describe_request(&self.kind),
            StoreRead { .. }
            | StoreWrite { .. }
            | StoreUnavailable { .. }
            | Evicted { .. }
            | SessionTooLarge { .. }
            | Swept { .. } => describe_store(&self.kind),
            SessionCreated { .. }
            | SessionRotated { .. }
            | SessionExpired { .. }
            | SessionDestroyed { .. }
            | SessionLost { .. } => describe_session(&self.kind),
            UpdateOverwritten { .. }
            | WaitedForSessionLock { .. }
            | DestroyedSessionWrittenBack { .. }
            | WriteBackRefused { .. }
            | LogoutKeptCookie
            | SecureCookieNotSet { .. }
            | StaleRead { .. } => describe_pitfall(&self.kind),
            CookieStored { .. }
            | CookieCleared { .. }
            | CookieRefused { .. }
            | CookieExpired { .. }
            | OldCookiesReplayed { .. } => describe_cookie(&self.kind),
            ServerRestarted { .. }
            | ServerCrashed { .. }
            | ServerStarted { .. }
            | ServerReplaced { .. }
            | ServerAdded { .. }
            | ServerRemoved { .. } => describe_server(&self.kind),
            StoreSwitched { .. } | StoreOutage { .. } | StoreRestarted { .. } | StoreCrashed { .. } => {
                describe_shared_store(&self.kind)
            }
            BrowserClosed { .. } | BrowserOpened { .. } | CookiesCleared { .. } | HttpsChanged { .. } => {
                describe_browser(&self.kind)
            }
            SettingsChanged { .. } | ClockAdvanced { .. } => describe_change(&self.kind),
            AttackLaunched { .. }
            | CookieStolen { .. }
            | Hijacked { .. }
            | AttackBlocked { .. }
            | AttackFailed { .. }
            | IdPlanted { .. }
            | ForgedRequestWorked { .. }
            | ScriptRodeSession { .. }
            | IdsGuessed { .. }
            | SessionsListed { .. }
            | OtherSessionsEnded { .. }
            | SessionLimitReached { .. }
            | SessionsNotListable { .. }
            | LogoutLeftSessionValid { .. } => super::describe_security::sentence(&self.kind),
        }
    }
}

/// A request on its way: sent, routed, received, answered, shown.
fn describe_request(event: &EventKind) -> String {
    use EventKind::*;
    match event {
        RequestSent { browser, line, with_session_cookie } => format!(
            "{} sent {line}{}",
            capital(&browser.to_string()),
            if *with_session_cookie { " with its session cookie" } else { " without a session cookie" }
        ),
        CookieWithheld { browser, name, why } => match why {
            Withheld::SecureOverHttp => format!(
                "{} did not send cookie {name}: it is Secure and this request is plain http",
                capital(&browser.to_string())
            ),
            Withheld::SameSite => format!(
                "{} did not send cookie {name}: SameSite forbids it on a request from another site",
                capital(&browser.to_string())
            ),
        },
        Routed { server, why } => format!("The load balancer sent it to {server}: {}", route_reason(*why)),
        NoServerUp => "The load balancer found no server up and answered 503 itself".into(),
        ServerReceived { server } => format!("{} received the request", capital(&server.to_string())),
        Responded { server: Some(s), status } => format!("{} answered {status}", capital(&s.to_string())),
        Responded { server: None, status } => format!("The load balancer answered {status}"),
        PageShown { browser, status } => format!("{} shows the page ({status})", capital(&browser.to_string())),
        _ => not_this_family(),
    }
}

/// What a server did with the session store: reads, writes, and what the
/// store refused or cleaned up.
fn describe_store(event: &EventKind) -> String {
    use EventKind::*;
    match event {
        StoreRead { server, store, session, outcome, version } => format!(
            "{} read session {} from {}: {}{}",
            capital(&server.to_string()),
            session.short(),
            store.label().to_ascii_lowercase(),
            match outcome {
                ReadOutcome::Hit => "found",
                ReadOutcome::CacheHit => "found in its own cache",
                ReadOutcome::Miss => "not there",
                ReadOutcome::Expired => "expired",
            },
            version.map(|v| format!(" (version {v})")).unwrap_or_default()
        ),
        StoreWrite { server, store, session, kind, bytes, version } => format!(
            "{} {} session {} {} {}{}",
            capital(&server.to_string()),
            match kind {
                WriteKind::Save => "saved",
                WriteKind::Touch => "touched (moved the expiry of)",
                WriteKind::Delete => "deleted",
            },
            session.short(),
            if *kind == WriteKind::Delete { "from" } else { "in" },
            store.label().to_ascii_lowercase(),
            match (kind, version) {
                (WriteKind::Save, Some(v)) => format!(" (version {v}, {bytes} bytes)"),
                (WriteKind::Save, None) => format!(" ({bytes} bytes)"),
                _ => String::new(),
            }
        ),
        StoreUnavailable { server, store } => format!(
            "{} could not reach the {}: the request fails with 503, and the session is kept",
            capital(&server.to_string()),
            store.label().to_ascii_lowercase()
        ),
        Evicted { count: n } => format!("The full cache evicted {}", count(*n, "least recently used session")),
        SessionTooLarge { bytes, limit, store: StoreKind::SignedCookie } => {
            format!("The session needs {bytes} bytes and does not fit in a {limit}-byte cookie")
        }
        SessionTooLarge { bytes, limit, .. } => format!(
            "The cache refused to store the session (OOM): it needs {bytes} bytes, more than the cache's whole \
             memory limit of {limit} bytes, so evicting other sessions would not make room"
        ),
        Swept { store, server, removed, remaining } => format!(
            "Cleanup{} removed {} from {}; {}",
            server.map(|s| format!(" on {s}")).unwrap_or_default(),
            count(*removed, "expired session"),
            store.label().to_ascii_lowercase(),
            count_as(*remaining, "remains", "remain")
        ),
        _ => not_this_family(),
    }
}

/// A session begins, gets a new ID, ends, or is lost to its browser.
fn describe_session(event: &EventKind) -> String {
    use EventKind::*;
    match event {
        SessionCreated { session, server } => {
            format!("{} created session {}", capital(&server.to_string()), session.short())
        }
        SessionRotated { old, new } => {
            format!("Session {} got a new ID, {}; the old ID is now invalid", old.short(), new.short())
        }
        SessionExpired { session, why } => format!(
            "Session {} has expired ({} timeout)",
            session.short(),
            if *why == ExpiryKind::Idle { "idle" } else { "absolute" }
        ),
        SessionDestroyed { session } => format!("Session {} was destroyed on the server", session.short()),
        SessionLost { browser, cause, .. } => format!("{} lost its session: {cause}.", capital(&browser.to_string())),
        _ => not_this_family(),
    }
}

/// The traps between requests and servers: lost updates, locks, write-backs
/// after logout, a cookie the server never sent, stale reads.
fn describe_pitfall(event: &EventKind) -> String {
    use EventKind::*;
    match event {
        UpdateOverwritten { session, read_version, overwrote_version } => format!(
            "Lost update on session {}: this request read version {read_version} and wrote over version {overwrote_version}, so the other request's change is gone",
            session.short()
        ),
        WaitedForSessionLock { server, session } => format!(
            "Waits at {server} for the lock on the file sess_{}: another request of this session holds it, \
             as PHP's files handler locks the file until the request ends; this one reads after that one \
             has written, so no update is lost, at the cost of waiting",
            session.short()
        ),
        DestroyedSessionWrittenBack { session } => format!(
            "Session {} was destroyed at logout, but a request that began before the logout has just saved its copy: the logged-out session is back in the store (a race real libraries share; a version check or deleting on every read after logout prevents it)",
            session.short()
        ),
        WriteBackRefused { session } => format!(
            "A request that began before the logout tried to save session {} after the logout deleted it; the library refused (400 Bad Request), so the logged-out session stays deleted",
            session.short()
        ),
        LogoutKeptCookie => "Logout deleted the session on the server but sent no Set-Cookie: the browser keeps the old session cookie and will send the dead ID again".into(),
        SecureCookieNotSet { server } => format!(
            "{} sent no session cookie: the cookie is Secure, TLS ended at the load balancer, and the app does not trust the balancer's X-Forwarded-Proto (express's trust proxy), so it thinks the request was plain http",
            capital(&server.to_string())
        ),
        StaleRead { server, session, cached_version, current_version } => format!(
            "{} answered session {} from its own cache (version {cached_version}) while the database has version {current_version}: stale data",
            capital(&server.to_string()),
            session.short()
        ),
        _ => not_this_family(),
    }
}

/// What a browser did with one cookie.
fn describe_cookie(event: &EventKind) -> String {
    use EventKind::*;
    match event {
        CookieStored { browser, name } => format!("{} stored cookie {name}", capital(&browser.to_string())),
        CookieCleared { browser, name } => {
            format!("{} deleted cookie {name}, as the response asked", capital(&browser.to_string()))
        }
        CookieRefused { browser, name, why } => format!(
            "{} refused cookie {name}: {}",
            capital(&browser.to_string()),
            match why {
                CookieRefusal::TooLarge => "over the 4096-byte limit",
                CookieRefusal::SecureOverHttp => "a Secure cookie cannot be set over plain http",
                CookieRefusal::BadHostPrefix => "a __Host- cookie needs Secure, Path=/ and no Domain",
                CookieRefusal::ForeignDomain => "its Domain is not this site's",
                CookieRefusal::PublicSuffix => "its Domain is a public suffix, shared by unrelated sites",
                CookieRefusal::Malformed => "the Set-Cookie line did not parse",
            }
        ),
        CookieExpired { browser, name } => {
            format!("{} deleted cookie {name}: it reached its Max-Age", capital(&browser.to_string()))
        }
        OldCookiesReplayed { browser, cookies } => format!(
            "{} sent again the {} it held before they were dropped",
            capital(&browser.to_string()),
            count(*cookies, "cookie")
        ),
        _ => not_this_family(),
    }
}

/// A server restarted, crashed, started, was replaced, joined or left.
fn describe_server(event: &EventKind) -> String {
    use EventKind::*;
    match event {
        ServerRestarted { server, lost } => {
            format!("{} restarted and lost {} from its memory", capital(&server.to_string()), count(*lost, "session"))
        }
        ServerCrashed { server, lost } => format!(
            "{} crashed and is down; it lost {} from its memory",
            capital(&server.to_string()),
            count(*lost, "session")
        ),
        ServerStarted { server } => format!("{} started", capital(&server.to_string())),
        ServerReplaced { server, lost } => format!(
            "{} was replaced by a new instance with empty memory and disk; {}",
            capital(&server.to_string()),
            count_as(*lost, "session was lost", "sessions were lost")
        ),
        ServerAdded { server } => format!("{} joined the cluster", capital(&server.to_string())),
        ServerRemoved { server, lost } => {
            format!("{} left the cluster; lost with it: {}", capital(&server.to_string()), count(*lost, "session"))
        }
        _ => not_this_family(),
    }
}

/// The cluster's store was switched, went down or came back, restarted or crashed.
fn describe_shared_store(event: &EventKind) -> String {
    use EventKind::*;
    match event {
        StoreSwitched { from, to, dropped } => format!(
            "Session storage switched from {} to {}; the new store starts empty ({} left behind)",
            from.label(),
            to.label(),
            count(*dropped, "session")
        ),
        StoreOutage { store, up: true } => format!("The {} is back up", store.label().to_ascii_lowercase()),
        StoreOutage { store, up: false } => format!("The {} is down", store.label().to_ascii_lowercase()),
        StoreRestarted { store, lost } => {
            format!(
                "The {} restarted; {}",
                store.label().to_ascii_lowercase(),
                count_as(*lost, "session was lost", "sessions were lost")
            )
        }
        StoreCrashed { store, lost } => format!(
            "The {} crashed and came back with what it had on disk; {}",
            store.label().to_ascii_lowercase(),
            count_as(*lost, "session was lost", "sessions were lost")
        ),
        _ => not_this_family(),
    }
}

/// A browser was closed, opened, cleared, or switched between https and http.
fn describe_browser(event: &EventKind) -> String {
    use EventKind::*;
    match event {
        BrowserClosed { browser, dropped } => {
            format!(
                "{} was closed; {} dropped",
                capital(&browser.to_string()),
                count_as(*dropped, "browser-session cookie was", "browser-session cookies were")
            )
        }
        BrowserOpened { browser } => format!("{} was opened", capital(&browser.to_string())),
        CookiesCleared { browser, dropped } => format!(
            "{}'s {} cleared",
            capital(&browser.to_string()).trim_end_matches("'s browser"),
            count_as(*dropped, "cookie was", "cookies were")
        ),
        HttpsChanged { browser, https } => {
            format!("{} now uses {}", capital(&browser.to_string()), if *https { "https" } else { "plain http" })
        }
        _ => not_this_family(),
    }
}

/// The learner changed a setting or moved the clock.
fn describe_change(event: &EventKind) -> String {
    use EventKind::*;
    match event {
        SettingsChanged { what } => match what {
            SettingChanged::Balancing => "The load-balancing policy changed".into(),
            SettingChanged::BrowserEngine => "A browser's own settings changed".into(),
            SettingChanged::Session => "The session settings changed".into(),
            SettingChanged::Cache => "The cache settings changed".into(),
            SettingChanged::Preset => "A library preset was applied".into(),
            SettingChanged::Tls => "The TLS setting between the load balancer and the servers changed".into(),
        },
        ClockAdvanced { by } => format!("The clock moved forward by {by}"),
        _ => not_this_family(),
    }
}

/// What a family's describer says of an event of another family. Never
/// shown: `describe` sends each family only its own events (the tests
/// describe every kind). Not the event's `Debug` text, which would bring the
/// formatting of every event's fields into the download.
fn not_this_family() -> String {
    "Something else happened".into()
}
