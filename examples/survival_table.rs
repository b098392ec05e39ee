//! Prints the README's survival table, made from the engine under every
//! library preset (`tests/readme_table.rs` checks the README holds it).
//!
//!     cargo run --example survival_table

#[path = "../tests/common/reality.rs"]
#[allow(dead_code)]
mod reality;
#[path = "../tests/common/survival_table.rs"]
mod survival_table;

fn main() {
    let scenarios = reality::Scenarios::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tools/reality/scenarios.toml"));
    print!("{}", survival_table::markdown(&scenarios));
}
