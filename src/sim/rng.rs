//! Seeded randomness. Every random choice in the world (session IDs, the
//! random balancing policy, cleanup jitter, virtual users) comes from one
//! ChaCha20 stream seeded by the world's seed, so the same seed gives the
//! same world.

use rand_chacha::ChaCha20Rng;
use rand_core::{RngCore, SeedableRng};

/// The world's random source: a CSPRNG, so that "128 random bits" really are
/// unpredictable without the seed, as a real session library's would be.
#[derive(Clone, Debug)]
pub struct SimRng(ChaCha20Rng);

impl SimRng {
    /// A stream fully determined by `seed`.
    pub fn new(seed: u64) -> SimRng {
        SimRng(ChaCha20Rng::seed_from_u64(seed))
    }
    /// 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }
    /// 128 random bits.
    pub fn next_u128(&mut self) -> u128 {
        (u128::from(self.0.next_u64()) << 64) | u128::from(self.0.next_u64())
    }

    /// A random `i128` as tower-sessions writes a session ID: the base64url
    /// (no padding) of its 16 little-endian bytes, 22 characters.
    pub fn i128_id(&mut self) -> String {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(self.next_u128().to_le_bytes())
    }
    /// A number in `0..n` (`n > 0`), without modulo bias worth noticing for
    /// the small `n` used here.
    pub fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0);
        if n == 0 {
            0
        } else {
            ((u128::from(self.0.next_u64()) * u128::from(n)) >> 64) as u64
        }
    }
    /// True with probability `1 / n`.
    pub fn one_in(&mut self, n: u32) -> bool {
        n <= 1 || self.below(u64::from(n)) == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream() {
        let (mut a, mut b) = (SimRng::new(7), SimRng::new(7));
        for _ in 0..10 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        assert_ne!(SimRng::new(7).next_u64(), SimRng::new(8).next_u64());
    }

    #[test]
    fn below_stays_in_range() {
        let mut r = SimRng::new(1);
        for n in 1..50 {
            assert!(r.below(n) < n);
        }
    }
}
