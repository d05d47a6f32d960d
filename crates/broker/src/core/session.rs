//! Per-client session state: subscriptions, the queue of deliveries waiting to be sent, the
//! deliveries in flight (sent, not yet acknowledged), and which connection (if any) owns the
//! session now.
//!
//! A session outlives its connections for its expiry interval. Publishers push deliveries into
//! its bounded queue and wake it; the owning connection drains the queue into the socket as far
//! as the client's window allows. A slow or absent client therefore only fills its own queue,
//! and the overflow policy decides what it loses; publishers never wait on it.
//!
//! The acknowledgement flows are the protocol layer's; the session keeps their state (by a
//! 16-bit delivery id, MQTT's packet identifier) so that it survives a reconnection, and keeps
//! its invariants itself: [`SessionState`]'s fields are private, and `queued_bytes` is always
//! the sum over the queue.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};
use std::task::{Context, Poll};

use parking_lot::{Mutex, MutexGuard, RwLock};
use robustmq_common::config::QueueOverflow;
use tokio::sync::oneshot;

use crate::core::identity::Identity;
use crate::core::message::{Delivery, QoS};
use crate::core::metrics::BrokerMetrics;

/// When a subscription gets the retained messages it matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RetainHandling {
    /// At every subscribe.
    #[default]
    SendAtSubscribe = 0,
    /// Only when the subscription is new.
    SendAtSubscribeIfNew = 1,
    /// Never.
    DoNotSend = 2,
}

/// How a subscription wants its messages (the subscription options of MQTT 5.0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SubscriptionOptions {
    /// Highest QoS to deliver at.
    pub qos: QoS,
    /// Skip messages this session published itself [MQTT-3.8.3-3].
    pub no_local: bool,
    /// Keep the published RETAIN flag on forwarded messages.
    pub retain_as_published: bool,
    /// When retained messages are sent.
    pub retain_handling: RetainHandling,
}

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
    /// The delivery, resent on reconnect while unacknowledged [MQTT-4.4.0-1].
    pub delivery: Delivery,
    /// QoS 2: the client confirmed receipt (PUBREC) and the release went out; only the
    /// completion (PUBCOMP) is awaited.
    pub released: bool,
}

/// Why the broker ends a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DisconnectReason {
    /// Another connection took the session [MQTT-3.1.4-3].
    TakenOver,
    /// Nothing arrived within one and a half keepalives [MQTT-3.1.2-22].
    KeepAliveTimeout,
    /// An operator kicked the client, deleted its session, or banned it.
    Administrative,
}

/// What the broker asks of the connection that owns a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    /// Tell the client why, close, and publish the will.
    Disconnect(DisconnectReason),
    /// The broker is shutting down: tell the client and close without the will.
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
    /// The username it gave.
    pub username: Option<String>,
    /// The protocol it speaks.
    pub protocol: ClientProtocol,
    /// Transport: `tcp`, `tls`, `ws`, `wss` or `quic` (`robustmq_net::Transport::as_str`).
    pub transport: &'static str,
    /// Keepalive in force, seconds.
    pub keep_alive: u16,
    /// When it connected, Unix milliseconds.
    pub connected_ms: i64,
}

/// The protocol a connected client speaks. One byte: every connection's session holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientProtocol {
    /// MQTT 3.1.
    Mqtt31,
    /// MQTT 3.1.1.
    Mqtt311,
    /// MQTT 5.0.
    Mqtt5,
}

impl ClientProtocol {
    /// The version as the admin API shows it (`3.1`, `3.1.1`, `5.0`).
    pub fn version(self) -> &'static str {
        match self {
            ClientProtocol::Mqtt31 => "3.1",
            ClientProtocol::Mqtt311 => "3.1.1",
            ClientProtocol::Mqtt5 => "5.0",
        }
    }
}

/// Bounds on a session queue.
#[derive(Debug, Clone, Copy)]
pub struct QueueLimits {
    /// Most deliveries queued.
    pub max_messages: u64,
    /// Most value bytes queued.
    pub max_bytes: u64,
    /// What is discarded on overflow.
    pub overflow: QueueOverflow,
}

/// What an acknowledgement of receipt (MQTT's PUBREC) found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Receipt {
    /// An exactly-once delivery in flight: now released, awaiting completion.
    Released,
    /// An exactly-once delivery the client refused: it is done with.
    Refused,
    /// No exactly-once delivery has that id.
    Unknown,
}

