//! The app shell: header, the Lessons / Sandbox switch and the main area,
//! following the URL fragment (`#/lessons/<id>`, `#/sandbox`, share links).

use leptos::prelude::*;

use super::lessons_view::LessonsView;
use super::route::{current_hash, replace_hash, Place};
use super::sandbox::SandboxView;
use crate::persist;

/// Which part of the app the learner is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Mode {
    /// The course, one lesson after another.
    Lessons,
    /// Everything open, no goals.
    Sandbox,
}

/// The whole app: a header with the Lessons / Sandbox switch, and the chosen view.
#[component]
pub fn App() -> impl IntoView {
    let start = Place::parse(&current_hash());
    let shared = match &start {
        Some(Place::Sandbox(Some(f))) => Some(f.clone()),
        _ => None,
    };
    let mode = RwSignal::new(match &start {
        Some(Place::Lessons(_)) => Mode::Lessons,
        Some(Place::Sandbox(_)) => Mode::Sandbox,
        None => persist::load_mode().unwrap_or(Mode::Lessons),
    });
    if shared.is_some() {
        // The shared world is loaded once; a reload then keeps the learner's own changes.
        replace_hash(&Place::Sandbox(None).to_hash());
    }
    let shared = StoredValue::new(shared);
    let choose = move |m: Mode| {
        mode.set(m);
        persist::save_mode(m);
        replace_hash(
            &match m {
                Mode::Lessons => Place::Lessons(None),
                Mode::Sandbox => Place::Sandbox(None),
            }
            .to_hash(),
        );
    };
    view! {
        <a class="skip-link" href="#main">"Skip to the main area"</a>
        <header class="app-header">
            <h1>"Session Lab"</h1>
            <p class="tagline">
                "See where a web session lives (server memory, files, a database, a cache or the cookie itself) and watch it survive or break when servers restart, load balancers reroute and clocks run out."
            </p>
            <nav class="mode-switch" aria-label="Mode">
                <button
                    type="button"
                    aria-pressed=move || (mode.get() == Mode::Lessons).to_string()
                    on:click=move |_| choose(Mode::Lessons)
                >
                    "Lessons"
                </button>
                <button
                    type="button"
                    aria-pressed=move || (mode.get() == Mode::Sandbox).to_string()
                    on:click=move |_| choose(Mode::Sandbox)
                >
                    "Sandbox"
                </button>
            </nav>
        </header>
        <main id="main" class="app-main" tabindex="-1">
            {move || match mode.get() {
                Mode::Lessons => view! { <LessonsView /> }.into_any(),
                Mode::Sandbox => {
                    let shared = shared.try_update_value(|s| s.take()).flatten();
                    match shared {
                        Some(f) => view! { <SandboxView shared=f /> }.into_any(),
                        None => view! { <SandboxView /> }.into_any(),
                    }
                }
            }}
        </main>
    }
}
