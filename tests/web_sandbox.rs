//! Browser tests of the sandbox in headless Chromium: controls dispatch to
//! the engine and the page and log update; the sandbox is saved to and
//! restored from the real localStorage; a corrupt or unknown-version saved
//! state is kept under a backup key, a fresh world starts, and the learner
//! is told.
#![cfg(target_arch = "wasm32")]

mod web_common;

use session_lab::persist::{self, MODE_KEY, SANDBOX_BACKUP_KEY, SANDBOX_KEY};
use session_lab::sim::{BrowserAction, BrowserId, Scenario, User, World, WorldConfig};
use session_lab::ui::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_common::{button, container, until};
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

fn window() -> web_sys::Window {
    web_sys::window().unwrap()
}

fn storage() -> web_sys::Storage {
    window().local_storage().unwrap().unwrap()
}

/// Waits `ms` real milliseconds (lets animation timers run).
async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

/// Mounts the app in sandbox mode in a fresh container.
async fn mount_sandbox() -> HtmlElement {
    window().location().set_hash("#/sandbox").unwrap();
    let div = container();
    let handle = leptos::mount::mount_to(div.clone(), App);
    std::mem::forget(handle);
    leptos::task::tick().await;
    div
}

fn text_of(root: &HtmlElement, selector: &str) -> String {
    root.query_selector(selector).unwrap().map(|e| e.text_content().unwrap_or_default()).unwrap_or_default()
}

/// Polls until the shop page contains `text` (at most 10 s).
async fn page_says(root: &HtmlElement, text: &str) {
    for _ in 0..100 {
        if text_of(root, "[aria-label='Browser page']").contains(text) {
            return;
        }
        sleep(100).await;
    }
    panic!("the page never said {text:?}; it says {:?}", text_of(root, "[aria-label='Browser page']"));
}

#[wasm_bindgen_test]
async fn a_corrupt_saved_sandbox_is_kept_aside_and_a_fresh_one_starts() {
    storage().clear().unwrap();
    storage().set_item(SANDBOX_KEY, "{not json").unwrap();
    let root = mount_sandbox().await;
    let alert = text_of(&root, "[role='alert']");
    assert!(alert.contains("could not be restored"), "alert: {alert}");
    assert!(alert.contains(SANDBOX_BACKUP_KEY), "alert: {alert}");
    assert_eq!(storage().get_item(SANDBOX_BACKUP_KEY).unwrap().as_deref(), Some("{not json"));
    assert_ne!(storage().get_item(SANDBOX_KEY).unwrap().as_deref(), Some("{not json"));
    assert!(text_of(&root, "h2").contains("Sandbox"));
    root.remove();
}

