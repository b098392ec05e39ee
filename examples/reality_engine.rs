//! Prints the engine's side of the reality suite as JSON: every event of the
//! scenario file played under its stack's preset. `tools/reality/run` compares
//! it with the real servers' table.
//!
//!     cargo run --example reality_engine -- tools/reality/scenarios.toml > engine.json

#[path = "../tests/common/reality.rs"]
#[allow(dead_code)]
mod reality_file;

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "tools/reality/scenarios.toml".into());
    let scenarios = reality_file::Scenarios::read(&path);
    let cells: Vec<serde_json::Value> = scenarios
        .play_all()
        .into_iter()
        .map(|c| {
            serde_json::json!({
                "stack": c.stack,
                "event": c.event,
                "outcome": c.played.outcome,
                "detail": c.played.detail,
            })
        })
        .collect();
    println!("{}", serde_json::json!({ "cells": cells }));
}
