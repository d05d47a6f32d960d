//! Per-client session state: subscriptions, the queue of deliveries waiting to be sent, QoS 1
//! and 2 exchanges in flight, and which connection (if any) owns the session now.
//!
//! A session outlives its connections for its expiry interval. Publishers push deliveries into
//! its bounded queue and wake it; the owning connection drains the queue into the socket as far
//! as the client's Receive Maximum allows. A slow or absent client therefore only fills its own
//! queue, and the overflow policy decides what it loses; publishers never wait on it.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};
use std::task::{Context, Poll};

use parking_lot::{Mutex, MutexGuard};
use robustmq_common::config::QueueOverflow;
use robustmq_mqtt_codec::{QoS, ReasonCode, SubscriptionOptions};
use tokio::sync::oneshot;

use crate::message::Delivery;
use crate::metrics::BrokerMetrics;

/// A subscription as the session records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredSubscription {
    /// Options as granted.
    pub options: SubscriptionOptions,
    /// Subscription Identifier.
    pub id: Option<u32>,
}

/// An outgoing QoS 1 or 2 delivery waiting for the client.
#[derive(Debug, Clone)]
pub struct Outgoing {
    /// The delivery, resent with DUP on reconnect while unacknowledged [MQTT-4.4.0-1].
    pub delivery: Delivery,
    /// QoS 2: PUBREC arrived and PUBREL went out; only PUBCOMP is awaited.
    pub released: bool,
}

/// What the broker asks of the connection that owns a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    /// Send DISCONNECT with this reason (5.0) and close, for example on takeover (0x8E) or
    /// keepalive expiry (0x8D). The will is published.
    Disconnect(ReasonCode),
    /// The broker is shutting down: send DISCONNECT 0x8B (5.0) and close without the will.
    Shutdown,
}

/// How the broker reaches a connection's task: one message, because every [`Control`] ends
/// the connection. A oneshot channel is a tenth of the size of an mpsc one, and every idle
/// connection holds one (see bench/README.md on memory per connection). Dropping the handle
/// tells the task that the session was taken from it.
#[derive(Debug)]
pub struct ControlHandle(Option<oneshot::Sender<Control>>);

impl ControlHandle {
    /// A handle and the receiver its connection task waits on.
    pub fn new() -> (ControlHandle, oneshot::Receiver<Control>) {
        let (tx, rx) = oneshot::channel();
        (ControlHandle(Some(tx)), rx)
    }

    /// Asks the connection to act on `control`. Returns whether it is there to act: `false`
    /// once its task has ended. A connection asked before keeps its first instruction, which
    /// already ends it, and counts as there.
    pub fn send(&mut self, control: Control) -> bool {
        match &self.0 {
            Some(tx) if tx.is_closed() => false,
            Some(_) => self.0.take().is_some_and(|tx| tx.send(control).is_ok()),
            None => true,
        }
    }
}

/// The connection that owns a session.
#[derive(Debug)]
pub struct Attachment {
    /// Node-unique id of the connection.
    pub conn_id: u64,
    /// The way to that connection's task.
    pub control: ControlHandle,
    /// Who is connected, for the admin API.
    pub info: ClientInfo,
}

/// A connected client as the admin API lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientInfo {
    /// The client's address.
    pub peer: std::net::SocketAddr,
    /// User Name from CONNECT.
    pub username: Option<String>,
    /// Protocol level.
    pub protocol: robustmq_mqtt_codec::Protocol,
    /// Transport: `tcp` today; `tls`, `ws`, `wss` and `quic` with the network issue.
    pub transport: &'static str,
    /// Keepalive in force, seconds.
    pub keep_alive: u16,
    /// When it connected, Unix milliseconds.
    pub connected_ms: i64,
}

/// Bounds on a session queue.
#[derive(Debug, Clone, Copy)]
pub struct QueueLimits {
    /// Most deliveries queued.
    pub max_messages: u64,
    /// Most payload bytes queued.
    pub max_bytes: u64,
    /// What is discarded on overflow.
    pub overflow: QueueOverflow,
}

