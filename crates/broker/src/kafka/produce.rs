//! Produce and InitProducerId: each partition's batch is checked, its producer sequence checked
//! ([`crate::kafka::producers`]: duplicates answered with their first offset, gaps refused),
//! appended verbatim, and answered only once the append is as durable as the topic's fsync
//! policy promises. MQTT subscribers of the topic get the batch's records.

use std::future::Future;
use std::sync::Arc;

use bytes::Bytes;
use kafka_protocol::ResponseError;
use kafka_protocol::messages::produce_response::{PartitionProduceResponse, TopicProduceResponse};
use kafka_protocol::messages::{
    InitProducerIdRequest, InitProducerIdResponse, ProduceRequest, ProduceResponse, ProducerId,
};
use kafka_protocol::protocol::StrBytes;
use robustmq_engine::{Batch, Header, OpaqueBatch};
use tracing::debug;

use crate::core::message::{Message, QoS, is_private_header};
use crate::kafka::batch;
use crate::kafka::error::{batch_code, code_of};
use crate::kafka::producers::Verdict;
use crate::kafka::service::Kafka;

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
        resp.responses = names
            .into_iter()
            .map(|name| {
                let mut topic = TopicProduceResponse::default();
                topic.name = name;
                topic
            })
            .collect();
        for (t, index, outcome) in outcomes {
            failed |= outcome.code.is_some();
            let mut p = PartitionProduceResponse::default();
            p.index = index;
            p.error_code = outcome.code.map_or(0, |c| c.code());
            p.base_offset = outcome.base_offset;
            p.log_append_time_ms = -1;
            p.log_start_offset = outcome.log_start;
            p.error_message = outcome.message.map(StrBytes::from_string);
            resp.responses[t].partition_responses.push(p);
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
        let mut stored_at = None;
        if let Some(state) = guard.as_mut() {
            match state.judge(&info) {
                Verdict::Append => stored_at = Some(state.accept(&info)),
                Verdict::Duplicate(mut offset) => {
                    drop(guard);
                    let found = offset.wait_for(Option::is_some).await.ok().and_then(|o| *o);
                    debug!(
                        producer = info.producer_id,
                        ?found,
                        "duplicate batch answered with its offset"
                    );
                    return match found {
                        Some(offset) => Outcome {
                            code: None,
                            base_offset: offset as i64,
                            log_start: -1,
                            message: None,
                        },
                        // The first copy's append failed; the producer retries.
                        None => Outcome::error(
                            ResponseError::KafkaStorageError,
                            "the first copy of this batch was not stored",
                        ),
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
        // The routing ticket is taken where the batch gets its place (under the partition's
        // order lock), so ticket order is offset order whichever connections append.
        let route = decoded.is_some();
        let turns = &self.route_turns;
        let shard_name = Arc::clone(placement.shard());
        let placed = move || route.then(|| turns.take(&shard_name));
        // Its first poll gives the batch its place in the partition (append_at orders first
        // polls); then the producer's next batch may be checked and started.
        let mut append = Box::pin(broker.storage.append_at_then(&placement, opaque, placed));
        let first =
            std::future::poll_fn(|cx| std::task::Poll::Ready(append.as_mut().poll(cx))).await;
        drop(guard);
        let result = match first {
            std::task::Poll::Ready(result) => result,
            std::task::Poll::Pending => append.await,
        };
        let (appended, turn) = match result {
            Ok(done) => done,
            Err(e) => {
                if let Some(s) = &sequence {
                    s.lock().await.forget();
                }
                return Outcome::error(code_of(&e), e.to_string());
            }
        };
        let base = appended.offset;
        self.metrics.records_in.inc_by(u64::from(info.record_count));
        if let Some(tx) = stored_at {
            tx.send_replace(Some(base));
        }
        match decoded {
            Some(records) => {
                if let Some(turn) = &turn {
                    turn.wait().await;
                }
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
        drop(turn);
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
