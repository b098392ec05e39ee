//! Each way the real libraries behave that the fidelity issue (#15) named,
//! as a scenario on the engine under the library's preset. The same
//! behaviours are checked against real servers by the reality suite
//! (`tools/reality/`, cells named in each test's comment).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::world::*;
use session_lab::sim::config::{OutageReply, Persistence};
use session_lab::sim::*;

const ALICE: BrowserId = BrowserId::ALICE;

fn log_in(w: &mut World) {
    w.browser_do(ALICE, BrowserAction::log_in(User::Alice)).unwrap();
    assert!(logged_in(w, ALICE), "{}", heading(w, ALICE));
}

fn advance(w: &mut World, by: SimTime) {
    w.run(Action::Advance { by }).unwrap();
}

/// Item 1; reality: php-files / idle.
#[test]
fn php_reads_a_session_file_whatever_its_age_and_only_garbage_collection_ends_it() {
    let mut w = preset_world(Preset::Php, 1, Balancing::RoundRobin);
    log_in(&mut w);
    advance(&mut w, SimTime::secs(1440 * 3));
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    assert!(logged_in(&w, ALICE), "three times gc_maxlifetime idle, and the file is still read");
    // Until the 1-in-100 lottery runs a collection after some request's read.
    let mut c = w.config().clone();
    c.session.cleanup = Cleanup::Probabilistic { one_in: 1 };
    w.run(Action::SetSession { config: Box::new(c.session) }).unwrap();
    advance(&mut w, SimTime::secs(1441));
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    assert!(logged_in(&w, ALICE), "the collection runs after the read");
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    assert!(!logged_in(&w, ALICE), "the next request finds the file collected");
}

/// Item 4; reality: every stack / busy-past-8s, app-absolute-limit.
#[test]
fn no_library_preset_has_an_absolute_limit() {
    for p in Preset::ALL {
        if matches!(p, Preset::SecureDefaults | Preset::ClassicMistakes) {
            continue;
        }
        assert_eq!(p.settings().1.absolute_timeout_secs, None, "{}", p.label());
    }
    let mut w = preset_world(Preset::Django, 1, Balancing::RoundRobin);
    log_in(&mut w);
    for _ in 0..60 {
        advance(&mut w, SimTime::days(1));
        w.browser_do(ALICE, BrowserAction::add_to_cart(Item::Tea)).unwrap();
    }
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    assert!(logged_in(&w, ALICE), "two months of daily use: still the same session");
}

/// Item 5.
#[test]
fn django_sends_a_fresh_max_age_each_time_it_saves_a_changed_session() {
    let mut w = preset_world(Preset::Django, 1, Balancing::RoundRobin);
    log_in(&mut w);
    advance(&mut w, SimTime::days(10));
    w.browser_do(ALICE, BrowserAction::add_to_cart(Item::Tea)).unwrap();
    let lines = last_set_cookie_lines(&w, ALICE);
    assert!(lines.iter().any(|l| l.starts_with("sessionid=") && l.contains("Max-Age=1209600")), "{lines:?}");
    advance(&mut w, SimTime::days(10));
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    assert!(logged_in(&w, ALICE), "20 days after login, 10 after the last change");
    // An unchanged session sends no cookie.
    assert!(last_set_cookie_lines(&w, ALICE).is_empty());
}

/// Item 6; reality: django-db, django-redis, express-* / logout-during-slow-request.
#[test]
fn django_refuses_to_write_back_a_session_deleted_during_the_request_and_express_writes_it_back() {
    let race = BrowserAction::TwoTabs { first: Route::Logout, second: Route::AddToCart { item: Item::Tea } };
    for (preset, refused) in [(Preset::Django, true), (Preset::DjangoRedis, true), (Preset::ExpressPostgres, false)] {
        let mut w = preset_world(preset, 1, Balancing::RoundRobin);
        log_in(&mut w);
        let from = w.events().len();
        w.browser_do(ALICE, race.clone()).unwrap();
        let label = preset.label();
        let refusals = count(&w, from, |k| matches!(k, EventKind::WriteBackRefused { .. }));
        let revived = count(&w, from, |k| matches!(k, EventKind::DestroyedSessionWrittenBack { .. }));
        assert_eq!((refusals, revived), if refused { (1, 0) } else { (0, 1) }, "{label}");
        let statuses: Vec<u16> = w.exchanges().iter().rev().take(2).filter_map(|e| e.status).collect();
        assert_eq!(statuses.contains(&400), refused, "{label}: {statuses:?}");
    }
}

