//! The storage adapter: topics with partitions, each partition one shard, and where a message
//! of any protocol is stored.
//!
//! A topic recorded in meta (`topic/<name>`, created by `robustmqctl topic create`, or by a
//! protocol) has `partitions` shards named `<name>#<p>`, of the storage type it was created
//! with. The placement rule (ARCHITECTURE.md, "Topics and shards", has a worked example) depends
//! only on the topic name and what meta records, never on the node that received the message:
//!
//! - a message to a topic that has a record goes to that topic. An MQTT message has no key and
//!   goes to partition 0, so that one MQTT topic's messages stay in order; a protocol with keys
//!   (Kafka) names its partition itself;
//! - a message to any other topic goes to the topic [`DEFAULT_TOPIC`] (`$mqtt`), partition
//!   `FNV-1a(topic name) mod partitions`, with the topic name as the record's key. `$mqtt` is
//!   created in meta by the first broker that needs it, with `mqtt.auto_topic_shards`
//!   partitions and `storage.default_type`; from then on every node reads its partition count
//!   from that record. So millions of topic names cost a fixed number of shards, one topic name
//!   always lands in the same shard, and a topic created later takes its messages from then on.
//!
//! Topic names starting with `$` are not stored (`$SYS`), and no created topic may start with
//! `$`, so `$mqtt` cannot collide with one.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use parking_lot::{Mutex, RwLock};
use robustmq_engine::{Batch, EngineError, ReadBatch, Shard, ShardConfig, ShardStore, StorageType};
use robustmq_meta_client::{MetaClient, MetaStore, TopicMeta};
use tracing::{info, warn};

use crate::core::error::Result;
use crate::core::message::{Message, unix_ms};
use crate::core::settings::Settings;

/// The topic that stores every topic without a record of its own (see the module docs).
pub const DEFAULT_TOPIC: &str = "$mqtt";

/// Records read per step of a replay.
const REPLAY_CHUNK: u64 = 1024;
/// Bytes read per step of a replay.
const REPLAY_CHUNK_BYTES: u64 = 4 << 20;

/// The shard name of partition `partition` of `topic`.
pub fn shard_name(topic: &str, partition: u32) -> String {
    format!("{topic}#{partition}")
}

/// The topic a shard name belongs to: what comes before its last `#`.
pub fn topic_of_shard(shard: &str) -> &str {
    shard.rsplit_once('#').map_or(shard, |(topic, _)| topic)
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

/// The name [`parse_storage`] reads.
pub fn storage_name(storage: StorageType) -> &'static str {
    match storage {
        StorageType::EngineMemory => "EngineMemory",
        StorageType::EngineRocksDB => "EngineRocksDB",
        StorageType::EngineSegment => "EngineSegment",
    }
}

