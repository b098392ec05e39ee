//! A lesson's text as the learner reads it, the names it puts in quotes,
//! and the words its screen shows while it is played.
//!
//! Two kinds of quotes mean two things in lesson files:
//! - curly quotes, “Log in”, name a control to press (its exact label, or
//!   `Label = value` for a setting), in task texts and hints;
//! - straight quotes, "Hello, guest", name anything else the screen shows
//!   (a panel, a setting, an option, words of the event log or of a page),
//!   or quote a source listed in the lesson's `quotations`.
//!
//! Text between backticks is code (`manage.py clearsessions`) and is not
//! read for quotes.

use std::collections::BTreeSet;

use session_lab::lessons::{press, Lesson};
use session_lab::sim::{Action, World};

/// One piece of a lesson's text: where it is, and what it says.
pub struct Text<'a> {
    /// "sticky step 2 task", "two-tabs intro".
    pub at: String,
    /// Whether it is a step's task (the text the learner follows).
    pub is_task: bool,
    /// The text.
    pub text: &'a str,
}

/// Every text of a lesson the learner reads: summary, intro, and each
/// step's task, hints, why, question, choices and their feedback.
pub fn texts(l: &Lesson) -> Vec<Text<'_>> {
    let mut out = vec![
        Text { at: format!("{} summary", l.id), is_task: false, text: &l.summary },
        Text { at: format!("{} intro", l.id), is_task: false, text: &l.intro },
    ];
    for (i, s) in l.steps.iter().enumerate() {
        let at = |what: &str| format!("{} step {} {what}", l.id, i + 1);
        out.push(Text { at: at("task"), is_task: true, text: &s.task });
        for h in &s.hints {
            out.push(Text { at: at("hint"), is_task: false, text: h });
        }
        out.push(Text { at: at("why"), is_task: false, text: &s.why });
        if let Some(c) = &s.check {
            out.push(Text { at: at("question"), is_task: false, text: &c.question });
            for ch in &c.choices {
                out.push(Text { at: at("choice"), is_task: false, text: &ch.text });
                out.push(Text { at: at("feedback"), is_task: false, text: &ch.feedback });
            }
        }
    }
    out
}

/// A quoted name and how it was quoted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Quote {
    /// “In curly quotes”: a control to press.
    Control(String),
    /// "In straight quotes": something the screen shows, or a source.
    Words(String),
}

/// `text` without its `code spans`.
pub fn without_code(text: &str) -> String {
    text.split('`').step_by(2).collect::<Vec<_>>().join(" ")
}

/// The quoted names of `text`, in order, outside code spans; empty quotes
/// ("" as in `sessionid=""`) are left out.
pub fn quotes(text: &str) -> Vec<Quote> {
    let text = without_code(text);
    let mut out = Vec::new();
    let mut rest = text.as_str();
    loop {
        let (open, close) = match (rest.find('“'), rest.find('"')) {
            (Some(c), Some(s)) if c < s => (c, '”'),
            (Some(c), None) => (c, '”'),
            (_, Some(s)) => (s, '"'),
            (None, None) => return out,
        };
        let opener = if close == '”' { '“' } else { '"' };
        let after = &rest[open + opener.len_utf8()..];
        let Some(end) = after.find(close) else { return out };
        let name = after[..end].to_string();
        if !name.is_empty() {
            out.push(if close == '”' { Quote::Control(name) } else { Quote::Words(name) });
        }
        rest = &after[end + close.len_utf8()..];
    }
}

/// The controls a task text names, in order: its curly-quoted names.
pub fn controls_named(task: &str) -> Vec<String> {
    quotes(task)
        .into_iter()
        .filter_map(|q| match q {
            Quote::Control(name) => Some(name),
            Quote::Words(_) => None,
        })
        .collect()
}

/// Presses `name` as the screen would and lets requests run to the end.
pub fn press_and_settle(at: &str, name: &str, inputs: &mut session_lab::lessons::Inputs, world: &mut World) {
    let action = press(name, inputs, world).unwrap_or_else(|e| panic!("{at}: {e}"));
    if let Some(action) = action {
        world.apply(action).unwrap_or_else(|e| panic!("{at}: pressing “{name}”: {e}"));
        world.apply(Action::Settle).unwrap();
    }
}

/// What the screen shows in `world` that a lesson may quote: each
/// browser's page, and the causes the metrics and the load report give
/// for lost sessions.
fn shown_now(world: &World, seen: &mut BTreeSet<String>) {
    for b in world.browsers() {
        if let Some(page) = &b.page {
            seen.insert(page.text());
        }
    }
    seen.extend(world.metrics().lost_by_cause.keys().cloned());
    if let Some(report) = world.last_load() {
        seen.extend(report.lost_by_cause.keys().cloned());
    }
}

/// The words the screen shows while `lesson` is played by its reference
/// solution: every event log line, every page and every cause of a lost
/// session, from its start to its end.
pub fn words_on_screen(lesson: &Lesson) -> BTreeSet<String> {
    let (mut world, mut inputs) = lesson.start_world().unwrap_or_else(|e| panic!("{e}"));
    let mut seen = BTreeSet::new();
    shown_now(&world, &mut seen);
    for (i, s) in lesson.steps.iter().enumerate() {
        for name in &s.solution {
            press_and_settle(&format!("{} step {}", lesson.id, i + 1), name, &mut inputs, &mut world);
            shown_now(&world, &mut seen);
        }
    }
    seen.extend(world.events().iter().map(|e| e.describe()));
    seen
}
