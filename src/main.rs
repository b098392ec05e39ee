//! Entry point of the web app: installs the panic hook and mounts the app.

fn main() {
    console_error_panic_hook::set_once();
    // The "starting" line of index.html, shown while this file downloaded.
    if let Some(line) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("starting")) {
        line.remove();
    }
    // The WebAssembly memory, for the budget report's memory figure
    // (tools/budget.mjs reads `sessionLabMemory.buffer.byteLength`).
    if let Some(w) = web_sys::window() {
        let _ = js_sys::Reflect::set(&w, &"sessionLabMemory".into(), &wasm_bindgen::memory());
    }
    leptos::mount::mount_to_body(session_lab::ui::App);
}
