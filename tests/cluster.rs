//! Three `robustmqd` processes with every role on loopback, each with its own data dir and free
//! ports: the controller places each partition on one engine node, and every node's brokers
//! (MQTT and Kafka) append to and read from that one shard, whichever node a client uses.

use std::io::Write as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use robustmq_engine::ShardStore as _;
use robustmq_engine::remote::EngineClient;
use robustmq_tests::mqtt::{assert_success, publish_lines};
use robustmq_tests::{Daemon, Ports, robustmqctl, workspace_root};

/// A running three-node cluster.
struct Cluster {
    nodes: Vec<(Ports, Daemon)>,
    _dir: tempfile::TempDir,
}

impl Cluster {
    /// Starts nodes 1 to 3, all before waiting for any: meta needs two of three to elect.
    fn start() -> Cluster {
        let dir = tempfile::tempdir().expect("tempdir");
        let ports: Vec<Ports> = (0..3).map(|_| Ports::free()).collect();
        let peers = ports
            .iter()
            .enumerate()
            .map(|(i, p)| format!("{}=127.0.0.1:{}", i + 1, p.grpc))
            .collect::<Vec<_>>()
            .join(",");
        let mut nodes = Vec::new();
        for (i, p) in ports.into_iter().enumerate() {
            let node_dir = dir.path().join(format!("node{}", i + 1));
            std::fs::create_dir_all(&node_dir).expect("node dir");
            let mut env = p.env();
            env.retain(|(k, _)| k != "ROBUSTMQ_META_PEERS");
            env.extend([
                ("ROBUSTMQ_META_PEERS".to_owned(), peers.clone()),
                ("ROBUSTMQ_NODE_ID".to_owned(), (i + 1).to_string()),
                (
                    "ROBUSTMQ_META_NODE_TIMEOUT_MS".to_owned(),
                    "3000".to_owned(),
                ),
            ]);
            let daemon = Daemon::spawn(&node_dir, &["start"], &env, p.http).expect("spawn");
            nodes.push((p, daemon));
        }
        for (_, daemon) in &mut nodes {
            daemon.wait_healthy().expect("healthy");
        }
        Cluster { nodes, _dir: dir }
    }

    fn ports(&self, n: usize) -> &Ports {
        &self.nodes[n - 1].0
    }

    fn admin(&self, n: usize) -> String {
        format!("http://127.0.0.1:{}", self.ports(n).http)
    }

    fn kafka(&self, n: usize) -> String {
        format!("127.0.0.1:{}", self.ports(n).kafka)
    }
}

/// Runs kcat against node `n`'s Kafka listener with `input` on stdin.
fn kcat(cluster: &Cluster, n: usize, args: &[&str], input: &str) -> String {
    let mut child = Command::new("kcat")
        .arg("-b")
        .arg(cluster.kafka(n))
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

/// Partition leaders of `topic` and the broker ids Kafka Metadata names, as node `n` answers.
fn kafka_leaders(cluster: &Cluster, n: usize, topic: &str) -> (Vec<i64>, Vec<i64>) {
    let listed: serde_json::Value =
        serde_json::from_str(&kcat(cluster, n, &["-L", "-J", "-t", topic], ""))
            .expect("kcat -J prints JSON");
    let mut brokers: Vec<i64> = listed["brokers"]
        .as_array()
        .expect("brokers")
        .iter()
        .filter_map(|b| b["id"].as_i64())
        .collect();
    brokers.sort_unstable();
    let mut partitions: Vec<(i64, i64)> = listed["topics"][0]["partitions"]
        .as_array()
        .expect("partitions")
        .iter()
        .map(|p| {
            (
                p["partition"].as_i64().expect("id"),
                p["leader"].as_i64().expect("leader"),
            )
        })
        .collect();
    partitions.sort_unstable();
    (partitions.into_iter().map(|(_, l)| l).collect(), brokers)
}

/// The shards of node `n`'s engine with their next offsets, asked over its inner gRPC.
fn engine_shards(cluster: &Cluster, n: usize) -> Vec<(String, u64)> {
    let grpc = cluster.ports(n).grpc;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let engine = EngineClient::connect(format!("http://127.0.0.1:{grpc}"))
            .await
            .expect("engine");
        let mut out: Vec<(String, u64)> = engine
            .list_shards()
            .await
            .expect("list")
            .into_iter()
            .map(|s| (s.name, s.status.latest))
            .collect();
        out.sort();
        out
    })
}

