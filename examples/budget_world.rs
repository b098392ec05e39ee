//! Prints the share-link fragment of the world the UI budget is measured on:
//! 8 servers, about 1,000 live sessions and over 10,000 logged events.
//! Used by tools/budget.mjs: `cargo run -q --example budget_world`.
use session_lab::sim::*;

fn main() {
    let config = WorldConfig { servers: 8, store: StoreKind::Database, ..WorldConfig::default() };
    let mut w = World::new(config, 2026).expect("valid config");
    w.run(Action::RunLoad { users: 1000, minutes: 5 }).expect("load run");
    while w.events().len() < 10_000 {
        for b in [BrowserId::ALICE, BrowserId::BOB] {
            w.browser_do(b, BrowserAction::Reload).expect("reload");
        }
    }
    eprintln!("{} events, {} sessions alive, {} actions", w.events().len(), w.sessions_alive(), w.actions().len());
    println!("{}", Scenario::of(&w).to_fragment());
}
