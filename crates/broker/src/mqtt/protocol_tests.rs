//! MQTT protocol rules checked against the sans-IO state machine, with no socket: packets go in
//! as values, answers come out of the write buffer and are decoded. What the driver would do
//! for a step (await a publish, write a session record) the harness does the same way.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use robustmq_mqtt_codec::{
    Ack, ConnAck, Connect, Disconnect, LastWill, Packet, Properties, PropertyValues, Protocol,
    Publish, QoS, ReasonCode, RetainHandling, Subscribe, Subscription, SubscriptionOptions,
    Unsubscribe,
};
use tokio::sync::oneshot;

use crate::core::broker::{test_broker, test_broker_with};
use crate::core::session::{Control, ControlHandle, DisconnectReason};
use crate::core::{Broker, Settings};
use crate::mqtt::error::MqttError;
use crate::mqtt::protocol::{Exit, Opening, ProtocolState, Step, open};

const PEER: &str = "127.0.0.1:40000";

/// A connected client, as its connection's state machine sees it.
struct Client {
    state: ProtocolState,
    out: BytesMut,
    control: oneshot::Receiver<Control>,
    /// How the last packet ended the connection, if it did.
    exit: Option<Exit>,
}

/// Every packet in `out`, decoded at `protocol`.
fn decode(out: &mut BytesMut, protocol: Protocol) -> Vec<Packet> {
    let mut packets = Vec::new();
    while !out.is_empty() {
        packets.push(robustmq_mqtt_codec::read(out, protocol, 1 << 24).expect("a whole packet"));
    }
    packets
}

fn connect_packet(protocol: Protocol, client_id: &str, clean: bool) -> Connect {
    Connect {
        protocol,
        clean_start: clean,
        keep_alive: 30,
        client_id: client_id.to_owned(),
        will: None,
        username: None,
        password: None,
        properties: Properties::default(),
    }
}

fn v5(client_id: &str) -> Connect {
    connect_packet(Protocol::V5, client_id, true)
}

fn props(values: PropertyValues) -> Properties {
    Properties::from(values)
}

/// A 5.0 CONNECT of `client_id` with `values` as its properties.
fn v5_with(client_id: &str, values: PropertyValues) -> Connect {
    let mut c = v5(client_id);
    c.properties = props(values);
    c
}

/// A 5.0 CONNECT that resumes `client_id`'s session, which lasts 10 minutes.
fn persistent(client_id: &str) -> Connect {
    let mut c = v5_with(
        client_id,
        PropertyValues {
            session_expiry_interval: Some(600),
            ..PropertyValues::default()
        },
    );
    c.clean_start = false;
    c
}

/// Answers `connect` as the driver would (the password checked in line); returns what went
/// out (the CONNACK, and resent deliveries) and the client, when accepted.
fn connect(broker: &Arc<Broker>, connect: Connect) -> (Vec<Packet>, Option<Client>) {
    let opening = open(broker, connect.clone(), PEER.parse().expect("addr"), None);
    answer(broker, connect.protocol, opening)
}

/// Takes `opening` on as the driver would; an AUTH challenge is not expected here.
fn answer(
    broker: &Arc<Broker>,
    protocol: Protocol,
    opening: Opening,
) -> (Vec<Packet>, Option<Client>) {
    let mut out = BytesMut::new();
    match opening {
        Opening::Challenge(..) => panic!("an AUTH challenge; use scram_login"),
        Opening::Refused(ack, protocol) => {
            Packet::ConnAck(ack)
                .write(protocol, &mut out)
                .expect("encode");
            (decode(&mut out, protocol), None)
        }
        Opening::Pending(handshake) => {
            let password_ok = handshake
                .password_check()
                .is_none_or(|(password, hash)| robustmq_common::password::verify(&password, &hash));
            let (control, rx) = ControlHandle::new();
            let state = handshake
                .finish(
                    broker,
                    password_ok,
                    broker.next_conn_id(),
                    control,
                    "test",
                    &mut out,
                )
                .expect("finish");
            let packets = decode(&mut out, protocol);
            let client = state.map(|state| Client {
                state,
                out: BytesMut::new(),
                control: rx,
                exit: None,
            });
            (packets, client)
        }
    }
}

/// Connects and expects a CONNACK with success.
fn connected(broker: &Arc<Broker>, c: Connect) -> (ConnAck, Client) {
    let (packets, client) = connect(broker, c);
    let Some(Packet::ConnAck(ack)) = packets.into_iter().next() else {
        panic!("no CONNACK");
    };
    assert_eq!(ack.code, ReasonCode::SUCCESS);
    (ack, client.expect("accepted"))
}

/// Connects and expects a refusal; returns its code.
fn refused(broker: &Arc<Broker>, c: Connect) -> ReasonCode {
    let (packets, client) = connect(broker, c);
    assert!(client.is_none(), "refused");
    match packets.as_slice() {
        [Packet::ConnAck(ack)] => ack.code,
        other => panic!("expected one CONNACK, got {other:?}"),
    }
}

impl Client {
    /// Sends `packet`, does what the driver does for the step it yields, then drains the
    /// session queue; returns every packet written.
    async fn send(&mut self, packet: Packet) -> Result<Vec<Packet>, MqttError> {
        match self.state.on_packet(packet, &mut self.out)? {
            Step::Continue => {}
            Step::Exit(exit) => self.exit = Some(exit),
            Step::Publish(waiting) => {
                let broker = Arc::clone(self.state.broker());
                let outcome = broker.publish(waiting.message).await;
                self.state.published(waiting.ack, outcome, &mut self.out)?;
            }
            Step::Persist => {
                let broker = Arc::clone(self.state.broker());
                broker
                    .persist_session(self.state.session(), false)
                    .await
                    .expect("session record");
            }
        }
        Ok(self.deliveries())
    }

    /// Sends `packet` and expects the connection to fail with `reason`.
    async fn fails_with(&mut self, packet: Packet, reason: ReasonCode) {
        match self.send(packet).await {
            Err(e) => assert_eq!(e.reason_code(), reason, "{e}"),
            Ok(packets) => panic!("expected {reason}, got {packets:?}"),
        }
    }

    /// What the session queue holds that may go out now, as it goes out.
    fn deliveries(&mut self) -> Vec<Packet> {
        self.deliveries_at(Instant::now())
    }

    fn deliveries_at(&mut self, now: Instant) -> Vec<Packet> {
        self.state
            .drain_queue(&mut self.out, now)
            .expect("encode deliveries");
        decode(&mut self.out, self.state.protocol())
    }

    async fn subscribe(&mut self, filter: &str, qos: QoS) -> Vec<Packet> {
        self.subscribe_with(
            filter,
            SubscriptionOptions {
                qos,
                ..SubscriptionOptions::default()
            },
            Properties::default(),
        )
        .await
    }

    async fn subscribe_with(
        &mut self,
        filter: &str,
        options: SubscriptionOptions,
        properties: Properties,
    ) -> Vec<Packet> {
        self.send(Packet::Subscribe(Subscribe {
            pkid: 1,
            filters: vec![Subscription {
                filter: filter.to_owned(),
                options,
            }],
            properties,
        }))
        .await
        .expect("subscribe")
    }
}

/// A subscriber (connected with `sub`, subscribed to `filter` at `qos`) and a publisher.
async fn pair(broker: &Arc<Broker>, sub: Connect, filter: &str, qos: QoS) -> (Client, Client) {
    let (_, mut subscriber) = connected(broker, sub);
    subscriber.subscribe(filter, qos).await;
    let (_, publisher) = connected(broker, v5("p"));
    (subscriber, publisher)
}

fn publish(topic: &str, qos: QoS, pkid: u16, payload: &'static [u8]) -> Packet {
    Packet::Publish(Publish {
        qos,
        topic: topic.into(),
        pkid,
        payload: Bytes::from_static(payload),
        ..Publish::default()
    })
}

fn publishes(packets: &[Packet]) -> Vec<&Publish> {
    packets
        .iter()
        .filter_map(|p| match p {
            Packet::Publish(p) => Some(p),
            _ => None,
        })
        .collect()
}