/// What a session's end leaves to clean up.
#[derive(Debug)]
pub struct Ended {
    /// The subscriptions it had, to take out of the subscription tree.
    pub subscriptions: BTreeMap<String, StoredSubscription>,
    /// Whether it had a record in meta.
    pub persistent: bool,
}

/// The mutable part of a session, behind the session's mutex.
#[derive(Debug, Default)]
pub struct SessionState {
    /// Subscriptions by the filter as the client sent it (`$share/...` included). A `BTreeMap`
    /// because an empty one is half the size of a `HashMap`, and every idle session has one.
    subscriptions: BTreeMap<String, StoredSubscription>,
    /// Deliveries not yet sent.
    queue: VecDeque<Delivery>,
    /// Value bytes in `queue`.
    queued_bytes: u64,
    /// Outgoing QoS 1/2 deliveries by delivery id.
    inflight: BTreeMap<u16, Outgoing>,
    /// Ids of incoming exactly-once messages acknowledged and awaiting release.
    incoming: BTreeSet<u16>,
    /// The owning connection.
    connection: Option<Attachment>,
    /// Session Expiry Interval in seconds; `u32::MAX` never expires.
    expiry_interval: u32,
    /// Bumped whenever a connection takes the session, so timers armed for an earlier
    /// disconnection (expiry, delayed will) know they are stale.
    generation: u64,
    /// The session has ended; nothing may be queued any more.
    ended: bool,
    /// A delayed will is scheduled (and recorded in meta); a resume cancels it.
    pending_will: bool,
    next_pkid: u16,
}

impl SessionState {
    /// The subscriptions, by filter as subscribed.
    pub fn subscriptions(&self) -> &BTreeMap<String, StoredSubscription> {
        &self.subscriptions
    }

    /// Adds or replaces the subscription to `filter`.
    pub fn subscribe(&mut self, filter: String, subscription: StoredSubscription) {
        self.subscriptions.insert(filter, subscription);
    }

    /// Removes the subscription to `filter`; returns whether it existed.
    pub fn unsubscribe(&mut self, filter: &str) -> bool {
        self.subscriptions.remove(filter).is_some()
    }

    /// Deliveries queued, not yet sent.
    pub fn queued(&self) -> usize {
        self.queue.len()
    }

    /// Value bytes queued.
    pub fn queued_bytes(&self) -> u64 {
        self.queued_bytes
    }

    /// The queued deliveries, oldest first.
    pub fn queue(&self) -> impl Iterator<Item = &Delivery> {
        self.queue.iter()
    }

    /// Queues `delivery` within `limits`, dropping by the overflow policy; returns whether it
    /// was queued. Drops are counted in `metrics`.
    fn push(&mut self, delivery: Delivery, limits: &QueueLimits, metrics: &BrokerMetrics) -> bool {
        let size = delivery.queued_bytes();
        while self.queue.len() as u64 >= limits.max_messages
            || self.queued_bytes + size > limits.max_bytes
        {
            metrics.dropped.with_label_values(&["queue_full"]).inc();
            match (limits.overflow, self.queue.pop_front()) {
                (QueueOverflow::DropOldest, Some(old)) => {
                    self.queued_bytes -= old.queued_bytes();
                }
                (_, front) => {
                    if let Some(front) = front {
                        self.queue.push_front(front);
                    }
                    return false;
                }
            }
        }
        self.queued_bytes += size;
        self.queue.push_back(delivery);
        true
    }

    /// Takes the oldest queued delivery if it may be sent now: at most once always, others only
    /// while fewer than `window` are in flight.
    pub fn next_to_send(&mut self, window: usize) -> Option<Delivery> {
        if !self.may_send(window) {
            return None;
        }
        let delivery = self.queue.pop_front()?;
        self.queued_bytes -= delivery.queued_bytes();
        Some(delivery)
    }

    /// Puts back a delivery [`SessionState::next_to_send`] gave out, at the front.
    pub fn requeue_front(&mut self, delivery: Delivery) {
        self.queued_bytes += delivery.queued_bytes();
        self.queue.push_front(delivery);
    }

    /// Whether the oldest queued delivery may be sent now (see
    /// [`SessionState::next_to_send`]).
    pub fn may_send(&self, window: usize) -> bool {
        self.queue
            .front()
            .is_some_and(|d| d.qos == QoS::AtMostOnce || self.inflight.len() < window)
    }

