//! `shard_suite`: one conformance suite, run against every backend (`EngineMemory`,
//! `EngineRocksDB`, `EngineSegment`) and against a segment shard reached through the engine gRPC
//! service, so that the remote client is held to the same contract.
//!
//! Each case gets a fresh [`Harness`]: a temporary data directory with a [`ShardRegistry`], and,
//! for the remote variant, that registry served over gRPC on 127.0.0.1:0.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use robustmq_common::Shutdown;

use crate::grpc::EngineGrpc;
use crate::remote::EngineClient;
use crate::{
    Batch, EngineError, EngineMetrics, Header, OpaqueBatch, ReadBatch, Record, Shard, ShardConfig,
    ShardRegistry, ShardStore, StorageType,
};

struct Server {
    stop: Shutdown,
    task: tokio::task::JoinHandle<()>,
}

pub(crate) struct Harness {
    dir: tempfile::TempDir,
    storage: StorageType,
    registry: Option<Arc<ShardRegistry>>,
    store: Arc<dyn ShardStore>,
    server: Option<Server>,
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

async fn serve(registry: Arc<ShardRegistry>) -> (Arc<dyn ShardStore>, Server) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let stop = Shutdown::new();
    let service = EngineGrpc::new(registry);
    let wait = stop.wait_owned();
    let task = tokio::spawn(async move {
        tonic::transport::Server::builder()
            .add_service(service)
            .serve_with_incoming_shutdown(
                tokio_stream::wrappers::TcpListenerStream::new(listener),
                wait,
            )
            .await
            .expect("engine gRPC server");
    });
    let client = EngineClient::connect(format!("http://{addr}"))
        .await
        .expect("connect");
    (Arc::new(client), Server { stop, task })
}

impl Harness {
    pub(crate) async fn new(storage: StorageType, remote: bool) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let registry = Arc::new(
            ShardRegistry::open(
                dir.path(),
                EngineMetrics::unregistered().expect("metrics"),
                1,
            )
            .expect("open registry"),
        );
        let (store, server) = if remote {
            let (store, server) = serve(Arc::clone(&registry)).await;
            (store, Some(server))
        } else {
            (Arc::clone(&registry) as Arc<dyn ShardStore>, None)
        };
        Self {
            dir,
            storage,
            registry: Some(registry),
            store,
            server,
        }
    }

    fn registry(&self) -> &ShardRegistry {
        self.registry.as_deref().expect("registry is open")
    }

    fn durable(&self) -> bool {
        self.storage != StorageType::EngineMemory
    }

    async fn create(&self, name: &str, config: ShardConfig) -> Arc<dyn Shard> {
        self.store
            .create_shard(name, self.storage, config)
            .await
            .expect("create shard");
        self.store.shard(name).await.expect("shard")
    }

    /// Closes everything and opens the registry again from disk, as after a clean restart.
    async fn restart(&mut self) {
        let remote = self.server.is_some();
        if let Some(server) = self.server.take() {
            server.stop.trigger();
            let _ = server.task.await;
        }
        self.registry().close().await.expect("close");
        // The old registry holds RocksDB's lock: every handle on it must go before the reopen.
        self.store = Arc::new(Unopened);
        drop(self.registry.take());
        let registry = Arc::new(
            ShardRegistry::open(
                self.dir.path(),
                EngineMetrics::unregistered().expect("metrics"),
                1,
            )
            .expect("reopen registry"),
        );
        if remote {
            let (store, server) = serve(Arc::clone(&registry)).await;
            self.store = store;
            self.server = Some(server);
        } else {
            self.store = Arc::clone(&registry) as Arc<dyn ShardStore>;
        }
        self.registry = Some(registry);
    }
}

/// A store that exists only while a harness restarts.
struct Unopened;

#[async_trait::async_trait]
impl ShardStore for Unopened {
    async fn create_shard(
        &self,
        name: &str,
        _: StorageType,
        _: ShardConfig,
    ) -> crate::Result<crate::ShardInfo> {
        Err(EngineError::Closed(name.to_owned()))
    }
    async fn delete_shard(&self, name: &str) -> crate::Result<()> {
        Err(EngineError::Closed(name.to_owned()))
    }
    async fn list_shards(&self) -> crate::Result<Vec<crate::ShardInfo>> {
        Ok(Vec::new())
    }
    async fn shard(&self, name: &str) -> crate::Result<Arc<dyn Shard>> {
        Err(EngineError::Closed(name.to_owned()))
    }
}

