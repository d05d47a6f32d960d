//! Engine metrics, registered in the node's Prometheus registry.

use prometheus::{IntCounter, IntCounterVec, Opts, Registry};

/// Counters the backends update on their hot paths. Cloning is shallow.
///
/// Labels are the storage type only, never the shard name, so the series count stays small
/// whatever the number of topics.
#[derive(Clone)]
pub struct EngineMetrics {
    /// Records appended, by storage type.
    pub appended_records: IntCounterVec,
    /// Frame bytes appended, by storage type.
    pub appended_bytes: IntCounterVec,
    /// fsync (or synced WAL write) calls, by storage type. Appended records divided by this is
    /// the group-commit factor.
    pub syncs: IntCounterVec,
    /// Records that `EngineMemory` shards dropped to stay within their byte bound.
    pub memory_dropped_records: IntCounter,
}

impl EngineMetrics {
    /// Creates the metrics and registers them in `registry`.
    ///
    /// # Errors
    /// If a metric of the same name is registered already.
    pub fn new(registry: &Registry) -> Result<Self, prometheus::Error> {
        let metrics = Self::unregistered()?;
        registry.register(Box::new(metrics.appended_records.clone()))?;
        registry.register(Box::new(metrics.appended_bytes.clone()))?;
        registry.register(Box::new(metrics.syncs.clone()))?;
        registry.register(Box::new(metrics.memory_dropped_records.clone()))?;
        Ok(metrics)
    }

    /// Metrics that count but are exposed nowhere, for tests and tools.
    ///
    /// # Errors
    /// Only on invalid metric definitions, which would be a bug here.
    pub fn unregistered() -> Result<Self, prometheus::Error> {
        let by_storage =
            |name: &str, help: &str| IntCounterVec::new(Opts::new(name, help), &["storage"]);
        Ok(Self {
            appended_records: by_storage(
                "robustmq_engine_appended_records_total",
                "Records appended to shards.",
            )?,
            appended_bytes: by_storage(
                "robustmq_engine_appended_bytes_total",
                "Framed bytes appended to shards.",
            )?,
            syncs: by_storage(
                "robustmq_engine_syncs_total",
                "fsync or synced WAL writes; appended records per sync is the group-commit factor.",
            )?,
            memory_dropped_records: IntCounter::new(
                "robustmq_engine_memory_dropped_records_total",
                "Records EngineMemory shards dropped to stay within their byte bound.",
            )?,
        })
    }
}

/// The label value of a storage type.
pub(crate) fn storage_label(storage: crate::StorageType) -> &'static str {
    match storage {
        crate::StorageType::EngineMemory => "EngineMemory",
        crate::StorageType::EngineRocksDB => "EngineRocksDB",
        crate::StorageType::EngineSegment => "EngineSegment",
    }
}
