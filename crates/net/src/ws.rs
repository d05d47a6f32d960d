//! A byte protocol over WebSocket: the HTTP upgrade and [`WsStream`], the byte stream over
//! binary frames.
//!
//! The protocol that is served names the [`Route`]: the path the upgrade must ask for and the
//! subprotocols it may offer, in the server's order of preference (MQTT's is in
//! `broker::mqtt::server`). Anything else gets an HTTP error and the connection closes. Bytes
//! and frames are independent: a write may span frames on the other side and a frame may hold
//! several writes. A text frame ends the connection (a byte protocol has no text).

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::{Buf, Bytes};
use futures_util::{SinkExt, StreamExt};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::http::{HeaderValue, StatusCode, header};
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};

/// Where a protocol is served over WebSocket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    /// The request path the upgrade must ask for, `/mqtt` say.
    pub path: &'static str,
    /// The subprotocols accepted, most preferred first; the first one the client offers in
    /// this order is selected, whatever the client's order. Never empty.
    pub subprotocols: &'static [&'static str],
}

/// Upgrades `stream` to a WebSocket on `route`. Frames and messages larger than `max_message`
/// bytes end the connection.
///
/// # Errors
/// The request is not a WebSocket upgrade, asks for another path (404) or offers none of the
/// route's subprotocols (400); the stream failed.
pub async fn accept<S>(stream: S, route: Route, max_message: usize) -> io::Result<WsStream<S>>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    // The callback's error type is tungstenite's.
    #[allow(clippy::result_large_err)]
    let check = |request: &Request, response: Response| check(route, request, response);
    let ws =
        tokio_tungstenite::accept_hdr_async_with_config(stream, check, Some(config(max_message)))
            .await
            .map_err(to_io)?;
    Ok(WsStream {
        ws,
        read: Bytes::new(),
    })
}

/// The client side: upgrades `stream` to a WebSocket on `host` and `route`'s path, offering
/// the route's first subprotocol. For load generators and tests.
///
/// # Errors
/// The server refused the upgrade or did not select that subprotocol; the stream failed.
pub async fn connect<S>(
    stream: S,
    host: &str,
    route: Route,
    max_message: usize,
) -> io::Result<WsStream<S>>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let protocol = route.subprotocols.first().copied().unwrap_or_default();
    let mut request = format!("ws://{host}{}", route.path)
        .into_client_request()
        .map_err(to_io)?;
    request.headers_mut().insert(
        header::SEC_WEBSOCKET_PROTOCOL,
        HeaderValue::from_static(protocol),
    );
    let (ws, response) =
        tokio_tungstenite::client_async_with_config(request, stream, Some(config(max_message)))
            .await
            .map_err(to_io)?;
    let selected = response.headers().get(header::SEC_WEBSOCKET_PROTOCOL);
    if selected.and_then(|v| v.to_str().ok()) != Some(protocol) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("the server did not select the {protocol} subprotocol"),
        ));
    }
    Ok(WsStream {
        ws,
        read: Bytes::new(),
    })
}

/// Read buffer a WebSocket connection starts with (and reads at most at once), grown only by
/// a frame that needs more. tungstenite's default, 128 KiB, made an idle WebSocket client cost
/// 130 KiB of RSS (`bench/run.sh`, scenario `conn_ws`).
const READ_BUFFER: usize = 4 * 1024;

/// tungstenite's settings: frames and messages up to `max_message` bytes and a small read
/// buffer. The write side keeps tungstenite's default: frames are written at the flush, with
/// the waker of the task that flushes.
fn config(max_message: usize) -> WebSocketConfig {
    WebSocketConfig::default()
        .read_buffer_size(READ_BUFFER)
        .max_message_size(Some(max_message))
        .max_frame_size(Some(max_message))
}

