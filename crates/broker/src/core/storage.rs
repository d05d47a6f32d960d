//! The storage adapter: which shard holds an MQTT topic, and the append and read of messages.
//!
//! Mapping (see ARCHITECTURE.md): a topic created through meta (`robustmqctl topic create`)
//! gets its own shard, named `{topic}#0`, with the storage type it was created with. Every
//! other topic goes to one of `mqtt.auto_topic_shards` shared shards of this node,
//! `$auto-{node}-{k}` with `k = FNV-1a(topic) mod count`, so a fleet with millions of topic names
//! costs a handful of shards. Records carry the topic name as their key, so a reader of a shared
//! shard filters by it.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use bytes::{Bytes, BytesMut};
use parking_lot::{Mutex, RwLock};
use robustmq_engine::{
    Batch, EngineError, Header, Record, Shard, ShardConfig, ShardStore, StorageType,
};
use robustmq_meta_client::{MetaClient, MetaStore};
use robustmq_mqtt_codec::Properties;
use tracing::warn;

use crate::Result;
use crate::message::{Message, unix_ms};
use crate::settings::Settings;

/// Header holding the PUBLISH QoS as one byte.
pub const HEADER_QOS: &str = "mqtt.qos";
/// Header holding the MQTT 5.0 properties block, when there are properties.
pub const HEADER_PROPERTIES: &str = "mqtt.properties";

/// The values of [`HEADER_QOS`], to slice from without allocating.
static QOS_VALUES: [u8; 3] = [0, 1, 2];

/// Records read per step of a replay.
const REPLAY_CHUNK: u64 = 1024;
/// Bytes read per step of a replay.
const REPLAY_CHUNK_BYTES: u64 = 4 << 20;

/// The message a record written by [`StorageAdapter::append`] holds; `None` for a record
/// another writer (a Kafka producer) put there without a topic key.
pub fn record_message(record: &Record) -> Option<Message> {
    let topic = std::str::from_utf8(record.key.as_deref()?).ok()?.to_owned();
    let qos = record
        .headers
        .iter()
        .find(|h| h.key == HEADER_QOS)
        .and_then(|h| h.value.first().copied())
        .and_then(robustmq_mqtt_codec::QoS::from_u8)
        .unwrap_or_default();
    let mut properties = StorageAdapter::record_properties(record);
    let expiry = crate::message::take_hop_properties(&mut properties);
    let age_ms = u64::try_from(unix_ms() - record.timestamp).unwrap_or(0);
    Some(Message {
        topic,
        payload: record.value.clone(),
        qos,
        retain: false,
        properties,
        publisher: None,
        received: std::time::Instant::now()
            .checked_sub(std::time::Duration::from_millis(age_ms))
            .unwrap_or_else(std::time::Instant::now),
        expiry,
        stored: None,
    })
}

/// The one-record batch that stores `message`: the topic as the key, the QoS and the 5.0
/// properties (with the expiry interval as published) as headers.
fn message_batch(message: &Message) -> Batch {
    let qos = message.qos as usize;
    let mut headers = vec![Header {
        key: Cow::Borrowed(HEADER_QOS),
        value: Bytes::from_static(&QOS_VALUES[qos..=qos]),
    }];
    if message.expiry.is_some() || !message.properties.is_empty() {
        let mut properties = message.properties.clone();
        properties.message_expiry_interval = message.expiry;
        let mut buf = BytesMut::new();
        if !properties.is_empty() && properties.write(&mut buf).is_ok() {
            headers.push(Header {
                key: Cow::Borrowed(HEADER_PROPERTIES),
                value: buf.freeze(),
            });
        }
    }
    Batch::Records(vec![Record {
        key: Some(Bytes::copy_from_slice(message.topic.as_bytes())),
        headers,
        timestamp: unix_ms(),
        value: message.payload.clone(),
    }])
}

/// Maps topics onto shards and appends messages to them.
pub struct StorageAdapter {
    store: Arc<dyn ShardStore>,
    auto_shards: u32,
    default_type: StorageType,
    /// The names of this node's auto shards, by index, made once so that an append names its
    /// shard without allocating.
    auto_names: Vec<Arc<str>>,
    config: ShardConfig,
    shards: Mutex<HashMap<Arc<str>, Arc<dyn Shard>>>,
    /// Topics with their own shard: the shard's name and storage type, as last read from meta.
    own_topics: RwLock<HashMap<String, (Arc<str>, StorageType)>>,
    /// Per shard: publishes hold it shared from before their append until they have routed the
    /// message; [`StorageAdapter::cursors`] takes it exclusively to read the shard's end.
    fences: Mutex<HashMap<String, Arc<tokio::sync::RwLock<()>>>>,
}

