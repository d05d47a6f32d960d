//! The API other roles use, in two layers:
//!
//! - [`MetaStore`]: the primitives (apply a command to a group, get a key, scan a prefix),
//!   implemented by the local [`MetaNode`], by [`RemoteMeta`] over gRPC, and by [`MemoryMeta`], an
//!   in-memory fake for tests of the broker;
//! - [`MetaClient`]: the typed API on top (generic KV, topics, sessions, subscriptions, retained
//!   messages, consumer offsets), provided for every `MetaStore`, so the three cannot differ.
//!
//! Key layout (values are JSON unless said otherwise):
//!
//! | group | key | value |
//! | --- | --- | --- |
//! | `metadata` | `kv/<key>` | opaque bytes |
//! | `metadata` | `topic/<name>` | [`TopicMeta`] |
//! | `data-<h(client)>` | `session/<client_id>` | opaque bytes (the broker's session record) |
//! | `data-<h(client)>` | `sub/<client_id>/<filter>` | opaque bytes (subscription options) |
//! | `data-<h(topic)>` | `retained/<topic>` | opaque bytes (the retained message) |
//! | `offset-<h(group)>` | `offset/<group>/<topic>/<partition>` | u64, little endian |
//!
//! `h` is FNV-1a over the key, modulo the group count, so every node routes a key to the same
//! group. Changing `meta.data_groups` or `meta.offset_groups` after data exists would move keys;
//! that is not supported yet.

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use parking_lot::Mutex;
use robustmq_common::topic;
use robustmq_proto::meta::meta_service_client::MetaServiceClient;
use robustmq_proto::meta::{
    RaftStatusRequest, ReadConsistency, ReadRequest, WriteRequest, read_request,
};
use serde::{Deserialize, Serialize};
use tonic::transport::Channel;

use crate::error::{MetaError, Result};
use crate::network::MAX_RAFT_MESSAGE;
use crate::node::MetaNode;
use crate::service::from_status;
use crate::types::{Command, CommandResult, METADATA_GROUP};
use crate::watch::{WatchEvent, WatchStream};

/// The primitives every meta backend offers.
#[async_trait]
pub trait MetaStore: Send + Sync {
    /// Applies `command` to `group` once a quorum has committed it.
    ///
    /// # Errors
    /// [`MetaError::NoLeader`], [`MetaError::UnknownGroup`], transport or storage errors.
    async fn apply(&self, group: &str, command: Command) -> Result<CommandResult>;

    /// The value of `key` in `group`; `linearizable` confirms with a quorum first.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn get(&self, group: &str, key: &str, linearizable: bool) -> Result<Option<Vec<u8>>>;

    /// Every key under `prefix` in `group`, in key order.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn scan(
        &self,
        group: &str,
        prefix: &str,
        linearizable: bool,
    ) -> Result<Vec<(String, Vec<u8>)>>;

    /// How many `offset-*` and `data-*` groups there are.
    fn group_counts(&self) -> (u32, u32);

    /// Changes to keys under `prefixes` from now on, in apply order (see [`crate::watch`]).
    ///
    /// # Errors
    /// Transport errors for a remote store; the stream itself ends when the connection does.
    async fn watch(&self, prefixes: Vec<String>) -> Result<WatchStream>;
}

/// A topic as the `metadata` group records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicMeta {
    /// Topic name.
    pub name: String,
    /// Partitions (1 for an MQTT topic).
    pub partitions: u32,
    /// `EngineMemory`, `EngineRocksDB` or `EngineSegment`.
    pub storage: String,
    /// Retention in milliseconds, if limited.
    pub retention_ms: Option<u64>,
    /// Unix time of creation, in milliseconds.
    pub created_ms: i64,
}

