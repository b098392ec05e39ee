//! Tests of the cookie jar (`jar.rs`, `jar/`): expiry on the engine clock, Secure,
//! Path, Domain and prefixes, closing, HttpOnly, size, SameSite, header order.

use super::*;
use crate::sim::event::{CookieRefusal, Withheld};

const HOST: &str = "shop.example.com";

fn to(path: &str, https: bool) -> Destination<'_> {
    Destination {
        host: HOST,
        path,
        https,
        cross_site: false,
        top_level_get: true,
        engine: BrowserEngine::default(),
        now: SimTime::ZERO,
    }
}

#[test]
fn a_jar_of_more_than_64_cookies_orders_its_header_the_same_way() {
    for n in [3usize, 64, 70] {
        let mut j = CookieJar::new();
        for i in 0..n {
            let path = if i % 3 == 0 { "/cart" } else { "/" };
            j.receive(&format!("c{i}=v; Path={path}"), HOST, true, SimTime::ZERO).unwrap();
        }
        let (header, withheld) = j.cookie_header(to("/cart", true));
        let longer = (0..n).filter(|i| i % 3 == 0).map(|i| format!("c{i}=v"));
        let shorter = (0..n).filter(|i| i % 3 != 0).map(|i| format!("c{i}=v"));
        let want: Vec<String> = longer.chain(shorter).collect();
        assert_eq!(header.as_deref(), Some(want.join("; ").as_str()), "{n} cookies");
        assert!(withheld.is_empty());
        let (home, _) = j.cookie_header(to("/", true));
        assert_eq!(home.unwrap().split("; ").count(), n - n.div_ceil(3), "{n} cookies: /cart ones stay home");
    }
}

#[test]
fn max_age_is_exact_on_the_engine_clock() {
    let mut j = CookieJar::new();
    j.receive("sid=abc; Max-Age=60; Path=/", HOST, true, SimTime::ZERO).unwrap();
    assert!(j.drop_expired(SimTime::secs(60) - SimTime::millis(1)).is_empty());
    assert_eq!(j.drop_expired(SimTime::secs(60)).len(), 1);
}

#[test]
fn secure_cookies_are_neither_set_nor_sent_over_http() {
    let mut j = CookieJar::new();
    assert_eq!(
        j.receive("sid=a; Secure", HOST, false, SimTime::ZERO),
        Err((Rc::from("sid"), CookieRefusal::SecureOverHttp))
    );
    j.receive("sid=a; Secure; Path=/", HOST, true, SimTime::ZERO).unwrap();
    assert_eq!(j.cookie_header(to("/", true)).0.as_deref(), Some("sid=a"));
    let (header, held) = j.cookie_header(to("/", false));
    assert_eq!(header, None);
    assert_eq!(held, vec![(Rc::from("sid"), Withheld::SecureOverHttp)]);
}

#[test]
fn path_domain_and_host_prefix_rules() {
    let mut j = CookieJar::new();
    j.receive("a=1; Path=/cart", HOST, true, SimTime::ZERO).unwrap();
    assert_eq!(j.cookie_header(to("/", true)).0, None);
    assert_eq!(j.cookie_header(to("/cart", true)).0.as_deref(), Some("a=1"));
    assert_eq!(j.cookie_header(to("/cartoon", true)).0, None);
    assert!(j.receive("b=1; Domain=evil.example.com", HOST, true, SimTime::ZERO).is_err());
    assert!(j.receive("__Host-id=1; Secure; Path=/; Domain=shop.example.com", HOST, true, SimTime::ZERO).is_err());
    assert!(j.receive("__Host-id=1; Secure; Path=/", HOST, true, SimTime::ZERO).is_ok());
}

#[test]
fn closing_drops_only_browser_session_cookies() {
    let mut j = CookieJar::new();
    j.receive("sid=1", HOST, true, SimTime::ZERO).unwrap();
    j.receive("keep=1; Max-Age=100", HOST, true, SimTime::ZERO).unwrap();
    assert_eq!(j.close_browser(), vec![Rc::from("sid")]);
    assert!(j.get("keep").is_some());
}

#[test]
fn http_only_cookies_are_hidden_from_scripts_and_oversize_ones_refused() {
    let mut j = CookieJar::new();
    j.receive("sid=1; HttpOnly", HOST, true, SimTime::ZERO).unwrap();
    j.receive("theme=dark", HOST, true, SimTime::ZERO).unwrap();
    assert_eq!(j.visible_to_scripts(), "theme=dark");
    let big = format!("big={}", "x".repeat(4100));
    assert_eq!(j.receive(&big, HOST, true, SimTime::ZERO), Err((Rc::from("big"), CookieRefusal::TooLarge)));
}