fn settings(f: impl FnOnce(&mut Settings)) -> Settings {
    let mut s = Settings::default();
    f(&mut s);
    s
}

// ---- CONNECT and CONNACK -------------------------------------------------------------------

/// A 5.0 CONNACK tells the client the broker's limits and what it supports
/// (MQTT 5.0 section 3.2.2.3).
#[tokio::test]
async fn connack_at_5_0_states_the_brokers_limits() {
    let (_dir, broker) = test_broker().await;
    let (ack, _) = connected(&broker, v5("limits"));
    let s = &broker.settings;
    assert!(!ack.session_present);
    assert_eq!(ack.properties.receive_maximum, Some(s.max_inflight));
    assert_eq!(ack.properties.maximum_packet_size, Some(s.max_packet_size));
    assert_eq!(
        ack.properties.topic_alias_maximum,
        Some(s.topic_alias_maximum)
    );
    assert_eq!(ack.properties.retain_available, Some(1));
    assert_eq!(ack.properties.wildcard_subscription_available, Some(1));
    assert_eq!(ack.properties.shared_subscription_available, Some(1));
    assert_eq!(ack.properties.subscription_identifier_available, Some(1));
    assert_eq!(
        ack.properties.maximum_qos, None,
        "QoS 2 is the default [MQTT-3.2.2-9]"
    );
}

/// A 3.1.1 CONNACK has no properties: the codec encodes none at that level.
#[tokio::test]
async fn connack_at_3_1_1_is_a_return_code() {
    let (_dir, broker) = test_broker().await;
    let (ack, _) = connected(&broker, connect_packet(Protocol::V311, "old", true));
    assert_eq!(ack.code, ReasonCode::SUCCESS);
    assert!(ack.properties.is_empty());
}

/// [MQTT-3.2.2-9]: Maximum QoS is sent only when it is 0 or 1.
#[tokio::test]
async fn connack_names_a_maximum_qos_below_2() {
    let (_dir, broker) =
        test_broker_with(settings(|s| s.max_qos = crate::core::QoS::AtLeastOnce)).await;
    let (ack, _) = connected(&broker, v5("qos1"));
    assert_eq!(ack.properties.maximum_qos, Some(1));
}

/// [MQTT-3.1.3-6], [MQTT-3.2.2-16]: an empty client id at 5.0 gets one assigned, and told.
#[tokio::test]
async fn an_empty_client_id_at_5_0_is_assigned_and_told() {
    let (_dir, broker) = test_broker().await;
    let (ack, client) = connected(&broker, v5(""));
    let assigned = ack
        .properties
        .assigned_client_identifier
        .clone()
        .expect("Assigned Client Identifier");
    assert!(assigned.starts_with("robustmq-1-"), "{assigned}");
    assert_eq!(&*client.state.session().client_id, assigned);
}

/// [MQTT-3.1.3-8]: 3.1.1 refuses an empty client id with Clean Session 0 (return code 2).
#[tokio::test]
async fn an_empty_client_id_with_a_persistent_session_at_3_1_1_is_refused() {
    let (_dir, broker) = test_broker().await;
    let code = refused(&broker, connect_packet(Protocol::V311, "", false));
    assert_eq!(code, ReasonCode::CLIENT_IDENTIFIER_NOT_VALID);
    assert_eq!(code.to_v3_connack(), 2);
    let (_, client) = connect(&broker, connect_packet(Protocol::V311, "", true));
    assert!(client.is_some(), "with Clean Session 1 it is assigned one");
}

/// MQTT 3.1 has no empty client ids at all.
#[tokio::test]
async fn an_empty_client_id_at_3_1_is_refused() {
    let (_dir, broker) = test_broker().await;
    let code = refused(&broker, connect_packet(Protocol::V31, "", true));
    assert_eq!(code, ReasonCode::CLIENT_IDENTIFIER_NOT_VALID);
}

/// MQTT 5.0 section 3.2.2.3.14: a keepalive above the broker's is lowered, and the client is
/// told with Server Keep Alive.
#[tokio::test]
async fn a_keepalive_above_the_maximum_is_lowered_and_told() {
    let (_dir, broker) = test_broker().await;
    let mut c = v5("ka");
    c.keep_alive = broker.settings.max_keepalive + 100;
    let (ack, client) = connected(&broker, c);
    assert_eq!(
        ack.properties.server_keep_alive,
        Some(broker.settings.max_keepalive)
    );
    assert_eq!(client.state.keep_alive(), broker.settings.max_keepalive);
}

/// Keepalive 0 means "never check", which `mqtt.allow_zero_keepalive` must allow: otherwise a
/// 5.0 client is given `max_keepalive` as Server Keep Alive (section 3.2.2.3.14), and a 3.x
/// client, which cannot be told, is refused with return code 2 (as Mosquitto refuses a
/// keepalive it will not serve).
#[tokio::test]
async fn keepalive_0_is_replaced_at_5_0_and_refused_at_3_x_unless_allowed() {
    let (_dir, broker) = test_broker().await;
    let mut c = v5("ka0");
    c.keep_alive = 0;
    let (ack, client) = connected(&broker, c);
    assert_eq!(
        ack.properties.server_keep_alive,
        Some(broker.settings.max_keepalive)
    );
    assert_eq!(client.state.keep_alive(), broker.settings.max_keepalive);
    for protocol in [Protocol::V311, Protocol::V31] {
        let mut c = connect_packet(protocol, "ka0-3", true);
        c.keep_alive = 0;
        assert_eq!(
            refused(&broker, c),
            ReasonCode::CLIENT_IDENTIFIER_NOT_VALID,
            "{protocol:?}: return code 2"
        );
    }
    let (_dir, open) = test_broker_with(Settings {
        allow_zero_keepalive: true,
        ..Settings::default()
    })
    .await;
    let mut c = connect_packet(Protocol::V311, "ka0-3", true);
    c.keep_alive = 0;
    let (_, client) = connected(&open, c);
    assert_eq!(client.state.keep_alive(), 0, "allowed: never checked");
}

/// A session expiry above `mqtt.max_session_expiry` is lowered, and the 5.0 client told.
#[tokio::test]
async fn a_session_expiry_above_the_maximum_is_lowered_and_told() {
    let (_dir, broker) = test_broker_with(settings(|s| s.max_session_expiry = 60)).await;
    let mut c = connect_packet(Protocol::V5, "exp", false);
    c.properties = props(PropertyValues {
        session_expiry_interval: Some(3600),
        ..PropertyValues::default()
    });
    let (ack, client) = connected(&broker, c);
    assert_eq!(ack.properties.session_expiry_interval, Some(60));
    assert_eq!(client.state.session().lock().expiry_interval(), 60);
}

/// A 3.1.1 session with clean session 0 lives `mqtt.persistent_session_expiry` after its
/// connection, within `mqtt.max_session_expiry`; by default 2 hours, not forever.
#[tokio::test]
async fn a_3_1_1_persistent_session_expires_as_configured() {
    let (_dir, broker) = test_broker().await;
    let (_, client) = connected(&broker, connect_packet(Protocol::V311, "p311", false));
    assert_eq!(client.state.session().lock().expiry_interval(), 7200);
    let (_dir, broker) = test_broker_with(settings(|s| {
        s.persistent_session_expiry = 600;
        s.max_session_expiry = 60;
    }))
    .await;
    let (_, client) = connected(&broker, connect_packet(Protocol::V311, "capped", false));
    assert_eq!(client.state.session().lock().expiry_interval(), 60);
}

/// Extended authentication is not offered: an Authentication Method gets 0x8C.
#[tokio::test]
async fn an_authentication_method_is_refused_with_bad_authentication_method() {
    let (_dir, broker) = test_broker().await;
    let c = v5_with(
        "auth",
        PropertyValues {
            authentication_method: Some("SCRAM-SHA-1".into()),
            ..PropertyValues::default()
        },
    );
    assert_eq!(refused(&broker, c), ReasonCode::BAD_AUTHENTICATION_METHOD);
}

