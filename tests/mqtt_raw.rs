//! Raw-byte tests: malformed packets get the reason code or disconnect the spec requires, the
//! broker keeps serving others, and the protocol rules a library client would hide from a test
//! (Receive Maximum, keepalive, will delay, redelivery, topic aliases) hold on the wire.

use std::time::Duration;

use bytes::Bytes;
use robustmq_mqtt_codec::{
    Ack, Disconnect, LastWill, Packet, Properties, PropertyValues, Protocol, Publish, QoS,
    ReasonCode, Subscribe, Subscription, SubscriptionOptions,
};
use robustmq_tests::mqtt::{Broker, RawClient, Recv, connect_packet};

const WAIT: Duration = Duration::from_secs(10);
const QUIET: Duration = Duration::from_millis(1500);

fn subscribe(client: &mut RawClient, filter: &str, qos: QoS) {
    let packet = Packet::Subscribe(Subscribe {
        pkid: 1,
        filters: vec![Subscription {
            filter: filter.into(),
            options: SubscriptionOptions {
                qos,
                ..Default::default()
            },
        }],
        properties: Properties::default(),
    });
    client.send(&packet);
    match client.recv_until(WAIT, |p| matches!(p, Packet::SubAck(_))) {
        Recv::Packet(Packet::SubAck(ack)) => assert_eq!(ack.codes, vec![ReasonCode(qos as u8)]),
        other => panic!("expected SUBACK, got {other:?}"),
    }
}

fn publish(topic: &str, payload: &'static [u8], qos: QoS, pkid: u16) -> Packet {
    Packet::Publish(Publish {
        qos,
        topic: topic.into(),
        pkid,
        payload: Bytes::from_static(payload),
        ..Publish::default()
    })
}

fn expect_disconnect(client: &mut RawClient, reason: ReasonCode) {
    match client.recv_until(WAIT, |p| matches!(p, Packet::Disconnect(_))) {
        Recv::Packet(Packet::Disconnect(d)) => assert_eq!(d.reason, reason),
        other => panic!("expected DISCONNECT {reason}, got {other:?}"),
    }
    assert_eq!(
        client.recv(WAIT),
        Recv::Closed,
        "connection closed after DISCONNECT"
    );
}

/// The broker still serves a fresh client: a QoS 1 round trip through it works.
fn assert_still_serving(port: u16) {
    let (mut c, _) = RawClient::connect(port, Protocol::V311, "survivor", true);
    subscribe(&mut c, "alive", QoS::AtLeastOnce);
    c.send(&publish("alive", b"yes", QoS::AtLeastOnce, 9));
    let got = c.recv_until(WAIT, |p| matches!(p, Packet::Publish(_)));
    assert!(
        matches!(got, Recv::Packet(Packet::Publish(ref p)) if p.payload == "yes"),
        "{got:?}"
    );
}

/// Each malformed frame, after a good CONNECT, at 5.0 (DISCONNECT with the reason, then close)
/// and at 3.1.1 (close).
fn malformed_case(bytes: &[u8], reason: ReasonCode) {
    let broker = Broker::start(&[]);
    let (mut v5, _) = RawClient::connect(broker.port(), Protocol::V5, "bad-v5", true);
    v5.send_bytes(bytes);
    expect_disconnect(&mut v5, reason);
    let (mut v3, _) = RawClient::connect(broker.port(), Protocol::V311, "bad-v3", true);
    v3.send_bytes(bytes);
    assert_eq!(v3.recv_until(WAIT, |_| false), Recv::Closed);
    assert_still_serving(broker.port());
}

#[test]
fn remaining_length_of_five_bytes_is_malformed_mqtt_1_5_5_1() {
    malformed_case(
        &[0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],
        ReasonCode::MALFORMED_PACKET,
    );
}

#[test]
fn topic_with_invalid_utf8_is_malformed_mqtt_1_5_4_1() {
    malformed_case(
        &[0x30, 0x05, 0x00, 0x02, 0xC3, 0x28, b'x'],
        ReasonCode::MALFORMED_PACKET,
    );
}

#[test]
fn topic_with_null_character_is_malformed_mqtt_1_5_4_2() {
    malformed_case(
        &[0x30, 0x05, 0x00, 0x02, b'a', 0x00, b'x'],
        ReasonCode::MALFORMED_PACKET,
    );
}

#[test]
fn reserved_fixed_header_flags_are_malformed_mqtt_2_1_3_1() {
    // SUBSCRIBE with flags 0000 instead of 0010.
    malformed_case(
        &[0x80, 0x06, 0x00, 0x01, 0x00, 0x01, b'a', 0x00],
        ReasonCode::MALFORMED_PACKET,
    );
}

#[test]
fn publish_with_qos_3_is_malformed_mqtt_3_3_1_4() {
    malformed_case(
        &[0x36, 0x05, 0x00, 0x01, b'a', 0x00, 0x01],
        ReasonCode::MALFORMED_PACKET,
    );
}

