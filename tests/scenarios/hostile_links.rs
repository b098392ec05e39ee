//! Links from strangers: a share link, a file or a saved world states its
//! work before anything is replayed, and one above the limits is refused
//! with its size and the limit. Real scenarios fit: the budget world, one
//! load run of the Load panel's maximum, every lesson (see `tests/lessons.rs`).

use session_lab::sim::config::Cleanup;
use session_lab::sim::workload::{load_requests, Workload, MAX_REQUESTS};
use session_lab::sim::*;

use crate::common::world::*;

/// The Load panel's largest run: 5,000 visitors for 24 hours.
fn max_run() -> Action {
    Action::RunLoad { users: world::MAX_USERS, minutes: world::MAX_MINUTES }
}

fn link(actions: Vec<Action>) -> String {
    Scenario { version: 1, config: WorldConfig::default(), seed: 7, actions }.to_fragment()
}

#[test]
fn a_link_with_ten_load_runs_of_the_maximum_is_refused_with_its_size() {
    let fragment = link(vec![max_run(); 10]);
    assert!(fragment.len() < 3_000, "a short link: {} characters", fragment.len());
    let e = Scenario::from_fragment(&fragment).unwrap_err();
    assert_eq!(
        e.message,
        "this link asks for about 29,200,000 simulated requests; Session Lab replays at most 3,000,000"
    );
}

#[test]
fn one_load_run_of_the_maximum_fits_in_a_link() {
    let s = Scenario::from_fragment(&link(vec![max_run(), Action::Settle])).unwrap();
    assert_eq!(s.workload().requests, 2_920_000);
    // Two do not.
    let two = Scenario::from_fragment(&link(vec![max_run(), max_run()])).unwrap_err();
    assert!(two.message.contains("5,840,000 simulated requests"), "{}", two.message);
}

#[test]
fn the_budget_world_fits_in_a_link() {
    // examples/budget_world.rs: 8 servers, about 1,000 sessions, 10,000 events.
    let mut w = World::new(config(8, StoreKind::Database), 2026).unwrap();
    w.run(Action::RunLoad { users: 1000, minutes: 5 }).unwrap();
    while w.events().len() < 10_000 {
        for b in [BrowserId::ALICE, BrowserId::BOB] {
            w.browser_do(b, BrowserAction::Reload).unwrap();
        }
    }
    let s = Scenario::from_fragment(&Scenario::of(&w).to_fragment()).unwrap();
    let work = s.workload();
    assert!(work.requests >= w.metrics().requests, "{work:?} against {} answered", w.metrics().requests);
    assert!(work.requests < MAX_REQUESTS / 100, "{work:?}");
}

#[test]
fn a_load_run_is_estimated_at_no_fewer_requests_than_it_makes() {
    for (users, minutes, store) in [
        (1, 1, StoreKind::InMemory),
        (100, 1, StoreKind::Database),
        (50, 60, StoreKind::InMemory),
        (1, 1440, StoreKind::File),
    ] {
        let mut w = World::new(config(3, store), 3).unwrap();
        w.run(Action::RunLoad { users, minutes }).unwrap();
        let made = w.metrics().requests;
        let estimate = load_requests(users, minutes);
        assert!(made <= estimate, "{users} users, {minutes} min: {made} made, {estimate} estimated");
        if users >= 50 && minutes >= 60 {
            assert!(
                made * 10 > estimate * 8,
                "{users} users, {minutes} min: {made} made, {estimate} estimated: too far off"
            );
        }
    }
}

#[test]
fn moving_the_clock_a_year_with_a_sweep_every_second_is_refused_live_and_in_a_link() {
    let mut w = World::new(config(8, StoreKind::Database), 1).unwrap();
    let mut session = w.config().session.clone();
    session.cleanup = Cleanup::Sweep { interval_secs: 1, jitter_percent: 0 };
    w.run(Action::SetSession { config: Box::new(session) }).unwrap();
    let before = (w.now(), w.events().len(), w.actions().len());
    let e = w.apply(Action::Advance { by: SimTime::days(365) }).unwrap_err();
    assert_eq!(
        e.message,
        "moving the clock would take about 252,288,008 cleanup sweeps of the session store; Session Lab runs at most 1,000,000 at once"
    );
    assert_eq!((w.now(), w.events().len(), w.actions().len()), before, "the world is unchanged");
    // A day is fine.
    w.run(Action::Advance { by: SimTime::days(1) }).unwrap();
    let mut s = Scenario::of(&w);
    s.actions.push(Action::Advance { by: SimTime::days(365) });
    let e = Scenario::from_fragment(&s.to_fragment()).unwrap_err();
    assert!(e.message.starts_with("this link asks for about 252,"), "{}", e.message);
    assert!(e.message.ends_with("cleanup sweeps of the session store; Session Lab replays at most 1,000,000"));
}

#[test]
fn a_file_and_a_saved_world_name_themselves_when_refused() {
    let s = Scenario { version: 1, config: WorldConfig::default(), seed: 1, actions: vec![max_run(); 3] };
    assert!(Scenario::from_json(&s.to_json())
        .unwrap_err()
        .message
        .starts_with("this scenario asks for about 8,760,000"));
    let saved = format!(r#"{{"schema": 1, "scenario": {}}}"#, s.to_json());
    let e = session_lab::persist::parse_sandbox(&saved).expect_err("refused");
    assert!(e.starts_with("this saved world asks for about 8,760,000"), "{e}");
    assert_eq!(Workload::of(&s.config, &s.actions).actions, 3);
}
