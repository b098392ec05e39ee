//! The picture's nodes: a browser with its cookie jar, the balancer, a
//! server with its memory, disk and cache, the shared database or cache.

use super::chip::{short, Chip, Chips};
use super::CHIPS_SHOWN;
use crate::sim::balancer::AFFINITY_COOKIE;
use crate::sim::browser::Browser;
use crate::sim::ids::{BrowserId, ServerNumber};
use crate::sim::server::Server;
use crate::sim::store::{SessionStore, SignedCookieStore, StoreKind};
use crate::sim::world::{ServerCondition, World};

/// A cookie in a browser's jar.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CookieChip {
    /// Its name: "sid", "SERVERID".
    pub name: String,
    /// Its value, shortened ("cfdb…").
    pub short_value: String,
    /// Sent over https only.
    pub secure: bool,
    /// Hidden from the page's scripts.
    pub http_only: bool,
    /// The balancer's affinity cookie.
    pub affinity: bool,
    /// The session cookie.
    pub session: bool,
    /// The session itself, when the cookie carries it (signed cookies).
    pub inside: Option<Chip>,
}

impl CookieChip {
    /// "sid=cfdb… (Secure, HttpOnly)".
    pub fn text(&self) -> String {
        let marks: Vec<&str> = [(self.secure, "Secure"), (self.http_only, "HttpOnly")]
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, m)| *m)
            .collect();
        let marks = if marks.is_empty() { String::new() } else { format!(" ({})", marks.join(", ")) };
        format!("{}={}{marks}", self.name, self.short_value)
    }
}

/// A named browser.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BrowserNode {
    /// Which.
    pub id: BrowserId,
    /// Open or closed.
    pub open: bool,
    /// Whether it uses https.
    pub https: bool,
    /// Its cookie jar.
    pub cookies: Vec<CookieChip>,
    /// The heading of the page it shows.
    pub page: Option<String>,
}

impl BrowserNode {
    /// alice's, bob's and mallory's browsers.
    pub fn all(world: &World) -> Vec<BrowserNode> {
        let named = world.browsers().iter().take(BrowserId::FIRST_VISITOR as usize);
        named.map(|b| BrowserNode::of(world, b)).collect()
    }

    fn of(world: &World, b: &Browser) -> BrowserNode {
        let session_name = world.config().session.cookie.name.as_str();
        let signed = world.config().store == StoreKind::SignedCookie;
        let now = world.now();
        let cookies = b
            .jar
            .cookies()
            .iter()
            .map(|c| {
                let session = &*c.name == session_name;
                let inside = (session && signed)
                    .then(|| SignedCookieStore::peek_unverified(&c.value))
                    .flatten()
                    .map(|r| Chip::of(&r, now, None));
                // A session cookie names an ID (perhaps signed): show the ID.
                let shown =
                    if session && !signed { short(world.session_id_in(&c.value).as_str()) } else { short(&c.value) };
                CookieChip {
                    name: c.name.to_string(),
                    short_value: shown,
                    secure: c.secure,
                    http_only: c.http_only,
                    affinity: &*c.name == AFFINITY_COOKIE,
                    session,
                    inside,
                }
            })
            .collect();
        BrowserNode {
            id: b.id,
            open: b.open,
            https: b.https,
            cookies,
            page: b.page.as_ref().map(|p| p.heading.to_string()),
        }
    }

    /// One line: "alice's browser: open, cookies sid=cfdb… (HttpOnly)".
    pub fn summary(&self) -> String {
        let state = if self.open { "open" } else { "closed" };
        let jar = if self.cookies.is_empty() {
            "no cookies".to_string()
        } else {
            format!("cookies {}", self.cookies.iter().map(CookieChip::text).collect::<Vec<_>>().join(", "))
        };
        format!("{}: {state}, {jar}", self.id)
    }
}

/// The load balancer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BalancerNode {
    /// Its policy, as the settings name it.
    pub policy: &'static str,
    /// Under sticky balancing: which server each browser's affinity cookie names.
    pub affinity: Vec<(BrowserId, ServerNumber)>,
}

impl BalancerNode {
    /// The balancer of `world`.
    pub fn of(world: &World) -> BalancerNode {
        let named = world.browsers().iter().take(BrowserId::FIRST_VISITOR as usize);
        let affinity = named
            .filter_map(|b| {
                let value = b.jar.get(AFFINITY_COOKIE)?.value.parse::<u8>().ok()?;
                Some((b.id, ServerNumber(value)))
            })
            .collect();
        BalancerNode { policy: world.config().balancing.label(), affinity }
    }

