//! Browser tests of share links and the running clock in headless Chromium:
//! a link carrying config + seed + actions rebuilds the same world; a
//! malformed one is refused with a message and the saved sandbox stays as it
//! was; Play moves the clock and Pause stops it.
#![cfg(target_arch = "wasm32")]

mod web_common;

use session_lab::persist;
use session_lab::sim::{BrowserAction, BrowserId, Scenario, User, World, WorldConfig};
use session_lab::ui::App;
use wasm_bindgen_test::*;
use web_common::{button, container};
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

fn window() -> web_sys::Window {
    web_sys::window().unwrap()
}

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

async fn open(hash: &str) -> HtmlElement {
    window().location().set_hash(hash).unwrap();
    let div = container();
    std::mem::forget(leptos::mount::mount_to(div.clone(), App));
    leptos::task::tick().await;
    div
}

fn text_of(root: &HtmlElement, selector: &str) -> String {
    root.query_selector(selector).unwrap().map(|e| e.text_content().unwrap_or_default()).unwrap_or_default()
}

fn alice_logged_in(seed: u64) -> World {
    let mut w = World::new(WorldConfig { servers: 2, ..WorldConfig::default() }, seed).unwrap();
    w.browser_do(BrowserId::ALICE, BrowserAction::log_in(User::Alice)).unwrap();
    w
}

#[wasm_bindgen_test]
async fn a_share_link_rebuilds_the_same_world() {
    window().local_storage().unwrap().unwrap().clear().unwrap();
    let w = alice_logged_in(11);
    let root = open(&format!("#/sandbox/s/{}", Scenario::of(&w).to_fragment())).await;
    assert!(text_of(&root, "[aria-label='Browser page']").contains("Welcome back, alice"));
    assert!(root.text_content().unwrap().contains("Opened the shared scenario"));
    assert_eq!(
        window().location().hash().unwrap(),
        "#/sandbox",
        "the link is read once, then the sandbox is the learner's"
    );
    let log = text_of(&root, "[aria-label='Event log']");
    assert!(log.contains("server 1") || log.contains("server 2"), "the shared log is there: {log}");
    root.remove();
}

#[wasm_bindgen_test]
async fn a_malformed_share_link_is_refused_and_the_sandbox_is_untouched() {
    window().local_storage().unwrap().unwrap().clear().unwrap();
    persist::save_sandbox(&Scenario::of(&alice_logged_in(12))).unwrap();
    let root = open("#/sandbox/s/this-is-not-a-scenario").await;
    let alert = text_of(&root, "[role='alert']");
    assert!(alert.contains("The share link could not be opened"), "alert: {alert}");
    assert!(alert.contains("Your sandbox is unchanged"), "alert: {alert}");
    assert!(text_of(&root, "[aria-label='Browser page']").contains("Welcome back, alice"), "the saved world is kept");
    root.remove();
}

#[wasm_bindgen_test]
async fn play_moves_the_clock_and_pause_stops_it() {
    window().local_storage().unwrap().unwrap().clear().unwrap();
    let root = open("#/sandbox").await;
    let clock = || text_of(&root, ".clock");
    let before = clock();
    button(&root, "Play").click();
    sleep(2_300).await;
    let running = clock();
    assert_ne!(running, before, "the clock did not move while playing");
    button(&root, "Pause").click();
    leptos::task::tick().await;
    let paused = clock();
    sleep(1_500).await;
    assert_eq!(clock(), paused, "the clock moved while paused");
    root.remove();
}
