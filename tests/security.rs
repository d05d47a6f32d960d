//! Users, ACL rules and the blacklist: managed with `robustmqctl` over REST and gRPC, enforced by
//! the broker at once (through the meta watch), and seen by real clients.

use std::time::{Duration, Instant};

use robustmq_mqtt_codec::{
    Ack, ConnAck, Packet, Properties, Protocol, Publish, QoS, ReasonCode, Subscribe, Subscription,
    SubscriptionOptions,
};
use robustmq_tests::mqtt::{Broker, RawClient, Recv, connect_packet, mosquitto, paho};

use robustmq_tests::robustmqctl as ctl;

fn ok(target: &[&str], args: &[&str]) -> serde_json::Value {
    let mut all = vec!["-o", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = ctl(target, &all, &[]);
    assert_eq!(code, Some(0), "{args:?}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {out}"))
}

/// `robustmqctl acl create NAME --topic TOPIC --action ACTION --permission PERMISSION EXTRA...`
/// over `target`, which must succeed.
fn acl_create(
    target: &[&str],
    name: &str,
    topic: &str,
    action: &str,
    permission: &str,
    extra: &[&str],
) -> serde_json::Value {
    let mut args = vec![
        "acl",
        "create",
        name,
        "--topic",
        topic,
        "--action",
        action,
        "--permission",
        permission,
    ];
    args.extend_from_slice(extra);
    ok(target, &args)
}

/// CONNECT with optional credentials; returns the client and its CONNACK, whatever it says.
fn connect(
    port: u16,
    protocol: Protocol,
    client_id: &str,
    credentials: Option<(&str, &str)>,
) -> (RawClient, ConnAck) {
    let mut packet = connect_packet(protocol, client_id, true, Properties::default(), None);
    if let Some((user, password)) = credentials {
        packet.username = Some(user.to_owned());
        packet.password = Some(bytes::Bytes::copy_from_slice(password.as_bytes()));
    }
    let mut client = RawClient::open(port, protocol);
    client.send(&Packet::Connect(Box::new(packet)));
    match client.recv(Duration::from_secs(10)) {
        Recv::Packet(Packet::ConnAck(ack)) => (client, ack),
        other => panic!("expected CONNACK, got {other:?}"),
    }
}

