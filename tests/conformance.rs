//! Raw-socket conformance tests for what outside interoperability suites check and a library
//! client would hide: the reason code a broken packet gets, that a refused CONNECT says why, and
//! that a reason code reaches the client before the connection closes. Each names its normative
//! statement (or the section, where the spec has none); `tests/CONFORMANCE.md` lists them.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use bytes::Bytes;
use robustmq_mqtt_codec::{
    Packet, Properties, PropertyValues, Protocol, Publish, QoS, ReasonCode, Subscribe,
    Subscription, SubscriptionOptions,
};
use robustmq_tests::mqtt::{Broker, RawClient, Recv, connect_packet};

const WAIT: Duration = Duration::from_secs(10);

fn expect_disconnect(client: &mut RawClient, reason: ReasonCode) {
    match client.recv_until(WAIT, |p| matches!(p, Packet::Disconnect(_))) {
        Recv::Packet(Packet::Disconnect(d)) => assert_eq!(d.reason, reason),
        other => panic!("expected DISCONNECT {reason}, got {other:?}"),
    }
    assert_eq!(client.recv(WAIT), Recv::Closed, "closed after DISCONNECT");
}

/// Sends `bytes` as the first thing on a new connection and returns the CONNACK the broker
/// answers with, decoded at `protocol`, asserting that the connection closes after it.
fn refused_connect(port: u16, bytes: &[u8], protocol: Protocol) -> ReasonCode {
    let mut client = RawClient::open(port, protocol);
    client.send_bytes(bytes);
    let code = match client.recv(WAIT) {
        Recv::Packet(Packet::ConnAck(ack)) => ack.code,
        other => panic!("expected a refusing CONNACK, got {other:?}"),
    };
    assert_eq!(client.recv(WAIT), Recv::Closed, "closed after the refusal");
    code
}

/// A 5.0 CONNECT of client id `a`, keepalive 60, Clean Start, with `properties` as its raw
/// property block.
fn v5_connect(properties: &[u8]) -> Vec<u8> {
    let mut body = b"\x00\x04MQTT\x05\x02\x00\x3C".to_vec();
    body.push(u8::try_from(properties.len()).expect("short"));
    body.extend_from_slice(properties);
    body.extend_from_slice(b"\x00\x01a");
    let mut packet = vec![0x10, u8::try_from(body.len()).expect("short")];
    packet.extend(body);
    packet
}

/// The broker still serves a fresh client after the test's abuse.
fn assert_still_serving(port: u16) {
    robustmq_tests::mqtt::paho("qos_levels", port, &[]);
}

/// MQTT 5.0 section 3.3.2.1: a zero-length Topic Name is allowed only with a Topic Alias, and
/// without one it is a Protocol Error (section 4.13.1): DISCONNECT 0x82, not 0x90 Topic Name
/// invalid.
#[test]
fn an_empty_topic_name_without_a_topic_alias_is_a_protocol_error_0x82() {
    let broker = Broker::start(&[]);
    let (mut c, _) = RawClient::connect(broker.port(), Protocol::V5, "empty-topic", true);
    c.send(&Packet::Publish(Publish {
        qos: QoS::AtLeastOnce,
        topic: String::new(),
        pkid: 1,
        payload: Bytes::from_static(b"x"),
        ..Publish::default()
    }));
    expect_disconnect(&mut c, ReasonCode::PROTOCOL_ERROR);
    assert_still_serving(broker.port());
}

