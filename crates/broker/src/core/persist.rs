//! Persistent sessions across broker restarts.
//!
//! A session with a non-zero expiry is recorded in meta under `session/{client_id}` (the `data`
//! group the client id hashes to): its expiry, when it disconnected, its subscriptions, the
//! packet ids of incoming QoS 2 exchanges awaiting PUBREL, and per shard the offset it has
//! received up to. Messages are not copied into Raft: after a restart the broker reads them back
//! from the shards, from those offsets, keeping the ones the session's subscriptions match.
//!
//! The record is written when the session subscribes or unsubscribes and when its connection
//! ends. After a graceful restart the replay delivers exactly what the session was owed; after a
//! crash while it was connected, the offsets are those of its last write, so messages already
//! delivered may come again (at least once), never fewer.
//!
//! A SUBSCRIBE or UNSUBSCRIBE is acknowledged once it is routed, before its record is written:
//! the write goes to [`crate::core::write_behind::PersistQueue`], and one task per node writes
//! the queued sessions, many at once, so that meta packs them into few Raft entries, and a
//! session changed several times while a round runs is written once, in the next. The trade, as
//! Mosquitto's periodic save makes it too: a crash before the write lands (the 50 ms the task
//! lets changes gather, then one meta write; longer while meta has no leader, when failed writes
//! are retried every second) loses that change, and the client finds its session without it
//! after reconnecting. A graceful shutdown loses nothing, since each connection's close writes
//! its session's record and waits for it.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use robustmq_meta_client::{MetaClient, MetaError};
use serde::{Deserialize, Serialize};
use tracing::{info, warn};

use crate::core::broker::Broker;
use crate::core::error::Result;
use crate::core::message::{Delivery, Message, QoS, unix_ms};
use crate::core::router::{FilterSpec, Subscriber};
use crate::core::security::Standing;
use crate::core::session::{RetainHandling, Session, StoredSubscription, SubscriptionOptions};
use crate::core::write_behind::{PERSIST_DELAY, PERSIST_RETRY, PERSIST_ROUND};

/// What meta holds for one persistent session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRecord {
    /// Session Expiry Interval, seconds; `u32::MAX` never expires.
    pub expiry_interval: u32,
    /// When the last connection ended (Unix ms); `None` while connected.
    pub disconnected_ms: Option<i64>,
    /// Subscriptions.
    pub subscriptions: Vec<SubscriptionRecord>,
    /// Next offset owed to the session, per shard.
    pub cursors: BTreeMap<String, u64>,
    /// Ids of incoming exactly-once messages awaiting release (MQTT: QoS 2 packet ids awaiting
    /// PUBREL).
    pub incoming_qos2: Vec<u16>,
    /// The username of the session's last connection, which the ACL checks deliveries
    /// against until the client connects again. Absent in records of earlier versions: such a
    /// session is anonymous until then.
    #[serde(default)]
    pub username: Option<String>,
    /// Whether that username was verified (a stored user's password or SCRAM, or a token).
    #[serde(default)]
    pub verified: bool,
    /// Whether it was verified against the user store (not by a token). Absent in records
    /// written before tokens existed, whose verified usernames were all stored users'.
    #[serde(default = "stored_by_default")]
    pub stored: bool,
}

fn stored_by_default() -> bool {
    true
}

/// One subscription in a [`SessionRecord`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionRecord {
    /// Filter as the client sent it.
    pub filter: String,
    /// Granted QoS.
    pub qos: u8,
    /// No Local.
    pub no_local: bool,
    /// Retain As Published.
    pub retain_as_published: bool,
    /// Retain Handling (0, 1 or 2).
    pub retain_handling: u8,
    /// Subscription Identifier.
    pub id: Option<u32>,
}

impl SubscriptionRecord {
    fn from_stored(filter: &str, s: &StoredSubscription) -> Self {
        SubscriptionRecord {
            filter: filter.to_owned(),
            qos: s.options.qos as u8,
            no_local: s.options.no_local,
            retain_as_published: s.options.retain_as_published,
            retain_handling: s.options.retain_handling as u8,
            id: s.id,
        }
    }

