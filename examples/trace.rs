//! Prints a short scenario's event log (a developer's aid: edit the steps).
use session_lab::sim::*;

fn main() {
    let config = WorldConfig { servers: 2, store: StoreKind::InMemory, ..WorldConfig::default() };
    let mut w = World::new(config, 0).unwrap();
    let a = BrowserId::ALICE;
    w.run(Action::ApplyPreset { preset: Preset::Php }).unwrap();
    w.browser_do(a, BrowserAction::Reload).unwrap();
    w.browser_do(a, BrowserAction::Reload).unwrap();
    w.browser_do(BrowserId::BOB, BrowserAction::log_in(User::Bob)).unwrap();
    w.browser_do(a, BrowserAction::log_in(User::Alice)).unwrap();
    let mark = w.events().len();
    w.run(Action::RemoveServer { server: ServerNumber(1) }).unwrap();
    w.browser_do(a, BrowserAction::Reload).unwrap();
    println!("PAGE {:?}", w.browser(a).unwrap().page);
    for e in &w.events()[mark.saturating_sub(40)..mark.saturating_sub(12)] {
        println!("{:>12} {:?} {}", e.at.to_string(), e.request, e.describe());
    }
}
