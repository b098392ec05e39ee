//! The message area (refused actions, storage problems), the live region
//! that tells screen-reader users what just happened, and the dialog that
//! asks before the learner's work is discarded.

use leptos::prelude::*;

use super::confirm::ConfirmDialog;
use super::lab::Lab;

/// A dismissable message, and the polite live region with the latest sentence.
#[component]
pub fn Notices() -> impl IntoView {
    let lab = Lab::get();
    view! {
        <ConfirmDialog ask=lab.ask />
        <div class="live-region" role="status" aria-live="polite" aria-atomic="true">
            {move || lab.announcement.get()}
        </div>
        {move || {
            lab.notice
                .get()
                .map(|n| {
                    let class = if n.problem { "notice notice-problem" } else { "notice" };
                    view! {
                        <div class=class role=if n.problem { "alert" } else { "status" }>
                            <span class="notice-kind">{if n.problem { "Problem: " } else { "Note: " }}</span>
                            <span>{n.text}</span>
                            " "
                            <button type="button" on:click=move |_| lab.notice.set(None)>
                                "Dismiss"
                            </button>
                        </div>
                    }
                })
        }}
    }
}
