//! One lesson: its story, its steps (the current one with graded hints and
//! "Show me"), and the parts of the playground it needs. The learner's world
//! and progress are saved after every change and restored on reload; the
//! lesson notices by itself when each step's goal is met.

use leptos::prelude::*;

use super::lab::{Lab, Notice, SaveTo};
use super::lesson_steps::LessonSteps;
use super::playground::Playground;
use super::reveal::reveal_soon;
use super::route;
use super::show_me::play_solution;
use crate::lessons::shown::ShownButtons;
use crate::lessons::{course, Inputs, Lesson, Tracker, Window};
use crate::persist::lessons::{self as saved, SavedWorld, Status};
use crate::sim::World;

/// Where a lesson starts: its world (or why it could not be set up), the
/// learner's progress, the screen's inputs for a fresh start, where the
/// setup ends (undo never goes below it, the log leaves it out), and a
/// problem with the saved copy to report.
type LessonStart = (Result<World, String>, Tracker, Option<Inputs>, Window, Option<String>);

/// The lesson as the learner left it, else from its start.
fn saved_or_fresh(lesson: &'static Lesson) -> LessonStart {
    // `floor`: where the setup ends. A fresh start has done nothing else;
    // a restored world rebuilds the start to find it.
    match saved::load_lesson(lesson) {
        SavedWorld::Found(world, tracker) => (Ok(*world), tracker, None, lesson.setup_window(), None),
        other => {
            let problem = match other {
                SavedWorld::Unreadable(message) => Some(message),
                _ => None,
            };
            match lesson.start_world() {
                Ok((world, inputs)) => {
                    let (t, floor) = (Tracker::start(&world), Window::now(&world));
                    (Ok(world), t, Some(inputs), floor, problem)
                }
                Err(e) => (Err(e.to_string()), Tracker::default(), None, Window::default(), problem),
            }
        }
    }
}

/// The lesson `lesson`, ready to play.
#[component]
pub fn LessonPage(
    /// The lesson.
    lesson: &'static Lesson,
) -> impl IntoView {
    let (world, tracker, inputs, floor, problem) = saved_or_fresh(lesson);
    let world = match world {
        Ok(w) => w,
        Err(message) => {
            return view! { <LessonSetupFailed lesson=lesson message=message /> }.into_any();
        }
    };
    let tracker = RwSignal::new(tracker);
    let lab = Lab::new(world, SaveTo::Lesson { lesson, tracker });
    lab.undo_floor.set_value(floor.actions);
    lab.log_from.set_value(floor.events);
    if let Some(inputs) = inputs {
        lab.set_inputs(inputs);
    }
    lab.notice.set(problem.map(|text| Notice { text, problem: true }));
    provide_context(lab);
    saved::mark(&lesson.id, Status::InProgress);
    check_steps(lab, lesson, tracker);

    let showing = RwSignal::new(false);
    let show_me = move || {
        let Some(step) = lesson.steps.get(tracker.get_untracked().reached) else {
            return;
        };
        showing.set(true);
        play_solution(lab, step.solution.clone(), 0, showing);
    };
    let (number, total) =
        course().map_or((0, 0), |c| (c.iter().position(|l| l.id == lesson.id).unwrap_or(0) + 1, c.len()));
    let presenting = RwSignal::new(route::presenting(&route::current_hash()));
    let toggle_present = move |_| {
        let on = !presenting.get_untracked();
        presenting.set(on);
        let place = route::Place::Lessons(Some(lesson.id.clone())).to_hash();
        route::replace_hash(&if on { format!("{place}/present") } else { place });
    };

    view! {
        <div class=move || if presenting.get() { "lesson-layout present" } else { "lesson-layout" }>
        <section class="lesson" aria-labelledby="lesson-title">
            <nav class="lesson-nav" aria-label="Lesson">
                <a href="#/lessons">"All lessons"</a>
                <span>{format!(" · Lesson {number} of {total}")}</span>
            </nav>
            <h2 id="lesson-title">{lesson.title.clone()}</h2>
            <div class="lesson-intro">
                {lesson.intro.split("\n\n").map(|p| view! { <p>{p.trim().to_string()}</p> }).collect_view()}
            </div>
            <LessonSteps lesson=lesson tracker=tracker showing=showing on_show_me=Callback::new(move |_| show_me()) />
            <div class="actions lesson-tools">
                <button
                    type="button"
                    title="Back to the first step: progress and the playground start over"
                    on:click=move |_| lab.ask_start_over()
                >
                    "Reset lesson"
                </button>
                <button type="button" aria-pressed=move || presenting.get().to_string() on:click=toggle_present>
                    "Present"
                </button>
            </div>
        </section>
        <section class="playground" aria-label="Playground">
            <Playground panels=lesson.panels.clone() buttons=ShownButtons::of(lesson) />
        </section>
        </div>
    }
    .into_any()
}

/// The lesson's title and why it could not be set up, with a way back.
#[component]
fn LessonSetupFailed(
    /// The lesson.
    lesson: &'static Lesson,
    /// What went wrong.
    message: String,
) -> impl IntoView {
    view! {
        <section class="lesson" aria-labelledby="lesson-title">
            <h2 id="lesson-title">{lesson.title.clone()}</h2>
            <p class="notice notice-problem" role="alert">
                {format!("This lesson could not be set up: {message}")}
            </p>
            <a href="#/lessons">"Back to all lessons"</a>
        </section>
    }
}

/// Checks the current step after every change of the world: opens again a
/// step whose reaching action was undone, announces a step or the lesson
/// done, brings the new explanation into view with the focus on it, and saves.
fn check_steps(lab: Lab, lesson: &'static Lesson, tracker: RwSignal<Tracker>) {
    Effect::new(move |_| {
        let mut t = tracker.get_untracked();
        let (opened, reached) = lab.world.with(|w| (t.rewind(w), t.update(lesson, w)));
        if t != tracker.get_untracked() {
            tracker.set(t.clone());
        }
        if opened > 0 {
            saved::mark(&lesson.id, Status::InProgress);
            lab.announcement.set(format!(
                "Undone: the world is as it was before your last action, and step {} is open again.",
                t.reached + 1
            ));
        }
        if reached == 0 {
            if opened > 0 {
                lab.save();
            }
            return;
        }
        announce_reached(lab, lesson, &t);
        reveal_soon(format!("step-why-{}", t.reached - 1));
        lab.save();
    });
}

/// Says which step is done, or that the lesson is, or that a question waits.
fn announce_reached(lab: Lab, lesson: &'static Lesson, t: &Tracker) {
    let step = &lesson.steps[t.reached - 1];
    let done = format!("Step {} of {} done. {}", t.reached, lesson.steps.len(), first_line(&step.why));
    let text = if t.finished(lesson) {
        saved::mark(&lesson.id, Status::Done);
        format!("Lesson complete: {}. Every step is done.", lesson.title)
    } else if t.done(lesson) {
        format!("{done} Every step is done: answer the question below to finish the lesson.")
    } else if step.check.is_some() {
        format!("{done} A question about it is below.")
    } else {
        done
    };
    lab.announcement.set(text);
}

/// The first sentence-ish line of a text, for the live region.
fn first_line(text: &str) -> &str {
    text.trim().split('\n').next().unwrap_or_default()
}
