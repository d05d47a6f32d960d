//! Topics as operators and other nodes see them: topics that carry traffic without having been
//! created show in `robustmqctl topic list` with their counts, a topic name lands in the shard
//! the documented rule names whichever node receives it, and the internal topic `$mqtt` that
//! holds them can be described but neither listed nor deleted.

use std::time::{Duration, Instant};

use robustmq_engine::ShardStore;
use robustmq_engine::remote::EngineClient;
use robustmq_tests::mqtt::{Broker, publish_lines};
use robustmq_tests::{Daemon, Ports, robustmqctl};

fn json_of(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"))
}

/// The entry of `topic` in `robustmqctl -o json topic list` against `server`, once its
/// `messages_in` reaches `count` (within 10 s).
fn listed(server: &str, topic: &str, count: u64) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (code, out, err) =
            robustmqctl(&["--server", server], &["-o", "json", "topic", "list"], &[]);
        assert_eq!(code, Some(0), "{err}");
        let list = json_of(&out);
        let entry = list["topics"]
            .as_array()
            .expect("topics")
            .iter()
            .find(|t| t["name"] == topic)
            .cloned();
        if let Some(entry) = &entry
            && entry["messages_in"] == count
        {
            return entry.clone();
        }
        assert!(
            Instant::now() < deadline,
            "{topic} never listed with {count} messages: {list}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_topic_nobody_created_is_listed_with_the_messages_published_to_it() {
    let broker = Broker::start(&[]);
    let server = format!("http://127.0.0.1:{}", broker.ports.http);
    let lines: String = (0..3000).map(|i| format!("{i}\n")).collect();
    publish_lines(broker.port(), "sensors/a", &lines);

    let entry = listed(&server, "sensors/a", 3000);
    assert_eq!(entry["partitions"], 0, "no shards of its own: {entry}");
    assert_eq!(
        entry["stored_in"], "$mqtt#0",
        "the shard the rule names (FNV-1a(`sensors/a`) mod 4 = 0): {entry}"
    );
    assert!(entry["last_message_ms"].as_i64().is_some_and(|ms| ms > 0));

    let (code, table, err) = robustmqctl(&["--server", &server], &["topic", "list"], &[]);
    assert_eq!(code, Some(0), "{err}");
    let row = table
        .lines()
        .find(|l| l.contains("sensors/a"))
        .unwrap_or_else(|| panic!("no row for sensors/a:\n{table}"));
    assert!(
        row.contains("3000") && row.contains("$mqtt#0"),
        "the row counts the messages and names the shard: {row}"
    );
}

#[test]
fn the_topic_that_holds_the_others_is_described_but_neither_listed_nor_deleted() {
    let broker = Broker::start(&[]);
    let server = format!("http://127.0.0.1:{}", broker.ports.http);
    let at = ["--server", server.as_str()];
    let (code, out, err) = robustmqctl(&at, &["-o", "json", "topic", "describe", "$mqtt"], &[]);
    assert_eq!(code, Some(0), "{err}");
    let topic = json_of(&out);
    assert_eq!(topic["partitions"], 4, "mqtt.auto_topic_shards: {topic}");
    let shards: Vec<&str> = topic["partition_status"]
        .as_array()
        .expect("partitions")
        .iter()
        .filter_map(|p| p["shard"].as_str())
        .collect();
    assert_eq!(shards, ["$mqtt#0", "$mqtt#1", "$mqtt#2", "$mqtt#3"]);

    let (_, out, _) = robustmqctl(&at, &["-o", "json", "topic", "list"], &[]);
    assert_eq!(json_of(&out)["topics"], serde_json::json!([]), "internal");

    let (code, _, err) = robustmqctl(&at, &["topic", "delete", "$mqtt"], &[]);
    assert_eq!(code, Some(1), "refused: {err}");
    assert!(err.contains("cannot be deleted"), "{err}");
}

/// Every shard of `engine` (an inner gRPC address) with its record count.
fn shards(grpc: u16) -> Vec<(String, u64)> {
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

/// The rule that places a topic without its own depends only on its name and on `$mqtt`'s
/// record in meta, not on the node: node 2, a broker and engine that reaches node 1's meta and
/// whose own config asks for 8 partitions, sends `plant/7/temp` to `$mqtt#3` as node 1 does,
/// and both land in the one shard `$mqtt#3` on the engine node the controller placed it on.
#[test]
fn a_topic_without_its_own_lands_in_the_same_shard_whichever_node_receives_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (one_ports, two_ports) = (Ports::free(), Ports::free());
    let one_dir = dir.path().join("one");
    let two_dir = dir.path().join("two");
    std::fs::create_dir_all(&one_dir).expect("dir");
    std::fs::create_dir_all(&two_dir).expect("dir");
    let mut one_env = one_ports.env();
    one_env.push(("ROBUSTMQ_MQTT_WS_ADDR".into(), String::new()));
    one_env.push(("ROBUSTMQ_KAFKA_ADDR".into(), String::new()));
    let mut one =
        Daemon::spawn(&one_dir, &["start"], &one_env, one_ports.http).expect("spawn node 1");
    one.wait_healthy().expect("node 1 healthy");
    let mut two_env = two_ports.env();
    two_env.retain(|(k, _)| k != "ROBUSTMQ_META_PEERS");
    two_env.extend([
        (
            "ROBUSTMQ_META_PEERS".to_owned(),
            format!("1=127.0.0.1:{}", one_ports.grpc),
        ),
        ("ROBUSTMQ_NODE_ID".to_owned(), "2".to_owned()),
        ("ROBUSTMQ_MQTT_AUTO_TOPIC_SHARDS".to_owned(), "8".to_owned()),
        ("ROBUSTMQ_MQTT_WS_ADDR".to_owned(), String::new()),
        ("ROBUSTMQ_KAFKA_ADDR".to_owned(), String::new()),
    ]);
    let mut two = Daemon::spawn(
        &two_dir,
        &["start", "--roles", "broker,engine"],
        &two_env,
        two_ports.http,
    )
    .expect("spawn node 2");
    two.wait_healthy().expect("node 2 healthy");

    for ports in [&one_ports, &two_ports] {
        publish_lines(ports.mqtt, "plant/7/temp", "21.5\n");
    }
    // QoS 1: both messages are in the shard once mosquitto_pub has returned.
    let held: Vec<(String, u64)> = [&one_ports, &two_ports]
        .into_iter()
        .flat_map(|ports| shards(ports.grpc))
        .collect();
    assert_eq!(
        held,
        [("$mqtt#3".to_owned(), 2)],
        "both nodes stored their message in the one shard the rule names"
    );
}
