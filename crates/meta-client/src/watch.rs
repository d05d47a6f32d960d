//! Watching changes: every applied command becomes [`WatchEvent`]s on a node-wide broadcast, so
//! other roles keep caches (topics, retained messages, security records) fresh without polling.
//! In-process watchers subscribe to the broadcast; remote ones use the `Watch` RPC, which streams
//! the same events. [`MetaEvent`] is the typed view of an event, decoded against the key schema
//! in one place.
//!
//! Delivery is at most once and in apply order. A watcher that falls more than
//! [`WATCH_CAPACITY`] events behind, or whose node installs a snapshot, gets
//! [`WatchEvent::Reset`] and must reload what it caches; so must one whose stream ends (it then
//! watches again).

use std::pin::Pin;

use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::wrappers::errors::BroadcastStreamRecvError;
use tokio_stream::{Stream, StreamExt};

use crate::keys;
use crate::records::{
    AclRecord, AutoSubscribeRule, BanKind, BanRecord, RewriteRule, TopicMeta, TopicPlacement,
    UserRecord,
};

/// Events a watcher may fall behind by before it is told to reload.
pub const WATCH_CAPACITY: usize = 4096;

/// One change to a group's state, as applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WatchEvent {
    /// `key` was set to `value`.
    Put {
        /// The group.
        group: String,
        /// The key.
        key: String,
        /// The new value.
        value: Vec<u8>,
    },
    /// `key` was deleted (it may not have existed).
    Delete {
        /// The group.
        group: String,
        /// The key.
        key: String,
    },
    /// Every key under `prefix` was deleted.
    DeletePrefix {
        /// The group.
        group: String,
        /// The prefix.
        prefix: String,
    },
    /// Events were lost, or a snapshot replaced a group's state: reload everything cached.
    Reset,
}

/// A stream of watch events; it ends when the connection to a remote node does.
pub type WatchStream = Pin<Box<dyn Stream<Item = WatchEvent> + Send>>;

impl WatchEvent {
    /// Whether a watcher of `prefixes` wants this event. A prefix deletion is wanted when it
    /// can touch a watched key; a reset always is.
    pub fn matches(&self, prefixes: &[String]) -> bool {
        match self {
            WatchEvent::Put { key, .. } | WatchEvent::Delete { key, .. } => {
                prefixes.iter().any(|p| key.starts_with(p.as_str()))
            }
            WatchEvent::DeletePrefix { prefix, .. } => prefixes
                .iter()
                .any(|p| p.starts_with(prefix.as_str()) || prefix.starts_with(p.as_str())),
            WatchEvent::Reset => true,
        }
    }
}

/// A new node-wide event channel.
pub fn channel() -> broadcast::Sender<WatchEvent> {
    broadcast::channel(WATCH_CAPACITY).0
}

/// The events of `sender` under `prefixes`, with lag turned into [`WatchEvent::Reset`].
pub fn subscribe(sender: &broadcast::Sender<WatchEvent>, prefixes: Vec<String>) -> WatchStream {
    let stream = BroadcastStream::new(sender.subscribe()).filter_map(move |item| match item {
        Ok(event) => event.matches(&prefixes).then_some(event),
        Err(BroadcastStreamRecvError::Lagged(_)) => Some(WatchEvent::Reset),
    });
    Box::pin(stream)
}

/// The prefixes whose changes [`MetaEvent`] types: what a broker caches.
pub fn cached_prefixes() -> Vec<String> {
    [
        keys::TOPIC_PREFIX,
        keys::RETAINED_PREFIX,
        keys::USER_PREFIX,
        keys::ACL_PREFIX,
        keys::BLACKLIST_PREFIX,
        keys::REWRITE_PREFIX,
        keys::AUTO_SUBSCRIBE_PREFIX,
    ]
    .map(str::to_owned)
    .to_vec()
}

