//! Browser tests of the event log in headless Chromium: it follows new
//! events unless the learner scrolled up (and says which), also once a LOST
//! line is there; it is one list and one tab stop that the arrow keys, Home
//! and End move through and Enter opens; a lesson's log leaves its setup out.
#![cfg(target_arch = "wasm32")]

mod web_common;

use session_lab::persist;
use session_lab::sim::{BrowserAction, BrowserId, Scenario, User, World, WorldConfig};
use wasm_bindgen_test::*;
use web_common::{button, find, focused_id, open_app, press_key, sleep, text_in, until};
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Two servers taking turns with their own memory: alice logs in, the next
/// request goes to the other server (a LOST line), then many more pages.
fn busy_world_with_a_loss() -> World {
    let config = WorldConfig { servers: 2, ..WorldConfig::default() };
    let mut w = World::new(config, 19).unwrap();
    w.browser_do(BrowserId::ALICE, BrowserAction::log_in(User::Alice)).unwrap();
    for _ in 0..6 {
        w.browser_do(BrowserId::ALICE, BrowserAction::Reload).unwrap();
    }
    assert!(w.events().iter().any(|e| e.is_loss()), "the world has a LOST line");
    w
}

fn scroller(root: &HtmlElement) -> HtmlElement {
    find(root, ".log-scroll")
}

fn at_end(el: &HtmlElement) -> bool {
    el.scroll_height() - el.scroll_top() - el.client_height() <= 8
}

fn lines(root: &HtmlElement) -> u32 {
    root.query_selector_all(".log li").unwrap().length()
}

/// How many events the log's footer counts ("Showing the latest 61 of 61 events").
fn events(root: &HtmlElement) -> u32 {
    let footer = text_in(root, ".event-log > p.hint:last-child");
    let of = footer.split(" of ").nth(1).unwrap_or_default();
    of.split_whitespace().next().unwrap_or_default().parse().unwrap_or(0)
}

/// Whether the newest line is inside the log's visible box.
fn newest_line_visible(root: &HtmlElement) -> bool {
    let list = root.query_selector_all(".log li").unwrap();
    let Some(last) = list.item(list.length().saturating_sub(1)) else {
        return false;
    };
    let last: web_sys::Element = wasm_bindgen::JsCast::unchecked_into(last);
    let (box_, line) = (scroller(root).get_bounding_client_rect(), last.get_bounding_client_rect());
    line.bottom() <= box_.bottom() + 1.0 && line.top() >= box_.top() - 1.0
}

#[wasm_bindgen_test]
async fn the_log_follows_new_events_after_a_loss_and_pauses_when_scrolled_up() {
    storage().clear().unwrap();
    persist::save_sandbox(&Scenario::of(&busy_world_with_a_loss())).unwrap();
    let root = open_app("#/sandbox").await;
    let log = scroller(&root);
    until("the log is longer than its box", || log.scroll_height() > log.client_height() + 50).await;
    until("the log shows its newest line", || at_end(&log)).await;
    assert!(text_in(&root, ".log-follow").contains("Following new events"));
    assert!(text_in(&root, ".log").contains("LOST"), "a LOST line is drawn");

    // At the end, with a LOST line above: new events come into view.
    let before = events(&root);
    assert!(before > 0);
    button(&root, "Reload page").click();
    until("new events", || events(&root) > before + 3).await;
    until("the settled request", || !text_in(&root, ".clock").contains("in flight")).await;
    sleep(100).await;
    assert!(at_end(&log) && newest_line_visible(&root), "the newest event is in view");
    assert!(text_in(&root, ".log-follow").contains("Following new events"));

    // Scrolled up: the log stays where the learner is reading, and says so.
    log.set_scroll_top(0);
    until("the log says it paused", || text_in(&root, ".log-follow").contains("Paused: you scrolled up")).await;
    let before = events(&root);
    button(&root, "Reload page").click();
    until("new events", || events(&root) > before + 3).await;
    sleep(300).await;
    assert_eq!(log.scroll_top(), 0, "the log did not jump while the learner reads older events");

    // "Jump to latest" goes back to the newest and follows again.
    button(&root, "Jump to latest").click();
    until("following again", || text_in(&root, ".log-follow").contains("Following new events")).await;
    assert!(at_end(&log) && newest_line_visible(&root));
    root.remove();
}

