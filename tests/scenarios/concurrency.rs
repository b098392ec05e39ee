//! Concurrency: two tabs at once (locks, lost updates, a replaced cookie),
//! a server's own stale cache, and a store outage.

use session_lab::sim::event::ReadOutcome;
use session_lab::sim::*;

use crate::common::world::*;
use crate::helpers::*;

#[test]
fn two_tabs_on_the_file_store_wait_for_the_session_file_lock_and_lose_no_update() {
    // PHP's files handler locks the file; session-file-store and Django's file
    // backend take no lock (measured: tools/reality two-tabs, php-files against express-file).
    for (store, locks) in [(StoreKind::File, true), (StoreKind::File, false), (StoreKind::InMemory, false)] {
        let mut c = config(1, store);
        c.session.library.locks_session_file = locks;
        let mut w = World::new(c, 8).unwrap();
        w.browser_do(ALICE, BrowserAction::log_in(User::Alice)).unwrap();
        let mark = w.events().len();
        let add = Route::AddToCart { item: Item::Tea };
        w.browser_do(ALICE, BrowserAction::TwoTabs { first: add, second: add }).unwrap();
        let waited = count(&w, mark, |k| matches!(k, EventKind::WaitedForSessionLock { .. }));
        let overwritten = count(&w, mark, |k| matches!(k, EventKind::UpdateOverwritten { .. }));
        w.browser_do(ALICE, BrowserAction::Request { route: Route::Cart }).unwrap();
        let label = store.label();
        if locks {
            assert_eq!((waited, overwritten), (1, 0), "{label}: the second tab waits, nothing is lost");
            assert!(page_text(&w, ALICE).contains("Cart: 2 items"), "{label}: {}", page_text(&w, ALICE));
        } else {
            assert_eq!((waited, overwritten), (0, 1), "{label}: no lock, one add overwritten");
            assert!(page_text(&w, ALICE).contains("Cart: 1 item"), "{label}: {}", page_text(&w, ALICE));
        }
    }
}

#[test]
fn two_tabs_adding_at_once_lose_an_update() {
    let mut w = World::new(config(1, StoreKind::Database), 17).unwrap();
    w.browser_do(ALICE, BrowserAction::log_in(User::Alice)).unwrap();
    let mark = w.events().len();
    let two = BrowserAction::TwoTabs {
        first: Route::AddToCart { item: Item::Tea },
        second: Route::AddToCart { item: Item::Mug },
    };
    w.browser_do(ALICE, two).unwrap();
    let overwritten: Vec<(u32, u32)> = w.events()[mark..]
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::UpdateOverwritten { read_version, overwrote_version, .. } => {
                Some((read_version, overwrote_version))
            }
            _ => None,
        })
        .collect();
    assert_eq!(overwritten, vec![(1, 2)]);
    assert_eq!(w.metrics().lost_updates, 1);
    assert_eq!(alice_record(&w).data.cart, vec![Item::Mug], "the tea is gone: last writer wins");
    w.browser_do(ALICE, BrowserAction::Request { route: Route::Cart }).unwrap();
    assert!(page_text(&w, ALICE).contains("Cart: 1 item"), "{}", page_text(&w, ALICE));

    // One tab at a time: both items stay.
    w.browser_do(ALICE, BrowserAction::add_to_cart(Item::Book)).unwrap();
    w.browser_do(ALICE, BrowserAction::add_to_cart(Item::Lamp)).unwrap();
    assert_eq!(alice_record(&w).data.cart, vec![Item::Mug, Item::Book, Item::Lamp]);
}

#[test]
fn resaving_an_unchanged_session_loses_the_other_tabs_change() {
    // express-session's old default resave: true writes the session back on every request.
    let mut c = config(1, StoreKind::Database);
    Preset::ExpressPostgres.apply(&mut c);
    let mut w = World::new(c, 17).unwrap();
    w.browser_do(ALICE, BrowserAction::log_in(User::Alice)).unwrap();
    let mark = w.events().len();
    let two = BrowserAction::TwoTabs { first: Route::AddToCart { item: Item::Tea }, second: Route::Cart };
    w.browser_do(ALICE, two).unwrap();
    assert_eq!(count(&w, mark, |k| matches!(k, EventKind::UpdateOverwritten { .. })), 1);
    w.browser_do(ALICE, BrowserAction::Request { route: Route::Cart }).unwrap();
    assert!(
        page_text(&w, ALICE).contains("Your cart is empty"),
        "the tea is gone though only one tab changed anything"
    );
}

