//! The sans-IO MQTT state machine of one connection: CONNECT negotiation ([`Handshake`]), then
//! [`ProtocolState`], which takes packets and control messages and answers with packets
//! encoded into a write buffer and a [`Step`] for its driver. It owns no socket, spawns nothing
//! and never waits: what must wait (a durable append, a session record in meta, a password
//! check) it hands to the driver as a step, and the driver calls back with the outcome. The
//! driver (`mqtt::task`) reads, writes, parks and times out; unit tests drive this module with
//! no socket at all (`protocol_tests.rs`).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use bytes::{Bytes, BytesMut};
use robustmq_common::scram::{self, ServerFirst};
use robustmq_common::topic;
use robustmq_mqtt_codec::{
    Ack, Auth, ConnAck, Connect, Disconnect, Packet, Properties, PropertyValues, Protocol, Publish,
    PublishView, ReasonCode, SubAck, Subscribe, UnsubAck, Unsubscribe,
};

use crate::core::broker::Broker;
use crate::core::lifecycle::{SessionStart, Will};
use crate::core::message::{Delivery, Expiry, QoS, unix_ms};
use crate::core::publish::{PublishNow, SubscribeOutcome};
use crate::core::security::{Admission, Identity, RESPONSE_PREFIX, Refusal};
use crate::core::session::{Attachment, ClientInfo, Control, ControlHandle, Receipt, Session};
use crate::mqtt::convert::{self, wire_qos};
use crate::mqtt::error::{MqttError, Result, broker_reason, disconnect_reason};

/// Bytes of deliveries encoded before the buffer is written out.
pub const WRITE_BATCH: usize = 64 * 1024;
/// Receive Maximum of a 5.0 client that sends none: 65,535 (MQTT 5.0 section 3.1.2.11.3).
const DEFAULT_RECEIVE_MAXIMUM: u16 = u16::MAX;
/// Longest client id echoed in Response Information, so that the property stays far below the
/// 65,535-byte string limit.
const MAX_RESPONSE_CLIENT_ID: usize = 1024;
/// Payloads smaller than this are copied out of the read buffer (see [`ProtocolState::on_packet`]).
const COPY_PAYLOAD_BELOW: usize = 64 * 1024;

/// Encodes `packet` into `out`, leaving no half packet behind on error.
fn send(out: &mut BytesMut, packet: &Packet, protocol: Protocol) -> Result<()> {
    let mark = out.len();
    packet.write(protocol, out).map(|_| ()).map_err(|e| {
        out.truncate(mark);
        e.into()
    })
}

/// A CONNECT being answered: checked, its client id settled, its credentials weighed. What is
/// left may take time (a password hash to compare), so the driver does that and then
/// [`Handshake::finish`]es.
pub struct Handshake {
    connect: Connect,
    client_id: String,
    peer: SocketAddr,
    ack_props: Properties,
    admission: Admission,
    /// A SCRAM-SHA-256 exchange under way; boxed, as only such logins have one.
    scram: Option<Box<ServerFirst>>,
}

/// What a CONNECT opens to. Not boxed: the driver keeps it in its (boxed) CONNECT future, and
/// a second allocation per connection leaves holes that show in the RSS of idle connections
/// (measured: about 65 bytes per connection, bench/README.md).
#[allow(clippy::large_enum_variant)]
pub enum Opening {
    /// Refused at once: send this CONNACK, at this protocol level, and close.
    Refused(ConnAck, Protocol),
    /// Acceptable so far; see [`Handshake`].
    Pending(Handshake),
    /// MQTT 5 enhanced authentication (SCRAM-SHA-256) goes on: send this AUTH (0x18, the
    /// server-first message), read the client's AUTH and give it to [`Handshake::on_auth`].
    Challenge(Handshake, Auth),
}

/// A CONNACK that refuses with `code`.
fn refusal(code: ReasonCode) -> ConnAck {
    ConnAck {
        session_present: false,
        code,
        properties: Properties::default(),
    }
}

/// The CONNACK refusal for `connect`, or `None` to go on.
fn check_connect(broker: &Broker, connect: &Connect) -> Option<ReasonCode> {
    let settings = &broker.settings;
    let v5 = connect.protocol.is_v5();
    if let Some(method) = &connect.properties.authentication_method
        && (!v5
            || !settings.enable_scram
            || method != scram::METHOD
            || connect.properties.authentication_data.is_none())
    {
        // [MQTT-4.12.0-1]: a method the server does not support gets 0x8C.
        return Some(ReasonCode::BAD_AUTHENTICATION_METHOD);
    }
    if connect.client_id.is_empty()
        && (!v5 && !connect.clean_start || connect.protocol == Protocol::V31)
    {
        // [MQTT-3.1.3-8]: 3.1.1 refuses an empty id with clean session 0; 3.1 refuses any.
        return Some(ReasonCode::CLIENT_IDENTIFIER_NOT_VALID);
    }
    if !v5 && connect.keep_alive == 0 && !settings.allow_zero_keepalive {
        // A 3.x client cannot be told another keepalive, and one never checked holds its slot
        // forever once its host is gone: refused as Mosquitto refuses a keepalive it will not
        // serve (return code 2, identifier rejected).
        return Some(ReasonCode::CLIENT_IDENTIFIER_NOT_VALID);
    }
    if let Some(will) = &connect.will {
        if !topic::is_valid_name(&will.topic) || !settings.topic_fits(&will.topic) {
            return Some(ReasonCode::TOPIC_NAME_INVALID);
        }
        if convert::qos(will.qos) > settings.max_qos {
            return Some(ReasonCode::QOS_NOT_SUPPORTED);
        }
        if will.retain && !settings.retain_available {
            return Some(ReasonCode::RETAIN_NOT_SUPPORTED);
        }
        if will
            .properties
            .response_topic
            .as_deref()
            .is_some_and(|t| !topic::is_valid_name(t))
        {
            // A will's Response Topic is a Topic Name too [MQTT-3.3.2-14], [MQTT-4.13.1-1].
            return Some(ReasonCode::PROTOCOL_ERROR);
        }
    }
    None
}

