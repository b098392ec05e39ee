//! Share and keep. The header's "Share" button makes a link and copies it:
//! in the sandbox a link that carries config + seed + actions in the URL
//! fragment, elsewhere the address of the course or lesson shown. When the
//! clipboard refuses, the link appears in a read-only field, selected, to
//! copy by hand. The sandbox's panel exports and imports the scenario as a
//! JSON file. A damaged link or file is refused with a message and the
//! current world is kept.

use leptos::prelude::*;

use super::panel_frame::PanelFrame;
use wasm_bindgen::JsCast;

use super::lab::jobs::quick_world;
use super::lab::{Lab, Notice};
use super::route::Place;
use crate::persist;
use crate::sim::{Scenario, World};

/// What "Share" shares in the sandbox, while it is open: a function that
/// makes the link of its world as it is now. The sandbox gives the function,
/// so the engine's scenario code stays in the sandbox's own file and the
/// header (on the first screen) only calls it.
#[derive(Clone, Copy)]
pub struct SharedWorld(pub RwSignal<Option<Callback<(), Option<String>>>, LocalStorage>);

impl Default for SharedWorld {
    fn default() -> Self {
        SharedWorld(RwSignal::new_local(None))
    }
}

impl SharedWorld {
    /// Makes `world` the one "Share" shares until the calling component goes.
    pub fn offer(world: RwSignal<World, LocalStorage>) {
        if let Some(shared) = use_context::<SharedWorld>() {
            let link = Callback::new(move |()| world.try_with_untracked(|w| share_link(&Scenario::of(w))));
            shared.0.set(Some(link));
            on_cleanup(move || {
                let _ = shared.0.try_set(None);
            });
        }
    }
}

/// The page's address with the fragment `hash`.
fn page_link(hash: &str) -> String {
    let base = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default();
    format!("{base}{hash}")
}

/// The link that opens this scenario, for the current page address.
pub fn share_link(scenario: &Scenario) -> String {
    page_link(&format!("#/sandbox/s/{}", scenario.to_fragment()))
}

/// Puts `text` on the clipboard; false when the browser refuses.
async fn copy(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let clipboard = js_sys::Reflect::get(&window.navigator(), &"clipboard".into()).ok().filter(|c| c.is_object());
    let Some(clipboard) = clipboard else {
        return false;
    };
    let clipboard: web_sys::Clipboard = clipboard.unchecked_into();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text)).await.is_ok()
}

/// What "Share" links to at `place`, and what the link opens.
fn link_for(place: &Place, shared: Option<SharedWorld>) -> (String, &'static str) {
    match place {
        Place::Sandbox(_) => {
            let make = shared.and_then(|s| s.0.try_get_untracked().flatten());
            match make.and_then(|make| make.run(())) {
                Some(link) => (link, "it opens this sandbox world as it is now"),
                None => (page_link(&place.to_hash()), "it opens the sandbox"),
            }
        }
        Place::Lessons(Some(_)) => (page_link(&place.to_hash()), "it opens this lesson"),
        Place::Lessons(None) => (page_link(&place.to_hash()), "it opens the course"),
    }
}

/// The header's "Share": makes the link for the place shown and copies it,
/// saying so in its live region; or shows it selected when copying fails.
#[component]
pub fn ShareButton(
    /// Where the app is.
    place: ReadSignal<Place>,
) -> impl IntoView {
    let shared = use_context::<SharedWorld>();
    let status = RwSignal::new(String::new());
    // The link to copy by hand, when the clipboard refused it ("" otherwise).
    let by_hand = RwSignal::new(String::new());
    let field = NodeRef::<leptos::html::Input>::new();
    let share = move |_| {
        let (link, opens) = link_for(&place.get_untracked(), shared);
        status.set(String::new());
        leptos::task::spawn_local(async move {
            let copied = copy(&link).await;
            status.set(if copied {
                format!("Link copied: {opens}.")
            } else {
                format!("Copy the link from the field below ({opens}).")
            });
            by_hand.set(if copied { String::new() } else { link });
            if !copied {
                // Once the field is shown: focused, its whole text selected.
                request_animation_frame(move || {
                    if let Some(input) = field.get_untracked() {
                        let _ = input.focus();
                        input.select();
                    }
                });
            }
        });
    };
    view! {
        <div class="share-tools">
            <button type="button" class="share-button" on:click=share>
                "Share"
            </button>
            <span class="share-status" aria-live="polite" aria-atomic="true">
                {status}
            </span>
            <label class="share-link" hidden=move || by_hand.with(String::is_empty)>
                "Share link "
                <input type="text" readonly=true node_ref=field prop:value=by_hand />
            </label>
        </div>
    }
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

/// Export and import of the scenario as a file.
#[component]
pub fn SharePanel() -> impl IntoView {
    let lab = Lab::get();
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
                Some(t) => Scenario::from_json(&t).map_err(|e| e.message),
            };
            // A quick one is rebuilt now (and refused now if it fails); a long
            // one is rebuilt in slices once the learner says yes.
            let result = result.and_then(|scenario| match quick_world(&scenario) {
                Some(built) => built.map(|world| (Some(world), None)),
                None => Ok((None, Some(scenario))),
            });
            match result {
                Ok((world, slow)) => {
                    // The learner's own world would be replaced: ask first when it holds actions.
                    let done = lab.world.with_untracked(|w| w.actions().len());
                    let imported = StoredValue::new_local(world);
                    let slow = StoredValue::new_local(slow);
                    let text = format!(
                        "The imported scenario replaces this world: the {} in it will be lost. Export it first to keep it.",
                        crate::sim::words::count(done as u64, "action")
                    );
                    lab.confirm_if(done > 0, "Replace this world?", text, "Import", move || {
                        if let Some(world) = imported.try_update_value(Option::take).flatten() {
                            lab.world.set(world);
                            lab.selected_request.set(None);
                            lab.notice.set(Some(Notice { text: "Imported the scenario.".into(), problem: false }));
                            lab.save_now();
                        } else if let Some(scenario) = slow.try_update_value(Option::take).flatten() {
                            lab.rebuild_in_slices(&scenario, "Importing the scenario", "Imported the scenario.");
                        }
                    });
                }
                Err(e) => lab.notice.set(Some(Notice {
                    text: format!("Import refused: {e}. The current world is unchanged."),
                    problem: true,
                })),
            }
        });
    };
    view! {
        <PanelFrame class="share-panel" id="share" title="Keep this world">
            <div class="actions">
                <button type="button" on:click=export>
                    "Export scenario"
                </button>
                <label class="file-button">
                    "Import scenario "
                    <input type="file" accept="application/json,.json" on:change=import />
                </label>
            </div>
            <p class="hint">
                "A file keeps the settings, the seed and every action, and rebuilds exactly this world. To send it as a link, use Share at the top of the page."
            </p>
        </PanelFrame>
    }
}