/// The mutable part of a session, behind the session's mutex.
#[derive(Debug, Default)]
pub struct SessionState {
    /// Subscriptions by the filter as the client sent it (`$share/...` included). A `BTreeMap`
    /// because an empty one is half the size of a `HashMap`, and every idle session has one.
    pub subscriptions: BTreeMap<String, StoredSubscription>,
    /// Deliveries not yet sent.
    pub queue: VecDeque<Delivery>,
    /// Payload bytes in `queue`.
    pub queued_bytes: u64,
    /// Outgoing QoS 1/2 deliveries by packet id.
    pub inflight: BTreeMap<u16, Outgoing>,
    /// Packet ids of incoming QoS 2 publishes answered with PUBREC and awaiting PUBREL.
    pub incoming_qos2: BTreeSet<u16>,
    /// The owning connection.
    pub connection: Option<Attachment>,
    /// Session Expiry Interval in seconds; `u32::MAX` never expires.
    pub expiry_interval: u32,
    /// Bumped whenever a connection takes the session, so timers armed for an earlier
    /// disconnection (expiry, delayed will) know they are stale.
    pub generation: u64,
    /// The session has ended; nothing may be queued any more.
    pub ended: bool,
    /// A delayed will is scheduled (and recorded in meta); a resume cancels it.
    pub pending_will: bool,
    next_pkid: u16,
}

impl SessionState {
    /// The next free outgoing packet id, or `None` when all 65,535 are in flight.
    pub fn next_packet_id(&mut self) -> Option<u16> {
        for _ in 0..u16::MAX {
            self.next_pkid = self.next_pkid.checked_add(1).unwrap_or(1);
            if !self.inflight.contains_key(&self.next_pkid) {
                return Some(self.next_pkid);
            }
        }
        None
    }
}

/// One client's session. Shared by the connection that owns it, the subscription tree and the
/// broker's session table; cloning the `Arc` is how each holds it.
#[derive(Debug)]
pub struct Session {
    /// Client identifier.
    pub client_id: Arc<str>,
    state: Mutex<SessionState>,
    /// The owning connection's task, woken when deliveries are queued.
    waiter: Mutex<Waiter>,
    /// A wake not yet seen by [`Session::poll_woken`].
    woken: AtomicBool,
    connected: AtomicBool,
    /// When the owning connection last received a packet, in the broker's monotonic
    /// milliseconds; the keepalive sweep reads it.
    last_seen_ms: AtomicU64,
    /// When the owning connection last did anything (read, wrote, was woken), in the same
    /// clock; the park sweep reads it.
    last_active_ms: AtomicU64,
    /// Whether the owning connection is asked to park, or parked ([`Parking`]).
    parking: AtomicU8,
    /// How many times in a row the owning connection came back soon after parking; the park
    /// sweep waits longer for a connection with a streak (see `park_delay_ms`).
    park_streak: AtomicU8,
    /// A return from parking not yet counted toward the streak ([`Session::count_return`]):
    /// 0 none, [`RETURNED_SOON`] or [`RETURNED_LATE`].
    pending_return: AtomicU8,
}

/// [`Session::pending_return`]: back to work soon after parking; extends the streak.
const RETURNED_SOON: u8 = 1;
/// [`Session::pending_return`]: back after a long idle gap; starts the streak over.
const RETURNED_LATE: u8 = 2;

/// Who [`Session::wake`] wakes.
#[derive(Debug)]
struct Waiter {
    /// The connection that owns the session; only it registers.
    owner: u64,
    waker: Option<std::task::Waker>,
}

/// Where a session's connection stands with the parking lot (see `mqtt::park`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Parking {
    /// Served by a task.
    Active = 0,
    /// Asked by the broker's sweep to park at its next idle moment.
    Asked = 1,
    /// Parked, or about to be; not asked again until it runs.
    Parked = 2,
    /// Cannot park (its listener has no parking lot); never asked.
    Never = 3,
}