/// [MQTT-4.13.1-1] and MQTT 5.0 section 4.13.1: a CONNECT that breaks a protocol rule (Receive
/// Maximum 0, Maximum Packet Size 0, a repeated property) is answered with CONNACK 0x82 before
/// the close, and a malformed one (a reserved flag set) with 0x81, so the client can tell why.
#[test]
fn a_connect_with_a_protocol_error_gets_connack_0x82_before_the_close_mqtt_4_13_1_1() {
    let broker = Broker::start(&[]);
    for (what, properties) in [
        ("Receive Maximum 0", &b"\x21\x00\x00"[..]),
        ("Maximum Packet Size 0", b"\x27\x00\x00\x00\x00"),
        (
            "Session Expiry Interval twice",
            b"\x11\x00\x00\x00\x0A\x11\x00\x00\x00\x0A",
        ),
    ] {
        let code = refused_connect(broker.port(), &v5_connect(properties), Protocol::V5);
        assert_eq!(code, ReasonCode::PROTOCOL_ERROR, "{what}");
    }
    let mut reserved = v5_connect(b"");
    reserved[9] |= 0x01;
    let code = refused_connect(broker.port(), &reserved, Protocol::V5);
    assert_eq!(code, ReasonCode::MALFORMED_PACKET, "the reserved flag");
    assert_still_serving(broker.port());
}

/// [MQTT-3.1.2-2]: a CONNECT of a protocol level the broker does not speak is refused with
/// "unacceptable protocol version", in the 3.1.1 form (return code 0x01) whatever the level, as
/// Mosquitto answers: every client parses that form, and a 5.0 CONNACK would be garbage to a
/// client of an older level.
#[test]
fn an_unknown_protocol_level_gets_the_3_1_1_connack_0x01_mqtt_3_1_2_2() {
    let broker = Broker::start(&[]);
    for level in [6u8, 2, 255] {
        let mut stream = TcpStream::connect(("127.0.0.1", broker.port())).expect("connect");
        let mut connect = b"\x10\x0D\x00\x04MQTT\x06\x02\x00\x3C\x00\x01a".to_vec();
        connect[8] = level;
        stream.write_all(&connect).expect("write");
        stream.set_read_timeout(Some(WAIT)).expect("timeout");
        let mut answer = Vec::new();
        match stream.read_to_end(&mut answer) {
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::ConnectionReset => {}
            Err(e) => panic!("level {level}: {e}"),
        }
        assert_eq!(answer, [0x20, 0x02, 0x00, 0x01], "level {level}");
    }
    assert_still_serving(broker.port());
}

/// [MQTT-3.3.2-14]: a Response Topic is a Topic Name and has no wildcards. A PUBLISH carrying
/// one gets DISCONNECT 0x82; a CONNECT whose will carries one gets CONNACK 0x82.
#[test]
fn a_response_topic_with_a_wildcard_is_a_protocol_error_mqtt_3_3_2_14() {
    let broker = Broker::start(&[]);
    let (mut c, _) = RawClient::connect(broker.port(), Protocol::V5, "responder", true);
    c.send(&Packet::Publish(Publish {
        topic: "requests".into(),
        payload: Bytes::from_static(b"x"),
        properties: Properties::from(PropertyValues {
            response_topic: Some("replies/+".into()),
            ..PropertyValues::default()
        }),
        ..Publish::default()
    }));
    expect_disconnect(&mut c, ReasonCode::PROTOCOL_ERROR);

    let mut connect = connect_packet(
        Protocol::V5,
        "will-responder",
        true,
        Properties::default(),
        None,
    );
    connect.will = Some(robustmq_mqtt_codec::LastWill {
        topic: "wills/w".into(),
        payload: Bytes::from_static(b"gone"),
        qos: robustmq_mqtt_codec::QoS::AtMostOnce,
        retain: false,
        properties: Properties::from(PropertyValues {
            response_topic: Some("replies/#".into()),
            ..PropertyValues::default()
        }),
    });
    let mut client = RawClient::open(broker.port(), Protocol::V5);
    client.send(&Packet::Connect(Box::new(connect)));
    match client.recv(WAIT) {
        Recv::Packet(Packet::ConnAck(ack)) => assert_eq!(ack.code, ReasonCode::PROTOCOL_ERROR),
        other => panic!("expected CONNACK 0x82, got {other:?}"),
    }
    assert_eq!(client.recv(WAIT), Recv::Closed);
    assert_still_serving(broker.port());
}

