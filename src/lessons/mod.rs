//! The course: lessons as data (one TOML file per lesson under
//! `src/lessons/course/`, embedded at compile time by `build.rs`), the
//! controls they name, the goals they check and a tracker of progress.
//!
//! ```
//! use session_lab::lessons::{course, Tracker};
//! let lesson = &course().unwrap()[0];
//! let (world, _inputs) = lesson.start_world().unwrap();
//! let mut tracker = Tracker::start(&world);
//! assert_eq!(tracker.update(lesson, &world), 0); // nothing done yet
//! ```

pub mod buttons;
pub mod controls;
pub mod goal;
mod inputs;
pub mod lesson;
mod panel;
pub mod security_controls;
mod setting_controls;
pub mod settings;
pub mod shown;
pub mod tracker;

use std::sync::OnceLock;

pub use controls::{is_control, press, Inputs};
pub use goal::{Goal, Window};
pub use lesson::{Check, Choice, Lesson, Panel, Start, Step};
pub use tracker::Tracker;

/// The course as built into the app (JSON made from the TOML files).
const COURSE_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/course.json"));

/// The lessons in teaching order, or why they could not be read.
pub fn course() -> Result<&'static [Lesson], &'static str> {
    static COURSE: OnceLock<Result<Vec<Lesson>, String>> = OnceLock::new();
    COURSE
        .get_or_init(|| serde_json::from_str(COURSE_JSON).map_err(|e| format!("The lessons could not be read: {e}")))
        .as_deref()
        .map_err(String::as_str)
}

/// The lesson with this id.
pub fn lesson(id: &str) -> Option<&'static Lesson> {
    course().ok()?.iter().find(|l| l.id == id)
}

/// What the course list shows of a lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outline {
    /// The lesson's id (its URL).
    pub id: &'static str,
    /// Its title.
    pub title: &'static str,
    /// Its one-sentence summary.
    pub summary: &'static str,
}

/// Every lesson's id, title and summary in teaching order, written by
/// `build.rs` from the same files as the course: the course list shows them
/// without reading the whole course (whose text then loads with the first
/// lesson opened).
pub const OUTLINE: &[Outline] = include!(concat!(env!("OUT_DIR"), "/outline.rs"));
