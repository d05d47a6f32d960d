//! Kafka on the same shards as MQTT, judged by the clients Kafka users run: kafka-python and
//! confluent-kafka (`tests/clients/kafka_scenarios.py`), kcat, and mosquitto and paho-mqtt on
//! the MQTT side. What no client shows (the bytes of a stored batch, malformed frames) is
//! checked with a raw connection speaking the wire types of the `kafka-protocol` crate.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use kafka_protocol::messages::create_topics_request::CreatableTopic;
use kafka_protocol::messages::fetch_request::{FetchPartition, FetchTopic};
use kafka_protocol::messages::produce_request::{PartitionProduceData, TopicProduceData};
use kafka_protocol::messages::{
    ApiKey, ApiVersionsRequest, ApiVersionsResponse, CreateTopicsRequest, CreateTopicsResponse,
    FetchRequest, FetchResponse, ProduceRequest, ProduceResponse, RequestHeader, TopicName,
};
use kafka_protocol::protocol::{Decodable, Encodable, StrBytes};
use kafka_protocol::records::{
    Compression, Record, RecordBatchEncoder, RecordEncodeOptions, TimestampType,
};
use robustmq_broker::kafka::batch::offsets_of;
use robustmq_broker::kafka::frame::{decode_response, encode_request};
use robustmq_tests::mqtt::{Broker, assert_success};
use robustmq_tests::{robustmqctl, workspace_root};

/// Runs one scenario of `tests/clients/kafka_scenarios.py` and asserts it passed; returns its
/// output, which states what it measured.
fn scenario(broker: &Broker, name: &str, args: &[&str]) -> String {
    let script = workspace_root().join("tests/clients/kafka_scenarios.py");
    let output = Command::new("python3")
        .arg(&script)
        .arg(name)
        .arg("--bootstrap")
        .arg(broker.kafka())
        .arg("--mqtt-port")
        .arg(broker.port().to_string())
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run python3 (installed by .ci/run)");
    assert_success(&format!("kafka scenario {name} {args:?}"), &output);
    let out = String::from_utf8_lossy(&output.stdout).into_owned();
    print!("{out}");
    out
}

fn kcat(broker: &Broker, args: &[&str], input: &str) -> String {
    let mut child = Command::new("kcat")
        .arg("-b")
        .arg(broker.kafka())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kcat (installed by .ci/run)");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write");
    let output = child.wait_with_output().expect("kcat");
    assert_success(&format!("kcat {args:?}"), &output);
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A Kafka connection with no client logic: frames out, frames in.
struct Raw {
    stream: TcpStream,
    next_id: i32,
}

impl Raw {
    fn open(broker: &Broker) -> Raw {
        let stream = TcpStream::connect(broker.kafka()).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        Raw { stream, next_id: 1 }
    }

    fn send_bytes(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).expect("write");
    }

    /// The next response frame, without its size; `None` when the broker closed the
    /// connection.
    fn recv(&mut self) -> Option<Bytes> {
        let mut size = [0u8; 4];
        if self.stream.read_exact(&mut size).is_err() {
            return None;
        }
        let mut body = vec![0u8; usize::try_from(i32::from_be_bytes(size)).expect("size")];
        self.stream.read_exact(&mut body).ok()?;
        Some(Bytes::from(body))
    }

    fn call<Req: Encodable, Resp: Decodable>(
        &mut self,
        api: ApiKey,
        version: i16,
        req: &Req,
    ) -> Resp {
        let mut header = RequestHeader::default();
        header.request_api_key = api as i16;
        header.request_api_version = version;
        header.correlation_id = self.next_id;
        header.client_id = Some(StrBytes::from_static_str("raw"));
        self.next_id += 1;
        let frame = encode_request(&header, req).expect("encode");
        self.send_bytes(&frame);
        let body = self.recv().expect("an answer, not a close");
        let (id, resp) = decode_response(body, api, version).expect("decode");
        assert_eq!(id, header.correlation_id);
        resp
    }

    fn closed(&mut self) -> bool {
        self.recv().is_none()
    }
}

fn create(raw: &mut Raw, name: &str, partitions: i32) {
    let mut t = CreatableTopic::default();
    t.name = TopicName(StrBytes::from_string(name.to_owned()));
    t.num_partitions = partitions;
    t.replication_factor = 1;
    let mut req = CreateTopicsRequest::default();
    req.topics = vec![t];
    req.timeout_ms = 5000;
    let resp: CreateTopicsResponse = raw.call(ApiKey::CreateTopics, 7, &req);
    assert_eq!(resp.topics[0].error_code, 0, "{resp:?}");
}

