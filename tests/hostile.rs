//! Hostile clients (issue #17's acceptance): each attack gets its documented answer, and a
//! paho-mqtt client beside it keeps its QoS 1 round trip working while the attack is under way.
//! The topic-size and SUBSCRIBE-storm cases are in `mqtt_raw`.

use std::io::Read as _;
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use bytes::Bytes;
use robustmq_mqtt_codec::{
    Ack, Packet, Properties, Protocol, Publish, QoS, ReasonCode, Subscribe, Subscription,
    SubscriptionOptions,
};
use robustmq_tests::mqtt::{Broker, RawClient, Recv, connect_packet, paho};

const WAIT: Duration = Duration::from_secs(10);

/// The side client: a paho-mqtt QoS 0/1/2 round trip (`qos_levels`) from 127.0.0.1.
fn side_client_round_trip(broker: &Broker) {
    paho("qos_levels", broker.port(), &[]);
}

/// A TCP connection to the broker from `source` (another loopback address: the attacker is
/// not the side client's host).
fn open_from(source: &str, port: u16) -> std::io::Result<TcpStream> {
    let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None)?;
    let local: SocketAddr = format!("{source}:0").parse().expect("source address");
    socket.bind(&local.into())?;
    let remote: SocketAddr = ([127, 0, 0, 1], port).into();
    socket.connect(&remote.into())?;
    Ok(socket.into())
}

/// Whether the broker closed `stream` within `wait` (EOF or reset), sending nothing.
fn closed_within(stream: &mut TcpStream, wait: Duration) -> bool {
    stream.set_read_timeout(Some(wait)).expect("timeout");
    let mut byte = [0u8; 1];
    match stream.read(&mut byte) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => !matches!(
            e.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
        ),
    }
}

fn metric_value(broker: &Broker, line_prefix: &str) -> Option<u64> {
    broker.scrape().lines().find_map(|l| {
        l.strip_prefix(line_prefix)?
            .trim()
            .parse::<f64>()
            .ok()
            .map(|v| v as u64)
    })
}

/// 5,000 connections from one address that never send CONNECT: beyond
/// `mqtt.max_connections_per_ip` (1,000 by default) they are closed at accept and counted.
/// Meanwhile the side client (another address) is served, another connection from the
/// attacker's address is refused, and once the attacker's connections are gone its address may
/// connect again. (The CONNECT timeout is long here, so that how fast the machine opens 5,000
/// connections cannot change the count; `silent_connections_are_closed_at_the_connect_timeout`
/// shows the timeout.)
#[test]
fn five_thousand_silent_connections_meet_the_per_ip_limit() {
    let broker = Broker::start(&[("MQTT_CONNECT_TIMEOUT_MS", "600000")]);
    let port = broker.port();
    let silent: Vec<TcpStream> = (0..5000)
        .map(|i| open_from("127.0.0.2", port).unwrap_or_else(|e| panic!("connection {i}: {e}")))
        .collect();
    broker.wait_for_metric(
        r#"robustmq_listener_refused_total{listener="mqtt.tcp_addr",reason="max_connections_per_ip"} 4000"#,
    );
    side_client_round_trip(&broker);
    let mut extra = open_from("127.0.0.2", port).expect("connect");
    assert!(
        closed_within(&mut extra, WAIT),
        "a connection over the per-IP limit is closed at accept"
    );
    broker.wait_for_metric(
        r#"robustmq_listener_refused_total{listener="mqtt.tcp_addr",reason="max_connections_per_ip"} 4001"#,
    );
    drop(silent);
    // The broker sees the closes and gives the address's places back.
    let deadline = Instant::now() + WAIT;
    loop {
        let mut again = open_from("127.0.0.2", port).expect("connect");
        if !closed_within(&mut again, Duration::from_millis(300)) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the address's places never came back"
        );
    }
    side_client_round_trip(&broker);
}

/// Connections that never send CONNECT are closed when `mqtt.connect_timeout_ms` runs out,
/// while the side client is served.
#[test]
fn silent_connections_are_closed_at_the_connect_timeout() {
    let broker = Broker::start(&[("MQTT_CONNECT_TIMEOUT_MS", "2000")]);
    let port = broker.port();
    let mut silent: Vec<TcpStream> = (0..500)
        .map(|i| open_from("127.0.0.4", port).unwrap_or_else(|e| panic!("connection {i}: {e}")))
        .collect();
    side_client_round_trip(&broker);
    let deadline = Instant::now() + Duration::from_secs(30);
    for (i, s) in silent.iter_mut().enumerate() {
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(
            closed_within(s, left.max(Duration::from_millis(1))),
            "silent connection {i} still open long after the connect timeout"
        );
    }
}

