//! Round trips of every packet at every level, malformed input, and a deterministic mutation run
//! of the fuzz body (the cargo-fuzz target in `fuzz/` runs the same check unbounded).

use bytes::{Bytes, BytesMut};

use crate::*;

const LEVELS: [Protocol; 3] = [Protocol::V31, Protocol::V311, Protocol::V5];

fn v5_props() -> Properties {
    Properties::from(PropertyValues {
        reason_string: Some("why".into()),
        user_properties: vec![("k".into(), "v".into())],
        ..PropertyValues::default()
    })
}

/// Packets as a `protocol` peer could send them: properties and reason codes only for 5.0.
fn samples(protocol: Protocol) -> Vec<Packet> {
    let v5 = protocol.is_v5();
    let props = |p: Properties| if v5 { p } else { Properties::default() };
    let reason = |r: ReasonCode| if v5 { r } else { ReasonCode::SUCCESS };
    vec![
        Packet::Connect(Box::new(Connect {
            protocol,
            clean_start: true,
            keep_alive: 30,
            client_id: "dev-1".into(),
            will: Some(LastWill {
                topic: "dev/1/status".into(),
                payload: Bytes::from_static(b"offline"),
                qos: QoS::AtLeastOnce,
                retain: true,
                properties: props(Properties::from(PropertyValues {
                    will_delay_interval: Some(5),
                    ..PropertyValues::default()
                })),
            }),
            username: Some("user".into()),
            password: Some(Bytes::from_static(b"secret")),
            properties: props(Properties::from(PropertyValues {
                session_expiry_interval: Some(60),
                receive_maximum: Some(20),
                maximum_packet_size: Some(4096),
                topic_alias_maximum: Some(5),
                request_response_information: Some(1),
                ..PropertyValues::default()
            })),
        })),
        Packet::Connect(Box::new(Connect {
            protocol,
            clean_start: false,
            keep_alive: 0,
            client_id: String::new(),
            will: None,
            username: None,
            password: None,
            properties: Properties::default(),
        })),
        Packet::ConnAck(ConnAck {
            session_present: true,
            code: ReasonCode::SUCCESS,
            properties: props(Properties::from(PropertyValues {
                assigned_client_identifier: Some("a".into()),
                ..PropertyValues::default()
            })),
        }),
        Packet::ConnAck(ConnAck {
            session_present: false,
            code: ReasonCode::BAD_USER_NAME_OR_PASSWORD,
            properties: Properties::default(),
        }),
        Packet::Publish(Publish {
            dup: false,
            qos: QoS::AtMostOnce,
            retain: true,
            topic: "a/b".into(),
            pkid: 0,
            payload: Bytes::from_static(b"hello"),
            properties: props(Properties::from(PropertyValues {
                message_expiry_interval: Some(9),
                ..PropertyValues::default()
            })),
        }),
        Packet::Publish(Publish {
            dup: true,
            qos: QoS::ExactlyOnce,
            retain: false,
            topic: "a/ü".into(),
            pkid: 65535,
            payload: Bytes::new(),
            properties: props(Properties::from(PropertyValues {
                subscription_identifiers: vec![7, 8],
                ..PropertyValues::default()
            })),
        }),
        Packet::PubAck(Ack::new(1)),
        Packet::PubAck(Ack {
            pkid: 2,
            reason: reason(ReasonCode::NO_MATCHING_SUBSCRIBERS),
            properties: Properties::default(),
        }),
        Packet::PubRec(Ack {
            pkid: 3,
            reason: reason(ReasonCode::QUOTA_EXCEEDED),
            properties: props(v5_props()),
        }),
        Packet::PubRel(Ack::new(4)),
        Packet::PubComp(Ack {
            pkid: 5,
            reason: reason(ReasonCode::PACKET_IDENTIFIER_NOT_FOUND),
            properties: Properties::default(),
        }),
        Packet::Subscribe(Subscribe {
            pkid: 6,
            filters: vec![
                Subscription {
                    filter: "a/+/c".into(),
                    options: SubscriptionOptions {
                        qos: QoS::ExactlyOnce,
                        ..SubscriptionOptions::default()
                    },
                },
                Subscription {
                    filter: "$share/g/#".into(),
                    options: if v5 {
                        SubscriptionOptions {
                            qos: QoS::AtLeastOnce,
                            no_local: true,
                            retain_as_published: true,
                            retain_handling: RetainHandling::DoNotSend,
                        }
                    } else {
                        SubscriptionOptions {
                            qos: QoS::AtLeastOnce,
                            ..SubscriptionOptions::default()
                        }
                    },
                },
            ],
            properties: props(Properties::from(PropertyValues {
                subscription_identifiers: vec![42],
                ..PropertyValues::default()
            })),
        }),
        Packet::SubAck(SubAck {
            pkid: 6,
            codes: vec![
                ReasonCode::GRANTED_QOS_2,
                if v5 {
                    ReasonCode::NOT_AUTHORIZED
                } else {
                    ReasonCode::UNSPECIFIED_ERROR
                },
            ],
            properties: props(v5_props()),
        }),
        Packet::Unsubscribe(Unsubscribe {
            pkid: 7,
            filters: vec!["a/#".into(), "b".into()],
            properties: Properties::default(),
        }),
        Packet::UnsubAck(UnsubAck {
            pkid: 7,
            codes: if v5 {
                vec![ReasonCode::SUCCESS, ReasonCode::NO_SUBSCRIPTION_EXISTED]
            } else {
                vec![]
            },
            properties: props(v5_props()),
        }),
        Packet::PingReq,
        Packet::PingResp,
        Packet::Disconnect(Disconnect::default()),
        Packet::Disconnect(Disconnect {
            reason: reason(ReasonCode::DISCONNECT_WITH_WILL_MESSAGE),
            properties: props(Properties::from(PropertyValues {
                session_expiry_interval: Some(0),
                ..PropertyValues::default()
            })),
        }),
    ]
}

