//! Kafka on a listener of the network layer: each connection reads frames, serves several at
//! once and answers them in the order they came, as Kafka does.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bytes::BytesMut;
use futures_util::stream::FuturesOrdered;
use futures_util::{FutureExt, StreamExt};
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

/// A client that takes longer than this to read an answer is disconnected.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// Requests of one connection served at once, at most (Kafka clients keep up to five in flight).
const PIPELINE: usize = 16;

/// A request being served: its outcome and its answer, in its own buffer.
type Serving = Pin<Box<dyn Future<Output = (Result<(), KafkaError>, BytesMut)> + Send>>;

/// Serves one connection until the client closes it, it sends what cannot be served, it stays
/// idle for [`IDLE`], or the node shuts down.
///
/// Requests are served concurrently, up to [`PIPELINE`], and answered in the order they came.
/// Each is polled once as soon as it is read, so a Produce hands its batches to their shards in
/// request order (what idempotent sequences and per-partition order need) and later requests
/// wait for their group commits alongside it rather than after it.
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
    let ip = peer.addr.ip();
    let mut input = BytesMut::with_capacity(4096);
    let mut serving: FuturesOrdered<Serving> = FuturesOrdered::new();
    let mut out = BytesMut::new();
    loop {
        tokio::select! {
            biased;
            () = shutdown.wait() => return Ok(()),
            Some((result, answer)) = serving.next(), if !serving.is_empty() => {
                result?;
                out.extend_from_slice(&answer);
                // Whatever else is answered already goes out in the same write.
                while let Some(Some((result, answer))) = serving.next().now_or_never() {
                    result?;
                    out.extend_from_slice(&answer);
                }
                if !out.is_empty() {
                    let write = async {
                        stream.write_all(&out).await?;
                        stream.flush().await
                    };
                    match tokio::time::timeout(WRITE_TIMEOUT, write).await {
                        Ok(written) => written?,
                        Err(_) => return Ok(()),
                    }
                    seat.sent(out.len());
                    out.clear();
                }
            }
            read = tokio::time::timeout(IDLE, stream.read_buf(&mut input)), if serving.len() < PIPELINE => {
                let n = match read {
                    // Idle only counts when nothing is being served.
                    Err(_) if serving.is_empty() => return Ok(()),
                    Err(_) => continue,
                    Ok(read) => read?,
                };
                if n == 0 {
                    return Ok(());
                }
                seat.received(n);
            }
        }
        while serving.len() < PIPELINE
            && let Some(frame) = next_frame(&mut input, max)?
        {
            let kafka = Arc::clone(&kafka);
            let mut request = Box::pin(async move {
                let mut answer = BytesMut::new();
                let result = kafka.serve(frame, &mut answer, ip).await;
                (result, answer)
            });
            // The first poll, here, submits its appends in request order; the rest runs as a
            // task of its own, so a client that stops reading holds up no partition lock or
            // fence, and a request in flight completes (and records its producer sequence)
            // even if the connection goes away.
            let first =
                std::future::poll_fn(|cx| std::task::Poll::Ready(request.as_mut().poll(cx))).await;
            let request: Serving = match first {
                std::task::Poll::Ready(done) => Box::pin(std::future::ready(done)),
                std::task::Poll::Pending => {
                    let task = tokio::spawn(request);
                    Box::pin(async move {
                        task.await.unwrap_or_else(|e| {
                            (
                                Err(KafkaError::Decode(format!("request task failed: {e}"))),
                                BytesMut::new(),
                            )
                        })
                    })
                }
            };
            serving.push_back(request);
        }
    }
}