/// A will the broker could not publish is refused at CONNECT: a bad topic (0x90), a QoS above
/// the maximum (0x9B) [MQTT-3.2.2-12].
#[tokio::test]
async fn a_will_the_broker_cannot_publish_is_refused() {
    let (_dir, broker) =
        test_broker_with(settings(|s| s.max_qos = crate::core::QoS::AtLeastOnce)).await;
    let will = |topic: &str, qos| LastWill {
        topic: topic.into(),
        payload: Bytes::from_static(b"gone"),
        qos,
        retain: false,
        properties: Properties::default(),
    };
    let mut c = v5("w1");
    c.will = Some(will("a/+", QoS::AtMostOnce));
    assert_eq!(refused(&broker, c), ReasonCode::TOPIC_NAME_INVALID);
    let mut c = v5("w2");
    c.will = Some(will("a/b", QoS::ExactlyOnce));
    assert_eq!(refused(&broker, c), ReasonCode::QOS_NOT_SUPPORTED);
}

/// Request Response Information gets a Response Information the client may build on.
#[tokio::test]
async fn request_response_information_is_answered() {
    let (_dir, broker) = test_broker().await;
    let c = v5_with(
        "rr",
        PropertyValues {
            request_response_information: Some(1),
            ..PropertyValues::default()
        },
    );
    let (ack, _) = connected(&broker, c);
    assert_eq!(
        ack.properties.response_information.as_deref(),
        Some("$response/rr")
    );
}

/// Without anonymous access a client must name a stored user (0x87), and give its password
/// (0x86).
#[tokio::test]
async fn without_anonymous_access_only_stored_users_with_their_password_get_in() {
    let (_dir, broker) = test_broker_with(settings(|s| s.allow_anonymous = false)).await;
    assert_eq!(refused(&broker, v5("anon")), ReasonCode::NOT_AUTHORIZED);
    broker.security.put_user(robustmq_meta_client::UserRecord {
        username: "plant".into(),
        password_hash: robustmq_common::password::hash(b"secret").expect("hash"),
        superuser: false,
        created_ms: 0,
        scram: None,
    });
    let with = |password: &'static [u8]| {
        let mut c = v5("plant-1");
        c.username = Some("plant".into());
        c.password = Some(Bytes::from_static(password));
        c
    };
    assert_eq!(
        refused(&broker, with(b"wrong")),
        ReasonCode::BAD_USER_NAME_OR_PASSWORD
    );
    let (_, client) = connected(&broker, with(b"secret"));
    assert_eq!(&*client.state.session().client_id, "plant-1");
}

/// With `mqtt.cert_cn_as_username`, a verified client certificate's common name is the
/// client's username and authenticates it, whatever its CONNECT says; without the setting, or
/// without a certificate, the CONNECT's credentials are all there is.
#[tokio::test]
async fn a_verified_certificate_cn_is_the_username_when_configured() {
    let (_dir, broker) = test_broker_with(settings(|s| {
        s.allow_anonymous = false;
        s.cert_cn_as_username = true;
    }))
    .await;
    let mut c = v5("dev-7");
    c.username = Some("someone-else".into());
    c.password = Some(Bytes::from_static(b"whatever"));
    let opening = open(
        &broker,
        c.clone(),
        PEER.parse().expect("addr"),
        Some("device-7"),
    );
    let (packets, client) = answer(&broker, Protocol::V5, opening);
    assert!(
        matches!(packets.first(), Some(Packet::ConnAck(ack)) if ack.code == ReasonCode::SUCCESS),
        "{packets:?}"
    );
    let identity = client.expect("admitted").state.session().identity();
    assert_eq!(identity.username.as_deref(), Some("device-7"));
    assert_eq!(
        identity.acl_username(),
        Some("device-7"),
        "verified by the certificate"
    );
    // Without a certificate, the same CONNECT's credentials are checked, and fail.
    assert_eq!(
        refused(&broker, c.clone()),
        ReasonCode::BAD_USER_NAME_OR_PASSWORD
    );
    // Without the setting, the certificate's name means nothing.
    let (_dir2, plain) = test_broker_with(settings(|s| s.allow_anonymous = false)).await;
    let opening = open(&plain, c, PEER.parse().expect("addr"), Some("device-7"));
    let (packets, client) = answer(&plain, Protocol::V5, opening);
    assert!(client.is_none(), "{packets:?}");
}

// ---- SCRAM-SHA-256 (enhanced authentication, MQTT 5.0 section 4.12) ------------------------

/// A CONNECT that starts a SCRAM-SHA-256 login as `username` with client nonce `nonce`.
fn scram_connect(client_id: &str, username: &str, nonce: &str) -> Connect {
    v5_with(
        client_id,
        PropertyValues {
            authentication_method: Some(robustmq_common::scram::METHOD.into()),
            authentication_data: Some(Bytes::from(robustmq_common::scram::client_first(
                username, nonce,
            ))),
            ..PropertyValues::default()
        },
    )
}

/// Runs a SCRAM-SHA-256 login as the driver would: CONNECT, the server's AUTH 0x18, the
/// client's AUTH with its proof for `password`, and what the server answers to that.
fn scram_login(
    broker: &Arc<Broker>,
    client_id: &str,
    username: &str,
    password: &[u8],
) -> (Vec<Packet>, Option<Client>) {
    let nonce = "fyko+d2lbbFgONRv9qkxdawL";
    let opening = open(
        broker,
        scram_connect(client_id, username, nonce),
        PEER.parse().expect("addr"),
        None,
    );
    let (handshake, challenge) = match opening {
        Opening::Challenge(handshake, challenge) => (handshake, challenge),
        other => return answer(broker, Protocol::V5, other),
    };
    assert_eq!(challenge.reason, ReasonCode::CONTINUE_AUTHENTICATION);
    let server_first = challenge
        .properties
        .authentication_data
        .clone()
        .expect("server-first message");
    let (client_final, server_final) =
        robustmq_common::scram::client_final(username, password, nonce, &server_first)
            .expect("client final");
    let reply = robustmq_mqtt_codec::Auth {
        reason: ReasonCode::CONTINUE_AUTHENTICATION,
        properties: props(PropertyValues {
            authentication_method: Some(robustmq_common::scram::METHOD.into()),
            authentication_data: Some(Bytes::from(client_final)),
            ..PropertyValues::default()
        }),
    };
    match handshake.on_auth(broker, reply) {
        Ok(handshake) => {
            let (packets, client) = answer(broker, Protocol::V5, Opening::Pending(handshake));
            if let Some(Packet::ConnAck(ack)) = packets.first()
                && !ack.code.is_error()
            {
                assert_eq!(
                    ack.properties.authentication_data.as_deref(),
                    Some(&server_final[..]),
                    "the server proves it knew the password too"
                );
            }
            (packets, client)
        }
        Err(ack) => {
            let mut out = BytesMut::new();
            Packet::ConnAck(ack)
                .write(Protocol::V5, &mut out)
                .expect("encode");
            (decode(&mut out, Protocol::V5), None)
        }
    }
}

