//! The engine gRPC service (`robustmq.engine.v1.EngineService`) and the conversions between its
//! wire types and the engine's own. [`crate::remote`] is the client half.

use std::sync::{Arc, OnceLock};

use robustmq_proto::engine as pb;
use robustmq_proto::engine::engine_service_server::{EngineService, EngineServiceServer};
use tonic::{Request, Response, Status};

use crate::EngineError;
use crate::record::{Batch, Header, OpaqueBatch, ReadBatch, Record};
use crate::shard::{FsyncPolicy, ShardConfig, ShardInfo, ShardStatus, ShardStore, StorageType};

/// Largest gRPC message either side accepts: room for the largest batch plus framing.
pub const MAX_MESSAGE_BYTES: usize = 128 << 20;

/// Metadata keys that carry the numbers of [`EngineError::OffsetOutOfRange`].
pub(crate) const EARLIEST_KEY: &str = "x-robustmq-earliest";
pub(crate) const HIGH_WATERMARK_KEY: &str = "x-robustmq-high-watermark";

pub(crate) fn storage_to_pb(s: StorageType) -> pb::StorageType {
    match s {
        StorageType::EngineMemory => pb::StorageType::EngineMemory,
        StorageType::EngineRocksDB => pb::StorageType::EngineRocksdb,
        StorageType::EngineSegment => pb::StorageType::EngineSegment,
    }
}

pub(crate) fn storage_from_pb(s: i32) -> Result<StorageType, Status> {
    match pb::StorageType::try_from(s) {
        Ok(pb::StorageType::EngineMemory) => Ok(StorageType::EngineMemory),
        Ok(pb::StorageType::EngineRocksdb) => Ok(StorageType::EngineRocksDB),
        Ok(pb::StorageType::EngineSegment) => Ok(StorageType::EngineSegment),
        _ => Err(Status::invalid_argument(format!(
            "unknown storage type {s}"
        ))),
    }
}

pub(crate) fn config_to_pb(c: &ShardConfig) -> pb::ShardConfig {
    pb::ShardConfig {
        fsync: match c.fsync {
            FsyncPolicy::Always => pb::FsyncPolicy::Always,
            FsyncPolicy::Batch => pb::FsyncPolicy::Batch,
            FsyncPolicy::Never => pb::FsyncPolicy::Never,
        }
        .into(),
        retention_ms: c.retention_ms,
        retention_bytes: c.retention_bytes,
        segment_bytes: Some(c.segment_bytes),
        segment_ms: Some(c.segment_ms),
        index_interval_bytes: Some(c.index_interval_bytes),
        memory_max_bytes: Some(c.memory_max_bytes),
        max_batch_bytes: Some(c.max_batch_bytes),
    }
}

pub(crate) fn config_from_pb(c: Option<pb::ShardConfig>) -> ShardConfig {
    let d = ShardConfig::default();
    let Some(c) = c else { return d };
    ShardConfig {
        fsync: match pb::FsyncPolicy::try_from(c.fsync) {
            Ok(pb::FsyncPolicy::Always) => FsyncPolicy::Always,
            Ok(pb::FsyncPolicy::Never) => FsyncPolicy::Never,
            Ok(pb::FsyncPolicy::Batch) => FsyncPolicy::Batch,
            _ => d.fsync,
        },
        retention_ms: c.retention_ms,
        retention_bytes: c.retention_bytes,
        segment_bytes: c.segment_bytes.unwrap_or(d.segment_bytes),
        segment_ms: c.segment_ms.unwrap_or(d.segment_ms),
        index_interval_bytes: c.index_interval_bytes.unwrap_or(d.index_interval_bytes),
        memory_max_bytes: c.memory_max_bytes.unwrap_or(d.memory_max_bytes),
        max_batch_bytes: c.max_batch_bytes.unwrap_or(d.max_batch_bytes),
    }
}

pub(crate) fn status_to_pb(s: ShardStatus) -> pb::ShardStatus {
    pb::ShardStatus {
        earliest: s.earliest,
        high_watermark: s.high_watermark,
        latest: s.latest,
        size_bytes: s.size_bytes,
    }
}

pub(crate) fn status_from_pb(s: Option<pb::ShardStatus>) -> ShardStatus {
    s.map(|s| ShardStatus {
        earliest: s.earliest,
        high_watermark: s.high_watermark,
        latest: s.latest,
        size_bytes: s.size_bytes,
    })
    .unwrap_or_default()
}