fn record(i: u64) -> Record {
    Record {
        key: i.is_multiple_of(2).then(|| Bytes::from(format!("key-{i}"))),
        headers: if i.is_multiple_of(3) {
            vec![Header {
                key: "seq".into(),
                value: Bytes::from(i.to_string()),
            }]
        } else {
            Vec::new()
        },
        timestamp: 1_000 + i64::try_from(i).unwrap_or(0),
        value: Bytes::from(format!("value-{i}")),
    }
}

fn records_of(batches: &[ReadBatch]) -> Vec<(u64, Record)> {
    let mut out = Vec::new();
    for b in batches {
        match &b.batch {
            Batch::Records(records) => {
                for (i, r) in records.iter().enumerate() {
                    out.push((b.base_offset + i as u64, r.clone()));
                }
            }
            Batch::Opaque(_) => panic!("unexpected opaque batch"),
        }
    }
    out
}

async fn read_all(shard: &dyn Shard, from: u64) -> Vec<(u64, Record)> {
    let mut out = Vec::new();
    let mut next = from;
    let hw = shard.high_watermark().await.expect("hw");
    while next < hw {
        let batches = shard.read(next, 1000, 1 << 20).await.expect("read");
        assert!(
            !batches.is_empty(),
            "a read below the high watermark makes progress"
        );
        let records = records_of(&batches);
        next = records.last().map_or(next, |(o, _)| o + 1);
        out.extend(records);
    }
    out
}

/// 1 KiB records and 4 KiB segments, so a few records fill a segment.
fn small_segments() -> ShardConfig {
    ShardConfig {
        segment_bytes: 4096,
        index_interval_bytes: 1024,
        ..ShardConfig::default()
    }
}

fn kib_record(i: u64, timestamp: i64) -> Record {
    let mut value = vec![b'.'; 1024];
    value[..8].copy_from_slice(&i.to_le_bytes());
    Record::new(timestamp, value)
}

pub(crate) mod cases {
    use super::*;

    pub(crate) async fn offsets_are_dense_and_increasing(h: Harness) {
        let shard = h.create("dense", ShardConfig::default()).await;
        let mut expected = 0;
        for size in [1u64, 3, 1, 5] {
            let batch = Batch::Records((0..size).map(record).collect());
            let (first, last) = shard.append(batch).await.expect("append");
            assert_eq!((first, last), (expected, expected + size - 1));
            expected += size;
        }
        let status = shard.status().await.expect("status");
        assert_eq!(status.earliest, 0);
        assert_eq!(status.high_watermark, 10);
        assert_eq!(status.latest, 10);
        assert!(status.size_bytes > 0);
    }

    /// `try_append_now` either appends exactly as `append` would, or gives the batch back
    /// untouched with nothing appended; either way offsets stay dense.
    pub(crate) async fn an_append_without_waiting_is_an_append_or_nothing(h: Harness) {
        let shard = h.create("now", ShardConfig::default()).await;
        shard
            .append(Batch::Records(vec![record(0)]))
            .await
            .expect("append");
        let batch = Batch::Records(vec![record(1), record(2)]);
        match shard.try_append_now(batch.clone()) {
            Ok(appended) => assert_eq!(appended.expect("append now"), (1, 2)),
            Err(back) => {
                assert_eq!(back, batch, "the batch comes back untouched");
                assert_eq!(shard.high_watermark().await.expect("hw"), 1);
                shard.append(back).await.expect("append");
            }
        }
        let (first, _) = shard
            .append(Batch::Records(vec![record(3)]))
            .await
            .expect("append");
        assert_eq!(first, 3);
        let got: Vec<u64> = read_all(shard.as_ref(), 0)
            .await
            .into_iter()
            .map(|(o, _)| o)
            .collect();
        assert_eq!(got, [0, 1, 2, 3]);
    }

