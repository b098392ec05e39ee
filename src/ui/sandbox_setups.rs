//! The sandbox's starting setups: the worlds a class usually begins from,
//! one click each (asking first when the current world holds the learner's
//! actions). Each is a plain [`WorldConfig`]; the sandbox's own default (three
//! servers, sticky) is among them, so this is also how the sandbox starts over.

use leptos::prelude::*;

use super::lab::Lab;
use crate::sim::presets::sandbox_start_config;
use crate::sim::{Balancing, StoreKind, WorldConfig};

/// One starting setup.
#[derive(Clone, Copy, Debug)]
pub struct Setup {
    /// Its button's label.
    pub name: &'static str,
    /// What it shows, for the button's description.
    pub about: &'static str,
    /// Its world's settings.
    pub config: fn() -> WorldConfig,
}

/// `servers` servers balanced by `balancing`, sessions kept in `store`.
fn cluster(servers: u8, balancing: Balancing, store: StoreKind) -> WorldConfig {
    WorldConfig { servers, balancing, store, ..WorldConfig::default() }
}

/// The setups, in the order the sandbox lists them.
pub const SETUPS: [Setup; 5] = [
    Setup {
        name: "One server",
        about: "one server keeping sessions in its memory: where the course starts",
        config: || cluster(1, Balancing::RoundRobin, StoreKind::InMemory),
    },
    Setup {
        name: "Two servers, round robin",
        about: "two servers with their own memory, taking requests in turn: sessions get lost",
        config: || cluster(2, Balancing::RoundRobin, StoreKind::InMemory),
    },
    Setup {
        name: "Two servers, sticky",
        about: "two servers with their own memory; the balancer keeps each browser on one",
        config: || cluster(2, Balancing::Sticky, StoreKind::InMemory),
    },
    Setup {
        name: "Shared database",
        about: "two servers in turn, both keeping sessions in one shared database",
        config: || cluster(2, Balancing::RoundRobin, StoreKind::Database),
    },
    Setup {
        name: "Three servers, sticky",
        about: "the sandbox's own start: three servers with their own memory, sticky balancing",
        config: sandbox_start_config,
    },
];

/// The row of starting setups.
#[component]
pub fn SandboxSetups() -> impl IntoView {
    let lab = Lab::get();
    view! {
        <section class="panel sandbox-setups" aria-labelledby="setups-title">
            <h3 id="setups-title">"Start from a setup"</h3>
            <div class="actions" role="group" aria-labelledby="setups-title">
                {SETUPS
                    .iter()
                    .map(|s| {
                        view! {
                            <button type="button" title=s.about on:click=move |_| lab.ask_start_with(s.name, (s.config)())>
                                {s.name}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <p class="hint">"Each starts a fresh world with that setup; change anything afterwards, then share it from the header."</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::World;

    #[test]
    fn every_setup_is_a_valid_world_with_what_its_name_says() {
        let shape = |s: &Setup| {
            let c = (s.config)();
            assert!(World::new(c.clone(), 1).is_ok(), "{}", s.name);
            (c.servers, c.balancing, c.store)
        };
        let got: Vec<_> = SETUPS.iter().map(shape).collect();
        assert_eq!(
            got,
            [
                (1, Balancing::RoundRobin, StoreKind::InMemory),
                (2, Balancing::RoundRobin, StoreKind::InMemory),
                (2, Balancing::Sticky, StoreKind::InMemory),
                (2, Balancing::RoundRobin, StoreKind::Database),
                (3, Balancing::Sticky, StoreKind::InMemory),
            ]
        );
    }
}