/// Packets that arrive in one write are answered in one: a burst of QoS 1 PUBLISHes followed by
/// a DISCONNECT, or by a malformed packet, still gets every PUBACK, in order, before the close.
#[test]
fn a_burst_is_acknowledged_before_a_disconnect_or_a_malformed_packet_in_the_same_write() {
    let broker = Broker::start(&[]);
    let endings: [(&[u8], &str); 2] = [
        (&[0xE0, 0x00], "burst-then-disconnect"),
        (&[0x00, 0x00], "burst-then-reserved-type"),
    ];
    for (ending, client_id) in endings {
        let (mut c, _) = RawClient::connect(broker.port(), Protocol::V311, client_id, true);
        let mut bytes = bytes::BytesMut::new();
        for pkid in 1..=20 {
            publish("burst", b"x", QoS::AtLeastOnce, pkid)
                .write(Protocol::V311, &mut bytes)
                .expect("encode");
        }
        bytes.extend_from_slice(ending);
        c.send_bytes(&bytes);
        for pkid in 1..=20 {
            match c.recv(WAIT) {
                Recv::Packet(Packet::PubAck(ack)) => assert_eq!(ack.pkid, pkid, "{client_id}"),
                other => panic!("{client_id}: expected PUBACK {pkid}, got {other:?}"),
            }
        }
        assert_eq!(c.recv(WAIT), Recv::Closed, "{client_id}");
    }
}

#[test]
fn second_connect_is_a_protocol_error_mqtt_3_1_0_2() {
    let broker = Broker::start(&[]);
    for protocol in [Protocol::V5, Protocol::V311] {
        let (mut c, _) = RawClient::connect(broker.port(), protocol, "twice", true);
        c.send(&Packet::Connect(Box::new(connect_packet(
            protocol,
            "twice",
            true,
            Properties::default(),
            None,
        ))));
        if protocol.is_v5() {
            expect_disconnect(&mut c, ReasonCode::PROTOCOL_ERROR);
        } else {
            assert_eq!(c.recv_until(WAIT, |_| false), Recv::Closed);
        }
    }
    assert_still_serving(broker.port());
}

#[test]
fn first_packet_other_than_connect_closes_the_connection_mqtt_3_1_0_1() {
    let broker = Broker::start(&[]);
    let mut c = RawClient::open(broker.port(), Protocol::V311);
    c.send(&Packet::PingReq);
    assert_eq!(c.recv(WAIT), Recv::Closed);
}

#[test]
fn v311_empty_client_id_without_clean_session_is_rejected_mqtt_3_1_3_8() {
    let broker = Broker::start(&[]);
    let mut c = RawClient::open(broker.port(), Protocol::V311);
    c.send(&Packet::Connect(Box::new(connect_packet(
        Protocol::V311,
        "",
        false,
        Properties::default(),
        None,
    ))));
    match c.recv(WAIT) {
        Recv::Packet(Packet::ConnAck(ack)) => {
            assert_eq!(ack.code, ReasonCode::CLIENT_IDENTIFIER_NOT_VALID)
        }
        other => panic!("expected CONNACK with return code 2, got {other:?}"),
    }
}

#[test]
fn exceeding_receive_maximum_gets_disconnect_0x93_mqtt_3_3_4_7() {
    let broker = Broker::start(&[("MQTT_MAX_INFLIGHT", "5")]);
    let (mut c, ack) = RawClient::connect(broker.port(), Protocol::V5, "greedy", true);
    assert_eq!(ack.properties.receive_maximum, Some(5));
    for pkid in 1..=5 {
        c.send(&publish("rm/t", b"x", QoS::ExactlyOnce, pkid));
        assert!(matches!(c.recv(WAIT), Recv::Packet(Packet::PubRec(_))));
    }
    c.send(&publish("rm/t", b"x", QoS::ExactlyOnce, 6));
    expect_disconnect(&mut c, ReasonCode::RECEIVE_MAXIMUM_EXCEEDED);
    assert_still_serving(broker.port());
}

#[test]
fn packet_over_maximum_packet_size_gets_disconnect_0x95() {
    let broker = Broker::start(&[("MQTT_MAX_PACKET_SIZE", "1024")]);
    let (mut c, ack) = RawClient::connect(broker.port(), Protocol::V5, "big", true);
    assert_eq!(ack.properties.maximum_packet_size, Some(1024));
    c.send(&publish("big/t", &[b'x'; 2000], QoS::AtMostOnce, 0));
    expect_disconnect(&mut c, ReasonCode::PACKET_TOO_LARGE);
}

#[test]
fn resent_qos2_publish_is_delivered_once_mqtt_4_3_3() {
    let broker = Broker::start(&[]);
    let (mut sub, _) = RawClient::connect(broker.port(), Protocol::V5, "once-sub", true);
    subscribe(&mut sub, "once/t", QoS::ExactlyOnce);
    let (mut publisher, _) = RawClient::connect(broker.port(), Protocol::V5, "once-pub", true);
    for _ in 0..2 {
        publisher.send(&publish("once/t", b"x", QoS::ExactlyOnce, 7));
        assert!(matches!(publisher.recv(WAIT), Recv::Packet(Packet::PubRec(a)) if a.pkid == 7));
    }
    publisher.send(&Packet::PubRel(Ack::new(7)));
    assert!(
        matches!(publisher.recv(WAIT), Recv::Packet(Packet::PubComp(a)) if a.pkid == 7 && a.reason == ReasonCode::SUCCESS)
    );
    assert!(matches!(sub.recv(WAIT), Recv::Packet(Packet::Publish(_))));
    assert_eq!(sub.recv(QUIET), Recv::Timeout, "a second copy arrived");
}

