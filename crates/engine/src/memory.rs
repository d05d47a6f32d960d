//! `EngineMemory`: a bounded in-memory log. Fast, and lost on restart.
//!
//! Bounded by bytes: when an append would pass `memory_max_bytes`, the oldest batches are
//! dropped (counted in `robustmq_engine_memory_dropped_records_total`) and `earliest` moves up.

use std::collections::VecDeque;

use async_trait::async_trait;
use parking_lot::Mutex;
use prometheus::IntCounter;

use crate::metrics::{EngineMetrics, storage_label};
use crate::record::{Batch, ReadBatch, ReadCollector, Record, check_batch};
use crate::shard::{LocalShard, Shard, ShardConfig, ShardStatus, StorageType};
use crate::{EngineError, Result};

struct Stored {
    base_offset: u64,
    batch: Kept,
    max_ts_so_far: i64,
    bytes: u64,
}

/// A batch as the log keeps it. A one-record batch (every MQTT publish) is kept without its
/// vector, which is freed at once, while its memory is still hot: a full log evicts a batch for
/// every one it takes, and the evicted memory is long cold by then, so each allocation less to
/// free there counts.
enum Kept {
    One(Record),
    Batch(Batch),
}

impl Kept {
    fn new(batch: Batch) -> Self {
        match batch {
            Batch::Records(records) => match <[Record; 1]>::try_from(records) {
                Ok([record]) => Kept::One(record),
                Err(records) => Kept::Batch(Batch::Records(records)),
            },
            batch => Kept::Batch(batch),
        }
    }

    fn record_count(&self) -> u64 {
        match self {
            Kept::One(_) => 1,
            Kept::Batch(batch) => batch.record_count(),
        }
    }

    /// The batch as it was appended.
    fn to_batch(&self) -> Batch {
        match self {
            Kept::One(record) => Batch::Records(vec![record.clone()]),
            Kept::Batch(batch) => batch.clone(),
        }
    }

    fn first_at_or_after(&self, base_offset: u64, timestamp: i64) -> u64 {
        match self {
            Kept::One(_) => base_offset,
            Kept::Batch(batch) => batch.first_at_or_after(base_offset, timestamp),
        }
    }
}

impl Stored {
    fn last_offset(&self) -> u64 {
        self.base_offset + self.batch.record_count() - 1
    }
}

#[derive(Default)]
struct Log {
    batches: VecDeque<Stored>,
    bytes: u64,
    next_offset: u64,
    start_offset: u64,
    max_ts_so_far: i64,
    deleted: bool,
}

impl Log {
    fn earliest(&self) -> u64 {
        self.batches
            .front()
            .map_or(self.next_offset, |b| b.base_offset.max(self.start_offset))
    }

    /// Removes the oldest batch and returns its record count; `None` when the log is empty.
    fn drop_front(&mut self) -> Option<u64> {
        let b = self.batches.pop_front()?;
        self.bytes -= b.bytes;
        self.start_offset = self.start_offset.max(b.last_offset() + 1);
        Some(b.batch.record_count())
    }
}

/// A shard held in memory.
///
/// A `parking_lot` mutex guards the log: every critical section is a few pointer moves (batches
/// hold reference-counted bytes, so reads clone cheaply) and none spans an `.await`.
pub struct MemoryShard {
    name: String,
    config: ShardConfig,
    log: Mutex<Log>,
    metrics: EngineMetrics,
    /// This backend's children of the append counters, looked up once rather than per append.
    appended_records: IntCounter,
    appended_bytes: IntCounter,
}

impl MemoryShard {
    /// An empty shard.
    pub fn new(name: &str, config: ShardConfig, metrics: EngineMetrics) -> Self {
        let label = [storage_label(StorageType::EngineMemory)];
        Self {
            appended_records: metrics.appended_records.with_label_values(&label),
            appended_bytes: metrics.appended_bytes.with_label_values(&label),
            name: name.to_owned(),
            config,
            log: Mutex::new(Log {
                max_ts_so_far: i64::MIN,
                ..Log::default()
            }),
            metrics,
        }
    }

    fn closed(&self) -> EngineError {
        EngineError::Closed(self.name.clone())
    }

