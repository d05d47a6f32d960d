//! The per-connection MQTT state machine: CONNECT, then packets in both directions until
//! DISCONNECT, a protocol error, keepalive expiry, takeover or shutdown.
//!
//! An active connection's task owns its [`Connection`]. It waits on three things at once: bytes
//! from the client, a wake from its session queue, and a control message (takeover, kick,
//! keepalive expiry, shutdown). Deliveries are drained from the session queue in batches,
//! encoded into one buffer and written with one syscall where the socket allows.
//!
//! An idle connection is what it holds while it waits, so the wait is a hand-written poll over
//! the handler's own fields and keeps no state of its own: no timer (the broker sweeps keepalive
//! for all connections), no waiter nodes (the session keeps one waker, its owner's), no buffers
//! (see [`Connection::poll_fill`]). Everything that works is boxed and lives only while it runs.
//! A connection idle for long enough gives up its task altogether and parks
//! ([`crate::mqtt::park`]).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use robustmq_common::topic;
use robustmq_mqtt_codec::{
    Ack, ConnAck, Connect, Disconnect, Error as CodecError, LastWill, Packet, Properties, Protocol,
    Publish, PublishView, QoS, ReasonCode, SubAck, Subscribe, UnsubAck, Unsubscribe,
};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::oneshot;
use tracing::debug;

use crate::broker::{
    KEEPALIVE_FACTOR_PERMILLE, PARK_AFTER_MAX_MS, PublishNow, SubscribeOutcome, park_delay_ms,
};
use crate::message::{Expiry, Message};
use crate::mqtt::connection::{Connection, not_connected};
use crate::mqtt::listener::Seat;
use crate::mqtt::park::{Refused, Resume};
use crate::security::{Admission, Identity, Refusal};
use crate::session::{Attachment, ClientInfo, Control, ControlHandle, Outgoing, Parking, Session};
use crate::{Broker, BrokerError, Result};

/// Bytes of deliveries encoded before the buffer is written out.
const WRITE_BATCH: usize = 64 * 1024;
/// Most packets handled from one read before the answers are written out and the session queue
/// is served: a burst of PUBLISHes gets its acks in one write, not one write each.
const READ_BATCH: usize = 64;
/// Receive Maximum of a 5.0 client that sends none: 65,535 (MQTT 5.0 section 3.1.2.11.3).
const DEFAULT_RECEIVE_MAXIMUM: u16 = u16::MAX;

/// Longest client id echoed in Response Information, so that the property stays far below the
/// 65,535-byte string limit.
const MAX_RESPONSE_CLIENT_ID: usize = 1024;
/// Payloads smaller than this are copied out of the read buffer (see `handle_publish`).
const COPY_PAYLOAD_BELOW: usize = 64 * 1024;
/// Longest a socket write may take when the client has no keepalive.
const DEFAULT_WRITE_TIMEOUT: Duration = Duration::from_secs(60);
/// Shortest write timeout, whatever the keepalive.
const MIN_WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a write may take: the keepalive grace period (a client that cannot take our bytes
/// for that long could not have pinged either), and at least [`MIN_WRITE_TIMEOUT`].
fn write_timeout(keep_alive: u16) -> Duration {
    if keep_alive == 0 {
        DEFAULT_WRITE_TIMEOUT
    } else {
        Duration::from_millis(u64::from(keep_alive) * KEEPALIVE_FACTOR_PERMILLE)
            .max(MIN_WRITE_TIMEOUT)
    }
}

/// A stream an MQTT connection runs over. Its socket leaves tokio's reactor while the
/// connection is parked (see [`crate::mqtt::park`]).
pub trait Transport: AsyncRead + AsyncWrite + Unpin + Send + Sized + 'static {
    /// The plain socket, out of tokio's reactor.
    ///
    /// # Errors
    /// Leaving the reactor failed; the stream is lost.
    fn into_socket(self) -> std::io::Result<std::net::TcpStream>;

    /// The stream again, back in tokio's reactor.
    ///
    /// # Errors
    /// Joining the reactor failed.
    fn from_socket(socket: std::net::TcpStream) -> std::io::Result<Self>;
}

impl Transport for tokio::net::TcpStream {
    fn into_socket(self) -> std::io::Result<std::net::TcpStream> {
        self.into_std()
    }

    fn from_socket(socket: std::net::TcpStream) -> std::io::Result<Self> {
        tokio::net::TcpStream::from_std(socket)
    }
}

/// A connection just accepted, boxed so that the task serving it starts small.
pub struct Accepted<S> {
    /// The socket.
    pub stream: S,
    /// The client's address.
    pub peer: SocketAddr,
    /// The broker it connected to.
    pub broker: Arc<Broker>,
    /// Its place in its listener's count, held until the connection closes.
    pub seat: Seat,
}

/// Serves one MQTT connection from accept to close. Never panics on client input; every error
/// ends this connection only.
///
/// Each phase is boxed and lives only while it runs, so the task itself is a few pointers; an
/// idle client costs its handler and session, and once parked no task at all (see
/// bench/README.md on memory per connection).
pub async fn serve<S: Transport>(accepted: Box<Accepted<S>>) {
    let Some(handler) = Box::pin(open(accepted)).await else {
        return;
    };
    handler.serve(Event::Woken).await;
}

/// The CONNECT phase: reads CONNECT, answers it and attaches the session. `None` when the
/// connection ends in it. Takes `accepted` boxed and frees the box here: a box moved out of
/// in `serve` would stay allocated for the life of the connection.
async fn open<S: Transport>(accepted: Box<Accepted<S>>) -> Option<Box<Handler<S>>> {
    let Accepted {
        stream,
        peer,
        broker,
        seat,
    } = *accepted;
    let (io, connect) = read_connect(stream, peer, &broker).await?;
    match Handler::connect(&broker, io, connect, seat, peer).await {
        Ok(Some(handler)) => {
            broker.metrics.connections.inc();
            Some(handler)
        }
        Ok(None) => None,
        Err(e) => {
            debug!(%peer, error = %e, "connection ended during CONNECT");
            None
        }
    }
}