    fn to_stored(&self) -> StoredSubscription {
        StoredSubscription {
            options: SubscriptionOptions {
                qos: QoS::from_u8(self.qos).unwrap_or_default(),
                no_local: self.no_local,
                retain_as_published: self.retain_as_published,
                retain_handling: match self.retain_handling {
                    1 => RetainHandling::SendAtSubscribeIfNew,
                    2 => RetainHandling::DoNotSend,
                    _ => RetainHandling::SendAtSubscribe,
                },
            },
            id: self.id,
        }
    }
}

impl Broker {
    /// Writes the record of `session` to meta, if it is persistent. `disconnected` stamps the
    /// time its connection ended, from which its expiry counts after a restart.
    ///
    /// # Errors
    /// [`crate::core::BrokerError::Storage`] or [`crate::core::BrokerError::Meta`].
    pub async fn persist_session(&self, session: &Arc<Session>, disconnected: bool) -> Result<()> {
        let _serial = self.persist_locks.of(&session.client_id).lock().await;
        self.write_record(session, disconnected).await
    }

    /// The write of [`Self::persist_loop`]: as [`Self::persist_session`] while the session is
    /// connected. A detached session is skipped: the close that detached it writes its record,
    /// stamped with the time it ended, and a queued write must not replace that record.
    async fn persist_queued(&self, session: &Arc<Session>) -> Result<()> {
        let _serial = self.persist_locks.of(&session.client_id).lock().await;
        if session.lock().connection().is_none() {
            return Ok(());
        }
        self.write_record(session, false).await
    }

    /// Writes the record of `session`; the caller holds its write lock.
    async fn write_record(&self, session: &Arc<Session>, disconnected: bool) -> Result<()> {
        let filters: Vec<String> = {
            let st = session.lock();
            if st.is_ended() || st.expiry_interval() == 0 {
                return Ok(());
            }
            st.subscriptions()
                .keys()
                .filter_map(|f| {
                    FilterSpec::parse(f)
                        .filter(|f| f.group.is_none())
                        .map(|f| f.filter.to_owned())
                })
                .collect()
        };
        // The shard ends are read before the session is looked at: every message below them was
        // appended earlier, and `Broker::publish` routes right after appending, so it is either
        // delivered or in the queue or inflight snapshot taken next.
        let mut cursors: BTreeMap<String, u64> = self.storage.cursors(&filters).await?;
        let (expiry_interval, subscriptions, incoming_qos2) = {
            let st = session.lock();
            if st.is_ended() {
                return Ok(());
            }
            let pending = st.queue().chain(st.inflight().map(|(_, o)| &o.delivery));
            for (shard, offset) in pending.filter_map(|d| d.message.stored.as_ref()) {
                let entry = cursors.entry(shard.to_string()).or_insert(*offset);
                *entry = (*entry).min(*offset);
            }
            let subscriptions: Vec<SubscriptionRecord> = st
                .subscriptions()
                .iter()
                .map(|(f, s)| SubscriptionRecord::from_stored(f, s))
                .collect();
            (
                st.expiry_interval(),
                subscriptions,
                st.awaiting_release_ids(),
            )
        };
        let identity = session.identity();
        let record = SessionRecord {
            expiry_interval,
            disconnected_ms: disconnected.then(unix_ms),
            subscriptions,
            cursors,
            incoming_qos2,
            username: identity.username.clone(),
            verified: identity.verified,
            stored: identity.stored,
        };
        let value = serde_json::to_vec(&record).map_err(MetaError::codec)?;
        self.meta.session_put(&session.client_id, value).await?;
        if session.lock().is_ended() {
            // Ended while the record was written: the delete may have run first.
            self.meta.session_delete(&session.client_id).await?;
        }
        Ok(())
    }

    /// Queues the record of `session` for [`Self::persist_loop`], if it is persistent; returns
    /// at once. See the module documentation for the trade.
    pub fn persist_later(&self, session: &Arc<Session>) {
        if session.lock().expiry_interval() == 0 {
            return;
        }
        self.persist_queue.push(session);
    }

