//! [`serve`]: the accept loop every protocol listener runs, and what it needs: the bound
//! [`Listener`], its [`Limits`] and its [`ListenerMetrics`].

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use prometheus::{IntCounterVec, IntGaugeVec, Opts, Registry};
use robustmq_common::shutdown::Shutdown;
use tokio::net::{TcpListener, TcpStream};
use tracing::{debug, warn};

use crate::park::ParkingLot;
use crate::seat::{Full, Gate, GateMetrics, Seat};
use crate::socket::Socket;
use crate::stream::Stream;
use crate::tls::{self, TlsAcceptor};
use crate::{NetError, Peer, Transport, proxy, quic, ws};

/// How long connections get to close on shutdown before the listener stops waiting for them.
const DRAIN: Duration = Duration::from_secs(3);
/// Pause after a failed accept (for example EMFILE) before trying again.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// A bound socket and what it speaks.
pub struct Listener {
    bound: Bound,
    transport: Transport,
    tls: Option<Arc<TlsAcceptor>>,
    /// The config key it was bound from (`mqtt.tls_addr`): the `listener` label of its metrics.
    name: &'static str,
}

/// The socket a listener accepts on.
enum Bound {
    Tcp(TcpListener),
    Quic(quinn::Endpoint),
}

impl Listener {
    /// A listener of `transport` (any but QUIC) on `tcp`, named by its config key. TLS and WSS
    /// need `tls`.
    ///
    /// # Errors
    /// [`NetError::TlsFile`] (key `tls.cert`) when a TLS transport has no `tls`;
    /// `InvalidInput` for QUIC, which [`Listener::quic`] makes.
    pub fn new(
        name: &'static str,
        tcp: TcpListener,
        transport: Transport,
        tls: Option<Arc<TlsAcceptor>>,
    ) -> Result<Listener, NetError> {
        if transport == Transport::Quic {
            return Err(NetError::Io(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "a QUIC listener is made from a UDP socket",
            )));
        }
        if transport.is_tls() && tls.is_none() {
            return Err(NetError::TlsFile {
                key: "tls.cert",
                reason: format!("must be set because {name} is a {transport} listener"),
            });
        }
        Ok(Listener {
            bound: Bound::Tcp(tcp),
            transport,
            tls,
            name,
        })
    }

    /// A QUIC listener on `udp`, named by its config key, with the certificate of `tls` (its
    /// reloads apply to new connections). Must be called within a tokio runtime.
    ///
    /// # Errors
    /// [`NetError::Io`] when quinn cannot take the socket.
    pub fn quic(
        name: &'static str,
        udp: std::net::UdpSocket,
        tls: Arc<TlsAcceptor>,
    ) -> Result<Listener, NetError> {
        let endpoint = quinn::Endpoint::new(
            quinn::EndpointConfig::default(),
            Some(quic::server_config(tls.current_quic())?),
            udp,
            Arc::new(quinn::TokioRuntime),
        )?;
        Ok(Listener {
            bound: Bound::Quic(endpoint),
            transport: Transport::Quic,
            tls: Some(tls),
            name,
        })
    }

    /// The address it is bound to.
    ///
    /// # Errors
    /// The socket cannot tell.
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        match &self.bound {
            Bound::Tcp(tcp) => tcp.local_addr(),
            Bound::Quic(endpoint) => endpoint.local_addr(),
        }
    }

    /// What it speaks.
    pub fn transport(&self) -> Transport {
        self.transport
    }
}

/// The bounds of one listener.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Most connections open at once; more are closed on accept.
    pub max_connections: usize,
    /// Most open at once from one address (IPv4-mapped counts as IPv4); 0: no such limit.
    pub max_per_ip: u32,
    /// How long the TLS handshake and the WebSocket upgrade may take together.
    pub handshake_timeout: Duration,
    /// Largest WebSocket message (and frame) accepted.
    pub max_message: usize,
    /// Where the protocol is served on the WebSocket and WSS listeners.
    pub ws_route: ws::Route,
    /// Whether every TCP-based connection starts with a PROXY protocol header (v1 or v2) that
    /// names the real client ([`crate::proxy`]); QUIC ignores it.
    pub proxy_protocol: bool,
}

/// The metrics of every listener of a node, labelled by listener (its config key).
#[derive(Clone)]
pub struct ListenerMetrics {
    /// `robustmq_listener_connections{listener}`: connections open.
    pub connections: IntGaugeVec,
    /// `robustmq_listener_refused_total{listener, reason}`: connections closed before they
    /// were served, by reason: `max_connections`, `max_connections_per_ip`, `handshake` (TLS
    /// or WebSocket handshake failed), `timeout` (it took longer than the handshake timeout).
    pub refused: IntCounterVec,
    /// `robustmq_listener_bytes_total{listener, direction}`: bytes received (`in`) and sent
    /// (`out`) by the protocol over the listener's streams, above TLS and WebSocket framing.
    pub bytes: IntCounterVec,
}

