//! The sandbox's starting setups: the worlds a class usually begins from,
//! one click each (asking first when the current world holds the learner's
//! actions). Each is a plain [`WorldConfig`]; the sandbox's own default (three
//! servers, sticky) is among them, so this is also how the sandbox starts over.

use leptos::prelude::*;

use super::lab::Lab;
use super::panel_frame::PanelFrame;
use crate::sim::presets::sandbox_start_config;
use crate::sim::{Balancing, StoreKind, WorldConfig};
use Balancing::{RoundRobin, Sticky};
use StoreKind::{Database, InMemory};

/// One starting setup.
#[derive(Clone, Copy, Debug)]
pub struct Setup {
    /// Its button's label.
    pub name: &'static str,
    /// What it shows, for the button's description.
    pub about: &'static str,
    /// How many servers.
    pub servers: u8,
    /// How the balancer picks one.
    pub balancing: Balancing,
    /// Where sessions are kept.
    pub store: StoreKind,
}

impl Setup {
    /// Its world's settings: the sandbox's defaults but for the three above.
    pub fn config(&self) -> WorldConfig {
        let Setup { servers, balancing, store, .. } = *self;
        WorldConfig { servers, balancing, store, ..sandbox_start_config() }
    }
}

/// The setups, in the order the sandbox lists them.
#[rustfmt::skip]
pub const SETUPS: [Setup; 5] = [
    setup("One server", "one server keeping sessions in its memory: where the course starts", 1, RoundRobin, InMemory),
    setup("Two servers, round robin", "two servers with their own memory, taking requests in turn: sessions get lost", 2, RoundRobin, InMemory),
    setup("Two servers, sticky", "two servers with their own memory; the balancer keeps each browser on one", 2, Sticky, InMemory),
    setup("Shared database", "two servers in turn, both keeping sessions in one shared database", 2, RoundRobin, Database),
    setup("Three servers, sticky", "the sandbox's own start: three servers with their own memory, sticky balancing", 3, Sticky, InMemory),
];

/// A row of [`SETUPS`].
const fn setup(name: &'static str, about: &'static str, servers: u8, balancing: Balancing, store: StoreKind) -> Setup {
    Setup { name, about, servers, balancing, store }
}

/// The row of starting setups.
#[component]
pub fn SandboxSetups() -> impl IntoView {
    let lab = Lab::get();
    view! {
        <PanelFrame class="sandbox-setups" id="setups" title="Start from a setup">
            <div class="actions" role="group" aria-labelledby="setups-title">
                {SETUPS
                    .iter()
                    .map(|s| {
                        view! {
                            <button type="button" title=s.about on:click=move |_| lab.ask_start_with(s.name, s.config())>
                                {s.name}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <p class="hint">"Each starts a fresh world with that setup; change anything afterwards, then share it from the header."</p>
        </PanelFrame>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::World;

    #[test]
    fn every_setup_is_a_valid_world_with_what_its_name_says() {
        let shape = |s: &Setup| {
            let c = s.config();
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
