//! The defenses a learner can switch on and off, each with one line saying
//! what it does and the OWASP ASVS 4.0.3 requirement it maps to. Events
//! that report a stopped attack name the defense that stopped it.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::config::{IdGenerator, LogoutPolicy, SameSite, WorldConfig};

/// One defense.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Defense {
    /// The browser speaks HTTPS (each browser's "use HTTPS" switch).
    Https,
    /// TLS goes on from the load balancer to the servers.
    TlsToServers,
    /// The session cookie is Secure.
    SecureCookie,
    /// The session cookie is HttpOnly.
    HttpOnly,
    /// The session cookie is SameSite=Lax or Strict.
    SameSite,
    /// Forms carry an anti-CSRF token kept in the session.
    CsrfToken,
    /// A new session ID at login.
    RotateOnLogin,
    /// A new session ID when the user confirms the password (privilege change).
    RotateOnPrivilegeChange,
    /// Strict mode: IDs the server never issued are refused, not adopted.
    StrictIds,
    /// Session IDs with at least 64 bits of entropy.
    IdEntropy,
    /// Logout destroys the session on the server.
    ServerSideLogout,
    /// An idle timeout.
    IdleTimeout,
    /// An absolute timeout.
    AbsoluteTimeout,
    /// The `__Host-` cookie-name prefix.
    HostPrefix,
    /// The most precise cookie Path.
    PrecisePath,
    /// "Log out other sessions".
    LogOutOtherSessions,
    /// A page listing my active sessions with device and last seen.
    ActiveSessionList,
    /// A limit on concurrent sessions per user.
    SessionLimit,
}

impl Defense {
    /// Every defense, in the order the settings list them.
    pub const ALL: [Defense; 18] = [
        Defense::Https,
        Defense::TlsToServers,
        Defense::SecureCookie,
        Defense::HttpOnly,
        Defense::SameSite,
        Defense::CsrfToken,
        Defense::RotateOnLogin,
        Defense::RotateOnPrivilegeChange,
        Defense::StrictIds,
        Defense::IdEntropy,
        Defense::ServerSideLogout,
        Defense::IdleTimeout,
        Defense::AbsoluteTimeout,
        Defense::HostPrefix,
        Defense::PrecisePath,
        Defense::LogOutOtherSessions,
        Defense::ActiveSessionList,
        Defense::SessionLimit,
    ];