fn encode(packet: &Packet, protocol: Protocol) -> BytesMut {
    let mut buf = BytesMut::new();
    let n = packet.write(protocol, &mut buf).expect("encodes");
    assert_eq!(n, buf.len(), "write reports its size for {packet:?}");
    buf
}

#[test]
fn every_packet_round_trips_at_every_level() {
    for protocol in LEVELS {
        let mut all = samples(protocol);
        if protocol.is_v5() {
            all.push(Packet::Auth(Auth::default()));
            all.push(Packet::Auth(Auth {
                reason: ReasonCode::CONTINUE_AUTHENTICATION,
                properties: Properties::from(PropertyValues {
                    authentication_method: Some("SCRAM-SHA-1".into()),
                    authentication_data: Some(Bytes::from_static(b"\x00\x01")),
                    ..PropertyValues::default()
                }),
            }));
        }
        for packet in all {
            let mut buf = encode(&packet, protocol);
            let back = read(&mut buf, protocol, MAX_PACKET_SIZE).expect("decodes");
            assert_eq!(back, packet, "at {protocol:?}");
            assert!(buf.is_empty());
        }
    }
}

#[test]
fn every_cut_point_reports_incomplete_and_then_decodes() {
    for protocol in LEVELS {
        for packet in samples(protocol) {
            let full = encode(&packet, protocol).freeze();
            for cut in 0..full.len() {
                let mut buf = BytesMut::from(&full[..cut]);
                match read(&mut buf, protocol, MAX_PACKET_SIZE) {
                    Err(Error::Incomplete(n)) => assert!(n >= 1 && cut + n <= full.len()),
                    other => panic!("cut {cut} of {packet:?}: {other:?}"),
                }
                assert_eq!(buf.len(), cut, "nothing consumed on Incomplete");
            }
        }
    }
}

#[test]
fn two_packets_in_one_buffer_decode_in_order() {
    let mut buf = encode(&Packet::PingReq, Protocol::V311);
    buf.extend_from_slice(&encode(&Packet::PubAck(Ack::new(9)), Protocol::V311));
    assert_eq!(
        read(&mut buf, Protocol::V311, MAX_PACKET_SIZE),
        Ok(Packet::PingReq)
    );
    assert_eq!(
        read(&mut buf, Protocol::V311, MAX_PACKET_SIZE),
        Ok(Packet::PubAck(Ack::new(9)))
    );
}

#[test]
fn oversized_packet_is_rejected_from_the_fixed_header_alone() {
    // A PUBLISH announcing 268,435,455 bytes, of which only 5 header bytes arrived.
    let mut buf = BytesMut::from(&[0x30, 0xFF, 0xFF, 0xFF, 0x7F][..]);
    assert_eq!(
        read(&mut buf, Protocol::V5, 1024),
        Err(Error::PacketTooLarge {
            size: MAX_PACKET_SIZE,
            max: 1024
        })
    );
}

#[test]
fn remaining_length_of_five_bytes_is_malformed_mqtt_1_5_5_1() {
    let mut buf = BytesMut::from(&[0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01][..]);
    assert!(matches!(
        read(&mut buf, Protocol::V5, MAX_PACKET_SIZE),
        Err(Error::Malformed(_))
    ));
}