/// Retries `connect` until its CONNACK code is `want` (the broker learns a change through its
/// meta watch, a moment after the admin API answered).
fn connect_until(
    port: u16,
    client_id: &str,
    credentials: Option<(&str, &str)>,
    want: ReasonCode,
) -> RawClient {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (client, ack) = connect(port, Protocol::V5, client_id, credentials);
        if ack.code == want {
            return client;
        }
        assert!(
            Instant::now() < deadline,
            "CONNACK stayed {:?}, wanted {want:?}",
            ack.code
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn publish_qos1(c: &mut RawClient, topic: &str, pkid: u16) -> ReasonCode {
    c.send(&Packet::Publish(Publish {
        dup: false,
        qos: QoS::AtLeastOnce,
        retain: false,
        topic: topic.into(),
        pkid,
        properties: Properties::default(),
        payload: bytes::Bytes::from_static(b"x"),
    }));
    match c.recv_until(Duration::from_secs(10), |p| matches!(p, Packet::PubAck(_))) {
        Recv::Packet(Packet::PubAck(Ack { reason, .. })) => reason,
        other => panic!("expected PUBACK, got {other:?}"),
    }
}

fn subscribe(c: &mut RawClient, filter: &str, pkid: u16) -> ReasonCode {
    c.send(&Packet::Subscribe(Subscribe {
        pkid,
        filters: vec![Subscription {
            filter: filter.into(),
            options: SubscriptionOptions {
                qos: QoS::AtLeastOnce,
                ..Default::default()
            },
        }],
        properties: Properties::default(),
    }));
    match c.recv_until(Duration::from_secs(10), |p| matches!(p, Packet::SubAck(_))) {
        Recv::Packet(Packet::SubAck(ack)) => ack.codes[0],
        other => panic!("expected SUBACK, got {other:?}"),
    }
}

#[test]
fn stored_users_authenticate_and_wrong_or_missing_credentials_are_refused() {
    let broker = Broker::start(&[("MQTT_ALLOW_ANONYMOUS", "false")]);
    let rest_url = format!("http://127.0.0.1:{}", broker.ports.http);
    let grpc_addr = format!("127.0.0.1:{}", broker.ports.grpc);
    let rest = ["--server", rest_url.as_str()];
    let grpc = ["--grpc", grpc_addr.as_str()];

    // The password comes from the environment, so it never shows in the process list.
    let (code, out, err) = ctl(
        &rest,
        &["-o", "json", "user", "create", "plant"],
        &[("ROBUSTMQ_USER_PASSWORD", "s3cret")],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(!out.contains("s3cret") && !out.contains("hash"), "{out}");
    let (code, _, err) = ctl(
        &grpc,
        &["user", "create", "plant", "--password", "other"],
        &[],
    );
    assert_eq!(code, Some(1));
    assert!(err.contains("user `plant` exists"), "{err}");
    let listed = ok(&rest, &["user", "list"]);
    assert_eq!(listed, ok(&grpc, &["user", "list"]));
    assert_eq!(listed["users"][0]["username"], "plant");
    assert_eq!(listed["users"][0]["superuser"], false);

    let port = broker.port();
    connect_until(
        port,
        "dev-1",
        Some(("plant", "s3cret")),
        ReasonCode::SUCCESS,
    );
    let (_, ack) = connect(port, Protocol::V5, "dev-1", Some(("plant", "wrong")));
    assert_eq!(ack.code, ReasonCode::BAD_USER_NAME_OR_PASSWORD);
    let (_, ack) = connect(port, Protocol::V5, "dev-1", Some(("nobody", "x")));
    assert_eq!(ack.code, ReasonCode::BAD_USER_NAME_OR_PASSWORD);
    let (_, ack) = connect(port, Protocol::V5, "dev-1", None);
    assert_eq!(
        ack.code,
        ReasonCode::NOT_AUTHORIZED,
        "anonymous access is off"
    );

    // A client nobody here wrote, at 3.1.1: return code 4 for a wrong password.
    let published = mosquitto("mosquitto_pub", port)
        .args([
            "-V", "mqttv311", "-u", "plant", "-P", "s3cret", "-t", "t", "-m", "m",
        ])
        .output()
        .expect("mosquitto_pub");
    assert!(
        published.status.success(),
        "{}",
        String::from_utf8_lossy(&published.stderr)
    );
    let refused = mosquitto("mosquitto_pub", port)
        .args([
            "-V", "mqttv311", "-u", "plant", "-P", "nope", "-t", "t", "-m", "m",
        ])
        .output()
        .expect("mosquitto_pub");
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr).to_lowercase();
    assert!(said.contains("bad user name or password"), "{said}");

    // A new password takes effect for the next CONNECT; the old one stops working.
    let (code, _, err) = ctl(
        &grpc,
        &["user", "update", "plant", "--password", "n3w"],
        &[],
    );
    assert_eq!(code, Some(0), "{err}");
    connect_until(port, "dev-1", Some(("plant", "n3w")), ReasonCode::SUCCESS);
    let (_, ack) = connect(port, Protocol::V5, "dev-1", Some(("plant", "s3cret")));
    assert_eq!(ack.code, ReasonCode::BAD_USER_NAME_OR_PASSWORD);

    let (code, _, err) = ctl(&rest, &["user", "update", "plant"], &[]);
    assert_eq!(code, Some(2), "nothing to change is a usage error: {err}");
    assert_eq!(ok(&rest, &["user", "delete", "plant"])["deleted"], true);
    connect_until(
        port,
        "dev-1",
        Some(("plant", "n3w")),
        ReasonCode::BAD_USER_NAME_OR_PASSWORD,
    );
}

#[test]
fn acl_rules_decide_publish_and_subscribe_per_user() {
    let broker = Broker::start(&[]);
    let rest_url = format!("http://127.0.0.1:{}", broker.ports.http);
    let grpc_addr = format!("127.0.0.1:{}", broker.ports.grpc);
    let rest = ["--server", rest_url.as_str()];
    let grpc = ["--grpc", grpc_addr.as_str()];
    let port = broker.port();

    acl_create(
        &rest,
        "plant-no-alarms",
        "alarms/#",
        "publish",
        "deny",
        &["--username", "plant"],
    );
    acl_create(&grpc, "no-raw", "raw/#", "subscribe", "deny", &[]);
    let listed = ok(&rest, &["acl", "list"]);
    assert_eq!(listed, ok(&grpc, &["acl", "list"]));
    assert_eq!(
        listed["rules"][1],
        serde_json::json!({"name": "plant-no-alarms", "who": "username", "value": "plant",
            "action": "publish", "topic": "alarms/#", "permission": "deny"})
    );
    let (code, _, err) = ctl(
        &rest,
        &[
            "acl",
            "create",
            "bad",
            "--topic",
            "a/#/b",
            "--permission",
            "deny",
        ],
        &[],
    );
    assert_eq!(code, Some(1));
    assert!(err.contains("not a valid topic filter"), "{err}");

    // Anonymous access lets `plant` in unchecked (it is not a stored user): the rule still
    // applies to the username it gave.
    let deadline = Instant::now() + Duration::from_secs(10);
    let (mut plant, _) = RawClient::connect_with(port, {
        let mut c = connect_packet(Protocol::V5, "p1", true, Properties::default(), None);
        c.username = Some("plant".into());
        c
    });
    let mut pkid = 1;
    // [MQTT-3.3.4-1 with 0x87]: a refused PUBLISH still gets its PUBACK, with Not authorized.
    while publish_qos1(&mut plant, "alarms/fire", pkid) != ReasonCode::NOT_AUTHORIZED {
        assert!(Instant::now() < deadline, "the deny rule never applied");
        pkid += 1;
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        publish_qos1(&mut plant, "alarms/ok/../x", 90),
        ReasonCode::NOT_AUTHORIZED
    );
    assert_eq!(
        publish_qos1(&mut plant, "plants/7", 91),
        ReasonCode::SUCCESS
    );
    let (mut other, _) = RawClient::connect(port, Protocol::V5, "p2", true);
    assert_eq!(
        publish_qos1(&mut other, "alarms/fire", 1),
        ReasonCode::SUCCESS,
        "the rule is for plant only"
    );
    // `#` overlaps raw/#, which nobody may subscribe to: granted, as Mosquitto grants it, and
    // raw/ messages are kept from it at delivery (a_deny_inside_a_wildcard_is_enforced_at_delivery).
    // A filter wholly inside the deny is refused.
    assert_eq!(subscribe(&mut other, "#", 2), ReasonCode::GRANTED_QOS_1);
    assert_eq!(
        subscribe(&mut other, "raw/1", 3),
        ReasonCode::NOT_AUTHORIZED
    );
    assert_eq!(
        subscribe(&mut other, "cooked/#", 4),
        ReasonCode::GRANTED_QOS_1
    );

    assert_eq!(ok(&grpc, &["acl", "delete", "no-raw"])["deleted"], true);
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut pkid = 10;
    while subscribe(&mut other, "raw/1", pkid) != ReasonCode::GRANTED_QOS_1 {
        assert!(Instant::now() < deadline, "the deleted rule still applied");
        pkid += 1;
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The acceptance case of ACL at delivery: with a deny on subscribing to `sensors/secret`, a
/// paho-mqtt `#` subscriber (3.1.1 and 5.0) is granted, gets `sensors/public` (retained and
/// live) and never `sensors/secret`; each message kept from it is counted.
#[test]
fn a_deny_inside_a_wildcard_is_enforced_at_delivery_and_counted() {
    let broker = Broker::start(&[]);
    let rest_url = format!("http://127.0.0.1:{}", broker.ports.http);
    let rest = ["--server", rest_url.as_str()];
    let port = broker.port();
    acl_create(
        &rest,
        "no-secret",
        "sensors/secret",
        "subscribe",
        "deny",
        &[],
    );
    let (mut probe, _) = RawClient::connect(port, Protocol::V5, "probe", true);
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut pkid = 1;
    while subscribe(&mut probe, "sensors/secret", pkid) != ReasonCode::NOT_AUTHORIZED {
        assert!(Instant::now() < deadline, "the deny rule never applied");
        pkid += 1;
        std::thread::sleep(Duration::from_millis(50));
    }
    for proto in ["v311", "v5"] {
        paho("acl_guarded_wildcard", port, &["--proto", proto]);
    }
    // Per run, the retained and the live `sensors/secret`.
    broker.wait_for_metric(r#"robustmq_mqtt_messages_dropped_total{reason="not_authorized"} 4"#);
}

#[test]
fn a_ban_disconnects_the_client_refuses_its_reconnect_and_can_be_lifted() {
    let broker = Broker::start(&[]);
    let rest_url = format!("http://127.0.0.1:{}", broker.ports.http);
    let grpc_addr = format!("127.0.0.1:{}", broker.ports.grpc);
    let rest = ["--server", rest_url.as_str()];
    let grpc = ["--grpc", grpc_addr.as_str()];
    let port = broker.port();

    let (mut victim, _) = RawClient::connect(port, Protocol::V5, "dev-9", true);
    let added = ok(
        &rest,
        &[
            "blacklist",
            "add",
            "--client-id",
            "dev-9",
            "--reason",
            "flooding",
        ],
    );
    assert_eq!(added["kind"], "client_id");
    assert_eq!(added["reason"], "flooding");
    match victim.recv_until(Duration::from_secs(10), |p| {
        matches!(p, Packet::Disconnect(_))
    }) {
        Recv::Packet(Packet::Disconnect(d)) => {
            assert_eq!(d.reason, ReasonCode::ADMINISTRATIVE_ACTION);
        }
        other => panic!("the banned client was not disconnected: {other:?}"),
    }
    let (_, ack) = connect(port, Protocol::V5, "dev-9", None);
    assert_eq!(ack.code, ReasonCode::BANNED);
    let refused = mosquitto("mosquitto_pub", port)
        .args(["-V", "mqttv311", "-i", "dev-9", "-t", "t", "-m", "m"])
        .output()
        .expect("mosquitto_pub");
    assert!(!refused.status.success(), "3.1.1 gets return code 5");
    assert!(
        String::from_utf8_lossy(&refused.stderr)
            .to_lowercase()
            .contains("not authori"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );

    ok(
        &grpc,
        &[
            "blacklist",
            "add",
            "--ip",
            "0:0::1",
            "--duration-secs",
            "600",
        ],
    );
    let listed = ok(&rest, &["blacklist", "list"]);
    assert_eq!(listed, ok(&grpc, &["blacklist", "list"]));
    assert_eq!(
        listed["bans"][1]["value"], "::1",
        "stored in canonical form"
    );
    assert!(listed["bans"][1]["until_ms"].as_i64() > Some(0));
    let (code, _, err) = ctl(&rest, &["blacklist", "add", "--ip", "10.0.0.256"], &[]);
    assert_eq!(code, Some(1));
    assert!(err.contains("not an IP address"), "{err}");
    let (code, _, _) = ctl(
        &rest,
        &["blacklist", "add", "--ip", "1.2.3.4", "--username", "x"],
        &[],
    );
    assert_eq!(code, Some(2), "one target only");

    assert_eq!(
        ok(&rest, &["blacklist", "delete", "--client-id", "dev-9"])["deleted"],
        true
    );
    connect_until(port, "dev-9", None, ReasonCode::SUCCESS);
    let (code, _, err) = ctl(&grpc, &["blacklist", "delete", "--client-id", "dev-9"], &[]);
    assert_eq!(code, Some(1));
    assert!(err.contains("not blacklisted"), "{err}");
}

/// Topic rewrite (#21): rules managed with `robustmqctl rewrite` over REST and gRPC (inserted at
/// a position, listed in order, refused when malformed, deleted), then seen by paho-mqtt
/// clients at 3.1.1 and 5.0: a PUBLISH topic and a SUBSCRIBE/UNSUBSCRIBE filter rewritten.
#[test]
fn rewrite_rules_managed_with_robustmqctl_rewrite_paho_topics_and_filters() {
    let broker = Broker::start(&[]);
    let rest_url = format!("http://127.0.0.1:{}", broker.ports.http);
    let grpc_addr = format!("127.0.0.1:{}", broker.ports.grpc);
    let rest = ["--server", rest_url.as_str()];
    let grpc = ["--grpc", grpc_addr.as_str()];

    let subscribe_rule = [
        "rewrite",
        "add",
        "--action",
        "subscribe",
        "--source",
        "old/#",
        "--regex",
        "^old/(.+)$",
        "--dest",
        "new/$1",
    ];
    assert_eq!(ok(&rest, &subscribe_rule)["rules"][0]["dest"], "new/$1");
    let publish_rule = [
        "rewrite",
        "add",
        "--action",
        "publish",
        "--source",
        "a/+",
        "--regex",
        r"^a/(\d+)$",
        "--dest",
        "devices/$1/data",
        "--position",
        "0",
    ];
    let listed = ok(&grpc, &publish_rule);
    assert_eq!(listed["rules"][0]["source"], "a/+", "inserted first");
    assert_eq!(listed["rules"][1]["source"], "old/#");
    assert_eq!(listed, ok(&rest, &["rewrite", "list"]));

    let (code, _, err) = ctl(
        &rest,
        &[
            "rewrite", "add", "--action", "all", "--source", "x", "--regex", "(", "--dest", "y",
        ],
        &[],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("regex"), "{err}");
    let (code, _, err) = ctl(
        &rest,
        &[
            "rewrite", "add", "--action", "all", "--source", "a/#/b", "--regex", ".", "--dest", "y",
        ],
        &[],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("not a valid topic filter"), "{err}");
    let (code, _, _) = ctl(
        &rest,
        &[
            "rewrite", "add", "--action", "send", "--source", "x", "--regex", ".", "--dest", "y",
        ],
        &[],
    );
    assert_eq!(code, Some(2), "clap refuses an unknown action");
    let (code, _, err) = ctl(
        &grpc,
        &[
            "rewrite",
            "add",
            "--action",
            "subscribe",
            "--source",
            "x/+",
            "--regex",
            "^x/(.+)$",
            "--dest",
            "$share/g/$1",
        ],
        &[],
    );
    assert_eq!(
        code,
        Some(1),
        "a destination may not change a subscription's kind: {err}"
    );
    let (code, _, err) = ctl(&grpc, &["rewrite", "delete", "7"], &[]);
    assert_eq!(code, Some(1));
    assert!(err.contains("no rule at position 7"), "{err}");
    assert_eq!(ok(&rest, &["rewrite", "list"]), listed, "nothing changed");

    for proto in ["v311", "v5"] {
        paho("topic_rewrite", broker.port(), &["--proto", proto]);
    }

    let left = ok(&rest, &["rewrite", "delete", "0"]);
    assert_eq!(left["rules"].as_array().map(Vec::len), Some(1));
    assert_eq!(left["rules"][0]["source"], "old/#");
}

/// Auto-subscribe (#21): rules managed with `robustmqctl auto-subscribe` over REST and gRPC
/// (inserted at a position, listed in order, refused when malformed, deleted), then seen by
/// paho-mqtt clients at 3.1.1 and 5.0 that receive without subscribing.
#[test]
fn auto_subscribe_rules_managed_with_robustmqctl_subscribe_paho_clients_at_connect() {
    let broker = Broker::start(&[]);
    let rest_url = format!("http://127.0.0.1:{}", broker.ports.http);
    let grpc_addr = format!("127.0.0.1:{}", broker.ports.grpc);
    let rest = ["--server", rest_url.as_str()];
    let grpc = ["--grpc", grpc_addr.as_str()];

    let broadcast = ok(&rest, &["auto-subscribe", "add", "--filter", "broadcast/#"]);
    assert_eq!(broadcast["rules"][0]["filter"], "broadcast/#");
    assert_eq!(broadcast["rules"][0]["qos"], 0);
    let listed = ok(
        &grpc,
        &[
            "auto-subscribe",
            "add",
            "--filter",
            "cmd/${clientid}",
            "--qos",
            "1",
            "--position",
            "0",
        ],
    );
    assert_eq!(
        listed["rules"][0]["filter"], "cmd/${clientid}",
        "inserted first"
    );
    assert_eq!(listed["rules"][0]["qos"], 1);
    assert_eq!(listed["rules"][1]["filter"], "broadcast/#");
    assert_eq!(listed, ok(&rest, &["auto-subscribe", "list"]));

    let (code, _, err) = ctl(&rest, &["auto-subscribe", "add", "--filter", "a/#/b"], &[]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("not a valid topic filter"), "{err}");
    let (code, _, err) = ctl(
        &grpc,
        &[
            "auto-subscribe",
            "add",
            "--filter",
            "$share/g/t",
            "--no-local",
        ],
        &[],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("MQTT-3.8.3-4"), "{err}");
    let (code, _, _) = ctl(
        &rest,
        &["auto-subscribe", "add", "--filter", "t", "--qos", "3"],
        &[],
    );
    assert_eq!(code, Some(2), "clap refuses QoS 3");
    let (code, _, err) = ctl(&grpc, &["auto-subscribe", "delete", "5"], &[]);
    assert_eq!(code, Some(1));
    assert!(err.contains("no rule at position 5"), "{err}");
    assert_eq!(
        ok(&rest, &["auto-subscribe", "list"]),
        listed,
        "nothing changed"
    );

    for proto in ["v311", "v5"] {
        paho("auto_subscribe", broker.port(), &["--proto", proto]);
    }

    let left = ok(&rest, &["auto-subscribe", "delete", "0"]);
    assert_eq!(left["rules"].as_array().map(Vec::len), Some(1));
    assert_eq!(left["rules"][0]["filter"], "broadcast/#");
}

/// As in Mosquitto 2: with `mqtt.allow_anonymous` unset, a node whose MQTT listener binds
/// beyond loopback refuses anonymous clients (0x87, 3.1.1 return code 5) and says so in its
/// log, while stored users get in; `allow_anonymous = true` said explicitly lets them in.
#[test]
fn mqtt_beyond_loopback_refuses_anonymous_clients_unless_allowed_explicitly() {
    let port = robustmq_tests::free_port();
    let everywhere = format!("0.0.0.0:{port}");
    let broker = Broker::start(&[("MQTT_TCP_ADDR", everywhere.as_str())]);
    assert!(
        broker
            .daemon
            .stderr()
            .contains("anonymous MQTT clients are refused"),
        "the log says why"
    );
    let (_, ack) = connect(port, Protocol::V5, "stranger", None);
    assert_eq!(ack.code, ReasonCode::NOT_AUTHORIZED);
    let refused = mosquitto("mosquitto_pub", port)
        .args(["-V", "mqttv311", "-t", "t", "-m", "m"])
        .output()
        .expect("mosquitto_pub");
    assert!(!refused.status.success(), "anonymous at 3.1.1 too");

    let rest_url = format!("http://127.0.0.1:{}", broker.ports.http);
    let (code, _, err) = ctl(
        &["--server", rest_url.as_str()],
        &["user", "create", "plant"],
        &[("ROBUSTMQ_USER_PASSWORD", "s3cret")],
    );
    assert_eq!(code, Some(0), "{err}");
    connect_until(
        port,
        "dev-1",
        Some(("plant", "s3cret")),
        ReasonCode::SUCCESS,
    );
    drop(broker);

    let port = robustmq_tests::free_port();
    let everywhere = format!("0.0.0.0:{port}");
    let _open = Broker::start(&[
        ("MQTT_TCP_ADDR", everywhere.as_str()),
        ("MQTT_ALLOW_ANONYMOUS", "true"),
    ]);
    let (_, ack) = connect(port, Protocol::V5, "stranger", None);
    assert_eq!(ack.code, ReasonCode::SUCCESS, "allowed explicitly");
}

/// A CIDR block bans every peer inside it, connected ones included, and is stored with its
/// host bits cleared; lifting it lets them back in.
#[test]
fn a_cidr_ban_refuses_every_peer_inside_the_block() {
    let broker = Broker::start(&[]);
    let rest_url = format!("http://127.0.0.1:{}", broker.ports.http);
    let rest = ["--server", rest_url.as_str()];
    let port = broker.port();
    let (mut inside, _) = RawClient::connect(port, Protocol::V5, "lab-1", true);
    let added = ok(
        &rest,
        &["blacklist", "add", "--ip", "127.1.2.3/8", "--reason", "lab"],
    );
    assert_eq!(added["value"], "127.0.0.0/8");
    match inside.recv_until(Duration::from_secs(10), |p| {
        matches!(p, Packet::Disconnect(_))
    }) {
        Recv::Packet(Packet::Disconnect(d)) => {
            assert_eq!(d.reason, ReasonCode::ADMINISTRATIVE_ACTION);
        }
        other => panic!("a client inside the block was not disconnected: {other:?}"),
    }
    let (_, ack) = connect(port, Protocol::V5, "lab-2", None);
    assert_eq!(ack.code, ReasonCode::BANNED);
    assert_eq!(
        ok(&rest, &["blacklist", "delete", "--ip", "127.0.0.0/8"])["deleted"],
        true
    );
    connect_until(port, "lab-2", None, ReasonCode::SUCCESS);
}

/// An allow rule for a username trusts only that stored user, logged in with its password: an
/// anonymous client that merely claimed the name (before the user existed) gets 0x87 under
/// `acl_no_match = deny`, once the rule demonstrably lets the real user publish.
#[test]
fn an_unverified_claimed_username_does_not_satisfy_an_allow_rule() {
    let broker = Broker::start(&[("MQTT_ACL_NO_MATCH", "deny")]);
    let rest_url = format!("http://127.0.0.1:{}", broker.ports.http);
    let rest = ["--server", rest_url.as_str()];
    let port = broker.port();
    acl_create(
        &rest,
        "plant-writes",
        "plants/#",
        "publish",
        "allow",
        &["--username", "plant"],
    );
    let (mut pretender, _) = RawClient::connect_with(port, {
        let mut c = connect_packet(Protocol::V5, "pretender", true, Properties::default(), None);
        c.username = Some("plant".into());
        c
    });
    let (code, _, err) = ctl(
        &rest,
        &["user", "create", "plant"],
        &[("ROBUSTMQ_USER_PASSWORD", "s3cret")],
    );
    assert_eq!(code, Some(0), "{err}");
    let mut verified = connect_until(port, "real", Some(("plant", "s3cret")), ReasonCode::SUCCESS);
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut pkid = 1;
    while publish_qos1(&mut verified, "plants/7", pkid) != ReasonCode::SUCCESS {
        assert!(Instant::now() < deadline, "the allow rule never applied");
        pkid += 1;
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        publish_qos1(&mut pretender, "plants/7", 1),
        ReasonCode::NOT_AUTHORIZED,
        "a claimed name is not the stored user"
    );
}

/// A user stored by an earlier version, with a PBKDF2-SHA256 hash (RFC 7914's vector:
/// password `passwd`, salt `salt`, one iteration), still logs in; the broker then rewrites the
/// hash as argon2id, with which the same password keeps working and a wrong one still fails.
#[test]
fn a_stored_pbkdf2_hash_logs_in_and_is_rewritten_as_argon2id() {
    use robustmq_meta_client::{RemoteMeta, SecurityClient, UserRecord};
    let broker = Broker::start(&[("MQTT_ALLOW_ANONYMOUS", "false")]);
    let port = broker.port();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let endpoint = format!("http://127.0.0.1:{}", broker.ports.grpc);
    let meta = runtime
        .block_on(RemoteMeta::connect(endpoint))
        .expect("meta over gRPC");
    let legacy =
        "pbkdf2-sha256$1$73616c74$55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc";
    runtime
        .block_on(meta.user_put(&UserRecord {
            username: "legacy".into(),
            password_hash: legacy.into(),
            superuser: false,
            created_ms: 0,
            scram: None,
        }))
        .expect("store the user as an earlier version did");
    let _in = connect_until(
        port,
        "old-1",
        Some(("legacy", "passwd")),
        ReasonCode::SUCCESS,
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    let rewritten = loop {
        let stored = runtime
            .block_on(meta.user_get("legacy"))
            .expect("read the user")
            .expect("still there");
        if stored.password_hash != legacy {
            break stored.password_hash;
        }
        assert!(Instant::now() < deadline, "the hash was never rewritten");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(rewritten.starts_with("$argon2id$"), "{rewritten}");
    // The broker learns the new record through its watch; either way the password holds.
    let (_c, ack) = connect(port, Protocol::V5, "old-2", Some(("legacy", "passwd")));
    assert_eq!(ack.code, ReasonCode::SUCCESS);
    let (_c, ack) = connect(port, Protocol::V5, "old-3", Some(("legacy", "wrong")));
    assert_eq!(ack.code, ReasonCode::BAD_USER_NAME_OR_PASSWORD);
}

fn unix_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// JWT authentication with HS256 (`mqtt.jwt_secret`): a token signed with the key logs in as its
/// `sub` (mosquitto_pub at 3.1.1 and 5.0, and a raw 5.0 client with no username); an expired
/// token, one signed with another key, or one for another username than the CONNECT's gets
/// Bad User Name or Password (0x86; 3.1.1: return code 4).
#[test]
fn a_signed_jwt_logs_in_and_an_expired_or_forged_one_is_refused() {
    use jsonwebtoken::{EncodingKey, Header, encode};
    let secret = "jwt-secret-0123456789abcdefghijklmn";
    let broker = Broker::start(&[
        ("MQTT_JWT_SECRET", secret),
        ("MQTT_ALLOW_ANONYMOUS", "false"),
    ]);
    let port = broker.port();
    let sign = |claims: serde_json::Value, key: &str| {
        encode(
            &Header::default(),
            &claims,
            &EncodingKey::from_secret(key.as_bytes()),
        )
        .expect("sign")
    };
    let now = unix_secs();
    let good = sign(
        serde_json::json!({"sub": "dev-7", "exp": now + 600}),
        secret,
    );
    for version in ["mqttv311", "mqttv5"] {
        let out = mosquitto("mosquitto_pub", port)
            .args(["-V", version, "-i", "jwt-pub", "-u", "dev-7", "-P", &good])
            .args(["-t", "jwt/t", "-m", "m", "-q", "1"])
            .output()
            .expect("mosquitto_pub");
        assert!(
            out.status.success(),
            "{version}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let with_token = |client_id: &str, username: Option<&str>, token: &str| {
        let mut packet = connect_packet(Protocol::V5, client_id, true, Properties::default(), None);
        packet.username = username.map(str::to_owned);
        packet.password = Some(bytes::Bytes::copy_from_slice(token.as_bytes()));
        let mut client = RawClient::open(port, Protocol::V5);
        client.send(&Packet::Connect(Box::new(packet)));
        match client.recv(Duration::from_secs(10)) {
            Recv::Packet(Packet::ConnAck(ack)) => ack.code,
            other => panic!("expected CONNACK, got {other:?}"),
        }
    };
    assert_eq!(with_token("jwt-1", None, &good), ReasonCode::SUCCESS);
    let expired = sign(
        serde_json::json!({"sub": "dev-7", "exp": now - 3600}),
        secret,
    );
    assert_eq!(
        with_token("jwt-2", None, &expired),
        ReasonCode::BAD_USER_NAME_OR_PASSWORD
    );
    let forged = sign(
        serde_json::json!({"sub": "dev-7", "exp": now + 600}),
        "another-key-0123456789abcdefghijklm",
    );
    assert_eq!(
        with_token("jwt-3", None, &forged),
        ReasonCode::BAD_USER_NAME_OR_PASSWORD
    );
    assert_eq!(
        with_token("jwt-4", Some("dev-8"), &good),
        ReasonCode::BAD_USER_NAME_OR_PASSWORD,
        "a token for dev-7 does not log in dev-8"
    );
    let refused = mosquitto("mosquitto_pub", port)
        .args([
            "-V", "mqttv311", "-i", "jwt-5", "-P", &expired, "-u", "dev-7",
        ])
        .args(["-t", "jwt/t", "-m", "m"])
        .output()
        .expect("mosquitto_pub");
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr)
            .to_lowercase()
            .contains("bad user name or password"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
}

/// JWT authentication with RS256 (`mqtt.jwt_public_key`, a PEM public key made with openssl):
/// a token signed with the private key logs in; one signed with another key does not.
#[test]
fn an_rs256_jwt_logs_in_with_the_configured_public_key() {
    use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
    let dir = tempfile::tempdir().expect("tempdir");
    let keygen = |name: &str| {
        let private = dir.path().join(format!("{name}.pem"));
        let public = dir.path().join(format!("{name}.pub.pem"));
        let gen_key = std::process::Command::new("openssl")
            .args(["genrsa", "-out"])
            .arg(&private)
            .arg("2048")
            .output()
            .expect("openssl (installed by scripts/setup.sh)");
        assert!(gen_key.status.success(), "{gen_key:?}");
        let pub_key = std::process::Command::new("openssl")
            .args(["rsa", "-pubout", "-in"])
            .arg(&private)
            .arg("-out")
            .arg(&public)
            .output()
            .expect("openssl");
        assert!(pub_key.status.success(), "{pub_key:?}");
        (std::fs::read(private).expect("private key"), public)
    };
    let (private, public) = keygen("signer");
    let (other_private, _) = keygen("other");
    let broker = Broker::start(&[
        ("MQTT_JWT_PUBLIC_KEY", public.to_str().expect("utf-8 path")),
        ("MQTT_ALLOW_ANONYMOUS", "false"),
    ]);
    let claims = serde_json::json!({"sub": "rsa-dev", "exp": unix_secs() + 600});
    let sign = |pem: &[u8]| {
        encode(
            &Header::new(Algorithm::RS256),
            &claims,
            &EncodingKey::from_rsa_pem(pem).expect("RSA private key"),
        )
        .expect("sign")
    };
    let (_c, ack) = connect(
        broker.port(),
        Protocol::V5,
        "rsa-1",
        Some(("rsa-dev", &sign(&private))),
    );
    assert_eq!(ack.code, ReasonCode::SUCCESS);
    let (_c, ack) = connect(
        broker.port(),
        Protocol::V5,
        "rsa-2",
        Some(("rsa-dev", &sign(&other_private))),
    );
    assert_eq!(ack.code, ReasonCode::BAD_USER_NAME_OR_PASSWORD);
}

/// SCRAM-SHA-256 through MQTT 5 enhanced authentication ([MQTT-4.12], RFC 7677), with
/// `mqtt.enable_scram`, by a raw 5.0 client against a user made with `robustmqctl user create`: CONNECT with the client-first
/// message, AUTH 0x18 with the server-first one, AUTH 0x18 with the proof, and a CONNACK whose
/// server-final message proves the broker knew the password. A wrong password gets 0x86.
#[test]
fn a_scram_sha_256_login_through_auth_packets() {
    use robustmq_common::scram;
    use robustmq_mqtt_codec::{Auth, PropertyValues};
    let broker = Broker::start(&[
        ("MQTT_ALLOW_ANONYMOUS", "false"),
        ("MQTT_ENABLE_SCRAM", "true"),
    ]);
    let rest_url = format!("http://127.0.0.1:{}", broker.ports.http);
    let (code, _, err) = ctl(
        &["--server", rest_url.as_str()],
        &["user", "create", "scram-user", "--password", "pencil"],
        &[],
    );
    assert_eq!(code, Some(0), "{err}");
    let port = broker.port();
    let login = |client_id: &str, password: &[u8]| -> (ReasonCode, Option<Vec<u8>>) {
        let nonce = "rOprNGfwEbeRWgbNEkqO";
        let mut packet = connect_packet(
            Protocol::V5,
            client_id,
            true,
            Properties::from(PropertyValues {
                authentication_method: Some(scram::METHOD.into()),
                authentication_data: Some(bytes::Bytes::from(scram::client_first(
                    "scram-user",
                    nonce,
                ))),
                ..PropertyValues::default()
            }),
            None,
        );
        packet.username = None;
        let mut client = RawClient::open(port, Protocol::V5);
        client.send(&Packet::Connect(Box::new(packet)));
        let server_first = match client.recv(Duration::from_secs(10)) {
            Recv::Packet(Packet::Auth(auth)) => {
                assert_eq!(auth.reason, ReasonCode::CONTINUE_AUTHENTICATION);
                auth.properties
                    .authentication_data
                    .clone()
                    .expect("server-first message")
            }
            // The watch may not have brought the user yet.
            Recv::Packet(Packet::ConnAck(ack)) => return (ack.code, None),
            other => panic!("expected AUTH, got {other:?}"),
        };
        let (client_final, server_final) =
            scram::client_final("scram-user", password, nonce, &server_first).expect("final");
        client.send(&Packet::Auth(Auth {
            reason: ReasonCode::CONTINUE_AUTHENTICATION,
            properties: Properties::from(PropertyValues {
                authentication_method: Some(scram::METHOD.into()),
                authentication_data: Some(bytes::Bytes::from(client_final)),
                ..PropertyValues::default()
            }),
        }));
        match client.recv(Duration::from_secs(10)) {
            Recv::Packet(Packet::ConnAck(ack)) => {
                if ack.code == ReasonCode::SUCCESS {
                    assert_eq!(
                        ack.properties.authentication_data.as_deref(),
                        Some(&server_final[..])
                    );
                }
                (
                    ack.code,
                    ack.properties
                        .authentication_data
                        .as_deref()
                        .map(<[u8]>::to_vec),
                )
            }
            other => panic!("expected CONNACK, got {other:?}"),
        }
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut attempt = 0;
    loop {
        attempt += 1;
        let (code, server_final) = login(&format!("scram-{attempt}"), b"pencil");
        if code == ReasonCode::SUCCESS {
            assert!(server_final.is_some_and(|v| v.starts_with(b"v=")));
            break;
        }
        assert!(Instant::now() < deadline, "SCRAM login stayed {code:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
    let (code, _) = login("scram-wrong", b"pen");
    assert_eq!(code, ReasonCode::BAD_USER_NAME_OR_PASSWORD);
}