fn batch(n: usize, compression: Compression) -> Bytes {
    let records: Vec<Record> = (0..n)
        .map(|i| Record {
            transactional: false,
            control: false,
            partition_leader_epoch: -1,
            producer_id: -1,
            producer_epoch: -1,
            timestamp_type: TimestampType::Creation,
            offset: i as i64,
            // The encoder starts a new batch wherever offset minus sequence changes: this
            // keeps one batch, with no producer sequence (-1).
            sequence: i as i32 - 1,
            timestamp: 1_800_000_000_000 + i as i64,
            key: None,
            value: Some(Bytes::from(format!("value {i} ").repeat(50))),
            headers: Default::default(),
        })
        .collect();
    let mut buf = BytesMut::new();
    RecordBatchEncoder::encode(
        &mut buf,
        records.iter(),
        &RecordEncodeOptions {
            version: 2,
            compression,
        },
    )
    .expect("encode");
    buf.freeze()
}

fn produce(raw: &mut Raw, topic: &str, records: Bytes) -> (i16, i64) {
    let mut part = PartitionProduceData::default();
    part.index = 0;
    part.records = Some(records);
    let mut t = TopicProduceData::default();
    t.name = TopicName(StrBytes::from_string(topic.to_owned()));
    t.partition_data = vec![part];
    let mut req = ProduceRequest::default();
    req.acks = -1;
    req.timeout_ms = 5000;
    req.topic_data = vec![t];
    let resp: ProduceResponse = raw.call(ApiKey::Produce, 9, &req);
    let p = &resp.responses[0].partition_responses[0];
    (p.error_code, p.base_offset)
}

fn fetch(raw: &mut Raw, topic: &str, offset: i64) -> (i16, Bytes) {
    let mut part = FetchPartition::default();
    part.partition = 0;
    part.fetch_offset = offset;
    part.partition_max_bytes = 1 << 20;
    let mut t = FetchTopic::default();
    t.topic = TopicName(StrBytes::from_string(topic.to_owned()));
    t.partitions = vec![part];
    let mut req = FetchRequest::default();
    req.max_wait_ms = 100;
    req.min_bytes = 1;
    req.max_bytes = 1 << 20;
    req.topics = vec![t];
    let resp: FetchResponse = raw.call(ApiKey::Fetch, 12, &req);
    let p = &resp.responses[0].partitions[0];
    (p.error_code, p.records.clone().unwrap_or_default())
}

#[test]
fn kafka_python_and_confluent_kafka_produce_every_codec_idempotently_and_read_it_all_back() {
    let broker = Broker::start_kafka(&[]);
    scenario(&broker, "produce_codecs", &["--count", "100000"]);
    let metrics = broker.scrape();
    assert!(
        metrics.contains("robustmq_kafka_requests_total{api=\"Produce\"}"),
        "per-API metrics"
    );
    assert!(
        metrics.contains("robustmq_kafka_requests_total{api=\"InitProducerId\"}"),
        "idempotent producers asked for ids"
    );
}

#[test]
fn a_group_of_three_reads_each_record_once_and_rebalances_when_a_member_leaves() {
    let broker = Broker::start_kafka(&[]);
    scenario(&broker, "group", &["--count", "5000"]);
}

#[test]
fn committed_offsets_resume_after_a_daemon_restart() {
    let mut broker = Broker::start_kafka(&[]);
    let topic = ["--topic", "resume", "--group", "rg"];
    scenario(
        &broker,
        "produce",
        &[&topic[..], &["--count", "100"]].concat(),
    );
    scenario(
        &broker,
        "commit",
        &[&topic[..], &["--count", "40"]].concat(),
    );
    let server = format!("http://127.0.0.1:{}", broker.ports.http);
    let group = || {
        let (code, out, err) = robustmqctl(
            &["--server", &server, "-o", "json"],
            &["group", "describe", "rg"],
            &[],
        );
        assert_eq!(code, Some(0), "{out}{err}");
        serde_json::from_str::<serde_json::Value>(&out).expect("json")
    };
    let described = group();
    assert_eq!(described["offsets"][0]["committed"], 40, "{described}");
    assert_eq!(described["offsets"][0]["end"], 100, "{described}");
    assert_eq!(described["offsets"][0]["lag"], 60, "{described}");
    broker.restart();
    let after = group();
    assert_eq!(
        after["state"], "Empty",
        "known only by its offsets after a restart: {after}"
    );
    assert_eq!(after["offsets"][0]["lag"], 60, "{after}");
    let (code, _, err) = robustmqctl(
        &["--server", &server],
        &["group", "describe", "nobody"],
        &[],
    );
    assert_eq!(
        code,
        Some(1),
        "an unknown group is a failed operation: {err}"
    );
    let out = scenario(
        &broker,
        "commit",
        &[&topic[..], &["--count", "60", "--expect", "40"]].concat(),
    );
    assert!(out.contains("read offsets 40..99"), "{out}");
}

