//! [`Socket`]: the TCP socket at the bottom of every [`crate::Stream`], which can leave the
//! stream while the connection is parked and come back, with whatever sits on top of it (a
//! rustls session, WebSocket framing) left in place.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

/// A TCP socket in tokio's reactor, or none while its connection is parked. Reading or writing
/// a parked socket fails with `NotConnected`.
#[derive(Debug)]
pub struct Socket {
    tcp: Option<TcpStream>,
}

/// The error of I/O on a parked socket.
fn parked() -> io::Error {
    io::ErrorKind::NotConnected.into()
}

impl Socket {
    /// Wraps an accepted stream.
    pub fn new(tcp: TcpStream) -> Socket {
        Socket { tcp: Some(tcp) }
    }

    /// The socket, out of tokio's reactor, for the parking lot.
    ///
    /// # Errors
    /// `NotConnected` when it is out already; leaving the reactor failed (the socket is lost).
    pub fn take(&mut self) -> io::Result<std::net::TcpStream> {
        self.tcp.take().ok_or_else(parked)?.into_std()
    }

    /// Puts the socket back, into tokio's reactor.
    ///
    /// # Errors
    /// Joining the reactor failed; the socket stays out.
    pub fn put(&mut self, socket: std::net::TcpStream) -> io::Result<()> {
        self.tcp = Some(TcpStream::from_std(socket)?);
        Ok(())
    }

    /// The stream, while it is in place.
    pub fn get(&self) -> Option<&TcpStream> {
        self.tcp.as_ref()
    }
}

impl AsyncRead for Socket {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.tcp.as_mut() {
            Some(tcp) => Pin::new(tcp).poll_read(cx, buf),
            None => Poll::Ready(Err(parked())),
        }
    }
}

impl AsyncWrite for Socket {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.tcp.as_mut() {
            Some(tcp) => Pin::new(tcp).poll_write(cx, buf),
            None => Poll::Ready(Err(parked())),
        }
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        match self.tcp.as_mut() {
            Some(tcp) => Pin::new(tcp).poll_write_vectored(cx, bufs),
            None => Poll::Ready(Err(parked())),
        }
    }

    fn is_write_vectored(&self) -> bool {
        true
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.tcp.as_mut() {
            Some(tcp) => Pin::new(tcp).poll_flush(cx),
            None => Poll::Ready(Err(parked())),
        }
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.tcp.as_mut() {
            Some(tcp) => Pin::new(tcp).poll_shutdown(cx),
            None => Poll::Ready(Err(parked())),
        }
    }
}