/// Begins answering `connect` from `peer`: its checks, its client id (assigned when empty, at
/// 5.0), and the first step of authentication (the blacklist, the user store, anonymous access).
/// `cert_cn` is the common name of the client certificate the transport verified, if any; with
/// `mqtt.cert_cn_as_username` it authenticates the client (see [`open_certified`]).
pub fn open(broker: &Broker, connect: Connect, peer: SocketAddr, cert_cn: Option<&str>) -> Opening {
    if let Some(code) = check_connect(broker, &connect) {
        return Opening::Refused(refusal(code), connect.protocol);
    }
    let mut ack_props = Properties::default();
    let client_id = if connect.client_id.is_empty() {
        let id = format!(
            "robustmq-{}-{:x}",
            broker.settings.node_id,
            broker.next_conn_id() ^ (unix_ms() as u64).rotate_left(20)
        );
        ack_props.assigned_client_identifier = Some(id.clone());
        id
    } else {
        connect.client_id.clone()
    };
    if let Some(cn) = cert_cn.filter(|_| broker.settings.cert_cn_as_username) {
        return open_certified(broker, connect, client_id, cn, peer, ack_props);
    }
    if connect.properties.authentication_method.is_some() {
        return open_scram(broker, connect, client_id, peer, ack_props);
    }
    let admission = broker.security.admit(
        &client_id,
        connect.username.as_deref(),
        connect.password.as_deref(),
        peer.ip(),
        unix_ms(),
    );
    let code = match admission {
        Admission::Refuse(Refusal::Banned) => Some(ReasonCode::BANNED),
        Admission::Refuse(Refusal::BadCredentials) => Some(ReasonCode::BAD_USER_NAME_OR_PASSWORD),
        Admission::Refuse(Refusal::NotAuthorized) => Some(ReasonCode::NOT_AUTHORIZED),
        _ => None,
    };
    if let Some(code) = code {
        return Opening::Refused(refusal(code), connect.protocol);
    }
    pending(connect, client_id, peer, ack_props, admission)
}

/// A CONNECT whose credentials were weighed: the driver finishes it.
fn pending(
    connect: Connect,
    client_id: String,
    peer: SocketAddr,
    ack_props: Properties,
    admission: Admission,
) -> Opening {
    Opening::Pending(Handshake {
        connect,
        client_id,
        peer,
        ack_props,
        admission,
        scram: None,
    })
}

/// A client authenticated by its TLS certificate, on a node with `mqtt.cert_cn_as_username`:
/// it goes by the certificate's common name `cn`, verified (the CA vouched for it), with the
/// superuser flag of the stored user of that name if there is one. The username and password
/// in its CONNECT are ignored, as Mosquitto's `use_identity_as_username` does; bans still apply
/// (to the client id, `cn` and the address).
fn open_certified(
    broker: &Broker,
    mut connect: Connect,
    client_id: String,
    cn: &str,
    peer: SocketAddr,
    ack_props: Properties,
) -> Opening {
    if broker
        .security
        .is_banned(&client_id, Some(cn), peer.ip(), unix_ms())
    {
        return Opening::Refused(refusal(ReasonCode::BANNED), connect.protocol);
    }
    let user = broker.security.user(cn);
    connect.username = Some(cn.to_owned());
    connect.password = None;
    let admission = Admission::Admit(Identity {
        client_id: client_id.as_str().into(),
        username: Some(cn.to_owned()),
        superuser: user.as_ref().is_some_and(|u| u.superuser),
        verified: true,
        stored: false,
    });
    pending(connect, client_id, peer, ack_props, admission)
}

/// The first step of a SCRAM-SHA-256 login (MQTT 5.0 section 4.12, RFC 7677): the CONNECT's
/// Authentication Data is the client-first message; the answer is an AUTH with the server-first
/// one (a decoy for an unknown user, refused only at the proof, as a wrong password is).
/// Refused as Bad User Name or Password (0x86) for a malformed message or a CONNECT username
/// other than the SCRAM one; as Banned for a banned client id, address or user.
fn open_scram(
    broker: &Broker,
    connect: Connect,
    client_id: String,
    peer: SocketAddr,
    ack_props: Properties,
) -> Opening {
    let refuse = |code: ReasonCode| Opening::Refused(refusal(code), Protocol::V5);
    let first = connect
        .properties
        .authentication_data
        .clone()
        .unwrap_or_default();
    let started = ServerFirst::start(
        &first,
        |name| broker.security.scram_credential(name),
        broker.security.scram_decoy_key(),
    );
    let (server, server_first) = match started {
        Ok(started) => started,
        Err(e) => {
            tracing::debug!(%client_id, error = %e, "SCRAM refused");
            return refuse(ReasonCode::BAD_USER_NAME_OR_PASSWORD);
        }
    };
    if connect
        .username
        .as_deref()
        .is_some_and(|u| u != server.username())
    {
        return refuse(ReasonCode::BAD_USER_NAME_OR_PASSWORD);
    }
    if broker
        .security
        .is_banned(&client_id, Some(server.username()), peer.ip(), unix_ms())
    {
        return refuse(ReasonCode::BANNED);
    }
    let auth = Auth {
        reason: ReasonCode::CONTINUE_AUTHENTICATION,
        properties: Properties::from(PropertyValues {
            authentication_method: Some(scram::METHOD.to_owned()),
            authentication_data: Some(Bytes::from(server_first)),
            ..PropertyValues::default()
        }),
    };
    Opening::Challenge(
        Handshake {
            connect,
            client_id,
            peer,
            ack_props,
            admission: Admission::Refuse(Refusal::NotAuthorized),
            scram: Some(Box::new(server)),
        },
        auth,
    )
}