#[test]
fn publish_with_qos_3_is_malformed_mqtt_3_3_1_4() {
    let mut buf = BytesMut::from(&[0x36, 0x05, 0x00, 0x01, b'a', 0x00, 0x01][..]);
    assert!(matches!(
        read(&mut buf, Protocol::V311, MAX_PACKET_SIZE),
        Err(Error::Malformed(_))
    ));
}

#[test]
fn dup_on_qos_0_publish_is_malformed_mqtt_3_3_1_2() {
    let mut buf = BytesMut::from(&[0x38, 0x03, 0x00, 0x01, b'a'][..]);
    assert!(matches!(
        read(&mut buf, Protocol::V5, MAX_PACKET_SIZE),
        Err(Error::Malformed(_))
    ));
}

#[test]
fn reserved_fixed_header_flags_are_malformed_mqtt_2_1_3_1() {
    // SUBSCRIBE must have flags 0b0010; PINGREQ 0b0000.
    for bytes in [
        &[0x80, 0x06, 0x00, 0x01, 0x00, 0x01, b'a', 0x00][..],
        &[0xC1, 0x00][..],
    ] {
        let mut buf = BytesMut::from(bytes);
        assert!(matches!(
            read(&mut buf, Protocol::V311, MAX_PACKET_SIZE),
            Err(Error::Malformed(_))
        ));
    }
}

#[test]
fn connect_reserved_flag_is_malformed_mqtt_3_1_2_3() {
    let mut buf = BytesMut::from(&b"\x10\x0D\x00\x04MQTT\x04\x03\x00\x3C\x00\x01a"[..]);
    assert!(matches!(
        read(&mut buf, Protocol::V311, MAX_PACKET_SIZE),
        Err(Error::Malformed(_))
    ));
}

#[test]
fn connect_with_unknown_level_names_it() {
    let mut buf = BytesMut::from(&b"\x10\x0D\x00\x04MQTT\x06\x02\x00\x3C\x00\x01a"[..]);
    assert_eq!(
        read(&mut buf, Protocol::V311, MAX_PACKET_SIZE),
        Err(Error::UnsupportedProtocol {
            name: "MQTT".into(),
            level: 6
        })
    );
}

#[test]
fn the_level_of_a_connect_is_read_from_its_first_bytes_alone() {
    let connect = b"\x10\x0D\x00\x04MQTT\x05\x02\x00\x3C\x00\x01a";
    assert_eq!(connect::peek_level(connect), Some(5));
    assert_eq!(
        connect::peek_level(&connect[..9]),
        Some(5),
        "the rest may not have come"
    );
    assert_eq!(
        connect::peek_level(&connect[..8]),
        None,
        "the level has not come"
    );
    let v31 = b"\x10\x0F\x00\x06MQIsdp\x03";
    assert_eq!(connect::peek_level(v31), Some(3));
    let long = b"\x10\xFF\xFF\x03\x00\x04MQTT\x04";
    assert_eq!(
        connect::peek_level(long),
        Some(4),
        "a three-byte Remaining Length"
    );
    assert_eq!(
        connect::peek_level(b"\x10\xFF\xFF\xFF\xFF\x01"),
        None,
        "five bytes"
    );
    assert_eq!(
        connect::peek_level(b"\x30\x0D\x00\x04MQTT\x05"),
        None,
        "a PUBLISH"
    );
    assert_eq!(connect::peek_level(b""), None);
}

#[test]
fn connect_will_qos_without_will_flag_is_malformed_mqtt_3_1_2_11() {
    let mut buf = BytesMut::from(&b"\x10\x0D\x00\x04MQTT\x04\x0A\x00\x3C\x00\x01a"[..]);
    assert!(matches!(
        read(&mut buf, Protocol::V311, MAX_PACKET_SIZE),
        Err(Error::Malformed(_))
    ));
}

#[test]
fn connect_v311_password_without_username_is_malformed_mqtt_3_1_2_22() {
    let mut buf = BytesMut::from(&b"\x10\x11\x00\x04MQTT\x04\x42\x00\x3C\x00\x01a\x00\x02pw"[..]);
    assert!(matches!(
        read(&mut buf, Protocol::V311, MAX_PACKET_SIZE),
        Err(Error::Malformed(_))
    ));
}

#[test]
fn publish_topic_with_invalid_utf8_is_malformed_mqtt_1_5_4_1() {
    let mut buf = BytesMut::from(&[0x30, 0x04, 0x00, 0x02, 0xC3, 0x28][..]);
    assert!(matches!(
        read(&mut buf, Protocol::V311, MAX_PACKET_SIZE),
        Err(Error::Malformed(_))
    ));
}

