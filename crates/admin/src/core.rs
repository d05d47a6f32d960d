//! [`Admin`]: the admin operations, written once for both APIs.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use robustmq_common::config::{FsyncPolicy, StorageType};
use robustmq_common::{Shutdown, topic};
use robustmq_engine::{EngineError, ShardConfig, ShardStore};
use robustmq_meta::MetaNode;
use robustmq_meta_client::{Liveness, MetaClient, MetaStore, TopicMeta};
use robustmq_proto::admin as pb;

use crate::AdminError;

/// Most partitions a topic may have.
pub const MAX_PARTITIONS: u32 = 1024;

/// The admin operations of one node, over its view of meta and the storage engine.
pub struct Admin {
    pub(crate) config: Arc<robustmq_common::Config>,
    broker: Option<Arc<robustmq_broker::Broker>>,
    kafka: Option<Arc<robustmq_broker::kafka::Kafka>>,
    pub(crate) cluster_name: String,
    pub(crate) meta: Arc<dyn MetaStore>,
    engine: Arc<dyn ShardStore>,
    pub(crate) local_meta: Option<Arc<MetaNode>>,
    default_storage: StorageType,
    default_fsync: FsyncPolicy,
    /// The node's metrics, which status frames read; absent in tests that build no registry.
    pub(crate) registry: Option<prometheus::Registry>,
    /// Ends every status stream when the node's servers stop, so that they can drain.
    pub(crate) stop: Shutdown,
    /// Channels to peers' inner gRPC servers, by address, for their status.
    pub(crate) peers: Mutex<HashMap<String, tonic::transport::Channel>>,
    /// How this node reaches its peers' inner gRPC: the cluster secret, and inner TLS if on.
    pub(crate) credential: robustmq_proto::auth::ClusterCredential,
}

pub use robustmq_broker::core::storage::shard_name;
use robustmq_broker::core::storage::{
    DEFAULT_TOPIC, create_topic, delete_topic, parse_storage, storage_name,
};

fn parse_fsync(name: &str) -> Option<FsyncPolicy> {
    match name {
        "always" => Some(FsyncPolicy::Always),
        "batch" => Some(FsyncPolicy::Batch),
        "never" => Some(FsyncPolicy::Never),
        _ => None,
    }
}

fn session_message(s: robustmq_broker::core::broker::SessionSummary) -> pb::Session {
    pb::Session {
        client_id: s.client_id.to_string(),
        connected: s.connected,
        expiry_interval: s.expiry_interval,
        subscriptions: s
            .subscriptions
            .into_iter()
            .map(|(filter, qos)| pb::SessionSubscription {
                filter,
                qos: qos as u32,
            })
            .collect(),
        inflight: s.inflight as u64,
        queued: s.queued as u64,
    }
}

pub(crate) fn liveness_name(l: Liveness) -> &'static str {
    match l {
        Liveness::Alive => "alive",
        Liveness::Suspect => "suspect",
        Liveness::Dead => "dead",
    }
}

impl Admin {
    /// Admin operations of the node started with `config`, over `meta` and `engine`.
    /// `local_meta` is this node's meta node, when it runs one: it answers which node leads each
    /// Raft group.
    pub fn new(
        config: Arc<robustmq_common::Config>,
        meta: Arc<dyn MetaStore>,
        engine: Arc<dyn ShardStore>,
        local_meta: Option<Arc<MetaNode>>,
    ) -> Self {
        let credential =
            robustmq_proto::auth::ClusterCredential::new(&config.server.cluster_secret);
        Self {
            broker: None,
            kafka: None,
            cluster_name: config.cluster_name.clone(),
            default_storage: config.storage.default_type,
            default_fsync: config.storage.fsync,
            config,
            meta,
            engine,
            local_meta,
            registry: None,
            stop: Shutdown::new(),
            peers: Mutex::new(HashMap::new()),
            credential,
        }
    }

    /// The same, reaching peers with `credential` (the node's, with inner TLS when it is on)
    /// instead of the bare cluster secret.
    pub fn with_credential(mut self, credential: robustmq_proto::auth::ClusterCredential) -> Self {
        self.credential = credential;
        self
    }

