//! [`Broker`]: the state one broker node shares between its connections — the session table,
//! the subscription tree, retained messages and the storage adapter — and the operations that
//! span them: attach and detach sessions, publish, subscribe, wills and expiry.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use parking_lot::{Mutex, RwLock};
use robustmq_common::Shutdown;
use robustmq_engine::ShardStore;
use robustmq_meta_client::watch::cached_prefixes;
use robustmq_meta_client::{MetaClient, MetaEvent, MetaStore, SecurityClient};
use robustmq_mqtt_codec::{LastWill, Publish, QoS, RetainHandling, SubscriptionOptions};
use tracing::{debug, info, warn};

use crate::Result;
use crate::message::{Delivery, Message, unix_ms};
use crate::metrics::BrokerMetrics;
use crate::retained::RetainedStore;
use crate::router::{FilterSpec, Subscriber, SubscriptionTree};
use crate::security::{Identity, Security};
use crate::session::{
    Attachment, ClientInfo, Control, QueueLimits, Session, SessionState, StoredSubscription,
};
use crate::settings::Settings;
use crate::storage::{Appended, StorageAdapter};

/// How often a broker that cannot reach meta tries again (to load, or to watch).
const META_RETRY: Duration = Duration::from_secs(2);
/// How often connections are checked for keepalive expiry. A client is disconnected between
/// one and a half times its keepalive and that plus this period.
const KEEPALIVE_SWEEP: Duration = Duration::from_millis(500);
/// Keepalive is enforced at one and a half times the client's value [MQTT-3.1.2-22].
pub(crate) const KEEPALIVE_FACTOR_PERMILLE: u64 = 1500;
/// A connection that has done nothing for this long is asked to park (see `mqtt::park`).
const PARK_AFTER_MS: u64 = 2_000;
/// The longest a connection waits idle before it is asked to park: the delay of one that keeps
/// coming back soon after it parks. A return after an idle gap (park delay plus time parked)
/// this long or longer starts the streak over.
pub(crate) const PARK_AFTER_MAX_MS: u64 = 32_000;

/// How long a connection idles before it is asked to park, given its park streak (how many
/// times in a row it came back to work within [`PARK_AFTER_MAX_MS`] of going idle; see
/// [`Session::note_unparked`]): [`PARK_AFTER_MS`] up to the first return, then doubling with
/// each further one up to [`PARK_AFTER_MAX_MS`].
///
/// Parking and coming back costs system calls and a task spawn, about as much CPU again as the
/// message that brought the connection back. A client that sends every few seconds would pay
/// it for every message; this way it pays a few times, then stays served, and only a client
/// that really goes quiet parks.
pub(crate) fn park_delay_ms(streak: u8) -> u64 {
    let doublings = u32::from(streak.saturating_sub(1)).min(u64::BITS - 1);
    PARK_AFTER_MS
        .saturating_mul(1 << doublings)
        .min(PARK_AFTER_MAX_MS)
}

/// A session as the admin API shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionSummary {
    /// Client id.
    pub client_id: Arc<str>,
    /// Whether a connection owns it now.
    pub connected: bool,
    /// Session Expiry Interval, seconds.
    pub expiry_interval: u32,
    /// Filters as subscribed, with the granted QoS.
    pub subscriptions: Vec<(String, QoS)>,
    /// Outgoing QoS 1/2 deliveries awaiting acknowledgement.
    pub inflight: usize,
    /// Deliveries waiting to be sent.
    pub queued: usize,
}

/// The outcome of [`Broker::try_publish_now`].
pub enum PublishNow {
    /// Published, or failed as [`Broker::publish`] fails (a storage error: nothing was routed).
    Done(Result<()>),
    /// Not started: publishing this message has to wait; await [`Broker::publish`] with it.
    MustWait(Message),
}

/// The outcome of one SUBSCRIBE filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubscribeOutcome {
    /// Subscribed at this QoS.
    Granted(QoS),
    /// The filter is not a valid (shared) topic filter.
    InvalidFilter,
    /// `mqtt.acl_deny` or the ACL rules forbid it.
    Denied,
}

/// State shared by all connections of one broker node. Held in an `Arc`.
pub struct Broker {
    /// Limits and switches.
    pub settings: Settings,
    /// Metrics.
    pub metrics: BrokerMetrics,
    pub(crate) router: RwLock<SubscriptionTree>,
    pub(crate) sessions: Mutex<HashMap<Arc<str>, Arc<Session>>>,
    retained: RetainedStore,
    pub(crate) storage: StorageAdapter,
    pub(crate) meta: Arc<dyn MetaStore>,
    pub(crate) limits: QueueLimits,
    /// Users, ACL rules and the blacklist, kept fresh from meta.
    pub security: Security,
    next_conn_id: AtomicU64,
    started: Instant,
    shutdown: Shutdown,
}

