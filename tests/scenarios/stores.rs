//! Stores: evictions, sessions too large for the cache or the cookie,
//! switching the store, and a new signing secret.

use session_lab::sim::store::SessionStore;
use session_lab::sim::*;

use crate::common::world::*;
use crate::helpers::*;

#[test]
fn a_full_cache_evicts_the_least_recently_used_session() {
    let mut c = config(1, StoreKind::Cache);
    c.cache.memory_limit_bytes = 1024;
    let mut w = World::new(c, 20).unwrap();
    w.browser_do(ALICE, BrowserAction::log_in(User::Alice)).unwrap();
    w.browser_do(BOB, BrowserAction::log_in(User::Bob)).unwrap();
    let mark = w.events().len();
    w.browser_do(BOB, BrowserAction::Request { route: Route::SaveDraft { chars: 800 } }).unwrap();
    assert_eq!(count(&w, mark, |k| matches!(k, EventKind::Evicted { count: 1 })), 1);
    assert!(w.cache().bytes_used() <= 1024);
    assert_eq!(w.cache().len(), 1);
    w.browser_do(BOB, BrowserAction::Reload).unwrap();
    assert!(logged_in(&w, BOB));
    let mark = w.events().len();
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    assert_eq!(losses_since(&w, mark), vec![LossCause::Evicted]);
    assert_eq!(heading(&w, ALICE), "Hello, guest");
    // Alice's new guest session needs room too: bob's big one, now the least recently used, goes.
    assert_eq!(count(&w, mark, |k| matches!(k, EventKind::Evicted { count: 1 })), 1);
    let mark = w.events().len();
    w.browser_do(BOB, BrowserAction::Reload).unwrap();
    assert_eq!(losses_since(&w, mark), vec![LossCause::Evicted]);
}

#[test]
fn a_session_bigger_than_the_whole_cache_is_refused_with_oom_and_the_old_one_stays() {
    let mut c = config(1, StoreKind::Cache);
    c.cache.memory_limit_bytes = 2048;
    let mut w = World::new(c, 5).unwrap();
    w.browser_do(ALICE, BrowserAction::log_in(User::Alice)).unwrap();
    w.browser_do(ALICE, BrowserAction::Request { route: Route::AddToCart { item: Item::Tea } }).unwrap();
    let mark = w.events().len();
    w.browser_do(ALICE, BrowserAction::Request { route: Route::SaveDraft { chars: 3000 } }).unwrap();
    let refused: Vec<(u32, u32)> = w.events()[mark..]
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::SessionTooLarge { bytes, limit, store: StoreKind::Cache } => Some((bytes, limit)),
            _ => None,
        })
        .collect();
    assert_eq!(refused.len(), 1, "one OOM refusal");
    assert!(refused[0].0 > 3000 && refused[0].1 == 2048, "{refused:?}");
    assert!(
        !w.events()[mark..].iter().any(|e| matches!(e.kind, EventKind::Evicted { .. })),
        "no session is evicted for a write that cannot fit anyway"
    );
    assert!(heading(&w, ALICE).starts_with("500"));
    assert!(page_text(&w, ALICE).contains("more than the session cache's memory (2048 bytes)"));
    assert!(w.events()[mark..].iter().any(|e| e.describe().contains("OOM")));
    // The write was refused, not the session: it is still there with its cart.
    w.browser_do(ALICE, BrowserAction::Request { route: Route::Cart }).unwrap();
    assert!(logged_in(&w, ALICE));
    assert!(page_text(&w, ALICE).contains("Cart: 1 item"));
}

