//! Counters the metrics strip and the load report read: sessions alive,
//! created, lost by cause and expired; store operations; request latency
//! percentiles; store size over time.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::event::{ReadOutcome, WriteKind};
use super::store::StoreKind;
use super::time::SimTime;
use super::words::{count, count_as};

/// Operations on one kind of store.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreOps {
    /// Reads.
    pub reads: u64,
    /// Reads answered by a server's own cache (cached database).
    pub cache_hits: u64,
    /// Full writes.
    pub writes: u64,
    /// Expiry-only writes.
    pub touches: u64,
    /// Deletes.
    pub deletes: u64,
}

impl StoreOps {
    /// In words, "1 read, 2 writes, 1 touch, 0 deletes", for operations on
    /// `store`; when its servers have caches of their own, the reads say how
    /// many those answered.
    pub fn in_words(&self, store: StoreKind) -> String {
        let reads = count(self.reads, "read");
        let reads =
            if store.has_local_cache() { format!("{reads} ({} from a local cache)", self.cache_hits) } else { reads };
        format!(
            "{reads}, {}, {}, {}",
            count(self.writes, "write"),
            count_as(self.touches, "touch", "touches"),
            count(self.deletes, "delete"),
        )
    }
}

/// Largest number of points kept in the store-size series; older points are
/// thinned out beyond this.
const MAX_SIZE_POINTS: usize = 512;

/// Everything counted since the world began.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// Requests answered.
    pub requests: u64,
    /// Sessions created.
    pub sessions_created: u64,
    /// Sessions lost, by [`super::loss::LossCause::label`].
    pub lost_by_cause: BTreeMap<String, u64>,
    /// Sessions that ended by timeout.
    pub expired: u64,
    /// Lost updates (two requests of one session overlapping).
    pub lost_updates: u64,
    /// Stale reads from a server's own cache.
    pub stale_reads: u64,
    /// Requests answered 5xx.
    pub failed_requests: u64,
    /// Store operations, indexed like [`StoreKind::ALL`].
    pub store_ops: [StoreOps; 6],
    /// Latency of every answered request, in microseconds.
    pub latencies_us: Vec<u32>,
    /// (time, sessions held by the store) samples.
    pub store_size: Vec<(SimTime, u32)>,
}

impl Metrics {
    /// Counts a store read.
    pub fn read(&mut self, store: StoreKind, outcome: ReadOutcome) {
        let ops = &mut self.store_ops[store.index()];
        ops.reads += 1;
        if outcome == ReadOutcome::CacheHit {
            ops.cache_hits += 1;
        }
    }
    /// Counts a store write.
    pub fn write(&mut self, store: StoreKind, kind: WriteKind) {
        let ops = &mut self.store_ops[store.index()];
        match kind {
            WriteKind::Save => ops.writes += 1,
            WriteKind::Touch => ops.touches += 1,
            WriteKind::Delete => ops.deletes += 1,
        }
    }
    /// Operations counted on one store.
    pub fn ops(&self, store: StoreKind) -> StoreOps {
        self.store_ops[store.index()]
    }
    /// Counts a lost session.
    pub fn lost(&mut self, label: &str) {
        *self.lost_by_cause.entry(label.to_string()).or_default() += 1;
    }
    /// Total lost sessions.
    pub fn lost_total(&self) -> u64 {
        self.lost_by_cause.values().sum()
    }
    /// Records the store size at `at`, keeping at most one point per
    /// simulated second and thinning old points when there are many.
    pub fn sample_size(&mut self, at: SimTime, size: u32) {
        match self.store_size.last_mut() {
            Some((t, s)) if at.since(*t) < SimTime::secs(1) => *s = size,
            Some((_, s)) if *s == size => {}
            _ => {
                self.store_size.push((at, size));
                if self.store_size.len() > MAX_SIZE_POINTS {
                    let mut i = 0;
                    self.store_size.retain(|_| {
                        i += 1;
                        i % 2 == 1
                    });
                }
            }
        }
    }
    /// The latency at percentile `p` (0 to 100), if any request was answered.
    pub fn latency_percentile(&self, p: u32) -> Option<SimTime> {
        self.latency_percentiles([p]).map(|[t]| t)
    }
    /// The latencies at several percentiles (in increasing order) from one
    /// copy of the latencies, each found without sorting: the metrics strip
    /// asks for p50 and p99 on every change, of millions after a load run.
    pub fn latency_percentiles<const N: usize>(&self, ps: [u32; N]) -> Option<[SimTime; N]> {
        latency_percentiles(&self.latencies_us, ps)
    }
}

/// The latencies (microseconds) at several percentiles, in increasing
/// order, from one copy of `latencies`, each found without sorting.
pub fn latency_percentiles<const N: usize>(latencies: &[u32], ps: [u32; N]) -> Option<[SimTime; N]> {
    if latencies.is_empty() {
        return None;
    }
    let mut all = latencies.to_vec();
    let last = all.len() as u64 - 1;
    let mut out = [SimTime::ZERO; N];
    // Highest first: each later rank is then found in the part below.
    let mut below = all.len();
    for (i, p) in ps.iter().enumerate().rev() {
        let rank = ((u64::from((*p).min(100)) * last).div_ceil(100) as usize).min(below.saturating_sub(1));
        let (_, at, _) = all[..below].select_nth_unstable(rank);
        out[i] = SimTime::micros(u64::from(*at));
        below = rank + 1;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_operations_in_words_count_each_kind() {
        let ops = StoreOps { reads: 1, cache_hits: 1, writes: 2, touches: 1, deletes: 0 };
        assert_eq!(ops.in_words(StoreKind::Database), "1 read, 2 writes, 1 touch, 0 deletes");
        assert_eq!(
            ops.in_words(StoreKind::CachedDatabase),
            "1 read (1 from a local cache), 2 writes, 1 touch, 0 deletes"
        );
        let ops = StoreOps { touches: 2, ..ops };
        assert!(ops.in_words(StoreKind::InMemory).contains("2 touches"));
    }

    #[test]
    fn percentiles_pick_ranks() {
        let mut m = Metrics::default();
        assert_eq!(m.latency_percentile(50), None);
        m.latencies_us = (1..=100).collect();
        assert_eq!(m.latency_percentile(50), Some(SimTime::micros(51)));
        assert_eq!(m.latency_percentile(99), Some(SimTime::micros(100)));
        assert_eq!(m.latency_percentile(0), Some(SimTime::micros(1)));
    }

    #[test]
    fn size_series_keeps_one_point_per_second() {
        let mut m = Metrics::default();
        m.sample_size(SimTime::ZERO, 1);
        m.sample_size(SimTime::millis(500), 2);
        m.sample_size(SimTime::secs(2), 3);
        assert_eq!(m.store_size, vec![(SimTime::ZERO, 2), (SimTime::secs(2), 3)]);
    }
}
