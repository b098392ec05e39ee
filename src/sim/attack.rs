//! Mallory's moves against the shop's sessions, as plain data: what she can
//! try ([`Attack`]), why a try came to nothing when no defense stopped it
//! ([`AttackMiss`]), and the arithmetic of guessing IDs (OWASP's expected
//! time to guess). The world runs them: see `World::apply` with
//! [`Action::Attack`](super::Action::Attack).

use serde::{Deserialize, Serialize};
use std::fmt;

use super::config::IdGenerator;
use super::ids::BrowserId;
use super::rng::SimRng;

/// The most IDs one guessing attack tries.
pub const MAX_GUESSES: u32 = 10_000;

/// What a page on another site makes the victim's browser post to the shop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ForgedRequest {
    /// `POST /cart` adding a lamp the victim never chose.
    AddToCart,
    /// `POST /account/email` changing the account's email to mallory's.
    ChangeEmail,
}

/// How mallory plants a session ID in the victim's browser.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Plant {
    /// A link to the shop carrying the ID, which the shop turns into its own
    /// session cookie (as servers that accept IDs in URLs do).
    Link,
    /// A cookie set by a page on a sibling site (`forum.example.com`) for the
    /// whole parent domain (`Domain=example.com`), which the browser then
    /// sends to `shop.example.com` too.
    SiblingCookie,
}

/// Which session ID mallory fixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FixedId {
    /// One the shop issued to her own browser when she visited.
    Issued,
    /// One she made up; only a permissive server (no strict mode) adopts it.
    MadeUp,
}

/// One of mallory's moves. She always acts from her own browser
/// ([`BrowserId::MALLORY`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Attack {
    /// Reads the Cookie header of the victim's most recent request where it
    /// travelled in clear text, copies the session cookie into her browser
    /// and opens the account page with it.
    Sniff {
        /// Whose traffic.
        victim: BrowserId,
    },
    /// Posts a comment with a script the shop shows unescaped; the victim's
    /// browser runs it, and it sends `document.cookie` to mallory, who opens
    /// the account page with the session cookie it carried.
    Xss {
        /// Whose browser runs the script.
        victim: BrowserId,
    },
    /// Posts a comment with a script that, running in the victim's shop page,
    /// sends a request to the shop itself: same site, with the victim's
    /// cookies whatever their HttpOnly or SameSite, and with the page's
    /// anti-CSRF token, which the script reads. HttpOnly stops cookie theft,
    /// not this (OWASP Session Management Cheat Sheet, "HttpOnly"; lesson 16).
    XssRequest {
        /// Whose browser runs the script.
        victim: BrowserId,
        /// What the script's request does.
        forged: ForgedRequest,
    },
    /// A page on another site makes the victim's browser post a form to the shop.
    Csrf {
        /// Whose browser posts.
        victim: BrowserId,
        /// What the form does.
        forged: ForgedRequest,
    },
    /// Plants a session ID mallory knows in the victim's browser. The victim
    /// then logs in (an ordinary action), and mallory uses the same ID.
    Fixation {
        /// Whose browser.
        victim: BrowserId,
        /// How the ID gets there.
        via: Plant,
        /// Which ID.
        id: FixedId,
    },
    /// Tries `tries` session IDs near one the shop just issued to her (or
    /// random ones of the same shape), and opens the account page with the
    /// first live session found.
    Guess {
        /// How many IDs, 1 to [`MAX_GUESSES`].
        tries: u32,
    },
}

/// An attack's name without its details, for events and counters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AttackKind {
    /// Sniffing a plain-http hop.
    Sniff,
    /// Cross-site scripting.
    Xss,
    /// Cross-site request forgery.
    Csrf,
    /// Session fixation.
    Fixation,
    /// Guessing session IDs.
    Guess,
}

impl Attack {
    /// Which kind of attack this is.
    pub fn kind(self) -> AttackKind {
        match self {
            Attack::Sniff { .. } => AttackKind::Sniff,
            Attack::Xss { .. } | Attack::XssRequest { .. } => AttackKind::Xss,
            Attack::Csrf { .. } => AttackKind::Csrf,
            Attack::Fixation { .. } => AttackKind::Fixation,
            Attack::Guess { .. } => AttackKind::Guess,
        }
    }
    /// The browser attacked, if the attack has one victim.
    pub fn victim(self) -> Option<BrowserId> {
        match self {
            Attack::Sniff { victim } | Attack::Xss { victim } => Some(victim),
            Attack::Csrf { victim, .. } | Attack::Fixation { victim, .. } | Attack::XssRequest { victim, .. } => {
                Some(victim)
            }
            Attack::Guess { .. } => None,
        }
    }
}

impl AttackKind {
    /// Every kind, in the order the course teaches them.
    pub const ALL: [AttackKind; 5] =
        [AttackKind::Sniff, AttackKind::Xss, AttackKind::Csrf, AttackKind::Fixation, AttackKind::Guess];
    /// The name the learner sees.
    pub fn label(self) -> &'static str {
        match self {
            AttackKind::Sniff => "sniffing",
            AttackKind::Xss => "cross-site scripting (XSS)",
            AttackKind::Csrf => "cross-site request forgery (CSRF)",
            AttackKind::Fixation => "session fixation",
            AttackKind::Guess => "guessing session IDs",
        }
    }
}

