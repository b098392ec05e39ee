//! Expiry, exact to the millisecond: idle and absolute timeouts, and a
//! session kept alive by being touched on every request.

use session_lab::sim::*;

use crate::common::world::*;
use crate::helpers::*;

/// How long a request takes from the browser to the server that reads its session.
fn to_server(w: &World) -> SimTime {
    let c = &w.config().costs;
    SimTime::micros(c.browser_to_balancer_us + c.balancer_to_server_us)
}

/// Moves the clock so that alice's next request is read by the server exactly at `at`, then reloads.
fn reload_read_at(w: &mut World, at: SimTime) {
    let by = at - to_server(w) - w.now();
    w.run(Action::Advance { by }).unwrap();
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
}

/// An independent copy of `w`, rebuilt from its config, seed and actions.
fn fork(w: &World) -> World {
    World::replay(w.initial_config().clone(), w.seed(), w.actions()).unwrap()
}

#[test]
fn idle_timeout_is_exact_to_the_millisecond() {
    let mut c = config(1, StoreKind::Database);
    c.session.idle_timeout_secs = Some(30 * 60);
    c.session.absolute_timeout_secs = None;
    let mut w = World::new(c, 1).unwrap();
    w.browser_do(ALICE, BrowserAction::log_in(User::Alice)).unwrap();
    let first = alice_record(&w);

    // Read 1 ms before the timeout: still alive, and the visit counts as activity.
    let mark = w.events().len();
    reload_read_at(&mut w, first.last_access + SimTime::mins(30) - SimTime::millis(1));
    assert!(losses_since(&w, mark).is_empty());
    assert!(logged_in(&w, ALICE));
    let touched = alice_record(&w);
    assert_eq!(touched.id, first.id);
    assert!(touched.last_access > first.last_access);
    assert_eq!(touched.expires, touched.last_access + SimTime::mins(30));

    // Read exactly at the timeout: gone, and said why.
    let mark = w.events().len();
    reload_read_at(&mut w, touched.last_access + SimTime::mins(30));
    assert_eq!(
        losses_since(&w, mark),
        vec![LossCause::IdleTimeout { idle: SimTime::mins(30), limit: SimTime::mins(30) }]
    );
    assert_eq!(count(&w, mark, |k| matches!(k, EventKind::SessionExpired { why: ExpiryKind::Idle, .. })), 1);
    assert_eq!(heading(&w, ALICE), "Hello, guest");
}

#[test]
fn absolute_timeout_ends_a_busy_session() {
    let mut c = config(1, StoreKind::InMemory);
    c.session.idle_timeout_secs = None;
    c.session.absolute_timeout_secs = Some(3600);
    let mut w = World::new(c, 2).unwrap();
    w.browser_do(ALICE, BrowserAction::log_in(User::Alice)).unwrap();
    let created = alice_record(&w).created;
    let mark = w.events().len();
    for minutes in [15, 30, 45] {
        reload_read_at(&mut w, created + SimTime::mins(minutes));
        assert!(logged_in(&w, ALICE));
    }
    // Two copies of this world from here: one reads 1 ms before the limit, one exactly at it.
    let mut before = fork(&w);
    reload_read_at(&mut before, created + SimTime::hours(1) - SimTime::millis(1));
    assert!(logged_in(&before, ALICE) && losses_since(&before, mark).is_empty());
    assert_eq!(alice_record(&before).expires, created + SimTime::hours(1), "activity never moves an absolute expiry");
    reload_read_at(&mut w, created + SimTime::hours(1));
    assert_eq!(
        losses_since(&w, mark),
        vec![LossCause::AbsoluteTimeout { age: SimTime::hours(1), limit: SimTime::hours(1) }]
    );
    assert_eq!(heading(&w, ALICE), "Hello, guest");
}

#[test]
fn touching_on_every_request_makes_a_session_immortal_without_an_absolute_timeout() {
    let run = |absolute: Option<u64>| {
        let mut c = config(1, StoreKind::Database);
        c.session.idle_timeout_secs = Some(30 * 60);
        c.session.absolute_timeout_secs = absolute;
        c.session.touch_every_request = true;
        let mut w = World::new(c, 3).unwrap();
        w.browser_do(ALICE, BrowserAction::log_in(User::Alice)).unwrap();
        // Back every 29 minutes for two days.
        for _ in 0..(2 * 24 * 60 / 29) {
            w.run(Action::Advance { by: SimTime::mins(29) }).unwrap();
            w.browser_do(ALICE, BrowserAction::Reload).unwrap();
        }
        w
    };
    let immortal = run(None);
    assert!(losses_since(&immortal, 0).is_empty());
    assert!(logged_in(&immortal, ALICE));
    let r = alice_record(&immortal);
    assert!(immortal.now() - r.created > SimTime::days(1), "two days old and still valid");
    let bounded = run(Some(8 * 3600));
    assert!(losses_since(&bounded, 0).iter().any(|c| matches!(c, LossCause::AbsoluteTimeout { .. })));
}
