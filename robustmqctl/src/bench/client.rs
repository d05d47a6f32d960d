//! The load generator's MQTT client: just enough of the protocol over `robustmq-mqtt-codec`
//! (CONNECT, SUBSCRIBE, PUBLISH, PUBACK) to drive a broker hard, with nothing of the broker in
//! it. Connections can come from several loopback source addresses so that tens of thousands fit
//! in one machine's ephemeral port range.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use bytes::BytesMut;
use robustmq_mqtt_codec::{
    ConnAck, Connect, Error as CodecError, Packet, Properties, PropertyValues, Protocol, QoS,
    Subscribe, Subscription, SubscriptionOptions,
};
use robustmq_net::tls::client_config;
use tokio::io::{AsyncRead, AsyncReadExt as _, AsyncWrite, AsyncWriteExt as _};
use tokio::net::{TcpSocket, TcpStream};

use crate::cli::{BenchTransport, Endpoint};

/// Where a client's bytes come from, whatever the transport.
pub type ReadHalf = Box<dyn AsyncRead + Send + Unpin>;
/// Where a client's bytes go, whatever the transport.
pub type Writer = Box<dyn AsyncWrite + Send + Unpin>;

/// MQTT over WebSocket as brokers serve it: path `/mqtt`, subprotocol `mqtt` (MQTT 5.0 §6).
const MQTT_OVER_WS: robustmq_net::ws::Route = robustmq_net::ws::Route {
    path: "/mqtt",
    subprotocols: &["mqtt"],
};
/// Largest packet the load generator accepts from a broker.
const MAX_PACKET: usize = 16 * 1024 * 1024 + 1024;
/// Keep Alive asked for: longer than any run, and accepted by every broker (rumqttd refuses 0).
const KEEP_ALIVE: u16 = 600;
/// How long CONNECT and SUBSCRIBE may take.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(30);

/// Why a client failed.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// No TCP connection could be made.
    #[error("cannot reach {addr}: {reason}")]
    Unreachable {
        /// Where.
        addr: String,
        /// The OS's reason.
        reason: String,
    },
    /// The broker answered with something other than what the protocol says.
    #[error("{0}")]
    Protocol(String),
    /// The connection broke.
    #[error("connection lost: {0}")]
    Io(#[from] std::io::Error),
}

/// The protocol level an [`Endpoint`] asks for.
pub fn protocol(endpoint: &Endpoint) -> Protocol {
    if endpoint.mqtt_version == 5 {
        Protocol::V5
    } else {
        Protocol::V311
    }
}

/// Source addresses to spread `connections` over for `endpoint`: none (let the OS pick) unless
/// the broker is on loopback and more than one is wanted.
pub fn source_ips(endpoint: &Endpoint, connections: u32) -> u8 {
    let loopback = endpoint
        .host
        .parse::<IpAddr>()
        .is_ok_and(|ip| ip.is_loopback())
        || endpoint.host == "localhost";
    if !loopback {
        return 0;
    }
    match endpoint.source_ips {
        0 => u8::try_from(connections.div_ceil(20_000)).unwrap_or(u8::MAX),
        n => n,
    }
}

/// A reader that decodes packets from one half of a connection.
pub struct Reader {
    read: ReadHalf,
    buf: BytesMut,
    protocol: Protocol,
}

impl Reader {
    /// Bytes read from the socket and not yet decoded.
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }

    /// The next packet; `Ok(None)` when the broker closed the connection.
    ///
    /// # Errors
    /// [`BenchError::Io`] on a broken connection, [`BenchError::Protocol`] for bytes that do not
    /// decode.
    pub async fn next(&mut self) -> Result<Option<Packet>, BenchError> {
        loop {
            match robustmq_mqtt_codec::read(&mut self.buf, self.protocol, MAX_PACKET) {
                Ok(packet) => return Ok(Some(packet)),
                Err(CodecError::Incomplete(_)) => {}
                Err(e) => return Err(BenchError::Protocol(format!("undecodable packet: {e}"))),
            }
            self.buf.reserve(64 * 1024);
            if self.read.read_buf(&mut self.buf).await? == 0 {
                return Ok(None);
            }
        }
    }
}

/// A connected client: CONNACK received with success.
pub struct Client {
    /// Where packets come from.
    pub reader: Reader,
    /// Where packets go.
    pub write: Writer,
    /// The protocol level.
    pub protocol: Protocol,
}