/// Waits for the CONNECT that must open a connection [MQTT-3.1.0-1]. `None` when the
/// connection ends first: closed, timed out, shut down, or refused (an unsupported protocol
/// level is answered with CONNACK 0x84 first).
async fn read_connect<S: AsyncRead + AsyncWrite + Unpin>(
    stream: S,
    peer: SocketAddr,
    broker: &Broker,
) -> Option<(Connection<S>, Connect)> {
    let mut io = Connection::new(stream, broker.settings.max_packet_size as usize);
    let first = tokio::select! {
        r = tokio::time::timeout(broker.settings.connect_timeout, io.read_packet(Protocol::V5)) => r,
        () = broker.shutdown().wait() => return None,
    };
    match first {
        Ok(Ok(Some(Packet::Connect(connect)))) => Some((io, *connect)),
        Ok(Err(BrokerError::Codec(CodecError::UnsupportedProtocol { name, level }))) => {
            debug!(%peer, %name, level, "unsupported protocol");
            // [MQTT-3.1.2-2]: answer 0x84 (3.1.1: return code 1), then close.
            let protocol = if level >= 5 {
                Protocol::V5
            } else {
                Protocol::V311
            };
            let ack = ConnAck {
                session_present: false,
                code: ReasonCode::UNSUPPORTED_PROTOCOL_VERSION,
                properties: Properties::default(),
            };
            let _ = io.buffer(&Packet::ConnAck(ack), protocol);
            io.close().await;
            None
        }
        Ok(Ok(Some(other))) => {
            debug!(%peer, packet = ?other.packet_type(), "first packet is not CONNECT; closing [MQTT-3.1.0-1]");
            None
        }
        Ok(Ok(None)) => None,
        Ok(Err(e)) => {
            debug!(%peer, error = %e, "bad CONNECT; closing");
            None
        }
        Err(_) => {
            debug!(%peer, "no CONNECT in time; closing");
            None
        }
    }
}

/// A PUBLISH whose publishing has to wait, with what its acknowledgement needs.
struct Waiting {
    message: Message,
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

/// What woke a waiting connection.
enum Event {
    /// A control message; `None` when its sender was dropped.
    Control(Option<Control>),
    /// Bytes arrived, or whole packets are still buffered.
    Input,
    /// The client closed the stream between packets.
    Closed,
    /// Reading failed. Boxed: events are kept in the idle connection's future.
    Failed(Box<BrokerError>),
    /// The session queue has deliveries (or nothing happened; waking is harmless).
    Woken,
    /// The broker asked the idle connection to park, and nothing is buffered.
    Park,
}

/// How the main loop ends.
enum Exit {
    /// Publish the will (unless the session is resumed within its delay).
    WithWill,
    /// Discard the will: DISCONNECT 0x00, or shutdown. (A takeover keeps the will: the old
    /// connection ended without DISCONNECT, and `detach` publishes it unless it is delayed.)
    WithoutWill,
    /// Not an end: the connection parks (see [`crate::mqtt::park`]).
    Park,
}

struct Handler<S> {
    broker: Arc<Broker>,
    io: Connection<S>,
    /// What the broker asks of this connection; see [`Control`].
    control: oneshot::Receiver<Control>,
    /// The connection's place in its listener, and its parking lot.
    seat: Seat,
    protocol: Protocol,
    session: Arc<Session>,
    /// Who the client authenticated as, for ACL checks. Its client id is the session's.
    identity: Identity,
    conn_id: u64,
    /// Boxed: most clients set none, and every idle connection would carry its size.
    will: Option<Box<LastWill>>,
    /// The client's Receive Maximum, capped by ours.
    send_window: usize,
    /// The client's Maximum Packet Size.
    client_max_packet: usize,
    /// Topic aliases in both directions; boxed on first use, as most clients use none.
    aliases: Option<Box<Aliases>>,
    outbound_alias_max: u16,
    /// Whether the CONNECT asked for Session Expiry 0, which DISCONNECT may not raise.
    connect_expiry_zero: bool,
    /// Keepalive in force, seconds: it bounds how long a write may take (see
    /// [`write_timeout`]).
    keep_alive: u16,
    /// Whether the packet being handled had to wait (a durable append, a session record in
    /// meta); a burst ends after such a packet, so that takeover, kick and shutdown are not held
    /// up behind many waits.
    waited: bool,
    /// Whole packets may be buffered that no burst has handled yet.
    input_ready: bool,
}

impl<S: Transport> Handler<S> {
    /// Validates CONNECT, attaches the session and sends CONNACK. `Ok(None)` when the CONNECT
    /// was refused (CONNACK with an error code was sent).
    async fn connect(
        broker: &Arc<Broker>,
        mut io: Connection<S>,
        connect: Connect,
        seat: Seat,
        peer: SocketAddr,
    ) -> Result<Option<Box<Handler<S>>>> {
        let settings = &broker.settings;
        let protocol = connect.protocol;
        let v5 = protocol.is_v5();
        let refuse = |code: ReasonCode| ConnAck {
            session_present: false,
            code,
            properties: Properties::default(),
        };
        if let Some(code) = check_connect(broker, &connect) {
            io.buffer(&Packet::ConnAck(refuse(code)), protocol)?;
            io.close().await;
            return Ok(None);
        }
        let mut ack_props = Properties::default();
        let client_id = if connect.client_id.is_empty() {
            let id = format!(
                "robustmq-{}-{:x}",
                settings.node_id,
                broker.next_conn_id() ^ (crate::message::unix_ms() as u64).rotate_left(20)
            );
            ack_props.assigned_client_identifier = Some(id.clone());
            id
        } else {
            connect.client_id.clone()
        };
        let mut identity = match authenticate(broker, &connect, &client_id, peer).await {
            Ok(identity) => identity,
            Err(code) => {
                debug!(%peer, client_id, code = code.0, "CONNECT refused");
                io.buffer(&Packet::ConnAck(refuse(code)), protocol)?;
                io.close().await;
                return Ok(None);
            }
        };
        let requested_expiry = if v5 {
            connect.properties.session_expiry_interval.unwrap_or(0)
        } else if connect.clean_start {
            0
        } else {
            u32::MAX
        };
        let expiry = requested_expiry.min(settings.max_session_expiry);
        if v5 && expiry != requested_expiry {
            ack_props.session_expiry_interval = Some(expiry);
        }
        let mut keep_alive = connect.keep_alive;
        if v5 && keep_alive > settings.max_keepalive {
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
                ack_props.response_information = Some(format!("$response/{client_id}"));
            }
        }
        let conn_id = broker.next_conn_id();
        let (control, control_rx) = ControlHandle::new();
        let (session, present) = broker.attach(
            &client_id,
            connect.clean_start,
            expiry,
            Attachment {
                conn_id,
                control,
                info: ClientInfo {
                    peer,
                    username: connect.username.clone(),
                    protocol,
                    transport: "tcp",
                    keep_alive,
                    connected_ms: crate::message::unix_ms(),
                },
            },
        );
        let ack = ConnAck {
            session_present: present,
            code: ReasonCode::SUCCESS,
            properties: ack_props,
        };
        io.buffer(&Packet::ConnAck(ack), protocol)?;
        identity.client_id = Arc::clone(&session.client_id);
        let mut handler = Box::new(Handler {
            broker: Arc::clone(broker),
            io,
            control: control_rx,
            seat,
            protocol,
            identity,
            session,
            conn_id,
            will: connect.will.map(Box::new),
            send_window: usize::from(client_receive_max.min(settings.max_inflight)),
            client_max_packet: connect
                .properties
                .maximum_packet_size
                .map_or(usize::MAX, |m| m as usize),
            aliases: None,
            outbound_alias_max: if v5 {
                connect.properties.topic_alias_maximum.unwrap_or(0)
            } else {
                0
            },
            connect_expiry_zero: requested_expiry == 0,
            keep_alive,
            waited: false,
            // CONNECT may have arrived together with the packets after it.
            input_ready: true,
        });
        let sent = if present {
            handler.resend_inflight()
        } else {
            Ok(())
        };
        let sent = match sent {
            Ok(()) => handler.flush().await,
            Err(e) => Err(e),
        };
        if let Err(e) = sent {
            // The session was attached: hand it back, or it would stay owned by a dead
            // connection (no expiry timer, QoS 0 still queued, counted as a connected member).
            broker.detach(&handler.session, conn_id, None);
            return Err(e);
        }
        // A new connection parks at its first idle moment: most clients connect and then
        // wait, and parking them as they arrive lets the next ones reuse their tasks' memory
        // instead of adding to it. Later, a connection parks after the broker's idle delay.
        handler.session.set_parking(conn_id, Parking::Asked);
        Ok(Some(handler))
    }

