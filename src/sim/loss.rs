//! Why a session was lost, in the learner's words. Whenever a browser that
//! still had a session is treated as a stranger, or its data comes back
//! older than it left it, the engine says which of these happened.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::ids::ServerNumber;
use super::store::StoreKind;
use super::time::SimTime;

/// Why a session ended on the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ExpiryKind {
    /// Idle for longer than the idle timeout.
    Idle,
    /// Older than the absolute timeout.
    Absolute,
}

/// The cause of a lost session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LossCause {
    /// The server kept sessions in process memory and restarted.
    ServerRestarted {
        /// The server.
        server: ServerNumber,
    },
    /// The server kept sessions in process memory and crashed.
    ServerCrashed {
        /// The server.
        server: ServerNumber,
    },
    /// The server was replaced by a new instance with empty memory and disk.
    ServerReplaced {
        /// The server.
        server: ServerNumber,
    },
    /// The server that held the session was removed from the cluster.
    ServerRemoved {
        /// The server.
        server: ServerNumber,
    },
    /// The request reached a server that does not have the session, because
    /// sessions are kept per server.
    NotOnThisServer {
        /// The server that got the request.
        server: ServerNumber,
        /// The server that has it, if any still does.
        holder: Option<ServerNumber>,
        /// Where servers keep sessions.
        store: StoreKind,
    },
    /// The cache was full and pushed the session out (LRU eviction).
    Evicted,
    /// The cache restarted without persistence.
    CacheRestarted,
    /// The store did not answer, and the library treated the session as
    /// missing (Django's cache backend) and deleted the browser's cookie.
    StoreDownSessionReset,
    /// The cache crashed and came back from its last snapshot, which was
    /// written before this session was.
    CacheCrashed,
    /// The cluster switched to another session store, which starts empty.
    StoreSwitched {
        /// The store the session was in.
        from: StoreKind,
    },
    /// Nobody used the session for longer than the idle timeout.
    IdleTimeout {
        /// How long it had been idle.
        idle: SimTime,
        /// The idle timeout.
        limit: SimTime,
    },
    /// The session was older than the absolute timeout.
    AbsoluteTimeout {
        /// Its age.
        age: SimTime,
        /// The absolute timeout.
        limit: SimTime,
    },
    /// The session expired earlier and cleanup has already removed it.
    ExpiredAndCleanedUp {
        /// Which timeout ended it.
        why: ExpiryKind,
    },
    /// The user logged out and the server destroyed the session.
    LoggedOut,
    /// The session got a new ID (at login) and this is the old one.
    Rotated,
    /// The cookie's signature did not match (forged, or the secret changed).
    BadSignature,
    /// The server never issued this ID and strict mode refused to adopt it.
    UnknownId,
    /// The browser's copy of the cookie reached its Max-Age and was dropped.
    CookieExpired,
    /// The browser was closed and dropped its browser-session cookies.
    BrowserClosed,
    /// The learner cleared the browser's cookies.
    CookiesCleared,
    /// The cookie is Secure and this request went over plain http, so the
    /// browser did not send it.
    SecureCookieNotSentOverHttp,
    /// The cookie was too large and the browser refused to store it.
    CookieTooLarge,
    /// The settings gave the session cookie another name: the server no
    /// longer reads the cookie the browser holds.
    CookieRenamed,
    /// The session got a new ID when the user confirmed the password, and
    /// this is the old one.
    RotatedOnPrivilegeChange,
    /// The user ended this session from another one ("log out other sessions").
    EndedByUser,
    /// The user logged in on more devices than the limit allows, and this
    /// session, the least recently used, was ended.
    SessionLimit,
}

impl LossCause {
    /// A short name for counting and filtering ("server restart", "idle timeout").
    pub fn label(self) -> &'static str {
        match self {
            LossCause::ServerRestarted { .. } => "server restart",
            LossCause::ServerCrashed { .. } => "server crash",
            LossCause::ServerReplaced { .. } => "server replaced",
            LossCause::ServerRemoved { .. } => "server removed",
            LossCause::NotOnThisServer { .. } => "other server",
            LossCause::Evicted => "cache eviction",
            LossCause::CacheRestarted => "cache restart",
            LossCause::CacheCrashed => "cache crash",
            LossCause::StoreDownSessionReset => "store down: session reset",
            LossCause::StoreSwitched { .. } => "store switched",
            LossCause::IdleTimeout { .. } => "idle timeout",
            LossCause::AbsoluteTimeout { .. } => "absolute timeout",
            LossCause::ExpiredAndCleanedUp { .. } => "expired",
            LossCause::LoggedOut => "logged out",
            LossCause::Rotated => "ID rotated",
            LossCause::BadSignature => "bad signature",
            LossCause::UnknownId => "unknown ID",
            LossCause::CookieExpired => "cookie expired",
            LossCause::BrowserClosed => "browser closed",
            LossCause::CookiesCleared => "cookies cleared",
            LossCause::SecureCookieNotSentOverHttp => "Secure over http",
            LossCause::CookieTooLarge => "cookie too large",
            LossCause::CookieRenamed => "cookie renamed",
            LossCause::RotatedOnPrivilegeChange => "ID rotated on privilege change",
            LossCause::EndedByUser => "ended by the user",
            LossCause::SessionLimit => "session limit",
        }
    }
}

