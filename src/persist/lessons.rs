//! Lesson progress (done / in progress / new, for the course list) and the
//! world of each lesson the learner has started, so a reload puts them back
//! where they were. Same rules as the sandbox: versioned, unreadable data is
//! kept under a backup key and reported, storage problems never stop the app.

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::storage;
use crate::lessons::{Lesson, Tracker};
use crate::sim::{Scenario, World};

/// localStorage key of the course progress.
pub const PROGRESS_KEY: &str = "session-lab/progress";
/// Prefix of the key of a started lesson's world (`session-lab/lesson/<id>`).
pub const LESSON_KEY_PREFIX: &str = "session-lab/lesson/";
/// The schema of progress and lesson saves this version writes and reads.
pub const LESSONS_SCHEMA: u32 = 1;

/// How far the learner got with one lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Every step reached.
    Done,
    /// Opened, not finished.
    InProgress,
}

#[derive(Serialize, Deserialize)]
struct SavedProgress {
    schema: u32,
    lessons: BTreeMap<String, Status>,
}

#[derive(Serialize, Deserialize)]
struct SavedLesson {
    schema: u32,
    scenario: Scenario,
    tracker: Tracker,
}

fn backup(key: &str, raw: &str) -> String {
    let backup_key = format!("{key}.unreadable");
    let kept = storage().is_some_and(|s| s.set_item(&backup_key, raw).is_ok());
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
    if kept {
        format!("Its text is kept in this browser's localStorage under \"{backup_key}\".")
    } else {
        "Its text could not be kept (storage is full).".to_string()
    }
}

fn schema_ok(value: &serde_json::Value) -> Result<(), String> {
    match value.get("schema").and_then(serde_json::Value::as_u64) {
        Some(v) if v == u64::from(LESSONS_SCHEMA) => Ok(()),
        Some(v) => Err(format!("it was saved by another version of Session Lab (schema {v})")),
        None => Err("it has no schema version".to_string()),
    }
}

/// Reads progress text; pure, for tests.
pub fn parse_progress(raw: &str) -> Result<BTreeMap<String, Status>, String> {
    let value: serde_json::Value = serde_json::from_str(raw).map_err(|_| "it is not valid JSON".to_string())?;
    schema_ok(&value)?;
    serde_json::from_value::<SavedProgress>(value).map(|p| p.lessons).map_err(|e| e.to_string())
}

/// The saved progress, and a message if what was saved could not be read.
pub fn load_progress() -> (BTreeMap<String, Status>, Option<String>) {
    let Some(raw) = storage().and_then(|s| s.get_item(PROGRESS_KEY).ok().flatten()) else {
        return (BTreeMap::new(), None);
    };
    match parse_progress(&raw) {
        Ok(p) => (p, None),
        Err(why) => {
            let kept = backup(PROGRESS_KEY, &raw);
            (BTreeMap::new(), Some(format!("Your lesson progress could not be read ({why}). {kept} It starts afresh.")))
        }
    }
}

/// Saves the progress; full or disabled storage keeps it in memory only.
pub fn save_progress(progress: &BTreeMap<String, Status>) {
    if storage().is_some() {
        let _ = LocalStorage::set(PROGRESS_KEY, SavedProgress { schema: LESSONS_SCHEMA, lessons: progress.clone() });
    }
}

/// Marks one lesson, never taking a done lesson back to in progress.
pub fn mark(id: &str, status: Status) -> BTreeMap<String, Status> {
    let (mut progress, _) = load_progress();
    if progress.get(id) != Some(&Status::Done) {
        progress.insert(id.to_string(), status);
        save_progress(&progress);
    }
    progress
}

/// Reads a saved lesson world; pure, for tests.
pub fn parse_lesson(raw: &str) -> Result<(World, Tracker), String> {
    let (scenario, tracker) = decode_lesson(raw)?;
    Ok((scenario.build().map_err(|e| e.message)?, tracker))
}

