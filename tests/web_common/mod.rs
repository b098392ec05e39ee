//! Helpers shared by the browser tests (tests/web_*.rs): a container to
//! mount into, and finding a button by its accessible text.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// The page's document.
pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh container in the page for one test.
pub fn container() -> HtmlElement {
    let div = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

/// The button inside `root` whose text is exactly `name`.
pub fn button(root: &HtmlElement, name: &str) -> HtmlElement {
    let list = root.query_selector_all("button").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.unchecked_into::<HtmlElement>())
        .find(|b| b.text_content().unwrap_or_default().trim() == name)
        .unwrap_or_else(|| panic!("no button named {name:?}"))
}

/// Waits `ms` real milliseconds (lets the app's timers run).
#[allow(dead_code)]
pub async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

/// Mounts the whole app at the fragment `hash` in a fresh container, after
/// taking away the app an earlier test left (a failed test does not clean up).
#[allow(dead_code)]
pub async fn open_app(hash: &str) -> HtmlElement {
    let left = document().query_selector_all("[data-test-app]").unwrap();
    for i in 0..left.length() {
        left.item(i).unwrap().unchecked_into::<web_sys::Element>().remove();
    }
    use_app_styles();
    web_sys::window().unwrap().location().set_hash(hash).unwrap();
    let div = container();
    div.set_attribute("data-test-app", "").unwrap();
    std::mem::forget(leptos::mount::mount_to(div.clone(), session_lab::ui::App));
    leptos::task::tick().await;
    div
}

/// Polls until `done` holds (at most 15 s), else panics with `what`.
#[allow(dead_code)]
pub async fn until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..150 {
        if done() {
            return;
        }
        sleep(100).await;
    }
    panic!("waited 15 s for: {what}");
}

/// The text of the first element inside `root` matching `selector` ("" if none).
#[allow(dead_code)]
pub fn text_in(root: &HtmlElement, selector: &str) -> String {
    root.query_selector(selector).unwrap().map(|e| e.text_content().unwrap_or_default()).unwrap_or_default()
}

/// The first element inside `root` matching `selector`.
#[allow(dead_code)]
pub fn find(root: &HtmlElement, selector: &str) -> HtmlElement {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("nothing matches {selector:?}")).unchecked_into()
}

/// The id of the focused element ("" if none has one).
#[allow(dead_code)]
pub fn focused_id() -> String {
    document().active_element().map(|e| e.id()).unwrap_or_default()
}

/// Presses `key` on `el` (a keydown that bubbles, as a keyboard does).
#[allow(dead_code)]
pub fn press_key(el: &HtmlElement, key: &str) {
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"key".into(), &key.into()).unwrap();
    js_sys::Reflect::set(&init, &"bubbles".into(), &true.into()).unwrap();
    let ctor = js_sys::Reflect::get(&web_sys::window().unwrap(), &"KeyboardEvent".into()).unwrap();
    let ev = js_sys::Reflect::construct(
        ctor.unchecked_ref::<js_sys::Function>(),
        &js_sys::Array::of2(&"keydown".into(), &init),
    )
    .unwrap();
    el.dispatch_event(ev.unchecked_ref()).unwrap();
}

/// Puts the app's stylesheet in the page once (the test page has none), so
/// sizes, scroll boxes and hidden parts are as in the app.
#[allow(dead_code)]
pub fn use_app_styles() {
    if document().get_element_by_id("app-styles").is_some() {
        return;
    }
    let style = document().create_element("style").unwrap();
    style.set_id("app-styles");
    style.set_text_content(Some(include_str!("../../style/main.css")));
    document().head().unwrap().append_child(&style).unwrap();
}