    /// The node's one write-behind task: once something is queued, waits [`PERSIST_DELAY`] for
    /// more, then takes the queued sessions and writes their records, up to [`PERSIST_ROUND`] at
    /// once, then the next round. A write that fails (meta unreachable, an election) puts its
    /// session back in the queue, and the next round waits [`PERSIST_RETRY`] first. Stops on
    /// shutdown; each connection's close writes its own session then.
    pub(crate) async fn persist_loop(self: Arc<Self>) {
        loop {
            tokio::select! {
                () = self.persist_queue.queued() => {}
                () = self.shutdown.wait() => return,
            }
            tokio::select! {
                () = tokio::time::sleep(PERSIST_DELAY) => {}
                () = self.shutdown.wait() => return,
            }
            loop {
                let round = self.persist_queue.take(PERSIST_ROUND);
                if round.is_empty() {
                    break;
                }
                let broker = &*self;
                let writes = round.iter().map(|session| async move {
                    let result = broker.persist_queued(session).await;
                    if let Err(e) = &result {
                        warn!(client_id = %session.client_id, error = %e, "could not persist the session; will retry");
                    }
                    result.is_err()
                });
                let failed: Vec<bool> = futures_util::future::join_all(writes).await;
                let mut retry = false;
                for (session, failed) in round.iter().zip(failed) {
                    if failed {
                        self.persist_queue.push_back(session);
                        retry = true;
                    }
                }
                if retry {
                    tokio::select! {
                        () = tokio::time::sleep(PERSIST_RETRY) => {}
                        () = self.shutdown.wait() => return,
                    }
                }
            }
        }
    }

    /// Deletes the record of an ended session, in the background.
    pub(crate) fn forget_session(&self, client_id: Arc<str>) {
        let meta = Arc::clone(&self.meta);
        tokio::spawn(async move {
            if let Err(e) = meta.session_delete(&client_id).await {
                warn!(%client_id, error = %e, "could not delete the record of an ended session");
            }
        });
    }

    /// Recreates the persistent sessions recorded in meta, detached, with their subscriptions,
    /// and queues what each is owed by replaying the shards from its cursors. Runs before the
    /// listeners open, or, when meta did not answer at startup, once it does; then a session a
    /// client already opened wins over its record.
    ///
    /// # Errors
    /// [`crate::core::BrokerError::Meta`] when the records cannot be listed.
    pub(crate) async fn load_sessions(self: &Arc<Self>) -> Result<()> {
        let now = unix_ms();
        let mut loaded = 0usize;
        let mut replayed = 0usize;
        for (client_id, value) in self.meta.session_list().await? {
            if self.sessions.lock().contains_key(client_id.as_str()) {
                // A client connected before meta answered; its live session wins.
                continue;
            }
            let client_id: Arc<str> = Arc::from(client_id);
            let record: SessionRecord = match serde_json::from_slice(&value) {
                Ok(r) => r,
                Err(e) => {
                    warn!(%client_id, error = %e, "skipping a session record that does not decode");
                    continue;
                }
            };
            let left_ms = if record.expiry_interval == u32::MAX {
                None
            } else {
                let since = now - record.disconnected_ms.unwrap_or(now);
                Some(i64::from(record.expiry_interval) * 1000 - since)
            };
            if left_ms.is_some_and(|ms| ms <= 0) {
                self.forget_session(client_id);
                continue;
            }
            let session = Session::new(Arc::clone(&client_id), record.expiry_interval);
            session.set_identity(self.security.restored_identity(
                Arc::clone(&client_id),
                record.username.clone(),
                record.verified,
                record.stored,
            ));
            session.lock().restore(
                record
                    .subscriptions
                    .iter()
                    .map(|s| (s.filter.clone(), s.to_stored())),
                record.incoming_qos2.iter().copied(),
            );
            replayed += self.replay_into(&session, &record).await;
            {
                // Only now does the session become visible, and only if no client took the id
                // meanwhile (meta answered late and a client connected first).
                let mut sessions = self.sessions.lock();
                if sessions.contains_key(&client_id) {
                    continue;
                }
                sessions.insert(Arc::clone(&client_id), Arc::clone(&session));
                self.metrics.sessions.set(sessions.len() as i64);
            }
            {
                let mut router = self.router.write();
                for s in &record.subscriptions {
                    if let Some(spec) = FilterSpec::parse(&s.filter) {
                        // A client that connected before this restore holds the exclusive
                        // filter: the restored session gives it up rather than keep a
                        // subscription that would never deliver.
                        if spec.exclusive
                            && router
                                .exclusive_holder(spec.filter)
                                .is_some_and(|holder| *holder != session.client_id)
                        {
                            warn!(
                                client_id = %session.client_id,
                                filter = %s.filter,
                                "a restored session loses an exclusive subscription another client holds"
                            );
                            session.lock().unsubscribe(&s.filter);
                            continue;
                        }
                        let stored = s.to_stored();
                        router.subscribe(
                            &spec,
                            Subscriber {
                                session: Arc::clone(&session),
                                options: stored.options,
                                id: stored.id,
                                standing: Standing::new(spec.filter),
                            },
                        );
                    }
                }
                self.metrics.subscriptions.set(router.len() as i64);
            }
            if let Some(ms) = left_ms {
                self.arm_expiry(
                    &session,
                    0,
                    Duration::from_millis(u64::try_from(ms).unwrap_or(0)),
                );
            }
            loaded += 1;
        }
        if loaded > 0 {
            info!(
                sessions = loaded,
                messages = replayed,
                "persistent sessions restored"
            );
        }
        self.load_wills().await
    }