    /// Takes out the deliveries chosen through a shared subscription that another member
    /// should get instead: every queued one, and those in flight but at exactly once, which
    /// must complete with this client and no other [MQTT-4.8.2-4], [MQTT-4.8.2-5].
    pub fn take_shared(&mut self) -> Vec<Delivery> {
        let mut shared = Vec::new();
        self.inflight.retain(|_, out| {
            if out.delivery.shared.is_some() && out.delivery.qos != QoS::ExactlyOnce {
                shared.push(out.delivery.clone());
                false
            } else {
                true
            }
        });
        let mut kept = VecDeque::with_capacity(self.queue.len());
        for d in self.queue.drain(..) {
            if d.shared.is_some() {
                self.queued_bytes -= d.queued_bytes();
                shared.push(d);
            } else {
                kept.push_back(d);
            }
        }
        self.queue = kept;
        shared
    }

    /// Deliveries in flight.
    pub fn inflight_len(&self) -> usize {
        self.inflight.len()
    }

    /// The deliveries in flight, by id.
    pub fn inflight(&self) -> impl Iterator<Item = (u16, &Outgoing)> {
        self.inflight.iter().map(|(id, out)| (*id, out))
    }

    /// The next free delivery id, or `None` when all 65,535 are in flight. Never 0.
    pub fn next_packet_id(&mut self) -> Option<u16> {
        for _ in 0..u16::MAX {
            self.next_pkid = self.next_pkid.checked_add(1).unwrap_or(1);
            if !self.inflight.contains_key(&self.next_pkid) {
                return Some(self.next_pkid);
            }
        }
        None
    }

    /// Records `delivery`, sent with id `pkid`, as in flight until acknowledged.
    pub fn track(&mut self, pkid: u16, delivery: Delivery) {
        self.inflight.insert(
            pkid,
            Outgoing {
                delivery,
                released: false,
            },
        );
    }

    /// An at-least-once acknowledgement (PUBACK): the delivery is done. Returns whether an
    /// at-least-once delivery had that id.
    pub fn acknowledge(&mut self, pkid: u16) -> bool {
        if self
            .inflight
            .get(&pkid)
            .is_some_and(|o| o.delivery.qos == QoS::AtLeastOnce)
        {
            self.inflight.remove(&pkid);
            true
        } else {
            false
        }
    }

    /// An acknowledgement of receipt of an exactly-once delivery (PUBREC), `refused` when the
    /// client refused it.
    pub fn receipt(&mut self, pkid: u16, refused: bool) -> Receipt {
        match self.inflight.get_mut(&pkid) {
            Some(out) if out.delivery.qos == QoS::ExactlyOnce => {
                if refused {
                    self.inflight.remove(&pkid);
                    Receipt::Refused
                } else {
                    out.released = true;
                    Receipt::Released
                }
            }
            _ => Receipt::Unknown,
        }
    }

    /// The completion of a released exactly-once delivery (PUBCOMP). Returns whether a released
    /// delivery had that id.
    pub fn complete(&mut self, pkid: u16) -> bool {
        if self.inflight.get(&pkid).is_some_and(|o| o.released) {
            self.inflight.remove(&pkid);
            true
        } else {
            false
        }
    }

    /// Whether incoming exactly-once message `pkid` was acknowledged and awaits release.
    pub fn awaits_release(&self, pkid: u16) -> bool {
        self.incoming.contains(&pkid)
    }

    /// Incoming exactly-once messages awaiting release.
    pub fn awaiting_release(&self) -> usize {
        self.incoming.len()
    }

    /// Records incoming exactly-once message `pkid` as acknowledged, awaiting release.
    pub fn await_release(&mut self, pkid: u16) {
        self.incoming.insert(pkid);
    }

    /// Releases incoming exactly-once message `pkid` (PUBREL); returns whether it was awaited.
    pub fn release(&mut self, pkid: u16) -> bool {
        self.incoming.remove(&pkid)
    }

    /// The ids awaiting release, ascending.
    pub fn awaiting_release_ids(&self) -> Vec<u16> {
        self.incoming.iter().copied().collect()
    }

    /// The owning connection.
    pub fn connection(&self) -> Option<&Attachment> {
        self.connection.as_ref()
    }

    /// The owning connection, to reach it.
    pub fn connection_mut(&mut self) -> Option<&mut Attachment> {
        self.connection.as_mut()
    }

    /// Whether connection `conn_id` owns the session.
    pub fn owned_by(&self, conn_id: u64) -> bool {
        self.connection
            .as_ref()
            .is_some_and(|a| a.conn_id == conn_id)
    }

    /// Session Expiry Interval in seconds; `u32::MAX` never expires.
    pub fn expiry_interval(&self) -> u32 {
        self.expiry_interval
    }

