//! Which topics carry traffic: per topic name, the messages and bytes published through this
//! node since it started, and when the last one came, for `robustmqctl topic list` and the
//! dashboard. A topic without a record of its own has no shard of its own to count in, so this
//! is where its traffic shows.
//!
//! The table is bounded: it tracks at most [`MAX_TRACKED_TOPICS`] names. A publish to a name it
//! does not track, while it is full, is not tracked (the hot path never takes the write lock
//! then); [`TopicActivity::prune`], run periodically, makes room by forgetting the names idle
//! the longest. So a fleet of a million device topics costs the same memory as ten thousand.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

use parking_lot::RwLock;

/// Most topic names tracked at once.
pub const MAX_TRACKED_TOPICS: usize = 10_000;
/// A prune of a table fuller than this share of [`MAX_TRACKED_TOPICS`] frees room down to
/// [`PRUNE_TO_PERCENT`].
const PRUNE_ABOVE_PERCENT: usize = 90;
/// What a prune leaves, in percent of [`MAX_TRACKED_TOPICS`].
const PRUNE_TO_PERCENT: usize = 75;

#[derive(Debug, Default)]
struct Counters {
    messages: AtomicU64,
    bytes: AtomicU64,
    last_ms: AtomicI64,
}

/// One topic's traffic through this node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicTraffic {
    /// The topic name.
    pub topic: String,
    /// Messages published to it since it was first tracked.
    pub messages: u64,
    /// Value bytes of those messages.
    pub bytes: u64,
    /// When the last one came, Unix milliseconds.
    pub last_ms: i64,
}

/// The table (see the module docs).
#[derive(Debug)]
pub struct TopicActivity {
    topics: RwLock<HashMap<Arc<str>, Counters>>,
    capacity: usize,
}

impl Default for TopicActivity {
    fn default() -> Self {
        TopicActivity::with_capacity(MAX_TRACKED_TOPICS)
    }
}

impl TopicActivity {
    /// A table tracking at most `capacity` names.
    pub fn with_capacity(capacity: usize) -> TopicActivity {
        TopicActivity {
            topics: RwLock::new(HashMap::new()),
            capacity,
        }
    }

    /// Counts a message of `bytes` value bytes published to `topic` at `now_ms`.
    pub fn count(&self, topic: &str, bytes: u64, now_ms: i64) {
        let add = |c: &Counters| {
            c.messages.fetch_add(1, Ordering::Relaxed);
            c.bytes.fetch_add(bytes, Ordering::Relaxed);
            c.last_ms.fetch_max(now_ms, Ordering::Relaxed);
        };
        {
            // The common case, under the read lock only: the topic is tracked.
            let topics = self.topics.read();
            if let Some(counters) = topics.get(topic) {
                add(counters);
                return;
            }
            if topics.len() >= self.capacity {
                return;
            }
        }
        let mut topics = self.topics.write();
        if topics.len() >= self.capacity && !topics.contains_key(topic) {
            return;
        }
        add(topics.entry(Arc::from(topic)).or_default());
    }

    /// Every tracked topic, by name.
    pub fn snapshot(&self) -> Vec<TopicTraffic> {
        let mut out: Vec<TopicTraffic> = self
            .topics
            .read()
            .iter()
            .map(|(topic, c)| TopicTraffic {
                topic: topic.to_string(),
                messages: c.messages.load(Ordering::Relaxed),
                bytes: c.bytes.load(Ordering::Relaxed),
                last_ms: c.last_ms.load(Ordering::Relaxed),
            })
            .collect();
        out.sort_by(|a, b| a.topic.cmp(&b.topic));
        out
    }

    /// When the table is nearly full, forgets the names idle the longest, so that new ones can
    /// be tracked. Returns how many it forgot.
    pub fn prune(&self) -> usize {
        let full = |len: usize| len * 100 > self.capacity * PRUNE_ABOVE_PERCENT;
        // Looked at under the read lock first: this runs twice a second, and publishes count
        // under the read lock too.
        if !full(self.topics.read().len()) {
            return 0;
        }
        let mut topics = self.topics.write();
        if !full(topics.len()) {
            return 0;
        }
        let keep = self.capacity * PRUNE_TO_PERCENT / 100;
        let mut by_age: Vec<(i64, Arc<str>)> = topics
            .iter()
            .map(|(t, c)| (c.last_ms.load(Ordering::Relaxed), Arc::clone(t)))
            .collect();
        let forget = by_age.len().saturating_sub(keep);
        by_age.select_nth_unstable_by_key(forget.saturating_sub(1), |(last, _)| *last);
        for (_, topic) in &by_age[..forget] {
            topics.remove(topic);
        }
        forget
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traffic_is_counted_per_topic_and_a_full_table_tracks_no_new_name() {
        let table = TopicActivity::with_capacity(2);
        for i in 0..3000 {
            table.count("sensors/a", 4, i);
        }
        table.count("sensors/b", 10, 5);
        table.count("sensors/c", 10, 6);
        assert_eq!(
            table.snapshot(),
            [
                TopicTraffic {
                    topic: "sensors/a".into(),
                    messages: 3000,
                    bytes: 12000,
                    last_ms: 2999
                },
                TopicTraffic {
                    topic: "sensors/b".into(),
                    messages: 1,
                    bytes: 10,
                    last_ms: 5
                },
            ]
        );
    }

    #[test]
    fn a_prune_forgets_the_names_idle_the_longest() {
        let table = TopicActivity::with_capacity(100);
        for i in 0..95 {
            table.count(&format!("t/{i}"), 1, i);
        }
        assert_eq!(table.prune(), 20);
        let left = table.snapshot();
        assert_eq!(left.len(), 75);
        assert!(
            left.iter().all(|t| t.last_ms >= 20),
            "the oldest went first"
        );
        assert_eq!(table.prune(), 0, "room enough now");
    }
}
