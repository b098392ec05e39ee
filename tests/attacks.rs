//! The security lab's matrix: every attack runs once with its defense off,
//! where it works (mallory is served the victim's session, or the victim's
//! session is changed), and once with the defense on, where it fails and
//! an event names the defense. Then the user-facing session controls
//! (ASVS V3.3.3/V3.3.4), the presets, determinism and scenario files.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::world::page_text;
use session_lab::sim::config::{IdGenerator, LogoutPolicy, SameSite};
use session_lab::sim::scenario::Scenario;
use session_lab::sim::session::Item;
use session_lab::sim::*;

const ALICE: BrowserId = BrowserId::ALICE;
const BOB: BrowserId = BrowserId::BOB;
const MALLORY: BrowserId = BrowserId::MALLORY;

// ----- helpers -----

/// One server with a shared database and the default (secure) settings.
fn config() -> WorldConfig {
    common::world::config(1, StoreKind::Database)
}

fn world(c: WorldConfig) -> World {
    World::new(c, 11).unwrap()
}

fn attack(w: &mut World, a: Attack) {
    w.run(Action::Attack { attack: a }).unwrap();
}

fn act(w: &mut World, b: BrowserId, a: BrowserAction) {
    w.browser_do(b, a).unwrap();
}

fn hijacked_since(w: &World, from: usize) -> bool {
    w.events()[from..].iter().any(|e| matches!(e.kind, EventKind::Hijacked { attacker: MALLORY, .. }))
}

fn blocked_by(w: &World, from: usize, attack: AttackKind, defense: Defense) -> bool {
    w.events()[from..].iter().any(|e| e.kind == EventKind::AttackBlocked { attack, defense })
}

fn has(w: &World, from: usize, pred: impl Fn(&EventKind) -> bool) -> bool {
    w.events()[from..].iter().any(|e| pred(&e.kind))
}

/// Alice logs in over plain http (so her cookie must not be Secure).
fn alice_logs_in_over_http(w: &mut World) {
    act(w, ALICE, BrowserAction::UseHttps { on: false });
    act(w, ALICE, BrowserAction::log_in(User::Alice));
}

fn insecure() -> WorldConfig {
    let mut c = config();
    c.session.cookie.secure = false;
    c
}

/// Mallory has sniffed alice's cookie from a plain-http request and used it.
fn stolen(c: WorldConfig) -> World {
    let mut w = world(c);
    alice_logs_in_over_http(&mut w);
    attack(&mut w, Attack::Sniff { victim: ALICE });
    assert!(hijacked_since(&w, 0), "the theft itself works");
    w
}

// ----- sniffing -----

#[test]
fn sniff() {
    let mut w = world(insecure());
    alice_logs_in_over_http(&mut w);
    attack(&mut w, Attack::Sniff { victim: ALICE });
    assert!(has(&w, 0, |k| matches!(k, EventKind::CookieStolen { victim: ALICE, how: Theft::BrowserHop, .. })));
    assert!(hijacked_since(&w, 0), "mallory is logged in as alice");
    assert!(page_text(&w, MALLORY).contains("Account of alice"));

    // Secure on: alice's browser keeps the cookie off plain http.
    let mut w = world(config());
    act(&mut w, ALICE, BrowserAction::log_in(User::Alice));
    act(&mut w, ALICE, BrowserAction::UseHttps { on: false });
    act(&mut w, ALICE, BrowserAction::Reload);
    attack(&mut w, Attack::Sniff { victim: ALICE });
    assert!(!hijacked_since(&w, 0));
    assert!(blocked_by(&w, 0, AttackKind::Sniff, Defense::SecureCookie));
}

#[test]
fn sniff_blocked_by_https_end_to_end() {
    let mut w = world(insecure());
    act(&mut w, ALICE, BrowserAction::log_in(User::Alice));
    attack(&mut w, Attack::Sniff { victim: ALICE });
    assert!(!hijacked_since(&w, 0));
    assert!(blocked_by(&w, 0, AttackKind::Sniff, Defense::Https));
    assert!(blocked_by(&w, 0, AttackKind::Sniff, Defense::TlsToServers));
}

