//! [`MetaClient`]: the KV API that other roles and tools use, implemented by the local
//! [`MetaNode`] and by [`RemoteMeta`] over gRPC, so callers do not care where the meta node is.

use std::sync::Arc;

use async_trait::async_trait;
use robustmq_proto::meta::meta_service_client::MetaServiceClient;
use robustmq_proto::meta::{ReadConsistency, ReadRequest, WriteRequest, read_request};
use tonic::transport::Channel;

use crate::error::{MetaError, Result};
use crate::network::MAX_RAFT_MESSAGE;
use crate::node::MetaNode;
use crate::service::from_status;
use crate::types::{Command, CommandResult, METADATA_GROUP};

/// The generic KV of the `metadata` group.
#[async_trait]
pub trait MetaClient: Send + Sync {
    /// Sets a key; returns once the write is committed by a quorum.
    ///
    /// # Errors
    /// [`MetaError::NoLeader`] when no quorum answers in time, or a transport error.
    async fn kv_set(&self, key: &str, value: Vec<u8>) -> Result<()>;

    /// Sets many keys in one log entry.
    ///
    /// # Errors
    /// As [`MetaClient::kv_set`].
    async fn kv_set_many(&self, pairs: Vec<(String, Vec<u8>)>) -> Result<()>;

    /// Reads a key; `linearizable` confirms with a quorum through the leader, otherwise the
    /// answering node's copy is used.
    ///
    /// # Errors
    /// As [`MetaClient::kv_set`].
    async fn kv_get(&self, key: &str, linearizable: bool) -> Result<Option<Vec<u8>>>;

    /// Deletes a key; returns whether it existed.
    ///
    /// # Errors
    /// As [`MetaClient::kv_set`].
    async fn kv_delete(&self, key: &str) -> Result<bool>;

    /// Every key under `prefix`, in key order.
    ///
    /// # Errors
    /// As [`MetaClient::kv_set`].
    async fn kv_prefix(&self, prefix: &str, linearizable: bool) -> Result<Vec<(String, Vec<u8>)>>;
}

fn deleted(result: CommandResult) -> bool {
    matches!(result, CommandResult::Deleted { existed: true })
}

#[async_trait]
impl MetaClient for MetaNode {
    async fn kv_set(&self, key: &str, value: Vec<u8>) -> Result<()> {
        let command = Command::Set {
            key: key.to_owned(),
            value,
        };
        self.write(METADATA_GROUP, command).await.map(|_| ())
    }

    async fn kv_set_many(&self, pairs: Vec<(String, Vec<u8>)>) -> Result<()> {
        self.write(METADATA_GROUP, Command::SetMany(pairs))
            .await
            .map(|_| ())
    }

    async fn kv_get(&self, key: &str, linearizable: bool) -> Result<Option<Vec<u8>>> {
        let found = self
            .read(METADATA_GROUP, key, false, linearizable, 1)
            .await?;
        Ok(found.into_iter().next().map(|(_, v)| v))
    }

    async fn kv_delete(&self, key: &str) -> Result<bool> {
        let command = Command::Delete {
            key: key.to_owned(),
        };
        Ok(deleted(self.write(METADATA_GROUP, command).await?.0))
    }

    async fn kv_prefix(&self, prefix: &str, linearizable: bool) -> Result<Vec<(String, Vec<u8>)>> {
        self.read(METADATA_GROUP, prefix, true, linearizable, usize::MAX)
            .await
    }
}

/// A meta node reached over gRPC. Any node will do: followers forward to the leader. Cloning is
/// shallow.
#[derive(Clone)]
pub struct RemoteMeta {
    client: MetaServiceClient<Channel>,
}