/// A 5.0 client with clean start and `keep_alive` seconds of keepalive.
fn connect_with_keepalive(port: u16, client_id: &str, keep_alive: u16) -> RawClient {
    let mut connect = connect_packet(Protocol::V5, client_id, true, Properties::default(), None);
    connect.keep_alive = keep_alive;
    RawClient::connect_with(port, connect).0
}

#[test]
fn keepalive_is_enforced_at_one_and_a_half_times_with_0x8d() {
    let broker = Broker::start(&[]);
    let mut c = connect_with_keepalive(broker.port(), "sleepy", 1);
    expect_disconnect(&mut c, ReasonCode::KEEP_ALIVE_TIMEOUT);
}

/// The other side of [MQTT-3.1.2-22]: each packet restarts the period, so a client that pings
/// well within its keepalive stays connected long past one and a half times it.
#[test]
fn a_client_that_pings_within_its_keepalive_stays_connected() {
    let broker = Broker::start(&[]);
    let mut c = connect_with_keepalive(broker.port(), "pinger", 1);
    for _ in 0..12 {
        std::thread::sleep(Duration::from_millis(250));
        c.send(&Packet::PingReq);
        match c.recv(WAIT) {
            Recv::Packet(Packet::PingResp) => {}
            other => panic!("expected PINGRESP, got {other:?}"),
        }
    }
}

/// Shutdown tells a connected 5.0 client why it is cut off: DISCONNECT 0x8B, then the close.
#[test]
fn sigterm_disconnects_clients_with_0x8b() {
    let mut broker = Broker::start(&[]);
    let (mut c, _) = RawClient::connect(broker.port(), Protocol::V5, "stays", false);
    sigterm_expecting_0x8b(&mut broker, &mut c);
}

/// Stops `broker` with SIGTERM; `client` gets DISCONNECT 0x8B and the broker exits 0.
fn sigterm_expecting_0x8b(broker: &mut Broker, client: &mut RawClient) {
    broker.daemon.signal("TERM").expect("SIGTERM");
    expect_disconnect(client, ReasonCode::SERVER_SHUTTING_DOWN);
    let status = broker
        .daemon
        .wait_exit(Duration::from_secs(30))
        .expect("robustmqd stops");
    assert_eq!(status.code(), Some(0));
}

#[test]
fn takeover_disconnects_the_first_connection_with_0x8e_mqtt_3_1_4_3() {
    let broker = Broker::start(&[]);
    let (mut first, _) = RawClient::connect(broker.port(), Protocol::V5, "dup-id", true);
    let (_second, _) = RawClient::connect(broker.port(), Protocol::V5, "dup-id", true);
    expect_disconnect(&mut first, ReasonCode::SESSION_TAKEN_OVER);
}

fn will(delay: u32) -> LastWill {
    LastWill {
        topic: "wd/t".into(),
        payload: Bytes::from_static(b"gone"),
        qos: QoS::AtLeastOnce,
        retain: false,
        properties: Properties::from(PropertyValues {
            will_delay_interval: Some(delay),
            ..PropertyValues::default()
        }),
    }
}

fn expiry(secs: u32) -> Properties {
    Properties::from(PropertyValues {
        session_expiry_interval: Some(secs),
        ..PropertyValues::default()
    })
}

/// Waits for the will that `will()` builds to reach the watcher `s`.
fn expect_will(s: &mut RawClient) {
    let got = s.recv_until(WAIT, |p| matches!(p, Packet::Publish(_)));
    assert!(
        matches!(got, Recv::Packet(Packet::Publish(ref p)) if p.payload == "gone"),
        "{got:?}"
    );
}

fn will_watcher(port: u16) -> RawClient {
    let (mut s, _) = RawClient::connect(port, Protocol::V5, "will-watch", true);
    subscribe(&mut s, "wd/t", QoS::AtLeastOnce);
    s
}

#[test]
fn delayed_will_is_published_after_its_delay_mqtt_3_1_3_9() {
    let broker = Broker::start(&[]);
    let mut s = will_watcher(broker.port());
    let (w, _) = RawClient::connect_with(
        broker.port(),
        connect_packet(Protocol::V5, "willer", true, expiry(60), Some(will(1))),
    );
    w.drop_connection();
    expect_will(&mut s);
}

#[test]
fn delayed_will_is_not_published_when_the_session_resumes_in_time() {
    let broker = Broker::start(&[]);
    let mut s = will_watcher(broker.port());
    let connect = |clean| connect_packet(Protocol::V5, "resumer", clean, expiry(60), Some(will(3)));
    let (w, _) = RawClient::connect_with(broker.port(), connect(true));
    w.drop_connection();
    let (mut w, ack) = RawClient::connect_with(broker.port(), connect(false));
    assert!(ack.session_present);
    // Past the first will's delay: it must not come.
    assert_eq!(
        s.recv_until(Duration::from_secs(5), |p| matches!(p, Packet::Publish(_))),
        Recv::Timeout
    );
    w.send(&Packet::Disconnect(Disconnect::default()));
}