    /// The same, reading this node's counters out of `registry` for status frames.
    pub fn with_metrics(mut self, registry: prometheus::Registry) -> Self {
        self.registry = Some(registry);
        self
    }

    /// The same, ending every status stream once `stop` triggers.
    pub fn with_shutdown(mut self, stop: Shutdown) -> Self {
        self.stop = stop;
        self
    }

    /// The same, serving the clients and sessions of `broker`, this node's broker.
    pub fn with_broker(mut self, broker: Arc<robustmq_broker::Broker>) -> Self {
        self.broker = Some(broker);
        self
    }

    /// Serves the consumer groups of this node's Kafka listener.
    pub fn with_kafka(mut self, kafka: Arc<robustmq_broker::kafka::Kafka>) -> Self {
        self.kafka = Some(kafka);
        self
    }

    fn kafka(&self) -> Result<&robustmq_broker::kafka::Kafka, AdminError> {
        self.kafka.as_deref().ok_or_else(|| {
            AdminError::Unavailable(
                "this node runs no Kafka listener (kafka.addr): ask a broker node that does".into(),
            )
        })
    }

    /// The Kafka consumer groups this node coordinates, by name.
    ///
    /// # Errors
    /// [`AdminError::Unavailable`] on a node without a Kafka listener.
    pub fn list_groups(&self) -> Result<pb::GroupList, AdminError> {
        let groups = self
            .kafka()?
            .group_list()
            .into_iter()
            .map(|(name, protocol_type, state, members)| pb::GroupSummary {
                name,
                state: state.to_owned(),
                protocol_type,
                members: u32::try_from(members).unwrap_or(u32::MAX),
            })
            .collect();
        Ok(pb::GroupList { groups })
    }

    /// One Kafka consumer group: members, assignments, committed offsets and lag.
    ///
    /// # Errors
    /// [`AdminError::NotFound`] when neither the coordinator nor meta knows the group;
    /// [`AdminError::Unavailable`] without a Kafka listener or when meta cannot answer.
    pub async fn describe_group(&self, name: &str) -> Result<pb::Group, AdminError> {
        let view = self.kafka()?.group_view(name).await?.ok_or_else(|| {
            AdminError::NotFound(format!("consumer group `{name}` does not exist"))
        })?;
        Ok(pb::Group {
            name: view.name,
            state: view.state.to_owned(),
            protocol_type: view.protocol_type,
            protocol: view.protocol,
            generation: view.generation,
            members: view
                .members
                .into_iter()
                .map(|m| pb::GroupMember {
                    member_id: m.id,
                    client_id: m.client_id,
                    client_host: m.host,
                    assignment: m
                        .assignment
                        .into_iter()
                        .map(|(topic, partitions)| {
                            let list: Vec<String> =
                                partitions.iter().map(ToString::to_string).collect();
                            format!("{topic}:{}", list.join(","))
                        })
                        .collect(),
                })
                .collect(),
            offsets: view
                .offsets
                .into_iter()
                .map(|(topic, partition, committed, end)| pb::GroupOffset {
                    topic,
                    partition,
                    committed,
                    end,
                    lag: end.map(|e| e.saturating_sub(committed)),
                })
                .collect(),
        })
    }

    fn broker(&self) -> Result<&robustmq_broker::Broker, AdminError> {
        self.broker.as_deref().ok_or_else(|| {
            AdminError::Unavailable(
                "this node does not run the broker role: ask a broker node".into(),
            )
        })
    }

    /// Every subscription held by this node's broker whose filter starts with `prefix`, by
    /// client id and filter.
    ///
    /// # Errors
    /// [`AdminError::Unavailable`] on a node without the broker role.
    pub fn list_subscriptions(&self, prefix: &str) -> Result<pb::SubscriptionList, AdminError> {
        let subscriptions = self
            .broker()?
            .sessions("")
            .into_iter()
            .flat_map(|s| {
                let client_id = s.client_id.to_string();
                s.subscriptions
                    .into_iter()
                    .map(move |(filter, qos)| pb::SubscriptionEntry {
                        client_id: client_id.clone(),
                        filter,
                        qos: qos as u32,
                    })
            })
            .filter(|e| e.filter.starts_with(prefix))
            .collect();
        Ok(pb::SubscriptionList { subscriptions })
    }

