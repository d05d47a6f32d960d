//! The task that drives one MQTT connection: it reads packets from the socket and hands them to
//! the connection's sans-IO state machine ([`crate::mqtt::protocol`]), does what the machine
//! says must wait (a durable publish, a session record, a password check), writes what it
//! encoded, and waits for the next thing to do.
//!
//! An active connection's task waits on three things at once: bytes from the client, a wake from
//! its session queue, and a control message (takeover, kick, keepalive expiry, shutdown).
//! Deliveries are drained from the session queue in batches, encoded into one buffer and written
//! with one syscall where the socket allows.
//!
//! An idle connection is what it holds while it waits, so the wait is a hand-written poll over
//! the handler's own fields and keeps no state of its own: no timer (the broker sweeps keepalive
//! for all connections), no waiter nodes (the session keeps one waker, its owner's), no buffers
//! (see [`Connection::poll_fill`]). Everything that works is boxed and lives only while it runs.
//! A connection idle for long enough gives up its task altogether and parks
//! (`robustmq_net::park`).

use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use robustmq_mqtt_codec::{Connect, Error as CodecError, Packet, Properties, Protocol, ReasonCode};
use robustmq_net::park::{Refused, Resume};
use robustmq_net::{Peer, Seat, Stream};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::oneshot;
use tokio::time::Sleep;
use tracing::debug;

use crate::core::broker::{KEEPALIVE_FACTOR_PERMILLE, PARK_AFTER_MAX_MS, park_delay_ms};
use crate::core::rate::RateLimit;
use crate::core::session::{Control, ControlHandle, Parking};
use crate::core::{Broker, Will};
use crate::mqtt::connection::Connection;
use crate::mqtt::error::{MqttError, Result};
use crate::mqtt::protocol::{self, Exit, Opening, ProtocolState, Step, WRITE_BATCH};

/// Most packets handled from one read before the answers are written out and the session queue
/// is served: a burst of PUBLISHes gets its acks in one write, not one write each.
const READ_BATCH: usize = 64;
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

/// A connection just accepted by the network layer, boxed so that the task serving it starts
/// small.
pub struct Accepted {
    /// The stream, the peer and the seat.
    pub net: robustmq_net::Accepted,
    /// The broker it connected to.
    pub broker: Arc<Broker>,
}

/// Serves one MQTT connection from accept to close. Never panics on client input; every error
/// ends this connection only.
///
/// Each phase is boxed and lives only while it runs, so the task itself is a few pointers; an
/// idle client costs its handler and session, and once parked no task at all (see
/// bench/README.md on memory per connection).
pub async fn serve(accepted: Box<Accepted>) {
    let Some(handler) = Box::pin(open(accepted)).await else {
        return;
    };
    handler.serve(Event::Woken).await;
}

/// The CONNECT phase: reads CONNECT, answers it and attaches the session. `None` when the
/// connection ends in it. Takes `accepted` boxed and frees the box here: a box moved out of
/// in `serve` would stay allocated for the life of the connection.
async fn open(accepted: Box<Accepted>) -> Option<Box<Handler>> {
    let Accepted {
        net: robustmq_net::Accepted { stream, peer, seat },
        broker,
    } = *accepted;
    let (io, connect) = read_connect(stream, peer.addr, &broker).await?;
    match Handler::connect(&broker, io, connect, seat, &peer).await {
        Ok(Some(handler)) => {
            broker.metrics.connections.inc();
            Some(handler)
        }
        Ok(None) => None,
        Err(e) => {
            debug!(peer = %peer.addr, error = %e, "connection ended during CONNECT");
            None
        }
    }
}