/// MQTT 5.0 section 3.3.4 ([MQTT-3.3.4-3]): a message matching overlapping subscriptions carries
/// their Subscription Identifiers, each once, though two subscriptions share one.
#[test]
fn overlapping_subscriptions_sharing_an_identifier_send_it_once_mqtt_3_3_4_3() {
    let broker = Broker::start(&[]);
    let (mut c, _) = RawClient::connect(broker.port(), Protocol::V5, "ids", true);
    for (pkid, filter) in [(1, "ids/#"), (2, "ids/+")] {
        c.send(&Packet::Subscribe(Subscribe {
            pkid,
            filters: vec![Subscription {
                filter: filter.into(),
                options: SubscriptionOptions::default(),
            }],
            properties: Properties::from(PropertyValues {
                subscription_identifiers: vec![7],
                ..PropertyValues::default()
            }),
        }));
        assert!(matches!(
            c.recv_until(WAIT, |p| matches!(p, Packet::SubAck(_))),
            Recv::Packet(Packet::SubAck(_))
        ));
    }
    c.send(&Packet::Publish(Publish {
        topic: "ids/x".into(),
        payload: Bytes::from_static(b"x"),
        ..Publish::default()
    }));
    match c.recv_until(WAIT, |p| matches!(p, Packet::Publish(_))) {
        Recv::Packet(Packet::Publish(p)) => {
            assert_eq!(p.properties.subscription_identifiers, [7]);
        }
        other => panic!("expected the PUBLISH, got {other:?}"),
    }
}

/// [MQTT-3.3.4-7], [MQTT-4.13.2-1]: a client that sends Receive Maximum + 1 QoS 2 PUBLISHes
/// without reading gets DISCONNECT 0x93, and it reads that DISCONNECT (after the PUBRECs) before
/// the end of the stream: the broker closes gracefully (its write side, then it reads and
/// discards until the client closes too) instead of closing a socket that input still reaches,
/// which the kernel answers with a reset. 20 runs of 20.
#[test]
fn receive_maximum_exceeded_0x93_reaches_the_client_before_the_close_20_of_20() {
    let broker = Broker::start(&[]);
    for run in 0..20 {
        let (mut c, ack) =
            RawClient::connect(broker.port(), Protocol::V5, &format!("flood-{run}"), true);
        let receive_maximum = ack.properties.receive_maximum.unwrap_or(u16::MAX);
        let mut burst = bytes::BytesMut::new();
        for pkid in 1..=receive_maximum + 1 {
            Packet::Publish(Publish {
                qos: QoS::ExactlyOnce,
                topic: "flood".into(),
                pkid,
                payload: Bytes::from_static(b"x"),
                ..Publish::default()
            })
            .write(Protocol::V5, &mut burst)
            .expect("encode");
        }
        c.send_bytes(&burst);
        // Unread, the answers pile up in the client's receive buffer while the broker closes,
        // and the client, not knowing yet, goes on sending, as a client in a publish loop
        // would. A broker that closed its socket with input still arriving answers with a
        // reset, and the client's next write fails (ECONNRESET, then EPIPE): a client library
        // takes that for a lost connection and never reads the DISCONNECT.
        for ping in 0..20 {
            std::thread::sleep(Duration::from_millis(10));
            if let Err(e) = c.try_send(&Packet::PingReq) {
                panic!(
                    "run {run}: write {ping} after the burst failed ({e}): the broker reset the connection"
                );
            }
        }
        let mut pubrecs = 0;
        loop {
            match c.recv(WAIT) {
                Recv::Packet(Packet::PubRec(_)) => pubrecs += 1,
                Recv::Packet(Packet::Disconnect(d)) => {
                    assert_eq!(d.reason, ReasonCode::RECEIVE_MAXIMUM_EXCEEDED, "run {run}");
                    break;
                }
                other => {
                    panic!("run {run}: after {pubrecs} PUBRECs, {other:?} before the DISCONNECT")
                }
            }
        }
        assert_eq!(pubrecs, receive_maximum, "run {run}");
        assert_eq!(c.recv(WAIT), Recv::Closed, "run {run}");
    }
    assert_still_serving(broker.port());
}
