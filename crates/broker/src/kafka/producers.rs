//! Idempotent producers: the ids InitProducerId hands out, and the sequence state per producer
//! and partition that Produce checks: the epoch, the last sequence and the last five batches
//! (Kafka's `max.in.flight.requests.per.connection` bound for idempotence), so a retried batch
//! is answered with its first copy's offset. Kept in memory; a producer the broker has no
//! state for (new, or known before a restart) starts at whatever sequence it sends. Entries
//! unused for an hour are dropped.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use kafka_protocol::ResponseError;
use parking_lot::Mutex;

use crate::core::message::unix_ms;
use crate::kafka::batch::BatchInfo;

/// Batches remembered per producer and partition for duplicate detection.
const REMEMBERED: usize = 5;
/// A producer's state for a partition is dropped after this long unused.
const IDLE: Duration = Duration::from_secs(3600);
/// How many new entries between sweeps of idle ones.
const SWEEP_EVERY: u64 = 4096;

/// The base offset of an accepted batch: `None` while its append is under way.
pub(crate) type OffsetCell = tokio::sync::watch::Receiver<Option<u64>>;

#[derive(Debug, Default)]
pub(crate) struct Sequence {
    epoch: i16,
    /// Last sequence accepted (its append started); `None` before the first batch, and after
    /// an append failed, so the producer's retry is taken whatever its sequence.
    last: Option<i32>,
    /// (first sequence, last sequence, base offset) of recent batches.
    recent: VecDeque<(i32, i32, OffsetCell)>,
    used: Option<Instant>,
}

/// What the sequence check says about a batch.
pub(crate) enum Verdict {
    Append,
    Duplicate(OffsetCell),
    Refuse(ResponseError),
}

impl Sequence {
    pub(crate) fn judge(&self, info: &BatchInfo) -> Verdict {
        if self.last.is_none() {
            return Verdict::Append;
        }
        if info.producer_epoch < self.epoch {
            return Verdict::Refuse(ResponseError::InvalidProducerEpoch);
        }
        if info.producer_epoch > self.epoch {
            // A bumped epoch restarts the sequence at 0 (KIP-360).
            return if info.base_sequence == 0 {
                Verdict::Append
            } else {
                Verdict::Refuse(ResponseError::OutOfOrderSequenceNumber)
            };
        }
        let (first, last) = (info.base_sequence, info.last_sequence());
        if let Some((.., offset)) = self
            .recent
            .iter()
            .find(|(f, l, _)| *f == first && *l == last)
        {
            return Verdict::Duplicate(offset.clone());
        }
        let expected = self
            .last
            .map_or(0, |l| if l == i32::MAX { 0 } else { l + 1 });
        if first == expected {
            Verdict::Append
        } else {
            Verdict::Refuse(ResponseError::OutOfOrderSequenceNumber)
        }
    }

    /// Records a batch whose append starts now; the sender gets its base offset once stored.
    pub(crate) fn accept(&mut self, info: &BatchInfo) -> tokio::sync::watch::Sender<Option<u64>> {
        if info.producer_epoch != self.epoch {
            self.recent.clear();
        }
        self.epoch = info.producer_epoch;
        self.last = Some(info.last_sequence());
        self.used = Some(Instant::now());
        if self.recent.len() == REMEMBERED {
            self.recent.pop_front();
        }
        let (tx, rx) = tokio::sync::watch::channel(None);
        self.recent
            .push_back((info.base_sequence, info.last_sequence(), rx));
        tx
    }

    /// Forgets the producer after a failed append: what it sends next is taken as it comes.
    pub(crate) fn forget(&mut self) {
        self.last = None;
        self.recent.clear();
    }
}

/// Sequence state per (producer id, shard), each behind its own lock, held from the check until
/// the append has its place in the shard (not until it is durable), so a producer's next
/// batches are checked and started while this one waits for its sync.
type SequenceTable = HashMap<(i64, Arc<str>), Arc<tokio::sync::Mutex<Sequence>>>;

/// Idempotent producers: ids handed out, and sequence state per producer and partition.
pub struct Producers {
    node_id: i64,
    counter: AtomicI64,
    table: Mutex<SequenceTable>,
    inserted: std::sync::atomic::AtomicU64,
}

