//! Browser tests of the app shell: it mounts, the Lessons / Sandbox switch
//! works when clicked, and the choice is saved in the real localStorage.
#![cfg(target_arch = "wasm32")]

mod web_common;

use session_lab::ui::App;
use wasm_bindgen_test::*;
use web_common::{button, container};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn switching_to_the_sandbox_shows_it_and_remembers_the_choice() {
    web_sys::window().unwrap().local_storage().unwrap().unwrap().clear().unwrap();
    let root = container();
    let _app = leptos::mount::mount_to(root.clone(), App);
    leptos::task::tick().await;

    let h2 = root.query_selector("h2").unwrap().unwrap();
    assert_eq!(h2.text_content().unwrap(), "The course");
    assert_eq!(button(&root, "Lessons").get_attribute("aria-pressed").as_deref(), Some("true"));

    button(&root, "Sandbox").click();
    leptos::task::tick().await;

    let h2 = root.query_selector("h2").unwrap().unwrap();
    assert_eq!(h2.text_content().unwrap(), "Sandbox");
    assert_eq!(button(&root, "Sandbox").get_attribute("aria-pressed").as_deref(), Some("true"));
    assert_eq!(button(&root, "Lessons").get_attribute("aria-pressed").as_deref(), Some("false"));

    let saved =
        web_sys::window().unwrap().local_storage().unwrap().unwrap().get_item(session_lab::persist::MODE_KEY).unwrap();
    assert_eq!(saved.as_deref(), Some("\"Sandbox\""));
    root.remove();
}

#[wasm_bindgen_test]
async fn a_screen_whose_file_does_not_download_says_so_and_tries_again_on_request() {
    use leptos::prelude::*;
    use session_lab::ui::chunks::{when_loaded, ScreenNotLoaded};
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;

    let root = container();
    let attempts = Arc::new(AtomicU32::new(0));
    let counter = attempts.clone();
    let _app = leptos::mount::mount_to(root.clone(), move || {
        let counter = counter.clone();
        when_loaded(move || {
            let failed_before = counter.fetch_add(1, Ordering::SeqCst) > 0;
            async move {
                if failed_before {
                    Ok(view! { <p>"The lesson"</p> }.into_any())
                } else {
                    Err(ScreenNotLoaded)
                }
            }
        })
    });
    leptos::task::tick().await;

    let alert = root.query_selector("[role=alert]").unwrap().expect("a message that the download failed");
    assert!(alert.text_content().unwrap().contains("could not be downloaded"), "{:?}", alert.text_content());
    assert_eq!(attempts.load(Ordering::SeqCst), 1);

    button(&root, "Try again").click();
    settle(|| root.text_content().unwrap() == "The lesson").await;

    assert_eq!(attempts.load(Ordering::SeqCst), 2);
    assert!(root.query_selector("[role=alert]").unwrap().is_none(), "the message is gone");
    assert_eq!(root.text_content().unwrap(), "The lesson");
    root.remove();
}

/// Lets the app's tasks run until `done` holds, for at most 50 turns of the
/// event loop (a screen behind `Suspense` appears a few turns after its data).
pub async fn settle(done: impl Fn() -> bool) {
    for _ in 0..50 {
        if done() {
            return;
        }
        leptos::task::tick().await;
    }
}
