//! `robustmqctl` against a real daemon: output, transports and exit codes.

use robustmq_tests::{Daemon, Ports, free_port, run};

fn ctl(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let dir = std::env::temp_dir();
    let mut env = env.to_vec();
    if !env.iter().any(|(k, _)| *k == "ROBUSTMQ_ADDR") {
        env.push(("ROBUSTMQ_ADDR", "http://127.0.0.1:1"));
    }
    run("robustmqctl", args, &dir, &env)
}

#[test]
fn node_status_is_the_same_json_over_rest_and_grpc() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ports = Ports::free();
    let mut daemon =
        Daemon::spawn(dir.path(), &["start"], &ports.env(), ports.http).expect("spawn");
    daemon.wait_healthy().expect("healthy");

    let server = format!("http://127.0.0.1:{}", ports.http);
    let rest = ctl(&["--server", &server, "-o", "json", "node", "status"], &[]);
    assert_eq!(
        rest.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&rest.stderr)
    );
    let grpc_addr = format!("127.0.0.1:{}", ports.grpc);
    let grpc = ctl(&["--grpc", &grpc_addr, "-o", "json", "node", "status"], &[]);
    assert_eq!(
        grpc.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&grpc.stderr)
    );

    let rest: serde_json::Value = serde_json::from_slice(&rest.stdout).expect("json");
    let grpc: serde_json::Value = serde_json::from_slice(&grpc.stdout).expect("json");
    assert_eq!(rest, grpc);
    assert_eq!(rest["status"], "ok");
    assert_eq!(
        rest["roles"],
        serde_json::json!(["meta", "broker", "engine"])
    );
}

#[test]
fn server_address_comes_from_robustmq_addr_when_no_flag_is_given() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ports = Ports::free();
    let mut daemon =
        Daemon::spawn(dir.path(), &["start"], &ports.env(), ports.http).expect("spawn");
    daemon.wait_healthy().expect("healthy");
    let addr = format!("http://127.0.0.1:{}", ports.http);
    let out = ctl(&["node", "status"], &[("ROBUSTMQ_ADDR", &addr)]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.starts_with("STATUS"), "{table}");
    assert!(table.contains("meta,broker,engine"), "{table}");
}

