//! Retained messages: one per topic, kept in memory for matching at subscribe time, and written
//! through to the Meta Service's `data` groups so they survive restarts and every broker node
//! sees them.
//!
//! They are held in a tree with one node per topic level, so a SUBSCRIBE visits only the
//! branches its filter can reach instead of every retained message, and every walk is a loop
//! over an explicit stack (a topic has up to `mqtt.max_topic_levels` levels; nothing recurses
//! per level). `mqtt.max_retained_messages` and `mqtt.max_retained_bytes` bound what clients
//! may add; what meta holds is applied whatever the limits, as the node that accepted it
//! checked them.

use std::collections::HashMap;
use std::sync::Arc;

use parking_lot::RwLock;

use crate::core::message::Message;

/// How many retained messages, and how many payload bytes, clients may have held. 0 is no
/// limit. `$` topics (the broker's own) are counted but never refused.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RetainedLimits {
    /// Most messages.
    pub max_messages: u64,
    /// Most payload bytes.
    pub max_bytes: u64,
}

/// This node's copy of the retained messages.
#[derive(Default)]
pub struct RetainedStore {
    tree: RwLock<Tree>,
    limits: RetainedLimits,
}

#[derive(Default)]
struct Tree {
    root: Node,
    /// Messages held, `$` topics included.
    count: usize,
    /// Messages and payload bytes held on clients' topics (not `$`), which the limits bound.
    client_count: u64,
    client_bytes: u64,
}

/// Whether `topic` is a client's (the limits count it) rather than the broker's own `$` topic.
/// `$response/` topics are clients' (they may publish there).
fn is_clients(topic: &str) -> bool {
    !topic.starts_with('$') || topic.starts_with(crate::core::security::RESPONSE_PREFIX)
}

#[derive(Default)]
struct Node {
    children: HashMap<Box<str>, Node>,
    message: Option<Arc<Message>>,
}

impl Tree {
    fn get(&self, topic: &str) -> Option<&Arc<Message>> {
        let mut node = &self.root;
        for level in topic.split('/') {
            node = node.children.get(level)?;
        }
        node.message.as_ref()
    }

    /// Whether setting `topic` to a `len`-byte payload stays within `limits`.
    fn fits(&self, topic: &str, len: usize, limits: RetainedLimits) -> bool {
        if !is_clients(topic) {
            return true;
        }
        let old = self.get(topic).map(|m| m.value.len() as u64);
        let count = self.client_count + u64::from(old.is_none());
        let bytes = self.client_bytes - old.unwrap_or(0) + len as u64;
        (limits.max_messages == 0 || count <= limits.max_messages)
            && (limits.max_bytes == 0 || bytes <= limits.max_bytes)
    }

    fn set(&mut self, message: Arc<Message>) {
        let mut node = &mut self.root;
        for level in message.topic.split('/') {
            node = node.children.entry(level.into()).or_default();
        }
        let clients = is_clients(&message.topic);
        let len = message.value.len() as u64;
        match node.message.replace(message) {
            Some(old) if clients => {
                self.client_bytes = self.client_bytes - old.value.len() as u64 + len;
            }
            Some(_) => {}
            None => {
                self.count += 1;
                if clients {
                    self.client_count += 1;
                    self.client_bytes += len;
                }
            }
        }
    }

    fn clear(&mut self, topic: &str) {
        let levels: Vec<&str> = topic.split('/').collect();
        // The branch to cut: below the deepest node on the way that must stay (it holds a
        // message of its own or other branches), or below the root.
        let mut cut = 0;
        let mut node = &self.root;
        for (depth, level) in levels.iter().enumerate() {
            if depth > 0 && (node.message.is_some() || node.children.len() > 1) {
                cut = depth;
            }
            let Some(child) = node.children.get(*level) else {
                return;
            };
            node = child;
        }
        let Some(len) = node.message.as_ref().map(|m| m.value.len() as u64) else {
            return;
        };
        let leaf = node.children.is_empty();
        let mut node = &mut self.root;
        let stop = if leaf { cut } else { levels.len() };
        for level in &levels[..stop] {
            let Some(child) = node.children.get_mut(*level) else {
                return;
            };
            node = child;
        }
        if leaf {
            node.children.remove(levels[cut]);
        } else {
            node.message = None;
        }
        self.count -= 1;
        if is_clients(topic) {
            self.client_count -= 1;
            self.client_bytes -= len;
        }
    }

