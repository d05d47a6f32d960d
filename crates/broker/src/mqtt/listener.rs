//! [`Listener`] and [`Seat`]: what the connections of one listener share, and each
//! connection's place among them, which the accept loop hands out and the connection task holds.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::Notify;

use crate::mqtt::park::ParkingLot;

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
    pub(crate) fn try_new(listener: &Arc<Listener>, max: usize) -> Option<Seat> {
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

impl Listener {
    /// A listener with no connection yet, parking its idle ones in `lot` when it has one.
    pub fn new(lot: Option<ParkingLot>) -> Arc<Listener> {
        Arc::new(Listener {
            open: AtomicUsize::new(0),
            closed: Notify::new(),
            lot,
        })
    }

    /// How many connections are open.
    pub fn open(&self) -> usize {
        self.open.load(Ordering::Acquire)
    }

    /// The parking lot, if it could be set up.
    pub fn lot(&self) -> Option<&ParkingLot> {
        self.lot.as_ref()
    }

    /// Returns once no connection is open.
    pub async fn closed(&self) {
        loop {
            let closed = self.closed.notified();
            tokio::pin!(closed);
            closed.as_mut().enable();
            if self.open() == 0 {
                return;
            }
            closed.await;
        }
    }
}
