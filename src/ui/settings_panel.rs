//! Settings: the session store, the balancing policy, a library preset and
//! every middleware setting the engine offers, each with a one-line
//! explanation. A change applies at once; a refused one says why.

use leptos::prelude::*;

use super::lab::{Lab, Notice};
use super::middleware_settings::MiddlewareSettings;
use crate::sim::config::{CacheSettings, Persistence};
use crate::sim::{Action, Balancing, Preset, StoreKind};

/// The settings panel.
#[component]
pub fn SettingsPanel() -> impl IntoView {
    view! {
        <section class="panel settings-panel" aria-labelledby="settings-title">
            <h3 id="settings-title">"Settings"</h3>
            <StoreChoice />
            <BalancingChoice />
            <PresetChoice />
            <MiddlewareSettings />
            <CacheSettingsForm />
        </section>
    }
}

/// Where sessions are stored, with what that choice means.
#[component]
fn StoreChoice() -> impl IntoView {
    let lab = Lab::get();
    let store = move || lab.world.with(|w| w.config().store);
    view! {
        <div class="setting">
            <label for="store-select">"Session storage"</label>
            <select
                id="store-select"
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(k) = StoreKind::ALL.iter().find(|k| k.label() == v) {
                        lab.act(Action::SwitchStore { to: *k });
                    }
                }
            >
                {StoreKind::ALL
                    .iter()
                    .map(|k| {
                        view! {
                            <option value=k.label() selected=move || store() == *k>
                                {k.label()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <p class="hint">
                {move || match store() {
                    StoreKind::InMemory => "Each server keeps sessions in its own process memory: fast, lost on restart, not shared.",
                    StoreKind::File => "One file per session on each server's own disk: survives a restart, not shared, gone with a replaced server.",
                    StoreKind::Database => "One table every server reads and writes: survives any app-server event; the database can go down.",
                    StoreKind::Cache => "A shared in-memory cache with a TTL per key and a memory limit (LRU eviction); a restart loses it without persistence.",
                    StoreKind::CachedDatabase => "The shared database with a cache in each server: fast reads, but a server can serve a stale copy.",
                    StoreKind::SignedCookie => "No server-side state: the session travels in a signed cookie; it cannot be revoked and must fit in 4096 bytes.",
                }}
            </p>
        </div>
    }
}

/// How the load balancer picks a server, with what that choice means.
#[component]
fn BalancingChoice() -> impl IntoView {
    let lab = Lab::get();
    let balancing = move || lab.world.with(|w| w.config().balancing);
    view! {
        <div class="setting">
            <label for="balancing-select">"Load balancing"</label>
            <select
                id="balancing-select"
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(p) = Balancing::ALL.iter().find(|p| p.label() == v) {
                        lab.act(Action::SetBalancing { policy: *p });
                    }
                }
            >
                {Balancing::ALL
                    .iter()
                    .map(|p| {
                        view! {
                            <option value=p.label() selected=move || balancing() == *p>
                                {p.label()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <p class="hint">
                {move || match balancing() {
                    Balancing::RoundRobin => "Each server in turn.",
                    Balancing::Random => "A random server each time (seeded, so replays match).",
                    Balancing::LeastConnections => "The server with the fewest requests in progress.",
                    Balancing::Sticky => "The balancer sets its own cookie and sends a browser back to the same server.",
                    Balancing::IpHash => "A hash of the client's IP address picks the server.",
                }}
            </p>
        </div>
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
            <div class="setting">
                <label for="cache-persistence">"Cache persistence"</label>
                <select
                    id="cache-persistence"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(p) = Persistence::ALL.iter().find(|p| p.label() == v) {
                            set(CacheSettings { persistence: *p, ..settings() });
                        }
                    }
                >
                    {Persistence::ALL
                        .iter()
                        .map(|p| {
                            let p = *p;
                            view! {
                                <option value=p.label() selected=move || settings().persistence == p>
                                    {p.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <p class="hint">
                    "What Redis writes to disk. Snapshots (Debian's packaged config): a clean restart keeps every session, a crash loses what the last snapshot missed. Append-only file: a crash keeps them too."
                </p>
            </div>
        </details>
    }
}
