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
