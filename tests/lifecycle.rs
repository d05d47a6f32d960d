//! Start, health, metrics, gRPC identity and shutdown of a real `robustmqd`.

use std::time::Duration;

use robustmq_proto::node::node_service_client::NodeServiceClient;
use robustmq_proto::node::{HealthRequest, NodeInfoRequest, ServingStatus};
use robustmq_tests::{Daemon, Ports, http_get};

/// What the issue promises for a clean stop: exit 0 within 5 s of the signal.
const STOP_DEADLINE: Duration = Duration::from_secs(5);

fn start_with_config(dir: &std::path::Path, ports: Ports) -> Daemon {
    let config = dir.join("node.toml");
    std::fs::write(&config, ports.config(&dir.join("data"))).expect("write config");
    let config = config.to_str().expect("utf-8 path").to_owned();
    Daemon::spawn(dir, &["start", "--config", &config], &[], ports.http).expect("spawn")
}

#[test]
fn serves_health_and_metrics_then_exits_0_on_sigterm() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ports = Ports::free();
    let mut daemon = start_with_config(dir.path(), ports);

    let health = daemon.wait_healthy().expect("healthy");
    assert_eq!(health["status"], "ok");
    assert_eq!(health["node_id"], 1);
    assert_eq!(
        health["roles"],
        serde_json::json!(["meta", "broker", "engine"])
    );
    assert_eq!(health["version"], env!("CARGO_PKG_VERSION"));

    let prometheus = std::net::SocketAddr::from(([127, 0, 0, 1], ports.prometheus));
    let (code, metrics) = http_get(prometheus, "/metrics").expect("scrape");
    assert_eq!(code, 200);
    assert!(metrics.contains("robustmq_build_info{"), "{metrics}");
    assert!(
        metrics.contains("process_resident_memory_bytes"),
        "{metrics}"
    );
    assert!(metrics.contains("process_start_time_seconds"), "{metrics}");

    assert!(dir.path().join("data/LOCK").exists(), "data dir is locked");

    daemon.signal("TERM").expect("SIGTERM");
    let status = daemon.wait_exit(STOP_DEADLINE).expect("stops");
    assert_eq!(status.code(), Some(0), "{}", daemon.stderr());
    let log = daemon.stderr();
    let order: Vec<usize> = [
        "role stopped role=broker",
        "role stopped role=engine",
        "role stopped role=meta",
        "stopping common servers",
        "node stopped",
    ]
    .iter()
    .map(|line| {
        log.find(line)
            .unwrap_or_else(|| panic!("`{line}` missing from:\n{log}"))
    })
    .collect();
    assert!(
        order.is_sorted(),
        "shutdown runs in reverse startup order:\n{log}"
    );
}

#[test]
fn startup_runs_common_servers_then_meta_engine_broker() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ports = Ports::free();
    let mut daemon = start_with_config(dir.path(), ports);
    daemon.wait_healthy().expect("healthy");
    let log = daemon.stderr();
    let order: Vec<usize> = [
        "common servers started",
        "role ready role=meta",
        "role ready role=engine",
        "role ready role=broker",
        "node ready",
    ]
    .iter()
    .map(|line| {
        log.find(line)
            .unwrap_or_else(|| panic!("`{line}` missing from:\n{log}"))
    })
    .collect();
    assert!(order.is_sorted(), "startup order:\n{log}");
}

#[test]
fn sigint_stops_cleanly_too() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ports = Ports::free();
    let mut daemon = start_with_config(dir.path(), ports);
    daemon.wait_healthy().expect("healthy");
    daemon.signal("INT").expect("SIGINT");
    let status = daemon.wait_exit(STOP_DEADLINE).expect("stops");
    assert_eq!(status.code(), Some(0), "{}", daemon.stderr());
}

