//! The playground's clock: Play, Pause and Step, and the beat that moves a
//! request one hop at a time when animation is on. Part of [`super::Lab`].

use leptos::prelude::*;
use std::time::Duration;

use super::{Lab, SPEEDS};
use crate::sim::Action;

/// Real milliseconds one hop takes on screen at 1x.
const HOP_MS: f64 = 350.0;
/// Real milliseconds between clock ticks while playing.
const TICK_MS: u64 = 1_000;

impl Lab {
    /// Runs pending hops: all at once, or one per animation beat.
    pub(super) fn drive_hops(&self) {
        let pending = self.world.with_untracked(|w| w.pending_hops() > 0);
        if !pending {
            self.animating.set(false);
            self.save();
            return;
        }
        if !self.animate.get_untracked() {
            self.run_engine(Action::Settle);
            self.animating.set(false);
            self.save();
            return;
        }
        if self.animating.get_untracked() {
            return; // a beat is already scheduled
        }
        self.animating.set(true);
        self.schedule_beat();
    }

    /// Real milliseconds between two hops at the chosen speed (the picture's
    /// token glides from card to card in most of one).
    pub fn beat_ms(&self) -> f64 {
        (HOP_MS / self.speed_factor()).max(20.0)
    }

    /// The chosen speed's factor (1.0 at 1x).
    fn speed_factor(&self) -> f64 {
        SPEEDS[self.speed.get_untracked().min(SPEEDS.len() - 1)].0
    }

    fn schedule_beat(&self) {
        let lab = *self;
        let ms = self.beat_ms() as u64;
        set_timeout(
            move || {
                if !lab.animating.get_untracked() {
                    return; // paused meanwhile
                }
                let stepped = lab.run_engine(Action::Step);
                if stepped && lab.world.with_untracked(|w| w.pending_hops() > 0) {
                    lab.schedule_beat();
                } else {
                    lab.animating.set(false);
                    lab.save();
                }
            },
            Duration::from_millis(ms),
        );
    }

    /// Pause: the clock stops and any animation holds where it is.
    pub fn pause(&self) {
        self.playing.set(false);
        self.animating.set(false);
    }

    /// Play: the clock runs at the chosen speed, and held requests go on.
    pub fn play(&self) {
        if self.playing.get_untracked() {
            return;
        }
        self.playing.set(true);
        self.drive_hops();
        self.schedule_tick();
    }

    fn schedule_tick(&self) {
        let lab = *self;
        set_timeout(
            move || {
                if !lab.playing.get_untracked() {
                    return;
                }
                let by = crate::sim::SimTime::micros((lab.speed_factor() * 1_000_000.0) as u64);
                if !lab.animating.get_untracked() {
                    lab.begin();
                    lab.run_engine(Action::Advance { by });
                    lab.save();
                }
                lab.schedule_tick();
            },
            Duration::from_millis(TICK_MS),
        );
    }

    /// Step: the next hop of a request in flight, or one second of the clock.
    pub fn step(&self) {
        self.animating.set(false);
        self.begin();
        let action = self.world.with_untracked(crate::lessons::buttons::step_action);
        self.run_engine(action);
        self.save();
    }
}