fn fnv1a(key: &str) -> u64 {
    key.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn hashed(prefix: &str, key: &str, count: u32) -> String {
    format!("{prefix}-{}", fnv1a(key) % u64::from(count.max(1)))
}

pub(crate) fn codec(e: impl ToString) -> MetaError {
    MetaError::Codec(e.to_string())
}

pub(crate) fn existed(result: CommandResult) -> bool {
    matches!(result, CommandResult::Deleted { existed: true })
}

/// The typed API, provided for every [`MetaStore`].
#[async_trait]
pub trait MetaClient: MetaStore {
    /// The `data` group that holds `key`.
    fn data_group(&self, key: &str) -> String {
        hashed("data", key, self.group_counts().1)
    }

    /// The `offset` group that holds consumer group `group`.
    fn offset_group(&self, group: &str) -> String {
        hashed("offset", group, self.group_counts().0)
    }

    /// Sets a key of the generic KV.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn kv_set(&self, key: &str, value: Vec<u8>) -> Result<()> {
        let command = Command::Set {
            key: format!("kv/{key}"),
            value,
        };
        self.apply(METADATA_GROUP, command).await.map(|_| ())
    }

    /// Sets many keys of the generic KV in one log entry.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn kv_set_many(&self, pairs: Vec<(String, Vec<u8>)>) -> Result<()> {
        let pairs = pairs
            .into_iter()
            .map(|(k, v)| (format!("kv/{k}"), v))
            .collect();
        self.apply(METADATA_GROUP, Command::SetMany(pairs))
            .await
            .map(|_| ())
    }

    /// Reads a key of the generic KV.
    ///
    /// # Errors
    /// As [`MetaStore::get`].
    async fn kv_get(&self, key: &str, linearizable: bool) -> Result<Option<Vec<u8>>> {
        self.get(METADATA_GROUP, &format!("kv/{key}"), linearizable)
            .await
    }

    /// Deletes a key of the generic KV; returns whether it existed.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn kv_delete(&self, key: &str) -> Result<bool> {
        let command = Command::Delete {
            key: format!("kv/{key}"),
        };
        Ok(existed(self.apply(METADATA_GROUP, command).await?))
    }

    /// Every generic KV key under `prefix`, without the internal `kv/` prefix.
    ///
    /// # Errors
    /// As [`MetaStore::scan`].
    async fn kv_prefix(&self, prefix: &str, linearizable: bool) -> Result<Vec<(String, Vec<u8>)>> {
        let found = self
            .scan(METADATA_GROUP, &format!("kv/{prefix}"), linearizable)
            .await?;
        Ok(found
            .into_iter()
            .map(|(k, v)| (k.strip_prefix("kv/").unwrap_or(&k).to_owned(), v))
            .collect())
    }

    /// Records a topic, replacing any earlier record of that name.
    ///
    /// # Errors
    /// As [`MetaStore::apply`], or [`MetaError::Codec`].
    async fn topic_put(&self, topic: &TopicMeta) -> Result<()> {
        let value = serde_json::to_vec(topic).map_err(codec)?;
        let command = Command::Set {
            key: format!("topic/{}", topic.name),
            value,
        };
        self.apply(METADATA_GROUP, command).await.map(|_| ())
    }

    /// A topic by name.
    ///
    /// # Errors
    /// As [`MetaStore::get`], or [`MetaError::Codec`] for a record that does not parse.
    async fn topic_get(&self, name: &str) -> Result<Option<TopicMeta>> {
        let found = self
            .get(METADATA_GROUP, &format!("topic/{name}"), true)
            .await?;
        found
            .map(|v| serde_json::from_slice(&v).map_err(codec))
            .transpose()
    }

    /// Every topic, by name.
    ///
    /// # Errors
    /// As [`MetaStore::scan`].
    async fn topic_list(&self) -> Result<Vec<TopicMeta>> {
        let found = self.scan(METADATA_GROUP, "topic/", true).await?;
        found
            .into_iter()
            .map(|(_, v)| serde_json::from_slice(&v).map_err(codec))
            .collect()
    }

    /// Deletes a topic record; returns whether it existed.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn topic_delete(&self, name: &str) -> Result<bool> {
        let command = Command::Delete {
            key: format!("topic/{name}"),
        };
        Ok(existed(self.apply(METADATA_GROUP, command).await?))
    }

    /// Stores a client's session record.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn session_put(&self, client_id: &str, session: Vec<u8>) -> Result<()> {
        let command = Command::Set {
            key: format!("session/{client_id}"),
            value: session,
        };
        self.apply(&self.data_group(client_id), command)
            .await
            .map(|_| ())
    }

    /// A client's session record, read linearizably: a reconnecting client must see the session
    /// its previous connection (possibly on another broker) last wrote.
    ///
    /// # Errors
    /// As [`MetaStore::get`].
    async fn session_get(&self, client_id: &str) -> Result<Option<Vec<u8>>> {
        self.get(
            &self.data_group(client_id),
            &format!("session/{client_id}"),
            true,
        )
        .await
    }

    /// Deletes a client's session and its subscriptions; returns whether the session existed.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn session_delete(&self, client_id: &str) -> Result<bool> {
        let group = self.data_group(client_id);
        let command = Command::DeletePrefix {
            prefix: format!("sub/{client_id}/"),
        };
        self.apply(&group, command).await?;
        let command = Command::Delete {
            key: format!("session/{client_id}"),
        };
        Ok(existed(self.apply(&group, command).await?))
    }

    /// Stores a subscription of a client to `filter`.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn subscription_put(
        &self,
        client_id: &str,
        filter: &str,
        options: Vec<u8>,
    ) -> Result<()> {
        let command = Command::Set {
            key: format!("sub/{client_id}/{filter}"),
            value: options,
        };
        self.apply(&self.data_group(client_id), command)
            .await
            .map(|_| ())
    }

    /// Deletes a subscription; returns whether it existed.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn subscription_delete(&self, client_id: &str, filter: &str) -> Result<bool> {
        let command = Command::Delete {
            key: format!("sub/{client_id}/{filter}"),
        };
        Ok(existed(
            self.apply(&self.data_group(client_id), command).await?,
        ))
    }

    /// Subscriptions as `(client_id, filter, options)`, of every client whose id starts with
    /// `client_prefix`, across all `data` groups.
    ///
    /// # Errors
    /// As [`MetaStore::scan`].
    async fn subscription_list(
        &self,
        client_prefix: &str,
    ) -> Result<Vec<(String, String, Vec<u8>)>> {
        let mut out = Vec::new();
        for (key, value) in self.scan_data_groups("sub/").await? {
            let Some((client, filter)) = key["sub/".len()..].split_once('/') else {
                continue;
            };
            if client.starts_with(client_prefix) {
                out.push((client.to_owned(), filter.to_owned(), value));
            }
        }
        out.sort();
        Ok(out)
    }

    /// Stores the pending will of a client whose connection ended, so a broker that restarts
    /// before the will is due still publishes it. The value is the broker's encoding.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn will_put(&self, client_id: &str, will: Vec<u8>) -> Result<()> {
        let command = Command::Set {
            key: format!("will/{client_id}"),
            value: will,
        };
        self.apply(&self.data_group(client_id), command)
            .await
            .map(|_| ())
    }

    /// Deletes the pending will of a client; returns whether one existed.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn will_delete(&self, client_id: &str) -> Result<bool> {
        let command = Command::Delete {
            key: format!("will/{client_id}"),
        };
        Ok(existed(
            self.apply(&self.data_group(client_id), command).await?,
        ))
    }

    /// Every key under `prefix` in all `data` groups, from the answering node's copies.
    ///
    /// # Errors
    /// As [`MetaStore::scan`].
    async fn scan_data_groups(&self, prefix: &str) -> Result<Vec<(String, Vec<u8>)>> {
        let mut out = Vec::new();
        for i in 0..self.group_counts().1 {
            out.extend(self.scan(&format!("data-{i}"), prefix, false).await?);
        }
        Ok(out)
    }

    /// Sets the retained message of `topic`; an empty `message` clears it, as an empty retained
    /// PUBLISH does [MQTT-3.3.1-6].
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn retained_put(&self, topic_name: &str, message: Vec<u8>) -> Result<()> {
        let key = format!("retained/{topic_name}");
        let command = if message.is_empty() {
            Command::Delete { key }
        } else {
            Command::Set {
                key,
                value: message,
            }
        };
        self.apply(&self.data_group(topic_name), command)
            .await
            .map(|_| ())
    }

    /// The retained message of `topic`, from the answering node's copy: a retained message is
    /// delivered on subscribe, where a just-replaced value is as acceptable as on any broker, and
    /// the read stays off the leader.
    ///
    /// # Errors
    /// As [`MetaStore::get`].
    async fn retained_get(&self, topic_name: &str) -> Result<Option<Vec<u8>>> {
        self.get(
            &self.data_group(topic_name),
            &format!("retained/{topic_name}"),
            false,
        )
        .await
    }

    /// Every retained message whose topic matches `filter`, as `(topic, message)`, in topic
    /// order.
    ///
    /// # Errors
    /// As [`MetaStore::scan`].
    async fn retained_match(&self, filter: &str) -> Result<Vec<(String, Vec<u8>)>> {
        let mut out: Vec<(String, Vec<u8>)> = self
            .scan_data_groups("retained/")
            .await?
            .into_iter()
            .filter_map(|(key, value)| {
                let name = &key["retained/".len()..];
                topic::matches(filter, name).then(|| (name.to_owned(), value))
            })
            .collect();
        out.sort();
        Ok(out)
    }

    /// Commits a consumer group's offset for a partition.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn offset_commit(
        &self,
        group: &str,
        topic_name: &str,
        partition: u32,
        offset: u64,
    ) -> Result<()> {
        let command = Command::Set {
            key: format!("offset/{group}/{topic_name}/{partition}"),
            value: offset.to_le_bytes().to_vec(),
        };
        self.apply(&self.offset_group(group), command)
            .await
            .map(|_| ())
    }

    /// A consumer group's committed offset for a partition.
    ///
    /// # Errors
    /// As [`MetaStore::get`], or [`MetaError::Codec`] for a value that is not 8 bytes.
    async fn offset_fetch(
        &self,
        group: &str,
        topic_name: &str,
        partition: u32,
    ) -> Result<Option<u64>> {
        let key = format!("offset/{group}/{topic_name}/{partition}");
        let found = self.get(&self.offset_group(group), &key, true).await?;
        found
            .map(|v| {
                <[u8; 8]>::try_from(v.as_slice())
                    .map(u64::from_le_bytes)
                    .map_err(|_| codec(format!("offset value of {} bytes", v.len())))
            })
            .transpose()
    }
}