#[test]
fn sniff_behind_a_balancer_that_ends_tls() {
    // https from the browser and a Secure cookie do not help when the hop
    // behind the balancer is plain http.
    let mut w = world(WorldConfig { tls_to_servers: false, ..config() });
    act(&mut w, ALICE, BrowserAction::log_in(User::Alice));
    attack(&mut w, Attack::Sniff { victim: ALICE });
    assert!(has(&w, 0, |k| matches!(k, EventKind::CookieStolen { how: Theft::ServerHop, .. })));
    assert!(hijacked_since(&w, 0));

    let mut w = world(WorldConfig { tls_to_servers: false, ..config() });
    w.run(Action::SetTlsToServers { on: true }).unwrap();
    act(&mut w, ALICE, BrowserAction::log_in(User::Alice));
    attack(&mut w, Attack::Sniff { victim: ALICE });
    assert!(!hijacked_since(&w, 0));
    assert!(blocked_by(&w, 0, AttackKind::Sniff, Defense::TlsToServers));
}

#[test]
fn sniff_before_any_request_finds_nothing() {
    let mut w = world(insecure());
    attack(&mut w, Attack::Sniff { victim: BOB });
    assert!(has(&w, 0, |k| *k == EventKind::AttackFailed { attack: AttackKind::Sniff, why: AttackMiss::NoRequestSeen }));
}

// ----- XSS -----

#[test]
fn xss() {
    let mut c = config();
    c.session.cookie.http_only = false;
    let mut w = world(c);
    act(&mut w, ALICE, BrowserAction::log_in(User::Alice));
    attack(&mut w, Attack::Xss { victim: ALICE });
    assert!(has(&w, 0, |k| matches!(k, EventKind::CookieStolen { how: Theft::Script, .. })));
    assert!(hijacked_since(&w, 0));

    let mut w = world(config());
    act(&mut w, ALICE, BrowserAction::log_in(User::Alice));
    let mark = w.events().len();
    attack(&mut w, Attack::Xss { victim: ALICE });
    assert!(!hijacked_since(&w, mark));
    assert!(blocked_by(&w, mark, AttackKind::Xss, Defense::HttpOnly));
    let blocked = w.events()[mark..].iter().find(|e| matches!(e.kind, EventKind::AttackBlocked { .. })).unwrap();
    assert!(blocked.describe().contains("V3.4.2"), "{}", blocked.describe());
}

// ----- CSRF -----

fn csrf_world(same_site: Option<SameSite>, token: bool) -> World {
    let mut c = config();
    c.session.cookie.same_site = same_site;
    c.session.csrf_token = token;
    let mut w = world(c);
    act(&mut w, ALICE, BrowserAction::log_in(User::Alice));
    w
}

fn alice_cart(w: &World) -> Vec<Item> {
    let name = &w.config().session.cookie.name;
    let id = w.browser(ALICE).unwrap().jar.get(name).unwrap().value.to_string();
    w.database().peek(&SessionId::new(&id)).map(|r| r.data.cart.to_vec()).unwrap_or_default()
}

#[test]
fn csrf() {
    // No SameSite attribute: the browser sends the cookie along.
    let mut w = csrf_world(None, false);
    attack(&mut w, Attack::Csrf { victim: ALICE, forged: ForgedRequest::AddToCart });
    assert!(has(&w, 0, |k| *k == EventKind::ForgedRequestWorked { victim: ALICE, forged: ForgedRequest::AddToCart }));
    assert_eq!(alice_cart(&w), vec![Item::Lamp]);
    assert!(page_text(&w, ALICE).contains("Logged in as alice"), "the victim's page is not replaced");

    for strictness in [SameSite::Lax, SameSite::Strict] {
        let mut w = csrf_world(Some(strictness), false);
        attack(&mut w, Attack::Csrf { victim: ALICE, forged: ForgedRequest::AddToCart });
        assert!(blocked_by(&w, 0, AttackKind::Csrf, Defense::SameSite));
        assert!(!has(&w, 0, |k| matches!(k, EventKind::ForgedRequestWorked { .. })));
        assert!(alice_cart(&w).is_empty());
        act(&mut w, ALICE, BrowserAction::Reload);
        assert!(page_text(&w, ALICE).contains("Welcome back, alice"), "the forged request cost alice nothing");
    }
}

