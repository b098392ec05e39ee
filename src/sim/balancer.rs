//! The load balancer: picks a server for each request by its policy, skips
//! servers that are down, and says why it picked the one it did.

use serde::{Deserialize, Serialize};

use super::ids::ServerNumber;
use super::rng::SimRng;
use super::set_cookie::{Attributes, SetCookie};

/// The name of the affinity cookie the balancer sets for sticky sessions
/// (HAProxy's `SERVERID` convention, lower-cased).
pub const AFFINITY_COOKIE: &str = "lb";

/// How the balancer chooses a server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Balancing {
    /// Each server in turn.
    RoundRobin,
    /// A random server (seeded).
    Random,
    /// The server with the fewest requests in progress.
    LeastConnections,
    /// The server named in the balancer's own affinity cookie; a new visitor
    /// gets one by round robin and the cookie.
    Sticky,
    /// A hash of the client's IP address picks the server.
    IpHash,
}

impl Balancing {
    /// Every policy, in the order the UI lists them.
    pub const ALL: [Balancing; 5] =
        [Balancing::RoundRobin, Balancing::Random, Balancing::LeastConnections, Balancing::Sticky, Balancing::IpHash];
    /// The name the learner sees.
    pub fn label(self) -> &'static str {
        match self {
            Balancing::RoundRobin => "Round robin",
            Balancing::Random => "Random",
            Balancing::LeastConnections => "Least connections",
            Balancing::Sticky => "Sticky sessions",
            Balancing::IpHash => "IP hash",
        }
    }
    /// How the policy picks a server, in one line (the settings panel's hint).
    pub fn in_one_line(self) -> &'static str {
        match self {
            Balancing::RoundRobin => "Each server in turn.",
            Balancing::Random => "A random server each time (seeded, so replays match).",
            Balancing::LeastConnections => "The server with the fewest requests in progress.",
            Balancing::Sticky => "The balancer sets its own cookie and sends a browser back to the same server.",
            Balancing::IpHash => "A hash of the client's IP address picks the server.",
        }
    }
}

/// Why the balancer sent a request where it did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RouteReason {
    /// Next in turn.
    RoundRobin,
    /// Drawn at random.
    Random,
    /// Had the fewest requests in progress.
    LeastConnections {
        /// Requests in progress there.
        in_flight: u32,
    },
    /// The affinity cookie named it.
    Sticky,
    /// No affinity cookie yet: picked in turn, and the cookie will be set.
    StickyNew,
    /// The affinity cookie named a server that is down or gone; another was
    /// picked and the cookie will be replaced.
    StickyTargetDown {
        /// The server the cookie named.
        wanted: ServerNumber,
    },
    /// The client's IP address hashes to this server.
    IpHash,
    /// The client's IP address hashes to a server that is down; the next one
    /// up was picked.
    IpHashTargetDown {
        /// The server the hash named.
        wanted: ServerNumber,
    },
}

/// A server as the balancer sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// Its number.
    pub number: ServerNumber,
    /// Whether it accepts requests.
    pub up: bool,
    /// Requests in progress there.
    pub in_flight: u32,
}

/// The balancer's own state.
#[derive(Clone, Debug, Default)]
pub struct LoadBalancer {
    cursor: usize,
    /// The affinity cookie's Set-Cookie line for each server number, written
    /// by the `cookie` crate the first time that server is named (it is the
    /// same line every time).
    affinity_lines: Vec<Option<String>>,
}

impl LoadBalancer {
    /// A balancer that starts its turn at the first server.
    pub fn new() -> LoadBalancer {
        LoadBalancer::default()
    }

    /// The Set-Cookie line of the affinity cookie naming `server`, such as
    /// `lb=2; HttpOnly; Path=/`.
    pub fn affinity_set_cookie(&mut self, server: ServerNumber) -> &str {
        let i = usize::from(server.0);
        if self.affinity_lines.len() <= i {
            self.affinity_lines.resize(i + 1, None);
        }
        self.affinity_lines[i].get_or_insert_with(|| {
            let value = server.0.to_string();
            let attributes = Attributes { http_only: true, path: Some("/".into()), ..Attributes::default() };
            SetCookie { name: AFFINITY_COOKIE, value: &value, attributes }.line()
        })
    }