    /// Adds (`join`) or removes a meta node in every Raft group, through this node's meta
    /// service, or the first meta peer that answers when this node runs none.
    ///
    /// # Errors
    /// [`AdminError::InvalidArgument`] for a join without an address or node id 0;
    /// [`AdminError::Unavailable`] when no group leader takes the change.
    pub async fn change_membership(
        &self,
        join: bool,
        node_id: u64,
        addr: &str,
    ) -> Result<pb::MembershipReply, AdminError> {
        if node_id == 0 {
            return Err(AdminError::InvalidArgument(
                "node_id must be at least 1".into(),
            ));
        }
        if join && addr.is_empty() {
            return Err(AdminError::InvalidArgument(
                "joining needs the node's inner gRPC address".into(),
            ));
        }
        let voters: Vec<(String, Vec<u64>)> = match &self.local_meta {
            Some(node) => node
                .change_membership(join, node_id, addr)
                .await?
                .into_iter()
                .collect(),
            None => self.remote_membership(join, node_id, addr).await?,
        };
        Ok(pb::MembershipReply {
            groups: voters
                .into_iter()
                .map(|(group, voters)| pb::GroupVoters { group, voters })
                .collect(),
        })
    }

    async fn remote_membership(
        &self,
        join: bool,
        node_id: u64,
        addr: &str,
    ) -> Result<Vec<(String, Vec<u64>)>, AdminError> {
        use robustmq_proto::meta::meta_service_client::MetaServiceClient;
        use robustmq_proto::meta::{ChangeMembershipRequest, MembershipAction};
        let mut last = String::from("meta.peers is empty");
        for (_, peer) in self.config.meta.peers.iter() {
            let channel = match self.credential.endpoint(peer) {
                Ok(endpoint) => endpoint.connect().await,
                Err(e) => {
                    last = format!("{peer}: {e}");
                    continue;
                }
            };
            let mut client = match channel {
                Ok(channel) => {
                    MetaServiceClient::with_interceptor(channel, self.credential.clone())
                }
                Err(e) => {
                    last = format!("{peer}: {e}");
                    continue;
                }
            };
            let request = ChangeMembershipRequest {
                action: if join {
                    MembershipAction::Join
                } else {
                    MembershipAction::Leave
                } as i32,
                node_id,
                addr: addr.to_owned(),
                group: None,
            };
            return match client.change_membership(request).await {
                Ok(reply) => Ok(reply
                    .into_inner()
                    .voters
                    .into_iter()
                    .map(|(g, v)| (g, v.ids))
                    .collect()),
                Err(status) => Err(AdminError::Unavailable(format!(
                    "meta: {}",
                    status.message()
                ))),
            };
        }
        Err(AdminError::Unavailable(format!(
            "no meta node answered: {last}"
        )))
    }

    /// Clients connected to this node's broker whose id starts with `prefix`.
    ///
    /// # Errors
    /// [`AdminError::Unavailable`] on a node without the broker role.
    pub fn list_clients(&self, prefix: &str) -> Result<pb::ClientList, AdminError> {
        let clients = self
            .broker()?
            .clients(prefix)
            .into_iter()
            .map(|(client_id, info)| pb::Client {
                client_id: client_id.to_string(),
                username: info.username,
                peer: info.peer.to_string(),
                protocol: info.protocol.version().to_owned(),
                transport: info.transport.to_owned(),
                keep_alive: u32::from(info.keep_alive),
                connected_ms: info.connected_ms,
            })
            .collect();
        Ok(pb::ClientList { clients })
    }