impl<T: MetaStore + ?Sized> MetaClient for T {}

#[async_trait]
impl MetaStore for MetaNode {
    async fn watch(&self, prefixes: Vec<String>) -> Result<WatchStream> {
        Ok(MetaNode::watch(self, prefixes))
    }

    async fn apply(&self, group: &str, command: Command) -> Result<CommandResult> {
        Ok(self.write(group, command).await?.0)
    }

    async fn get(&self, group: &str, key: &str, linearizable: bool) -> Result<Option<Vec<u8>>> {
        let found = self.read(group, key, false, linearizable, 1).await?;
        Ok(found.into_iter().next().map(|(_, v)| v))
    }

    async fn scan(
        &self,
        group: &str,
        prefix: &str,
        linearizable: bool,
    ) -> Result<Vec<(String, Vec<u8>)>> {
        self.read(group, prefix, true, linearizable, usize::MAX)
            .await
    }

    fn group_counts(&self) -> (u32, u32) {
        MetaNode::group_counts(self)
    }
}

/// A meta node reached over gRPC. Any node will do: followers forward to the leader. Cloning is
/// shallow.
#[derive(Clone)]
pub struct RemoteMeta {
    client: MetaServiceClient<Channel>,
    counts: (u32, u32),
}

impl RemoteMeta {
    /// Connects to the meta service at `endpoint` (`http://host:port`) and learns its groups.
    ///
    /// # Errors
    /// [`MetaError::Unreachable`], or the node's error if it runs no meta role.
    pub async fn connect(endpoint: String) -> Result<Self> {
        let channel = tonic::transport::Endpoint::from_shared(endpoint)
            .map_err(|e| MetaError::Unreachable(e.to_string()))?
            .connect()
            .await
            .map_err(|e| MetaError::Unreachable(e.to_string()))?;
        let mut client = MetaServiceClient::new(channel)
            .max_decoding_message_size(MAX_RAFT_MESSAGE)
            .max_encoding_message_size(MAX_RAFT_MESSAGE);
        let status = client
            .raft_status(RaftStatusRequest {})
            .await
            .map_err(|s| from_status(METADATA_GROUP, &s))?
            .into_inner();
        let count = |prefix: &str| {
            u32::try_from(
                status
                    .groups
                    .iter()
                    .filter(|g| g.group.starts_with(prefix))
                    .count(),
            )
            .unwrap_or(u32::MAX)
        };
        Ok(Self {
            counts: (count("offset-"), count("data-")),
            client,
        })
    }