    /// Picks a server for a request, or `None` if every server is down.
    pub fn route(
        &mut self,
        policy: Balancing,
        servers: &[Candidate],
        affinity: Option<ServerNumber>,
        client_ip: [u8; 4],
        rng: &mut SimRng,
    ) -> Option<(ServerNumber, RouteReason)> {
        if !servers.iter().any(|s| s.up) {
            return None;
        }
        Some(match policy {
            Balancing::RoundRobin => (self.next_in_turn(servers), RouteReason::RoundRobin),
            Balancing::Random => {
                let up: Vec<&Candidate> = servers.iter().filter(|s| s.up).collect();
                let pick = up[rng.below(up.len() as u64) as usize];
                (pick.number, RouteReason::Random)
            }
            Balancing::LeastConnections => {
                let best = servers.iter().filter(|s| s.up).min_by_key(|s| (s.in_flight, s.number))?;
                (best.number, RouteReason::LeastConnections { in_flight: best.in_flight })
            }
            Balancing::Sticky => match affinity {
                Some(n) if servers.iter().any(|s| s.number == n && s.up) => (n, RouteReason::Sticky),
                Some(wanted) => (self.next_in_turn(servers), RouteReason::StickyTargetDown { wanted }),
                None => (self.next_in_turn(servers), RouteReason::StickyNew),
            },
            Balancing::IpHash => {
                let h = client_ip.iter().fold(0x811c_9dc5_u32, |h, &b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193));
                let start = h as usize % servers.len();
                let wanted = servers[start];
                if wanted.up {
                    (wanted.number, RouteReason::IpHash)
                } else {
                    let next = (1..servers.len()).map(|k| servers[(start + k) % servers.len()]).find(|s| s.up)?;
                    (next.number, RouteReason::IpHashTargetDown { wanted: wanted.number })
                }
            }
        })
    }

    fn next_in_turn(&mut self, servers: &[Candidate]) -> ServerNumber {
        for _ in 0..servers.len() {
            let s = servers[self.cursor % servers.len()];
            self.cursor = (self.cursor + 1) % servers.len();
            if s.up {
                return s.number;
            }
        }
        servers[0].number
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cookie::Cookie;

    fn cands(up: &[bool]) -> Vec<Candidate> {
        up.iter()
            .enumerate()
            .map(|(i, &up)| Candidate { number: ServerNumber(i as u8 + 1), up, in_flight: 0 })
            .collect()
    }

    #[test]
    fn the_affinity_cookie_line_is_what_the_cookie_crate_writes_for_each_server() {
        let mut lb = LoadBalancer::new();
        for n in [3u8, 1, 12, 3, 255] {
            let by_crate =
                Cookie::build((AFFINITY_COOKIE, n.to_string())).path("/").http_only(true).build().to_string();
            assert_eq!(lb.affinity_set_cookie(ServerNumber(n)), by_crate);
        }
        assert_eq!(lb.affinity_set_cookie(ServerNumber(2)), "lb=2; HttpOnly; Path=/");
    }

    #[test]
    fn round_robin_takes_turns_and_skips_down_servers() {
        let mut lb = LoadBalancer::new();
        let mut rng = SimRng::new(1);
        let s = cands(&[true, false, true]);
        let picks: Vec<u8> =
            (0..4).map(|_| lb.route(Balancing::RoundRobin, &s, None, [1, 2, 3, 4], &mut rng).unwrap().0 .0).collect();
        assert_eq!(picks, vec![1, 3, 1, 3]);
    }

    #[test]
    fn sticky_follows_the_cookie_and_fails_over() {
        let mut lb = LoadBalancer::new();
        let mut rng = SimRng::new(1);
        let s = cands(&[true, true]);
        assert_eq!(
            lb.route(Balancing::Sticky, &s, Some(ServerNumber(2)), [0; 4], &mut rng),
            Some((ServerNumber(2), RouteReason::Sticky))
        );
        let s = cands(&[true, false]);
        assert_eq!(
            lb.route(Balancing::Sticky, &s, Some(ServerNumber(2)), [0; 4], &mut rng),
            Some((ServerNumber(1), RouteReason::StickyTargetDown { wanted: ServerNumber(2) }))
        );
    }

    #[test]
    fn nothing_up_means_no_route() {
        let mut lb = LoadBalancer::new();
        let mut rng = SimRng::new(1);
        assert_eq!(lb.route(Balancing::IpHash, &cands(&[false, false]), None, [0; 4], &mut rng), None);
    }

    #[test]
    fn ip_hash_is_stable() {
        let mut lb = LoadBalancer::new();
        let mut rng = SimRng::new(1);
        let s = cands(&[true, true, true]);
        let a = lb.route(Balancing::IpHash, &s, None, [203, 0, 113, 10], &mut rng);
        let b = lb.route(Balancing::IpHash, &s, None, [203, 0, 113, 10], &mut rng);
        assert_eq!(a, b);
    }
}