/// Item 9; reality: every stack / logout-cookie.
#[test]
fn express_and_php_logout_send_no_set_cookie_so_the_browser_keeps_sending_the_dead_id() {
    for (preset, name, cleared) in [
        (Preset::ExpressRedis, "connect.sid", false),
        (Preset::Php, "PHPSESSID", false),
        (Preset::Django, "sessionid", true),
    ] {
        let mut w = preset_world(preset, 1, Balancing::RoundRobin);
        log_in(&mut w);
        let before = cookie_value(&w, ALICE, name).unwrap();
        let from = w.events().len();
        w.browser_do(ALICE, BrowserAction::log_out()).unwrap();
        let label = preset.label();
        assert_eq!(cookie_value(&w, ALICE, name).is_none(), cleared, "{label}");
        assert_eq!(count(&w, from, |k| matches!(k, EventKind::LogoutKeptCookie)), usize::from(!cleared), "{label}");
        if !cleared {
            assert_eq!(cookie_value(&w, ALICE, name).unwrap(), before, "{label}: the dead ID stays");
            let from = w.events().len();
            w.browser_do(ALICE, BrowserAction::Reload).unwrap();
            assert!(!logged_in(&w, ALICE));
            assert!(losses_since(&w, from).contains(&LossCause::LoggedOut), "{label}: the dead ID is explained");
        }
    }
}

/// Item 14.
#[test]
fn express_writes_expires_never_max_age_and_the_jar_keeps_the_cookie_across_a_close() {
    let mut w = preset_world(Preset::ExpressMemory, 1, Balancing::RoundRobin);
    let mut s = w.config().session.clone();
    s.cookie.max_age_secs = Some(3600);
    w.run(Action::SetSession { config: Box::new(s) }).unwrap();
    log_in(&mut w);
    let lines = last_set_cookie_lines(&w, ALICE);
    let line = lines.iter().find(|l| l.starts_with("connect.sid=")).unwrap();
    assert!(line.contains("Expires=") && !line.contains("Max-Age"), "{line}");
    w.browser_do(ALICE, BrowserAction::Close).unwrap();
    w.browser_do(ALICE, BrowserAction::Reopen).unwrap();
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    assert!(logged_in(&w, ALICE), "Expires alone makes a persistent cookie");
}

/// Item 15; reality: express-memory / idle (with maxAge).
#[test]
fn express_memory_store_never_expires_a_session_whose_cookie_has_no_max_age() {
    let mut w = preset_world(Preset::ExpressMemory, 1, Balancing::RoundRobin);
    log_in(&mut w);
    advance(&mut w, SimTime::days(365));
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    assert!(logged_in(&w, ALICE), "a year idle");
}

/// Item 15.
#[test]
fn tower_sessions_ids_are_a_random_i128_of_128_bits() {
    let g = Preset::TowerSessions.settings().1.id_generator;
    assert_eq!(g.entropy_bits(), 128.0);
    let mut w = preset_world(Preset::TowerSessions, 1, Balancing::RoundRobin);
    log_in(&mut w);
    let id = cookie_value(&w, ALICE, "id").unwrap();
    assert_eq!(id.len(), 22, "16 bytes in base64url: {id}");
}

/// Item 16; reality: express-memory / secure-cookie-tls-at-balancer.
#[test]
fn express_sets_no_secure_cookie_when_tls_ends_at_the_balancer_unless_it_trusts_the_proxy() {
    for trust in [false, true] {
        let mut c = WorldConfig { servers: 1, ..WorldConfig::default() };
        Preset::ExpressMemory.apply(&mut c);
        c.session.cookie.secure = true;
        c.tls_to_servers = false;
        c.session.library.trust_proxy = trust;
        let mut w = World::new(c, 1).unwrap();
        let from = w.events().len();
        w.browser_do(ALICE, BrowserAction::log_in(User::Alice)).unwrap();
        assert_eq!(cookie_value(&w, ALICE, "connect.sid").is_some(), trust, "trust proxy {trust}");
        assert_eq!(count(&w, from, |k| matches!(k, EventKind::SecureCookieNotSet { .. })) > 0, !trust);
        w.browser_do(ALICE, BrowserAction::Reload).unwrap();
        assert_eq!(logged_in(&w, ALICE), trust, "without the cookie every request is a stranger");
    }
}

