//! `EngineRocksDB`: shards as key ranges in one RocksDB per engine.
//!
//! Column family `shards` maps `shard_id (u64 BE) ++ base_offset (u64 BE)` to the same CRC-checked
//! frame the segment backend writes, one per batch, so keys sort by shard and then by offset and a
//! shard is one contiguous range (deleting it is a range delete). Column family `shard_meta` holds
//! per shard its logical start offset (`id ++ 's'`) and its byte count (`id ++ 'b'`, an i64 kept
//! by an add merge operator in the same write batch as each append or truncation).
//!
//! Writes use `WriteOptions::set_sync` per the fsync policy: `always` and `batch` sync the WAL
//! before the append returns (RocksDB's write thread groups synced writes of different shards into
//! one WAL sync), `never` leaves it to the OS. The writes of one shard are serialized in offset
//! order by an ordering lock held inside a spawned task, so a crash keeps a prefix of the log
//! (never a hole), an append is readable when it returns, and a caller that gives up on an append
//! (a dropped future) cannot leave the shard half-updated.

use std::path::Path;
use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use parking_lot::Mutex;
use rocksdb::{
    ColumnFamilyDescriptor, DB, DBCompressionType, MergeOperands, Options, ReadOptions, WriteBatch,
    WriteOptions,
};

use crate::metrics::{EngineMetrics, storage_label};
use crate::record::{
    Batch, FrameHeader, Parsed, ReadBatch, ReadCollector, check_batch, decode_batch, encode_frame,
    parse_frame,
};
use crate::shard::{FsyncPolicy, LocalShard, Shard, ShardConfig, ShardStatus, StorageType};
use crate::{EngineError, Result};

const CF_DATA: &str = "shards";
const CF_META: &str = "shard_meta";
const META_START: u8 = b's';
const META_BYTES: u8 = b'b';

/// The engine's RocksDB instance, shared by every `EngineRocksDB` shard. Cloning is shallow.
#[derive(Clone)]
pub struct RocksStore {
    db: Arc<DB>,
}

fn add_merge(_key: &[u8], existing: Option<&[u8]>, operands: &MergeOperands) -> Option<Vec<u8>> {
    let decode = |b: &[u8]| b.try_into().map(i64::from_le_bytes).unwrap_or(0);
    let total = operands.iter().fold(existing.map_or(0, decode), |acc, op| {
        acc.saturating_add(decode(op))
    });
    Some(total.to_le_bytes().to_vec())
}

impl RocksStore {
    /// Opens (or creates) the database at `path`.
    ///
    /// # Errors
    /// [`EngineError::RocksDb`] if RocksDB cannot open it.
    pub fn open(path: &Path) -> Result<Self> {
        let mut db_opts = Options::default();
        db_opts.create_if_missing(true);
        db_opts.create_missing_column_families(true);
        let mut data = Options::default();
        data.set_compression_type(DBCompressionType::Lz4);
        let mut meta = Options::default();
        meta.set_merge_operator_associative("add_i64", add_merge);
        let db = DB::open_cf_descriptors(
            &db_opts,
            path,
            [
                ColumnFamilyDescriptor::new(CF_DATA, data),
                ColumnFamilyDescriptor::new(CF_META, meta),
            ],
        )?;
        Ok(Self { db: Arc::new(db) })
    }

    fn data(&self) -> Result<&rocksdb::ColumnFamily> {
        self.db.cf_handle(CF_DATA).ok_or_else(|| {
            EngineError::InvalidConfig(format!("column family {CF_DATA} is missing"))
        })
    }

    fn meta(&self) -> Result<&rocksdb::ColumnFamily> {
        self.db.cf_handle(CF_META).ok_or_else(|| {
            EngineError::InvalidConfig(format!("column family {CF_META} is missing"))
        })
    }
}

fn data_key(id: u64, offset: u64) -> [u8; 16] {
    let mut key = [0; 16];
    key[..8].copy_from_slice(&id.to_be_bytes());
    key[8..].copy_from_slice(&offset.to_be_bytes());
    key
}