impl Session {
    /// A new, empty, detached session.
    pub fn new(client_id: Arc<str>, expiry_interval: u32) -> Arc<Session> {
        Arc::new(Session {
            client_id,
            state: Mutex::new(SessionState {
                expiry_interval,
                ..SessionState::default()
            }),
            waiter: Mutex::new(Waiter {
                owner: 0,
                waker: None,
            }),
            woken: AtomicBool::new(false),
            connected: AtomicBool::new(false),
            last_seen_ms: AtomicU64::new(0),
            last_active_ms: AtomicU64::new(0),
            parking: AtomicU8::new(Parking::Active as u8),
            park_streak: AtomicU8::new(0),
            pending_return: AtomicU8::new(0),
        })
    }

    /// Locks the state. Never held across `.await`; see `LOCKS.md` for the order.
    pub fn lock(&self) -> MutexGuard<'_, SessionState> {
        self.state.lock()
    }

    /// Whether a connection owns the session. Read without the lock by shared-subscription
    /// routing, which only uses it as a preference.
    pub fn is_connected(&self) -> bool {
        self.connected.load(Ordering::Relaxed)
    }

    pub(crate) fn set_connected(&self, connected: bool) {
        self.connected.store(connected, Ordering::Relaxed);
    }

    /// Wakes the owning connection to send what is queued.
    pub fn wake(&self) {
        if !self.woken.swap(true, Ordering::AcqRel) {
            let waker = self.waiter.lock().waker.take();
            if let Some(waker) = waker {
                waker.wake();
            }
        }
    }

    /// Makes connection `conn_id` the one [`Session::wake`] wakes, served by a task
    /// ([`Parking::Active`]). Called when a connection takes the session, after the previous
    /// one was told to go.
    pub(crate) fn set_owner(&self, conn_id: u64) {
        let mut waiter = self.waiter.lock();
        waiter.owner = conn_id;
        waiter.waker = None;
        self.parking.store(Parking::Active as u8, Ordering::Release);
        self.park_streak.store(0, Ordering::Relaxed);
        self.pending_return.store(0, Ordering::Relaxed);
    }

    /// Ready once [`Session::wake`] has been called since the last time it was ready; a wake
    /// while nobody polls is kept for the next poll, so none is lost. Polling keeps no state in
    /// the caller's future (an idle connection's whole cost is what it holds while it waits).
    ///
    /// Only the owning connection (`conn_id`) is registered to be woken: during a takeover the
    /// old connection may still poll, and it must not take the new one's place. It is ready at
    /// once instead; it finds out that it lost the session and passes the wake it may have
    /// consumed on (see `drain_queue` in the handler).
    pub fn poll_woken(&self, cx: &mut Context<'_>, conn_id: u64) -> Poll<()> {
        if self.woken.swap(false, Ordering::AcqRel) {
            return Poll::Ready(());
        }
        {
            let mut waiter = self.waiter.lock();
            if waiter.owner != conn_id {
                return Poll::Ready(());
            }
            if !waiter
                .waker
                .as_ref()
                .is_some_and(|w| w.will_wake(cx.waker()))
            {
                waiter.waker = Some(cx.waker().clone());
            }
        }
        if self.woken.swap(false, Ordering::AcqRel) {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }

    /// Records that the owning connection received a packet at `now_ms` (the broker's
    /// monotonic clock), which restarts its keepalive period.
    pub fn touch(&self, now_ms: u64) {
        self.last_seen_ms.store(now_ms, Ordering::Relaxed);
    }

    /// When the owning connection last received a packet; see [`Session::touch`].
    pub fn last_seen_ms(&self) -> u64 {
        self.last_seen_ms.load(Ordering::Relaxed)
    }

    /// Records that the owning connection did something at `now_ms`, which puts off parking it.
    pub fn mark_active(&self, now_ms: u64) {
        self.last_active_ms.store(now_ms, Ordering::Relaxed);
    }

    /// When the owning connection last did something; see [`Session::mark_active`].
    pub fn last_active_ms(&self) -> u64 {
        self.last_active_ms.load(Ordering::Relaxed)
    }

    /// Where the owning connection stands with the parking lot.
    pub fn parking(&self) -> Parking {
        match self.parking.load(Ordering::Acquire) {
            1 => Parking::Asked,
            2 => Parking::Parked,
            3 => Parking::Never,
            _ => Parking::Active,
        }
    }

    /// Sets where connection `conn_id` stands with the parking lot, if it still owns the
    /// session: during a takeover the old connection must not change the new one's state.
    pub fn set_parking(&self, conn_id: u64, parking: Parking) {
        let waiter = self.waiter.lock();
        if waiter.owner == conn_id {
            self.parking.store(parking as u8, Ordering::Release);
        }
    }

    /// How many times in a row the owning connection came back to work soon after parking;
    /// see [`Session::note_unparked`].
    pub fn park_streak(&self) -> u8 {
        self.park_streak.load(Ordering::Relaxed)
    }

    /// Records that connection `conn_id` came back from parking, `soon` or not. The return
    /// changes the streak only once the connection does real work ([`Session::count_return`]):
    /// an idle client's keepalive ping must not keep it from parking. Ignored unless it owns
    /// the session, like [`Session::set_parking`].
    pub fn note_unparked(&self, conn_id: u64, soon: bool) {
        let waiter = self.waiter.lock();
        if waiter.owner == conn_id {
            let pending = if soon { RETURNED_SOON } else { RETURNED_LATE };
            self.pending_return.store(pending, Ordering::Relaxed);
        }
    }

    /// Counts connection `conn_id`'s pending return from parking, if any, now that it does
    /// real work: a soon one extends the streak (saturating), a late one starts it over.
    /// Cheap when nothing is pending, as it is called for every packet and delivery batch.
    pub fn count_return(&self, conn_id: u64) {
        if self.pending_return.load(Ordering::Relaxed) == 0 {
            return;
        }
        let waiter = self.waiter.lock();
        if waiter.owner != conn_id {
            return;
        }
        let streak = match self.pending_return.swap(0, Ordering::Relaxed) {
            RETURNED_SOON => self.park_streak().saturating_add(1),
            RETURNED_LATE => 0,
            _ => return,
        };
        self.park_streak.store(streak, Ordering::Relaxed);
    }

    /// Asks an active connection to park, and wakes it to see the request; `false` when it
    /// was asked already or is parked.
    pub fn ask_to_park(&self) -> bool {
        let asked = self
            .parking
            .compare_exchange(
                Parking::Active as u8,
                Parking::Asked as u8,
                Ordering::AcqRel,
                Ordering::Acquire,
            )
            .is_ok();
        if asked {
            self.wake();
        }
        asked
    }

    /// Queues `delivery`, applying the queue bounds. Returns whether it was queued.
    ///
    /// A QoS 0 delivery to a disconnected session is dropped, as Mosquitto does by default: the
    /// offline queue holds what the spec promises to keep [MQTT-3.1.2-5].
    pub fn enqueue(
        &self,
        delivery: Delivery,
        limits: &QueueLimits,
        metrics: &BrokerMetrics,
    ) -> bool {
        let mut st = self.state.lock();
        if st.ended {
            return false;
        }
        if st.connection.is_none() && delivery.qos == QoS::AtMostOnce {
            metrics.dropped.with_label_values(&["offline_qos0"]).inc();
            return false;
        }
        let size = delivery.queued_bytes();
        let full = |st: &SessionState| {
            st.queue.len() as u64 >= limits.max_messages
                || st.queued_bytes + size > limits.max_bytes
        };
        while full(&st) {
            match (limits.overflow, st.queue.pop_front()) {
                (QueueOverflow::DropOldest, Some(old)) => {
                    st.queued_bytes -= old.queued_bytes();
                    metrics.dropped.with_label_values(&["queue_full"]).inc();
                }
                (_, front) => {
                    if let Some(front) = front {
                        st.queue.push_front(front);
                    }
                    metrics.dropped.with_label_values(&["queue_full"]).inc();
                    return false;
                }
            }
        }
        st.queued_bytes += size;
        st.queue.push_back(delivery);
        drop(st);
        self.wake();
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::Message;
    use bytes::Bytes;
    use robustmq_mqtt_codec::Publish;

    #[test]
    fn a_connection_keeps_the_first_instruction_and_a_gone_one_is_reported() {
        let (mut handle, mut rx) = ControlHandle::new();
        assert!(handle.send(Control::Disconnect(ReasonCode::SESSION_TAKEN_OVER)));
        assert!(
            handle.send(Control::Disconnect(ReasonCode::ADMINISTRATIVE_ACTION)),
            "asked already: still there, and closing"
        );
        assert_eq!(
            rx.try_recv(),
            Ok(Control::Disconnect(ReasonCode::SESSION_TAKEN_OVER))
        );
        let (mut handle, rx) = ControlHandle::new();
        drop(rx);
        assert!(!handle.send(Control::Disconnect(ReasonCode::ADMINISTRATIVE_ACTION)));
    }

    fn delivery(payload: &'static [u8], qos: QoS) -> Delivery {
        let publish = Publish {
            topic: "t".into(),
            qos,
            payload: Bytes::from_static(payload),
            ..Publish::default()
        };
        Delivery {
            message: Arc::new(Message::from_publish(publish, None)),
            qos,
            retain: false,
            subscription_ids: vec![],
            shared: None,
        }
    }

    fn limits(overflow: QueueOverflow) -> QueueLimits {
        QueueLimits {
            max_messages: 2,
            max_bytes: 1 << 20,
            overflow,
        }
    }

    fn payloads(s: &Session) -> Vec<Bytes> {
        s.lock()
            .queue
            .iter()
            .map(|d| d.message.payload.clone())
            .collect()
    }

    #[test]
    fn full_queue_drops_oldest_and_counts_it() {
        let metrics = BrokerMetrics::unregistered();
        let s = Session::new(Arc::from("c"), 60);
        for p in [&b"1"[..], b"2", b"3"] {
            s.enqueue(
                delivery(p, QoS::AtLeastOnce),
                &limits(QueueOverflow::DropOldest),
                &metrics,
            );
        }
        assert_eq!(
            payloads(&s),
            vec![Bytes::from_static(b"2"), Bytes::from_static(b"3")]
        );
        assert_eq!(metrics.dropped.with_label_values(&["queue_full"]).get(), 1);
    }

    #[test]
    fn full_queue_drops_newest_and_counts_it() {
        let metrics = BrokerMetrics::unregistered();
        let s = Session::new(Arc::from("c"), 60);
        for p in [&b"1"[..], b"2", b"3"] {
            s.enqueue(
                delivery(p, QoS::AtLeastOnce),
                &limits(QueueOverflow::DropNewest),
                &metrics,
            );
        }
        assert_eq!(
            payloads(&s),
            vec![Bytes::from_static(b"1"), Bytes::from_static(b"2")]
        );
        assert_eq!(metrics.dropped.with_label_values(&["queue_full"]).get(), 1);
    }

    #[test]
    fn queue_is_bounded_by_bytes_too() {
        let metrics = BrokerMetrics::unregistered();
        let s = Session::new(Arc::from("c"), 60);
        let l = QueueLimits {
            max_messages: 100,
            max_bytes: 5,
            overflow: QueueOverflow::DropOldest,
        };
        s.enqueue(delivery(b"abc", QoS::AtLeastOnce), &l, &metrics);
        s.enqueue(delivery(b"def", QoS::AtLeastOnce), &l, &metrics);
        assert_eq!(payloads(&s), vec![Bytes::from_static(b"def")]);
        assert_eq!(s.lock().queued_bytes, 3);
    }

    #[test]
    fn qos0_to_an_offline_session_is_dropped() {
        let metrics = BrokerMetrics::unregistered();
        let s = Session::new(Arc::from("c"), 60);
        assert!(!s.enqueue(
            delivery(b"x", QoS::AtMostOnce),
            &limits(QueueOverflow::DropOldest),
            &metrics
        ));
        assert!(s.enqueue(
            delivery(b"x", QoS::AtLeastOnce),
            &limits(QueueOverflow::DropOldest),
            &metrics
        ));
    }

    /// Counts its wakes.
    struct Count(std::sync::atomic::AtomicUsize);

    impl std::task::Wake for Count {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    fn counting_waker() -> (std::task::Waker, Arc<Count>) {
        let count = Arc::new(Count(std::sync::atomic::AtomicUsize::new(0)));
        (std::task::Waker::from(Arc::clone(&count)), count)
    }

    /// During a takeover the old connection may poll after the new one; it must not take the
    /// new one's place as the task a delivery wakes.
    #[test]
    fn only_the_owning_connection_is_registered_to_be_woken() {
        let s = Session::new(Arc::from("c"), 0);
        s.set_owner(2);
        let (new, new_wakes) = counting_waker();
        let (old, old_wakes) = counting_waker();
        assert!(s.poll_woken(&mut Context::from_waker(&new), 2).is_pending());
        assert!(
            s.poll_woken(&mut Context::from_waker(&old), 1).is_ready(),
            "a connection that lost the session is sent to look, not registered"
        );
        s.wake();
        assert_eq!(new_wakes.0.load(Ordering::SeqCst), 1);
        assert_eq!(old_wakes.0.load(Ordering::SeqCst), 0);
        // The wake is kept until the owner polls.
        assert!(s.poll_woken(&mut Context::from_waker(&new), 2).is_ready());
        assert!(s.poll_woken(&mut Context::from_waker(&new), 2).is_pending());
    }

    /// The old connection of a takeover must not change where the new one stands with the
    /// parking lot; a new owner starts served by a task.
    #[test]
    fn only_the_owning_connection_sets_its_parking_state() {
        let s = Session::new(Arc::from("c"), 0);
        s.set_owner(1);
        s.set_parking(1, Parking::Parked);
        s.set_owner(2);
        assert_eq!(s.parking(), Parking::Active);
        s.set_parking(1, Parking::Never);
        assert_eq!(s.parking(), Parking::Active);
        s.set_parking(2, Parking::Asked);
        assert_eq!(s.parking(), Parking::Asked);
        assert!(!s.ask_to_park(), "asked already");
    }

    /// A park streak grows while the owner keeps coming back soon, starts over after a long
    /// absence, ignores a connection that lost the session, and is the owner's alone.
    #[test]
    fn a_park_streak_counts_quick_returns_of_the_owner_only() {
        let s = Session::new(Arc::from("c"), 0);
        s.set_owner(1);
        let back = |soon| {
            s.note_unparked(1, soon);
            s.count_return(1);
        };
        back(true);
        back(true);
        assert_eq!(s.park_streak(), 2);
        s.note_unparked(1, true);
        assert_eq!(s.park_streak(), 2, "counted only once it works");
        s.count_return(1);
        s.count_return(1);
        assert_eq!(s.park_streak(), 3, "and only once");
        back(false);
        assert_eq!(s.park_streak(), 0, "a long absence starts over");
        back(true);
        s.note_unparked(1, true);
        s.set_owner(2);
        assert_eq!(s.park_streak(), 0, "a new owner starts with none");
        s.count_return(2);
        assert_eq!(s.park_streak(), 0, "nor the old owner's pending return");
        s.note_unparked(1, true);
        s.count_return(1);
        s.count_return(2);
        assert_eq!(
            s.park_streak(),
            0,
            "the old connection of a takeover counts for nothing"
        );
        for _ in 0..300 {
            s.note_unparked(2, true);
            s.count_return(2);
        }
        assert_eq!(s.park_streak(), u8::MAX, "saturates");
    }

    #[test]
    fn packet_ids_skip_those_in_flight_and_never_use_zero() {
        let mut st = SessionState {
            next_pkid: u16::MAX - 1,
            ..SessionState::default()
        };
        st.inflight.insert(
            u16::MAX,
            Outgoing {
                delivery: delivery(b"x", QoS::AtLeastOnce),
                released: false,
            },
        );
        st.inflight.insert(
            1,
            Outgoing {
                delivery: delivery(b"x", QoS::AtLeastOnce),
                released: false,
            },
        );
        assert_eq!(st.next_packet_id(), Some(2));
    }
}