#[test]
fn unreachable_server_exits_3() {
    let closed = format!("127.0.0.1:{}", free_port());
    let out = ctl(
        &["--server", &format!("http://{closed}"), "node", "status"],
        &[],
    );
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error: cannot reach"), "{err}");
    let out = ctl(&["--grpc", &closed, "node", "status"], &[]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn bad_usage_exits_2() {
    assert_eq!(ctl(&["node", "explode"], &[]).status.code(), Some(2));
    assert_eq!(
        ctl(&["-o", "yaml", "node", "status"], &[]).status.code(),
        Some(2)
    );
}

/// Runs `robustmqctl` against `server` (REST) or `grpc`, returning (exit code, stdout, stderr).
fn ctl_at(target: &[&str], args: &[&str]) -> (Option<i32>, String, String) {
    robustmq_tests::robustmqctl(target, args, &[])
}

fn json_of(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"))
}

#[test]
fn topic_created_on_segment_storage_is_described_as_such_and_keeps_messages_across_a_restart() {
    let mut broker = robustmq_tests::mqtt::Broker::start(&[]);
    let rest = format!("http://127.0.0.1:{}", broker.ports.http);
    let rest = ["--server", rest.as_str()];
    let (code, out, err) = ctl_at(
        &rest,
        &[
            "topic",
            "create",
            "sensors",
            "--storage",
            "EngineSegment",
            "--partitions",
            "3",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("EngineSegment"), "{out}");

    // The broker follows the new topic: a QoS 1 publish lands in its own shard.
    let pubbed = robustmq_tests::mqtt::mosquitto("mosquitto_pub", broker.port())
        .args(["-t", "sensors", "-q", "1", "-m", "21.5"])
        .output()
        .expect("mosquitto_pub");
    robustmq_tests::mqtt::assert_success("mosquitto_pub", &pubbed);

    broker.restart();
    let (code, out, err) = ctl_at(&rest, &["-o", "json", "topic", "describe", "sensors"]);
    assert_eq!(code, Some(0), "{err}");
    let topic = json_of(&out);
    assert_eq!(topic["storage"], "EngineSegment");
    assert_eq!(topic["partitions"], 3);
    assert_eq!(topic["partition_status"][0]["shard"], "sensors#0");
    assert_eq!(
        topic["partition_status"][0]["latest"], 1,
        "the message did not survive: {topic}"
    );
    assert_eq!(topic["partition_status"][1]["latest"], 0);
}

#[test]
fn topic_and_cluster_operations_answer_the_same_over_rest_and_grpc() {
    let broker = robustmq_tests::mqtt::Broker::start(&[]);
    let rest_url = format!("http://127.0.0.1:{}", broker.ports.http);
    let grpc_addr = format!("127.0.0.1:{}", broker.ports.grpc);
    let rest = ["--server", rest_url.as_str()];
    let grpc = ["--grpc", grpc_addr.as_str()];

    // The node's first heartbeat may still be on its way; compare once it is listed.
    let listed = (0..100).any(|_| {
        let cluster = json_of(&ctl_at(&rest, &["-o", "json", "cluster", "show"]).1);
        let found = cluster["nodes"].as_array().is_some_and(|n| !n.is_empty());
        if !found {
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        found
    });
    assert!(listed, "the node never appeared in cluster show");
    let (code, _, err) = ctl_at(
        &rest,
        &["topic", "create", "plant/7", "--storage", "EngineRocksDB"],
    );
    assert_eq!(code, Some(0), "{err}");
    let (code, _, err) = ctl_at(
        &grpc,
        &["topic", "create", "plant/8", "--retention-ms", "60000"],
    );
    assert_eq!(code, Some(0), "{err}");

    for args in [
        &["-o", "json", "topic", "list"][..],
        &["-o", "json", "topic", "describe", "plant/7"],
        &["-o", "json", "cluster", "show"],
        &["-o", "json", "storage", "list"],
        &["-o", "json", "config", "get"],
    ] {
        let (rest_code, rest_out, rest_err) = ctl_at(&rest, args);
        let (grpc_code, grpc_out, grpc_err) = ctl_at(&grpc, args);
        assert_eq!(
            (rest_code, grpc_code),
            (Some(0), Some(0)),
            "{args:?}: {rest_err} / {grpc_err}"
        );
        assert_eq!(json_of(&rest_out), json_of(&grpc_out), "{args:?}");
    }
    let list = json_of(&ctl_at(&rest, &["-o", "json", "topic", "list"]).1);
    let names: Vec<&str> = list["topics"]
        .as_array()
        .expect("topics")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert_eq!(names, ["plant/7", "plant/8"]);
    assert_eq!(list["topics"][1]["retention_ms"], 60000);
    let storage = json_of(&ctl_at(&grpc, &["-o", "json", "storage", "list"]).1);
    let rocks = storage["storage"]
        .as_array()
        .expect("storage")
        .iter()
        .find(|s| s["storage"] == "EngineRocksDB")
        .expect("EngineRocksDB listed");
    assert_eq!(rocks["shards"], 1, "{storage}");
    let config = json_of(&ctl_at(&rest, &["-o", "json", "config", "get"]).1);
    assert!(
        config["toml"]
            .as_str()
            .expect("toml")
            .contains(&format!("tcp_addr = \"127.0.0.1:{}\"", broker.port())),
        "{config}"
    );

    // Failures read the same, with exit code 1, over both.
    for target in [&rest[..], &grpc[..]] {
        let (code, _, err) = ctl_at(target, &["topic", "describe", "nope"]);
        assert_eq!(code, Some(1), "{err}");
        assert!(err.contains("topic `nope` does not exist"), "{err}");
        let (code, _, err) = ctl_at(target, &["topic", "create", "plant/7"]);
        assert_eq!(code, Some(1));
        assert!(err.contains("exists"), "{err}");
        let (code, _, err) = ctl_at(target, &["topic", "create", "bad/+"]);
        assert_eq!(code, Some(1));
        assert!(err.contains("not a valid topic name"), "{err}");
    }
    let (code, out, err) = ctl_at(&grpc, &["-o", "json", "topic", "delete", "plant/8"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(json_of(&out)["deleted"], true);
    let (code, _, _) = ctl_at(&rest, &["topic", "delete", "plant/8"]);
    assert_eq!(code, Some(1), "a second delete finds nothing");
}

#[test]
fn unknown_storage_type_is_a_usage_error() {
    let (code, _, err) = ctl_at(&[], &["topic", "create", "t", "--storage", "EngineFloppy"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("EngineSegment"), "{err}");
}

#[test]
fn admin_api_requires_the_token_when_one_is_set() {
    let broker = robustmq_tests::mqtt::Broker::start(&[("SERVER_ADMIN_TOKEN", "s3cret")]);
    let rest_url = format!("http://127.0.0.1:{}", broker.ports.http);
    let grpc_addr = format!("127.0.0.1:{}", broker.ports.grpc);
    for target in [
        ["--server", rest_url.as_str()],
        ["--grpc", grpc_addr.as_str()],
    ] {
        let (code, _, err) = ctl_at(&target, &["topic", "list"]);
        assert_eq!(code, Some(1), "{err}");
        assert!(err.contains("admin token"), "{err}");
        let mut with_token = target.to_vec();
        with_token.extend(["--token", "s3cret"]);
        let (code, _, err) = ctl_at(&with_token, &["topic", "list"]);
        assert_eq!(code, Some(0), "{err}");
    }
}

#[test]
fn operator_workflow_script_passes_step_by_step() {
    let broker = robustmq_tests::mqtt::Broker::start(&[]);
    let script = robustmq_tests::workspace_root().join("tests/operator_workflow.sh");
    let out = std::process::Command::new("bash")
        .arg(&script)
        .arg(robustmq_tests::bin("robustmqctl"))
        .env(
            "ROBUSTMQ_ADDR",
            format!("http://127.0.0.1:{}", broker.ports.http),
        )
        .output()
        .expect("bash (jq is installed by .ci/run)");
    assert!(
        out.status.success(),
        "operator workflow failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn clients_and_sessions_are_listed_kicked_and_deleted_over_both_apis() {
    use robustmq_mqtt_codec::{
        Packet, Properties, PropertyValues, Protocol, QoS, ReasonCode, Subscribe, Subscription,
        SubscriptionOptions,
    };
    use robustmq_tests::mqtt::{RawClient, Recv, connect_packet};
    use std::time::Duration;

    let broker = robustmq_tests::mqtt::Broker::start(&[]);
    let rest_url = format!("http://127.0.0.1:{}", broker.ports.http);
    let grpc_addr = format!("127.0.0.1:{}", broker.ports.grpc);
    let rest = ["--server", rest_url.as_str()];
    let grpc = ["--grpc", grpc_addr.as_str()];
    let expiry = Properties::from(PropertyValues {
        session_expiry_interval: Some(600),
        ..PropertyValues::default()
    });
    let connect = |clean| connect_packet(Protocol::V5, "dev-1", clean, expiry.clone(), None);
    let (mut c, _) = RawClient::connect_with(broker.port(), connect(true));
    c.send(&Packet::Subscribe(Subscribe {
        pkid: 1,
        filters: vec![Subscription {
            filter: "a/#".into(),
            options: SubscriptionOptions {
                qos: QoS::AtLeastOnce,
                ..Default::default()
            },
        }],
        properties: Properties::default(),
    }));
    assert!(matches!(
        c.recv(Duration::from_secs(10)),
        Recv::Packet(Packet::SubAck(_))
    ));

    for args in [
        &["-o", "json", "client", "list", "--prefix", "dev-"][..],
        &["-o", "json", "session", "show", "dev-1"],
    ] {
        let (rc, rest_out, rest_err) = ctl_at(&rest, args);
        let (gc, grpc_out, grpc_err) = ctl_at(&grpc, args);
        assert_eq!(
            (rc, gc),
            (Some(0), Some(0)),
            "{args:?}: {rest_err} / {grpc_err}"
        );
        assert_eq!(json_of(&rest_out), json_of(&grpc_out), "{args:?}");
    }
    let subs = json_of(
        &ctl_at(
            &grpc,
            &["-o", "json", "subscription", "list", "--prefix", "a/"],
        )
        .1,
    );
    assert_eq!(
        subs["subscriptions"],
        serde_json::json!([{"client_id": "dev-1", "filter": "a/#", "qos": 1}])
    );
    assert_eq!(
        subs,
        json_of(
            &ctl_at(
                &rest,
                &["-o", "json", "subscription", "list", "--prefix", "a/"]
            )
            .1
        )
    );
    let clients = json_of(&ctl_at(&rest, &["-o", "json", "client", "list"]).1);
    assert_eq!(clients["clients"][0]["client_id"], "dev-1");
    assert_eq!(clients["clients"][0]["protocol"], "5.0");
    assert_eq!(clients["clients"][0]["transport"], "tcp");
    let session = json_of(&ctl_at(&grpc, &["-o", "json", "session", "show", "dev-1"]).1);
    assert_eq!(session["connected"], true);
    assert_eq!(session["expiry_interval"], 600);
    assert_eq!(
        session["subscriptions"],
        serde_json::json!([{"filter": "a/#", "qos": 1}])
    );

    // Kick: the client is told why, the session stays.
    let (code, _, err) = ctl_at(&rest, &["client", "kick", "dev-1"]);
    assert_eq!(code, Some(0), "{err}");
    match c.recv_until(Duration::from_secs(10), |p| {
        matches!(p, Packet::Disconnect(_))
    }) {
        Recv::Packet(Packet::Disconnect(d)) => {
            assert_eq!(d.reason, ReasonCode::ADMINISTRATIVE_ACTION)
        }
        other => panic!("expected DISCONNECT 0x98, got {other:?}"),
    }
    let mut detached = false;
    for _ in 0..50 {
        let s = json_of(&ctl_at(&rest, &["-o", "json", "session", "show", "dev-1"]).1);
        if s["connected"] == false {
            detached = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(detached, "the kicked session still shows connected");

    // Delete: the session is gone, and a resume finds nothing.
    let (code, out, err) = ctl_at(&grpc, &["-o", "json", "session", "delete", "dev-1"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(json_of(&out)["deleted"], true);
    let (code, _, err) = ctl_at(&rest, &["session", "show", "dev-1"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("no session for `dev-1`"), "{err}");
    let (_, ack) = RawClient::connect_with(broker.port(), connect(false));
    assert!(!ack.session_present);
}

#[test]
fn watch_status_streams_node_counters_rates_and_raft_state_over_both_apis() {
    let broker = robustmq_tests::mqtt::Broker::start(&[]);
    let rest_url = format!("http://127.0.0.1:{}", broker.ports.http);
    let grpc_addr = format!("127.0.0.1:{}", broker.ports.grpc);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let publisher = robustmq_tests::mqtt::publish_until(broker.port(), stop.clone());

    let args = [
        "-o",
        "json",
        "cluster",
        "status",
        "--watch",
        "--count",
        "4",
        "--interval-ms",
        "300",
    ];
    for target in [
        ["--server", rest_url.as_str()],
        ["--grpc", grpc_addr.as_str()],
    ] {
        let (code, out, err) = ctl_at(&target, &args);
        assert_eq!(code, Some(0), "{target:?}: {err}");
        let frames: Vec<serde_json::Value> = out.lines().map(json_of).collect();
        assert_eq!(
            frames.len(),
            4,
            "{target:?}: one JSON frame per line:\n{out}"
        );
        let node = |f: &serde_json::Value| f["nodes"][0].clone();
        for frame in &frames {
            assert_eq!(frame["node_id"], 1);
            assert_eq!(node(frame)["node_id"], 1);
            assert_eq!(node(frame)["liveness"], "alive");
            assert_eq!(
                node(frame)["roles"],
                serde_json::json!(["meta", "broker", "engine"])
            );
            assert!(node(frame)["rss_bytes"].as_u64() > Some(0), "{frame}");
            let raft = node(frame)["raft"].as_array().cloned().unwrap_or_default();
            let metadata = raft
                .iter()
                .find(|g| g["group"] == "metadata")
                .unwrap_or_else(|| panic!("no metadata group: {frame}"));
            assert_eq!(metadata["role"], "leader");
            assert_eq!(metadata["leader_id"], 1);
            assert!(metadata["committed"].as_u64() >= Some(1), "{frame}");
        }
        assert_eq!(
            node(&frames[0])["messages_in_per_sec"],
            0.0,
            "the first frame has no previous one to take a rate from"
        );
        let counted = |f: &serde_json::Value| node(f)["messages_in"].as_u64().unwrap_or(0);
        assert!(
            counted(&frames[3]) > counted(&frames[0]),
            "messages_in grows while a client publishes: {} then {}",
            counted(&frames[0]),
            counted(&frames[3])
        );
        assert!(
            frames[1..]
                .iter()
                .any(|f| node(f)["messages_in_per_sec"].as_f64() > Some(0.0)),
            "a later frame shows a non-zero msg/s in: {out}"
        );
        assert_eq!(node(&frames[3])["connections"], 1);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    assert!(publisher.join().expect("publisher") > 0);

    let (code, _, err) = ctl_at(
        &["--server", rest_url.as_str()],
        &["cluster", "status", "--interval-ms", "50"],
    );
    assert_eq!(code, Some(1));
    assert!(
        err.contains("interval_ms must be between 100 and 60000"),
        "{err}"
    );
}

#[test]
fn open_status_stream_ends_when_the_daemon_stops_and_does_not_hold_up_its_shutdown() {
    let mut broker = robustmq_tests::mqtt::Broker::start(&[]);
    let mut watchers = Vec::new();
    for target in [
        [
            "--server".to_owned(),
            format!("http://127.0.0.1:{}", broker.ports.http),
        ],
        [
            "--grpc".to_owned(),
            format!("127.0.0.1:{}", broker.ports.grpc),
        ],
    ] {
        let child = std::process::Command::new(robustmq_tests::bin("robustmqctl"))
            .args(&target)
            .args(["cluster", "status", "--watch", "--interval-ms", "200"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn robustmqctl");
        watchers.push(child);
    }
    // Both streams are open once the status lists the node... give them a few frames.
    std::thread::sleep(std::time::Duration::from_secs(1));
    broker.daemon.signal("TERM").expect("SIGTERM");
    let status = broker
        .daemon
        .wait_exit(std::time::Duration::from_secs(30))
        .expect("robustmqd stops");
    assert_eq!(status.code(), Some(0));
    let log = broker.daemon.stderr();
    assert!(
        !log.contains("did not drain"),
        "an open status stream held the servers up:\n{log}"
    );
    for child in watchers {
        let out = child.wait_with_output().expect("robustmqctl exits");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stdout.contains("meta,broker,engine"), "{stdout}");
        assert_ne!(
            out.status.code(),
            Some(0),
            "the stream cannot end well: {stderr}"
        );
        assert!(
            stderr.contains("ended the status stream") || stderr.contains("cannot reach"),
            "{stderr}"
        );
    }
}

#[test]
fn connectors_api_says_no_types_are_available_the_same_over_rest_and_grpc() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ports = Ports::free();
    let mut daemon =
        Daemon::spawn(dir.path(), &["start"], &ports.env(), ports.http).expect("spawn");
    daemon.wait_healthy().expect("healthy");
    let rest_url = format!("http://127.0.0.1:{}", ports.http);
    let grpc_addr = format!("127.0.0.1:{}", ports.grpc);
    let rest = ["--server", rest_url.as_str()];
    let grpc = ["--grpc", grpc_addr.as_str()];

    let (rc, rest_out, rest_err) = ctl_at(&rest, &["-o", "json", "connector", "list"]);
    let (gc, grpc_out, grpc_err) = ctl_at(&grpc, &["-o", "json", "connector", "list"]);
    assert_eq!((rc, gc), (Some(0), Some(0)), "{rest_err} / {grpc_err}");
    assert_eq!(
        json_of(&rest_out),
        serde_json::json!({"connectors": [], "available_types": []})
    );
    assert_eq!(json_of(&rest_out), json_of(&grpc_out));
    let (_, table, _) = ctl_at(&rest, &["connector", "list"]);
    assert!(
        table.contains("no connector types are available"),
        "{table}"
    );

    let create = [
        "connector",
        "create",
        "to-s3",
        "--type",
        "s3",
        "--config",
        "bucket=b",
    ];
    for target in [&rest, &grpc] {
        let (code, _, err) = ctl_at(target, &create);
        assert_eq!(code, Some(1), "{err}");
        assert!(
            err.contains("no connector types are available in this build"),
            "{err}"
        );
        for verb in ["describe", "pause", "resume", "delete"] {
            let (code, _, err) = ctl_at(target, &["connector", verb, "to-s3"]);
            assert_eq!(code, Some(1), "{verb}: {err}");
            assert!(
                err.contains("connector `to-s3` does not exist"),
                "{verb}: {err}"
            );
        }
    }
    let (code, _, err) = ctl_at(
        &rest,
        &[
            "connector",
            "create",
            "x",
            "--type",
            "s3",
            "--config",
            "novalue",
        ],
    );
    assert_eq!(code, Some(2), "{err}");
}

#[test]
fn a_closed_stdout_pipe_ends_the_command_quietly_instead_of_panicking() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ports = Ports::free();
    let mut daemon =
        Daemon::spawn(dir.path(), &["start"], &ports.env(), ports.http).expect("spawn");
    daemon.wait_healthy().expect("healthy");
    let mut child = std::process::Command::new(robustmq_tests::bin("robustmqctl"))
        .args(["--server", &format!("http://127.0.0.1:{}", ports.http)])
        .args(["cluster", "status", "--watch", "--interval-ms", "100"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn robustmqctl");
    // What `robustmqctl ... | head -1` does once head has its line: the reader goes away.
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("robustmqctl exits");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}