#[test]
fn csrf_blocked_by_token() {
    let mut w = csrf_world(None, true);
    attack(&mut w, Attack::Csrf { victim: ALICE, forged: ForgedRequest::ChangeEmail });
    assert!(blocked_by(&w, 0, AttackKind::Csrf, Defense::CsrfToken));
    assert!(has(&w, 0, |k| matches!(k, EventKind::Responded { status: 403, .. })));
    assert!(!has(&w, 0, |k| matches!(k, EventKind::ForgedRequestWorked { .. })));
    // alice's own form carries the token and works.
    act(&mut w, ALICE, BrowserAction::change_email(User::Alice));
    assert!(page_text(&w, ALICE).contains("Email: alice@mail.example"));
}

#[test]
fn csrf_changing_the_email() {
    let mut w = csrf_world(None, false);
    attack(&mut w, Attack::Csrf { victim: ALICE, forged: ForgedRequest::ChangeEmail });
    assert!(has(&w, 0, |k| matches!(k, EventKind::ForgedRequestWorked { forged: ForgedRequest::ChangeEmail, .. })));
    act(&mut w, ALICE, BrowserAction::Request { route: Route::Account });
    assert!(page_text(&w, ALICE).contains("mallory@evil.example"));
    // Against a guest there is nothing to change.
    let mut w = world(WorldConfig { session: csrf_world(None, false).config().session.clone(), ..config() });
    act(&mut w, BOB, BrowserAction::home());
    attack(&mut w, Attack::Csrf { victim: BOB, forged: ForgedRequest::ChangeEmail });
    assert!(has(&w, 0, |k| *k == EventKind::AttackFailed { attack: AttackKind::Csrf, why: AttackMiss::NothingChanged }));
}

// ----- fixation -----

fn fixation_world(rotate: bool, strict: bool, name: &str) -> World {
    let mut c = config();
    c.session.rotate_on_login = rotate;
    c.session.strict_ids = strict;
    c.session.cookie.name = name.into();
    world(c)
}

/// Mallory plants, alice logs in, mallory opens the account page.
fn fixate(w: &mut World, via: Plant, id: FixedId) {
    attack(w, Attack::Fixation { victim: ALICE, via, id });
    act(w, ALICE, BrowserAction::log_in(User::Alice));
    act(w, MALLORY, BrowserAction::Request { route: Route::Account });
}

#[test]
fn fixation() {
    let mut w = fixation_world(false, true, "sid");
    fixate(&mut w, Plant::Link, FixedId::Issued);
    assert!(has(&w, 0, |k| matches!(k, EventKind::IdPlanted { victim: ALICE, via: Plant::Link, .. })));
    assert!(hijacked_since(&w, 0), "strict mode does not help: the shop issued this ID");

    let mut w = fixation_world(true, true, "sid");
    fixate(&mut w, Plant::Link, FixedId::Issued);
    assert!(!hijacked_since(&w, 0));
    assert!(blocked_by(&w, 0, AttackKind::Fixation, Defense::RotateOnLogin));
    assert!(page_text(&w, ALICE).contains("Logged in as alice"));
}

#[test]
fn fixation_of_a_made_up_id_blocked_by_strict_mode() {
    let mut w = fixation_world(false, false, "sid");
    fixate(&mut w, Plant::Link, FixedId::MadeUp);
    assert!(hijacked_since(&w, 0), "a permissive server adopted the made-up ID");

    let mut w = fixation_world(false, true, "sid");
    fixate(&mut w, Plant::Link, FixedId::MadeUp);
    assert!(!hijacked_since(&w, 0));
    assert!(blocked_by(&w, 0, AttackKind::Fixation, Defense::StrictIds));
}

#[test]
fn fixation_of_a_made_up_id_blocked_by_rotation() {
    let mut w = fixation_world(true, false, "sid");
    fixate(&mut w, Plant::Link, FixedId::MadeUp);
    assert!(!hijacked_since(&w, 0));
    assert!(blocked_by(&w, 0, AttackKind::Fixation, Defense::RotateOnLogin));
}

