//! The inner gRPC port is closed to callers without the cluster secret: Raft, the Meta Service
//! (writes, reads, watch) and the Storage Engine refuse them with UNAUTHENTICATED, while the node
//! goes on serving its own cluster, operators (with the admin token) and MQTT clients. A node
//! whose inner port binds beyond loopback without a secret does not start.

use robustmq_engine::remote::EngineClient;
use robustmq_engine::{Batch, Record, ShardStore as _};
use robustmq_meta_client::{MetaClient, MetaError, RemoteMeta};
use robustmq_proto::auth::ClusterCredential;
use robustmq_proto::engine::engine_service_client::EngineServiceClient;
use robustmq_proto::meta::meta_service_client::MetaServiceClient;
use robustmq_proto::meta::{
    RaftRpc, RaftRpcKind, ReadConsistency, ReadRequest, WatchRequest, WriteRequest, read_request,
};
use robustmq_tests::mqtt::{Broker, assert_success, mosquitto};

/// A secret as long as the config asks for.
pub const SECRET: &str = "test-secret-0123456789abcdefghijklmnop";
const ADMIN_TOKEN: &str = "op-token";

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// A channel to the inner gRPC port at `endpoint`, carrying nothing of its own.
async fn connect(endpoint: &str) -> tonic::transport::Channel {
    tonic::transport::Endpoint::from_shared(endpoint.to_owned())
        .expect("endpoint")
        .connect()
        .await
        .expect("connect")
}

/// Asserts that `result` is a gRPC refusal for a missing credential.
fn unauthenticated<T: std::fmt::Debug>(what: &str, result: Result<T, tonic::Status>) {
    match result {
        Err(status) => assert_eq!(
            status.code(),
            tonic::Code::Unauthenticated,
            "{what}: {status}"
        ),
        Ok(reply) => panic!("{what} was answered without the cluster secret: {reply:?}"),
    }
}

#[test]
fn inner_services_refuse_callers_without_the_cluster_secret() {
    let broker = Broker::start(&[
        ("SERVER_CLUSTER_SECRET", SECRET),
        ("SERVER_ADMIN_TOKEN", ADMIN_TOKEN),
    ]);
    let endpoint = format!("http://127.0.0.1:{}", broker.ports.grpc);
    let rt = runtime();
    rt.block_on(async {
        let channel = connect(&endpoint).await;
        let mut raw = MetaServiceClient::new(channel.clone());
        // A forged Raft vote: the payload does not matter, the credential is checked first.
        unauthenticated(
            "Raft vote",
            raw.raft(RaftRpc {
                group: "metadata".into(),
                kind: RaftRpcKind::Vote.into(),
                payload: Vec::new().into(),
            })
            .await,
        );
        unauthenticated(
            "meta write",
            raw.write(WriteRequest {
                group: "metadata".into(),
                command: Vec::new().into(),
                forwarded: false,
            })
            .await,
        );
        unauthenticated(
            "meta read of user/",
            raw.read(ReadRequest {
                group: "metadata".into(),
                target: Some(read_request::Target::Prefix("user/".into())),
                consistency: ReadConsistency::Local.into(),
                forwarded: false,
                limit: 0,
                after: String::new(),
            })
            .await,
        );
        unauthenticated(
            "meta watch",
            raw.watch(WatchRequest {
                prefixes: vec![String::new()],
            })
            .await,
        );
        assert!(
            matches!(
                RemoteMeta::connect(endpoint.clone()).await,
                Err(MetaError::Unauthenticated(_))
            ),
            "a meta client without the secret is refused"
        );
        let wrong = ClusterCredential::new("wrong-secret-0123456789abcdefghijklmn");
        assert!(matches!(
            RemoteMeta::connect_with(endpoint.clone(), wrong).await,
            Err(MetaError::Unauthenticated(_))
        ));

        let engine = EngineClient::connect(endpoint.clone())
            .await
            .expect("connect");
        let refused = engine
            .list_shards()
            .await
            .expect_err("engine without the secret");
        assert!(refused.to_string().contains("cluster secret"), "{refused}");

        // With the secret, the same calls are served.
        let credential = ClusterCredential::new(SECRET);
        let meta = RemoteMeta::connect_with(endpoint.clone(), credential.clone())
            .await
            .expect("meta with the secret");
        meta.kv_set("k", b"v".to_vec()).await.expect("write");
        let engine = EngineClient::connect_with(endpoint.clone(), credential)
            .await
            .expect("connect");
        engine
            .create_shard(
                "inner#0",
                robustmq_engine::StorageType::EngineMemory,
                Default::default(),
            )
            .await
            .expect("create");
        let shard = engine.shard("inner#0").await.expect("shard");
        shard
            .append(Batch::Records(vec![Record::new(0, &b"x"[..])]))
            .await
            .expect("append with the secret");
        let mut raw_engine = EngineServiceClient::new(channel);
        unauthenticated(
            "engine append",
            raw_engine
                .append(robustmq_proto::engine::AppendRequest {
                    shard: "inner#0".into(),
                    batch: None,
                })
                .await,
        );
    });

    // The operator's gRPC path: NodeService takes the admin token instead.
    let grpc = format!("127.0.0.1:{}", broker.ports.grpc);
    let (code, _, err) = robustmq_tests::robustmqctl(
        &["--grpc", &grpc, "--token", ADMIN_TOKEN],
        &["node", "status"],
        &[],
    );
    assert_eq!(code, Some(0), "{err}");
    let (code, _, err) = robustmq_tests::robustmqctl(&["--grpc", &grpc], &["node", "status"], &[]);
    assert_ne!(code, Some(0), "node status without a credential is refused");
    assert!(
        err.contains("cluster secret"),
        "refused for its credential: {err}"
    );

    // And MQTT clients are served throughout.
    let out = mosquitto("mosquitto_pub", broker.port())
        .args(["-t", "after/auth", "-q", "1", "-m", "ok"])
        .output()
        .expect("mosquitto_pub");
    assert_success("mosquitto_pub", &out);
}