    /// Disconnects a client (DISCONNECT 0x98 for 5.0); its session stays.
    ///
    /// # Errors
    /// [`AdminError::NotFound`] when it is not connected here; [`AdminError::Unavailable`] on a
    /// node without the broker role.
    pub fn kick_client(&self, client_id: &str) -> Result<pb::KickClientReply, AdminError> {
        if self.broker()?.kick(client_id) {
            Ok(pb::KickClientReply { kicked: true })
        } else {
            Err(AdminError::NotFound(format!(
                "client `{client_id}` is not connected to this node"
            )))
        }
    }

    /// Sessions held by this node's broker whose client id starts with `prefix`.
    ///
    /// # Errors
    /// [`AdminError::Unavailable`] on a node without the broker role.
    pub fn list_sessions(&self, prefix: &str) -> Result<pb::SessionList, AdminError> {
        let sessions = self
            .broker()?
            .sessions(prefix)
            .into_iter()
            .map(session_message)
            .collect();
        Ok(pb::SessionList { sessions })
    }

    /// One session.
    ///
    /// # Errors
    /// [`AdminError::NotFound`] when this node holds no session for it.
    pub fn get_session(&self, client_id: &str) -> Result<pb::Session, AdminError> {
        self.broker()?
            .sessions(client_id)
            .into_iter()
            .find(|s| &*s.client_id == client_id)
            .map(session_message)
            .ok_or_else(|| {
                AdminError::NotFound(format!("no session for `{client_id}` on this node"))
            })
    }

    /// Ends a session, disconnecting its client first.
    ///
    /// # Errors
    /// [`AdminError::NotFound`] when this node holds no session for it.
    pub fn delete_session(&self, client_id: &str) -> Result<pb::DeleteSessionReply, AdminError> {
        if self.broker()?.delete_session(client_id) {
            Ok(pb::DeleteSessionReply { deleted: true })
        } else {
            Err(AdminError::NotFound(format!(
                "no session for `{client_id}` on this node"
            )))
        }
    }

    /// Shards and bytes per storage type on the engine this node uses.
    ///
    /// # Errors
    /// [`AdminError::Unavailable`] when the engine cannot answer.
    pub async fn list_storage(&self) -> Result<pb::StorageList, AdminError> {
        let all = [
            StorageType::EngineMemory,
            StorageType::EngineRocksDB,
            StorageType::EngineSegment,
        ];
        let mut storage: Vec<pb::StorageUsage> = all
            .iter()
            .map(|s| pb::StorageUsage {
                storage: storage_name(*s).to_owned(),
                shards: 0,
                size_bytes: 0,
            })
            .collect();
        for info in self.engine.list_shards().await? {
            if let Some(i) = all.iter().position(|s| *s == info.storage) {
                storage[i].shards += 1;
                storage[i].size_bytes += info.status.size_bytes;
            }
        }
        Ok(pb::StorageList { storage })
    }

    /// This node's effective config, with its secrets redacted.
    pub fn get_config(&self) -> pb::NodeConfig {
        let config = self.config.redacted();
        pb::NodeConfig {
            node_id: config.node_id,
            toml: config.to_toml(),
        }
    }