/// [MQTT-3.1.3-9]: a Clean Start reconnection ends the old session, and with it the wait of its
/// delayed will: the will goes out then, not an hour later, and the new session's own delayed
/// will does not replace it.
#[test]
fn a_clean_start_reconnection_ends_the_session_and_publishes_its_delayed_will() {
    let broker = Broker::start(&[]);
    let mut s = will_watcher(broker.port());
    let connect = |clean| {
        connect_packet(
            Protocol::V5,
            "restarter",
            clean,
            expiry(7200),
            Some(will(3600)),
        )
    };
    let (w, _) = RawClient::connect_with(broker.port(), connect(false));
    w.drop_connection();
    let (w, ack) = RawClient::connect_with(broker.port(), connect(true));
    assert!(!ack.session_present);
    expect_will(&mut s);
    // The new session's will waits its hour.
    w.drop_connection();
    assert_eq!(
        s.recv_until(Duration::from_secs(2), |p| matches!(p, Packet::Publish(_))),
        Recv::Timeout
    );
}

#[test]
fn will_is_published_at_session_end_when_that_comes_first() {
    let broker = Broker::start(&[]);
    let mut s = will_watcher(broker.port());
    let (w, _) = RawClient::connect_with(
        broker.port(),
        connect_packet(Protocol::V5, "short", true, expiry(1), Some(will(3600))),
    );
    w.drop_connection();
    expect_will(&mut s);
}

#[test]
fn unacknowledged_shared_delivery_goes_to_another_member_on_disconnect() {
    let broker = Broker::start(&[]);
    let port = broker.port();
    let mut members: Vec<RawClient> = ["m1", "m2"]
        .iter()
        .map(|id| {
            let (mut c, _) = RawClient::connect(port, Protocol::V5, id, true);
            subscribe(&mut c, "$share/g/rd/t", QoS::AtLeastOnce);
            c
        })
        .collect();
    let (mut p, _) = RawClient::connect(port, Protocol::V5, "rd-pub", true);
    p.send(&publish("rd/t", b"job", QoS::AtLeastOnce, 1));
    assert!(matches!(p.recv(WAIT), Recv::Packet(Packet::PubAck(_))));
    let first = if matches!(
        members[0].recv(Duration::from_secs(2)),
        Recv::Packet(Packet::Publish(_))
    ) {
        0
    } else {
        1
    };
    if first == 1 {
        assert!(
            matches!(members[1].recv(WAIT), Recv::Packet(Packet::Publish(_))),
            "no member got the message"
        );
    }
    let holder = members.remove(first);
    holder.drop_connection();
    let other = &mut members[0];
    let got = other.recv_until(WAIT, |p| matches!(p, Packet::Publish(_)));
    assert!(
        matches!(got, Recv::Packet(Packet::Publish(ref p)) if p.payload == "job"),
        "{got:?}"
    );
}

#[test]
fn outbound_topic_alias_replaces_a_repeated_topic_mqtt_3_3_2_12() {
    let broker = Broker::start(&[]);
    let props = Properties::from(PropertyValues {
        topic_alias_maximum: Some(5),
        ..PropertyValues::default()
    });
    let (mut s, _) = RawClient::connect_with(
        broker.port(),
        connect_packet(Protocol::V5, "alias-sub", true, props, None),
    );
    subscribe(&mut s, "oa/#", QoS::AtMostOnce);
    let (mut p, _) = RawClient::connect(broker.port(), Protocol::V5, "alias-pub", true);
    for _ in 0..2 {
        p.send(&publish("oa/x", b"m", QoS::AtMostOnce, 0));
    }
    let mut seen = Vec::new();
    for _ in 0..2 {
        match s.recv(WAIT) {
            Recv::Packet(Packet::Publish(m)) => seen.push((m.topic, m.properties.topic_alias)),
            other => panic!("expected PUBLISH, got {other:?}"),
        }
    }
    assert_eq!(
        seen,
        vec![("oa/x".to_owned(), Some(1)), (String::new(), Some(1))]
    );
}

#[test]
fn client_receive_maximum_limits_unacknowledged_deliveries() {
    let broker = Broker::start(&[]);
    let props = Properties::from(PropertyValues {
        receive_maximum: Some(2),
        ..PropertyValues::default()
    });
    let (mut s, _) = RawClient::connect_with(
        broker.port(),
        connect_packet(Protocol::V5, "slow", true, props, None),
    );
    subscribe(&mut s, "win/t", QoS::AtLeastOnce);
    let (mut p, _) = RawClient::connect(broker.port(), Protocol::V5, "fast", true);
    for pkid in 1..=5 {
        p.send(&publish("win/t", b"m", QoS::AtLeastOnce, pkid));
    }
    let mut ids = Vec::new();
    for _ in 0..2 {
        match s.recv(WAIT) {
            Recv::Packet(Packet::Publish(m)) => ids.push(m.pkid),
            other => panic!("expected PUBLISH, got {other:?}"),
        }
    }
    assert_eq!(
        s.recv(QUIET),
        Recv::Timeout,
        "a third delivery exceeded Receive Maximum 2"
    );
    s.send(&Packet::PubAck(Ack::new(ids[0])));
    assert!(
        matches!(s.recv(WAIT), Recv::Packet(Packet::Publish(_))),
        "window did not reopen"
    );
}

