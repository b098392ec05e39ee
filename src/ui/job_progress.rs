//! How far long work has got (a load run, a world being rebuilt from a long
//! link or save): a progress bar, requests and time simulated, and Cancel.
//! Shown above the picture while the work runs in slices (`lab_jobs.rs`).

use leptos::prelude::*;

use super::lab::Lab;
use crate::sim::words::{count, decimal};

/// The progress bar of the work under way, if any.
#[component]
pub fn JobProgress() -> impl IntoView {
    let lab = Lab::get();
    move || {
        lab.job_status.get().map(|s| {
            let p = s.progress;
            let percent = (p.fraction * 100.0).floor() as u32;
            let steps =
                if p.actions > 1 { format!(", action {} of {}", p.actions_done + 1, p.actions) } else { String::new() };
            view! {
                <div class="job-progress" role="group" aria-label=s.what>
                    <label>
                        {format!("{}: {percent}%", s.what)}
                        <progress max="1" value=decimal(p.fraction, 3)></progress>
                    </label>
                    <span class="job-figures">
                        {format!(
                            "{} simulated, {} of simulated time{steps}",
                            count(p.requests_simulated, "request"),
                            p.simulated_time,
                        )}
                    </span>
                    <button type="button" on:click=move |_| lab.cancel_job()>
                        "Cancel"
                    </button>
                </div>
            }
        })
    }
}
