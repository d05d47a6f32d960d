//! The MQTT accept loop over a plain TCP listener.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::Notify;
use tracing::{debug, warn};

use crate::Broker;
use crate::mqtt::handler::{self, Accepted};
use crate::mqtt::park::ParkingLot;

/// How long connections get to send their DISCONNECT and flush on shutdown.
const DRAIN: Duration = Duration::from_secs(3);
/// Pause after a failed accept (for example EMFILE) before trying again.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// What a listener shares with its connections: how many are open, and where the idle ones
/// park.
pub struct Listener {
    open: AtomicUsize,
    closed: Notify,
    lot: Option<ParkingLot>,
}

/// One open connection's place in its listener's count, given back when dropped. It is all
/// that tracks a connection here (a `JoinSet` entry would cost every connection another
/// allocation, and a parked connection has no task to join).
pub struct Seat(Arc<Listener>);

impl Seat {
    /// Takes a place when fewer than `max` are taken.
    fn try_new(listener: &Arc<Listener>, max: usize) -> Option<Seat> {
        if listener.open.fetch_add(1, Ordering::AcqRel) >= max {
            listener.open.fetch_sub(1, Ordering::AcqRel);
            return None;
        }
        Some(Seat(Arc::clone(listener)))
    }

    /// The listener's parking lot; `None` when it could not be set up.
    pub fn lot(&self) -> Option<&ParkingLot> {
        self.0.lot.as_ref()
    }

    /// A place in a listener of its own, without a parking lot, for unit tests.
    #[cfg(test)]
    pub(crate) fn detached() -> Seat {
        Seat(Arc::new(Listener {
            open: AtomicUsize::new(1),
            closed: Notify::new(),
            lot: None,
        }))
    }
}

impl Drop for Seat {
    fn drop(&mut self) {
        if self.0.open.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.0.closed.notify_waiters();
        }
    }
}

/// Serves MQTT on `listener` until the broker's shutdown signal, then waits for the connections
/// to finish. At most `mqtt.max_connections` are served at once; more are closed on accept.
/// Shutdown reaches the connections, parked ones included, through the broker, which tells
/// each one to close.
pub async fn run(listener: TcpListener, broker: Arc<Broker>) {
    let max = broker.settings.max_connections as usize;
    let lot = match ParkingLot::start() {
        Ok(lot) => Some(lot),
        Err(e) => {
            warn!(error = %e, "no parking lot: idle MQTT connections keep their tasks");
            None
        }
    };
    let shared = Arc::new(Listener {
        open: AtomicUsize::new(0),
        closed: Notify::new(),
        lot,
    });
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    let Some(seat) = Seat::try_new(&shared, max) else {
                        debug!(%peer, "connection limit reached; closing");
                        continue;
                    };
                    let _ = stream.set_nodelay(true);
                    let accepted = Box::new(Accepted {
                        stream,
                        peer,
                        broker: Arc::clone(&broker),
                        seat,
                    });
                    tokio::spawn(handler::serve(accepted));
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
    let drained = tokio::time::timeout(DRAIN, async {
        loop {
            let closed = shared.closed.notified();
            tokio::pin!(closed);
            closed.as_mut().enable();
            if shared.open.load(Ordering::Acquire) == 0 {
                break;
            }
            closed.await;
        }
    })
    .await;
    if drained.is_err() {
        warn!(
            left = shared.open.load(Ordering::Acquire),
            "MQTT connections did not close in time; leaving them to the runtime's shutdown"
        );
    }
    // Whatever is still parked gets a task again, and the lot's task ends.
    if let Some(lot) = &shared.lot {
        lot.stop().await;
    }
}