pub(crate) fn info_to_pb(i: ShardInfo) -> pb::ShardInfo {
    pb::ShardInfo {
        name: i.name,
        storage: storage_to_pb(i.storage).into(),
        config: Some(config_to_pb(&i.config)),
        status: Some(status_to_pb(i.status)),
    }
}

pub(crate) fn info_from_pb(i: pb::ShardInfo) -> Result<ShardInfo, Status> {
    Ok(ShardInfo {
        storage: storage_from_pb(i.storage)?,
        config: config_from_pb(i.config),
        status: status_from_pb(i.status),
        name: i.name,
    })
}

pub(crate) fn batch_to_pb(b: Batch) -> pb::Batch {
    let body = match b {
        Batch::Records(records) => pb::batch::Body::Records(pb::RecordList {
            records: records
                .into_iter()
                .map(|r| pb::Record {
                    key: r.key,
                    headers: r
                        .headers
                        .into_iter()
                        .map(|h| pb::Header {
                            key: h.key.into_owned(),
                            value: h.value,
                        })
                        .collect(),
                    timestamp: r.timestamp,
                    value: r.value,
                })
                .collect(),
        }),
        Batch::Opaque(o) => pb::batch::Body::Opaque(pb::OpaqueBatch {
            record_count: o.record_count,
            max_timestamp: o.max_timestamp,
            payload: o.payload,
        }),
    };
    pb::Batch { body: Some(body) }
}

pub(crate) fn batch_from_pb(b: Option<pb::Batch>) -> Result<Batch, Status> {
    match b.and_then(|b| b.body) {
        Some(pb::batch::Body::Records(list)) => Ok(Batch::Records(
            list.records
                .into_iter()
                .map(|r| Record {
                    key: r.key,
                    headers: r
                        .headers
                        .into_iter()
                        .map(|h| Header {
                            key: h.key.into(),
                            value: h.value,
                        })
                        .collect(),
                    timestamp: r.timestamp,
                    value: r.value,
                })
                .collect(),
        )),
        Some(pb::batch::Body::Opaque(o)) => Ok(Batch::Opaque(OpaqueBatch {
            record_count: o.record_count,
            max_timestamp: o.max_timestamp,
            payload: o.payload,
        })),
        None => Err(Status::invalid_argument("batch has no body")),
    }
}

/// Maps an engine error to a gRPC status; [`crate::remote`] maps it back.
pub(crate) fn to_status(e: EngineError) -> Status {
    match e {
        EngineError::ShardNotFound(_) => Status::not_found(e.to_string()),
        EngineError::ShardExists(_) => Status::already_exists(e.to_string()),
        EngineError::InvalidShardName { .. }
        | EngineError::InvalidConfig(_)
        | EngineError::EmptyBatch
        | EngineError::BatchTooLarge { .. } => Status::invalid_argument(e.to_string()),
        EngineError::OffsetOutOfRange {
            earliest,
            high_watermark,
            ..
        } => {
            let mut status = Status::out_of_range(e.to_string());
            let md = status.metadata_mut();
            if let Ok(v) = earliest.to_string().parse() {
                md.insert(EARLIEST_KEY, v);
            }
            if let Ok(v) = high_watermark.to_string().parse() {
                md.insert(HIGH_WATERMARK_KEY, v);
            }
            status
        }
        EngineError::Closed(_) => Status::failed_precondition(e.to_string()),
        EngineError::Corrupt { .. } => Status::data_loss(e.to_string()),
        EngineError::Unreachable(_) => Status::unavailable(e.to_string()),
        EngineError::Io { .. }
        | EngineError::RocksDb(_)
        | EngineError::Failed { .. }
        | EngineError::Remote(_) => Status::internal(e.to_string()),
    }
}

/// Where the engine service finds its shards: filled in once the engine role has started, so the
/// node can serve gRPC (Raft, health) before its engine is open.
pub type EngineSlot = Arc<OnceLock<Arc<dyn ShardStore>>>;

/// The engine gRPC service over a [`ShardStore`].
pub struct EngineGrpc {
    slot: EngineSlot,
}

impl EngineGrpc {
    /// A service whose store is set later through the returned slot; until then it answers
    /// `UNAVAILABLE`.
    pub fn late() -> (EngineServiceServer<Self>, EngineSlot) {
        let slot: EngineSlot = Arc::new(OnceLock::new());
        (Self::server(Arc::clone(&slot)), slot)
    }

    /// A service over `store`.
    pub fn new(store: Arc<dyn ShardStore>) -> EngineServiceServer<Self> {
        let slot: EngineSlot = Arc::new(OnceLock::new());
        let _ = slot.set(store);
        Self::server(slot)
    }

