//! The engine against the table real servers produced: every event of
//! `tools/reality/scenarios.toml` is played on the engine under its stack's
//! preset, and each cell must equal the recorded real outcome, or be listed
//! there as an intended difference with its reason. `tools/reality/run`
//! checks the recorded table against real servers.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::reality::Scenarios;
use session_lab::sim::reality;

const FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tools/reality/scenarios.toml");

#[test]
fn the_engine_plays_every_event_the_scenario_file_names() {
    let s = Scenarios::read(FILE);
    for e in &s.event {
        assert!(reality::EVENTS.contains(&e.id.as_str()), "the engine cannot play {:?}", e.id);
    }
    assert_eq!(s.event.len(), reality::EVENTS.len(), "an event the engine knows is missing from the file");
}

#[test]
fn every_cell_matches_the_real_libraries_or_is_a_listed_difference() {
    let s = Scenarios::read(FILE);
    let mut wrong = Vec::new();
    let mut cells = 0;
    for cell in s.play_all() {
        cells += 1;
        let real = s.recorded.get(&cell.stack).and_then(|r| r.get(&cell.event)).map(String::as_str).unwrap_or("n/a");
        let engine = cell.played.outcome;
        if real == engine {
            continue;
        }
        let listed = s.difference.iter().any(|d| {
            d.stack == cell.stack
                && d.event == cell.event
                && d.real == real
                && d.engine == engine
                && !d.reason.is_empty()
        });
        if !listed {
            wrong.push(format!(
                "{} / {}: real {real:?}, engine {engine:?} ({})",
                cell.stack, cell.event, cell.played.detail
            ));
        }
    }
    assert!(cells > 100, "only {cells} cells played");
    assert!(wrong.is_empty(), "{} cells differ from the real libraries:\n{}", wrong.len(), wrong.join("\n"));
}

#[test]
fn every_listed_difference_is_still_a_difference() {
    let s = Scenarios::read(FILE);
    let played = s.play_all();
    for d in &s.difference {
        let cell = played.iter().find(|c| c.stack == d.stack && c.event == d.event);
        let cell = cell.unwrap_or_else(|| panic!("difference {} / {}: no such cell", d.stack, d.event));
        assert_eq!(
            cell.played.outcome, d.engine,
            "difference {} / {}: the engine now says otherwise",
            d.stack, d.event
        );
    }
}