    /// The connected phase: the main loop, then the close, the session's detach (which
    /// publishes the will when due) and, for a session that outlives the connection, its
    /// record in meta.
    ///
    /// Takes the handler boxed: an `async fn` keeps a by-value argument twice in its state (once
    /// as the argument, once as the local it is moved into), and this state is what an idle
    /// connection costs. The close is boxed for the same reason: its write timeout is a timer.
    ///
    /// A connection that parks ends its task here and is served by a new one when it wakes
    /// ([`Resume`]); `first` is what it wakes for.
    async fn serve(mut self: Box<Self>, mut first: Event) {
        loop {
            let exit = self.run(first).await;
            if !matches!(exit, Exit::Park) {
                Box::pin(self.close(exit)).await;
                return;
            }
            match self.park() {
                Ok(()) => return,
                Err((handler, event)) => {
                    self = handler;
                    first = event;
                }
            }
        }
    }

    /// Gives the connection to its listener's parking lot, unless something is ready for it
    /// already: then it is handed back with that event, to go on in this task.
    fn park(mut self: Box<Self>) -> std::result::Result<(), (Box<Self>, Event)> {
        let Some(lot) = self.seat.lot().cloned() else {
            return Err((self, Event::Woken));
        };
        let Some(stream) = self.io.take_stream() else {
            return Err((self, Event::Failed(Box::new(not_connected()))));
        };
        let socket = match stream.into_socket() {
            Ok(socket) => socket,
            Err(e) => return Err((self, Event::Failed(Box::new(e.into())))),
        };
        let session = Arc::clone(&self.session);
        let parked = self.broker.metrics.parked.clone();
        session.set_parking(self.conn_id, Parking::Parked);
        // Counted before the lot has it: a wake may resume it at once, which counts it out.
        parked.inc();
        match lot.park(self, socket, Handler::arm) {
            Ok(()) => Ok(()),
            Err(Refused {
                parked: mut handler,
                stream,
                reason,
            }) => {
                parked.dec();
                session.set_parking(handler.conn_id, Parking::Active);
                let event = match S::from_socket(stream) {
                    Ok(stream) => {
                        handler.io.set_stream(stream);
                        reason.unwrap_or(Event::Woken)
                    }
                    Err(e) => Event::Failed(Box::new(e.into())),
                };
                Err((handler, event))
            }
        }
    }

    /// Registers `cx` (the parking lot's waker) where the connection waits besides its socket:
    /// its control channel and its session's wake. Returns what is ready already, if anything.
    fn arm(&mut self, cx: &mut Context<'_>) -> Option<Event> {
        if let Poll::Ready(c) = std::pin::Pin::new(&mut self.control).poll(cx) {
            return Some(Event::Control(c.ok()));
        }
        if self.session.poll_woken(cx, self.conn_id).is_ready() {
            return Some(Event::Woken);
        }
        None
    }

    async fn close(mut self: Box<Self>, exit: Exit) {
        let will = match exit {
            Exit::WithWill => self.will.take().map(|will| *will),
            Exit::WithoutWill | Exit::Park => None,
        };
        // Bounded like every write: a client that stopped reading must not keep the session
        // attached, and its will unpublished, for ever.
        let _ = tokio::time::timeout(write_timeout(self.keep_alive), self.io.close()).await;
        let outlives = self.broker.detach(&self.session, self.conn_id, will);
        self.broker.metrics.connections.dec();
        if outlives && let Err(e) = self.broker.persist_session(&self.session, true).await {
            tracing::warn!(client_id = %self.session.client_id, error = %e, "could not persist the session");
        }
    }

