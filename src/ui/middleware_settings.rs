//! The session middleware's settings, drawn from the tables in
//! [`crate::lessons::settings`] (the names lessons press): typed-in fields,
//! yes/no switches and drop-down choices, each with its one-line hint, plus
//! the numbers of the chosen cleanup and the chosen generator's entropy.

use leptos::prelude::*;

use super::lab::{Lab, Notice};
use crate::lessons::settings::{Choice, Field, Switch, CHOICES, FIELDS, SWITCHES};
use crate::sim::words::decimal;
use crate::sim::{Action, Cleanup, SessionConfig};

/// An element id made from a label.
fn slug(label: &str) -> String {
    let s: String =
        label.to_ascii_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    format!("setting-{}", s.trim_matches('-'))
}

/// Applies a change to the session settings, or says why it was refused.
fn edit(lab: Lab, f: impl FnOnce(&mut SessionConfig) -> Result<(), String>) {
    let mut cfg = lab.world.with_untracked(|w| w.config().session.clone());
    match f(&mut cfg) {
        Ok(()) => lab.act(Action::SetSession { config: Box::new(cfg) }),
        Err(text) => lab.notice.set(Some(Notice { text, problem: true })),
    }
}

/// Every middleware setting, in a disclosure.
#[component]
pub fn MiddlewareSettings() -> impl IntoView {
    view! {
        <details class="middleware">
            <summary>"Session middleware settings"</summary>
            {FIELDS.iter().map(|f| view! { <FieldSetting field=*f /> }).collect_view()}
            {SWITCHES.iter().map(|s| view! { <SwitchSetting switch=*s /> }).collect_view()}
            {CHOICES.iter().map(|c| view! { <ChoiceSetting choice=*c /> }).collect_view()}
            <CleanupNumbers />
        </details>
    }
}

/// A typed-in setting, applied when the field changes.
#[component]
fn FieldSetting(
    /// The setting.
    field: Field,
) -> impl IntoView {
    let lab = Lab::get();
    let id = slug(field.label);
    let value = move || lab.world.with(|w| (field.get)(&w.config().session));
    view! {
        <div class="setting">
            <label for=id.clone()>{field.label}</label>
            <input
                id=id
                type="text"
                prop:value=value
                on:change=move |ev| {
                    let text = event_target_value(&ev);
                    edit(lab, |c| (field.set)(c, &text).map_err(|e| format!("{}: {e}", field.label)))
                }
            />
            <p class="hint">{field.hint}</p>
        </div>
    }
}

/// A yes/no setting.
#[component]
fn SwitchSetting(
    /// The setting.
    switch: Switch,
) -> impl IntoView {
    let lab = Lab::get();
    let value = move || lab.world.with(|w| (switch.get)(&w.config().session));
    view! {
        <div class="setting">
            <label class="check">
                <input
                    type="checkbox"
                    prop:checked=value
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        edit(
                            lab,
                            |c| {
                                (switch.set)(c, on);
                                Ok(())
                            },
                        )
                    }
                />
                {switch.label}
            </label>
            <p class="hint">{switch.hint}</p>
        </div>
    }
}

/// A setting chosen from a list.
#[component]
fn ChoiceSetting(
    /// The setting.
    choice: Choice,
) -> impl IntoView {
    let lab = Lab::get();
    let id = slug(choice.label);
    let current = move || lab.world.with(|w| (choice.get)(&w.config().session));
    let entropy = move || lab.world.with(|w| w.config().session.id_generator.entropy_bits());
    view! {
        <div class="setting">
            <label for=id.clone()>{choice.label}</label>
            <select
                id=id
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    edit(lab, |c| (choice.set)(c, &v))
                }
            >
                {(choice.options)()
                    .into_iter()
                    .map(|o| view! { <option value=o selected=move || current() == o>{o}</option> })
                    .collect_view()}
            </select>
            <p class="hint">
                {choice.hint}
                {(choice.label == "Session ID generator")
                    .then_some(move || format!(" This one: {} bits.", decimal(entropy(), 0)))}
            </p>
        </div>
    }
}

/// The numbers of the chosen cleanup: sweep interval and jitter, or the
/// per-request probability.
#[component]
fn CleanupNumbers() -> impl IntoView {
    let lab = Lab::get();
    let cleanup = move || lab.world.with(|w| w.config().session.cleanup);
    let set =
        move |text: String, what: &'static str, make: fn(u64, Cleanup) -> Cleanup| match text.trim().parse::<u64>() {
            Ok(n) => edit(lab, |c| {
                c.cleanup = make(n, c.cleanup);
                Ok(())
            }),
            Err(_) => lab
                .notice
                .set(Some(Notice { text: format!("{what}: \"{text}\" is not a whole number"), problem: true })),
        };
    move || {
        match cleanup() {
        Cleanup::Sweep { interval_secs, jitter_percent } => view! {
            <div class="setting">
                <label>
                    "Sweep every (seconds) "
                    <input
                        type="number"
                        min="1"
                        prop:value=interval_secs.to_string()
                        on:change=move |ev| set(event_target_value(&ev), "Sweep interval", |n, c| match c {
                            Cleanup::Sweep { jitter_percent, .. } => Cleanup::Sweep { interval_secs: n, jitter_percent },
                            other => other,
                        })
                    />
                </label>
                <label>
                    " Jitter (%) "
                    <input
                        type="number"
                        min="0"
                        max="100"
                        prop:value=jitter_percent.to_string()
                        on:change=move |ev| set(event_target_value(&ev), "Sweep jitter", |n, c| match c {
                            Cleanup::Sweep { interval_secs, .. } => {
                                Cleanup::Sweep { interval_secs, jitter_percent: n.min(255) as u8 }
                            }
                            other => other,
                        })
                    />
                </label>
            </div>
        }
        .into_any(),
        Cleanup::Probabilistic { one_in } => view! {
            <div class="setting">
                <label>
                    "Sweep on 1 request in "
                    <input
                        type="number"
                        min="1"
                        prop:value=one_in.to_string()
                        on:change=move |ev| set(event_target_value(&ev), "Cleanup probability", |n, _| {
                            Cleanup::Probabilistic { one_in: n.min(u64::from(u32::MAX)) as u32 }
                        })
                    />
                </label>
            </div>
        }
        .into_any(),
        _ => ().into_any(),
    }
    }
}
