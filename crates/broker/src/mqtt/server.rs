//! The MQTT accept loop over a plain TCP listener.

use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tracing::{debug, warn};

use crate::Broker;
use crate::mqtt::handler;

/// How long connections get to send their DISCONNECT and flush on shutdown.
const DRAIN: Duration = Duration::from_secs(3);
/// Pause after a failed accept (for example EMFILE) before trying again.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// Serves MQTT on `listener` until the broker's shutdown signal, then waits for the connections
/// to finish. At most `mqtt.max_connections` are served at once; more are closed on accept.
pub async fn run(listener: TcpListener, broker: Arc<Broker>) {
    let permits = Arc::new(Semaphore::new(broker.settings.max_connections as usize));
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    let Ok(permit) = Arc::clone(&permits).try_acquire_owned() else {
                        debug!(%peer, "connection limit reached; closing");
                        continue;
                    };
                    let _ = stream.set_nodelay(true);
                    let broker = Arc::clone(&broker);
                    connections.spawn(async move {
                        handler::serve(stream, peer, broker).await;
                        drop(permit);
                    });
                }
                Err(e) => {
                    warn!(error = %e, "MQTT accept failed");
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                }
            },
            Some(_) = connections.join_next() => {}
            () = broker.shutdown().wait() => break,
        }
    }
    drop(listener);
    let drained = tokio::time::timeout(DRAIN, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        warn!(
            left = connections.len(),
            "MQTT connections did not close in time; aborting them"
        );
        connections.abort_all();
    }
}
