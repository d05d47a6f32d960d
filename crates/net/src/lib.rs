//! The network layer: listeners for TCP, TLS, WebSocket, WSS and QUIC that all give one
//! byte-stream type, [`Stream`], with what is known of the peer, [`Peer`]. A protocol (MQTT, Kafka) is
//! served over a [`Listener`] by [`serve`], which owns what every protocol needs around its
//! connections: the connection cap and the per-address cap ([`Seat`]), the back-off after a
//! failed accept, the handshake timeout, the drain on shutdown, the parking lot for idle
//! connections ([`park`]) and the per-listener metrics ([`ListenerMetrics`]).
//!
//! - [`tls`]: the rustls server configuration (certificate chain, key, optional client CA for
//!   mutual TLS), reloadable while connections run, on the one crypto provider of the process;
//! - [`ws`]: the WebSocket upgrade (on the path and subprotocols the protocol names) and the
//!   byte stream over binary frames;
//! - [`quic`]: QUIC (quinn, ALPN `mqtt`), one bidirectional stream per connection;
//! - [`proxy`]: the PROXY protocol (v1, v2) a load balancer prefixes connections with;
//! - [`socket`]: the TCP socket under every stream, which a parked connection gives up.
//!
//! Nothing here knows a protocol: the bytes are the caller's.

pub mod listener;
pub mod park;
pub mod proxy;
pub mod quic;
pub mod seat;
pub mod socket;
pub mod stream;
pub mod tls;
pub mod ws;

use std::fmt;
use std::net::SocketAddr;

pub use listener::{Accepted, Limits, Listener, ListenerMetrics, serve};
pub use seat::{Full, Gate, GateMetrics, Seat};
pub use stream::Stream;

/// What a listener speaks on top of TCP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Transport {
    /// Plain TCP.
    Tcp,
    /// TLS over TCP.
    Tls,
    /// WebSocket over TCP.
    Ws,
    /// WebSocket over TLS.
    Wss,
    /// QUIC (over UDP, TLS 1.3 inside).
    Quic,
}

impl Transport {
    /// The lowercase name shown in `client list` and in metric labels.
    pub fn as_str(self) -> &'static str {
        match self {
            Transport::Tcp => "tcp",
            Transport::Tls => "tls",
            Transport::Ws => "ws",
            Transport::Wss => "wss",
            Transport::Quic => "quic",
        }
    }

    /// Whether the transport runs TLS, and so needs `[tls]`.
    pub fn is_tls(self) -> bool {
        matches!(self, Transport::Tls | Transport::Wss | Transport::Quic)
    }
}

impl fmt::Display for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What is known of the other end of a connection once its handshake is done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Peer {
    /// The client's address.
    pub addr: SocketAddr,
    /// The transport it came over.
    pub transport: Transport,
    /// The subject common name of the client certificate, on a mutual-TLS listener whose
    /// client presented one that verified; `None` otherwise.
    pub cert_cn: Option<String>,
}

/// Errors of the network layer.
#[derive(Debug, thiserror::Error)]
pub enum NetError {
    /// A TLS file cannot be read or holds nothing usable. `key` names the config key.
    #[error("{key}: {reason}")]
    TlsFile {
        /// The config key of the file, `tls.cert` for example.
        key: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// rustls refused the certificate, key or CA.
    #[error("TLS configuration: {0}")]
    Tls(#[from] rustls::Error),
    /// Socket errors.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}
