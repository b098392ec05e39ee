//! The course list: every lesson in order with the learner's progress
//! (done, in progress or new), each a link to its own page `#/lessons/<id>`.

use leptos::prelude::*;

use crate::lessons::OUTLINE;
use crate::persist::lessons::{load_progress, Status};

/// The list of lessons in course order, with progress.
#[component]
pub fn LessonsView(
    /// A message to show above the list (an unknown lesson id, say).
    #[prop(optional)]
    message: Option<String>,
) -> impl IntoView {
    let (progress, problem) = load_progress();
    let lessons = OUTLINE;
    let done = lessons.iter().filter(|l| progress.get(l.id) == Some(&Status::Done)).count();
    let first_open = lessons.iter().find(|l| progress.get(l.id) != Some(&Status::Done)).map(|l| l.id);
    view! {
        <section class="lessons" aria-labelledby="lessons-title">
            <h2 id="lessons-title">"The course"</h2>
            {message.map(|m| view! { <p class="notice notice-problem" role="alert">{m}</p> })}
            {problem.map(|m| view! { <p class="notice notice-problem" role="alert">{m}</p> })}
            <p class="course-progress">{format!("{done} of {} lessons done.", lessons.len())}</p>
            {first_open
                .map(|id| {
                    view! {
                        <p>
                            <a class="continue" href=format!("#/lessons/{id}")>
                                {if done == 0 { "Start the course" } else { "Continue where you left off" }}
                            </a>
                        </p>
                    }
                })}
            <ol class="lesson-list">
                {lessons
                    .iter()
                    .map(|l| {
                        let (class, label) = match progress.get(l.id) {
                            Some(Status::Done) => ("lesson-status status-done", "done"),
                            Some(Status::InProgress) => ("lesson-status status-progress", "in progress"),
                            None => ("lesson-status status-new", "new"),
                        };
                        view! {
                            <li>
                                <a class="lesson-title" href=format!("#/lessons/{}", l.id)>
                                    {l.title}
                                </a>
                                " "
                                <span class=class>{format!("({label})")}</span>
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