    pub(crate) async fn reads_return_what_was_appended_from_any_offset(h: Harness) {
        let shard = h.create("reads", ShardConfig::default()).await;
        let appended: Vec<Record> = (0..20).map(record).collect();
        for chunk in appended.chunks(4) {
            shard
                .append(Batch::Records(chunk.to_vec()))
                .await
                .expect("append");
        }
        for from in 0..20u64 {
            let got = read_all(shard.as_ref(), from).await;
            let want: Vec<(u64, Record)> = (from..20)
                .map(|o| (o, appended[o as usize].clone()))
                .collect();
            assert_eq!(got, want, "reading from {from}");
        }
        assert!(
            shard
                .read(20, 10, 1 << 20)
                .await
                .expect("read at hw")
                .is_empty()
        );
        assert!(matches!(
            shard.read(21, 10, 1 << 20).await,
            Err(EngineError::OffsetOutOfRange { .. })
        ));
    }

    pub(crate) async fn reads_respect_limits_but_always_progress(h: Harness) {
        let shard = h.create("limits", ShardConfig::default()).await;
        for i in 0..10 {
            shard
                .append(Batch::Records(vec![record(i)]))
                .await
                .expect("append");
        }
        let three = shard.read(0, 3, 1 << 20).await.expect("read");
        assert_eq!(records_of(&three).len(), 3);
        let one = shard.read(4, 100, 1).await.expect("read");
        assert_eq!(
            records_of(&one).iter().map(|(o, _)| *o).collect::<Vec<_>>(),
            [4]
        );
        let zero = shard.read(4, 0, 1 << 20).await.expect("read");
        assert_eq!(
            records_of(&zero).len(),
            1,
            "max_records 0 still returns one record"
        );
    }

    pub(crate) async fn reads_cross_segment_boundaries(h: Harness) {
        let shard = h.create("segments", small_segments()).await;
        for i in 0..50 {
            shard
                .append(Batch::Records(vec![kib_record(i, 0)]))
                .await
                .expect("append");
        }
        let all = read_all(shard.as_ref(), 0).await;
        assert_eq!(all.len(), 50);
        for (offset, r) in &all {
            assert_eq!(&r.value[..8], &offset.to_le_bytes());
        }
        let big = shard
            .read(7, 1000, 1 << 20)
            .await
            .expect("one read across segments");
        assert_eq!(records_of(&big).len(), 43);
    }

    pub(crate) async fn timestamps_find_the_first_record_at_or_after(h: Harness) {
        let shard = h.create("time", ShardConfig::default()).await;
        // Timestamps need not increase: the answer is the first offset whose timestamp is >= t.
        for (i, ts) in [5_000i64, 3_000, 8_000, 8_000, 9_000].iter().enumerate() {
            let mut r = record(i as u64);
            r.timestamp = *ts;
            shard.append(Batch::Records(vec![r])).await.expect("append");
        }
        assert_eq!(
            shard.offset_for_timestamp(0).await.expect("lookup"),
            Some(0)
        );
        assert_eq!(
            shard.offset_for_timestamp(4_000).await.expect("lookup"),
            Some(0)
        );
        assert_eq!(
            shard.offset_for_timestamp(6_000).await.expect("lookup"),
            Some(2)
        );
        assert_eq!(
            shard.offset_for_timestamp(8_500).await.expect("lookup"),
            Some(4)
        );
        assert_eq!(
            shard.offset_for_timestamp(9_001).await.expect("lookup"),
            None
        );
        let within = Batch::Records(vec![
            Record::new(10_000, "a"),
            Record::new(11_000, "b"),
            Record::new(12_000, "c"),
        ]);
        shard.append(within).await.expect("append");
        assert_eq!(
            shard.offset_for_timestamp(10_500).await.expect("lookup"),
            Some(6)
        );
    }

