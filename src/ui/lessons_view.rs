//! The Lessons view: the course outline, in order.

use leptos::prelude::*;

use crate::lessons::COURSE;

/// The list of lessons in course order.
#[component]
pub fn LessonsView() -> impl IntoView {
    view! {
        <section class="lessons" aria-labelledby="lessons-title">
            <h2 id="lessons-title">"The course"</h2>
            <ol class="lesson-list">
                {COURSE
                    .iter()
                    .map(|l| {
                        view! {
                            <li>
                                <span class="lesson-title">{l.title}</span>
                                " "
                                <span class="lesson-summary">{l.summary}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}
