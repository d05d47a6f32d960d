//! `bench kafka produce|consume`: a Kafka load generator on the `kafka-protocol` crate's wire
//! types, against RobustMQ or any Kafka broker.
//!
//! `produce`: each producer has its own connection and a partition (producer n writes
//! partition n mod partitions), encodes one record batch of `--batch` records of `--size` bytes
//! with the chosen codec once, and sends it over and over, `--inflight` requests in flight; an
//! idempotent producer gets an id and stamps each batch with its sequence (and a new CRC).
//! Latency is the time from a request's write to its answer. `consume`: one connection fetches
//! every partition from the earliest offset until it reaches the end it saw at the start (or
//! the duration ends), counting records from the batch headers without decoding them.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use bytes::{Buf, BufMut, Bytes, BytesMut};
use kafka_protocol::messages::create_topics_request::CreatableTopic;
use kafka_protocol::messages::fetch_request::{FetchPartition, FetchTopic};
use kafka_protocol::messages::list_offsets_request::{ListOffsetsPartition, ListOffsetsTopic};
use kafka_protocol::messages::metadata_request::MetadataRequestTopic;
use kafka_protocol::messages::produce_request::{PartitionProduceData, TopicProduceData};
use kafka_protocol::messages::{
    ApiKey, CreateTopicsRequest, CreateTopicsResponse, FetchRequest, FetchResponse,
    InitProducerIdRequest, InitProducerIdResponse, ListOffsetsRequest, ListOffsetsResponse,
    MetadataRequest, MetadataResponse, ProduceRequest, ProduceResponse, RequestHeader,
    ResponseHeader, TopicName,
};
use kafka_protocol::protocol::{Decodable, Encodable, StrBytes};
use kafka_protocol::records::{
    Compression, Record, RecordBatchEncoder, RecordEncodeOptions, TimestampType,
};
use serde::Serialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::bench::client::BenchError;
use crate::bench::stats::{self, Counters, Latency};
use crate::cli::{KafkaCodec, KafkaConsumeArgs, KafkaProduceArgs, KafkaTarget};

const PRODUCE_VERSION: i16 = 9;
/// Fetch 11, the last version before flexible ones: Tansu 0.6 answers Fetch 12 with a tagged
/// field that version does not define (tag 0 at the top level, NodeEndpoints, is 16+), which the
/// `kafka-protocol` crate refuses. The records served are the same bytes in both versions.
const FETCH_VERSION: i16 = 11;
const METADATA_VERSION: i16 = 9;
const LIST_OFFSETS_VERSION: i16 = 5;
const CREATE_TOPICS_VERSION: i16 = 5;
const INIT_PRODUCER_ID_VERSION: i16 = 4;

/// One Kafka connection: requests out, answers in, in order.
struct Conn {
    stream: TcpStream,
    next_id: i32,
    read: BytesMut,
}

impl Conn {
    async fn open(addr: &str) -> Result<Conn, BenchError> {
        let stream = TcpStream::connect(addr)
            .await
            .map_err(|e| BenchError::Unreachable {
                addr: addr.to_owned(),
                reason: e.to_string(),
            })?;
        stream.set_nodelay(true)?;
        Ok(Conn {
            stream,
            next_id: 1,
            read: BytesMut::with_capacity(1 << 16),
        })
    }

    async fn send<R: Encodable>(
        &mut self,
        api: ApiKey,
        version: i16,
        req: &R,
    ) -> Result<(), BenchError> {
        let mut header = RequestHeader::default();
        header.request_api_key = api as i16;
        header.request_api_version = version;
        header.correlation_id = self.next_id;
        header.client_id = Some(StrBytes::from_static_str("robustmqctl-bench"));
        self.next_id += 1;
        let mut frame = BytesMut::new();
        frame.put_i32(0);
        let encoded = header
            .encode(&mut frame, api.request_header_version(version))
            .and_then(|()| req.encode(&mut frame, version));
        encoded.map_err(|e| BenchError::Protocol(format!("encode: {e}")))?;
        let size = i32::try_from(frame.len() - 4)
            .map_err(|_| BenchError::Protocol("request too large".into()))?;
        frame[..4].copy_from_slice(&size.to_be_bytes());
        self.stream.write_all(&frame).await?;
        Ok(())
    }