fn store_place(store: StoreKind) -> &'static str {
    match store {
        StoreKind::File => "on its own disk",
        _ => "in its own memory",
    }
}

/// The explanation a learner reads: a table of data, one sentence per cause.
impl fmt::Display for LossCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            LossCause::ServerRestarted { server } => write!(
                f,
                "{server} restarted, and it kept sessions in process memory, which a restart wipes"
            ),
            LossCause::ServerCrashed { server } => write!(
                f,
                "{server} crashed, and it kept sessions in process memory, which died with the process"
            ),
            LossCause::ServerReplaced { server } => write!(
                f,
                "{server} was replaced by a new instance with empty memory and an empty disk"
            ),
            LossCause::ServerRemoved { server } => {
                write!(f, "{server}, which held the session, was removed from the cluster")
            }
            LossCause::NotOnThisServer { server, holder: Some(h), store } => write!(
                f,
                "the load balancer sent this request to {server}, but the session lives {} of {h}: servers do not share it",
                if store == StoreKind::File { "on the disk" } else { "in the memory" }
            ),
            LossCause::NotOnThisServer { server, holder: None, store } => write!(
                f,
                "the load balancer sent this request to {server}, which keeps sessions {} and has no session with this ID",
                store_place(store)
            ),
            LossCause::Evicted => f.write_str(
                "the cache was full and evicted this session, the least recently used one, to make room",
            ),
            LossCause::CacheRestarted => {
                f.write_str("the cache restarted without persistence and lost every session it held")
            }
            LossCause::StoreDownSessionReset => f.write_str(
                "the session store did not answer, and the library treated the session as missing (Django's cache backend resets it on any error) and deleted the cookie: the session is gone for this browser even after the store is back",
            ),
            LossCause::CacheCrashed => f.write_str(
                "the cache crashed and came back from its last snapshot on disk, which was taken before this session was saved",
            ),
            LossCause::StoreSwitched { from } => write!(
                f,
                "the cluster switched session storage away from {}; the new store started empty",
                from.label()
            ),
            LossCause::IdleTimeout { idle, limit } => write!(
                f,
                "the session was idle for {idle}, longer than the idle timeout of {limit}, so the server ended it"
            ),
            LossCause::AbsoluteTimeout { age, limit } => write!(
                f,
                "the session was {age} old, past the absolute timeout of {limit}, so the server ended it however active it was"
            ),
            LossCause::ExpiredAndCleanedUp { why } => write!(
                f,
                "the session passed its {} timeout and the store's cleanup has since deleted it",
                if why == ExpiryKind::Idle { "idle" } else { "absolute" }
            ),
            LossCause::LoggedOut => f.write_str("the user logged out and the server destroyed the session"),
            LossCause::Rotated => f.write_str(
                "the session was given a new ID at login; this old ID is no longer valid",
            ),
            LossCause::BadSignature => f.write_str(
                "the cookie's signature did not match the server's secret (forged, or the secret changed)",
            ),
            LossCause::UnknownId => f.write_str(
                "the server never issued this session ID, and strict mode refuses to adopt an ID it did not make",
            ),
            LossCause::CookieExpired => {
                f.write_str("the browser's session cookie reached its Max-Age and the browser deleted it")
            }
            LossCause::BrowserClosed => f.write_str(
                "the browser was closed, and the session cookie had no Max-Age or Expires, so it was deleted",
            ),
            LossCause::CookiesCleared => f.write_str("the browser's cookies were cleared"),
            LossCause::SecureCookieNotSentOverHttp => f.write_str(
                "the session cookie is marked Secure and this request used plain http, so the browser did not send it",
            ),
            LossCause::CookieTooLarge => f.write_str(
                "the session cookie grew past the browser's 4096-byte limit, so the browser refused to store it",
            ),
            LossCause::CookieRenamed => f.write_str(
                "the session cookie was renamed in the settings, so the server ignores the cookie the browser still holds",
            ),
            LossCause::RotatedOnPrivilegeChange => f.write_str(
                "the session was given a new ID when the user confirmed the password; this old ID is no longer valid",
            ),
            LossCause::EndedByUser => {
                f.write_str("the user chose \"log out other sessions\" from another device, which ended this one")
            }
            LossCause::SessionLimit => f.write_str(
                "the user logged in on more devices than the limit of concurrent sessions allows, and this least recently used session was ended",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explanations_name_the_server_and_the_reason() {
        let s = LossCause::ServerRestarted { server: ServerNumber(1) }.to_string();
        assert!(s.contains("server 1 restarted") && s.contains("memory"), "{s}");
        let s = LossCause::NotOnThisServer {
            server: ServerNumber(3),
            holder: Some(ServerNumber(1)),
            store: StoreKind::File,
        }
        .to_string();
        assert!(s.contains("server 3") && s.contains("disk of server 1"), "{s}");
        let s = LossCause::IdleTimeout { idle: SimTime::mins(31), limit: SimTime::mins(30) }.to_string();
        assert!(s.contains("31 min") && s.contains("30 min"), "{s}");
    }
}
