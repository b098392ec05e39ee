//! Every task text leads to its goal when followed literally.
//!
//! The rule a task text follows: it names each control the learner
//! presses in curly quotes, in the order to press them, once per press,
//! exactly as the screen labels it: “Log in”, “Reload page”, “mallory” (a
//! browser's tab), “Session storage = Shared database” (a setting and the
//! value to choose). Words in straight quotes are never pressed (they name
//! what the screen shows; `tests/lesson_words.rs` checks them).
//!
//! The task names the same presses as the reference solution ("Show me")
//! and the last hint, so the three never tell the learner different things.
//!
//! This test starts each lesson and, step after step, presses the controls
//! the task names, through the same `press` as "Show me" and the reference
//! solution, each followed by the requests running to the end. Each step
//! starts from where the previous task text left the world, never from the
//! reference solution's world, so the lesson is played by its task texts
//! alone.

mod common;

use common::lesson_text::{controls_named, press_and_settle};
use session_lab::lessons::{course, Lesson, Tracker};

/// The lessons under test: all, or those whose id contains `LESSON`.
fn lessons() -> Vec<&'static Lesson> {
    let only = std::env::var("LESSON").unwrap_or_default();
    course().expect("the course parses").iter().filter(|l| l.id.contains(only.as_str())).collect()
}

#[test]
fn every_task_names_the_controls_it_asks_for() {
    for l in lessons() {
        for (i, s) in l.steps.iter().enumerate() {
            assert!(
                !controls_named(&s.task).is_empty(),
                "{} step {}: the task names no control in curly quotes: {}",
                l.id,
                i + 1,
                s.task
            );
        }
    }
}

#[test]
fn every_lesson_is_solved_by_following_its_task_texts() {
    let mut problems = Vec::new();
    for l in lessons() {
        let (mut world, mut inputs) = l.start_world().unwrap_or_else(|e| panic!("{e}"));
        let mut tracker = Tracker::start(&world);
        for (i, s) in l.steps.iter().enumerate() {
            let at = format!("{} step {}", l.id, i + 1);
            let named = controls_named(&s.task);
            for name in &named {
                press_and_settle(&at, name, &mut inputs, &mut world);
                tracker.update(l, &world);
            }
            if tracker.reached <= i {
                problems.push(format!("{at}: pressing {named:?}, as the task says, does not reach the goal"));
                break;
            }
            if tracker.reached > i + 1 {
                problems.push(format!("{at}: the task also reached the next step, before the learner read it"));
                break;
            }
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn every_task_names_what_show_me_presses() {
    for l in lessons() {
        for (i, s) in l.steps.iter().enumerate() {
            assert_eq!(controls_named(&s.task), s.solution, "{} step {}: the task and “Show me” differ", l.id, i + 1);
        }
    }
}
