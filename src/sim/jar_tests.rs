//! Tests of the cookie jar (`jar.rs`): expiry on the engine clock, Secure,
//! Path, Domain and prefixes, closing, HttpOnly, size, SameSite, header order.

use super::*;

const HOST: &str = "shop.example";

fn to(path: &str, https: bool) -> Destination<'_> {
    Destination { host: HOST, path, https, cross_site: false, top_level_get: true }
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
    assert!(j.receive("b=1; Domain=evil.example", HOST, true, SimTime::ZERO).is_err());
    assert!(j.receive("__Host-id=1; Secure; Path=/; Domain=shop.example", HOST, true, SimTime::ZERO).is_err());
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
    let post = Destination { host: HOST, path: "/cart", https: true, cross_site: true, top_level_get: false };
    assert_eq!(j.cookie_header(post).0.as_deref(), Some("n=1"));
    let nav = Destination { top_level_get: true, ..post };
    assert_eq!(j.cookie_header(nav).0.as_deref(), Some("l=1; n=1"));
    j.receive("plain=1", HOST, true, SimTime::ZERO).unwrap();
    assert_eq!(j.cookie_header(post).0.as_deref(), Some("n=1; plain=1"), "no attribute: sent cross-site");
}

#[test]
fn max_age_zero_deletes() {
    let mut j = CookieJar::new();
    j.receive("sid=1; Path=/", HOST, true, SimTime::ZERO).unwrap();
    assert_eq!(j.receive("sid=; Max-Age=0; Path=/", HOST, true, SimTime::ZERO), Ok(Received::Deleted(Rc::from("sid"))));
    assert!(j.cookies().is_empty());
}