    async fn recv<R: Decodable>(&mut self, api: ApiKey, version: i16) -> Result<R, BenchError> {
        loop {
            if self.read.len() >= 4 {
                let size = usize::try_from(i32::from_be_bytes([
                    self.read[0],
                    self.read[1],
                    self.read[2],
                    self.read[3],
                ]))
                .map_err(|_| BenchError::Protocol("negative response size".into()))?;
                if self.read.len() >= 4 + size {
                    self.read.advance(4);
                    let mut body = self.read.split_to(size).freeze();
                    ResponseHeader::decode(&mut body, api.response_header_version(version))
                        .map_err(|e| BenchError::Protocol(format!("response header: {e}")))?;
                    return R::decode(&mut body, version)
                        .map_err(|e| BenchError::Protocol(format!("response: {e}")));
                }
                self.read.reserve(4 + size - self.read.len());
            }
            if self.stream.read_buf(&mut self.read).await? == 0 {
                return Err(BenchError::Protocol(
                    "the broker closed the connection".into(),
                ));
            }
        }
    }

    async fn call<Req: Encodable, Resp: Decodable>(
        &mut self,
        api: ApiKey,
        version: i16,
        req: &Req,
    ) -> Result<Resp, BenchError> {
        self.send(api, version, req).await?;
        self.recv(api, version).await
    }
}

fn topic_name(name: &str) -> TopicName {
    TopicName(StrBytes::from_string(name.to_owned()))
}

/// The partition count of the target topic, creating it with `partitions` when it is missing.
async fn partitions(target: &KafkaTarget, create: u32) -> Result<u32, BenchError> {
    let mut conn = Conn::open(&target.bootstrap).await?;
    let mut t = CreatableTopic::default();
    t.name = topic_name(&target.topic);
    t.num_partitions = i32::try_from(create).unwrap_or(1);
    t.replication_factor = 1;
    let mut req = CreateTopicsRequest::default();
    req.topics = vec![t];
    req.timeout_ms = 10_000;
    let _: CreateTopicsResponse = conn
        .call(ApiKey::CreateTopics, CREATE_TOPICS_VERSION, &req)
        .await?;
    let mut req = MetadataRequest::default();
    let mut t = MetadataRequestTopic::default();
    t.name = Some(topic_name(&target.topic));
    req.topics = Some(vec![t]);
    let resp: MetadataResponse = conn.call(ApiKey::Metadata, METADATA_VERSION, &req).await?;
    let topic = resp
        .topics
        .first()
        .ok_or_else(|| BenchError::Protocol("Metadata answered no topic".into()))?;
    if topic.error_code != 0 || topic.partitions.is_empty() {
        return Err(BenchError::Protocol(format!(
            "topic {}: Metadata error {}",
            target.topic, topic.error_code
        )));
    }
    Ok(topic.partitions.len() as u32)
}

fn compression(codec: KafkaCodec) -> Compression {
    match codec {
        KafkaCodec::None => Compression::None,
        KafkaCodec::Gzip => Compression::Gzip,
        KafkaCodec::Snappy => Compression::Snappy,
        KafkaCodec::Lz4 => Compression::Lz4,
        KafkaCodec::Zstd => Compression::Zstd,
    }
}