#[test]
fn fixation_via_sibling_cookie_blocked_by_host_prefix() {
    let mut w = fixation_world(false, true, "sid");
    act(&mut w, ALICE, BrowserAction::home()); // alice already has a cookie of her own
    fixate(&mut w, Plant::SiblingCookie, FixedId::Issued);
    assert!(has(&w, 0, |k| matches!(k, EventKind::IdPlanted { via: Plant::SiblingCookie, .. })));
    assert!(hijacked_since(&w, 0));

    let mut w = fixation_world(false, true, "__Host-sid");
    fixate(&mut w, Plant::SiblingCookie, FixedId::Issued);
    assert!(!hijacked_since(&w, 0));
    assert!(blocked_by(&w, 0, AttackKind::Fixation, Defense::HostPrefix));
}

// ----- guessing -----

#[test]
fn guess() {
    let mut c = config();
    c.session.id_generator = IdGenerator::Sequential;
    let mut w = world(c);
    act(&mut w, ALICE, BrowserAction::log_in(User::Alice));
    act(&mut w, BOB, BrowserAction::log_in(User::Bob));
    attack(&mut w, Attack::Guess { tries: 10 });
    assert!(has(&w, 0, |k| matches!(k, EventKind::IdsGuessed { tries: 10, found } if *found >= 2)));
    assert!(hijacked_since(&w, 0));

    let mut w = world(config());
    act(&mut w, ALICE, BrowserAction::log_in(User::Alice));
    act(&mut w, BOB, BrowserAction::log_in(User::Bob));
    attack(&mut w, Attack::Guess { tries: 1000 });
    assert!(has(&w, 0, |k| *k == EventKind::IdsGuessed { tries: 1000, found: 0 }));
    assert!(!hijacked_since(&w, 0));
    assert!(blocked_by(&w, 0, AttackKind::Guess, Defense::IdEntropy));
}

#[test]
fn guess_expected_time_follows_owasp() {
    use session_lab::sim::attack::expected_seconds_to_guess;
    let weak = IdGenerator::Timestamp.entropy_bits();
    let strong = IdGenerator::DEFAULT.entropy_bits();
    let (rate, live) = (1000.0, 100.0);
    assert!(expected_seconds_to_guess(weak, rate, live) < 1.0);
    assert!(expected_seconds_to_guess(strong, rate, live) > 1e30);
    assert_eq!(expected_seconds_to_guess(strong, rate, live), (strong.exp2() + 1.0) / (2.0 * rate * live));
    // The world's figure: its generator and its live sessions.
    let mut c = config();
    c.session.id_generator = IdGenerator::Sequential;
    let mut w = world(c);
    assert_eq!(w.expected_seconds_to_guess(rate), f64::INFINITY, "no live session to find");
    act(&mut w, ALICE, BrowserAction::log_in(User::Alice));
    act(&mut w, BOB, BrowserAction::log_in(User::Bob));
    assert_eq!(w.expected_seconds_to_guess(rate), 2.0 / (2.0 * rate * 2.0));
}

// ----- logout after theft -----

#[test]
fn logout() {
    // Logout that only clears the cookie: the stolen ID still works.
    let mut c = insecure();
    c.session.logout = LogoutPolicy::ClearCookieOnly;
    let mut w = stolen(c);
    act(&mut w, ALICE, BrowserAction::log_out());
    assert!(has(&w, 0, |k| matches!(k, EventKind::LogoutLeftSessionValid { in_cookie: false, .. })));
    let mark = w.events().len();
    act(&mut w, MALLORY, BrowserAction::Reload);
    assert!(hijacked_since(&w, mark), "the session survived logout");

    // Logout that destroys the session on the server ends the theft.
    let mut w = stolen(insecure());
    act(&mut w, ALICE, BrowserAction::log_out());
    let mark = w.events().len();
    act(&mut w, MALLORY, BrowserAction::Reload);
    assert!(!hijacked_since(&w, mark));
    assert!(blocked_by(&w, mark, AttackKind::Sniff, Defense::ServerSideLogout));
    assert!(has(&w, mark, |k| matches!(
        k,
        EventKind::SessionLost { browser: MALLORY, cause: LossCause::LoggedOut, .. }
    )));
}

