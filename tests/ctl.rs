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