/// A change, typed by what its key holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetaEvent {
    /// A topic was created or changed.
    TopicPut(TopicMeta),
    /// A topic was deleted.
    TopicDeleted(String),
    /// The controller placed partitions of a topic (or moved them).
    PlacementPut(String, TopicPlacement),
    /// A topic's placement went with the topic.
    PlacementDeleted(String),
    /// A retained message was set; the value is the broker's encoding.
    RetainedPut {
        /// The topic.
        topic: String,
        /// The encoded message.
        value: Vec<u8>,
    },
    /// A retained message was cleared.
    RetainedDeleted(String),
    /// A user was created or changed.
    UserPut(UserRecord),
    /// A user was deleted.
    UserDeleted(String),
    /// An ACL rule was created or changed.
    AclPut(AclRecord),
    /// An ACL rule was deleted.
    AclDeleted(String),
    /// A blacklist entry was added or changed.
    BanPut(BanRecord),
    /// A blacklist entry was removed.
    BanDeleted(BanKind, String),
    /// The topic rewrite rules were replaced (empty: deleted).
    RewriteRules(Vec<RewriteRule>),
    /// The auto-subscribe rules were replaced (empty: deleted).
    AutoSubscribeRules(Vec<AutoSubscribeRule>),
    /// Anything cached may have changed (a prefix deletion, lost events, a snapshot): reload.
    Reload,
    /// A record under a cached prefix that does not decode; the watcher logs it and goes on.
    Undecodable {
        /// The key.
        key: String,
        /// Why.
        error: String,
    },
}

