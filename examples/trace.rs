//! Prints a short scenario's event log (a developer's aid).
use session_lab::sim::*;

fn main() {
    let config = WorldConfig { servers: 2, store: StoreKind::File, ..WorldConfig::default() };
    let mut w = World::new(config, 1).unwrap();
    w.browser_do(BrowserId::ALICE, BrowserAction::log_in(User::Alice)).unwrap();
    w.browser_do(BrowserId::ALICE, BrowserAction::Reload).unwrap();
    w.browser_do(BrowserId::ALICE, BrowserAction::add_to_cart(Item::Tea)).unwrap();
    for e in w.events() {
        println!("{:>12} {:?} {}", e.at.to_string(), e.request, e.describe());
    }
    for x in w.exchanges() {
        println!("{}", x.request_line());
        for h in &x.request_headers {
            println!("  {}: {}", h.name, h.value);
        }
        println!("{}", x.status_line().unwrap_or_default());
        for h in &x.response_headers {
            println!("  {}: {}", h.name, h.value);
        }
    }
}
