//! A lesson's steps: those reached with their "why" and check question, the
//! current one with graded hints and "Show me", and how many remain. When
//! every step is reached and every question answered, the completion
//! message and the next lesson; until the questions are answered, a line
//! saying one is waiting, with a way to it.

use leptos::prelude::*;

use super::lab::Lab;
use super::reveal::reveal_soon;
use super::step_controls::StepControls;
use crate::lessons::{course, Check, Lesson, Step, Tracker};
use crate::persist::lessons::{self as saved, Status};
use crate::sim::words::count;

/// Records the answer to step `i`'s check question; the last one finishes the lesson.
fn answered(lab: Lab, lesson: &'static Lesson, tracker: RwSignal<Tracker>, i: usize) {
    let was = tracker.with_untracked(|t| t.finished(lesson));
    tracker.update(|t| t.answer(i));
    if !was && tracker.with_untracked(|t| t.finished(lesson)) {
        saved::mark(&lesson.id, Status::Done);
        lab.announcement
            .set(format!("Lesson complete: {}. Every step is done and every question answered.", lesson.title));
        reveal_soon("lesson-done".into());
    }
    lab.save();
}

/// The steps of `lesson`, as far as the learner has got.
#[component]
pub fn LessonSteps(
    /// The lesson.
    lesson: &'static Lesson,
    /// Progress through it.
    tracker: RwSignal<Tracker>,
    /// Whether "Show me" is playing.
    showing: RwSignal<bool>,
    /// Starts "Show me" for the current step.
    on_show_me: Callback<()>,
) -> impl IntoView {
    let reached = move || tracker.with(|t| t.reached);
    // Hints shown for the current step: (step, how many).
    let hints = RwSignal::new((0usize, 0usize));
    let shown = move || {
        let (step, n) = hints.get();
        if step == reached() {
            n
        } else {
            0
        }
    };
    let total = lesson.steps.len();
    let next = course().ok().and_then(|c| {
        let i = c.iter().position(|l| l.id == lesson.id)?;
        c.get(i + 1)
    });
    let (reached_signal, shown_signal) = (Signal::derive(reached), Signal::derive(shown));
    let lab = Lab::get();
    let on_answer = Callback::new(move |i: usize| answered(lab, lesson, tracker, i));
    view! {
        <ol class="lesson-steps">
            {lesson
                .steps
                .iter()
                .enumerate()
                .map(|(i, step)| {
                    view! {
                        <LessonStep
                            i=i
                            step=step
                            reached=reached_signal
                            hints=hints
                            shown=shown_signal
                            showing=showing
                            on_show_me=on_show_me
                            on_answer=on_answer
                        />
                    }
                })
                .collect_view()}
        </ol>
        {move || {
            let left = total.saturating_sub(reached() + 1);
            (reached() < total && left > 0)
                .then(|| view! { <p class="steps-left">{format!("{} more after this one.", crate::sim::words::count(left as u64, "step"))}</p> })
        }}
        <Show when=move || tracker.with(|t| t.finished(lesson))>
            <LessonDone lesson=lesson next=next />
        </Show>
        <Show when=move || tracker.with(|t| t.done(lesson) && !t.finished(lesson))>
            <QuestionsWaiting lesson=lesson tracker=tracker />
        </Show>
    }
}

/// One step, once reached: its task, marked done or to do, with the
/// current step's help and a done step's explanation.
#[component]
fn LessonStep(
    /// The step's index in the lesson.
    i: usize,
    /// The step.
    step: &'static Step,
    /// Index of the current step.
    reached: Signal<usize>,
    /// Hints shown for the current step: (step, how many).
    hints: RwSignal<(usize, usize)>,
    /// How many hints the current step shows.
    shown: Signal<usize>,
    /// Whether "Show me" is playing.
    showing: RwSignal<bool>,
    /// Starts "Show me" for the current step.
    on_show_me: Callback<()>,
    /// Records that the check question of step `i` was answered.
    on_answer: Callback<usize>,
) -> impl IntoView {
    let state = move || {
        let r = reached.get();
        if i < r {
            "done"
        } else if i == r {
            "current"
        } else {
            "later"
        }
    };
    view! {
        <Show when=move || state() != "later">
            <li class=move || format!("lesson-step step-{}", state())>
                <div class="step-now">
                    <p class="step-task">
                        <span class="step-mark">{move || if state() == "done" { "Done: " } else { "To do: " }}</span>
                        {step.task.clone()}
                    </p>
                    <Show when=move || state() == "current">
                        <StepControls step=step />
                    </Show>
                </div>
                <Show when=move || state() == "current">
                    <StepHelp i=i step=step hints=hints shown=shown showing=showing on_show_me=on_show_me />
                </Show>
                <Show when=move || state() == "done">
                    <StepWhy i=i step=step on_answer=on_answer />
                </Show>
            </li>
        </Show>
    }
}

