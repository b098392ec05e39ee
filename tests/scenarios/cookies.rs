//! Cookies: renaming the session cookie, and what cut a browser off first.

use session_lab::sim::store::SessionStore;
use session_lab::sim::*;

use crate::common::world::*;
use crate::helpers::*;

#[test]
fn renaming_the_session_cookie_is_explained() {
    // Same store, new name: the session is still on the server, but the browser's cookie is ignored.
    let mut w = World::new(config(1, StoreKind::Database), 24).unwrap();
    w.browser_do(ALICE, BrowserAction::log_in(User::Alice)).unwrap();
    let mut session = w.config().session.clone();
    session.cookie.name = "shop_session".into();
    w.run(Action::SetSession { config: Box::new(session) }).unwrap();
    let mark = w.events().len();
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    assert_eq!(losses_since(&w, mark), vec![LossCause::CookieRenamed]);
    assert!(cookie_value(&w, ALICE, "shop_session").is_some(), "a new session under the new name");
    assert_eq!(w.database().len(), 2, "the old session is orphaned in the store");

    // A preset that changes both the store and the name: the store switch is the reason.
    let mut w = World::new(config(1, StoreKind::InMemory), 24).unwrap();
    w.browser_do(ALICE, BrowserAction::log_in(User::Alice)).unwrap();
    w.run(Action::ApplyPreset { preset: Preset::Php }).unwrap();
    let mark = w.events().len();
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    assert_eq!(losses_since(&w, mark), vec![LossCause::StoreSwitched { from: StoreKind::InMemory }]);

    // A preset that keeps the store but renames the cookie (tower-sessions calls it `id`).
    let mut w = World::new(config(1, StoreKind::InMemory), 24).unwrap();
    w.browser_do(ALICE, BrowserAction::log_in(User::Alice)).unwrap();
    w.run(Action::ApplyPreset { preset: Preset::TowerSessions }).unwrap();
    let mark = w.events().len();
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    assert_eq!(losses_since(&w, mark), vec![LossCause::CookieRenamed]);

    // Renamed back to a name under which the browser still holds an older cookie: that one is read instead.
    let mut c = config(1, StoreKind::Database);
    Preset::Django.apply(&mut c);
    let mut w = World::new(c, 24).unwrap();
    w.browser_do(ALICE, BrowserAction::set_theme(Theme::Dark)).unwrap();
    w.run(Action::ApplyPreset { preset: Preset::SecureDefaults }).unwrap();
    w.browser_do(ALICE, BrowserAction::log_in(User::Alice)).unwrap();
    assert!(logged_in(&w, ALICE));
    w.run(Action::ApplyPreset { preset: Preset::Django }).unwrap();
    let mark = w.events().len();
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    assert_eq!(losses_since(&w, mark), vec![LossCause::CookieRenamed]);
    assert_eq!(heading(&w, ALICE), "Hello, guest");
    assert!(page_text(&w, ALICE).contains("Theme: dark"), "the older session, from before the first rename");

    // Renamed and renamed back before any request: the old cookie works again, nothing is lost.
    let mut w = World::new(config(1, StoreKind::Database), 24).unwrap();
    w.browser_do(ALICE, BrowserAction::log_in(User::Alice)).unwrap();
    let original = w.config().session.clone();
    let mut renamed = original.clone();
    renamed.cookie.name = "other".into();
    w.run(Action::SetSession { config: Box::new(renamed) }).unwrap();
    w.run(Action::SetSession { config: Box::new(original) }).unwrap();
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    w.browser_do(ALICE, BrowserAction::ClearCookies).unwrap();
    let mark = w.events().len();
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    assert!(losses_since(&w, 0).iter().all(|c| *c != LossCause::CookieRenamed));
    assert_eq!(losses_since(&w, mark), vec![LossCause::CookiesCleared]);
}

/// Found by the property test: a store switch cut alice off, then a later
/// preset renamed the cookie; the loss is the store switch, not the rename.
#[test]
fn the_first_thing_that_cut_a_browser_off_explains_its_loss() {
    let mut w = World::new(config(1, StoreKind::InMemory), 3).unwrap();
    w.browser_do(BrowserId::ALICE, BrowserAction::log_in(User::Alice)).unwrap();
    for preset in [Preset::ClassicMistakes, Preset::ExpressPostgres] {
        w.run(Action::ApplyPreset { preset }).unwrap();
    }
    w.browser_do(BrowserId::ALICE, BrowserAction::ClearCookies).unwrap();
    w.run(Action::ApplyPreset { preset: Preset::ClassicMistakes }).unwrap();
    let from = w.events().len();
    w.browser_do(BrowserId::ALICE, BrowserAction::Reload).unwrap();
    let losses = losses_since(&w, from);
    assert!(
        losses.iter().all(|c| matches!(c, LossCause::StoreSwitched { .. } | LossCause::CookiesCleared)),
        "{losses:?}"
    );
}
