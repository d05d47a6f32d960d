//! Produce and idempotent producers: each partition's batch is checked, its producer sequence
//! checked (duplicates answered with their first offset, gaps refused), appended verbatim, and
//! answered only once the append is as durable as the topic's fsync policy promises. MQTT
//! subscribers of the topic get the batch's records.
//!
//! Producer state is kept per producer id and partition, in memory: the epoch, the last
//! sequence and the last five batches (Kafka's `max.in.flight.requests.per.connection` bound for
//! idempotence), so a retried batch is recognised. A producer the broker has no state for (new,
//! or known before a restart) starts at whatever sequence it sends. Entries unused for an hour
//! are dropped.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use kafka_protocol::ResponseError;
use kafka_protocol::messages::produce_response::{PartitionProduceResponse, TopicProduceResponse};
use kafka_protocol::messages::{
    InitProducerIdRequest, InitProducerIdResponse, ProduceRequest, ProduceResponse, ProducerId,
};
use kafka_protocol::protocol::StrBytes;
use parking_lot::Mutex;
use robustmq_engine::{Batch, Header, OpaqueBatch};
use tracing::debug;

use crate::core::message::{Message, QoS, is_private_header, unix_ms};
use crate::kafka::batch::{self, BatchInfo};
use crate::kafka::error::{batch_code, code_of};
use crate::kafka::service::Kafka;

/// Batches remembered per producer and partition for duplicate detection.
const REMEMBERED: usize = 5;
/// A producer's state for a partition is dropped after this long unused.
const IDLE: Duration = Duration::from_secs(3600);
/// How many new entries between sweeps of idle ones.
const SWEEP_EVERY: u64 = 4096;

#[derive(Debug, Default)]
struct Sequence {
    epoch: i16,
    /// Last sequence accepted; `None` before the first batch.
    last: Option<i32>,
    /// (first sequence, last sequence, base offset) of recent batches.
    recent: VecDeque<(i32, i32, u64)>,
    used: Option<Instant>,
}

/// What the sequence check says about a batch.
enum Verdict {
    Append,
    Duplicate(u64),
    Refuse(ResponseError),
}

impl Sequence {
    fn judge(&self, info: &BatchInfo) -> Verdict {
        if self.last.is_none() {
            return Verdict::Append;
        }
        if info.producer_epoch < self.epoch {
            return Verdict::Refuse(ResponseError::InvalidProducerEpoch);
        }
        if info.producer_epoch > self.epoch {
            // A bumped epoch restarts the sequence at 0 (KIP-360).
            return if info.base_sequence == 0 {
                Verdict::Append
            } else {
                Verdict::Refuse(ResponseError::OutOfOrderSequenceNumber)
            };
        }
        let (first, last) = (info.base_sequence, info.last_sequence());
        if let Some(&(.., offset)) = self
            .recent
            .iter()
            .find(|(f, l, _)| *f == first && *l == last)
        {
            return Verdict::Duplicate(offset);
        }
        let expected = self
            .last
            .map_or(0, |l| if l == i32::MAX { 0 } else { l + 1 });
        if first == expected {
            Verdict::Append
        } else {
            Verdict::Refuse(ResponseError::OutOfOrderSequenceNumber)
        }
    }

    fn accept(&mut self, info: &BatchInfo, base_offset: u64) {
        if info.producer_epoch != self.epoch {
            self.recent.clear();
        }
        self.epoch = info.producer_epoch;
        self.last = Some(info.last_sequence());
        if self.recent.len() == REMEMBERED {
            self.recent.pop_front();
        }
        self.recent
            .push_back((info.base_sequence, info.last_sequence(), base_offset));
    }
}

/// Sequence state per (producer id, shard), each behind its own lock, held from the check to
/// the record of an append.
type SequenceTable = HashMap<(i64, Arc<str>), Arc<tokio::sync::Mutex<Sequence>>>;

/// Idempotent producers: ids handed out, and sequence state per producer and partition.
pub struct Producers {
    node_id: i64,
    counter: AtomicI64,
    table: Mutex<SequenceTable>,
    inserted: std::sync::atomic::AtomicU64,
}

