//! Fetch with long polling, and ListOffsets.
//!
//! A Fetch reads each partition from its offset and answers with whole batches: a batch a
//! producer sent goes out as stored, with its offset written in; records an MQTT client
//! published go out as an uncompressed batch. A fetch at an offset inside a batch gets the whole
//! batch (the client skips what it did not ask for). Until `min_bytes` are there the answer
//! waits, at most `max_wait_ms`, and wakes at the first append to any partition asked for
//! through this node. In a cluster, where other nodes' brokers append too (to a partition this
//! node leads, or over MQTT), it also looks again every [`PEER_RECHECK`].

use std::time::{Duration, Instant};

use bytes::BytesMut;
use futures_util::future::select_all;
use kafka_protocol::ResponseError;
use kafka_protocol::messages::fetch_response::{FetchableTopicResponse, PartitionData};
use kafka_protocol::messages::list_offsets_response::{
    ListOffsetsPartitionResponse, ListOffsetsTopicResponse,
};
use kafka_protocol::messages::{
    BrokerId, FetchRequest, FetchResponse, ListOffsetsRequest, ListOffsetsResponse, TopicName,
};
use robustmq_engine::{Batch, ReadBatch};

use crate::core::storage::{AppendWait, Placement};
use crate::kafka::batch;
use crate::kafka::error::code_of;
use crate::kafka::service::Kafka;

/// Longest a Fetch waits for data, whatever it asks.
const MAX_WAIT: Duration = Duration::from_secs(30);
/// How often a long poll looks again when other nodes' brokers may append unseen.
pub const PEER_RECHECK: Duration = Duration::from_millis(50);
/// Records read per partition per step; the byte limit is what binds.
const MAX_RECORDS: u64 = 1 << 20;
/// Most bytes one Fetch answers with, whatever it asks: Kafka's `fetch.max.bytes` default.
const MAX_FETCH_BYTES: usize = 55 << 20;
/// ListOffsets' "latest" and "earliest".
const LATEST: i64 = -1;
const EARLIEST: i64 = -2;

/// One partition a Fetch asks for.
struct Wanted {
    topic: usize,
    partition: i32,
    placement: Option<Placement>,
    offset: i64,
    max_bytes: usize,
}

impl Kafka {
    /// Fetch (v4 and later): per partition, the batches from the fetch offset, the high
    /// watermark (also the last stable offset: there are no transactions) and the log start.
    /// Returns the answer and whether any partition carried an error.
    pub async fn fetch(&self, req: FetchRequest) -> (FetchResponse, bool) {
        let mut names: Vec<TopicName> = Vec::new();
        let mut wanted = Vec::new();
        for t in req.topics {
            let shards = self.topic(t.topic.0.as_str());
            for p in t.partitions {
                wanted.push(Wanted {
                    topic: names.len(),
                    partition: p.partition,
                    placement: shards.as_ref().and_then(|s| {
                        u32::try_from(p.partition)
                            .ok()
                            .and_then(|i| self.broker.storage.placement(s.name(), i))
                    }),
                    offset: p.fetch_offset,
                    max_bytes: usize::try_from(p.partition_max_bytes).unwrap_or(0),
                });
            }
            names.push(t.topic);
        }
        let max_bytes = usize::try_from(req.max_bytes)
            .unwrap_or(0)
            .min(MAX_FETCH_BYTES);
        let min_bytes = usize::try_from(req.min_bytes).unwrap_or(0);
        let wait = Duration::from_millis(u64::try_from(req.max_wait_ms).unwrap_or(0)).min(MAX_WAIT);
        let deadline = Instant::now() + wait;
        // Appends by other nodes' brokers wake no local waiter: look again every so often.
        let step = if wait > Duration::ZERO && self.cluster().await.has_peer_brokers() {
            PEER_RECHECK
        } else {
            MAX_WAIT
        };
        loop {
            let may_wait = min_bytes > 0 && Instant::now() < deadline;
            let watches: Vec<AppendWait> = if may_wait {
                wanted
                    .iter()
                    .filter_map(|w| w.placement.as_ref().map(Placement::watch))
                    .collect()
            } else {
                Vec::new()
            };
            let (partitions, bytes, failed) = self.read_all(&wanted, max_bytes).await;
            let now = Instant::now();
            if bytes >= min_bytes.max(1) || failed || watches.is_empty() || now >= deadline {
                let mut resp = FetchResponse::default();
                resp.responses = names
                    .into_iter()
                    .map(|name| {
                        let mut t = FetchableTopicResponse::default();
                        t.topic = name;
                        t
                    })
                    .collect();
                for (topic, p) in partitions {
                    resp.responses[topic].partitions.push(p);
                }
                return (resp, failed);
            }
            let waits = watches.iter().map(|w| Box::pin(w.wait()));
            let _ = tokio::time::timeout((deadline - now).min(step), select_all(waits)).await;
        }
    }

    /// One pass over every partition wanted: their answers (by topic index), the bytes of
    /// records in them and whether any carried an error.
    async fn read_all(
        &self,
        wanted: &[Wanted],
        max_bytes: usize,
    ) -> (Vec<(usize, PartitionData)>, usize, bool) {
        let mut out = Vec::with_capacity(wanted.len());
        let mut used = 0usize;
        let mut failed = false;
        for w in wanted {
            let mut p = PartitionData::default();
            p.partition_index = w.partition;
            p.preferred_read_replica = BrokerId(-1);
            p.high_watermark = -1;
            p.last_stable_offset = -1;
            p.log_start_offset = -1;
            match self
                .read_partition(w, max_bytes.saturating_sub(used), used == 0)
                .await
            {
                Ok((records, high_watermark, earliest)) => {
                    used += records.len();
                    p.high_watermark = high_watermark;
                    p.last_stable_offset = high_watermark;
                    p.log_start_offset = earliest;
                    p.records = Some(records.freeze());
                }
                Err((code, high_watermark, earliest)) => {
                    failed = true;
                    p.error_code = code.code();
                    p.high_watermark = high_watermark;
                    p.last_stable_offset = high_watermark;
                    p.log_start_offset = earliest;
                    p.records = Some(bytes::Bytes::new());
                }
            }
            out.push((w.topic, p));
        }
        (out, used, failed)
    }