#[test]
fn every_node_writes_to_and_reads_from_the_engine_node_that_leads_a_partition() {
    let cluster = Cluster::start();
    let (code, out, err) = robustmqctl(
        &["--server", &cluster.admin(1)],
        &[
            "-o",
            "json",
            "topic",
            "create",
            "orders",
            "--partitions",
            "3",
            "--storage",
            "EngineSegment",
        ],
        &[],
    );
    assert_eq!(code, Some(0), "topic create: {out}{err}");

    // Every node names the same leaders, each one a node of the cluster, and lists all three
    // Kafka listeners as brokers (once all three have advertised theirs).
    let deadline = Instant::now() + Duration::from_secs(20);
    let leaders = loop {
        let views: Vec<_> = (1..=3)
            .map(|n| kafka_leaders(&cluster, n, "orders"))
            .collect();
        if views.iter().all(|(_, brokers)| brokers == &[1, 2, 3]) {
            let (leaders, _) = &views[0];
            for (n, (other, _)) in views.iter().enumerate() {
                assert_eq!(other, leaders, "node {} disagrees on the leaders", n + 1);
            }
            break leaders.clone();
        }
        assert!(
            Instant::now() < deadline,
            "not every node lists three brokers: {views:?}"
        );
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(leaders.len(), 3);
    assert!(leaders.iter().all(|l| (1..=3).contains(l)), "{leaders:?}");
    println!("partition leaders of `orders`: {leaders:?}");

    // `robustmqctl topic describe` shows the same leader, replicas and in-sync set per partition.
    let (code, out, err) = robustmqctl(
        &["--server", &cluster.admin(3)],
        &["-o", "json", "topic", "describe", "orders"],
        &[],
    );
    assert_eq!(code, Some(0), "topic describe: {err}");
    let described: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let rows = described["partition_status"]
        .as_array()
        .expect("partitions");
    assert_eq!(rows.len(), 3, "{described}");
    for (p, row) in rows.iter().enumerate() {
        assert_eq!(row["leader"].as_i64(), Some(leaders[p]), "{row}");
        assert_eq!(row["replicas"], serde_json::json!([leaders[p]]), "{row}");
        assert_eq!(row["in_sync"], serde_json::json!([leaders[p]]), "{row}");
    }

    // MQTT on node 2 writes partition 0; Kafka on node 3 writes partitions 1 and 2.
    let lines: String = (0..200).map(|i| format!("mqtt {i}\n")).collect();
    publish_lines(cluster.ports(2).mqtt, "orders", &lines);
    for p in ["1", "2"] {
        let records: String = (0..100).map(|i| format!("kafka {p} {i}\n")).collect();
        kcat(
            &cluster,
            3,
            &["-P", "-t", "orders", "-p", p, "-X", "acks=all"],
            &records,
        );
    }

    // A consumer on node 1 reads each partition whole and in order.
    let read = |p: &str, count: usize| -> Vec<String> {
        let out = kcat(
            &cluster,
            1,
            &[
                "-C",
                "-t",
                "orders",
                "-p",
                p,
                "-o",
                "beginning",
                "-e",
                "-c",
                &count.to_string(),
                "-f",
                "%s\n",
            ],
            "",
        );
        out.lines().map(str::to_owned).collect()
    };
    let want: Vec<String> = (0..200).map(|i| format!("mqtt {i}")).collect();
    assert_eq!(
        read("0", 200),
        want,
        "partition 0, published over MQTT on node 2"
    );
    for p in ["1", "2"] {
        let want: Vec<String> = (0..100).map(|i| format!("kafka {p} {i}")).collect();
        assert_eq!(read(p, 100), want, "partition {p}, produced on node 3");
    }

    // Each partition is one shard, on its leader's engine and nowhere else.
    let held: Vec<Vec<(String, u64)>> = (1..=3).map(|n| engine_shards(&cluster, n)).collect();
    for (p, leader) in leaders.iter().enumerate() {
        let shard = format!("orders#{p}");
        let want = if p == 0 { 200 } else { 100 };
        for (n, shards) in held.iter().enumerate() {
            let here = shards.iter().find(|(name, _)| *name == shard);
            if i64::try_from(n + 1).expect("small") == *leader {
                assert_eq!(here.map(|(_, l)| *l), Some(want), "{shard} on its leader");
            } else {
                assert_eq!(here, None, "{shard} has a copy on node {}", n + 1);
            }
        }
    }
}

/// Members of one consumer group that bootstrap at three different nodes meet at one
/// coordinator, which FindCoordinator names alike on every node: each gets one of three
/// partitions and every record is read once (kafka-python).
#[test]
fn a_group_whose_members_bootstrap_at_different_nodes_reads_each_record_once() {
    let cluster = Cluster::start();
    let members = format!(
        "{},{},{}",
        cluster.kafka(1),
        cluster.kafka(2),
        cluster.kafka(3)
    );
    // Every node must know the others' Kafka listeners before the members look for their
    // coordinator.
    let deadline = Instant::now() + Duration::from_secs(20);
    while (1..=3).any(|n| {
        let listed = kcat(&cluster, n, &["-L", "-J"], "");
        let brokers: serde_json::Value = serde_json::from_str(&listed).expect("JSON");
        brokers["brokers"].as_array().map_or(0, Vec::len) < 3
    }) {
        assert!(
            Instant::now() < deadline,
            "the nodes never listed each other"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let script = workspace_root().join("tests/clients/kafka_scenarios.py");
    let output = Command::new("python3")
        .arg(&script)
        .args(["group", "--count", "3000", "--bootstrap"])
        .arg(cluster.kafka(1))
        .arg("--member-bootstrap")
        .arg(&members)
        .stdin(Stdio::null())
        .output()
        .expect("run python3 (installed by .ci/run)");
    assert_success("kafka scenario group across nodes", &output);
    print!("{}", String::from_utf8_lossy(&output.stdout));
}
