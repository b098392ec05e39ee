//! The README's survival table, made from the engine: for each library
//! preset, what each event of the reality suite does to alice's session,
//! and whether real servers checked that row (`tools/reality/`).

use session_lab::sim::{reality, Preset};

use super::reality::{preset_named, Scenarios};

/// The columns: an event of the scenario file and its heading.
const COLUMNS: [(&str, &str); 9] = [
    ("restart-holder", "restart the holder"),
    ("other-server", "next request to another server"),
    ("replace-holder", "replace the holder"),
    ("restart-store", "restart the database or cache"),
    ("crash-store", "the database or cache crashes"),
    ("close-browser", "close the browser (sticky balancing)"),
    ("idle", "idle past the timeout"),
    ("busy-past-8s", "busy, no built-in absolute limit"),
    ("two-tabs", "two tabs at once"),
];

/// The rows: every library preset, in the UI's order.
fn rows() -> impl Iterator<Item = Preset> {
    Preset::ALL.into_iter().filter(|p| !matches!(p, Preset::SecureDefaults | Preset::ClassicMistakes))
}

/// The table as Markdown, one line per preset.
pub fn markdown(scenarios: &Scenarios) -> String {
    let mut out = String::from("| library (preset) | ");
    out += &COLUMNS.iter().map(|c| c.1).collect::<Vec<_>>().join(" | ");
    out += " | checked against real servers |\n|---|";
    out += &"---|".repeat(COLUMNS.len() + 1);
    out.push('\n');
    for preset in rows() {
        let stack = scenarios.stack.iter().find(|s| preset_named(&s.preset) == preset);
        let cells: Vec<String> = COLUMNS
            .iter()
            .map(|(event, _)| match reality::play(preset, event) {
                Ok(p) if p.outcome == "lost" => format!("lost: {}", p.detail.split(": ").last().unwrap_or("")),
                Ok(p) => p.outcome.to_string(),
                Err(_) => "(no such store)".to_string(),
            })
            .collect();
        let checked = match stack {
            Some(s) => format!("matches {} (`{}`)", s.title, s.id),
            None => "modelled from the library's sources; not run".to_string(),
        };
        out += &format!("| {} | {} | {checked} |\n", preset.label(), cells.join(" | "));
    }
    out
}