    /// The raw gRPC client, for calls this API does not cover (such as `RaftStatus`).
    pub fn grpc(&self) -> MetaServiceClient<Channel> {
        self.client.clone()
    }

    async fn read(
        &self,
        group: &str,
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
                group: group.to_owned(),
                target: Some(target),
                consistency: consistency.into(),
                forwarded: false,
                limit: 0,
            })
            .await
            .map_err(|s| from_status(group, &s))?
            .into_inner();
        Ok(reply
            .entries
            .into_iter()
            .map(|kv| (kv.key, kv.value.to_vec()))
            .collect())
    }
}

#[async_trait]
impl MetaStore for RemoteMeta {
    async fn watch(&self, prefixes: Vec<String>) -> Result<WatchStream> {
        use tokio_stream::StreamExt as _;
        let replies = self
            .grpc()
            .watch(robustmq_proto::meta::WatchRequest { prefixes })
            .await
            .map_err(|s| from_status("", &s))?
            .into_inner();
        // An error ends the stream: the watcher reloads and watches again.
        let events = replies.take_while(Result::is_ok).filter_map(|reply| {
            reply
                .ok()
                .and_then(|r| bincode::deserialize::<WatchEvent>(&r.event).ok())
        });
        Ok(Box::pin(events))
    }

    async fn apply(&self, group: &str, command: Command) -> Result<CommandResult> {
        let command = bincode::serialize(&command).map_err(codec)?;
        let reply = self
            .grpc()
            .write(WriteRequest {
                group: group.to_owned(),
                command: command.into(),
                forwarded: false,
            })
            .await
            .map_err(|s| from_status(group, &s))?
            .into_inner();
        bincode::deserialize(&reply.result).map_err(codec)
    }

