//! [`Connection`]: the one place that touches the bytes of an MQTT connection. It owns the
//! stream and both buffers; everything above it deals in packets.

use bytes::BytesMut;
use robustmq_mqtt_codec::{Error as CodecError, Packet, Protocol};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use crate::{BrokerError, Result};

/// Initial read buffer; it grows to the largest packet seen, bounded by the packet limit.
const READ_CHUNK: usize = 8 * 1024;
/// Most the read buffer grows by per read.
const MAX_READ_STEP: usize = 256 * 1024;

/// A byte stream with MQTT framing. Generic over the stream so that TLS, WebSocket and QUIC
/// (the network issue) plug in under the same protocol handler.
pub struct Connection<S> {
    stream: S,
    read_buf: BytesMut,
    write_buf: BytesMut,
    max_packet_size: usize,
}

impl<S: AsyncRead + AsyncWrite + Unpin> Connection<S> {
    /// Wraps `stream`; packets larger than `max_packet_size` are refused before they are
    /// buffered.
    pub fn new(stream: S, max_packet_size: usize) -> Connection<S> {
        Connection {
            stream,
            read_buf: BytesMut::with_capacity(READ_CHUNK),
            write_buf: BytesMut::new(),
            max_packet_size,
        }
    }

    /// Reads the next packet; `Ok(None)` when the peer closed the stream between packets.
    ///
    /// Cancel-safe: bytes read before a cancellation stay buffered for the next call, so this can
    /// sit in a `select!`.
    ///
    /// # Errors
    /// [`BrokerError::Codec`] for bytes that do not decode (the caller closes the connection),
    /// [`BrokerError::Io`] when the socket fails or closes inside a packet.
    pub async fn read_packet(&mut self, protocol: Protocol) -> Result<Option<Packet>> {
        loop {
            match robustmq_mqtt_codec::read(&mut self.read_buf, protocol, self.max_packet_size) {
                Ok(packet) => return Ok(Some(packet)),
                Err(CodecError::Incomplete(missing)) => {
                    // Grow with what arrives, not with what the header announces: a peer that
                    // announces a large packet and sends nothing more gets no large buffer.
                    self.read_buf
                        .reserve(missing.clamp(READ_CHUNK, MAX_READ_STEP));
                }
                Err(e) => return Err(e.into()),
            }
            if self.stream.read_buf(&mut self.read_buf).await? == 0 {
                if self.read_buf.is_empty() {
                    return Ok(None);
                }
                return Err(BrokerError::Io(std::io::ErrorKind::UnexpectedEof.into()));
            }
        }
    }

    /// Encodes `packet` into the write buffer; [`Connection::flush`] sends it.
    ///
    /// # Errors
    /// [`BrokerError::Codec`] when the packet cannot be encoded.
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

    /// Sends everything buffered, in one write where the socket allows.
    ///
    /// # Errors
    /// [`BrokerError::Io`] when the socket fails.
    pub async fn flush(&mut self) -> Result<()> {
        if !self.write_buf.is_empty() {
            self.stream.write_all(&self.write_buf).await?;
            self.write_buf.clear();
            self.stream.flush().await?;
        }
        Ok(())
    }

    /// Sends what is buffered and closes the write side, best effort: the peer may be gone.
    pub async fn close(mut self) {
        let _ = self.flush().await;
        let _ = self.stream.shutdown().await;
    }
}
