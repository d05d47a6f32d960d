//! `robustmqd config check`, `config default`, `version` and config errors at `start`.

use robustmq_tests::{run, workspace_root};

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn config_check_accepts_every_shipped_config() {
    let root = workspace_root();
    for file in [
        "config/robustmqd.toml",
        "config/cluster/node1.toml",
        "config/cluster/node2.toml",
        "config/cluster/node3.toml",
    ] {
        let out = run("robustmqd", &["config", "check", file], &root, &[]);
        assert_eq!(out.status.code(), Some(0), "{file}: {}", stderr(&out));
    }
}

#[test]
fn config_check_prints_the_effective_config_with_env_overrides() {
    let root = workspace_root();
    let out = run(
        "robustmqd",
        &["config", "check", "config/cluster/node2.toml"],
        &root,
        &[("ROBUSTMQ_MQTT_MAX_KEEPALIVE", "300")],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("node_id = 2"), "{stdout}");
    assert!(stdout.contains("max_keepalive = 300"), "{stdout}");
}

#[test]
fn cluster_example_nodes_use_distinct_ports() {
    let root = workspace_root();
    let mut seen = std::collections::BTreeMap::new();
    for node in 1..=3 {
        let file = format!("config/cluster/node{node}.toml");
        let text = std::fs::read_to_string(root.join(&file)).expect("read");
        for line in text.lines().filter(|l| l.contains("127.0.0.1:")) {
            let value = line.split('=').nth(1).unwrap_or_default();
            if line.trim_start().starts_with("peers") {
                continue;
            }
            if let Some(prev) = seen.insert(value.trim().to_owned(), file.clone()) {
                panic!("{value} is used by both {prev} and {file}");
            }
        }
    }
    assert!(
        seen.len() >= 15,
        "each node has its own listeners: {seen:?}"
    );
}

#[test]
fn unknown_role_exits_2_and_names_roles() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("bad.toml"), "roles = [\"brokr\"]\n").expect("write");
    for args in [
        &["config", "check", "bad.toml"][..],
        &["start", "--config", "bad.toml"][..],
    ] {
        let out = run("robustmqd", args, dir.path(), &[]);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        assert!(err.contains("roles"), "{err}");
        assert!(err.contains("brokr"), "{err}");
    }
    assert!(
        !dir.path().join("data").exists(),
        "a bad config starts nothing"
    );
}

#[test]
fn invalid_values_exit_2_naming_the_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases = [
        ("[mqtt]\ntcp_addr = \"127.0.0.1\"\n", "mqtt.tcp_addr"),
        ("[mqtt]\nws_addr = \"127.0.0.1:1883\"\n", "mqtt.ws_addr"),
        ("node_id = 4\n", "meta.peers"),
        (
            "[server]\nhttp_addr = \"0.0.0.0:8080\"\n",
            "server.admin_token",
        ),
        (
            "[storage]\ndefault_type = \"EngineTape\"\n",
            "storage.default_type",
        ),
        ("[server]\nhttp_adr = \"127.0.0.1:1\"\n", "http_adr"),
    ];
    for (text, key) in cases {
        let file = dir.path().join("bad.toml");
        std::fs::write(&file, text).expect("write");
        let out = run(
            "robustmqd",
            &["start", "--config", "bad.toml"],
            dir.path(),
            &[],
        );
        assert_eq!(out.status.code(), Some(2), "{text}");
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        assert!(err.contains(key), "expected `{key}` in: {err}");
    }
}

#[test]
fn bad_environment_override_exits_2_naming_the_variable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = run(
        "robustmqd",
        &["start"],
        dir.path(),
        &[("ROBUSTMQ_NODE_ID", "one")],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("ROBUSTMQ_NODE_ID"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn bad_flag_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = run("robustmqd", &["start", "--roles", "brokr"], dir.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("brokr"));
}

#[test]
fn config_default_prints_the_documented_file_which_checks_clean() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = run("robustmqd", &["config", "default"], dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0));
    let documented =
        std::fs::read_to_string(workspace_root().join("config/robustmqd.toml")).expect("read");
    assert_eq!(String::from_utf8_lossy(&out.stdout), documented);
    std::fs::write(dir.path().join("default.toml"), &out.stdout).expect("write");
    let check = run(
        "robustmqd",
        &["config", "check", "default.toml"],
        dir.path(),
        &[],
    );
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

#[test]
fn version_prints_the_package_version() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = run("robustmqd", &["version"], dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("robustmqd {}", env!("CARGO_PKG_VERSION"))
    );
}