impl MetaEvent {
    /// The typed view of `event`; `None` for a change to a key nobody caches.
    pub fn from_watch(event: WatchEvent) -> Option<MetaEvent> {
        fn json<T: serde::de::DeserializeOwned>(
            key: &str,
            value: &[u8],
            typed: impl FnOnce(T) -> MetaEvent,
        ) -> MetaEvent {
            match serde_json::from_slice(value) {
                Ok(record) => typed(record),
                Err(e) => MetaEvent::Undecodable {
                    key: key.to_owned(),
                    error: e.to_string(),
                },
            }
        }
        match event {
            WatchEvent::Put { key, value, .. } => {
                if keys::strip(&key, keys::TOPIC_PREFIX).is_some() {
                    Some(json(&key, &value, MetaEvent::TopicPut))
                } else if let Some(name) = keys::strip(&key, keys::PLACEMENT_PREFIX) {
                    let name = name.to_owned();
                    Some(json(&key, &value, |p| MetaEvent::PlacementPut(name, p)))
                } else if let Some(topic) = keys::strip(&key, keys::RETAINED_PREFIX) {
                    Some(MetaEvent::RetainedPut {
                        topic: topic.to_owned(),
                        value,
                    })
                } else if keys::strip(&key, keys::USER_PREFIX).is_some() {
                    Some(json(&key, &value, MetaEvent::UserPut))
                } else if keys::strip(&key, keys::ACL_PREFIX).is_some() {
                    Some(json(&key, &value, MetaEvent::AclPut))
                } else if keys::strip(&key, keys::BLACKLIST_PREFIX).is_some() {
                    Some(json(&key, &value, MetaEvent::BanPut))
                } else if key == keys::REWRITE_RULES {
                    Some(json(&key, &value, MetaEvent::RewriteRules))
                } else if key == keys::AUTO_SUBSCRIBE_RULES {
                    Some(json(&key, &value, MetaEvent::AutoSubscribeRules))
                } else {
                    None
                }
            }
            WatchEvent::Delete { key, .. } => {
                if let Some(name) = keys::strip(&key, keys::TOPIC_PREFIX) {
                    Some(MetaEvent::TopicDeleted(name.to_owned()))
                } else if let Some(name) = keys::strip(&key, keys::PLACEMENT_PREFIX) {
                    Some(MetaEvent::PlacementDeleted(name.to_owned()))
                } else if let Some(topic) = keys::strip(&key, keys::RETAINED_PREFIX) {
                    Some(MetaEvent::RetainedDeleted(topic.to_owned()))
                } else if let Some(name) = keys::strip(&key, keys::USER_PREFIX) {
                    Some(MetaEvent::UserDeleted(name.to_owned()))
                } else if let Some(name) = keys::strip(&key, keys::ACL_PREFIX) {
                    Some(MetaEvent::AclDeleted(name.to_owned()))
                } else if key == keys::REWRITE_RULES {
                    Some(MetaEvent::RewriteRules(Vec::new()))
                } else if key == keys::AUTO_SUBSCRIBE_RULES {
                    Some(MetaEvent::AutoSubscribeRules(Vec::new()))
                } else {
                    keys::parse_ban(&key)
                        .map(|(kind, value)| MetaEvent::BanDeleted(kind, value.to_owned()))
                }
            }
            WatchEvent::DeletePrefix { .. } | WatchEvent::Reset => event
                .matches(&cached_prefixes())
                .then_some(MetaEvent::Reload),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn put(key: &str) -> WatchEvent {
        WatchEvent::Put {
            group: "g".into(),
            key: key.into(),
            value: vec![],
        }
    }

    #[test]
    fn events_match_their_prefixes() {
        let p = vec!["topic/".to_owned(), "retained/".to_owned()];
        assert!(put("topic/a").matches(&p));
        assert!(!put("session/a").matches(&p));
        let wide = WatchEvent::DeletePrefix {
            group: "g".into(),
            prefix: "".into(),
        };
        assert!(wide.matches(&p));
        let narrow = WatchEvent::DeletePrefix {
            group: "g".into(),
            prefix: "topic/x".into(),
        };
        assert!(narrow.matches(&p));
        let other = WatchEvent::DeletePrefix {
            group: "g".into(),
            prefix: "sub/".into(),
        };
        assert!(!other.matches(&p));
    }

    #[tokio::test]
    async fn a_lagging_watcher_is_told_to_reset() {
        let tx = channel();
        let mut stream = subscribe(&tx, vec![String::new()]);
        for i in 0..=WATCH_CAPACITY {
            let _ = tx.send(put(&format!("k{i}")));
        }
        assert_eq!(stream.next().await, Some(WatchEvent::Reset));
    }

    #[test]
    fn events_are_typed_by_their_key() {
        let topic = TopicMeta {
            name: "t".into(),
            partitions: 2,
            storage: "EngineMemory".into(),
            retention_ms: None,
            created_ms: 0,
        };
        let event = WatchEvent::Put {
            group: "metadata".into(),
            key: keys::topic("t"),
            value: serde_json::to_vec(&topic).expect("json"),
        };
        assert_eq!(
            MetaEvent::from_watch(event),
            Some(MetaEvent::TopicPut(topic))
        );
        let delete = |key: String| WatchEvent::Delete {
            group: "metadata".into(),
            key,
        };
        assert_eq!(
            MetaEvent::from_watch(delete(keys::ban(BanKind::Username, "u"))),
            Some(MetaEvent::BanDeleted(BanKind::Username, "u".into()))
        );
        assert_eq!(
            MetaEvent::from_watch(delete(keys::retained("a/b"))),
            Some(MetaEvent::RetainedDeleted("a/b".into()))
        );
        assert_eq!(MetaEvent::from_watch(delete(keys::session("c"))), None);
        let rules = vec![RewriteRule {
            action: crate::RewriteAction::Publish,
            source: "a/+".into(),
            regex: "^a/(.+)$".into(),
            dest: "b/$1".into(),
        }];
        let set = WatchEvent::Put {
            group: "metadata".into(),
            key: keys::REWRITE_RULES.into(),
            value: serde_json::to_vec(&rules).expect("json"),
        };
        assert_eq!(
            MetaEvent::from_watch(set),
            Some(MetaEvent::RewriteRules(rules))
        );
        assert_eq!(
            MetaEvent::from_watch(delete(keys::REWRITE_RULES.into())),
            Some(MetaEvent::RewriteRules(Vec::new()))
        );
        let auto = vec![AutoSubscribeRule {
            filter: "cmd/${clientid}".into(),
            qos: 1,
            no_local: false,
            retain_as_published: false,
            retain_handling: 0,
        }];
        let set = WatchEvent::Put {
            group: "metadata".into(),
            key: keys::AUTO_SUBSCRIBE_RULES.into(),
            value: serde_json::to_vec(&auto).expect("json"),
        };
        assert_eq!(
            MetaEvent::from_watch(set),
            Some(MetaEvent::AutoSubscribeRules(auto))
        );
        assert!(matches!(
            MetaEvent::from_watch(put(&keys::user("u"))),
            Some(MetaEvent::Undecodable { .. })
        ));
        let wipe = WatchEvent::DeletePrefix {
            group: "data-0".into(),
            prefix: keys::RETAINED_PREFIX.into(),
        };
        assert_eq!(MetaEvent::from_watch(wipe), Some(MetaEvent::Reload));
        assert_eq!(
            MetaEvent::from_watch(WatchEvent::Reset),
            Some(MetaEvent::Reload)
        );
    }
}
