//! Where a learner is in a lesson: which step comes next and where it began.
//! After every change to the world the tracker checks the current step's
//! goal; when it is met, the step is reached and the next one begins. An
//! undo that takes the world back before a step was reached opens that step
//! again, so the steps marked done always agree with the world. The check
//! questions answered are kept with the progress: a lesson is finished when
//! every step is reached and every question answered.

use serde::{Deserialize, Serialize};

use super::goal::Window;
use super::lesson::Lesson;
use crate::sim::World;

/// Progress through one lesson's steps.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tracker {
    /// How many steps are reached (the index of the current step).
    pub reached: usize,
    /// Where the current step began.
    pub window: Window,
    /// Where each reached step began, in order (what an undo goes back to).
    #[serde(default)]
    pub began: Vec<Window>,
    /// The steps whose check question the learner has answered.
    #[serde(default)]
    pub answered: Vec<usize>,
}

impl Tracker {
    /// A tracker at the first step, which begins now.
    pub fn start(world: &World) -> Tracker {
        Tracker { window: Window::now(world), ..Tracker::default() }
    }

    /// Checks the current step against `world`, moving on while steps are
    /// met. Returns how many steps were reached by this call. First, if the
    /// world went back (an undo) to before the current step began, the
    /// steps reached since are open again.
    pub fn update(&mut self, lesson: &Lesson, world: &World) -> usize {
        self.rewind(world);
        let before = self.reached;
        while let Some(step) = lesson.steps.get(self.reached) {
            if !step.goal.met(world, self.window) {
                break;
            }
            self.began.push(self.window);
            self.reached += 1;
            self.window = Window::now(world);
        }
        self.reached - before
    }

    /// Opens again the steps whose reaching action is no longer in `world`
    /// (undone). Returns how many steps were opened again.
    pub fn rewind(&mut self, world: &World) -> usize {
        let before = self.reached;
        while self.reached > 0 && world.actions().len() < self.window.actions {
            match self.began.pop() {
                Some(w) => {
                    self.reached -= 1;
                    self.window = w;
                }
                // Progress saved before steps kept where they began: keep it.
                None => break,
            }
        }
        self.answered.retain(|&i| i < self.reached);
        // The world can still be shorter than the window (an old save).
        self.window.events = self.window.events.min(world.event_count());
        self.window.actions = self.window.actions.min(world.actions().len());
        before - self.reached
    }

    /// Fits progress read back from storage, which may say anything, to
    /// `lesson`: no more steps reached than it has, and questions answered
    /// only for steps reached.
    pub fn fit(&mut self, lesson: &Lesson) {
        self.reached = self.reached.min(lesson.steps.len());
        self.began.truncate(self.reached);
        self.answered.retain(|&i| i < self.reached);
    }

    /// Whether every step is reached.
    pub fn done(&self, lesson: &Lesson) -> bool {
        self.reached >= lesson.steps.len()
    }

    /// Records that the check question of step `i` was answered.
    pub fn answer(&mut self, i: usize) {
        if !self.answered.contains(&i) {
            self.answered.push(i);
        }
    }

    /// How many reached steps' check questions are not answered yet.
    pub fn questions_waiting(&self, lesson: &Lesson) -> usize {
        lesson
            .steps
            .iter()
            .take(self.reached)
            .enumerate()
            .filter(|(i, s)| s.check.is_some() && !self.answered.contains(i))
            .count()
    }

    /// Whether the lesson is finished: every step reached, every question answered.
    pub fn finished(&self, lesson: &Lesson) -> bool {
        self.done(lesson) && self.questions_waiting(lesson) == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::{press, Inputs};
    use crate::sim::Action;

    /// A lesson of two steps, made here so the tests do not hang on the
    /// course's text: log in; then put a mug in the cart, with a question.
    fn lesson() -> Lesson {
        let page = |shows: &str| serde_json::json!({ "page": { "browser": "alice", "shows": shows } });
        let step = |goal, solution: &[&str]| serde_json::json!({ "task": "", "goal": goal, "hints": [], "solution": solution, "why": "" });
        let mut cart = step(page("Added mug to the cart"), &["Item = mug", "Add to cart"]);
        cart["check"] =
            serde_json::json!({ "question": "?", "choices": [{ "text": "a", "correct": true, "feedback": "Right." }] });
        serde_json::from_value(serde_json::json!({
            "id": "t", "title": "t", "summary": "", "intro": "", "start": { "seed": 7 },
            "steps": [step(page("Welcome back, alice"), &["Log in"]), cart],
        }))
        .unwrap()
    }

    /// Presses `name` as a click does: the action, then its requests to completion.
    fn press_settled(world: &mut World, inputs: &mut Inputs, name: &str) {
        if let Some(a) = press(name, inputs, world).unwrap() {
            world.apply(a).unwrap();
            world.apply(Action::Settle).unwrap();
        }
    }

    /// The lesson after its first press, "Log in", with its tracker.
    fn logged_in() -> (Lesson, World, Inputs, Tracker) {
        let lesson = lesson();
        let (mut world, mut inputs) = lesson.start_world().unwrap();
        let mut t = Tracker::start(&world);
        press_settled(&mut world, &mut inputs, "Log in");
        t.update(&lesson, &world);
        (lesson, world, inputs, t)
    }

    #[test]
    fn undoing_the_action_that_reached_a_step_opens_it_again() {
        let (lesson, mut world, mut inputs, mut t) = logged_in();
        let first = t.clone();
        for name in &lesson.steps[1].solution {
            press_settled(&mut world, &mut inputs, name);
            t.update(&lesson, &world);
        }
        assert_eq!(t.reached, 2);
        t.answer(1);
        let back = world.undo_click().unwrap();
        assert_eq!(t.rewind(&back), 1);
        assert_eq!(t, first, "step 2 is open again, from where it began, without its answer");
        // Undoing the login too opens step 1.
        let start = back.undo_click().unwrap();
        t.update(&lesson, &start);
        assert_eq!((t.reached, t.began.len()), (0, 0));
        // Doing it again reaches it again, at the same place.
        let mut again = start;
        press_settled(&mut again, &mut inputs, "Log in");
        t.update(&lesson, &again);
        assert_eq!(t, first);
    }

    #[test]
    fn an_action_after_the_step_was_reached_undoes_without_reopening_it() {
        let (lesson, mut world, mut inputs, mut t) = logged_in();
        press_settled(&mut world, &mut inputs, "Reload page");
        t.update(&lesson, &world);
        let back = world.undo_click().unwrap();
        assert_eq!(t.rewind(&back), 0);
        assert_eq!(t.reached, 1);
    }

    #[test]
    fn progress_from_storage_is_fitted_to_the_lesson() {
        let lesson = lesson();
        let mut t = Tracker { reached: usize::MAX, answered: vec![1, 7, usize::MAX], ..Tracker::default() };
        t.fit(&lesson);
        assert_eq!((t.reached, t.answered.as_slice()), (2, &[1][..]));
    }

    #[test]
    fn a_lesson_is_finished_when_its_questions_are_answered() {
        let lesson = lesson();
        let mut t = Tracker { reached: 1, ..Tracker::default() };
        assert_eq!(t.questions_waiting(&lesson), 0, "step 2's question is not asked before step 2 is reached");
        t.reached = 2;
        assert!(t.done(&lesson));
        assert!(!t.finished(&lesson));
        assert_eq!(t.questions_waiting(&lesson), 1);
        t.answer(1);
        t.answer(1);
        assert_eq!(t.answered, [1]);
        assert!(t.finished(&lesson));
    }
}