    /// Resends unacknowledged deliveries with DUP, and PUBREL for released ones [MQTT-4.4.0-1].
    fn resend_inflight(&mut self) -> Result<()> {
        let session = Arc::clone(&self.session);
        let st = session.lock();
        for (&pkid, out) in &st.inflight {
            if out.released {
                self.io
                    .buffer(&Packet::PubRel(Ack::new(pkid)), self.protocol)?;
            } else {
                let mut publish = self.build_publish(&out.delivery, pkid);
                publish.dup = true;
                self.io.buffer(&Packet::Publish(publish), self.protocol)?;
            }
        }
        Ok(())
    }

    /// The main loop. Returns how the connection ends.
    async fn run(&mut self, first: Event) -> Exit {
        let mut event = first;
        loop {
            if matches!(event, Event::Park) {
                return Exit::Park;
            }
            let input = matches!(event, Event::Input);
            // Boxed: handling packets (a publish's append and routing above all) takes
            // kilobytes of future state that an idle connection should not carry. One
            // allocation per wake buys them back.
            if let Some(exit) = Box::pin(self.work(event)).await {
                return exit;
            }
            if input {
                // A burst is handled without waiting on anything (publishes into memory
                // complete at once), and the subscriber tasks it wakes sit in this worker's
                // LIFO slot, which other workers cannot steal. When more bytes are already
                // buffered, step aside so that those subscribers drain their queues before the
                // next burst fills them; otherwise give one unit of the budget back, as any
                // socket read would.
                if self.io.has_buffered() {
                    tokio::task::yield_now().await;
                } else {
                    tokio::task::coop::consume_budget().await;
                }
            }
            event = std::future::poll_fn(|cx| self.poll_event(cx)).await;
        }
    }

    /// The idle wait: ready with the first thing that needs the connection, in this order:
    /// a control message, whole packets still buffered, bytes (or the end) from the socket, a
    /// wake from the session queue, and last a request to park. Keeps no state outside `self`.
    fn poll_event(&mut self, cx: &mut Context<'_>) -> Poll<Event> {
        if let Poll::Ready(c) = std::pin::Pin::new(&mut self.control).poll(cx) {
            return Poll::Ready(Event::Control(c.ok()));
        }
        if self.input_ready {
            return Poll::Ready(Event::Input);
        }
        match self.io.poll_fill(cx) {
            Poll::Ready(Ok(true)) => return Poll::Ready(Event::Input),
            Poll::Ready(Ok(false)) => return Poll::Ready(Event::Closed),
            Poll::Ready(Err(e)) => return Poll::Ready(Event::Failed(Box::new(e))),
            Poll::Pending => {}
        }
        if self.session.poll_woken(cx, self.conn_id).is_ready() {
            return Poll::Ready(Event::Woken);
        }
        if self.session.parking() == Parking::Asked {
            if self.seat.lot().is_none() {
                self.session.set_parking(self.conn_id, Parking::Never);
            } else if self.io.is_drained() {
                return Poll::Ready(Event::Park);
            } else {
                self.session.set_parking(self.conn_id, Parking::Active);
            }
        }
        Poll::Pending
    }

    /// Acts on `event`, then sends what the session queue holds. `Some(exit)` ends the
    /// connection.
    async fn work(&mut self, event: Event) -> Option<Exit> {
        self.session.mark_active(self.broker.mono_ms());
        match event {
            Event::Control(Some(Control::Disconnect(reason))) => {
                debug!(client_id = %self.session.client_id, reason = reason.0, "disconnecting");
                self.send_disconnect(reason).await;
                return Some(Exit::WithWill);
            }
            Event::Control(Some(Control::Shutdown)) => {
                self.send_disconnect(ReasonCode::SERVER_SHUTTING_DOWN).await;
                return Some(Exit::WithoutWill);
            }
            // The handle was dropped: the session was taken and ended elsewhere.
            Event::Control(None) => return Some(Exit::WithoutWill),
            Event::Closed => return Some(Exit::WithWill),
            Event::Failed(e) => return Some(self.fail(*e).await),
            Event::Input => match self.handle_input().await {
                Ok(None) => {}
                Ok(Some(exit)) => return Some(exit),
                Err(e) => return Some(self.fail(e).await),
            },
            Event::Woken | Event::Park => {}
        }
        if let Err(e) = self.drain_queue() {
            return Some(self.fail(e).await);
        }
        if let Err(e) = self.flush().await {
            debug!(client_id = %self.session.client_id, error = %e, "write failed");
            return Some(Exit::WithWill);
        }
        None
    }

    /// Ends the connection for error `e`: a 5.0 client is told why with DISCONNECT
    /// [MQTT-4.13.1-1]; the will is published.
    async fn fail(&mut self, e: BrokerError) -> Exit {
        debug!(client_id = %self.session.client_id, error = %e, "closing connection");
        if !matches!(e, BrokerError::Io(_)) {
            self.send_disconnect(e.reason_code()).await;
        }
        Exit::WithWill
    }

    async fn send_disconnect(&mut self, reason: ReasonCode) {
        if self.protocol.is_v5() {
            let _ = self
                .io
                .buffer(&Packet::Disconnect(Disconnect::new(reason)), self.protocol);
        }
        let _ = self.flush().await;
    }

    /// Writes what is buffered, giving up after the write timeout: a client that stops reading
    /// (a zero TCP window, a vanished host) would otherwise hold this task, its socket and its
    /// buffers, and keepalive, takeover and shutdown would never be seen.
    async fn flush(&mut self) -> Result<()> {
        match tokio::time::timeout(write_timeout(self.keep_alive), self.io.flush()).await {
            Ok(result) => result,
            Err(_) => Err(BrokerError::Io(std::io::ErrorKind::TimedOut.into())),
        }
    }

    /// Handles the whole packets buffered, up to [`READ_BATCH`] or until [`WRITE_BATCH`] bytes
    /// of answers are waiting, so that a burst is answered with one write instead of one write
    /// per packet. A packet that had to wait ends the burst too. A burst that ends early leaves
    /// `input_ready` set, so the next wait returns at once. `Ok(Some(exit))` ends the
    /// connection.
    async fn handle_input(&mut self) -> Result<Option<Exit>> {
        self.input_ready = false;
        let mut next = self.io.buffered_packet(self.protocol)?;
        if next.is_some() {
            // Any packet restarts the keepalive period [MQTT-3.1.2-22].
            self.session.touch(self.broker.mono_ms());
        }
        let mut handled = 0;
        while let Some(packet) = next.take() {
            self.waited = false;
            if let Some(exit) = self.handle(packet).await? {
                return Ok(Some(exit));
            }
            handled += 1;
            if self.waited || handled == READ_BATCH || self.io.pending_write() >= WRITE_BATCH {
                self.input_ready = self.io.has_buffered();
                break;
            }
            next = self.io.buffered_packet(self.protocol)?;
        }
        Ok(None)
    }

