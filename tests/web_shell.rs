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
    // No place in the address (another test may have left one): the saved mode decides.
    web_sys::window().unwrap().location().set_hash("").unwrap();
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

#[wasm_bindgen_test]
async fn the_skip_link_moves_the_focus_to_main_and_keeps_the_route() {
    web_sys::window().unwrap().local_storage().unwrap().unwrap().clear().unwrap();
    let root = web_common::open_app("#/lessons/sticky").await;
    web_common::find(&root, ".skip-link").click();
    leptos::task::tick().await;
    assert_eq!(web_common::focused_id(), "main", "the focus is on the main area");
    assert_eq!(web_sys::window().unwrap().location().hash().unwrap(), "#/lessons/sticky", "the route is kept");
    root.remove();
}

/// Replaces the page's clipboard with one that keeps what is written in
/// `window.copied`, or refuses every write.
fn fake_clipboard(works: bool) {
    let write = if works {
        "t => { window.copied = t; return Promise.resolve(); }"
    } else {
        "t => Promise.reject(new Error('denied'))"
    };
    js_sys::eval(&format!(
        "window.copied = null; Object.defineProperty(navigator, 'clipboard', {{ value: {{ writeText: {write} }}, configurable: true }});"
    ))
    .unwrap();
}

fn copied() -> Option<String> {
    js_sys::Reflect::get(&web_sys::window().unwrap(), &"copied".into()).unwrap().as_string()
}

#[wasm_bindgen_test]
async fn share_in_the_header_copies_the_sandbox_world_as_a_link_and_says_so() {
    use session_lab::sim::Scenario;
    web_sys::window().unwrap().local_storage().unwrap().unwrap().clear().unwrap();
    fake_clipboard(true);
    let root = web_common::open_app("#/sandbox").await;
    button(&root, "Log in").click();
    web_common::until("alice logged in", || {
        web_common::text_in(&root, "[aria-label='Browser page']").contains("Welcome back, alice")
    })
    .await;
    web_common::until("the request settled", || !web_common::text_in(&root, ".clock").contains("in flight")).await;
    let share = web_common::find(&root, "header button.share-button");
    assert_eq!(share.text_content().unwrap(), "Share");
    share.click();
    web_common::until("the confirmation", || web_common::text_in(&root, ".share-status").contains("Link copied")).await;
    assert_eq!(web_common::find(&root, ".share-status").get_attribute("aria-live").as_deref(), Some("polite"));
    let link = copied().expect("the link was written to the clipboard");
    let fragment = link.split("#/sandbox/s/").nth(1).expect("a sandbox share link");
    let world = Scenario::from_fragment(fragment).unwrap().build().unwrap();
    let page = world.browser(session_lab::sim::BrowserId::ALICE).unwrap().page.as_ref().unwrap().text();
    assert!(page.contains("Welcome back, alice"), "the link rebuilds this world: {page}");
    root.remove();
}

#[wasm_bindgen_test]
async fn when_the_clipboard_refuses_share_shows_the_link_selected_in_a_field() {
    web_sys::window().unwrap().local_storage().unwrap().unwrap().clear().unwrap();
    fake_clipboard(false);
    let root = web_common::open_app("#/lessons/sticky").await;
    web_common::find(&root, "header button.share-button").click();
    web_common::until("the field", || root.query_selector(".share-tools input").unwrap().is_some()).await;
    let field: web_sys::HtmlInputElement =
        wasm_bindgen::JsCast::unchecked_into(web_common::find(&root, ".share-tools input"));
    web_common::until("the field focused", || web_common::document().active_element().is_some_and(|e| e == **field))
        .await;
    assert!(field.read_only());
    assert!(field.value().ends_with("#/lessons/sticky"), "a lesson's link is its address: {}", field.value());
    assert_eq!(field.selection_start().unwrap(), Some(0));
    assert_eq!(field.selection_end().unwrap(), Some(field.value().len() as u32));
    assert!(web_common::text_in(&root, ".share-status").contains("Copy the link from the field"));
    root.remove();
}