fn meta_key(id: u64, kind: u8) -> [u8; 9] {
    let mut key = [0; 9];
    key[..8].copy_from_slice(&id.to_be_bytes());
    key[8] = kind;
    key
}

struct State {
    next_offset: u64,
    high_watermark: u64,
    start_offset: u64,
    max_ts_so_far: i64,
    bytes: u64,
    failure: Option<String>,
    closed: bool,
}

/// A shard stored in the engine's RocksDB.
pub struct RocksShard {
    name: String,
    id: u64,
    config: ShardConfig,
    store: RocksStore,
    state: Arc<Mutex<State>>,
    /// Serializes appends, truncations and deletion of this shard, in offset order. Held only
    /// inside spawned tasks, so it is released only when the operation is complete.
    order: Arc<tokio::sync::Mutex<()>>,
    metrics: EngineMetrics,
}

/// A verified frame read back from RocksDB.
struct StoredFrame {
    header: FrameHeader,
    frame: Bytes,
}

impl RocksShard {
    /// Opens shard `id` in `store`, finding where it left off.
    ///
    /// # Errors
    /// [`EngineError::RocksDb`] on read errors, [`EngineError::Corrupt`] if the last frame fails
    /// its checksum.
    pub fn open(
        store: RocksStore,
        name: &str,
        id: u64,
        config: ShardConfig,
        metrics: EngineMetrics,
    ) -> Result<Self> {
        config.validate()?;
        let meta = store.meta()?;
        let start_offset = store
            .db
            .get_cf(meta, meta_key(id, META_START))?
            .and_then(|v| v.as_slice().try_into().ok().map(u64::from_le_bytes))
            .unwrap_or(0);
        let bytes = store
            .db
            .get_cf(meta, meta_key(id, META_BYTES))?
            .and_then(|v| v.as_slice().try_into().ok().map(i64::from_le_bytes))
            .map_or(0, |b| u64::try_from(b).unwrap_or(0));
        let shard = Self {
            name: name.to_owned(),
            id,
            config,
            store,
            order: Arc::new(tokio::sync::Mutex::new(())),
            state: Arc::new(Mutex::new(State {
                next_offset: start_offset,
                high_watermark: start_offset,
                start_offset,
                max_ts_so_far: i64::MIN,
                bytes,
                failure: None,
                closed: false,
            })),
            metrics,
        };
        if let Some(last) = shard.frame_at_or_before(u64::MAX)? {
            let mut state = shard.state.lock();
            state.next_offset = last.header.next_offset().max(start_offset);
            state.high_watermark = state.next_offset;
            state.max_ts_so_far = last.header.max_ts_so_far;
        }
        Ok(shard)
    }

    fn closed(&self) -> EngineError {
        EngineError::Closed(self.name.clone())
    }

    fn verify(&self, key: &[u8], value: &[u8]) -> Result<StoredFrame> {
        match parse_frame(value) {
            Parsed::Frame(header) if header.frame_len == value.len() => Ok(StoredFrame {
                header,
                frame: Bytes::copy_from_slice(value),
            }),
            Parsed::Frame(_) => Err(self.corrupt(key, "trailing bytes after the frame".to_owned())),
            Parsed::Incomplete(_) => Err(self.corrupt(key, "frame is cut short".to_owned())),
            Parsed::Corrupt(reason) => Err(self.corrupt(key, reason)),
        }
    }

    fn corrupt(&self, key: &[u8], reason: String) -> EngineError {
        let offset = key
            .get(8..16)
            .and_then(|b| b.try_into().ok())
            .map_or(0, u64::from_be_bytes);
        EngineError::Corrupt {
            shard: self.name.clone(),
            location: format!("offset {offset}"),
            reason,
        }
    }

    /// The frame holding `offset`, or the last one before it, within this shard.
    fn frame_at_or_before(&self, offset: u64) -> Result<Option<StoredFrame>> {
        let mut it = self.store.db.raw_iterator_cf(self.store.data()?);
        it.seek_for_prev(data_key(self.id, offset));
        match (it.key(), it.value()) {
            (Some(key), Some(value)) if key[..8] == self.id.to_be_bytes() => {
                self.verify(key, value).map(Some)
            }
            _ => {
                it.status()?;
                Ok(None)
            }
        }
    }