impl Broker {
    /// Starts the broker's shared state: loads the topic list, retained messages and persistent
    /// sessions from meta, and spawns the topic refresh and `$SYS` tasks, which stop on
    /// `shutdown`. When meta does not answer, the broker starts anyway and loads in the
    /// background once it does: MQTT clients are served from the first moment.
    ///
    /// # Errors
    /// None today; the signature leaves room for checks that must hold before serving.
    pub async fn start(
        settings: Settings,
        meta: Arc<dyn MetaStore>,
        store: Arc<dyn ShardStore>,
        metrics: BrokerMetrics,
        shutdown: Shutdown,
    ) -> Result<Arc<Broker>> {
        let storage = StorageAdapter::new(store, &settings);
        let limits = QueueLimits {
            max_messages: settings.max_queued_messages,
            max_bytes: settings.max_queued_bytes,
            overflow: settings.queue_overflow,
        };
        let security = Security::new(
            settings.allow_anonymous,
            settings.acl_deny.clone(),
            settings.acl_no_match,
        );
        let broker = Arc::new(Broker {
            security,
            settings,
            metrics,
            router: RwLock::new(SubscriptionTree::default()),
            sessions: Mutex::new(HashMap::new()),
            retained: RetainedStore::default(),
            storage,
            meta,
            limits,
            next_conn_id: AtomicU64::new(1),
            started: Instant::now(),
            shutdown,
        });
        if let Err(e) = broker.load_from_meta().await {
            warn!(error = %e, "meta is unreachable: serving without retained messages and persistent sessions until it answers");
            tokio::spawn(Arc::clone(&broker).load_from_meta_loop());
        }
        tokio::spawn(Arc::clone(&broker).watch_loop());
        tokio::spawn(Arc::clone(&broker).connections_loop());
        if let Some(every) = broker.settings.sys_interval {
            tokio::spawn(Arc::clone(&broker).sys_loop(every));
        }
        Ok(broker)
    }

    /// Loads what the broker keeps in meta: the topics with their own shard, the retained
    /// messages and the persistent sessions. What a client has changed since (a retained message,
    /// a session) wins over what is loaded.
    async fn load_from_meta(self: &Arc<Self>) -> Result<()> {
        self.storage.refresh_topics(self.meta.as_ref()).await?;
        for (topic, value) in self.meta.retained_list().await? {
            match Message::decode(&value) {
                Some(message) => {
                    self.retained.apply_if_absent(Arc::new(message));
                }
                None => warn!(topic, "skipping a retained message that does not decode"),
            }
        }
        self.metrics.retained.set(self.retained.len() as i64);
        self.load_sessions().await
    }

    async fn load_from_meta_loop(self: Arc<Self>) {
        loop {
            tokio::select! {
                () = tokio::time::sleep(META_RETRY) => {}
                () = self.shutdown.wait() => return,
            }
            match self.load_from_meta().await {
                Ok(()) => {
                    tracing::info!(
                        "meta answered: retained messages and persistent sessions loaded"
                    );
                    return;
                }
                Err(e) => debug!(error = %e, "meta still unreachable"),
            }
        }
    }

    /// The signal that stops the broker's connections and tasks.
    pub fn shutdown(&self) -> &Shutdown {
        &self.shutdown
    }