    pub(crate) async fn truncate_before_drops_earlier_records_and_never_reuses_offsets(h: Harness) {
        let shard = h.create("truncate", small_segments()).await;
        for i in 0..30 {
            shard
                .append(Batch::Records(vec![kib_record(i, 0)]))
                .await
                .expect("append");
        }
        shard.truncate_before(12).await.expect("truncate");
        let status = shard.status().await.expect("status");
        assert_eq!(status.earliest, 12);
        assert!(matches!(
            shard.read(11, 10, 1 << 20).await,
            Err(EngineError::OffsetOutOfRange { .. })
        ));
        let rest = read_all(shard.as_ref(), 12).await;
        assert_eq!(rest.first().map(|(o, _)| *o), Some(12));
        assert_eq!(rest.len(), 18);
        assert!(matches!(
            shard.truncate_before(31).await,
            Err(EngineError::OffsetOutOfRange { .. })
        ));
        shard
            .truncate_before(30)
            .await
            .expect("truncate everything");
        let status = shard.status().await.expect("status");
        assert_eq!((status.earliest, status.high_watermark), (30, 30));
        let (first, _) = shard
            .append(Batch::Records(vec![kib_record(30, 0)]))
            .await
            .expect("append");
        assert_eq!(first, 30, "offsets continue after a full truncation");
    }

    pub(crate) async fn retention_drops_old_and_excess_data(h: Harness) {
        let now = now_ms();
        let old = now - 3_600_000;
        let config = ShardConfig {
            retention_ms: Some(600_000),
            ..small_segments()
        };
        let shard = h.create("retention", config).await;
        for i in 0..40 {
            shard
                .append(Batch::Records(vec![kib_record(i, old)]))
                .await
                .expect("append");
        }
        for i in 40..50 {
            shard
                .append(Batch::Records(vec![kib_record(i, now)]))
                .await
                .expect("append");
        }
        h.registry().enforce_retention().await;
        let status = shard.status().await.expect("status");
        assert!(status.earliest > 0, "old records go: {status:?}");
        assert!(status.earliest <= 40, "recent records stay: {status:?}");
        let kept = read_all(shard.as_ref(), status.earliest).await;
        assert_eq!(kept.last().map(|(o, _)| *o), Some(49));

        let config = ShardConfig {
            retention_bytes: Some(16 * 1024),
            ..small_segments()
        };
        let sized = h.create("sized", config).await;
        for i in 0..60 {
            sized
                .append(Batch::Records(vec![kib_record(i, now)]))
                .await
                .expect("append");
        }
        h.registry().enforce_retention().await;
        let status = sized.status().await.expect("status");
        assert!(status.earliest > 0, "excess goes: {status:?}");
        assert!(
            status.size_bytes <= 16 * 1024 + 4096 + 2048,
            "within the bound plus one segment: {status:?}"
        );
        assert_eq!(
            read_all(sized.as_ref(), status.earliest)
                .await
                .last()
                .map(|(o, _)| *o),
            Some(59)
        );
    }

    pub(crate) async fn restart_keeps_acknowledged_records(mut h: Harness) {
        let shard = h.create("restart", small_segments()).await;
        let mut appended = Vec::new();
        for i in 0..40 {
            let r = kib_record(i, 1_000 + i64::try_from(i).unwrap_or(0));
            appended.push(r.clone());
            shard.append(Batch::Records(vec![r])).await.expect("append");
        }
        shard.truncate_before(3).await.expect("truncate");
        drop(shard);
        h.restart().await;
        let shard = h
            .store
            .shard("restart")
            .await
            .expect("shard survives restart");
        let status = shard.status().await.expect("status");
        if !h.durable() {
            assert_eq!(status.high_watermark, 0, "EngineMemory is lost on restart");
            return;
        }
        assert_eq!((status.earliest, status.high_watermark), (3, 40));
        let got = read_all(shard.as_ref(), 3).await;
        let want: Vec<(u64, Record)> = (3..40).map(|o| (o, appended[o as usize].clone())).collect();
        assert_eq!(got, want);
        assert_eq!(
            shard.offset_for_timestamp(1_020).await.expect("lookup"),
            Some(20)
        );
        let (first, _) = shard
            .append(Batch::Records(vec![kib_record(40, 0)]))
            .await
            .expect("append");
        assert_eq!(first, 40, "offsets continue after restart");
    }

