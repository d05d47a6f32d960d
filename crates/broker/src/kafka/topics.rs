//! Topics as Kafka sees them: the name mapping of the module docs ([`crate::kafka`]), Metadata,
//! and CreateTopics, DeleteTopics, CreatePartitions and DescribeConfigs over the storage
//! adapter and meta.

use std::collections::HashSet;
use std::sync::Arc;

use kafka_protocol::ResponseError;
use kafka_protocol::messages::create_partitions_response::CreatePartitionsTopicResult;
use kafka_protocol::messages::create_topics_response::CreatableTopicResult;
use kafka_protocol::messages::delete_topics_response::DeletableTopicResult;
use kafka_protocol::messages::describe_configs_response::{
    DescribeConfigsResourceResult, DescribeConfigsResult,
};
use kafka_protocol::messages::metadata_response::{
    MetadataResponseBroker, MetadataResponsePartition, MetadataResponseTopic,
};
use kafka_protocol::messages::{
    BrokerId, CreatePartitionsRequest, CreatePartitionsResponse, CreateTopicsRequest,
    CreateTopicsResponse, DeleteTopicsRequest, DeleteTopicsResponse, DescribeConfigsRequest,
    DescribeConfigsResponse, MetadataRequest, MetadataResponse, TopicName,
};
use kafka_protocol::protocol::StrBytes;
use robustmq_engine::ShardConfig;
use robustmq_meta_client::{MetaClient, TopicMeta};
use tracing::info;

use crate::core::message::unix_ms;
use crate::core::storage::{
    DEFAULT_TOPIC, TopicShards, add_partitions, create_topic, delete_topic, storage_name,
};
use crate::kafka::error::code_of;
use crate::kafka::service::Kafka;

/// Kafka's longest topic name.
pub const MAX_NAME: usize = 249;
/// Most partitions a topic may have, as `robustmqctl topic create` allows.
pub const MAX_PARTITIONS: u32 = 1024;

/// Whether `name` is a legal Kafka topic name: 1 to 249 bytes of `[A-Za-z0-9._-]`, not `.` or
/// `..`.
pub fn is_kafka_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_NAME
        && name != "."
        && name != ".."
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// The Kafka spelling of topic `name`: itself when legal, else with `/` as `.` when that is
/// legal; `None` for internal topics (`$…`) and names with other characters.
pub fn kafka_name(name: &str) -> Option<String> {
    if name.starts_with('$') {
        return None;
    }
    if is_kafka_name(name) {
        return Some(name.to_owned());
    }
    let dotted = name.replace('/', ".");
    is_kafka_name(&dotted).then_some(dotted)
}

/// The topic a Kafka name stands for, given which topics exist: the name itself, else the name
/// with each `.` as `/`. `None` when neither exists.
pub fn resolve(name: &str, exists: impl Fn(&str) -> bool) -> Option<String> {
    if !is_kafka_name(name) {
        return None;
    }
    if exists(name) {
        return Some(name.to_owned());
    }
    let slashed = name.replace('.', "/");
    (slashed != name && exists(&slashed)).then_some(slashed)
}

fn topic_name(name: &str) -> TopicName {
    TopicName(StrBytes::from_string(name.to_owned()))
}

impl Kafka {
    /// The topic of the storage adapter that the Kafka name `name` stands for.
    pub fn topic(&self, name: &str) -> Option<Arc<TopicShards>> {
        let topics = self.broker.storage.topics();
        let found = resolve(name, |n| topics.iter().any(|t| t.name() == n))?;
        topics.into_iter().find(|t| t.name() == found)
    }

    fn shard_config(&self) -> ShardConfig {
        ShardConfig {
            fsync: self.broker.settings.fsync,
            ..ShardConfig::default()
        }
    }

    /// Creates topic `name` with `partitions`, as a Kafka client asked; records it in the local
    /// storage adapter at once, so a produce right after the answer finds it.
    async fn create(&self, name: &str, partitions: u32) -> Result<(), (ResponseError, String)> {
        if !is_kafka_name(name) {
            return Err((
                ResponseError::InvalidTopicException,
                format!(
                    "`{name}` is not a legal Kafka topic name ([A-Za-z0-9._-], 1 to 249 bytes)"
                ),
            ));
        }
        if partitions == 0 || partitions > MAX_PARTITIONS {
            return Err((
                ResponseError::InvalidPartitions,
                format!("partitions must be between 1 and {MAX_PARTITIONS}"),
            ));
        }
        if self.topic(name).is_some() {
            return Err((
                ResponseError::TopicAlreadyExists,
                format!("topic `{name}` exists"),
            ));
        }
        let record = TopicMeta {
            name: name.to_owned(),
            partitions,
            storage: storage_name(self.settings.default_storage).to_owned(),
            retention_ms: None,
            created_ms: unix_ms(),
        };
        let broker = &self.broker;
        match create_topic(
            broker.storage.store(),
            broker.meta.as_ref(),
            &record,
            &self.shard_config(),
        )
        .await
        {
            Ok(true) => {
                info!(
                    topic = name,
                    partitions,
                    storage = record.storage,
                    "Kafka topic created"
                );
                broker.topic_created(&record);
                Ok(())
            }
            Ok(false) => Err((
                ResponseError::TopicAlreadyExists,
                format!("topic `{name}` exists"),
            )),
            Err(e) => Err((code_of(&e), e.to_string())),
        }
    }