#[test]
fn subscribe_without_filters_is_a_protocol_error_mqtt_3_8_3_2() {
    let mut buf = BytesMut::from(&[0x82, 0x02, 0x00, 0x01][..]);
    assert!(matches!(
        read(&mut buf, Protocol::V311, MAX_PACKET_SIZE),
        Err(Error::Protocol(_))
    ));
}

#[test]
fn packet_identifier_zero_is_a_protocol_error_mqtt_2_2_1_3() {
    let mut buf = BytesMut::from(&[0x40, 0x02, 0x00, 0x00][..]);
    assert!(matches!(
        read(&mut buf, Protocol::V311, MAX_PACKET_SIZE),
        Err(Error::Protocol(_))
    ));
}

#[test]
fn auth_before_v5_is_malformed() {
    let mut buf = BytesMut::from(&[0xF0, 0x00][..]);
    assert!(matches!(
        read(&mut buf, Protocol::V311, MAX_PACKET_SIZE),
        Err(Error::Malformed(_))
    ));
    assert!(
        Packet::Auth(Auth::default())
            .write(Protocol::V311, &mut BytesMut::new())
            .is_err()
    );
}

#[test]
fn packet_type_zero_is_malformed() {
    let mut buf = BytesMut::from(&[0x00, 0x00][..]);
    assert!(matches!(
        read(&mut buf, Protocol::V5, MAX_PACKET_SIZE),
        Err(Error::Malformed(_))
    ));
}

#[test]
fn mutated_packets_never_panic_and_re_encode_faithfully() {
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let corpus: Vec<Bytes> = LEVELS
        .iter()
        .flat_map(|&p| {
            samples(p)
                .into_iter()
                .map(move |pkt| encode(&pkt, p).freeze())
        })
        .collect();
    for _ in 0..20_000 {
        let base = &corpus[(next() as usize) % corpus.len()];
        let mut data = base.to_vec();
        for _ in 0..(1 + next() % 4) {
            let i = (next() as usize) % data.len();
            match next() % 3 {
                0 => data[i] = next() as u8,
                1 => data[i] ^= 1 << (next() % 8),
                _ => data.truncate(i.max(1)),
            }
        }
        crate::fuzz::check_round_trip(&data);
    }
}

/// A stored message's properties, encoded once, go out after the ones set per delivery, in
/// one block, and decode as if they had been set together; 3.1.1 carries none.
#[test]
fn raw_properties_join_the_block_of_a_publish_view() {
    let stored = Properties::from(PropertyValues {
        content_type: Some("text/plain".into()),
        user_properties: vec![("k".into(), "v".into())],
        ..PropertyValues::default()
    });
    let mut block = BytesMut::new();
    stored.write(&mut block).expect("encode");
    let hop = Properties::from(PropertyValues {
        subscription_identifiers: vec![7],
        message_expiry_interval: Some(9),
        ..PropertyValues::default()
    });
    for protocol in LEVELS {
        let view = PublishView {
            dup: false,
            qos: QoS::AtLeastOnce,
            retain: false,
            topic: "t",
            pkid: 3,
            payload: b"x",
            properties: &hop,
            raw_properties: &block,
        };
        let mut out = BytesMut::new();
        let written = view.write(protocol, &mut out).expect("encode");
        assert_eq!(written, out.len());
        assert_eq!(view.size(protocol), out.len());
        let Ok(Packet::Publish(back)) = read(&mut out, protocol, 1 << 20) else {
            panic!("decodes as a PUBLISH");
        };
        if protocol.is_v5() {
            assert_eq!(back.properties.content_type.as_deref(), Some("text/plain"));
            assert_eq!(back.properties.user_properties, stored.user_properties);
            assert_eq!(back.properties.subscription_identifiers, vec![7]);
            assert_eq!(back.properties.message_expiry_interval, Some(9));
        } else {
            assert!(back.properties.is_empty());
        }
        assert_eq!(back.payload, Bytes::from_static(b"x"));
    }
    let broken = [0x05, 0x03];
    let view = PublishView {
        dup: false,
        qos: QoS::AtMostOnce,
        retain: false,
        topic: "t",
        pkid: 0,
        payload: b"",
        properties: &Properties::default(),
        raw_properties: &broken,
    };
    let mut out = BytesMut::new();
    view.write(Protocol::V5, &mut out).expect("encode");
    assert!(
        matches!(read(&mut out, Protocol::V5, 1 << 20), Ok(Packet::Publish(p)) if p.properties.is_empty()),
        "a block whose prefix claims more than it holds is left out"
    );
}