/// A message appended to its shard. Until it is dropped, [`StorageAdapter::cursors`] cannot
/// read that shard's end: the caller drops it once the message is routed, so no session can
/// record a cursor past a message it has not yet been given.
pub struct Appended {
    /// The shard.
    pub shard: Arc<str>,
    /// The message's offset in it.
    pub offset: u64,
    _fence: tokio::sync::OwnedRwLockReadGuard<()>,
}

/// The name of the shard of a topic that has its own.
fn own_shard_name(topic: &str) -> Arc<str> {
    Arc::from(format!("{topic}#0"))
}

fn fnv1a(key: &str) -> u64 {
    key.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The storage type named as the config and `robustmqctl topic create --storage` spell it.
pub fn parse_storage(name: &str) -> Option<StorageType> {
    match name {
        "EngineMemory" => Some(StorageType::EngineMemory),
        "EngineRocksDB" => Some(StorageType::EngineRocksDB),
        "EngineSegment" => Some(StorageType::EngineSegment),
        _ => None,
    }
}

impl StorageAdapter {
    /// An adapter over `store` (the local engine or a remote one).
    pub fn new(store: Arc<dyn ShardStore>, settings: &Settings) -> StorageAdapter {
        let auto_shards = settings.auto_topic_shards.max(1);
        StorageAdapter {
            store,
            auto_shards,
            default_type: settings.default_storage,
            auto_names: (0..auto_shards)
                .map(|k| Arc::from(format!("$auto-{}-{k}", settings.node_id)))
                .collect(),
            config: ShardConfig {
                fsync: settings.fsync,
                ..ShardConfig::default()
            },
            shards: Mutex::new(HashMap::new()),
            own_topics: RwLock::new(HashMap::new()),
            fences: Mutex::new(HashMap::new()),
        }
    }

    /// Re-reads from meta which topics have their own shard.
    ///
    /// # Errors
    /// [`crate::BrokerError::Meta`] when the topic list cannot be read.
    pub async fn refresh_topics(&self, meta: &dyn MetaStore) -> Result<()> {
        let topics = meta.topic_list().await?;
        let mut own = HashMap::with_capacity(topics.len());
        for t in topics {
            match parse_storage(&t.storage) {
                Some(storage) => {
                    let shard = own_shard_name(&t.name);
                    own.insert(t.name, (shard, storage));
                }
                None => {
                    warn!(topic = %t.name, storage = %t.storage, "topic has an unknown storage type; using the auto shards")
                }
            }
        }
        *self.own_topics.write() = own;
        Ok(())
    }

    /// Records that `topic` has its own shard of storage type `storage` (as meta just said).
    pub fn set_own_topic(&self, topic: &str, storage: &str) {
        match parse_storage(storage) {
            Some(storage) => {
                self.own_topics
                    .write()
                    .insert(topic.to_owned(), (own_shard_name(topic), storage));
            }
            None => {
                warn!(
                    topic,
                    storage, "topic has an unknown storage type; using the auto shards"
                );
            }
        }
    }

    /// Records that `topic` no longer has its own shard.
    pub fn remove_own_topic(&self, topic: &str) {
        self.own_topics.write().remove(topic);
    }

    /// The shard that holds `topic`, and its storage type.
    pub fn shard_for(&self, topic: &str) -> (Arc<str>, StorageType) {
        if let Some((name, storage)) = self.own_topics.read().get(topic) {
            return (Arc::clone(name), *storage);
        }
        let k = fnv1a(topic) % u64::from(self.auto_shards);
        (Arc::clone(&self.auto_names[k as usize]), self.default_type)
    }

    async fn shard(&self, name: &Arc<str>, storage: StorageType) -> Result<Arc<dyn Shard>> {
        let cached = self.shards.lock().get(name).cloned();
        if let Some(shard) = cached {
            return Ok(shard);
        }
        let shard = match self.store.shard(name).await {
            Ok(shard) => shard,
            Err(EngineError::ShardNotFound(_)) => {
                match self
                    .store
                    .create_shard(name, storage, self.config.clone())
                    .await
                {
                    Ok(_) | Err(EngineError::ShardExists(_)) => self.store.shard(name).await?,
                    Err(e) => return Err(e.into()),
                }
            }
            Err(e) => return Err(e.into()),
        };
        self.shards
            .lock()
            .insert(Arc::clone(name), Arc::clone(&shard));
        Ok(shard)
    }

    /// Appends `message` to its topic's shard and returns the shard and offset. Returns only once
    /// the append is as durable as the shard's fsync policy promises, so a QoS 1/2 acknowledgement
    /// sent afterwards keeps that promise.
    ///
    /// # Errors
    /// [`crate::BrokerError::Storage`] when the shard cannot be opened, created or appended to.
    pub async fn append(&self, message: &Message) -> Result<Appended> {
        let (name, storage) = self.shard_for(&message.topic);
        let shard = self.shard(&name, storage).await?;
        let fence = self.fence(&name).read_owned().await;
        let (offset, _) = shard.append(message_batch(message)).await?;
        Ok(Appended {
            shard: name,
            offset,
            _fence: fence,
        })
    }

    /// [`StorageAdapter::append`] without waiting, when it can finish at once: the shard is
    /// open, no cursor read holds its fence, and its backend appends without I/O (memory).
    /// `None` when it cannot; nothing was appended, and the caller awaits `append`.
    ///
    /// # Errors
    /// The inner result carries [`StorageAdapter::append`]'s errors.
    pub fn try_append_now(&self, message: &Message) -> Option<Result<Appended>> {
        let (name, _) = self.shard_for(&message.topic);
        let shard = self.shards.lock().get(&*name).cloned()?;
        let fence = self.fence(&name).try_read_owned().ok()?;
        match shard.try_append_now(message_batch(message)) {
            Ok(result) => Some(result.map_err(Into::into).map(|(offset, _)| Appended {
                shard: name,
                offset,
                _fence: fence,
            })),
            Err(_) => None,
        }
    }

    fn fence(&self, shard: &str) -> Arc<tokio::sync::RwLock<()>> {
        let mut fences = self.fences.lock();
        if let Some(fence) = fences.get(shard) {
            return Arc::clone(fence);
        }
        Arc::clone(fences.entry(shard.to_owned()).or_default())
    }

    /// The next offset of every shard that can hold a topic `filters` match: this node's auto
    /// shards and the own shards of matching topics. A session records these as "read up to"
    /// when it stops receiving, and replays from them after a restart.
    ///
    /// # Errors
    /// [`crate::BrokerError::Storage`] when a shard cannot be opened or asked.
    pub async fn cursors(&self, filters: &[String]) -> Result<HashMap<String, u64>> {
        let mut names: Vec<(Arc<str>, StorageType)> = self
            .auto_names
            .iter()
            .map(|name| (Arc::clone(name), self.default_type))
            .collect();
        names.extend(
            self.own_topics
                .read()
                .iter()
                .filter(|(name, _)| {
                    filters
                        .iter()
                        .any(|f| robustmq_common::topic::matches(f, name))
                })
                .map(|(_, (shard, storage))| (Arc::clone(shard), *storage)),
        );
        let mut out = HashMap::with_capacity(names.len());
        for (name, storage) in names {
            let shard = self.shard(&name, storage).await?;
            // Read with no append to this shard between its completion and its routing, so
            // everything below the offset read has reached the sessions it matches.
            let fence = self.fence(&name);
            let _quiet = fence.write().await;
            out.insert(name.to_string(), shard.latest().await?);
        }
        Ok(out)
    }

    /// The next offset of shard `name`.
    ///
    /// # Errors
    /// [`crate::BrokerError::Storage`] when the shard does not exist or cannot be asked.
    pub async fn shard_latest(&self, name: &str) -> Result<u64> {
        let cached = self.shards.lock().get(name).cloned();
        let shard = match cached {
            Some(shard) => shard,
            None => self.store.shard(name).await?,
        };
        Ok(shard.latest().await?)
    }

    /// Messages of shard `name` from offset `from` up to (not including) `until` whose topic
    /// `wanted` accepts, oldest first, at most `limit` of them. Offsets already removed by
    /// retention are skipped.
    ///
    /// # Errors
    /// [`crate::BrokerError::Storage`] when the shard cannot be read.
    pub async fn replay(
        &self,
        name: &str,
        from: u64,
        until: u64,
        limit: usize,
        wanted: impl Fn(&str) -> bool,
    ) -> Result<Vec<(u64, Message)>> {
        let cached = self.shards.lock().get(name).cloned();
        let shard = match cached {
            Some(shard) => shard,
            None => self.store.shard(name).await?,
        };
        let mut next = from.max(shard.earliest().await?);
        let mut out = Vec::new();
        while next < until && out.len() < limit {
            let batches = shard.read(next, REPLAY_CHUNK, REPLAY_CHUNK_BYTES).await?;
            if batches.is_empty() {
                break;
            }
            for batch in batches {
                let base = batch.base_offset;
                next = batch.last_offset() + 1;
                let Batch::Records(records) = batch.batch else {
                    continue;
                };
                for (i, record) in records.into_iter().enumerate() {
                    let offset = base + i as u64;
                    if offset >= until || out.len() >= limit {
                        break;
                    }
                    if let Some(message) = record_message(&record)
                        && wanted(&message.topic)
                    {
                        out.push((offset, message));
                    }
                }
            }
        }
        Ok(out)
    }

    /// Properties stored with a record by [`StorageAdapter::append`].
    pub fn record_properties(record: &Record) -> Properties {
        record
            .headers
            .iter()
            .find(|h| h.key == HEADER_PROPERTIES)
            .and_then(|h| {
                let mut bytes = h.value.clone();
                Properties::read(&mut bytes, robustmq_mqtt_codec::PropertyContext::Publish).ok()
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use robustmq_engine::{EngineMetrics, ShardRegistry};
    use robustmq_meta_client::{MemoryMeta, TopicMeta};
    use robustmq_mqtt_codec::Publish;

    fn adapter(dir: &std::path::Path) -> (StorageAdapter, Arc<ShardRegistry>) {
        let metrics = EngineMetrics::new(&prometheus::Registry::new()).expect("metrics");
        let registry = Arc::new(ShardRegistry::open(dir, metrics, 1).expect("registry"));
        let settings = Settings {
            auto_topic_shards: 4,
            ..Settings::default()
        };
        (
            StorageAdapter::new(Arc::clone(&registry) as Arc<dyn ShardStore>, &settings),
            registry,
        )
    }

    fn message(topic: &str) -> Message {
        Message::from_publish(
            Publish {
                topic: topic.into(),
                payload: Bytes::from_static(b"v"),
                ..Publish::default()
            },
            None,
        )
    }

    #[tokio::test]
    async fn a_hundred_thousand_topics_share_the_auto_shards() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (adapter, registry) = adapter(dir.path());
        for i in 0..100_000 {
            adapter
                .append(&message(&format!("fleet/device-{i}/telemetry")))
                .await
                .expect("append");
        }
        let shards = registry.list_shards().await.expect("list");
        assert_eq!(
            shards.len(),
            4,
            "{:?}",
            shards.iter().map(|s| &s.name).collect::<Vec<_>>()
        );
        let total: u64 = shards.iter().map(|s| s.status.latest).sum();
        assert_eq!(total, 100_000);
    }

    #[tokio::test]
    async fn a_topic_created_in_meta_gets_its_own_shard_and_type() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (adapter, registry) = adapter(dir.path());
        let meta = MemoryMeta::new(1, 1);
        let topic = TopicMeta {
            name: "sensors".into(),
            partitions: 1,
            storage: "EngineRocksDB".into(),
            retention_ms: None,
            created_ms: 0,
        };
        meta.topic_put(&topic).await.expect("put");
        adapter.refresh_topics(&meta).await.expect("refresh");
        let mut m = message("sensors");
        m.properties.content_type = Some("text/plain".into());
        let appended = adapter.append(&m).await.expect("append");
        let (name, offset) = (appended.shard.clone(), appended.offset);
        drop(appended);
        assert_eq!((&*name, offset), ("sensors#0", 0));
        let shard = registry.shard("sensors#0").await.expect("shard");
        assert_eq!(shard.storage_type(), StorageType::EngineRocksDB);
        let batches = shard.read(0, 10, 1 << 20).await.expect("read");
        let Batch::Records(records) = &batches[0].batch else {
            panic!("records")
        };
        assert_eq!(records[0].key.as_deref(), Some(&b"sensors"[..]));
        assert_eq!(
            StorageAdapter::record_properties(&records[0])
                .content_type
                .as_deref(),
            Some("text/plain")
        );
    }
}
