//! Rotation and logout: the ID changes at login, logout destroys or only
//! clears, and a request begun before logout writes the session back.

use session_lab::sim::config::LogoutPolicy;
use session_lab::sim::store::SessionStore;
use session_lab::sim::*;

use crate::common::world::*;
use crate::helpers::*;

/// A browser whose response goes missing: it sends `act`, is closed before
/// the answer arrives, and is opened again. Its jar still holds what it had
/// before: a copy of the old cookie, as if someone had kept one.
fn lose_the_response(w: &mut World, b: BrowserId, act: BrowserAction) {
    w.apply(Action::Browser { browser: b, act }).unwrap();
    w.apply(Action::Browser { browser: b, act: BrowserAction::Close }).unwrap();
    w.apply(Action::Settle).unwrap();
    w.apply(Action::Browser { browser: b, act: BrowserAction::Reopen }).unwrap();
}

#[test]
fn login_rotates_the_id_and_the_old_one_is_rejected() {
    let mut c = config(1, StoreKind::Database);
    c.session.cookie.max_age_secs = Some(3600); // a persistent cookie survives the browser closing
    let mut w = World::new(c, 4).unwrap();
    w.browser_do(ALICE, BrowserAction::home()).unwrap();
    let old = cookie_value(&w, ALICE, "sid").expect("a session from the first visit");
    w.browser_do(ALICE, BrowserAction::add_to_cart(Item::Book)).unwrap();

    // A copy of the pre-login cookie: alice's login answer is lost, so her jar keeps the old ID.
    let mark = w.events().len();
    lose_the_response(&mut w, ALICE, BrowserAction::log_in(User::Alice));
    let rotated: Vec<(String, String)> = w.events()[mark..]
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::SessionRotated { old, new } => Some((old.to_string(), new.to_string())),
            _ => None,
        })
        .collect();
    assert_eq!(rotated.len(), 1);
    assert_eq!(rotated[0].0, old);
    assert_ne!(rotated[0].1, old);
    assert!(w.database().peek(&SessionId::new(&old)).is_none());
    assert_eq!(w.database().peek(&SessionId::new(&rotated[0].1)).unwrap().data.cart, vec![Item::Book]);

    let mark = w.events().len();
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    assert_eq!(losses_since(&w, mark), vec![LossCause::Rotated]);
    assert_eq!(heading(&w, ALICE), "Hello, guest");

    // Logging in normally hands the browser the new ID with the same data.
    w.browser_do(ALICE, BrowserAction::log_in(User::Alice)).unwrap();
    let now_id = cookie_value(&w, ALICE, "sid").unwrap();
    assert_ne!(now_id, old);
    assert!(logged_in(&w, ALICE));
}

#[test]
fn without_rotation_the_id_survives_login() {
    let mut c = config(1, StoreKind::Database);
    c.session.rotate_on_login = false;
    let mut w = World::new(c, 4).unwrap();
    w.browser_do(ALICE, BrowserAction::home()).unwrap();
    let before = cookie_value(&w, ALICE, "sid").unwrap();
    w.browser_do(ALICE, BrowserAction::log_in(User::Alice)).unwrap();
    assert_eq!(cookie_value(&w, ALICE, "sid").unwrap(), before, "the pre-login ID now names a logged-in session");
    assert_eq!(count(&w, 0, |k| matches!(k, EventKind::SessionRotated { .. })), 0);
}

fn logout_world(policy: LogoutPolicy) -> (World, String) {
    let mut c = config(1, StoreKind::Database);
    c.session.cookie.max_age_secs = Some(3600);
    c.session.logout = policy;
    let mut w = World::new(c, 5).unwrap();
    w.browser_do(ALICE, BrowserAction::log_in(User::Alice)).unwrap();
    let id = cookie_value(&w, ALICE, "sid").unwrap();
    // The logout answer (which clears the cookie) never arrives: the jar keeps a copy of the cookie.
    lose_the_response(&mut w, ALICE, BrowserAction::log_out());
    assert_eq!(cookie_value(&w, ALICE, "sid").as_deref(), Some(id.as_str()));
    (w, id)
}

#[test]
fn logout_destroys_the_session_on_the_server() {
    let (mut w, id) = logout_world(LogoutPolicy::DestroyOnServer);
    assert!(w.database().peek(&SessionId::new(&id)).is_none());
    assert_eq!(count(&w, 0, |k| matches!(k, EventKind::SessionDestroyed { .. })), 1);
    let mark = w.events().len();
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    assert_eq!(losses_since(&w, mark), vec![LossCause::LoggedOut]);
    assert_eq!(heading(&w, ALICE), "Hello, guest");
}

#[test]
fn logout_that_only_clears_the_cookie_leaves_the_copy_working() {
    let (mut w, id) = logout_world(LogoutPolicy::ClearCookieOnly);
    assert!(w.database().peek(&SessionId::new(&id)).is_some());
    let mark = w.events().len();
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    assert!(losses_since(&w, mark).is_empty());
    assert_eq!(heading(&w, ALICE), "Welcome back, alice", "the kept copy still logs in");
    // A logout whose answer arrives clears the browser's cookie in both cases.
    w.browser_do(ALICE, BrowserAction::log_out()).unwrap();
    assert_eq!(cookie_value(&w, ALICE, "sid"), None);
    assert!(last_set_cookies(&w, ALICE).iter().any(|c| c.name() == "sid" && c.value().is_empty()));
}

/// DESIGN's logout trap: a request that began before logout saves its copy
/// of the session after logout destroyed it. The engine lets it happen, as
/// real libraries do, and says so.
#[test]
fn a_request_started_before_logout_writes_the_destroyed_session_back_and_the_log_says_so() {
    let mut w = World::new(config(1, StoreKind::Database), 7).unwrap();
    w.browser_do(BrowserId::ALICE, BrowserAction::log_in(User::Alice)).unwrap();
    let from = w.events().len();
    let both = |first, second| BrowserAction::TwoTabs { first, second };
    // One tab adds to the cart while the other logs out; whichever order the
    // two commits land in, the cart write must not silently revive the session.
    w.browser_do(BrowserId::ALICE, both(Route::Logout, Route::AddToCart { item: Item::Tea })).unwrap();
    let destroyed = count(&w, from, |k| matches!(k, EventKind::SessionDestroyed { .. }));
    let revived = count(&w, from, |k| matches!(k, EventKind::DestroyedSessionWrittenBack { .. }));
    assert_eq!(destroyed, 1);
    let in_store = w.database().len();
    assert_eq!(revived, in_store, "a session back in the store after logout is always reported ({in_store} in store)");
    let e = w.events().iter().find(|e| matches!(e.kind, EventKind::DestroyedSessionWrittenBack { .. }));
    if let Some(e) = e {
        assert!(e.describe().contains("back in the store") && e.is_loss());
    }
    assert_eq!(revived, 1, "with both tabs reading before either writes, the cart write lands after the delete");
}
