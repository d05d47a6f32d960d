//! Publishing and subscribing: a message is stored, kept as retained, and routed to the
//! sessions whose subscriptions match it; a subscription enters the tree and gets the retained
//! messages it asks for.

use std::sync::Arc;

use robustmq_engine::Batch;
use robustmq_meta_client::MetaClient;
use tracing::warn;

use crate::core::autosub;
use crate::core::broker::Broker;
use crate::core::error::Result;
use crate::core::message::{Delivery, Message, QoS};
use crate::core::router::{FilterSpec, Subscriber, SubscriptionTree};
use crate::core::security::{Access, Identity, Standing};
use crate::core::session::{RetainHandling, Session, StoredSubscription, SubscriptionOptions};
use crate::core::storage::Appended;

/// The outcome of [`Broker::try_publish_now`].
pub enum PublishNow {
    /// Published, or failed as [`Broker::publish`] fails (a storage error: nothing was routed).
    Done(Result<()>),
    /// Not started: publishing this message has to wait; await [`Broker::publish`] with it.
    MustWait(Message),
}

/// The outcome of subscribing to one filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubscribeOutcome {
    /// Subscribed at this QoS.
    Granted(QoS),
    /// The filter is not a valid (shared) topic filter.
    InvalidFilter,
    /// `mqtt.acl_deny` or the ACL rules forbid every topic it matches.
    Denied,
    /// The session holds `mqtt.max_subscriptions_per_client` subscriptions and this filter
    /// would be a new one.
    QuotaExceeded,
    /// An `$exclusive/` filter another client's session holds (MQTT answers Quota exceeded).
    ExclusiveHeld,
}

