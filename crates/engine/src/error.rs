//! Errors of the Storage Engine.

use std::path::PathBuf;

/// Everything that can go wrong in the engine.
///
/// Request errors (a bad offset, an unknown shard) leave the shard usable. Fatal errors
/// ([`EngineError::is_fatal`]: I/O, corruption, RocksDB) mean the shard cannot promise durability
/// any more; the shard refuses further appends after one.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// No shard has this name.
    #[error("shard `{0}` does not exist")]
    ShardNotFound(String),
    /// A shard with this name exists already.
    #[error("shard `{0}` already exists")]
    ShardExists(String),
    /// The shard name is not allowed.
    #[error("invalid shard name `{name}`: {reason}")]
    InvalidShardName {
        /// The name given.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A shard setting is out of range.
    #[error("invalid shard config: {0}")]
    InvalidConfig(String),
    /// A read asked for an offset that is not (or no longer) in the shard.
    #[error("offset {requested} is out of range [{earliest}, {high_watermark}]")]
    OffsetOutOfRange {
        /// The offset asked for.
        requested: u64,
        /// The first offset still kept.
        earliest: u64,
        /// One past the last readable offset.
        high_watermark: u64,
    },
    /// The batch is larger than the shard accepts.
    #[error("batch of {size} bytes exceeds the limit of {max} bytes")]
    BatchTooLarge {
        /// Encoded size of the batch.
        size: usize,
        /// The limit.
        max: usize,
    },
    /// The batch holds no record.
    #[error("a batch must hold at least one record")]
    EmptyBatch,
    /// The shard was deleted, or is being closed.
    #[error("shard `{0}` is closed")]
    Closed(String),
    /// Stored data failed its checksum or does not parse. Never served.
    #[error("corrupt data in shard `{shard}` at {location}: {reason}")]
    Corrupt {
        /// The shard.
        shard: String,
        /// Where: a file and position, or an offset.
        location: String,
        /// What check failed.
        reason: String,
    },
    /// A file operation failed.
    #[error("{context} ({}): {source}", path.display())]
    Io {
        /// What was being done.
        context: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// RocksDB reported an error.
    #[error("rocksdb: {0}")]
    RocksDb(#[from] rocksdb::Error),
    /// An earlier fatal error stopped this shard.
    #[error("shard `{shard}` failed earlier and refuses writes: {reason}")]
    Failed {
        /// The shard.
        shard: String,
        /// The first fatal error.
        reason: String,
    },
    /// A remote engine answered with an error that has no closer match.
    #[error("remote engine: {0}")]
    Remote(String),
    /// A remote engine could not be reached.
    #[error("remote engine unreachable: {0}")]
    Unreachable(String),
}

impl EngineError {
    /// Whether this error means the shard can no longer promise durability.
    pub fn is_fatal(&self) -> bool {
        matches!(
            self,
            EngineError::Corrupt { .. }
                | EngineError::Io { .. }
                | EngineError::RocksDb(_)
                | EngineError::Failed { .. }
        )
    }

    pub(crate) fn io(
        context: &'static str,
        path: impl Into<PathBuf>,
    ) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.into();
        move |source| EngineError::Io {
            context,
            path,
            source,
        }
    }
}

/// Result with [`EngineError`].
pub type Result<T, E = EngineError> = std::result::Result<T, E>;
