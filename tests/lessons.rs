//! Every lesson of the course is checked here, without a browser: its data
//! is valid, no goal is met in its starting world, and pressing its
//! reference solution, control by control, reaches every step in order.

use std::collections::HashSet;

use session_lab::lessons::controls::panel_of;
use session_lab::lessons::{course, is_control, press, Lesson, Tracker, Window};
use session_lab::sim::{Action, Scenario, World};

/// The lessons under test: all of them, or those whose id contains the
/// `LESSON` environment variable (handy while writing one).
fn lessons() -> Vec<&'static Lesson> {
    let only = std::env::var("LESSON").unwrap_or_default();
    course().expect("the course parses").iter().filter(|l| l.id.contains(only.as_str())).collect()
}

/// Presses `name` as the screen would, and lets requests run to completion.
fn press_and_settle(lesson: &Lesson, name: &str, inputs: &mut session_lab::lessons::Inputs, world: &mut World) {
    let action = press(name, inputs, world).unwrap_or_else(|e| panic!("{}: {e}", lesson.id));
    if let Some(action) = action {
        world.apply(action).unwrap_or_else(|e| panic!("{}: pressing \"{name}\": {e}", lesson.id));
        world.apply(Action::Settle).unwrap();
    }
}

/// The names in “curly quotes” in a hint: the controls it tells the learner to press.
fn quoted(hint: &str) -> Vec<&str> {
    hint.split('“').skip(1).filter_map(|s| s.split_once('”').map(|(name, _)| name)).collect()
}

#[test]
fn the_course_has_lessons_with_unique_ids() {
    let ids: Vec<_> = course().expect("the course parses").iter().map(|l| l.id.as_str()).collect();
    assert!(ids.len() >= 16, "the course has {} lessons", ids.len());
    let unique: HashSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate lesson ids in {ids:?}");
    for id in ids {
        assert!(!id.is_empty() && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'), "{id}");
    }
}

#[test]
fn every_lesson_has_text_hints_and_a_solution() {
    for l in lessons() {
        assert!(!l.title.trim().is_empty() && !l.summary.trim().is_empty() && !l.intro.trim().is_empty(), "{}", l.id);
        assert!(!l.steps.is_empty(), "{}: no steps", l.id);
        for (i, s) in l.steps.iter().enumerate() {
            let at = format!("{} step {}", l.id, i + 1);
            assert!(!s.task.trim().is_empty() && !s.why.trim().is_empty(), "{at}: empty text");
            assert!(s.hints.len() >= 2, "{at}: hints go from a nudge to the answer");
            assert!(s.hints.iter().all(|h| !h.trim().is_empty()), "{at}: empty hint");
            assert!(!s.solution.is_empty(), "{at}: no reference solution");
            if let Some(c) = &s.check {
                assert!(!c.question.trim().is_empty(), "{at}: empty question");
                assert!(c.choices.len() >= 2, "{at}: a question needs choices");
                assert_eq!(c.choices.iter().filter(|c| c.correct).count(), 1, "{at}: exactly one right answer");
                for choice in &c.choices {
                    // The screen adds "Not quite." to wrong answers; right ones say so themselves.
                    assert_eq!(choice.correct, choice.feedback.starts_with("Right."), "{at}: {:?}", choice.feedback);
                }
                assert!(c.choices.iter().all(|c| !c.text.trim().is_empty() && !c.feedback.trim().is_empty()), "{at}");
            }
        }
    }
}

#[test]
fn every_control_a_lesson_names_exists() {
    for l in lessons() {
        for name in &l.start.setup {
            assert!(is_control(name), "{}: setup names \"{name}\", which the screen does not have", l.id);
        }
        for (i, s) in l.steps.iter().enumerate() {
            for name in &s.solution {
                assert!(is_control(name), "{} step {}: no control \"{name}\"", l.id, i + 1);
            }
            for hint in &s.hints {
                for name in quoted(hint) {
                    assert!(is_control(name), "{} step {}: hint names \"{name}\", not a control", l.id, i + 1);
                }
            }
            let answer = s.hints.last().map(|h| quoted(h)).unwrap_or_default();
            for name in &s.solution {
                assert!(answer.contains(&name.as_str()), "{} step {}: the last hint must name “{name}”", l.id, i + 1);
            }
        }
    }
}

#[test]
fn every_control_a_step_presses_is_on_screen_in_that_lesson() {
    for l in lessons() {
        for (i, s) in l.steps.iter().enumerate() {
            for name in &s.solution {
                if let Some(panel) = panel_of(name) {
                    assert!(
                        l.panels.is_empty() || l.panels.contains(&panel),
                        "{} step {}: “{name}” is on the {panel:?} panel, which the lesson does not show",
                        l.id,
                        i + 1
                    );
                }
            }
        }
    }
}

#[test]
fn no_goal_is_met_at_the_start() {
    for l in lessons() {
        let (world, _) = l.start_world().unwrap_or_else(|e| panic!("{e}"));
        let window = Window::now(&world);
        for (i, s) in l.steps.iter().enumerate() {
            assert!(!s.goal.met(&world, window), "{} step {}: met before the learner did anything", l.id, i + 1);
        }
    }
}

#[test]
fn every_lesson_is_solved_by_its_reference_solution() {
    for l in lessons() {
        let (mut world, mut inputs) = l.start_world().unwrap_or_else(|e| panic!("{e}"));
        let mut tracker = Tracker::start(&world);
        for (i, s) in l.steps.iter().enumerate() {
            assert_eq!(tracker.reached, i, "{}: step {} was reached before its solution", l.id, i + 1);
            for name in &s.solution {
                press_and_settle(l, name, &mut inputs, &mut world);
                tracker.update(l, &world);
            }
            assert!(tracker.reached > i, "{} step {}: the reference solution does not reach the goal", l.id, i + 1);
        }
        assert!(tracker.done(l), "{}", l.id);
        // Every event the lesson shows has its own sentence, not the fallback.
        for e in world.events() {
            assert_ne!(e.describe(), "Something else happened", "{}: {:?}", l.id, e.kind);
        }
        // A solved lesson fits in a share link (its work is within the limits).
        let link = Scenario::of(&world).to_fragment();
        Scenario::from_fragment(&link).unwrap_or_else(|e| panic!("{}: {e}", l.id));
    }
}

#[test]
fn a_lesson_starts_the_same_every_time() {
    for l in lessons() {
        let (a, _) = l.start_world().unwrap();
        let (b, _) = l.start_world().unwrap();
        assert_eq!(a.events(), b.events(), "{}", l.id);
    }
}

#[test]
fn the_outline_of_the_course_list_is_the_course_itself() {
    let course = session_lab::lessons::course().expect("the course reads");
    let outline = session_lab::lessons::OUTLINE;
    assert_eq!(outline.len(), course.len());
    for (o, l) in outline.iter().zip(course) {
        assert_eq!((o.id, o.title, o.summary), (l.id.as_str(), l.title.as_str(), l.summary.as_str()));
    }
}