/// A slowloris sends its CONNECT one byte a second: the whole CONNECT must arrive within
/// `mqtt.connect_timeout_ms`, so it is closed then, while the side client is served.
#[test]
fn a_slowloris_connect_is_closed_at_the_connect_timeout() {
    let broker = Broker::start(&[("MQTT_CONNECT_TIMEOUT_MS", "3000")]);
    let port = broker.port();
    let mut connect = bytes::BytesMut::new();
    Packet::Connect(Box::new(connect_packet(
        Protocol::V5,
        "slowloris",
        true,
        Properties::default(),
        None,
    )))
    .write(Protocol::V5, &mut connect)
    .expect("encode");
    assert!(
        connect.len() > 4,
        "longer than the timeout at a byte a second"
    );
    let mut slow = open_from("127.0.0.3", port).expect("connect");
    let mut closed = false;
    for (i, b) in connect.iter().enumerate() {
        if std::io::Write::write_all(&mut slow, &[*b]).is_err()
            || closed_within(&mut slow, Duration::from_secs(1))
        {
            closed = true;
            break;
        }
        if i == 0 {
            side_client_round_trip(&broker);
        }
    }
    assert!(
        closed,
        "the whole CONNECT was accepted at one byte a second"
    );
}

/// 1,000 connects a second of one client id: past `mqtt.flapping_max_connects` (15 within a
/// minute) the id is banned for `mqtt.flapping_ban_secs`, its connects get CONNACK 0x8A, the
/// ban is a blacklist entry with reason `flapping`, and other clients are served.
#[test]
fn a_client_id_connecting_a_thousand_times_a_second_is_banned_for_flapping() {
    let broker = Broker::start(&[]);
    let port = broker.port();
    let mut codes = Vec::new();
    for _ in 0..1000 {
        let mut c = RawClient::open(port, Protocol::V5);
        c.send(&Packet::Connect(Box::new(connect_packet(
            Protocol::V5,
            "flapper",
            true,
            Properties::default(),
            None,
        ))));
        match c.recv(WAIT) {
            Recv::Packet(Packet::ConnAck(ack)) => codes.push(ack.code),
            other => panic!("expected CONNACK, got {other:?}"),
        }
        c.drop_connection();
    }
    assert!(
        codes[..15].iter().all(|c| *c == ReasonCode::SUCCESS),
        "{:?}",
        &codes[..16]
    );
    assert!(
        codes[15..].iter().all(|c| *c == ReasonCode::BANNED),
        "every connect after the 15th is refused as banned"
    );
    broker.wait_for_metric("robustmq_mqtt_flapping_bans_total 1");
    side_client_round_trip(&broker);
    let rest_url = format!("http://127.0.0.1:{}", broker.ports.http);
    let deadline = Instant::now() + WAIT;
    loop {
        let (code, out, err) = robustmq_tests::robustmqctl(
            &["--server", rest_url.as_str()],
            &["-o", "json", "blacklist", "list"],
            &[],
        );
        assert_eq!(code, Some(0), "{err}");
        if out.contains("flapper") {
            assert!(out.contains("flapping"), "{out}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the ban never reached meta: {out}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn publish_retained(c: &mut RawClient, topic: &str, pkid: u16) -> ReasonCode {
    c.send(&Packet::Publish(Publish {
        qos: QoS::AtLeastOnce,
        retain: true,
        topic: topic.into(),
        pkid,
        payload: Bytes::from_static(b"kept"),
        ..Publish::default()
    }));
    match c.recv_until(WAIT, |p| matches!(p, Packet::PubAck(_))) {
        Recv::Packet(Packet::PubAck(Ack { reason, .. })) => reason,
        other => panic!("expected PUBACK, got {other:?}"),
    }
}

/// A retained-message flood past `mqtt.max_retained_messages`: a 5.0 QoS 1 retained PUBLISH to a
/// new topic gets 0x97 Quota exceeded; a 3.1.1 one is published without its retained copy
/// (counted); replacing or clearing a retained message still works; the side client is served.
#[test]
fn a_retained_flood_past_the_limit_gets_quota_exceeded_and_keeps_the_count() {
    // No `$SYS` publishes: the gauge of retained messages then counts the clients' only.
    let broker = Broker::start(&[
        ("MQTT_MAX_RETAINED_MESSAGES", "100"),
        ("MQTT_SYS_INTERVAL", "0"),
    ]);
    let port = broker.port();
    let (mut v5, _) = RawClient::connect(port, Protocol::V5, "flood-5", true);
    let codes: Vec<ReasonCode> = (0..150)
        .map(|i| publish_retained(&mut v5, &format!("flood/{i}"), i + 1))
        .collect();
    assert!(codes[..100].iter().all(|c| *c == ReasonCode::SUCCESS));
    assert!(
        codes[100..]
            .iter()
            .all(|c| *c == ReasonCode::QUOTA_EXCEEDED),
        "{:?}",
        &codes[100..]
    );
    broker.wait_for_metric("robustmq_mqtt_retained_messages 100");
    assert_eq!(
        publish_retained(&mut v5, "flood/7", 200),
        ReasonCode::SUCCESS,
        "replacing a retained message adds none"
    );
    side_client_round_trip(&broker);

    let (mut v3, _) = RawClient::connect(port, Protocol::V311, "flood-3", true);
    let (mut watcher, _) = RawClient::connect(port, Protocol::V311, "watcher", true);
    watcher.send(&Packet::Subscribe(Subscribe {
        pkid: 1,
        filters: vec![Subscription {
            filter: "late/#".into(),
            options: SubscriptionOptions {
                qos: QoS::AtLeastOnce,
                ..Default::default()
            },
        }],
        properties: Properties::default(),
    }));
    assert!(matches!(
        watcher.recv_until(WAIT, |p| matches!(p, Packet::SubAck(_))),
        Recv::Packet(Packet::SubAck(_))
    ));
    assert_eq!(
        publish_retained(&mut v3, "late/1", 1),
        ReasonCode::SUCCESS,
        "3.1.1 cannot be told"
    );
    assert!(
        matches!(watcher.recv_until(WAIT, |p| matches!(p, Packet::Publish(_))), Recv::Packet(Packet::Publish(ref p)) if p.topic == "late/1"),
        "published all the same"
    );
    broker.wait_for_metric(r#"robustmq_mqtt_messages_dropped_total{reason="retained_quota"} 1"#);
    assert_eq!(
        metric_value(&broker, "robustmq_mqtt_retained_messages"),
        Some(100)
    );

    // Clearing one makes room for one.
    v5.send(&Packet::Publish(Publish {
        qos: QoS::AtLeastOnce,
        retain: true,
        topic: "flood/0".into(),
        pkid: 300,
        payload: Bytes::new(),
        ..Publish::default()
    }));
    assert!(matches!(
        v5.recv_until(WAIT, |p| matches!(p, Packet::PubAck(_))),
        Recv::Packet(Packet::PubAck(_))
    ));
    assert_eq!(
        publish_retained(&mut v5, "flood/new", 301),
        ReasonCode::SUCCESS
    );
    assert_eq!(
        publish_retained(&mut v5, "flood/newer", 302),
        ReasonCode::QUOTA_EXCEEDED
    );
    side_client_round_trip(&broker);
}

/// `mqtt.max_publish_rate`: a client publishing faster is slowed (the broker stops reading
/// from it), not cut off: every message arrives, the throttling is counted, and the side
/// client is served meanwhile.
#[test]
fn a_publisher_over_the_rate_limit_is_slowed_and_loses_nothing() {
    let broker = Broker::start(&[("MQTT_MAX_PUBLISH_RATE", "20")]);
    let port = broker.port();
    let (mut sub, _) = RawClient::connect(port, Protocol::V5, "rate-sub", true);
    sub.send(&Packet::Subscribe(Subscribe {
        pkid: 1,
        filters: vec![Subscription {
            filter: "rate/#".into(),
            options: SubscriptionOptions::default(),
        }],
        properties: Properties::default(),
    }));
    assert!(matches!(
        sub.recv_until(WAIT, |p| matches!(p, Packet::SubAck(_))),
        Recv::Packet(Packet::SubAck(_))
    ));
    let (mut fast, _) = RawClient::connect(port, Protocol::V5, "rate-pub", true);
    for i in 0..60u32 {
        fast.send(&Packet::Publish(Publish {
            topic: "rate/x".into(),
            payload: Bytes::from(i.to_be_bytes().to_vec()),
            ..Publish::default()
        }));
    }
    side_client_round_trip(&broker);
    for i in 0..60u32 {
        match sub.recv_until(WAIT, |p| matches!(p, Packet::Publish(_))) {
            Recv::Packet(Packet::Publish(p)) => assert_eq!(p.payload, i.to_be_bytes().to_vec()),
            other => panic!("message {i}: {other:?}"),
        }
    }
    let throttled = metric_value(&broker, "robustmq_mqtt_publish_throttled_total");
    assert!(throttled.is_some_and(|n| n > 0), "{throttled:?}");
}

/// Keepalive 0 ("never check") holds a slot forever once the client's host vanishes, so unless
/// `mqtt.allow_zero_keepalive` says otherwise: a 5.0 client gets `mqtt.max_keepalive` as Server
/// Keep Alive; a 3.1.1 client, which cannot be told, gets return code 2 as Mosquitto gives a
/// keepalive it will not serve.
#[test]
fn keepalive_0_is_overridden_at_5_0_and_refused_at_3_1_1() {
    let broker = Broker::start(&[]);
    let port = broker.port();
    let mut c5 = connect_packet(Protocol::V5, "ka0-5", true, Properties::default(), None);
    c5.keep_alive = 0;
    let (_c, ack) = RawClient::connect_with(port, c5);
    assert_eq!(ack.properties.server_keep_alive, Some(60));
    let mut c3 = connect_packet(Protocol::V311, "ka0-3", true, Properties::default(), None);
    c3.keep_alive = 0;
    let mut raw = RawClient::open(port, Protocol::V311);
    raw.send(&Packet::Connect(Box::new(c3.clone())));
    match raw.recv(WAIT) {
        Recv::Packet(Packet::ConnAck(ack)) => {
            assert_eq!(
                ack.code,
                ReasonCode::CLIENT_IDENTIFIER_NOT_VALID,
                "return code 2"
            );
        }
        other => panic!("expected CONNACK, got {other:?}"),
    }
    let allowed = Broker::start(&[("MQTT_ALLOW_ZERO_KEEPALIVE", "true")]);
    let (_c, ack) = RawClient::connect_with(allowed.port(), c3);
    assert!(!ack.code.is_error());
}
