//! The shard store of a node in a cluster: each shard `<topic>#<p>` lives on the engine node
//! the controller placed partition `p` of `<topic>` on (`placement/<topic>` in meta), and this
//! store reaches it there: in this process when this node leads it, over the inner gRPC
//! otherwise. Every node therefore appends to and reads from the same shard, whichever node a
//! client is connected to.
//!
//! A partition whose topic is recorded but not yet placed (the controller places within a tick
//! of it seeing a live engine node) is waited for, up to [`PLACEMENT_WAIT`]. A shard name that
//! is no partition of a recorded topic (a cursor into a deleted topic, a shard of an older
//! version) is looked for in this node's engine only.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use parking_lot::Mutex;
use robustmq_engine::remote::EngineClient;
use robustmq_engine::{
    EngineError, Result, Shard, ShardConfig, ShardInfo, ShardStore, StorageType,
};
use robustmq_meta_client::{Liveness, MetaClient, MetaStore, NodeId};
use robustmq_proto::auth::ClusterCredential;

/// How long an operation on a recorded but unplaced partition waits for its placement.
pub const PLACEMENT_WAIT: Duration = Duration::from_secs(10);
/// How often meta is asked again while waiting.
const PLACEMENT_POLL: Duration = Duration::from_millis(50);

/// A [`ShardStore`] that sends each shard's operations to the engine node that leads it.
pub struct PlacedStore {
    node_id: NodeId,
    local: Option<Arc<dyn ShardStore>>,
    meta: Arc<dyn MetaStore>,
    credential: ClusterCredential,
    clients: Mutex<HashMap<NodeId, Arc<EngineClient>>>,
}

/// Where a shard lives.
enum Home {
    /// On engine node `0`, as placed.
    Node(NodeId),
    /// Nowhere placed: not a partition of a recorded topic.
    Unplaced,
}

fn meta_unreachable(e: robustmq_meta_client::MetaError) -> EngineError {
    EngineError::Unreachable(format!("meta cannot say where shards live: {e}"))
}

impl PlacedStore {
    /// The store of node `node_id`, whose own engine is `local` when it runs the engine role,
    /// reading placements from `meta` and reaching other engine nodes with `credential`.
    pub fn new(
        node_id: NodeId,
        local: Option<Arc<dyn ShardStore>>,
        meta: Arc<dyn MetaStore>,
        credential: ClusterCredential,
    ) -> Self {
        Self {
            node_id,
            local,
            meta,
            credential,
            clients: Mutex::new(HashMap::new()),
        }
    }

    /// The engine of node `node`: this process's, or a client of its inner gRPC (made on first
    /// use and again after a transport failure).
    async fn engine_of(&self, node: NodeId) -> Result<Arc<dyn ShardStore>> {
        if node == self.node_id
            && let Some(local) = &self.local
        {
            return Ok(Arc::clone(local));
        }
        if let Some(client) = self.clients.lock().get(&node) {
            return Ok(Arc::clone(client) as Arc<dyn ShardStore>);
        }
        let nodes = self.meta.nodes().await.map_err(meta_unreachable)?;
        let addr = nodes
            .into_iter()
            .find(|(record, _)| {
                record.node_id == node && record.roles.iter().any(|r| r == "engine")
            })
            .map(|(record, _)| record.grpc_addr)
            .ok_or_else(|| {
                EngineError::Unreachable(format!("engine node {node} is not registered in meta"))
            })?;
        let client = Arc::new(
            EngineClient::connect_with(format!("http://{addr}"), self.credential.clone()).await?,
        );
        self.clients.lock().insert(node, Arc::clone(&client));
        Ok(client)
    }

    /// Drops node `node`'s client after a transport failure, so the next call reconnects.
    fn forget_on<T>(&self, node: NodeId, result: Result<T>) -> Result<T> {
        if matches!(result, Err(EngineError::Unreachable(_))) {
            self.clients.lock().remove(&node);
        }
        result
    }

