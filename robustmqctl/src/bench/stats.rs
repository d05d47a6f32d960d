//! What a load run counts: the stamp each message carries, the counters every client task bumps,
//! the latency histogram (HDR, microseconds), and the summary.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use hdrhistogram::Histogram;
use parking_lot::Mutex;
use serde::Serialize;

/// Bytes of the stamp at the start of every payload: send time (ns since the Unix epoch), the
/// publisher's sequence number, and the publisher's number.
pub const STAMP_LEN: usize = 20;

/// Nanoseconds since the Unix epoch: a clock every process on the machine shares, so a `pub`
/// and a `sub` run in different processes still measure latency.
pub fn now_ns() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

/// Writes the stamp into the first [`STAMP_LEN`] bytes of `payload`.
pub fn stamp(payload: &mut [u8], sent_ns: u64, seq: u64, publisher: u32) {
    if payload.len() >= STAMP_LEN {
        payload[0..8].copy_from_slice(&sent_ns.to_le_bytes());
        payload[8..16].copy_from_slice(&seq.to_le_bytes());
        payload[16..20].copy_from_slice(&publisher.to_le_bytes());
    }
}

/// The stamp of a received payload: (send time, sequence, publisher); `None` when too short.
pub fn read_stamp(payload: &[u8]) -> Option<(u64, u64, u32)> {
    let word = |range: std::ops::Range<usize>| payload.get(range)?.try_into().ok();
    Some((
        u64::from_le_bytes(word(0..8)?),
        u64::from_le_bytes(word(8..16)?),
        u32::from_le_bytes(payload.get(16..20)?.try_into().ok()?),
    ))
}

/// A new latency histogram: 1 µs to 1 hour at 3 significant digits.
pub fn histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 3_600_000_000, 3).expect("constant bounds are valid")
}

/// Counters shared by every task of a run.
#[derive(Default)]
pub struct Counters {
    /// PUBLISH packets written.
    pub published: AtomicU64,
    /// PUBACKs received (QoS 1).
    pub acked: AtomicU64,
    /// PUBLISH packets received by subscribers, duplicates included.
    pub received: AtomicU64,
    /// Received again: a sequence number not above the last one from that publisher.
    pub duplicates: AtomicU64,
    /// Connections that failed or broke during the run.
    pub errors: AtomicU64,
    /// Gap-based loss estimate summed over subscribers (messages skipped within a publisher's
    /// sequence), for `sub` runs that do not know what was published.
    pub gaps: AtomicU64,
    latency: Mutex<Option<Histogram<u64>>>,
}

impl Counters {
    /// Adds a subscriber's latencies to the run's.
    pub fn merge(&self, local: &Histogram<u64>) {
        let mut global = self.latency.lock();
        match global.as_mut() {
            Some(h) => {
                let _ = h.add(local);
            }
            None => *global = Some(local.clone()),
        }
    }

    /// Latency percentiles so far, in microseconds.
    pub fn latency(&self) -> Option<Latency> {
        self.latency.lock().as_ref().and_then(percentiles)
    }

    /// Reads a counter.
    pub fn get(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }
}

/// The percentiles of `h`; `None` when it is empty.
pub fn percentiles(h: &Histogram<u64>) -> Option<Latency> {
    (!h.is_empty()).then(|| Latency {
        p50: h.value_at_quantile(0.50),
        p99: h.value_at_quantile(0.99),
        p999: h.value_at_quantile(0.999),
        max: h.max(),
    })
}

/// Latency percentiles, in microseconds.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Latency {
    /// Median.
    pub p50: u64,
    /// 99th percentile.
    pub p99: u64,
    /// 99.9th percentile.
    pub p999: u64,
    /// Largest.
    pub max: u64,
}

/// Per-subscriber tracking of what arrived from each publisher.
#[derive(Default)]
pub struct Arrivals {
    /// Highest sequence seen and unique count, by publisher number.
    seen: Vec<Option<(u64, u64)>>,
}

impl Arrivals {
    /// Records one arrival; returns whether it was a duplicate.
    pub fn record(&mut self, publisher: u32, seq: u64) -> bool {
        let i = publisher as usize;
        if i >= self.seen.len() {
            self.seen.resize(i + 1, None);
        }
        match &mut self.seen[i] {
            Some((last, _)) if seq <= *last => true,
            Some((last, unique)) => {
                *last = seq;
                *unique += 1;
                false
            }
            slot @ None => {
                *slot = Some((seq, 1));
                false
            }
        }
    }

    /// Messages missing inside each publisher's observed sequence range (sequences start at 0).
    pub fn gaps(&self) -> u64 {
        self.seen
            .iter()
            .flatten()
            .map(|(last, unique)| (last + 1).saturating_sub(*unique))
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_round_trip_and_short_payloads_have_none() {
        let mut payload = vec![0u8; 64];
        stamp(&mut payload, 123, 7, 3);
        assert_eq!(read_stamp(&payload), Some((123, 7, 3)));
        assert_eq!(read_stamp(&payload[..19]), None);
    }

    #[test]
    fn arrivals_count_duplicates_and_gaps() {
        let mut a = Arrivals::default();
        assert!(!a.record(2, 0));
        assert!(!a.record(2, 1));
        assert!(a.record(2, 1), "the same sequence again");
        assert!(!a.record(2, 4), "2 and 3 are missing");
        assert!(!a.record(0, 0));
        assert_eq!(a.gaps(), 2);
    }

    #[test]
    fn latency_percentiles_come_from_merged_histograms() {
        let counters = Counters::default();
        assert!(counters.latency().is_none());
        let mut h = histogram();
        for v in 1..=1000u64 {
            h.record(v).expect("in range");
        }
        counters.merge(&h);
        counters.merge(&h);
        let l = counters.latency().expect("recorded");
        assert!((495..=505).contains(&l.p50), "{l:?}");
        assert_eq!(l.max, 1000);
    }
}