/// SCRAM-SHA-256 logs in a stored user with its password, never sent; a wrong password, an
/// unknown user (after a decoy challenge) and another method are refused with 0x86, 0x86 and
/// 0x8C; with `mqtt.enable_scram` off the method itself gets 0x8C.
#[tokio::test]
async fn scram_sha_256_logs_in_with_the_password_and_refuses_a_wrong_one() {
    let (_dir, off) = test_broker_with(settings(|s| s.allow_anonymous = false)).await;
    assert_eq!(
        refused(&off, scram_connect("s-0", "ann", "nonce")),
        ReasonCode::BAD_AUTHENTICATION_METHOD,
        "mqtt.enable_scram is off by default"
    );
    let (_dir, broker) = test_broker_with(settings(|s| {
        s.allow_anonymous = false;
        s.enable_scram = true;
    }))
    .await;
    broker.security.put_user(robustmq_meta_client::UserRecord {
        username: "ann".into(),
        password_hash: robustmq_common::password::hash(b"pencil").expect("hash"),
        superuser: false,
        created_ms: 0,
        scram: Some(
            robustmq_common::scram::Credential::derive(b"pencil")
                .expect("derive")
                .encode(),
        ),
    });
    let (packets, client) = scram_login(&broker, "s-1", "ann", b"pencil");
    let Some(Packet::ConnAck(ack)) = packets.first() else {
        panic!("no CONNACK: {packets:?}");
    };
    assert_eq!(ack.code, ReasonCode::SUCCESS);
    assert_eq!(
        ack.properties.authentication_method.as_deref(),
        Some(robustmq_common::scram::METHOD)
    );
    let client = client.expect("connected");
    assert_eq!(
        client.state.session().identity().acl_username(),
        Some("ann"),
        "a verified username"
    );
    let code = |packets: Vec<Packet>| match packets.first() {
        Some(Packet::ConnAck(ack)) => ack.code,
        other => panic!("expected CONNACK, got {other:?}"),
    };
    let (packets, client) = scram_login(&broker, "s-2", "ann", b"pen");
    assert!(client.is_none());
    assert_eq!(code(packets), ReasonCode::BAD_USER_NAME_OR_PASSWORD);
    let (packets, _) = scram_login(&broker, "s-3", "bob", b"pencil");
    assert_eq!(code(packets), ReasonCode::BAD_USER_NAME_OR_PASSWORD);
    let other = v5_with(
        "s-4",
        PropertyValues {
            authentication_method: Some("SCRAM-SHA-1".into()),
            authentication_data: Some(Bytes::from_static(b"n,,n=ann,r=x")),
            ..PropertyValues::default()
        },
    );
    assert_eq!(
        refused(&broker, other),
        ReasonCode::BAD_AUTHENTICATION_METHOD
    );
}

// ---- Session Present and takeover ----------------------------------------------------------

/// [MQTT-3.2.2-2], [MQTT-3.2.2-3]: Session Present is 1 only when a session is resumed.
#[tokio::test]
async fn session_present_says_whether_a_session_was_resumed() {
    let (_dir, broker) = test_broker().await;
    let (first, mut client) = connected(&broker, persistent("sp"));
    assert!(!first.session_present);
    client
        .send(Packet::Disconnect(Disconnect::default()))
        .await
        .expect("disconnect");
    broker.detach(client.state.session(), client.state.conn_id(), None);
    let (again, _) = connected(&broker, persistent("sp"));
    assert!(again.session_present);
    let (clean, _) = connected(&broker, v5("sp"));
    assert!(!clean.session_present, "Clean Start ends it");
}

/// [MQTT-3.1.3-9]: a session resumed before its delayed will is due cancels the will, and the
/// wait holds nothing after that: a client that connects and disconnects in a loop leaves one
/// pending will at most, not a timer per disconnect.
#[tokio::test]
async fn a_connect_disconnect_loop_leaves_at_most_one_pending_will() {
    // Flapping detection would ban this client long before the loop ends.
    let (_dir, broker) = test_broker_with(settings(|s| s.flapping.max_connects = 0)).await;
    for _ in 0..100 {
        let (_, client) = connected(&broker, persistent("flapper"));
        assert!(broker.wills.is_empty(), "the resume cancelled the will");
        let will = crate::core::Will {
            message: crate::core::Message::new("wills/flapper", Bytes::from_static(b"gone")),
            delay: 60,
        };
        broker.detach(client.state.session(), client.state.conn_id(), Some(will));
        assert_eq!(broker.wills.len(), 1);
    }
}

