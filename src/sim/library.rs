//! Where real session libraries differ from one another in ways a learner
//! can see: what logout sends, whether an expired session is refused when
//! read, what a save does to the cookie, what happens when the store is down.
//!
//! A [`LibraryBehaviour`] is part of the session settings. Its default is the
//! engine's generic middleware (the sandbox's); each library preset sets the
//! values its library has, and names the file each value comes from (see
//! `presets.rs`). The reality suite (`tools/reality/`) checks the presets
//! against the real libraries run on loopback.

use serde::{Deserialize, Serialize};

use super::store::CookieSeal;

/// What a server answers when its session store does not.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OutageReply {
    /// An error at once: the store refused the connection
    /// (express with connect-pg-simple: 500 with `ECONNREFUSED`).
    #[default]
    ErrorAtOnce,
    /// The request waits for the store client's command timeout, then fails
    /// (express with connect-redis: node-redis waits 5 s, then 500).
    ErrorAfterTimeout {
        /// How long the client waits, in milliseconds.
        wait_ms: u32,
    },
    /// The library treats the session as missing and answers as to a
    /// stranger: Django 5.2's cache backend catches every error of the
    /// cache's `get` (`contrib/sessions/backends/cache.py`, `load`: "reset
    /// the session"), and its middleware then deletes the cookie, so the
    /// session is lost for good although the cache still holds it.
    TreatAsMissing,
    /// The server process dies: its Redis client has no `error` listener, as
    /// connect-redis's README sets it up, so Node.js exits on the client's
    /// error event, and the balancer has no server left to ask.
    ServerCrashes,
}

/// Which attribute gives a persistent cookie its lifetime.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LifetimeAttribute {
    /// `Max-Age=<seconds>` (Django, PHP, tower-sessions, actix-session).
    #[default]
    MaxAge,
    /// `Expires=<date>` only (express-session 1.19.0, `node_modules/express-session/session/cookie.js`:
    /// the `maxAge` option is written as an `expires` date).
    Expires,
}

/// The behaviours where libraries differ. The defaults are the engine's
/// generic middleware; see each field for which libraries do otherwise.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct LibraryBehaviour {
    /// A session past its idle or absolute timeout is refused when a request
    /// reads it. False for PHP's files handler (php-src 8.2
    /// `ext/session/mod_files.c`, `ps_read_files`): it reads a file whatever
    /// its age, and only garbage collection deletes old files.
    pub expiry_checked_on_read: bool,
    /// Logout sends a Set-Cookie that deletes the session cookie. False for
    /// express-session (`req.session.destroy()` only deletes the stored
    /// session: `session/session.js`) and PHP (`session_destroy()` does not
    /// touch the cookie: php-src `ext/session/session.c`), so the browser keeps
    /// sending the dead ID.
    pub logout_clears_cookie: bool,
    /// Every save of a changed session sends the cookie again with its full
    /// lifetime (Django 5.2 `contrib/sessions/middleware.py`: "Save the session
    /// data and refresh the client cookie").
    pub cookie_refreshed_on_save: bool,
    /// A session deleted while a request was using it is not written back when
    /// that request saves: the save fails and the request gets 400 (Django 5.2
    /// `contrib/sessions/backends/db.py` raises `UpdateError`, and the
    /// middleware turns it into `SessionInterrupted`, a `SuspiciousOperation`).
    /// False: the save writes it back (express-session's stores, whose `set`
    /// is an upsert).
    pub refuses_write_after_delete: bool,
    /// A request whose cookie names a session the server does not have, and
    /// that ends with no session, gets a Set-Cookie deleting the cookie
    /// (Django 5.2 `contrib/sessions/middleware.py`: an empty session whose
    /// cookie was sent is deleted with `Max-Age=0`).
    pub deletes_unknown_cookie: bool,
    /// A session file is locked for the whole request, so a second request of
    /// the same session waits (PHP's files handler, `flock` in
    /// `mod_files.c`). session-file-store and Django's file backend take no
    /// lock.
    pub locks_session_file: bool,
    /// A Secure cookie is set only on a request that reached the server over
    /// TLS, or that a trusted proxy says came over https (express-session
    /// 1.19.0 `index.js`, `issecure`: otherwise it logs "not secured" and
    /// sends no Set-Cookie at all).
    pub secure_cookie_needs_tls_to_server: bool,
    /// The app trusts the balancer's `X-Forwarded-Proto` header (Express's
    /// `app.set('trust proxy', 1)`), the fix for the trap above.
    pub trust_proxy: bool,
    /// What a request gets while the shared store is down.
    pub store_outage: OutageReply,
    /// How the cookie's lifetime is written.
    pub lifetime_attribute: LifetimeAttribute,
    /// How a signed-cookie session is sealed: encrypted or only signed, and
    /// which size the library checks.
    pub cookie_seal: CookieSeal,
    /// Each server process makes its own key at start (actix-session's
    /// examples: `Key::generate()` in `main`), so a restart logs everyone out
    /// and each server refuses the others' cookies. False: one key from the
    /// app's configuration, shared by every server (the fix).
    pub key_per_process: bool,
}

impl Default for LibraryBehaviour {
    fn default() -> LibraryBehaviour {
        LibraryBehaviour {
            expiry_checked_on_read: true,
            logout_clears_cookie: true,
            cookie_refreshed_on_save: false,
            refuses_write_after_delete: false,
            deletes_unknown_cookie: false,
            locks_session_file: false,
            secure_cookie_needs_tls_to_server: false,
            trust_proxy: false,
            store_outage: OutageReply::ErrorAtOnce,
            lifetime_attribute: LifetimeAttribute::MaxAge,
            cookie_seal: CookieSeal::default(),
            key_per_process: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_setting_without_the_library_part_reads_as_the_generic_middleware() {
        let b: LibraryBehaviour = serde_json::from_str("{}").unwrap();
        assert_eq!(b, LibraryBehaviour::default());
        let b: LibraryBehaviour = serde_json::from_str(r#"{"trust_proxy":true}"#).unwrap();
        assert!(b.trust_proxy && b.logout_clears_cookie);
    }
}
