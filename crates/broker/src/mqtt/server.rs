//! The MQTT accept loop over a plain TCP listener.

use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tracing::{debug, warn};

use crate::Broker;
use crate::mqtt::handler::{self, Accepted};

/// How long connections get to send their DISCONNECT and flush on shutdown.
const DRAIN: Duration = Duration::from_secs(3);
/// Pause after a failed accept (for example EMFILE) before trying again.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// Serves MQTT on `listener` until the broker's shutdown signal, then waits for the connections
/// to finish. At most `mqtt.max_connections` are served at once; more are closed on accept.
///
/// Each connection holds one permit of a semaphore while it runs, and that is all that tracks
/// it here (a `JoinSet` entry would cost every connection another allocation): the drain on
/// shutdown waits until every permit is back. Shutdown reaches the connections through the
/// broker, which tells each one to close.
pub async fn run(listener: TcpListener, broker: Arc<Broker>) {
    let max = broker.settings.max_connections;
    let permits = Arc::new(Semaphore::new(max as usize));
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    let Ok(permit) = Arc::clone(&permits).try_acquire_owned() else {
                        debug!(%peer, "connection limit reached; closing");
                        continue;
                    };
                    let _ = stream.set_nodelay(true);
                    let accepted = Box::new(Accepted {
                        stream,
                        peer,
                        broker: Arc::clone(&broker),
                    });
                    tokio::spawn(async move {
                        handler::serve(accepted).await;
                        drop(permit);
                    });
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
    let drained = tokio::time::timeout(DRAIN, permits.acquire_many(max)).await;
    if drained.is_err() {
        warn!(
            left = max as usize - permits.available_permits(),
            "MQTT connections did not close in time; leaving them to the runtime's shutdown"
        );
    }
}