    /// Milliseconds since the broker started, from a monotonic clock: the time base of
    /// [`Session::touch`].
    pub fn mono_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Watches the connections as a whole, so that an idle one needs no timer of its own: every
    /// [`KEEPALIVE_SWEEP`] it disconnects those whose keepalive expired and asks those idle for
    /// their park delay to park, and on shutdown it tells every connection to close.
    async fn connections_loop(self: Arc<Self>) {
        let mut tick = tokio::time::interval(KEEPALIVE_SWEEP);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {
                    let now = self.mono_ms();
                    self.sweep_keepalive(now);
                    self.sweep_idle(now);
                }
                () = self.shutdown.wait() => break,
            }
        }
        let sessions: Vec<Arc<Session>> = self.sessions.lock().values().cloned().collect();
        for s in sessions {
            if let Some(a) = s.lock().connection.as_mut() {
                a.control.send(Control::Shutdown);
            }
        }
    }

    /// Disconnects (0x8D) every connection that, at `now` ([`Broker::mono_ms`]), has received
    /// no packet for more than one and a half times its keepalive [MQTT-3.1.2-22]; returns how
    /// many.
    pub fn sweep_keepalive(&self, now: u64) -> usize {
        let sessions: Vec<Arc<Session>> = self
            .sessions
            .lock()
            .values()
            .filter(|s| s.is_connected())
            .cloned()
            .collect();
        let mut expired = 0;
        for s in sessions {
            let mut st = s.lock();
            if let Some(a) = st.connection.as_mut()
                && a.info.keep_alive > 0
                && now.saturating_sub(s.last_seen_ms())
                    > u64::from(a.info.keep_alive) * KEEPALIVE_FACTOR_PERMILLE
                && a.control.send(Control::Disconnect(
                    robustmq_mqtt_codec::ReasonCode::KEEP_ALIVE_TIMEOUT,
                ))
            {
                expired += 1;
            }
        }
        expired
    }

    /// Asks every connection that has done nothing for its park delay ([`park_delay_ms`])
    /// before `now` to park; returns how many were asked.
    pub fn sweep_idle(&self, now: u64) -> usize {
        let sessions: Vec<Arc<Session>> = self
            .sessions
            .lock()
            .values()
            .filter(|s| {
                s.is_connected()
                    && s.parking() == crate::session::Parking::Active
                    && now.saturating_sub(s.last_active_ms()) > park_delay_ms(s.park_streak())
            })
            .cloned()
            .collect();
        sessions.iter().filter(|s| s.ask_to_park()).count()
    }

    /// A node-unique connection id.
    pub fn next_conn_id(&self) -> u64 {
        self.next_conn_id.fetch_add(1, Ordering::Relaxed)
    }

    /// Gives the session of `client_id` to a new connection, taking it from any connection that
    /// holds it (which is told to disconnect with 0x8E [MQTT-3.1.4-3]). With `clean_start`, or
    /// when none exists, the session is new. Returns the session and whether it was resumed
    /// (Session Present). The keepalive period starts now.
    ///
    /// Once shutdown has begun, the new connection is told to close at once: the shutdown
    /// sweep (which holds the session table's lock) has either seen this attachment or runs
    /// before it.
    pub fn attach(
        &self,
        client_id: &str,
        clean_start: bool,
        expiry_interval: u32,
        mut attachment: Attachment,
    ) -> (Arc<Session>, bool) {
        let mut sessions = self.sessions.lock();
        if self.shutdown.is_triggered() {
            attachment.control.send(Control::Shutdown);
        }
        let now = self.mono_ms();
        let conn_id = attachment.conn_id;
        let existing = sessions.get(client_id).cloned();
        if let Some(old) = &existing {
            let mut st = old.lock();
            if let Some(mut previous) = st.connection.take() {
                previous.control.send(Control::Disconnect(
                    robustmq_mqtt_codec::ReasonCode::SESSION_TAKEN_OVER,
                ));
            }
            old.set_connected(false);
            if !clean_start && !st.ended {
                old.set_owner(conn_id);
                old.touch(now);
                old.mark_active(now);
                st.connection = Some(attachment);
                st.expiry_interval = expiry_interval;
                st.generation += 1;
                if std::mem::take(&mut st.pending_will) {
                    // Resumed before its will was due: the will is not sent [MQTT-3.1.3-9].
                    self.forget_will(Arc::clone(&old.client_id));
                }
                drop(st);
                old.set_connected(true);
                return (Arc::clone(old), true);
            }
        }
        let session = Session::new(Arc::from(client_id), expiry_interval);
        session.set_owner(conn_id);
        session.touch(now);
        session.mark_active(now);
        session.lock().connection = Some(attachment);
        session.set_connected(true);
        sessions.insert(Arc::clone(&session.client_id), Arc::clone(&session));
        self.metrics.sessions.set(sessions.len() as i64);
        drop(sessions);
        if let Some(old) = existing {
            self.end_session(&old);
        }
        (session, false)
    }

    /// Releases `session` from connection `conn_id` when that connection closes. A session with
    /// expiry 0 ends now; others end after their interval unless a connection resumes them. The
    /// will, if `will` is given, goes out after its delay or when the session ends, whichever is
    /// first [MQTT-3.1.3-9], unless a connection resumes the session before that.
    ///
    /// Returns whether the session outlives the connection, so the caller should persist its
    /// state for a restart.
    pub fn detach(
        self: &Arc<Self>,
        session: &Arc<Session>,
        conn_id: u64,
        will: Option<LastWill>,
    ) -> bool {
        let mut st = session.lock();
        let owner = st.connection.as_ref().is_some_and(|a| a.conn_id == conn_id);
        if !owner {
            // Taken over: the new owner decides the session's fate. A will without delay still
            // goes out, as the old connection ended without DISCONNECT. This task may have
            // polled the session's wake after the new owner did, and so taken its place:
            // wake the new owner.
            let ended = st.ended;
            drop(st);
            session.wake();
            if let Some(will) = will {
                let delay = will.properties.will_delay_interval.unwrap_or(0);
                if delay == 0 || ended {
                    self.spawn_publish(will_message(will, None));
                }
            }
            return false;
        }
        st.connection = None;
        session.set_connected(false);
        let expiry = st.expiry_interval;
        let generation = st.generation;
        // Deliveries chosen through a shared subscription and not yet acknowledged go to another
        // member of the group instead of waiting for this one to come back. A QoS 2 delivery
        // already sent stays: it must complete with this client and no other [MQTT-4.8.2-4],
        // [MQTT-4.8.2-5].
        let mut shared = Vec::new();
        st.inflight.retain(|_, out| {
            if out.delivery.shared.is_some() && out.delivery.qos != QoS::ExactlyOnce {
                shared.push(out.delivery.clone());
                false
            } else {
                true
            }
        });
        let queued: Vec<Delivery> = st.queue.drain(..).collect();
        st.queued_bytes = 0;
        for d in queued {
            if d.shared.is_some() {
                shared.push(d);
            } else {
                st.queued_bytes += d.queued_bytes();
                st.queue.push_back(d);
            }
        }
        drop(st);
        self.redeliver_shared(&session.client_id, shared);

        if expiry == 0 {
            self.end_session_if(session, |st| {
                st.connection.is_none() && st.generation == generation
            });
            if let Some(will) = will {
                self.spawn_publish(will_message(will, Some(Arc::clone(&session.client_id))));
            }
            return false;
        }
        let will_delay = will
            .as_ref()
            .map(|w| w.properties.will_delay_interval.unwrap_or(0));
        if let (Some(will), Some(0)) = (&will, will_delay) {
            self.spawn_publish(will_message(
                will.clone(),
                Some(Arc::clone(&session.client_id)),
            ));
        }
        let expiry_after = (expiry != u32::MAX).then(|| Duration::from_secs(u64::from(expiry)));
        if let (Some(will), Some(delay)) = (will, will_delay.filter(|d| *d > 0)) {
            let delay = Duration::from_secs(u64::from(delay));
            let after = expiry_after.map_or(delay, |e| delay.min(e));
            let message = will_message(will, Some(Arc::clone(&session.client_id)));
            self.schedule_will(session, generation, message, after, true);
        }
        if let Some(after) = expiry_after {
            self.arm_expiry(session, generation, after);
        }
        true
    }

    /// Publishes `message`, the will of `session`, after `after`, unless a connection resumes
    /// the session (its generation moves) first. With `store`, the will is recorded in meta
    /// until then, so that a restart in between still publishes it; a restored record is
    /// already there.
    pub(crate) fn schedule_will(
        self: &Arc<Self>,
        session: &Arc<Session>,
        generation: u64,
        message: Message,
        after: Duration,
        store: bool,
    ) {
        session.lock().pending_will = true;
        let broker = Arc::clone(self);
        let session = Arc::clone(session);
        tokio::spawn(async move {
            let client_id = Arc::clone(&session.client_id);
            let resumed = |s: &Session| {
                let st = s.lock();
                st.generation != generation || st.connection.is_some()
            };
            if store {
                let publish_at = unix_ms() + i64::try_from(after.as_millis()).unwrap_or(i64::MAX);
                let mut record = publish_at.to_be_bytes().to_vec();
                record.extend(message.encode());
                if let Err(e) = broker.meta.will_put(&client_id, record).await {
                    warn!(%client_id, error = %e, "could not record a delayed will; it is lost if the broker restarts first");
                }
                if resumed(&session) {
                    // Resumed while the record was written; the resume's delete may have
                    // run first.
                    broker.forget_will(client_id);
                    return;
                }
            }
            tokio::select! {
                () = tokio::time::sleep(after) => {}
                // The record stays in meta for the next start.
                () = broker.shutdown.wait() => return,
            }
            if !resumed(&session) {
                broker.publish_now(message).await;
                session.lock().pending_will = false;
            }
            broker.forget_will(client_id);
        });
    }

    /// Deletes a will record, in the background.
    pub(crate) fn forget_will(&self, client_id: Arc<str>) {
        let meta = Arc::clone(&self.meta);
        tokio::spawn(async move {
            if let Err(e) = meta.will_delete(&client_id).await {
                warn!(%client_id, error = %e, "could not delete a will record");
            }
        });
    }

    /// Ends `session` after `after` unless a connection takes it first (its generation moves
    /// from `generation`).
    pub(crate) fn arm_expiry(
        self: &Arc<Self>,
        session: &Arc<Session>,
        generation: u64,
        after: Duration,
    ) {
        let broker = Arc::clone(self);
        let session = Arc::clone(session);
        tokio::spawn(async move {
            tokio::select! {
                () = tokio::time::sleep(after) => {}
                () = broker.shutdown.wait() => return,
            }
            if broker.end_session_if(&session, |st| {
                st.generation == generation && st.connection.is_none()
            }) {
                debug!(client_id = %session.client_id, "session expired");
            }
        });
    }

    fn redeliver_shared(&self, leaving: &str, deliveries: Vec<Delivery>) {
        if deliveries.is_empty() {
            return;
        }
        let router = self.router.read();
        for mut d in deliveries {
            let Some(shared) = d.shared.clone() else {
                continue;
            };
            match router.shared_member(&shared, leaving) {
                Some(member) => {
                    d.qos = d.message.qos.min(member.options.qos);
                    d.subscription_ids = member.id.into_iter().collect();
                    member.session.enqueue(d, &self.limits, &self.metrics);
                }
                None => {
                    self.metrics
                        .dropped
                        .with_label_values(&["no_shared_member"])
                        .inc();
                }
            }
        }
    }

    /// Ends `session`: its subscriptions leave the tree, it leaves the session table, and its
    /// record leaves meta.
    pub fn end_session(&self, session: &Arc<Session>) {
        self.end_session_if(session, |_| true);
    }

    /// Ends `session` if `still` holds, checked in the same critical section that marks it
    /// ended, so a connection resuming the session between a timer's check and the end cannot
    /// be left attached to a dead session. Returns whether it ended the session.
    pub fn end_session_if(
        &self,
        session: &Arc<Session>,
        still: impl FnOnce(&SessionState) -> bool,
    ) -> bool {
        let (subscriptions, persistent) = {
            let mut st = session.lock();
            if st.ended || !still(&st) {
                return false;
            }
            st.ended = true;
            let persistent = st.expiry_interval > 0;
            st.queue.clear();
            st.queued_bytes = 0;
            st.inflight.clear();
            (std::mem::take(&mut st.subscriptions), persistent)
        };
        if persistent {
            self.forget_session(Arc::clone(&session.client_id));
        }
        {
            let mut router = self.router.write();
            for filter in subscriptions.keys() {
                if let Some(spec) = FilterSpec::parse(filter) {
                    router.unsubscribe_session(&spec, session);
                }
            }
            self.metrics.subscriptions.set(router.len() as i64);
        }
        let mut sessions = self.sessions.lock();
        if sessions
            .get(&session.client_id)
            .is_some_and(|s| Arc::ptr_eq(s, session))
        {
            sessions.remove(&session.client_id);
        }
        self.metrics.sessions.set(sessions.len() as i64);
        true
    }

    /// Records at once that `topic` has its own shard of type `storage`, for an admin API on
    /// this node that just created it: a publish right after `topic create` returns must not
    /// go to an auto shard while the meta watch event is still on its way. Other nodes learn it
    /// from the watch.
    pub fn topic_created(&self, topic: &str, storage: &str) {
        self.storage.set_own_topic(topic, storage);
    }

    /// Records at once that `topic` no longer has its own shard (see [`Broker::topic_created`]).
    pub fn topic_deleted(&self, topic: &str) {
        self.storage.remove_own_topic(topic);
    }

    /// The clients connected to this node, by client id.
    pub fn clients(&self, prefix: &str) -> Vec<(Arc<str>, ClientInfo)> {
        let sessions: Vec<Arc<Session>> = self.sessions.lock().values().cloned().collect();
        let mut out: Vec<(Arc<str>, ClientInfo)> = sessions
            .iter()
            .filter(|s| s.client_id.starts_with(prefix))
            .filter_map(|s| {
                let st = s.lock();
                st.connection
                    .as_ref()
                    .map(|a| (Arc::clone(&s.client_id), a.info.clone()))
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    /// The sessions held by this node whose client id starts with `prefix`, by client id.
    pub fn sessions(&self, prefix: &str) -> Vec<SessionSummary> {
        let sessions: Vec<Arc<Session>> = self.sessions.lock().values().cloned().collect();
        let mut out: Vec<SessionSummary> = sessions
            .iter()
            .filter(|s| s.client_id.starts_with(prefix))
            .map(|s| {
                let st = s.lock();
                let mut subscriptions: Vec<(String, QoS)> = st
                    .subscriptions
                    .iter()
                    .map(|(f, sub)| (f.clone(), sub.options.qos))
                    .collect();
                subscriptions.sort();
                SessionSummary {
                    client_id: Arc::clone(&s.client_id),
                    connected: st.connection.is_some(),
                    expiry_interval: st.expiry_interval,
                    subscriptions,
                    inflight: st.inflight.len(),
                    queued: st.queue.len(),
                }
            })
            .collect();
        out.sort_by(|a, b| a.client_id.cmp(&b.client_id));
        out
    }

    /// Disconnects the client `client_id` with DISCONNECT 0x98 (administrative action, 5.0);
    /// its session stays. Returns whether it was connected.
    pub fn kick(&self, client_id: &str) -> bool {
        let session = self.sessions.lock().get(client_id).cloned();
        session.is_some_and(|s| {
            s.lock().connection.as_mut().is_some_and(|a| {
                a.control.send(Control::Disconnect(
                    robustmq_mqtt_codec::ReasonCode::ADMINISTRATIVE_ACTION,
                ))
            })
        })
    }

    /// Ends the session of `client_id`, disconnecting its client first if connected. Returns
    /// whether a session existed.
    pub fn delete_session(&self, client_id: &str) -> bool {
        let Some(session) = self.sessions.lock().get(client_id).cloned() else {
            return false;
        };
        if let Some(a) = session.lock().connection.as_mut() {
            a.control.send(Control::Disconnect(
                robustmq_mqtt_codec::ReasonCode::ADMINISTRATIVE_ACTION,
            ));
        }
        self.end_session(&session);
        true
    }

    /// Disconnects (0x98) every connected client the blacklist now names; returns how many.
    pub fn kick_banned(&self) -> usize {
        let now = crate::message::unix_ms();
        let sessions: Vec<Arc<Session>> = self.sessions.lock().values().cloned().collect();
        let mut kicked = 0;
        for s in sessions {
            let mut st = s.lock();
            if let Some(a) = st.connection.as_mut()
                && self.security.is_banned(
                    &s.client_id,
                    a.info.username.as_deref(),
                    a.info.peer.ip(),
                    now,
                )
                && a.control.send(Control::Disconnect(
                    robustmq_mqtt_codec::ReasonCode::ADMINISTRATIVE_ACTION,
                ))
            {
                kicked += 1;
            }
        }
        kicked
    }

    /// Stores, retains and routes a message. Returns once the message is as durable as its
    /// topic's shard promises, and a retained message is in meta, so the caller may acknowledge
    /// it. `$` topics are not stored.
    ///
    /// # Errors
    /// [`crate::BrokerError::Storage`]: nothing was routed. [`crate::BrokerError::Meta`]: the
    /// retained copy did not reach meta; the message was stored and routed, and is retained on
    /// this node until a restart.
    pub async fn publish(&self, message: Message) -> Result<()> {
        let appended = if message.topic.starts_with('$') {
            None
        } else {
            Some(self.storage.append(&message).await?)
        };
        let message = self.deliver(message, appended);
        if message.retain && self.settings.retain_available && !message.topic.starts_with('$') {
            let value = if message.payload.is_empty() {
                Vec::new()
            } else {
                message.encode()
            };
            self.meta.retained_put(&message.topic, value).await?;
        }
        Ok(())
    }

    /// [`Broker::publish`] without waiting, when it can finish at once: the message is not
    /// retained (that waits for meta) and its shard appends in memory. Gives the message back
    /// otherwise, before anything was done with it; the caller then awaits `publish`.
    pub fn try_publish_now(&self, message: Message) -> PublishNow {
        if message.retain && self.settings.retain_available {
            return PublishNow::MustWait(message);
        }
        let appended = if message.topic.starts_with('$') {
            None
        } else {
            match self.storage.try_append_now(&message) {
                Some(Ok(appended)) => Some(appended),
                Some(Err(e)) => return PublishNow::Done(Err(e)),
                None => return PublishNow::MustWait(message),
            }
        };
        self.deliver(message, appended);
        PublishNow::Done(Ok(()))
    }

    /// Records where `message` was stored, then keeps its retained copy in memory and routes
    /// it, with no await in between and before the append's fence is released. A subscriber
    /// subscribing at any moment gets the message one way or the other, and a session recording
    /// its cursors cannot see the append without the delivery.
    fn deliver(&self, mut message: Message, appended: Option<Appended>) -> Arc<Message> {
        if let Some(a) = &appended {
            message.stored = Some((Arc::clone(&a.shard), a.offset));
        }
        let message = Arc::new(message);
        if message.retain && self.settings.retain_available {
            let held = self.retained.apply(Arc::clone(&message));
            self.metrics.retained.set(held as i64);
        }
        self.route(&message);
        drop(appended);
        message
    }

    async fn publish_now(&self, message: Message) {
        if let Err(e) = self.publish(message).await {
            warn!(error = %e, "could not publish a will message");
        }
    }

    pub(crate) fn spawn_publish(self: &Arc<Self>, message: Message) {
        let broker = Arc::clone(self);
        tokio::spawn(async move { broker.publish_now(message).await });
    }

    fn route(&self, message: &Arc<Message>) {
        let targets = self.router.read().route(message);
        for (session, delivery) in targets {
            session.enqueue(delivery, &self.limits, &self.metrics);
        }
    }

    /// Adds a subscription for `session` and queues the retained messages its Retain Handling
    /// asks for (never for shared subscriptions, MQTT 5.0 section 4.8.2).
    pub fn subscribe(
        &self,
        session: &Arc<Session>,
        who: &Identity,
        raw: &str,
        options: SubscriptionOptions,
        id: Option<u32>,
    ) -> SubscribeOutcome {
        let Some(spec) = FilterSpec::parse(raw) else {
            return SubscribeOutcome::InvalidFilter;
        };
        if !self.security.may_subscribe(who, spec.filter) {
            return SubscribeOutcome::Denied;
        }
        let options = SubscriptionOptions {
            qos: options.qos.min(self.settings.max_qos),
            ..options
        };
        {
            let mut st = session.lock();
            if st.ended {
                return SubscribeOutcome::Granted(options.qos);
            }
            st.subscriptions
                .insert(raw.to_owned(), StoredSubscription { options, id });
        }
        let new = {
            let mut router = self.router.write();
            let new = router.subscribe(
                &spec,
                Subscriber {
                    session: Arc::clone(session),
                    options,
                    id,
                },
            );
            // The session may have ended (a clean-start takeover) after the check above; its
            // end removed what it knew of, so take this entry out again.
            if session.lock().ended {
                router.unsubscribe_session(&spec, session);
            }
            self.metrics.subscriptions.set(router.len() as i64);
            new
        };
        let send_retained = spec.group.is_none()
            && match options.retain_handling {
                RetainHandling::SendAtSubscribe => true,
                RetainHandling::SendAtSubscribeIfNew => new,
                RetainHandling::DoNotSend => false,
            };
        if send_retained {
            for message in self.retained.matching(spec.filter) {
                let delivery = Delivery {
                    qos: message.qos.min(options.qos),
                    message,
                    retain: true,
                    subscription_ids: id.into_iter().collect(),
                    shared: None,
                };
                session.enqueue(delivery, &self.limits, &self.metrics);
            }
        }
        SubscribeOutcome::Granted(options.qos)
    }

    /// Removes a subscription of `session`; returns whether it existed.
    pub fn unsubscribe(&self, session: &Arc<Session>, raw: &str) -> bool {
        session.lock().subscriptions.remove(raw);
        let Some(spec) = FilterSpec::parse(raw) else {
            return false;
        };
        let mut router = self.router.write();
        let existed = router.unsubscribe(&spec, &session.client_id);
        self.metrics.subscriptions.set(router.len() as i64);
        existed
    }

    /// Keeps the caches of meta state fresh: the topics with their own shard, the retained
    /// messages (which other broker nodes may set) and the security records. Watches meta,
    /// reloads them whenever the watch starts or reports lost events, and applies each change as
    /// it is committed.
    async fn watch_loop(self: Arc<Self>) {
        use tokio_stream::StreamExt as _;
        loop {
            match self.meta.watch(cached_prefixes()).await {
                Ok(mut events) => {
                    // Loaded after the watch starts, so no change falls between the two.
                    self.reload_caches().await;
                    loop {
                        tokio::select! {
                            event = events.next() => match event {
                                Some(event) => {
                                    if let Some(event) = MetaEvent::from_watch(event) {
                                        self.apply_meta_event(event).await;
                                    }
                                }
                                None => break,
                            },
                            () = self.shutdown.wait() => return,
                        }
                    }
                    debug!("meta watch ended; watching again");
                }
                Err(e) => debug!(error = %e, "cannot watch meta; retrying"),
            }
            tokio::select! {
                () = tokio::time::sleep(META_RETRY) => {}
                () = self.shutdown.wait() => return,
            }
        }
    }

    async fn reload_caches(&self) {
        if let Err(e) = self.storage.refresh_topics(self.meta.as_ref()).await {
            debug!(error = %e, "could not reload the topic list");
        }
        let meta = self.meta.as_ref();
        match (
            meta.user_list().await,
            meta.acl_list().await,
            meta.ban_list().await,
        ) {
            (Ok(users), Ok(rules), Ok(bans)) => {
                self.security.replace(users, rules, bans);
                self.kick_banned();
            }
            (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
                warn!(error = %e, "could not reload users, ACL rules and the blacklist");
            }
        }
        match self.meta.retained_list().await {
            Ok(entries) => {
                let messages = entries.iter().filter_map(|(topic, value)| {
                    let message = Message::decode(value);
                    if message.is_none() {
                        warn!(topic, "skipping a retained message that does not decode");
                    }
                    message.map(Arc::new)
                });
                let held = self.retained.replace_stored(messages);
                self.metrics.retained.set(held as i64);
            }
            Err(e) => debug!(error = %e, "could not reload the retained messages"),
        }
    }

    async fn apply_meta_event(&self, event: MetaEvent) {
        match event {
            MetaEvent::TopicPut(topic) => self.storage.set_own_topic(&topic.name, &topic.storage),
            MetaEvent::TopicDeleted(name) => self.storage.remove_own_topic(&name),
            MetaEvent::RetainedPut { topic, value } => match Message::decode(&value) {
                Some(message) => {
                    let held = self.retained.apply(Arc::new(message));
                    self.metrics.retained.set(held as i64);
                }
                None => warn!(topic, "a retained message does not decode"),
            },
            MetaEvent::RetainedDeleted(topic) => {
                let held = self.retained.remove(&topic);
                self.metrics.retained.set(held as i64);
            }
            MetaEvent::UserPut(user) => self.security.put_user(user),
            MetaEvent::UserDeleted(name) => self.security.remove_user(&name),
            MetaEvent::AclPut(rule) => self.security.put_rule(rule),
            MetaEvent::AclDeleted(name) => self.security.remove_rule(&name),
            MetaEvent::BanPut(ban) => {
                let value = ban.value.clone();
                self.security.put_ban(ban);
                let kicked = self.kick_banned();
                if kicked > 0 {
                    info!(ban = value, kicked, "disconnected banned clients");
                }
            }
            MetaEvent::BanDeleted(kind, value) => self.security.remove_ban(kind, &value),
            MetaEvent::Reload => self.reload_caches().await,
            MetaEvent::Undecodable { key, error } => {
                warn!(key, error, "a meta record does not decode");
            }
        }
    }

    /// Publishes the `$SYS/brokers/<node>/...` topics, retained, every `every`.
    async fn sys_loop(self: Arc<Self>, every: Duration) {
        let prefix = format!("$SYS/brokers/{}", self.settings.node_id);
        let mut tick = tokio::time::interval(every);
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                () = self.shutdown.wait() => return,
            }
            let m = &self.metrics;
            let sum = |v: &prometheus::IntCounterVec| -> u64 {
                ["0", "1", "2"]
                    .iter()
                    .map(|q| v.with_label_values(&[q]).get())
                    .sum()
            };
            let values = [
                ("version", robustmq_common::VERSION.to_owned()),
                ("uptime", self.started.elapsed().as_secs().to_string()),
                ("clients/connected", m.connections.get().to_string()),
                ("messages/received", sum(&m.messages_in).to_string()),
                ("messages/sent", sum(&m.messages_out).to_string()),
                ("bytes/received", m.bytes_in.get().to_string()),
                ("bytes/sent", m.bytes_out.get().to_string()),
                ("subscriptions/count", m.subscriptions.get().to_string()),
            ];
            for (name, value) in values {
                let publish = Publish {
                    retain: true,
                    topic: format!("{prefix}/{name}"),
                    payload: value.into(),
                    ..Publish::default()
                };
                self.publish_now(Message::from_publish(publish, None)).await;
            }
        }
    }
}

