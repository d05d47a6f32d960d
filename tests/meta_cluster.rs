//! Three `robustmqd --roles meta` processes from `config/cluster/`: writes through a follower,
//! SIGKILL of the `metadata` leader, the time until a new leader commits, and catch-up of the
//! killed node after its restart.

use std::path::Path;
use std::time::{Duration, Instant};

use robustmq_meta_client::{Liveness, MetaClient, MetaError, RemoteMeta, TopicMeta};
use robustmq_proto::auth::ClusterCredential;
use robustmq_proto::meta::RaftStatusRequest;
use robustmq_tests::pki::{CLIENT_EXT, NODE_EXT, Pki};
use robustmq_tests::{Daemon, workspace_root};
use tonic::transport::{Certificate, ClientTlsConfig, Identity};

/// Admin HTTP port and inner gRPC address of node `n` in `config/cluster/node<n>.toml`.
fn ports(n: u64) -> (u16, String) {
    let http = [8080, 8180, 8280][usize::try_from(n - 1).expect("small")];
    (http, format!("127.0.0.1:{}", n * 1000 + 228))
}

fn start(n: u64, data: &Path) -> Daemon {
    let config = workspace_root().join(format!("config/cluster/node{n}.toml"));
    let dir = data.join(format!("node{n}"));
    std::fs::create_dir_all(&dir).expect("node dir");
    let (http, _) = ports(n);
    let mut daemon = Daemon::spawn(
        &dir,
        &[
            "start",
            "--config",
            config.to_str().expect("utf-8"),
            "--roles",
            "meta",
            "--data-dir",
            dir.join("data").to_str().expect("utf-8"),
        ],
        // A short node timeout, so the controller's verdicts come within the test.
        &[(
            "ROBUSTMQ_META_NODE_TIMEOUT_MS".to_owned(),
            "2000".to_owned(),
        )],
        http,
    )
    .expect("spawn");
    daemon.wait_healthy().expect("healthy");
    daemon
}