    /// The messages whose topic `filter` matches, walking only the branches it reaches.
    fn matching(&self, filter: &str) -> Vec<Arc<Message>> {
        let levels: Vec<&str> = filter.split('/').collect();
        let mut out = Vec::new();
        let mut stack: Vec<(&Node, usize)> = vec![(&self.root, 0)];
        // [MQTT-4.7.2-1]: a wildcard in the first level does not match a `$` topic.
        let visible = |depth: usize, name: &str| depth > 0 || !name.starts_with('$');
        while let Some((node, depth)) = stack.pop() {
            let Some(level) = levels.get(depth) else {
                out.extend(node.message.iter().cloned());
                continue;
            };
            match *level {
                "#" => {
                    // `a/#` matches `a` itself [MQTT-4.7.1-2], and everything below.
                    out.extend(node.message.iter().cloned());
                    let mut below: Vec<&Node> = node
                        .children
                        .iter()
                        .filter(|(name, _)| visible(depth, name))
                        .map(|(_, child)| child)
                        .collect();
                    while let Some(n) = below.pop() {
                        out.extend(n.message.iter().cloned());
                        below.extend(n.children.values());
                    }
                }
                "+" => stack.extend(
                    node.children
                        .iter()
                        .filter(|(name, _)| visible(depth, name))
                        .map(|(_, child)| (child, depth + 1)),
                ),
                name => {
                    if let Some(child) = node.children.get(name) {
                        stack.push((child, depth + 1));
                    }
                }
            }
        }
        out
    }
}

impl RetainedStore {
    /// An empty store that holds clients to `limits`.
    pub fn new(limits: RetainedLimits) -> RetainedStore {
        RetainedStore {
            tree: RwLock::new(Tree::default()),
            limits,
        }
    }

    /// Whether a client's retained message of `len` payload bytes on `topic` would be kept now.
    /// A hint for answering before publishing: [`RetainedStore::retain`] decides.
    pub fn fits(&self, topic: &str, len: usize) -> bool {
        len == 0 || self.tree.read().fits(topic, len, self.limits)
    }

    /// A client's retained message: sets the retained message of its topic, or clears it when
    /// the value is empty [MQTT-3.3.1-6, -7]. `None` when the limits refuse it (nothing
    /// changed); otherwise the number held afterwards.
    pub fn retain(&self, message: Arc<Message>) -> Option<usize> {
        let mut tree = self.tree.write();
        if message.value.is_empty() {
            tree.clear(&message.topic);
        } else if tree.fits(&message.topic, message.value.len(), self.limits) {
            tree.set(message);
        } else {
            return None;
        }
        Some(tree.count)
    }

    /// Sets or clears the retained message of its topic as meta says, whatever the limits.
    /// Returns the number held afterwards.
    pub fn apply(&self, message: Arc<Message>) -> usize {
        let mut tree = self.tree.write();
        if message.value.is_empty() {
            tree.clear(&message.topic);
        } else {
            tree.set(message);
        }
        tree.count
    }

    /// Sets `message` as retained unless its topic already has one: loading from meta must not
    /// undo what a client set since.
    pub fn apply_if_absent(&self, message: Arc<Message>) {
        let mut tree = self.tree.write();
        if !message.value.is_empty() && tree.get(&message.topic).is_none() {
            tree.set(message);
        }
    }

    /// Clears the retained message of `topic`; returns the number held afterwards.
    pub fn remove(&self, topic: &str) -> usize {
        let mut tree = self.tree.write();
        tree.clear(topic);
        tree.count
    }

    /// Replaces every stored retained message with `messages` (what meta holds), keeping the
    /// `$` topics, which live on this node only. Returns the number held afterwards.
    pub fn replace_stored(&self, messages: impl IntoIterator<Item = Arc<Message>>) -> usize {
        let mut tree = self.tree.write();
        let kept: Vec<Arc<Message>> = tree
            .root
            .children
            .iter()
            .filter(|(name, _)| name.starts_with('$'))
            .flat_map(|(name, _)| tree.matching(&format!("{name}/#")))
            .collect();
        *tree = Tree::default();
        for message in kept.into_iter().chain(messages) {
            if !message.value.is_empty() {
                tree.set(message);
            }
        }
        tree.count
    }

    /// Retained messages whose topic matches `filter`, in topic order.
    pub fn matching(&self, filter: &str) -> Vec<Arc<Message>> {
        let mut out = self.tree.read().matching(filter);
        out.sort_by(|a, b| a.topic.cmp(&b.topic));
        out
    }

