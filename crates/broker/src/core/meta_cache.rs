//! The broker's caches of meta state (topics, retained messages, users, ACL rules, the
//! blacklist, the topic rewrite and auto-subscribe rules), fed by typed watch events: reloaded whenever the watch starts or reports lost
//! events, and changed as each change is applied in meta.

use std::sync::Arc;

use robustmq_meta_client::watch::cached_prefixes;
use robustmq_meta_client::{MetaClient, MetaEvent, SecurityClient};
use tracing::{debug, info, warn};

use crate::core::broker::{Broker, META_RETRY};
use crate::core::message::Message;

impl Broker {
    /// Keeps the caches of meta state fresh: the topics with their own shard, the retained
    /// messages (which other broker nodes may set) and the security records. Watches meta,
    /// reloads them whenever the watch starts or reports lost events, and applies each change as
    /// it is committed.
    pub(crate) async fn watch_loop(self: Arc<Self>) {
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
        if let Err(e) = self.storage.load_topics(self.meta.as_ref()).await {
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
        match meta.rewrite_rules().await {
            Ok(rules) => self.set_rewrite_rules(&rules),
            Err(e) => warn!(error = %e, "could not reload the topic rewrite rules"),
        }
        match meta.auto_subscribe_rules().await {
            Ok(rules) => self.set_auto_subscribe_rules(&rules),
            Err(e) => warn!(error = %e, "could not reload the auto-subscribe rules"),
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
            MetaEvent::TopicPut(topic) => self.storage.put_topic(&topic),
            MetaEvent::TopicDeleted(name) => self.storage.remove_topic(&name),
            // Not cached: the shard store asks meta where a partition lives when it opens it.
            MetaEvent::PlacementPut(..) | MetaEvent::PlacementDeleted(_) => {}
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
            MetaEvent::RewriteRules(rules) => self.set_rewrite_rules(&rules),
            MetaEvent::AutoSubscribeRules(rules) => self.set_auto_subscribe_rules(&rules),
            MetaEvent::Reload => self.reload_caches().await,
            MetaEvent::Undecodable { key, error } => {
                warn!(key, error, "a meta record does not decode");
            }
        }
    }
}