    /// The switch's name.
    pub fn label(self) -> &'static str {
        match self {
            Defense::Https => "HTTPS in the browser",
            Defense::TlsToServers => "TLS from the load balancer to the servers",
            Defense::SecureCookie => "Secure cookie",
            Defense::HttpOnly => "HttpOnly cookie",
            Defense::SameSite => "SameSite=Lax or Strict",
            Defense::CsrfToken => "Anti-CSRF token",
            Defense::RotateOnLogin => "New session ID at login",
            Defense::RotateOnPrivilegeChange => "New session ID on privilege change",
            Defense::StrictIds => "Strict mode (refuse unknown IDs)",
            Defense::IdEntropy => "At least 64 bits of entropy in IDs",
            Defense::ServerSideLogout => "Logout destroys the session on the server",
            Defense::IdleTimeout => "Idle timeout",
            Defense::AbsoluteTimeout => "Absolute timeout",
            Defense::HostPrefix => "__Host- cookie prefix",
            Defense::PrecisePath => "Precise cookie Path",
            Defense::LogOutOtherSessions => "Log out other sessions",
            Defense::ActiveSessionList => "List of my active sessions",
            Defense::SessionLimit => "Limit on concurrent sessions",
        }
    }

    /// What it does against which attack, in one line.
    pub fn explanation(self) -> &'static str {
        match self {
            Defense::Https => "The browser encrypts every request, so nobody on the network can read its Cookie header.",
            Defense::TlsToServers => "The load balancer re-encrypts traffic to the servers; if TLS ends at the balancer, anyone on the network behind it reads every cookie in clear text.",
            Defense::SecureCookie => "The browser never sends the session cookie over plain http, where anyone on the network could copy it.",
            Defense::HttpOnly => "Page scripts cannot read the session cookie through document.cookie, so an injected script cannot steal it.",
            Defense::SameSite => "The browser leaves the session cookie off form posts that another site starts, so a forged request arrives without a session.",
            Defense::CsrfToken => "Every form of the shop carries a secret token kept in the session; a form forged on another site lacks it and is refused with 403.",
            Defense::RotateOnLogin => "Login gives the session a new ID, so an ID planted or seen before login is worthless after it.",
            Defense::RotateOnPrivilegeChange => "Confirming the password gives the session a new ID, so an ID stolen earlier stops working when the user gains privileges (OWASP Session Management Cheat Sheet: renew the ID on any privilege change).",
            Defense::StrictIds => "The server refuses session IDs it never issued instead of adopting them, so an attacker cannot make one up and plant it.",
            Defense::IdEntropy => "With at least 64 random bits (ASVS 4.0.3 V3.2.2), drawn from a cryptographically secure generator (a separate item, V3.2.4), an attacker guessing IDs finds no live session in any useful time.",
            Defense::ServerSideLogout => "Logout deletes the session in the store, so a copy of the ID someone kept stops working at once.",
            Defense::IdleTimeout => "The server ends a session nobody used for a while, so a stolen ID left unused dies on its own.",
            Defense::AbsoluteTimeout => "The server ends every session after a fixed time, however active, so a stolen ID cannot be used forever.",
            Defense::HostPrefix => "A __Host- cookie must be Secure, Path=/ and without Domain, so a sibling site cannot set or overwrite it.",
            Defense::PrecisePath => "The cookie goes only to the application's own path, so other applications on the same host never receive it; the shop is the whole host, so its precise path is /.",
            Defense::LogOutOtherSessions => "The user can end every other session of the account at once, which throws out a hijacker; the shop offers it at any time, ASVS at least after a password change (ASVS 4.0.3 V3.3.3: \"Verify that the application gives the option to terminate all other active sessions after a successful password change (including change via password reset/recovery), and that this is effective across the application, federated login (if present), and any relying parties.\")",
            Defense::ActiveSessionList => "The user sees every active session with its device and last use, and notices one that is not theirs.",
            Defense::SessionLimit => "Logging in beyond the limit ends the oldest sessions of the account, so a forgotten or stolen session does not live on next to new ones. ASVS 5.0 V7.1.2 only asks that the limit, and what happens when it is reached, be documented; ASVS 4.0.3 V3.7 warns that when the newest login ends the oldest, \"the last authenticator wins, which is often the attacker\".",
        }
    }

    /// The requirement it maps to: an OWASP ASVS 4.0.3 V3 item where there is
    /// one; otherwise the nearest ASVS item, naming its chapter or version
    /// (the session limit's ASVS 5.0 V7.1.2 only asks that the limit be
    /// documented).
    pub fn asvs(self) -> &'static str {
        match self {
            Defense::Https => "V9.1.1",
            Defense::TlsToServers => "V9.2.2",
            Defense::SecureCookie => "V3.4.1",
            Defense::HttpOnly => "V3.4.2",
            Defense::SameSite => "V3.4.3",
            Defense::CsrfToken => "V4.2.2",
            Defense::RotateOnLogin | Defense::RotateOnPrivilegeChange | Defense::StrictIds => "V3.2.1",
            Defense::IdEntropy => "V3.2.2",
            Defense::ServerSideLogout => "V3.3.1",
            Defense::IdleTimeout | Defense::AbsoluteTimeout => "V3.3.2",
            Defense::HostPrefix => "V3.4.4",
            Defense::PrecisePath => "V3.4.5",
            Defense::LogOutOtherSessions => "V3.3.3",
            Defense::ActiveSessionList => "V3.3.4",
            Defense::SessionLimit => "ASVS 5.0 V7.1.2",
        }
    }

    /// Whether `config` has it on; `None` for [`Defense::Https`], a switch
    /// of each browser rather than of the settings.
    pub fn is_on(self, config: &WorldConfig) -> Option<bool> {
        let s = &config.session;
        Some(match self {
            Defense::Https => return None,
            Defense::TlsToServers => config.tls_to_servers,
            Defense::SecureCookie => s.cookie.secure,
            Defense::HttpOnly => s.cookie.http_only,
            Defense::SameSite => matches!(s.cookie.same_site, Some(SameSite::Lax | SameSite::Strict)),
            Defense::CsrfToken => s.csrf_token,
            Defense::RotateOnLogin => s.rotate_on_login,
            Defense::RotateOnPrivilegeChange => s.rotate_on_privilege_change,
            Defense::StrictIds => s.strict_ids,
            Defense::IdEntropy => s.id_generator.entropy_bits() >= 64.0,
            Defense::ServerSideLogout => s.logout == LogoutPolicy::DestroyOnServer,
            Defense::IdleTimeout => s.idle_timeout_secs.is_some(),
            Defense::AbsoluteTimeout => s.absolute_timeout_secs.is_some(),
            Defense::HostPrefix => s.cookie.name.starts_with("__Host-"),
            Defense::PrecisePath => s.cookie.path == "/",
            // The shop always offers these pages; they work where the server
            // can enumerate sessions (not with signed cookies).
            Defense::LogOutOtherSessions | Defense::ActiveSessionList => {
                config.store != super::store::StoreKind::SignedCookie
            }
            Defense::SessionLimit => s.max_sessions_per_user.is_some(),
        })
    }

    /// Switches it on or off in `config`, changing what else must change
    /// for the settings to stay valid (Secure off also drops a `__Host-`
    /// prefix and SameSite=None, which need it). Does nothing for
    /// [`Defense::Https`], for the precise Path (the shop is the whole host,
    /// so `/` is already its precise path) and for the two session pages,
    /// which are always there.
    pub fn set(self, config: &mut WorldConfig, on: bool) {
        let s = &mut config.session;
        let c = &mut s.cookie;
        match self {
            Defense::Https | Defense::PrecisePath | Defense::LogOutOtherSessions | Defense::ActiveSessionList => {}
            Defense::TlsToServers => config.tls_to_servers = on,
            Defense::SecureCookie => {
                c.secure = on;
                if !on {
                    if let Some(rest) = c.name.strip_prefix("__Host-").or(c.name.strip_prefix("__Secure-")) {
                        c.name = rest.to_string();
                    }
                    if c.same_site == Some(SameSite::None) {
                        c.same_site = None;
                    }
                }
            }
            Defense::HttpOnly => c.http_only = on,
            Defense::SameSite => c.same_site = if on { Some(SameSite::Lax) } else { None },
            Defense::CsrfToken => s.csrf_token = on,
            Defense::RotateOnLogin => s.rotate_on_login = on,
            Defense::RotateOnPrivilegeChange => s.rotate_on_privilege_change = on,
            Defense::StrictIds => s.strict_ids = on,
            Defense::IdEntropy => s.id_generator = if on { IdGenerator::DEFAULT } else { IdGenerator::Sequential },
            Defense::ServerSideLogout => {
                s.logout = if on { LogoutPolicy::DestroyOnServer } else { LogoutPolicy::ClearCookieOnly }
            }
            Defense::IdleTimeout => s.idle_timeout_secs = on.then_some(30 * 60),
            Defense::AbsoluteTimeout => s.absolute_timeout_secs = on.then_some(8 * 3600),
            Defense::HostPrefix => {
                let bare = c.name.trim_start_matches("__Host-").trim_start_matches("__Secure-").to_string();
                if on {
                    c.name = format!("__Host-{bare}");
                    c.secure = true;
                    c.path = "/".into();
                    c.domain = None;
                } else {
                    c.name = bare;
                }
            }
            Defense::SessionLimit => s.max_sessions_per_user = on.then_some(3),
        }
    }
}

impl fmt::Display for Defense {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_defense_is_explained_and_mapped() {
        for d in Defense::ALL {
            assert!(d.explanation().ends_with('.') || d.explanation().ends_with(')'), "{d}");
            assert!(d.asvs().contains('V'), "{d}");
        }
        assert_eq!(Defense::HttpOnly.asvs(), "V3.4.2");
        assert_eq!(Defense::RotateOnLogin.asvs(), "V3.2.1");
    }

    #[test]
    fn switching_keeps_the_settings_valid() {
        for d in Defense::ALL {
            for on in [true, false, true] {
                let mut c = WorldConfig::default();
                d.set(&mut c, on);
                c.validate().unwrap_or_else(|e| panic!("{d} {on}: {e}"));
                if let Some(now) = d.is_on(&c) {
                    let always =
                        matches!(d, Defense::PrecisePath | Defense::LogOutOtherSessions | Defense::ActiveSessionList);
                    assert!(always || now == on, "{d} set {on} reads {now}");
                }
            }
        }
    }
}