/// The upgrade's checks: the path, then the subprotocol, which the answer names.
#[allow(clippy::result_large_err)] // the callback's type is tungstenite's
fn check(
    route: Route,
    request: &Request,
    mut response: Response,
) -> Result<Response, ErrorResponse> {
    if request.uri().path() != route.path {
        return Err(refuse(
            StatusCode::NOT_FOUND,
            format!("WebSocket is served on {}", route.path),
        ));
    }
    let offered: Vec<&str> = request
        .headers()
        .get_all(header::SEC_WEBSOCKET_PROTOCOL)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect();
    // Ours in our order, whatever the client's.
    let chosen = route.subprotocols.iter().find(|p| offered.contains(p));
    let Some(chosen) = chosen else {
        return Err(refuse(
            StatusCode::BAD_REQUEST,
            format!(
                "the Sec-WebSocket-Protocol header must offer one of {}",
                route.subprotocols.join(", ")
            ),
        ));
    };
    response.headers_mut().insert(
        header::SEC_WEBSOCKET_PROTOCOL,
        HeaderValue::from_static(chosen),
    );
    Ok(response)
}

fn refuse(status: StatusCode, why: String) -> ErrorResponse {
    let mut response = ErrorResponse::new(Some(why));
    *response.status_mut() = status;
    response
}

/// tungstenite's errors as I/O errors; a closed connection is `ConnectionAborted`.
fn to_io(e: WsError) -> io::Error {
    match e {
        WsError::Io(e) => e,
        WsError::ConnectionClosed | WsError::AlreadyClosed => {
            io::ErrorKind::ConnectionAborted.into()
        }
        other => io::Error::new(io::ErrorKind::InvalidData, other),
    }
}

/// A byte stream over WebSocket binary frames: reads give the frames' payloads in order, a
/// write sends its buffer as one binary frame. Pings are answered by tungstenite; a close
/// frame reads as the end of the stream.
pub struct WsStream<S> {
    ws: WebSocketStream<S>,
    /// What is left of the last binary frame.
    read: Bytes,
}

impl<S: AsyncRead + AsyncWrite + Unpin> WsStream<S> {
    /// The stream under the framing.
    pub fn get_ref(&self) -> &S {
        self.ws.get_ref()
    }

    /// The stream under the framing.
    pub fn get_mut(&mut self) -> &mut S {
        self.ws.get_mut()
    }