impl ListenerMetrics {
    /// Registers the metrics in `registry`.
    ///
    /// # Errors
    /// They are registered already.
    pub fn new(registry: &Registry) -> prometheus::Result<ListenerMetrics> {
        let connections = IntGaugeVec::new(
            Opts::new(
                "robustmq_listener_connections",
                "Connections open, per listener",
            ),
            &["listener"],
        )?;
        let refused = IntCounterVec::new(
            Opts::new(
                "robustmq_listener_refused_total",
                "Connections closed before they were served, per listener and reason",
            ),
            &["listener", "reason"],
        )?;
        let bytes = IntCounterVec::new(
            Opts::new(
                "robustmq_listener_bytes_total",
                "Bytes received (in) and sent (out) over a listener's connections",
            ),
            &["listener", "direction"],
        )?;
        registry.register(Box::new(connections.clone()))?;
        registry.register(Box::new(refused.clone()))?;
        registry.register(Box::new(bytes.clone()))?;
        Ok(ListenerMetrics {
            connections,
            refused,
            bytes,
        })
    }

    /// Metrics for tests and embeddings that have no registry.
    pub fn unregistered() -> ListenerMetrics {
        ListenerMetrics::new(&Registry::new())
            .unwrap_or_else(|_| unreachable!("a new registry is empty"))
    }
}

/// A connection whose handshake is done, handed to the protocol.
pub struct Accepted {
    /// Its bytes.
    pub stream: Stream,
    /// Who it is.
    pub peer: Peer,
    /// Its place in the listener's count, held until the connection closes; it also leads to
    /// the listener's parking lot.
    pub seat: Seat,
}

/// Serves `listener` until `shutdown`: accepts, holds each connection to `limits`, runs its
/// handshake (TLS, WebSocket upgrade) in a task of its own within the handshake timeout, and
/// spawns `service` with the result. Then stops accepting and waits, at most a few seconds,
/// for the connections to close (the protocol tells its connections to close on the same
/// signal), and gives back whatever is still parked.
pub async fn serve<F, Fut>(
    listener: Listener,
    limits: Limits,
    metrics: ListenerMetrics,
    shutdown: Shutdown,
    service: F,
) where
    F: Fn(Accepted) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let lot = match ParkingLot::start() {
        Ok(lot) => Some(lot),
        Err(e) => {
            warn!(error = %e, "no parking lot: idle connections keep their tasks");
            None
        }
    };
    let name = listener.name;
    let gate = Gate::new(
        lot,
        Some(GateMetrics {
            connections: metrics.connections.with_label_values(&[name]),
            bytes_in: metrics.bytes.with_label_values(&[name, "in"]),
            bytes_out: metrics.bytes.with_label_values(&[name, "out"]),
        }),
    );
    let service = Arc::new(service);
    let upgrade = Arc::new(Upgrade {
        transport: listener.transport,
        tls: listener.tls.clone(),
        quic_config: parking_lot::Mutex::new(None),
        limits,
        refused: metrics.refused.clone(),
        name,
    });
    let context = Context {
        gate: &gate,
        limits,
        service: &service,
        upgrade: &upgrade,
    };
    let mut quic = None;
    match listener.bound {
        Bound::Tcp(tcp) => {
            tokio::select! {
                () = accept_tcp(&tcp, &context) => {}
                () = shutdown.wait() => {}
            }
        }
        Bound::Quic(endpoint) => {
            tokio::select! {
                () = accept_quic(&endpoint, &context) => {}
                () = shutdown.wait() => {}
            }
            // New connections are refused from here on; those up close as their tasks end.
            endpoint.set_server_config(None);
            quic = Some(endpoint);
        }
    }
    if tokio::time::timeout(DRAIN, gate.closed()).await.is_err() {
        warn!(
            listener = name,
            left = gate.open(),
            "connections did not close in time; leaving them to the runtime's shutdown"
        );
    }
    // Whatever is still parked gets a task again, and the lot's task ends.
    if let Some(lot) = gate.lot() {
        lot.stop().await;
    }
    if let Some(endpoint) = quic {
        // Closed connections linger until their peers have the last bytes (`quic::QuicStream`);
        // then whatever is left is closed, so that clients hear it rather than time out.
        let _ = tokio::time::timeout(DRAIN, endpoint.wait_idle()).await;
        endpoint.close(0u8.into(), b"shutdown");
    }
}