#[test]
fn logout_cannot_revoke_a_signed_cookie() {
    let mut c = insecure();
    c.store = StoreKind::SignedCookie;
    let mut w = stolen(c);
    act(&mut w, ALICE, BrowserAction::log_out());
    assert!(has(&w, 0, |k| matches!(k, EventKind::LogoutLeftSessionValid { in_cookie: true, .. })));
    let mark = w.events().len();
    act(&mut w, MALLORY, BrowserAction::Reload);
    assert!(hijacked_since(&w, mark), "nothing on the server to destroy");
    // Only expiry ends it: 8 hours after creation (the absolute timeout).
    w.run(Action::Advance { by: SimTime::secs(8 * 3600) }).unwrap();
    let mark = w.events().len();
    act(&mut w, MALLORY, BrowserAction::Reload);
    assert!(!hijacked_since(&w, mark));
}

#[test]
fn logout_idle_timeout_ends_a_stolen_session() {
    let mut w = stolen(insecure());
    w.run(Action::Advance { by: SimTime::mins(31) }).unwrap();
    let mark = w.events().len();
    act(&mut w, MALLORY, BrowserAction::Reload);
    assert!(!hijacked_since(&w, mark));
    assert!(blocked_by(&w, mark, AttackKind::Sniff, Defense::IdleTimeout));
}

#[test]
fn rotation_on_privilege_change_ends_a_stolen_session() {
    let mut w = stolen(insecure());
    act(&mut w, ALICE, BrowserAction::confirm_password());
    act(&mut w, MALLORY, BrowserAction::Reload);
    let mark = w.events().len();
    act(&mut w, MALLORY, BrowserAction::Reload);
    assert!(hijacked_since(&w, mark), "without rotation the stolen ID keeps working");

    let mut c = insecure();
    c.session.rotate_on_privilege_change = true;
    let mut w = stolen(c);
    act(&mut w, ALICE, BrowserAction::confirm_password());
    assert!(has(&w, 0, |k| matches!(k, EventKind::SessionRotated { .. })));
    let mark = w.events().len();
    act(&mut w, MALLORY, BrowserAction::Reload);
    assert!(!hijacked_since(&w, mark));
    assert!(blocked_by(&w, mark, AttackKind::Sniff, Defense::RotateOnPrivilegeChange));
    act(&mut w, ALICE, BrowserAction::Request { route: Route::Account });
    assert!(page_text(&w, ALICE).contains("Account of alice"), "alice keeps her session under the new ID");
}

// ----- the user's own controls (ASVS V3.3.3, V3.3.4) -----

/// Alice logged in on her browser and, five minutes later, on bob's browser.
fn alice_on_two_devices(c: WorldConfig) -> World {
    let mut w = world(c);
    act(&mut w, ALICE, BrowserAction::log_in(User::Alice));
    w.run(Action::Advance { by: SimTime::mins(5) }).unwrap();
    act(&mut w, BOB, BrowserAction::log_in(User::Alice));
    w
}

#[test]
fn active_sessions_list_devices_and_last_seen() {
    let mut w = alice_on_two_devices(config());
    act(&mut w, BOB, BrowserAction::active_sessions());
    let text = page_text(&w, BOB);
    assert!(text.contains("bob's browser: last seen just now (this session)"), "{text}");
    assert!(text.contains("alice's browser: last seen 5 min ago"), "{text}");
    assert!(has(&w, 0, |k| *k == EventKind::SessionsListed { user: User::Alice, count: 2 }));
}

#[test]
fn active_sessions_show_the_hijacker() {
    let mut w = stolen(insecure());
    act(&mut w, ALICE, BrowserAction::UseHttps { on: true });
    act(&mut w, ALICE, BrowserAction::active_sessions());
    let text = page_text(&w, ALICE);
    assert!(text.contains("alice's browser and mallory's browser: last seen just now (this session)"), "{text}");
}