    /// Metadata: this node and every other live node with a Kafka listener as brokers, this
    /// node as controller, each partition led by the node whose engine holds it (this node when
    /// that one runs no Kafka listener), and the topics asked for (all visible ones for a null
    /// list), auto-created when allowed.
    pub async fn metadata(&self, req: MetadataRequest, version: i16) -> MetadataResponse {
        let names: Option<Vec<String>> = req.topics.map(|topics| {
            topics
                .into_iter()
                .filter_map(|t| t.name.map(|n| n.0.as_str().to_owned()))
                .collect()
        });
        let cluster = self.cluster().await;
        let mut topics = Vec::new();
        match names {
            None => {
                let mut visible: Vec<(String, Arc<TopicShards>)> = Vec::new();
                let all = self.broker.storage.topics();
                for t in &all {
                    if let Some(k) = kafka_name(t.name())
                        && resolve(&k, |n| all.iter().any(|t| t.name() == n)).as_deref()
                            == Some(t.name())
                    {
                        visible.push((k, Arc::clone(t)));
                    }
                }
                visible.sort_by(|a, b| a.0.cmp(&b.0));
                for (k, t) in visible {
                    let leaders = cluster.leaders(self.broker.meta.as_ref(), &t).await;
                    topics.push(self.topic_metadata(&k, Some(&t), &leaders));
                }
            }
            Some(names) => {
                let mut seen = HashSet::new();
                for name in names {
                    if !seen.insert(name.clone()) {
                        continue;
                    }
                    let mut found = self.topic(&name);
                    let auto = version < 4 || req.allow_auto_topic_creation;
                    if found.is_none()
                        && auto
                        && self.settings.auto_create_topics
                        && is_kafka_name(&name)
                    {
                        let _ = self.create(&name, self.settings.default_partitions).await;
                        found = self.topic(&name);
                    }
                    let leaders = match &found {
                        Some(t) => cluster.leaders(self.broker.meta.as_ref(), t).await,
                        None => Vec::new(),
                    };
                    let mut t = self.topic_metadata(&name, found.as_ref(), &leaders);
                    if found.is_none() && !is_kafka_name(&name) {
                        t.error_code = ResponseError::InvalidTopicException.code();
                    }
                    topics.push(t);
                }
            }
        }
        let mut resp = MetadataResponse::default();
        resp.brokers = cluster
            .all()
            .map(|n| {
                let mut b = MetadataResponseBroker::default();
                b.node_id = BrokerId(n.id);
                b.host = StrBytes::from_string(n.host.clone());
                b.port = n.port;
                b
            })
            .collect();
        resp.cluster_id = Some(StrBytes::from_string(self.settings.cluster_id.clone()));
        resp.controller_id = BrokerId(self.settings.node_id);
        resp.topics = topics;
        resp
    }

    /// `leaders` names the broker given for each partition; this node for any it does not
    /// cover.
    fn topic_metadata(
        &self,
        name: &str,
        topic: Option<&Arc<TopicShards>>,
        leaders: &[i32],
    ) -> MetadataResponseTopic {
        let mut t = MetadataResponseTopic::default();
        t.name = Some(topic_name(name));
        match topic {
            None => t.error_code = ResponseError::UnknownTopicOrPartition.code(),
            Some(topic) => {
                t.partitions = (0..topic.partitions())
                    .map(|p| {
                        let leader = BrokerId(
                            leaders
                                .get(p as usize)
                                .copied()
                                .unwrap_or(self.settings.node_id),
                        );
                        let mut part = MetadataResponsePartition::default();
                        part.partition_index = p as i32;
                        part.leader_id = leader;
                        part.leader_epoch = 0;
                        part.replica_nodes = vec![leader];
                        part.isr_nodes = vec![leader];
                        part
                    })
                    .collect();
            }
        }
        t
    }

