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
use crate::seat::{Gate, Seat};
use crate::socket::Socket;
use crate::stream::Stream;
use crate::tls::{self, TlsAcceptor};
use crate::{NetError, Peer, Transport, ws};

/// How long connections get to close on shutdown before the listener stops waiting for them.
const DRAIN: Duration = Duration::from_secs(3);
/// Pause after a failed accept (for example EMFILE) before trying again.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// A bound socket and what it speaks.
pub struct Listener {
    tcp: TcpListener,
    transport: Transport,
    tls: Option<Arc<TlsAcceptor>>,
    /// The config key it was bound from (`mqtt.tls_addr`): the `listener` label of its metrics.
    name: &'static str,
}

impl Listener {
    /// A listener of `transport` on `tcp`, named by its config key. TLS and WSS need `tls`.
    ///
    /// # Errors
    /// [`NetError::TlsFile`] (key `tls.cert`) when a TLS transport has no `tls`.
    pub fn new(
        name: &'static str,
        tcp: TcpListener,
        transport: Transport,
        tls: Option<Arc<TlsAcceptor>>,
    ) -> Result<Listener, NetError> {
        if transport.is_tls() && tls.is_none() {
            return Err(NetError::TlsFile {
                key: "tls.cert",
                reason: format!("must be set because {name} is a {transport} listener"),
            });
        }
        Ok(Listener {
            tcp,
            transport,
            tls,
            name,
        })
    }

    /// The address it is bound to.
    ///
    /// # Errors
    /// The socket cannot tell.
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.tcp.local_addr()
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
        registry.register(Box::new(connections.clone()))?;
        registry.register(Box::new(refused.clone()))?;
        Ok(ListenerMetrics {
            connections,
            refused,
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
    let gate = Gate::new(lot, Some(metrics.connections.with_label_values(&[name])));
    let service = Arc::new(service);
    let upgrade = Arc::new(Upgrade {
        transport: listener.transport,
        tls: listener.tls.clone(),
        limits,
        refused: metrics.refused.clone(),
        name,
    });
    loop {
        tokio::select! {
            accepted = listener.tcp.accept() => match accepted {
                Ok((tcp, addr)) => {
                    let seat = match Seat::try_new(&gate, limits.max_connections, addr.ip(), limits.max_per_ip) {
                        Ok(seat) => seat,
                        Err(full) => {
                            debug!(%addr, listener = name, limit = full.label(), "connection limit reached; closing");
                            metrics.refused.with_label_values(&[name, full.label()]).inc();
                            continue;
                        }
                    };
                    let _ = tcp.set_nodelay(true);
                    if listener.transport == Transport::Tcp {
                        let peer = Peer { addr, transport: Transport::Tcp, cert_cn: None };
                        tokio::spawn(service(Accepted { stream: Stream::Tcp(Socket::new(tcp)), peer, seat }));
                    } else {
                        let service = Arc::clone(&service);
                        let upgrade = Arc::clone(&upgrade);
                        tokio::spawn(async move {
                            if let Some(accepted) = upgrade.run(tcp, addr, seat).await {
                                // A task of its own: the handshake's state is freed, not
                                // carried for the life of the connection.
                                tokio::spawn(service(accepted));
                            }
                        });
                    }
                }
                Err(e) => {
                    warn!(listener = name, error = %e, "accept failed");
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                }
            },
            () = shutdown.wait() => break,
        }
    }
    drop(listener);
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
}

/// What a connection's handshake needs.
struct Upgrade {
    transport: Transport,
    tls: Option<Arc<TlsAcceptor>>,
    limits: Limits,
    refused: IntCounterVec,
    name: &'static str,
}

impl Upgrade {
    /// The handshake within the timeout; `None` (counted) when it fails or takes too long.
    async fn run(&self, tcp: TcpStream, addr: SocketAddr, seat: Seat) -> Option<Accepted> {
        let handshake = Box::pin(self.handshake(Socket::new(tcp)));
        match tokio::time::timeout(self.limits.handshake_timeout, handshake).await {
            Ok(Ok((stream, cert_cn))) => Some(Accepted {
                stream,
                peer: Peer {
                    addr,
                    transport: self.transport,
                    cert_cn,
                },
                seat,
            }),
            Ok(Err(e)) => {
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

    async fn handshake(&self, socket: Socket) -> std::io::Result<(Stream, Option<String>)> {
        let max = self.limits.max_message;
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
            Transport::Ws => (Stream::Ws(Box::new(ws::accept(socket, max).await?)), None),
            Transport::Wss => {
                let stream = tls()?.accept(socket).await?;
                let cn = tls::client_cn(&stream);
                (Stream::Wss(Box::new(ws::accept(stream, max).await?)), cn)
            }
        })
    }
}
