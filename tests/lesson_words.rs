//! Every name a lesson's text gives a thing on the screen is that thing's
//! exact name. The rules a lesson file follows (summary, intro, and each
//! step's task, hints, why, question, choices and feedback):
//!
//! 1. Text in curly quotes names a control to press, exactly as
//!    `lessons::is_control` knows it: a button's label (“Log in”), a
//!    browser's tab (“mallory”), or a setting with its value
//!    (“Session storage = Shared database”).
//! 2. Text in straight quotes is one of: a control, a setting's label
//!    ("Secure") or one of its options ("PHP (files)"), a heading of the
//!    screen ("Security lab", read from `src/ui`), words the lesson's own
//!    screen shows while its reference solution plays (a part of an event
//!    log line, "Lost update", of a page, "Hello, guest", or a cause of a
//!    lost session, "store switched"), or a quotation the lesson lists in
//!    `quotations` (a library's or a standard's words, which name nothing
//!    on the screen). A task names the controls to press in curly quotes,
//!    never straight ones.
//! 3. A panel is called by its heading: "the Servers panel", "the Session
//!    stores panel", "the Request inspector", "the Security lab".
//! 4. What the log, a page or a report says or calls something is quoted
//!    ("the log calls this "Lost update""), unless the sentence only says
//!    where, which or how.
//!
//! Text between backticks is code and is not read for quotes.

mod common;

use std::collections::BTreeSet;

use common::lesson_text::{quotes, texts, without_code, words_on_screen, Quote};
use session_lab::lessons::controls::{options, sandbox_controls};
use session_lab::lessons::{course, is_control, Lesson};

/// The lessons under test: all, or those whose id contains `LESSON`.
fn lessons() -> Vec<&'static Lesson> {
    let only = std::env::var("LESSON").unwrap_or_default();
    course().expect("the course parses").iter().filter(|l| l.id.contains(only.as_str())).collect()
}

/// The headings of the screen, as the UI's source writes them:
/// `<h3 id="log-title">"Event log"</h3>`, `<legend>"Defenses"</legend>`,
/// and a panel's frame, `<PanelFrame class="metrics" id="metrics" title="Metrics">`.
fn headings() -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for entry in std::fs::read_dir("src/ui").expect("src/ui is there") {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|x| x != "rs") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        for tag in ["<h2", "<h3", "<h4", "<legend"] {
            for (i, _) in source.match_indices(tag) {
                // The tag's own `>`, then a literal: `>"Event log"</h3>`.
                let rest = &source[i..];
                let Some(inner) = rest.find('>').and_then(|end| rest[end + 1..].strip_prefix('"')) else { continue };
                if let Some(close) = inner.find("\"</") {
                    if !inner[..close].contains(['\n', '"']) {
                        found.insert(inner[..close].to_string());
                    }
                }
            }
        }
        for (i, _) in source.match_indices("<PanelFrame ") {
            let rest = &source[i..source[i..].find('>').map_or(source.len(), |end| i + end)];
            if let Some(title) = rest.split("title=\"").nth(1).and_then(|t| t.split('"').next()) {
                found.insert(title.to_string());
            }
        }
    }
    found
}

/// The names of the screen a lesson may quote however it is played:
/// headings, setting labels and the options of every select.
fn screen_names() -> BTreeSet<String> {
    let mut names = headings();
    let (_, labels) = sandbox_controls();
    for label in labels {
        names.insert(label.to_string());
        names.extend(options(label).into_iter().map(str::to_string));
    }
    names
}

#[test]
fn the_screens_headings_are_read_from_the_ui() {
    let h = headings();
    for name in ["Browser", "Cookie jar", "Servers", "Settings", "Security lab", "Event log", "Request inspector"] {
        assert!(h.contains(name), "{name} not among {h:?}");
    }
}

/// What is wrong with one quoted name in `l`, if anything.
fn check_quote(
    l: &Lesson,
    q: &Quote,
    is_task: bool,
    names: &BTreeSet<String>,
    seen: &BTreeSet<String>,
) -> Option<String> {
    match q {
        Quote::Control(name) if !is_control(name) => {
            Some(format!("“{name}” is in curly quotes, which name a control to press, and no control has that name"))
        }
        Quote::Control(_) => None,
        Quote::Words(w) if is_task && is_control(w) => {
            Some(format!("\"{w}\": a task names the controls to press in curly quotes: “{w}”"))
        }
        Quote::Words(w) => {
            let named = is_control(w) || names.contains(w.as_str()) || l.quotations.contains(w);
            let shown = seen.iter().any(|s| s.contains(w.as_str()));
            (!named && !shown).then(|| {
                format!(
                    "\"{w}\" is no control, setting, option or heading, the lesson's log and pages never show it, \
                     and it is not in the lesson's quotations"
                )
            })
        }
    }
}

