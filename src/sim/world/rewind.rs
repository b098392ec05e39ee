//! Going back in time: the world as it was when its log held a given
//! number of events, rebuilt from its settings, seed and actions (the engine
//! is deterministic, so the rebuild is exact). Clicks settle hop by hop, so
//! the picture can be scrubbed over every hop of a request.

use super::{ReplayError, World};
use crate::sim::action::Action;
use crate::sim::event::Event;

impl World {
    /// The world when `events` events had been recorded (counting those no
    /// longer kept in full; or the first moment after, for an action that
    /// records several at once). For viewing: its actions list the hops one
    /// by one where this world settled a click.
    pub fn rewound_to(&self, events: usize) -> Result<World, ReplayError> {
        let mut rewind = Rewind::new(self)?;
        rewind.until(events)?;
        Ok(rewind.world)
    }
}

/// A rebuild of a world's history that stops at several moments in turn,
/// replaying each action once: the timeline draws the hop before and the hop
/// shown from one rebuild.
pub struct Rewind<'a> {
    /// The world whose history is replayed.
    source: &'a World,
    /// The rebuild so far.
    world: World,
    /// The next of `source`'s actions to replay (a click being settled stays
    /// next until its hops are done).
    next: usize,
}

impl<'a> Rewind<'a> {
    /// A rebuild of `source` from its settings and seed, before any action.
    pub fn new(source: &'a World) -> Result<Rewind<'a>, ReplayError> {
        let world = World::new(source.initial_config().clone(), source.seed())
            .map_err(|e| ReplayError { index: None, message: e.to_string() })?;
        Ok(Rewind { source, world, next: 0 })
    }

    /// Replays on until `events` events have been recorded (as
    /// [`World::rewound_to`]), and shows the world then. A moment earlier than
    /// one already reached shows the world as it is.
    pub fn until(&mut self, events: usize) -> Result<&World, ReplayError> {
        let actions = self.source.actions();
        while self.next < actions.len() && self.world.event_count() < events {
            let i = self.next;
            let fail = |e: super::ActionError| ReplayError { index: Some(i), message: e.message };
            match &actions[i] {
                Action::Settle => {
                    while self.world.pending_hops() > 0 && self.world.event_count() < events {
                        self.world.apply(Action::Step).map_err(fail)?;
                    }
                    if self.world.pending_hops() == 0 {
                        self.next += 1;
                    }
                }
                other => {
                    self.world.apply(other.clone()).map_err(fail)?;
                    self.next += 1;
                }
            }
        }
        Ok(&self.world)
    }
}

/// Where each hop's events begin in `events`: a hop is a run of events at
/// the same time for the same request (or one event with no request). The
/// timeline moves by these. (Positions in the slice: add
/// [`World::events_dropped`] for event numbers.)
pub fn hop_starts(events: &[Event]) -> Vec<usize> {
    starts(events).collect()
}

/// How many hops `events` holds (the timeline's length), without listing them.
pub fn hop_count(events: &[Event]) -> usize {
    starts(events).count()
}

/// The index of each hop's first event.
fn starts(events: &[Event]) -> impl Iterator<Item = usize> + '_ {
    events.iter().enumerate().filter_map(|(i, e)| {
        let same_hop = i > 0 && e.request.is_some() && events[i - 1].request == e.request && events[i - 1].at == e.at;
        (!same_hop).then_some(i)
    })
}

#[cfg(test)]
mod tests {
    use crate::sim::*;

    #[test]
    fn a_rewound_world_is_the_world_as_it_was_at_that_event() {
        let mut w = World::new(WorldConfig { servers: 2, ..WorldConfig::default() }, 5).unwrap();
        w.browser_do(BrowserId::ALICE, BrowserAction::home()).unwrap();
        let after_first = w.events().len();
        let sessions_then = w.sessions_held();
        w.browser_do(BrowserId::BOB, BrowserAction::home()).unwrap();
        w.run(Action::RestartServer { server: ServerNumber(1) }).unwrap();
        let back = w.rewound_to(after_first).unwrap();
        assert_eq!(back.events(), &w.events()[..after_first]);
        assert_eq!(back.sessions_held(), sessions_then);
        let starts = world::hop_starts(w.events());
        assert_eq!(starts[0], 0);
        for pair in starts.windows(2) {
            let mid = w.rewound_to(pair[1]).unwrap();
            assert_eq!(mid.events(), &w.events()[..mid.events().len()]);
            assert!(mid.events().len() >= pair[1], "a hop is never cut in two");
        }
        let all = w.rewound_to(w.events().len()).unwrap();
        assert_eq!(all.events(), w.events());
    }
}
