//! [`Connection`]: the one place that touches the bytes of an MQTT connection. It owns the
//! stream and both buffers; everything above it deals in packets.

use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::BytesMut;
use robustmq_mqtt_codec::{Error as CodecError, Packet, Protocol};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};

use crate::mqtt::error::{MqttError, Result};

/// Read buffer reserved for a packet that has begun to arrive; it grows to the largest packet
/// seen, bounded by the packet limit.
const READ_CHUNK: usize = 8 * 1024;
/// A read shorter than this means light traffic: once such a connection's buffered packets are
/// all decoded, its read buffer is given back, so that an idle connection holds none (a busy one
/// keeps its buffer and reads straight into it). A connection without a buffer reads into one on
/// the stack and keeps only what it read.
const LIGHT_READ: usize = 1024;
/// Most a connection without a buffer reads at once: what tokio's `read_buf` reserves for an
/// empty buffer, which this reproduces without keeping it allocated while the connection waits.
/// Measured, not guessed: with 512 or 8192 here, a QoS 1 publisher on the same core as its
/// subscriber runs ahead of it, the subscriber's queue stays tens of thousands deep, and QoS 1
/// 1→1 drops from about 440k to 300k msg/s with p50 latency from 0.2 ms to 100 ms (bench/README.md).
const FIRST_READ: usize = 64;
/// A write buffer larger than this is given back after a flush, so that one burst of deliveries
/// does not pin its size to the connection for good.
const KEEP_WRITE_BUF: usize = 64 * 1024;
/// A flush shorter than this means light traffic: the write buffer is given back after it, so
/// that an idle connection holds none.
const LIGHT_WRITE: usize = 1024;
/// Most the read buffer grows by per read.
const MAX_READ_STEP: usize = 256 * 1024;

/// Longest a closing connection waits for its peer to close too; see [`Connection::close`].
pub const CLOSE_LINGER: std::time::Duration = std::time::Duration::from_secs(2);

/// Most bytes a closing connection reads and discards while it waits for its peer to close.
const CLOSE_DRAIN_MAX: usize = 1 << 20;

/// A byte stream with MQTT framing. Generic over the stream so that TLS, WebSocket and QUIC
/// (the network issue) plug in under the same protocol handler.
pub struct Connection<S> {
    /// A parked connection keeps its stream, without the socket (see `robustmq_net::park`).
    stream: S,
    read_buf: BytesMut,
    write_buf: BytesMut,
    max_packet_size: usize,
    /// Bytes the last read returned.
    last_read: usize,
    /// Bytes still missing from the packet at the front of the read buffer, as the codec last
    /// reported them; 0 when it has not been asked since the last read.
    missing: usize,
}

impl<S: AsyncRead + AsyncWrite + Unpin> Connection<S> {
    /// Wraps `stream`; packets larger than `max_packet_size` are refused before they are
    /// buffered.
    pub fn new(stream: S, max_packet_size: usize) -> Connection<S> {
        Connection {
            stream,
            read_buf: BytesMut::new(),
            write_buf: BytesMut::new(),
            max_packet_size,
            last_read: 0,
            missing: 0,
        }
    }

    /// Reads the next packet; `Ok(None)` when the peer closed the stream between packets.
    ///
    /// Cancel-safe: bytes read before a cancellation stay buffered for the next call, so this can
    /// sit in a `select!`.
    ///
    /// # Errors
    /// [`MqttError::Codec`] for bytes that do not decode (the caller closes the connection),
    /// [`MqttError::Io`] when the socket fails or closes inside a packet.
    pub async fn read_packet(&mut self, protocol: Protocol) -> Result<Option<Packet>> {
        std::future::poll_fn(|cx| {
            loop {
                if let Some(packet) = self.buffered_packet(protocol)? {
                    return Poll::Ready(Ok(Some(packet)));
                }
                if !ready!(self.poll_fill(cx))? {
                    return Poll::Ready(Ok(None));
                }
            }
        })
        .await
    }