/// Section 2, Redis persistence; reality: express-redis, django-redis / restart-store,
/// crash-store, cache-shutdown-nosave, crash-cache-aof.
#[test]
fn redis_keeps_sessions_across_a_clean_restart_loses_them_in_a_crash_unless_append_only() {
    for (persistence, restart, crash) in [
        (Persistence::None, false, false),
        (Persistence::Snapshots, true, false),
        (Persistence::AppendOnly, true, true),
    ] {
        for (action, survives) in [(Action::RestartStore, restart), (Action::CrashStore, crash)] {
            let mut c = WorldConfig { servers: 2, ..WorldConfig::default() };
            Preset::ExpressRedis.apply(&mut c);
            c.cache.persistence = persistence;
            let mut w = World::new(c, 3).unwrap();
            log_in(&mut w);
            let from = w.events().len();
            w.run(action.clone()).unwrap();
            w.browser_do(ALICE, BrowserAction::Reload).unwrap();
            assert_eq!(logged_in(&w, ALICE), survives, "{persistence:?} {action:?}");
            if !survives {
                let want = if persistence == Persistence::Snapshots {
                    LossCause::CacheCrashed
                } else {
                    LossCause::CacheRestarted
                };
                assert_eq!(losses_since(&w, from), vec![want], "{persistence:?} {action:?}");
            }
        }
    }
    assert_eq!(
        {
            let mut c = WorldConfig::default();
            Preset::DjangoRedis.apply(&mut c);
            c.cache.persistence
        },
        Persistence::Snapshots,
        "Debian's packaged redis-server takes snapshots"
    );
}

/// Section 2, outages; reality: express-postgres, express-redis / store-outage,
/// express-redis / cache-stops-readme-client.
#[test]
fn a_store_outage_is_an_error_at_once_after_the_clients_timeout_or_a_crash_as_each_library_does() {
    for (preset, outage, wait) in [
        (Preset::ExpressPostgres, None, SimTime::ZERO),
        (Preset::ExpressRedis, None, SimTime::secs(5)),
        (Preset::ExpressRedis, Some(OutageReply::ServerCrashes), SimTime::ZERO),
    ] {
        let mut c = WorldConfig { servers: 2, balancing: Balancing::Sticky, ..WorldConfig::default() };
        preset.apply(&mut c);
        if let Some(o) = outage {
            c.session.library.store_outage = o;
        }
        let mut w = World::new(c, 5).unwrap();
        log_in(&mut w);
        w.run(Action::StoreDown).unwrap();
        let before = w.now();
        w.browser_do(ALICE, BrowserAction::Reload).unwrap();
        let took = w.now().since(before);
        let label = format!("{} {outage:?}", preset.label());
        assert!(took >= wait && took < wait + SimTime::secs(1), "{label}: answered after {took}");
        assert!(heading(&w, ALICE).starts_with("503"), "{label}: {}", heading(&w, ALICE));
        let all_down = w.servers().iter().all(|s| !s.is_up());
        assert_eq!(all_down, outage.is_some(), "{label}");
        if outage.is_none() {
            w.run(Action::StoreUp).unwrap();
            w.browser_do(ALICE, BrowserAction::Reload).unwrap();
            assert!(logged_in(&w, ALICE), "{label}: the session was kept");
        }
    }
}

/// Section 2: closing the browser drops only its copy; reality: every stack / close-browser-replay.
#[test]
fn closing_the_browser_drops_its_copy_but_the_server_still_honours_the_old_cookie() {
    let mut w = preset_world(Preset::ExpressPostgres, 2, Balancing::Sticky);
    log_in(&mut w);
    w.browser_do(ALICE, BrowserAction::Close).unwrap();
    w.browser_do(ALICE, BrowserAction::Reopen).unwrap();
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    assert!(!logged_in(&w, ALICE), "the browser-session cookie is gone");
    w.browser_do(ALICE, BrowserAction::ReplayOldCookies).unwrap();
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    assert!(logged_in(&w, ALICE), "the server-side session was never ended");
}

