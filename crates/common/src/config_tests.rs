// Tests mutate one field of a default config at a time; that reads better than struct update syntax.
#![allow(clippy::field_reassign_with_default)]

use super::*;

fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::from_toml_str(text, Path::new("test.toml"))
}

fn env(vars: &[(&str, &str)]) -> Vec<(String, String)> {
    vars.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn invalid_key(result: Result<(), ConfigError>) -> String {
    match result {
        Err(ConfigError::Invalid { key, .. }) => key,
        other => panic!("expected an Invalid error, got {other:?}"),
    }
}

fn keys(value: &toml::Value, prefix: &str, out: &mut Vec<String>) {
    if let toml::Value::Table(table) = value {
        for (k, v) in table {
            let path = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            // `meta.peers` is a map of data, not a set of keys.
            if path != "meta.peers" {
                keys(v, &path, out);
            }
            out.push(path);
        }
    }
}

#[test]
fn documented_default_file_equals_builtin_defaults() {
    let documented = parse(DEFAULT_CONFIG_TOML).expect("config/robustmqd.toml parses");
    assert_eq!(documented, Config::default());
    documented.validate().expect("defaults are valid");
}

#[test]
fn documented_default_file_spells_out_every_key() {
    let documented: toml::Value = toml::Value::Table(
        DEFAULT_CONFIG_TOML
            .parse::<toml::Table>()
            .expect("valid TOML"),
    );
    let builtin = toml::Value::try_from(Config::default()).expect("serialisable");
    let (mut want, mut have) = (Vec::new(), Vec::new());
    keys(&builtin, "", &mut want);
    keys(&documented, "", &mut have);
    want.sort();
    have.sort();
    assert_eq!(have, want);
}

#[test]
fn effective_config_round_trips_through_toml() {
    let mut config = Config::default();
    config.node_id = 7;
    config.mqtt.tls_addr = "127.0.0.1:8883".parse().expect("addr");
    config.meta.peers = [(7, "node7:1228".to_owned())].into_iter().collect();
    assert_eq!(parse(&config.to_toml()).expect("round trip"), config);
}

#[test]
fn missing_keys_take_their_defaults() {
    let config = parse("node_id = 3\n[server]\nhttp_addr = \"127.0.0.1:18080\"\n").expect("parses");
    assert_eq!(config.node_id, 3);
    assert_eq!(config.server.http_addr.to_string(), "127.0.0.1:18080");
    assert_eq!(config.server.grpc_addr, ServerConfig::default().grpc_addr);
    assert_eq!(config.roles, Config::default().roles);
}

#[test]
fn unknown_role_names_roles() {
    let err = parse("roles = [\"brokr\"]").expect_err("brokr is not a role");
    let msg = err.to_string();
    assert!(msg.starts_with("roles"), "{msg}");
    assert!(msg.contains("brokr"), "{msg}");
    assert!(!msg.contains('\n'), "one line: {msg}");
}

#[test]
fn unknown_key_is_rejected_with_its_section() {
    let msg = parse("[server]\nhttp_adr = \"127.0.0.1:1\"")
        .expect_err("typo")
        .to_string();
    assert!(msg.starts_with("server"), "{msg}");
    assert!(msg.contains("http_adr"), "{msg}");
}

#[test]
fn wrong_type_names_the_key() {
    let msg = parse("node_id = \"one\"").expect_err("string").to_string();
    assert!(msg.starts_with("node_id"), "{msg}");
}

#[test]
fn bad_listen_address_names_the_key() {
    let msg = parse("[mqtt]\ntcp_addr = \"localhost\"")
        .expect_err("no port")
        .to_string();
    assert!(msg.starts_with("mqtt.tcp_addr"), "{msg}");
}

#[test]
fn bad_peer_address_names_the_peer() {
    let msg = parse("[meta]\npeers = { 2 = \"nohost\" }")
        .expect_err("no port")
        .to_string();
    assert!(msg.starts_with("meta.peers"), "{msg}");
    assert!(msg.contains("2:"), "{msg}");
    let msg = parse("[meta]\npeers = { two = \"a:1\" }")
        .expect_err("not an id")
        .to_string();
    assert!(msg.contains("two"), "{msg}");
}

#[test]
fn toml_syntax_error_gives_line_and_column() {
    let err = parse("node_id = 1\ncluster_name = \n").expect_err("no value");
    match err {
        ConfigError::Syntax { line, .. } => assert_eq!(line, 2),
        other => panic!("expected Syntax, got {other:?}"),
    }
    assert!(!parse("x = [").expect_err("bad").to_string().contains('\n'));
}

#[test]
fn empty_roles_are_rejected() {
    let mut config = Config::default();
    config.roles.clear();
    assert_eq!(invalid_key(config.validate()), "roles");
}

#[test]
fn duplicate_role_is_rejected() {
    let mut config = Config::default();
    config.roles = vec![Role::Broker, Role::Broker];
    assert_eq!(invalid_key(config.validate()), "roles");
}

#[test]
fn node_id_zero_is_rejected() {
    let mut config = Config::default();
    config.node_id = 0;
    assert_eq!(invalid_key(config.validate()), "node_id");
}

#[test]
fn meta_node_missing_from_peers_is_rejected() {
    let mut config = Config::default();
    config.node_id = 2;
    assert_eq!(invalid_key(config.validate()), "meta.peers");
    config.roles = vec![Role::Broker];
    config
        .validate()
        .expect("a broker-only node need not be a meta peer");
}

#[test]
fn duplicate_port_names_both_listeners() {
    let mut config = Config::default();
    config.mqtt.ws_addr = "127.0.0.1:1883".parse().expect("addr");
    let msg = config.validate().expect_err("clash").to_string();
    assert!(msg.starts_with("mqtt.ws_addr"), "{msg}");
    assert!(msg.contains("mqtt.tcp_addr"), "{msg}");
}

#[test]
fn unspecified_address_clashes_with_any_ip_on_the_same_port() {
    let mut config = Config::default();
    config.server.admin_token = "t".to_owned();
    config.server.http_addr = "0.0.0.0:1228".parse().expect("addr");
    assert_eq!(invalid_key(config.validate()), "server.http_addr");
}

#[test]
fn ports_of_roles_not_run_do_not_clash() {
    let mut config = Config::default();
    config.roles = vec![Role::Meta];
    config.mqtt.tcp_addr = "127.0.0.1:8080".parse().expect("addr");
    config
        .validate()
        .expect("mqtt listeners are closed without the broker role");
}

#[test]
fn port_zero_never_clashes() {
    let mut config = Config::default();
    config.server.grpc_addr = "127.0.0.1:0".parse().expect("addr");
    config.server.http_addr = "127.0.0.1:0".parse().expect("addr");
    config.validate().expect("ephemeral ports are distinct");
}

#[test]
fn empty_admin_token_beyond_loopback_is_rejected() {
    let mut config = Config::default();
    config.server.http_addr = "0.0.0.0:8080".parse().expect("addr");
    assert_eq!(invalid_key(config.validate()), "server.admin_token");
    config.server.admin_token = "secret".to_owned();
    config.validate().expect("token set");
}

#[test]
fn inner_grpc_beyond_loopback_needs_a_cluster_secret_of_32_bytes() {
    let mut config = Config::default();
    config.server.admin_token = "t".to_owned();
    config.server.grpc_addr = "0.0.0.0:1228".parse().expect("addr");
    let msg = config.validate().expect_err("no secret").to_string();
    assert!(msg.starts_with("server.cluster_secret"), "{msg}");
    assert!(msg.contains("0.0.0.0:1228"), "{msg}");
    config.server.cluster_secret = "short".to_owned();
    assert_eq!(invalid_key(config.validate()), "server.cluster_secret");
    config.server.cluster_secret = "with a space but long enough to pass".to_owned();
    assert_eq!(invalid_key(config.validate()), "server.cluster_secret");
    config.server.cluster_secret = "0123456789abcdef0123456789abcdef".to_owned();
    config.validate().expect("a secret of 32 bytes");
}

#[test]
fn inner_tls_needs_its_certificate_key_and_ca_together() {
    let mut config = Config::default();
    config.server.tls_cert = "node.pem".to_owned();
    assert_eq!(invalid_key(config.validate()), "server.tls_key");
    config.server.tls_key = "node.key".to_owned();
    assert_eq!(invalid_key(config.validate()), "server.tls_ca");
    config.server.tls_ca = "ca.pem".to_owned();
    config.validate().expect("all three");
    assert!(config.server.inner_tls());
    let mut config = Config::default();
    config.server.tls_server_name = "robustmq-node".to_owned();
    assert_eq!(invalid_key(config.validate()), "server.tls_server_name");
    config.server.tls_ca = "ca.pem".to_owned();
    assert_eq!(invalid_key(config.validate()), "server.tls_cert");
}

#[test]
fn shown_configs_hide_their_secrets() {
    let mut config = Config::default();
    config.server.admin_token = "op-token".to_owned();
    config.server.cluster_secret = "0123456789abcdef0123456789abcdef".to_owned();
    let shown = config.redacted().to_toml();
    assert!(
        !shown.contains("op-token") && !shown.contains("0123456789abcdef"),
        "{shown}"
    );
    assert_eq!(shown.matches("<redacted>").count(), 2, "{shown}");
    let open = Config::default().redacted();
    assert!(
        open.server.admin_token.is_empty(),
        "an unset secret stays empty"
    );
}

#[test]
fn ipv6_loopback_needs_no_admin_token() {
    let mut config = Config::default();
    config.server.http_addr = "[::1]:8080".parse().expect("addr");
    config.validate().expect("::1 is loopback");
}

#[test]
fn required_server_listener_cannot_be_disabled() {
    let mut config = Config::default();
    config.server.grpc_addr = ListenAddr::disabled();
    assert_eq!(invalid_key(config.validate()), "server.grpc_addr");
}

#[test]
fn tls_listener_needs_cert_and_key() {
    let mut config = Config::default();
    config.mqtt.tls_addr = "127.0.0.1:8883".parse().expect("addr");
    assert_eq!(invalid_key(config.validate()), "tls.cert");
    config.tls.cert = "cert.pem".to_owned();
    assert_eq!(invalid_key(config.validate()), "tls.key");
    config.tls.key = "key.pem".to_owned();
    config.validate().expect("both set");
}

#[test]
fn env_overrides_section_keys_with_typed_values() {
    let config = Config::load(
        None,
        env(&[
            ("ROBUSTMQ_SERVER_HTTP_ADDR", "127.0.0.1:18080"),
            ("ROBUSTMQ_MQTT_MAX_KEEPALIVE", "120"),
            ("ROBUSTMQ_MQTT_ALLOW_ANONYMOUS", "false"),
            ("ROBUSTMQ_SERVER_ADMIN_TOKEN", "123"),
            ("ROBUSTMQ_STORAGE_DEFAULT_TYPE", "EngineSegment"),
        ]),
    )
    .expect("loads");
    assert_eq!(config.server.http_addr.to_string(), "127.0.0.1:18080");
    assert_eq!(config.mqtt.max_keepalive, 120);
    assert_eq!(config.mqtt.allow_anonymous, Some(false));
    assert_eq!(config.server.admin_token, "123");
    assert_eq!(config.storage.default_type, StorageType::EngineSegment);
}

#[test]
fn env_overrides_top_level_lists_and_peers() {
    let config = Config::load(
        None,
        env(&[
            ("ROBUSTMQ_NODE_ID", "2"),
            ("ROBUSTMQ_ROLES", "meta, broker"),
            ("ROBUSTMQ_META_PEERS", "1=127.0.0.1:1228,2=127.0.0.1:2228"),
        ]),
    )
    .expect("loads");
    assert_eq!(config.node_id, 2);
    assert_eq!(config.roles, vec![Role::Meta, Role::Broker]);
    assert_eq!(config.meta.peers.get(2), Some("127.0.0.1:2228"));
    config.validate().expect("valid");
}

#[test]
fn env_beats_the_file() {
    let dir = std::env::temp_dir().join(format!("robustmq-config-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("node.toml");
    std::fs::write(
        &file,
        "node_id = 5\n[meta]\npeers = { 5 = \"127.0.0.1:1228\" }\n",
    )
    .expect("write");
    let config =
        Config::load(Some(&file), env(&[("ROBUSTMQ_CLUSTER_NAME", "edge")])).expect("loads");
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(config.node_id, 5);
    assert_eq!(config.cluster_name, "edge");
}

#[test]
fn env_unknown_key_in_known_section_names_the_variable() {
    let err = Config::load(None, env(&[("ROBUSTMQ_SERVER_HTTP_ADRR", "x")])).expect_err("typo");
    let msg = err.to_string();
    assert!(msg.contains("ROBUSTMQ_SERVER_HTTP_ADRR"), "{msg}");
}

#[test]
fn env_bad_integer_names_the_variable() {
    let msg = Config::load(None, env(&[("ROBUSTMQ_NODE_ID", "two")]))
        .expect_err("not a number")
        .to_string();
    assert!(msg.contains("ROBUSTMQ_NODE_ID"), "{msg}");
}

#[test]
fn env_bad_role_names_roles() {
    let msg = Config::load(None, env(&[("ROBUSTMQ_ROLES", "brokr")]))
        .expect_err("not a role")
        .to_string();
    assert!(msg.starts_with("roles"), "{msg}");
}

#[test]
fn env_variables_of_other_tools_are_ignored() {
    let config = Config::load(
        None,
        env(&[
            ("ROBUSTMQ_ADDR", "http://127.0.0.1:8080"),
            ("ROBUSTMQ_TOKEN", "t"),
            ("ROBUSTMQ_LOG", "debug"),
            ("PATH", "/bin"),
        ]),
    )
    .expect("loads");
    assert_eq!(config, Config::default());
}

#[test]
fn missing_file_is_a_read_error() {
    let err =
        Config::load(Some(Path::new("/nonexistent/robustmq.toml")), env(&[])).expect_err("missing");
    assert!(matches!(err, ConfigError::Read { .. }), "{err:?}");
}

#[test]
fn role_parses_from_flags() {
    assert_eq!("broker".parse::<Role>(), Ok(Role::Broker));
    assert!("brokr".parse::<Role>().is_err());
}

#[test]
fn startup_order_is_meta_engine_broker() {
    assert_eq!(
        Role::STARTUP_ORDER,
        [Role::Meta, Role::Engine, Role::Broker]
    );
}

#[test]
fn hashed_group_counts_are_bounded() {
    let mut config = Config::default();
    config.meta.data_groups = 0;
    assert_eq!(invalid_key(config.validate()), "meta.data_groups");
    config.meta.data_groups = 65;
    assert_eq!(invalid_key(config.validate()), "meta.data_groups");
    config.meta.data_groups = 4;
    config.meta.offset_groups = 0;
    assert_eq!(invalid_key(config.validate()), "meta.offset_groups");
}

#[test]
fn anonymous_access_by_default_only_while_every_mqtt_listener_is_on_loopback() {
    let mut config = Config::default();
    assert_eq!(config.mqtt.allow_anonymous, None, "unset by default");
    assert!(
        config.anonymous_allowed(),
        "the default listeners are on loopback"
    );
    config.mqtt.ws_addr = "[::1]:8083".parse().expect("addr");
    assert!(config.anonymous_allowed(), "IPv6 loopback too");
    config.mqtt.tcp_addr = "0.0.0.0:1883".parse().expect("addr");
    assert!(!config.anonymous_allowed(), "one listener beyond loopback");
    config.mqtt.allow_anonymous = Some(true);
    assert!(config.anonymous_allowed(), "said explicitly");
    let mut local = Config::default();
    local.mqtt.allow_anonymous = Some(false);
    assert!(!local.anonymous_allowed());
    assert!(
        !Config::default().to_toml().contains("allow_anonymous"),
        "unset is not written"
    );
}

#[test]
fn quic_on_udp_may_share_a_port_number_with_a_tcp_listener() {
    let mut config = Config::default();
    config.tls.cert = "cert.pem".to_owned();
    config.tls.key = "key.pem".to_owned();
    config.mqtt.tls_addr = "127.0.0.1:8883".parse().expect("addr");
    config.mqtt.quic_addr = "127.0.0.1:8883".parse().expect("addr");
    assert!(config.validate().is_ok(), "UDP 8883 beside TCP 8883");
    config.mqtt.quic_addr = "127.0.0.1:1883".parse().expect("addr");
    assert!(config.validate().is_ok(), "UDP 1883 beside TCP 1883");
    config.mqtt.ws_addr = "127.0.0.1:8883".parse().expect("addr");
    assert_eq!(
        invalid_key(config.validate()),
        "mqtt.ws_addr",
        "two TCP listeners still clash"
    );
}
