//! The [`Shard`] abstraction every backend implements, the per-shard [`ShardConfig`], and the
//! [`ShardStore`] that creates and finds shards, locally or on another node.

use std::sync::Arc;

use async_trait::async_trait;
pub use robustmq_common::config::{FsyncPolicy, StorageType};
use serde::{Deserialize, Serialize};

use crate::record::{Batch, ReadBatch};
use crate::{EngineError, Result};

/// Settings of one shard, fixed at creation and recorded in the registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ShardConfig {
    /// When durable backends sync before acknowledging an append.
    pub fsync: FsyncPolicy,
    /// Drop data older than this many milliseconds; `None` keeps it.
    pub retention_ms: Option<u64>,
    /// Drop the oldest data while the shard is larger than this; `None` keeps it.
    pub retention_bytes: Option<u64>,
    /// `EngineSegment`: roll to a new segment file past this size.
    pub segment_bytes: u64,
    /// `EngineSegment`: roll to a new segment file once the active one is this old (ms).
    pub segment_ms: u64,
    /// `EngineSegment`: one sparse index entry per this many bytes of log.
    pub index_interval_bytes: u32,
    /// `EngineMemory`: the oldest batches are dropped to stay under this many bytes.
    pub memory_max_bytes: u64,
    /// Largest accepted batch, framed.
    pub max_batch_bytes: u32,
}

/// 1 GiB, as Kafka's `segment.bytes`.
pub const DEFAULT_SEGMENT_BYTES: u64 = 1 << 30;
/// 7 days, as Kafka's `segment.ms`.
pub const DEFAULT_SEGMENT_MS: u64 = 7 * 24 * 3600 * 1000;

impl Default for ShardConfig {
    fn default() -> Self {
        Self {
            fsync: FsyncPolicy::Batch,
            retention_ms: None,
            retention_bytes: None,
            segment_bytes: DEFAULT_SEGMENT_BYTES,
            segment_ms: DEFAULT_SEGMENT_MS,
            index_interval_bytes: 4096,
            memory_max_bytes: 64 << 20,
            max_batch_bytes: 64 << 20,
        }
    }
}

impl ShardConfig {
    /// Rejects settings no backend can honour.
    ///
    /// # Errors
    /// [`EngineError::InvalidConfig`] naming the setting.
    pub fn validate(&self) -> Result<()> {
        let bad = |what: &str| Err(EngineError::InvalidConfig(what.to_owned()));
        if self.segment_bytes < 4096 {
            return bad("segment_bytes must be at least 4096");
        }
        let fits = self
            .segment_bytes
            .checked_add(u64::from(self.max_batch_bytes))
            .is_some_and(|end| end <= u64::from(u32::MAX));
        if !fits {
            return bad(
                "segment_bytes + max_batch_bytes must fit in 32 bits (index positions are u32)",
            );
        }
        if self.segment_ms == 0 {
            return bad("segment_ms must be positive");
        }
        if self.index_interval_bytes == 0 {
            return bad("index_interval_bytes must be positive");
        }
        if self.memory_max_bytes == 0 {
            return bad("memory_max_bytes must be positive");
        }
        if self.max_batch_bytes < 1024 {
            return bad("max_batch_bytes must be at least 1024");
        }
        Ok(())
    }
}

/// Offsets and size of a shard at one moment.
///
/// Invariant: `earliest <= high_watermark <= latest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ShardStatus {
    /// First offset still readable; equals `high_watermark` when the shard is empty.
    pub earliest: u64,
    /// One past the last readable offset. Records below it are as durable as the fsync policy
    /// promises, and its value never goes down, so an offset a reader saw is never reused.
    pub high_watermark: u64,
    /// One past the last assigned offset; above `high_watermark` only while appends wait for
    /// their sync.
    pub latest: u64,
    /// Bytes the shard occupies (frames, without indexes).
    pub size_bytes: u64,
}

