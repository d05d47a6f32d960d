//! The Storage Engine: shards, the durable logs under MQTT topics and Kafka partitions.
//!
//! - [`shard`]: the [`Shard`] trait every backend implements, [`ShardConfig`], [`ShardStatus`],
//!   and [`ShardStore`] (create, find, delete shards; local or remote).
//! - [`record`]: [`Record`], [`Batch`] and the CRC32C-checked frame both durable backends store.
//! - [`memory`]: `EngineMemory`, a bounded in-memory log.
//! - [`rocks`]: `EngineRocksDB`, shards as key ranges in one RocksDB.
//! - [`segment`]: `EngineSegment`, segment files with offset and time indexes, group commit and
//!   crash recovery.
//! - [`registry`]: [`ShardRegistry`], this node's shards, reopened from a manifest on restart.
//! - [`grpc`] and [`remote`]: the engine gRPC service and its client, so a broker on another node
//!   uses these shards as if they were local.
//! - [`metrics`]: the engine's Prometheus counters, [`EngineMetrics`].
//!
//! See `ARCHITECTURE.md` beside this crate for the data flow and the durability argument.

mod error;
pub mod grpc;
pub mod memory;
pub mod metrics;
pub mod record;
pub mod registry;
pub mod remote;
pub mod rocks;
pub mod segment;
pub mod shard;

#[cfg(test)]
mod shard_suite;

pub use error::{EngineError, Result};
pub use metrics::EngineMetrics;
pub use record::{Batch, Header, OpaqueBatch, ReadBatch, Record};
pub use registry::ShardRegistry;
pub use shard::{FsyncPolicy, Shard, ShardConfig, ShardInfo, ShardStatus, ShardStore, StorageType};