#[wasm_bindgen_test]
async fn the_log_is_one_tab_stop_moved_through_by_arrows_home_and_end() {
    storage().clear().unwrap();
    persist::save_sandbox(&Scenario::of(&busy_world_with_a_loss())).unwrap();
    let root = open_app("#/sandbox").await;
    let region = find(&root, "[aria-label='Event log']");
    until("log lines", || lines(&root) > 10).await;
    let stops = region.query_selector_all("button, a[href], input, select, [tabindex]:not([tabindex='-1'])").unwrap();
    assert_eq!(stops.length(), 1, "the log is one tab stop");
    let list = find(&root, ".log");
    assert_eq!(list.get_attribute("role").as_deref(), Some("listbox"));
    assert_eq!(list.tab_index(), 0);

    list.focus().unwrap();
    leptos::task::tick().await;
    assert_eq!(focused_id(), list.id());
    let active = || list.get_attribute("aria-activedescendant").unwrap_or_default();
    let ids: Vec<String> = {
        let all = root.query_selector_all(".log li").unwrap();
        (0..all.length())
            .map(|i| wasm_bindgen::JsCast::unchecked_into::<web_sys::Element>(all.item(i).unwrap()).id())
            .collect()
    };
    let n = ids.len();
    assert_eq!(active(), ids[n - 1], "focus starts on the newest line");
    press_key(&list, "ArrowUp");
    leptos::task::tick().await;
    assert_eq!(active(), ids[n - 2]);
    press_key(&list, "Home");
    leptos::task::tick().await;
    assert_eq!(active(), ids[0]);
    press_key(&list, "ArrowDown");
    leptos::task::tick().await;
    assert_eq!(active(), ids[1]);
    let selected = find(&root, &format!("#{}", ids[1]));
    assert_eq!(selected.get_attribute("aria-selected").as_deref(), Some("true"));
    press_key(&list, "End");
    leptos::task::tick().await;
    assert_eq!(active(), ids[n - 1]);

    // Enter opens the active line's request in the inspector.
    let with_request =
        (0..n).rev().find(|&i| find(&root, &format!("#{}", ids[i])).text_content().unwrap().contains('#'));
    let i = with_request.expect("a line of a request");
    let text = find(&root, &format!("#{}", ids[i])).text_content().unwrap();
    let request = text.split('#').nth(1).unwrap().split_whitespace().next().unwrap().to_string();
    for _ in i..n - 1 {
        press_key(&list, "ArrowUp");
    }
    press_key(&list, "Enter");
    leptos::task::tick().await;
    let inspector = text_in(&root, ".exchange");
    assert!(inspector.contains(&format!("Request #{request} ")), "the inspector shows request {request}: {inspector}");
    root.remove();
}

#[wasm_bindgen_test]
async fn a_lessons_log_leaves_out_its_setup() {
    storage().clear().unwrap();
    // Lesson 21's setup logs alice in: none of it is the learner's doing.
    let root = open_app("#/lessons/two-tabs").await;
    until("the lesson", || root.text_content().unwrap().contains("Two requests at once")).await;
    assert_eq!(lines(&root), 0, "the setup's events are not in the log: {}", text_in(&root, ".log"));
    assert!(text_in(&root, ".event-log").contains("The lesson's setup is not shown"));
    assert!(text_in(&root, ".event-log").contains("Showing the latest 0 of 0 events"));
    button(&root, "View cart").click();
    until("the learner's own events", || lines(&root) > 0).await;
    assert!(!text_in(&root, ".log").contains("/login"), "no setup line: {}", text_in(&root, ".log"));
    root.remove();
}
