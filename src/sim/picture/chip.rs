//! A session as the picture draws it: a chip with its short ID, coloured by
//! whose it is, with its time left, and a name a screen reader says in full.

use crate::sim::session::{SessionRecord, User};
use crate::sim::time::SimTime;

/// Whose session a chip is: the user logged in with it, or nobody yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Owner {
    /// alice is logged in with it.
    Alice,
    /// bob is.
    Bob,
    /// mallory is.
    Mallory,
    /// A load-run visitor is.
    Visitor,
    /// Nobody has logged in with it.
    Anonymous,
}

impl Owner {
    /// Whose session `record` is.
    pub fn of(record: &SessionRecord) -> Owner {
        match record.data.user {
            Some(User::Alice) => Owner::Alice,
            Some(User::Bob) => Owner::Bob,
            Some(User::Mallory) => Owner::Mallory,
            Some(User::Customer(_)) => Owner::Visitor,
            None => Owner::Anonymous,
        }
    }

    /// The word for it: "alice's", "an anonymous".
    pub fn possessive(self) -> &'static str {
        match self {
            Owner::Alice => "alice's",
            Owner::Bob => "bob's",
            Owner::Mallory => "mallory's",
            Owner::Visitor => "a visitor's",
            Owner::Anonymous => "an anonymous",
        }
    }

    /// A CSS-friendly name: "alice", "anonymous".
    pub fn key(self) -> &'static str {
        match self {
            Owner::Alice => "alice",
            Owner::Bob => "bob",
            Owner::Mallory => "mallory",
            Owner::Visitor => "visitor",
            Owner::Anonymous => "anonymous",
        }
    }
}

/// How a chip differs from a plain live record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChipState {
    /// Live.
    Live,
    /// Past its expiry, still held (nothing has deleted it yet).
    Expired,
    /// A server's cached copy, equal to the database's row.
    Copy,
    /// A server's cached copy older than the database's row.
    StaleCopy,
}

/// One session record in one place.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Chip {
    /// The session ID (text: a picture is plain data, sent across threads by the UI's memos).
    pub id: String,
    /// The session ID, shortened ("cfdb…").
    pub short_id: String,
    /// Whose it is.
    pub owner: Owner,
    /// Live, expired, a copy or a stale copy.
    pub state: ChipState,
    /// Time left before it expires (`None`: never).
    pub expires_in: Option<SimTime>,
    /// When it was created.
    pub created: SimTime,
    /// Its version (bumped on every save).
    pub version: u32,
    /// New or changed since the picture before (drawn highlighted).
    pub fresh: bool,
}

impl Chip {
    /// The chip of `record` at `now`, in `state` (live or expired is worked out).
    pub fn of(record: &SessionRecord, now: SimTime, copy: Option<bool>) -> Chip {
        let state = match copy {
            Some(true) => ChipState::StaleCopy,
            Some(false) => ChipState::Copy,
            None if record.is_expired(now) => ChipState::Expired,
            None => ChipState::Live,
        };
        let expires_in = (record.expires != SimTime::NEVER).then(|| record.expires.since(now));
        Chip {
            id: record.id.as_str().to_string(),
            short_id: short(record.id.as_str()),
            owner: Owner::of(record),
            state,
            expires_in,
            created: record.created,
            version: record.version,
            fresh: false,
        }
    }

    /// What a screen reader says: "alice's session cfdb… in server 1's
    /// memory, created 0:01, expires in 30 min".
    pub fn name(&self, place: &str) -> String {
        let what = match self.state {
            ChipState::Live | ChipState::Expired => "session",
            ChipState::Copy => "cached copy of session",
            ChipState::StaleCopy => "stale cached copy of session",
        };
        let when = match (self.state, self.expires_in) {
            (ChipState::Expired, _) => "expired".to_string(),
            (_, Some(left)) => format!("expires in {left}"),
            (_, None) => "never expires".to_string(),
        };
        format!(
            "{} {what} {} in {place}, created {}, {when}",
            self.owner.possessive(),
            self.short_id,
            clock(self.created)
        )
    }
}

/// The chips of one place, the first few shown and the rest counted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Chips {
    /// The chips shown, in ID order.
    pub shown: Vec<Chip>,
    /// How many more the place holds.
    pub more: usize,
}

impl Chips {
    /// The first `limit` of `chips`, and how many more there are.
    pub fn first(chips: impl Iterator<Item = Chip>, total: usize, limit: usize) -> Chips {
        let shown: Vec<Chip> = chips.take(limit).collect();
        Chips { more: total.saturating_sub(shown.len()), shown }
    }

    /// Chips shown plus the ones counted.
    pub fn total(&self) -> usize {
        self.shown.len() + self.more
    }

    /// "and 980 more", if any are not shown.
    pub fn more_text(&self) -> Option<String> {
        (self.more > 0).then(|| format!("and {} more", self.more))
    }
}

/// A time on the world's clock as a learner reads one: "0:01", "1:02:03",
/// "2 d 3:04:05".
pub fn clock(t: SimTime) -> String {
    let secs = t.as_secs();
    let (d, h, m, s) = (secs / 86_400, secs / 3_600 % 24, secs / 60 % 60, secs % 60);
    match (d, h) {
        (0, 0) => format!("{m}:{s:02}"),
        (0, _) => format!("{h}:{m:02}:{s:02}"),
        _ => format!("{d} d {h}:{m:02}:{s:02}"),
    }
}

/// An ID or cookie value as the picture shows it: its first 4 characters and "…".
pub fn short(value: &str) -> String {
    let mut s: String = value.chars().take(4).collect();
    if value.chars().count() > 4 {
        s.push('…');
    }
    s
}