#[test]
fn expired_message_is_dropped_from_an_offline_queue_mqtt_3_3_2_5() {
    let broker = Broker::start(&[]);
    let port = broker.port();
    let (mut s, _) = RawClient::connect_with(
        port,
        connect_packet(Protocol::V5, "offline", true, expiry(600), None),
    );
    subscribe(&mut s, "ex/#", QoS::AtLeastOnce);
    s.send(&Packet::Disconnect(Disconnect::default()));
    let (mut p, _) = RawClient::connect(port, Protocol::V5, "ex-pub", true);
    let with_expiry = |topic: &str, secs: u32, pkid: u16| {
        Packet::Publish(Publish {
            qos: QoS::AtLeastOnce,
            topic: topic.into(),
            pkid,
            payload: Bytes::from_static(b"m"),
            properties: Properties::from(PropertyValues {
                message_expiry_interval: Some(secs),
                ..PropertyValues::default()
            }),
            ..Publish::default()
        })
    };
    p.send(&with_expiry("ex/short", 1, 1));
    p.send(&with_expiry("ex/long", 600, 2));
    for _ in 0..2 {
        assert!(matches!(p.recv(WAIT), Recv::Packet(Packet::PubAck(_))));
    }
    std::thread::sleep(Duration::from_millis(2500));
    let (mut s, ack) = RawClient::connect_with(
        port,
        connect_packet(Protocol::V5, "offline", false, expiry(600), None),
    );
    assert!(ack.session_present);
    match s.recv(WAIT) {
        Recv::Packet(Packet::Publish(m)) => {
            assert_eq!(m.topic, "ex/long");
            let left = m
                .properties
                .message_expiry_interval
                .expect("remaining expiry forwarded");
            assert!(left > 0 && left < 600, "remaining expiry {left}");
        }
        other => panic!("expected the unexpired message, got {other:?}"),
    }
    assert_eq!(
        s.recv(QUIET),
        Recv::Timeout,
        "the expired message was delivered"
    );
}

#[test]
fn limited_maximum_qos_is_announced_and_enforced_mqtt_3_2_2_11() {
    let broker = Broker::start(&[("MQTT_MAX_QOS", "1")]);
    let (mut c, ack) = RawClient::connect(broker.port(), Protocol::V5, "qos-limited", true);
    assert_eq!(ack.properties.maximum_qos, Some(1));
    // Subscriptions are granted at most the maximum.
    let packet = Packet::Subscribe(Subscribe {
        pkid: 1,
        filters: vec![Subscription {
            filter: "mq/t".into(),
            options: SubscriptionOptions {
                qos: QoS::ExactlyOnce,
                ..Default::default()
            },
        }],
        properties: Properties::default(),
    });
    c.send(&packet);
    assert!(
        matches!(c.recv(WAIT), Recv::Packet(Packet::SubAck(a)) if a.codes == vec![ReasonCode::GRANTED_QOS_1])
    );
    c.send(&publish("mq/t", b"x", QoS::ExactlyOnce, 1));
    expect_disconnect(&mut c, ReasonCode::QOS_NOT_SUPPORTED);
}

/// The acknowledged message is in its shard, and the shard is the one the documented rule
/// names for a topic without its own (crates/broker/ARCHITECTURE.md, "Topics and shards"):
/// `$mqtt#` FNV-1a(topic) mod 4, which for `plant/7/temp` is 3, on any node.
#[test]
fn qos1_publish_is_in_the_shard_when_puback_arrives() {
    use robustmq_engine::remote::EngineClient;
    use robustmq_engine::{Batch, ShardStore};
    let broker = Broker::start(&[("STORAGE_DEFAULT_TYPE", "EngineSegment")]);
    let (mut p, _) = RawClient::connect(broker.port(), Protocol::V311, "durable", true);
    p.send(&publish("plant/7/temp", b"21.5", QoS::AtLeastOnce, 1));
    assert!(matches!(p.recv(WAIT), Recv::Packet(Packet::PubAck(a)) if a.pkid == 1));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let found = rt.block_on(async {
        let engine = EngineClient::connect(format!("http://127.0.0.1:{}", broker.ports.grpc))
            .await
            .expect("engine");
        let mut found = Vec::new();
        for info in engine.list_shards().await.expect("list") {
            assert!(
                info.name.starts_with("$mqtt#"),
                "unexpected shard {}",
                info.name
            );
            let shard = engine.shard(&info.name).await.expect("shard");
            for batch in shard.read(0, 100, 1 << 20).await.expect("read") {
                if let Batch::Records(records) = batch.batch {
                    found.extend(
                        records
                            .into_iter()
                            .map(|r| (info.name.clone(), r.key, r.value)),
                    );
                }
            }
        }
        found
    });
    assert_eq!(
        found,
        vec![(
            "$mqtt#3".to_owned(),
            Some(Bytes::from_static(b"plant/7/temp")),
            Bytes::from_static(b"21.5")
        )]
    );
}