/// Waits for the CONNECT that must open a connection [MQTT-3.1.0-1]. `None` when the
/// connection ends first: closed, timed out, shut down, or refused. A refusal says why before
/// the close where the client can read it: an unknown protocol level gets the 3.1.1-form CONNACK
/// 0x01, which every client parses (as Mosquitto answers), and a 5.0 CONNECT that breaks a
/// protocol rule or is malformed gets CONNACK 0x82 or 0x81 (MQTT 5.0 section 4.13.1).
async fn read_connect<S: AsyncRead + AsyncWrite + Unpin>(
    stream: S,
    peer: SocketAddr,
    broker: &Broker,
) -> Option<(Connection<S>, Connect)> {
    let mut io = Connection::new(stream, broker.settings.max_packet_size as usize);
    let mut level = None;
    let first = std::future::poll_fn(|cx| {
        loop {
            level = level.or_else(|| robustmq_mqtt_codec::connect::peek_level(io.buffered()));
            match io.buffered_packet(Protocol::V5) {
                Ok(Some(packet)) => return Poll::Ready(Ok(Some(packet))),
                Err(e) => return Poll::Ready(Err(e)),
                Ok(None) => {}
            }
            match std::task::ready!(io.poll_fill(cx)) {
                Ok(true) => {}
                Ok(false) => return Poll::Ready(Ok(None)),
                Err(e) => return Poll::Ready(Err(e)),
            }
        }
    });
    let first = tokio::select! {
        r = tokio::time::timeout(broker.settings.connect_timeout, first) => r,
        () = broker.shutdown().wait() => return None,
    };
    let refuse = |code: ReasonCode, protocol: Protocol| {
        let ack = robustmq_mqtt_codec::ConnAck {
            session_present: false,
            code,
            properties: Properties::default(),
        };
        (Packet::ConnAck(ack), protocol)
    };
    let (ack, protocol) = match first {
        Ok(Ok(Some(Packet::Connect(connect)))) => return Some((io, *connect)),
        Ok(Err(MqttError::Codec(CodecError::UnsupportedProtocol { name, level }))) => {
            debug!(%peer, %name, level, "unsupported protocol");
            refuse(ReasonCode::UNSUPPORTED_PROTOCOL_VERSION, Protocol::V311)
        }
        Ok(Err(MqttError::Codec(e))) if level == Some(5) => {
            debug!(%peer, error = %e, "bad 5.0 CONNECT; refusing");
            refuse(e.reason_code(), Protocol::V5)
        }
        Ok(Ok(Some(other))) => {
            debug!(%peer, packet = ?other.packet_type(), "first packet is not CONNECT; closing [MQTT-3.1.0-1]");
            return None;
        }
        Ok(Ok(None)) => return None,
        Ok(Err(e)) => {
            // Before 5.0 a CONNACK has no code for a broken CONNECT: close [MQTT-3.1.4-1].
            debug!(%peer, error = %e, "bad CONNECT; closing");
            return None;
        }
        Err(_) => {
            debug!(%peer, "no CONNECT in time; closing");
            return None;
        }
    };
    let _ = io.buffer(&ack, protocol);
    io.close().await;
    None
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
    Failed(Box<MqttError>),
    /// The session queue has deliveries (or nothing happened; waking is harmless).
    Woken,
    /// The broker asked the idle connection to park, and nothing is buffered.
    Park,
}

/// How the main loop stops: the connection ends, or parks.
enum Stop {
    End(Exit),
    Park,
}

/// The task's side of a connection: the bytes, the control channel and the seat, around the
/// protocol state.
struct Handler {
    io: Connection<Stream>,
    /// What the broker asks of this connection; see [`Control`].
    control: oneshot::Receiver<Control>,
    /// The connection's place in its listener, and its parking lot.
    seat: Seat,
    state: ProtocolState,
    /// Whether the packet being handled had to wait (a durable append, a session record in
    /// meta); a burst ends after such a packet, so that takeover, kick and shutdown are not held
    /// up behind many waits.
    waited: bool,
    /// Whole packets may be buffered that no burst has handled yet.
    input_ready: bool,
    /// `mqtt.max_publish_rate`, when a rate is set. Boxed: most connections have none, and
    /// an idle one should not carry it inline.
    limit: Option<Box<Throttle>>,
    /// Bytes read and written since they were last added to the listener's counters: a shared
    /// counter touched on every read cost QoS 0 1→1 about 7% (bench/run.sh), so it is touched
    /// once per [`FOLD_BYTES`], when the connection parks, and when it closes.
    unfolded_in: u32,
    unfolded_out: u32,
}

/// Bytes a connection counts on its own before it adds them to its listener's counters.
const FOLD_BYTES: u32 = 1 << 20;