/// A persistent SUBSCRIBE is answered before its session record is written: the driver queues
/// the record (`persist_later`), many changes to one session make one queue entry, and the
/// node's write-behind task brings the record to meta.
#[tokio::test]
async fn a_persistent_subscribe_is_answered_first_and_written_behind() {
    let (_dir, broker) = test_broker().await;
    let (_, mut client) = connected(&broker, persistent("behind"));
    for (pkid, filter) in [(1, "behind/a"), (2, "behind/b"), (3, "behind/c")] {
        let packet = Packet::Subscribe(Subscribe {
            pkid,
            filters: vec![Subscription {
                filter: filter.into(),
                options: SubscriptionOptions::default(),
            }],
            properties: Properties::default(),
        });
        let step = client
            .state
            .on_packet(packet, &mut client.out)
            .expect("subscribe");
        assert!(matches!(step, Step::Persist));
        assert!(
            matches!(
                decode(&mut client.out, Protocol::V5).as_slice(),
                [Packet::SubAck(_)]
            ),
            "the SUBACK"
        );
        // What the driver (`mqtt::task`) does with `Step::Persist`.
        broker.persist_later(client.state.session());
        assert_eq!(broker.persist_queue.len(), 1, "one entry per session");
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let records = robustmq_meta_client::MetaClient::session_list(&*broker.meta)
            .await
            .expect("meta");
        let written = records
            .iter()
            .find(|(id, _)| id == "behind")
            .is_some_and(|(_, value)| {
                let record: crate::core::persist::SessionRecord =
                    serde_json::from_slice(value).expect("record");
                record.subscriptions.len() == 3
            });
        if written {
            break;
        }
        assert!(Instant::now() < deadline, "the record never reached meta");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(broker.persist_queue.is_empty());
}

/// [MQTT-3.1.4-3]: a second connection with the same client id takes the session over, and the
/// first is told 0x8E.
#[tokio::test]
async fn a_takeover_tells_the_old_connection_why() {
    let (_dir, broker) = test_broker().await;
    let (_, mut old) = connected(&broker, v5("twin"));
    let (_, new) = connected(&broker, v5("twin"));
    let control = old.control.try_recv().expect("told");
    assert_eq!(control, Control::Disconnect(DisconnectReason::TakenOver));
    let exit = old.state.on_control(Some(control), &mut old.out);
    assert_eq!(exit, Exit::WithWill);
    match decode(&mut old.out, Protocol::V5).as_slice() {
        [Packet::Disconnect(d)] => assert_eq!(d.reason, ReasonCode::SESSION_TAKEN_OVER),
        other => panic!("expected DISCONNECT 0x8E, got {other:?}"),
    }
    assert!(
        !broker.detach(old.state.session(), old.state.conn_id(), None),
        "the old connection's close leaves the new owner's session alone"
    );
    assert!(new.state.session().lock().owned_by(new.state.conn_id()));
}

/// A resumed session resends what was in flight: PUBLISH with DUP, and PUBREL for what the
/// client had received [MQTT-4.4.0-1].
#[tokio::test]
async fn a_resumed_session_resends_what_was_in_flight() {
    let (_dir, broker) = test_broker().await;
    let (_, mut sub) = connected(&broker, persistent("re"));
    sub.subscribe("re/#", QoS::ExactlyOnce).await;
    let (_, mut publisher) = connected(&broker, v5("pub"));
    publisher
        .send(publish("re/1", QoS::AtLeastOnce, 1, b"one"))
        .await
        .expect("publish");
    publisher
        .send(publish("re/2", QoS::ExactlyOnce, 2, b"two"))
        .await
        .expect("publish");
    let sent = sub.deliveries();
    let ids: Vec<u16> = publishes(&sent).iter().map(|p| p.pkid).collect();
    assert_eq!(ids.len(), 2);
    // The client received the second (PUBREC) but the connection dies before PUBCOMP.
    sub.send(Packet::PubRec(Ack::new(ids[1])))
        .await
        .expect("pubrec");
    broker.detach(sub.state.session(), sub.state.conn_id(), None);
    let (packets, _) = connect(&broker, persistent("re"));
    match packets.as_slice() {
        [
            Packet::ConnAck(ack),
            Packet::Publish(p),
            Packet::PubRel(rel),
        ] => {
            assert!(ack.session_present);
            assert!(p.dup, "resent with DUP");
            assert_eq!((p.pkid, &p.payload[..]), (ids[0], &b"one"[..]));
            assert_eq!(rel.pkid, ids[1]);
        }
        other => panic!("expected CONNACK, PUBLISH and PUBREL, got {other:?}"),
    }
}

// ---- Inbound QoS flows ---------------------------------------------------------------------

/// A QoS 1 PUBLISH is acknowledged with PUBACK carrying its packet id [MQTT-4.3.2-2].
#[tokio::test]
async fn a_qos1_publish_is_acknowledged_with_its_packet_id() {
    let (_dir, broker) = test_broker().await;
    let (_, mut c) = connected(&broker, v5("q1"));
    let answers = c
        .send(publish("t", QoS::AtLeastOnce, 7, b"x"))
        .await
        .expect("publish");
    match answers.as_slice() {
        [Packet::PubAck(ack)] => assert_eq!((ack.pkid, ack.reason), (7, ReasonCode::SUCCESS)),
        other => panic!("expected PUBACK, got {other:?}"),
    }
}

/// A QoS 2 PUBLISH: PUBREC, then PUBREL is answered with PUBCOMP; the message goes to
/// subscribers once, even when the PUBLISH is sent again before PUBREL (MQTT 5.0 section
/// 4.3.3).
#[tokio::test]
async fn a_qos2_publish_is_delivered_once_through_pubrec_pubrel_pubcomp() {
    let (_dir, broker) = test_broker().await;
    let (_, mut sub) = connected(&broker, v5("q2-sub"));
    sub.subscribe("q2", QoS::ExactlyOnce).await;
    let (_, mut c) = connected(&broker, v5("q2"));
    let first = c
        .send(publish("q2", QoS::ExactlyOnce, 3, b"x"))
        .await
        .expect("publish");
    assert!(matches!(first.as_slice(), [Packet::PubRec(a)] if a.pkid == 3));
    let again = c
        .send(publish("q2", QoS::ExactlyOnce, 3, b"x"))
        .await
        .expect("resend");
    assert!(matches!(again.as_slice(), [Packet::PubRec(a)] if a.pkid == 3));
    assert_eq!(publishes(&sub.deliveries()).len(), 1, "delivered once");
    let done = c.send(Packet::PubRel(Ack::new(3))).await.expect("pubrel");
    assert!(
        matches!(done.as_slice(), [Packet::PubComp(a)] if a.pkid == 3 && a.reason == ReasonCode::SUCCESS)
    );
    let unknown = c
        .send(Packet::PubRel(Ack::new(3)))
        .await
        .expect("pubrel again");
    assert!(
        matches!(unknown.as_slice(), [Packet::PubComp(a)] if a.reason == ReasonCode::PACKET_IDENTIFIER_NOT_FOUND),
        "a PUBREL for an id not awaited: 0x92"
    );
}

/// [MQTT-3.3.4-7]: more QoS 2 publishes awaiting PUBREL than the broker's Receive Maximum is a
/// protocol error, 0x93.
#[tokio::test]
async fn more_qos2_publishes_than_receive_maximum_end_the_connection_with_0x93() {
    let (_dir, broker) = test_broker_with(settings(|s| s.max_inflight = 2)).await;
    let (_, mut c) = connected(&broker, v5("flood"));
    for pkid in 1..=2 {
        c.send(publish("t", QoS::ExactlyOnce, pkid, b"x"))
            .await
            .expect("within the window");
    }
    c.fails_with(
        publish("t", QoS::ExactlyOnce, 3, b"x"),
        ReasonCode::RECEIVE_MAXIMUM_EXCEEDED,
    )
    .await;
}

/// [MQTT-3.2.2-11]: a PUBLISH above the Maximum QoS the broker granted is an error, 0x9B.
#[tokio::test]
async fn a_publish_above_maximum_qos_ends_the_connection_with_0x9b() {
    let (_dir, broker) =
        test_broker_with(settings(|s| s.max_qos = crate::core::QoS::AtLeastOnce)).await;
    let (_, mut c) = connected(&broker, v5("too-high"));
    c.fails_with(
        publish("t", QoS::ExactlyOnce, 1, b"x"),
        ReasonCode::QOS_NOT_SUPPORTED,
    )
    .await;
}

/// [MQTT-3.3.4-6]: a client PUBLISH must not carry a Subscription Identifier.
#[tokio::test]
async fn a_client_publish_with_a_subscription_identifier_is_a_protocol_error() {
    let (_dir, broker) = test_broker().await;
    let (_, mut c) = connected(&broker, v5("subid"));
    let packet = Packet::Publish(Publish {
        topic: "t".into(),
        properties: props(PropertyValues {
            subscription_identifiers: vec![1],
            ..PropertyValues::default()
        }),
        ..Publish::default()
    });
    c.fails_with(packet, ReasonCode::PROTOCOL_ERROR).await;
}

/// A publish the ACL denies gets 0x87 at 5.0; 3.1.1 cannot refuse, so it is acknowledged and
/// dropped, as Mosquitto does. Neither is stored.
#[tokio::test]
async fn a_denied_publish_is_refused_at_5_0_and_dropped_silently_at_3_1_1() {
    let (_dir, broker) = test_broker_with(settings(|s| s.acl_deny = vec!["secret/#".into()])).await;
    let (_, mut new) = connected(&broker, v5("new"));
    let answers = new
        .send(publish("secret/x", QoS::AtLeastOnce, 1, b"x"))
        .await
        .expect("publish");
    assert!(
        matches!(answers.as_slice(), [Packet::PubAck(a)] if a.reason == ReasonCode::NOT_AUTHORIZED)
    );
    let (_, mut old) = connected(&broker, connect_packet(Protocol::V311, "old", true));
    let answers = old
        .send(publish("secret/x", QoS::AtLeastOnce, 1, b"x"))
        .await
        .expect("publish");
    assert!(
        matches!(answers.as_slice(), [Packet::PubAck(a)] if a.pkid == 1 && a.reason == ReasonCode::SUCCESS)
    );
    old.send(publish("public/x", QoS::AtLeastOnce, 2, b"x"))
        .await
        .expect("publish");
    let stored: Vec<String> = broker
        .topic_traffic()
        .into_iter()
        .map(|(t, _)| t.topic)
        .collect();
    assert_eq!(stored, ["public/x"], "the denied publishes were not stored");
}

// ---- Limits and reserved topics -----------------------------------------------------------

fn subscribe_many(filters: &[&str]) -> Packet {
    Packet::Subscribe(Subscribe {
        pkid: 9,
        filters: filters
            .iter()
            .map(|f| Subscription {
                filter: (*f).to_owned(),
                options: SubscriptionOptions::default(),
            })
            .collect(),
        properties: Properties::default(),
    })
}

fn suback_codes(packets: &[Packet]) -> Vec<ReasonCode> {
    match packets {
        [Packet::SubAck(ack)] => ack.codes.clone(),
        other => panic!("expected SUBACK, got {other:?}"),
    }
}

/// A topic over `mqtt.max_topic_levels` or `mqtt.max_topic_length` is an invalid topic name in
/// a PUBLISH (DISCONNECT 0x90) or a will (CONNACK 0x90), and an invalid filter in a SUBSCRIBE
/// (0x8F), where a shared filter's levels are counted without `$share/{group}/`.
#[tokio::test]
async fn a_topic_over_the_level_or_length_limit_is_an_invalid_topic_name() {
    let (_dir, broker) = test_broker_with(settings(|s| {
        s.max_topic_levels = 4;
        s.max_topic_length = 32;
    }))
    .await;
    let (_, mut c) = connected(&broker, v5("levels"));
    let codes = suback_codes(
        &c.send(subscribe_many(&[
            "a/b/c/d",
            "a/b/c/d/e",
            "$share/g/a/b/c/d",
            &"x".repeat(33),
        ]))
        .await
        .expect("subscribe"),
    );
    assert_eq!(
        codes,
        [
            ReasonCode::GRANTED_QOS_0,
            ReasonCode::TOPIC_FILTER_INVALID,
            ReasonCode::GRANTED_QOS_0,
            ReasonCode::TOPIC_FILTER_INVALID,
        ]
    );
    c.send(publish("a/b/c/d", QoS::AtLeastOnce, 1, b"x"))
        .await
        .expect("four levels");
    c.fails_with(
        publish("a/b/c/d/e", QoS::AtLeastOnce, 2, b"x"),
        ReasonCode::TOPIC_NAME_INVALID,
    )
    .await;
    let (_, mut long) = connected(&broker, v5("long"));
    long.fails_with(
        publish(&"y".repeat(33), QoS::AtMostOnce, 0, b"x"),
        ReasonCode::TOPIC_NAME_INVALID,
    )
    .await;
    let mut will = v5("will");
    will.will = Some(LastWill {
        topic: "w/w/w/w/w".into(),
        payload: Bytes::from_static(b"gone"),
        qos: QoS::AtMostOnce,
        retain: false,
        properties: Properties::default(),
    });
    assert_eq!(refused(&broker, will), ReasonCode::TOPIC_NAME_INVALID);
}

/// A session holds at most `mqtt.max_subscriptions_per_client` subscriptions: a new filter
/// beyond them gets 0x97 (0x80 at 3.1.1); replacing one, or subscribing after an
/// unsubscribe, is allowed.
#[tokio::test]
async fn subscriptions_beyond_the_quota_get_quota_exceeded() {
    let (_dir, broker) = test_broker_with(settings(|s| s.max_subscriptions_per_client = 2)).await;
    let (_, mut c) = connected(&broker, v5("quota"));
    let codes = suback_codes(
        &c.send(subscribe_many(&["a", "b", "c", "a"]))
            .await
            .expect("subscribe"),
    );
    assert_eq!(
        codes,
        [
            ReasonCode::GRANTED_QOS_0,
            ReasonCode::GRANTED_QOS_0,
            ReasonCode::QUOTA_EXCEEDED,
            ReasonCode::GRANTED_QOS_0,
        ]
    );
    c.send(Packet::Unsubscribe(Unsubscribe {
        pkid: 3,
        filters: vec!["b".into()],
        properties: Properties::default(),
    }))
    .await
    .expect("unsubscribe");
    let codes = suback_codes(&c.send(subscribe_many(&["c"])).await.expect("subscribe"));
    assert_eq!(codes, [ReasonCode::GRANTED_QOS_0]);

    let (_, mut old) = connected(&broker, connect_packet(Protocol::V311, "quota-3", true));
    old.send(subscribe_many(&["a", "b"]))
        .await
        .expect("subscribe");
    let mut out = BytesMut::new();
    let answers = old.send(subscribe_many(&["c"])).await.expect("subscribe");
    let Packet::SubAck(ack) = &answers[0] else {
        panic!("expected SUBACK, got {answers:?}");
    };
    Packet::SubAck(ack.clone())
        .write(Protocol::V311, &mut out)
        .expect("encode");
    assert_eq!(out.last(), Some(&0x80), "3.1.1 says Failure");
}

/// `$` topics belong to the broker: a client's PUBLISH there is refused like an ACL deny
/// (0x87 at 5.0, dropped at 3.1.1) and so is such a will, while the Response Information the
/// broker hands out stays publishable.
#[tokio::test]
async fn clients_do_not_publish_to_dollar_topics_except_their_response_topic() {
    let (_dir, broker) = test_broker().await;
    let (_, mut watcher) = connected(&broker, v5("watcher"));
    watcher.subscribe("$SYS/#", QoS::AtLeastOnce).await;
    watcher.subscribe("$response/#", QoS::AtLeastOnce).await;
    let (_, mut c) = connected(&broker, v5("forger"));
    let answers = c
        .send(publish("$SYS/brokers/1/version", QoS::AtLeastOnce, 1, b"x"))
        .await
        .expect("publish");
    assert!(
        matches!(answers.as_slice(), [Packet::PubAck(a)] if a.reason == ReasonCode::NOT_AUTHORIZED),
        "{answers:?}"
    );
    let answers = c
        .send(publish("$response/rr/1", QoS::AtLeastOnce, 2, b"r"))
        .await
        .expect("publish");
    assert!(
        matches!(answers.as_slice(), [Packet::PubAck(a)] if a.reason == ReasonCode::SUCCESS),
        "{answers:?}"
    );
    let (_, mut old) = connected(&broker, connect_packet(Protocol::V311, "forger-3", true));
    old.send(publish("$SYS/x", QoS::AtLeastOnce, 1, b"x"))
        .await
        .expect("acknowledged and dropped");
    let delivered: Vec<String> = publishes(&watcher.deliveries())
        .iter()
        .map(|p| p.topic.clone())
        .collect();
    assert_eq!(delivered, ["$response/rr/1"]);
    let mut will = v5("will");
    will.will = Some(LastWill {
        topic: "$SYS/will".into(),
        payload: Bytes::from_static(b"gone"),
        qos: QoS::AtMostOnce,
        retain: false,
        properties: Properties::default(),
    });
    assert_eq!(refused(&broker, will), ReasonCode::NOT_AUTHORIZED);
}

// ---- Outbound QoS flows and Receive Maximum ------------------------------------------------

/// A QoS 1 delivery stays in flight until PUBACK; PUBACK frees it.
#[tokio::test]
async fn a_qos1_delivery_is_in_flight_until_puback() {
    let (_dir, broker) = test_broker().await;
    let (mut sub, mut p) = pair(&broker, v5("out1"), "o", QoS::AtLeastOnce).await;
    p.send(publish("o", QoS::AtLeastOnce, 1, b"x"))
        .await
        .expect("publish");
    let sent = sub.deliveries();
    let delivered = publishes(&sent);
    assert_eq!(delivered.len(), 1);
    assert_eq!(delivered[0].qos, QoS::AtLeastOnce);
    assert_eq!(sub.state.session().lock().inflight_len(), 1);
    sub.send(Packet::PubAck(Ack::new(delivered[0].pkid)))
        .await
        .expect("puback");
    assert_eq!(sub.state.session().lock().inflight_len(), 0);
}

/// A QoS 2 delivery: PUBREC is answered with PUBREL, PUBCOMP completes it (MQTT 5.0 section
/// 4.3.3); a PUBREC for an unknown id gets PUBREL 0x92.
#[tokio::test]
async fn a_qos2_delivery_completes_through_pubrec_pubrel_pubcomp() {
    let (_dir, broker) = test_broker().await;
    let (mut sub, mut p) = pair(&broker, v5("out2"), "o", QoS::ExactlyOnce).await;
    p.send(publish("o", QoS::ExactlyOnce, 1, b"x"))
        .await
        .expect("publish");
    let sent = sub.deliveries();
    let pkid = publishes(&sent)[0].pkid;
    let rel = sub
        .send(Packet::PubRec(Ack::new(pkid)))
        .await
        .expect("pubrec");
    assert!(
        matches!(rel.as_slice(), [Packet::PubRel(a)] if a.pkid == pkid && a.reason == ReasonCode::SUCCESS)
    );
    sub.send(Packet::PubComp(Ack::new(pkid)))
        .await
        .expect("pubcomp");
    assert_eq!(sub.state.session().lock().inflight_len(), 0);
    let unknown = sub
        .send(Packet::PubRec(Ack::new(999)))
        .await
        .expect("pubrec");
    assert!(
        matches!(unknown.as_slice(), [Packet::PubRel(a)] if a.reason == ReasonCode::PACKET_IDENTIFIER_NOT_FOUND)
    );
}

/// A PUBREC with an error code ends the delivery: no PUBREL follows (MQTT 5.0 section
/// 4.3.3).
#[tokio::test]
async fn a_refused_qos2_delivery_ends_without_pubrel() {
    let (_dir, broker) = test_broker().await;
    let (mut sub, mut p) = pair(&broker, v5("refuser"), "o", QoS::ExactlyOnce).await;
    p.send(publish("o", QoS::ExactlyOnce, 1, b"x"))
        .await
        .expect("publish");
    let sent = sub.deliveries();
    let pkid = publishes(&sent)[0].pkid;
    let mut rec = Ack::new(pkid);
    rec.reason = ReasonCode::UNSPECIFIED_ERROR;
    let answers = sub.send(Packet::PubRec(rec)).await.expect("pubrec");
    assert!(answers.is_empty(), "{answers:?}");
    assert_eq!(sub.state.session().lock().inflight_len(), 0);
}

/// [MQTT-4.9.0-2]: no more QoS 1 and 2 deliveries in flight than the client's Receive
/// Maximum; each acknowledgement lets the next one out. QoS 0 is not counted.
#[tokio::test]
async fn the_clients_receive_maximum_bounds_what_is_in_flight() {
    let (_dir, broker) = test_broker().await;
    let c = v5_with(
        "window",
        PropertyValues {
            receive_maximum: Some(2),
            ..PropertyValues::default()
        },
    );
    let (mut sub, mut p) = pair(&broker, c, "w/#", QoS::AtLeastOnce).await;
    for (i, payload) in [&b"1"[..], b"2", b"3"].iter().enumerate() {
        let packet = Packet::Publish(Publish {
            qos: QoS::AtLeastOnce,
            topic: "w/1".into(),
            pkid: i as u16 + 1,
            payload: Bytes::copy_from_slice(payload),
            ..Publish::default()
        });
        p.send(packet).await.expect("publish");
    }
    let first = sub.deliveries();
    let sent = publishes(&first);
    assert_eq!(sent.len(), 2, "the window is 2");
    assert!(
        sub.deliveries().is_empty(),
        "nothing more until an acknowledgement"
    );
    p.send(publish("w/0", QoS::AtMostOnce, 0, b"q0"))
        .await
        .expect("publish");
    let q0 = sub.deliveries();
    assert_eq!(
        publishes(&q0).len(),
        0,
        "the queue is in order: the QoS 1 at its head waits"
    );
    let pkid = sent[0].pkid;
    let next = sub
        .send(Packet::PubAck(Ack::new(pkid)))
        .await
        .expect("puback");
    let next = publishes(&next);
    assert_eq!(next.len(), 2, "the third message, then the QoS 0 behind it");
    assert_eq!(&next[0].payload[..], b"3");
    assert_eq!(next[1].qos, QoS::AtMostOnce);
}

// ---- Topic aliases -------------------------------------------------------------------------

/// MQTT 5.0 section 3.3.2.3.4: an alias the client set up stands for its topic afterwards.
#[tokio::test]
async fn an_inbound_topic_alias_stands_for_its_topic() {
    let (_dir, broker) = test_broker().await;
    let (_, mut sub) = connected(&broker, v5("alias-sub"));
    sub.subscribe("long/topic/name", QoS::AtMostOnce).await;
    let (_, mut p) = connected(&broker, v5("alias-pub"));
    let with_alias = |topic: &str, payload: &'static [u8]| {
        Packet::Publish(Publish {
            topic: topic.into(),
            payload: Bytes::from_static(payload),
            properties: props(PropertyValues {
                topic_alias: Some(1),
                ..PropertyValues::default()
            }),
            ..Publish::default()
        })
    };
    p.send(with_alias("long/topic/name", b"1"))
        .await
        .expect("set up");
    p.send(with_alias("", b"2")).await.expect("by alias");
    let got = sub.deliveries();
    let topics: Vec<&str> = publishes(&got).iter().map(|p| p.topic.as_str()).collect();
    assert_eq!(topics, ["long/topic/name", "long/topic/name"]);
}