    /// Reschedules the delayed wills recorded in meta: at their time if their session was
    /// restored, and now if it ended while the broker was down (a will is due at the latest when
    /// its session ends).
    async fn load_wills(self: &Arc<Self>) -> Result<()> {
        let now = unix_ms();
        for (client_id, value) in self.meta.will_list().await? {
            let client_id: Arc<str> = Arc::from(client_id);
            let decoded = value
                .get(..8)
                .and_then(|b| <[u8; 8]>::try_from(b).ok())
                .map(i64::from_be_bytes)
                .zip(Message::decode(&value[8.min(value.len())..]));
            let Some((publish_at, message)) = decoded else {
                warn!(%client_id, "dropping a will record that does not decode");
                self.forget_will(client_id);
                continue;
            };
            let after = Duration::from_millis(u64::try_from(publish_at - now).unwrap_or(0));
            let session = self.sessions.lock().get(&client_id).cloned();
            match session {
                Some(session) => {
                    let generation = session.lock().generation();
                    self.schedule_will(&session, generation, message, after, false);
                }
                None => {
                    self.spawn_publish(message);
                    self.forget_will(client_id);
                }
            }
        }
        Ok(())
    }

    /// Queues for `session` the messages its record says it is owed. Returns how many.
    async fn replay_into(&self, session: &Arc<Session>, record: &SessionRecord) -> usize {
        let plain: Vec<(String, StoredSubscription)> = record
            .subscriptions
            .iter()
            .filter_map(|s| {
                FilterSpec::parse(&s.filter)
                    .filter(|f| f.group.is_none())
                    .map(|f| (f.filter.to_owned(), s.to_stored()))
            })
            .collect();
        if plain.is_empty() {
            return 0;
        }
        let limit = usize::try_from(self.limits.max_messages).unwrap_or(usize::MAX);
        let identity = self.security.effective(&session.identity());
        let mut count = 0;
        for (shard, from) in &record.cursors {
            let until = match self.storage.shard_latest(shard).await {
                Ok(u) => u,
                Err(e) => {
                    warn!(client_id = %session.client_id, shard, error = %e, "cannot replay a shard for a restored session");
                    continue;
                }
            };
            let matches = |topic: &str| {
                plain
                    .iter()
                    .any(|(f, _)| robustmq_common::topic::matches(f, topic))
                    && self.security.may_read(&identity, topic)
            };
            let messages = match self
                .storage
                .replay(shard, *from, until, limit, matches)
                .await
            {
                Ok(m) => m,
                Err(e) => {
                    warn!(client_id = %session.client_id, shard, error = %e, "cannot replay a shard for a restored session");
                    continue;
                }
            };
            let shard_name: Arc<str> = Arc::from(shard.as_str());
            for (offset, mut message) in messages {
                let mut qos = QoS::AtMostOnce;
                let mut ids = Vec::new();
                for (f, s) in &plain {
                    if robustmq_common::topic::matches(f, &message.topic) {
                        qos = qos.max(s.options.qos);
                        if let Some(id) = s.id
                            && !ids.contains(&id)
                        {
                            ids.push(id);
                        }
                    }
                }
                let qos = qos.min(message.qos);
                if qos == QoS::AtMostOnce {
                    continue;
                }
                message.stored = Some((Arc::clone(&shard_name), offset));
                let delivery = Delivery {
                    message: Arc::new(message),
                    qos,
                    retain: false,
                    subscription_ids: ids,
                    shared: None,
                };
                if session.enqueue(delivery, &self.limits, &self.metrics) {
                    count += 1;
                }
            }
        }
        count
    }
}
