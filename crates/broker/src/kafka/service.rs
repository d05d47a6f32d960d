//! [`Kafka`]: the state every Kafka connection of a node shares, and the dispatch of one
//! request to its handler. Handlers live beside it: [`crate::kafka::produce`],
//! [`crate::kafka::fetch`], [`crate::kafka::topics`].

use std::sync::Arc;
use std::time::Instant;

use bytes::BytesMut;
use kafka_protocol::ResponseError;
use kafka_protocol::messages::api_versions_response::ApiVersion;
use kafka_protocol::messages::describe_cluster_response::DescribeClusterBroker;
use kafka_protocol::messages::find_coordinator_response::Coordinator as CoordinatorEntry;
use kafka_protocol::messages::{
    ApiVersionsResponse, BrokerId, DescribeClusterResponse, FindCoordinatorRequest,
    FindCoordinatorResponse,
};
use kafka_protocol::protocol::StrBytes;
use robustmq_common::config::{Config, StorageType};

use crate::core::Broker;
use crate::kafka::error::KafkaError;
use crate::kafka::frame::{self, Frame, Request};
use crate::kafka::group::Coordinator;
use crate::kafka::metrics::KafkaMetrics;
use crate::kafka::nodes::{KafkaNode, KafkaNodes, NodesCache};
use crate::kafka::producers::Producers;
use crate::kafka::turns::RouteTurns;
use crate::kafka::versions;

/// The Kafka front end's settings (`[kafka]`, with the node's id and cluster name).
#[derive(Debug, Clone)]
pub struct KafkaSettings {
    /// This node's id, its broker id in Metadata.
    pub node_id: i32,
    /// The cluster id Metadata reports (the cluster name).
    pub cluster_id: String,
    /// Host clients are told to connect to.
    pub advertised_host: String,
    /// Port clients are told to connect to.
    pub advertised_port: u16,
    /// `kafka.auto_create_topics`.
    pub auto_create_topics: bool,
    /// `kafka.default_partitions`.
    pub default_partitions: u32,
    /// `kafka.default_storage`.
    pub default_storage: StorageType,
    /// `kafka.max_request_bytes`.
    pub max_request_bytes: usize,
    /// `kafka.group_initial_rebalance_delay_ms`.
    pub group_initial_rebalance_delay: std::time::Duration,
}

impl KafkaSettings {
    /// The settings of `config`, advertising `listening` (the bound listener address) unless
    /// `kafka.advertised_addr` names another.
    pub fn from_config(config: &Config, listening: std::net::SocketAddr) -> KafkaSettings {
        let (host, port) = config
            .kafka
            .advertised_addr
            .rsplit_once(':')
            .and_then(|(h, p)| {
                p.parse()
                    .ok()
                    .map(|p| (h.trim_matches(['[', ']']).to_owned(), p))
            })
            .unwrap_or_else(|| (listening.ip().to_string(), listening.port()));
        KafkaSettings {
            node_id: i32::try_from(config.node_id).unwrap_or(i32::MAX),
            cluster_id: config.cluster_name.clone(),
            advertised_host: host,
            advertised_port: port,
            auto_create_topics: config.kafka.auto_create_topics,
            default_partitions: config.kafka.default_partitions,
            default_storage: config.kafka.default_storage,
            max_request_bytes: config.kafka.max_request_bytes as usize,
            group_initial_rebalance_delay: std::time::Duration::from_millis(u64::from(
                config.kafka.group_initial_rebalance_delay_ms,
            )),
        }
    }
}

/// What every Kafka connection of a node shares: the broker core, the settings, the producer
/// table and the metrics.
pub struct Kafka {
    pub(crate) broker: Arc<Broker>,
    pub(crate) settings: KafkaSettings,
    pub(crate) producers: Producers,
    /// Routing order of Kafka batches to MQTT subscribers, per partition.
    pub(crate) route_turns: RouteTurns,
    pub(crate) groups: Coordinator,
    pub(crate) metrics: KafkaMetrics,
    /// The cluster's Kafka listeners, as last read from meta.
    pub(crate) nodes: NodesCache,
}