/// What the accept loops share.
struct Context<'a, F> {
    gate: &'a Arc<Gate>,
    limits: Limits,
    service: &'a Arc<F>,
    upgrade: &'a Arc<Upgrade>,
}

impl<F> Context<'_, F> {
    /// A seat for a connection from `addr`, or `None` (counted) when a limit is reached. Behind
    /// a PROXY header `addr` is the balancer's: the per-address limit waits for the header.
    fn seat(&self, addr: SocketAddr, proxied: bool) -> Option<Seat> {
        let limits = &self.limits;
        let per_ip = if proxied { 0 } else { limits.max_per_ip };
        match Seat::try_new(self.gate, limits.max_connections, addr.ip(), per_ip) {
            Ok(seat) => Some(seat),
            Err(full) => {
                self.upgrade.refuse(addr, full);
                None
            }
        }
    }
}

/// Accepts TCP connections until the listener fails for good (never, in practice: a failed
/// accept is retried after a pause).
async fn accept_tcp<F, Fut>(tcp: &TcpListener, context: &Context<'_, F>)
where
    F: Fn(Accepted) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let transport = context.upgrade.transport;
    let proxied = context.limits.proxy_protocol;
    loop {
        match tcp.accept().await {
            Ok((stream, addr)) => {
                let Some(seat) = context.seat(addr, proxied) else {
                    continue;
                };
                let _ = stream.set_nodelay(true);
                if transport == Transport::Tcp && !proxied {
                    let peer = Peer {
                        addr,
                        transport,
                        cert_cn: None,
                    };
                    let stream = Stream::Tcp(Socket::new(stream));
                    tokio::spawn((context.service)(Accepted { stream, peer, seat }));
                } else {
                    let service = Arc::clone(context.service);
                    let upgrade = Arc::clone(context.upgrade);
                    tokio::spawn(async move {
                        let handshake = upgrade.handshake(stream, addr, seat);
                        if let Some(accepted) = upgrade.run(handshake, addr).await {
                            // A task of its own: the handshake's state is freed, not
                            // carried for the life of the connection.
                            tokio::spawn(service(accepted));
                        }
                    });
                }
            }
            Err(e) => {
                warn!(listener = context.upgrade.name, error = %e, "accept failed");
                tokio::time::sleep(ACCEPT_BACKOFF).await;
            }
        }
    }
}

/// Accepts QUIC connections until the endpoint closes. Datagrams that are not a valid QUIC
/// Initial never get here: quinn drops them.
async fn accept_quic<F, Fut>(endpoint: &quinn::Endpoint, context: &Context<'_, F>)
where
    F: Fn(Accepted) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    while let Some(incoming) = endpoint.accept().await {
        let addr = incoming.remote_address();
        let Some(seat) = context.seat(addr, false) else {
            incoming.refuse();
            continue;
        };
        let service = Arc::clone(context.service);
        let upgrade = Arc::clone(context.upgrade);
        tokio::spawn(async move {
            let handshake = upgrade.quic_handshake(incoming, seat);
            if let Some(accepted) = upgrade.run(handshake, addr).await {
                tokio::spawn(service(accepted));
            }
        });
    }
}

/// A quinn configuration and the rustls one it was made of.
type QuicConfig = (Arc<rustls::ServerConfig>, Arc<quinn::ServerConfig>);

/// A connection whose handshake is done, before it is handed over.
struct Upgraded {
    stream: Stream,
    cert_cn: Option<String>,
    /// The client's address: the PROXY header's, or the socket's peer.
    addr: SocketAddr,
    seat: Seat,
}

/// Why a handshake ended the connection.
enum Refusal {
    /// The client's address holds its limit (known only after a PROXY header).
    Full(Full),
    /// The handshake failed.
    Failed(std::io::Error),
}

impl From<std::io::Error> for Refusal {
    fn from(e: std::io::Error) -> Self {
        Refusal::Failed(e)
    }
}

/// What a connection's handshake needs.
struct Upgrade {
    transport: Transport,
    tls: Option<Arc<TlsAcceptor>>,
    /// The QUIC configuration made of the acceptor's current one, made again only when a
    /// reload replaced that: each is a new token key, and tokens must outlive a connection.
    quic_config: parking_lot::Mutex<Option<QuicConfig>>,
    limits: Limits,
    refused: IntCounterVec,
    name: &'static str,
}

impl Upgrade {
    /// Counts and logs a connection refused for a full `limit`.
    fn refuse(&self, addr: SocketAddr, limit: Full) {
        debug!(%addr, listener = self.name, limit = limit.label(), "connection limit reached; closing");
        self.refused
            .with_label_values(&[self.name, limit.label()])
            .inc();
    }

