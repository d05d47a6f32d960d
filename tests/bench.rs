//! `robustmqctl bench mqtt` against a real daemon: the load generator's accounting (published,
//! delivered, expected, lost, duplicates) must add up, and QoS 1 must lose nothing. Rates and
//! latencies are printed, never asserted: they belong to bench/, not to tests.

use robustmq_tests::mqtt::Broker;

fn bench(port: u16, args: &[&str]) -> serde_json::Value {
    let port = port.to_string();
    let mut all = vec!["-o", "json", "bench", "mqtt"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--port", &port]);
    let out = robustmq_tests::run("robustmqctl", &all, &std::env::temp_dir(), &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {stderr}"));
    println!("{args:?}: {report}");
    report
}

fn n(report: &serde_json::Value, key: &str) -> u64 {
    report[key]
        .as_u64()
        .unwrap_or_else(|| panic!("{key} missing: {report}"))
}

#[test]
fn qos1_pubsub_delivers_every_message_once_with_fan_out_and_shared_groups() {
    // Queues deep enough for a closed loop: the broker acknowledges a publish once stored and
    // routed, so publishers can run ahead of slow subscribers, and a full queue drops (counted
    // in robustmq_mqtt_messages_dropped_total) at any QoS, as Mosquitto's does.
    let broker = Broker::start(&[
        ("MQTT_MAX_QUEUED_MESSAGES", "10000000"),
        ("MQTT_MAX_QUEUED_BYTES", "4294967296"),
    ]);
    let fan_out = bench(
        broker.port(),
        &[
            "pubsub",
            "--qos",
            "1",
            "--publishers",
            "2",
            "--subscribers",
            "3",
            "--duration-secs",
            "1",
            "--drain-secs",
            "60",
        ],
    );
    assert!(n(&fan_out, "published") > 0);
    assert_eq!(n(&fan_out, "acked"), n(&fan_out, "published"));
    assert_eq!(n(&fan_out, "expected"), 3 * n(&fan_out, "published"));
    assert_eq!(n(&fan_out, "delivered"), n(&fan_out, "expected"));
    assert_eq!(n(&fan_out, "lost"), 0, "QoS 1 loses nothing");
    assert_eq!(n(&fan_out, "duplicates"), 0);
    assert_eq!(n(&fan_out, "errors"), 0);
    assert!(fan_out["latency_us"]["p99"].as_u64() >= fan_out["latency_us"]["p50"].as_u64());

    // A shared group gets each message once between its members.
    let shared = bench(
        broker.port(),
        &[
            "pubsub",
            "--qos",
            "1",
            "--publishers",
            "3",
            "--subscribers",
            "3",
            "--shared",
            "g",
            "--duration-secs",
            "1",
            "--drain-secs",
            "60",
            "--client-prefix",
            "shared",
        ],
    );
    assert_eq!(n(&shared, "expected"), n(&shared, "published"));
    assert_eq!(n(&shared, "delivered"), n(&shared, "published"));
    assert_eq!(n(&shared, "lost"), 0);

    // An open loop never runs ahead of its rate: at 500 msg/s for 2 s, at most 1000 (a closed
    // loop would publish tens of thousands).
    let open = bench(
        broker.port(),
        &[
            "pubsub",
            "--rate",
            "500",
            "--duration-secs",
            "2",
            "--client-prefix",
            "open",
        ],
    );
    let published = n(&open, "published");
    assert!(
        (1..=1000).contains(&published),
        "an open loop at 500/s for 2 s publishes at most 1000, not {published}"
    );
    assert_eq!(
        n(&open, "lost"),
        0,
        "QoS 0 at 500/s on loopback loses nothing"
    );
}

#[test]
fn conn_holds_connections_and_reads_the_broker_rss() {
    let broker = Broker::start(&[]);
    let pid = broker.daemon.pid().to_string();
    let report = bench(
        broker.port(),
        &["conn", "--count", "200", "--hold-secs", "1", "--pid", &pid],
    );
    assert_eq!(n(&report, "connected"), 200);
    assert_eq!(n(&report, "errors"), 0);
    assert!(n(&report, "rss_after_bytes") > 0);
    assert!(report["rss_per_connection_bytes"].is_number(), "{report}");
}

#[test]
fn an_absent_broker_exits_3() {
    let port = robustmq_tests::free_port().to_string();
    let out = robustmq_tests::run(
        "robustmqctl",
        &["bench", "mqtt", "pubsub", "--port", &port],
        &std::env::temp_dir(),
        &[],
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot reach"));
}

/// `bench mqtt subscribe` counts every SUBACK, clean or kept session, and leaves no session of
/// its own behind on the broker.
#[test]
fn subscribe_latency_counts_every_suback_and_leaves_no_session_behind() {
    let broker = Broker::start(&[]);
    for persistent in [false, true] {
        let mut args = vec!["subscribe", "--count", "50"];
        if persistent {
            args.push("--persistent");
        }
        let report = bench(broker.port(), &args);
        assert_eq!(n(&report, "subscribes"), 50);
        assert_eq!(report["persistent"].as_bool(), Some(persistent));
        assert!(
            report["suback_latency_us"]["p50"].as_u64().is_some(),
            "{report}"
        );
    }
    let rest = format!("http://127.0.0.1:{}", broker.ports.http);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let (code, out, err) = robustmq_tests::robustmqctl(
            &["--server", &rest],
            &["-o", "json", "session", "list"],
            &[],
        );
        assert_eq!(code, Some(0), "{err}");
        if !out.contains("bench-suback") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "a bench session stayed: {out}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}