    /// The cluster: every node that has sent a heartbeat, with its liveness, and the leader of
    /// each Raft group as this node sees it.
    ///
    /// # Errors
    /// [`AdminError::Unavailable`] when meta cannot answer.
    pub async fn get_cluster(&self) -> Result<pb::Cluster, AdminError> {
        let nodes = self
            .meta
            .nodes()
            .await?
            .into_iter()
            .map(|(record, state)| pb::ClusterNode {
                node_id: record.node_id,
                roles: record.roles,
                grpc_addr: record.grpc_addr,
                liveness: liveness_name(state).to_owned(),
                version: record.version,
            })
            .collect();
        let groups = self
            .local_meta
            .as_ref()
            .map(|node| {
                node.groups()
                    .map(|g| pb::RaftGroup {
                        group: g.name().to_owned(),
                        leader_id: g.raft().metrics().borrow().current_leader,
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(pb::Cluster {
            name: self.cluster_name.clone(),
            nodes,
            groups,
        })
    }

    /// Creates a topic: one shard per partition with the chosen storage type, then the topic
    /// record in meta (which brokers watch, so publishes go to its own shard from then on).
    ///
    /// # Errors
    /// [`AdminError::InvalidArgument`] for a bad name, partition count, storage type or fsync
    /// policy; [`AdminError::AlreadyExists`] when the topic exists; [`AdminError::Unavailable`]
    /// when meta or the engine cannot answer.
    pub async fn create_topic(&self, req: pb::CreateTopicRequest) -> Result<pb::Topic, AdminError> {
        let name = req.name;
        if !topic::is_valid_name(&name) || name.starts_with('$') || name.len() > 180 {
            return Err(AdminError::InvalidArgument(format!(
                "`{name}` is not a valid topic name: it must be 1 to 180 bytes, without `+`, `#` or U+0000, and not start with `$`"
            )));
        }
        let partitions = if req.partitions == 0 {
            1
        } else {
            req.partitions
        };
        if partitions > MAX_PARTITIONS {
            return Err(AdminError::InvalidArgument(format!(
                "partitions must be between 1 and {MAX_PARTITIONS}, not {partitions}"
            )));
        }
        let storage = if req.storage.is_empty() {
            self.default_storage
        } else {
            parse_storage(&req.storage).ok_or_else(|| {
                AdminError::InvalidArgument(format!(
                    "unknown storage type `{}`: use EngineMemory, EngineRocksDB or EngineSegment",
                    req.storage
                ))
            })?
        };
        let fsync = if req.fsync.is_empty() {
            self.default_fsync
        } else {
            parse_fsync(&req.fsync).ok_or_else(|| {
                AdminError::InvalidArgument(format!(
                    "unknown fsync policy `{}`: use always, batch or never",
                    req.fsync
                ))
            })?
        };
        let config = ShardConfig {
            fsync,
            retention_ms: req.retention_ms,
            ..ShardConfig::default()
        };
        let record = TopicMeta {
            name: name.clone(),
            partitions,
            storage: storage_name(storage).to_owned(),
            retention_ms: req.retention_ms,
            created_ms: now_ms(),
        };
        if !create_topic(self.engine.as_ref(), self.meta.as_ref(), &record, &config).await? {
            return Err(AdminError::AlreadyExists(format!("topic `{name}` exists")));
        }
        if let Some(broker) = &self.broker {
            broker.topic_created(&record);
        }
        self.describe(record, None).await
    }

    /// Every topic, by name: those created, with partition offsets and sizes, and those that
    /// carried traffic through this node's broker without a record of their own, with their
    /// message counts and the shard that holds them. Internal topics (`$mqtt`, which holds the
    /// latter) are not listed; `describe` shows them.
    ///
    /// # Errors
    /// [`AdminError::Unavailable`] when meta cannot answer.
    pub async fn list_topics(&self) -> Result<pb::TopicList, AdminError> {
        let mut traffic = self.traffic();
        let mut topics = Vec::new();
        for record in self.meta.topic_list().await? {
            if record.name.starts_with('$') {
                continue;
            }
            let seen = traffic.remove(&record.name);
            topics.push(self.describe(record, seen).await?);
        }
        topics.extend(traffic.into_values());
        topics.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(pb::TopicList { topics })
    }

    /// One topic, as [`Admin::list_topics`] shows it.
    ///
    /// # Errors
    /// [`AdminError::NotFound`] when it has neither a record nor traffic here;
    /// [`AdminError::Unavailable`] when meta cannot answer.
    pub async fn describe_topic(&self, name: &str) -> Result<pb::Topic, AdminError> {
        let mut traffic = self.traffic();
        match self.meta.topic_get(name).await? {
            Some(record) => self.describe(record, traffic.remove(name)).await,
            None => traffic
                .remove(name)
                .ok_or_else(|| AdminError::NotFound(format!("topic `{name}` does not exist"))),
        }
    }

    /// The topics that carried traffic through this node's broker, as topics without shards of
    /// their own, by name; empty without the broker role.
    fn traffic(&self) -> HashMap<String, pb::Topic> {
        let Some(broker) = &self.broker else {
            return HashMap::new();
        };
        broker
            .topic_traffic()
            .into_iter()
            .map(|(t, placement)| {
                let topic = pb::Topic {
                    name: t.topic.clone(),
                    partitions: 0,
                    storage: storage_name(placement.storage()).to_owned(),
                    retention_ms: None,
                    created_ms: 0,
                    partition_status: Vec::new(),
                    messages_in: t.messages,
                    stored_in: placement.shard().to_string(),
                    last_message_ms: t.last_ms,
                };
                (t.topic, topic)
            })
            .collect()
    }

    /// Deletes a topic: its meta record first (so brokers stop using its shards), then its
    /// shards and their data.
    ///
    /// # Errors
    /// [`AdminError::NotFound`] when it does not exist; [`AdminError::Unavailable`] when meta or
    /// the engine cannot answer.
    pub async fn delete_topic(&self, name: &str) -> Result<pb::DeleteTopicReply, AdminError> {
        if name == DEFAULT_TOPIC {
            return Err(AdminError::InvalidArgument(format!(
                "`{DEFAULT_TOPIC}` holds the MQTT topics without a topic of their own; it cannot be deleted"
            )));
        }
        let Some(record) = self.meta.topic_get(name).await? else {
            return Err(AdminError::NotFound(format!(
                "topic `{name}` does not exist"
            )));
        };
        let forget = || {
            if let Some(broker) = &self.broker {
                broker.topic_deleted(name);
            }
        };
        delete_topic(self.engine.as_ref(), self.meta.as_ref(), &record, forget).await?;
        Ok(pb::DeleteTopicReply { deleted: true })
    }

    /// `record` with its partitions' offsets and sizes, and the traffic `seen` of it here.
    async fn describe(
        &self,
        record: TopicMeta,
        seen: Option<pb::Topic>,
    ) -> Result<pb::Topic, AdminError> {
        let mut partition_status = Vec::with_capacity(record.partitions as usize);
        let placement = self
            .meta
            .placement_get(&record.name)
            .await?
            .unwrap_or_default();
        let dead: Vec<u64> = if placement.partitions.is_empty() {
            Vec::new()
        } else {
            self.meta
                .nodes()
                .await?
                .into_iter()
                .filter(|(_, l)| *l == Liveness::Dead)
                .map(|(r, _)| r.node_id)
                .collect()
        };
        for p in 0..record.partitions {
            let placed = placement.partitions.get(p as usize);
            let shard = shard_name(&record.name, p);
            let status = match self.engine.shard(&shard).await {
                Ok(s) => Some(s.status().await?),
                Err(EngineError::ShardNotFound(_)) => None,
                Err(e) => return Err(e.into()),
            };
            partition_status.push(pb::PartitionStatus {
                partition: p,
                shard,
                earliest: status.as_ref().map_or(0, |s| s.earliest),
                latest: status.as_ref().map_or(0, |s| s.latest),
                size_bytes: status.as_ref().map_or(0, |s| s.size_bytes),
                leader: placed.map(|pl| pl.leader),
                replicas: placed.map(|pl| pl.replicas.clone()).unwrap_or_default(),
                in_sync: placed
                    .map(|pl| {
                        pl.replicas
                            .iter()
                            .copied()
                            .filter(|r| !dead.contains(r))
                            .collect()
                    })
                    .unwrap_or_default(),
            });
        }
        Ok(pb::Topic {
            name: record.name,
            partitions: record.partitions,
            storage: record.storage,
            retention_ms: record.retention_ms,
            created_ms: record.created_ms,
            partition_status,
            messages_in: seen.as_ref().map_or(0, |t| t.messages_in),
            stored_in: String::new(),
            last_message_ms: seen.as_ref().map_or(0, |t| t.last_message_ms),
        })
    }
}

/// Unix milliseconds now.
pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use robustmq_engine::{EngineMetrics, ShardRegistry};
    use robustmq_meta_client::MemoryMeta;

    fn admin(dir: &std::path::Path) -> Admin {
        let metrics = EngineMetrics::new(&prometheus::Registry::new()).expect("metrics");
        let registry = ShardRegistry::open(dir, metrics, 1).expect("registry");
        Admin::new(
            Arc::new(robustmq_common::Config::default()),
            Arc::new(MemoryMeta::new(1, 1)),
            Arc::new(registry),
            None,
        )
    }

    fn request(name: &str, storage: &str, partitions: u32) -> pb::CreateTopicRequest {
        pb::CreateTopicRequest {
            name: name.into(),
            partitions,
            storage: storage.into(),
            ..pb::CreateTopicRequest::default()
        }
    }

    #[tokio::test]
    async fn topic_lifecycle_creates_and_deletes_one_shard_per_partition() {
        let dir = tempfile::tempdir().expect("tempdir");
        let admin = admin(dir.path());
        let topic = admin
            .create_topic(request("sensors", "EngineSegment", 3))
            .await
            .expect("create");
        assert_eq!(topic.storage, "EngineSegment");
        let shards: Vec<&str> = topic
            .partition_status
            .iter()
            .map(|p| p.shard.as_str())
            .collect();
        assert_eq!(shards, ["sensors#0", "sensors#1", "sensors#2"]);
        assert_eq!(admin.engine.list_shards().await.expect("list").len(), 3);
        assert_eq!(
            admin
                .create_topic(request("sensors", "", 1))
                .await
                .map(|t| t.name),
            Err(AdminError::AlreadyExists("topic `sensors` exists".into()))
        );
        assert_eq!(admin.list_topics().await.expect("list").topics.len(), 1);
        assert!(admin.delete_topic("sensors").await.expect("delete").deleted);
        assert!(admin.engine.list_shards().await.expect("list").is_empty());
        assert!(matches!(
            admin.describe_topic("sensors").await,
            Err(AdminError::NotFound(_))
        ));
    }

    #[tokio::test]
    async fn storage_usage_counts_shards_by_type_and_config_hides_the_token() {
        let dir = tempfile::tempdir().expect("tempdir");
        let admin = admin(dir.path());
        admin
            .create_topic(request("a", "EngineSegment", 2))
            .await
            .expect("create");
        admin
            .create_topic(request("b", "EngineMemory", 1))
            .await
            .expect("create");
        let usage = admin.list_storage().await.expect("storage");
        let counts: Vec<(&str, u64)> = usage
            .storage
            .iter()
            .map(|s| (s.storage.as_str(), s.shards))
            .collect();
        assert_eq!(
            counts,
            [
                ("EngineMemory", 1),
                ("EngineRocksDB", 0),
                ("EngineSegment", 2)
            ]
        );
        let mut config = robustmq_common::Config::default();
        config.server.admin_token = "s3cret".into();
        let admin = Admin::new(
            Arc::new(config),
            admin.meta.clone(),
            admin.engine.clone(),
            None,
        );
        let shown = admin.get_config();
        assert!(!shown.toml.contains("s3cret"), "{}", shown.toml);
        assert!(shown.toml.contains("<redacted>"));
    }

    #[tokio::test]
    async fn bad_topic_requests_are_refused_with_the_reason() {
        let dir = tempfile::tempdir().expect("tempdir");
        let admin = admin(dir.path());
        for (req, needle) in [
            (request("a/+", "", 1), "not a valid topic name"),
            (request("$SYS/x", "", 1), "not a valid topic name"),
            (request("t", "EngineFloppy", 1), "unknown storage type"),
            (request("t", "", MAX_PARTITIONS + 1), "partitions must be"),
        ] {
            match admin.create_topic(req).await {
                Err(AdminError::InvalidArgument(msg)) => assert!(msg.contains(needle), "{msg}"),
                other => panic!("expected InvalidArgument({needle}), got {other:?}"),
            }
        }
        let mut fsync = request("t", "", 1);
        fsync.fsync = "sometimes".into();
        assert!(matches!(
            admin.create_topic(fsync).await,
            Err(AdminError::InvalidArgument(_))
        ));
    }
}