impl Broker {
    /// Stores, retains and routes a message. Returns once the message is as durable as its
    /// topic's shard promises, and a retained message is in meta, so the caller may acknowledge
    /// it. `$` topics are not stored.
    ///
    /// The message goes to the shard [`crate::core::storage::StorageAdapter::place`] names for its topic.
    ///
    /// # Errors
    /// [`crate::core::BrokerError::Storage`]: nothing was routed.
    /// [`crate::core::BrokerError::Meta`]: the retained copy
    /// did not reach meta; the message was stored and routed, and is retained on this node until
    /// a restart.
    pub async fn publish(&self, message: Message) -> Result<()> {
        let appended = if message.topic.starts_with('$') {
            None
        } else {
            let placement = self.storage.place(&message.topic);
            let batch = Batch::Records(vec![message.to_record()]);
            Some(self.storage.append_at(&placement, batch).await?)
        };
        let (message, retained) = self.deliver(message, appended);
        if retained && !message.topic.starts_with('$') {
            let value = if message.value.is_empty() {
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
            let placement = self.storage.place(&message.topic);
            let batch = Batch::Records(vec![message.to_record()]);
            match self.storage.try_append_now_at(&placement, batch) {
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
    /// its cursors cannot see the append without the delivery. Returns the message and whether
    /// its retained copy was kept (not when `mqtt.max_retained_*` refused it: it is routed
    /// all the same, and counted).
    fn deliver(&self, mut message: Message, appended: Option<Appended>) -> (Arc<Message>, bool) {
        if let Some(a) = &appended {
            message.stored = Some((Arc::clone(&a.shard), a.offset));
            self.activity.count(
                &message.topic,
                message.value.len() as u64,
                message.timestamp,
            );
        }
        let message = Arc::new(message);
        let mut retained = false;
        if message.retain && self.settings.retain_available {
            match self.retained.retain(Arc::clone(&message)) {
                Some(held) => {
                    retained = true;
                    self.metrics.retained.set(held as i64);
                }
                None => self
                    .metrics
                    .dropped
                    .with_label_values(&["retained_quota"])
                    .inc(),
            }
        }
        self.route(&message);
        drop(appended);
        (message, retained)
    }

    /// Routes messages another protocol has already stored (a Kafka batch appended whole),
    /// each with its `stored` place set, while `appended` still holds the append's fence, so a
    /// session recording its cursors sees all of them delivered or none. Not retained.
    pub fn route_stored(&self, messages: Vec<Message>, appended: Appended) {
        for message in messages {
            if !message.topic.starts_with('$') {
                self.activity.count(
                    &message.topic,
                    message.value.len() as u64,
                    message.timestamp,
                );
            }
            self.route(&Arc::new(message));
        }
        drop(appended);
    }

    /// Whether any subscription's filter matches `topic`, so a protocol that stores batches
    /// whole (Kafka) decodes one for the subscribers only when there are some.
    pub fn has_subscribers(&self, topic: &str) -> bool {
        self.router.read().matches_any(topic)
    }

    pub(crate) async fn publish_now(&self, message: Message) {
        if let Err(e) = self.publish(message).await {
            warn!(error = %e, "could not publish a will message");
        }
    }

    pub(crate) fn spawn_publish(self: &Arc<Self>, message: Message) {
        let broker = Arc::clone(self);
        tokio::spawn(async move { broker.publish_now(message).await });
    }

    fn route(&self, message: &Arc<Message>) {
        let admits = |s: &Subscriber| {
            let ok = self
                .security
                .admits(&s.session, &s.standing, &message.topic);
            if !ok {
                self.count_unauthorized();
            }
            ok
        };
        let targets = self.router.read().route(message, admits);
        for (session, delivery) in targets {
            session.enqueue(delivery, &self.limits, &self.metrics);
        }
    }

    /// Subscribes `session`, connected as `who`, to the filters of the auto-subscribe rules
    /// ([`crate::core::autosub`]), as SUBSCRIBE does; `v5` tells whether the client speaks
    /// MQTT 5 (earlier versions get a QoS alone). Returns each filter with its outcome; a
    /// refused one is logged and counted, and the connection goes on.
    pub fn auto_subscribe(
        &self,
        session: &Arc<Session>,
        who: &Identity,
        v5: bool,
    ) -> Vec<(String, SubscribeOutcome)> {
        let rules = Arc::clone(&self.auto_subscribe.read());
        let mut out = Vec::new();
        for rule in rules.iter() {
            let Some(filter) =
                autosub::filter_for(rule, &session.client_id, who.username.as_deref())
            else {
                continue;
            };
            let filter = self.rewrite_filter(&filter).into_owned();
            let outcome =
                self.subscribe(session, who, &filter, autosub::options_of(rule, v5), None);
            match outcome {
                SubscribeOutcome::Granted(_) => self.metrics.auto_subscriptions.inc(),
                refused => {
                    warn!(client_id = %session.client_id, filter, outcome = ?refused, "auto-subscription refused");
                    self.metrics.auto_subscriptions_refused.inc();
                }
            }
            out.push((filter, outcome));
        }
        out
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
        // Levels are the tree's depth, so they are counted without `$share/{group}/`; bytes are
        // what is stored, so they are counted with it.
        let fits = |spec: &FilterSpec<'_>| {
            raw.len() <= self.settings.max_topic_length as usize
                && self.settings.topic_fits(spec.filter)
        };
        let Some(spec) = FilterSpec::parse(raw).filter(fits) else {
            return SubscribeOutcome::InvalidFilter;
        };
        if self.security.subscribe_access(who, spec.filter) == Access::Denied {
            return SubscribeOutcome::Denied;
        }
        let held_by_another = |router: &SubscriptionTree| {
            spec.exclusive
                && router
                    .exclusive_holder(spec.filter)
                    .is_some_and(|holder| *holder != session.client_id)
        };
        if held_by_another(&self.router.read()) {
            self.metrics.exclusive_refused.inc();
            return SubscribeOutcome::ExclusiveHeld;
        }
        let standing = Standing::new(spec.filter);
        let options = SubscriptionOptions {
            qos: options.qos.min(self.settings.max_qos),
            ..options
        };
        let had = {
            let mut st = session.lock();
            if st.is_ended() {
                return SubscribeOutcome::Granted(options.qos);
            }
            let had = st.subscriptions().contains_key(raw);
            if !had
                && st.subscriptions().len() >= self.settings.max_subscriptions_per_client as usize
            {
                return SubscribeOutcome::QuotaExceeded;
            }
            st.subscribe(raw.to_owned(), StoredSubscription { options, id });
            had
        };
        let new = {
            let mut router = self.router.write();
            // Another client may have taken the filter since the check above.
            if held_by_another(&router) {
                drop(router);
                if !had {
                    session.lock().unsubscribe(raw);
                }
                self.metrics.exclusive_refused.inc();
                return SubscribeOutcome::ExclusiveHeld;
            }
            let new = router.subscribe(
                &spec,
                Subscriber {
                    session: Arc::clone(session),
                    options,
                    id,
                    standing: Arc::clone(&standing),
                },
            );
            // The session may have ended (a clean-start takeover) after the check above; its
            // end removed what it knew of, so take this entry out again.
            if session.lock().is_ended() {
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
                if !self.security.admits(session, &standing, &message.topic) {
                    self.count_unauthorized();
                    continue;
                }
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

    /// Counts a message the ACL kept from a subscriber at delivery.
    pub(crate) fn count_unauthorized(&self) {
        self.metrics
            .dropped
            .with_label_values(&["not_authorized"])
            .inc();
    }

    /// Removes a subscription of `session`; returns whether it existed.
    pub fn unsubscribe(&self, session: &Arc<Session>, raw: &str) -> bool {
        session.lock().unsubscribe(raw);
        let Some(spec) = FilterSpec::parse(raw) else {
            return false;
        };
        let mut router = self.router.write();
        let existed = router.unsubscribe(&spec, &session.client_id);
        self.metrics.subscriptions.set(router.len() as i64);
        existed
    }
}