    /// The batches of one partition from its fetch offset, within `budget` bytes (the first
    /// batch of the answer is taken whatever its size when `first` is set, so a client always
    /// progresses), with the high watermark and log start.
    async fn read_partition(
        &self,
        w: &Wanted,
        budget: usize,
        first: bool,
    ) -> Result<(BytesMut, i64, i64), (ResponseError, i64, i64)> {
        let Some(placement) = &w.placement else {
            return Err((ResponseError::UnknownTopicOrPartition, -1, -1));
        };
        let shard = self
            .broker
            .storage
            .shard_at(placement)
            .await
            .map_err(|e| (code_of(&e), -1, -1))?;
        let status = shard
            .status()
            .await
            .map_err(|e| (code_of(&e.into()), -1, -1))?;
        let (hw, earliest) = (status.high_watermark as i64, status.earliest as i64);
        let mut out = BytesMut::new();
        if w.offset < earliest || w.offset > hw {
            return Err((ResponseError::OffsetOutOfRange, hw, earliest));
        }
        let limit = w.max_bytes.min(budget);
        if w.offset == hw || (limit == 0 && !first) {
            return Ok((out, hw, earliest));
        }
        let batches = match shard
            .read(w.offset as u64, MAX_RECORDS, limit.max(1) as u64)
            .await
        {
            Ok(batches) => batches,
            Err(e) => return Err((code_of(&e.into()), hw, earliest)),
        };
        for read in batches {
            let mark = out.len();
            self.write_batch(&mut out, &read);
            if out.len() > limit && (mark > 0 || !first) {
                out.truncate(mark);
                break;
            }
        }
        Ok((out, hw, earliest))
    }

    fn write_batch(&self, out: &mut BytesMut, read: &ReadBatch) {
        match &read.batch {
            Batch::Opaque(o) => batch::write_stored(out, &o.payload, read.base_offset, 0),
            Batch::Records(records) => {
                batch::write_records(out, records, read.base_offset, 0, |r| {
                    self.broker.application_headers(&r.headers)
                });
            }
        }
    }

    /// ListOffsets: per partition, the latest offset (the high watermark), the earliest, or the
    /// first offset whose record is at or after a timestamp (-1 when none is).
    pub async fn list_offsets(&self, req: ListOffsetsRequest) -> (ListOffsetsResponse, bool) {
        let mut failed = false;
        let mut resp = ListOffsetsResponse::default();
        for t in req.topics {
            let shards = self.topic(t.name.0.as_str());
            let mut topic = ListOffsetsTopicResponse::default();
            topic.name = t.name.clone();
            for p in t.partitions {
                let mut part = ListOffsetsPartitionResponse::default();
                part.partition_index = p.partition_index;
                part.timestamp = -1;
                part.offset = -1;
                let placement = shards.as_ref().and_then(|s| {
                    u32::try_from(p.partition_index)
                        .ok()
                        .and_then(|i| self.broker.storage.placement(s.name(), i))
                });
                match placement {
                    None => part.error_code = ResponseError::UnknownTopicOrPartition.code(),
                    Some(placement) => match self.offset_at(&placement, p.timestamp).await {
                        Ok((offset, timestamp)) => {
                            part.offset = offset;
                            part.timestamp = timestamp;
                        }
                        Err(code) => part.error_code = code.code(),
                    },
                }
                failed |= part.error_code != 0;
                topic.partitions.push(part);
            }
            resp.topics.push(topic);
        }
        (resp, failed)
    }

    async fn offset_at(
        &self,
        placement: &Placement,
        timestamp: i64,
    ) -> Result<(i64, i64), ResponseError> {
        let shard = self
            .broker
            .storage
            .shard_at(placement)
            .await
            .map_err(|e| code_of(&e))?;
        let status = shard.status().await.map_err(|e| code_of(&e.into()))?;
        match timestamp {
            LATEST => Ok((status.high_watermark as i64, -1)),
            EARLIEST => Ok((status.earliest as i64, -1)),
            t if t >= 0 => {
                let Some(found) = shard
                    .offset_for_timestamp(t)
                    .await
                    .map_err(|e| code_of(&e.into()))?
                else {
                    return Ok((-1, -1));
                };
                // The engine answers a stored Kafka batch by its base offset; the record at or
                // after the timestamp is found inside it.
                let batches = shard
                    .read(found, 1, 1)
                    .await
                    .map_err(|e| code_of(&e.into()))?;
                let Some(read) = batches.first() else {
                    return Ok((found as i64, t));
                };
                match &read.batch {
                    Batch::Records(records) => Ok((
                        read.base_offset as i64,
                        records.first().map_or(t, |r| r.timestamp),
                    )),
                    Batch::Opaque(o) => {
                        let hit = batch::decode(&o.payload).ok().and_then(|records| {
                            records.into_iter().find(|r| r.timestamp >= t).map(|r| {
                                (read.base_offset as i64 + i64::from(r.index), r.timestamp)
                            })
                        });
                        Ok(hit.unwrap_or((found as i64, t)))
                    }
                }
            }
            _ => Err(ResponseError::InvalidRequest),
        }
    }
}
