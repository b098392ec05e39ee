//! The sandbox: the whole playground with every control open. Restores the
//! saved sandbox (or a shared scenario from the link), offers the starting
//! setups and lays out the panels.

use leptos::prelude::*;

use super::lab::{Lab, Notice, SaveTo};
use super::playground::Playground;
use super::sandbox_setups::SandboxSetups;
use super::share_panel::SharedWorld;
use crate::persist::{self, Restored};
use crate::sim::presets::sandbox_start_config;
use crate::sim::{World, WorldConfig};

/// A fresh sandbox world with a new seed.
pub fn fresh_world() -> World {
    World::new(sandbox_start_config(), persist::fresh_seed())
        .unwrap_or_else(|_| World::new(WorldConfig::default(), 1).expect("the default config is valid"))
}

/// The sandbox view. `shared` is a scenario fragment from a share link, if
/// the page was opened with one.
#[component]
pub fn SandboxView(
    /// The fragment of a share link (`#/sandbox/s/<fragment>`), if any.
    #[prop(optional)]
    shared: Option<String>,
) -> impl IntoView {
    let mut first_notice = None;
    let mut slow_save = None;
    let saved = match persist::load_sandbox() {
        Restored::World(w) => Some(*w),
        Restored::Nothing => None,
        Restored::Long(scenario) => {
            slow_save = Some(scenario);
            None
        }
        Restored::Unreadable(message) => {
            first_notice = Some(Notice { text: message, problem: true });
            None
        }
    };
    // A long shared world is rebuilt in slices once the page is up.
    let mut slow_link = None;
    let world = match shared.as_deref().map(crate::sim::Scenario::from_fragment) {
        Some(Ok(scenario)) if scenario.workload().is_long() => {
            slow_link = Some(scenario);
            saved.unwrap_or_else(fresh_world)
        }
        Some(Ok(scenario)) => match scenario.build() {
            Ok(w) => {
                first_notice = Some(Notice { text: "Opened the shared scenario.".into(), problem: false });
                w
            }
            Err(e) => {
                first_notice = Some(Notice {
                    text: format!("The share link could not be opened: {}. Your sandbox is unchanged.", e.message),
                    problem: true,
                });
                saved.unwrap_or_else(fresh_world)
            }
        },
        Some(Err(e)) => {
            first_notice = Some(Notice {
                text: format!("The share link could not be opened: {}. Your sandbox is unchanged.", e.message),
                problem: true,
            });
            saved.unwrap_or_else(fresh_world)
        }
        None => saved.unwrap_or_else(fresh_world),
    };
    let lab = Lab::new(world, SaveTo::Sandbox);
    lab.notice.set(first_notice);
    if let Some(scenario) = slow_link {
        lab.rebuild_in_slices(&scenario, "Opening the shared world", "Opened the shared scenario.");
    } else if let Some(scenario) = slow_save {
        lab.restore_in_slices(&scenario);
    }
    provide_context(lab);
    SharedWorld::offer(lab.world);
    view! {
        <section class="playground" aria-labelledby="sandbox-title">
            <h2 id="sandbox-title">"Sandbox"</h2>
            <SandboxSetups />
            <Playground panels=Vec::new() share=true />
        </section>
    }
}