#[test]
fn log_out_other_sessions() {
    // bob's browser (alice's old device) leaks her session to mallory.
    let mut w = alice_on_two_devices(insecure());
    act(&mut w, BOB, BrowserAction::UseHttps { on: false });
    act(&mut w, BOB, BrowserAction::Reload);
    attack(&mut w, Attack::Sniff { victim: BOB });
    assert!(hijacked_since(&w, 0));
    // Without the password again, nothing is ended (ASVS V3.3.4): mallory,
    // who only has the cookie, could otherwise lock alice out.
    act(&mut w, ALICE, BrowserAction::log_out_other_sessions());
    assert!(page_text(&w, ALICE).contains("Confirm your password first"));
    assert!(!has(&w, 0, |k| matches!(k, EventKind::OtherSessionsEnded { .. })));
    act(&mut w, ALICE, BrowserAction::confirm_password());
    act(&mut w, ALICE, BrowserAction::log_out_other_sessions());
    assert!(has(&w, 0, |k| *k == EventKind::OtherSessionsEnded { user: User::Alice, count: 1 }));
    let mark = w.events().len();
    act(&mut w, MALLORY, BrowserAction::Reload);
    assert!(!hijacked_since(&w, mark));
    assert!(blocked_by(&w, mark, AttackKind::Sniff, Defense::LogOutOtherSessions));
    act(&mut w, BOB, BrowserAction::Reload);
    assert!(has(&w, mark, |k| matches!(k, EventKind::SessionLost { browser: BOB, cause: LossCause::EndedByUser, .. })));
    act(&mut w, ALICE, BrowserAction::Reload);
    assert!(page_text(&w, ALICE).contains("Welcome back, alice"), "the current session stays");
}

#[test]
fn concurrent_session_limit() {
    let mut c = config();
    c.session.max_sessions_per_user = Some(1);
    let mut w = alice_on_two_devices(c);
    assert!(has(&w, 0, |k| *k == EventKind::SessionLimitReached { user: User::Alice, limit: 1, ended: 1 }));
    act(&mut w, ALICE, BrowserAction::Reload);
    assert!(has(&w, 0, |k| matches!(k, EventKind::SessionLost { browser: ALICE, cause: LossCause::SessionLimit, .. })));
    act(&mut w, BOB, BrowserAction::Reload);
    assert!(page_text(&w, BOB).contains("Welcome back, alice"), "the newest session stays");

    let mut c = config();
    c.session.max_sessions_per_user = Some(2);
    let w = alice_on_two_devices(c);
    assert!(!has(&w, 0, |k| matches!(k, EventKind::SessionLimitReached { .. })));
}

#[test]
fn signed_cookies_cannot_list_or_end_sessions() {
    let mut c = config();
    c.store = StoreKind::SignedCookie;
    let mut w = alice_on_two_devices(c);
    act(&mut w, ALICE, BrowserAction::confirm_password());
    act(&mut w, ALICE, BrowserAction::log_out_other_sessions());
    assert!(has(&w, 0, |k| *k == EventKind::SessionsNotListable { user: User::Alice }));
    assert!(page_text(&w, ALICE).contains("cannot list or end"));
    act(&mut w, BOB, BrowserAction::Reload);
    assert!(page_text(&w, BOB).contains("Welcome back, alice"), "nothing was ended");
}

// ----- presets -----

fn run_every_attack(preset: Preset) -> World {
    let mut w = world(config());
    w.run(Action::ApplyPreset { preset }).unwrap();
    act(&mut w, BOB, BrowserAction::log_in(User::Bob));
    act(&mut w, ALICE, BrowserAction::log_in(User::Alice));
    for a in [
        Attack::Sniff { victim: ALICE },
        Attack::Xss { victim: BOB },
        Attack::Csrf { victim: ALICE, forged: ForgedRequest::AddToCart },
        Attack::Guess { tries: 20 },
    ] {
        attack(&mut w, a);
    }
    w
}

#[test]
fn classic_mistakes_let_every_attack_through() {
    let w = run_every_attack(Preset::ClassicMistakes);
    let stolen: Vec<_> = w.events().iter().filter(|e| matches!(e.kind, EventKind::CookieStolen { .. })).collect();
    assert_eq!(stolen.len(), 2, "sniffed and read by script");
    assert!(has(&w, 0, |k| matches!(k, EventKind::ForgedRequestWorked { .. })));
    assert!(has(&w, 0, |k| matches!(k, EventKind::IdsGuessed { found, .. } if *found > 0)));
    assert!(!has(&w, 0, |k| matches!(k, EventKind::AttackBlocked { .. })));
    let mut w = world(config());
    w.run(Action::ApplyPreset { preset: Preset::ClassicMistakes }).unwrap();
    fixate(&mut w, Plant::SiblingCookie, FixedId::MadeUp);
    assert!(hijacked_since(&w, 0));
}

