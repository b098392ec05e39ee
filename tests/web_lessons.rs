//! Browser tests of a lesson page in headless Chromium: it opens by its URL,
//! "Show me" plays the reference solution until the step is reached, "Reset
//! lesson" restores the starting world, progress is written to the real
//! localStorage, and a corrupt saved lesson is kept aside with a message.
//! The lesson flow of issue 19 is in tests/web_flow.rs.
#![cfg(target_arch = "wasm32")]

mod web_common;

use session_lab::persist::lessons::{LESSON_KEY_PREFIX, PROGRESS_KEY};
use session_lab::ui::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_common::{button, container, until};
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

async fn open(hash: &str) -> HtmlElement {
    web_sys::window().unwrap().location().set_hash(hash).unwrap();
    let div = container();
    std::mem::forget(leptos::mount::mount_to(div.clone(), App));
    leptos::task::tick().await;
    div
}

fn count(root: &HtmlElement, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

/// Polls until `selector` matches at least `n` elements (at most 15 s).
async fn wait_for(root: &HtmlElement, selector: &str, n: u32) {
    for _ in 0..150 {
        if count(root, selector) >= n {
            return;
        }
        sleep(100).await;
    }
    panic!("{selector} matched {} elements, wanted {n}", count(root, selector));
}

#[wasm_bindgen_test]
async fn show_me_reaches_the_step_and_reset_lesson_starts_again() {
    storage().clear().unwrap();
    let root = open("#/lessons/in-memory").await;
    assert!(root.text_content().unwrap().contains("Sessions in memory"));
    assert_eq!(count(&root, ".step-done"), 0);
    let progress = storage().get_item(PROGRESS_KEY).unwrap().unwrap_or_default();
    assert!(progress.contains("\"in-memory\":\"in-progress\""), "progress saved: {progress}");
    button(&root, "Show me").click();
    wait_for(&root, ".step-done", 1).await;
    // Saved a moment after the change (a burst of clicks costs one save).
    let saved = || storage().get_item(&format!("{LESSON_KEY_PREFIX}in-memory")).unwrap();
    until("the lesson's world and progress are saved", || saved().is_some_and(|s| s.contains("\"reached\":1"))).await;
    button(&root, "Reset lesson").click();
    leptos::task::tick().await;
    // The learner's progress would be lost: the dialog asks first.
    root.query_selector("dialog.confirm .confirm-yes").unwrap().unwrap().unchecked_into::<HtmlElement>().click();
    leptos::task::tick().await;
    sleep(50).await;
    assert_eq!(count(&root, ".step-done"), 0, "Reset lesson goes back to the first step");
    root.remove();
}

#[wasm_bindgen_test]
async fn a_corrupt_saved_lesson_is_kept_aside_and_the_lesson_starts_fresh() {
    storage().clear().unwrap();
    let key = format!("{LESSON_KEY_PREFIX}sticky");
    storage().set_item(&key, "{ this is not json").unwrap();
    let root = open("#/lessons/sticky").await;
    let text = root.text_content().unwrap();
    assert!(text.contains("could not be restored"), "the learner is told: {text}");
    assert_eq!(storage().get_item(&format!("{key}.unreadable")).unwrap().as_deref(), Some("{ this is not json"));
    assert_eq!(count(&root, ".step-current"), 1);
    root.remove();
}

#[wasm_bindgen_test]
async fn an_unknown_lesson_id_shows_the_course_with_a_message() {
    storage().clear().unwrap();
    let root = open("#/lessons/no-such-lesson").await;
    let text = root.text_content().unwrap();
    assert!(text.contains("There is no lesson called \"no-such-lesson\""), "{text}");
    assert!(count(&root, ".lesson-list li") >= 16);
    root.remove();
}
