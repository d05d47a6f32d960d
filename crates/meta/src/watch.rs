//! Watching changes: every applied command becomes [`WatchEvent`]s on a node-wide broadcast, so
//! other roles keep caches (topics with their own shard, retained messages) fresh without
//! polling. In-process watchers subscribe to the broadcast; remote ones use the `Watch` RPC,
//! which streams the same events.
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

use crate::types::Command;

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

/// The events `command` produces when applied to `group`.
pub(crate) fn events_of(group: &str, command: &Command, out: &mut Vec<WatchEvent>) {
    match command {
        Command::Set { key, value } => out.push(WatchEvent::Put {
            group: group.to_owned(),
            key: key.clone(),
            value: value.clone(),
        }),
        Command::SetMany(pairs) => out.extend(pairs.iter().map(|(key, value)| WatchEvent::Put {
            group: group.to_owned(),
            key: key.clone(),
            value: value.clone(),
        })),
        Command::Delete { key } => out.push(WatchEvent::Delete {
            group: group.to_owned(),
            key: key.clone(),
        }),
        Command::DeletePrefix { prefix } => out.push(WatchEvent::DeletePrefix {
            group: group.to_owned(),
            prefix: prefix.clone(),
        }),
        Command::Batch(commands) => {
            for c in commands {
                events_of(group, c, out);
            }
        }
    }
}

/// A new node-wide event channel.
pub(crate) fn channel() -> broadcast::Sender<WatchEvent> {
    broadcast::channel(WATCH_CAPACITY).0
}

/// The events of `sender` under `prefixes`, with lag turned into [`WatchEvent::Reset`].
pub(crate) fn subscribe(
    sender: &broadcast::Sender<WatchEvent>,
    prefixes: Vec<String>,
) -> WatchStream {
    let stream = BroadcastStream::new(sender.subscribe()).filter_map(move |item| match item {
        Ok(event) => event.matches(&prefixes).then_some(event),
        Err(BroadcastStreamRecvError::Lagged(_)) => Some(WatchEvent::Reset),
    });
    Box::pin(stream)
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
}