impl fmt::Display for AttackKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// How mallory got hold of a cookie.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Theft {
    /// Read on the plain-http hop from the victim's browser to the load balancer.
    BrowserHop,
    /// Read on the plain-http hop from the load balancer to a server (TLS ended at the balancer).
    ServerHop,
    /// Read by an injected script through `document.cookie`.
    Script,
    /// Found by guessing IDs.
    Guessed,
}

/// Why an attack came to nothing when no defense had to stop it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AttackMiss {
    /// The victim has sent no request yet.
    NoRequestSeen,
    /// The victim holds (or sent) no session cookie to steal.
    NoSessionCookie,
    /// The forged request reached the shop without the victim's session.
    NoVictimSession,
    /// The forged request changed nothing (the victim was not logged in, say).
    NothingChanged,
    /// The shop gave mallory no session ID to work with.
    NoIdObtained,
    /// Sessions live in signed cookies: there are no IDs on the server to guess.
    NothingOnServer,
    /// The shop signs its IDs, and a guessed ID carries no valid signature.
    SignedIds,
    /// None of the guessed IDs named a live session.
    NoneFound,
}

impl fmt::Display for AttackMiss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AttackMiss::NoRequestSeen => "the victim has not sent a request yet, so there was nothing to read",
            AttackMiss::NoSessionCookie => "the victim had no session cookie to steal",
            AttackMiss::NoVictimSession => {
                "the victim has no session at the shop, so the forged request changed nothing of theirs"
            }
            AttackMiss::NothingChanged => "the forged request changed nothing (the victim was not logged in)",
            AttackMiss::NoIdObtained => "the shop gave mallory no session ID to work with",
            AttackMiss::NothingOnServer => {
                "sessions live in signed cookies, so there are no session IDs on the server to guess"
            }
            AttackMiss::SignedIds => {
                "the shop signs its session IDs, and mallory cannot sign a guessed ID without the secret"
            }
            AttackMiss::NoneFound => "none of the guessed IDs named a live session",
        })
    }
}

/// OWASP's expected time to guess a valid session ID, in seconds:
/// `(2^B + 1) / (2 * A * S)` for `B` bits of entropy, `A` guesses per second
/// and `S` live sessions. Infinite when `A` or `S` is zero.
///
/// ```
/// use session_lab::sim::attack::expected_seconds_to_guess;
/// // 64 bits, 10,000 guesses a second, 100,000 live sessions: about 292 years.
/// let years = expected_seconds_to_guess(64.0, 10_000.0, 100_000.0) / (365.25 * 86_400.0);
/// assert!((years - 292.3).abs() < 0.1);
/// ```
pub fn expected_seconds_to_guess(bits: f64, guesses_per_second: f64, live_sessions: f64) -> f64 {
    if guesses_per_second <= 0.0 || live_sessions <= 0.0 {
        return f64::INFINITY;
    }
    (bits.exp2() + 1.0) / (2.0 * guesses_per_second * live_sessions)
}

/// The IDs mallory tries, knowing `own` was just issued by `generator`:
/// its neighbours (one below, one above, two below, ...) for the sequential
/// and timestamp generators, random IDs of the same shape otherwise.
pub fn guess_candidates(generator: IdGenerator, own: Option<&str>, tries: u32, rng: &mut SimRng) -> Vec<String> {
    let tries = tries.min(MAX_GUESSES) as u64;
    match (generator, own.and_then(|o| o.parse::<u64>().ok())) {
        (IdGenerator::Sequential | IdGenerator::Timestamp, Some(n)) => (1..)
            .flat_map(|d: u64| [n.checked_sub(d), n.checked_add(d)])
            .flatten()
            .take(tries as usize)
            .map(|n| n.to_string())
            .collect(),
        (IdGenerator::RandomI128, _) => (0..tries).map(|_| rng.i128_id()).collect(),
        (IdGenerator::Random { alphabet, length }, _) => {
            let chars = alphabet.chars();
            (0..tries)
                .map(|_| (0..length).map(|_| chars[rng.below(chars.len() as u64) as usize] as char).collect())
                .collect()
        }
        // Without an ID of her own to start from: the first numbers there are.
        (_, None) => (1000..1000 + tries).map(|n| n.to_string()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::config::IdAlphabet;

    #[test]
    fn owasp_expected_time_to_guess() {
        // (2^B + 1) / (2AS): 2 bits, 1 guess/s, 1 session -> 2.5 s.
        assert_eq!(expected_seconds_to_guess(2.0, 1.0, 1.0), 2.5);
        // Twice the sessions or twice the rate halves it.
        assert_eq!(expected_seconds_to_guess(2.0, 2.0, 1.0), 1.25);
        assert_eq!(expected_seconds_to_guess(2.0, 1.0, 2.0), 1.25);
        // 128 bits stays out of reach even at a billion guesses a second.
        let years = expected_seconds_to_guess(128.0, 1e9, 1e6) / (365.25 * 86_400.0);
        assert!(years > 1e12, "{years}");
        assert_eq!(expected_seconds_to_guess(64.0, 0.0, 5.0), f64::INFINITY);
    }

    #[test]
    fn sequential_guesses_are_the_neighbours() {
        let mut rng = SimRng::new(1);
        let g = guess_candidates(IdGenerator::Sequential, Some("1003"), 4, &mut rng);
        assert_eq!(g, ["1002", "1004", "1001", "1005"]);
        let r = guess_candidates(IdGenerator::Random { alphabet: IdAlphabet::Hex, length: 32 }, None, 3, &mut rng);
        assert!(r.iter().all(|id| id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())));
    }
}