    /// Where shard `name` lives, waiting up to [`PLACEMENT_WAIT`] for a recorded topic's
    /// partition to be placed.
    async fn home(&self, name: &str) -> Result<Home> {
        let Some((topic, partition)) = name
            .rsplit_once('#')
            .and_then(|(t, p)| Some((t, p.parse::<u32>().ok()?)))
        else {
            return Ok(Home::Unplaced);
        };
        let deadline = Instant::now() + PLACEMENT_WAIT;
        loop {
            let placement = self
                .meta
                .placement_get(topic)
                .await
                .map_err(meta_unreachable)?;
            if let Some(leader) = placement.and_then(|p| p.leader(partition)) {
                return Ok(Home::Node(leader));
            }
            let recorded = self.meta.topic_get(topic).await.map_err(meta_unreachable)?;
            if recorded.is_none_or(|t| partition >= t.partitions) {
                return Ok(Home::Unplaced);
            }
            if Instant::now() >= deadline {
                return Err(EngineError::Unreachable(format!(
                    "partition {partition} of topic `{topic}` has no leader after {PLACEMENT_WAIT:?}: no live engine node was there to place it on"
                )));
            }
            tokio::time::sleep(PLACEMENT_POLL).await;
        }
    }

    /// This node's engine, for a shard that is placed nowhere.
    fn unplaced(&self, name: &str) -> Result<&Arc<dyn ShardStore>> {
        self.local
            .as_ref()
            .ok_or_else(|| EngineError::ShardNotFound(name.to_owned()))
    }

    /// Every registered engine node that meta does not judge dead.
    async fn engine_nodes(&self) -> Result<Vec<NodeId>> {
        let mut ids: Vec<NodeId> = self
            .meta
            .nodes()
            .await
            .map_err(meta_unreachable)?
            .into_iter()
            .filter(|(record, state)| {
                *state != Liveness::Dead && record.roles.iter().any(|r| r == "engine")
            })
            .map(|(record, _)| record.node_id)
            .collect();
        if self.local.is_some() && !ids.contains(&self.node_id) {
            ids.push(self.node_id);
        }
        ids.sort_unstable();
        Ok(ids)
    }
}

#[async_trait]
impl ShardStore for PlacedStore {
    async fn create_shard(
        &self,
        name: &str,
        storage: StorageType,
        config: ShardConfig,
    ) -> Result<ShardInfo> {
        match self.home(name).await? {
            Home::Node(node) => {
                let engine = self.engine_of(node).await?;
                let result = engine.create_shard(name, storage, config).await;
                self.forget_on(node, result)
            }
            Home::Unplaced => {
                self.unplaced(name)?
                    .create_shard(name, storage, config)
                    .await
            }
        }
    }

    /// Deletes `name` on every engine node that has it: its topic's placement went with the
    /// topic's record, and nodes of older versions kept copies of their own. A node that
    /// cannot be reached keeps its copy (logged), so that one node down does not fail the
    /// deletion of a topic that meta no longer records.
    async fn delete_shard(&self, name: &str) -> Result<()> {
        let mut deleted = false;
        for node in self.engine_nodes().await? {
            let result = match self.engine_of(node).await {
                Ok(engine) => engine.delete_shard(name).await,
                Err(e) => Err(e),
            };
            match self.forget_on(node, result) {
                Ok(()) => deleted = true,
                Err(EngineError::ShardNotFound(_)) => {}
                Err(EngineError::Unreachable(e)) => {
                    tracing::warn!(node, shard = name, error = %e, "engine node unreachable: its copy of the shard is not deleted");
                }
                Err(e) => return Err(e),
            }
        }
        if deleted {
            Ok(())
        } else {
            Err(EngineError::ShardNotFound(name.to_owned()))
        }
    }

    /// The shards of every engine node that is not dead, by name. A node that cannot be asked
    /// is left out (and logged), so one unreachable node does not hide the others.
    async fn list_shards(&self) -> Result<Vec<ShardInfo>> {
        let mut all = Vec::new();
        for node in self.engine_nodes().await? {
            let listed = match self.engine_of(node).await {
                Ok(engine) => {
                    let result = engine.list_shards().await;
                    self.forget_on(node, result)
                }
                Err(e) => Err(e),
            };
            match listed {
                Ok(shards) => all.extend(shards),
                Err(e) => tracing::warn!(node, error = %e, "engine node's shards not listed"),
            }
        }
        all.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(all)
    }

    async fn shard(&self, name: &str) -> Result<Arc<dyn Shard>> {
        match self.home(name).await? {
            Home::Node(node) => {
                let engine = self.engine_of(node).await?;
                let result = engine.shard(name).await;
                self.forget_on(node, result)
            }
            Home::Unplaced => self.unplaced(name)?.shard(name).await,
        }
    }
}