#[test]
fn every_quoted_name_is_on_the_screen_or_a_listed_quotation() {
    let names = screen_names();
    let mut problems = Vec::new();
    for l in lessons() {
        let seen = words_on_screen(l);
        let mut quoted = BTreeSet::new();
        for t in texts(l) {
            for q in quotes(t.text) {
                if let Some(p) = check_quote(l, &q, t.is_task, &names, &seen) {
                    problems.push(format!("{}: {p}", t.at));
                }
                if let Quote::Words(w) = q {
                    quoted.insert(w);
                }
            }
        }
        for q in &l.quotations {
            if !quoted.contains(q) {
                problems.push(format!("{}: the quotation \"{q}\" is listed but not quoted in the text", l.id));
            } else if names.contains(q) || is_control(q) || seen.iter().any(|s| s.contains(q.as_str())) {
                problems.push(format!("{}: \"{q}\" is on the screen; it need not be listed as a quotation", l.id));
            }
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

/// The words of `text` before byte `end`, lowercased, without punctuation.
fn words_before(text: &str, end: usize) -> Vec<String> {
    text[..end]
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'').to_lowercase())
        .collect()
}

/// Where `text` calls a panel by something that is not its heading.
fn misnamed_panels(text: &str, headings: &BTreeSet<String>) -> Vec<String> {
    const GENERIC: [&str; 6] = ["the", "a", "each", "every", "this", "that"];
    let text = without_code(text);
    let mut wrong = Vec::new();
    for (i, _) in text.match_indices(" panel") {
        let words = words_before(&text, i);
        let last = words.last().cloned().unwrap_or_default();
        let two = words.len().checked_sub(2).map(|k| words[k..].join(" ")).unwrap_or_default();
        if !GENERIC.contains(&last.as_str()) && !headings.contains(&last) && !headings.contains(&two) {
            wrong.push(format!("\"{two} panel\""));
        }
    }
    for (i, _) in text.match_indices(" inspector") {
        let name = format!("{} inspector", words_before(&text, i).last().cloned().unwrap_or_default());
        if !headings.contains(&name) {
            wrong.push(format!("\"{name}\""));
        }
    }
    wrong
}

#[test]
fn panels_are_called_by_their_headings() {
    let headings: BTreeSet<String> = headings().iter().map(|h| h.to_lowercase()).collect();
    let mut problems = Vec::new();
    for l in lessons() {
        for t in texts(l) {
            for wrong in misnamed_panels(t.text, &headings) {
                problems.push(format!("{}: {wrong} is no heading of the screen", t.at));
            }
        }
    }
    assert!(problems.is_empty(), "{} problems (headings: {headings:?}):\n{}", problems.len(), problems.join("\n"));
}

/// The sentences of `text` where the log, a page or a report says or calls
/// something without quoting it.
fn unquoted_sayings(text: &str) -> Vec<String> {
    const SAYERS: [&str; 3] = ["log", "page", "report"];
    const VERBS: [&str; 4] = ["says", "say", "calls", "call"];
    const INDIRECT: [&str; 6] = ["where", "which", "how", "who", "whether", "what"];
    let text = without_code(text);
    let mut found = Vec::new();
    for sentence in text.split_inclusive(". ") {
        let words: Vec<String> = words_before(sentence, sentence.len());
        for (k, pair) in words.windows(2).enumerate() {
            let sayer = pair[0].trim_end_matches("'s");
            if SAYERS.contains(&sayer) && VERBS.contains(&pair[1].as_str()) {
                let next = words.get(k + 2).map(String::as_str).unwrap_or("");
                let rest = sentence.split_once(pair[1].as_str()).map_or("", |(_, r)| r);
                if !INDIRECT.contains(&next) && !rest.contains('"') {
                    found.push(sentence.trim().to_string());
                }
            }
        }
    }
    found
}

#[test]
fn what_the_log_says_is_quoted() {
    let mut problems = Vec::new();
    for l in lessons() {
        for t in texts(l) {
            for sentence in unquoted_sayings(t.text) {
                problems.push(format!("{}: quote what it says, exactly: {sentence}", t.at));
            }
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn the_rules_read_quotes_as_intended() {
    let q = quotes("Press “Log in”, see \"Hello, guest\", run `DELETE FROM \"session\"` and sessionid=\"\".");
    assert_eq!(q, vec![Quote::Control("Log in".into()), Quote::Words("Hello, guest".into())]);
    let h: BTreeSet<String> = ["servers", "security lab", "request inspector"].map(String::from).into();
    assert!(misnamed_panels("the Servers panel and the Request inspector", &h).is_empty());
    assert_eq!(misnamed_panels("the Security panel, the store inspector", &h).len(), 2);
    assert_eq!(unquoted_sayings("The log calls this an overwritten update. The log says where it went.").len(), 1);
    assert!(unquoted_sayings("The log calls this \"Lost update\".").is_empty());
}