/// An alias nobody set up is a protocol error; one above the Topic Alias Maximum is 0x94
/// [MQTT-3.3.2-9].
#[tokio::test]
async fn an_unknown_or_too_high_topic_alias_ends_the_connection() {
    let (_dir, broker) = test_broker().await;
    let by_alias = |topic: &str, alias| {
        Packet::Publish(Publish {
            topic: topic.into(),
            properties: props(PropertyValues {
                topic_alias: Some(alias),
                ..PropertyValues::default()
            }),
            ..Publish::default()
        })
    };
    let (_, mut c) = connected(&broker, v5("a1"));
    c.fails_with(by_alias("", 5), ReasonCode::PROTOCOL_ERROR)
        .await;
    let (_, mut c) = connected(&broker, v5("a2"));
    let above = broker.settings.topic_alias_maximum + 1;
    c.fails_with(by_alias("t", above), ReasonCode::TOPIC_ALIAS_INVALID)
        .await;
}

/// Outbound aliases: the first delivery of a topic carries it and sets up an alias, later ones
/// carry only the alias; never more aliases than the client's Topic Alias Maximum.
#[tokio::test]
async fn outbound_topic_aliases_stay_within_the_clients_maximum() {
    let (_dir, broker) = test_broker().await;
    let c = v5_with(
        "aliased",
        PropertyValues {
            topic_alias_maximum: Some(1),
            ..PropertyValues::default()
        },
    );
    let (mut sub, mut p) = pair(&broker, c, "a/#", QoS::AtMostOnce).await;
    for topic in ["a/1", "a/1", "a/2"] {
        p.send(publish(topic, QoS::AtMostOnce, 0, b"x"))
            .await
            .expect("publish");
    }
    let got = sub.deliveries();
    let seen: Vec<(&str, Option<u16>)> = publishes(&got)
        .iter()
        .map(|p| (p.topic.as_str(), p.properties.topic_alias))
        .collect();
    assert_eq!(seen, [("a/1", Some(1)), ("", Some(1)), ("a/2", None)]);
}

