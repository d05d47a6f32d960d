//! MQTT over QUIC (quinn): ALPN [`ALPN`], one bidirectional stream per MQTT connection, the
//! first one the client opens. TLS 1.3 only, as QUIC requires, with the same certificate,
//! key and client CA as the TLS listener.
//!
//! A QUIC connection cannot park: its state lives in quinn's endpoint and its timers there, so
//! [`crate::Stream::can_park`] is false for it and its connection task stays.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use quinn::crypto::rustls::{QuicClientConfig, QuicServerConfig};
use quinn::{Connection, Endpoint, RecvStream, SendStream};
use rustls::pki_types::CertificateDer;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use crate::NetError;

/// The ALPN protocol id MQTT over QUIC is served under.
pub const ALPN: &[u8] = crate::tls::QUIC_ALPN;
/// How long a QUIC connection may stay silent (no packet, not even an acknowledgement) before
/// it is dropped. The server pings every [`KEEP_ALIVE`], so a live peer never reaches it,
/// whatever its MQTT keepalive; a vanished one is dropped after it.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(600);
/// How often each end pings an otherwise silent connection.
pub const KEEP_ALIVE: Duration = Duration::from_secs(20);

/// The server's transport settings: one bidirectional stream, no unidirectional ones, pings.
fn transport() -> Arc<quinn::TransportConfig> {
    let mut transport = quinn::TransportConfig::default();
    transport
        .max_concurrent_bidi_streams(1u8.into())
        .max_concurrent_uni_streams(0u8.into())
        .keep_alive_interval(Some(KEEP_ALIVE));
    if let Ok(idle) = quinn::IdleTimeout::try_from(IDLE_TIMEOUT) {
        transport.max_idle_timeout(Some(idle));
    }
    Arc::new(transport)
}

/// A quinn server configuration from a rustls one (which must offer TLS 1.3 and ALPN
/// [`ALPN`]: `crate::tls::TlsAcceptor::current_quic`). Cheap: it shares `tls`.
///
/// # Errors
/// [`NetError::TlsFile`] (key `tls.cert`) when rustls' configuration does not suit QUIC.
pub fn server_config(tls: Arc<rustls::ServerConfig>) -> Result<quinn::ServerConfig, NetError> {
    let crypto = QuicServerConfig::try_from(tls).map_err(|e| NetError::TlsFile {
        key: "tls.cert",
        reason: format!("not usable for QUIC: {e}"),
    })?;
    let mut config = quinn::ServerConfig::with_crypto(Arc::new(crypto));
    config.transport_config(transport());
    Ok(config)
}

/// A client endpoint on an ephemeral UDP port that trusts `tls` (which must offer TLS 1.3
/// and ALPN [`ALPN`]): for load generators and tests. Keeps connections alive with a ping
/// every [`KEEP_ALIVE`].
///
/// # Errors
/// The UDP socket cannot be bound, or rustls' configuration does not suit QUIC.
pub fn client_endpoint(tls: rustls::ClientConfig) -> Result<Endpoint, NetError> {
    let crypto = QuicClientConfig::try_from(tls).map_err(|e| NetError::TlsFile {
        key: "cafile",
        reason: format!("not usable for QUIC: {e}"),
    })?;
    let mut config = quinn::ClientConfig::new(Arc::new(crypto));
    let mut transport = quinn::TransportConfig::default();
    transport.keep_alive_interval(Some(KEEP_ALIVE));
    if let Ok(idle) = quinn::IdleTimeout::try_from(IDLE_TIMEOUT) {
        transport.max_idle_timeout(Some(idle));
    }
    config.transport_config(Arc::new(transport));
    let mut endpoint = Endpoint::client(SocketAddr::from(([0, 0, 0, 0], 0)))?;
    endpoint.set_default_client_config(config);
    Ok(endpoint)
}

/// Connects to `addr` (whose certificate must name `server_name`) and opens the stream MQTT
/// runs over.
///
/// # Errors
/// The handshake failed, or the connection closed before the stream opened.
pub async fn connect(
    endpoint: &Endpoint,
    addr: SocketAddr,
    server_name: &str,
) -> io::Result<QuicStream> {
    let connection = endpoint
        .connect(addr, server_name)
        .map_err(io::Error::other)?
        .await
        .map_err(io::Error::other)?;
    let (send, recv) = connection.open_bi().await.map_err(io::Error::other)?;
    Ok(QuicStream {
        send: Some(send),
        recv,
        connection,
    })
}

/// The server side of a QUIC connection whose handshake is done: waits for the client's
/// stream.
///
/// # Errors
/// The connection closed, or no stream came.
pub(crate) async fn accept_stream(connection: Connection) -> io::Result<QuicStream> {
    let (send, recv) = connection.accept_bi().await.map_err(io::Error::other)?;
    Ok(QuicStream {
        send: Some(send),
        recv,
        connection,
    })
}

/// The common name of the certificate a QUIC client presented, if it presented one.
pub(crate) fn client_cn(connection: &Connection) -> Option<String> {
    let identity = connection.peer_identity()?;
    let certs = identity.downcast::<Vec<CertificateDer<'static>>>().ok()?;
    crate::tls::common_name(certs.first()?)
}

/// One MQTT connection over QUIC: its bidirectional stream, and the connection it belongs to
/// (closed when this is dropped, once the peer has what was sent).
pub struct QuicStream {
    /// `None` only while dropping.
    send: Option<SendStream>,
    recv: RecvStream,
    connection: Connection,
}

impl QuicStream {
    /// The client's address (it may change with the client's network: QUIC migrates).
    pub fn remote_address(&self) -> SocketAddr {
        self.connection.remote_address()
    }
}

/// How long a dropped stream waits for the peer to acknowledge what was sent (a DISCONNECT)
/// before its connection is closed: closing at once would discard it.
const CLOSE_LINGER: Duration = Duration::from_secs(3);

impl Drop for QuicStream {
    fn drop(&mut self) {
        let connection = self.connection.clone();
        let send = self.send.take();
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            connection.close(0u8.into(), b"closed");
            return;
        };
        runtime.spawn(async move {
            if let Some(mut send) = send {
                let _ = send.finish();
                let _ = tokio::time::timeout(CLOSE_LINGER, send.stopped()).await;
            }
            connection.close(0u8.into(), b"closed");
        });
    }
}

fn no_stream() -> io::Error {
    io::ErrorKind::NotConnected.into()
}

impl AsyncRead for QuicStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        AsyncRead::poll_read(Pin::new(&mut self.recv), cx, buf)
    }
}

impl AsyncWrite for QuicStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.send.as_mut() {
            Some(send) => AsyncWrite::poll_write(Pin::new(send), cx, buf),
            None => Poll::Ready(Err(no_stream())),
        }
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.send.as_mut() {
            Some(send) => AsyncWrite::poll_flush(Pin::new(send), cx),
            None => Poll::Ready(Err(no_stream())),
        }
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.send.as_mut() {
            Some(send) => AsyncWrite::poll_shutdown(Pin::new(send), cx),
            None => Poll::Ready(Err(no_stream())),
        }
    }
}
