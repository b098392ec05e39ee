//! Small builders and readers of a world shared by the native test files:
//! a config, the page a browser shows, its cookies, the Set-Cookie lines of
//! its last answer, the events since a mark.

use session_lab::sim::*;

/// A config of `servers` servers on `store`, the rest default.
pub fn config(servers: u8, store: StoreKind) -> WorldConfig {
    WorldConfig { servers, store, ..WorldConfig::default() }
}

/// The heading of the page `b` shows.
pub fn heading(w: &World, b: BrowserId) -> String {
    w.browser(b).and_then(|b| b.page.as_ref()).map(|p| p.heading.to_string()).unwrap_or_default()
}

/// The whole text of the page `b` shows.
pub fn page_text(w: &World, b: BrowserId) -> String {
    w.browser(b).and_then(|b| b.page.as_ref()).map(|p| p.text()).unwrap_or_default()
}

/// Whether `b` shows the logged-in home page.
pub fn logged_in(w: &World, b: BrowserId) -> bool {
    heading(w, b).starts_with("Welcome back")
}

/// The value of cookie `name` in `b`'s jar.
pub fn cookie_value(w: &World, b: BrowserId, name: &str) -> Option<String> {
    w.browser(b)?.jar.get(name).map(|c| c.value.to_string())
}

/// The Set-Cookie lines of the last answered request of `b`.
pub fn last_set_cookie_lines(w: &World, b: BrowserId) -> Vec<String> {
    let ex = w.exchanges().iter().rev().find(|e| e.browser == b && e.status.is_some()).expect("an answered request");
    ex.response_headers.iter().filter(|h| h.name == "Set-Cookie").map(|h| h.value.to_string()).collect()
}

/// How many events from `from` on match `pred`.
pub fn count(w: &World, from: usize, pred: impl Fn(&EventKind) -> bool) -> usize {
    w.events()[from..].iter().filter(|e| pred(&e.kind)).count()
}

/// Causes of every session-lost event from event `from` on.
pub fn losses_since(w: &World, from: usize) -> Vec<LossCause> {
    w.events()[from..]
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::SessionLost { cause, .. } => Some(cause),
            _ => None,
        })
        .collect()
}

/// A world of `servers` servers under `preset`, with `balancing`.
pub fn preset_world(preset: Preset, servers: u8, balancing: Balancing) -> World {
    let mut c = WorldConfig { servers, balancing, ..WorldConfig::default() };
    preset.apply(&mut c);
    World::new(c, 42).unwrap()
}

/// Asserts that two worlds are the same in every part (settings, actions,
/// events, stores, browsers, ledger, metrics, clock, what is due): their
/// whole debug text is compared, and the first difference shown.
pub fn assert_same_world(a: &World, b: &World, what: &str) {
    assert_eq!(a.actions(), b.actions(), "{what}: actions");
    assert_eq!(a.events(), b.events(), "{what}: events");
    assert_eq!(a.metrics(), b.metrics(), "{what}: metrics");
    assert_eq!(a.ledger(), b.ledger(), "{what}: ledger");
    let (ta, tb) = (format!("{a:?}"), format!("{b:?}"));
    if ta != tb {
        let at = ta.bytes().zip(tb.bytes()).position(|(x, y)| x != y).unwrap_or(ta.len().min(tb.len()));
        let from = at.saturating_sub(200);
        panic!(
            "{what}: the worlds differ at byte {at}:\n{}\n---\n{}",
            &ta[from..(at + 200).min(ta.len())],
            &tb[from..(at + 200).min(tb.len())]
        );
    }
}
