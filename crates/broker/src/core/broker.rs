//! [`Broker`]: the state one broker node shares between its connections (the session table,
//! the subscription tree, retained messages, security records, topic activity and the storage
//! adapter), its start, the sweeps over its connections, and what the admin API asks of it.
//! The operations that span sessions live beside it, one concern a file: `lifecycle` (attach,
//! detach, wills, expiry), `publish` (publish, subscribe), `meta_cache`, `sys`, `persist`.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;

use parking_lot::{Mutex, RwLock};
use robustmq_common::Shutdown;
use robustmq_engine::ShardStore;
use robustmq_meta_client::{BanKind, BanRecord, MetaClient, MetaStore, SecurityClient};
use tracing::{debug, warn};

use crate::core::activity::{TopicActivity, TopicTraffic};
use crate::core::error::{BrokerError, Result};
use crate::core::expiry::{Deadlines, Expiries};
use crate::core::flapping::Flapping;
use crate::core::jwt::JwtAuth;
use crate::core::message::{HeaderBridge, Message, QoS, is_private_header};
use crate::core::metrics::BrokerMetrics;
use crate::core::retained::{RetainedLimits, RetainedStore};
use crate::core::rewrite::Rewriter;
use crate::core::router::SubscriptionTree;
use crate::core::security::{FLAPPING_REASON, Security};
use crate::core::session::{ClientInfo, Control, DisconnectReason, Parking, QueueLimits, Session};
use crate::core::settings::JwtKey;
use crate::core::settings::Settings;
use crate::core::storage::{Placement, StorageAdapter};
use crate::core::write_behind::{PersistLocks, PersistQueue};

/// How often a broker that cannot reach meta tries again (to load, or to watch).
pub(crate) const META_RETRY: Duration = Duration::from_secs(2);
/// How often connections are checked for keepalive expiry. A client is disconnected between
/// one and a half times its keepalive and that plus this period.
const KEEPALIVE_SWEEP: Duration = Duration::from_millis(500);
/// Sweeps of [`KEEPALIVE_SWEEP`] between two sweeps of lapsed flapping bans (a minute).
const FLAPPING_SWEEP_TICKS: u64 = 120;
/// Keepalive is enforced at one and a half times the client's value [MQTT-3.1.2-22].
pub(crate) const KEEPALIVE_FACTOR_PERMILLE: u64 = 1500;
/// A connection that has done nothing for this long is asked to park (see `robustmq_net::park`).
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

/// State shared by all connections of one broker node. Held in an `Arc`.
pub struct Broker {
    /// Limits and switches.
    pub settings: Settings,
    /// Metrics.
    pub metrics: BrokerMetrics,
    pub(crate) router: RwLock<SubscriptionTree>,
    pub(crate) sessions: Mutex<HashMap<Arc<str>, Arc<Session>>>,
    pub(crate) retained: RetainedStore,
    pub(crate) storage: StorageAdapter,
    pub(crate) meta: Arc<dyn MetaStore>,
    pub(crate) limits: QueueLimits,
    /// Users, ACL rules and the blacklist, kept fresh from meta.
    pub security: Security,
    /// Which topics carry traffic through this node.
    pub(crate) activity: TopicActivity,
    /// Recent connects per client id, for flapping detection.
    pub(crate) flapping: Flapping,
    /// The topic rewrite rules from meta; `rewriting` says whether there are any, so a node
    /// without rules pays one relaxed load per PUBLISH.
    rewriter: RwLock<Arc<Rewriter>>,
    rewriting: std::sync::atomic::AtomicBool,
    /// The auto-subscribe rules from meta, applied at each connect.
    pub(crate) auto_subscribe: RwLock<Arc<[robustmq_meta_client::AutoSubscribeRule]>>,
    /// When detached sessions end.
    pub(crate) expiries: Expiries,
    /// Delayed wills of detached sessions, served by one task (`will_loop`).
    pub(crate) wills: Deadlines<Message>,
    /// Persistent sessions whose record is due, written by one task (`persist_loop`).
    pub(crate) persist_queue: PersistQueue,
    /// Serialise the record writes of each session.
    pub(crate) persist_locks: PersistLocks,
    /// Password verifications running at once (each argon2id costs 19 MiB and tens of
    /// milliseconds): at most twice the cores, so a CONNECT flood with passwords queues
    /// instead of exhausting memory and the blocking pool.
    password_checks: tokio::sync::Semaphore,
    next_conn_id: AtomicU64,
    /// Readers of other protocols' private headers (see [`HeaderBridge`]).
    header_bridges: RwLock<Vec<Arc<dyn HeaderBridge>>>,
    pub(crate) started: Instant,
    pub(crate) shutdown: Shutdown,
}