/// The message a will turns into: Will Delay Interval is the broker's, the rest passes through.
fn will_message(will: LastWill, publisher: Option<Arc<str>>) -> Message {
    let mut properties = will.properties;
    if let Some(values) = properties.values_mut() {
        values.will_delay_interval = None;
    }
    let publish = Publish {
        dup: false,
        qos: will.qos,
        retain: will.retain,
        topic: will.topic,
        pkid: 0,
        payload: will.payload,
        properties,
    };
    Message::from_publish(publish, publisher)
}

/// A broker on a memory meta and a fresh engine directory, for unit tests; keep the directory
/// alive as long as the broker.
#[cfg(test)]
pub(crate) async fn test_broker() -> (tempfile::TempDir, Arc<Broker>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let registry = prometheus::Registry::new();
    let store = robustmq_engine::ShardRegistry::open(
        dir.path(),
        robustmq_engine::EngineMetrics::new(&registry).expect("metrics"),
        1,
    )
    .expect("engine");
    let broker = Broker::start(
        Settings::default(),
        Arc::new(robustmq_meta_client::MemoryMeta::new(1, 1)),
        Arc::new(store),
        BrokerMetrics::new(&registry).expect("metrics"),
        Shutdown::new(),
    )
    .await
    .expect("broker");
    (dir, broker)
}

