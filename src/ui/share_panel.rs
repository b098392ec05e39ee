//! Share and keep: a link that carries config + seed + actions in the URL
//! fragment, and export / import of the scenario as a JSON file. A damaged
//! link or file is refused with a message and the current world is kept.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::lab::{Lab, Notice};
use crate::persist;
use crate::sim::Scenario;

/// The link that opens this scenario, for the current page address.
pub fn share_link(scenario: &Scenario) -> String {
    let base = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default();
    format!("{base}#/sandbox/s/{}", scenario.to_fragment())
}

/// Offers the JSON text as a file download.
fn download(name: &str, text: &str) -> Result<(), String> {
    let fail = |_| "the browser refused to create the file".to_string();
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a").map_err(fail)?.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Share link, export and import.
#[component]
pub fn SharePanel() -> impl IntoView {
    let lab = Lab::get();
    let link = RwSignal::new(String::new());
    let make_link = move |_| {
        let scenario = lab.world.with_untracked(Scenario::of);
        link.set(share_link(&scenario));
        lab.announcement.set("The share link is ready below: copy it from the field.".into());
    };
    let export = move |_| {
        let scenario = lab.world.with_untracked(Scenario::of);
        let name = format!("session-lab-{}.json", persist::new_scenario_id());
        match download(&name, &scenario.to_json()) {
            Ok(()) => lab.announcement.set(format!("Exported the scenario as {name}.")),
            Err(e) => lab.notice.set(Some(Notice { text: format!("Export failed: {e}"), problem: true })),
        }
    };
    let import = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|v| v.as_string());
            let result = match text {
                None => Err("the file could not be read".to_string()),
                Some(t) => Scenario::from_json(&t).and_then(|s| s.build()).map_err(|e| e.message),
            };
            match result {
                Ok(world) => {
                    lab.world.set(world);
                    lab.selected_request.set(None);
                    lab.notice.set(Some(Notice { text: "Imported the scenario.".into(), problem: false }));
                    lab.save();
                }
                Err(e) => lab.notice.set(Some(Notice {
                    text: format!("Import refused: {e}. The current world is unchanged."),
                    problem: true,
                })),
            }
        });
    };
    view! {
        <section class="panel share-panel" aria-labelledby="share-title">
            <h3 id="share-title">"Share and keep"</h3>
            <div class="actions">
                <button type="button" on:click=make_link>
                    "Make share link"
                </button>
                <button type="button" on:click=export>
                    "Export scenario"
                </button>
                <label class="file-button">
                    "Import scenario "
                    <input type="file" accept="application/json,.json" on:change=import />
                </label>
            </div>
            <label class="share-link">
                "Share link "
                <input
                    type="text"
                    readonly=true
                    prop:value=link
                    on:focus=move |ev| {
                        let input: web_sys::HtmlInputElement = event_target(&ev);
                        input.select();
                    }
                />
            </label>
            <p class="hint">"The link holds the settings, the seed and every action, so it rebuilds exactly this world."</p>
        </section>
    }
}
