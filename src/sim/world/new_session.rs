//! What a new or renewed session gets: an ID from the configured generator
//! (128 random bits by default; the weak sequential and timestamp
//! generators of the security lessons) and an expiry by the timeouts.

use super::ledger::Fate;
use super::World;
use crate::sim::ids::SessionId;
use crate::sim::session::{SessionData, SessionRecord};
use crate::sim::signing;
use crate::sim::time::SimTime;

impl World {
    /// A record of session `id` created at `created` and used now, expiring
    /// by the configured timeouts.
    pub(super) fn record_used_now(
        &self,
        id: SessionId,
        data: SessionData,
        created: SimTime,
        version: u32,
    ) -> SessionRecord {
        SessionRecord { id, data, created, last_access: self.now, expires: self.expiry_for(created, self.now), version }
    }

    /// When a session created at `created` and used at `used` expires on the server.
    pub(crate) fn expiry_for(&self, created: SimTime, used: SimTime) -> SimTime {
        let cfg = &self.config.session;
        let idle = cfg.idle_timeout_secs.map_or(SimTime::NEVER, |s| used + SimTime::secs(s));
        let absolute = cfg.absolute_timeout_secs.map_or(SimTime::NEVER, |s| created + SimTime::secs(s));
        idle.min(absolute)
    }

    /// A new session ID from the configured generator.
    pub(crate) fn new_session_id(&mut self) -> SessionId {
        use crate::sim::config::IdGenerator;
        match self.config.session.id_generator {
            IdGenerator::Random { alphabet, length } => {
                let chars = alphabet.chars();
                let n = chars.len() as u64;
                let per_draw = (64.0 / (n as f64).log2()).floor() as usize - 1;
                let mut s = String::with_capacity(length as usize);
                while s.len() < length as usize {
                    let x = self.rng.next_u64();
                    let count = per_draw.min(length as usize - s.len());
                    // The alphabets' sizes as constants: the compiler divides
                    // by a constant with a multiplication, not a division.
                    match n {
                        16 => push_digits::<16>(&mut s, chars, x, count),
                        36 => push_digits::<36>(&mut s, chars, x, count),
                        62 => push_digits::<62>(&mut s, chars, x, count),
                        64 => push_digits::<64>(&mut s, chars, x, count),
                        _ => push_digits_of(&mut s, chars, x, count, n),
                    }
                }
                SessionId::new(&s)
            }
            IdGenerator::Sequential => {
                self.next_sequential_id += 1;
                SessionId::new(&(1000 + self.next_sequential_id).to_string())
            }
            IdGenerator::Timestamp => {
                let mut ms = signing::SIM_EPOCH_MS + self.now.as_millis();
                while self.ledger.fate(&SessionId::new(&ms.to_string())) != Fate::NeverIssued {
                    ms += 1;
                }
                SessionId::new(&ms.to_string())
            }
        }
    }
}

/// Appends the `count` lowest base-`N` digits of `x`, lowest first, as
/// characters of `chars` (of which there are `N`).
fn push_digits<const N: u64>(s: &mut String, chars: &[u8], x: u64, count: usize) {
    push_digits_of(s, chars, x, count, N);
}

/// [`push_digits`] for a base known only when running.
#[inline(always)]
fn push_digits_of(s: &mut String, chars: &[u8], mut x: u64, count: usize, n: u64) {
    for _ in 0..count {
        s.push(chars[(x % n) as usize] as char);
        x /= n;
    }
}