    fn append_now(&self, batch: Batch) -> Result<(u64, u64)> {
        let max = (self.config.max_batch_bytes as usize)
            .min(usize::try_from(self.bound()).unwrap_or(usize::MAX));
        check_batch(&batch, max)?;
        let bytes = batch.frame_len() as u64;
        let count = batch.record_count();
        let max_timestamp = batch.max_timestamp();
        let batch = Kept::new(batch);
        let bound = self.bound();
        let mut log = self.log.lock();
        if log.deleted {
            return Err(self.closed());
        }
        let base_offset = log.next_offset;
        log.next_offset += count;
        log.max_ts_so_far = log.max_ts_so_far.max(max_timestamp);
        let max_ts_so_far = log.max_ts_so_far;
        log.bytes += bytes;
        log.batches.push_back(Stored {
            base_offset,
            batch,
            max_ts_so_far,
            bytes,
        });
        let mut dropped = 0;
        while log.bytes > bound {
            match log.drop_front() {
                Some(records) => dropped += records,
                None => break,
            }
        }
        drop(log);
        if dropped > 0 {
            self.metrics.memory_dropped_records.inc_by(dropped);
        }
        self.appended_records.inc_by(count);
        self.appended_bytes.inc_by(bytes);
        Ok((base_offset, base_offset + count - 1))
    }

    fn bound(&self) -> u64 {
        self.config
            .retention_bytes
            .map_or(self.config.memory_max_bytes, |r| {
                r.min(self.config.memory_max_bytes)
            })
    }
}

#[async_trait]
impl Shard for MemoryShard {
    fn name(&self) -> &str {
        &self.name
    }

    fn storage_type(&self) -> StorageType {
        StorageType::EngineMemory
    }

    /// The batch is handed to the writer (or stored) when the future is first polled.
    fn appends_in_call_order(&self) -> bool {
        true
    }

    async fn append(&self, batch: Batch) -> Result<(u64, u64)> {
        self.append_now(batch)
    }

    fn try_append_now(&self, batch: Batch) -> std::result::Result<Result<(u64, u64)>, Batch> {
        Ok(self.append_now(batch))
    }

    async fn read(&self, from: u64, max_records: u64, max_bytes: u64) -> Result<Vec<ReadBatch>> {
        let log = self.log.lock();
        if log.deleted {
            return Err(self.closed());
        }
        let (earliest, hw) = (log.earliest(), log.next_offset);
        if from < earliest || from > hw {
            return Err(EngineError::OffsetOutOfRange {
                requested: from,
                earliest,
                high_watermark: hw,
            });
        }
        let first = log.batches.partition_point(|b| b.last_offset() < from);
        let mut read = ReadCollector::new(from, max_records, max_bytes);
        for stored in log.batches.range(first..) {
            if !read.has_room(stored.bytes) {
                break;
            }
            read.push(stored.base_offset, stored.batch.to_batch(), stored.bytes);
        }
        Ok(read.finish())
    }

    async fn offset_for_timestamp(&self, timestamp_ms: i64) -> Result<Option<u64>> {
        let log = self.log.lock();
        if log.deleted {
            return Err(self.closed());
        }
        let i = log
            .batches
            .partition_point(|b| b.max_ts_so_far < timestamp_ms);
        let earliest = log.earliest();
        Ok(log.batches.get(i).map(|b| {
            b.batch
                .first_at_or_after(b.base_offset, timestamp_ms)
                .max(earliest)
        }))
    }

    async fn status(&self) -> Result<ShardStatus> {
        let log = self.log.lock();
        if log.deleted {
            return Err(self.closed());
        }
        Ok(ShardStatus {
            earliest: log.earliest(),
            high_watermark: log.next_offset,
            latest: log.next_offset,
            size_bytes: log.bytes,
        })
    }

    async fn truncate_before(&self, offset: u64) -> Result<()> {
        let mut log = self.log.lock();
        if log.deleted {
            return Err(self.closed());
        }
        if offset > log.next_offset {
            return Err(EngineError::OffsetOutOfRange {
                requested: offset,
                earliest: log.earliest(),
                high_watermark: log.next_offset,
            });
        }
        while log
            .batches
            .front()
            .is_some_and(|b| b.last_offset() < offset)
        {
            log.drop_front();
        }
        log.start_offset = log.start_offset.max(offset);
        Ok(())
    }

    async fn delete(&self) -> Result<()> {
        let mut log = self.log.lock();
        log.batches.clear();
        log.bytes = 0;
        log.deleted = true;
        Ok(())
    }
}

#[async_trait]
impl LocalShard for MemoryShard {
    async fn enforce_retention(&self, now_ms: i64) -> Result<u64> {
        let Some(age) = self.config.retention_ms else {
            return Ok(0);
        };
        let cutoff = now_ms.saturating_sub(i64::try_from(age).unwrap_or(i64::MAX));
        let mut log = self.log.lock();
        let mut dropped = 0;
        while log
            .batches
            .front()
            .is_some_and(|b| b.max_ts_so_far < cutoff)
        {
            dropped += log.drop_front().unwrap_or(0);
        }
        Ok(dropped)
    }

    async fn close(&self) -> Result<()> {
        Ok(())
    }
}
