//! The small vocabularies events are told in: what a store read found,
//! what a write was, why a browser refused or withheld a cookie, which
//! setting changed, and the event log's filter groups.

use serde::{Deserialize, Serialize};

/// What a store read found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReadOutcome {
    /// A live session.
    Hit,
    /// A live session, answered by the server's own cache in front of the database.
    CacheHit,
    /// Nothing under that ID.
    Miss,
    /// A record past its expiry.
    Expired,
}

/// What a store write did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WriteKind {
    /// Wrote the whole session.
    Save,
    /// Moved only its expiry.
    Touch,
    /// Deleted it.
    Delete,
}

/// Why a browser did not store a cookie it was sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CookieRefusal {
    /// Name and value over 4096 bytes.
    TooLarge,
    /// A Secure cookie set by a plain-http response.
    SecureOverHttp,
    /// A `__Host-` cookie without Secure, with a Domain or a Path other than /.
    BadHostPrefix,
    /// The Domain attribute does not match the site.
    ForeignDomain,
    /// The Domain attribute is a public suffix (`com`, `example`, `co.uk`):
    /// a cookie for every site under a registry.
    PublicSuffix,
    /// The Set-Cookie line did not parse.
    Malformed,
}

/// Why a browser held a cookie back from a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Withheld {
    /// Secure cookie, plain-http request.
    SecureOverHttp,
    /// SameSite forbids sending it on this cross-site request.
    SameSite,
}

/// Which part of a setting changed, for the log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SettingChanged {
    /// A browser's own settings (its SameSite rules, whether it restores its
    /// last session).
    BrowserEngine,
    /// The balancing policy.
    Balancing,
    /// The session middleware.
    Session,
    /// The cache settings.
    Cache,
    /// A whole preset.
    Preset,
    /// Whether TLS goes on from the load balancer to the servers.
    Tls,
}

/// The log's filter groups.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EventCategory {
    /// Hops of requests and responses.
    Requests,
    /// Session lifecycle and store operations.
    Sessions,
    /// Losses, outages, crashes and refusals.
    Failures,
}