/// Connects client number `index` as `client_id` and completes CONNECT/CONNACK.
///
/// # Errors
/// [`BenchError::Unreachable`] when TCP fails; [`BenchError::Protocol`] when CONNACK refuses.
pub async fn connect(
    endpoint: &Endpoint,
    sources: u8,
    index: u32,
    client_id: String,
) -> Result<Client, BenchError> {
    connect_session(endpoint, sources, index, client_id, false).await
}

/// [`connect`], keeping the session when `persistent` (3.1.1 Clean Session 0; 5.0 Clean Start 0
/// with a Session Expiry Interval of one hour).
///
/// # Errors
/// As [`connect`].
pub async fn connect_session(
    endpoint: &Endpoint,
    sources: u8,
    index: u32,
    client_id: String,
    persistent: bool,
) -> Result<Client, BenchError> {
    let addr = tokio::net::lookup_host((endpoint.host.as_str(), endpoint.port))
        .await
        .map_err(|e| BenchError::Unreachable {
            addr: format!("{}:{}", endpoint.host, endpoint.port),
            reason: e.to_string(),
        })?
        .find(SocketAddr::is_ipv4)
        .ok_or_else(|| BenchError::Unreachable {
            addr: endpoint.host.clone(),
            reason: "no IPv4 address".into(),
        })?;
    let (read, mut write) = if endpoint.transport == BenchTransport::Quic {
        let stream = robustmq_net::quic::connect(&quic_endpoint(endpoint)?, addr, &endpoint.host)
            .await
            .map_err(|e| BenchError::Unreachable {
                addr: addr.to_string(),
                reason: e.to_string(),
            })?;
        let (read, write) = tokio::io::split(stream);
        (Box::new(read) as ReadHalf, Box::new(write) as Writer)
    } else {
        let socket = TcpSocket::new_v4()?;
        if sources > 0 {
            let last = 2 + (index % u32::from(sources)) as u8;
            socket.bind(SocketAddr::new(
                IpAddr::V4(Ipv4Addr::new(127, 0, 0, last)),
                0,
            ))?;
        }
        let stream = socket
            .connect(addr)
            .await
            .map_err(|e| BenchError::Unreachable {
                addr: addr.to_string(),
                reason: e.to_string(),
            })?;
        stream.set_nodelay(true)?;
        over(endpoint, stream).await?
    };
    let protocol = protocol(endpoint);
    let mut properties = PropertyValues::default();
    if persistent && protocol == Protocol::V5 {
        properties.session_expiry_interval = Some(3600);
    }
    let connect = Connect {
        protocol,
        clean_start: !persistent,
        keep_alive: KEEP_ALIVE,
        client_id,
        will: None,
        username: None,
        password: None,
        properties: Properties::from(properties),
    };
    send(&mut write, &Packet::Connect(Box::new(connect)), protocol).await?;
    let mut reader = Reader {
        read,
        buf: BytesMut::with_capacity(4096),
        protocol,
    };
    match tokio::time::timeout(HANDSHAKE_TIMEOUT, reader.next()).await {
        Ok(Ok(Some(Packet::ConnAck(ConnAck { code, .. })))) if !code.is_error() => Ok(Client {
            reader,
            write,
            protocol,
        }),
        Ok(Ok(Some(Packet::ConnAck(ack)))) => Err(BenchError::Protocol(format!(
            "CONNACK refused: {:?}",
            ack.code
        ))),
        Ok(Ok(other)) => Err(BenchError::Protocol(format!(
            "expected CONNACK, got {other:?}"
        ))),
        Ok(Err(e)) => Err(e),
        Err(_) => Err(BenchError::Protocol("no CONNACK in 30 s".into())),
    }
}

/// The TLS client configuration of this process: every connection of a run trusts the same
/// `--cafile`, read once.
fn tls_config(endpoint: &Endpoint) -> Result<Arc<rustls::ClientConfig>, BenchError> {
    static CONFIG: OnceLock<Result<Arc<rustls::ClientConfig>, String>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let ca = endpoint
                .cafile
                .as_deref()
                .ok_or_else(|| "--cafile is needed for tls and wss".to_owned())?;
            client_config(ca, &[])
                .map(Arc::new)
                .map_err(|e| e.to_string())
        })
        .clone()
        .map_err(BenchError::Protocol)
}