#[test]
fn same_site_on_cross_site_requests() {
    let mut j = CookieJar::new();
    j.receive("s=1; SameSite=Strict", HOST, true, SimTime::ZERO).unwrap();
    j.receive("l=1; SameSite=Lax", HOST, true, SimTime::ZERO).unwrap();
    j.receive("n=1; SameSite=None; Secure", HOST, true, SimTime::ZERO).unwrap();
    let post = Destination {
        host: HOST,
        path: "/cart",
        https: true,
        cross_site: true,
        top_level_get: false,
        engine: BrowserEngine::FirefoxSafari,
        now: SimTime::ZERO,
    };
    assert_eq!(j.cookie_header(post).0.as_deref(), Some("n=1"));
    let nav = Destination { top_level_get: true, ..post };
    assert_eq!(j.cookie_header(nav).0.as_deref(), Some("l=1; n=1"));
    j.receive("plain=1", HOST, true, SimTime::ZERO).unwrap();
    assert_eq!(j.cookie_header(post).0.as_deref(), Some("n=1; plain=1"), "no attribute: sent cross-site");
    // Chromium: no attribute means Lax, but a fresh cookie still rides a cross-site POST for 2 minutes.
    let chromium = |now| Destination { engine: BrowserEngine::Chromium, now, ..post };
    let just_before = LAX_ALLOWING_UNSAFE - SimTime::millis(1);
    assert_eq!(j.cookie_header(chromium(just_before)).0.as_deref(), Some("n=1; plain=1"));
    assert_eq!(j.cookie_header(chromium(LAX_ALLOWING_UNSAFE)).0.as_deref(), Some("n=1"));
    let chromium_nav = Destination { top_level_get: true, ..chromium(SimTime::days(1)) };
    assert_eq!(j.cookie_header(chromium_nav).0.as_deref(), Some("l=1; n=1; plain=1"), "Lax by default");
    // Set again later, it keeps its creation time (RFC 6265 5.3 step 11.3).
    j.receive("plain=2", HOST, true, SimTime::secs(100)).unwrap();
    assert_eq!(j.cookie_header(chromium(LAX_ALLOWING_UNSAFE)).0.as_deref(), Some("n=1"));
}

#[test]
fn max_age_zero_deletes() {
    let mut j = CookieJar::new();
    j.receive("sid=1; Path=/", HOST, true, SimTime::ZERO).unwrap();
    assert_eq!(j.receive("sid=; Max-Age=0; Path=/", HOST, true, SimTime::ZERO), Ok(Received::Deleted(Rc::from("sid"))));
    assert!(j.cookies().is_empty());
}

#[test]
fn a_domain_that_is_a_public_suffix_is_refused_and_a_registrable_one_is_shared() {
    let mut j = CookieJar::new();
    let forum = "forum.example.com";
    // RFC 6265 5.3 step 5 with the list's default rule: `com` is a registry.
    assert_eq!(
        j.receive("a=1; Domain=com", forum, true, SimTime::ZERO),
        Err(("a".into(), CookieRefusal::PublicSuffix))
    );
    assert_eq!(
        j.receive("b=1; Domain=example", "shop.example", true, SimTime::ZERO),
        Err(("b".into(), CookieRefusal::PublicSuffix))
    );
    // The registrable parent is fine: the sibling's cookie reaches the shop.
    j.receive("c=1; Domain=example.com", forum, true, SimTime::ZERO).unwrap();
    let (header, _) = j.cookie_header(to("/", true));
    assert_eq!(header.as_deref(), Some("c=1"));
}

#[test]
fn expires_alone_makes_a_persistent_cookie_and_max_age_wins_over_it() {
    use crate::sim::signing::SIM_EPOCH_MS;
    let at = |secs: u64| {
        let t = cookie::time::OffsetDateTime::from_unix_timestamp((SIM_EPOCH_MS / 1000 + secs) as i64).unwrap();
        // The date as the cookie crate writes it (`Wed, 21 Oct 2015 07:28:00 GMT`).
        let line = cookie::Cookie::build(("x", "")).expires(t).build().to_string();
        line.split_once("Expires=").unwrap().1.to_string()
    };
    let mut j = CookieJar::new();
    j.receive(&format!("e=1; Path=/; Expires={}", at(60)), HOST, true, SimTime::ZERO).unwrap();
    assert_eq!(j.get("e").unwrap().expires, Some(SimTime::secs(60)), "Expires alone: persistent");
    assert!(j.close_browser().is_empty(), "a persistent cookie survives closing the browser");
    j.receive(&format!("m=1; Path=/; Max-Age=10; Expires={}", at(60)), HOST, true, SimTime::ZERO).unwrap();
    assert_eq!(j.get("m").unwrap().expires, Some(SimTime::secs(10)), "Max-Age wins");
    assert!(matches!(
        j.receive(&format!("e=; Path=/; Expires={}", at(0)), HOST, true, SimTime::secs(5)),
        Ok(Received::Deleted(_))
    ));
    assert!(j.get("e").is_none(), "an Expires in the past deletes it");
}

#[test]
fn dropped_cookies_can_be_sent_again_as_a_kept_copy_would() {
    let mut j = CookieJar::new();
    j.receive("sid=abc; Path=/", HOST, true, SimTime::ZERO).unwrap();
    j.receive("keep=1; Path=/; Max-Age=600", HOST, true, SimTime::ZERO).unwrap();
    assert_eq!(j.close_browser().len(), 1);
    assert!(j.get("sid").is_none());
    assert_eq!(j.replay_dropped(SimTime::secs(1)), 1);
    assert_eq!(&*j.get("sid").unwrap().value, "abc");
    // An expired cookie comes back too, with no expiry of its own.
    j.receive("short=1; Path=/; Max-Age=3", HOST, true, SimTime::secs(1)).unwrap();
    assert_eq!(j.replay_dropped(SimTime::secs(10)), 1, "the expired one is what was dropped last");
    assert_eq!(j.get("short").unwrap().expires, None);
}
