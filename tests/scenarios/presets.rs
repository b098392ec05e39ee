//! Presets: the Set-Cookie line each library writes, and PHP adopting IDs
//! it does not know.

use session_lab::sim::store::SessionStore;
use session_lab::sim::*;

use crate::common::world::*;
use crate::helpers::*;

struct Expected {
    name: &'static str,
    http_only: bool,
    secure: bool,
    same_site: Option<cookie::SameSite>,
    max_age_secs: Option<i64>,
}

fn expected(p: Preset) -> Expected {
    use cookie::SameSite::{Lax, Strict};
    let e = |name, http_only, secure, same_site, max_age_secs| Expected {
        name,
        http_only,
        secure,
        same_site,
        max_age_secs,
    };
    match p {
        Preset::ExpressMemory | Preset::ExpressFile | Preset::ExpressRedis | Preset::ExpressPostgres => {
            e("connect.sid", true, false, None, None)
        }
        Preset::CookieSession => e("session", true, false, None, None),
        Preset::TowerSessions => e("id", true, true, Some(Strict), None),
        Preset::Django
        | Preset::DjangoLocmem
        | Preset::DjangoFile
        | Preset::DjangoRedis
        | Preset::DjangoSignedCookies => e("sessionid", true, false, Some(Lax), Some(14 * 86_400)),
        Preset::Php => e("PHPSESSID", false, false, None, None),
        Preset::ActixCookie => e("id", true, true, Some(Lax), None),
        Preset::SecureDefaults => e("__Host-id", true, true, Some(Lax), None),
        Preset::ClassicMistakes => e("sid", false, false, None, None),
    }
}

#[test]
fn each_preset_writes_its_librarys_set_cookie() {
    for p in Preset::ALL {
        let mut c = config(1, StoreKind::InMemory);
        p.apply(&mut c);
        let mut w = World::new(c, 7).unwrap();
        w.browser_do(ALICE, BrowserAction::log_in(User::Alice)).unwrap();
        let want = expected(p);
        let got = last_set_cookies(&w, ALICE).into_iter().find(|c| c.name() == want.name);
        let got = got.unwrap_or_else(|| panic!("{}: no Set-Cookie {}", p.label(), want.name));
        let label = p.label();
        assert_eq!(got.http_only().unwrap_or(false), want.http_only, "{label}: HttpOnly");
        assert_eq!(got.secure().unwrap_or(false), want.secure, "{label}: Secure");
        assert_eq!(got.same_site(), want.same_site, "{label}: SameSite");
        assert_eq!(got.max_age().map(|d| d.whole_seconds()), want.max_age_secs, "{label}: Max-Age");
        assert_eq!(got.path(), Some("/"), "{label}: Path");
        assert_eq!(got.domain(), None, "{label}: host-only");
        assert!(logged_in(&w, ALICE), "{label}: the browser stored and sent back the cookie");
        let value = got.value().to_string();
        match p {
            Preset::ExpressMemory | Preset::ExpressFile | Preset::ExpressRedis | Preset::ExpressPostgres => {
                // `s:<id>.<sig>` through encodeURIComponent, as the cookie package writes it.
                assert!(value.starts_with("s%3A"), "{label}: URL-encoded signed ID, got {value}");
                let id = signing::unsign(&value, b"keyboard cat").expect("express signs the ID: s:<id>.<sig>");
                assert_eq!(id.len(), 32, "24 random bytes in base64url");
                assert!(signing::unsign(&value, b"another secret").is_none());
            }
            Preset::Php => {
                assert_eq!(value.len(), 32);
                assert!(value.bytes().all(|b| b.is_ascii_hexdigit()));
            }
            Preset::Django | Preset::DjangoLocmem | Preset::DjangoFile | Preset::DjangoRedis => {
                assert!(value.len() == 32 && value.bytes().all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9')))
            }
            Preset::CookieSession | Preset::DjangoSignedCookies => {
                assert!(value.contains('.') && value.len() > 64, "the whole session, signed")
            }
            Preset::ActixCookie => {
                // Private: encrypted, so the base64 shows nothing of the session.
                use base64::Engine;
                assert!(!value.contains('.') && value.len() > 64, "the whole session, sealed: {value}");
                let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(&value).unwrap();
                assert!(!String::from_utf8_lossy(&bytes).contains("alice"), "{label}: readable");
            }
            Preset::TowerSessions => assert_eq!(value.len(), 22),
            Preset::SecureDefaults => assert_eq!(value.len(), 32),
            Preset::ClassicMistakes => assert!(value.parse::<u64>().is_ok(), "a sequential ID: {value}"),
        }
    }
}

#[test]
fn php_adopts_an_id_it_does_not_know_and_strict_mode_refuses_it() {
    // Two servers in turn, files on each server's own disk: server 2 has never seen alice's ID.
    let run = |strict: bool| {
        let mut c = config(2, StoreKind::InMemory);
        Preset::Php.apply(&mut c);
        c.session.strict_ids = strict;
        let mut w = World::new(c, 8).unwrap();
        w.browser_do(ALICE, BrowserAction::home()).unwrap();
        let first = cookie_value(&w, ALICE, "PHPSESSID").unwrap();
        let mark = w.events().len();
        w.browser_do(ALICE, BrowserAction::home()).unwrap();
        (w, first, mark)
    };
    let (w, first, mark) = run(false);
    assert!(!w.config().session.strict_ids, "PHP's use_strict_mode defaults to 0");
    assert_eq!(cookie_value(&w, ALICE, "PHPSESSID").unwrap(), first, "the same ID, now also on server 2");
    assert!(w.server(S2).unwrap().disk.contains(&SessionId::new(&first)));
    assert!(w.server(S1).unwrap().disk.contains(&SessionId::new(&first)));
    assert!(matches!(
        losses_since(&w, mark)[..],
        [LossCause::NotOnThisServer { server: S2, holder: Some(S1), store: StoreKind::File }]
    ));

    let (w, first, _) = run(true);
    let second = cookie_value(&w, ALICE, "PHPSESSID").unwrap();
    assert_ne!(second, first, "strict mode issues a fresh ID instead");
    assert!(!w.server(S2).unwrap().disk.contains(&SessionId::new(&first)));
}