    pub(crate) async fn concurrent_appenders_get_dense_disjoint_offsets(h: Harness) {
        let shard = h.create("concurrent", small_segments()).await;
        let mut tasks = Vec::new();
        for task in 0..8u64 {
            let shard = Arc::clone(&shard);
            tasks.push(tokio::spawn(async move {
                let mut ranges = Vec::new();
                for seq in 0..40u64 {
                    let n = 1 + (seq % 3);
                    let batch = Batch::Records(
                        (0..n)
                            .map(|k| Record::new(0, format!("{task}:{seq}:{k}")))
                            .collect(),
                    );
                    let (first, last) = shard.append(batch).await.expect("append");
                    assert_eq!(last - first + 1, n);
                    ranges.push((first, last, task, seq));
                }
                ranges
            }));
        }
        let mut ranges = Vec::new();
        for t in tasks {
            ranges.extend(t.await.expect("task"));
        }
        ranges.sort_unstable();
        let mut next = 0;
        for (first, last, _, _) in &ranges {
            assert_eq!(*first, next, "dense and disjoint");
            next = last + 1;
        }
        assert_eq!(shard.high_watermark().await.expect("hw"), next);
        let all = read_all(shard.as_ref(), 0).await;
        for (first, _, task, seq) in ranges {
            let (_, r) = &all[first as usize];
            assert_eq!(r.value, Bytes::from(format!("{task}:{seq}:0")));
        }
    }

    pub(crate) async fn large_empty_and_opaque_batches_round_trip(h: Harness) {
        let shard = h.create("sizes", ShardConfig::default()).await;
        let large = Record::new(1, vec![7u8; 8 << 20]);
        let empty = Record::default();
        shard
            .append(Batch::Records(vec![large.clone()]))
            .await
            .expect("8 MiB record");
        shard
            .append(Batch::Records(vec![empty.clone()]))
            .await
            .expect("empty record");
        let opaque = Batch::Opaque(OpaqueBatch {
            record_count: 5,
            max_timestamp: 9,
            payload: Bytes::from_static(b"verbatim bytes"),
        });
        assert_eq!(shard.append(opaque.clone()).await.expect("opaque"), (2, 6));
        shard
            .append(Batch::Records(vec![record(7)]))
            .await
            .expect("after opaque");
        let got = shard.read(0, 100, 64 << 20).await.expect("read");
        assert_eq!(got.len(), 4);
        assert_eq!(got[0].batch, Batch::Records(vec![large]));
        assert_eq!(got[1].batch, Batch::Records(vec![empty]));
        assert_eq!((got[2].base_offset, &got[2].batch), (2, &opaque));
        let from_inside = shard.read(4, 100, 1 << 20).await.expect("read");
        assert_eq!(
            from_inside[0].base_offset, 2,
            "an opaque batch is read whole"
        );
        assert!(matches!(
            shard.append(Batch::Records(Vec::new())).await,
            Err(EngineError::EmptyBatch | EngineError::InvalidConfig(_))
        ));
        let limited = h
            .create(
                "limited",
                ShardConfig {
                    max_batch_bytes: 4096,
                    ..ShardConfig::default()
                },
            )
            .await;
        assert!(matches!(
            limited
                .append(Batch::Records(vec![Record::new(0, vec![0u8; 8192])]))
                .await,
            Err(EngineError::BatchTooLarge { .. } | EngineError::InvalidConfig(_))
        ));
        assert_eq!(limited.high_watermark().await.expect("hw"), 0);
    }

    pub(crate) async fn an_abandoned_append_leaves_the_shard_consistent(h: Harness) {
        let shard = h.create("abandoned", ShardConfig::default()).await;
        for i in 0..20 {
            // Give up on the append right after it starts, as a timed-out caller or a dropped
            // gRPC request does.
            let _ = tokio::time::timeout(
                std::time::Duration::from_micros(1),
                shard.append(Batch::Records(vec![record(i)])),
            )
            .await;
        }
        let (first, _) = shard
            .append(Batch::Records(vec![record(99)]))
            .await
            .expect("the shard still takes appends");
        let status = shard.status().await.expect("status");
        assert_eq!(status.high_watermark, first + 1, "{status:?}");
        assert_eq!(
            status.latest, status.high_watermark,
            "nothing left in flight"
        );
        let all = read_all(shard.as_ref(), 0).await;
        let offsets: Vec<u64> = all.iter().map(|(o, _)| *o).collect();
        assert_eq!(
            offsets,
            (0..=first).collect::<Vec<_>>(),
            "dense, with no hole"
        );
    }