#[test]
fn mqtt_and_kafka_share_topics_both_ways_with_user_properties_as_headers() {
    let broker = Broker::start_kafka(&[]);
    let server = format!("http://127.0.0.1:{}", broker.ports.http);
    let (code, out, err) = robustmqctl(
        &["--server", &server],
        &[
            "topic",
            "create",
            "plant/line-1",
            "--storage",
            "EngineSegment",
        ],
        &[],
    );
    assert_eq!(code, Some(0), "{out}{err}");
    let names = ["--topic", "plant/line-1", "--kafka-topic", "plant.line-1"];
    scenario(
        &broker,
        "mqtt_to_kafka",
        &[&names[..], &["--count", "1000"]].concat(),
    );
    scenario(
        &broker,
        "kafka_to_mqtt",
        &[&names[..], &["--count", "1000"]].concat(),
    );
    let listed = kcat(&broker, &["-L", "-t", "plant.line-1"], "");
    assert!(
        listed.contains("topic \"plant.line-1\" with 1 partitions"),
        "the MQTT topic is listed under its Kafka name: {listed}"
    );
}

#[test]
fn kcat_lists_metadata_and_round_trips() {
    let broker = Broker::start_kafka(&[]);
    let lines: String = (0..200).map(|i| format!("line {i}\n")).collect();
    kcat(&broker, &["-P", "-t", "kcat-topic", "-z", "lz4"], &lines);
    let listed = kcat(&broker, &["-L"], "");
    assert!(listed.contains("broker 1 at 127.0.0.1"), "{listed}");
    assert!(
        listed.contains("topic \"kcat-topic\" with 1 partitions"),
        "auto-created: {listed}"
    );
    let consumed = kcat(
        &broker,
        &[
            "-C",
            "-t",
            "kcat-topic",
            "-o",
            "beginning",
            "-e",
            "-f",
            "%o %s\n",
        ],
        "",
    );
    let want: String = (0..200).map(|i| format!("{i} line {i}\n")).collect();
    assert_eq!(consumed, want);
    let tail = kcat(
        &broker,
        &["-C", "-t", "kcat-topic", "-o", "-3", "-e", "-f", "%o\n"],
        "",
    );
    assert_eq!(
        tail, "197\n198\n199\n",
        "a relative offset from the end (ListOffsets)"
    );
}

#[test]
fn a_produced_compressed_batch_comes_back_from_fetch_byte_for_byte_but_its_offset() {
    let broker = Broker::start_kafka(&[]);
    let mut raw = Raw::open(&broker);
    create(&mut raw, "verbatim", 1);
    let first = batch(3, Compression::Gzip);
    assert_eq!(produce(&mut raw, "verbatim", first), (0, 0));
    for codec in [
        Compression::Gzip,
        Compression::Snappy,
        Compression::Lz4,
        Compression::Zstd,
    ] {
        let sent = batch(5, codec);
        let (code, base) = produce(&mut raw, "verbatim", sent.clone());
        assert_eq!(code, 0, "{codec:?}");
        // A fetch at an offset inside the batch gets the whole batch.
        let (code, got) = fetch(&mut raw, "verbatim", base + 2);
        assert_eq!(code, 0);
        let got = got.slice(..sent.len());
        assert_eq!(offsets_of(got.clone()), [(base, 5)], "{codec:?}");
        assert_eq!(got[8..12], sent[8..12], "{codec:?}: batch length");
        assert_eq!(
            got[12..16],
            0i32.to_be_bytes(),
            "the leader epoch, as Kafka sets it"
        );
        assert_eq!(
            got[16..],
            sent[16..],
            "{codec:?}: magic, CRC and records verbatim"
        );
    }
}

