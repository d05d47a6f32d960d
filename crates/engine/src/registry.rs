//! [`ShardRegistry`]: the local engine's shards, with their storage type and settings recorded
//! in a manifest so that they reopen on restart.
//!
//! Layout under `data_dir/engine/`: `.shards.json` (the manifest), `.rocksdb/` (the RocksDB shared
//! by every `EngineRocksDB` shard) and one directory per `EngineSegment` shard, named by
//! [`shard_dir_name`]. That function writes a leading `.` as `%2E`, so no shard can collide with
//! the two hidden names.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use parking_lot::RwLock;
use robustmq_common::Shutdown;
use serde::{Deserialize, Serialize};

use crate::memory::MemoryShard;
use crate::metrics::EngineMetrics;
use crate::rocks::{RocksShard, RocksStore};
use crate::segment::{SegmentIo, SegmentShard, write_atomic};
use crate::shard::{
    LocalShard, Shard, ShardConfig, ShardInfo, ShardStore, StorageType, check_shard_name,
    shard_dir_name,
};
use crate::{EngineError, Result};

const MANIFEST: &str = ".shards.json";
const ROCKSDB_DIR: &str = ".rocksdb";

/// A shard as the manifest records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct ShardSpec {
    name: String,
    /// Never reused: RocksDB keys start with it.
    id: u64,
    storage: StorageType,
    config: ShardConfig,
    created_ms: i64,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    next_id: u64,
    shards: Vec<ShardSpec>,
}

struct Entry {
    spec: ShardSpec,
    shard: Arc<dyn LocalShard>,
}

/// The shards of this node's Storage Engine.
///
/// Lock order: `manifest` (async, held across the manifest write) before `shards` (sync, held for
/// map lookups only, never across an `.await`).
pub struct ShardRegistry {
    root: PathBuf,
    rocks: RocksStore,
    io: SegmentIo,
    metrics: EngineMetrics,
    manifest: tokio::sync::Mutex<Manifest>,
    shards: RwLock<BTreeMap<String, Entry>>,
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

impl ShardRegistry {
    /// Opens the engine in `root` (created if missing) and reopens every shard in its manifest.
    /// `writer_threads` sizes the segment writer pool.
    ///
    /// # Errors
    /// I/O errors on `root`, a manifest that does not parse ([`EngineError::Corrupt`]), RocksDB
    /// errors, or a shard that cannot be recovered.
    pub fn open(root: &Path, metrics: EngineMetrics, writer_threads: usize) -> Result<Self> {
        std::fs::create_dir_all(root)
            .map_err(EngineError::io("cannot create engine directory", root))?;
        let manifest_path = root.join(MANIFEST);
        let manifest: Manifest = match std::fs::read(&manifest_path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| EngineError::Corrupt {
                shard: "*".to_owned(),
                location: manifest_path.display().to_string(),
                reason: e.to_string(),
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Manifest::default(),
            Err(e) => return Err(EngineError::io("cannot read manifest", &manifest_path)(e)),
        };
        let rocks = RocksStore::open(&root.join(ROCKSDB_DIR))?;
        let io = SegmentIo::new(writer_threads)
            .map_err(EngineError::io("cannot start segment writers", root))?;
        let specs = manifest.shards.clone();
        let registry = Self {
            root: root.to_owned(),
            rocks,
            io,
            metrics,
            manifest: tokio::sync::Mutex::new(manifest),
            shards: RwLock::new(BTreeMap::new()),
        };
        let mut shards = BTreeMap::new();
        for spec in &specs {
            let shard = registry.open_shard(spec)?;
            shards.insert(
                spec.name.clone(),
                Entry {
                    spec: spec.clone(),
                    shard,
                },
            );
        }
        tracing::info!(shards = shards.len(), root = %root.display(), "storage engine opened");
        *registry.shards.write() = shards;
        Ok(registry)
    }

    fn segment_dir(&self, name: &str) -> PathBuf {
        self.root.join(shard_dir_name(name))
    }

    fn open_shard(&self, spec: &ShardSpec) -> Result<Arc<dyn LocalShard>> {
        let metrics = self.metrics.clone();
        Ok(match spec.storage {
            StorageType::EngineMemory => {
                Arc::new(MemoryShard::new(&spec.name, spec.config.clone(), metrics))
            }
            StorageType::EngineRocksDB => Arc::new(RocksShard::open(
                self.rocks.clone(),
                &spec.name,
                spec.id,
                spec.config.clone(),
                metrics,
            )?),
            StorageType::EngineSegment => Arc::new(SegmentShard::open(
                self.segment_dir(&spec.name),
                &spec.name,
                spec.config.clone(),
                &self.io,
                metrics,
            )?),
        })
    }

    async fn persist(&self, manifest: &Manifest) -> Result<()> {
        let bytes = serde_json::to_vec_pretty(manifest)
            .map_err(|e| EngineError::InvalidConfig(format!("manifest does not serialise: {e}")))?;
        let root = self.root.clone();
        tokio::task::spawn_blocking(move || write_atomic(&root, MANIFEST, &bytes))
            .await
            .map_err(|e| EngineError::Remote(format!("manifest task failed: {e}")))?
    }

    fn info_parts(&self) -> Vec<(ShardSpec, Arc<dyn LocalShard>)> {
        self.shards
            .read()
            .values()
            .map(|e| (e.spec.clone(), Arc::clone(&e.shard)))
            .collect()
    }

    /// Applies every shard's retention once; returns the records dropped.
    pub async fn enforce_retention(&self) -> u64 {
        let now = now_ms();
        let mut dropped = 0;
        for (spec, shard) in self.info_parts() {
            match shard.enforce_retention(now).await {
                Ok(n) => dropped += n,
                Err(EngineError::Closed(_)) => {}
                Err(e) => tracing::warn!(shard = %spec.name, error = %e, "retention failed"),
            }
        }
        dropped
    }

    /// Runs [`ShardRegistry::enforce_retention`] every `interval` until `shutdown` fires.
    pub fn spawn_retention(
        self: &Arc<Self>,
        interval: Duration,
        shutdown: Shutdown,
    ) -> tokio::task::JoinHandle<()> {
        let registry = Arc::clone(self);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(interval);
            tick.tick().await;
            loop {
                tokio::select! {
                    () = shutdown.wait() => break,
                    _ = tick.tick() => {
                        let dropped = registry.enforce_retention().await;
                        if dropped > 0 {
                            tracing::info!(records = dropped, "retention dropped old records");
                        }
                    }
                }
            }
        })
    }