    /// One line: "load balancer: sticky; alice's browser → server 2".
    pub fn summary(&self) -> String {
        let pins: Vec<String> = self.affinity.iter().map(|(b, s)| format!("{b} → {s}")).collect();
        if pins.is_empty() {
            format!("load balancer: {}", self.policy)
        } else {
            format!("load balancer: {}; {}", self.policy, pins.join(", "))
        }
    }
}

/// A server.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ServerNode {
    /// Its number.
    pub number: ServerNumber,
    /// Up, just restarted or down.
    pub condition: ServerCondition,
    /// Sessions in its process memory (the in-memory store's).
    pub memory: Chips,
    /// Session files on its disk.
    pub disk: Chips,
    /// Its cache of the database's rows (the cached database).
    pub cache: Chips,
    /// Requests it is handling now.
    pub busy: u32,
    /// Whether it answered the latest request.
    pub answered_last: bool,
}

impl ServerNode {
    /// Server `s` of `world`; `answered` is the server that answered the
    /// latest request (worked out once for the whole picture).
    pub fn of(world: &World, s: &Server, answered: Option<ServerNumber>) -> ServerNode {
        let now = world.now();
        let db = world.database();
        let own = |store: &dyn SessionStore| {
            Chips::first(
                store.first_entries(CHIPS_SHOWN).into_iter().map(|r| Chip::of(r, now, None)),
                store.len(),
                CHIPS_SHOWN,
            )
        };
        let copies = s.local_cache.first_entries(CHIPS_SHOWN).into_iter().map(|r| {
            let stale = db.peek(&r.id).is_none_or(|row| row.version != r.version);
            Chip::of(r, now, Some(stale))
        });
        ServerNode {
            number: s.number,
            condition: world.server_condition(s),
            memory: own(&s.memory),
            disk: own(&s.disk),
            cache: Chips::first(copies, s.local_cache.len(), CHIPS_SHOWN),
            busy: s.in_flight,
            answered_last: answered == Some(s.number),
        }
    }

    /// Its places with their chips: memory, disk, cache (those holding any).
    pub fn places(&self) -> Vec<(String, &Chips)> {
        [("memory", &self.memory), ("disk", &self.disk), ("cache", &self.cache)]
            .into_iter()
            .filter(|(_, chips)| chips.total() > 0)
            .map(|(what, chips)| (self.place(what), chips))
            .collect()
    }

    /// The name of one of its places: "server 1's memory".
    pub fn place(&self, what: &str) -> String {
        format!("{}'s {what}", self.number)
    }

    /// One line: "server 1: up, 1 session in memory, 0 on disk".
    pub fn summary(&self) -> String {
        let mut line = format!(
            "{}: {}, {} in memory, {} on disk",
            self.number,
            self.condition.word(),
            self.memory.total(),
            self.disk.total()
        );
        if self.cache.total() > 0 {
            line.push_str(&format!(", {} cached", self.cache.total()));
        }
        if self.answered_last {
            line.push_str(", answered the latest request");
        }
        line
    }
}

/// The shared database or cache.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharedNode {
    /// "database" or "cache".
    pub name: &'static str,
    /// Whether it answers.
    pub up: bool,
    /// Its rows or keys.
    pub chips: Chips,
    /// Whether its keys expire by themselves (a cache's TTL).
    pub ttl: bool,
}

impl SharedNode {
    /// The shared store of `world`, if it uses one.
    pub fn of(world: &World) -> Option<SharedNode> {
        let shared = world.shared_store()?;
        let now = world.now();
        let store: &dyn SessionStore = if shared.name == "cache" { world.cache() } else { world.database() };
        let records = store.first_entries(CHIPS_SHOWN);
        let chips = records.into_iter().map(|r| Chip::of(r, now, None));
        Some(SharedNode {
            name: shared.name,
            up: shared.up,
            chips: Chips::first(chips, shared.sessions, CHIPS_SHOWN),
            ttl: shared.name == "cache",
        })
    }

    /// "the shared database".
    pub fn place(&self) -> String {
        format!("the shared {}", self.name)
    }

    /// One line: "shared database: up, 2 sessions".
    pub fn summary(&self) -> String {
        let up = if self.up { "up" } else { "DOWN" };
        format!("shared {}: {up}, {}", self.name, crate::sim::words::count(self.chips.total() as u64, "session"))
    }
}