    /// Changes the Session Expiry Interval (a DISCONNECT may).
    pub fn set_expiry_interval(&mut self, seconds: u32) {
        self.expiry_interval = seconds;
    }

    /// How many times a connection has taken the session.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Whether the session has ended.
    pub fn is_ended(&self) -> bool {
        self.ended
    }

    /// Marks that a delayed will is scheduled.
    pub fn set_pending_will(&mut self, pending: bool) {
        self.pending_will = pending;
    }

    /// Whether a delayed will is scheduled and has not gone out.
    pub fn has_pending_will(&self) -> bool {
        self.pending_will
    }

    /// Hands the session to `attachment`, a connection resuming it: a new generation, so timers
    /// armed for the last disconnection are stale. Returns the connection it had, if any, and
    /// whether a delayed will was pending (and is now cancelled [MQTT-3.1.3-9]).
    pub(crate) fn resume(
        &mut self,
        attachment: Attachment,
        expiry_interval: u32,
    ) -> (Option<Attachment>, bool) {
        let previous = self.connection.replace(attachment);
        self.expiry_interval = expiry_interval;
        self.generation += 1;
        (previous, std::mem::take(&mut self.pending_will))
    }

    /// Takes the owning connection away, for a takeover or its close.
    pub(crate) fn take_connection(&mut self) -> Option<Attachment> {
        self.connection.take()
    }

    /// Gives a new session its first connection.
    pub(crate) fn attach(&mut self, attachment: Attachment) {
        self.connection = Some(attachment);
    }

    /// Recreates a persistent session's state from its record.
    pub(crate) fn restore(
        &mut self,
        subscriptions: impl IntoIterator<Item = (String, StoredSubscription)>,
        awaiting_release: impl IntoIterator<Item = u16>,
    ) {
        self.subscriptions.extend(subscriptions);
        self.incoming.extend(awaiting_release);
    }