// ---- Other protocol rules ------------------------------------------------------------------

/// [MQTT-3.1.0-2]: a second CONNECT is a protocol error.
#[tokio::test]
async fn a_second_connect_is_a_protocol_error() {
    let (_dir, broker) = test_broker().await;
    let (_, mut c) = connected(&broker, v5("twice"));
    c.fails_with(
        Packet::Connect(Box::new(v5("twice"))),
        ReasonCode::PROTOCOL_ERROR,
    )
    .await;
}

/// [MQTT-3.14.2-2]: a session that connected with expiry 0 cannot raise it at DISCONNECT.
#[tokio::test]
async fn disconnect_may_not_raise_a_session_expiry_of_zero() {
    let (_dir, broker) = test_broker().await;
    let (_, mut c) = connected(&broker, v5("zero"));
    let d = Disconnect {
        properties: props(PropertyValues {
            session_expiry_interval: Some(60),
            ..PropertyValues::default()
        }),
        ..Disconnect::default()
    };
    c.fails_with(Packet::Disconnect(d), ReasonCode::PROTOCOL_ERROR)
        .await;
}

/// [MQTT-3.14.4-3]: a normal DISCONNECT discards the will; 0x04 asks for it.
#[tokio::test]
async fn disconnect_decides_the_will() {
    let (_dir, broker) = test_broker().await;
    let with_will = |id: &str| {
        let mut c = v5(id);
        c.will = Some(LastWill {
            topic: "wills".into(),
            payload: Bytes::from_static(b"gone"),
            qos: QoS::AtMostOnce,
            retain: false,
            properties: Properties::default(),
        });
        c
    };
    let (_, mut normal) = connected(&broker, with_will("n"));
    normal
        .send(Packet::Disconnect(Disconnect::default()))
        .await
        .expect("disconnect");
    let exit = normal.exit.expect("ended");
    assert_eq!(exit, Exit::WithoutWill);
    assert!(normal.state.take_will(exit).is_none());
    let (_, mut asking) = connected(&broker, with_will("w"));
    asking
        .send(Packet::Disconnect(Disconnect::new(
            ReasonCode::DISCONNECT_WITH_WILL_MESSAGE,
        )))
        .await
        .expect("disconnect");
    let exit = asking.exit.expect("ended");
    assert_eq!(exit, Exit::WithWill);
    let will = asking.state.take_will(exit).expect("the will");
    assert_eq!(will.message.topic, "wills");
}

/// [MQTT-3.8.3-4]: No Local on a shared subscription is a protocol error.
#[tokio::test]
async fn no_local_on_a_shared_subscription_is_a_protocol_error() {
    let (_dir, broker) = test_broker().await;
    let (_, mut c) = connected(&broker, v5("nl"));
    let packet = Packet::Subscribe(Subscribe {
        pkid: 1,
        filters: vec![Subscription {
            filter: "$share/g/t".into(),
            options: SubscriptionOptions {
                no_local: true,
                ..SubscriptionOptions::default()
            },
        }],
        properties: Properties::default(),
    });
    c.fails_with(packet, ReasonCode::PROTOCOL_ERROR).await;
}

