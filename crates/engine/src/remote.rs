//! The client half of the engine gRPC service: [`EngineClient`] is a [`ShardStore`] and its
//! shards are [`Shard`]s, so the broker's storage adapter uses a remote engine exactly as it uses
//! the local registry.

use std::sync::Arc;

use async_trait::async_trait;
use robustmq_proto::auth::{ClusterCredential, InnerChannel};
use robustmq_proto::engine as pb;
use robustmq_proto::engine::engine_service_client::EngineServiceClient;
use tonic::transport::Channel;
use tonic::{Code, Status};

use crate::grpc::{
    EARLIEST_KEY, HIGH_WATERMARK_KEY, MAX_MESSAGE_BYTES, batch_from_pb, batch_to_pb, config_to_pb,
    info_from_pb, status_from_pb, storage_from_pb, storage_to_pb,
};
use crate::record::{Batch, ReadBatch};
use crate::shard::{Shard, ShardConfig, ShardInfo, ShardStatus, ShardStore, StorageType};
use crate::{EngineError, Result};

/// Maps a status from the engine service back to the error the engine raised.
fn from_status(shard: &str, status: &Status) -> EngineError {
    let number = |key: &str| {
        status
            .metadata()
            .get(key)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    let message = status.message().to_owned();
    match status.code() {
        Code::NotFound => EngineError::ShardNotFound(shard.to_owned()),
        Code::AlreadyExists => EngineError::ShardExists(shard.to_owned()),
        Code::OutOfRange => EngineError::OffsetOutOfRange {
            requested: 0,
            earliest: number(EARLIEST_KEY),
            high_watermark: number(HIGH_WATERMARK_KEY),
        },
        Code::InvalidArgument => EngineError::InvalidConfig(message),
        Code::FailedPrecondition => EngineError::Closed(shard.to_owned()),
        Code::DataLoss => EngineError::Corrupt {
            shard: shard.to_owned(),
            location: "remote engine".to_owned(),
            reason: message,
        },
        Code::Unavailable => EngineError::Unreachable(message),
        _ => EngineError::Remote(message),
    }
}

/// A connection to another node's Storage Engine. Cloning is shallow and shares the connection.
#[derive(Clone)]
pub struct EngineClient {
    client: EngineServiceClient<InnerChannel>,
}

impl EngineClient {
    /// Connects to the engine service at `endpoint` (`http://host:port`, the node's inner gRPC
    /// address) without a cluster credential (a node whose inner port is on loopback and has no
    /// secret).
    ///
    /// # Errors
    /// As [`EngineClient::connect_with`].
    pub async fn connect(endpoint: String) -> Result<Self> {
        Self::connect_with(endpoint, ClusterCredential::default()).await
    }

    /// Connects to the engine service at `endpoint`, carrying `credential` on every call (over
    /// TLS when it has inner TLS, whatever the scheme `endpoint` names).
    ///
    /// # Errors
    /// [`EngineError::Unreachable`] if no connection can be made.
    pub async fn connect_with(endpoint: String, credential: ClusterCredential) -> Result<Self> {
        let channel = credential
            .endpoint(&endpoint)
            .map_err(|e| EngineError::Unreachable(e.to_string()))?
            .connect()
            .await
            .map_err(|e| EngineError::Unreachable(e.to_string()))?;
        Ok(Self::new(channel, credential))
    }

    /// A client over an existing channel, carrying `credential` on every call.
    pub fn new(channel: Channel, credential: ClusterCredential) -> Self {
        Self {
            client: EngineServiceClient::with_interceptor(channel, credential)
                .max_decoding_message_size(MAX_MESSAGE_BYTES)
                .max_encoding_message_size(MAX_MESSAGE_BYTES),
        }
    }

    fn client(&self) -> EngineServiceClient<InnerChannel> {
        self.client.clone()
    }
}

#[async_trait]
impl ShardStore for EngineClient {
    async fn create_shard(
        &self,
        name: &str,
        storage: StorageType,
        config: ShardConfig,
    ) -> Result<ShardInfo> {
        let reply = self
            .client()
            .create_shard(pb::CreateShardRequest {
                name: name.to_owned(),
                storage: storage_to_pb(storage).into(),
                config: Some(config_to_pb(&config)),
            })
            .await
            .map_err(|s| from_status(name, &s))?;
        info_from_pb(reply.into_inner()).map_err(|s| from_status(name, &s))
    }

    async fn delete_shard(&self, name: &str) -> Result<()> {
        self.client()
            .delete_shard(pb::DeleteShardRequest {
                name: name.to_owned(),
            })
            .await
            .map_err(|s| from_status(name, &s))?;
        Ok(())
    }

    async fn list_shards(&self) -> Result<Vec<ShardInfo>> {
        let reply = self
            .client()
            .list_shards(pb::ListShardsRequest {})
            .await
            .map_err(|s| from_status("*", &s))?;
        reply
            .into_inner()
            .shards
            .into_iter()
            .map(|i| info_from_pb(i).map_err(|s| from_status("*", &s)))
            .collect()
    }

    async fn shard(&self, name: &str) -> Result<Arc<dyn Shard>> {
        let reply = self
            .client()
            .shard_status(pb::ShardStatusRequest {
                shard: name.to_owned(),
            })
            .await
            .map_err(|s| from_status(name, &s))?
            .into_inner();
        Ok(Arc::new(RemoteShard {
            name: name.to_owned(),
            storage: storage_from_pb(reply.storage).map_err(|s| from_status(name, &s))?,
            engine: self.clone(),
        }))
    }
}

/// A shard on another node's engine.
pub struct RemoteShard {
    name: String,
    storage: StorageType,
    engine: EngineClient,
}

impl RemoteShard {
    /// A shard that the remote engine no longer knows was deleted, as a local handle says.
    fn error(&self, status: &Status) -> EngineError {
        match status.code() {
            Code::NotFound => EngineError::Closed(self.name.clone()),
            _ => from_status(&self.name, status),
        }
    }
}

#[async_trait]
impl Shard for RemoteShard {
    fn name(&self) -> &str {
        &self.name
    }

    fn storage_type(&self) -> StorageType {
        self.storage
    }

    async fn append(&self, batch: Batch) -> Result<(u64, u64)> {
        let reply = self
            .engine
            .client()
            .append(pb::AppendRequest {
                shard: self.name.clone(),
                batch: Some(batch_to_pb(batch)),
            })
            .await
            .map_err(|s| self.error(&s))?
            .into_inner();
        Ok((reply.first_offset, reply.last_offset))
    }

    async fn read(&self, from: u64, max_records: u64, max_bytes: u64) -> Result<Vec<ReadBatch>> {
        let reply = self
            .engine
            .client()
            .read(pb::ReadRequest {
                shard: self.name.clone(),
                from_offset: from,
                max_records,
                max_bytes,
            })
            .await
            .map_err(|s| match self.error(&s) {
                EngineError::OffsetOutOfRange {
                    earliest,
                    high_watermark,
                    ..
                } => EngineError::OffsetOutOfRange {
                    requested: from,
                    earliest,
                    high_watermark,
                },
                other => other,
            })?
            .into_inner();
        reply
            .batches
            .into_iter()
            .map(|b| {
                Ok(ReadBatch {
                    base_offset: b.base_offset,
                    batch: batch_from_pb(b.batch).map_err(|s| self.error(&s))?,
                })
            })
            .collect()
    }

    async fn offset_for_timestamp(&self, timestamp_ms: i64) -> Result<Option<u64>> {
        let reply = self
            .engine
            .client()
            .offset_for_timestamp(pb::OffsetForTimestampRequest {
                shard: self.name.clone(),
                timestamp_ms,
            })
            .await
            .map_err(|s| self.error(&s))?;
        Ok(reply.into_inner().offset)
    }

    async fn status(&self) -> Result<ShardStatus> {
        let reply = self
            .engine
            .client()
            .shard_status(pb::ShardStatusRequest {
                shard: self.name.clone(),
            })
            .await
            .map_err(|s| self.error(&s))?;
        Ok(status_from_pb(reply.into_inner().status))
    }

    async fn truncate_before(&self, offset: u64) -> Result<()> {
        self.engine
            .client()
            .truncate_before(pb::TruncateBeforeRequest {
                shard: self.name.clone(),
                offset,
            })
            .await
            .map_err(|s| self.error(&s))?;
        Ok(())
    }

    async fn delete(&self) -> Result<()> {
        self.engine
            .delete_shard(&self.name)
            .await
            .map_err(|e| match e {
                EngineError::ShardNotFound(name) => EngineError::Closed(name),
                other => other,
            })
    }
}