/// The QUIC client endpoint of this process: one UDP socket that every QUIC connection of a run
/// shares, trusting `--cafile`.
fn quic_endpoint(endpoint: &Endpoint) -> Result<quinn::Endpoint, BenchError> {
    static QUIC: OnceLock<Result<quinn::Endpoint, String>> = OnceLock::new();
    QUIC.get_or_init(|| {
        let ca = endpoint
            .cafile
            .as_deref()
            .ok_or_else(|| "--cafile is needed for quic".to_owned())?;
        robustmq_net::tls::quic_client_config(ca)
            .and_then(robustmq_net::quic::client_endpoint)
            .map_err(|e| e.to_string())
    })
    .clone()
    .map_err(BenchError::Protocol)
}

/// Runs the transport's handshake on `stream` and splits the result.
async fn over(endpoint: &Endpoint, stream: TcpStream) -> Result<(ReadHalf, Writer), BenchError> {
    fn halves<S: AsyncRead + AsyncWrite + Send + 'static>(s: S) -> (ReadHalf, Writer) {
        let (read, write) = tokio::io::split(s);
        (Box::new(read), Box::new(write))
    }
    let tls = |stream: TcpStream| async {
        let name = rustls::pki_types::ServerName::try_from(endpoint.host.clone())
            .map_err(|e| BenchError::Protocol(format!("{}: {e}", endpoint.host)))?;
        let connector = tokio_rustls::TlsConnector::from(tls_config(endpoint)?);
        Ok::<_, BenchError>(connector.connect(name, stream).await?)
    };
    let host = format!("{}:{}", endpoint.host, endpoint.port);
    Ok(match endpoint.transport {
        BenchTransport::Tcp => {
            let (read, write) = stream.into_split();
            (Box::new(read), Box::new(write))
        }
        BenchTransport::Tls => halves(tls(stream).await?),
        BenchTransport::Ws => {
            halves(robustmq_net::ws::connect(stream, &host, MQTT_OVER_WS, MAX_PACKET).await?)
        }
        BenchTransport::Wss => halves(
            robustmq_net::ws::connect(tls(stream).await?, &host, MQTT_OVER_WS, MAX_PACKET).await?,
        ),
        BenchTransport::Quic => {
            return Err(BenchError::Protocol("QUIC does not run over TCP".into()));
        }
    })
}

impl Client {
    /// Subscribes to `filter` at `qos` and waits for a SUBACK that grants it.
    ///
    /// # Errors
    /// [`BenchError::Protocol`] when refused.
    pub async fn subscribe(&mut self, filter: &str, qos: QoS) -> Result<(), BenchError> {
        let subscribe = Subscribe {
            pkid: 1,
            filters: vec![Subscription {
                filter: filter.to_owned(),
                options: SubscriptionOptions {
                    qos,
                    ..Default::default()
                },
            }],
            properties: Properties::default(),
        };
        send(
            &mut self.write,
            &Packet::Subscribe(subscribe),
            self.protocol,
        )
        .await?;
        loop {
            match tokio::time::timeout(HANDSHAKE_TIMEOUT, self.reader.next()).await {
                Ok(Ok(Some(Packet::SubAck(ack)))) => {
                    return match ack.codes.first() {
                        Some(code) if !code.is_error() => Ok(()),
                        other => Err(BenchError::Protocol(format!(
                            "SUBSCRIBE {filter} refused: {other:?}"
                        ))),
                    };
                }
                Ok(Ok(Some(_))) => {}
                Ok(Ok(None)) => {
                    return Err(BenchError::Protocol("closed before SUBACK".into()));
                }
                Ok(Err(e)) => return Err(e),
                Err(_) => return Err(BenchError::Protocol("no SUBACK in 30 s".into())),
            }
        }
    }
}

/// Encodes `packet` and writes it.
///
/// # Errors
/// [`BenchError::Io`].
pub async fn send(
    write: &mut Writer,
    packet: &Packet,
    protocol: Protocol,
) -> Result<(), BenchError> {
    let mut buf = BytesMut::new();
    packet
        .write(protocol, &mut buf)
        .map_err(|e| BenchError::Protocol(format!("cannot encode: {e}")))?;
    write.write_all(&buf).await?;
    write.flush().await?;
    Ok(())
}
