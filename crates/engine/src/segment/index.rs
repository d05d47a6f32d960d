//! The sparse offset index (`.index`) and time index (`.timeindex`) of one segment.
//!
//! `.index` holds `(relative offset u32, position u32)` entries, one per `index_interval_bytes`
//! of log. `.timeindex` holds `(max timestamp before the frame i64, relative offset u32)`,
//! written beside an offset entry whenever the shard's largest timestamp grew. Both are hints:
//! recovery rebuilds them from the log when they disagree with it.

use parking_lot::RwLock;

/// Bytes of one `.index` entry.
pub(crate) const INDEX_ENTRY: usize = 8;
/// Bytes of one `.timeindex` entry.
pub(crate) const TIME_ENTRY: usize = 12;

/// Both indexes of a segment, in memory. Readers look up; only the shard's writer appends.
#[derive(Debug, Default)]
pub(crate) struct SegmentIndex {
    offsets: RwLock<Vec<(u32, u32)>>,
    times: RwLock<Vec<(i64, u32)>>,
}

impl SegmentIndex {
    /// Parses the two files' bytes. `None` if either is malformed: a partial entry, or entries that
    /// do not increase, or positions at or past `log_size`.
    pub(crate) fn parse(index: &[u8], time: &[u8], log_size: u64) -> Option<Self> {
        if !index.len().is_multiple_of(INDEX_ENTRY) || !time.len().is_multiple_of(TIME_ENTRY) {
            return None;
        }
        let offsets: Vec<(u32, u32)> = index
            .chunks_exact(INDEX_ENTRY)
            .map(|e| {
                (
                    u32::from_le_bytes([e[0], e[1], e[2], e[3]]),
                    u32::from_le_bytes([e[4], e[5], e[6], e[7]]),
                )
            })
            .collect();
        let times: Vec<(i64, u32)> = time
            .chunks_exact(TIME_ENTRY)
            .map(|e| {
                let mut ts = [0; 8];
                ts.copy_from_slice(&e[..8]);
                (
                    i64::from_le_bytes(ts),
                    u32::from_le_bytes([e[8], e[9], e[10], e[11]]),
                )
            })
            .collect();
        let increasing = offsets
            .windows(2)
            .all(|w| w[0].0 < w[1].0 && w[0].1 < w[1].1)
            && times
                .windows(2)
                .all(|w| w[0].0 <= w[1].0 && w[0].1 < w[1].1);
        let in_bounds = offsets
            .iter()
            .all(|&(_, pos)| u64::from(pos) < log_size.max(1));
        let times_indexed = times
            .iter()
            .all(|(_, rel)| offsets.binary_search_by_key(rel, |e| e.0).is_ok());
        (increasing && in_bounds && times_indexed).then(|| Self {
            offsets: RwLock::new(offsets),
            times: RwLock::new(times),
        })
    }

    /// Adds an offset entry (and a time entry when `time` is given); returns their file bytes.
    pub(crate) fn push(
        &self,
        relative: u32,
        position: u32,
        time: Option<i64>,
    ) -> ([u8; INDEX_ENTRY], Option<[u8; TIME_ENTRY]>) {
        self.offsets.write().push((relative, position));
        let mut index = [0; INDEX_ENTRY];
        index[..4].copy_from_slice(&relative.to_le_bytes());
        index[4..].copy_from_slice(&position.to_le_bytes());
        let time = time.map(|ts| {
            self.times.write().push((ts, relative));
            let mut entry = [0; TIME_ENTRY];
            entry[..8].copy_from_slice(&ts.to_le_bytes());
            entry[8..].copy_from_slice(&relative.to_le_bytes());
            entry
        });
        (index, time)
    }

    /// Position of the last indexed frame that starts at or before `relative`; 0 if none.
    pub(crate) fn position_for(&self, relative: u64) -> u64 {
        let offsets = self.offsets.read();
        let i = offsets.partition_point(|&(rel, _)| u64::from(rel) <= relative);
        if i == 0 {
            0
        } else {
            u64::from(offsets[i - 1].1)
        }
    }

    /// Position of the last indexed frame before which every timestamp is below `timestamp`; 0 if
    /// none.
    pub(crate) fn position_for_time(&self, timestamp: i64) -> u64 {
        let times = self.times.read();
        let i = times.partition_point(|&(ts, _)| ts < timestamp);
        if i == 0 {
            return 0;
        }
        self.position_for(u64::from(times[i - 1].1))
    }

    /// The last offset entry, where a tail check starts.
    pub(crate) fn last_entry(&self) -> Option<(u32, u32)> {
        self.offsets.read().last().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_pick_the_last_entry_at_or_before() {
        let index = SegmentIndex::default();
        index.push(0, 0, Some(i64::MIN));
        index.push(10, 4096, Some(100));
        index.push(20, 8192, None);
        assert_eq!(index.position_for(0), 0);
        assert_eq!(index.position_for(15), 4096);
        assert_eq!(index.position_for(99), 8192);
        assert_eq!(index.position_for_time(50), 0);
        assert_eq!(index.position_for_time(101), 4096);
    }

    #[test]
    fn files_round_trip_and_garbage_is_refused() {
        let index = SegmentIndex::default();
        let (a, ta) = index.push(0, 0, Some(5));
        let (b, _) = index.push(3, 100, None);
        let mut bytes = a.to_vec();
        bytes.extend_from_slice(&b);
        let time = ta.expect("time entry").to_vec();
        let parsed = SegmentIndex::parse(&bytes, &time, 200).expect("valid");
        assert_eq!(parsed.position_for(4), 100);
        assert!(
            SegmentIndex::parse(&bytes[..5], &time, 200).is_none(),
            "partial entry"
        );
        assert!(
            SegmentIndex::parse(&bytes, &time, 50).is_none(),
            "position past the log"
        );
        let mut reversed = b.to_vec();
        reversed.extend_from_slice(&a);
        assert!(
            SegmentIndex::parse(&reversed, &[], 200).is_none(),
            "not increasing"
        );
    }
}
