//! The app shell: header, the Lessons / Sandbox switch and the main area.

use leptos::prelude::*;

use super::lessons_view::LessonsView;
use super::sandbox_view::SandboxView;
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
    let mode = RwSignal::new(persist::load_mode().unwrap_or(Mode::Lessons));
    let choose = move |m: Mode| {
        mode.set(m);
        persist::save_mode(m);
    };
    view! {
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
        <main id="main" class="app-main">
            {move || match mode.get() {
                Mode::Lessons => view! { <LessonsView /> }.into_any(),
                Mode::Sandbox => view! { <SandboxView /> }.into_any(),
            }}
        </main>
    }
}
