//! The screens that load when first opened: a lesson and the sandbox. With
//! the `split` feature (the release build, see `scripts/build-wasm`) each is
//! its own WebAssembly file, so the course list, the first thing a learner
//! sees, loads without them; they are fetched in the background once it is
//! shown. Without the feature they are built at once (tests, native builds).

use leptos::prelude::*;
use std::future::Future;

use super::lesson_page::LessonPage;
use super::lessons_view::LessonsView;
use super::sandbox::SandboxView;
use crate::lessons::lesson;

/// A screen's file could not be fetched (the network, or a server that was
/// updated meanwhile).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScreenNotLoaded;

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for ScreenNotLoaded {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ScreenNotLoaded
    }
}

/// The page of the lesson `id`, or the course with a message when there is
/// no such lesson.
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(lesson, fallible, wasm_split_path = ::leptos::wasm_split, preload(
        /// Fetches the lesson screen's file without opening it.
        fetch_lesson_screen
    ))
)]
pub fn lesson_screen(id: String) -> Result<AnyView, ScreenNotLoaded> {
    Ok(match lesson(&id) {
        Some(l) => view! { <LessonPage lesson=l /> }.into_any(),
        None => {
            let message = format!("There is no lesson called \"{id}\". Here is the whole course.");
            view! { <LessonsView message=message /> }.into_any()
        }
    })
}

/// The sandbox, opened with the scenario of a share link's fragment if any.
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(sandbox, fallible, wasm_split_path = ::leptos::wasm_split, preload(
        /// Fetches the sandbox screen's file without opening it.
        fetch_sandbox_screen
    ))
)]
pub fn sandbox_screen(shared: Option<String>) -> Result<AnyView, ScreenNotLoaded> {
    Ok(match shared {
        Some(f) => view! { <SandboxView shared=f /> }.into_any(),
        None => view! { <SandboxView /> }.into_any(),
    })
}

/// The lesson `id`'s screen, once its file is here.
pub async fn open_lesson(id: String) -> Result<AnyView, ScreenNotLoaded> {
    #[cfg(feature = "split")]
    return lesson_screen(id).await;
    #[cfg(not(feature = "split"))]
    return lesson_screen(id);
}

/// The sandbox screen, once its file is here.
pub async fn open_sandbox(shared: Option<String>) -> Result<AnyView, ScreenNotLoaded> {
    #[cfg(feature = "split")]
    return sandbox_screen(shared).await;
    #[cfg(not(feature = "split"))]
    return sandbox_screen(shared);
}

/// Fetches the lesson and sandbox files in the background once the page
/// has finished loading (its `load` event), so that opening either later
/// needs no wait and the first screen never waits for them. A failure here
/// is silent: opening the screen tries again and says so if it fails.
pub fn fetch_screens_soon() {
    #[cfg(feature = "split")]
    {
        let fetch = || {
            leptos::task::spawn_local(async {
                if fetch_lesson_screen().await.is_ok() {
                    let _ = fetch_sandbox_screen().await;
                }
            })
        };
        let loaded = document().ready_state() == "complete";
        if loaded {
            fetch();
        } else {
            // `load` fires once: the listener has nothing more to do after it.
            let _ = window_event_listener(leptos::ev::load, move |_| fetch());
        }
    }
}

/// Shows the screen `open` builds once its file has loaded, "Loading…" until
/// then, and, when the file cannot be fetched, says so with a button to try again.
pub fn when_loaded<F, Fut>(open: F) -> AnyView
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<AnyView, ScreenNotLoaded>> + Send + 'static,
{
    let attempt = RwSignal::new(0u32);
    view! {
        <Suspense fallback=|| view! { <p class="loading" role="status">"Loading…"</p> }>
            {move || {
                attempt.track();
                let screen = open();
                Suspend::new(async move {
                    screen.await.unwrap_or_else(|ScreenNotLoaded| {
                        view! {
                            <div class="notice notice-problem" role="alert">
                                <p>
                                    "This part of Session Lab could not be downloaded. Check the connection, then try again."
                                </p>
                                <button type="button" on:click=move |_| attempt.update(|n| *n += 1)>
                                    "Try again"
                                </button>
                            </div>
                        }
                        .into_any()
                    })
                })
            }}
        </Suspense>
    }
    .into_any()
}