    /// Flushes every shard; the registry should not be used afterwards.
    ///
    /// # Errors
    /// The first error met; every shard is still asked to close.
    pub async fn close(&self) -> Result<()> {
        let mut first = None;
        for (spec, shard) in self.info_parts() {
            if let Err(e) = shard.close().await {
                tracing::warn!(shard = %spec.name, error = %e, "closing shard failed");
                first.get_or_insert(e);
            }
        }
        first.map_or(Ok(()), Err)
    }

    /// How many shards of each storage type, and their bytes.
    pub async fn storage_usage(&self) -> BTreeMap<&'static str, (u64, u64)> {
        let mut usage = BTreeMap::new();
        for (spec, shard) in self.info_parts() {
            let entry = usage
                .entry(crate::metrics::storage_label(spec.storage))
                .or_insert((0, 0));
            entry.0 += 1;
            entry.1 += shard.status().await.map_or(0, |s| s.size_bytes);
        }
        usage
    }
}

#[async_trait]
impl ShardStore for ShardRegistry {
    async fn create_shard(
        &self,
        name: &str,
        storage: StorageType,
        config: ShardConfig,
    ) -> Result<ShardInfo> {
        check_shard_name(name)?;
        config.validate()?;
        let mut manifest = self.manifest.lock().await;
        if manifest.shards.iter().any(|s| s.name == name) {
            return Err(EngineError::ShardExists(name.to_owned()));
        }
        let spec = ShardSpec {
            name: name.to_owned(),
            id: manifest.next_id,
            storage,
            config,
            created_ms: now_ms(),
        };
        if storage == StorageType::EngineSegment {
            // Left over by a crash between a delete's manifest write and its file removal.
            let dir = self.segment_dir(name);
            if dir.exists() {
                tracing::warn!(dir = %dir.display(), "removing an orphaned shard directory");
                std::fs::remove_dir_all(&dir)
                    .map_err(EngineError::io("cannot remove orphan", &dir))?;
            }
        }
        let shard = self.open_shard(&spec)?;
        manifest.next_id += 1;
        manifest.shards.push(spec.clone());
        if let Err(e) = self.persist(&manifest).await {
            manifest.shards.pop();
            let _ = shard.delete().await;
            return Err(e);
        }
        let status = shard.status().await?;
        self.shards.write().insert(
            name.to_owned(),
            Entry {
                spec: spec.clone(),
                shard,
            },
        );
        tracing::info!(shard = name, storage = ?storage, "shard created");
        Ok(ShardInfo {
            name: spec.name,
            storage: spec.storage,
            config: spec.config,
            status,
        })
    }

    async fn delete_shard(&self, name: &str) -> Result<()> {
        let mut manifest = self.manifest.lock().await;
        let Some(at) = manifest.shards.iter().position(|s| s.name == name) else {
            return Err(EngineError::ShardNotFound(name.to_owned()));
        };
        let spec = manifest.shards.remove(at);
        if let Err(e) = self.persist(&manifest).await {
            manifest.shards.insert(at, spec);
            return Err(e);
        }
        let entry = self.shards.write().remove(name);
        if let Some(entry) = entry {
            entry.shard.delete().await?;
        }
        tracing::info!(shard = name, "shard deleted");
        Ok(())
    }

    async fn list_shards(&self) -> Result<Vec<ShardInfo>> {
        let mut out = Vec::new();
        for (spec, shard) in self.info_parts() {
            match shard.status().await {
                Ok(status) => out.push(ShardInfo {
                    name: spec.name,
                    storage: spec.storage,
                    config: spec.config,
                    status,
                }),
                Err(EngineError::Closed(_)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }

    async fn shard(&self, name: &str) -> Result<Arc<dyn Shard>> {
        self.shards
            .read()
            .get(name)
            .map(|e| Arc::clone(&e.shard) as Arc<dyn Shard>)
            .ok_or_else(|| EngineError::ShardNotFound(name.to_owned()))
    }
}
