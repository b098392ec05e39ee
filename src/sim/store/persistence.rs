//! What survives a restart or a crash of the shared cache: Redis's
//! persistence setting. It belongs to the cache store, which acts on it;
//! the settings only choose it (see `config::CacheSettings`).

use serde::{Deserialize, Serialize};

/// What survives a restart of the shared cache (Redis persistence).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub enum Persistence {
    /// Nothing is written to disk (`save ""`, `appendonly no`): any restart
    /// starts empty.
    #[default]
    None,
    /// RDB snapshots by Redis 7.0's default rules, which Debian's packaged
    /// `/etc/redis/redis.conf` keeps (`save 3600 1 300 100 60 10000`): a clean
    /// shutdown writes a snapshot; a crash loses what the last one missed.
    Snapshots,
    /// An append-only file (`appendonly yes`, `appendfsync everysec`): a crash
    /// loses at most the last second of writes.
    AppendOnly,
}

impl Persistence {
    /// Every setting, in the order the UI lists them.
    pub const ALL: [Persistence; 3] = [Persistence::None, Persistence::Snapshots, Persistence::AppendOnly];

    /// The name the learner sees.
    pub fn label(self) -> &'static str {
        match self {
            Persistence::None => "none",
            Persistence::Snapshots => "snapshots (RDB)",
            Persistence::AppendOnly => "append-only file (AOF)",
        }
    }
}

impl<'de> Deserialize<'de> for Persistence {
    /// Reads the setting, and the on/off switch saved states and share
    /// links had before there were three (off: none; on: append-only, which
    /// kept everything across a restart as the switch did).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Persistence, D::Error> {
        #[derive(Deserialize)]
        enum Named {
            None,
            Snapshots,
            AppendOnly,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Saved {
            Switch(bool),
            Named(Named),
        }
        Ok(match Saved::deserialize(d)? {
            Saved::Switch(false) | Saved::Named(Named::None) => Persistence::None,
            Saved::Named(Named::Snapshots) => Persistence::Snapshots,
            Saved::Switch(true) | Saved::Named(Named::AppendOnly) => Persistence::AppendOnly,
        })
    }
}