impl RemoteMeta {
    /// Connects to the meta service at `endpoint` (`http://host:port`).
    ///
    /// # Errors
    /// [`MetaError::Unreachable`].
    pub async fn connect(endpoint: String) -> Result<Self> {
        let channel = tonic::transport::Endpoint::from_shared(endpoint)
            .map_err(|e| MetaError::Unreachable(e.to_string()))?
            .connect()
            .await
            .map_err(|e| MetaError::Unreachable(e.to_string()))?;
        Ok(Self {
            client: MetaServiceClient::new(channel)
                .max_decoding_message_size(MAX_RAFT_MESSAGE)
                .max_encoding_message_size(MAX_RAFT_MESSAGE),
        })
    }

    /// The raw gRPC client, for calls this trait does not cover (such as `RaftStatus`).
    pub fn grpc(&self) -> MetaServiceClient<Channel> {
        self.client.clone()
    }

    async fn write(&self, command: &Command) -> Result<CommandResult> {
        let command = bincode::serialize(command).map_err(|e| MetaError::Codec(e.to_string()))?;
        let reply = self
            .grpc()
            .write(WriteRequest {
                group: METADATA_GROUP.to_owned(),
                command: command.into(),
                forwarded: false,
            })
            .await
            .map_err(|s| from_status(METADATA_GROUP, &s))?
            .into_inner();
        bincode::deserialize(&reply.result).map_err(|e| MetaError::Codec(e.to_string()))
    }

    async fn read(
        &self,
        target: read_request::Target,
        linearizable: bool,
    ) -> Result<Vec<(String, Vec<u8>)>> {
        let consistency = if linearizable {
            ReadConsistency::Linearizable
        } else {
            ReadConsistency::Local
        };
        let reply = self
            .grpc()
            .read(ReadRequest {
                group: METADATA_GROUP.to_owned(),
                target: Some(target),
                consistency: consistency.into(),
                forwarded: false,
                limit: 0,
            })
            .await
            .map_err(|s| from_status(METADATA_GROUP, &s))?
            .into_inner();
        Ok(reply
            .entries
            .into_iter()
            .map(|kv| (kv.key, kv.value.to_vec()))
            .collect())
    }
}

#[async_trait]
impl MetaClient for RemoteMeta {
    async fn kv_set(&self, key: &str, value: Vec<u8>) -> Result<()> {
        self.write(&Command::Set {
            key: key.to_owned(),
            value,
        })
        .await
        .map(|_| ())
    }

    async fn kv_set_many(&self, pairs: Vec<(String, Vec<u8>)>) -> Result<()> {
        self.write(&Command::SetMany(pairs)).await.map(|_| ())
    }

    async fn kv_get(&self, key: &str, linearizable: bool) -> Result<Option<Vec<u8>>> {
        let found = self
            .read(read_request::Target::Key(key.to_owned()), linearizable)
            .await?;
        Ok(found.into_iter().next().map(|(_, v)| v))
    }

    async fn kv_delete(&self, key: &str) -> Result<bool> {
        Ok(deleted(
            self.write(&Command::Delete {
                key: key.to_owned(),
            })
            .await?,
        ))
    }

    async fn kv_prefix(&self, prefix: &str, linearizable: bool) -> Result<Vec<(String, Vec<u8>)>> {
        self.read(
            read_request::Target::Prefix(prefix.to_owned()),
            linearizable,
        )
        .await
    }
}

/// Shared handles are clients too.
#[async_trait]
impl<T: MetaClient + ?Sized> MetaClient for Arc<T> {
    async fn kv_set(&self, key: &str, value: Vec<u8>) -> Result<()> {
        (**self).kv_set(key, value).await
    }
    async fn kv_set_many(&self, pairs: Vec<(String, Vec<u8>)>) -> Result<()> {
        (**self).kv_set_many(pairs).await
    }
    async fn kv_get(&self, key: &str, linearizable: bool) -> Result<Option<Vec<u8>>> {
        (**self).kv_get(key, linearizable).await
    }
    async fn kv_delete(&self, key: &str) -> Result<bool> {
        (**self).kv_delete(key).await
    }
    async fn kv_prefix(&self, prefix: &str, linearizable: bool) -> Result<Vec<(String, Vec<u8>)>> {
        (**self).kv_prefix(prefix, linearizable).await
    }
}
