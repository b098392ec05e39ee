//! The security lab: mallory's moves against a chosen victim, and every
//! defense as a switch with its one-line explanation and the OWASP ASVS
//! 4.0.3 requirement it maps to. The last attack's outcome is shown here and
//! announced; the event log has every step of it.

use leptos::prelude::*;

use super::choice::{inline_choice, Choice};
use super::fold::fold;
use super::lab::{Lab, Notice};
use super::panel_frame::PanelFrame;
use crate::lessons::controls::{browser_name, VICTIMS};
use crate::lessons::security_controls::{defense, ATTACK_BUTTONS};
use crate::sim::defense::Defense;
use crate::sim::words::decimal;
use crate::sim::{Action, EventKind};

/// Guesses per second assumed by the expected-time line until the learner changes it.
const DEFAULT_RATE: f64 = 1_000.0;

/// Mallory's moves and the defenses.
#[component]
pub fn SecurityPanel() -> impl IntoView {
    view! {
        <PanelFrame class="security-panel" id="security" title="Security lab">
            <MalloryMoves />
            <GuessTime />
            <AttackOutcome />
            {fold("Show the defenses", view! { <Defenses /> })}
        </PanelFrame>
    }
}

/// The victim to attack, one button per attack, and how many guesses a
/// guessing attack makes.
#[component]
fn MalloryMoves() -> impl IntoView {
    let lab = Lab::get();
    let attack = move |i: usize| lab.act(Action::Attack { attack: ATTACK_BUTTONS[i].1.attack(&lab.inputs()) });
    let victim = move || lab.choices.with(|c| c.victim);
    let pick_victim = move |victim| lab.choices.update(|c| c.victim = victim);
    let set_guesses = move |text: String| match text.trim().parse::<u32>() {
        Ok(n) => lab.choices.update(|c| c.guesses = n),
        Err(_) => {
            lab.notice.set(Some(Notice { text: format!("Guesses: \"{text}\" is not a whole number"), problem: true }))
        }
    };
    view! {
        <div class="actions" role="group" aria-label="Mallory's moves">
            {inline_choice("Victim", Choice::of(&VICTIMS, browser_name, victim, pick_victim))}
            {ATTACK_BUTTONS
                .iter()
                .enumerate()
                .map(|(i, (name, _))| {
                    view! {
                        <button type="button" class="attack" on:click=move |_| attack(i)>
                            {*name}
                        </button>
                    }
                })
                .collect_view()}
            <label>
                "Guesses "
                <input
                    type="number"
                    min="1"
                    max="10000"
                    prop:value=move || lab.choices.with(|c| c.guesses.to_string())
                    on:change=move |ev| set_guesses(event_target_value(&ev))
                />
            </label>
        </div>
    }
}

/// The attacker's guess rate, and the expected time to guess a live
/// session ID at that rate.
#[component]
fn GuessTime() -> impl IntoView {
    let lab = Lab::get();
    let rate = RwSignal::new(DEFAULT_RATE);
    let set_rate = move |text: String| match text.trim().parse::<f64>() {
        Ok(r) if r >= 1.0 && r.is_finite() => rate.set(r),
        _ => lab
            .notice
            .set(Some(Notice { text: format!("Guess rate: \"{text}\" is not a number of at least 1"), problem: true })),
    };
    let expected = move || lab.world.with(|w| w.expected_seconds_to_guess(rate.get()));
    view! {
        <p class="guess-time">
            <label>
                "Guess rate (per second) "
                <input
                    type="number"
                    min="1"
                    prop:value=move || rate.get().to_string()
                    on:change=move |ev| set_rate(event_target_value(&ev))
                />
            </label>
            {move || format!(
                " Expected time to find a live session (OWASP: (2^B + 1) / (2 · A · S)): {}.",
                human_duration(expected()),
            )}
        </p>
    }
}

/// How the last attack ended: worked or failed, and what happened.
#[component]
fn AttackOutcome() -> impl IntoView {
    let lab = Lab::get();
    let outcome = move || {
        lab.world.with(|w| {
            w.events()
                .iter()
                .rev()
                .find(|e| {
                    matches!(
                        e.kind,
                        EventKind::Hijacked { .. }
                            | EventKind::AttackBlocked { .. }
                            | EventKind::AttackFailed { .. }
                            | EventKind::ForgedRequestWorked { .. }
                            | EventKind::ScriptRodeSession { .. }
                    )
                })
                .map(|e| {
                    (
                        e.describe(),
                        matches!(
                            e.kind,
                            EventKind::Hijacked { .. }
                                | EventKind::ForgedRequestWorked { .. }
                                | EventKind::ScriptRodeSession { .. }
                        ),
                    )
                })
        })
    };
    move || {
        outcome().map(|(text, worked)| {
            view! {
                <p class=if worked { "attack-outcome attack-worked" } else { "attack-outcome attack-held" }>
                    <strong>{if worked { "The attack worked: " } else { "The attack failed: " }}</strong>
                    {text}
                </p>
            }
        })
    }
}

/// Every defense as a switch, with its explanation and ASVS requirement.
#[component]
fn Defenses() -> impl IntoView {
    let lab = Lab::get();
    view! {
        <fieldset class="defenses">
            <legend>"Defenses"</legend>
            {Defense::ALL
                .iter()
                .map(|&d| {
                    let on = move || {
                        lab.world.with(|w| match d.is_on(w.config()) {
                            Some(on) => on,
                            None => w.browser(lab.active.get()).is_some_and(|b| b.https),
                        })
                    };
                    let fixed = matches!(d, Defense::PrecisePath | Defense::LogOutOtherSessions | Defense::ActiveSessionList);
                    let toggle = move |value: bool| {
                        match lab.world.with_untracked(|w| defense(d, value, &lab.inputs(), w)) {
                            Ok(action) => lab.act(action),
                            Err(text) => lab.notice.set(Some(Notice { text, problem: false })),
                        }
                    };
                    view! {
                        <div class="setting defense">
                            <label class="check">
                                <input
                                    type="checkbox"
                                    disabled=fixed
                                    prop:checked=on
                                    on:change=move |ev| toggle(event_target_checked(&ev))
                                />
                                {d.label()}
                            </label>
                            <span class="asvs">{format!(" ASVS {}", d.asvs().trim_start_matches("ASVS "))}</span>
                            <p class="hint">
                                {d.explanation()}
                                {fixed.then_some(" (Always offered by the shop.)")}
                                {(d == Defense::Https).then_some(" (For the active browser.)")}
                            </p>
                        </div>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

/// Seconds in words a learner can compare: "3 minutes", "about 10^21 years".
pub fn human_duration(secs: f64) -> String {
    if !secs.is_finite() {
        return "forever (no live session to find)".into();
    }
    let units = [(31_557_600.0, "years"), (86_400.0, "days"), (3_600.0, "hours"), (60.0, "minutes"), (1.0, "seconds")];
    for (size, name) in units {
        if secs >= size {
            let n = secs / size;
            return if n >= 1e6 {
                format!("about 10^{} {name}", decimal(n.log10(), 0))
            } else {
                format!("{} {name}", decimal(n, 1))
            };
        }
    }
    format!("{} seconds", decimal(secs.max(0.0), 3))
}

#[cfg(test)]
mod tests {
    use super::human_duration;

    #[test]
    fn durations_read_well() {
        assert_eq!(human_duration(90.0), "1.5 minutes");
        assert_eq!(human_duration(0.5), "0.500 seconds");
        assert_eq!(human_duration(3.0e30), "about 10^23 years");
        assert!(human_duration(f64::INFINITY).starts_with("forever"));
    }
}