impl Handshake {
    /// Takes the client's answer to the AUTH of [`Opening::Challenge`]: an AUTH 0x18 with the
    /// same method and the client-final message. On a matching proof the client is admitted as
    /// the SCRAM user, and the CONNACK will carry the server-final message for the client to
    /// check.
    ///
    /// # Errors
    /// The CONNACK that refuses: 0x8C for another method, 0x86 for a wrong proof or a
    /// malformed message.
    pub fn on_auth(
        mut self,
        broker: &Broker,
        auth: Auth,
    ) -> std::result::Result<Handshake, ConnAck> {
        let Some(server) = self.scram.take() else {
            return Err(refusal(ReasonCode::PROTOCOL_ERROR));
        };
        if auth.properties.authentication_method.as_deref() != Some(scram::METHOD) {
            return Err(refusal(ReasonCode::BAD_AUTHENTICATION_METHOD));
        }
        if auth.reason != ReasonCode::CONTINUE_AUTHENTICATION {
            return Err(refusal(ReasonCode::PROTOCOL_ERROR));
        }
        let data = auth
            .properties
            .authentication_data
            .clone()
            .unwrap_or_default();
        let (username, server_final) = match server.finish(&data) {
            Ok(done) => done,
            Err(e) => {
                tracing::debug!(client_id = %self.client_id, error = %e, "SCRAM refused");
                return Err(refusal(ReasonCode::BAD_USER_NAME_OR_PASSWORD));
            }
        };
        self.admission = Admission::Admit(Identity {
            client_id: self.client_id.as_str().into(),
            superuser: broker.security.user(&username).is_some_and(|u| u.superuser),
            verified: true,
            stored: true,
            username: Some(username),
        });
        self.ack_props.authentication_method = Some(scram::METHOD.to_owned());
        self.ack_props.authentication_data = Some(Bytes::from(server_final));
        Ok(self)
    }

    /// The client id the session goes by.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The protocol level the client speaks.
    pub fn protocol(&self) -> Protocol {
        self.connect.protocol
    }

    /// The username the client gave.
    pub fn username(&self) -> Option<&str> {
        self.connect.username.as_deref()
    }

    /// The password the client gave and the stored hash it must match, when it named a stored
    /// user: the driver compares them off the async threads (it costs milliseconds) and passes
    /// the answer to [`Handshake::finish`].
    pub fn password_check(&self) -> Option<(Bytes, String)> {
        match &self.admission {
            Admission::Verify { hash, .. } => Some((
                self.connect.password.clone().unwrap_or_default(),
                hash.clone(),
            )),
            _ => None,
        }
    }