/// SUBACK grants at most the broker's Maximum QoS, refuses a bad filter with 0x8F, and
/// UNSUBACK says whether a subscription existed (0x11).
#[tokio::test]
async fn suback_and_unsuback_report_each_filter() {
    let (_dir, broker) =
        test_broker_with(settings(|s| s.max_qos = crate::core::QoS::AtLeastOnce)).await;
    let (_, mut c) = connected(&broker, v5("subs"));
    let answers = c
        .send(Packet::Subscribe(Subscribe {
            pkid: 4,
            filters: vec![
                Subscription {
                    filter: "a/#".into(),
                    options: SubscriptionOptions {
                        qos: QoS::ExactlyOnce,
                        ..SubscriptionOptions::default()
                    },
                },
                Subscription {
                    filter: "a/#/b".into(),
                    options: SubscriptionOptions::default(),
                },
            ],
            properties: Properties::default(),
        }))
        .await
        .expect("subscribe");
    match answers.as_slice() {
        [Packet::SubAck(ack)] => {
            assert_eq!(ack.pkid, 4);
            assert_eq!(
                ack.codes,
                [ReasonCode::GRANTED_QOS_1, ReasonCode::TOPIC_FILTER_INVALID]
            );
        }
        other => panic!("expected SUBACK, got {other:?}"),
    }
    let answers = c
        .send(Packet::Unsubscribe(Unsubscribe {
            pkid: 5,
            filters: vec!["a/#".into(), "never".into()],
            properties: Properties::default(),
        }))
        .await
        .expect("unsubscribe");
    match answers.as_slice() {
        [Packet::UnsubAck(ack)] => {
            assert_eq!(
                ack.codes,
                [ReasonCode::SUCCESS, ReasonCode::NO_SUBSCRIPTION_EXISTED]
            );
        }
        other => panic!("expected UNSUBACK, got {other:?}"),
    }
}

/// [MQTT-3.3.1-9], [MQTT-3.8.4-4]: retained messages go to a new subscription per its Retain
/// Handling, flagged RETAIN; Retain Handling 2 sends none.
#[tokio::test]
async fn retained_messages_follow_retain_handling() {
    let (_dir, broker) = test_broker().await;
    let (_, mut p) = connected(&broker, v5("retainer"));
    let retained = Packet::Publish(Publish {
        retain: true,
        topic: "r/1".into(),
        payload: Bytes::from_static(b"kept"),
        ..Publish::default()
    });
    p.send(retained).await.expect("publish");
    let (_, mut sub) = connected(&broker, v5("r-sub"));
    let got = sub.subscribe("r/#", QoS::AtMostOnce).await;
    let got = publishes(&got);
    assert_eq!(got.len(), 1);
    assert!(got[0].retain);
    let (_, mut none) = connected(&broker, v5("r-none"));
    let options = SubscriptionOptions {
        retain_handling: RetainHandling::DoNotSend,
        ..SubscriptionOptions::default()
    };
    let got = none
        .subscribe_with("r/#", options, Properties::default())
        .await;
    assert!(publishes(&got).is_empty());
}

/// A delivery carries the message's own properties, the expiry left, and the subscription's
/// identifier [MQTT-3.3.2-6], [MQTT-3.3.4-3]; a 3.1.1 subscriber gets none of them.
#[tokio::test]
async fn a_delivery_carries_the_messages_properties_and_its_own() {
    let (_dir, broker) = test_broker().await;
    let (_, mut sub) = connected(&broker, v5("props-sub"));
    let id = props(PropertyValues {
        subscription_identifiers: vec![42],
        ..PropertyValues::default()
    });
    sub.subscribe_with("p", SubscriptionOptions::default(), id)
        .await;
    let (_, mut old) = connected(&broker, connect_packet(Protocol::V311, "props-old", true));
    old.subscribe("p", QoS::AtMostOnce).await;
    let (_, mut p) = connected(&broker, v5("p"));
    let packet = Packet::Publish(Publish {
        topic: "p".into(),
        payload: Bytes::from_static(b"x"),
        properties: props(PropertyValues {
            content_type: Some("text/plain".into()),
            user_properties: vec![("k".into(), "v".into())],
            message_expiry_interval: Some(100),
            ..PropertyValues::default()
        }),
        ..Publish::default()
    });
    p.send(packet).await.expect("publish");
    let got = sub.deliveries();
    let d = publishes(&got)[0];
    assert_eq!(d.properties.content_type.as_deref(), Some("text/plain"));
    assert_eq!(
        d.properties.user_properties,
        [("k".to_owned(), "v".to_owned())]
    );
    assert_eq!(d.properties.subscription_identifiers, [42]);
    assert!(matches!(
        d.properties.message_expiry_interval,
        Some(99 | 100)
    ));
    let got = old.deliveries();
    assert!(publishes(&got)[0].properties.is_empty());
}

/// [MQTT-3.3.2-5]: a message whose expiry passed while it was queued is not delivered.
#[tokio::test]
async fn an_expired_message_is_not_delivered() {
    let (_dir, broker) = test_broker().await;
    let (mut sub, mut p) = pair(&broker, v5("late"), "e", QoS::AtLeastOnce).await;
    let packet = Packet::Publish(Publish {
        qos: QoS::AtLeastOnce,
        topic: "e".into(),
        pkid: 1,
        properties: props(PropertyValues {
            message_expiry_interval: Some(1),
            ..PropertyValues::default()
        }),
        ..Publish::default()
    });
    p.send(packet).await.expect("publish");
    let later = Instant::now() + Duration::from_secs(2);
    assert!(publishes(&sub.deliveries_at(later)).is_empty());
    assert_eq!(
        broker.metrics.dropped.with_label_values(&["expired"]).get(),
        1
    );
}

/// [MQTT-3.1.2-25]: a message larger than the client's Maximum Packet Size is dropped, not
/// sent.
#[tokio::test]
async fn a_message_larger_than_the_clients_maximum_packet_size_is_dropped() {
    let (_dir, broker) = test_broker().await;
    let c = v5_with(
        "small",
        PropertyValues {
            maximum_packet_size: Some(64),
            ..PropertyValues::default()
        },
    );
    let (mut sub, mut p) = pair(&broker, c, "big", QoS::AtMostOnce).await;
    p.send(publish("big", QoS::AtMostOnce, 0, &[7; 100]))
        .await
        .expect("publish");
    p.send(publish("big", QoS::AtMostOnce, 0, b"fits"))
        .await
        .expect("publish");
    let got = sub.deliveries();
    let got = publishes(&got);
    assert_eq!(got.len(), 1);
    assert_eq!(&got[0].payload[..], b"fits");
}

/// A return from parking counts toward the park streak only once the connection does real
/// work: a PINGREQ alone (an idle client's keepalive) leaves it pending, a SUBSCRIBE counts it.
#[tokio::test]
async fn a_return_from_parking_counts_on_real_work_and_not_on_a_ping() {
    let (_dir, broker) = test_broker().await;
    let (_, mut c) = connected(&broker, v5("periodic"));
    let session = Arc::clone(c.state.session());
    session.note_unparked(c.state.conn_id(), true);
    let pong = c.send(Packet::PingReq).await.expect("ping");
    assert_eq!(pong, [Packet::PingResp]);
    assert_eq!(session.park_streak(), 0, "a ping is not real work");
    c.subscribe("t", QoS::AtMostOnce).await;
    assert_eq!(session.park_streak(), 1, "a subscribe is");
}

/// Shutdown tells a 5.0 client 0x8B and drops the will; 3.1.1 gets no DISCONNECT.
#[tokio::test]
async fn shutdown_says_so_at_5_0_and_drops_the_will() {
    let (_dir, broker) = test_broker().await;
    let (_, mut new) = connected(&broker, v5("s5"));
    assert_eq!(
        new.state.on_control(Some(Control::Shutdown), &mut new.out),
        Exit::WithoutWill
    );
    match decode(&mut new.out, Protocol::V5).as_slice() {
        [Packet::Disconnect(d)] => assert_eq!(d.reason, ReasonCode::SERVER_SHUTTING_DOWN),
        other => panic!("expected DISCONNECT 0x8B, got {other:?}"),
    }
    let (_, mut old) = connected(&broker, connect_packet(Protocol::V311, "s3", true));
    old.state.on_control(Some(Control::Shutdown), &mut old.out);
    assert!(old.out.is_empty(), "3.1.1 has no server DISCONNECT");
}
