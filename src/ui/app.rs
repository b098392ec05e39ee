//! The app shell: header, the Lessons / Sandbox switch and the main area,
//! following the URL fragment (`#/lessons/<id>`, `#/sandbox`, share links).

use leptos::prelude::*;

use super::chunks::{fetch_screens_soon, open_lesson, open_sandbox, when_loaded};
use super::lessons_view::LessonsView;
use super::route::{current_hash, replace_hash, Place};
use super::share_panel::{ShareButton, SharedWorld};
use crate::persist::{self, Mode};

/// The whole app: a header with the Lessons / Sandbox switch, and the place
/// the URL fragment names, followed as it changes (links, back button).
#[component]
pub fn App() -> impl IntoView {
    let start = Place::parse(&current_hash()).unwrap_or_else(|| match persist::load_mode() {
        Some(Mode::Sandbox) => Place::Sandbox(None),
        _ => Place::Lessons(None),
    });
    let place = RwSignal::new(start);
    provide_context(SharedWorld::default());
    let _ = window_event_listener(leptos::ev::hashchange, move |_| {
        if let Some(p) = Place::parse(&current_hash()) {
            if p != place.get_untracked() {
                place.set(p);
            }
        }
    });
    let mode = Memo::new(move |_| match place.get() {
        Place::Lessons(_) => Mode::Lessons,
        Place::Sandbox(_) => Mode::Sandbox,
    });
    Effect::new(move |_| persist::save_mode(mode.get()));
    // Once the first screen is up, the others' files come in the background.
    Effect::new(|_| fetch_screens_soon());
    let choose = move |m: Mode| {
        let p = match m {
            Mode::Lessons => Place::Lessons(None),
            Mode::Sandbox => Place::Sandbox(None),
        };
        replace_hash(&p.to_hash());
        place.set(p);
    };
    view! {
        <a class="skip-link" href="#main" on:click=skip_to_main>
            "Skip to the main area"
        </a>
        <header class="app-header">
            <h1>"Session Lab"</h1>
            <p class="tagline">
                "See where a web session lives (server memory, files, a database, a cache or the cookie itself) and watch it survive or break when servers restart, load balancers reroute and clocks run out."
            </p>
            <div class="header-bar">
            <nav class="mode-switch" aria-label="Mode">
                {[(Mode::Lessons, "Lessons"), (Mode::Sandbox, "Sandbox")]
                    .map(|(m, label)| {
                        view! {
                            <button
                                type="button"
                                aria-pressed=move || (mode.get() == m).to_string()
                                on:click=move |_| choose(m)
                            >
                                {label}
                            </button>
                        }
                    })}
            </nav>
            <ShareButton place=place.read_only() />
            </div>
        </header>
        <main id="main" class="app-main" tabindex="-1">
            {move || match place.get() {
                Place::Lessons(None) => view! { <LessonsView /> }.into_any(),
                Place::Lessons(Some(id)) => when_loaded(move || open_lesson(id.clone())),
                Place::Sandbox(Some(f)) => {
                    // The shared world is loaded once; a reload then keeps the learner's own changes.
                    replace_hash(&Place::Sandbox(None).to_hash());
                    when_loaded(move || open_sandbox(Some(f.clone())))
                }
                Place::Sandbox(None) => when_loaded(|| open_sandbox(None)),
            }}
        </main>
    }
}

/// The skip link moves the focus to the main area and leaves the address
/// alone: following `#main` would replace the route, and a reload would
/// then land on the course list instead of the lesson.
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    if let Some(main) = document().get_element_by_id("main") {
        use wasm_bindgen::JsCast;
        if let Ok(main) = main.dyn_into::<web_sys::HtmlElement>() {
            let _ = main.focus();
        }
    }
}