/// One `robustmqctl cluster status -o json` frame from node `n`.
fn cluster_status(n: u64) -> serde_json::Value {
    let (http, _) = ports(n);
    let url = format!("http://127.0.0.1:{http}");
    let out = robustmq_tests::run(
        "robustmqctl",
        &["--server", &url, "-o", "json", "cluster", "status"],
        &std::env::temp_dir(),
        &[],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("a status frame")
}

/// Waits until node `n` reports `target`'s published liveness as `want`.
async fn wait_for_liveness(n: u64, target: u64, want: Liveness) {
    let deadline = Instant::now() + Duration::from_secs(30);
    let meta = client(n).await;
    loop {
        let all = meta.nodes().await.expect("node records");
        if all.iter().any(|(r, l)| r.node_id == target && *l == want) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "node {target} never became {want:?}: {all:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The cluster secret of the example configs in `config/cluster/`.
fn example_credential() -> ClusterCredential {
    let config = std::fs::read_to_string(workspace_root().join("config/cluster/node1.toml"))
        .expect("example config");
    let secret = config
        .lines()
        .find_map(|l| l.strip_prefix("cluster_secret = "))
        .expect("the example sets a cluster secret")
        .trim_matches('"');
    ClusterCredential::new(secret)
}

async fn client(n: u64) -> RemoteMeta {
    RemoteMeta::connect_with(format!("http://{}", ports(n).1), example_credential())
        .await
        .expect("connect")
}

/// The leader of the `metadata` group as node `n` sees it, waiting until there is one.
async fn metadata_leader(n: u64) -> u64 {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let status = client(n)
            .await
            .grpc()
            .raft_status(RaftStatusRequest {})
            .await
            .expect("RaftStatus")
            .into_inner();
        let metadata = status.groups.iter().find(|g| g.group == "metadata");
        let leader = metadata.and_then(|g| g.leader);
        if let Some(leader) = leader {
            return leader;
        }
        assert!(Instant::now() < deadline, "no metadata leader after 30 s");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn wait_for_keys(n: u64, prefix: &str, count: usize) -> Vec<(String, Vec<u8>)> {
    let deadline = Instant::now() + Duration::from_secs(30);
    let meta = client(n).await;
    loop {
        let found = meta.kv_prefix(prefix, false).await.expect("local read");
        if found.len() >= count {
            return found;
        }
        assert!(
            Instant::now() < deadline,
            "node {n} has {} of {count} `{prefix}` keys after 30 s",
            found.len()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[test]
fn three_meta_nodes_survive_the_loss_of_the_leader() {
    let data = tempfile::tempdir().expect("tempdir");
    let mut daemons: Vec<Option<Daemon>> = (1..=3).map(|n| Some(start(n, data.path()))).collect();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");

    let leader = rt.block_on(metadata_leader(1));
    let follower = (1..=3).find(|n| *n != leader).expect("a follower");
    rt.block_on(async {
        // The nodes share the example's cluster secret; a caller without it is refused.
        assert!(matches!(
            RemoteMeta::connect(format!("http://{}", ports(leader).1)).await,
            Err(robustmq_meta_client::MetaError::Unauthenticated(_))
        ));
        let meta = client(follower).await;
        let mut tasks = Vec::new();
        for t in 0..8u32 {
            let meta = meta.clone();
            tasks.push(tokio::spawn(async move {
                for i in (t..1000).step_by(8) {
                    meta.kv_set(&format!("key-{i:04}"), format!("value-{i}").into_bytes())
                        .await
                        .expect("write through a follower");
                }
            }));
        }
        for task in tasks {
            task.await.expect("writer");
        }
        assert_eq!(
            meta.kv_prefix("key-", true)
                .await
                .expect("linearizable read")
                .len(),
            1000
        );
    });

    let killed_at = Instant::now();
    daemons[usize::try_from(leader - 1).expect("small")]
        .as_mut()
        .expect("leader runs")
        .signal("KILL")
        .expect("SIGKILL");
    let survivor = (1..=3).find(|n| *n != leader).expect("a survivor");
    let failover = rt.block_on(async {
        let meta = client(survivor).await;
        meta.kv_set("after-kill-0000", b"first".to_vec())
            .await
            .expect("a new leader commits");
        let failover = killed_at.elapsed();
        for i in 1..100 {
            meta.kv_set(&format!("after-kill-{i:04}"), b"while down".to_vec())
                .await
                .expect("write while a node is down");
        }
        failover
    });
    let new_leader = rt.block_on(metadata_leader(survivor));
    assert_ne!(new_leader, leader, "leadership moved");
    // The controller moved with leadership and judges the killed node by its silent heartbeat.
    rt.block_on(wait_for_liveness(survivor, leader, Liveness::Dead));
    // The status frame of the survivor lists every node; the dead one carries the reason.
    let status = cluster_status(survivor);
    let listed = status["nodes"].as_array().cloned().unwrap_or_default();
    assert_eq!(listed.len(), 3, "{status}");
    assert_eq!(
        listed[0]["node_id"], survivor,
        "the answering node comes first"
    );
    let killed = listed
        .iter()
        .find(|n| n["node_id"] == leader)
        .unwrap_or_else(|| panic!("node {leader} missing: {status}"));
    assert_eq!(killed["liveness"], "dead");
    assert!(killed["error"].is_string(), "{status}");
    println!(
        "meta failover: metadata leader node {leader} killed with SIGKILL; node {new_leader} led and committed a write {} ms later",
        failover.as_millis()
    );

    drop(daemons[usize::try_from(leader - 1).expect("small")].take());
    daemons[usize::try_from(leader - 1).expect("small")] = Some(start(leader, data.path()));
    rt.block_on(wait_for_liveness(survivor, leader, Liveness::Alive));
    // Every node answers for itself through the one it asks: one leader of `metadata`, which
    // reports both followers' replication.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let status = cluster_status(leader);
        let listed = status["nodes"].as_array().cloned().unwrap_or_default();
        let metadata: Vec<serde_json::Value> = listed
            .iter()
            .filter(|n| n["error"].is_null())
            .filter_map(|n| {
                n["raft"]
                    .as_array()
                    .and_then(|g| g.iter().find(|g| g["group"] == "metadata").cloned())
            })
            .collect();
        let leaders: Vec<&serde_json::Value> =
            metadata.iter().filter(|g| g["role"] == "leader").collect();
        if metadata.len() == 3
            && leaders.len() == 1
            && leaders[0]["replication"].as_array().map(Vec::len) == Some(2)
        {
            assert_eq!(leaders[0]["leader_id"], new_leader, "{status}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the status never showed three nodes and one leader: {status}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    rt.block_on(async {
        let all = client(survivor).await.nodes().await.expect("node records");
        assert_eq!(all.len(), 3, "{all:?}");
        for n in 1..=3 {
            let keys = wait_for_keys(n, "key-", 1000).await;
            for (i, (key, value)) in keys.iter().enumerate() {
                assert_eq!(key, &format!("key-{i:04}"), "node {n}");
                assert_eq!(value, &format!("value-{i}").into_bytes(), "node {n}");
            }
            let later = wait_for_keys(n, "after-kill-", 100).await;
            assert_eq!(later.len(), 100, "node {n}");
        }

        // The typed API over the same cluster: written through one node, read through another.
        let (writer, reader) = (client(1).await, client(3).await);
        let topic = TopicMeta {
            name: "sensors".to_owned(),
            partitions: 3,
            storage: "EngineSegment".to_owned(),
            retention_ms: Some(3_600_000),
            created_ms: 1,
        };
        writer.topic_put(&topic).await.expect("topic");
        writer
            .session_put("dev-1", b"session".to_vec())
            .await
            .expect("session");
        writer
            .subscription_put("dev-1", "sensors/+/temp", b"qos1".to_vec())
            .await
            .expect("sub");
        writer
            .retained_put("sensors/7/temp", b"21.5".to_vec())
            .await
            .expect("retained");
        writer
            .offset_commit("analytics", "sensors", 2, 99)
            .await
            .expect("offset");
        assert_eq!(
            reader.topic_get("sensors").await.expect("topic"),
            Some(topic)
        );
        assert_eq!(
            reader.session_get("dev-1").await.expect("session"),
            Some(b"session".to_vec())
        );
        assert_eq!(
            reader
                .offset_fetch("analytics", "sensors", 2)
                .await
                .expect("offset"),
            Some(99)
        );
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let retained = reader.retained_match("sensors/#").await.expect("retained");
            let subs = reader.subscription_list("dev-").await.expect("subs");
            if retained.len() == 1 && subs.len() == 1 {
                assert_eq!(retained[0], ("sensors/7/temp".to_owned(), b"21.5".to_vec()));
                assert_eq!(subs[0].1, "sensors/+/temp");
                break;
            }
            assert!(
                Instant::now() < deadline,
                "local reads on node 3 never caught up"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    });
}

/// A broker-only node reaches meta with the cluster secret both nodes share.
#[test]
fn a_node_without_the_meta_role_heartbeats_through_a_meta_peer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (meta_ports, broker_ports) = (robustmq_tests::Ports::free(), robustmq_tests::Ports::free());
    let meta_dir = dir.path().join("meta");
    let broker_dir = dir.path().join("broker");
    std::fs::create_dir_all(&meta_dir).expect("dir");
    std::fs::create_dir_all(&broker_dir).expect("dir");
    let secret = (
        "ROBUSTMQ_SERVER_CLUSTER_SECRET".to_owned(),
        crate::inner_auth::SECRET.to_owned(),
    );
    let mut meta_env = meta_ports.env();
    meta_env.push(secret.clone());
    let mut meta_node =
        Daemon::spawn(&meta_dir, &["start"], &meta_env, meta_ports.http).expect("spawn meta");
    meta_node.wait_healthy().expect("meta healthy");
    let mut env = broker_ports.env();
    env.push(secret);
    env.retain(|(k, _)| k != "ROBUSTMQ_META_PEERS");
    env.push((
        "ROBUSTMQ_META_PEERS".to_owned(),
        format!("1=127.0.0.1:{}", meta_ports.grpc),
    ));
    env.push(("ROBUSTMQ_NODE_ID".to_owned(), "2".to_owned()));
    let mut broker = Daemon::spawn(
        &broker_dir,
        &["start", "--roles", "broker"],
        &env,
        broker_ports.http,
    )
    .expect("spawn broker");
    broker.wait_healthy().expect("broker healthy");

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let meta = RemoteMeta::connect_with(
            format!("http://127.0.0.1:{}", meta_ports.grpc),
            ClusterCredential::new(crate::inner_auth::SECRET),
        )
        .await
        .expect("connect");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let all = meta.nodes().await.expect("node records");
            if let Some((record, liveness)) = all.iter().find(|(r, _)| r.node_id == 2) {
                assert_eq!(record.roles, ["broker"]);
                assert_eq!(*liveness, Liveness::Alive);
                break;
            }
            assert!(
                Instant::now() < deadline,
                "node 2 never registered: {all:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    });
}

/// Starts meta node `id` of a cluster whose `peers` are given, on free ports.
fn start_meta(dir: &Path, id: u64, grpc: u16, peers: &str) -> Daemon {
    start_meta_with(dir, id, grpc, peers, "")
}

/// [`start_meta`] with `server` appended to the node's `[server]` table.
fn start_meta_with(dir: &Path, id: u64, grpc: u16, peers: &str, server: &str) -> Daemon {
    let ports = robustmq_tests::Ports::free();
    let node_dir = dir.join(format!("node{id}"));
    std::fs::create_dir_all(&node_dir).expect("dir");
    let config = node_dir.join("node.toml");
    std::fs::write(
        &config,
        format!(
            "node_id = {id}\nroles = [\"meta\"]\ndata_dir = \"{}\"\n[server]\ngrpc_addr = \"127.0.0.1:{grpc}\"\nhttp_addr = \"127.0.0.1:{}\"\nprometheus_addr = \"\"\n{server}\n[meta]\npeers = {{ {peers} }}\n",
            node_dir.join("data").display(),
            ports.http,
        ),
    )
    .expect("config");
    let mut daemon = Daemon::spawn(
        &node_dir,
        &["start", "--config", config.to_str().expect("utf-8")],
        &[],
        ports.http,
    )
    .expect("spawn");
    daemon.wait_healthy().expect("healthy");
    daemon
}

#[test]
fn a_fourth_node_joins_every_group_as_a_voter_and_leaves_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let grpc: Vec<u16> = (0..4).map(|_| robustmq_tests::free_port()).collect();
    let peers = |n: usize| {
        (0..n)
            .map(|i| format!("{} = \"127.0.0.1:{}\"", i + 1, grpc[i]))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let first: Vec<Daemon> = (0..3)
        .map(|i| start_meta(dir.path(), i as u64 + 1, grpc[i], &peers(3)))
        .collect();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let endpoint = |i: usize| format!("http://127.0.0.1:{}", grpc[i]);
    rt.block_on(async {
        let meta = RemoteMeta::connect(endpoint(0)).await.expect("connect");
        meta.kv_set("before-join", b"1".to_vec())
            .await
            .expect("write before the join");
    });

    // Node 4 knows all four peers but, not being the lowest id, waits to be added.
    let _fourth = start_meta(dir.path(), 4, grpc[3], &peers(4));
    rt.block_on(async {
        let mut admin = RemoteMeta::connect(endpoint(1))
            .await
            .expect("connect")
            .grpc();
        let joined = admin
            .change_membership(robustmq_proto::meta::ChangeMembershipRequest {
                action: robustmq_proto::meta::MembershipAction::Join.into(),
                node_id: 4,
                addr: format!("127.0.0.1:{}", grpc[3]),
                group: None,
            })
            .await
            .expect("join")
            .into_inner();
        assert_eq!(joined.voters.len(), 3, "every group: {joined:?}");
        for (group, voters) in &joined.voters {
            assert_eq!(voters.ids, [1, 2, 3, 4], "{group}");
        }
        // The new voter holds what was written before it joined.
        let fourth = RemoteMeta::connect(endpoint(3))
            .await
            .expect("connect to node 4");
        let deadline = Instant::now() + Duration::from_secs(20);
        while fourth
            .kv_get("before-join", false)
            .await
            .expect("local read")
            != Some(b"1".to_vec())
        {
            assert!(Instant::now() < deadline, "node 4 never caught up");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }

        let left = admin
            .change_membership(robustmq_proto::meta::ChangeMembershipRequest {
                action: robustmq_proto::meta::MembershipAction::Leave.into(),
                node_id: 4,
                addr: String::new(),
                group: None,
            })
            .await
            .expect("leave")
            .into_inner();
        for (group, voters) in &left.voters {
            assert_eq!(voters.ids, [1, 2, 3], "{group}");
        }
        let meta = RemoteMeta::connect(endpoint(2)).await.expect("connect");
        meta.kv_set("after-leave", b"2".to_vec())
            .await
            .expect("three voters still commit");
    });

    // The same through the admin API: robustmqctl over REST to node 2 joins node 4 again, and
    // over gRPC to node 3 removes it.
    let rest = format!("http://{}", first[1].http);
    let addr = format!("127.0.0.1:{}", grpc[3]);
    let out = robustmq_tests::run(
        "robustmqctl",
        &[
            "--server",
            &rest,
            "-o",
            "json",
            "cluster",
            "join",
            "--node-id",
            "4",
            "--addr",
            &addr,
        ],
        dir.path(),
        &[],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let joined: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let groups = joined["groups"].as_array().expect("groups");
    assert_eq!(groups.len(), 3, "{joined}");
    assert!(
        groups
            .iter()
            .all(|g| g["voters"] == serde_json::json!([1, 2, 3, 4])),
        "{joined}"
    );
    let grpc_addr = format!("127.0.0.1:{}", grpc[2]);
    let out = robustmq_tests::run(
        "robustmqctl",
        &[
            "--grpc",
            &grpc_addr,
            "-o",
            "json",
            "cluster",
            "leave",
            "--node-id",
            "4",
        ],
        dir.path(),
        &[],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let left: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let groups = left["groups"].as_array().expect("groups");
    assert!(
        groups
            .iter()
            .all(|g| g["voters"] == serde_json::json!([1, 2, 3])),
        "{left}"
    );
}

/// The client side of inner TLS for a test: trusts `pki`'s CA and presents `name`'s
/// certificate, if any.
fn inner_tls_client(pki: &Pki, name: Option<&str>) -> ClientTlsConfig {
    let read = |path: String| std::fs::read(path).expect("PEM");
    let tls = ClientTlsConfig::new().ca_certificate(Certificate::from_pem(read(pki.pem("ca"))));
    match name {
        Some(name) => tls.identity(Identity::from_pem(read(pki.pem(name)), read(pki.key(name)))),
        None => tls,
    }
}

/// The leader of the `metadata` group as the node at `endpoint` sees it, once there is one.
async fn leader_at(endpoint: &str, credential: &ClusterCredential) -> u64 {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(meta) = RemoteMeta::connect_with(endpoint.to_owned(), credential.clone()).await
            && let Ok(status) = meta.grpc().raft_status(RaftStatusRequest {}).await
            && let Some(leader) = status
                .into_inner()
                .groups
                .iter()
                .find(|g| g.group == "metadata")
                .and_then(|g| g.leader)
        {
            return leader;
        }
        assert!(
            Instant::now() < deadline,
            "{endpoint}: no metadata leader after 30 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// With inner TLS (`server.tls_*`) and the cluster secret, three meta nodes form a cluster,
/// replicate and fail over, all over mutual TLS; the inner port then refuses plaintext, a
/// client without a certificate, a certificate of another CA, and a TLS caller without the
/// secret.
#[test]
fn three_nodes_over_inner_tls_form_replicate_and_fail_over_and_refuse_strangers() {
    let pki = Pki::new();
    for n in 1..=3 {
        pki.issue(
            "ca",
            &format!("node{n}"),
            &format!("/CN=node{n}"),
            NODE_EXT,
            2,
        );
    }
    pki.issue("ca", "admin", "/CN=admin", CLIENT_EXT, 2);
    let secret = "inner-tls-test-secret-0123456789abcdef";
    let dir = tempfile::tempdir().expect("tempdir");
    let grpc: Vec<u16> = (0..3).map(|_| robustmq_tests::free_port()).collect();
    let peers = (0..3)
        .map(|i| format!("{} = \"127.0.0.1:{}\"", i + 1, grpc[i]))
        .collect::<Vec<_>>()
        .join(", ");
    let server = |n: usize| {
        format!(
            "cluster_secret = \"{secret}\"\ntls_cert = \"{}\"\ntls_key = \"{}\"\ntls_ca = \"{}\"\n",
            pki.pem(&format!("node{n}")),
            pki.key(&format!("node{n}")),
            pki.pem("ca"),
        )
    };
    let mut nodes: Vec<Option<Daemon>> = (0..3)
        .map(|i| {
            Some(start_meta_with(
                dir.path(),
                i as u64 + 1,
                grpc[i],
                &peers,
                &server(i + 1),
            ))
        })
        .collect();
    let endpoint = |i: usize| format!("https://127.0.0.1:{}", grpc[i]);
    let node = ClusterCredential::new(secret).with_tls(inner_tls_client(&pki, Some("node1")));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let leader = leader_at(&endpoint(0), &node).await;
        // A write through a follower reaches every node: Raft runs over TLS.
        let follower = (0..3)
            .find(|&i| i as u64 + 1 != leader)
            .expect("a follower");
        let meta = RemoteMeta::connect_with(endpoint(follower), node.clone())
            .await
            .expect("connect over TLS");
        meta.kv_set("over-tls", b"1".to_vec()).await.expect("write");
        for i in 0..3 {
            let meta = RemoteMeta::connect_with(endpoint(i), node.clone())
                .await
                .expect("connect");
            let deadline = Instant::now() + Duration::from_secs(20);
            while meta.kv_get("over-tls", false).await.expect("local read") != Some(b"1".to_vec()) {
                assert!(
                    Instant::now() < deadline,
                    "node {} never got the write",
                    i + 1
                );
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }

        // Refusals. Plaintext h2c to the TLS port gets no answer.
        let plain = RemoteMeta::connect_with(endpoint(0), ClusterCredential::new(secret)).await;
        assert!(plain.is_err(), "plaintext was answered");
        // TLS without a client certificate, or with one of another CA: the handshake fails.
        for (what, name) in [("no certificate", None), ("another CA", Some("intruder"))] {
            let stranger = ClusterCredential::new(secret).with_tls(inner_tls_client(&pki, name));
            let refused = RemoteMeta::connect_with(endpoint(0), stranger).await;
            assert!(refused.is_err(), "{what}: answered");
        }
        // A node certificate without the secret: UNAUTHENTICATED.
        let no_secret =
            ClusterCredential::default().with_tls(inner_tls_client(&pki, Some("node2")));
        match RemoteMeta::connect_with(endpoint(0), no_secret).await {
            Err(MetaError::Unauthenticated(_)) => {}
            other => panic!("a TLS caller without the secret: {:?}", other.err()),
        }

        // robustmqctl over the same mutual TLS, with an operator certificate of the inner CA.
        let port = grpc[0].to_string();
        let grpc_flag = ["--grpc", &format!("127.0.0.1:{port}")].map(str::to_owned);
        let (ca, admin_pem, admin_key) = (pki.pem("ca"), pki.pem("admin"), pki.key("admin"));
        let tls_flags = ["--cacert", &ca, "--cert", &admin_pem, "--key", &admin_key];
        let mut target: Vec<&str> = grpc_flag.iter().map(String::as_str).collect();
        target.extend(tls_flags);
        let (code, out, err) =
            robustmq_tests::robustmqctl(&target, &["-o", "json", "cluster", "show"], &[]);
        assert_eq!(code, Some(0), "robustmqctl over inner TLS: {err}");
        let shown: serde_json::Value = serde_json::from_str(&out).expect("JSON");
        assert_eq!(shown["nodes"].as_array().map(Vec::len), Some(3), "{shown}");
        // Without the TLS flags the same port does not answer a plaintext client.
        let plain: Vec<&str> = grpc_flag.iter().map(String::as_str).collect();
        let (code, _, err) = robustmq_tests::robustmqctl(&plain, &["cluster", "show"], &[]);
        assert_ne!(code, Some(0), "plaintext robustmqctl was answered");
        println!(
            "robustmqctl --grpc without TLS: exit {code:?}, {}",
            err.trim()
        );

        // Fail-over: SIGKILL the leader; the other two elect a new one over TLS.
        let index = usize::try_from(leader - 1).expect("small");
        nodes[index]
            .take()
            .expect("running")
            .signal("KILL")
            .expect("SIGKILL");
        let killed = Instant::now();
        let survivor = (0..3).find(|&i| i != index).expect("a survivor");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let now = leader_at(&endpoint(survivor), &node).await;
            if now != leader {
                println!(
                    "inner TLS: new metadata leader {now} after {:?}",
                    killed.elapsed()
                );
                break;
            }
            assert!(Instant::now() < deadline, "no new leader after 30 s");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let meta = RemoteMeta::connect_with(endpoint(survivor), node.clone())
            .await
            .expect("connect");
        meta.kv_set("after-failover", b"2".to_vec())
            .await
            .expect("two of three commit");
    });
    drop(nodes);
}

/// An inner TLS file that cannot be read is a config error: exit 2, one line naming its key.
#[test]
fn an_unreadable_inner_tls_file_is_a_config_error_naming_its_key() {
    let pki = Pki::new();
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("missing.pem");
    for (key, cert, tls_key) in [
        (
            "server.tls_cert",
            missing.display().to_string(),
            pki.key("server"),
        ),
        (
            "server.tls_key",
            pki.pem("server"),
            missing.display().to_string(),
        ),
        // A key that is not the certificate's.
        ("server.tls_key", pki.pem("server"), pki.key("client")),
    ] {
        let out = robustmq_tests::run(
            "robustmqd",
            &[
                "start",
                "--data-dir",
                dir.path().join("data").to_str().expect("utf-8"),
            ],
            dir.path(),
            &[
                ("ROBUSTMQ_SERVER_TLS_CERT", &cert),
                ("ROBUSTMQ_SERVER_TLS_KEY", &tls_key),
                ("ROBUSTMQ_SERVER_TLS_CA", &pki.pem("ca")),
            ],
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{key}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
        assert!(stderr.contains(key), "{key}: {stderr}");
    }
}