#[test]
fn full_offline_queue_drops_the_oldest_and_counts_every_drop() {
    let broker = Broker::start(&[("MQTT_MAX_QUEUED_MESSAGES", "2")]);
    let port = broker.port();
    let connect = |clean| connect_packet(Protocol::V5, "overflow", clean, expiry(600), None);
    let (mut s, _) = RawClient::connect_with(port, connect(true));
    subscribe(&mut s, "of/t", QoS::AtLeastOnce);
    s.send(&Packet::Disconnect(Disconnect::default()));
    let (mut p, _) = RawClient::connect(port, Protocol::V5, "of-pub", true);
    for (pkid, payload) in [(1, &b"1"[..]), (2, b"2"), (3, b"3"), (4, b"4"), (5, b"5")] {
        p.send(&Packet::Publish(Publish {
            qos: QoS::AtLeastOnce,
            topic: "of/t".into(),
            pkid,
            payload: Bytes::from_static(payload),
            ..Publish::default()
        }));
        assert!(matches!(p.recv(WAIT), Recv::Packet(Packet::PubAck(_))));
    }
    let (mut s, _) = RawClient::connect_with(port, connect(false));
    let mut got = Vec::new();
    for _ in 0..2 {
        match s.recv(WAIT) {
            Recv::Packet(Packet::Publish(m)) => got.push(m.payload),
            other => panic!("expected PUBLISH, got {other:?}"),
        }
    }
    assert_eq!(
        got,
        vec![Bytes::from_static(b"4"), Bytes::from_static(b"5")]
    );
    assert_eq!(s.recv(QUIET), Recv::Timeout);
    let metrics = broker.scrape();
    assert!(
        metrics
            .lines()
            .any(|l| l == "robustmq_mqtt_messages_dropped_total{reason=\"queue_full\"} 3"),
        "{metrics}"
    );
}

#[test]
fn restarted_session_gets_what_it_was_owed_and_nothing_it_acknowledged() {
    let mut broker = Broker::start(&[("STORAGE_DEFAULT_TYPE", "EngineSegment")]);
    let connect = |clean| connect_packet(Protocol::V5, "owed", clean, expiry(600), None);
    let (mut s, _) = RawClient::connect_with(broker.port(), connect(true));
    subscribe(&mut s, "owed/t", QoS::AtLeastOnce);
    let (mut p, _) = RawClient::connect(broker.port(), Protocol::V5, "owed-pub", true);
    p.send(&publish("owed/t", b"seen", QoS::AtLeastOnce, 1));
    assert!(matches!(p.recv(WAIT), Recv::Packet(Packet::PubAck(_))));
    match s.recv(WAIT) {
        Recv::Packet(Packet::Publish(m)) => {
            assert_eq!(m.payload, "seen");
            s.send(&Packet::PubAck(Ack::new(m.pkid)));
        }
        other => panic!("expected PUBLISH, got {other:?}"),
    }
    s.send(&Packet::Disconnect(Disconnect::default()));
    assert_eq!(s.recv(WAIT), Recv::Closed);
    p.send(&publish("owed/t", b"owed", QoS::AtLeastOnce, 2));
    assert!(matches!(p.recv(WAIT), Recv::Packet(Packet::PubAck(_))));
    p.send(&Packet::Disconnect(Disconnect::default()));
    broker.restart();
    let (mut s, ack) = RawClient::connect_with(broker.port(), connect(false));
    assert!(ack.session_present, "session not restored");
    match s.recv(WAIT) {
        Recv::Packet(Packet::Publish(m)) => assert_eq!(m.payload, "owed"),
        other => panic!("expected the owed message, got {other:?}"),
    }
    assert_eq!(
        s.recv(QUIET),
        Recv::Timeout,
        "an acknowledged message came again"
    );
}

#[test]
fn delayed_will_survives_a_broker_restart() {
    let mut broker = Broker::start(&[]);
    let mut will = will(3);
    // Retained, so the watcher sees it whether it subscribes before or after it is published.
    will.retain = true;
    let (w, _) = RawClient::connect_with(
        broker.port(),
        connect_packet(
            Protocol::V5,
            "restart-willer",
            true,
            expiry(600),
            Some(will),
        ),
    );
    w.drop_connection();
    // Once the broker has seen the connection end, the will is scheduled and recorded; it is
    // due in 3 s, and the broker stops well before that.
    broker.wait_for_metric("robustmq_mqtt_connections 0");
    broker.restart();
    let mut s = will_watcher(broker.port());
    expect_will(&mut s);
}

#[test]
fn a_subscriber_that_stops_reading_slows_neither_the_publisher_nor_other_subscribers() {
    let broker = Broker::start(&[]);
    let port = broker.port();
    // Never reads its socket: once the kernel buffers fill, writes to it block.
    let (mut stuck, _) = RawClient::connect(port, Protocol::V311, "stuck", true);
    subscribe(&mut stuck, "bp/#", QoS::AtMostOnce);
    let (mut live, _) = RawClient::connect(port, Protocol::V311, "live", true);
    subscribe(&mut live, "bp/#", QoS::AtMostOnce);
    const COUNT: u16 = 3000;
    let reader = std::thread::spawn(move || {
        let mut received = 0u32;
        while received < u32::from(COUNT) {
            match live.recv(WAIT) {
                Recv::Packet(Packet::Publish(_)) => received += 1,
                other => {
                    return Err(format!(
                        "live subscriber got {received} of {COUNT}, then {other:?}"
                    ));
                }
            }
        }
        Ok(received)
    });
    let (mut p, _) = RawClient::connect(port, Protocol::V311, "bp-pub", true);
    let payload = Bytes::from(vec![b'x'; 4096]);
    for pkid in 1..=COUNT {
        p.send(&Packet::Publish(Publish {
            qos: QoS::AtLeastOnce,
            topic: "bp/t".into(),
            pkid,
            payload: payload.clone(),
            ..Publish::default()
        }));
        // Every publish is acknowledged: the stuck subscriber never holds the publisher back.
        assert!(
            matches!(p.recv(WAIT), Recv::Packet(Packet::PubAck(a)) if a.pkid == pkid),
            "no PUBACK for {pkid}"
        );
    }
    let received = reader.join().expect("reader thread");
    assert_eq!(received, Ok(u32::from(COUNT)));
    // 12 MB went to a subscriber that read nothing: it was held back (or dropped), not the
    // others.
    drop(stuck);
}