impl Producers {
    /// An empty table for node `node_id`.
    pub fn new(node_id: u64) -> Producers {
        Producers {
            node_id: (node_id & 0xff) as i64,
            counter: AtomicI64::new(0),
            table: Mutex::new(HashMap::new()),
            inserted: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// A new producer id: milliseconds since the epoch, this node's id (8 bits) and a counter
    /// (12 bits), so ids from different nodes and restarts do not meet unless one node hands
    /// out more than 4,096 in one millisecond.
    pub fn allocate(&self) -> i64 {
        let n = self.counter.fetch_add(1, Ordering::Relaxed) & 0xfff;
        ((unix_ms().max(0) << 8 | self.node_id) << 12) | n
    }

    fn entry(&self, producer_id: i64, shard: &Arc<str>) -> Arc<tokio::sync::Mutex<Sequence>> {
        let mut table = self.table.lock();
        let n = self.inserted.load(Ordering::Relaxed);
        if !table.contains_key(&(producer_id, Arc::clone(shard))) {
            self.inserted.store(n + 1, Ordering::Relaxed);
            if n % SWEEP_EVERY == SWEEP_EVERY - 1 {
                let now = Instant::now();
                table.retain(|_, s| {
                    s.try_lock().map_or(true, |s| {
                        s.used.is_some_and(|u| now.duration_since(u) < IDLE)
                    })
                });
            }
        }
        Arc::clone(table.entry((producer_id, Arc::clone(shard))).or_default())
    }
}

/// The answer for one partition.
struct Outcome {
    code: Option<ResponseError>,
    base_offset: i64,
    log_start: i64,
    message: Option<String>,
}

impl Outcome {
    fn error(code: ResponseError, message: impl Into<String>) -> Outcome {
        Outcome {
            code: Some(code),
            base_offset: -1,
            log_start: -1,
            message: Some(message.into()),
        }
    }
}

impl Kafka {
    /// InitProducerId: a new idempotent producer id at epoch 0, or the same id with its epoch
    /// bumped when the client asks to keep its id (KIP-360). Transactions are not supported.
    pub fn init_producer_id(&self, req: InitProducerIdRequest) -> InitProducerIdResponse {
        let mut resp = InitProducerIdResponse::default();
        if req
            .transactional_id
            .as_ref()
            .is_some_and(|id| !id.0.as_str().is_empty())
        {
            resp.error_code = ResponseError::TransactionalIdAuthorizationFailed.code();
            resp.producer_id = ProducerId(-1);
            resp.producer_epoch = -1;
            return resp;
        }
        if req.producer_id.0 >= 0 && req.producer_epoch >= 0 && req.producer_epoch < i16::MAX {
            resp.producer_id = req.producer_id;
            resp.producer_epoch = req.producer_epoch + 1;
        } else {
            resp.producer_id = ProducerId(self.producers.allocate());
            resp.producer_epoch = 0;
        }
        resp
    }

    /// Produce. Returns `None` for `acks = 0`, which gets no answer.
    pub async fn produce(&self, req: ProduceRequest) -> (Option<ProduceResponse>, bool) {
        let mut failed = false;
        let acks_ok = matches!(req.acks, -1..=1);
        let mut resp = ProduceResponse::default();
        // Every partition's append is started in request order (each is submitted to its shard
        // at its first poll, which join_all makes in order), and all of them are awaited
        // together, so one request's partitions share their group commits.
        let mut names = Vec::with_capacity(req.topic_data.len());
        let mut work = Vec::new();
        for (t, topic) in req.topic_data.into_iter().enumerate() {
            let shards = self.topic(topic.name.0.as_str());
            names.push(topic.name);
            for part in topic.partition_data {
                let shards = shards.clone();
                work.push(async move {
                    let outcome = if !acks_ok {
                        Outcome::error(
                            ResponseError::InvalidRequiredAcks,
                            "acks must be -1, 0 or 1",
                        )
                    } else {
                        match &shards {
                            None => Outcome::error(
                                ResponseError::UnknownTopicOrPartition,
                                "no such topic",
                            ),
                            Some(shards) => {
                                self.produce_partition(shards.name(), part.index, part.records)
                                    .await
                            }
                        }
                    };
                    (t, part.index, outcome)
                });
            }
        }
        let outcomes = futures_util::future::join_all(work).await;
        for (t, name) in names.into_iter().enumerate() {
            let mut topic = TopicProduceResponse::default();
            topic.name = name;
            for (_, index, outcome) in outcomes.iter().filter(|(i, ..)| *i == t) {
                failed |= outcome.code.is_some();
                let mut p = PartitionProduceResponse::default();
                p.index = *index;
                p.error_code = outcome.code.map_or(0, |c| c.code());
                p.base_offset = outcome.base_offset;
                p.log_append_time_ms = -1;
                p.log_start_offset = outcome.log_start;
                p.error_message = outcome.message.clone().map(StrBytes::from_string);
                topic.partition_responses.push(p);
            }
            resp.responses.push(topic);
        }
        ((req.acks != 0).then_some(resp), failed)
    }

    async fn produce_partition(
        &self,
        topic: &str,
        partition: i32,
        records: Option<Bytes>,
    ) -> Outcome {
        let broker = &self.broker;
        let Some(placement) = u32::try_from(partition)
            .ok()
            .and_then(|p| broker.storage.placement(topic, p))
        else {
            return Outcome::error(ResponseError::UnknownTopicOrPartition, "no such partition");
        };
        let Some(bytes) = records.filter(|r| !r.is_empty()) else {
            return Outcome::error(ResponseError::InvalidRecord, "no record batch");
        };
        let info = match batch::check(&bytes) {
            Ok(info) => info,
            Err(e) => return Outcome::error(batch_code(&e), e.to_string()),
        };
        let sequence = (info.producer_id >= 0 && info.base_sequence >= 0)
            .then(|| self.producers.entry(info.producer_id, placement.shard()));
        let mut guard = match &sequence {
            Some(s) => Some(Arc::clone(s).lock_owned().await),
            None => None,
        };
        if let Some(state) = &guard {
            match state.judge(&info) {
                Verdict::Append => {}
                Verdict::Duplicate(offset) => {
                    debug!(
                        producer = info.producer_id,
                        offset, "duplicate batch answered with its offset"
                    );
                    return Outcome {
                        code: None,
                        base_offset: offset as i64,
                        log_start: -1,
                        message: None,
                    };
                }
                Verdict::Refuse(code) => {
                    return Outcome::error(code, "sequence does not follow the last one accepted");
                }
            }
        }
        let wanted = broker.has_subscribers(topic);
        let decoded = if wanted {
            batch::decode(&bytes).ok()
        } else {
            None
        };
        let opaque = Batch::Opaque(OpaqueBatch {
            record_count: info.record_count,
            max_timestamp: info.max_timestamp,
            payload: bytes,
        });
        let appended = match broker.storage.append_at(&placement, opaque).await {
            Ok(appended) => appended,
            Err(e) => return Outcome::error(code_of(&e), e.to_string()),
        };
        let base = appended.offset;
        self.metrics.records_in.inc_by(u64::from(info.record_count));
        if let Some(state) = guard.as_mut() {
            state.accept(&info, base);
            state.used = Some(Instant::now());
        }
        drop(guard);
        match decoded {
            Some(records) => {
                let shard = Arc::clone(&appended.shard);
                let messages = records
                    .into_iter()
                    .map(|r| {
                        let mut m = Message::new(topic, r.value);
                        m.key = r.key;
                        m.qos = QoS::AtLeastOnce;
                        m.headers = r
                            .headers
                            .into_iter()
                            .filter(|(k, _)| !is_private_header(k))
                            .map(|(k, v)| Header {
                                key: k.into(),
                                value: v,
                            })
                            .collect();
                        m.stored = Some((Arc::clone(&shard), base + u64::from(r.index)));
                        m
                    })
                    .collect();
                broker.route_stored(messages, appended);
            }
            None => drop(appended),
        }
        let log_start = match broker.storage.shard_at(&placement).await {
            Ok(shard) => shard.earliest().await.map_or(-1, |e| e as i64),
            Err(_) => -1,
        };
        Outcome {
            code: None,
            base_offset: base as i64,
            log_start,
            message: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(epoch: i16, first: i32, count: u32) -> BatchInfo {
        BatchInfo {
            record_count: count,
            max_timestamp: 0,
            base_timestamp: 0,
            producer_id: 1,
            producer_epoch: epoch,
            base_sequence: first,
        }
    }

    #[test]
    fn sequences_accept_the_next_answer_a_retry_with_its_offset_and_refuse_a_gap() {
        let mut s = Sequence::default();
        assert!(matches!(s.judge(&info(0, 0, 10)), Verdict::Append));
        s.accept(&info(0, 0, 10), 100);
        assert!(matches!(s.judge(&info(0, 10, 5)), Verdict::Append));
        s.accept(&info(0, 10, 5), 110);
        assert!(matches!(s.judge(&info(0, 0, 10)), Verdict::Duplicate(100)));
        assert!(matches!(s.judge(&info(0, 10, 5)), Verdict::Duplicate(110)));
        assert!(matches!(
            s.judge(&info(0, 20, 1)),
            Verdict::Refuse(ResponseError::OutOfOrderSequenceNumber)
        ));
        assert!(matches!(
            s.judge(&info(0, 14, 1)),
            Verdict::Refuse(ResponseError::OutOfOrderSequenceNumber)
        ));
        assert!(
            matches!(s.judge(&info(1, 0, 1)), Verdict::Append),
            "a bumped epoch restarts"
        );
        s.accept(&info(1, 0, 1), 115);
        assert!(matches!(
            s.judge(&info(0, 15, 1)),
            Verdict::Refuse(ResponseError::InvalidProducerEpoch)
        ));
    }

    #[test]
    fn only_five_batches_are_remembered() {
        let mut s = Sequence::default();
        for i in 0..7 {
            s.accept(&info(0, i, 1), u64::try_from(i).unwrap_or(0));
        }
        assert!(matches!(s.judge(&info(0, 6, 1)), Verdict::Duplicate(6)));
        assert!(matches!(s.judge(&info(0, 2, 1)), Verdict::Duplicate(2)));
        assert!(matches!(s.judge(&info(0, 1, 1)), Verdict::Refuse(_)));
    }

    #[test]
    fn producer_ids_differ_and_are_positive() {
        let p = Producers::new(3);
        let a = p.allocate();
        let b = p.allocate();
        assert!(a > 0 && b > 0 && a != b);
    }
}
