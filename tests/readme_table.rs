//! The README's survival table is the engine's: regenerate it with
//! `cargo run --example survival_table` when the engine or a preset changes.
#![cfg(not(target_arch = "wasm32"))]

mod common;

#[test]
fn the_readme_holds_the_survival_table_the_engine_makes() {
    let scenarios =
        common::reality::Scenarios::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tools/reality/scenarios.toml"));
    let table = common::survival_table::markdown(&scenarios);
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(
        readme.contains(&table),
        "README.md's survival table is out of date; paste the output of `cargo run --example survival_table`:\n{table}"
    );
}