    /// Number of retained messages.
    pub fn len(&self) -> usize {
        self.tree.read().count
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

    fn topics(store: &RetainedStore, filter: &str) -> Vec<String> {
        store
            .matching(filter)
            .iter()
            .map(|m| m.topic.clone())
            .collect()
    }

    #[test]
    fn retained_message_is_replaced_and_cleared_by_empty_payload_mqtt_3_3_1_6() {
        let store = RetainedStore::default();
        store.apply(msg("a/b", b"1"));
        store.apply(msg("a/b", b"2"));
        assert_eq!(store.matching("a/+")[0].value, Bytes::from_static(b"2"));
        assert_eq!(store.apply(msg("a/b", b"")), 0);
        assert!(store.matching("#").is_empty());
        assert!(store.tree.read().root.children.is_empty(), "pruned");
    }

    /// The tree answers as matching every topic against the filter would, `$` rules and
    /// `#` matching its parent level included.
    #[test]
    fn matching_walks_the_tree_as_topic_matching_would() {
        let store = RetainedStore::default();
        let all = [
            "sport",
            "sport/tennis",
            "sport/tennis/player1",
            "sport/golf",
            "sports",
            "/lead",
            "a//b",
            "$SYS/uptime",
            "$SYS/x/y",
        ];
        for t in all {
            store.apply(msg(t, b"v"));
        }
        for filter in [
            "#",
            "+",
            "+/+",
            "sport/#",
            "sport/+",
            "sport/+/player1",
            "+/tennis/#",
            "/+",
            "a/+/b",
            "a//b",
            "$SYS/#",
            "+/uptime",
            "$SYS/+/y",
            "nothing/#",
        ] {
            let mut expected: Vec<String> = all
                .iter()
                .filter(|t| robustmq_common::topic::matches(filter, t))
                .map(|t| (*t).to_owned())
                .collect();
            expected.sort();
            assert_eq!(topics(&store, filter), expected, "filter {filter}");
        }
    }

    #[test]
    fn clearing_keeps_what_other_topics_need() {
        let store = RetainedStore::default();
        for t in ["a", "a/b/c", "a/b/d", "x/y/z"] {
            store.apply(msg(t, b"v"));
        }
        assert_eq!(store.remove("a/b/c"), 3);
        assert_eq!(topics(&store, "#"), vec!["a", "a/b/d", "x/y/z"]);
        assert_eq!(store.remove("a"), 2, "a node with children keeps them");
        assert_eq!(topics(&store, "#"), vec!["a/b/d", "x/y/z"]);
        assert_eq!(store.remove("x/y/z"), 1);
        assert_eq!(store.remove("a/b/d"), 0);
        assert_eq!(store.remove("never/there"), 0);
        assert!(store.tree.read().root.children.is_empty());
        assert_eq!(store.tree.read().client_bytes, 0);
        assert_eq!(store.tree.read().client_count, 0);
    }

    #[test]
    fn client_retains_are_held_to_the_count_and_byte_limits() {
        let store = RetainedStore::new(RetainedLimits {
            max_messages: 2,
            max_bytes: 10,
        });
        assert_eq!(store.retain(msg("a", b"1234")), Some(1));
        assert_eq!(store.retain(msg("b", b"1234")), Some(2));
        assert!(!store.fits("c", 1), "a third topic");
        assert_eq!(store.retain(msg("c", b"1")), None);
        assert_eq!(store.retain(msg("a", b"123456")), Some(2), "a replacement");
        assert_eq!(store.retain(msg("a", b"1234567")), None, "11 bytes");
        assert_eq!(
            store.retain(msg("c", b"")),
            Some(2),
            "clearing always works"
        );
        assert_eq!(store.retain(msg("a", b"")), Some(1));
        assert_eq!(store.retain(msg("c", b"123456")), Some(2));
        assert!(store.fits("$SYS/x", 100), "the broker's own topics");
        assert!(
            !store.fits("$response/c/1", 1),
            "clients publish to $response/: it counts"
        );
        assert_eq!(store.retain(msg("$SYS/x", b"123456789")), Some(3));
        assert_eq!(
            store.retain(msg("c", b"")),
            Some(2),
            "counted in what is held, not against the limits"
        );
        assert_eq!(store.retain(msg("c", b"123456")), Some(3));
        store.remove("$SYS/x");
        assert_eq!(
            store.apply(msg("d", b"12345678")),
            3,
            "meta's records are applied whatever the limits"
        );
        assert_eq!(topics(&store, "#"), vec!["b", "c", "d"]);
    }

    #[test]
    fn replacing_from_meta_keeps_this_nodes_dollar_topics() {
        let store = RetainedStore::default();
        store.apply(msg("$SYS/uptime", b"1"));
        store.apply(msg("old", b"1"));
        assert_eq!(
            store.replace_stored([msg("new", b"1"), msg("gone", b"")]),
            2
        );
        assert_eq!(topics(&store, "$SYS/#"), vec!["$SYS/uptime"]);
        assert_eq!(topics(&store, "#"), vec!["new"]);
    }
}