/// An ordered log of records with dense offsets that are never reused.
///
/// Implemented by the three backends and by the remote client, so the broker's storage adapter
/// does not care where or how a shard is stored.
#[async_trait]
pub trait Shard: Send + Sync + 'static {
    /// The shard's name.
    fn name(&self) -> &str;

    /// Where the shard keeps its records.
    fn storage_type(&self) -> StorageType;

    /// Appends a batch and returns the offsets of its first and last record. Returns only once
    /// the batch is as durable as the shard's fsync policy promises, and readable.
    ///
    /// # Errors
    /// [`EngineError::EmptyBatch`], [`EngineError::BatchTooLarge`], [`EngineError::Closed`], or a
    /// fatal error, after which the shard refuses appends.
    async fn append(&self, batch: Batch) -> Result<(u64, u64)>;

    /// Appends as [`Shard::append`] does, when this shard can finish the append without
    /// waiting (the in-memory backend always can); otherwise gives the batch back untouched,
    /// and the caller awaits [`Shard::append`] with it. A hot path that publishes into memory
    /// then takes no future at all.
    ///
    /// # Errors
    /// The inner result carries [`Shard::append`]'s errors.
    fn try_append_now(&self, batch: Batch) -> std::result::Result<Result<(u64, u64)>, Batch> {
        Err(batch)
    }

    /// Whether this shard takes its appends in the order their futures are first polled: the
    /// offset order is fixed by then, and only the wait for durability remains. A caller with
    /// several appends to one shard in flight (a pipelined Kafka connection) then only orders
    /// their first polls; for a shard that says no (it hands appends to other tasks, or to
    /// another node) it waits for each append before starting the next.
    fn appends_in_call_order(&self) -> bool {
        false
    }

    /// Reads batches starting at the one that holds `from`, until `max_records` records or
    /// `max_bytes` bytes; the first batch is returned even if it alone is larger, so a reader
    /// always progresses. Reading at the high watermark returns nothing.
    ///
    /// # Errors
    /// [`EngineError::OffsetOutOfRange`] below `earliest` or above the high watermark;
    /// [`EngineError::Corrupt`] if stored data fails its checksum (it is never served).
    async fn read(&self, from: u64, max_records: u64, max_bytes: u64) -> Result<Vec<ReadBatch>>;

    /// The first offset whose record has a timestamp at or after `timestamp_ms`, or `None` if
    /// no readable record has.
    ///
    /// # Errors
    /// I/O or corruption while searching.
    async fn offset_for_timestamp(&self, timestamp_ms: i64) -> Result<Option<u64>>;

    /// Offsets and size.
    ///
    /// # Errors
    /// [`EngineError::Closed`] after delete.
    async fn status(&self) -> Result<ShardStatus>;

    /// Drops every record below `offset` (retention). Offsets are not reused: appends continue
    /// at the high watermark.
    ///
    /// # Errors
    /// [`EngineError::OffsetOutOfRange`] if `offset` is above the high watermark.
    async fn truncate_before(&self, offset: u64) -> Result<()>;

    /// Removes the shard's data. Every later call fails with [`EngineError::Closed`].
    ///
    /// # Errors
    /// I/O errors while removing files.
    async fn delete(&self) -> Result<()>;

    /// First readable offset.
    ///
    /// # Errors
    /// As [`Shard::status`].
    async fn earliest(&self) -> Result<u64> {
        Ok(self.status().await?.earliest)
    }

    /// One past the last assigned offset.
    ///
    /// # Errors
    /// As [`Shard::status`].
    async fn latest(&self) -> Result<u64> {
        Ok(self.status().await?.latest)
    }

    /// One past the last readable offset.
    ///
    /// # Errors
    /// As [`Shard::status`].
    async fn high_watermark(&self) -> Result<u64> {
        Ok(self.status().await?.high_watermark)
    }
}