    /// Answers the CONNECT into `out`: a refusal (`Ok(None)`), or the session attached for
    /// connection `conn_id` (reached through `control`, over `transport`) and a CONNACK with
    /// what was negotiated, then the deliveries a resumed session still has in flight. A
    /// connection that attaches takes the session from any connection that holds it.
    ///
    /// # Errors
    /// [`MqttError::Codec`] when the CONNACK cannot be encoded.
    pub fn finish(
        self,
        broker: &Arc<Broker>,
        password_ok: bool,
        conn_id: u64,
        control: ControlHandle,
        transport: &'static str,
        out: &mut BytesMut,
    ) -> Result<Option<ProtocolState>> {
        let Handshake {
            mut connect,
            client_id,
            peer,
            mut ack_props,
            admission,
            scram: _,
        } = self;
        let protocol = connect.protocol;
        let v5 = protocol.is_v5();
        let identity = match admission {
            Admission::Admit(identity) => identity,
            Admission::Verify { identity, .. } if password_ok => identity,
            Admission::Verify { .. } | Admission::Refuse(_) => {
                send(
                    out,
                    &Packet::ConnAck(refusal(ReasonCode::BAD_USER_NAME_OR_PASSWORD)),
                    protocol,
                )?;
                return Ok(None);
            }
        };
        // Counted only once the client authenticated: otherwise anyone could get another
        // client's id banned with refused attempts. An assigned id is new each time.
        if !connect.client_id.is_empty() && broker.flapping(&client_id) {
            send(out, &Packet::ConnAck(refusal(ReasonCode::BANNED)), protocol)?;
            return Ok(None);
        }
        // A will is a PUBLISH to come: its topic goes through the rewrite rules too (EMQX).
        if let Some(will) = connect.will.as_mut()
            && let std::borrow::Cow::Owned(rewritten) = broker.rewrite_publish(&will.topic)
        {
            will.topic = rewritten;
        }
        if let Some(will) = &connect.will
            && !broker.security.may_publish(&identity, &will.topic)
        {
            send(
                out,
                &Packet::ConnAck(refusal(ReasonCode::NOT_AUTHORIZED)),
                protocol,
            )?;
            return Ok(None);
        }
        let settings = &broker.settings;
        let requested_expiry = if v5 {
            connect.properties.session_expiry_interval.unwrap_or(0)
        } else if connect.clean_start {
            0
        } else {
            settings.persistent_session_expiry
        };
        let expiry = requested_expiry.min(settings.max_session_expiry);
        if v5 && expiry != requested_expiry {
            ack_props.session_expiry_interval = Some(expiry);
        }
        let mut keep_alive = connect.keep_alive;
        let unchecked = keep_alive == 0 && !settings.allow_zero_keepalive;
        if v5 && (keep_alive > settings.max_keepalive || unchecked) {
            keep_alive = settings.max_keepalive;
            ack_props.server_keep_alive = Some(keep_alive);
        }
        let client_receive_max = if v5 {
            connect
                .properties
                .receive_maximum
                .unwrap_or(DEFAULT_RECEIVE_MAXIMUM)
        } else {
            settings.max_inflight
        };
        if v5 {
            ack_props.receive_maximum = Some(settings.max_inflight);
            ack_props.maximum_packet_size = Some(settings.max_packet_size);
            ack_props.topic_alias_maximum = Some(settings.topic_alias_maximum);
            ack_props.retain_available = Some(u8::from(settings.retain_available));
            ack_props.wildcard_subscription_available = Some(1);
            ack_props.shared_subscription_available = Some(1);
            ack_props.subscription_identifier_available = Some(1);
            if settings.max_qos != QoS::ExactlyOnce {
                // [MQTT-3.2.2-9]: Maximum QoS is sent only as 0 or 1.
                ack_props.maximum_qos = Some(settings.max_qos as u8);
            }
            if connect.properties.request_response_information == Some(1)
                && client_id.len() <= MAX_RESPONSE_CLIENT_ID
            {
                ack_props.response_information = Some(format!("{RESPONSE_PREFIX}{client_id}"));
            }
        }
        let start = if connect.clean_start {
            SessionStart::Clean
        } else {
            SessionStart::Resume
        };
        let (session, present) = broker.attach(
            &client_id,
            start,
            expiry,
            identity,
            Attachment {
                conn_id,
                control,
                info: ClientInfo {
                    peer,
                    username: connect.username.clone(),
                    protocol: convert::client_protocol(protocol),
                    transport,
                    keep_alive,
                    connected_ms: unix_ms(),
                },
            },
        );
        let identity = session.known_identity();
        let mut state = ProtocolState {
            broker: Arc::clone(broker),
            protocol,
            will: connect
                .will
                .map(|w| Box::new(convert::will_from(w, Arc::clone(&session.client_id)))),
            session,
            identity,
            conn_id,
            send_window: client_receive_max.min(settings.max_inflight),
            client_max_packet: connect.properties.maximum_packet_size.unwrap_or(u32::MAX),
            aliases: None,
            outbound_alias_max: if v5 {
                connect.properties.topic_alias_maximum.unwrap_or(0)
            } else {
                0
            },
            connect_expiry_zero: requested_expiry == 0,
            problem_info: connect.properties.request_problem_information != Some(0),
            keep_alive,
        };
        let ack = ConnAck {
            session_present: present,
            code: ReasonCode::SUCCESS,
            properties: ack_props,
        };
        let sent = send(out, &Packet::ConnAck(ack), protocol).and_then(|()| {
            if present {
                state.resend_inflight(out)
            } else {
                Ok(())
            }
        });
        if let Err(e) = sent {
            // The session was attached: hand it back, or it would stay owned by a dead
            // connection (no expiry timer, QoS 0 still queued, counted as a connected member).
            broker.detach(&state.session, conn_id, None);
            return Err(e);
        }
        // After the CONNACK, as if the client had subscribed first thing: retained messages
        // the subscriptions bring are queued behind it.
        broker.auto_subscribe(&state.session, &state.who(), v5);
        Ok(Some(state))
    }
}

/// A PUBLISH whose publishing has to wait.
pub struct Waiting {
    /// The message to publish.
    pub message: crate::core::message::Message,
    /// What its acknowledgement needs, for [`ProtocolState::published`].
    pub ack: PendingAck,
}

/// The acknowledgement a publish that had to wait is owed.
#[derive(Debug, Clone, Copy)]
pub struct PendingAck {
    pkid: u16,
    qos: QoS,
}

/// Topic aliases of one connection (MQTT 5.0 section 3.3.2.3.4).
#[derive(Default)]
struct Aliases {
    /// Set up by the client, towards us.
    inbound: HashMap<u16, String>,
    /// Set up by us, towards the client, bounded by its Topic Alias Maximum.
    outbound: HashMap<String, u16>,
}

/// How a connection ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Publish the will (unless the session is resumed within its delay).
    WithWill,
    /// Discard the will: DISCONNECT 0x00, or shutdown. (A takeover keeps the will: the old
    /// connection ended without DISCONNECT, and `detach` publishes it unless it is delayed.)
    WithoutWill,
}

/// What the driver does after a packet.
pub enum Step {
    /// Go on; answers, if any, are in the write buffer.
    Continue,
    /// Publish this message (await `Broker::publish`), then call
    /// [`ProtocolState::published`] with the outcome.
    Publish(Waiting),
    /// Queue the session's record for meta (`Broker::persist_later`), then go on: the answer
    /// does not wait for the write.
    Persist,
    /// End the connection, after writing what is buffered.
    Exit(Exit),
}

/// One connected client's protocol state: what the connection negotiated, its session and
/// identity, its will and its topic aliases.
pub struct ProtocolState {
    broker: Arc<Broker>,
    protocol: Protocol,
    session: Arc<Session>,
    /// Who the client authenticated as, for ACL checks: the session's, shared; `None` for an
    /// anonymous client, whose identity is made when a check needs it.
    identity: Option<Arc<Identity>>,
    conn_id: u64,
    /// Boxed: most clients set none, and every idle connection would carry its size.
    will: Option<Box<Will>>,
    /// The client's Receive Maximum, capped by ours. Narrow fields keep the state small: an
    /// idle connection holds it (`mqtt::task` tests its size).
    send_window: u16,
    /// The client's Maximum Packet Size.
    client_max_packet: u32,
    /// Topic aliases in both directions; boxed on first use, as most clients use none.
    aliases: Option<Box<Aliases>>,
    outbound_alias_max: u16,
    /// Whether the CONNECT asked for Session Expiry 0, which DISCONNECT may not raise.
    connect_expiry_zero: bool,
    /// Whether the client accepts Reason Strings on acknowledgements (Request Problem
    /// Information, 1 unless it said 0) [MQTT-3.1.2-29].
    problem_info: bool,
    /// Keepalive in force, seconds.
    keep_alive: u16,
}

