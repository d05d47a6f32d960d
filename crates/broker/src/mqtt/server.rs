//! MQTT on a listener of the network layer: every transport (TCP, TLS, WebSocket, WSS) is
//! accepted, limited, handshaken, drained and parked by `robustmq_net::serve`, and each
//! connection it hands over is served by [`task::serve`].

use std::sync::Arc;

use robustmq_net::ws::Route;
use robustmq_net::{Limits, Listener};

use crate::core::Broker;
use crate::mqtt::task::{self, Accepted};

/// MQTT over WebSocket (MQTT 5.0 section 6): path `/mqtt`; clients offer `mqtt`
/// [MQTT-6.0.0-3] and the server selects it [MQTT-6.0.0-4], or `mqttv3.1` when an MQTT 3.1
/// client offers only that. Packets and frames are independent [MQTT-6.0.0-2], and a text frame
/// closes the connection [MQTT-6.0.0-1] (`robustmq_net::ws`).
pub const WS_ROUTE: Route = Route {
    path: "/mqtt",
    subprotocols: &["mqtt", "mqttv3.1"],
};

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
        ws_route: WS_ROUTE,
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