    /// Whether no frame payload waits to be read. tungstenite itself keeps only partial frames
    /// once a read returned pending, and more bytes of those wake the socket.
    pub fn is_quiet(&self) -> bool {
        self.read.is_empty()
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncRead for WsStream<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        loop {
            if !self.read.is_empty() {
                let n = self.read.len().min(buf.remaining());
                buf.put_slice(&self.read[..n]);
                self.read.advance(n);
                return Poll::Ready(Ok(()));
            }
            match ready!(self.ws.poll_next_unpin(cx)) {
                None | Some(Ok(Message::Close(_))) => return Poll::Ready(Ok(())),
                Some(Ok(Message::Binary(payload))) => self.read = payload,
                Some(Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_))) => {}
                Some(Ok(Message::Text(_))) => {
                    return Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        "a text frame: this protocol is carried in binary frames",
                    )));
                }
                Some(Err(WsError::ConnectionClosed | WsError::AlreadyClosed)) => {
                    return Poll::Ready(Ok(()));
                }
                Some(Err(e)) => return Poll::Ready(Err(to_io(e))),
            }
        }
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncWrite for WsStream<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        ready!(self.ws.poll_ready_unpin(cx)).map_err(to_io)?;
        self.ws
            .start_send_unpin(Message::Binary(Bytes::copy_from_slice(buf)))
            .map_err(to_io)?;
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.ws.poll_flush_unpin(cx).map_err(to_io)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match ready!(self.ws.poll_close_unpin(cx)) {
            Ok(()) | Err(WsError::ConnectionClosed | WsError::AlreadyClosed) => Poll::Ready(Ok(())),
            Err(e) => Poll::Ready(Err(to_io(e))),
        }
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream};
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;

    use super::*;

    /// MQTT's route, as the broker serves it: the tests check MQTT 5.0 section 6 through it.
    const PATH: &str = "/mqtt";
    const MQTT: Route = Route {
        path: PATH,
        subprotocols: &["mqtt", "mqttv3.1"],
    };

    /// A client's upgrade request for `path`, offering `protocol` when given.
    fn request(
        path: &str,
        protocol: Option<&str>,
    ) -> tokio_tungstenite::tungstenite::handshake::client::Request {
        let mut request = format!("ws://127.0.0.1{path}")
            .into_client_request()
            .expect("request");
        if let Some(protocol) = protocol {
            request.headers_mut().insert(
                header::SEC_WEBSOCKET_PROTOCOL,
                HeaderValue::from_str(protocol).expect("header"),
            );
        }
        request
    }

    /// Runs the upgrade between a tungstenite client and [`accept`].
    async fn upgrade(
        path: &str,
        protocol: Option<&str>,
    ) -> (
        Result<WebSocketStream<DuplexStream>, WsError>,
        io::Result<WsStream<DuplexStream>>,
    ) {
        let (client, server) = tokio::io::duplex(64 * 1024);
        let server = tokio::spawn(accept(server, MQTT, 1 << 20));
        let client = tokio_tungstenite::client_async(request(path, protocol), client)
            .await
            .map(|(ws, _)| ws);
        (client, server.await.expect("server task"))
    }

    #[tokio::test]
    async fn packets_and_frames_are_independent_mqtt_6_0_0_2() {
        let (client, server) = upgrade(PATH, Some("mqtt")).await;
        let (mut client, mut server) = (client.expect("client"), server.expect("server"));
        // One packet split over two frames, then two packets in one frame.
        let pingreq = [0xC0u8, 0x00];
        client
            .send(Message::Binary(Bytes::from_static(&[0xC0])))
            .await
            .expect("send");
        client
            .send(Message::Binary(Bytes::from_static(&[
                0x00, 0xC0, 0x00, 0xC0,
            ])))
            .await
            .expect("send");
        client
            .send(Message::Binary(Bytes::from_static(&[0x00])))
            .await
            .expect("send");
        let mut got = [0u8; 6];
        server.read_exact(&mut got).await.expect("read");
        assert_eq!(got, [pingreq, pingreq, pingreq].concat().as_slice());
        // A write is one binary frame.
        server.write_all(&[0xD0, 0x00]).await.expect("write");
        server.flush().await.expect("flush");
        match client.next().await {
            Some(Ok(Message::Binary(b))) => assert_eq!(&b[..], &[0xD0, 0x00]),
            other => panic!("expected a binary frame, got {other:?}"),
        }
        assert!(server.is_quiet());
        // A close frame reads as the end of the stream.
        client.close(None).await.expect("close");
        let mut rest = Vec::new();
        server.read_to_end(&mut rest).await.expect("end");
        assert!(rest.is_empty());
    }

    #[tokio::test]
    async fn a_text_frame_is_an_error_mqtt_6_0_0_1() {
        let (client, server) = upgrade(PATH, Some("mqtt")).await;
        let (mut client, mut server) = (client.expect("client"), server.expect("server"));
        client
            .send(Message::Text("hello".into()))
            .await
            .expect("send");
        let mut buf = [0u8; 8];
        let e = server.read(&mut buf).await.expect_err("text is refused");
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
    }

    #[tokio::test]
    async fn the_upgrade_needs_the_mqtt_path_and_subprotocol_mqtt_6_0_0_4() {
        let (client, server) = upgrade(PATH, Some("foo, mqtt")).await;
        let client = client.expect("client");
        assert!(server.is_ok());
        // tungstenite checks that the server chose one of the offered subprotocols; the
        // server's choice is mqtt.
        drop(client);
        let (client, server) = upgrade("/other", Some("mqtt")).await;
        assert!(
            client.is_err() && server.is_err(),
            "another path is refused"
        );
        let (client, server) = upgrade(PATH, None).await;
        assert!(
            client.is_err() && server.is_err(),
            "no subprotocol is refused"
        );
        let (client, server) = upgrade(PATH, Some("wamp")).await;
        assert!(
            client.is_err() && server.is_err(),
            "another subprotocol is refused"
        );
        let (client, server) = upgrade(PATH, Some("mqttv3.1")).await;
        assert!(
            client.is_ok() && server.is_ok(),
            "MQTT 3.1 clients' name is taken"
        );
        // Offered both, in any order, the server selects mqtt.
        for offer in ["mqttv3.1, mqtt", "mqtt, mqttv3.1"] {
            let response =
                check(MQTT, &request(PATH, Some(offer)), Response::new(())).expect("accepted");
            assert_eq!(response.headers()[header::SEC_WEBSOCKET_PROTOCOL], "mqtt");
        }
    }
}
