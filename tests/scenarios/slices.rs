//! Long work in slices: a load run stepped a little at a time leaves the
//! same world as one applied at once, whatever the slice size; cancelled, it
//! gives back the world as it was; a scenario replayed in slices is the
//! world its actions make.

use session_lab::sim::config::Cleanup;
use session_lab::sim::world::Replay;
use session_lab::sim::*;

use crate::common::world::*;

/// Worlds with timers of every kind: sweeps on a shared database, the
/// cache's own expiry, in-memory stores behind round robin.
fn starts() -> Vec<World> {
    let mut sweeping = config(3, StoreKind::Database);
    sweeping.session.cleanup = Cleanup::Sweep { interval_secs: 120, jitter_percent: 50 };
    sweeping.session.idle_timeout_secs = Some(300);
    let mut cache = config(2, StoreKind::Cache);
    cache.session.cleanup = Cleanup::Ttl;
    let mut worlds = Vec::new();
    for (c, seed) in [(sweeping, 1), (cache, 2), (config(2, StoreKind::InMemory), 3)] {
        let mut w = World::new(c, seed).unwrap();
        w.browser_do(BrowserId::ALICE, BrowserAction::log_in(User::Alice)).unwrap();
        w.browser_do(BrowserId::BOB, BrowserAction::home()).unwrap();
        worlds.push(w);
    }
    worlds
}

#[test]
fn a_load_run_in_slices_of_any_size_is_the_load_run_at_once() {
    for (i, start) in starts().into_iter().enumerate() {
        let mut at_once = start.clone();
        at_once.run(Action::RunLoad { users: 25, minutes: 12 }).unwrap();
        for slice in [1, 7, 250, 10_000, u64::MAX] {
            let mut w = start.clone();
            let mut job = w.begin_load(25, 12).unwrap();
            let mut last = job.progress(&w);
            let mut slices = 0;
            loop {
                let p = job.step(&mut w, slice);
                slices += 1;
                assert!(p.fraction >= last.fraction && p.fraction <= 1.0, "world {i}, slice {slice}: {p:?}");
                assert!(p.requests_simulated >= last.requests_simulated);
                last = p;
                if p.done {
                    break;
                }
                assert!(w.actions().len() == start.actions().len(), "the action is recorded only at the end");
            }
            assert_eq!(last.fraction, 1.0);
            assert_eq!(last.requests_simulated, w.metrics().requests - start.metrics().requests);
            assert!(slice > 1_000 || slices > 1, "world {i}: slices of {slice} took {slices}");
            w.apply(Action::Settle).unwrap();
            assert_same_world(&w, &at_once, &format!("world {i}, slices of {slice}"));
        }
    }
}

#[test]
fn a_cancelled_load_run_leaves_the_world_as_it_was() {
    for (i, start) in starts().into_iter().enumerate() {
        let mut w = start.clone();
        let mut job = w.begin_load(40, 30).unwrap();
        job.step(&mut w, 3_000);
        assert!(w.metrics().requests > start.metrics().requests, "world {i}: the run had begun");
        assert!(w.load_under_way() && !start.load_under_way());
        let refused = w.apply(Action::Settle).unwrap_err();
        assert!(refused.message.contains("load run is under way"), "{refused}");
        let back = job.cancel().expect("not finished");
        assert_same_world(&back, &start, &format!("world {i} after cancel"));
        // And it goes on as if the run had never begun.
        let (mut a, mut b) = (back, start.clone());
        a.browser_do(BrowserId::ALICE, BrowserAction::Reload).unwrap();
        b.browser_do(BrowserId::ALICE, BrowserAction::Reload).unwrap();
        assert_same_world(&a, &b, &format!("world {i} after cancel and a reload"));
    }
}

#[test]
fn a_finished_job_has_nothing_to_cancel_and_a_refused_one_changes_nothing() {
    let mut w = World::new(WorldConfig::default(), 9).unwrap();
    let before = w.clone();
    assert!(w.begin_load(0, 5).unwrap_err().message.contains("1 to 5000 users"));
    assert_same_world(&w, &before, "a refused load run");
    let mut job = w.begin_load(3, 1).unwrap();
    while !job.step(&mut w, u64::MAX).done {}
    assert!(job.step(&mut w, 10).done, "done stays done");
    assert!(job.cancel().is_none());
    w.apply(Action::Settle).unwrap();
}

/// A scenario with long actions and short ones between them.
fn long_scenario() -> Scenario {
    let mut c = config(2, StoreKind::Database);
    c.session.cleanup = Cleanup::Sweep { interval_secs: 60, jitter_percent: 10 };
    let actions = vec![
        Action::Browser { browser: BrowserId::ALICE, act: BrowserAction::log_in(User::Alice) },
        Action::Settle,
        Action::RunLoad { users: 15, minutes: 8 },
        Action::Settle,
        Action::Advance { by: SimTime::hours(3) },
        Action::AddServer,
        Action::RunLoad { users: 5, minutes: 3 },
        Action::Browser { browser: BrowserId::ALICE, act: BrowserAction::Reload },
        Action::Settle,
    ];
    Scenario { version: 1, config: c, seed: 11, actions }
}

#[test]
fn a_scenario_replayed_in_slices_is_the_world_its_actions_make() {
    let s = long_scenario();
    let mut by_hand = World::new(s.config.clone(), s.seed).unwrap();
    for a in &s.actions {
        by_hand.apply(a.clone()).unwrap();
    }
    for slice in [1, 50, 3_000, u64::MAX] {
        let mut replay = s.replay().unwrap();
        let mut last = replay.progress();
        assert_eq!((last.actions_done, last.actions, last.done), (0, s.actions.len(), false));
        loop {
            let p = replay.step(slice).unwrap();
            assert!(p.fraction >= last.fraction && p.actions_done >= last.actions_done, "slices of {slice}: {p:?}");
            last = p;
            if p.done {
                break;
            }
        }
        assert_eq!((last.actions_done, last.fraction), (s.actions.len(), 1.0));
        assert_same_world(&replay.finish().unwrap(), &by_hand, &format!("replayed in slices of {slice}"));
    }
    assert_same_world(&s.build().unwrap(), &by_hand, "built at once");
}

#[test]
fn a_replay_stops_at_its_limit_and_names_the_action() {
    let s = long_scenario();
    let mut replay = Replay::new(s.config.clone(), s.seed, s.actions.clone()).unwrap().limited(500);
    let e = loop {
        match replay.step(100) {
            Ok(p) => assert!(!p.done, "the limit is below the work"),
            Err(e) => break e,
        }
    };
    assert_eq!(e.index, Some(2), "stopped in the first load run");
    assert!(e.to_string().contains("more than 500 steps of simulation"), "{e}");
    assert_eq!(replay.step(100).unwrap_err(), e, "it stays stopped");
    // A refused action stops it too, with the action's words.
    let mut bad = s.clone();
    bad.actions.insert(1, Action::RestartServer { server: ServerNumber(7) });
    let e = Replay::new(bad.config, bad.seed, bad.actions).unwrap().finish().unwrap_err();
    assert_eq!(e.to_string(), "action 2 could not be applied: there is no server 7");
}