#[test]
fn grpc_node_service_reports_identity_and_health() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ports = Ports::free();
    let mut daemon = start_with_config(dir.path(), ports);
    daemon.wait_healthy().expect("healthy");

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let mut client = NodeServiceClient::connect(format!("http://127.0.0.1:{}", ports.grpc))
            .await
            .expect("connect");
        let health = client
            .health(HealthRequest {})
            .await
            .expect("Health")
            .into_inner();
        assert_eq!(health.serving(), ServingStatus::Serving);
        assert_eq!(health.status, "ok");
        assert_eq!(health.node_id, 1);
        let info = client
            .node_info(NodeInfoRequest {})
            .await
            .expect("NodeInfo")
            .into_inner();
        assert_eq!(info.cluster_name, "robustmq");
        assert_eq!(info.http_addr, format!("127.0.0.1:{}", ports.http));
        assert_eq!(info.roles, vec!["meta", "broker", "engine"]);
        assert!(info.start_time_ms > 0);
    });
}

#[test]
fn no_config_file_runs_all_roles_with_data_in_the_working_directory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ports = Ports::free();
    let mut daemon =
        Daemon::spawn(dir.path(), &["start"], &ports.env(), ports.http).expect("spawn");
    let health = daemon.wait_healthy().expect("healthy");
    assert_eq!(
        health["roles"],
        serde_json::json!(["meta", "broker", "engine"])
    );
    assert!(
        dir.path().join("data/LOCK").exists(),
        "default data_dir is ./data"
    );
    daemon.signal("TERM").expect("SIGTERM");
    assert_eq!(
        daemon.wait_exit(STOP_DEADLINE).expect("stops").code(),
        Some(0)
    );
}

#[test]
fn flags_override_environment_which_overrides_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ports = Ports::free();
    let config = dir.path().join("node.toml");
    std::fs::write(&config, ports.config(&dir.path().join("data"))).expect("write");
    let env = vec![
        ("ROBUSTMQ_NODE_ID".to_owned(), "7".to_owned()),
        ("ROBUSTMQ_ROLES".to_owned(), "meta".to_owned()),
    ];
    let mut daemon = Daemon::spawn(
        dir.path(),
        &[
            "start",
            "--config",
            config.to_str().expect("utf-8"),
            "--node-id",
            "9",
            "--roles",
            "broker,engine",
        ],
        &env,
        ports.http,
    )
    .expect("spawn");
    let health = daemon.wait_healthy().expect("healthy");
    assert_eq!(health["node_id"], 9);
    assert_eq!(health["roles"], serde_json::json!(["broker", "engine"]));
}

#[test]
fn occupied_port_is_a_one_line_error_naming_the_listener_and_address() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ports = Ports::free();
    let _squatter = std::net::TcpListener::bind(("127.0.0.1", ports.http)).expect("occupy");
    let mut daemon = start_with_config(dir.path(), ports);
    let status = daemon.wait_exit(Duration::from_secs(20)).expect("exits");
    assert_eq!(status.code(), Some(1), "a runtime failure");
    let stderr = daemon.stderr();
    let error: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(error.len(), 1, "{stderr}");
    assert!(error[0].contains("server.http_addr"), "{stderr}");
    assert!(
        error[0].contains(&format!("127.0.0.1:{}", ports.http)),
        "{stderr}"
    );
    assert_eq!(
        error[0].to_lowercase().matches("in use").count(),
        1,
        "the cause is said once: {stderr}"
    );
}

#[test]
fn second_daemon_on_the_same_data_dir_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut first = start_with_config(dir.path(), Ports::free());
    first.wait_healthy().expect("healthy");

    let other = Ports::free();
    let config = dir.path().join("second.toml");
    std::fs::write(&config, other.config(&dir.path().join("data"))).expect("write");
    let mut second = Daemon::spawn(
        dir.path(),
        &["start", "--config", config.to_str().expect("utf-8")],
        &[],
        other.http,
    )
    .expect("spawn");
    let status = second.wait_exit(Duration::from_secs(20)).expect("exits");
    assert_eq!(status.code(), Some(1));
    assert!(
        second.stderr().contains("in use by another robustmqd"),
        "{}",
        second.stderr()
    );
    assert_eq!(
        http_get(first.http, "/health").expect("first still up").0,
        200
    );
}