    /// Handles one packet. `Ok(Some(exit))` ends the connection.
    async fn handle(&mut self, packet: Packet) -> Result<Option<Exit>> {
        // Real work counts a return from parking toward the park streak; answering a ping
        // does not, or an idle client's keepalive would keep it from parking.
        if !matches!(packet, Packet::PingReq) {
            self.session.count_return(self.conn_id);
        }
        let v5 = self.protocol.is_v5();
        match packet {
            Packet::Publish(publish) => {
                if let Some(waiting) = self.handle_publish(publish)? {
                    // Boxed, as every wait in here: this future is built for every packet, and
                    // a small one is cheap to build.
                    Box::pin(self.finish_publish(waiting)).await?;
                }
            }
            Packet::PubAck(ack) => {
                let mut st = self.session.lock();
                if st
                    .inflight
                    .get(&ack.pkid)
                    .is_some_and(|o| o.delivery.qos == QoS::AtLeastOnce)
                {
                    st.inflight.remove(&ack.pkid);
                }
            }
            Packet::PubRec(ack) => {
                let known = {
                    let mut st = self.session.lock();
                    match st.inflight.get_mut(&ack.pkid) {
                        Some(out) if out.delivery.qos == QoS::ExactlyOnce => {
                            if ack.reason.is_error() {
                                st.inflight.remove(&ack.pkid);
                                None
                            } else {
                                out.released = true;
                                Some(true)
                            }
                        }
                        _ => Some(false),
                    }
                };
                if let Some(known) = known {
                    let mut rel = Ack::new(ack.pkid);
                    if !known && v5 {
                        rel.reason = ReasonCode::PACKET_IDENTIFIER_NOT_FOUND;
                    }
                    self.io.buffer(&Packet::PubRel(rel), self.protocol)?;
                }
            }
            Packet::PubComp(ack) => {
                let mut st = self.session.lock();
                if st.inflight.get(&ack.pkid).is_some_and(|o| o.released) {
                    st.inflight.remove(&ack.pkid);
                }
            }
            Packet::PubRel(ack) => {
                let known = self.session.lock().incoming_qos2.remove(&ack.pkid);
                let mut comp = Ack::new(ack.pkid);
                if !known && v5 {
                    comp.reason = ReasonCode::PACKET_IDENTIFIER_NOT_FOUND;
                }
                self.io.buffer(&Packet::PubComp(comp), self.protocol)?;
            }
            Packet::Subscribe(subscribe) => {
                self.handle_subscribe(subscribe)?;
                Box::pin(self.persist()).await;
            }
            Packet::Unsubscribe(unsubscribe) => {
                self.handle_unsubscribe(unsubscribe)?;
                Box::pin(self.persist()).await;
            }
            Packet::PingReq => {
                self.io.buffer(&Packet::PingResp, self.protocol)?;
            }
            Packet::Disconnect(disconnect) => return self.handle_disconnect(disconnect).map(Some),
            Packet::Connect(_) => {
                return Err(BrokerError::protocol(
                    ReasonCode::PROTOCOL_ERROR,
                    "second CONNECT [MQTT-3.1.0-2]",
                ));
            }
            Packet::Auth(_) => {
                return Err(BrokerError::protocol(
                    ReasonCode::PROTOCOL_ERROR,
                    "AUTH without an authentication method",
                ));
            }
            Packet::ConnAck(_) | Packet::SubAck(_) | Packet::UnsubAck(_) | Packet::PingResp => {
                return Err(BrokerError::protocol(
                    ReasonCode::PROTOCOL_ERROR,
                    "server-to-client packet sent by a client",
                ));
            }
        }
        Ok(None)
    }

    /// Records a persistent session's subscriptions in meta. A failure is logged, not fatal: the
    /// session works on, and only a restart before the next successful write would lose the
    /// change.
    async fn persist(&mut self) {
        self.waited = true;
        if let Err(e) = self.broker.persist_session(&self.session, false).await {
            tracing::warn!(client_id = %self.session.client_id, error = %e, "could not persist the session");
        }
    }