    /// The next packet if it has fully arrived already, without waiting on the socket:
    /// `Ok(None)` when the buffered bytes hold no whole packet. It lets the caller handle a
    /// burst of packets and answer them all with one write.
    ///
    /// # Errors
    /// [`MqttError::Codec`] for bytes that do not decode.
    pub fn buffered_packet(&mut self, protocol: Protocol) -> Result<Option<Packet>> {
        if self.read_buf.is_empty() {
            return Ok(None);
        }
        match robustmq_mqtt_codec::read(&mut self.read_buf, protocol, self.max_packet_size) {
            Ok(packet) => Ok(Some(packet)),
            Err(CodecError::Incomplete(missing)) => {
                self.missing = missing;
                Ok(None)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Reads whatever bytes the socket has into the read buffer, waiting (with `cx`) when it
    /// has none. `Ready(Ok(true))` when bytes arrived; `Ready(Ok(false))` when the peer closed
    /// the stream between packets. Keeps no state outside `self`, so a connection can wait on
    /// its socket from a hand-written future that holds nothing else.
    ///
    /// Call [`Connection::buffered_packet`] until it returns `None` first: the buffer grows by
    /// what that last reported missing, at least [`READ_CHUNK`] and at most [`MAX_READ_STEP`].
    ///
    /// # Errors
    /// [`MqttError::Io`] when the socket fails, or closes inside a packet.
    pub fn poll_fill(&mut self, cx: &mut Context<'_>) -> Poll<Result<bool>> {
        let stream = &mut self.stream;
        if self.read_buf.is_empty() {
            if self.last_read >= LIGHT_READ {
                self.read_buf.reserve(READ_CHUNK);
            } else {
                // Even with no capacity left, an emptied buffer still holds its allocation
                // (shared with the packets split off it) until it is replaced.
                self.read_buf = BytesMut::new();
            }
        } else {
            // Grow with what arrives, not with what the header announces: a peer that
            // announces a large packet and sends nothing more gets no large buffer.
            self.read_buf
                .reserve(self.missing.clamp(READ_CHUNK, MAX_READ_STEP));
        }
        let n = if self.read_buf.capacity() > self.read_buf.len() {
            ready!(tokio_util::io::poll_read_buf(
                Pin::new(stream),
                cx,
                &mut self.read_buf
            ))?
        } else {
            let mut chunk = [0u8; FIRST_READ];
            let mut buf = ReadBuf::new(&mut chunk);
            ready!(Pin::new(stream).poll_read(cx, &mut buf))?;
            self.read_buf.extend_from_slice(buf.filled());
            buf.filled().len()
        };
        self.last_read = n;
        self.missing = 0;
        if n > 0 {
            Poll::Ready(Ok(true))
        } else if self.read_buf.is_empty() {
            Poll::Ready(Ok(false))
        } else {
            Poll::Ready(Err(MqttError::Io(std::io::ErrorKind::UnexpectedEof.into())))
        }
    }

    /// Bytes the last read returned.
    pub fn last_read(&self) -> usize {
        self.last_read
    }

    /// Whether bytes of further packets have arrived and wait to be decoded.
    pub fn has_buffered(&self) -> bool {
        !self.read_buf.is_empty()
    }

    /// Bytes encoded and not yet flushed.
    pub fn pending_write(&self) -> usize {
        self.write_buf.len()
    }

    /// Encodes `packet` into the write buffer; [`Connection::flush`] sends it.
    ///
    /// # Errors
    /// [`MqttError::Codec`] when the packet cannot be encoded.
    pub fn buffer(&mut self, packet: &Packet, protocol: Protocol) -> Result<usize> {
        let mark = self.write_buf.len();
        packet.write(protocol, &mut self.write_buf).map_err(|e| {
            // Never leave half a packet in front of whatever is written next.
            self.write_buf.truncate(mark);
            e.into()
        })
    }

    /// The write buffer, for callers that encode many packets at once.
    pub fn write_buf(&mut self) -> &mut BytesMut {
        &mut self.write_buf
    }

    /// Sends everything buffered, in one write where the socket allows, and whatever the
    /// stream's own layers hold (a TLS alert, a WebSocket pong) even when nothing was
    /// buffered here: on TCP that costs nothing.
    ///
    /// # Errors
    /// [`MqttError::Io`] when the socket fails.
    pub async fn flush(&mut self) -> Result<()> {
        let stream = &mut self.stream;
        if !self.write_buf.is_empty() {
            stream.write_all(&self.write_buf).await?;
            if self.write_buf.capacity() > KEEP_WRITE_BUF || self.write_buf.len() < LIGHT_WRITE {
                self.write_buf = BytesMut::new();
            } else {
                self.write_buf.clear();
            }
        }
        stream.flush().await?;
        Ok(())
    }

    /// Sends what is buffered, closes the write side, then waits for the peer to close its
    /// side too ([`Connection::linger`]). Best effort: the peer may be gone.
    pub async fn close(&mut self) {
        self.close_write().await;
        self.linger().await;
    }

    /// Sends what is buffered and closes the write side, best effort.
    pub async fn close_write(&mut self) {
        let _ = self.flush().await;
        let _ = self.stream.shutdown().await;
    }

    /// Reads and discards what the peer still sends until it closes its side, for at most
    /// [`CLOSE_LINGER`] and [`CLOSE_DRAIN_MAX`] bytes; call it after
    /// [`Connection::close_write`].
    ///
    /// It is what makes a last DISCONNECT or CONNACK arrive: a socket closed with unread input
    /// makes the kernel answer with a reset, and a reset makes the peer's kernel discard what it
    /// had received and not yet handed to the client, the reason code among it.
    pub async fn linger(&mut self) {
        let drain = async {
            let mut drained = 0;
            while drained < CLOSE_DRAIN_MAX {
                // Small: every parked connection closing at shutdown lingers at once.
                self.read_buf.clear();
                self.read_buf.reserve(LIGHT_READ);
                match self.stream.read_buf(&mut self.read_buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => drained += n,
                }
            }
        };
        let _ = tokio::time::timeout(CLOSE_LINGER, drain).await;
        self.read_buf = BytesMut::new();
    }

    /// The bytes read and not yet decoded.
    pub fn buffered(&self) -> &[u8] {
        &self.read_buf
    }

    /// Whether nothing is buffered in either direction, so that the socket alone is the
    /// connection's state on the wire.
    pub fn is_drained(&self) -> bool {
        self.read_buf.is_empty() && self.write_buf.is_empty()
    }

    /// The stream.
    pub fn stream(&self) -> &S {
        &self.stream
    }

    /// The stream, to take its socket out when the connection parks.
    pub fn stream_mut(&mut self) -> &mut S {
        &mut self.stream
    }

    /// Gives the (drained) buffers back, as a connection does when it parks.
    pub fn release_buffers(&mut self) {
        self.read_buf = BytesMut::new();
        self.write_buf = BytesMut::new();
        self.last_read = 0;
        self.missing = 0;
    }
}

impl Connection<robustmq_net::Stream> {
    /// Puts back the socket of a connection that was parked.
    ///
    /// # Errors
    /// [`MqttError::Io`]: the socket cannot join tokio's reactor.
    pub fn put_socket(&mut self, socket: std::net::TcpStream) -> Result<()> {
        Ok(self.stream.put_socket(socket)?)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tokio::io::AsyncWriteExt as _;

    use super::*;

    /// PINGREQ: two bytes.
    const PING: [u8; 2] = [0xC0, 0x00];

    /// A QoS 0 PUBLISH to topic `t` with `payload` bytes of 7 (remaining length under 128).
    fn small_publish(payload: usize) -> Vec<u8> {
        let mut bytes = vec![0x30, u8::try_from(3 + payload).expect("small")];
        bytes.extend_from_slice(&[0x00, 0x01, b't']);
        bytes.extend(std::iter::repeat_n(7u8, payload));
        bytes
    }

    #[tokio::test]
    async fn an_idle_light_connection_holds_no_read_buffer() {
        let (mut client, server) = tokio::io::duplex(64 * 1024);
        let mut conn = Connection::new(server, 1 << 20);
        // Longer than the first read (FIRST_READ), so the buffer grows to READ_CHUNK for it.
        client.write_all(&small_publish(120)).await.expect("write");
        let packet = conn.read_packet(Protocol::V311).await.expect("read");
        assert!(matches!(packet, Some(Packet::Publish(_))));
        // Waiting for the next packet: the drained buffer has been given back.
        let waiting =
            tokio::time::timeout(Duration::from_millis(20), conn.read_packet(Protocol::V311)).await;
        assert!(waiting.is_err(), "nothing more was sent");
        assert_eq!(conn.read_buf.capacity(), 0);
        // A packet that fits the first read exactly: the buffer is read to its end and has no
        // capacity left, yet holds its allocation until it is replaced. A new `BytesMut`
        // points nowhere.
        client.write_all(&small_publish(10)).await.expect("write");
        let packet = conn.read_packet(Protocol::V311).await.expect("read");
        assert!(matches!(packet, Some(Packet::Publish(_))));
        let waiting =
            tokio::time::timeout(Duration::from_millis(20), conn.read_packet(Protocol::V311)).await;
        assert!(waiting.is_err(), "nothing more was sent");
        assert_eq!(conn.read_buf.as_ptr(), BytesMut::new().as_ptr());
        // A small answer: its buffer is given back once it is written.
        conn.buffer(&Packet::PingResp, Protocol::V311)
            .expect("encode");
        conn.flush().await.expect("flush");
        assert_eq!(conn.write_buf.capacity(), 0);
        let mut answer = [0u8; 2];
        tokio::io::AsyncReadExt::read_exact(&mut client, &mut answer)
            .await
            .expect("read");
        assert_eq!(answer, [0xD0, 0x00]);
    }

    #[tokio::test]
    async fn buffered_packets_are_handed_out_only_when_whole() {
        let (mut client, server) = tokio::io::duplex(64 * 1024);
        let mut conn = Connection::new(server, 1 << 20);
        let publish = small_publish(10);
        let mut burst = PING.to_vec();
        burst.extend_from_slice(&publish);
        burst.extend_from_slice(&publish[..5]);
        client.write_all(&burst).await.expect("write");
        assert!(matches!(
            conn.read_packet(Protocol::V311).await.expect("read"),
            Some(Packet::PingReq)
        ));
        assert!(matches!(
            conn.buffered_packet(Protocol::V311).expect("decode"),
            Some(Packet::Publish(_))
        ));
        assert!(
            conn.buffered_packet(Protocol::V311)
                .expect("decode")
                .is_none(),
            "the third packet has not fully arrived"
        );
        client.write_all(&publish[5..]).await.expect("write");
        assert!(matches!(
            conn.read_packet(Protocol::V311).await.expect("read"),
            Some(Packet::Publish(_))
        ));
        // A reserved packet type buffered behind a good one is an error, not "incomplete".
        client
            .write_all(&[0xC0, 0x00, 0x00, 0x00])
            .await
            .expect("write");
        assert!(matches!(
            conn.read_packet(Protocol::V311).await.expect("read"),
            Some(Packet::PingReq)
        ));
        assert!(conn.buffered_packet(Protocol::V311).is_err());
    }

    #[tokio::test]
    async fn a_busy_connection_keeps_a_buffer_until_a_light_read_and_large_packets_arrive_whole() {
        let (mut client, server) = tokio::io::duplex(256 * 1024);
        let mut conn = Connection::new(server, 1 << 20);
        // A 20 KiB PUBLISH (QoS 0, topic "t"); a PINGREQ follows later, on its own.
        let body_len = 2 + 1 + 20 * 1024;
        let mut bytes = vec![0x30];
        let mut n = body_len;
        loop {
            let mut b = (n % 128) as u8;
            n /= 128;
            if n > 0 {
                b |= 0x80;
            }
            bytes.push(b);
            if n == 0 {
                break;
            }
        }
        bytes.extend_from_slice(&[0x00, 0x01, b't']);
        bytes.extend(std::iter::repeat_n(7u8, 20 * 1024));
        client.write_all(&bytes).await.expect("write");
        match conn.read_packet(Protocol::V311).await.expect("read") {
            Some(Packet::Publish(p)) => assert_eq!(p.payload.len(), 20 * 1024),
            other => panic!("expected PUBLISH, got {other:?}"),
        }
        let waiting =
            tokio::time::timeout(Duration::from_millis(20), conn.read_packet(Protocol::V311)).await;
        assert!(waiting.is_err(), "nothing more was sent");
        assert!(
            conn.read_buf.capacity() >= READ_CHUNK,
            "the last read was large: the connection waits with a buffer to read straight into, \
             not {}",
            conn.read_buf.capacity()
        );
        // A light read after it: the buffer is given back.
        client.write_all(&PING).await.expect("write");
        assert!(matches!(
            conn.read_packet(Protocol::V311).await.expect("read"),
            Some(Packet::PingReq)
        ));
        let _ =
            tokio::time::timeout(Duration::from_millis(20), conn.read_packet(Protocol::V311)).await;
        assert_eq!(conn.read_buf.capacity(), 0);
    }
}