#[test]
fn malformed_kafka_frames_get_an_error_code_or_a_close_and_other_clients_keep_working() {
    let broker = Broker::start_kafka(&[]);
    let mut raw = Raw::open(&broker);
    create(&mut raw, "hostile", 1);

    // A batch whose CRC does not match: CORRUPT_MESSAGE (2), the connection stays.
    let mut bad = batch(4, Compression::None).to_vec();
    let last = bad.len() - 1;
    bad[last] ^= 0xff;
    assert_eq!(produce(&mut raw, "hostile", Bytes::from(bad)).0, 2);
    // A truncated batch: INVALID_RECORD (87).
    let whole = batch(4, Compression::Zstd);
    let cut = whole.slice(..whole.len() - 7);
    assert_eq!(produce(&mut raw, "hostile", cut).0, 87);
    // Two batches for one partition: INVALID_RECORD.
    let mut two = batch(1, Compression::None).to_vec();
    two.extend_from_slice(&batch(1, Compression::None));
    assert_eq!(produce(&mut raw, "hostile", Bytes::from(two)).0, 87);
    // An unknown topic: UNKNOWN_TOPIC_OR_PARTITION (3).
    assert_eq!(
        produce(&mut raw, "nowhere", batch(1, Compression::None)).0,
        3
    );
    // Nothing of it was stored.
    assert_eq!(fetch(&mut raw, "hostile", 0), (0, Bytes::new()));

    // ApiVersions at a version above the served ones: UNSUPPORTED_VERSION (35) in the v0
    // format, with the versions that are served (KIP-511).
    let mut header = RequestHeader::default();
    header.request_api_key = ApiKey::ApiVersions as i16;
    header.request_api_version = 3;
    header.correlation_id = 77;
    let mut frame = encode_request(&header, &ApiVersionsRequest::default())
        .expect("encode")
        .to_vec();
    frame[6..8].copy_from_slice(&99i16.to_be_bytes());
    raw.send_bytes(&frame);
    let body = raw.recv().expect("an answer");
    let (id, resp): (i32, ApiVersionsResponse) =
        decode_response(body, ApiKey::ApiVersions, 0).expect("v0 response");
    assert_eq!((id, resp.error_code), (77, 35));
    assert!(
        resp.api_keys
            .iter()
            .any(|k| k.api_key == ApiKey::Fetch as i16)
    );

    // Each of these closes its connection.
    let closing: [(&str, Vec<u8>); 5] = [
        ("a negative size", (-1i32).to_be_bytes().to_vec()),
        (
            "a size above max_request_bytes",
            i32::MAX.to_be_bytes().to_vec(),
        ),
        ("an unknown API key", {
            let mut f = 8i32.to_be_bytes().to_vec();
            f.extend_from_slice(&999i16.to_be_bytes());
            f.extend_from_slice(&0i16.to_be_bytes());
            f.extend_from_slice(&1i32.to_be_bytes());
            f
        }),
        // 14 bytes that claim 2^31 - 1 topics: decoding must not allocate for them up front
        // (it would abort the process; vendor/README.md).
        ("an array count the request cannot hold", {
            let mut f = 14i32.to_be_bytes().to_vec();
            f.extend_from_slice(&(ApiKey::Metadata as i16).to_be_bytes());
            f.extend_from_slice(&1i16.to_be_bytes());
            f.extend_from_slice(&1i32.to_be_bytes());
            f.extend_from_slice(&(-1i16).to_be_bytes());
            f.extend_from_slice(&i32::MAX.to_be_bytes());
            f
        }),
        ("a body that does not decode", {
            let mut f = 12i32.to_be_bytes().to_vec();
            f.extend_from_slice(&(ApiKey::Produce as i16).to_be_bytes());
            f.extend_from_slice(&9i16.to_be_bytes());
            f.extend_from_slice(&1i32.to_be_bytes());
            f.extend_from_slice(&[0xff, 0xff, 0xff, 0x7f]);
            f
        }),
    ];
    for (what, bytes) in closing {
        let mut c = Raw::open(&broker);
        c.send_bytes(&bytes);
        assert!(c.closed(), "{what}: the connection closes");
    }

    // The first connection, and new clients, are served as before.
    let (code, base) = produce(&mut raw, "hostile", batch(2, Compression::Lz4));
    assert_eq!((code, base), (0, 0));
    let lines: String = (0..10).map(|i| format!("after {i}\n")).collect();
    kcat(&broker, &["-P", "-t", "hostile"], &lines);
    let consumed = kcat(
        &broker,
        &["-C", "-t", "hostile", "-o", "2", "-e", "-f", "%s\n"],
        "",
    );
    assert_eq!(consumed, lines);
}

#[test]
fn kafka_admin_clients_grow_describe_list_and_delete() {
    let broker = Broker::start_kafka(&[]);
    scenario(&broker, "admin", &[]);
}