    fn server(slot: EngineSlot) -> EngineServiceServer<Self> {
        EngineServiceServer::new(Self { slot })
            .max_decoding_message_size(MAX_MESSAGE_BYTES)
            .max_encoding_message_size(MAX_MESSAGE_BYTES)
    }

    fn store(&self) -> Result<&Arc<dyn ShardStore>, Status> {
        self.slot
            .get()
            .ok_or_else(|| Status::unavailable("the engine role is not running on this node"))
    }

    async fn shard(&self, name: &str) -> Result<Arc<dyn crate::Shard>, Status> {
        self.store()?.shard(name).await.map_err(to_status)
    }
}

#[tonic::async_trait]
impl EngineService for EngineGrpc {
    async fn create_shard(
        &self,
        request: Request<pb::CreateShardRequest>,
    ) -> Result<Response<pb::ShardInfo>, Status> {
        let r = request.into_inner();
        let storage = storage_from_pb(r.storage)?;
        let info = self
            .store()?
            .create_shard(&r.name, storage, config_from_pb(r.config))
            .await
            .map_err(to_status)?;
        Ok(Response::new(info_to_pb(info)))
    }

    async fn delete_shard(
        &self,
        request: Request<pb::DeleteShardRequest>,
    ) -> Result<Response<pb::DeleteShardReply>, Status> {
        self.store()?
            .delete_shard(&request.into_inner().name)
            .await
            .map_err(to_status)?;
        Ok(Response::new(pb::DeleteShardReply {}))
    }

    async fn list_shards(
        &self,
        _: Request<pb::ListShardsRequest>,
    ) -> Result<Response<pb::ListShardsReply>, Status> {
        let shards = self.store()?.list_shards().await.map_err(to_status)?;
        Ok(Response::new(pb::ListShardsReply {
            shards: shards.into_iter().map(info_to_pb).collect(),
        }))
    }

    async fn append(
        &self,
        request: Request<pb::AppendRequest>,
    ) -> Result<Response<pb::AppendReply>, Status> {
        let r = request.into_inner();
        let batch = batch_from_pb(r.batch)?;
        let (first_offset, last_offset) = self
            .shard(&r.shard)
            .await?
            .append(batch)
            .await
            .map_err(to_status)?;
        Ok(Response::new(pb::AppendReply {
            first_offset,
            last_offset,
        }))
    }

    async fn read(
        &self,
        request: Request<pb::ReadRequest>,
    ) -> Result<Response<pb::ReadReply>, Status> {
        let r = request.into_inner();
        let max_bytes = r.max_bytes.min(MAX_MESSAGE_BYTES as u64 / 2);
        let batches = self
            .shard(&r.shard)
            .await?
            .read(r.from_offset, r.max_records, max_bytes)
            .await
            .map_err(to_status)?;
        Ok(Response::new(pb::ReadReply {
            batches: batches
                .into_iter()
                .map(|b: ReadBatch| pb::ReadBatch {
                    base_offset: b.base_offset,
                    batch: Some(batch_to_pb(b.batch)),
                })
                .collect(),
        }))
    }

    async fn offset_for_timestamp(
        &self,
        request: Request<pb::OffsetForTimestampRequest>,
    ) -> Result<Response<pb::OffsetForTimestampReply>, Status> {
        let r = request.into_inner();
        let offset = self
            .shard(&r.shard)
            .await?
            .offset_for_timestamp(r.timestamp_ms)
            .await
            .map_err(to_status)?;
        Ok(Response::new(pb::OffsetForTimestampReply { offset }))
    }

    async fn shard_status(
        &self,
        request: Request<pb::ShardStatusRequest>,
    ) -> Result<Response<pb::ShardStatusReply>, Status> {
        let shard = self.shard(&request.into_inner().shard).await?;
        let status = shard.status().await.map_err(to_status)?;
        Ok(Response::new(pb::ShardStatusReply {
            status: Some(status_to_pb(status)),
            storage: storage_to_pb(shard.storage_type()).into(),
        }))
    }

    async fn truncate_before(
        &self,
        request: Request<pb::TruncateBeforeRequest>,
    ) -> Result<Response<pb::TruncateBeforeReply>, Status> {
        let r = request.into_inner();
        self.shard(&r.shard)
            .await?
            .truncate_before(r.offset)
            .await
            .map_err(to_status)?;
        Ok(Response::new(pb::TruncateBeforeReply {}))
    }
}