    pub(crate) async fn delete_closes_the_shard_and_frees_the_name(h: Harness) {
        let shard = h.create("gone", small_segments()).await;
        for i in 0..10 {
            shard
                .append(Batch::Records(vec![kib_record(i, 0)]))
                .await
                .expect("append");
        }
        h.store.delete_shard("gone").await.expect("delete");
        assert!(matches!(shard.status().await, Err(EngineError::Closed(_))));
        assert!(matches!(
            shard.read(0, 1, 1).await,
            Err(EngineError::Closed(_))
        ));
        assert!(shard.append(Batch::Records(vec![record(0)])).await.is_err());
        assert!(matches!(
            h.store.shard("gone").await,
            Err(EngineError::ShardNotFound(_))
        ));
        assert!(h.store.list_shards().await.expect("list").is_empty());
        assert!(matches!(
            h.store.delete_shard("gone").await,
            Err(EngineError::ShardNotFound(_))
        ));
        let again = h.create("gone", small_segments()).await;
        assert_eq!(
            again.high_watermark().await.expect("hw"),
            0,
            "a new shard starts empty"
        );
    }

    pub(crate) async fn registry_lists_shards_and_refuses_duplicates(h: Harness) {
        h.create("a", ShardConfig::default()).await;
        h.create("b/c", ShardConfig::default()).await;
        assert!(matches!(
            h.store
                .create_shard("a", h.storage, ShardConfig::default())
                .await,
            Err(EngineError::ShardExists(_))
        ));
        assert!(
            h.store
                .create_shard("", h.storage, ShardConfig::default())
                .await
                .is_err()
        );
        let names: Vec<String> = h
            .store
            .list_shards()
            .await
            .expect("list")
            .into_iter()
            .map(|i| i.name)
            .collect();
        assert_eq!(names, ["a", "b/c"]);
        let info = &h.store.list_shards().await.expect("list")[0];
        assert_eq!(info.storage, h.storage);
    }
}

macro_rules! suite {
    ($backend:ident, $storage:expr, $remote:expr, [$($case:ident),* $(,)?]) => {
        mod $backend {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    crate::shard_suite::cases::$case(
                        crate::shard_suite::Harness::new($storage, $remote).await,
                    )
                    .await;
                }
            )*
        }
    };
}

/// Cases for the local backends only: a cancelled gRPC call is not ordered with later calls on
/// other HTTP/2 streams, so "nothing is left in flight" has no meaning through the remote client.
macro_rules! local_backends {
    ($($case:ident),* $(,)?) => {
        mod local_only {
            suite!(memory, crate::StorageType::EngineMemory, false, [$($case),*]);
            suite!(rocksdb, crate::StorageType::EngineRocksDB, false, [$($case),*]);
            suite!(segment, crate::StorageType::EngineSegment, false, [$($case),*]);
        }
    };
}

macro_rules! all_backends {
    ($($case:ident),* $(,)?) => {
        suite!(memory, crate::StorageType::EngineMemory, false, [$($case),*]);
        suite!(rocksdb, crate::StorageType::EngineRocksDB, false, [$($case),*]);
        suite!(segment, crate::StorageType::EngineSegment, false, [$($case),*]);
        suite!(remote_segment, crate::StorageType::EngineSegment, true, [$($case),*]);
    };
}

all_backends!(
    offsets_are_dense_and_increasing,
    an_append_without_waiting_is_an_append_or_nothing,
    reads_return_what_was_appended_from_any_offset,
    reads_respect_limits_but_always_progress,
    reads_cross_segment_boundaries,
    timestamps_find_the_first_record_at_or_after,
    truncate_before_drops_earlier_records_and_never_reuses_offsets,
    retention_drops_old_and_excess_data,
    restart_keeps_acknowledged_records,
    concurrent_appenders_get_dense_disjoint_offsets,
    large_empty_and_opaque_batches_round_trip,
    delete_closes_the_shard_and_frees_the_name,
    registry_lists_shards_and_refuses_duplicates,
);

local_backends!(an_abandoned_append_leaves_the_shard_consistent);
