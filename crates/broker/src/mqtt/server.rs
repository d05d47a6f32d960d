//! MQTT on a listener of the network layer: every transport (TCP, TLS, WebSocket, WSS) is
//! accepted, limited, handshaken, drained and parked by `robustmq_net::serve`, and each
//! connection it hands over is served by [`task::serve`].

use std::sync::Arc;

use robustmq_net::{Limits, Listener};

use crate::core::Broker;
use crate::mqtt::task::{self, Accepted};

/// Serves MQTT on `listener` until the broker's shutdown signal, then waits for the connections
/// to finish. At most `mqtt.max_connections` are served at once per listener, and
/// `mqtt.max_connections_per_ip` from one address; more are closed on accept and counted
/// (`robustmq_listener_refused_total`). A TLS handshake or WebSocket upgrade gets
/// `mqtt.connect_timeout`, and the CONNECT after it as long again. Shutdown reaches the
/// connections, parked ones included, through the broker, which tells each one to close.
pub async fn run(listener: Listener, broker: Arc<Broker>) {
    let limits = Limits {
        max_connections: broker.settings.max_connections as usize,
        max_per_ip: broker.settings.max_connections_per_ip,
        handshake_timeout: broker.settings.connect_timeout,
        max_message: broker.settings.max_packet_size as usize,
        proxy_protocol: broker.settings.proxy_protocol,
    };
    let metrics = broker.metrics.listeners.clone();
    let shutdown = broker.shutdown().clone();
    robustmq_net::serve(listener, limits, metrics, shutdown, move |accepted| {
        task::serve(Box::new(Accepted {
            net: accepted,
            broker: Arc::clone(&broker),
        }))
    })
    .await;
}