#[wasm_bindgen_test]
async fn a_sandbox_from_another_version_is_refused_with_a_message() {
    storage().clear().unwrap();
    storage().set_item(SANDBOX_KEY, r#"{"schema": 99, "scenario": {}}"#).unwrap();
    let root = mount_sandbox().await;
    let alert = text_of(&root, "[role='alert']");
    assert!(alert.contains("another version"), "alert: {alert}");
    root.remove();
}

#[wasm_bindgen_test]
async fn a_saved_sandbox_is_restored() {
    storage().clear().unwrap();
    let mut w = World::new(WorldConfig::default(), 5).unwrap();
    w.browser_do(BrowserId::ALICE, BrowserAction::log_in(User::Alice)).unwrap();
    persist::save_sandbox(&Scenario::of(&w)).unwrap();
    let root = mount_sandbox().await;
    page_says(&root, "Welcome back, alice").await;
    root.remove();
}

#[wasm_bindgen_test]
async fn log_in_and_restart_dispatch_to_the_engine_and_the_log_explains() {
    storage().clear().unwrap();
    storage().set_item(MODE_KEY, "\"Sandbox\"").unwrap();
    let root = mount_sandbox().await;
    button(&root, "Log in").click();
    page_says(&root, "Welcome back, alice").await;
    // Saved a moment after the change (a burst of clicks costs one save).
    let saved = || storage().get_item(SANDBOX_KEY).unwrap().unwrap_or_default();
    until("the login is saved", || saved().contains("LogIn")).await;
    // The fresh sandbox is sticky: the first request goes to server 1.
    button(&root, "Restart server 1").click();
    leptos::task::tick().await;
    button(&root, "Reload page").click();
    page_says(&root, "Hello, guest").await;
    let log = text_of(&root, "[aria-label='Event log']");
    assert!(log.contains("server 1 restarted"), "log: {log}");
    let live = text_of(&root, "[role='status']");
    assert!(live.contains("lost its session"), "live region: {live}");
    root.remove();
}

#[wasm_bindgen_test]
async fn every_control_lessons_can_name_is_on_the_sandbox_screen() {
    storage().clear().unwrap();
    let root = mount_sandbox().await;
    let texts = |selector: &str| -> Vec<String> {
        let list = root.query_selector_all(selector).unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .map(|n| n.text_content().unwrap_or_default().trim().to_string())
            .collect()
    };
    let buttons = texts("button");
    let labels = texts("label");
    let (wanted_buttons, wanted_labels) = session_lab::lessons::controls::sandbox_controls();
    for name in wanted_buttons {
        assert!(buttons.iter().any(|b| b == name), "no button named {name:?} in the sandbox");
    }
    for label in wanted_labels {
        assert!(labels.iter().any(|l| l.starts_with(label)), "no control labelled {label:?} in the sandbox");
    }
    root.remove();
}

#[wasm_bindgen_test]
async fn the_cookie_jar_shows_each_cookie_as_name_value_with_its_attributes() {
    storage().clear().unwrap();
    let mut w = World::new(WorldConfig::default(), 5).unwrap();
    w.browser_do(BrowserId::ALICE, BrowserAction::log_in(User::Alice)).unwrap();
    let sid = w
        .browser(BrowserId::ALICE)
        .unwrap()
        .jar
        .cookies()
        .iter()
        .find(|c| &*c.name == "sid")
        .unwrap()
        .value
        .to_string();
    persist::save_sandbox(&Scenario::of(&w)).unwrap();
    let root = mount_sandbox().await;
    page_says(&root, "Welcome back, alice").await;
    let pairs: Vec<String> = {
        let list = root.query_selector_all(".jar .cookie-pair").unwrap();
        (0..list.length()).filter_map(|i| list.item(i)).map(|n| n.text_content().unwrap_or_default()).collect()
    };
    assert!(pairs.contains(&format!("sid={sid}")), "the jar's cookies: {pairs:?}");
    let jar = text_of(&root, ".jar");
    assert!(jar.contains("Path=/; Secure; HttpOnly; SameSite=Lax"), "jar: {jar}");
    assert!(jar.contains("cannot read it (HttpOnly)"), "jar: {jar}");
    assert!(jar.contains("when the browser closes"), "jar: {jar}");
    root.remove();
}

/// The saved sandbox's world.
fn saved_world() -> World {
    match persist::load_sandbox() {
        persist::Restored::World(w) => *w,
        _ => panic!("no saved sandbox"),
    }
}

#[wasm_bindgen_test]
async fn a_starting_setup_is_one_click_and_asks_before_discarding_work() {
    use session_lab::sim::{Balancing, StoreKind};
    storage().clear().unwrap();
    let root = mount_sandbox().await;
    let setups = root.query_selector(".sandbox-setups").unwrap().expect("the starting setups").unchecked_into();
    for name in session_lab::ui::sandbox_setups::SETUPS.iter().map(|s| s.name) {
        button(&setups, name);
    }
    // A fresh sandbox holds nothing of the learner's: one click, no question.
    button(&setups, "Two servers, round robin").click();
    leptos::task::tick().await;
    let asking = || root.query_selector("dialog.confirm[open]").unwrap().is_some();
    assert!(!asking());
    let c = saved_world().config().clone();
    assert_eq!((c.servers, c.balancing, c.store), (2, Balancing::RoundRobin, StoreKind::InMemory));
    assert!(text_of(&root, "[role='status']").contains("A fresh world: Two servers, round robin"));

    button(&root, "Log in").click();
    page_says(&root, "Welcome back, alice").await;
    button(&setups, "Shared database").click();
    leptos::task::tick().await;
    assert!(asking(), "the learner's login would be lost: the dialog asks");
    let dialog: HtmlElement = root.query_selector("dialog.confirm").unwrap().unwrap().unchecked_into();
    assert!(dialog.text_content().unwrap().contains("Start a fresh sandbox?"));
    button(&dialog, "Cancel").click();
    leptos::task::tick().await;
    assert!(!asking());
    assert_eq!(saved_world().config().store, StoreKind::InMemory, "Cancel keeps the world");
    page_says(&root, "Welcome back, alice").await;

    button(&setups, "Shared database").click();
    leptos::task::tick().await;
    button(&dialog, "Start fresh").click();
    leptos::task::tick().await;
    let w = saved_world();
    assert_eq!((w.config().servers, w.config().store), (2, StoreKind::Database));
    assert!(w.actions().is_empty(), "a fresh world");
    root.remove();
}

/// Chooses a file holding `text` in the import field, as the file picker does.
fn choose_file(root: &HtmlElement, text: &str) {
    let input = root.query_selector("input[type='file']").unwrap().expect("the import field");
    let set = js_sys::Function::new_with_args(
        "input, text",
        "const dt = new DataTransfer(); dt.items.add(new File([text], 'scenario.json', { type: 'application/json' })); \
         input.files = dt.files; input.dispatchEvent(new Event('change', { bubbles: true }));",
    );
    set.call2(&wasm_bindgen::JsValue::NULL, &input, &text.into()).unwrap();
}

#[wasm_bindgen_test]
async fn importing_over_the_learners_work_asks_first() {
    storage().clear().unwrap();
    let root = mount_sandbox().await;
    button(&root, "Log in").click();
    page_says(&root, "Welcome back, alice").await;
    let other = Scenario::of(&World::new(WorldConfig::default(), 3).unwrap()).to_json();
    let asking = || root.query_selector("dialog.confirm[open]").unwrap().is_some();
    choose_file(&root, &other);
    for _ in 0..50 {
        if asking() {
            break;
        }
        sleep(50).await;
    }
    assert!(asking(), "replacing a world with actions asks first");
    let dialog: HtmlElement = root.query_selector("dialog.confirm").unwrap().unwrap().unchecked_into();
    assert!(dialog.text_content().unwrap().contains("Replace this world?"));
    button(&dialog, "Cancel").click();
    leptos::task::tick().await;
    assert_eq!(saved_world().config().servers, 3, "Cancel keeps the learner's world");
    choose_file(&root, &other);
    for _ in 0..50 {
        if asking() {
            break;
        }
        sleep(50).await;
    }
    button(&dialog, "Import").click();
    leptos::task::tick().await;
    let w = saved_world();
    assert_eq!((w.config().servers, w.actions().len()), (1, 0), "the imported world");
    root.remove();
}

#[wasm_bindgen_test]
async fn the_store_inspector_is_not_a_tab_stop_per_session_and_shows_full_ids_on_request() {
    storage().clear().unwrap();
    let mut w = World::new(WorldConfig::default(), 5).unwrap();
    w.browser_do(BrowserId::ALICE, BrowserAction::log_in(User::Alice)).unwrap();
    w.browser_do(BrowserId::BOB, BrowserAction::log_in(User::Bob)).unwrap();
    let sid = |b| w.browser(b).unwrap().jar.cookies().iter().find(|c| &*c.name == "sid").unwrap().value.to_string();
    let (alice, bob) = (sid(BrowserId::ALICE), sid(BrowserId::BOB));
    persist::save_sandbox(&Scenario::of(&w)).unwrap();
    let root = mount_sandbox().await;
    page_says(&root, "Welcome back, alice").await;
    let inspector: HtmlElement = root.query_selector(".store-inspector").unwrap().unwrap().unchecked_into();
    let stops = inspector.query_selector_all("button, input, [tabindex]:not([tabindex='-1'])").unwrap();
    assert_eq!(stops.length(), 1, "one tab stop (the switch), not one per session");
    let ids = || text_of(&inspector, "tbody");
    assert!(!ids().contains(&alice) && !ids().contains(&bob), "short IDs by default");
    let switch: HtmlElement = inspector.query_selector("input[type='checkbox']").unwrap().unwrap().unchecked_into();
    switch.click();
    leptos::task::tick().await;
    assert!(ids().contains(&alice) && ids().contains(&bob), "full IDs: {}", ids());
    root.remove();
}
