//! What a new or renewed session gets: an ID from the configured generator
//! (128 random bits by default; the weak sequential and timestamp
//! generators of the security lessons) and an expiry by the timeouts.

use super::ledger::Fate;
use super::World;
use crate::sim::config::MAX_ID_LENGTH;
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
        SessionRecord {
            id,
            data,
            created,
            last_access: self.agenda.now,
            expires: self.expiry_for(created, self.agenda.now),
            version,
        }
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
                // Written on the stack, then copied once into the ID (the
                // config refuses IDs longer than the buffer).
                let mut buf = [0u8; MAX_ID_LENGTH as usize];
                let len = length.min(MAX_ID_LENGTH) as usize;
                let mut filled = 0;
                while filled < len {
                    let x = self.rng.next_u64();
                    let out = &mut buf[filled..len.min(filled + per_draw)];
                    filled += out.len();
                    // The alphabets' sizes as constants: the compiler divides
                    // by a constant with a multiplication, not a division.
                    match n {
                        16 => write_digits::<16>(out, chars, x),
                        36 => write_digits::<36>(out, chars, x),
                        62 => write_digits::<62>(out, chars, x),
                        64 => write_digits::<64>(out, chars, x),
                        _ => write_digits_of(out, chars, x, n),
                    }
                }
                SessionId::new(std::str::from_utf8(&buf[..len]).expect("ID alphabets are ASCII"))
            }
            IdGenerator::RandomI128 => SessionId::new(&self.rng.i128_id()),
            IdGenerator::Sequential => {
                self.counters.next_sequential_id += 1;
                SessionId::new(&(1000 + self.counters.next_sequential_id).to_string())
            }
            IdGenerator::Timestamp => {
                let mut ms = signing::SIM_EPOCH_MS + self.agenda.now.as_millis();
                while self.journal.ledger.fate(&SessionId::new(&ms.to_string())) != Fate::NeverIssued {
                    ms += 1;
                }
                SessionId::new(&ms.to_string())
            }
        }
    }
}

/// Writes the lowest base-`N` digits of `x` into `out`, lowest first, as
/// characters of `chars` (of which there are `N`).
fn write_digits<const N: u64>(out: &mut [u8], chars: &[u8], x: u64) {
    write_digits_of(out, chars, x, N);
}

/// [`write_digits`] for a base known only when running.
#[inline(always)]
fn write_digits_of(out: &mut [u8], chars: &[u8], mut x: u64, n: u64) {
    for c in out {
        *c = chars[(x % n) as usize];
        x /= n;
    }
}