    /// CreateTopics: each topic with its partition count (-1: `kafka.default_partitions`);
    /// a replication factor above 1 is refused until replication exists, and
    /// `validate_only` checks without creating.
    pub async fn create_topics(&self, req: CreateTopicsRequest) -> CreateTopicsResponse {
        let mut resp = CreateTopicsResponse::default();
        for t in req.topics {
            let name = t.name.0.as_str().to_owned();
            let mut result = CreatableTopicResult::default();
            result.name = t.name.clone();
            let partitions = if t.num_partitions == -1 {
                self.settings.default_partitions as i32
            } else {
                t.num_partitions
            };
            result.num_partitions = partitions;
            result.replication_factor = 1;
            let outcome = if t.replication_factor > 1 {
                Err((
                    ResponseError::InvalidReplicationFactor,
                    "replication factor above 1 needs replication, not available yet".to_owned(),
                ))
            } else if !t.assignments.is_empty() {
                Err((
                    ResponseError::InvalidReplicaAssignment,
                    "replica assignments are not supported".to_owned(),
                ))
            } else if req.validate_only {
                match u32::try_from(partitions) {
                    Ok(p) if (1..=MAX_PARTITIONS).contains(&p) && is_kafka_name(&name) => {
                        if self.topic(&name).is_some() {
                            Err((
                                ResponseError::TopicAlreadyExists,
                                format!("topic `{name}` exists"),
                            ))
                        } else {
                            Ok(())
                        }
                    }
                    _ => Err((
                        ResponseError::InvalidRequest,
                        "invalid name or partition count".to_owned(),
                    )),
                }
            } else {
                match u32::try_from(partitions) {
                    Ok(p) => self.create(&name, p).await,
                    Err(_) => Err((
                        ResponseError::InvalidPartitions,
                        "partitions must be positive".to_owned(),
                    )),
                }
            };
            if let Err((code, message)) = outcome {
                result.error_code = code.code();
                result.error_message = Some(StrBytes::from_string(message));
                result.num_partitions = -1;
                result.replication_factor = -1;
            }
            resp.topics.push(result);
        }
        resp
    }

    /// DeleteTopics: by name (v0-5) or by name inside a topic state (v6); topic ids are not
    /// assigned, so a deletion by id gets UNKNOWN_TOPIC_ID.
    pub async fn delete_topics(&self, req: DeleteTopicsRequest) -> DeleteTopicsResponse {
        let mut names: Vec<Option<TopicName>> = req.topic_names.into_iter().map(Some).collect();
        names.extend(req.topics.into_iter().map(|t| t.name));
        let mut resp = DeleteTopicsResponse::default();
        for name in names {
            let mut result = DeletableTopicResult::default();
            let Some(name) = name else {
                result.error_code = ResponseError::UnknownTopicId.code();
                resp.responses.push(result);
                continue;
            };
            result.name = Some(name.clone());
            let code = match self.topic(name.0.as_str()) {
                None => Some(ResponseError::UnknownTopicOrPartition),
                Some(topic) if topic.name() == DEFAULT_TOPIC => {
                    Some(ResponseError::TopicAuthorizationFailed)
                }
                Some(topic) => {
                    let record = TopicMeta {
                        name: topic.name().to_owned(),
                        partitions: topic.partitions(),
                        storage: storage_name(topic.storage()).to_owned(),
                        retention_ms: None,
                        created_ms: 0,
                    };
                    let broker = &self.broker;
                    let forget = || broker.topic_deleted(topic.name());
                    match delete_topic(
                        broker.storage.store(),
                        broker.meta.as_ref(),
                        &record,
                        forget,
                    )
                    .await
                    {
                        Ok(true) => None,
                        Ok(false) => Some(ResponseError::UnknownTopicOrPartition),
                        Err(e) => {
                            result.error_message = Some(StrBytes::from_string(e.to_string()));
                            Some(code_of(&e))
                        }
                    }
                }
            };
            if let Some(code) = code {
                result.error_code = code.code();
            }
            resp.responses.push(result);
        }
        resp
    }