impl Broker {
    /// The topic a PUBLISH to `topic` goes to, after the rewrite rules
    /// ([`crate::core::rewrite`]).
    pub fn rewrite_publish<'a>(&self, topic: &'a str) -> std::borrow::Cow<'a, str> {
        if !self.rewriting.load(Ordering::Relaxed) {
            return std::borrow::Cow::Borrowed(topic);
        }
        self.rewriter.read().publish(topic)
    }

    /// The filter a SUBSCRIBE or UNSUBSCRIBE of `raw` stands for, after the rewrite rules.
    pub fn rewrite_filter<'a>(&self, raw: &'a str) -> std::borrow::Cow<'a, str> {
        if !self.rewriting.load(Ordering::Relaxed) {
            return std::borrow::Cow::Borrowed(raw);
        }
        self.rewriter.read().subscribe(raw)
    }

    /// Replaces the rewrite rules with `rules` (from meta). Rules whose regex does not compile
    /// are left out and logged.
    pub(crate) fn set_rewrite_rules(&self, rules: &[robustmq_meta_client::RewriteRule]) {
        let (rewriter, errors) = Rewriter::compile(rules);
        for error in errors {
            warn!(error, "a topic rewrite rule is left out");
        }
        let empty = rewriter.is_empty();
        *self.rewriter.write() = Arc::new(rewriter);
        self.rewriting.store(!empty, Ordering::Relaxed);
    }

    /// Replaces the auto-subscribe rules with `rules` (from meta), for connects from now on.
    pub(crate) fn set_auto_subscribe_rules(
        &self,
        rules: &[robustmq_meta_client::AutoSubscribeRule],
    ) {
        *self.auto_subscribe.write() = Arc::from(rules.to_vec());
    }

    /// Starts the broker's shared state: loads the topic list, retained messages and persistent
    /// sessions from meta, and spawns the topic refresh and `$SYS` tasks, which stop on
    /// `shutdown`. When meta does not answer, the broker starts anyway and loads in the
    /// background once it does: MQTT clients are served from the first moment.
    ///
    /// # Errors
    /// [`crate::core::BrokerError::Setting`] when the JWT public key file cannot be read or
    /// holds no RSA public key.
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
        let mut security = Security::new(
            settings.allow_anonymous,
            settings.acl_deny.clone(),
            settings.acl_no_match,
        );
        match &settings.jwt {
            Some(JwtKey::Secret(secret)) => {
                security = security.with_jwt(JwtAuth::hs256(
                    secret.as_bytes(),
                    &settings.jwt_username_claim,
                ));
            }
            Some(JwtKey::PublicKeyFile(path)) => {
                let pem = std::fs::read(path).map_err(|e| {
                    BrokerError::Setting(format!("mqtt.jwt_public_key: cannot read {path}: {e}"))
                })?;
                let jwt = JwtAuth::rs256(&pem, &settings.jwt_username_claim)
                    .map_err(|e| BrokerError::Setting(e.to_string()))?;
                security = security.with_jwt(jwt);
            }
            None => {}
        }
        let retained_limits = RetainedLimits {
            max_messages: settings.max_retained_messages,
            max_bytes: settings.max_retained_bytes,
        };
        let broker = Arc::new(Broker {
            security,
            activity: TopicActivity::default(),
            flapping: Flapping::new(settings.flapping),
            rewriter: RwLock::new(Arc::new(Rewriter::default())),
            rewriting: std::sync::atomic::AtomicBool::new(false),
            auto_subscribe: RwLock::new(Arc::from(Vec::new())),
            expiries: Expiries::default(),
            wills: Deadlines::default(),
            persist_queue: PersistQueue::default(),
            persist_locks: PersistLocks::default(),
            password_checks: tokio::sync::Semaphore::new(
                2 * std::thread::available_parallelism().map_or(2, std::num::NonZero::get),
            ),
            settings,
            metrics,
            router: RwLock::new(SubscriptionTree::default()),
            sessions: Mutex::new(HashMap::new()),
            retained: RetainedStore::new(retained_limits),
            storage,
            meta,
            limits,
            next_conn_id: AtomicU64::new(1),
            header_bridges: RwLock::new(Vec::new()),
            started: Instant::now(),
            shutdown,
        });
        if let Err(e) = broker.load_from_meta().await {
            warn!(error = %e, "meta is unreachable: serving without retained messages and persistent sessions until it answers");
            tokio::spawn(Arc::clone(&broker).load_from_meta_loop());
        }
        tokio::spawn(Arc::clone(&broker).watch_loop());
        tokio::spawn(Arc::clone(&broker).connections_loop());
        tokio::spawn(Arc::clone(&broker).expiry_loop());
        tokio::spawn(Arc::clone(&broker).will_loop());
        tokio::spawn(Arc::clone(&broker).persist_loop());
        if let Some(every) = broker.settings.sys_interval {
            tokio::spawn(Arc::clone(&broker).sys_loop(every));
        }
        Ok(broker)
    }

    /// Loads what the broker keeps in meta: the topics with their own shard, the retained
    /// messages and the persistent sessions. What a client has changed since (a retained message,
    /// a session) wins over what is loaded.
    async fn load_from_meta(self: &Arc<Self>) -> Result<()> {
        self.storage.load_topics(self.meta.as_ref()).await?;
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
        let mut sweeps: u64 = 0;
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {
                    let now = self.mono_ms();
                    self.sweep_keepalive(now);
                    self.sweep_idle(now);
                    self.activity.prune();
                    let now_ms = crate::core::message::unix_ms();
                    self.flapping.prune(now_ms);
                    sweeps += 1;
                    if sweeps.is_multiple_of(FLAPPING_SWEEP_TICKS) {
                        self.sweep_flapping_bans(now_ms);
                    }
                }
                () = self.shutdown.wait() => break,
            }
        }
        let sessions: Vec<Arc<Session>> = self.sessions.lock().values().cloned().collect();
        for s in sessions {
            if let Some(a) = s.lock().connection_mut() {
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
            if let Some(a) = st.connection_mut()
                && a.info.keep_alive > 0
                && now.saturating_sub(s.last_seen_ms())
                    > u64::from(a.info.keep_alive) * KEEPALIVE_FACTOR_PERMILLE
                && a.control
                    .send(Control::Disconnect(DisconnectReason::KeepAliveTimeout))
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
                    && s.parking() == Parking::Active
                    && now.saturating_sub(s.last_active_ms()) > park_delay_ms(s.park_streak())
            })
            .cloned()
            .collect();
        sessions.iter().filter(|s| s.ask_to_park()).count()
    }

    /// Registers a protocol's reader of its private headers, for the other protocols.
    pub fn add_header_bridge(&self, bridge: Arc<dyn HeaderBridge>) {
        self.header_bridges.write().push(bridge);
    }

    /// The application headers of `message` (name, value), in order: its own application
    /// headers as they are, and what each private header holds per the registered
    /// [`HeaderBridge`]s. The core's headers and private headers no bridge reads are left out.
    pub fn application_headers(&self, headers: &[robustmq_engine::Header]) -> Vec<(String, Bytes)> {
        let mut out = Vec::new();
        let bridges = self.header_bridges.read();
        for header in headers {
            if !is_private_header(&header.key) {
                out.push((header.key.to_string(), header.value.clone()));
                continue;
            }
            for bridge in bridges.iter() {
                if bridge.expand(header, &mut out) {
                    break;
                }
            }
        }
        out
    }

    /// A node-unique connection id.
    pub fn next_conn_id(&self) -> u64 {
        self.next_conn_id.fetch_add(1, Ordering::Relaxed)
    }

    /// Records at once that `topic` exists as meta now records it, for an admin API on this
    /// node that just created it: a publish right after `topic create` returns must not go to
    /// `$mqtt` while the meta watch event is still on its way. Other nodes learn it from the
    /// watch.
    pub fn topic_created(&self, topic: &robustmq_meta_client::TopicMeta) {
        self.storage.put_topic(topic);
    }

    /// Records at once that `topic` was deleted (see [`Broker::topic_created`]).
    pub fn topic_deleted(&self, topic: &str) {
        self.storage.remove_topic(topic);
    }

    /// The topics that carried traffic through this node, by name, each with where its messages
    /// are stored.
    pub fn topic_traffic(&self) -> Vec<(TopicTraffic, Placement)> {
        self.activity
            .snapshot()
            .into_iter()
            .map(|t| {
                let placement = self.storage.place(&t.topic);
                (t, placement)
            })
            .collect()
    }

    /// The clients connected to this node, by client id.
    pub fn clients(&self, prefix: &str) -> Vec<(Arc<str>, ClientInfo)> {
        let sessions: Vec<Arc<Session>> = self.sessions.lock().values().cloned().collect();
        let mut out: Vec<(Arc<str>, ClientInfo)> = sessions
            .iter()
            .filter(|s| s.client_id.starts_with(prefix))
            .filter_map(|s| {
                let st = s.lock();
                st.connection()
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
                    .subscriptions()
                    .iter()
                    .map(|(f, sub)| (f.clone(), sub.options.qos))
                    .collect();
                subscriptions.sort();
                SessionSummary {
                    client_id: Arc::clone(&s.client_id),
                    connected: st.connection().is_some(),
                    expiry_interval: st.expiry_interval(),
                    subscriptions,
                    inflight: st.inflight_len(),
                    queued: st.queued(),
                }
            })
            .collect();
        out.sort_by(|a, b| a.client_id.cmp(&b.client_id));
        out
    }

    /// Disconnects the client `client_id` for an administrative action (MQTT 5.0: DISCONNECT
    /// 0x98); its session stays. Returns whether it was connected.
    pub fn kick(&self, client_id: &str) -> bool {
        let session = self.sessions.lock().get(client_id).cloned();
        session.is_some_and(|s| {
            s.lock().connection_mut().is_some_and(|a| {
                a.control
                    .send(Control::Disconnect(DisconnectReason::Administrative))
            })
        })
    }

    /// Ends the session of `client_id`, disconnecting its client first if connected. Returns
    /// whether a session existed.
    pub fn delete_session(&self, client_id: &str) -> bool {
        let Some(session) = self.sessions.lock().get(client_id).cloned() else {
            return false;
        };
        if let Some(a) = session.lock().connection_mut() {
            a.control
                .send(Control::Disconnect(DisconnectReason::Administrative));
        }
        self.end_session(&session);
        true
    }

    /// Whether `password` matches the stored `hash`, checked on the blocking pool with at most
    /// [`Broker::password_checks`] at once. A stored user whose hash is of an earlier scheme
    /// (PBKDF2), or who has no SCRAM-SHA-256 credential yet, gets them written in the
    /// background once the password verified ([`Broker::rehash`]).
    pub async fn verify_password(
        self: &Arc<Self>,
        username: Option<&str>,
        password: bytes::Bytes,
        hash: String,
    ) -> bool {
        let Ok(_permit) = self.password_checks.acquire().await else {
            return false;
        };
        let (ok, password, hash) = tokio::task::spawn_blocking(move || {
            let ok = robustmq_common::password::verify(&password, &hash);
            (ok, password, hash)
        })
        .await
        .unwrap_or_default();
        if ok
            && let Some(username) = username
            && (robustmq_common::password::needs_rehash(&hash)
                || self.settings.enable_scram
                    && self
                        .security
                        .user(username)
                        .is_some_and(|u| u.scram.is_none()))
        {
            self.rehash(username.to_owned(), password, hash);
        }
        ok
    }

    /// Rewrites the stored credentials of `username` from the `password` that just matched
    /// `old`: an argon2id hash where `old` is of an earlier scheme, and a SCRAM-SHA-256
    /// credential. Nothing is written if the user changed meanwhile (its hash is no longer
    /// `old`).
    fn rehash(self: &Arc<Self>, username: String, password: bytes::Bytes, old: String) {
        let broker = Arc::clone(self);
        tokio::spawn(async move {
            let derived = {
                let Ok(_permit) = broker.password_checks.acquire().await else {
                    return;
                };
                let old = old.clone();
                let with_scram = broker.settings.enable_scram;
                tokio::task::spawn_blocking(move || {
                    let hash = if robustmq_common::password::needs_rehash(&old) {
                        robustmq_common::password::hash(&password).map_err(|e| e.to_string())?
                    } else {
                        old
                    };
                    let scram = if with_scram {
                        let credential = robustmq_common::scram::Credential::derive(&password)
                            .map_err(|e| e.to_string())?;
                        Some(credential.encode())
                    } else {
                        None
                    };
                    Ok::<_, String>((hash, scram))
                })
                .await
            };
            let (hash, scram) = match derived {
                Ok(Ok(derived)) => derived,
                Ok(Err(e)) => return warn!(%username, error = %e, "cannot rehash a password"),
                Err(e) => return warn!(%username, error = %e, "cannot rehash a password"),
            };
            // Read from meta, not from this node's copy, just before the write: an operator
            // who changed the user meanwhile (password, superuser, deletion) wins. The window
            // left is the meta round trip; meta has no compare-and-set for records yet.
            let current = match broker.meta.user_get(&username).await {
                Ok(current) => current,
                Err(e) => return warn!(%username, error = %e, "cannot rehash a password"),
            };
            let Some(mut user) = current.filter(|u| u.password_hash == old) else {
                return;
            };
            user.password_hash = hash;
            if scram.is_some() {
                user.scram = scram;
            }
            match broker.meta.user_put(&user).await {
                Ok(()) => debug!(%username, "stored credentials rewritten (argon2id, SCRAM)"),
                Err(e) => warn!(%username, error = %e, "could not store rewritten credentials"),
            }
        });
    }

    /// Counts a connect of `client_id` for flapping detection. Returns true when it is one too
    /// many: the client id is then banned for `mqtt.flapping_ban_secs`, on this node at once
    /// and through meta on every node (the record is written in the background; a failure is
    /// logged, and this node's ban holds regardless), and this connect is to be refused as
    /// banned.
    pub fn flapping(&self, client_id: &str) -> bool {
        let now = crate::core::message::unix_ms();
        if !self.flapping.connect(client_id, now) {
            return false;
        }
        let policy = self.flapping.policy();
        let ban = BanRecord {
            kind: BanKind::ClientId,
            value: client_id.to_owned(),
            reason: format!(
                "{FLAPPING_REASON} more than {} connects in {} s",
                policy.max_connects,
                policy.window_ms / 1000
            ),
            created_ms: now,
            until_ms: Some(now.saturating_add(policy.ban_ms)),
        };
        warn!(client_id, until_ms = ?ban.until_ms, "client id banned for flapping");
        self.metrics.flapping_bans.inc();
        self.security.put_ban(ban.clone());
        let meta = Arc::clone(&self.meta);
        tokio::spawn(async move {
            if let Err(e) = meta.ban_put(&ban).await {
                warn!(client_id = %ban.value, error = %e, "could not record a flapping ban in meta");
            }
        });
        true
    }

    /// Deletes from meta the flapping bans that lapsed, so that client ids banned once do not
    /// stay in the blacklist forever. Any node may do it; deleting twice is harmless.
    fn sweep_flapping_bans(&self, now_ms: i64) {
        let lapsed = self.security.lapsed_flapping_bans(now_ms);
        if lapsed.is_empty() {
            return;
        }
        let meta = Arc::clone(&self.meta);
        tokio::spawn(async move {
            for client_id in lapsed {
                if let Err(e) = meta.ban_delete(BanKind::ClientId, &client_id).await {
                    warn!(%client_id, error = %e, "could not delete a lapsed flapping ban");
                }
            }
        });
    }

    /// Disconnects (administrative action) every connected client the blacklist now names;
    /// returns how many.
    pub fn kick_banned(&self) -> usize {
        let now = crate::core::message::unix_ms();
        let sessions: Vec<Arc<Session>> = self.sessions.lock().values().cloned().collect();
        let mut kicked = 0;
        for s in sessions {
            let mut st = s.lock();
            if let Some(a) = st.connection_mut()
                && self.security.is_banned(
                    &s.client_id,
                    a.info.username.as_deref(),
                    a.info.peer.ip(),
                    now,
                )
                && a.control
                    .send(Control::Disconnect(DisconnectReason::Administrative))
            {
                kicked += 1;
            }
        }
        kicked
    }
}