#[cfg(test)]
mod tests {
    use robustmq_mqtt_codec::{Protocol, ReasonCode};

    use super::*;
    use crate::session::{ControlHandle, Parking};

    fn attachment(
        conn_id: u64,
        keep_alive: u16,
    ) -> (Attachment, tokio::sync::oneshot::Receiver<Control>) {
        let (control, rx) = ControlHandle::new();
        let attachment = Attachment {
            conn_id,
            control,
            info: ClientInfo {
                peer: "127.0.0.1:1".parse().expect("addr"),
                username: None,
                protocol: Protocol::V5,
                transport: "tcp",
                keep_alive,
                connected_ms: 0,
            },
        };
        (attachment, rx)
    }

    /// [MQTT-3.1.2-22]: more than one and a half times the keepalive without a packet, and not
    /// a millisecond before; a client without keepalive is never swept.
    #[tokio::test]
    async fn keepalive_expires_just_past_one_and_a_half_times_since_the_last_packet() {
        let (_dir, broker) = test_broker().await;
        let (a, mut rx) = attachment(1, 10);
        let (session, _) = broker.attach("ka", true, 0, a);
        let (b, mut never_rx) = attachment(2, 0);
        broker.attach("no-ka", true, 0, b);
        session.touch(1_000);
        assert_eq!(broker.sweep_keepalive(1_000 + 15_000), 0);
        assert!(rx.try_recv().is_err());
        assert_eq!(broker.sweep_keepalive(1_000 + 15_001), 1);
        assert_eq!(
            rx.try_recv().expect("told"),
            Control::Disconnect(ReasonCode::KEEP_ALIVE_TIMEOUT)
        );
        broker.sweep_keepalive(u64::MAX);
        assert!(
            never_rx.try_recv().is_err(),
            "a client without keepalive is never swept"
        );
    }

