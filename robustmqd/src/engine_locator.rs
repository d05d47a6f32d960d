//! The storage engine of a broker that runs without the engine role: the first live node that
//! meta lists with the engine role, found on first use and again after a transport failure.
//!
//! Until the cluster issue brings shard placement, this is how a broker-only node reaches an
//! engine. With no engine node in the cluster, appends fail with `Unreachable`, so QoS 1/2
//! publishes are refused rather than acknowledged and lost.

use std::sync::Arc;

use async_trait::async_trait;
use robustmq_engine::remote::EngineClient;
use robustmq_engine::{
    EngineError, Result, Shard, ShardConfig, ShardInfo, ShardStore, StorageType,
};
use robustmq_meta_client::{Liveness, MetaClient, MetaStore};
use robustmq_proto::auth::ClusterCredential;
use tokio::sync::Mutex;

/// A [`ShardStore`] that forwards to an engine node found through meta.
pub struct EngineLocator {
    meta: Arc<dyn MetaStore>,
    credential: ClusterCredential,
    client: Mutex<Option<Arc<EngineClient>>>,
}

impl EngineLocator {
    /// A locator that asks `meta` for engine nodes and reaches them with `credential`.
    pub fn new(meta: Arc<dyn MetaStore>, credential: ClusterCredential) -> Self {
        Self {
            meta,
            credential,
            client: Mutex::new(None),
        }
    }

    async fn client(&self) -> Result<Arc<EngineClient>> {
        let mut slot = self.client.lock().await;
        if let Some(client) = slot.as_ref() {
            return Ok(Arc::clone(client));
        }
        let nodes = self
            .meta
            .nodes()
            .await
            .map_err(|e| EngineError::Unreachable(format!("cannot list nodes in meta: {e}")))?;
        let addr = nodes
            .into_iter()
            .find(|(record, state)| {
                *state != Liveness::Dead && record.roles.iter().any(|r| r == "engine")
            })
            .map(|(record, _)| record.grpc_addr)
            .ok_or_else(|| {
                EngineError::Unreachable(
                    "no live node with the engine role is registered in meta".to_owned(),
                )
            })?;
        let client = Arc::new(
            EngineClient::connect_with(format!("http://{addr}"), self.credential.clone()).await?,
        );
        *slot = Some(Arc::clone(&client));
        Ok(client)
    }

    async fn forget_on<T>(&self, result: Result<T>) -> Result<T> {
        if matches!(result, Err(EngineError::Unreachable(_))) {
            *self.client.lock().await = None;
        }
        result
    }
}

#[async_trait]
impl ShardStore for EngineLocator {
    async fn create_shard(
        &self,
        name: &str,
        storage: StorageType,
        config: ShardConfig,
    ) -> Result<ShardInfo> {
        let result = self
            .client()
            .await?
            .create_shard(name, storage, config)
            .await;
        self.forget_on(result).await
    }

    async fn delete_shard(&self, name: &str) -> Result<()> {
        let result = self.client().await?.delete_shard(name).await;
        self.forget_on(result).await
    }

    async fn list_shards(&self) -> Result<Vec<ShardInfo>> {
        let result = self.client().await?.list_shards().await;
        self.forget_on(result).await
    }

    async fn shard(&self, name: &str) -> Result<Arc<dyn Shard>> {
        let result = self.client().await?.shard(name).await;
        self.forget_on(result).await
    }
}