/// Section 2: the sticky cookie's lifetime; reality: django-locmem, django-file / close-browser.
#[test]
fn closing_the_browser_drops_the_sticky_cookie_and_django_on_another_server_deletes_its_cookie() {
    for preset in [Preset::DjangoLocmem, Preset::DjangoFile] {
        let mut w = preset_world(preset, 2, Balancing::Sticky);
        log_in(&mut w);
        w.browser_do(ALICE, BrowserAction::Close).unwrap();
        w.browser_do(ALICE, BrowserAction::Reopen).unwrap();
        assert!(cookie_value(&w, ALICE, "sessionid").is_some(), "a two-week cookie survives closing");
        w.browser_do(ALICE, BrowserAction::Reload).unwrap();
        let label = preset.label();
        assert!(!logged_in(&w, ALICE), "{label}: the other server does not know the ID");
        let lines = last_set_cookie_lines(&w, ALICE);
        assert!(lines.iter().any(|l| l.starts_with("sessionid=;") && l.contains("Max-Age=0")), "{label}: {lines:?}");
        assert!(cookie_value(&w, ALICE, "sessionid").is_none(), "{label}: the browser deleted it");
    }
}

/// Section 2: cookie-session enforces maxAge in the browser only; reality:
/// cookie-session, django-signed / expired-cookie-replay.
#[test]
fn cookie_session_accepts_an_expired_copy_and_django_signed_cookies_refuse_it() {
    for (preset, accepted) in [(Preset::CookieSession, true), (Preset::DjangoSignedCookies, false)] {
        assert_eq!(
            reality::play(preset, "expired-cookie-replay").unwrap().outcome,
            if accepted { "accepted" } else { "refused" }
        );
    }
}

/// Section 2: the file lock is PHP's alone; reality: php-files, express-file, django-file / two-tabs.
#[test]
fn only_php_locks_the_session_file() {
    for (preset, locks) in [(Preset::Php, true), (Preset::ExpressFile, false), (Preset::DjangoFile, false)] {
        assert_eq!(preset.settings().1.library.locks_session_file, locks, "{}", preset.label());
        let want = if locks { "both kept" } else { "lost update" };
        assert_eq!(reality::play(preset, "two-tabs").unwrap().outcome, want, "{}", preset.label());
    }
}

/// Item 13: HttpOnly stops a script reading the cookie, not a script using it.
#[test]
fn a_script_in_the_page_rides_the_session_with_httponly_samesite_and_a_csrf_token_on() {
    let mut c = WorldConfig { servers: 1, ..WorldConfig::default() };
    Preset::SecureDefaults.apply(&mut c);
    let mut w = World::new(c, 9).unwrap();
    log_in(&mut w);
    let from = w.events().len();
    w.run(Action::Attack { attack: Attack::Xss { victim: ALICE } }).unwrap();
    assert_eq!(count(&w, from, |k| matches!(k, EventKind::AttackBlocked { defense: Defense::HttpOnly, .. })), 1);
    let from = w.events().len();
    w.run(Action::Attack { attack: Attack::XssRequest { victim: ALICE, forged: ForgedRequest::ChangeEmail } }).unwrap();
    let rode = w.events()[from..].iter().find(|e| matches!(e.kind, EventKind::ScriptRodeSession { .. }));
    let rode = rode.expect("the script's request changed alice's account");
    assert!(rode.describe().contains("HttpOnly does not stop a request"), "{}", rode.describe());
    assert_eq!(count(&w, from, |k| matches!(k, EventKind::AttackBlocked { .. })), 0, "no defense of the lab stops it");
    w.browser_do(ALICE, BrowserAction::Request { route: Route::Account }).unwrap();
    let page = w.browser(ALICE).unwrap().page.as_ref().unwrap().text();
    assert!(page.contains("mallory@evil.example"), "{page}");
}

