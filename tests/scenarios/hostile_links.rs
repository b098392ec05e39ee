//! Links from strangers: a share link, a file or a saved world states its
//! work before anything is replayed, and one above the limits is refused
//! with its size and the limit. Real scenarios fit: the budget world, one
//! load run of the Load panel's maximum, every lesson (see `tests/lessons.rs`).

use session_lab::sim::config::{self, Cleanup};
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
fn a_world_says_when_its_link_would_be_refused() {
    let mut w = World::new(WorldConfig::default(), 3).unwrap();
    w.run(Action::RunLoad { users: 5, minutes: 1 }).unwrap();
    assert_eq!(w.workload().requests, 45);
    assert_eq!(w.workload().check("this world's link"), Ok(()));
    let mut s = Scenario::of(&w);
    s.actions.extend(vec![max_run(); 2]);
    assert_eq!(Workload::of(&s.config, &s.actions).requests, 45 + 2 * 2_920_000);
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

/// 8 servers on the shared database, each sweeping its sessions every second:
/// a day of clock is 691,208 sweeps.
fn sweeping_every_second() -> World {
    let mut w = World::new(config(8, StoreKind::Database), 1).unwrap();
    let mut session = w.config().session.clone();
    session.cleanup = Cleanup::Sweep { interval_secs: 1, jitter_percent: 0 };
    w.run(Action::SetSession { config: Box::new(session) }).unwrap();
    w
}

#[test]
fn moving_the_clock_a_year_with_a_sweep_every_second_is_refused_live_and_in_a_link() {
    let mut w = sweeping_every_second();
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
fn a_live_world_never_grows_past_what_a_link_or_a_saved_sandbox_may_hold() {
    // A day of clock fits; two are over 1,000,000 sweeps.
    let mut w = sweeping_every_second();
    w.run(Action::Advance { by: SimTime::days(1) }).unwrap();
    let before = (w.now(), w.events().len(), w.actions().len());
    let e = w.apply(Action::Advance { by: SimTime::days(1) }).unwrap_err();
    assert_eq!(
        e.message,
        "this would make the world too big to save or share: about 1,382,432 cleanup sweeps of the session store in all, and a world holds at most 1,000,000. Undo something, or start a fresh sandbox"
    );
    assert_eq!((w.now(), w.events().len(), w.actions().len()), before, "the world is unchanged");
    // A load run in slices is refused before it begins, the same way.
    let e = w.begin_load(1, 1_000).unwrap_err();
    assert!(
        e.message.starts_with("this would make the world too big to save or share: about 1,171,232"),
        "{}",
        e.message
    );
    assert!(!w.load_under_way());
    // What still fits is taken, and the world's link opens.
    w.run(Action::Advance { by: SimTime::hours(1) }).unwrap();
    let reopened = Scenario::from_fragment(&Scenario::of(&w).to_fragment()).unwrap().build().unwrap();
    assert_eq!(reopened.now(), w.now());
    assert_eq!(w.workload(), Workload::of(w.initial_config(), w.actions()), "the running count is the count");
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

/// The message a link carrying `actions` is refused with (decoding or replay).
fn refusal(actions: Vec<Action>) -> String {
    match Scenario::from_fragment(&link(actions)) {
        Err(e) => e.message,
        Ok(s) => s.build().expect_err("refused on replay").message,
    }
}

#[test]
fn every_value_an_action_carries_is_range_checked_with_the_controls_words() {
    let alice = |act| Action::Browser { browser: BrowserId::ALICE, act };
    let mut slow = SessionConfig::default();
    slow.library.store_outage = config::OutageReply::ErrorAfterTimeout { wait_ms: 4_000_000_000 };
    let cases = [
        (Action::RunLoad { users: 5001, minutes: 10 }, "a load run has 1 to 5000 users, not 5001"),
        (Action::RunLoad { users: u32::MAX, minutes: 10 }, "a load run has 1 to 5000 users, not 4294967295"),
        (Action::RunLoad { users: 10, minutes: 0 }, "a load run lasts 1 to 1440 minutes, not 0"),
        (Action::Advance { by: SimTime::NEVER }, "the clock moves forward by more than 0 and at most 365 days"),
        (Action::Advance { by: SimTime::ZERO }, "the clock moves forward by more than 0 and at most 365 days"),
        (Action::Attack { attack: Attack::Guess { tries: 10_001 } }, "mallory tries between 1 and 10000 IDs"),
        (alice(BrowserAction::Request { route: Route::Checkout { step: 200 } }), "checkout has steps 1 to 3, not 200"),
        (
            alice(BrowserAction::Request { route: Route::SaveDraft { chars: u32::MAX } }),
            "a draft has at most 100,000 characters",
        ),
        (Action::RestartServer { server: ServerNumber(9) }, "there is no server 9"),
        (
            Action::Browser { browser: BrowserId(u32::MAX), act: BrowserAction::Reload },
            "there is no browser 4294967295",
        ),
        (Action::Attack { attack: Attack::Xss { victim: BrowserId::MALLORY } }, "mallory does not attack herself"),
        (Action::Attack { attack: Attack::Sniff { victim: BrowserId(77) } }, "the victim is alice's or bob's browser"),
        (
            Action::SetSession { config: Box::new(slow) },
            "When the store is down: a client timeout between 1 ms and 60 s",
        ),
    ];
    for (action, words) in cases {
        let message = refusal(vec![Action::Settle, action.clone()]);
        assert!(message.starts_with("action 2 could not be applied: "), "{action:?}: {message}");
        assert!(message.contains(words), "{action:?}: {message}");
        // Live, the same words.
        let mut w = World::new(WorldConfig::default(), 7).unwrap();
        assert!(w.apply(action.clone()).unwrap_err().message.contains(words), "{action:?} live");
    }
}

#[test]
fn settings_a_link_carries_are_checked_as_the_controls_check_them() {
    let mut s =
        Scenario { version: 1, config: WorldConfig { servers: 9, ..WorldConfig::default() }, seed: 1, actions: vec![] };
    let e = Scenario::from_fragment(&s.to_fragment()).unwrap_err();
    assert_eq!(e.message, "this scenario's settings are refused: Servers: between 1 and 8, not 9");
    s.config.servers = 1;
    s.config.session.cleanup = Cleanup::Sweep { interval_secs: 0, jitter_percent: 0 };
    assert!(Scenario::from_fragment(&s.to_fragment())
        .unwrap_err()
        .message
        .contains("Sweep interval: between 1 second and 7 days"));
}
