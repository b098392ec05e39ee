//! The Lessons view: the course outline, in order.

use leptos::prelude::*;

use crate::lessons::course;

/// The list of lessons in course order.
#[component]
pub fn LessonsView() -> impl IntoView {
    view! {
        <section class="lessons" aria-labelledby="lessons-title">
            <h2 id="lessons-title">"The course"</h2>
            <ol class="lesson-list">
                {course()
                    .unwrap_or_default()
                    .iter()
                    .map(|l| {
                        view! {
                            <li>
                                <span class="lesson-title">{l.title.clone()}</span>
                                " "
                                <span class="lesson-summary">{l.summary.clone()}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}