/// The current step's help: the hints shown so far, the button for one
/// more, and "Show me".
#[component]
fn StepHelp(
    /// The step's index in the lesson.
    i: usize,
    /// The step.
    step: &'static Step,
    /// Hints shown for the current step: (step, how many).
    hints: RwSignal<(usize, usize)>,
    /// How many hints the current step shows.
    shown: Signal<usize>,
    /// Whether "Show me" is playing.
    showing: RwSignal<bool>,
    /// Starts "Show me" for the current step.
    on_show_me: Callback<()>,
) -> impl IntoView {
    let shown = move || shown.get();
    let n_hints = step.hints.len();
    let all_shown = move || shown() >= n_hints;
    view! {
        <ul class="hints">
            {move || { step.hints.iter().take(shown()).map(|h| view! { <li>{h.clone()}</li> }).collect_view() }}
        </ul>
        <div class="actions">
            <button
                type="button"
                disabled=all_shown
                on:click=move |_| hints.set((i, (shown() + 1).min(n_hints)))
            >
                {move || format!("Show a hint ({} of {n_hints})", shown())}
            </button>
            <button type="button" disabled=move || showing.get() on:click=move |_| on_show_me.run(())>
                "Show me"
            </button>
        </div>
    }
}

/// A done step's explanation, and its check question if it has one. The
/// explanation can take the focus: it is where the learner reads next.
#[component]
fn StepWhy(
    /// The step's index in the lesson.
    i: usize,
    /// The step.
    step: &'static Step,
    /// Records that the check question of step `i` was answered.
    on_answer: Callback<usize>,
) -> impl IntoView {
    view! {
        <div class="step-why" id=format!("step-why-{i}") tabindex="-1">
            <h3>"Why"</h3>
            {step.why.split("\n\n").map(|p| view! { <p>{p.trim().to_string()}</p> }).collect_view()}
        </div>
        {step
            .check
            .as_ref()
            .map(|c| view! { <CheckQuestion step=i check=c.clone() on_answer=Callback::new(move |()| on_answer.run(i)) /> })}
    }
}

/// Every step is done but questions wait: how many, and a way to the first.
#[component]
fn QuestionsWaiting(
    /// The lesson.
    lesson: &'static Lesson,
    /// Progress through it.
    tracker: RwSignal<Tracker>,
) -> impl IntoView {
    let waiting = move || tracker.with(|t| t.questions_waiting(lesson));
    let first = move || {
        tracker.with_untracked(|t| {
            (0..lesson.steps.len()).find(|i| lesson.steps[*i].check.is_some() && !t.answered.contains(i))
        })
    };
    view! {
        <div class="lesson-waiting" id="lesson-waiting">
            <p>
                <strong>"Every step is done."</strong>
                {move || {
                    let n = waiting();
                    let it = if n == 1 { "it" } else { "them" };
                    format!(" {} waiting above: answer {it} to finish the lesson.", count(n as u64, "question"))
                }}
            </p>
            <button
                type="button"
                on:click=move |_| {
                    if let Some(i) = first() {
                        reveal_soon(format!("check-{i}"));
                    }
                }
            >
                "Go to the question"
            </button>
        </div>
    }
}

/// The completion message and a link to the next lesson, if there is one.
#[component]
fn LessonDone(
    /// The lesson.
    lesson: &'static Lesson,
    /// The lesson after it in the course, if any.
    next: Option<&'static Lesson>,
) -> impl IntoView {
    view! {
        <div class="lesson-done" id="lesson-done" tabindex="-1">
            <p>
                <strong>"Lesson complete!"</strong>
                {format!(" You finished \"{}\".", lesson.title)}
            </p>
            {next
                .map(|n| {
                    view! {
                        <a class="next-lesson" href=format!("#/lessons/{}", n.id)>
                            {format!("Next lesson: {}", n.title)}
                        </a>
                    }
                })}
        </div>
    }
}

/// A multiple-choice question: choosing an answer shows its feedback.
#[component]
fn CheckQuestion(
    /// The index of its step.
    step: usize,
    /// The question and its choices.
    check: Check,
    /// Called when an answer is chosen.
    on_answer: Callback<()>,
) -> impl IntoView {
    let chosen = RwSignal::new(None::<usize>);
    let choices = check.choices.clone();
    view! {
        <fieldset class="check-question" id=format!("check-{step}") tabindex="-1">
            <legend>{check.question.clone()}</legend>
            {check
                .choices
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    view! {
                        <button
                            type="button"
                            class="choice"
                            aria-pressed=move || (chosen.get() == Some(i)).to_string()
                            on:click=move |_| {
                                chosen.set(Some(i));
                                on_answer.run(());
                            }
                        >
                            {c.text.clone()}
                        </button>
                    }
                })
                .collect_view()}
            <p class="choice-feedback" aria-live="polite">
                {move || {
                    chosen
                        .get()
                        .and_then(|i| choices.get(i))
                        .map(|c| {
                            // Right answers' feedback says so itself ("Right. ...").
                            if c.correct || c.feedback.starts_with("Right") {
                                c.feedback.clone()
                            } else {
                                format!("Not quite. {}", c.feedback)
                            }
                        })
                }}
            </p>
        </fieldset>
    }
}