impl Kafka {
    /// The Kafka front end over `broker`. Starts the group coordinator's session sweeper, which
    /// stops with the broker; call it within a Tokio runtime.
    pub fn new(broker: Arc<Broker>, settings: KafkaSettings, metrics: KafkaMetrics) -> Kafka {
        let groups = Coordinator::new(settings.group_initial_rebalance_delay);
        groups.start(broker.shutdown().clone());
        Kafka {
            producers: Producers::new(u64::try_from(settings.node_id).unwrap_or(0)),
            route_turns: RouteTurns::default(),
            groups,
            broker,
            settings,
            metrics,
            nodes: NodesCache::default(),
        }
    }

    /// This node as a Kafka broker.
    pub(crate) fn me(&self) -> KafkaNode {
        KafkaNode {
            id: self.settings.node_id,
            host: self.settings.advertised_host.clone(),
            port: i32::from(self.settings.advertised_port),
        }
    }

    /// The cluster's Kafka listeners (reused for a second).
    pub(crate) async fn cluster(&self) -> Arc<KafkaNodes> {
        self.nodes.get(self.broker.meta.as_ref(), &self.me()).await
    }

    /// The `host:port` this listener tells clients to connect to, as other nodes' Kafka
    /// Metadata answers name it for the partitions this node leads.
    pub fn advertised_addr(&self) -> String {
        format!(
            "{}:{}",
            self.settings.advertised_host, self.settings.advertised_port
        )
    }

    /// The broker core underneath.
    pub fn broker(&self) -> &Arc<Broker> {
        &self.broker
    }

    /// Serves one frame: decodes it, runs its handler and appends the answer to `out` (nothing
    /// for a Produce with `acks = 0`).
    ///
    /// # Errors
    /// [`KafkaError`] when the connection must close: an API or version not served, bytes that
    /// do not decode, or an answer that does not encode.
    pub async fn serve(
        &self,
        frame: bytes::Bytes,
        out: &mut BytesMut,
        peer: std::net::IpAddr,
    ) -> Result<(), KafkaError> {
        let started = Instant::now();
        let (header, api, request) = match frame::decode(frame)? {
            Frame::ApiVersionsTooNew { correlation_id } => {
                let mut resp = self.api_versions();
                resp.error_code = ResponseError::UnsupportedVersion.code();
                return frame::encode_with_header(out, correlation_id, 0, 0, &resp);
            }
            Frame::Request {
                header,
                api,
                request,
            } => (header, api, request),
        };
        let id = header.correlation_id;
        let version = header.request_api_version;
        macro_rules! answer {
            ($body:expr, $failed:expr) => {{
                let failed = $failed;
                frame::encode_response(out, id, api, version, &$body)?;
                failed
            }};
        }
        let failed = match *request {
            Request::ApiVersions(_) => answer!(self.api_versions(), false),
            Request::Metadata(req) => {
                let resp = self.metadata(req, version).await;
                let failed = resp.topics.iter().any(|t| t.error_code != 0);
                answer!(resp, failed)
            }
            Request::Produce(req) => match self.produce(req).await {
                (Some(resp), failed) => answer!(resp, failed),
                (None, failed) => failed,
            },
            Request::Fetch(req) => {
                let (resp, failed) = self.fetch(req).await;
                answer!(resp, failed)
            }
            Request::ListOffsets(req) => {
                let (resp, failed) = self.list_offsets(req).await;
                answer!(resp, failed)
            }
            Request::FindCoordinator(req) => {
                answer!(self.find_coordinator(req, version).await, false)
            }
            Request::InitProducerId(req) => {
                let resp = self.init_producer_id(req);
                let failed = resp.error_code != 0;
                answer!(resp, failed)
            }
            Request::CreateTopics(req) => {
                let resp = self.create_topics(req).await;
                let failed = resp.topics.iter().any(|t| t.error_code != 0);
                answer!(resp, failed)
            }
            Request::DeleteTopics(req) => {
                let resp = self.delete_topics(req).await;
                let failed = resp.responses.iter().any(|t| t.error_code != 0);
                answer!(resp, failed)
            }
            Request::CreatePartitions(req) => {
                let resp = self.create_partitions(req).await;
                let failed = resp.results.iter().any(|t| t.error_code != 0);
                answer!(resp, failed)
            }
            Request::DescribeConfigs(req) => {
                let resp = self.describe_configs(req).await;
                let failed = resp.results.iter().any(|t| t.error_code != 0);
                answer!(resp, failed)
            }
            Request::DescribeCluster(_) => answer!(self.describe_cluster().await, false),
            Request::JoinGroup(req) => {
                let client = header
                    .client_id
                    .as_ref()
                    .map_or("", |c| c.as_str())
                    .to_owned();
                let resp = self
                    .join_group(req, version, &client, &peer.to_string())
                    .await;
                let failed = resp.error_code != 0;
                answer!(resp, failed)
            }
            Request::SyncGroup(req) => {
                let resp = self.sync_group(req).await;
                let failed = resp.error_code != 0;
                answer!(resp, failed)
            }
            Request::Heartbeat(req) => {
                let resp = self.heartbeat(req).await;
                let failed = resp.error_code != 0;
                answer!(resp, failed)
            }
            Request::LeaveGroup(req) => {
                let resp = self.leave_group(req, version);
                let failed = resp.error_code != 0 || resp.members.iter().any(|m| m.error_code != 0);
                answer!(resp, failed)
            }
            Request::OffsetCommit(req) => {
                let (resp, failed) = self.offset_commit(req).await;
                answer!(resp, failed)
            }
            Request::OffsetFetch(req) => {
                let (resp, failed) = self.offset_fetch(req).await;
                answer!(resp, failed)
            }
            Request::DescribeGroups(req) => answer!(self.describe_groups(req), false),
            Request::ListGroups(req) => answer!(self.list_groups(req), false),
        };
        self.metrics
            .observe(api, started.elapsed().as_secs_f64(), failed);
        Ok(())
    }

