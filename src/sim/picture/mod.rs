//! The picture: what the diagram draws, worked out from the world alone.
//! Browsers with their cookie jars, the balancer with its policy and the
//! affinity it keeps, servers with the sessions in their memory, on their
//! disk and in their cache, the shared database or cache, the request on its
//! way with the cookie it carries, one caption in the event log's words, and
//! the ghosts of sessions the last action lost. The UI only draws it.

mod chip;
mod nodes;
mod token;

pub use chip::{clock, Chip, ChipState, Chips, Owner};
pub use nodes::{BalancerNode, BrowserNode, CookieChip, ServerNode, SharedNode};
pub use token::Token;

use crate::sim::loss::LossCause;
use crate::sim::world::{Fate, World};

/// How many chips a place shows before "and N more".
pub const CHIPS_SHOWN: usize = 6;

/// A session the last action lost, drawn where it was until the next one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ghost {
    /// The session as it was.
    pub chip: Chip,
    /// Where it was: "server 1's memory".
    pub place: String,
    /// Why it is gone.
    pub cause: LossCause,
}

/// Everything the diagram shows, at one moment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picture {
    /// alice's, bob's and mallory's browsers.
    pub browsers: Vec<BrowserNode>,
    /// The load balancer.
    pub balancer: BalancerNode,
    /// The servers, in number order.
    pub servers: Vec<ServerNode>,
    /// The shared database or cache, if the cluster uses one.
    pub shared: Option<SharedNode>,
    /// The latest request of a named browser, where it is.
    pub token: Option<Token>,
    /// What happened last, in the event log's words.
    pub caption: Option<String>,
    /// Sessions lost since the picture before.
    pub ghosts: Vec<Ghost>,
}

impl Picture {
    /// The picture of `world`; ghosts are the sessions `before` showed that
    /// are gone now and lost (not merely moved or shown among "more").
    pub fn of(world: &World, before: Option<&Picture>) -> Picture {
        let token = Token::latest(world);
        let answered = token.as_ref().and_then(|t| t.server);
        let mut picture = Picture {
            browsers: BrowserNode::all(world),
            balancer: BalancerNode::of(world),
            servers: world.servers().iter().map(|s| ServerNode::of(world, s, answered)).collect(),
            shared: SharedNode::of(world),
            token,
            caption: world.events().last().map(|e| e.describe()),
            ghosts: Vec::new(),
        };
        if let Some(before) = before {
            picture.ghosts = picture.lost_since(before, world);
            picture.mark_fresh(before);
        }
        picture
    }

    /// Every place and the chips it shows: "server 1's memory", ….
    pub fn places(&self) -> Vec<(String, &Chips)> {
        let mut places = Vec::new();
        for s in &self.servers {
            places.extend(s.places());
        }
        if let Some(shared) = &self.shared {
            places.push((shared.place(), &shared.chips));
        }
        places
    }

    /// Marks the chips that are new in their place, or changed, since `before`.
    fn mark_fresh(&mut self, before: &Picture) {
        let old: Vec<(String, String, u32)> = before
            .places()
            .into_iter()
            .flat_map(|(place, chips)| chips.shown.iter().map(move |c| (place.clone(), c.id.clone(), c.version)))
            .collect();
        let seen = |place: &str, c: &Chip| old.iter().any(|(p, id, v)| p == place && *id == c.id && *v == c.version);
        for s in &mut self.servers {
            let names = ["memory", "disk", "cache"].map(|what| s.place(what));
            for (place, chips) in names.iter().zip([&mut s.memory, &mut s.disk, &mut s.cache]) {
                chips.shown.iter_mut().for_each(|c| c.fresh = !seen(place, c));
            }
        }
        if let Some(shared) = &mut self.shared {
            let place = shared.place();
            shared.chips.shown.iter_mut().for_each(|c| c.fresh = !seen(&place, c));
        }
    }

    /// The sessions of `before` that are gone from every place and that the
    /// world counts as lost.
    fn lost_since(&self, before: &Picture, world: &World) -> Vec<Ghost> {
        let here: Vec<&String> =
            self.places().iter().flat_map(|(_, chips)| chips.shown.iter().map(|c| &c.id)).collect();
        let mut ghosts: Vec<Ghost> = Vec::new();
        for (place, chips) in before.places() {
            for chip in &chips.shown {
                if here.contains(&&chip.id) || ghosts.iter().any(|g| g.chip.id == chip.id && g.place == place) {
                    continue;
                }
                let fate = world.ledger().known(&chip.id).map(|id| world.ledger().fate(&id));
                if let Some(Fate::Lost(cause)) = fate {
                    ghosts.push(Ghost { chip: chip.clone(), place: place.clone(), cause });
                }
            }
        }
        ghosts
    }

    /// The picture as lines of text, in reading order: what a screen reader
    /// user reads when walking the picture as a list.
    pub fn as_list(&self) -> Vec<String> {
        let mut lines: Vec<String> = self.browsers.iter().map(BrowserNode::summary).collect();
        lines.push(self.balancer.summary());
        lines.extend(self.servers.iter().map(ServerNode::summary));
        lines.extend(self.shared.iter().map(SharedNode::summary));
        for (place, chips) in self.places() {
            lines.extend(chips.shown.iter().map(|c| c.name(&place)));
            lines.extend(chips.more_text().map(|m| format!("{place}: {m}")));
        }
        lines.extend(self.ghosts.iter().map(|g| format!("lost: {} ({})", g.chip.name(&g.place), g.cause)));
        lines.extend(self.token.iter().map(Token::summary));
        lines
    }
}

#[cfg(test)]
mod tests;