/// One batch of `count` records of `size` bytes (a counter in front of pseudo-random filler,
/// so compression has something real to do), for producer `id` at `epoch`.
fn encode_batch(
    count: u32,
    size: u32,
    codec: KafkaCodec,
    id: i64,
    epoch: i16,
) -> Result<Bytes, BenchError> {
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let records: Vec<Record> = (0..count)
        .map(|i| {
            let mut value = vec![0u8; size as usize];
            for (j, b) in value.iter_mut().enumerate() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                // Text-like: a quarter of the bytes vary, the rest repeat.
                *b = if j % 4 == 0 {
                    b'a' + (seed % 26) as u8
                } else {
                    b'x'
                };
            }
            Record {
                transactional: false,
                control: false,
                partition_leader_epoch: -1,
                producer_id: id,
                producer_epoch: epoch,
                timestamp_type: TimestampType::Creation,
                offset: i64::from(i),
                sequence: i as i32,
                timestamp: i64::try_from(stats::now_ns() / 1_000_000).unwrap_or(0),
                key: None,
                value: Some(Bytes::from(value)),
                headers: Default::default(),
            }
        })
        .collect();
    let mut out = BytesMut::new();
    RecordBatchEncoder::encode(
        &mut out,
        records.iter(),
        &RecordEncodeOptions {
            version: 2,
            compression: compression(codec),
        },
    )
    .map_err(|e| BenchError::Protocol(format!("encode batch: {e}")))?;
    Ok(out.freeze())
}

/// Stamps an idempotent producer's next sequence into a batch and rewrites its CRC.
fn with_sequence(batch: &Bytes, sequence: i32) -> Bytes {
    let mut b = BytesMut::from(&batch[..]);
    b[53..57].copy_from_slice(&sequence.to_be_bytes());
    let crc = crc32c::crc32c(&b[21..]);
    b[17..21].copy_from_slice(&crc.to_be_bytes());
    b.freeze()
}

/// The summary of a `bench kafka` run.
#[derive(Debug, Serialize)]
pub struct KafkaReport {
    /// `produce` or `consume`.
    pub mode: &'static str,
    /// Bootstrap address.
    pub broker: String,
    /// Topic.
    pub topic: String,
    /// Partitions of the topic.
    pub partitions: u32,
    /// Connections.
    pub clients: u32,
    /// `acks` (produce).
    pub acks: Option<i16>,
    /// Codec (produce).
    pub compression: Option<String>,
    /// Idempotent producers (produce).
    pub idempotent: Option<bool>,
    /// Record value bytes (produce).
    pub size: Option<u32>,
    /// Records per batch (produce).
    pub batch: Option<u32>,
    /// Seconds measured.
    pub duration_s: f64,
    /// Records produced (acknowledged, or sent with acks 0) or consumed.
    pub records: u64,
    /// Records per second.
    pub records_per_s: f64,
    /// Value megabytes (10^6) per second, uncompressed (produce) or batch bytes (consume).
    pub mb_per_s: f64,
    /// Requests answered with an error, or connections lost.
    pub errors: u64,
    /// Produce request latency (write to answer), microseconds.
    pub latency_us: Option<Latency>,
}

