//! The load balancer: sticky failover, no server up, and a session that is
//! not on the server a request lands on.

use session_lab::sim::balancer::RouteReason;
use session_lab::sim::*;

use crate::common::world::*;
use crate::helpers::*;

#[test]
fn sticky_failover_moves_the_browser_and_resets_the_affinity_cookie() {
    let mut w = World::new(WorldConfig { balancing: Balancing::Sticky, ..config(2, StoreKind::Database) }, 6).unwrap();
    w.browser_do(ALICE, BrowserAction::log_in(User::Alice)).unwrap();
    assert_eq!(cookie_value(&w, ALICE, "lb").as_deref(), Some("1"));
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    let mark = w.events().len();
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    assert_eq!(count(&w, mark, |k| matches!(k, EventKind::Routed { server: S1, why: RouteReason::Sticky })), 1);

    w.run(Action::CrashServer { server: S1 }).unwrap();
    let mark = w.events().len();
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    assert_eq!(
        count(&w, mark, |k| matches!(
            k,
            EventKind::Routed { server: S2, why: RouteReason::StickyTargetDown { wanted: S1 } }
        )),
        1
    );
    let lb: Vec<_> = last_set_cookies(&w, ALICE).into_iter().filter(|c| c.name() == "lb").collect();
    assert_eq!(lb.len(), 1);
    assert_eq!(lb[0].value(), "2");
    assert_eq!(cookie_value(&w, ALICE, "lb").as_deref(), Some("2"));
    assert!(logged_in(&w, ALICE), "the shared database kept the session");

    // Server 1 comes back; alice stays with server 2.
    w.run(Action::StartServer { server: S1 }).unwrap();
    let mark = w.events().len();
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    assert_eq!(count(&w, mark, |k| matches!(k, EventKind::Routed { server: S2, why: RouteReason::Sticky })), 1);
}

#[test]
fn every_server_down_gives_503_from_the_balancer() {
    let mut w = World::new(config(1, StoreKind::Database), 6).unwrap();
    w.browser_do(ALICE, BrowserAction::log_in(User::Alice)).unwrap();
    w.run(Action::CrashServer { server: S1 }).unwrap();
    let mark = w.events().len();
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    assert_eq!(count(&w, mark, |k| matches!(k, EventKind::NoServerUp)), 1);
    assert!(heading(&w, ALICE).starts_with("503"));
    assert!(losses_since(&w, mark).is_empty());
}

#[test]
fn a_loss_is_reported_again_after_the_session_was_found_again() {
    // Sessions only once something is stored, so a guest gets no new cookie to replace the old one.
    let mut c = config(2, StoreKind::InMemory);
    Preset::TowerSessions.apply(&mut c);
    let mut w = World::new(c, 26).unwrap();
    w.browser_do(ALICE, BrowserAction::log_in(User::Alice)).unwrap(); // server 1
    let not_here = LossCause::NotOnThisServer { server: S2, holder: Some(S1), store: StoreKind::InMemory };
    for _ in 0..2 {
        let mark = w.events().len();
        w.browser_do(ALICE, BrowserAction::Reload).unwrap(); // server 2: not there
        assert_eq!(losses_since(&w, mark), vec![not_here]);
        assert_eq!(heading(&w, ALICE), "Hello, guest");
        w.browser_do(ALICE, BrowserAction::Reload).unwrap(); // server 1: found again
        assert!(logged_in(&w, ALICE));
    }
}

#[test]
fn a_replaced_server_is_blamed_even_when_another_holds_an_adopted_copy() {
    let mut c = config(2, StoreKind::File);
    Preset::Php.apply(&mut c);
    let mut w = World::new(c, 27).unwrap();
    w.browser_do(ALICE, BrowserAction::home()).unwrap(); // server 1 issues the ID
    w.browser_do(ALICE, BrowserAction::home()).unwrap(); // server 2 adopts it: a second, separate file
    w.browser_do(ALICE, BrowserAction::log_in(User::Alice)).unwrap(); // server 1
    w.run(Action::ReplaceServer { server: S1 }).unwrap();
    let mark = w.events().len();
    // Server 2 answers from its own older guest copy: alice's logged-in copy
    // went with the replaced server 1, and that is what the learner is told.
    w.browser_do(ALICE, BrowserAction::home()).unwrap();
    assert_eq!(page_text(&w, ALICE).lines().next(), Some("Hello, guest"));
    assert_eq!(losses_since(&w, mark), vec![LossCause::ServerReplaced { server: S1 }]);
}