/// What the engine does to its own shards and the remote client cannot: background retention
/// and an orderly close.
#[async_trait]
pub(crate) trait LocalShard: Shard {
    /// Applies the shard's time and size retention at `now_ms`; returns the records dropped.
    async fn enforce_retention(&self, now_ms: i64) -> Result<u64>;

    /// Flushes and stops background work; the data stays.
    async fn close(&self) -> Result<()>;
}

/// A shard as the registry lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardInfo {
    /// Name.
    pub name: String,
    /// Backend.
    pub storage: StorageType,
    /// Settings.
    pub config: ShardConfig,
    /// Offsets and size now.
    pub status: ShardStatus,
}

/// Creates, finds and deletes shards: the local registry, or a remote engine over gRPC.
#[async_trait]
pub trait ShardStore: Send + Sync + 'static {
    /// Creates a shard.
    ///
    /// # Errors
    /// [`EngineError::ShardExists`], [`EngineError::InvalidShardName`],
    /// [`EngineError::InvalidConfig`], or I/O.
    async fn create_shard(
        &self,
        name: &str,
        storage: StorageType,
        config: ShardConfig,
    ) -> Result<ShardInfo>;

    /// Deletes a shard and its data.
    ///
    /// # Errors
    /// [`EngineError::ShardNotFound`], or I/O.
    async fn delete_shard(&self, name: &str) -> Result<()>;

    /// Every shard, by name.
    ///
    /// # Errors
    /// Transport errors for a remote store.
    async fn list_shards(&self) -> Result<Vec<ShardInfo>>;

    /// A handle on one shard.
    ///
    /// # Errors
    /// [`EngineError::ShardNotFound`].
    async fn shard(&self, name: &str) -> Result<Arc<dyn Shard>>;
}

/// Longest shard name, in bytes.
pub const MAX_SHARD_NAME: usize = 200;

/// Checks a shard name: 1 to [`MAX_SHARD_NAME`] bytes, no control characters.
///
/// # Errors
/// [`EngineError::InvalidShardName`].
pub fn check_shard_name(name: &str) -> Result<()> {
    let reason = if name.is_empty() {
        Some("must not be empty")
    } else if name.len() > MAX_SHARD_NAME {
        Some("must be at most MAX_SHARD_NAME (200) bytes")
    } else if name.chars().any(char::is_control) {
        Some("must not contain control characters")
    } else {
        None
    };
    match reason {
        Some(reason) => Err(EngineError::InvalidShardName {
            name: name.to_owned(),
            reason,
        }),
        None => Ok(()),
    }
}

/// The directory name of a shard: the name, with every byte outside `[A-Za-z0-9_-]` (and a
/// leading `.`) written as `%XX`, so any valid name is one safe path component and two names never
/// share a directory.
pub fn shard_dir_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for (i, b) in name.bytes().enumerate() {
        let plain = b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || (b == b'.' && i > 0);
        if plain {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dir_names_are_safe_and_distinct() {
        assert_eq!(shard_dir_name("sensors-0"), "sensors-0");
        assert_eq!(shard_dir_name("a/b"), "a%2Fb");
        assert_eq!(shard_dir_name(".."), "%2E.");
        assert_eq!(shard_dir_name("%2F"), "%252F");
        assert_ne!(shard_dir_name("a/b"), shard_dir_name("a%2Fb"));
    }

    #[test]
    fn names_are_checked() {
        assert!(check_shard_name("t").is_ok());
        assert!(check_shard_name("").is_err());
        assert!(check_shard_name("a\nb").is_err());
        assert!(check_shard_name(&"x".repeat(201)).is_err());
    }

    #[test]
    fn default_config_is_valid_and_absurd_ones_are_not() {
        ShardConfig::default().validate().expect("valid");
        let tiny = ShardConfig {
            segment_bytes: 10,
            ..ShardConfig::default()
        };
        assert!(tiny.validate().is_err());
    }
}