impl ProtocolState {
    /// Who the client is, for an ACL check: its identity, or an anonymous one made now.
    fn who(&self) -> std::borrow::Cow<'_, Identity> {
        match &self.identity {
            Some(identity) => std::borrow::Cow::Borrowed(identity),
            None => {
                std::borrow::Cow::Owned(Identity::anonymous(Arc::clone(&self.session.client_id)))
            }
        }
    }

    /// The broker.
    pub fn broker(&self) -> &Arc<Broker> {
        &self.broker
    }

    /// The session.
    pub fn session(&self) -> &Arc<Session> {
        &self.session
    }

    /// The connection's node-unique id.
    pub fn conn_id(&self) -> u64 {
        self.conn_id
    }

    /// The protocol level.
    pub fn protocol(&self) -> Protocol {
        self.protocol
    }

    /// Keepalive in force, seconds.
    pub fn keep_alive(&self) -> u16 {
        self.keep_alive
    }

    /// The will to publish as the connection ends with `exit`; taken, so it goes out once.
    pub fn take_will(&mut self, exit: Exit) -> Option<Will> {
        match exit {
            Exit::WithWill => self.will.take().map(|w| *w),
            Exit::WithoutWill => None,
        }
    }

    /// Buffers DISCONNECT with `reason` (5.0 only: 3.x has no server DISCONNECT).
    pub fn disconnect(&self, reason: ReasonCode, out: &mut BytesMut) {
        if self.protocol.is_v5() {
            let _ = send(
                out,
                &Packet::Disconnect(Disconnect::new(reason)),
                self.protocol,
            );
        }
    }

    /// Acts on a control message from the broker: buffers the DISCONNECT it asks for and says
    /// how the connection ends. `None` (the handle was dropped) means the session was taken and
    /// ended elsewhere.
    pub fn on_control(&self, control: Option<Control>, out: &mut BytesMut) -> Exit {
        match control {
            Some(Control::Disconnect(reason)) => {
                self.disconnect(disconnect_reason(reason), out);
                Exit::WithWill
            }
            Some(Control::Shutdown) => {
                self.disconnect(ReasonCode::SERVER_SHUTTING_DOWN, out);
                Exit::WithoutWill
            }
            None => Exit::WithoutWill,
        }
    }

    /// Ends the connection for error `e`: a 5.0 client is told why with DISCONNECT
    /// [MQTT-4.13.1-1], unless the socket itself failed; the will is published.
    pub fn on_error(&self, e: &MqttError, out: &mut BytesMut) -> Exit {
        if !matches!(e, MqttError::Io(_)) {
            self.disconnect(e.reason_code(), out);
        }
        Exit::WithWill
    }

    /// Handles one packet from the client, encoding answers into `out`.
    ///
    /// # Errors
    /// A protocol violation or a packet that does not encode: the driver ends the connection
    /// through [`ProtocolState::on_error`].
    pub fn on_packet(&mut self, packet: Packet, out: &mut BytesMut) -> Result<Step> {
        // Real work counts a return from parking toward the park streak; answering a ping
        // does not, or an idle client's keepalive would keep it from parking.
        if !matches!(packet, Packet::PingReq) {
            self.session.count_return(self.conn_id);
        }
        let v5 = self.protocol.is_v5();
        match packet {
            Packet::Publish(publish) => return self.on_publish(publish, out),
            Packet::PubAck(ack) => {
                self.session.lock().acknowledge(ack.pkid);
            }
            Packet::PubRec(ack) => {
                let receipt = self.session.lock().receipt(ack.pkid, ack.reason.is_error());
                if receipt != Receipt::Refused {
                    let mut rel = Ack::new(ack.pkid);
                    if receipt == Receipt::Unknown && v5 {
                        rel.reason = ReasonCode::PACKET_IDENTIFIER_NOT_FOUND;
                    }
                    send(out, &Packet::PubRel(rel), self.protocol)?;
                }
            }
            Packet::PubComp(ack) => {
                self.session.lock().complete(ack.pkid);
            }
            Packet::PubRel(ack) => {
                let known = self.session.lock().release(ack.pkid);
                let mut comp = Ack::new(ack.pkid);
                if !known && v5 {
                    comp.reason = ReasonCode::PACKET_IDENTIFIER_NOT_FOUND;
                }
                send(out, &Packet::PubComp(comp), self.protocol)?;
            }
            Packet::Subscribe(subscribe) => {
                self.on_subscribe(subscribe, out)?;
                return Ok(Step::Persist);
            }
            Packet::Unsubscribe(unsubscribe) => {
                self.on_unsubscribe(unsubscribe, out)?;
                return Ok(Step::Persist);
            }
            Packet::PingReq => send(out, &Packet::PingResp, self.protocol)?,
            Packet::Disconnect(disconnect) => {
                return self.on_disconnect(&disconnect).map(Step::Exit);
            }
            Packet::Connect(_) => {
                return Err(MqttError::protocol(
                    ReasonCode::PROTOCOL_ERROR,
                    "second CONNECT [MQTT-3.1.0-2]",
                ));
            }
            Packet::Auth(_) => {
                return Err(MqttError::protocol(
                    ReasonCode::PROTOCOL_ERROR,
                    "AUTH without an authentication method",
                ));
            }
            Packet::ConnAck(_) | Packet::SubAck(_) | Packet::UnsubAck(_) | Packet::PingResp => {
                return Err(MqttError::protocol(
                    ReasonCode::PROTOCOL_ERROR,
                    "server-to-client packet sent by a client",
                ));
            }
        }
        Ok(Step::Continue)
    }

    fn on_disconnect(&mut self, disconnect: &Disconnect) -> Result<Exit> {
        if let Some(expiry) = disconnect.properties.session_expiry_interval {
            if self.connect_expiry_zero && expiry != 0 {
                // [MQTT-3.14.2-2]
                return Err(MqttError::protocol(
                    ReasonCode::PROTOCOL_ERROR,
                    "session expiry raised from 0 at DISCONNECT",
                ));
            }
            self.session
                .lock()
                .set_expiry_interval(expiry.min(self.broker.settings.max_session_expiry));
        }
        // [MQTT-3.14.4-3]: a normal DISCONNECT discards the will; 0x04 asks for it.
        Ok(
            if disconnect.reason == ReasonCode::DISCONNECT_WITH_WILL_MESSAGE {
                Exit::WithWill
            } else {
                Exit::WithoutWill
            },
        )
    }

    /// Handles a PUBLISH as far as it can without waiting: validation, the ACL, and in the
    /// common case the whole publish and its acknowledgement. Returns [`Step::Publish`] when
    /// publishing must wait (a durable shard, a retained message).
    fn on_publish(&mut self, mut publish: Publish, out: &mut BytesMut) -> Result<Step> {
        let settings = &self.broker.settings;
        let qos = convert::qos(publish.qos);
        self.broker.metrics.messages_in_by_qos[qos as usize].inc();
        self.broker
            .metrics
            .bytes_in
            .inc_by(publish.payload.len() as u64);
        if qos > settings.max_qos {
            return Err(MqttError::protocol(
                ReasonCode::QOS_NOT_SUPPORTED,
                "QoS above Maximum QoS [MQTT-3.2.2-11]",
            ));
        }
        if publish.retain && !settings.retain_available {
            return Err(MqttError::protocol(
                ReasonCode::RETAIN_NOT_SUPPORTED,
                "RETAIN while Retain Available is 0 [MQTT-3.2.2-14]",
            ));
        }
        if publish
            .properties
            .response_topic
            .as_deref()
            .is_some_and(|t| !topic::is_valid_name(t))
        {
            return Err(MqttError::protocol(
                ReasonCode::PROTOCOL_ERROR,
                "Response Topic with a wildcard [MQTT-3.3.2-14]",
            ));
        }
        if !publish.properties.subscription_identifiers.is_empty() {
            return Err(MqttError::protocol(
                ReasonCode::PROTOCOL_ERROR,
                "Subscription Identifier in a client PUBLISH [MQTT-3.3.4-6]",
            ));
        }
        if let Some(alias) = publish.properties.topic_alias {
            if alias > settings.topic_alias_maximum {
                return Err(MqttError::protocol(
                    ReasonCode::TOPIC_ALIAS_INVALID,
                    "topic alias above Topic Alias Maximum [MQTT-3.3.2-9]",
                ));
            }
            if publish.topic.is_empty() {
                match self.aliases.as_ref().and_then(|a| a.inbound.get(&alias)) {
                    Some(topic) => publish.topic = topic.clone(),
                    None => {
                        return Err(MqttError::protocol(
                            ReasonCode::PROTOCOL_ERROR,
                            "unknown topic alias",
                        ));
                    }
                }
            } else {
                self.aliases
                    .get_or_insert_default()
                    .inbound
                    .insert(alias, publish.topic.clone());
            }
        }
        if publish.topic.is_empty() {
            // A zero-length Topic Name is allowed only with a Topic Alias (MQTT 5.0 section
            // 3.3.2.1); without one it breaks a protocol rule, not the name's syntax.
            return Err(MqttError::protocol(
                ReasonCode::PROTOCOL_ERROR,
                "empty Topic Name without a Topic Alias (MQTT 5.0 section 3.3.2.1)",
            ));
        }
        if !topic::is_valid_name(&publish.topic) {
            return Err(MqttError::protocol(
                ReasonCode::TOPIC_NAME_INVALID,
                "invalid topic name [MQTT-3.3.2-2]",
            ));
        }
        // After the alias is resolved (an alias stands for the topic the client sent) and
        // before anything judges the topic.
        if let std::borrow::Cow::Owned(rewritten) = self.broker.rewrite_publish(&publish.topic) {
            publish.topic = rewritten;
        }
        if !settings.topic_fits(&publish.topic) {
            return Err(MqttError::protocol(
                ReasonCode::TOPIC_NAME_INVALID,
                "topic name over mqtt.max_topic_levels or mqtt.max_topic_length",
            ));
        }
        let pkid = publish.pkid;
        if qos == QoS::ExactlyOnce {
            let st = self.session.lock();
            if st.awaits_release(pkid) {
                // A resent QoS 2 PUBLISH: acknowledged again, delivered once (MQTT 5.0 section
                // 4.3.3).
                drop(st);
                send(out, &Packet::PubRec(Ack::new(pkid)), self.protocol)?;
                return Ok(Step::Continue);
            }
            if st.awaiting_release() >= usize::from(settings.max_inflight) {
                return Err(MqttError::protocol(
                    ReasonCode::RECEIVE_MAXIMUM_EXCEEDED,
                    "more QoS 2 publishes in flight than Receive Maximum [MQTT-3.3.4-7]",
                ));
            }
        }
        if !self
            .broker
            .security
            .may_publish(&self.who(), &publish.topic)
        {
            self.ack_publish(pkid, qos, ReasonCode::NOT_AUTHORIZED, None, out)?;
            return Ok(Step::Continue);
        }
        if publish.retain
            && self.protocol.is_v5()
            && qos != QoS::AtMostOnce
            && !self
                .broker
                .retained
                .fits(&publish.topic, publish.payload.len())
        {
            // Beyond mqtt.max_retained_*: a 5.0 client can be told, and nothing is published.
            let why = "retained messages at mqtt.max_retained_messages or max_retained_bytes";
            self.ack_publish(pkid, qos, ReasonCode::QUOTA_EXCEEDED, Some(why.into()), out)?;
            return Ok(Step::Continue);
        }
        if publish.payload.len() < COPY_PAYLOAD_BELOW {
            // A small payload is a slice of the read buffer and would keep all of it alive
            // while queued or retained; a copy frees the buffer and costs little.
            publish.payload = Bytes::copy_from_slice(&publish.payload);
        }
        let message =
            convert::message_from_publish(publish, Some(Arc::clone(&self.session.client_id)));
        match self.broker.try_publish_now(message) {
            PublishNow::Done(published) => {
                self.ack_outcome(pkid, qos, published, out)?;
                Ok(Step::Continue)
            }
            PublishNow::MustWait(message) => Ok(Step::Publish(Waiting {
                message,
                ack: PendingAck { pkid, qos },
            })),
        }
    }

    /// Acknowledges a publish that had to wait, now that `outcome` is known.
    ///
    /// # Errors
    /// As [`ProtocolState::on_packet`]; a failed publish of a 3.x client, or at QoS 0, is an
    /// error too (see [`ProtocolState::ack_outcome`]).
    pub fn published(
        &mut self,
        ack: PendingAck,
        outcome: crate::core::Result<()>,
        out: &mut BytesMut,
    ) -> Result<()> {
        self.ack_outcome(ack.pkid, ack.qos, outcome, out)
    }

    /// Acknowledges a publish as its outcome says. A failed QoS 0 publish, or any failed
    /// publish of a 3.x client, closes the connection instead: 3.x has no way to refuse a
    /// publish, and closing without the ack makes the client send it again. A 5.0 client gets
    /// the failure's reason code (storage and meta differ) and, if it accepts them, a Reason
    /// String naming the failing layer.
    fn ack_outcome(
        &mut self,
        pkid: u16,
        qos: QoS,
        outcome: crate::core::Result<()>,
        out: &mut BytesMut,
    ) -> Result<()> {
        match outcome {
            Ok(()) => self.ack_publish(pkid, qos, ReasonCode::SUCCESS, None, out),
            Err(e) => {
                if !self.protocol.is_v5() || qos == QoS::AtMostOnce {
                    return Err(e.into());
                }
                tracing::warn!(client_id = %self.session.client_id, error = %e, "publish failed");
                let why = self.problem_info.then(|| e.to_string());
                self.ack_publish(pkid, qos, broker_reason(&e), why, out)
            }
        }
    }

    /// Buffers the PUBACK or PUBREC for a publish (nothing for QoS 0). 3.x cannot carry a
    /// refusal: the publish is acknowledged and dropped, as Mosquitto does.
    fn ack_publish(
        &mut self,
        pkid: u16,
        qos: QoS,
        reason: ReasonCode,
        why: Option<String>,
        out: &mut BytesMut,
    ) -> Result<()> {
        let v5 = self.protocol.is_v5();
        let mut ack = Ack {
            pkid,
            reason: if v5 { reason } else { ReasonCode::SUCCESS },
            properties: Properties::default(),
        };
        if v5 && let Some(why) = why {
            ack.properties.reason_string = Some(why);
        }
        match qos {
            QoS::AtMostOnce => {}
            QoS::AtLeastOnce => send(out, &Packet::PubAck(ack), self.protocol)?,
            QoS::ExactlyOnce => {
                if !ack.reason.is_error() {
                    self.session.lock().await_release(pkid);
                }
                send(out, &Packet::PubRec(ack), self.protocol)?;
            }
        }
        Ok(())
    }

    fn on_subscribe(&mut self, subscribe: Subscribe, out: &mut BytesMut) -> Result<()> {
        let v5 = self.protocol.is_v5();
        let id = subscribe
            .properties
            .subscription_identifiers
            .first()
            .copied();
        let mut codes = Vec::with_capacity(subscribe.filters.len());
        for s in &subscribe.filters {
            let filter = self.broker.rewrite_filter(&s.filter);
            if v5 && s.options.no_local && filter.starts_with("$share/") {
                return Err(MqttError::protocol(
                    ReasonCode::PROTOCOL_ERROR,
                    "No Local on a shared subscription [MQTT-3.8.3-4]",
                ));
            }
            let who = self.who();
            let outcome = self.broker.subscribe(
                &self.session,
                &who,
                &filter,
                convert::options(s.options),
                id,
            );
            codes.push(match outcome {
                SubscribeOutcome::Granted(qos) => ReasonCode(qos as u8),
                SubscribeOutcome::InvalidFilter => ReasonCode::TOPIC_FILTER_INVALID,
                SubscribeOutcome::Denied => ReasonCode::NOT_AUTHORIZED,
                SubscribeOutcome::QuotaExceeded | SubscribeOutcome::ExclusiveHeld => {
                    ReasonCode::QUOTA_EXCEEDED
                }
            });
        }
        let ack = SubAck {
            pkid: subscribe.pkid,
            codes,
            properties: Properties::default(),
        };
        send(out, &Packet::SubAck(ack), self.protocol)
    }

    fn on_unsubscribe(&mut self, unsubscribe: Unsubscribe, out: &mut BytesMut) -> Result<()> {
        let codes = unsubscribe
            .filters
            .iter()
            .map(|f| {
                if self
                    .broker
                    .unsubscribe(&self.session, &self.broker.rewrite_filter(f))
                {
                    ReasonCode::SUCCESS
                } else {
                    ReasonCode::NO_SUBSCRIPTION_EXISTED
                }
            })
            .collect();
        let ack = UnsubAck {
            pkid: unsubscribe.pkid,
            codes,
            properties: Properties::default(),
        };
        send(out, &Packet::UnsubAck(ack), self.protocol)
    }

    /// The per-hop properties `delivery` goes out with on this connection: none before 5.0; at
    /// 5.0 the expiry left at `now` and the subscription identifiers (the message's own follow
    /// as a raw block).
    fn hop_properties(&self, delivery: &Delivery, now: Instant) -> Properties {
        let mut properties = Properties::default();
        if !self.protocol.is_v5() {
            return properties;
        }
        if let Expiry::Remaining(secs) = delivery.message.remaining_expiry(now) {
            properties.message_expiry_interval = Some(secs);
        }
        if !delivery.subscription_ids.is_empty() {
            properties.subscription_identifiers = delivery.subscription_ids.clone();
        }
        if !delivery.message.headers.is_empty() {
            let user = convert::user_properties_of(&delivery.message);
            if !user.is_empty() {
                properties.user_properties = user;
            }
        }
        properties
    }

    /// Resends unacknowledged deliveries with DUP, and PUBREL for released ones
    /// [MQTT-4.4.0-1]. No topic alias: the ones a previous connection set up no longer hold.
    ///
    /// # Errors
    /// A packet that does not encode.
    pub fn resend_inflight(&mut self, out: &mut BytesMut) -> Result<()> {
        let session = Arc::clone(&self.session);
        let st = session.lock();
        let now = Instant::now();
        for (pkid, o) in st.inflight() {
            if o.released {
                send(out, &Packet::PubRel(Ack::new(pkid)), self.protocol)?;
            } else {
                let m = &o.delivery.message;
                let properties = self.hop_properties(&o.delivery, now);
                let publish = PublishView {
                    dup: true,
                    qos: wire_qos(o.delivery.qos),
                    retain: o.delivery.retain,
                    topic: &m.topic,
                    pkid,
                    payload: &m.value,
                    properties: &properties,
                    raw_properties: convert::stored_properties(m),
                };
                let mark = out.len();
                if let Err(e) = publish.write(self.protocol, out) {
                    out.truncate(mark);
                    return Err(e.into());
                }
            }
        }
        Ok(())
    }

    /// Moves deliveries from the session queue into `out`, as far as the client's Receive
    /// Maximum and [`WRITE_BATCH`] allow. Expired messages are dropped [MQTT-3.3.2-5], as are
    /// ones larger than the client's Maximum Packet Size [MQTT-3.1.2-25]. When more could go
    /// out than this call sent, it wakes the session again, so the driver comes back.
    ///
    /// # Errors
    /// A packet that does not encode.
    pub fn drain_queue(&mut self, out: &mut BytesMut, now: Instant) -> Result<()> {
        let session = Arc::clone(&self.session);
        let mut st = session.lock();
        if !st.owned_by(self.conn_id) {
            // Taken over: the queue and the inflight window belong to the new connection now.
            // A wake this task consumed was meant for it, so pass it on.
            drop(st);
            self.session.wake();
            return Ok(());
        }
        if st.queued() > 0 {
            self.session.count_return(self.conn_id);
        }
        let metrics = &self.broker.metrics;
        while out.len() < WRITE_BATCH {
            let Some(delivery) = st.next_to_send(usize::from(self.send_window)) else {
                break;
            };
            if delivery.message.remaining_expiry(now) == Expiry::Expired {
                metrics.dropped.with_label_values(&["expired"]).inc();
                continue;
            }
            let pkid = if delivery.qos == QoS::AtMostOnce {
                0
            } else {
                match st.next_packet_id() {
                    Some(id) => id,
                    None => {
                        st.requeue_front(delivery);
                        break;
                    }
                }
            };
            let m = &delivery.message;
            let mut properties = self.hop_properties(&delivery, now);
            let mut topic = m.topic.as_str();
            let mut new_alias = false;
            if self.outbound_alias_max > 0 {
                let outbound = &mut self.aliases.get_or_insert_default().outbound;
                match outbound.get(topic) {
                    Some(&alias) => {
                        properties.topic_alias = Some(alias);
                        topic = "";
                    }
                    None if outbound.len() < usize::from(self.outbound_alias_max) => {
                        let alias = outbound.len() as u16 + 1;
                        outbound.insert(m.topic.clone(), alias);
                        properties.topic_alias = Some(alias);
                        new_alias = true;
                    }
                    None => {}
                }
            }
            // Encoded from the stored message: nothing is copied but the bytes written.
            let publish = PublishView {
                dup: false,
                qos: wire_qos(delivery.qos),
                retain: delivery.retain,
                topic,
                pkid,
                payload: &m.value,
                properties: &properties,
                raw_properties: convert::stored_properties(m),
            };
            // Checked on the packet as it will go out, alias included [MQTT-3.1.2-24].
            if publish.size(self.protocol) > self.client_max_packet as usize {
                if new_alias && let Some(a) = self.aliases.as_mut() {
                    a.outbound.remove(&m.topic);
                }
                metrics.dropped.with_label_values(&["too_large"]).inc();
                continue;
            }
            metrics.messages_out_by_qos[delivery.qos as usize].inc();
            metrics.bytes_out.inc_by(m.value.len() as u64);
            let mark = out.len();
            if let Err(e) = publish.write(self.protocol, out) {
                out.truncate(mark);
                return Err(e.into());
            }
            if delivery.qos != QoS::AtMostOnce {
                st.track(pkid, delivery);
            }
        }
        let more = st.may_send(usize::from(self.send_window));
        drop(st);
        if more {
            self.session.wake();
        }
        Ok(())
    }
}