/// A connection's publish rate limit and, while its bucket is in debt, when reading may go on.
/// Input waits for the timer; control messages and deliveries do not.
struct Throttle {
    bucket: RateLimit,
    until: Option<Pin<Box<Sleep>>>,
}

impl Handler {
    /// Answers CONNECT (the password check on the blocking pool: it costs milliseconds),
    /// attaches the session and sends CONNACK. `Ok(None)` when the CONNECT was refused (a
    /// CONNACK with an error code was sent).
    async fn connect(
        broker: &Arc<Broker>,
        mut io: Connection<Stream>,
        connect: Connect,
        seat: Seat,
        net_peer: &Peer,
    ) -> Result<Option<Box<Handler>>> {
        let peer = net_peer.addr;
        let handshake = match protocol::open(broker, connect, peer, net_peer.cert_cn.as_deref()) {
            Opening::Refused(ack, protocol) => {
                debug!(%peer, code = ack.code.0, "CONNECT refused");
                io.buffer(&Packet::ConnAck(ack), protocol)?;
                io.close().await;
                return Ok(None);
            }
            Opening::Pending(handshake) => handshake,
            Opening::Challenge(handshake, auth) => {
                io.buffer(&Packet::Auth(auth), Protocol::V5)?;
                let timeout = broker.settings.connect_timeout;
                if !matches!(tokio::time::timeout(timeout, io.flush()).await, Ok(Ok(()))) {
                    io.close().await;
                    return Ok(None);
                }
                // The client's answer gets another CONNECT timeout.
                let answer = tokio::time::timeout(
                    broker.settings.connect_timeout,
                    io.read_packet(Protocol::V5),
                )
                .await;
                let Ok(Ok(Some(Packet::Auth(auth)))) = answer else {
                    debug!(%peer, "no AUTH answer to the SCRAM challenge; closing");
                    io.close().await;
                    return Ok(None);
                };
                match handshake.on_auth(broker, auth) {
                    Ok(handshake) => handshake,
                    Err(ack) => {
                        debug!(%peer, code = ack.code.0, "AUTH refused");
                        io.buffer(&Packet::ConnAck(ack), Protocol::V5)?;
                        io.close().await;
                        return Ok(None);
                    }
                }
            }
        };
        let password_ok = match handshake.password_check() {
            Some((password, hash)) => {
                broker
                    .verify_password(handshake.username(), password, hash)
                    .await
            }
            None => true,
        };
        let conn_id = broker.next_conn_id();
        let (control, control_rx) = ControlHandle::new();
        let Some(state) = handshake.finish(
            broker,
            password_ok,
            conn_id,
            control,
            net_peer.transport.as_str(),
            io.write_buf(),
        )?
        else {
            debug!(%peer, "CONNECT refused");
            io.close().await;
            return Ok(None);
        };
        let mut handler = Box::new(Handler {
            io,
            control: control_rx,
            seat,
            state,
            waited: false,
            // CONNECT may have arrived together with the packets after it.
            input_ready: true,
            unfolded_in: 0,
            unfolded_out: 0,
            limit: NonZeroU32::new(broker.settings.max_publish_rate).map(|rate| {
                Box::new(Throttle {
                    bucket: RateLimit::new(rate, Instant::now()),
                    until: None,
                })
            }),
        });
        if let Err(e) = handler.flush().await {
            handler
                .state
                .broker()
                .detach(handler.state.session(), conn_id, None);
            return Err(e);
        }
        // A new connection parks at its first idle moment: most clients connect and then
        // wait, and parking them as they arrive lets the next ones reuse their tasks' memory
        // instead of adding to it. Later, a connection parks after the broker's idle delay.
        handler.state.session().set_parking(conn_id, Parking::Asked);
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
            let exit = match self.run(first).await {
                Stop::End(exit) => exit,
                Stop::Park => match self.park() {
                    Ok(()) => return,
                    Err((handler, event)) => {
                        self = handler;
                        first = event;
                        continue;
                    }
                },
            };
            Box::pin(self.close(exit)).await;
            return;
        }
    }

    /// Gives the connection to its listener's parking lot, unless something is ready for it
    /// already: then it is handed back with that event, to go on in this task.
    fn park(mut self: Box<Self>) -> std::result::Result<(), (Box<Self>, Event)> {
        let Some(lot) = self.seat.lot().cloned() else {
            return Err((self, Event::Woken));
        };
        let stream = self.io.stream_mut();
        if !stream.settle() {
            // Something above the socket still waits to go out: the connection stays, and is
            // asked again at the next sweep (asked at once, it would loop on this refusal).
            let conn_id = self.state.conn_id();
            self.state.session().set_parking(conn_id, Parking::Active);
            return Err((self, Event::Woken));
        }
        let socket = match stream.take_socket() {
            Ok(socket) => socket,
            Err(e) => return Err((self, Event::Failed(Box::new(e.into())))),
        };
        self.io.release_buffers();
        let session = Arc::clone(self.state.session());
        let conn_id = self.state.conn_id();
        let parked = self.state.broker().metrics.parked.clone();
        self.fold();
        session.set_parking(conn_id, Parking::Parked);
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
                session.set_parking(conn_id, Parking::Active);
                let event = match handler.io.put_socket(stream) {
                    Ok(()) => reason.unwrap_or(Event::Woken),
                    Err(e) => Event::Failed(Box::new(e)),
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
        if self
            .state
            .session()
            .poll_woken(cx, self.state.conn_id())
            .is_ready()
        {
            return Some(Event::Woken);
        }
        None
    }

    async fn close(mut self: Box<Self>, exit: Exit) {
        self.fold();
        let will: Option<Will> = self.state.take_will(exit);
        // Bounded like every write: a client that stopped reading must not keep the session
        // attached, and its will unpublished, for ever.
        let _ = tokio::time::timeout(
            write_timeout(self.state.keep_alive()),
            self.io.close_write(),
        )
        .await;
        let broker = Arc::clone(self.state.broker());
        let session = Arc::clone(self.state.session());
        let outlives = broker.detach(&session, self.state.conn_id(), will);
        broker.metrics.connections.dec();
        if outlives && let Err(e) = broker.persist_session(&session, true).await {
            tracing::warn!(client_id = %session.client_id, error = %e, "could not persist the session");
        }
        // After the session is released, so that the will and the session's fate do not wait
        // for the peer; the connection's seat (and its count against the per-IP and total
        // limits) is held until the linger ends, at most CLOSE_LINGER.
        self.io.linger().await;
    }

    /// The main loop. Returns how the connection stops.
    async fn run(&mut self, first: Event) -> Stop {
        let mut event = first;
        loop {
            if matches!(event, Event::Park) {
                return Stop::Park;
            }
            let input = matches!(event, Event::Input);
            // Boxed: handling packets (a publish's append and routing above all) takes
            // kilobytes of future state that an idle connection should not carry. One
            // allocation per wake buys them back.
            if let Some(exit) = Box::pin(self.work(event)).await {
                return Stop::End(exit);
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
        let throttled = self.limit.as_mut().is_some_and(|limit| {
            if let Some(until) = &mut limit.until
                && until.as_mut().poll(cx).is_ready()
            {
                limit.until = None;
            }
            limit.until.is_some()
        });
        if self.input_ready && !throttled {
            return Poll::Ready(Event::Input);
        }
        if !throttled {
            match self.io.poll_fill(cx) {
                Poll::Ready(Ok(true)) => {
                    self.count(self.io.last_read(), 0);
                    return Poll::Ready(Event::Input);
                }
                Poll::Ready(Ok(false)) => return Poll::Ready(Event::Closed),
                Poll::Ready(Err(e)) => return Poll::Ready(Event::Failed(Box::new(e))),
                Poll::Pending => {}
            }
        }
        let session = self.state.session();
        let conn_id = self.state.conn_id();
        if session.poll_woken(cx, conn_id).is_ready() {
            return Poll::Ready(Event::Woken);
        }
        if session.parking() == Parking::Asked && !throttled {
            if self.seat.lot().is_none() || !self.io.stream().can_park() {
                session.set_parking(conn_id, Parking::Never);
            } else if self.io.is_drained() {
                return Poll::Ready(Event::Park);
            } else {
                session.set_parking(conn_id, Parking::Active);
            }
        }
        Poll::Pending
    }

    /// Acts on `event`, then sends what the session queue holds. `Some(exit)` ends the
    /// connection.
    async fn work(&mut self, event: Event) -> Option<Exit> {
        let now = self.state.broker().mono_ms();
        self.state.session().mark_active(now);
        match event {
            Event::Control(control) => {
                if let Some(Control::Disconnect(reason)) = control {
                    debug!(client_id = %self.state.session().client_id, ?reason, "disconnecting");
                }
                let exit = self.state.on_control(control, self.io.write_buf());
                let _ = self.flush().await;
                return Some(exit);
            }
            Event::Closed => return Some(Exit::WithWill),
            Event::Failed(e) => return Some(self.fail(&e).await),
            Event::Input => match self.handle_input().await {
                Ok(None) => {}
                Ok(Some(exit)) => return Some(exit),
                Err(e) => return Some(self.fail(&e).await),
            },
            Event::Woken | Event::Park => {}
        }
        if let Err(e) = self.state.drain_queue(self.io.write_buf(), Instant::now()) {
            return Some(self.fail(&e).await);
        }
        if let Err(e) = self.flush().await {
            debug!(client_id = %self.state.session().client_id, error = %e, "write failed");
            return Some(Exit::WithWill);
        }
        None
    }

    /// Counts bytes read and written; adds them to the listener's counters once enough have
    /// piled up.
    fn count(&mut self, read: usize, written: usize) {
        // A read or a write buffer is far below 4 GiB; the sums stay below 2 × FOLD_BYTES.
        self.unfolded_in = self
            .unfolded_in
            .saturating_add(u32::try_from(read).unwrap_or(u32::MAX));
        self.unfolded_out = self
            .unfolded_out
            .saturating_add(u32::try_from(written).unwrap_or(u32::MAX));
        if self.unfolded_in >= FOLD_BYTES || self.unfolded_out >= FOLD_BYTES {
            self.fold();
        }
    }

    /// Adds the bytes counted so far to the listener's counters.
    fn fold(&mut self) {
        self.seat.received(self.unfolded_in as usize);
        self.seat.sent(self.unfolded_out as usize);
        self.unfolded_in = 0;
        self.unfolded_out = 0;
    }

    /// Ends the connection for error `e`, telling a 5.0 client why.
    async fn fail(&mut self, e: &MqttError) -> Exit {
        debug!(client_id = %self.state.session().client_id, error = %e, "closing connection");
        let exit = self.state.on_error(e, self.io.write_buf());
        let _ = self.flush().await;
        exit
    }

    /// Writes what is buffered, giving up after the write timeout: a client that stops reading
    /// (a zero TCP window, a vanished host) would otherwise hold this task, its socket and its
    /// buffers, and keepalive, takeover and shutdown would never be seen.
    async fn flush(&mut self) -> Result<()> {
        self.count(0, self.io.pending_write());
        match tokio::time::timeout(write_timeout(self.state.keep_alive()), self.io.flush()).await {
            Ok(result) => result,
            Err(_) => Err(MqttError::Io(std::io::ErrorKind::TimedOut.into())),
        }
    }

    /// Handles the whole packets buffered, up to [`READ_BATCH`] or until [`WRITE_BATCH`] bytes
    /// of answers are waiting, so that a burst is answered with one write instead of one write
    /// per packet. A packet that had to wait ends the burst too. A burst that ends early leaves
    /// `input_ready` set, so the next wait returns at once. `Ok(Some(exit))` ends the
    /// connection.
    async fn handle_input(&mut self) -> Result<Option<Exit>> {
        self.input_ready = false;
        let protocol = self.state.protocol();
        let mut next = self.io.buffered_packet(protocol)?;
        if next.is_some() {
            // Any packet restarts the keepalive period [MQTT-3.1.2-22].
            self.state.session().touch(self.state.broker().mono_ms());
        }
        let mut handled = 0;
        while let Some(packet) = next.take() {
            self.waited = false;
            let wait = match (&mut self.limit, &packet) {
                (Some(limit), Packet::Publish(_)) => limit.bucket.take(Instant::now()),
                _ => None,
            };
            match self.state.on_packet(packet, self.io.write_buf())? {
                Step::Continue => {}
                Step::Exit(exit) => return Ok(Some(exit)),
                // Boxed, as every wait in here: this future is built for every packet, and a
                // small one is cheap to build.
                Step::Publish(waiting) => Box::pin(self.publish(waiting)).await?,
                Step::Persist => self.state.broker().persist_later(self.state.session()),
            }
            handled += 1;
            if let (Some(wait), Some(limit)) = (wait, &mut self.limit) {
                // Over the rate: read nothing more until the debt is paid.
                self.state.broker().metrics.throttled.inc();
                limit.until = Some(Box::pin(tokio::time::sleep(wait)));
                self.input_ready = self.io.has_buffered();
                break;
            }
            if self.waited || handled == READ_BATCH || self.io.pending_write() >= WRITE_BATCH {
                self.input_ready = self.io.has_buffered();
                break;
            }
            next = self.io.buffered_packet(protocol)?;
        }
        Ok(None)
    }

    /// Publishes what the state machine could not publish at once, and has it acknowledged.
    /// Returns once the message is as durable as its topic promises.
    async fn publish(&mut self, waiting: protocol::Waiting) -> Result<()> {
        self.waited = true;
        let broker = Arc::clone(self.state.broker());
        let outcome = broker.publish(waiting.message).await;
        self.state
            .published(waiting.ack, outcome, self.io.write_buf())
    }
}

impl Resume for Handler {
    fn resume(mut self: Box<Self>, socket: std::net::TcpStream) {
        let broker = Arc::clone(self.state.broker());
        let session = Arc::clone(self.state.session());
        let conn_id = self.state.conn_id();
        broker.metrics.parked.dec();
        // The sweep's request to park woke the connection and marked it active, so the idle
        // gap is the delay it waited before that plus the time it was parked.
        let now = broker.mono_ms();
        let idle_ms = now
            .saturating_sub(session.last_active_ms())
            .saturating_add(park_delay_ms(session.park_streak()));
        session.note_unparked(conn_id, idle_ms < PARK_AFTER_MAX_MS);
        // Active only once the clock is restarted: a sweep in between would see the old time
        // and ask it to park again at once.
        session.mark_active(now);
        session.set_parking(conn_id, Parking::Active);
        let first = match self.io.put_socket(socket) {
            Ok(()) => {
                // A control message first: shutdown, a kick or keepalive expiry must not wait
                // behind a flush to a client that is not reading.
                let mut cx = Context::from_waker(std::task::Waker::noop());
                match std::pin::Pin::new(&mut self.control).poll(&mut cx) {
                    Poll::Ready(c) => Event::Control(c.ok()),
                    Poll::Pending => Event::Woken,
                }
            }
            Err(e) => Event::Failed(Box::new(e)),
        };
        tokio::spawn(self.serve(first));
    }
}

#[cfg(test)]
mod tests {
    use robustmq_net::Transport;
    use robustmq_net::socket::Socket;
    use tokio::net::{TcpListener, TcpStream};

    use super::*;
    use crate::core::session::Session;

    /// What an idle connection holds, besides its session: the task's future (in a cell of
    /// tokio's, 128-byte aligned) and the boxed handler. These bounds keep a timer, a waiter
    /// node or a packet's worth of state from creeping back into the wait.
    #[tokio::test]
    async fn an_idle_connection_is_a_small_future_and_a_boxed_handler() {
        let (_dir, broker) = crate::core::broker::test_broker().await;
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let stream = TcpStream::connect(listener.local_addr().expect("addr"))
            .await
            .expect("connect");
        let addr = stream.local_addr().expect("addr");
        let task = serve(Box::new(Accepted {
            net: robustmq_net::Accepted {
                stream: Stream::Tcp(Socket::new(stream)),
                peer: Peer {
                    addr,
                    transport: Transport::Tcp,
                    cert_cn: None,
                },
                seat: Seat::detached(),
            },
            broker,
        }));
        let future = std::mem::size_of_val(&task);
        let handler = std::mem::size_of::<Handler>();
        let session = std::mem::size_of::<Session>();
        eprintln!("task future {future} B, handler {handler} B, session {session} B");
        assert!(future <= 128, "the task's future is {future} bytes");
        assert!(handler <= 256, "the handler is {handler} bytes");
    }
}