#[test]
fn retained_messages_and_topics_written_to_meta_elsewhere_reach_the_broker_at_once() {
    use robustmq_engine::ShardStore;
    use robustmq_engine::remote::EngineClient;
    use robustmq_meta_client::{MetaClient, RemoteMeta, TopicMeta};
    let broker = Broker::start(&[]);
    let endpoint = format!("http://127.0.0.1:{}", broker.ports.grpc);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    // What another broker node (or robustmqctl) writes, straight into meta.
    rt.block_on(async {
        let meta = RemoteMeta::connect(endpoint.clone()).await.expect("meta");
        let publish = Publish {
            qos: QoS::AtLeastOnce,
            retain: true,
            topic: "elsewhere/t".into(),
            pkid: 1,
            payload: Bytes::from_static(b"from another node"),
            ..Publish::default()
        };
        let message = robustmq_broker::mqtt::convert::message_from_publish(publish, None);
        meta.retained_put("elsewhere/t", message.encode())
            .await
            .expect("retained put");
        let topic = TopicMeta {
            name: "sensors".into(),
            partitions: 1,
            storage: "EngineRocksDB".into(),
            retention_ms: None,
            created_ms: 0,
        };
        meta.topic_put(&topic).await.expect("topic put");
    });
    let (mut s, _) = RawClient::connect(broker.port(), Protocol::V5, "fresh", true);
    let got = (0..50).find_map(|_| {
        subscribe(&mut s, "elsewhere/#", QoS::AtLeastOnce);
        match s.recv(Duration::from_millis(200)) {
            Recv::Packet(Packet::Publish(p)) => Some(p),
            _ => None,
        }
    });
    let got = got.expect("the retained message written to meta was never delivered");
    assert_eq!(got.payload, "from another node");
    assert!(got.retain);
    // A publish to the topic created in meta goes to its own shard, with its storage type.
    let (mut p, _) = RawClient::connect(broker.port(), Protocol::V5, "to-sensors", true);
    p.send(&publish("sensors", b"21", QoS::AtLeastOnce, 1));
    assert!(matches!(p.recv(WAIT), Recv::Packet(Packet::PubAck(_))));
    let storage = rt.block_on(async {
        let engine = EngineClient::connect(endpoint).await.expect("engine");
        engine.shard("sensors#0").await.map(|s| s.storage_type())
    });
    assert_eq!(
        storage.ok(),
        Some(robustmq_engine::StorageType::EngineRocksDB)
    );
}

/// Waits until `n` connections are parked: idle for their park delay (2 s, longer for one that
/// keeps coming back), then asked by the broker's next sweep.
fn wait_parked(broker: &Broker, n: usize) {
    broker.wait_for_metric(&format!("robustmq_mqtt_parked_connections {n}"));
}

/// A parked connection comes back for each thing that needs it: a delivery, bytes from its
/// client, a takeover, and it parks again in between. After its second quick return to real
/// work (a ping does not count) it waits 4 s instead of 2 before it parks again.
#[test]
fn a_parked_connection_wakes_for_a_delivery_a_packet_and_a_takeover() {
    let broker = Broker::start(&[]);
    let (mut sub, _) = RawClient::connect(broker.port(), Protocol::V5, "sleeper", true);
    subscribe(&mut sub, "park/t", QoS::AtLeastOnce);
    wait_parked(&broker, 1);
    let (mut publisher, _) = RawClient::connect(broker.port(), Protocol::V5, "waker", true);
    let deliver = |publisher: &mut RawClient, sub: &mut RawClient, pkid: u16| {
        publisher.send(&publish("park/t", b"hi", QoS::AtLeastOnce, pkid));
        assert!(matches!(publisher.recv(WAIT), Recv::Packet(Packet::PubAck(a)) if a.pkid == pkid));
        match sub.recv_until(WAIT, |p| matches!(p, Packet::Publish(_))) {
            Recv::Packet(Packet::Publish(p)) => {
                assert_eq!(p.payload, "hi");
                sub.send(&Packet::PubAck(Ack::new(p.pkid)));
            }
            other => panic!("expected the delivery, got {other:?}"),
        }
    };
    deliver(&mut publisher, &mut sub, 1);
    wait_parked(&broker, 2);
    sub.send(&Packet::PingReq);
    assert_eq!(sub.recv(WAIT), Recv::Packet(Packet::PingResp));
    wait_parked(&broker, 2);

    // Both come back soon a second time: each now idles 4 s before it parks. Only the sweep
    // parks, past the delay on the broker's monotonic clock, so a slow machine can only park
    // them later; the check is skipped if this thread itself was held up past 3.9 s.
    deliver(&mut publisher, &mut sub, 2);
    let back = std::time::Instant::now();
    std::thread::sleep(Duration::from_secs(3));
    let parked = broker.metric("robustmq_mqtt_parked_connections");
    if back.elapsed() < Duration::from_millis(3_900) {
        assert_eq!(
            parked.as_deref(),
            Some("0"),
            "a connection back soon twice waits 4 s before it parks again"
        );
    }
    wait_parked(&broker, 2);
    let (_again, _) = RawClient::connect(broker.port(), Protocol::V5, "sleeper", true);
    expect_disconnect(&mut sub, ReasonCode::SESSION_TAKEN_OVER);
}