    /// Ends the session: it takes no more deliveries, and drops what it held. `None` when it
    /// had ended already.
    pub(crate) fn end(&mut self) -> Option<Ended> {
        if self.ended {
            return None;
        }
        self.ended = true;
        self.queue.clear();
        self.queued_bytes = 0;
        self.inflight.clear();
        Some(Ended {
            subscriptions: std::mem::take(&mut self.subscriptions),
            persistent: self.expiry_interval > 0,
        })
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
    /// Who the session's client is, as its last connection authenticated (anonymous until a
    /// connection attaches). A leaf lock; deliveries read it only when the ACL has to decide.
    identity: RwLock<Option<Arc<Identity>>>,
    /// Bumped whenever `identity` changes, so the subscriptions' cached ACL standings are
    /// decided again (see `security::Standing`).
    identity_epoch: AtomicU64,
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

/// Where a session's connection stands with the parking lot (see `robustmq_net::park`).
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
            identity: RwLock::new(None),
            identity_epoch: AtomicU64::new(0),
        })
    }

    /// Who the client is, as the ACL sees it. An anonymous client's identity is not kept (most
    /// clients are anonymous, and every idle connection would carry it): it is made here.
    pub fn identity(&self) -> Arc<Identity> {
        self.known_identity()
            .unwrap_or_else(|| Arc::new(Identity::anonymous(Arc::clone(&self.client_id))))
    }

    /// The identity, unless the client is anonymous.
    pub fn known_identity(&self) -> Option<Arc<Identity>> {
        self.identity.read().clone()
    }

    /// How many times the identity changed: part of the key of cached ACL standings.
    pub fn identity_epoch(&self) -> u64 {
        self.identity_epoch.load(Ordering::Acquire)
    }

    /// Records who the client is now (its client id becomes the session's, shared); a
    /// different identity than before makes every subscription of the session decide its ACL
    /// standing again.
    pub fn set_identity(&self, mut identity: Identity) {
        identity.client_id = Arc::clone(&self.client_id);
        let anonymous = identity == Identity::anonymous(Arc::clone(&self.client_id));
        let mut held = self.identity.write();
        let same = match held.as_deref() {
            Some(current) => *current == identity,
            None => anonymous,
        };
        if !same {
            *held = (!anonymous).then(|| Arc::new(identity));
            self.identity_epoch.fetch_add(1, Ordering::Release);
        }
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
    /// An at-most-once delivery to a disconnected session is dropped, as Mosquitto does by
    /// default: the offline queue holds what the spec promises to keep [MQTT-3.1.2-5].
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
        if !st.push(delivery, limits, metrics) {
            return false;
        }
        drop(st);
        self.wake();
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::message::Message;
    use bytes::Bytes;

    #[test]
    fn a_connection_keeps_the_first_instruction_and_a_gone_one_is_reported() {
        let (mut handle, mut rx) = ControlHandle::new();
        assert!(handle.send(Control::Disconnect(DisconnectReason::TakenOver)));
        assert!(
            handle.send(Control::Disconnect(DisconnectReason::Administrative)),
            "asked already: still there, and closing"
        );
        assert_eq!(
            rx.try_recv(),
            Ok(Control::Disconnect(DisconnectReason::TakenOver))
        );
        let (mut handle, rx) = ControlHandle::new();
        drop(rx);
        assert!(!handle.send(Control::Disconnect(DisconnectReason::Administrative)));
    }

    fn delivery(value: &'static [u8], qos: QoS) -> Delivery {
        let mut message = Message::new("t", Bytes::from_static(value));
        message.qos = qos;
        Delivery {
            message: Arc::new(message),
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

    fn values(s: &Session) -> Vec<Bytes> {
        s.lock().queue().map(|d| d.message.value.clone()).collect()
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
            values(&s),
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
            values(&s),
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
        assert_eq!(values(&s), vec![Bytes::from_static(b"def")]);
        assert_eq!(s.lock().queued_bytes(), 3);
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

    /// The queue's byte count is the session's to keep: whatever takes deliveries out or puts
    /// them back, it stays the sum over the queue.
    #[test]
    fn queued_bytes_stay_the_sum_over_the_queue() {
        let metrics = BrokerMetrics::unregistered();
        let s = Session::new(Arc::from("c"), 60);
        s.lock().attach(Attachment {
            conn_id: 1,
            control: ControlHandle::new().0,
            info: ClientInfo {
                peer: "127.0.0.1:1".parse().expect("addr"),
                username: None,
                protocol: ClientProtocol::Mqtt5,
                transport: "tcp",
                keep_alive: 0,
                connected_ms: 0,
            },
        });
        let l = QueueLimits {
            max_messages: 100,
            max_bytes: 1 << 20,
            overflow: QueueOverflow::DropOldest,
        };
        let mut shared = delivery(b"shared", QoS::AtLeastOnce);
        shared.shared = Some(crate::core::message::SharedRef {
            group: Arc::from("g"),
            filter: Arc::from("t"),
        });
        s.enqueue(delivery(b"one", QoS::AtLeastOnce), &l, &metrics);
        s.enqueue(shared, &l, &metrics);
        s.enqueue(delivery(b"three", QoS::AtMostOnce), &l, &metrics);
        let sum = |st: &SessionState| st.queue().map(Delivery::queued_bytes).sum::<u64>();
        let mut st = s.lock();
        assert_eq!(st.queued_bytes(), sum(&st));
        let first = st.next_to_send(1).expect("window open");
        assert_eq!(st.queued_bytes(), sum(&st));
        st.track(1, first);
        assert!(st.next_to_send(1).is_none(), "the window of 1 is full");
        assert_eq!(st.take_shared().len(), 1);
        assert_eq!(st.queued_bytes(), sum(&st));
        let at_most_once = st.next_to_send(1).expect("at most once needs no window");
        st.requeue_front(at_most_once);
        assert_eq!(st.queued_bytes(), 5);
        assert!(st.end().is_some());
        assert_eq!((st.queued(), st.queued_bytes()), (0, 0));
        assert!(st.end().is_none(), "ends once");
    }

    /// The acknowledgement flows: at least once completes on its acknowledgement; exactly once
    /// is released on receipt and completes after; an id of the other kind is not touched.
    #[test]
    fn acknowledgements_complete_only_their_own_kind_of_delivery() {
        let mut st = SessionState::default();
        st.track(1, delivery(b"a", QoS::AtLeastOnce));
        st.track(2, delivery(b"b", QoS::ExactlyOnce));
        st.track(3, delivery(b"c", QoS::ExactlyOnce));
        assert!(!st.acknowledge(2), "a PUBACK does not end exactly once");
        assert!(!st.complete(2), "nor does a PUBCOMP before the receipt");
        assert_eq!(st.receipt(1, false), Receipt::Unknown);
        assert_eq!(st.receipt(2, false), Receipt::Released);
        assert_eq!(st.receipt(3, true), Receipt::Refused);
        assert!(st.acknowledge(1));
        assert!(st.complete(2));
        assert_eq!(st.inflight_len(), 0);
        st.await_release(7);
        assert!(st.awaits_release(7));
        assert!(st.release(7));
        assert!(!st.release(7));
    }
}
