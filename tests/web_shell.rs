//! Browser tests of the app shell: it mounts, the Lessons / Sandbox switch
//! works when clicked, and the choice is saved in the real localStorage.
#![cfg(target_arch = "wasm32")]

use session_lab::ui::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh container in the page for one test.
fn container() -> HtmlElement {
    let div = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

/// The button inside `root` whose text is exactly `name`.
fn button(root: &HtmlElement, name: &str) -> HtmlElement {
    let list = root.query_selector_all("button").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.unchecked_into::<HtmlElement>())
        .find(|b| b.text_content().unwrap_or_default().trim() == name)
        .unwrap_or_else(|| panic!("no button named {name:?}"))
}

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
