//! The sentences of the security lab's events: attacks, the defenses that
//! stop them, and the user-facing session controls.

use super::attack::{Attack, FixedId, ForgedRequest, Plant, Theft};
use super::event::EventKind;
use super::words::{capital, count};

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
        Attack::XssRequest { victim, forged } => format!(
            "Mallory posted a comment with a <script> that, in {victim}'s shop page, sends a request to the shop that would {}",
            forged_what(forged)
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
                Plant::SiblingCookie => "with a cookie set for the whole domain by a sibling site, forum.example.com",
            }
        ),
        Attack::Guess { tries } => format!(
            "Mallory tries {tries} session IDs: the neighbours of one the shop gave her if its IDs are sequential or timestamps, random ones otherwise"
        ),
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
                Plant::SiblingCookie => "a cookie from forum.example.com for the whole domain",
            }
        ),
        ScriptRodeSession { victim, forged } => format!(
            "Mallory's script rode the session from inside the page: {victim} sent its session cookie (HttpOnly does not stop a request, only reading) and the page's own token, and the shop did as told: {}",
            forged_what(*forged)
        ),
        ForgedRequestWorked { victim, forged } => format!(
            "The forged request worked: {victim} sent its session cookie along, and the shop did as told: {}",
            forged_what(*forged)
        ),
        IdsGuessed { tries, found } => {
            format!("Mallory tried {}; {found} named a live session", count(*tries, "guessed session ID"))
        }
        SessionsListed { user, count: n } => format!("The shop listed {} of {user}", count(*n, "active session")),
        OtherSessionsEnded { user, count: n } => {
            format!("The shop ended {} of {user} on the server", count(*n, "other session"))
        }
        SessionLimitReached { user, limit, ended } => format!(
            "{} has more than {} at once, the limit; the shop ended the {ended} least recently used",
            capital(&user.name()),
            count(*limit, "session")
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::attack::{AttackKind, AttackMiss, FixedId};
    use crate::sim::defense::Defense;
    use crate::sim::event::{Event, EventCategory};
    use crate::sim::ids::{BrowserId, SessionId};
    use crate::sim::session::User;
    use crate::sim::time::SimTime;
    use std::rc::Rc;

    /// One of each security-lab event, with the category it belongs to.
    fn every_kind() -> Vec<(EventKind, EventCategory)> {
        use EventCategory::{Failures, Sessions};
        let (alice, id) = (BrowserId::ALICE, SessionId::new("0123456789abcdef"));
        let mut v = vec![
            (EventKind::CookieStolen { victim: alice, how: Theft::BrowserHop, name: Rc::from("sid") }, Failures),
            (EventKind::CookieStolen { victim: alice, how: Theft::ServerHop, name: Rc::from("sid") }, Failures),
            (EventKind::CookieStolen { victim: alice, how: Theft::Script, name: Rc::from("sid") }, Failures),
            (EventKind::Hijacked { attacker: BrowserId::MALLORY, user: User::Alice, session: id.clone() }, Failures),
            (EventKind::IdPlanted { victim: alice, via: Plant::Link, session: id.clone() }, Sessions),
            (EventKind::IdPlanted { victim: alice, via: Plant::SiblingCookie, session: id.clone() }, Sessions),
            (EventKind::ForgedRequestWorked { victim: alice, forged: ForgedRequest::AddToCart }, Failures),
            (EventKind::IdsGuessed { tries: 10, found: 0 }, Sessions),
            (EventKind::IdsGuessed { tries: 10, found: 2 }, Failures),
            (EventKind::SessionsListed { user: User::Alice, count: 2 }, Sessions),
            (EventKind::OtherSessionsEnded { user: User::Alice, count: 1 }, Sessions),
            (EventKind::SessionLimitReached { user: User::Alice, limit: 3, ended: 1 }, Sessions),
            (EventKind::SessionsNotListable { user: User::Alice }, Sessions),
            (EventKind::LogoutLeftSessionValid { session: id.clone(), in_cookie: true }, Failures),
            (EventKind::LogoutLeftSessionValid { session: id, in_cookie: false }, Failures),
        ];
        for attack in [
            Attack::Sniff { victim: alice },
            Attack::Xss { victim: alice },
            Attack::Csrf { victim: alice, forged: ForgedRequest::ChangeEmail },
            Attack::Fixation { victim: alice, via: Plant::Link, id: FixedId::MadeUp },
            Attack::Guess { tries: 5 },
        ] {
            v.push((EventKind::AttackLaunched { attack }, Sessions));
        }
        for defense in Defense::ALL {
            v.push((EventKind::AttackBlocked { attack: AttackKind::Sniff, defense }, Sessions));
        }
        v.push((EventKind::AttackFailed { attack: AttackKind::Guess, why: AttackMiss::NoneFound }, Sessions));
        v
    }

    #[test]
    fn every_security_event_has_a_sentence_and_a_group() {
        for (kind, category) in every_kind() {
            let e = Event { at: SimTime::ZERO, request: None, kind };
            let s = e.describe();
            assert!(s.len() > 20 && s.chars().next().is_some_and(char::is_uppercase), "{:?}: {s}", e.kind);
            assert_eq!(e.category(), category, "{s}");
        }
    }

    #[test]
    fn a_blocked_attack_names_the_defense_and_its_asvs_requirement() {
        let e = Event {
            at: SimTime::ZERO,
            request: None,
            kind: EventKind::AttackBlocked { attack: AttackKind::Xss, defense: Defense::HttpOnly },
        };
        let s = e.describe();
        assert!(s.contains("HttpOnly") && s.contains("V3.4.2") && s.contains("document.cookie"), "{s}");
    }
}