    /// ApiVersions: every served API with its versions ([`versions::all`]).
    pub fn api_versions(&self) -> ApiVersionsResponse {
        let mut resp = ApiVersionsResponse::default();
        resp.api_keys = versions::all()
            .into_iter()
            .map(|(api, range)| {
                let mut v = ApiVersion::default();
                v.api_key = api as i16;
                v.min_version = range.min;
                v.max_version = range.max;
                v
            })
            .collect();
        resp
    }

    /// FindCoordinator: the node [`KafkaNodes::coordinator`] names for each group (this node
    /// alone on a single node); v4 answers each key of the batch. Transaction coordinators are
    /// asked for by transactional id the same way.
    pub async fn find_coordinator(
        &self,
        req: FindCoordinatorRequest,
        version: i16,
    ) -> FindCoordinatorResponse {
        let cluster = self.cluster().await;
        let mut resp = FindCoordinatorResponse::default();
        if version >= 4 {
            resp.coordinators = req
                .coordinator_keys
                .into_iter()
                .map(|key| {
                    let node = cluster.coordinator(key.as_str());
                    let mut c = CoordinatorEntry::default();
                    c.key = key;
                    c.node_id = BrokerId(node.id);
                    c.host = StrBytes::from_string(node.host.clone());
                    c.port = node.port;
                    c
                })
                .collect();
        } else {
            let node = cluster.coordinator(req.key.as_str());
            resp.node_id = BrokerId(node.id);
            resp.host = StrBytes::from_string(node.host.clone());
            resp.port = node.port;
        }
        resp
    }

    /// DescribeCluster: every live node with a Kafka listener, this one as controller.
    pub async fn describe_cluster(&self) -> DescribeClusterResponse {
        let cluster = self.cluster().await;
        let mut resp = DescribeClusterResponse::default();
        resp.cluster_id = StrBytes::from_string(self.settings.cluster_id.clone());
        resp.controller_id = BrokerId(self.settings.node_id);
        resp.brokers = cluster
            .all()
            .map(|n| {
                let mut b = DescribeClusterBroker::default();
                b.broker_id = BrokerId(n.id);
                b.host = StrBytes::from_string(n.host.clone());
                b.port = n.port;
                b
            })
            .collect();
        resp
    }
}
