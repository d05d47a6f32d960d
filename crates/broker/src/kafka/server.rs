//! Kafka on a listener of the network layer: each connection reads frames, serves them in
//! order (Kafka answers a connection's requests in the order they came) and writes the answers
//! of everything it has read before it waits for more.

use std::sync::Arc;
use std::time::Duration;

use bytes::BytesMut;
use robustmq_net::ws::Route;
use robustmq_net::{Accepted, Limits, Listener};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tracing::debug;

use crate::kafka::error::KafkaError;
use crate::kafka::frame::next_frame;
use crate::kafka::service::Kafka;

/// Kafka's `connections.max.idle.ms` default: a connection silent this long is closed.
const IDLE: Duration = Duration::from_secs(600);
/// Kafka has no WebSocket transport; the route is never used (the Kafka listener is TCP).
const NO_WS: Route = Route {
    path: "/kafka",
    subprotocols: &[],
};

/// Serves Kafka on `listener` until the broker's shutdown signal. Connections count against
/// `mqtt.max_connections` and `mqtt.max_connections_per_ip`, the node's connection limits.
pub async fn run(listener: Listener, kafka: Arc<Kafka>) {
    let settings = &kafka.broker.settings;
    let limits = Limits {
        max_connections: settings.max_connections as usize,
        max_per_ip: settings.max_connections_per_ip,
        handshake_timeout: settings.connect_timeout,
        max_message: kafka.settings.max_request_bytes,
        ws_route: NO_WS,
        proxy_protocol: false,
    };
    let metrics = kafka.broker.metrics.listeners.clone();
    let shutdown = kafka.broker.shutdown().clone();
    robustmq_net::serve(listener, limits, metrics, shutdown, move |accepted| {
        let kafka = Arc::clone(&kafka);
        async move {
            let peer = accepted.peer.addr;
            if let Err(e) = serve(accepted, kafka).await {
                debug!(%peer, error = %e, "Kafka connection closed");
            }
        }
    })
    .await;
}

/// Serves one connection until the client closes it, it sends what cannot be served, it stays
/// idle for [`IDLE`], or the node shuts down.
///
/// # Errors
/// The [`KafkaError`] that closed it.
pub async fn serve(accepted: Accepted, kafka: Arc<Kafka>) -> Result<(), KafkaError> {
    let Accepted {
        mut stream,
        seat,
        peer,
    } = accepted;
    let shutdown = kafka.broker.shutdown().clone();
    let max = kafka.settings.max_request_bytes;
    let mut input = BytesMut::with_capacity(4096);
    let mut out = BytesMut::new();
    loop {
        let read = tokio::select! {
            read = tokio::time::timeout(IDLE, stream.read_buf(&mut input)) => read,
            () = shutdown.wait() => return Ok(()),
        };
        let n = match read {
            Err(_) => return Ok(()),
            Ok(read) => read?,
        };
        if n == 0 {
            return Ok(());
        }
        seat.received(n);
        while let Some(frame) = next_frame(&mut input, max)? {
            // A Fetch may wait: what came before it is answered first.
            if !out.is_empty() && frame.get(..2) == Some(&[0, 1]) {
                stream.write_all(&out).await?;
                stream.flush().await?;
                seat.sent(out.len());
                out.clear();
            }
            kafka.serve(frame, &mut out, peer.addr.ip()).await?;
        }
        if !out.is_empty() {
            stream.write_all(&out).await?;
            stream.flush().await?;
            seat.sent(out.len());
            out.clear();
        }
    }
}
