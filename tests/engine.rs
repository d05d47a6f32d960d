//! The engine role of a real `robustmqd`: shards created over `EngineService` survive a restart
//! of the daemon, and a node without the engine role says so.

use std::time::Duration;

use robustmq_engine::remote::EngineClient;
use robustmq_engine::{Batch, EngineError, Record, ShardConfig, ShardStore, StorageType};
use robustmq_tests::{Daemon, Ports};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

#[test]
fn shards_written_through_the_engine_service_survive_a_restart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ports = Ports::free();
    let start = || {
        let mut daemon =
            Daemon::spawn(dir.path(), &["start"], &ports.env(), ports.http).expect("spawn");
        daemon.wait_healthy().expect("healthy");
        daemon
    };
    let endpoint = format!("http://127.0.0.1:{}", ports.grpc);
    let rt = runtime();

    let mut daemon = start();
    rt.block_on(async {
        let engine = EngineClient::connect(endpoint.clone())
            .await
            .expect("connect");
        for storage in [StorageType::EngineSegment, StorageType::EngineRocksDB] {
            let name = format!("sensors/{storage:?}");
            engine
                .create_shard(&name, storage, ShardConfig::default())
                .await
                .expect("create");
            let shard = engine.shard(&name).await.expect("shard");
            for i in 0..100 {
                let (first, _) = shard
                    .append(Batch::Records(vec![Record::new(i, format!("m{i}"))]))
                    .await
                    .expect("append");
                assert_eq!(first, u64::try_from(i).expect("small"));
            }
        }
    });
    daemon.signal("TERM").expect("SIGTERM");
    assert_eq!(
        daemon
            .wait_exit(Duration::from_secs(10))
            .expect("stops")
            .code(),
        Some(0)
    );

    let _daemon = start();
    rt.block_on(async {
        let engine = EngineClient::connect(endpoint).await.expect("connect");
        let names: Vec<String> = engine
            .list_shards()
            .await
            .expect("list")
            .into_iter()
            .map(|i| i.name)
            .collect();
        assert_eq!(names, ["sensors/EngineRocksDB", "sensors/EngineSegment"]);
        for name in names {
            let shard = engine.shard(&name).await.expect("shard");
            assert_eq!(shard.high_watermark().await.expect("hw"), 100, "{name}");
            let batches = shard.read(42, 1, 1 << 20).await.expect("read");
            assert_eq!(batches[0].base_offset, 42);
            assert_eq!(
                batches[0].batch,
                Batch::Records(vec![Record::new(42, "m42")])
            );
        }
    });
}

#[test]
fn a_node_without_the_engine_role_answers_unavailable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ports = Ports::free();
    let mut daemon = Daemon::spawn(
        dir.path(),
        &["start", "--roles", "meta,broker"],
        &ports.env(),
        ports.http,
    )
    .expect("spawn");
    daemon.wait_healthy().expect("healthy");
    runtime().block_on(async {
        let engine = EngineClient::connect(format!("http://127.0.0.1:{}", ports.grpc))
            .await
            .expect("connect");
        let err = engine.list_shards().await.expect_err("no engine here");
        assert!(matches!(err, EngineError::Unreachable(_)), "{err:?}");
        assert!(
            err.to_string().contains("engine role is not running"),
            "{err}"
        );
    });
}