/// Runs `bench kafka produce`.
///
/// # Errors
/// [`BenchError`] when the broker cannot be reached or the topic not found or created.
pub async fn produce(args: KafkaProduceArgs) -> Result<KafkaReport, BenchError> {
    let parts = partitions(&args.target, args.partitions).await?;
    let counters = std::sync::Arc::new(Counters::default());
    let deadline = Instant::now() + Duration::from_secs(args.duration_secs);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for n in 0..args.producers {
        let args = args.clone();
        let counters = std::sync::Arc::clone(&counters);
        tasks.push(tokio::spawn(async move {
            let result = producer(&args, (n % parts) as i32, deadline, &counters).await;
            if let Err(e) = &result {
                eprintln!("producer {n}: {e}");
                counters
                    .errors
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    let records = Counters::get(&counters.acked);
    Ok(KafkaReport {
        mode: "produce",
        broker: args.target.bootstrap.clone(),
        topic: args.target.topic.clone(),
        partitions: parts,
        clients: args.producers,
        acks: Some(args.acks.value()),
        compression: Some(format!("{:?}", args.compression).to_lowercase()),
        idempotent: Some(args.idempotent),
        size: Some(args.size),
        batch: Some(args.batch),
        duration_s: secs,
        records,
        records_per_s: records as f64 / secs,
        mb_per_s: records as f64 * f64::from(args.size) / secs / 1e6,
        errors: Counters::get(&counters.errors),
        latency_us: counters.latency(),
    })
}

async fn producer(
    args: &KafkaProduceArgs,
    partition: i32,
    deadline: Instant,
    counters: &Counters,
) -> Result<(), BenchError> {
    use std::sync::atomic::Ordering::Relaxed;
    let mut conn = Conn::open(&args.target.bootstrap).await?;
    let (id, epoch) = if args.idempotent {
        let mut req = InitProducerIdRequest::default();
        req.transactional_id = None;
        req.producer_id = kafka_protocol::messages::ProducerId(-1);
        req.producer_epoch = -1;
        let resp: InitProducerIdResponse = conn
            .call(ApiKey::InitProducerId, INIT_PRODUCER_ID_VERSION, &req)
            .await?;
        if resp.error_code != 0 {
            return Err(BenchError::Protocol(format!(
                "InitProducerId error {}",
                resp.error_code
            )));
        }
        (resp.producer_id.0, resp.producer_epoch)
    } else {
        (-1, -1)
    };
    let template = encode_batch(args.batch, args.size, args.compression, id, epoch)?;
    let acks = args.acks.value();
    let mut sequence: i32 = 0;
    let mut in_flight: VecDeque<Instant> = VecDeque::new();
    let mut latency = stats::histogram();
    let request = |records: Bytes| {
        let mut part = PartitionProduceData::default();
        part.index = partition;
        part.records = Some(records);
        let mut t = TopicProduceData::default();
        t.name = topic_name(&args.target.topic);
        t.partition_data = vec![part];
        let mut req = ProduceRequest::default();
        req.acks = acks;
        req.timeout_ms = 30_000;
        req.topic_data = vec![t];
        req
    };
    while Instant::now() < deadline {
        while in_flight.len() < usize::from(args.inflight) && Instant::now() < deadline {
            let records = if args.idempotent {
                let b = with_sequence(&template, sequence);
                sequence = sequence.wrapping_add(args.batch as i32) & i32::MAX;
                b
            } else {
                template.clone()
            };
            conn.send(ApiKey::Produce, PRODUCE_VERSION, &request(records))
                .await?;
            if acks == 0 {
                counters.acked.fetch_add(u64::from(args.batch), Relaxed);
            } else {
                in_flight.push_back(Instant::now());
            }
        }
        if let Some(sent) = in_flight.pop_front() {
            let resp: ProduceResponse = conn.recv(ApiKey::Produce, PRODUCE_VERSION).await?;
            let _ = latency.record(
                u64::try_from(sent.elapsed().as_micros())
                    .unwrap_or(u64::MAX)
                    .max(1),
            );
            let failed = resp
                .responses
                .iter()
                .flat_map(|t| &t.partition_responses)
                .any(|p| p.error_code != 0);
            if failed {
                counters.errors.fetch_add(1, Relaxed);
            } else {
                counters.acked.fetch_add(u64::from(args.batch), Relaxed);
            }
        }
    }
    while in_flight.pop_front().is_some() {
        let resp: ProduceResponse = conn.recv(ApiKey::Produce, PRODUCE_VERSION).await?;
        if resp
            .responses
            .iter()
            .flat_map(|t| &t.partition_responses)
            .all(|p| p.error_code == 0)
        {
            counters.acked.fetch_add(u64::from(args.batch), Relaxed);
        }
    }
    counters.merge(&latency);
    Ok(())
}

/// Runs `bench kafka consume`.
///
/// # Errors
/// [`BenchError`] when the broker cannot be reached or the topic is unknown.
pub async fn consume(args: KafkaConsumeArgs) -> Result<KafkaReport, BenchError> {
    let parts = partitions(&args.target, 1).await?;
    let mut conn = Conn::open(&args.target.bootstrap).await?;
    let ends = list_offsets(&mut conn, &args.target.topic, parts, -1).await?;
    let mut next = list_offsets(&mut conn, &args.target.topic, parts, -2).await?;
    let deadline = Instant::now() + Duration::from_secs(args.duration_secs);
    let started = Instant::now();
    let (mut records, mut bytes, mut errors) = (0u64, 0u64, 0u64);
    while Instant::now() < deadline && next.iter().zip(&ends).any(|(n, e)| n < e) {
        let mut req = FetchRequest::default();
        req.replica_id = kafka_protocol::messages::BrokerId(-1);
        req.max_wait_ms = 100;
        req.min_bytes = 1;
        req.max_bytes = i32::try_from(args.max_bytes).unwrap_or(i32::MAX);
        let mut t = FetchTopic::default();
        t.topic = topic_name(&args.target.topic);
        t.partitions = (0..parts)
            .filter(|&p| next[p as usize] < ends[p as usize])
            .map(|p| {
                let mut fp = FetchPartition::default();
                fp.partition = p as i32;
                fp.fetch_offset = next[p as usize];
                fp.partition_max_bytes = req.max_bytes;
                fp
            })
            .collect();
        req.topics = vec![t];
        let resp: FetchResponse = conn.call(ApiKey::Fetch, FETCH_VERSION, &req).await?;
        for p in resp.responses.iter().flat_map(|t| &t.partitions) {
            if p.error_code != 0 {
                errors += 1;
                continue;
            }
            let Some(mut data) = p.records.clone() else {
                continue;
            };
            let i = usize::try_from(p.partition_index).unwrap_or(0);
            while data.len() >= 61 {
                let base = data.slice(0..8).get_i64();
                let length = usize::try_from(data.slice(8..12).get_i32()).unwrap_or(0) + 12;
                if length > data.len() {
                    break;
                }
                let delta = i64::from(data.slice(23..27).get_i32());
                let count = u64::try_from(data.slice(57..61).get_i32()).unwrap_or(0);
                if i < next.len() && base + delta >= next[i] {
                    // Records before the fetch offset, in a batch that begins before it, are
                    // the client's to skip.
                    let skipped = u64::try_from(next[i] - base).unwrap_or(0).min(count);
                    records += count - skipped;
                    bytes += length as u64;
                    next[i] = base + delta + 1;
                }
                data.advance(length);
            }
        }
    }
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    Ok(KafkaReport {
        mode: "consume",
        broker: args.target.bootstrap.clone(),
        topic: args.target.topic.clone(),
        partitions: parts,
        clients: 1,
        acks: None,
        compression: None,
        idempotent: None,
        size: None,
        batch: None,
        duration_s: secs,
        records,
        records_per_s: records as f64 / secs,
        mb_per_s: bytes as f64 / secs / 1e6,
        errors,
        latency_us: None,
    })
}

/// The offset at `timestamp` (-1 latest, -2 earliest) of every partition.
async fn list_offsets(
    conn: &mut Conn,
    topic: &str,
    parts: u32,
    timestamp: i64,
) -> Result<Vec<i64>, BenchError> {
    let mut req = ListOffsetsRequest::default();
    req.replica_id = kafka_protocol::messages::BrokerId(-1);
    let mut t = ListOffsetsTopic::default();
    t.name = topic_name(topic);
    t.partitions = (0..parts)
        .map(|p| {
            let mut lp = ListOffsetsPartition::default();
            lp.partition_index = p as i32;
            lp.timestamp = timestamp;
            lp
        })
        .collect();
    req.topics = vec![t];
    let resp: ListOffsetsResponse = conn
        .call(ApiKey::ListOffsets, LIST_OFFSETS_VERSION, &req)
        .await?;
    let mut out = vec![0i64; parts as usize];
    for p in resp.topics.iter().flat_map(|t| &t.partitions) {
        if let Some(slot) = usize::try_from(p.partition_index)
            .ok()
            .and_then(|i| out.get_mut(i))
        {
            *slot = p.offset.max(0);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sequence_stamp_keeps_the_batch_valid() {
        let batch = encode_batch(10, 100, KafkaCodec::Lz4, 5, 0).expect("encode");
        let stamped = with_sequence(&batch, 40);
        assert_eq!(stamped[53..57], 40i32.to_be_bytes());
        let crc = u32::from_be_bytes([stamped[17], stamped[18], stamped[19], stamped[20]]);
        assert_eq!(crc, crc32c::crc32c(&stamped[21..]));
        let mut buf = stamped.clone();
        let set = kafka_protocol::records::RecordBatchDecoder::decode(&mut buf).expect("decodes");
        assert_eq!(set.records.len(), 10);
        assert_eq!(set.records[3].sequence, 43);
    }
}
