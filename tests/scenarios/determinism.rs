//! Determinism: the same config, seed and actions give the same world; undo;
//! scenario files and share links round trip; bad scenarios and settings are refused.

use session_lab::sim::config::{CookieSettings, IdAlphabet, IdGenerator, SameSite};
use session_lab::sim::scenario::SCENARIO_VERSION;
use session_lab::sim::*;

use crate::common::world::*;
use crate::helpers::*;

/// A script touching most of the engine, for determinism checks.
fn busy_script() -> Vec<Action> {
    let b = |browser, act| Action::Browser { browser, act };
    vec![
        b(ALICE, BrowserAction::log_in(User::Alice)),
        Action::Settle,
        b(BOB, BrowserAction::add_to_cart(Item::Lamp)),
        b(ALICE, BrowserAction::TwoTabs { first: Route::AddToCart { item: Item::Tea }, second: Route::Cart }),
        Action::Step,
        Action::Step,
        Action::Settle,
        Action::RestartServer { server: S1 },
        Action::Advance { by: SimTime::mins(20) },
        b(ALICE, BrowserAction::Reload),
        Action::SetBalancing { policy: Balancing::Random },
        b(BOB, BrowserAction::Reload),
        Action::Settle,
        Action::AddServer,
        Action::RunLoad { users: 10, minutes: 5 },
        b(ALICE, BrowserAction::log_out()),
        Action::Settle,
    ]
}

fn busy_world(seed: u64) -> World {
    let mut c = config(2, StoreKind::File);
    c.session.cleanup = Cleanup::Probabilistic { one_in: 3 };
    World::replay(c, seed, &busy_script()).unwrap()
}

