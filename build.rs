//! Turns the course, written as one TOML file per lesson under
//! `src/lessons/course/` (named `NN-id.toml`, taught in file-name order),
//! into one JSON array the crate embeds. The TOML parser runs here, at build
//! time, so it adds nothing to the WebAssembly the learner downloads; the
//! crate reads the JSON with serde_json, which it carries anyway.
//!
//! It also writes the course's outline (each lesson's id, title and summary)
//! as Rust: the course list, the first screen, shows the outline without
//! reading the whole course, which then loads with the first lesson opened.

use std::fs;
use std::path::Path;

fn main() {
    let dir = Path::new("src/lessons/course");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut lessons = Vec::with_capacity(files.len());
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let text = fs::read_to_string(file).unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        let value: toml::Value = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        lessons.push(serde_json::to_value(value).unwrap_or_else(|e| panic!("{}: {e}", file.display())));
    }
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("course.json");
    let json = serde_json::to_string(&lessons).expect("a JSON value always serializes");
    fs::write(&out, json).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));

    let mut outline = String::from("&[\n");
    for (lesson, file) in lessons.iter().zip(&files) {
        let text = |key: &str| {
            lesson.get(key).and_then(|v| v.as_str()).unwrap_or_else(|| panic!("{}: no {key}", file.display()))
        };
        // `{:?}` of a string is a Rust string literal with everything escaped.
        outline.push_str(&format!(
            "    Outline {{ id: {:?}, title: {:?}, summary: {:?} }},\n",
            text("id"),
            text("title"),
            text("summary")
        ));
    }
    outline.push(']');
    let out = out.with_file_name("outline.rs");
    fs::write(&out, outline).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}