    /// The park delay is 2 s until a connection has come back soon after parking twice, then
    /// doubles with each quick return, up to 32 s.
    #[test]
    fn the_park_delay_grows_for_a_connection_that_keeps_coming_back() {
        let delays: Vec<u64> = (0..=7).map(park_delay_ms).collect();
        assert_eq!(
            delays,
            [2_000, 2_000, 4_000, 8_000, 16_000, 32_000, 32_000, 32_000]
        );
        assert_eq!(park_delay_ms(u8::MAX), PARK_AFTER_MAX_MS);
    }

    /// The sweep asks a connection to park only past its own delay, and only once.
    #[tokio::test]
    async fn the_idle_sweep_waits_out_each_connections_park_delay() {
        let (_dir, broker) = test_broker().await;
        let (a, _rx) = attachment(1, 0);
        let (session, _) = broker.attach("periodic", true, 0, a);
        session.mark_active(1_000);
        assert_eq!(broker.sweep_idle(1_000 + 2_000), 0);
        assert_eq!(broker.sweep_idle(1_000 + 2_001), 1);
        assert_eq!(session.parking(), Parking::Asked);
        assert_eq!(broker.sweep_idle(1_000 + 2_002), 0, "asked once");

        // It parked and came back soon, twice: now it may idle for 4 s.
        for _ in 0..2 {
            session.note_unparked(1, true);
            session.count_return(1);
        }
        session.set_parking(1, Parking::Active);
        session.mark_active(10_000);
        assert_eq!(broker.sweep_idle(10_000 + 4_000), 0);
        assert_eq!(broker.sweep_idle(10_000 + 4_001), 1);
    }

    /// A connection that attaches after shutdown began is told to close at once: the sweep that
    /// tells the others may already have run.
    #[tokio::test]
    async fn a_connection_attaching_during_shutdown_is_told_to_close() {
        let (_dir, broker) = test_broker().await;
        broker.shutdown().trigger();
        let (a, mut rx) = attachment(1, 0);
        broker.attach("late", true, 0, a);
        assert_eq!(rx.try_recv().expect("told"), Control::Shutdown);
    }
}