fn created_ids(w: &World) -> Vec<String> {
    w.events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::SessionCreated { session, .. } => Some(session.to_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn same_config_seed_and_actions_give_identical_events() {
    let a = busy_world(11);
    let b = busy_world(11);
    assert!(a.events().len() > 50);
    assert_eq!(format!("{:?}", a.events()), format!("{:?}", b.events()));
    assert_eq!(serde_json::to_string(a.events()).unwrap(), serde_json::to_string(b.events()).unwrap());
    assert_eq!(format!("{:?}", a.exchanges()), format!("{:?}", b.exchanges()));
    assert_eq!(a.metrics(), b.metrics());
    assert_eq!(a.now(), b.now());

    let c = busy_world(12);
    let (ids_a, ids_c) = (created_ids(&a), created_ids(&c));
    assert!(!ids_a.is_empty());
    assert!(ids_a.iter().all(|id| !ids_c.contains(id)), "another seed draws other session IDs");
}

#[test]
fn undo_equals_replaying_all_but_the_last_action() {
    let w = busy_world(13);
    let undone = w.undo().unwrap();
    let script = busy_script();
    let replayed = World::replay(w.initial_config().clone(), 13, &script[..script.len() - 1]).unwrap();
    assert_eq!(undone.actions(), &script[..script.len() - 1]);
    assert_eq!(format!("{:?}", undone.events()), format!("{:?}", replayed.events()));
    assert_eq!(undone.metrics(), replayed.metrics());
    assert_ne!(undone.events().len(), w.events().len());
    assert!(World::new(WorldConfig::default(), 1).unwrap().undo().is_none(), "nothing to undo");
    // Undo all the way back gives the empty world.
    let mut u = w;
    while let Some(prev) = u.undo() {
        u = prev;
    }
    assert!(u.actions().is_empty() && u.events().is_empty());
}

#[test]
fn undo_after_a_setting_change_starts_from_the_original_settings() {
    let mut w = World::new(config(1, StoreKind::InMemory), 14).unwrap();
    w.browser_do(ALICE, BrowserAction::log_in(User::Alice)).unwrap();
    w.run(Action::ApplyPreset { preset: Preset::Django }).unwrap();
    w.run(Action::SwitchStore { to: StoreKind::File }).unwrap();
    let mut back = w.undo().unwrap();
    while back.actions().len() > 2 {
        back = back.undo().unwrap();
    }
    assert_eq!(back.config(), &config(1, StoreKind::InMemory));
    assert!(logged_in(&back, ALICE));
}

#[test]
fn a_scenario_round_trips_through_json_and_a_share_link() {
    let w = busy_world(15);
    let s = Scenario::of(&w);
    assert_eq!(s.version, SCENARIO_VERSION);
    let json = s.to_json();
    let back = Scenario::from_json(&json).unwrap();
    assert_eq!(back, s);
    let fragment = s.to_fragment();
    assert!(fragment.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "URL-safe");
    assert_eq!(Scenario::from_fragment(&fragment).unwrap(), s);
    let rebuilt = back.build().unwrap();
    assert_eq!(format!("{:?}", rebuilt.events()), format!("{:?}", w.events()));
}

fn scenario_error(json: &str) -> String {
    Scenario::from_json(json).expect_err("refused").message
}

#[test]
fn bad_scenarios_are_refused_with_clear_messages() {
    let good = Scenario::of(&busy_world(16));
    let value = serde_json::to_value(&good).unwrap();
    let with = |path: &[&str], v: serde_json::Value| {
        let mut j = value.clone();
        let mut at = &mut j;
        for p in &path[..path.len() - 1] {
            at = &mut at[*p];
        }
        at[path[path.len() - 1]] = v;
        j.to_string()
    };

    assert!(scenario_error("{ not json").contains("not JSON"));
    assert!(scenario_error("[1, 2]").contains("no version"));
    let m = scenario_error(&with(&["version"], 99.into()));
    assert!(m.contains("version 99") && m.contains(&format!("version {SCENARIO_VERSION}")), "{m}");
    for servers in [0, 9] {
        let m = scenario_error(&with(&["config", "servers"], servers.into()));
        assert!(m.contains("Servers") && m.contains("between 1 and 8"), "{m}");
    }
    let m = scenario_error(&with(&["config", "session", "cookie", "name"], "".into()));
    assert!(m.contains("Cookie name") && m.contains("empty"), "{m}");
    let m = scenario_error(&with(&["config", "session", "id_generator"], "Quantum".into()));
    assert!(m.contains("does not fit") && m.contains("Quantum"), "{m}");
    let m = scenario_error(&with(&["config", "session", "idle_timeout_secs"], (-5).into()));
    assert!(m.contains("does not fit"), "{m}");
    let m = scenario_error(&with(&["seed"], "seven".into()));
    assert!(m.contains("does not fit"), "{m}");

    assert!(Scenario::from_fragment("%%%not base64%%%").unwrap_err().message.contains("damaged"));
    assert!(Scenario::from_fragment("AAAA").unwrap_err().message.contains("not JSON"));
    assert!(Scenario::from_fragment("").is_err());

    // Damaged JSON of a real scenario, cut anywhere: refused, never a panic.
    let json = good.to_json();
    for cut in (0..json.len()).step_by(97) {
        assert!(Scenario::from_json(&json[..cut]).is_err());
    }
    // An action that cannot be applied is refused when the world is built.
    let mut bad = good.clone();
    bad.actions.insert(1, Action::RestartServer { server: ServerNumber(7) });
    let m = bad.build().unwrap_err().message;
    assert!(m.contains("action 2") && m.contains("server 7"), "{m}");
}

#[test]
fn worlds_with_invalid_settings_are_not_built() {
    for servers in [0, 9] {
        assert_eq!(World::new(config(servers, StoreKind::InMemory), 1).unwrap_err().setting, "Servers");
    }
    let mut c = WorldConfig::default();
    c.session.cookie.name = String::new();
    assert_eq!(World::new(c, 1).unwrap_err().setting, "Cookie name");
}

#[test]
fn refused_settings_leave_the_world_unchanged() {
    let mut w = World::new(config(1, StoreKind::InMemory), 25).unwrap();
    w.browser_do(ALICE, BrowserAction::log_in(User::Alice)).unwrap();
    let (config_before, events_before, actions_before) = (w.config().clone(), w.events().len(), w.actions().len());
    let good = w.config().session.clone();
    let bad: Vec<(&str, SessionConfig)> = vec![
        (
            "Cookie name",
            SessionConfig { cookie: CookieSettings { name: String::new(), ..good.cookie.clone() }, ..good.clone() },
        ),
        ("Idle timeout", SessionConfig { idle_timeout_secs: Some(0), ..good.clone() }),
        (
            "Session ID length",
            SessionConfig {
                id_generator: IdGenerator::Random { alphabet: IdAlphabet::Hex, length: 4 },
                ..good.clone()
            },
        ),
        (
            "SameSite",
            SessionConfig {
                cookie: CookieSettings { same_site: Some(SameSite::None), secure: false, ..good.cookie.clone() },
                ..good.clone()
            },
        ),
        (
            "Cookie name",
            SessionConfig {
                cookie: CookieSettings { name: "__Host-id".into(), secure: false, ..good.cookie.clone() },
                ..good.clone()
            },
        ),
        (
            "Sweep jitter",
            SessionConfig { cleanup: Cleanup::Sweep { interval_secs: 60, jitter_percent: 150 }, ..good.clone() },
        ),
    ];
    for (setting, session) in bad {
        let err = w.apply(Action::SetSession { config: Box::new(session) }).unwrap_err();
        assert!(err.message.starts_with(setting), "{setting}: {err}");
    }
    assert!(w.apply(Action::Advance { by: SimTime::ZERO }).is_err());
    assert!(w.apply(Action::RestartServer { server: ServerNumber(5) }).is_err());
    assert!(w.apply(Action::Browser { browser: BrowserId(99), act: BrowserAction::Reload }).is_err());
    assert!(w
        .apply(Action::Browser { browser: ALICE, act: BrowserAction::Request { route: Route::Checkout { step: 4 } } })
        .is_err());
    assert!(w.apply(Action::StoreDown).is_err(), "in-memory storage has no shared store");
    assert_eq!(w.config(), &config_before);
    assert_eq!((w.events().len(), w.actions().len()), (events_before, actions_before));
    w.browser_do(ALICE, BrowserAction::Reload).unwrap();
    assert!(logged_in(&w, ALICE));
}

#[test]
fn one_rewind_stopping_at_each_hop_in_turn_matches_a_rebuild_to_each() {
    let w = busy_world(7);
    let starts = world::hop_starts(w.events());
    assert!(starts.len() > 20, "the busy script has many hops: {}", starts.len());
    let mut rewind = world::Rewind::new(&w).unwrap();
    // Every third hop, as a learner dragging the timeline forward would.
    for &start in starts.iter().step_by(3) {
        let events = w.events_dropped() + start;
        let once = rewind.until(events).unwrap();
        let rebuilt = w.rewound_to(events).unwrap();
        assert_eq!(once.event_count(), rebuilt.event_count(), "at event {events}");
        assert_eq!(format!("{:?}", once.events()), format!("{:?}", rebuilt.events()), "at event {events}");
        assert_eq!(once.now(), rebuilt.now());
    }
    // To the end: the rebuilt world is the live one.
    let end = rewind.until(w.event_count()).unwrap();
    assert_eq!(format!("{:?}", end.events()), format!("{:?}", w.events()));
}