impl Producers {
    /// An empty table for node `node_id`.
    pub fn new(node_id: u64) -> Producers {
        Producers {
            node_id: (node_id & 0xff) as i64,
            counter: AtomicI64::new(0),
            table: Mutex::new(HashMap::new()),
            inserted: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// A new producer id: milliseconds since the epoch, this node's id (8 bits) and a counter
    /// (12 bits), so ids from different nodes and restarts do not meet unless one node hands
    /// out more than 4,096 in one millisecond.
    pub fn allocate(&self) -> i64 {
        let n = self.counter.fetch_add(1, Ordering::Relaxed) & 0xfff;
        ((unix_ms().max(0) << 8 | self.node_id) << 12) | n
    }

    pub(crate) fn entry(
        &self,
        producer_id: i64,
        shard: &Arc<str>,
    ) -> Arc<tokio::sync::Mutex<Sequence>> {
        let mut table = self.table.lock();
        let n = self.inserted.load(Ordering::Relaxed);
        if !table.contains_key(&(producer_id, Arc::clone(shard))) {
            self.inserted.store(n + 1, Ordering::Relaxed);
            if n % SWEEP_EVERY == SWEEP_EVERY - 1 {
                let now = Instant::now();
                table.retain(|_, s| {
                    s.try_lock().map_or(true, |s| {
                        s.used.is_some_and(|u| now.duration_since(u) < IDLE)
                    })
                });
            }
        }
        Arc::clone(table.entry((producer_id, Arc::clone(shard))).or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(epoch: i16, first: i32, count: u32) -> BatchInfo {
        BatchInfo {
            record_count: count,
            max_timestamp: 0,
            base_timestamp: 0,
            producer_id: 1,
            producer_epoch: epoch,
            base_sequence: first,
        }
    }

    fn stored(s: &mut Sequence, i: &BatchInfo, offset: u64) {
        s.accept(i).send_replace(Some(offset));
    }

    fn duplicate_of(v: Verdict) -> Option<Option<u64>> {
        match v {
            Verdict::Duplicate(cell) => Some(*cell.borrow()),
            _ => None,
        }
    }

    #[test]
    fn sequences_accept_the_next_answer_a_retry_with_its_offset_and_refuse_a_gap() {
        let mut s = Sequence::default();
        assert!(matches!(s.judge(&info(0, 0, 10)), Verdict::Append));
        stored(&mut s, &info(0, 0, 10), 100);
        assert!(matches!(s.judge(&info(0, 10, 5)), Verdict::Append));
        let pending = s.accept(&info(0, 10, 5));
        assert!(
            matches!(s.judge(&info(0, 15, 1)), Verdict::Append),
            "judged against a batch still being stored"
        );
        assert_eq!(
            duplicate_of(s.judge(&info(0, 10, 5))),
            Some(None),
            "a retry of it waits for its offset"
        );
        pending.send_replace(Some(110));
        assert_eq!(duplicate_of(s.judge(&info(0, 0, 10))), Some(Some(100)));
        assert_eq!(duplicate_of(s.judge(&info(0, 10, 5))), Some(Some(110)));
        assert!(matches!(
            s.judge(&info(0, 20, 1)),
            Verdict::Refuse(ResponseError::OutOfOrderSequenceNumber)
        ));
        assert!(matches!(
            s.judge(&info(0, 14, 1)),
            Verdict::Refuse(ResponseError::OutOfOrderSequenceNumber)
        ));
        assert!(
            matches!(s.judge(&info(1, 0, 1)), Verdict::Append),
            "a bumped epoch restarts"
        );
        stored(&mut s, &info(1, 0, 1), 115);
        assert!(matches!(
            s.judge(&info(0, 15, 1)),
            Verdict::Refuse(ResponseError::InvalidProducerEpoch)
        ));
    }

    #[test]
    fn only_five_batches_are_remembered() {
        let mut s = Sequence::default();
        for i in 0..7 {
            stored(&mut s, &info(0, i, 1), u64::try_from(i).unwrap_or(0));
        }
        assert_eq!(duplicate_of(s.judge(&info(0, 6, 1))), Some(Some(6)));
        assert_eq!(duplicate_of(s.judge(&info(0, 2, 1))), Some(Some(2)));
        assert!(matches!(s.judge(&info(0, 1, 1)), Verdict::Refuse(_)));
        s.forget();
        assert!(
            matches!(s.judge(&info(0, 40, 1)), Verdict::Append),
            "after a failed append"
        );
    }

    #[test]
    fn producer_ids_differ_and_are_positive() {
        let p = Producers::new(3);
        let a = p.allocate();
        let b = p.allocate();
        assert!(a > 0 && b > 0 && a != b);
    }
}