#[test]
fn a_signed_cookie_too_large_is_refused_and_explained() {
    let mut c = config(2, StoreKind::SignedCookie);
    c.session.idle_timeout_secs = Some(3600);
    let mut w = World::new(c, 21).unwrap();
    w.browser_do(ALICE, BrowserAction::log_in(User::Alice)).unwrap();
    w.browser_do(ALICE, BrowserAction::Request { route: Route::SaveDraft { chars: 1000 } }).unwrap();
    assert!(page_text(&w, ALICE).contains("Draft saved (1000 characters)"));
    let before = cookie_value(&w, ALICE, "sid").unwrap();
    assert!(before.len() > 1000, "the draft travels in the cookie");

    let mark = w.events().len();
    w.browser_do(ALICE, BrowserAction::Request { route: Route::SaveDraft { chars: 5000 } }).unwrap();
    let too_large: Vec<u32> = w.events()[mark..]
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::SessionTooLarge { bytes, limit: 4096, store: StoreKind::SignedCookie } => Some(bytes),
            _ => None,
        })
        .collect();
    assert_eq!(too_large.len(), 1);
    assert!(too_large[0] > 4096);
    assert_eq!(count(&w, mark, |k| matches!(k, EventKind::PageShown { status: 500, .. })), 1);
    assert!(page_text(&w, ALICE).contains("does not fit in a 4096-byte cookie"));
    assert_eq!(cookie_value(&w, ALICE, "sid").unwrap(), before, "the browser keeps its last good cookie");
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    assert!(logged_in(&w, ALICE));
    assert!(losses_since(&w, 0).is_empty());
}

#[test]
fn switching_the_store_loses_every_session_and_says_so() {
    let mut w = World::new(config(1, StoreKind::InMemory), 23).unwrap();
    w.browser_do(ALICE, BrowserAction::log_in(User::Alice)).unwrap();
    w.browser_do(BOB, BrowserAction::log_in(User::Bob)).unwrap();
    let mark = w.events().len();
    w.run(Action::SwitchStore { to: StoreKind::Database }).unwrap();
    assert_eq!(
        count(&w, mark, |k| matches!(
            k,
            EventKind::StoreSwitched { from: StoreKind::InMemory, to: StoreKind::Database, dropped: 2 }
        )),
        1
    );
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    assert_eq!(losses_since(&w, mark), vec![LossCause::StoreSwitched { from: StoreKind::InMemory }]);
    assert!(w.run(Action::SwitchStore { to: StoreKind::Database }).is_err(), "already the store");
}

#[test]
fn every_store_switch_is_explained_as_one_even_to_and_from_signed_cookies() {
    for from in StoreKind::ALL {
        for to in StoreKind::ALL.into_iter().filter(|to| *to != from) {
            let mut w = World::new(config(1, from), 23).unwrap();
            w.browser_do(ALICE, BrowserAction::log_in(User::Alice)).unwrap();
            let mark = w.events().len();
            w.run(Action::SwitchStore { to }).unwrap();
            w.browser_do(ALICE, BrowserAction::Reload).unwrap();
            assert_eq!(losses_since(&w, mark), vec![LossCause::StoreSwitched { from }], "{from:?} -> {to:?}");
            assert_eq!(heading(&w, ALICE), "Hello, guest");
        }
    }
}

#[test]
fn a_whole_session_in_a_cookie_is_recognised_after_a_switch_away_even_with_signed_ids() {
    let mut c = config(1, StoreKind::InMemory);
    Preset::ExpressRedis.apply(&mut c);
    let mut w = World::new(c, 23).unwrap();
    w.run(Action::SwitchStore { to: StoreKind::SignedCookie }).unwrap();
    w.browser_do(ALICE, BrowserAction::log_in(User::Alice)).unwrap();
    assert!(logged_in(&w, ALICE));
    w.run(Action::SwitchStore { to: StoreKind::Cache }).unwrap();
    let mark = w.events().len();
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    assert_eq!(losses_since(&w, mark), vec![LossCause::StoreSwitched { from: StoreKind::SignedCookie }]);
}

#[test]
fn a_new_signing_secret_invalidates_every_signed_cookie() {
    for preset in [Preset::ExpressPostgres, Preset::ActixCookie] {
        let mut c = config(1, StoreKind::InMemory);
        preset.apply(&mut c);
        let mut w = World::new(c, 22).unwrap();
        w.browser_do(ALICE, BrowserAction::log_in(User::Alice)).unwrap();
        assert!(logged_in(&w, ALICE));
        let mut session = w.config().session.clone();
        session.secret = "a rotated secret".into();
        w.run(Action::SetSession { config: Box::new(session) }).unwrap();
        let mark = w.events().len();
        w.browser_do(ALICE, BrowserAction::Reload).unwrap();
        assert_eq!(losses_since(&w, mark), vec![LossCause::BadSignature], "{}", preset.label());
        assert_eq!(heading(&w, ALICE), "Hello, guest");
    }
}