#[test]
fn secure_defaults_stop_every_attack() {
    let w = run_every_attack(Preset::SecureDefaults);
    assert!(!hijacked_since(&w, 0));
    for (attack, defense) in [
        (AttackKind::Sniff, Defense::TlsToServers),
        (AttackKind::Xss, Defense::HttpOnly),
        (AttackKind::Csrf, Defense::SameSite),
        (AttackKind::Csrf, Defense::CsrfToken),
        (AttackKind::Guess, Defense::IdEntropy),
    ] {
        assert!(blocked_by(&w, 0, attack, defense), "{attack} not blocked by {defense}");
    }
    for (via, defense) in [(Plant::SiblingCookie, Defense::HostPrefix), (Plant::Link, Defense::RotateOnLogin)] {
        let mut w = world(config());
        w.run(Action::ApplyPreset { preset: Preset::SecureDefaults }).unwrap();
        fixate(&mut w, via, FixedId::Issued);
        assert!(!hijacked_since(&w, 0));
        assert!(blocked_by(&w, 0, AttackKind::Fixation, defense));
    }
}

// ----- rules, determinism, scenario files -----

#[test]
fn refused_attacks_leave_the_world_unchanged() {
    let mut w = world(config());
    act(&mut w, ALICE, BrowserAction::log_in(User::Alice));
    let (events, actions) = (w.events().len(), w.actions().len());
    for bad in [
        Attack::Sniff { victim: MALLORY },
        Attack::Xss { victim: BrowserId(7) },
        Attack::Guess { tries: 0 },
        Attack::Guess { tries: 10_001 },
    ] {
        let e = w.apply(Action::Attack { attack: bad }).unwrap_err();
        assert!(!e.message.is_empty());
    }
    act(&mut w, ALICE, BrowserAction::Close);
    let (events2, actions2) = (w.events().len(), w.actions().len());
    assert!(w.apply(Action::Attack { attack: Attack::Xss { victim: ALICE } }).unwrap_err().message.contains("closed"));
    assert_eq!((w.events().len(), w.actions().len()), (events2, actions2));
    assert!(events2 > events && actions2 > actions);
}

#[test]
fn attacks_are_deterministic_and_round_trip_as_scenarios() {
    let mut w = World::new(WorldConfig { tls_to_servers: false, ..insecure() }, 5).unwrap();
    alice_logs_in_over_http(&mut w);
    w.run(Action::SetTlsToServers { on: true }).unwrap();
    for a in [
        Attack::Sniff { victim: ALICE },
        Attack::Xss { victim: ALICE },
        Attack::Csrf { victim: ALICE, forged: ForgedRequest::ChangeEmail },
        Attack::Fixation { victim: BOB, via: Plant::SiblingCookie, id: FixedId::MadeUp },
        Attack::Guess { tries: 50 },
    ] {
        attack(&mut w, a);
    }
    act(&mut w, BOB, BrowserAction::log_in(User::Bob));
    act(&mut w, BOB, BrowserAction::active_sessions());
    let scenario = Scenario::of(&w);
    let back = Scenario::from_json(&scenario.to_json()).unwrap();
    assert_eq!(back, scenario);
    assert_eq!(Scenario::from_fragment(&scenario.to_fragment()).unwrap(), scenario);
    let rebuilt = back.build().unwrap();
    assert_eq!(format!("{:?}", rebuilt.events()), format!("{:?}", w.events()));
    // An old scenario without the new settings still reads, with TLS on.
    let mut json: serde_json::Value = serde_json::from_str(&scenario.to_json()).unwrap();
    json["config"].as_object_mut().unwrap().remove("tls_to_servers");
    json["config"]["session"].as_object_mut().unwrap().remove("csrf_token");
    let old = Scenario::from_json(&json.to_string()).unwrap();
    assert!(old.config.tls_to_servers && !old.config.session.csrf_token);
}

#[test]
fn every_security_event_is_described() {
    let w = run_every_attack(Preset::ClassicMistakes);
    for e in w.events() {
        assert!(!e.describe().is_empty(), "{:?}", e.kind);
        assert_ne!(e.describe(), "Something else happened", "{:?}", e.kind);
    }
}