/// Creates the shards of topic `record` (partitions `from` to `record.partitions - 1`) with
/// `config`, leaving any an earlier, interrupted attempt made.
async fn create_shards(
    store: &dyn ShardStore,
    record: &TopicMeta,
    from: u32,
    config: &ShardConfig,
) -> Result<()> {
    let storage = parse_storage(&record.storage)
        .ok_or_else(|| EngineError::InvalidConfig(format!("storage type `{}`", record.storage)))?;
    for p in from..record.partitions {
        match store
            .create_shard(&shard_name(&record.name, p), storage, config.clone())
            .await
        {
            Ok(_) | Err(EngineError::ShardExists(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// Creates a topic for any front end (admin API, Kafka CreateTopics): its record in meta, which
/// brokers watch and the controller places, then one shard per partition with `config` on the
/// engine node that leads it (`store` waits for the placement). Returns false, having created
/// nothing, when the topic exists. The caller has checked the name and the partition count.
///
/// The record comes first because placement needs it. A shard that cannot be created takes the
/// record away again, so a failed create leaves no topic behind. Until the shards exist, a
/// broker that appends to the new topic creates a missing shard itself, with its own settings
/// rather than `config`.
///
/// # Errors
/// [`crate::core::BrokerError::Storage`] when a shard cannot be created (or the record names no
/// storage type); [`crate::core::BrokerError::Meta`] when meta cannot be written.
pub async fn create_topic(
    store: &dyn ShardStore,
    meta: &dyn MetaStore,
    record: &TopicMeta,
    config: &ShardConfig,
) -> Result<bool> {
    // Of two creators racing, one records the topic.
    if !meta.topic_create(record).await? {
        return Ok(false);
    }
    if let Err(e) = create_shards(store, record, 0, config).await {
        if let Err(undo) = meta.topic_delete(&record.name).await {
            warn!(topic = %record.name, error = %undo, "a topic whose shards could not be created is still recorded");
        }
        return Err(e);
    }
    Ok(true)
}

/// Raises a topic's partition count to `record.partitions`: the record first (the controller
/// places the new partitions), then the new shards. Existing partitions keep their data and
/// their messages.
///
/// # Errors
/// As [`create_topic`]; a shard that cannot be created leaves the record raised, and its
/// partition's shard is made by the first broker that appends to it.
pub async fn add_partitions(
    store: &dyn ShardStore,
    meta: &dyn MetaStore,
    old: &TopicMeta,
    record: &TopicMeta,
    config: &ShardConfig,
) -> Result<()> {
    meta.topic_put(record).await?;
    create_shards(store, record, old.partitions, config).await
}

/// Deletes topic `record`: its meta record first, then `forget` (the local broker stops using
/// its shards at once; others learn it from the watch), then its shards and their data.
/// Returns false when meta had no such topic.
///
/// # Errors
/// [`crate::core::BrokerError::Meta`] or [`crate::core::BrokerError::Storage`].
pub async fn delete_topic(
    store: &dyn ShardStore,
    meta: &dyn MetaStore,
    record: &TopicMeta,
    forget: impl FnOnce(),
) -> Result<bool> {
    if !meta.topic_delete(&record.name).await? {
        return Ok(false);
    }
    forget();
    for p in 0..record.partitions {
        match store.delete_shard(&shard_name(&record.name, p)).await {
            Ok(()) | Err(EngineError::ShardNotFound(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(true)
}

/// FNV-1a: fixed by its definition, so every node and every version places a topic alike.
pub(crate) fn fnv1a(key: &str) -> u64 {
    key.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// One partition: its shard, opened on first use, and its fence.
struct Partition {
    shard_name: Arc<str>,
    shard: OnceLock<Arc<dyn Shard>>,
    /// Publishes hold it shared from before their append until they have routed the message;
    /// [`StorageAdapter::cursors`] takes it exclusively to read the shard's end.
    fence: Arc<tokio::sync::RwLock<()>>,
    /// Woken after each append while a reader waits for data (a Kafka Fetch long poll).
    appended: tokio::sync::Notify,
    /// Bumped with each wake-up of `appended`, so a reader that registered before an append
    /// sees it even if the append came before its wait began.
    appends_seen: AtomicU64,
    /// How many readers wait: an append with none to wake costs one atomic load.
    watchers: AtomicUsize,
    /// Taken (FIFO) by each append until its shard has it in order: concurrent appends to one
    /// partition from one pipelined connection keep the order they were started in.
    order: Arc<tokio::sync::Mutex<()>>,
}

impl Partition {
    /// Called after an append completed (and is readable). The loads and stores are SeqCst so
    /// that either this sees a reader's registration, or that reader's check for data, made
    /// after registering, sees this append.
    fn notify_appended(&self) {
        if self.watchers.load(Ordering::SeqCst) > 0 {
            self.appends_seen.fetch_add(1, Ordering::SeqCst);
            self.appended.notify_waiters();
        }
    }
}

/// A topic as the adapter stores it.
pub struct TopicShards {
    name: Arc<str>,
    storage: StorageType,
    partitions: Box<[Arc<Partition>]>,
}

impl TopicShards {
    fn new(name: &str, partitions: u32, storage: StorageType) -> TopicShards {
        Self::grown(name, partitions, storage, None)
    }

    /// The topic with `partitions` partitions, keeping those of `old` (same storage type) that
    /// remain: a topic that grows keeps each existing partition's shard handle, order lock,
    /// fence and waiting readers, so appends and long polls in flight are not cut loose.
    fn grown(
        name: &str,
        partitions: u32,
        storage: StorageType,
        old: Option<&TopicShards>,
    ) -> TopicShards {
        let old = old.filter(|o| o.storage == storage);
        TopicShards {
            name: Arc::from(name),
            storage,
            partitions: (0..partitions.max(1))
                .map(|p| {
                    if let Some(kept) = old.and_then(|o| o.partitions.get(p as usize)) {
                        return Arc::clone(kept);
                    }
                    Arc::new(Partition {
                        shard_name: Arc::from(shard_name(name, p)),
                        shard: OnceLock::new(),
                        fence: Arc::default(),
                        appended: tokio::sync::Notify::new(),
                        appends_seen: AtomicU64::new(0),
                        watchers: AtomicUsize::new(0),
                        order: Arc::default(),
                    })
                })
                .collect(),
        }
    }

    /// The topic's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its storage type.
    pub fn storage(&self) -> StorageType {
        self.storage
    }

    /// How many partitions it has.
    pub fn partitions(&self) -> u32 {
        self.partitions.len() as u32
    }

    fn same_shape(&self, partitions: u32, storage: StorageType) -> bool {
        self.partitions() == partitions.max(1) && self.storage == storage
    }
}

/// Where a message is stored: a topic and one of its partitions.
#[derive(Clone)]
pub struct Placement {
    topic: Arc<TopicShards>,
    partition: u32,
}

impl Placement {
    /// The storage topic (the message's own, or [`DEFAULT_TOPIC`]).
    pub fn topic(&self) -> &str {
        self.topic.name()
    }

    /// The partition.
    pub fn partition(&self) -> u32 {
        self.partition
    }

    /// The storage type of its topic.
    pub fn storage(&self) -> StorageType {
        self.topic.storage
    }

    /// The shard's name.
    pub fn shard(&self) -> &Arc<str> {
        &self.part().shard_name
    }

    fn part(&self) -> &Partition {
        &self.topic.partitions[self.partition as usize]
    }

    /// Registers a wait for the next append to this partition. A reader registers first, then
    /// checks for data, then awaits [`AppendWait::wait`]: an append between its check and its
    /// wait is not missed.
    pub fn watch(&self) -> AppendWait {
        let part = self.part();
        part.watchers.fetch_add(1, Ordering::SeqCst);
        AppendWait {
            seen: part.appends_seen.load(Ordering::SeqCst),
            placement: self.clone(),
        }
    }
}

/// A registered wait for an append to one partition (see [`Placement::watch`]). Dropping it
/// unregisters it.
pub struct AppendWait {
    placement: Placement,
    seen: u64,
}

impl AppendWait {
    /// Returns once something was appended since [`Placement::watch`] (at once if it already
    /// was). Cancel-safe: the caller bounds it with a timeout.
    pub async fn wait(&self) {
        let part = self.placement.part();
        loop {
            let notified = part.appended.notified();
            if part.appends_seen.load(Ordering::SeqCst) != self.seen {
                return;
            }
            notified.await;
        }
    }
}

impl Drop for AppendWait {
    fn drop(&mut self) {
        self.placement
            .part()
            .watchers
            .fetch_sub(1, Ordering::SeqCst);
    }
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

/// Maps topics onto shards and appends to and reads from them.
pub struct StorageAdapter {
    store: Arc<dyn ShardStore>,
    /// Settings of the shards this adapter creates.
    config: ShardConfig,
    /// `$mqtt` as this node would create it.
    default_partitions: u32,
    default_type: StorageType,
    /// Every topic with a record in meta, `$mqtt` included (provisionally, from this node's
    /// config, until meta answers).
    topics: RwLock<HashMap<String, Arc<TopicShards>>>,
    /// Shards by name that belong to no current topic (a replay of an old cursor).
    loose: Mutex<HashMap<Arc<str>, Arc<dyn Shard>>>,
}

impl StorageAdapter {
    /// An adapter over `store` (the local engine or a remote one).
    pub fn new(store: Arc<dyn ShardStore>, settings: &Settings) -> StorageAdapter {
        let default_partitions = settings.auto_topic_shards.max(1);
        let mut topics = HashMap::new();
        topics.insert(
            DEFAULT_TOPIC.to_owned(),
            Arc::new(TopicShards::new(
                DEFAULT_TOPIC,
                default_partitions,
                settings.default_storage,
            )),
        );
        StorageAdapter {
            store,
            config: ShardConfig {
                fsync: settings.fsync,
                ..ShardConfig::default()
            },
            default_partitions,
            default_type: settings.default_storage,
            topics: RwLock::new(topics),
            loose: Mutex::new(HashMap::new()),
        }
    }

    /// The shard store underneath (the local engine or a remote one).
    pub fn store(&self) -> &dyn ShardStore {
        self.store.as_ref()
    }

    /// The record of [`DEFAULT_TOPIC`] this node creates when meta has none.
    fn default_record(&self) -> TopicMeta {
        TopicMeta {
            name: DEFAULT_TOPIC.to_owned(),
            partitions: self.default_partitions,
            storage: storage_name(self.default_type).to_owned(),
            retention_ms: None,
            created_ms: unix_ms(),
        }
    }

    /// Reads every topic from meta, first creating [`DEFAULT_TOPIC`] there if no node has. When
    /// another node created it with other settings, its record wins (and a warning says so).
    ///
    /// # Errors
    /// [`crate::core::BrokerError::Meta`] when meta cannot be read or written.
    pub async fn load_topics(&self, meta: &dyn MetaStore) -> Result<()> {
        let record = self.default_record();
        if meta.topic_create(&record).await? {
            info!(
                topic = DEFAULT_TOPIC,
                partitions = record.partitions,
                storage = record.storage,
                "created the topic that holds MQTT topics without their own"
            );
        }
        let topics = meta.topic_list().await?;
        let mut table = self.topics.write();
        let mut next = HashMap::with_capacity(topics.len() + 1);
        for t in topics {
            let Some(storage) = parse_storage(&t.storage) else {
                warn!(topic = %t.name, storage = %t.storage, "topic has an unknown storage type; its messages go to `$mqtt`");
                continue;
            };
            if t.name == DEFAULT_TOPIC
                && (t.partitions != self.default_partitions || storage != self.default_type)
            {
                warn!(
                    partitions = t.partitions,
                    storage = t.storage,
                    "`$mqtt` was created with other settings than this node's mqtt.auto_topic_shards and storage.default_type; meta's record wins"
                );
            }
            let shards = match table.get(&t.name) {
                Some(known) if known.same_shape(t.partitions, storage) => Arc::clone(known),
                known => Arc::new(TopicShards::grown(
                    &t.name,
                    t.partitions,
                    storage,
                    known.map(|k| &**k),
                )),
            };
            next.insert(t.name, shards);
        }
        if !next.contains_key(DEFAULT_TOPIC)
            && let Some(default) = table.get(DEFAULT_TOPIC)
        {
            next.insert(DEFAULT_TOPIC.to_owned(), Arc::clone(default));
        }
        *table = next;
        Ok(())
    }

    /// Records `topic` as meta now holds it (created or changed).
    pub fn put_topic(&self, topic: &TopicMeta) {
        let Some(storage) = parse_storage(&topic.storage) else {
            warn!(topic = %topic.name, storage = %topic.storage, "topic has an unknown storage type; its messages go to `$mqtt`");
            return;
        };
        let mut table = self.topics.write();
        let known = table.get(&topic.name);
        if known.is_some_and(|known| known.same_shape(topic.partitions, storage)) {
            return;
        }
        let shards =
            TopicShards::grown(&topic.name, topic.partitions, storage, known.map(|k| &**k));
        table.insert(topic.name.clone(), Arc::new(shards));
    }

    /// Forgets `name`, deleted from meta: its messages go to [`DEFAULT_TOPIC`] from now on.
    /// `$mqtt` itself stays.
    pub fn remove_topic(&self, name: &str) {
        if name != DEFAULT_TOPIC {
            self.topics.write().remove(name);
        }
    }

    /// Where a message to `topic`, without a key, is stored (the rule of the module docs).
    pub fn place(&self, topic: &str) -> Placement {
        let table = self.topics.read();
        if let Some(own) = table.get(topic) {
            return Placement {
                topic: Arc::clone(own),
                partition: 0,
            };
        }
        let default = table.get(DEFAULT_TOPIC).cloned().unwrap_or_else(|| {
            Arc::new(TopicShards::new(
                DEFAULT_TOPIC,
                self.default_partitions,
                self.default_type,
            ))
        });
        let partition = (fnv1a(topic) % u64::from(default.partitions())) as u32;
        Placement {
            topic: default,
            partition,
        }
    }

    /// Partition `partition` of topic `topic`, when the topic is known and has it.
    pub fn placement(&self, topic: &str, partition: u32) -> Option<Placement> {
        let topic = self.topics.read().get(topic).cloned()?;
        (partition < topic.partitions()).then_some(Placement { topic, partition })
    }

    /// The topics known, with their partition counts and storage types.
    pub fn topics(&self) -> Vec<Arc<TopicShards>> {
        self.topics.read().values().cloned().collect()
    }

    /// The shard of `placement`, created if no node has created it yet.
    ///
    /// # Errors
    /// [`crate::core::BrokerError::Storage`] when it can neither be found nor created.
    pub async fn shard_at(&self, placement: &Placement) -> Result<Arc<dyn Shard>> {
        self.open(placement).await
    }

    async fn open(&self, placement: &Placement) -> Result<Arc<dyn Shard>> {
        let part = placement.part();
        if let Some(shard) = part.shard.get() {
            return Ok(Arc::clone(shard));
        }
        let name = &part.shard_name;
        let shard = match self.store.shard(name).await {
            Ok(shard) => shard,
            Err(EngineError::ShardNotFound(_)) => {
                match self
                    .store
                    .create_shard(name, placement.topic.storage, self.config.clone())
                    .await
                {
                    Ok(_) | Err(EngineError::ShardExists(_)) => self.store.shard(name).await?,
                    Err(e) => return Err(e.into()),
                }
            }
            Err(e) => return Err(e.into()),
        };
        Ok(Arc::clone(part.shard.get_or_init(|| shard)))
    }

    /// Appends `batch` at `placement` and returns the shard and offset of its first record.
    /// Returns only once the append is as durable as the shard's fsync policy promises, so an
    /// acknowledgement sent afterwards keeps that promise.
    ///
    /// # Errors
    /// [`crate::core::BrokerError::Storage`] when the shard cannot be opened, created or
    /// appended to.
    ///
    /// Appends to one partition take their offsets in the order their futures were first
    /// polled, whatever the backend: a shard that takes appends in call order is left to wait
    /// for durability alongside later ones; another is waited for before the next starts.
    pub async fn append_at(&self, placement: &Placement, batch: Batch) -> Result<Appended> {
        self.append_at_then(placement, batch, || ())
            .await
            .map(|(appended, ())| appended)
    }

    /// [`StorageAdapter::append_at`], calling `placed` once the batch's place in the partition
    /// is decided and before the next append can take one (under the partition's order lock,
    /// with the fence held): what `placed` hands out is in offset order across every task
    /// appending to the partition. Its result is dropped if the append then fails.
    ///
    /// # Errors
    /// As [`StorageAdapter::append_at`].
    pub async fn append_at_then<T>(
        &self,
        placement: &Placement,
        batch: Batch,
        placed: impl FnOnce() -> T,
    ) -> Result<(Appended, T)> {
        let order = Arc::clone(&placement.part().order).lock_owned().await;
        let shard = self.open(placement).await?;
        let fence = Arc::clone(&placement.part().fence).read_owned().await;
        let placed = placed();
        let mut append = shard.append(batch);
        let (offset, _) = if shard.appends_in_call_order() {
            let first =
                std::future::poll_fn(|cx| std::task::Poll::Ready(append.as_mut().poll(cx))).await;
            drop(order);
            match first {
                std::task::Poll::Ready(result) => result?,
                std::task::Poll::Pending => append.await?,
            }
        } else {
            let result = append.await;
            drop(order);
            result?
        };
        placement.part().notify_appended();
        Ok((
            Appended {
                shard: Arc::clone(placement.shard()),
                offset,
                _fence: fence,
            },
            placed,
        ))
    }

    /// [`StorageAdapter::append_at`] without waiting, when it can finish at once: the shard is
    /// open, no cursor read holds its fence, and its backend appends without I/O (memory).
    /// `None` when it cannot; nothing was appended, and the caller awaits `append_at`.
    ///
    /// # Errors
    /// The inner result carries [`StorageAdapter::append_at`]'s errors.
    pub fn try_append_now_at(
        &self,
        placement: &Placement,
        batch: Batch,
    ) -> Option<Result<Appended>> {
        let part = placement.part();
        let shard = part.shard.get()?;
        let fence = Arc::clone(&part.fence).try_read_owned().ok()?;
        match shard.try_append_now(batch) {
            Ok(result) => Some(result.map_err(Into::into).map(|(offset, _)| {
                part.notify_appended();
                Appended {
                    shard: Arc::clone(&part.shard_name),
                    offset,
                    _fence: fence,
                }
            })),
            Err(_) => None,
        }
    }

    /// Appends `batch` to partition `partition` of `topic`, which must be known (a protocol
    /// that names partitions, such as Kafka, creates its topics first).
    ///
    /// # Errors
    /// [`crate::core::BrokerError::Storage`] with [`EngineError::ShardNotFound`] for an unknown
    /// topic or partition, and [`StorageAdapter::append_at`]'s errors.
    pub async fn append(&self, topic: &str, partition: u32, batch: Batch) -> Result<Appended> {
        let placement = self
            .placement(topic, partition)
            .ok_or_else(|| EngineError::ShardNotFound(shard_name(topic, partition)))?;
        self.append_at(&placement, batch).await
    }

    /// Reads partition `partition` of `topic` from `from`: at most `max_records` records and
    /// about `max_bytes` bytes, whole batches.
    ///
    /// # Errors
    /// As [`StorageAdapter::append`].
    pub async fn read(
        &self,
        topic: &str,
        partition: u32,
        from: u64,
        max_records: u64,
        max_bytes: u64,
    ) -> Result<Vec<ReadBatch>> {
        let placement = self
            .placement(topic, partition)
            .ok_or_else(|| EngineError::ShardNotFound(shard_name(topic, partition)))?;
        let shard = self.open(&placement).await?;
        Ok(shard.read(from, max_records, max_bytes).await?)
    }

    /// The next offset of every shard that can hold a topic `filters` match: every partition
    /// of [`DEFAULT_TOPIC`], and of each topic whose name a filter matches. A session records
    /// these as "read up to" when it stops receiving, and replays from them after a restart.
    ///
    /// # Errors
    /// [`crate::core::BrokerError::Storage`] when a shard cannot be opened or asked.
    pub async fn cursors(&self, filters: &[String]) -> Result<BTreeMap<String, u64>> {
        let topics: Vec<Arc<TopicShards>> = self
            .topics
            .read()
            .values()
            .filter(|t| {
                &*t.name == DEFAULT_TOPIC
                    || filters
                        .iter()
                        .any(|f| robustmq_common::topic::matches(f, &t.name))
            })
            .cloned()
            .collect();
        let mut out = BTreeMap::new();
        for topic in topics {
            for partition in 0..topic.partitions() {
                let placement = Placement {
                    topic: Arc::clone(&topic),
                    partition,
                };
                let shard = self.open(&placement).await?;
                // Read with no append to this shard between its completion and its routing,
                // so everything below the offset read has reached the sessions it matches.
                let _quiet = placement.part().fence.write().await;
                out.insert(placement.shard().to_string(), shard.latest().await?);
            }
        }
        Ok(out)
    }

    /// The shard named `name`: a partition of a known topic, or (for a cursor recorded before
    /// its topic changed) whatever shard has that name.
    async fn shard_named(&self, name: &str) -> Result<Arc<dyn Shard>> {
        let topic = topic_of_shard(name);
        let placement = self.topics.read().get(topic).and_then(|t| {
            t.partitions
                .iter()
                .position(|p| &*p.shard_name == name)
                .map(|p| Placement {
                    topic: Arc::clone(t),
                    partition: p as u32,
                })
        });
        if let Some(placement) = placement {
            return self.open(&placement).await;
        }
        let cached = self.loose.lock().get(name).cloned();
        if let Some(shard) = cached {
            return Ok(shard);
        }
        let shard = self.store.shard(name).await?;
        self.loose
            .lock()
            .insert(Arc::from(name), Arc::clone(&shard));
        Ok(shard)
    }

    /// The next offset of shard `name`.
    ///
    /// # Errors
    /// [`crate::core::BrokerError::Storage`] when the shard does not exist or cannot be asked.
    pub async fn shard_latest(&self, name: &str) -> Result<u64> {
        Ok(self.shard_named(name).await?.latest().await?)
    }

    /// Messages of shard `name` from offset `from` up to (not including) `until` whose topic
    /// `wanted` accepts, oldest first, at most `limit` of them. Offsets already removed by
    /// retention are skipped. Records of a shard many topics share name their topic in their
    /// key; those of a topic's own shard belong to that topic.
    ///
    /// # Errors
    /// [`crate::core::BrokerError::Storage`] when the shard cannot be read.
    pub async fn replay(
        &self,
        name: &str,
        from: u64,
        until: u64,
        limit: usize,
        wanted: impl Fn(&str) -> bool,
    ) -> Result<Vec<(u64, Message)>> {
        let shard = self.shard_named(name).await?;
        let topic = topic_of_shard(name);
        // Shards of `$mqtt`, and the per-node `$auto-*` shards that held such topics before it.
        let own_topic = (!topic.starts_with('$')).then_some(topic);
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
                    if let Some(message) = Message::from_record(record, own_topic)
                        && wanted(&message.topic)
                    {
                        out.push((offset, message));
                    }
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use robustmq_engine::{EngineMetrics, ShardRegistry};
    use robustmq_meta_client::MemoryMeta;

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

    async fn append(adapter: &StorageAdapter, message: &Message) -> (Arc<str>, u64) {
        let placement = adapter.place(&message.topic);
        let batch = Batch::Records(vec![message.to_record()]);
        let appended = adapter.append_at(&placement, batch).await.expect("append");
        (Arc::clone(&appended.shard), appended.offset)
    }

    #[tokio::test]
    async fn a_hundred_thousand_topics_share_the_partitions_of_mqtt() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (adapter, registry) = adapter(dir.path());
        for i in 0..100_000 {
            let m = Message::new(
                format!("fleet/device-{i}/telemetry"),
                Bytes::from_static(b"v"),
            );
            append(&adapter, &m).await;
        }
        let mut names: Vec<String> = registry
            .list_shards()
            .await
            .expect("list")
            .into_iter()
            .map(|s| s.name)
            .collect();
        names.sort();
        assert_eq!(names, ["$mqtt#0", "$mqtt#1", "$mqtt#2", "$mqtt#3"]);
        let total: u64 = registry
            .list_shards()
            .await
            .expect("list")
            .iter()
            .map(|s| s.status.latest)
            .sum();
        assert_eq!(total, 100_000);
    }

    /// The worked example of ARCHITECTURE.md: the rule names the shard from the topic name
    /// alone, so two adapters (two nodes) agree, and FNV-1a fixes the numbers.
    #[tokio::test]
    async fn a_topic_without_its_own_lands_where_the_rule_says_on_any_node() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (one, _) = adapter(&dir.path().join("one"));
        let (two, _) = adapter(&dir.path().join("two"));
        for (topic, partition) in [
            ("sensors/a", 0),
            ("sensors/b", 1),
            ("sensors/c", 2),
            ("plant/7/temp", 3),
        ] {
            assert_eq!(fnv1a(topic) % 4, u64::from(partition), "{topic}");
            for node in [&one, &two] {
                let placement = node.place(topic);
                assert_eq!(placement.topic(), DEFAULT_TOPIC);
                assert_eq!(placement.partition(), partition, "{topic}");
                assert_eq!(&**placement.shard(), format!("$mqtt#{partition}"));
            }
        }
    }

    #[tokio::test]
    async fn a_topic_recorded_in_meta_gets_its_partitions_and_mqtt_writes_partition_0() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (adapter, registry) = adapter(dir.path());
        let meta = MemoryMeta::new(1, 1);
        meta.topic_put(&TopicMeta {
            name: "sensors".into(),
            partitions: 3,
            storage: "EngineRocksDB".into(),
            retention_ms: None,
            created_ms: 0,
        })
        .await
        .expect("put");
        adapter.load_topics(&meta).await.expect("load");
        let mqtt = meta.topic_get(DEFAULT_TOPIC).await.expect("get");
        assert_eq!(
            mqtt.map(|t| t.partitions),
            Some(4),
            "the first broker creates `$mqtt`"
        );
        let mut m = Message::new("sensors", Bytes::from_static(b"21.5"));
        m.headers.push(robustmq_engine::Header {
            key: "app".into(),
            value: Bytes::from_static(b"1"),
        });
        assert_eq!(append(&adapter, &m).await, (Arc::from("sensors#0"), 0));
        let shard = registry.shard("sensors#0").await.expect("shard");
        assert_eq!(shard.storage_type(), StorageType::EngineRocksDB);
        let batches = adapter
            .read("sensors", 0, 0, 10, 1 << 20)
            .await
            .expect("read");
        let Batch::Records(records) = &batches[0].batch else {
            panic!("records")
        };
        let back = Message::from_record(records[0].clone(), Some("sensors")).expect("message");
        assert_eq!(back.headers, m.headers);
        assert_eq!(back.key.as_deref(), Some(&b"sensors"[..]));
        // The other partitions are there for producers that name them.
        let batch = Batch::Records(vec![m.to_record()]);
        let appended = adapter.append("sensors", 2, batch).await.expect("append");
        assert_eq!(&*appended.shard, "sensors#2");
        drop(appended);
        assert!(matches!(
            adapter
                .append("sensors", 3, Batch::Records(vec![m.to_record()]))
                .await,
            Err(crate::core::BrokerError::Storage(
                EngineError::ShardNotFound(_)
            ))
        ));
        // Deleted: its messages go to `$mqtt` again.
        adapter.remove_topic("sensors");
        assert_eq!(adapter.place("sensors").topic(), DEFAULT_TOPIC);
    }

    #[tokio::test]
    async fn the_record_of_mqtt_in_meta_wins_over_this_nodes_settings() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (adapter, _) = adapter(dir.path());
        let meta = MemoryMeta::new(1, 1);
        meta.topic_put(&TopicMeta {
            name: DEFAULT_TOPIC.into(),
            partitions: 2,
            storage: "EngineMemory".into(),
            retention_ms: None,
            created_ms: 0,
        })
        .await
        .expect("put");
        adapter.load_topics(&meta).await.expect("load");
        assert_eq!(
            meta.topic_get(DEFAULT_TOPIC)
                .await
                .expect("get")
                .map(|t| t.partitions),
            Some(2),
            "not replaced"
        );
        assert_eq!(
            adapter.place("sensors/a").partition(),
            (fnv1a("sensors/a") % 2) as u32
        );
    }
}