/// Two tabs, two servers with in-memory sessions, sessions made only when
/// something is stored: alice's session was already found missing on server
/// 2 once, then one tab lands there again (no session: a new one, with a
/// cookie) while the other finds hers on server 1 (welcome). The browser
/// takes the new cookie, so the next page is a guest's: the loss is said
/// again when the browser takes that cookie, not only the first time.
#[test]
fn a_tab_that_replaces_the_session_cookie_says_why_even_after_the_same_loss_was_said_before() {
    let mut c = config(2, StoreKind::InMemory);
    c.balancing = Balancing::RoundRobin;
    c.session.create = session_lab::sim::config::CreatePolicy::WhenDataStored;
    let mut w = World::new(c, 0).unwrap();
    w.browser_do(ALICE, BrowserAction::log_in(User::Alice)).unwrap(); // server 1
    w.browser_do(ALICE, BrowserAction::Request { route: Route::Cart }).unwrap(); // server 2: not there
    assert_eq!(losses_since(&w, 0).len(), 1, "the first time on server 2 is said");
    w.browser_do(BOB, BrowserAction::log_in(User::Bob)).unwrap(); // server 1: the next tab lands on 2
    let mark = w.events().len();
    let tea = Route::AddToCart { item: Item::Tea };
    w.browser_do(ALICE, BrowserAction::TwoTabs { first: tea, second: tea }).unwrap();
    assert!(logged_in(&w, ALICE), "the last answer came from server 1, which has her session");
    let said = losses_since(&w, mark);
    assert!(
        matches!(said.as_slice(), [LossCause::NotOnThisServer { .. }]),
        "the tab that took a new cookie says why: {said:?}"
    );
    let before_reload = w.events().len();
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    assert_eq!(heading(&w, ALICE), "Hello, guest");
    assert!(losses_since(&w, before_reload).is_empty(), "nothing new is lost on the reload");
}

#[test]
fn a_servers_own_cache_serves_stale_data() {
    let mut w = World::new(config(2, StoreKind::CachedDatabase), 18).unwrap();
    w.browser_do(ALICE, BrowserAction::log_in(User::Alice)).unwrap(); // server 1
    w.browser_do(ALICE, BrowserAction::Reload).unwrap(); // server 2 caches version 1
    w.browser_do(ALICE, BrowserAction::add_to_cart(Item::Tea)).unwrap(); // server 1 writes version 2
    let mark = w.events().len();
    w.browser_do(ALICE, BrowserAction::Request { route: Route::Cart }).unwrap(); // server 2, from its cache
    let stale: Vec<(ServerNumber, u32, u32)> = w.events()[mark..]
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::StaleRead { server, cached_version, current_version, .. } => {
                Some((server, cached_version, current_version))
            }
            _ => None,
        })
        .collect();
    assert_eq!(stale, vec![(S2, 1, 2)]);
    assert_eq!(
        count(&w, mark, |k| matches!(k, EventKind::StoreRead { outcome: ReadOutcome::CacheHit, server: S2, .. })),
        1
    );
    assert!(page_text(&w, ALICE).contains("Your cart is empty"), "server 2 shows the old cart");
    assert_eq!(w.metrics().stale_reads, 1);
    assert!(losses_since(&w, 0).is_empty(), "stale, not lost");
}

#[test]
fn a_database_outage_fails_requests_with_503_and_keeps_the_session() {
    let mut w = World::new(config(2, StoreKind::Database), 19).unwrap();
    w.browser_do(ALICE, BrowserAction::log_in(User::Alice)).unwrap();
    w.run(Action::StoreDown).unwrap();
    let mark = w.events().len();
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    w.browser_do(ALICE, BrowserAction::add_to_cart(Item::Tea)).unwrap();
    assert_eq!(count(&w, mark, |k| matches!(k, EventKind::StoreUnavailable { store: StoreKind::Database, .. })), 2);
    assert_eq!(count(&w, mark, |k| matches!(k, EventKind::PageShown { status: 503, .. })), 2);
    assert!(heading(&w, ALICE).starts_with("503"));
    assert!(page_text(&w, ALICE).contains("Your session is kept"));
    assert!(losses_since(&w, mark).is_empty(), "an outage is not a logout");
    assert!(w.run(Action::StoreDown).is_err(), "already down");

    w.run(Action::StoreUp).unwrap();
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    assert_eq!(heading(&w, ALICE), "Welcome back, alice");
    assert!(alice_record(&w).data.cart.is_empty(), "the failed request changed nothing");
    assert!(losses_since(&w, 0).is_empty());
}
