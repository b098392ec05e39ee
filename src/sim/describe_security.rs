//! The sentences of the security lab's events: attacks, the defenses that
//! stop them, and the user-facing session controls.

use super::attack::{Attack, FixedId, ForgedRequest, Plant, Theft};
use super::event::EventKind;

fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn forged_what(forged: ForgedRequest) -> &'static str {
    match forged {
        ForgedRequest::AddToCart => "add a lamp to the cart",
        ForgedRequest::ChangeEmail => "change the account's email to mallory@evil.example",
    }
}

fn launched(attack: Attack) -> String {
    match attack {
        Attack::Sniff { victim } => {
            format!("Mallory listens on the network for the Cookie header of {victim}'s last request")
        }
        Attack::Xss { victim } => format!(
            "Mallory posted a comment with a <script> that the shop shows unescaped; {victim} opened the page and ran it"
        ),
        Attack::Csrf { victim, forged } => format!(
            "Mallory's page on another site makes {victim} post a form to the shop that would {}",
            forged_what(forged)
        ),
        Attack::Fixation { victim, via, id } => format!(
            "Mallory takes {} and plants it in {victim} {}",
            match id {
                FixedId::Issued => "a session ID the shop issued to her",
                FixedId::MadeUp => "a session ID she made up",
            },
            match via {
                Plant::Link => "with a link to the shop that carries the ID",
                Plant::SiblingCookie => "with a cookie set for the whole domain by a sibling site, forum.example",
            }
        ),
        Attack::Guess { tries } => format!("Mallory tries {tries} session IDs near the one the shop gave her"),
    }
}

/// The sentence of a security-lab event; empty for any other event.
pub(super) fn sentence(kind: &EventKind) -> String {
    use EventKind::*;
    match kind {
        AttackLaunched { attack } => launched(*attack),
        CookieStolen { victim, how, name } => match how {
            Theft::BrowserHop => format!(
                "Mallory read cookie {name} in {victim}'s request on the plain-http hop to the load balancer and copied it into her own browser"
            ),
            Theft::ServerHop => format!(
                "Mallory read cookie {name} in {victim}'s request on the hop from the load balancer to the server, which is plain http because TLS ends at the balancer, and copied it into her own browser"
            ),
            Theft::Script => format!(
                "The script read cookie {name} from document.cookie in {victim} and sent it to mallory, who put it in her own browser"
            ),
            Theft::Guessed => format!("Mallory put the guessed session ID in her own browser as cookie {name}"),
        },
        Hijacked { attacker, user, session } => format!(
            "{} was served {user}'s session {}: the attacker is logged in as {user}",
            capital(&attacker.to_string()),
            session.short()
        ),
        AttackBlocked { attack, defense } => format!(
            "{} failed, stopped by the defense \"{}\" (ASVS {}): {}",
            capital(attack.label()),
            defense.label(),
            defense.asvs().trim_start_matches("ASVS "),
            defense.explanation()
        ),
        AttackFailed { attack, why } => format!("{} came to nothing: {why}", capital(attack.label())),
        IdPlanted { victim, via, session } => format!(
            "{} now holds session ID {} that mallory knows ({})",
            capital(&victim.to_string()),
            session.short(),
            match via {
                Plant::Link => "set by the shop from the link",
                Plant::SiblingCookie => "a cookie from forum.example for the whole domain",
            }
        ),
        ForgedRequestWorked { victim, forged } => format!(
            "The forged request worked: {victim} sent its session cookie along, and the shop did as told: {}",
            forged_what(*forged)
        ),
        IdsGuessed { tries, found } => {
            format!("Mallory tried {tries} guessed session ID(s); {found} named a live session")
        }
        SessionsListed { user, count } => format!("The shop listed {count} active session(s) of {user}"),
        OtherSessionsEnded { user, count } => {
            format!("The shop ended {count} other session(s) of {user} on the server")
        }
        SessionLimitReached { user, limit, ended } => format!(
            "{} has more than {limit} session(s) at once, the limit; the shop ended the {ended} least recently used",
            capital(user.name())
        ),
        SessionsNotListable { user } => format!(
            "The shop keeps sessions only in signed cookies, so it can neither list nor end {user}'s sessions: every copy of a cookie stays valid until it expires"
        ),
        LogoutLeftSessionValid { session, in_cookie: true } => format!(
            "Logout cleared the cookie, but session {} lives in the signed cookie itself: any copy of it stays valid until it expires, and the server cannot revoke it",
            session.short()
        ),
        LogoutLeftSessionValid { session, in_cookie: false } => format!(
            "Logout only told the browser to forget its cookie: session {} stays valid in the store for anyone who kept a copy of the ID",
            session.short()
        ),
        _ => String::new(),
    }
}