    async fn get(&self, group: &str, key: &str, linearizable: bool) -> Result<Option<Vec<u8>>> {
        let found = self
            .read(
                group,
                read_request::Target::Key(key.to_owned()),
                linearizable,
            )
            .await?;
        Ok(found.into_iter().next().map(|(_, v)| v))
    }

    async fn scan(
        &self,
        group: &str,
        prefix: &str,
        linearizable: bool,
    ) -> Result<Vec<(String, Vec<u8>)>> {
        self.read(
            group,
            read_request::Target::Prefix(prefix.to_owned()),
            linearizable,
        )
        .await
    }

    fn group_counts(&self) -> (u32, u32) {
        self.counts
    }
}

/// A [`MetaStore`] for nodes without the meta role: it connects to the first reachable meta peer
/// on first use, and again after that peer becomes unreachable.
pub struct PeerMeta {
    endpoints: Vec<String>,
    current: tokio::sync::Mutex<Option<RemoteMeta>>,
}

impl PeerMeta {
    /// A store over the meta nodes at `endpoints` (`http://host:port`).
    pub fn new(endpoints: Vec<String>) -> Self {
        Self {
            endpoints,
            current: tokio::sync::Mutex::new(None),
        }
    }

    async fn connected(&self) -> Result<RemoteMeta> {
        let mut current = self.current.lock().await;
        if let Some(meta) = current.as_ref() {
            return Ok(meta.clone());
        }
        let mut last = MetaError::Unreachable("no meta peers are configured".to_owned());
        for endpoint in &self.endpoints {
            match RemoteMeta::connect(endpoint.clone()).await {
                Ok(meta) => {
                    *current = Some(meta.clone());
                    return Ok(meta);
                }
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    async fn forget_on<T>(&self, result: Result<T>) -> Result<T> {
        if let Err(MetaError::Unreachable(_)) = &result {
            *self.current.lock().await = None;
        }
        result
    }
}

#[async_trait]
impl MetaStore for PeerMeta {
    async fn watch(&self, prefixes: Vec<String>) -> Result<WatchStream> {
        let meta = self.connected().await?;
        self.forget_on(meta.watch(prefixes).await).await
    }

    async fn apply(&self, group: &str, command: Command) -> Result<CommandResult> {
        let meta = self.connected().await?;
        self.forget_on(meta.apply(group, command).await).await
    }

    async fn get(&self, group: &str, key: &str, linearizable: bool) -> Result<Option<Vec<u8>>> {
        let meta = self.connected().await?;
        self.forget_on(meta.get(group, key, linearizable).await)
            .await
    }

    async fn scan(
        &self,
        group: &str,
        prefix: &str,
        linearizable: bool,
    ) -> Result<Vec<(String, Vec<u8>)>> {
        let meta = self.connected().await?;
        self.forget_on(meta.scan(group, prefix, linearizable).await)
            .await
    }

    fn group_counts(&self) -> (u32, u32) {
        self.current
            .try_lock()
            .ok()
            .and_then(|c| c.as_ref().map(RemoteMeta::group_counts))
            .unwrap_or((1, 1))
    }
}

/// An in-memory [`MetaStore`] with the same groups and semantics as a meta node, for tests of
/// the roles that use meta (the broker's tests run against it). Cloning is shallow.
#[derive(Clone)]
pub struct MemoryMeta {
    groups: Arc<Mutex<BTreeMap<String, GroupState>>>,
    counts: (u32, u32),
    events: tokio::sync::broadcast::Sender<WatchEvent>,
}

/// One fake group's key-value state.
type GroupState = BTreeMap<String, Vec<u8>>;

impl Default for MemoryMeta {
    /// One `offset` and one `data` group, as a default node config has.
    fn default() -> Self {
        Self::new(1, 1)
    }
}

impl MemoryMeta {
    /// A fake with `offset_groups` and `data_groups` shards.
    pub fn new(offset_groups: u32, data_groups: u32) -> Self {
        Self {
            groups: Arc::default(),
            counts: (offset_groups.max(1), data_groups.max(1)),
            events: crate::watch::channel(),
        }
    }

    fn check_group(&self, group: &str) -> Result<()> {
        let known = crate::types::group_names(self.counts.0, self.counts.1);
        if known.iter().any(|g| g == group) {
            Ok(())
        } else {
            Err(MetaError::UnknownGroup(group.to_owned()))
        }
    }
}

/// Applies a command to one fake group, as the state machine does.
fn apply_to(map: &mut GroupState, command: Command) -> CommandResult {
    match command {
        Command::Set { key, value } => {
            map.insert(key, value);
            CommandResult::Ok
        }
        Command::SetMany(pairs) => {
            map.extend(pairs);
            CommandResult::Ok
        }
        Command::Delete { key } => CommandResult::Deleted {
            existed: map.remove(&key).is_some(),
        },
        Command::DeletePrefix { prefix } => {
            map.retain(|k, _| !k.starts_with(&prefix));
            CommandResult::Ok
        }
        Command::Batch(commands) => {
            CommandResult::Batch(commands.into_iter().map(|c| apply_to(map, c)).collect())
        }
    }
}

#[async_trait]
impl MetaStore for MemoryMeta {
    async fn apply(&self, group: &str, command: Command) -> Result<CommandResult> {
        self.check_group(group)?;
        let mut events = Vec::new();
        crate::watch::events_of(group, &command, &mut events);
        let result = {
            let mut groups = self.groups.lock();
            apply_to(groups.entry(group.to_owned()).or_default(), command)
        };
        for event in events {
            let _ = self.events.send(event);
        }
        Ok(result)
    }

    async fn watch(&self, prefixes: Vec<String>) -> Result<WatchStream> {
        Ok(crate::watch::subscribe(&self.events, prefixes))
    }

    async fn get(&self, group: &str, key: &str, _linearizable: bool) -> Result<Option<Vec<u8>>> {
        self.check_group(group)?;
        Ok(self
            .groups
            .lock()
            .get(group)
            .and_then(|m| m.get(key).cloned()))
    }

    async fn scan(
        &self,
        group: &str,
        prefix: &str,
        _linearizable: bool,
    ) -> Result<Vec<(String, Vec<u8>)>> {
        self.check_group(group)?;
        Ok(self
            .groups
            .lock()
            .get(group)
            .map(|m| {
                m.range(prefix.to_owned()..)
                    .take_while(|(k, _)| k.starts_with(prefix))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            })
            .unwrap_or_default())
    }

    fn group_counts(&self) -> (u32, u32) {
        self.counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topic(name: &str) -> TopicMeta {
        TopicMeta {
            name: name.to_owned(),
            partitions: 1,
            storage: "EngineSegment".to_owned(),
            retention_ms: None,
            created_ms: 0,
        }
    }

    #[tokio::test]
    async fn memory_meta_announces_changes_like_a_node() {
        use tokio_stream::StreamExt as _;
        let meta = MemoryMeta::new(1, 1);
        let mut watch = meta.watch(vec!["topic/".to_owned()]).await.expect("watch");
        meta.kv_set("x", vec![]).await.expect("set");
        meta.topic_put(&topic("t")).await.expect("put");
        match watch.next().await {
            Some(WatchEvent::Put { key, .. }) => assert_eq!(key, "topic/t"),
            other => panic!("expected the topic put, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn topics_round_trip() {
        let meta = MemoryMeta::new(1, 1);
        meta.topic_put(&topic("b")).await.expect("put");
        meta.topic_put(&topic("a")).await.expect("put");
        assert_eq!(meta.topic_get("a").await.expect("get"), Some(topic("a")));
        let names: Vec<String> = meta
            .topic_list()
            .await
            .expect("list")
            .into_iter()
            .map(|t| t.name)
            .collect();
        assert_eq!(names, ["a", "b"]);
        assert!(meta.topic_delete("a").await.expect("delete"));
        assert!(!meta.topic_delete("a").await.expect("delete again"));
    }

    #[tokio::test]
    async fn deleting_a_session_removes_its_subscriptions() {
        let meta = MemoryMeta::new(1, 4);
        meta.session_put("c1", b"s".to_vec()).await.expect("put");
        meta.subscription_put("c1", "a/+", b"q1".to_vec())
            .await
            .expect("sub");
        meta.subscription_put("c1", "b/#", b"q0".to_vec())
            .await
            .expect("sub");
        meta.subscription_put("c2", "a/+", b"q2".to_vec())
            .await
            .expect("sub");
        assert_eq!(meta.subscription_list("c").await.expect("list").len(), 3);
        assert!(meta.session_delete("c1").await.expect("delete"));
        let left = meta.subscription_list("").await.expect("list");
        assert_eq!(
            left,
            vec![("c2".to_owned(), "a/+".to_owned(), b"q2".to_vec())]
        );
        assert_eq!(meta.session_get("c1").await.expect("get"), None);
    }

    #[tokio::test]
    async fn retained_messages_match_filters_and_clear_on_empty_payload_mqtt_3_3_1_6() {
        let meta = MemoryMeta::new(1, 4);
        for t in ["a/b", "a/c", "a/b/c", "$SYS/x"] {
            meta.retained_put(t, t.as_bytes().to_vec())
                .await
                .expect("put");
        }
        let topics = |v: Vec<(String, Vec<u8>)>| v.into_iter().map(|(t, _)| t).collect::<Vec<_>>();
        assert_eq!(
            topics(meta.retained_match("a/+").await.expect("match")),
            ["a/b", "a/c"]
        );
        assert_eq!(
            topics(meta.retained_match("#").await.expect("match")),
            ["a/b", "a/b/c", "a/c"]
        );
        meta.retained_put("a/b", Vec::new()).await.expect("clear");
        assert_eq!(meta.retained_get("a/b").await.expect("get"), None);
        assert_eq!(
            topics(meta.retained_match("a/#").await.expect("match")),
            ["a/b/c", "a/c"]
        );
    }

    #[tokio::test]
    async fn offsets_and_kv_round_trip() {
        let meta = MemoryMeta::new(3, 1);
        meta.offset_commit("g", "t", 2, 42).await.expect("commit");
        assert_eq!(
            meta.offset_fetch("g", "t", 2).await.expect("fetch"),
            Some(42)
        );
        assert_eq!(meta.offset_fetch("g", "t", 3).await.expect("fetch"), None);
        meta.kv_set("x/1", b"1".to_vec()).await.expect("set");
        meta.kv_set_many(vec![("x/2".to_owned(), b"2".to_vec())])
            .await
            .expect("set many");
        let keys: Vec<String> = meta
            .kv_prefix("x/", false)
            .await
            .expect("prefix")
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(keys, ["x/1", "x/2"]);
        assert!(meta.kv_delete("x/1").await.expect("delete"));
    }

    #[test]
    fn keys_route_to_stable_groups() {
        let meta = MemoryMeta::new(4, 8);
        assert_eq!(meta.data_group("client-1"), meta.data_group("client-1"));
        assert!(meta.data_group("client-1").starts_with("data-"));
        let spread: std::collections::BTreeSet<String> = (0..100)
            .map(|i| meta.data_group(&format!("c{i}")))
            .collect();
        assert!(spread.len() > 4, "keys spread over the groups: {spread:?}");
        // FNV-1a of "a" is fixed by the algorithm; every node must compute the same group.
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