    fn write_options(&self) -> WriteOptions {
        let mut opts = WriteOptions::default();
        opts.set_sync(self.config.fsync != FsyncPolicy::Never);
        opts
    }

    fn read_blocking(
        &self,
        from: u64,
        high_watermark: u64,
        max_records: u64,
        max_bytes: u64,
    ) -> Result<Vec<ReadBatch>> {
        let start = self
            .frame_at_or_before(from)?
            .map_or(from, |f| f.header.base_offset);
        let mut opts = ReadOptions::default();
        opts.set_iterate_upper_bound(data_key(self.id, high_watermark).to_vec());
        let mut it = self.store.db.raw_iterator_cf_opt(self.store.data()?, opts);
        it.seek(data_key(self.id, start));
        let mut read = ReadCollector::new(from, max_records, max_bytes);
        while let (Some(key), Some(value)) = (it.key(), it.value()) {
            let stored = self.verify(key, value)?;
            let header = stored.header;
            if header.last_offset() >= from {
                if !read.has_room(header.frame_len as u64) {
                    break;
                }
                let batch = decode_batch(&header, &stored.frame)
                    .map_err(|reason| self.corrupt(key, reason))?;
                read.push(header.base_offset, batch, header.frame_len as u64);
            }
            it.next();
        }
        it.status()?;
        Ok(read.finish())
    }

    /// Base offset of the first batch whose `max_ts_so_far` reaches `timestamp`, by binary search
    /// over offsets (that field never decreases along the log); `high_watermark` if none.
    fn first_batch_reaching(
        &self,
        timestamp: i64,
        earliest: u64,
        high_watermark: u64,
    ) -> Result<Option<StoredFrame>> {
        let (mut lo, mut hi) = (earliest, high_watermark);
        let mut found = None;
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let Some(frame) = self.frame_at_or_before(mid)? else {
                lo = mid + 1;
                continue;
            };
            if frame.header.max_ts_so_far < timestamp {
                lo = frame.header.next_offset().max(mid + 1);
            } else {
                hi = frame.header.base_offset;
                found = Some(frame);
            }
        }
        Ok(found)
    }

    /// Deletes every batch that lies wholly below `offset` and records `offset` as the start.
    fn truncate_blocking(&self, offset: u64) -> Result<()> {
        if offset <= self.state.lock().start_offset {
            return Ok(());
        }
        let data = self.store.data()?;
        let mut it = self.store.db.raw_iterator_cf(data);
        it.seek(data_key(self.id, 0));
        let mut removed: i64 = 0;
        let mut keep_from = offset;
        while let (Some(key), Some(value)) = (it.key(), it.value()) {
            if key[..8] != self.id.to_be_bytes() {
                break;
            }
            let header = self.verify(key, value)?.header;
            if header.last_offset() >= offset {
                keep_from = header.base_offset;
                break;
            }
            removed += i64::try_from(value.len()).unwrap_or(i64::MAX);
            it.next();
        }
        it.status()?;
        let mut batch = WriteBatch::default();
        batch.delete_range_cf(data, data_key(self.id, 0), data_key(self.id, keep_from));
        let meta = self.store.meta()?;
        batch.put_cf(meta, meta_key(self.id, META_START), offset.to_le_bytes());
        batch.merge_cf(
            meta,
            meta_key(self.id, META_BYTES),
            (-removed).to_le_bytes(),
        );
        self.store.db.write_opt(batch, &self.write_options())?;
        let mut state = self.state.lock();
        state.start_offset = state.start_offset.max(offset);
        state.bytes = state
            .bytes
            .saturating_sub(u64::try_from(removed).unwrap_or(0));
        Ok(())
    }

    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&RocksShard) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let this = self.clone_handle();
        tokio::task::spawn_blocking(move || f(&this))
            .await
            .map_err(|e| EngineError::Remote(format!("rocksdb task failed: {e}")))?
    }

    fn clone_handle(&self) -> RocksShard {
        RocksShard {
            name: self.name.clone(),
            id: self.id,
            config: self.config.clone(),
            store: self.store.clone(),
            state: Arc::clone(&self.state),
            order: Arc::clone(&self.order),
            metrics: self.metrics.clone(),
        }
    }

    /// Runs `f` as its own task under the ordering lock; the caller may stop waiting, the
    /// operation still completes.
    async fn ordered<T: Send + 'static>(
        &self,
        f: impl FnOnce(RocksShard) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let this = self.clone_handle();
        tokio::spawn(async move {
            let _order = Arc::clone(&this.order).lock_owned().await;
            tokio::task::spawn_blocking(move || f(this))
                .await
                .map_err(|e| EngineError::Remote(format!("rocksdb task failed: {e}")))?
        })
        .await
        .map_err(|e| EngineError::Remote(format!("rocksdb task failed: {e}")))?
    }

    fn earliest(state: &State) -> u64 {
        state.start_offset.min(state.high_watermark)
    }
}