    /// CreatePartitions: raises a topic's partition count; existing partitions keep their
    /// data. Fewer or as many partitions as now is INVALID_PARTITIONS, as in Kafka.
    pub async fn create_partitions(
        &self,
        req: CreatePartitionsRequest,
    ) -> CreatePartitionsResponse {
        let mut resp = CreatePartitionsResponse::default();
        for t in req.topics {
            let mut result = CreatePartitionsTopicResult::default();
            result.name = t.name.clone();
            let outcome = match self.topic(t.name.0.as_str()) {
                None => Err((
                    ResponseError::UnknownTopicOrPartition,
                    "no such topic".to_owned(),
                )),
                Some(topic) => match u32::try_from(t.count) {
                    Ok(count) if count > topic.partitions() && count <= MAX_PARTITIONS => {
                        if req.validate_only {
                            Ok(())
                        } else {
                            self.grow(&topic, count).await
                        }
                    }
                    _ => Err((
                        ResponseError::InvalidPartitions,
                        format!(
                            "topic has {} partitions; the new count must be above it and at most {MAX_PARTITIONS}",
                            topic.partitions()
                        ),
                    )),
                },
            };
            if let Err((code, message)) = outcome {
                result.error_code = code.code();
                result.error_message = Some(StrBytes::from_string(message));
            }
            resp.results.push(result);
        }
        resp
    }

    async fn grow(&self, topic: &TopicShards, count: u32) -> Result<(), (ResponseError, String)> {
        let broker = &self.broker;
        let old = broker
            .meta
            .topic_get(topic.name())
            .await
            .map_err(|e| (ResponseError::RequestTimedOut, e.to_string()))?
            .ok_or_else(|| {
                (
                    ResponseError::UnknownTopicOrPartition,
                    "no such topic".to_owned(),
                )
            })?;
        let record = TopicMeta {
            partitions: count,
            ..old.clone()
        };
        add_partitions(
            broker.storage.store(),
            broker.meta.as_ref(),
            &old,
            &record,
            &self.shard_config(),
        )
        .await
        .map_err(|e| (code_of(&e), e.to_string()))?;
        broker.topic_created(&record);
        Ok(())
    }

    /// DescribeConfigs: the few topic settings the broker has (partition storage, retention),
    /// read-only; a broker resource gets an empty list.
    pub async fn describe_configs(&self, req: DescribeConfigsRequest) -> DescribeConfigsResponse {
        const TOPIC: i8 = 2;
        let mut resp = DescribeConfigsResponse::default();
        for r in req.resources {
            let mut result = DescribeConfigsResult::default();
            result.resource_type = r.resource_type;
            result.resource_name = r.resource_name.clone();
            if r.resource_type == TOPIC {
                match self.topic(r.resource_name.as_str()) {
                    None => {
                        result.error_code = ResponseError::UnknownTopicOrPartition.code();
                    }
                    Some(topic) => {
                        let retention = self
                            .broker
                            .meta
                            .topic_get(topic.name())
                            .await
                            .ok()
                            .flatten()
                            .and_then(|t| t.retention_ms)
                            .map_or_else(|| "-1".to_owned(), |ms| ms.to_string());
                        for (name, value) in [
                            (
                                "robustmq.storage.type",
                                storage_name(topic.storage()).to_owned(),
                            ),
                            ("retention.ms", retention),
                            ("cleanup.policy", "delete".to_owned()),
                            ("message.timestamp.type", "CreateTime".to_owned()),
                        ] {
                            let wanted = r
                                .configuration_keys
                                .as_ref()
                                .is_none_or(|keys| keys.iter().any(|k| k.as_str() == name));
                            if !wanted {
                                continue;
                            }
                            let mut c = DescribeConfigsResourceResult::default();
                            c.name = StrBytes::from_static_str(name);
                            c.value = Some(StrBytes::from_string(value));
                            c.read_only = true;
                            c.config_source = 5;
                            result.configs.push(c);
                        }
                    }
                }
            }
            resp.results.push(result);
        }
        resp
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mqtt_names_with_slashes_are_shown_with_dots_and_found_back() {
        assert_eq!(kafka_name("orders").as_deref(), Some("orders"));
        assert_eq!(kafka_name("sensors/temp").as_deref(), Some("sensors.temp"));
        assert_eq!(kafka_name("a b"), None);
        assert_eq!(kafka_name("$mqtt"), None);
        let topics = ["sensors/temp", "orders", "a.b", "a/b"];
        let exists = |n: &str| topics.contains(&n);
        assert_eq!(
            resolve("sensors.temp", exists).as_deref(),
            Some("sensors/temp")
        );
        assert_eq!(resolve("orders", exists).as_deref(), Some("orders"));
        assert_eq!(
            resolve("a.b", exists).as_deref(),
            Some("a.b"),
            "the Kafka spelling wins"
        );
        assert_eq!(resolve("nothing", exists), None);
        assert_eq!(resolve("bad name", exists), None);
    }

    #[test]
    fn kafka_names_follow_kafka_rules() {
        assert!(is_kafka_name("a-b_c.d"));
        assert!(!is_kafka_name(""));
        assert!(!is_kafka_name(".."));
        assert!(!is_kafka_name(&"x".repeat(250)));
        assert!(!is_kafka_name("a/b"));
    }
}