/// Reads a saved lesson's text into its scenario and progress, checked
/// (schema, settings, work) but not yet replayed; pure, for tests.
pub fn decode_lesson(raw: &str) -> Result<(Scenario, Tracker), String> {
    let value: serde_json::Value = serde_json::from_str(raw).map_err(|_| "it is not valid JSON".to_string())?;
    schema_ok(&value)?;
    let tracker: Tracker = serde_json::from_value(value.get("tracker").cloned().ok_or("it has no progress")?)
        .map_err(|e| e.to_string())?;
    let scenario = value.get("scenario").ok_or("it has no scenario")?;
    let scenario = Scenario::from_json_as(&scenario.to_string(), "this saved world").map_err(|e| e.message)?;
    Ok((scenario, tracker))
}

/// What was saved for a lesson.
pub enum SavedWorld {
    /// Nothing: start the lesson from its starting world.
    Nothing,
    /// The learner's world and progress in it.
    Found(Box<World>, Tracker),
    /// Unreadable: the lesson starts afresh and the message says why.
    Unreadable(String),
}

/// The saved world of `lesson`, if any.
pub fn load_lesson(lesson: &Lesson) -> SavedWorld {
    let key = format!("{LESSON_KEY_PREFIX}{}", lesson.id);
    let Some(raw) = storage().and_then(|s| s.get_item(&key).ok().flatten()) else {
        return SavedWorld::Nothing;
    };
    match parse_lesson(&raw) {
        Ok((world, mut tracker)) => {
            tracker.fit(lesson);
            SavedWorld::Found(Box::new(world), tracker)
        }
        Err(why) => SavedWorld::Unreadable(format!(
            "Your place in this lesson could not be restored ({why}). {} The lesson starts again.",
            backup(&key, &raw)
        )),
    }
}

/// Saves a lesson's world and progress; storage problems are reported once,
/// as for the sandbox.
pub fn save_lesson(id: &str, scenario: &Scenario, tracker: Tracker) -> Result<(), String> {
    if storage().is_none() {
        return super::warn_once("Your browser does not let this page use localStorage, so lessons live in memory only: a reload starts them again.");
    }
    let saved = SavedLesson { schema: LESSONS_SCHEMA, scenario: scenario.clone(), tracker };
    match LocalStorage::set(format!("{LESSON_KEY_PREFIX}{id}"), saved) {
        Ok(()) => Ok(()),
        Err(_) => super::warn_once(
            "The browser's storage for this page is full, so this lesson's world is no longer saved; your progress list still is.",
        ),
    }
}

/// Forgets a lesson's saved world ("Reset lesson").
pub fn forget_lesson(id: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&format!("{LESSON_KEY_PREFIX}{id}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_round_trips_and_bad_text_is_refused() {
        let mut p = BTreeMap::new();
        p.insert("in-memory".to_string(), Status::Done);
        let raw = serde_json::to_string(&SavedProgress { schema: LESSONS_SCHEMA, lessons: p.clone() }).unwrap();
        assert_eq!(parse_progress(&raw), Ok(p));
        assert!(parse_progress("{not json").is_err());
        assert!(parse_progress(r#"{"schema": 99, "lessons": {}}"#).unwrap_err().contains("schema 99"));
        assert!(parse_progress(r#"{"schema": 1, "lessons": {"x": "half-done"}}"#).is_err());
    }

    #[test]
    fn a_saved_lesson_world_comes_back() {
        let lesson = &crate::lessons::course().unwrap()[0];
        let (world, _) = lesson.start_world().unwrap();
        let tracker = Tracker::start(&world);
        let raw =
            serde_json::to_string(&SavedLesson { schema: 1, scenario: Scenario::of(&world), tracker: tracker.clone() })
                .unwrap();
        let (back, t) = parse_lesson(&raw).unwrap();
        assert_eq!(back.events(), world.events());
        assert_eq!(t, tracker);
        assert!(parse_lesson(r#"{"schema": 1}"#).is_err());
    }
}
