//! Settings: the session store, the balancing policy, a library preset and
//! every middleware setting the engine offers, each with a one-line
//! explanation. A change applies at once; a refused one says why.

use leptos::prelude::*;

use super::choice::{setting_choice, Choice};
use super::lab::{Lab, Notice};
use super::middleware_settings::MiddlewareSettings;
use super::panel_frame::PanelFrame;
use crate::sim::config::{CacheSettings, Persistence};
use crate::sim::{Action, Balancing, Preset, StoreKind};

/// The settings panel.
#[component]
pub fn SettingsPanel() -> impl IntoView {
    let lab = Lab::get();
    // Where sessions are stored, and how the balancer picks a server, each
    // with what the choice means.
    let store = move || lab.world.with(|w| w.config().store);
    let balancing = move || lab.world.with(|w| w.config().balancing);
    let store_hint = Signal::derive(move || store().in_one_line());
    let balancing_hint = Signal::derive(move || balancing().in_one_line());
    let store = Choice::of(&StoreKind::ALL, StoreKind::label, store, move |to| lab.act(Action::SwitchStore { to }));
    let balancing = Choice::of(&Balancing::ALL, Balancing::label, balancing, move |policy| {
        lab.act(Action::SetBalancing { policy })
    });
    view! {
        <PanelFrame class="settings-panel" id="settings" title="Settings">
            {setting_choice("store-select", "Session storage", store, store_hint)}
            {setting_choice("balancing-select", "Load balancing", balancing, balancing_hint)}
            <PresetChoice />
            <MiddlewareSettings />
            <CacheSettingsForm />
        </PanelFrame>
    }
}

/// A real library's defaults to apply in one go.
#[component]
fn PresetChoice() -> impl IntoView {
    let lab = Lab::get();
    view! {
        <div class="setting">
            <label for="preset-select">"Library preset"</label>
            <select
                id="preset-select"
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(p) = Preset::ALL.iter().find(|p| p.label() == v) {
                        lab.act(Action::ApplyPreset { preset: *p });
                        lab.announcement.set(format!("Applied {}: {}", p.label(), p.source()));
                    }
                }
            >
                <option value="" selected=true>
                    "Choose a preset..."
                </option>
                {Preset::ALL.iter().map(|p| view! { <option value=p.label()>{p.label()}</option> }).collect_view()}
            </select>
            <p class="hint">"Sets the store and every setting below to a real library's defaults, and names the source."</p>
        </div>
    }
}

/// What the cache persistence choices mean.
const PERSISTENCE_HINT: &str = "What Redis writes to disk. Snapshots (Debian's packaged config): a clean restart keeps every session, a crash loses what the last snapshot missed. Append-only file: a crash keeps them too.";

/// The shared cache's memory limit and persistence.
#[component]
fn CacheSettingsForm() -> impl IntoView {
    let lab = Lab::get();
    let settings = move || lab.world.with(|w| w.config().cache.clone());
    let set = move |s: CacheSettings| lab.act(Action::SetCache { settings: s });
    view! {
        <details class="cache-settings">
            <summary>"Shared cache settings"</summary>
            <div class="setting">
                <label for="cache-limit">"Cache memory limit (KiB)"</label>
                <input
                    id="cache-limit"
                    type="number"
                    min="1"
                    prop:value=move || (settings().memory_limit_bytes / 1024).to_string()
                    on:change=move |ev| {
                        let text = event_target_value(&ev);
                        match text.trim().parse::<u32>() {
                            Ok(kib) => {
                                set(CacheSettings { memory_limit_bytes: kib.saturating_mul(1024), ..settings() })
                            }
                            Err(_) => {
                                lab.notice
                                    .set(
                                        Some(Notice {
                                            text: format!("Cache memory limit: \"{text}\" is not a whole number of KiB"),
                                            problem: true,
                                        }),
                                    )
                            }
                        }
                    }
                />
                <p class="hint">"When full, the least recently used sessions are evicted."</p>
            </div>
            {setting_choice(
                "cache-persistence",
                "Cache persistence",
                Choice::of(
                    &Persistence::ALL,
                    Persistence::label,
                    move || settings().persistence,
                    move |persistence| set(CacheSettings { persistence, ..settings() }),
                ),
                Signal::stored(PERSISTENCE_HINT),
            )}
        </details>
    }
}