    /// `handshake` within the timeout; `None` (counted) when it fails or takes too long.
    /// `addr` is the socket's peer, for the log.
    async fn run(
        &self,
        handshake: impl Future<Output = Result<Upgraded, Refusal>>,
        addr: SocketAddr,
    ) -> Option<Accepted> {
        let handshake = Box::pin(handshake);
        match tokio::time::timeout(self.limits.handshake_timeout, handshake).await {
            Ok(Ok(upgraded)) => Some(Accepted {
                peer: Peer {
                    addr: upgraded.addr,
                    transport: self.transport,
                    cert_cn: upgraded.cert_cn,
                },
                stream: upgraded.stream,
                seat: upgraded.seat,
            }),
            Ok(Err(Refusal::Full(full))) => {
                self.refuse(addr, full);
                None
            }
            Ok(Err(Refusal::Failed(e))) => {
                debug!(%addr, listener = self.name, error = %e, "handshake failed");
                self.refused
                    .with_label_values(&[self.name, "handshake"])
                    .inc();
                None
            }
            Err(_) => {
                debug!(%addr, listener = self.name, "handshake timed out");
                self.refused
                    .with_label_values(&[self.name, "timeout"])
                    .inc();
                None
            }
        }
    }

    /// The quinn configuration of `tls`'s current certificate.
    fn quic_config(&self, tls: &TlsAcceptor) -> Result<Arc<quinn::ServerConfig>, NetError> {
        let current = tls.current_quic();
        let mut cache = self.quic_config.lock();
        if let Some((made_of, config)) = cache.as_ref()
            && Arc::ptr_eq(made_of, &current)
        {
            return Ok(Arc::clone(config));
        }
        let config = Arc::new(quic::server_config(Arc::clone(&current))?);
        *cache = Some((current, Arc::clone(&config)));
        Ok(config)
    }

    /// The QUIC handshake (with the current certificate), then the client's stream.
    async fn quic_handshake(
        &self,
        incoming: quinn::Incoming,
        seat: Seat,
    ) -> Result<Upgraded, Refusal> {
        let tls = self
            .tls
            .as_ref()
            .ok_or_else(|| std::io::Error::other("a QUIC listener without a configuration"))?;
        let config = self.quic_config(tls).map_err(std::io::Error::other)?;
        let connection = incoming
            .accept_with(config)
            .map_err(std::io::Error::other)?
            .await
            .map_err(std::io::Error::other)?;
        let cert_cn = quic::client_cn(&connection);
        let stream = quic::accept_stream(connection).await?;
        Ok(Upgraded {
            addr: stream.remote_address(),
            stream: Stream::Quic(Box::new(stream)),
            cert_cn,
            seat,
        })
    }

    /// The handshake of a TCP-based transport: the PROXY header when the listener expects one
    /// (then the real client's address is counted against its limit), then TLS, the WebSocket
    /// upgrade, or both.
    async fn handshake(
        &self,
        mut tcp: TcpStream,
        mut addr: SocketAddr,
        mut seat: Seat,
    ) -> Result<Upgraded, Refusal> {
        if self.limits.proxy_protocol {
            if let proxy::Header::Proxied(client) = proxy::read_header(&mut tcp).await? {
                addr = client;
            }
            seat.claim_ip(addr.ip(), self.limits.max_per_ip)
                .map_err(Refusal::Full)?;
        }
        let (stream, cert_cn) = self.secure(Socket::new(tcp)).await?;
        Ok(Upgraded {
            stream,
            cert_cn,
            addr,
            seat,
        })
    }

    /// TLS, the WebSocket upgrade, or both, on `socket`.
    async fn secure(&self, socket: Socket) -> std::io::Result<(Stream, Option<String>)> {
        let (max, route) = (self.limits.max_message, self.limits.ws_route);
        let tls = || {
            self.tls
                .as_ref()
                .ok_or_else(|| std::io::Error::other("a TLS listener without a configuration"))
        };
        Ok(match self.transport {
            Transport::Tcp => (Stream::Tcp(socket), None),
            Transport::Tls => {
                let stream = tls()?.accept(socket).await?;
                let cn = tls::client_cn(&stream);
                (Stream::Tls(Box::new(stream)), cn)
            }
            Transport::Ws => (
                Stream::Ws(Box::new(ws::accept(socket, route, max).await?)),
                None,
            ),
            Transport::Wss => {
                let stream = tls()?.accept(socket).await?;
                let cn = tls::client_cn(&stream);
                (
                    Stream::Wss(Box::new(ws::accept(stream, route, max).await?)),
                    cn,
                )
            }
            Transport::Quic => {
                return Err(std::io::Error::other("QUIC is not served over TCP"));
            }
        })
    }
}