/// Keepalive holds for a parked connection: the sweep's DISCONNECT 0x8D wakes it
/// [MQTT-3.1.2-22].
#[test]
fn a_parked_connection_still_expires_its_keepalive_with_0x8d() {
    let broker = Broker::start(&[]);
    let mut c = connect_with_keepalive(broker.port(), "dozer", 4);
    wait_parked(&broker, 1);
    expect_disconnect(&mut c, ReasonCode::KEEP_ALIVE_TIMEOUT);
}

/// A client that vanishes while parked still leaves its will [MQTT-3.1.2-8]; and shutdown
/// reaches parked connections too (DISCONNECT 0x8B).
#[test]
fn a_parked_connection_that_drops_leaves_its_will_and_shutdown_reaches_the_rest() {
    let mut broker = Broker::start(&[]);
    let mut watcher = will_watcher(broker.port());
    let (w, _) = RawClient::connect_with(
        broker.port(),
        connect_packet(Protocol::V5, "mortal", true, expiry(60), Some(will(0))),
    );
    wait_parked(&broker, 2);
    w.drop_connection();
    expect_will(&mut watcher);
    wait_parked(&broker, 1);
    sigterm_expecting_0x8b(&mut broker, &mut watcher);
}

/// A 64 KiB topic of `/` is 65,536 levels, far over `mqtt.max_topic_levels` (128): a PUBLISH
/// of it is an invalid topic name (DISCONNECT 0x90 at 5.0, closed at 3.1.1) and a SUBSCRIBE
/// gets 0x8F, where before it made the subscription tree recurse once per level. Others are
/// served throughout.
#[test]
fn a_64_kib_topic_of_slashes_is_an_invalid_topic_and_others_are_served() {
    let broker = Broker::start(&[]);
    let slashes = "/".repeat(65_535);
    let (mut v5, _) = RawClient::connect(broker.port(), Protocol::V5, "slashes-5", true);
    let filter = Packet::Subscribe(Subscribe {
        pkid: 1,
        filters: vec![Subscription {
            filter: slashes.clone(),
            options: SubscriptionOptions::default(),
        }],
        properties: Properties::default(),
    });
    v5.send(&filter);
    match v5.recv_until(WAIT, |p| matches!(p, Packet::SubAck(_))) {
        Recv::Packet(Packet::SubAck(ack)) => {
            assert_eq!(ack.codes, [ReasonCode::TOPIC_FILTER_INVALID]);
        }
        other => panic!("expected SUBACK, got {other:?}"),
    }
    v5.send(&Packet::Publish(Publish {
        qos: QoS::AtLeastOnce,
        topic: slashes.clone(),
        pkid: 2,
        payload: Bytes::from_static(b"x"),
        ..Publish::default()
    }));
    expect_disconnect(&mut v5, ReasonCode::TOPIC_NAME_INVALID);
    robustmq_tests::mqtt::paho("qos_levels", broker.port(), &[]);

    let (mut v3, _) = RawClient::connect(broker.port(), Protocol::V311, "slashes-3", true);
    v3.send(&Packet::Publish(Publish {
        topic: slashes,
        payload: Bytes::from_static(b"x"),
        ..Publish::default()
    }));
    assert_eq!(v3.recv(WAIT), Recv::Closed, "3.1.1 has no reason code");
    assert_still_serving(broker.port());
    robustmq_tests::mqtt::paho("qos_levels", broker.port(), &[]);
}

/// One SUBSCRIBE of 10,000 filters: the first `mqtt.max_subscriptions_per_client` (1,000) are
/// granted, the rest get 0x97 Quota exceeded, and the broker goes on serving.
#[test]
fn a_subscribe_storm_of_10000_filters_is_granted_up_to_the_quota() {
    let broker = Broker::start(&[]);
    let (mut c, _) = RawClient::connect(broker.port(), Protocol::V5, "storm", true);
    c.send(&Packet::Subscribe(Subscribe {
        pkid: 1,
        filters: (0..10_000)
            .map(|i| Subscription {
                filter: format!("storm/{i}"),
                options: SubscriptionOptions::default(),
            })
            .collect(),
        properties: Properties::default(),
    }));
    match c.recv_until(WAIT, |p| matches!(p, Packet::SubAck(_))) {
        Recv::Packet(Packet::SubAck(ack)) => {
            assert_eq!(ack.codes.len(), 10_000);
            assert!(
                ack.codes[..1000]
                    .iter()
                    .all(|c| *c == ReasonCode::GRANTED_QOS_0)
            );
            assert!(
                ack.codes[1000..]
                    .iter()
                    .all(|c| *c == ReasonCode::QUOTA_EXCEEDED)
            );
        }
        other => panic!("expected SUBACK, got {other:?}"),
    }
    c.send(&publish("storm/999", b"in", QoS::AtMostOnce, 0));
    let got = c.recv_until(WAIT, |p| matches!(p, Packet::Publish(_)));
    assert!(
        matches!(got, Recv::Packet(Packet::Publish(ref p)) if p.topic == "storm/999"),
        "{got:?}"
    );
    robustmq_tests::mqtt::paho("qos_levels", broker.port(), &[]);
}