#[async_trait]
impl Shard for RocksShard {
    fn name(&self) -> &str {
        &self.name
    }

    fn storage_type(&self) -> StorageType {
        StorageType::EngineRocksDB
    }

    async fn append(&self, batch: Batch) -> Result<(u64, u64)> {
        check_batch(&batch, self.config.max_batch_bytes as usize)?;
        let count = batch.record_count();
        let (base_offset, len) = self
            .ordered(move |shard| {
                let (base_offset, max_ts_so_far) = {
                    let mut state = shard.state.lock();
                    if state.closed {
                        return Err(shard.closed());
                    }
                    if let Some(reason) = &state.failure {
                        return Err(EngineError::Failed {
                            shard: shard.name.clone(),
                            reason: reason.clone(),
                        });
                    }
                    state.max_ts_so_far = state.max_ts_so_far.max(batch.max_timestamp());
                    (state.next_offset, state.max_ts_so_far)
                };
                let mut frame = Vec::with_capacity(batch.frame_len());
                encode_frame(base_offset, &batch, max_ts_so_far, &mut frame);
                let len = frame.len() as u64;
                let mut write = WriteBatch::default();
                write.put_cf(shard.store.data()?, data_key(shard.id, base_offset), frame);
                write.merge_cf(
                    shard.store.meta()?,
                    meta_key(shard.id, META_BYTES),
                    i64::try_from(len).unwrap_or(i64::MAX).to_le_bytes(),
                );
                let written = shard.store.db.write_opt(write, &shard.write_options());
                let mut state = shard.state.lock();
                match written {
                    Ok(()) => {
                        state.next_offset = base_offset + count;
                        state.high_watermark = state.next_offset;
                        state.bytes += len;
                        Ok((base_offset, len))
                    }
                    Err(e) => {
                        state.failure.get_or_insert_with(|| e.to_string());
                        Err(e.into())
                    }
                }
            })
            .await?;
        let label = [storage_label(StorageType::EngineRocksDB)];
        self.metrics
            .appended_records
            .with_label_values(&label)
            .inc_by(count);
        self.metrics
            .appended_bytes
            .with_label_values(&label)
            .inc_by(len);
        if self.config.fsync != FsyncPolicy::Never {
            self.metrics.syncs.with_label_values(&label).inc();
        }
        Ok((base_offset, base_offset + count - 1))
    }

    async fn read(&self, from: u64, max_records: u64, max_bytes: u64) -> Result<Vec<ReadBatch>> {
        let high_watermark = {
            let state = self.state.lock();
            if state.closed {
                return Err(self.closed());
            }
            let earliest = Self::earliest(&state);
            if from < earliest || from > state.high_watermark {
                return Err(EngineError::OffsetOutOfRange {
                    requested: from,
                    earliest,
                    high_watermark: state.high_watermark,
                });
            }
            if from == state.high_watermark {
                return Ok(Vec::new());
            }
            state.high_watermark
        };
        self.blocking(move |shard| {
            shard.read_blocking(from, high_watermark, max_records, max_bytes)
        })
        .await
    }

