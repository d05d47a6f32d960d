//! Retained messages: one per topic, kept in memory for matching at subscribe time, and written
//! through to the Meta Service's `data` groups so they survive restarts and every broker node
//! sees them.

use std::collections::HashMap;
use std::sync::Arc;

use parking_lot::RwLock;
use robustmq_common::topic;

use crate::core::message::Message;

/// This node's copy of the retained messages.
#[derive(Default)]
pub struct RetainedStore {
    messages: RwLock<HashMap<String, Arc<Message>>>,
}

impl RetainedStore {
    /// Sets the retained message of its topic, or clears it when the value is empty
    /// [MQTT-3.3.1-6, -7]. Returns the number held afterwards.
    pub fn apply(&self, message: Arc<Message>) -> usize {
        let mut map = self.messages.write();
        if message.value.is_empty() {
            map.remove(&message.topic);
        } else {
            map.insert(message.topic.clone(), message);
        }
        map.len()
    }

    /// Sets `message` as retained unless its topic already has one: loading from meta must not
    /// undo what a client set since.
    pub fn apply_if_absent(&self, message: Arc<Message>) {
        self.messages
            .write()
            .entry(message.topic.clone())
            .or_insert(message);
    }

    /// Clears the retained message of `topic`; returns the number held afterwards.
    pub fn remove(&self, topic: &str) -> usize {
        let mut map = self.messages.write();
        map.remove(topic);
        map.len()
    }

    /// Replaces every stored retained message with `messages` (what meta holds), keeping the
    /// `$` topics, which live on this node only. Returns the number held afterwards.
    pub fn replace_stored(&self, messages: impl IntoIterator<Item = Arc<Message>>) -> usize {
        let mut map = self.messages.write();
        map.retain(|topic, _| topic.starts_with('$'));
        for message in messages {
            if !message.value.is_empty() {
                map.insert(message.topic.clone(), message);
            }
        }
        map.len()
    }

    /// Retained messages whose topic matches `filter`, in topic order.
    pub fn matching(&self, filter: &str) -> Vec<Arc<Message>> {
        let map = self.messages.read();
        let mut out: Vec<Arc<Message>> = map
            .iter()
            .filter(|(name, _)| topic::matches(filter, name))
            .map(|(_, m)| Arc::clone(m))
            .collect();
        out.sort_by(|a, b| a.topic.cmp(&b.topic));
        out
    }

    /// Number of retained messages.
    pub fn len(&self) -> usize {
        self.messages.read().len()
    }

    /// Whether none is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    fn msg(topic: &str, value: &'static [u8]) -> Arc<Message> {
        let mut m = Message::new(topic, Bytes::from_static(value));
        m.retain = true;
        Arc::new(m)
    }

    #[test]
    fn retained_message_is_replaced_and_cleared_by_empty_payload_mqtt_3_3_1_6() {
        let store = RetainedStore::default();
        store.apply(msg("a/b", b"1"));
        store.apply(msg("a/b", b"2"));
        assert_eq!(store.matching("a/+")[0].value, Bytes::from_static(b"2"));
        assert_eq!(store.apply(msg("a/b", b"")), 0);
        assert!(store.matching("#").is_empty());
    }
}
