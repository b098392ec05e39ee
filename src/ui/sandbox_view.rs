//! The Sandbox view: every control open, no goals.

use leptos::prelude::*;

/// The sandbox: a world seeded from the browser's random source.
#[component]
pub fn SandboxView() -> impl IntoView {
    let seed = RwSignal::new(crate::persist::fresh_seed());
    view! {
        <section class="sandbox" aria-labelledby="sandbox-title">
            <h2 id="sandbox-title">"Sandbox"</h2>
            <p>
                "World seed: " <output aria-label="World seed">{move || seed.get().to_string()}</output>
            </p>
            <button type="button" on:click=move |_| seed.set(crate::persist::fresh_seed())>
                "New seed"
            </button>
        </section>
    }
}
