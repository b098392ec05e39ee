//! Fuzzing of every decoder a stranger can reach: the share-link fragment,
//! the imported scenario file, the saved sandbox, a saved lesson world and
//! the progress record. Each gets random bytes, random JSON-ish text, and
//! valid documents mutated byte by byte (flips, inserts, deletes, cuts) and
//! value by value (extreme numbers, long strings, huge arrays, deep nesting,
//! values swapped between places). Every input must be decoded to `Ok` or to
//! an `Err` with a message, never a panic; a scenario accepted is rebuilt too
//! (replayed), when its stated work is small enough for a test run.
//!
//! Reproducible: the inputs come from a seeded ChaCha stream. Environment:
//! `SESSION_LAB_FUZZ_INPUTS` (inputs per decoder, default 10,000),
//! `SESSION_LAB_FUZZ_SEED` (default 18), `SESSION_LAB_FUZZ_REPLAY` (the
//! largest stated work, in simulated requests plus sweeps, replayed after
//! decoding; default 2,000). `scripts/soak` runs 1,000,000 per decoder.
#![cfg(not(target_arch = "wasm32"))]

mod fuzz;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

use fuzz::documents::Documents;
use fuzz::mutate::Mutator;
use session_lab::lessons::{course, Tracker};
use session_lab::persist;
use session_lab::persist::lessons::{decode_lesson, parse_lesson, parse_progress};
use session_lab::sim::{Scenario, World};

/// A number from the environment, or `default`.
fn setting(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(v) => v.replace([',', '_'], "").parse().unwrap_or_else(|_| panic!("{name}={v} is not a whole number")),
        Err(_) => default,
    }
}

/// What a decoder made of one input.
enum Outcome {
    /// Refused, with this message.
    Refused(String),
    /// Accepted; replayed (true) or left unreplayed as too much work for a test run.
    Accepted { replayed: bool },
}

/// Counts of one decoder's run.
#[derive(Default)]
struct Tally {
    refused: u64,
    replayed: u64,
    not_replayed: u64,
}

/// Whether `s`'s stated work is small enough to replay here.
fn cheap(s: &Scenario, budget: u64) -> bool {
    let w = s.workload();
    w.requests + w.sweeps <= budget
}

/// The world `s` builds, or the refusal's message (never empty).
fn replay(s: &Scenario) -> Outcome {
    match s.build() {
        Ok(_) => Outcome::Accepted { replayed: true },
        Err(e) => Outcome::Refused(e.message),
    }
}

fn scenario_outcome(decoded: Result<Scenario, String>, budget: u64) -> Outcome {
    match decoded {
        Err(e) => Outcome::Refused(e),
        Ok(s) if cheap(&s, budget) => replay(&s),
        Ok(_) => Outcome::Accepted { replayed: false },
    }
}

fn fragment(input: &str, budget: u64) -> Outcome {
    scenario_outcome(Scenario::from_fragment(input).map_err(|e| e.message), budget)
}

fn import(input: &str, budget: u64) -> Outcome {
    scenario_outcome(Scenario::from_json(input).map_err(|e| e.message), budget)
}

fn sandbox(input: &str, budget: u64) -> Outcome {
    match persist::decode_sandbox(input) {
        Err(e) => Outcome::Refused(e),
        // The whole decoder as the app calls it: decode again, then build.
        Ok(s) if cheap(&s, budget) => match persist::parse_sandbox(input) {
            Ok(_) => Outcome::Accepted { replayed: true },
            Err(e) => Outcome::Refused(e),
        },
        Ok(_) => Outcome::Accepted { replayed: false },
    }
}

fn lesson(input: &str, budget: u64) -> Outcome {
    match decode_lesson(input) {
        Err(e) => Outcome::Refused(e),
        Ok((s, _)) if cheap(&s, budget) => match parse_lesson(input) {
            Ok((world, tracker)) => {
                follow(&world, tracker);
                Outcome::Accepted { replayed: true }
            }
            Err(e) => Outcome::Refused(e),
        },
        Ok(_) => Outcome::Accepted { replayed: false },
    }
}

/// What the lesson page does with restored progress (which may say
/// anything): fit it to the lesson, check the world against it, count.
fn follow(world: &World, tracker: Tracker) {
    for l in course().expect("the course parses").iter().take(3) {
        let mut t = tracker.clone();
        t.fit(l);
        t.rewind(world);
        t.update(l, world);
        let shown = (t.reached + 1, t.done(l), t.finished(l), t.questions_waiting(l));
        assert!(shown.0 <= l.steps.len() + 1, "{}: step {} of {}", l.id, shown.0, l.steps.len());
    }
}

fn progress(input: &str, _budget: u64) -> Outcome {
    match parse_progress(input) {
        Err(e) => Outcome::Refused(e),
        Ok(_) => Outcome::Accepted { replayed: false },
    }
}

/// Runs `decode` over the generated inputs for decoder `name`; fails on the
/// first panic or empty message, printing the input.
fn fuzz(name: &str, stream: u64, decode: fn(&str, u64) -> Outcome) {
    let inputs = setting("SESSION_LAB_FUZZ_INPUTS", 10_000);
    let seed = setting("SESSION_LAB_FUZZ_SEED", 18);
    let budget = setting("SESSION_LAB_FUZZ_REPLAY", 2_000);
    let docs = Documents::new();
    let mut gen = Mutator::new(seed, stream, docs.valid(name));
    let started = Instant::now();
    let mut tally = Tally::default();
    for i in 0..inputs {
        let input = gen.next_input();
        let outcome = catch_unwind(AssertUnwindSafe(|| decode(&input, budget)));
        match outcome {
            Err(_) => panic!("{name}: input {i} (seed {seed}) panicked:\n{}", shown(&input)),
            Ok(Outcome::Refused(m)) if m.trim().is_empty() => {
                panic!("{name}: input {i} (seed {seed}) was refused without a message:\n{}", shown(&input))
            }
            Ok(Outcome::Refused(_)) => tally.refused += 1,
            Ok(Outcome::Accepted { replayed: true }) => tally.replayed += 1,
            Ok(Outcome::Accepted { replayed: false }) => tally.not_replayed += 1,
        }
    }
    println!(
        "{name}: {inputs} inputs in {:.1} s (seed {seed}): {} refused, {} accepted and replayed, {} accepted, not replayed",
        started.elapsed().as_secs_f64(),
        tally.refused,
        tally.replayed,
        tally.not_replayed
    );
    if name != "progress" {
        assert!(tally.replayed > 0 && tally.refused > 0, "{name}: the mutations reach both outcomes");
    }
}

/// The first 2,000 characters of an input, for a failure report.
fn shown(input: &str) -> String {
    input.chars().take(2_000).collect()
}

/// One test per decoder: its name in reports, its stream's number, its decoder.
macro_rules! decoder_tests {
    ($($test:ident: $name:literal, $stream:literal, $decoder:ident;)*) => {
        $(
            #[test]
            fn $test() {
                fuzz($name, $stream, $decoder);
            }
        )*
    };
}

decoder_tests! {
    share_link_fragments: "fragment", 1, fragment;
    imported_scenario_files: "import", 2, import;
    saved_sandboxes: "sandbox", 3, sandbox;
    saved_lesson_worlds: "lesson", 4, lesson;
    progress_records: "progress", 5, progress;
}