    fn handle_disconnect(&mut self, disconnect: Disconnect) -> Result<Exit> {
        if let Some(expiry) = disconnect.properties.session_expiry_interval {
            if self.connect_expiry_zero && expiry != 0 {
                // [MQTT-3.14.2-2]
                return Err(BrokerError::protocol(
                    ReasonCode::PROTOCOL_ERROR,
                    "session expiry raised from 0 at DISCONNECT",
                ));
            }
            self.session.lock().expiry_interval =
                expiry.min(self.broker.settings.max_session_expiry);
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
    /// common case the whole publish and its acknowledgement. Returns the message when
    /// publishing must wait (a durable shard, a retained message); [`Handler::finish_publish`]
    /// completes it.
    fn handle_publish(&mut self, mut publish: Publish) -> Result<Option<Waiting>> {
        let settings = &self.broker.settings;
        self.broker.metrics.messages_in_by_qos[publish.qos as usize].inc();
        self.broker
            .metrics
            .bytes_in
            .inc_by(publish.payload.len() as u64);
        if publish.qos > settings.max_qos {
            return Err(BrokerError::protocol(
                ReasonCode::QOS_NOT_SUPPORTED,
                "QoS above Maximum QoS [MQTT-3.2.2-11]",
            ));
        }
        if publish.retain && !settings.retain_available {
            return Err(BrokerError::protocol(
                ReasonCode::RETAIN_NOT_SUPPORTED,
                "RETAIN while Retain Available is 0 [MQTT-3.2.2-14]",
            ));
        }
        if !publish.properties.subscription_identifiers.is_empty() {
            return Err(BrokerError::protocol(
                ReasonCode::PROTOCOL_ERROR,
                "Subscription Identifier in a client PUBLISH [MQTT-3.3.4-6]",
            ));
        }
        if let Some(alias) = publish.properties.topic_alias {
            if alias > settings.topic_alias_maximum {
                return Err(BrokerError::protocol(
                    ReasonCode::TOPIC_ALIAS_INVALID,
                    "topic alias above Topic Alias Maximum [MQTT-3.3.2-9]",
                ));
            }
            if publish.topic.is_empty() {
                match self.aliases.as_ref().and_then(|a| a.inbound.get(&alias)) {
                    Some(topic) => publish.topic = topic.clone(),
                    None => {
                        return Err(BrokerError::protocol(
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
        if !topic::is_valid_name(&publish.topic) {
            return Err(BrokerError::protocol(
                ReasonCode::TOPIC_NAME_INVALID,
                "invalid topic name [MQTT-3.3.2-2]",
            ));
        }
        let pkid = publish.pkid;
        let qos = publish.qos;
        if qos == QoS::ExactlyOnce {
            let st = self.session.lock();
            if st.incoming_qos2.contains(&pkid) {
                // A resent QoS 2 PUBLISH: acknowledged again, delivered once (MQTT 5.0 section 4.3.3).
                drop(st);
                self.io
                    .buffer(&Packet::PubRec(Ack::new(pkid)), self.protocol)?;
                return Ok(None);
            }
            if st.incoming_qos2.len() >= usize::from(settings.max_inflight) {
                return Err(BrokerError::protocol(
                    ReasonCode::RECEIVE_MAXIMUM_EXCEEDED,
                    "more QoS 2 publishes in flight than Receive Maximum [MQTT-3.3.4-7]",
                ));
            }
        }
        if !self
            .broker
            .security
            .may_publish(&self.identity, &publish.topic)
        {
            self.ack_publish(pkid, qos, ReasonCode::NOT_AUTHORIZED)?;
            return Ok(None);
        }
        if publish.payload.len() < COPY_PAYLOAD_BELOW {
            // A small payload is a slice of the read buffer and would keep all of it alive
            // while queued or retained; a copy frees the buffer and costs little.
            publish.payload = bytes::Bytes::copy_from_slice(&publish.payload);
        }
        let message = Message::from_publish(publish, Some(Arc::clone(&self.session.client_id)));
        match self.broker.try_publish_now(message) {
            PublishNow::Done(published) => {
                self.ack_outcome(pkid, qos, published)?;
                Ok(None)
            }
            PublishNow::MustWait(message) => Ok(Some(Waiting { message, pkid, qos })),
        }
    }

    /// Publishes what [`Handler::handle_publish`] could not finish at once, and acknowledges
    /// it. Returns once the message is as durable as its topic promises.
    async fn finish_publish(&mut self, waiting: Waiting) -> Result<()> {
        self.waited = true;
        let published = self.broker.publish(waiting.message).await;
        self.ack_outcome(waiting.pkid, waiting.qos, published)
    }

    /// Acknowledges a publish as its outcome says. A failed QoS 0 publish, or any failed
    /// publish of a 3.x client, closes the connection instead: 3.x has no way to refuse a
    /// publish, and closing without the ack makes the client send it again.
    fn ack_outcome(&mut self, pkid: u16, qos: QoS, outcome: Result<()>) -> Result<()> {
        let mut reason = ReasonCode::SUCCESS;
        if let Err(e) = outcome {
            if !self.protocol.is_v5() || qos == QoS::AtMostOnce {
                return Err(e);
            }
            tracing::warn!(client_id = %self.session.client_id, error = %e, "publish failed");
            reason = ReasonCode::IMPLEMENTATION_SPECIFIC_ERROR;
        }
        self.ack_publish(pkid, qos, reason)
    }

    /// Buffers the PUBACK or PUBREC for a publish (nothing for QoS 0). 3.x cannot carry a
    /// refusal: the publish is acknowledged and dropped, as Mosquitto does.
    fn ack_publish(&mut self, pkid: u16, qos: QoS, reason: ReasonCode) -> Result<()> {
        let v5 = self.protocol.is_v5();
        let ack = Ack {
            pkid,
            reason: if v5 { reason } else { ReasonCode::SUCCESS },
            properties: Properties::default(),
        };
        match qos {
            QoS::AtMostOnce => {}
            QoS::AtLeastOnce => {
                self.io.buffer(&Packet::PubAck(ack), self.protocol)?;
            }
            QoS::ExactlyOnce => {
                if !ack.reason.is_error() {
                    self.session.lock().incoming_qos2.insert(pkid);
                }
                self.io.buffer(&Packet::PubRec(ack), self.protocol)?;
            }
        }
        Ok(())
    }

    fn handle_subscribe(&mut self, subscribe: Subscribe) -> Result<()> {
        let v5 = self.protocol.is_v5();
        let id = subscribe
            .properties
            .subscription_identifiers
            .first()
            .copied();
        let mut codes = Vec::with_capacity(subscribe.filters.len());
        for s in &subscribe.filters {
            if v5 && s.options.no_local && s.filter.starts_with("$share/") {
                return Err(BrokerError::protocol(
                    ReasonCode::PROTOCOL_ERROR,
                    "No Local on a shared subscription [MQTT-3.8.3-4]",
                ));
            }
            let code =
                match self
                    .broker
                    .subscribe(&self.session, &self.identity, &s.filter, s.options, id)
                {
                    SubscribeOutcome::Granted(qos) => ReasonCode(qos as u8),
                    SubscribeOutcome::InvalidFilter => ReasonCode::TOPIC_FILTER_INVALID,
                    SubscribeOutcome::Denied => ReasonCode::NOT_AUTHORIZED,
                };
            codes.push(code);
        }
        let ack = SubAck {
            pkid: subscribe.pkid,
            codes,
            properties: Properties::default(),
        };
        self.io.buffer(&Packet::SubAck(ack), self.protocol)?;
        Ok(())
    }

    fn handle_unsubscribe(&mut self, unsubscribe: Unsubscribe) -> Result<()> {
        let codes = unsubscribe
            .filters
            .iter()
            .map(|f| {
                if self.broker.unsubscribe(&self.session, f) {
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
        self.io.buffer(&Packet::UnsubAck(ack), self.protocol)?;
        Ok(())
    }

    /// The PUBLISH for `delivery` on this connection: QoS, remaining expiry, subscription
    /// identifiers (5.0) and packet id; no topic alias. For resending, where the alias a
    /// previous connection set up no longer holds.
    fn build_publish(&self, delivery: &crate::message::Delivery, pkid: u16) -> Publish {
        let m = &delivery.message;
        let properties = self.delivery_properties(delivery, Instant::now());
        Publish {
            dup: false,
            qos: delivery.qos,
            retain: delivery.retain,
            topic: m.topic.clone(),
            pkid: if delivery.qos == QoS::AtMostOnce {
                0
            } else {
                pkid
            },
            payload: m.payload.clone(),
            properties,
        }
    }

    /// The properties `delivery` goes out with on this connection: none before 5.0; at 5.0 the
    /// message's, with the expiry left at `now` and the subscription identifiers.
    fn delivery_properties(&self, delivery: &crate::message::Delivery, now: Instant) -> Properties {
        if !self.protocol.is_v5() {
            return Properties::default();
        }
        let m = &delivery.message;
        let mut properties = m.properties.clone();
        if let Expiry::Remaining(secs) = m.remaining_expiry(now) {
            properties.message_expiry_interval = Some(secs);
        }
        if !delivery.subscription_ids.is_empty() {
            properties.subscription_identifiers = delivery.subscription_ids.clone();
        }
        properties
    }

    /// Moves deliveries from the session queue into the write buffer, as far as the client's
    /// Receive Maximum and the batch size allow. Expired messages are dropped [MQTT-3.3.2-5], as
    /// are ones larger than the client's Maximum Packet Size [MQTT-3.1.2-25].
    fn drain_queue(&mut self) -> Result<()> {
        let session = Arc::clone(&self.session);
        let mut st = session.lock();
        if st
            .connection
            .as_ref()
            .is_none_or(|a| a.conn_id != self.conn_id)
        {
            // Taken over: the queue and the inflight window belong to the new connection now.
            // A wake this task consumed was meant for it, so pass it on.
            drop(st);
            self.session.wake();
            return Ok(());
        }
        if !st.queue.is_empty() {
            self.session.count_return(self.conn_id);
        }
        let now = Instant::now();
        let metrics = &self.broker.metrics;
        while self.io.write_buf().len() < WRITE_BATCH {
            let Some(front) = st.queue.front() else { break };
            if front.qos != QoS::AtMostOnce && st.inflight.len() >= self.send_window {
                break;
            }
            let Some(delivery) = st.queue.pop_front() else {
                break;
            };
            st.queued_bytes -= delivery.queued_bytes();
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
                        st.queued_bytes += delivery.queued_bytes();
                        st.queue.push_front(delivery);
                        break;
                    }
                }
            };
            let m = &delivery.message;
            let mut properties = self.delivery_properties(&delivery, now);
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
                qos: delivery.qos,
                retain: delivery.retain,
                topic,
                pkid: if delivery.qos == QoS::AtMostOnce {
                    0
                } else {
                    pkid
                },
                payload: &m.payload,
                properties: &properties,
            };
            // Checked on the packet as it will go out, alias included [MQTT-3.1.2-24].
            if publish.size(self.protocol) > self.client_max_packet {
                if new_alias && let Some(a) = self.aliases.as_mut() {
                    a.outbound.remove(&m.topic);
                }
                metrics.dropped.with_label_values(&["too_large"]).inc();
                continue;
            }
            metrics.messages_out_by_qos[delivery.qos as usize].inc();
            metrics.bytes_out.inc_by(m.payload.len() as u64);
            let mark = self.io.write_buf().len();
            if let Err(e) = publish.write(self.protocol, self.io.write_buf()) {
                self.io.write_buf().truncate(mark);
                return Err(e.into());
            }
            if delivery.qos != QoS::AtMostOnce {
                st.inflight.insert(
                    pkid,
                    Outgoing {
                        delivery,
                        released: false,
                    },
                );
            }
        }
        let more = st
            .queue
            .front()
            .is_some_and(|d| d.qos == QoS::AtMostOnce || st.inflight.len() < self.send_window);
        drop(st);
        if more {
            self.session.wake();
        }
        Ok(())
    }
}

/// The CONNACK refusal for `connect`, or `None` to accept it.
fn check_connect(broker: &Broker, connect: &Connect) -> Option<ReasonCode> {
    let settings = &broker.settings;
    let v5 = connect.protocol.is_v5();
    if v5 && connect.properties.authentication_method.is_some() {
        return Some(ReasonCode::BAD_AUTHENTICATION_METHOD);
    }
    if connect.client_id.is_empty()
        && (!v5 && !connect.clean_start || connect.protocol == Protocol::V31)
    {
        // [MQTT-3.1.3-8]: 3.1.1 refuses an empty id with clean session 0; 3.1 refuses any.
        return Some(ReasonCode::CLIENT_IDENTIFIER_NOT_VALID);
    }
    if let Some(will) = &connect.will {
        if !topic::is_valid_name(&will.topic) {
            return Some(ReasonCode::TOPIC_NAME_INVALID);
        }
        if will.qos > settings.max_qos {
            return Some(ReasonCode::QOS_NOT_SUPPORTED);
        }
        if will.retain && !settings.retain_available {
            return Some(ReasonCode::RETAIN_NOT_SUPPORTED);
        }
    }
    None
}

/// Authenticates a CONNECT (blacklist, user store, anonymous access) and checks its will's topic
/// against the ACL. The password check runs on the blocking pool: it costs milliseconds.
async fn authenticate(
    broker: &Broker,
    connect: &Connect,
    client_id: &str,
    peer: SocketAddr,
) -> std::result::Result<Identity, ReasonCode> {
    let admission = broker.security.admit(
        client_id,
        connect.username.as_deref(),
        connect.password.is_some(),
        peer.ip(),
        crate::message::unix_ms(),
    );
    let identity = match admission {
        Admission::Admit(identity) => identity,
        Admission::Verify { identity, hash } => {
            let password = connect.password.clone().unwrap_or_default();
            let matches = tokio::task::spawn_blocking(move || {
                robustmq_common::password::verify(&password, &hash)
            })
            .await
            .unwrap_or(false);
            if !matches {
                return Err(ReasonCode::BAD_USER_NAME_OR_PASSWORD);
            }
            identity
        }
        Admission::Refuse(Refusal::Banned) => return Err(ReasonCode::BANNED),
        Admission::Refuse(Refusal::BadCredentials) => {
            return Err(ReasonCode::BAD_USER_NAME_OR_PASSWORD);
        }
        Admission::Refuse(Refusal::NotAuthorized) => return Err(ReasonCode::NOT_AUTHORIZED),
    };
    if let Some(will) = &connect.will
        && !broker.security.may_publish(&identity, &will.topic)
    {
        return Err(ReasonCode::NOT_AUTHORIZED);
    }
    Ok(identity)
}

impl<S: Transport> Resume for Handler<S> {
    fn resume(mut self: Box<Self>, socket: std::net::TcpStream) {
        self.broker.metrics.parked.dec();
        // The sweep's request to park woke the connection and marked it active, so the idle
        // gap is the delay it waited before that plus the time it was parked.
        let now = self.broker.mono_ms();
        let idle_ms = now
            .saturating_sub(self.session.last_active_ms())
            .saturating_add(park_delay_ms(self.session.park_streak()));
        self.session
            .note_unparked(self.conn_id, idle_ms < PARK_AFTER_MAX_MS);
        // Active only once the clock is restarted: a sweep in between would see the old time
        // and ask it to park again at once.
        self.session.mark_active(now);
        self.session.set_parking(self.conn_id, Parking::Active);
        let first = match S::from_socket(socket) {
            Ok(stream) => {
                self.io.set_stream(stream);
                // A control message first: shutdown, a kick or keepalive expiry must not wait
                // behind a flush to a client that is not reading.
                let mut cx = Context::from_waker(std::task::Waker::noop());
                match std::pin::Pin::new(&mut self.control).poll(&mut cx) {
                    Poll::Ready(c) => Event::Control(c.ok()),
                    Poll::Pending => Event::Woken,
                }
            }
            Err(e) => Event::Failed(Box::new(e.into())),
        };
        tokio::spawn(self.serve(first));
    }
}

#[cfg(test)]
mod tests {
    use tokio::net::{TcpListener, TcpStream};

    use super::*;

    /// What an idle connection holds, besides its session: the task's future (in a cell of
    /// tokio's, 128-byte aligned) and the boxed handler. These bounds keep a timer, a waiter
    /// node or a packet's worth of state from creeping back into the wait.
    #[tokio::test]
    async fn an_idle_connection_is_a_small_future_and_a_boxed_handler() {
        let (_dir, broker) = crate::broker::test_broker().await;
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let stream = TcpStream::connect(listener.local_addr().expect("addr"))
            .await
            .expect("connect");
        let peer = stream.local_addr().expect("addr");
        let task = serve(Box::new(Accepted {
            stream,
            peer,
            broker,
            seat: Seat::detached(),
        }));
        let future = std::mem::size_of_val(&task);
        let handler = std::mem::size_of::<Handler<TcpStream>>();
        let session = std::mem::size_of::<Session>();
        eprintln!("task future {future} B, handler {handler} B, session {session} B");
        assert!(future <= 128, "the task's future is {future} bytes");
        assert!(handler <= 256, "the handler is {handler} bytes");
    }

    /// Sends `packet` and reads the one packet that answers it.
    async fn exchange(client: &mut TcpStream, packet: Packet) -> Packet {
        use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
        let mut out = bytes::BytesMut::new();
        packet.write(Protocol::V5, &mut out).expect("encode");
        client.write_all(&out).await.expect("send");
        let mut buf = bytes::BytesMut::new();
        loop {
            match robustmq_mqtt_codec::read(&mut buf, Protocol::V5, 1 << 20) {
                Ok(packet) => return packet,
                Err(robustmq_mqtt_codec::Error::Incomplete(_)) => {
                    assert!(client.read_buf(&mut buf).await.expect("read") > 0, "closed");
                }
                Err(e) => panic!("decode: {e}"),
            }
        }
    }

    /// A return from parking counts toward the park streak only once the connection does real
    /// work: a PINGREQ alone (an idle client's keepalive) leaves it pending, a SUBSCRIBE counts
    /// it.
    #[tokio::test]
    async fn a_return_from_parking_counts_on_real_work_and_not_on_a_ping() {
        let (_dir, broker) = crate::broker::test_broker().await;
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let mut client = TcpStream::connect(listener.local_addr().expect("addr"))
            .await
            .expect("connect");
        let (stream, peer) = listener.accept().await.expect("accept");
        tokio::spawn(serve(Box::new(Accepted {
            stream,
            peer,
            broker: Arc::clone(&broker),
            seat: Seat::detached(),
        })));
        let connect = Connect {
            protocol: Protocol::V5,
            clean_start: true,
            keep_alive: 0,
            client_id: "periodic".to_owned(),
            will: None,
            username: None,
            password: None,
            properties: Properties::default(),
        };
        assert!(matches!(
            exchange(&mut client, Packet::Connect(Box::new(connect))).await,
            Packet::ConnAck(_)
        ));
        let session = broker
            .sessions
            .lock()
            .get("periodic")
            .cloned()
            .expect("session");
        let conn_id = session
            .lock()
            .connection
            .as_ref()
            .expect("attached")
            .conn_id;

        session.note_unparked(conn_id, true);
        assert_eq!(
            exchange(&mut client, Packet::PingReq).await,
            Packet::PingResp
        );
        assert_eq!(session.park_streak(), 0, "a ping is not real work");
        let subscribe = robustmq_mqtt_codec::Subscribe {
            pkid: 1,
            filters: vec![robustmq_mqtt_codec::Subscription {
                filter: "t".to_owned(),
                options: robustmq_mqtt_codec::SubscriptionOptions::default(),
            }],
            properties: Properties::default(),
        };
        assert!(matches!(
            exchange(&mut client, Packet::Subscribe(subscribe)).await,
            Packet::SubAck(_)
        ));
        assert_eq!(session.park_streak(), 1, "a subscribe is");
    }
}