/// Items 2 and 8: actix-session's cookie store is private and each process
/// makes its own key (`Key::generate()`), so a restart logs everyone out and
/// servers refuse each other's cookies; one configured key is the fix.
#[test]
fn actix_cookies_are_encrypted_and_a_key_per_process_logs_everyone_out() {
    let mut w = preset_world(Preset::ActixCookie, 2, Balancing::RoundRobin);
    log_in(&mut w);
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    assert!(!logged_in(&w, ALICE), "the other server's key does not open server 1's cookie");
    let mut w = preset_world(Preset::ActixCookie, 1, Balancing::RoundRobin);
    log_in(&mut w);
    w.run(Action::RestartServer { server: ServerNumber(1) }).unwrap();
    let from = w.events().len();
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    assert!(!logged_in(&w, ALICE), "a restart made a new key");
    assert_eq!(losses_since(&w, from), vec![LossCause::BadSignature]);
    // The fix: one key from the configuration.
    let mut c = WorldConfig { servers: 2, ..WorldConfig::default() };
    Preset::ActixCookie.apply(&mut c);
    c.session.library.key_per_process = false;
    let mut w = World::new(c, 4).unwrap();
    log_in(&mut w);
    w.run(Action::RestartServer { server: ServerNumber(1) }).unwrap();
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    assert!(logged_in(&w, ALICE), "both servers and the restarted one share the key");
}

/// Item 7: actix checks 4064 bytes of JSON before sealing, so a 3-4 KB
/// session passes the library and the browser silently drops the cookie.
#[test]
fn actix_accepts_a_session_whose_sealed_cookie_the_browser_then_drops() {
    let mut c = WorldConfig { servers: 1, ..WorldConfig::default() };
    Preset::ActixCookie.apply(&mut c);
    c.session.library.key_per_process = false;
    let mut w = World::new(c, 4).unwrap();
    log_in(&mut w);
    let from = w.events().len();
    // A draft of 3,500 characters: about 3.7 KB of JSON, about 5 KB sealed.
    w.browser_do(ALICE, BrowserAction::Request { route: Route::SaveDraft { chars: 3500 } }).unwrap();
    assert!(!heading(&w, ALICE).starts_with("500"), "the library accepted it: {}", heading(&w, ALICE));
    let refused = count(&w, from, |k| matches!(k, EventKind::CookieRefused { .. }));
    assert_eq!(refused, 1, "the browser refused the cookie over 4096 bytes");
    // A draft the library itself refuses.
    w.browser_do(ALICE, BrowserAction::Request { route: Route::SaveDraft { chars: 5000 } }).unwrap();
    assert!(heading(&w, ALICE).starts_with("500"), "{}", heading(&w, ALICE));
}

/// Section 2: Chromium's "Continue where you left off" restores session cookies.
#[test]
fn a_browser_that_continues_where_it_left_off_keeps_its_session_cookie_across_a_close() {
    let mut w = preset_world(Preset::ExpressMemory, 1, Balancing::RoundRobin);
    log_in(&mut w);
    w.browser_do(ALICE, BrowserAction::RestoreOnReopen { on: true }).unwrap();
    w.browser_do(ALICE, BrowserAction::Close).unwrap();
    w.browser_do(ALICE, BrowserAction::Reopen).unwrap();
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    assert!(logged_in(&w, ALICE), "the browser-session cookie came back with the session");
}

/// Section 2, outages; reality: django-redis / store-outage. Django's cache
/// backend resets the session on any cache error, and the cookie goes with it.
#[test]
fn django_on_a_down_cache_answers_as_to_a_stranger_and_deletes_the_cookie() {
    let mut w = preset_world(Preset::DjangoRedis, 2, Balancing::Sticky);
    log_in(&mut w);
    w.run(Action::StoreDown).unwrap();
    let from = w.events().len();
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    assert_eq!(heading(&w, ALICE), "Hello, guest");
    assert_eq!(losses_since(&w, from), vec![LossCause::StoreDownSessionReset]);
    assert!(cookie_value(&w, ALICE, "sessionid").is_none(), "Django deleted the cookie");
    w.run(Action::StoreUp).unwrap();
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    assert!(!logged_in(&w, ALICE), "the cache still holds the session, but no browser names it");
}
