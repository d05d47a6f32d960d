//! [`Gate`] and [`Seat`]: what the connections of one listener share, and each connection's
//! place among them, which the accept loop hands out and the connection task holds.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use parking_lot::Mutex;
use prometheus::{IntCounter, IntGauge};
use robustmq_common::ip_range::canonical;
use tokio::sync::Notify;

use crate::park::ParkingLot;

/// What a listener shares with its connections: how many are open, from which addresses, and
/// where the idle ones park.
pub struct Gate {
    open: AtomicUsize,
    closed: Notify,
    lot: Option<ParkingLot>,
    /// Open connections per peer address (canonical: IPv4-mapped is IPv4), kept only while a
    /// per-IP limit is set. Entries leave at zero, so it holds one per address connected now.
    per_ip: Mutex<HashMap<IpAddr, u32>>,
    /// The listener's metrics, when it has them.
    metrics: Option<GateMetrics>,
}

/// One listener's children of the listener metrics.
pub struct GateMetrics {
    /// Connections open.
    pub connections: IntGauge,
    /// Bytes received, as the stream gives them (after TLS and WebSocket framing).
    pub bytes_in: IntCounter,
    /// Bytes sent, as written to the stream.
    pub bytes_out: IntCounter,
}

/// Why [`Seat::try_new`] gave no place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Full {
    /// The listener holds its maximum of connections.
    Listener,
    /// The peer's address holds its maximum of connections.
    PerIp,
}

impl Full {
    /// The `reason` label of the refused-connections counter.
    pub fn label(self) -> &'static str {
        match self {
            Full::Listener => "max_connections",
            Full::PerIp => "max_connections_per_ip",
        }
    }
}

/// One open connection's place in its listener's count (and in its address's, when that is
/// limited), given back when dropped. It is all that tracks a connection here (a `JoinSet`
/// entry would cost every connection another allocation, and a parked connection has no task
/// to join).
pub struct Seat {
    listener: Arc<Gate>,
    /// The address counted in `per_ip`, when it is.
    ip: Option<IpAddr>,
}

impl Seat {
    /// Takes a place for a connection from `ip` when fewer than `max` are taken, and fewer than
    /// `per_ip` from that address (0: no such limit).
    ///
    /// # Errors
    /// [`Full`]: which limit is reached; nothing was taken.
    pub fn try_new(
        listener: &Arc<Gate>,
        max: usize,
        ip: IpAddr,
        per_ip: u32,
    ) -> Result<Seat, Full> {
        if listener.open.fetch_add(1, Ordering::AcqRel) >= max {
            listener.open.fetch_sub(1, Ordering::AcqRel);
            return Err(Full::Listener);
        }
        // From here on, dropping the seat gives back what it took.
        let mut seat = Seat {
            listener: Arc::clone(listener),
            ip: None,
        };
        if let Some(metrics) = &listener.metrics {
            metrics.connections.inc();
        }
        seat.claim_ip(ip, per_ip)?;
        Ok(seat)
    }

    /// Counts this connection against `ip`'s limit of `per_ip` (0: no limit), once: on a
    /// listener behind a load balancer the accept counts the connection against the listener
    /// only, and this against the client's address the PROXY header names.
    ///
    /// # Errors
    /// [`Full::PerIp`] when `ip` holds `per_ip` already; the seat stays as it was (and is given
    /// back when dropped).
    pub fn claim_ip(&mut self, ip: IpAddr, per_ip: u32) -> Result<(), Full> {
        if per_ip == 0 || self.ip.is_some() {
            return Ok(());
        }
        let ip = canonical(ip);
        let mut table = self.listener.per_ip.lock();
        let held = table.get(&ip).copied().unwrap_or(0);
        if held >= per_ip {
            return Err(Full::PerIp);
        }
        table.insert(ip, held + 1);
        self.ip = Some(ip);
        Ok(())
    }

    /// The listener's parking lot; `None` when it could not be set up.
    pub fn lot(&self) -> Option<&ParkingLot> {
        self.listener.lot.as_ref()
    }

    /// Counts `n` bytes received on this connection (once per read, not per packet: one
    /// atomic add beside a syscall).
    pub fn received(&self, n: usize) {
        if let Some(metrics) = &self.listener.metrics {
            metrics.bytes_in.inc_by(n as u64);
        }
    }

    /// Counts `n` bytes sent on this connection.
    pub fn sent(&self, n: usize) {
        if let Some(metrics) = &self.listener.metrics {
            metrics.bytes_out.inc_by(n as u64);
        }
    }

    /// A place in a gate of its own, without a parking lot: for a connection served outside
    /// any listener (unit tests of the protocol layers).
    pub fn detached() -> Seat {
        Seat {
            listener: Arc::new(Gate {
                open: AtomicUsize::new(1),
                closed: Notify::new(),
                lot: None,
                per_ip: Mutex::new(HashMap::new()),
                metrics: None,
            }),
            ip: None,
        }
    }
}

impl Drop for Seat {
    fn drop(&mut self) {
        if let Some(ip) = self.ip {
            let mut table = self.listener.per_ip.lock();
            if let Some(held) = table.get_mut(&ip) {
                *held -= 1;
                if *held == 0 {
                    table.remove(&ip);
                }
            }
        }
        if let Some(metrics) = &self.listener.metrics {
            metrics.connections.dec();
        }
        if self.listener.open.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.listener.closed.notify_waiters();
        }
    }
}

impl Gate {
    /// A listener's gate with no connection yet, parking its idle ones in `lot` when it has
    /// one, and counting connections and bytes in `metrics` when it has them.
    pub fn new(lot: Option<ParkingLot>, metrics: Option<GateMetrics>) -> Arc<Gate> {
        Arc::new(Gate {
            open: AtomicUsize::new(0),
            closed: Notify::new(),
            lot,
            per_ip: Mutex::new(HashMap::new()),
            metrics,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seats_are_limited_per_listener_and_per_address_and_given_back() {
        let listener = Gate::new(None, None);
        let a: IpAddr = "10.0.0.1".parse().expect("ip");
        let mapped: IpAddr = "::ffff:10.0.0.1".parse().expect("ip");
        let b: IpAddr = "10.0.0.2".parse().expect("ip");
        let first = Seat::try_new(&listener, 3, a, 2).expect("first");
        let second = Seat::try_new(&listener, 3, mapped, 2).expect("second, the same address");
        assert_eq!(
            Seat::try_new(&listener, 3, a, 2).err(),
            Some(Full::PerIp),
            "an IPv4-mapped peer counts as its IPv4 address"
        );
        let third = Seat::try_new(&listener, 3, b, 2).expect("another address");
        assert_eq!(
            Seat::try_new(&listener, 3, "10.0.0.3".parse().expect("ip"), 2).err(),
            Some(Full::Listener)
        );
        assert_eq!(listener.open(), 3, "refusals give their place back");
        drop(first);
        let again = Seat::try_new(&listener, 3, a, 2).expect("a place freed");
        drop((second, third, again));
        assert_eq!(listener.open(), 0);
        assert!(listener.per_ip.lock().is_empty(), "no entry at zero");
        let unlimited: Vec<Seat> = (0..5)
            .map(|_| Seat::try_new(&listener, 10, a, 0).expect("no per-IP limit"))
            .collect();
        assert!(
            listener.per_ip.lock().is_empty(),
            "not counted without a limit"
        );
        drop(unlimited);
    }
}