    async fn offset_for_timestamp(&self, timestamp_ms: i64) -> Result<Option<u64>> {
        let (earliest, high_watermark) = {
            let state = self.state.lock();
            if state.closed {
                return Err(self.closed());
            }
            (Self::earliest(&state), state.high_watermark)
        };
        self.blocking(move |shard| {
            let Some(frame) = shard.first_batch_reaching(timestamp_ms, earliest, high_watermark)?
            else {
                return Ok(None);
            };
            let header = frame.header;
            let batch = decode_batch(&header, &frame.frame)
                .map_err(|reason| shard.corrupt(&data_key(shard.id, header.base_offset), reason))?;
            let offset = batch.first_at_or_after(header.base_offset, timestamp_ms);
            Ok(Some(offset.max(earliest)))
        })
        .await
    }

    async fn status(&self) -> Result<ShardStatus> {
        let state = self.state.lock();
        if state.closed {
            return Err(self.closed());
        }
        Ok(ShardStatus {
            earliest: Self::earliest(&state),
            high_watermark: state.high_watermark,
            latest: state.next_offset,
            size_bytes: state.bytes,
        })
    }

    async fn truncate_before(&self, offset: u64) -> Result<()> {
        {
            let state = self.state.lock();
            if state.closed {
                return Err(self.closed());
            }
            if offset > state.high_watermark {
                return Err(EngineError::OffsetOutOfRange {
                    requested: offset,
                    earliest: Self::earliest(&state),
                    high_watermark: state.high_watermark,
                });
            }
            if offset <= state.start_offset {
                return Ok(());
            }
        }
        self.ordered(move |shard| shard.truncate_blocking(offset))
            .await
    }

    async fn delete(&self) -> Result<()> {
        {
            let mut state = self.state.lock();
            if state.closed {
                return Err(self.closed());
            }
            state.closed = true;
        }
        self.ordered(|shard| {
            let mut batch = WriteBatch::default();
            batch.delete_range_cf(
                shard.store.data()?,
                data_key(shard.id, 0),
                data_key(shard.id + 1, 0),
            );
            let meta = shard.store.meta()?;
            batch.delete_cf(meta, meta_key(shard.id, META_START));
            batch.delete_cf(meta, meta_key(shard.id, META_BYTES));
            shard.store.db.write_opt(batch, &shard.write_options())?;
            Ok(())
        })
        .await
    }
}

#[async_trait]
impl LocalShard for RocksShard {
    async fn enforce_retention(&self, now_ms: i64) -> Result<u64> {
        let (earliest, high_watermark, bytes) = {
            let state = self.state.lock();
            if state.closed {
                return Err(self.closed());
            }
            (Self::earliest(&state), state.high_watermark, state.bytes)
        };
        let cutoff = self
            .config
            .retention_ms
            .map(|ms| now_ms.saturating_sub(i64::try_from(ms).unwrap_or(i64::MAX)));
        let max_bytes = self.config.retention_bytes;
        let target = self
            .blocking(move |shard| {
                let mut target = earliest;
                if let Some(cutoff) = cutoff {
                    target = shard
                        .first_batch_reaching(cutoff, earliest, high_watermark)?
                        .map_or(high_watermark, |f| f.header.base_offset);
                }
                if let Some(max) = max_bytes
                    && bytes > max
                {
                    // Walk from the oldest batch until what remains fits.
                    let mut excess = bytes - max;
                    let mut it = shard.store.db.raw_iterator_cf(shard.store.data()?);
                    it.seek(data_key(shard.id, earliest));
                    while let (Some(key), Some(value)) = (it.key(), it.value()) {
                        if key[..8] != shard.id.to_be_bytes() || excess == 0 {
                            break;
                        }
                        let header = shard.verify(key, value)?.header;
                        target = target.max(header.next_offset().min(high_watermark));
                        excess = excess.saturating_sub(value.len() as u64);
                        it.next();
                    }
                    it.status()?;
                }
                Ok(target)
            })
            .await?;
        if target <= earliest {
            return Ok(0);
        }
        self.truncate_before(target).await?;
        Ok(target - earliest)
    }

    async fn close(&self) -> Result<()> {
        if self.config.fsync != FsyncPolicy::Never {
            self.blocking(|shard| Ok(shard.store.db.flush_wal(true)?))
                .await?;
        }
        Ok(())
    }
}
