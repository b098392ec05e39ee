//! Figures and facts a lesson's text states about the screen, checked
//! against what the engine shows when the lesson is played: latencies in
//! the Metrics panel, versions in the event log, the format of times.

mod common;

use common::lesson_text::press_and_settle;
use session_lab::lessons::{lesson, Inputs, Lesson};
use session_lab::sim::cost::CostModel;
use session_lab::sim::event::ReadOutcome;
use session_lab::sim::{EventKind, SimTime, World};

/// `id`'s world after the reference solutions of its first `steps` steps.
fn played(id: &str, steps: usize) -> (&'static Lesson, World, Inputs) {
    let l = lesson(id).unwrap_or_else(|| panic!("no lesson {id}"));
    let (mut world, mut inputs) = l.start_world().unwrap();
    for s in &l.steps[..steps] {
        for name in &s.solution {
            press_and_settle(id, name, &mut inputs, &mut world);
        }
    }
    (l, world, inputs)
}

/// The latency of the last request answered, as the Metrics panel writes it.
fn last_latency(world: &World) -> String {
    SimTime::micros(u64::from(*world.metrics().latencies_us.last().expect("a request"))).to_string()
}

#[test]
fn lessons_5_and_9_quote_the_latencies_the_metrics_panel_shows() {
    let (memory, w, _) = played("in-memory", 1);
    assert_eq!(last_latency(&w), "21.504 ms");
    assert!(memory.steps[0].why.contains("21.504 ms") && memory.steps[0].why.contains("2 µs"));

    let (database, w, _) = played("shared-database", 1);
    assert_eq!(last_latency(&w), "25.5 ms", "the reload reads the row and writes its expiry");
    assert_eq!(w.metrics().latency_percentile(50).map(SimTime::as_latency).as_deref(), Some("25.5 ms"));
    let why = &database.steps[0].why;
    for figure in ["25.5 ms", "21.504 ms", "2 ms", "2 µs", "20 ms", "3 ms apart"] {
        assert!(why.contains(figure), "lesson 9 step 1 says {figure}");
    }
    let costs = CostModel::default();
    assert_eq!((costs.memory_op_us, costs.database_op_us, costs.app_work_us), (2, 2_000, 1_000));
    assert_eq!(costs.browser_to_balancer_us * 2, 20_000, "20 ms crossing the internet and back");

    // The reload's read line and the line after it are 3 ms apart.
    let events = w.events();
    let read = events.iter().rposition(|e| matches!(e.kind, EventKind::StoreRead { .. })).unwrap();
    assert_eq!(events[read + 1].at.since(events[read].at), SimTime::millis(3), "{}", events[read + 1].describe());
}

#[test]
fn lesson_21s_log_names_the_versions_each_request_read_and_wrote() {
    let (l, w, _) = played("two-tabs", 1);
    let reads: Vec<_> = w
        .events()
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::StoreRead { outcome: ReadOutcome::Hit, version, .. } => Some(version),
            _ => None,
        })
        .collect();
    assert_eq!(reads, [Some(1), Some(1)], "both tabs read version 1");
    let log: Vec<String> = w.events().iter().map(|e| e.describe()).collect();
    assert_eq!(log.iter().filter(|line| line.ends_with("found (version 1)")).count(), 2, "{log:#?}");
    for saved in ["(version 2, ", "(version 3, "] {
        assert!(log.iter().any(|line| line.contains(" saved session ") && line.contains(saved)), "{saved}: {log:#?}");
    }
    let lost = log.iter().find(|line| line.starts_with("Lost update")).expect("a lost update");
    assert!(lost.contains("read version 1 and wrote over version 2"), "{lost}");
    let why = &l.steps[0].why;
    for said in [
        "\"found (version 1)\"",
        "version 2",
        "version 3",
        "\"Lost update\"",
        "\"read version 1 and wrote over version 2\"",
    ] {
        assert!(why.contains(said), "lesson 21 step 1 says {said}");
    }
    assert!(!l.steps[1].why.contains("the logs show no error"), "the log shows a red Lost update line");
}

#[test]
fn lesson_15s_secure_step_asks_for_a_logout_before_the_login() {
    let l = lesson("sniffing").unwrap();
    let step = l.steps.iter().find(|s| s.task.contains("“Secure cookie = on”")).expect("the Secure step");
    let task = step.task.as_str();
    let at = |name: &str| task.find(name).unwrap_or_else(|| panic!("the task names {name}"));
    assert!(at("“Secure cookie = on”") < at("“Log out”") && at("“Log out”") < at("“Log in”"), "{task}");
    assert!(step.hints.last().is_some_and(|h| h.contains("“Log out”") && h.contains("“Log in”")));
}

/// Whether `shown` is a time as the clock and the log write it: "43 ms",
/// "10.25 ms", "1.5 s", "1 min 5 s", "2 h 10 min", "2 d 3 h".
fn reads_as_one_format(shown: &str) -> bool {
    let number = |n: &str| {
        let (whole, fraction) = n.split_once('.').unwrap_or((n, ""));
        !whole.is_empty()
            && whole.chars().all(|c| c.is_ascii_digit())
            && fraction.len() <= 3
            && fraction.chars().all(|c| c.is_ascii_digit())
            && !fraction.ends_with('0')
    };
    let whole = |n: &str| n.split('.').next().and_then(|w| w.parse::<u64>().ok()).unwrap_or(u64::MAX);
    let words: Vec<&str> = shown.split(' ').collect();
    match words.as_slice() {
        [n, "ms"] => number(n) && whole(n) < 1_000,
        [n, "s"] => number(n) && (1..60).contains(&whole(n)),
        [n, "min" | "h" | "d"] => number(n) && !n.contains('.') && whole(n) > 0,
        [a, "min", b, "s"] | [a, "h", b, "min"] | [a, "d", b, "h"] => {
            [a, b].iter().all(|n| number(n) && !n.contains('.') && whole(n) > 0)
        }
        _ => false,
    }
}

#[test]
fn the_lessons_logs_read_times_in_one_format_and_count_in_words() {
    assert!(reads_as_one_format("10.25 ms") && reads_as_one_format("1.5 s") && reads_as_one_format("2 d 3 h"));
    assert!(!reads_as_one_format("0.010250 s") && !reads_as_one_format("0.043 s") && !reads_as_one_format("1.500 s"));
    assert!(!reads_as_one_format("1 d 0 h") && !reads_as_one_format("2 h 0 min"));
    for l in session_lab::lessons::course().unwrap() {
        let (_, w, _) = played(&l.id, l.steps.len());
        for e in w.events() {
            assert!(reads_as_one_format(&e.at.to_string()), "{}: {} {}", l.id, e.at, e.describe());
        }
        for figure in [w.metrics().latency_percentile(50), w.metrics().latency_percentile(99)].into_iter().flatten() {
            assert!(reads_as_one_format(&figure.as_latency()), "{}: latency {}", l.id, figure.as_latency());
        }
        for e in w.events() {
            let line = e.describe();
            assert!(!line.contains(".000 s") && !line.contains("(s)"), "{}: {line}", l.id);
        }
    }
}

#[test]
fn lesson_19s_counter_ids_take_a_fraction_of_a_millisecond_to_guess() {
    // The Security lab's expected-time line assumes 1,000 guesses a second until the learner changes it.
    let (l, w, _) = played("predictable-ids", 1);
    let secs = w.expected_seconds_to_guess(1_000.0);
    assert!(secs > 0.0 && secs < 0.001, "{secs} s");
    assert!(l.steps[0].why.contains("a fraction of a millisecond"));
}