/// A broker on a memory meta and a fresh engine directory, for unit tests; keep the directory
/// alive as long as the broker.
#[cfg(test)]
pub(crate) async fn test_broker() -> (tempfile::TempDir, Arc<Broker>) {
    test_broker_with(Settings::default()).await
}

/// [`test_broker`] with `settings`.
#[cfg(test)]
pub(crate) async fn test_broker_with(settings: Settings) -> (tempfile::TempDir, Arc<Broker>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let registry = prometheus::Registry::new();
    let store = robustmq_engine::ShardRegistry::open(
        dir.path(),
        robustmq_engine::EngineMetrics::new(&registry).expect("metrics"),
        1,
    )
    .expect("engine");
    let broker = Broker::start(
        settings,
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
    use super::*;
    use crate::core::lifecycle::SessionStart;
    use crate::core::security::Identity;
    use crate::core::session::{Attachment, ControlHandle};

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
                protocol: crate::core::session::ClientProtocol::Mqtt5,
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
        let (session, _) = broker.attach(
            "ka",
            SessionStart::Clean,
            0,
            Identity::anonymous(Arc::from("ka")),
            a,
        );
        let (b, mut never_rx) = attachment(2, 0);
        broker.attach(
            "no-ka",
            SessionStart::Clean,
            0,
            Identity::anonymous(Arc::from("no-ka")),
            b,
        );
        session.touch(1_000);
        assert_eq!(broker.sweep_keepalive(1_000 + 15_000), 0);
        assert!(rx.try_recv().is_err());
        assert_eq!(broker.sweep_keepalive(1_000 + 15_001), 1);
        assert_eq!(
            rx.try_recv().expect("told"),
            Control::Disconnect(DisconnectReason::KeepAliveTimeout)
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
        let (session, _) = broker.attach(
            "periodic",
            SessionStart::Clean,
            0,
            Identity::anonymous(Arc::from("periodic")),
            a,
        );
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
        broker.attach(
            "late",
            SessionStart::Clean,
            0,
            Identity::anonymous(Arc::from("late")),
            a,
        );
        assert_eq!(rx.try_recv().expect("told"), Control::Shutdown);
    }
}
