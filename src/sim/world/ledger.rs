//! The engine's own memory of every session ID it issued and what became of
//! it, so that a lost session can always be explained.

use crate::sim::ids::{SessionId, SessionIdMap};
use crate::sim::loss::LossCause;

/// What the engine knows about issued session IDs. A cause is boxed: most
/// IDs a world remembers are alive, and a slot of ID and pointer is 16 bytes
/// smaller than one of ID and cause (the bench's bytes per stored session).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ledger {
    fates: SessionIdMap<Option<Box<LossCause>>>,
}

/// What became of an ID.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    /// Never issued by any server of this world.
    NeverIssued,
    /// Issued; nothing is known to have happened to it.
    Issued,
    /// Issued and later lost for this reason.
    Lost(LossCause),
}

impl Ledger {
    /// Notes that `id` was issued (or adopted) and is alive.
    pub fn issued(&mut self, id: &SessionId) {
        self.fates.insert(id.clone(), None);
    }
    /// Notes that `id` is gone and why (only for IDs that were issued).
    pub fn lost(&mut self, id: &SessionId, cause: LossCause) {
        if let Some(f) = self.fates.get_mut(id) {
            match f {
                Some(held) => **held = cause,
                None => *f = Some(Box::new(cause)),
            }
        }
    }
    /// What became of `id`.
    pub fn fate(&self, id: &SessionId) -> Fate {
        match self.fates.get(id) {
            None => Fate::NeverIssued,
            Some(None) => Fate::Issued,
            Some(Some(c)) => Fate::Lost(**c),
        }
    }
    /// The ID this ledger holds for `text`, shared rather than copied: a
    /// request that names a known session needs no new allocation.
    pub fn known(&self, text: &str) -> Option<SessionId> {
        self.fates.get_key_value(text).map(|(id, _)| id.clone())
    }
    /// How many IDs were ever issued.
    pub fn len(&self) -> usize {
        self.fates.len()
    }
    /// True if none were.
    pub fn is_empty(&self) -> bool {
        self.fates.is_empty()
    }
}
