//! The MQTT accept loop over a plain TCP listener.

use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tracing::{debug, warn};

use crate::core::Broker;
use crate::mqtt::listener::{Listener, Seat};
use crate::mqtt::park::ParkingLot;
use crate::mqtt::task::{self, Accepted};

/// How long connections get to send their DISCONNECT and flush on shutdown.
const DRAIN: Duration = Duration::from_secs(3);
/// Pause after a failed accept (for example EMFILE) before trying again.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// Serves MQTT on `listener` until the broker's shutdown signal, then waits for the connections
/// to finish. At most `mqtt.max_connections` are served at once, and
/// `mqtt.max_connections_per_ip` from one address; more are closed on accept and counted.
/// Shutdown reaches the connections, parked ones included, through the broker, which tells
/// each one to close.
pub async fn run(listener: TcpListener, broker: Arc<Broker>) {
    let max = broker.settings.max_connections as usize;
    let per_ip = broker.settings.max_connections_per_ip;
    let lot = match ParkingLot::start() {
        Ok(lot) => Some(lot),
        Err(e) => {
            warn!(error = %e, "no parking lot: idle MQTT connections keep their tasks");
            None
        }
    };
    let shared = Listener::new(lot);
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    let seat = match Seat::try_new(&shared, max, peer.ip(), per_ip) {
                        Ok(seat) => seat,
                        Err(full) => {
                            debug!(%peer, limit = full.label(), "connection limit reached; closing");
                            broker
                                .metrics
                                .refused
                                .with_label_values(&[full.label()])
                                .inc();
                            continue;
                        }
                    };
                    let _ = stream.set_nodelay(true);
                    let accepted = Box::new(Accepted {
                        stream,
                        peer,
                        broker: Arc::clone(&broker),
                        seat,
                    });
                    tokio::spawn(task::serve(accepted));
                }
                Err(e) => {
                    warn!(error = %e, "MQTT accept failed");
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                }
            },
            () = broker.shutdown().wait() => break,
        }
    }
    drop(listener);
    if tokio::time::timeout(DRAIN, shared.closed()).await.is_err() {
        warn!(
            left = shared.open(),
            "MQTT connections did not close in time; leaving them to the runtime's shutdown"
        );
    }
    // Whatever is still parked gets a task again, and the lot's task ends.
    if let Some(lot) = shared.lot() {
        lot.stop().await;
    }
}
