//! [`Stream`]: the one byte-stream type every listener yields, whatever its transport.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio_rustls::server::TlsStream;

use crate::Transport;
use crate::quic::QuicStream;
use crate::socket::Socket;
use crate::ws::WsStream;

/// A connection's bytes after its handshake: plain TCP, TLS, or MQTT over WebSocket binary
/// frames (over TCP or TLS). Reads give the payload bytes in order, whatever the framing below;
/// a write of a buffer sends it whole (one WebSocket frame on WS and WSS).
///
/// The boxed variants keep the enum small: an idle plain-TCP connection, by far the most
/// common, carries no TLS or WebSocket state.
pub enum Stream {
    /// Plain TCP.
    Tcp(Socket),
    /// TLS over TCP.
    Tls(Box<TlsStream<Socket>>),
    /// WebSocket over TCP.
    Ws(Box<WsStream<Socket>>),
    /// WebSocket over TLS.
    Wss(Box<WsStream<TlsStream<Socket>>>),
    /// A QUIC connection's stream. It cannot park ([`Stream::can_park`]).
    Quic(Box<QuicStream>),
}

impl Stream {
    /// The transport of this stream.
    pub fn transport(&self) -> Transport {
        match self {
            Stream::Tcp(_) => Transport::Tcp,
            Stream::Tls(_) => Transport::Tls,
            Stream::Ws(_) => Transport::Ws,
            Stream::Wss(_) => Transport::Wss,
            Stream::Quic(_) => Transport::Quic,
        }
    }

    /// Whether the connection can give its socket to the parking lot while idle: every
    /// transport over TCP can; QUIC cannot (its state and timers live in quinn's endpoint).
    pub fn can_park(&self) -> bool {
        !matches!(self, Stream::Quic(_))
    }

    fn socket_mut(&mut self) -> io::Result<&mut Socket> {
        match self {
            Stream::Tcp(socket) => Ok(socket),
            Stream::Tls(tls) => Ok(tls.get_mut().0),
            Stream::Ws(ws) => Ok(ws.get_mut()),
            Stream::Wss(wss) => Ok(wss.get_mut().get_mut().0),
            Stream::Quic(_) => Err(io::ErrorKind::Unsupported.into()),
        }
    }

    /// Pushes out, without waiting, what the layers above the socket still hold to send (a
    /// TLS alert, a WebSocket pong), and says whether the stream is then quiet
    /// ([`Stream::is_quiet`]): false when the socket would not take it all now.
    pub fn settle(&mut self) -> bool {
        let mut cx = Context::from_waker(Waker::noop());
        match Pin::new(&mut *self).poll_flush(&mut cx) {
            Poll::Ready(Ok(())) => self.is_quiet(),
            _ => false,
        }
    }

    /// Whether the layers above the socket hold nothing that waits to be sent or read: only
    /// then may the socket leave for the parking lot, whose wake-up is the socket's readiness.
    /// Bytes a layer decoded but nobody read would never wake it.
    ///
    /// For TLS this checks what waits to be sent; decrypted bytes not yet read cannot be
    /// seen from outside rustls, and the caller guarantees there are none: it parks only right
    /// after a read returned pending, which tokio-rustls does only with no plaintext left.
    pub fn is_quiet(&self) -> bool {
        match self {
            Stream::Tcp(_) => true,
            Stream::Tls(tls) => !tls.get_ref().1.wants_write(),
            Stream::Ws(ws) => ws.is_quiet(),
            Stream::Wss(wss) => wss.is_quiet() && !wss.get_ref().get_ref().1.wants_write(),
            Stream::Quic(_) => false,
        }
    }

    /// Takes the TCP socket out (and out of tokio's reactor), to park the connection; the
    /// rest of the stream (a TLS session, WebSocket framing) stays here until
    /// [`Stream::put_socket`]. Call it only when [`Stream::is_quiet`].
    ///
    /// # Errors
    /// The socket is out already, or leaving the reactor failed (the socket is lost);
    /// `Unsupported` for a stream that cannot park.
    pub fn take_socket(&mut self) -> io::Result<std::net::TcpStream> {
        self.socket_mut()?.take()
    }

    /// Puts back the socket [`Stream::take_socket`] took.
    ///
    /// # Errors
    /// Joining tokio's reactor failed.
    pub fn put_socket(&mut self, socket: std::net::TcpStream) -> io::Result<()> {
        self.socket_mut()?.put(socket)
    }
}

/// Evaluates `$call` with `$s` bound to whichever stream is inside, pinned.
macro_rules! each {
    ($self:ident, $s:ident => $call:expr) => {
        match $self.get_mut() {
            Stream::Tcp($s) => {
                let $s = Pin::new($s);
                $call
            }
            Stream::Tls($s) => {
                let $s = Pin::new(&mut **$s);
                $call
            }
            Stream::Ws($s) => {
                let $s = Pin::new(&mut **$s);
                $call
            }
            Stream::Wss($s) => {
                let $s = Pin::new(&mut **$s);
                $call
            }
            Stream::Quic($s) => {
                let $s = Pin::new(&mut **$s);
                $call
            }
        }
    };
}

impl AsyncRead for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        each!(self, s => s.poll_read(cx, buf))
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        each!(self, s => s.poll_write(cx, buf))
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        each!(self, s => s.poll_write_vectored(cx, bufs))
    }

    fn is_write_vectored(&self) -> bool {
        match self {
            Stream::Tcp(s) => s.is_write_vectored(),
            Stream::Tls(s) => s.is_write_vectored(),
            Stream::Ws(_) | Stream::Wss(_) | Stream::Quic(_) => false,
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        each!(self, s => s.poll_flush(cx))
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        each!(self, s => s.poll_shutdown(cx))
    }
}