/// The bincode bytes of a meta `Command::Delete` inside `depth` one-member `Command::Batch`es,
/// as a hostile peer would write them.
fn nested_batches(depth: usize) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(depth * 12 + 13);
    for _ in 0..depth {
        bytes.extend_from_slice(&4u32.to_le_bytes());
        bytes.extend_from_slice(&1u64.to_le_bytes());
    }
    bytes.extend_from_slice(&2u32.to_le_bytes());
    bytes.extend_from_slice(&1u64.to_le_bytes());
    bytes.push(b'k');
    bytes
}

/// Even a caller holding the secret cannot take the node down with what it sends: a megabyte of
/// nested batches and a message over the size cap are errors, and the node goes on serving.
#[test]
fn hostile_meta_payloads_get_an_error_not_an_abort() {
    let broker = Broker::start(&[("SERVER_CLUSTER_SECRET", SECRET)]);
    let endpoint = format!("http://127.0.0.1:{}", broker.ports.grpc);
    let rt = runtime();
    rt.block_on(async {
        let channel = connect(&endpoint).await;
        let mut raw = MetaServiceClient::with_interceptor(channel, ClusterCredential::new(SECRET));
        let nested = raw
            .write(WriteRequest {
                group: "metadata".into(),
                command: nested_batches((1 << 20) / 12).into(),
                forwarded: false,
            })
            .await
            .expect_err("a megabyte of nested batches");
        assert_eq!(nested.code(), tonic::Code::InvalidArgument, "{nested}");
        assert!(nested.message().contains("nest deeper"), "{nested}");

        let oversized = raw
            .write(WriteRequest {
                group: "metadata".into(),
                command: vec![0u8; robustmq_meta_client::remote::MAX_MESSAGE_BYTES + 1].into(),
                forwarded: false,
            })
            .await
            .expect_err("a message over the cap");
        assert_eq!(oversized.code(), tonic::Code::OutOfRange, "{oversized}");

        let meta = RemoteMeta::connect_with(endpoint.clone(), ClusterCredential::new(SECRET))
            .await
            .expect("meta still serves");
        meta.kv_set("after/hostile", b"v".to_vec())
            .await
            .expect("a write after the hostile ones");
    });
    let out = mosquitto("mosquitto_pub", broker.port())
        .args(["-t", "after/hostile", "-q", "1", "-m", "ok"])
        .output()
        .expect("mosquitto_pub");
    assert_success("mosquitto_pub", &out);
}

#[test]
fn an_inner_port_beyond_loopback_without_a_secret_does_not_start() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("node.toml");
    std::fs::write(
        &config,
        "[server]\ngrpc_addr = \"0.0.0.0:1228\"\nadmin_token = \"t\"\n",
    )
    .expect("config");
    let out = robustmq_tests::run(
        "robustmqd",
        &["start", "--config", config.to_str().expect("utf-8")],
        dir.path(),
        &[],
    );
    assert_eq!(out.status.code(), Some(2), "a config error");
    let err = String::from_utf8_lossy(&out.stderr);
    let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "one error line: {err}");
    assert!(errors[0].contains("server.cluster_secret"), "{err}");
    assert!(errors[0].contains("0.0.0.0:1228"), "{err}");
}
