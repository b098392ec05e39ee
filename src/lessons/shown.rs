//! Which buttons a lesson shows: the ones its steps use (the reference
//! solutions, and the controls its tasks and hints name in quotes), the
//! basics every lesson needs (Reload page, Home, Log in), and the clock. The
//! sandbox shows every button.

use std::collections::BTreeSet;

use super::buttons::Place;
use super::lesson::Lesson;

/// Buttons every lesson shows.
pub const BASICS: [&str; 3] = ["Reload page", "Home", "Log in"];

/// The buttons a lesson shows, by label.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShownButtons {
    labels: BTreeSet<String>,
}

impl ShownButtons {
    /// The buttons `lesson` uses.
    pub fn of(lesson: &Lesson) -> ShownButtons {
        let mut labels: BTreeSet<String> = BASICS.iter().map(|s| s.to_string()).collect();
        for step in &lesson.steps {
            // A solution entry is a button's label, or "Setting = value".
            labels.extend(step.solution.iter().map(|s| s.split(" = ").next().unwrap_or(s).trim().to_string()));
            for text in std::iter::once(&step.task).chain(&step.hints) {
                labels.extend(quoted(text));
            }
        }
        ShownButtons { labels }
    }

    /// Whether the button `label` at `place` is shown. The clock's buttons
    /// always are: time is part of every lesson's world.
    pub fn shows(&self, label: &str, place: Place) -> bool {
        place == Place::Clock || self.labels.contains(label)
    }
}

/// The texts between double quotes (straight or curly) in `text`.
fn quoted(text: &str) -> Vec<String> {
    let normal = text.replace(['“', '”'], "\"");
    normal.split('"').skip(1).step_by(2).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::buttons::{buttons_at, SERVER_BUTTONS};

    #[test]
    fn a_lesson_shows_the_basics_what_its_solutions_press_and_what_its_hints_name() {
        let lessons = crate::lessons::course().expect("the course loads");
        let first = ShownButtons::of(&lessons[0]);
        assert!(BASICS.iter().all(|b| first.shows(b, Place::BrowserActions)));
        assert!(first.shows("+1 min", Place::Clock));
        assert!(!first.shows("Take database down", Place::SharedStore("database")), "lesson 1 has no database");
        for lesson in lessons {
            let shown = ShownButtons::of(lesson);
            for step in &lesson.steps {
                for entry in &step.solution {
                    let label = entry.split(" = ").next().unwrap();
                    let place = [
                        Place::BrowserActions,
                        Place::AccountSecurity,
                        Place::Shopping,
                        Place::Checkout,
                        Place::TheBrowser,
                    ]
                    .into_iter()
                    .find(|p| buttons_at(*p).any(|b| b.label == label));
                    if let Some(place) = place {
                        assert!(shown.shows(label, place), "{}: {label}", lesson.id);
                    }
                }
            }
        }
        // The server buttons a solution presses are shown too.
        let restart =
            lessons.iter().find(|l| l.steps.iter().any(|s| s.solution.iter().any(|e| e == "Restart server 1")));
        let label = format!("{} server 1", SERVER_BUTTONS[0].0);
        assert!(restart.is_some_and(|l| ShownButtons::of(l).shows(&label, Place::Servers)), "{label}");
    }

    #[test]
    fn quotes_are_read_straight_or_curly() {
        assert_eq!(quoted("Press \"Log in\", then “Reload page”."), vec!["Log in", "Reload page"]);
    }
}
