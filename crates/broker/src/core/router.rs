//! The subscription tree: every subscription on this node, matched against each PUBLISH.
//!
//! One node per topic level, with `+` and `#` as ordinary children, so a match walks only the
//! branches a topic can reach. Plain subscriptions are keyed by client id at their node, shared
//! ones by share name, each group with a round-robin cursor.
//!
//! The tree sits behind one `RwLock` in [`crate::core::Broker`]: publishes match under the read lock,
//! in parallel, and (un)subscribes take the write lock briefly. See `LOCKS.md` for the order
//! against session locks.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use robustmq_common::topic;
use smallvec::SmallVec;

use crate::core::message::{Delivery, Message, QoS, SharedRef};
use crate::core::security::Standing;
use crate::core::session::{Session, SubscriptionOptions};

/// A subscription as the tree holds it.
#[derive(Clone)]
pub struct Subscriber {
    /// The subscribing session.
    pub session: Arc<Session>,
    /// Options from SUBSCRIBE, with QoS already capped by the broker's maximum.
    pub options: SubscriptionOptions,
    /// Subscription Identifier, if the client gave one.
    pub id: Option<u32>,
    /// What the ACL lets this subscription receive, cached.
    pub standing: Arc<Standing>,
}

struct SharedGroup {
    /// The filter without its `$share/{group}/` prefix.
    filter: Arc<str>,
    members: Vec<Subscriber>,
    cursor: AtomicUsize,
}

#[derive(Default)]
struct Node {
    children: HashMap<String, Node>,
    subscribers: HashMap<Arc<str>, Subscriber>,
    shared: HashMap<Arc<str>, SharedGroup>,
    /// The one `$exclusive/` subscription to this filter, if any.
    exclusive: Option<Subscriber>,
}

impl Node {
    fn is_empty(&self) -> bool {
        self.children.is_empty() && self.holds_none()
    }

    /// Whether no subscription of any kind ends at this node.
    fn holds_none(&self) -> bool {
        self.subscribers.is_empty() && self.shared.is_empty() && self.exclusive.is_none()
    }
}

/// A parsed topic filter: plain, `$share/{group}/{filter}`, or `$exclusive/{filter}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterSpec<'a> {
    /// Share name, for a shared subscription.
    pub group: Option<&'a str>,
    /// The topic filter proper.
    pub filter: &'a str,
    /// An exclusive subscription: one session at a time holds the filter (EMQX's
    /// `$exclusive/`). Never together with `group`.
    pub exclusive: bool,
}

/// The prefix of an exclusive subscription's filter.
pub const EXCLUSIVE_PREFIX: &str = "$exclusive/";

impl<'a> FilterSpec<'a> {
    /// Parses a SUBSCRIBE filter. `None` when it is not a valid filter, or a `$share` filter
    /// with an empty or wildcarded share name or no filter [MQTT-4.8.2-1, -2], or an
    /// `$exclusive/` filter with no valid filter after it (a shared one included).
    pub fn parse(raw: &'a str) -> Option<FilterSpec<'a>> {
        if let Some(rest) = raw.strip_prefix("$share/") {
            let (group, filter) = rest.split_once('/')?;
            if group.is_empty() || group.contains(['+', '#']) || !topic::is_valid_filter(filter) {
                return None;
            }
            return Some(FilterSpec {
                group: Some(group),
                filter,
                exclusive: false,
            });
        }
        if let Some(filter) = raw.strip_prefix(EXCLUSIVE_PREFIX) {
            let valid = topic::is_valid_filter(filter) && !filter.starts_with("$share/");
            return valid.then_some(FilterSpec {
                group: None,
                filter,
                exclusive: true,
            });
        }
        topic::is_valid_filter(raw).then_some(FilterSpec {
            group: None,
            filter: raw,
            exclusive: false,
        })
    }
}

/// Every subscription of this broker node.
#[derive(Default)]
pub struct SubscriptionTree {
    root: Node,
    count: usize,
}

struct Match {
    qos: QoS,
    retain_as_published: bool,
    ids: Vec<u32>,
    session: Arc<Session>,
}

impl SubscriptionTree {
    /// Number of subscriptions held (each shared membership counts once).
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether no subscription is held.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The client holding the exclusive subscription to `filter` (without `$exclusive/`).
    pub fn exclusive_holder(&self, filter: &str) -> Option<&Arc<str>> {
        let mut node = &self.root;
        for level in filter.split('/') {
            node = node.children.get(level)?;
        }
        node.exclusive.as_ref().map(|s| &s.session.client_id)
    }

    /// Adds or replaces the subscription of `subscriber.session` to `spec`. Returns whether it is
    /// new, which Retain Handling 1 needs. An exclusive subscription another client holds is
    /// left in place and nothing is added (the caller checks [`Self::exclusive_holder`] under
    /// the same lock first).
    pub fn subscribe(&mut self, spec: &FilterSpec<'_>, subscriber: Subscriber) -> bool {
        let mut node = &mut self.root;
        for level in spec.filter.split('/') {
            node = node.children.entry(level.to_owned()).or_default();
        }
        let client = Arc::clone(&subscriber.session.client_id);
        let new = match spec.group {
            None if spec.exclusive => match &node.exclusive {
                Some(held) if held.session.client_id != client => false,
                held => {
                    let new = held.is_none();
                    node.exclusive = Some(subscriber);
                    new
                }
            },
            None => node.subscribers.insert(client, subscriber).is_none(),
            Some(group) => {
                let g = node
                    .shared
                    .entry(Arc::from(group))
                    .or_insert_with(|| SharedGroup {
                        filter: Arc::from(spec.filter),
                        members: Vec::new(),
                        cursor: AtomicUsize::new(0),
                    });
                match g.members.iter_mut().find(|m| m.session.client_id == client) {
                    Some(existing) => {
                        *existing = subscriber;
                        false
                    }
                    None => {
                        g.members.push(subscriber);
                        true
                    }
                }
            }
        };
        if new {
            self.count += 1;
        }
        new
    }

    /// Removes the subscription of `client_id` to `spec`; returns whether it existed.
    pub fn unsubscribe(&mut self, spec: &FilterSpec<'_>, client_id: &str) -> bool {
        let levels: Vec<&str> = spec.filter.split('/').collect();
        let removed = Self::remove_at(&mut self.root, &levels, spec, client_id);
        if removed {
            self.count -= 1;
        }
        removed
    }

    /// Removes the subscription of exactly `session` to `spec`: an entry a newer session of the
    /// same client id put there stays. Returns whether it existed.
    pub fn unsubscribe_session(&mut self, spec: &FilterSpec<'_>, session: &Arc<Session>) -> bool {
        let levels: Vec<&str> = spec.filter.split('/').collect();
        let removed = Self::remove_at_if(&mut self.root, &levels, spec, &session.client_id, &|s| {
            Arc::ptr_eq(s, session)
        });
        if removed {
            self.count -= 1;
        }
        removed
    }

    fn remove_at(node: &mut Node, levels: &[&str], spec: &FilterSpec<'_>, client_id: &str) -> bool {
        Self::remove_at_if(node, levels, spec, client_id, &|_| true)
    }

    /// Removes the subscription at the node `levels` lead to, then the branch of nodes it
    /// leaves empty. Two loops, no recursion: a filter has up to `mqtt.max_topic_levels` levels.
    fn remove_at_if(
        root: &mut Node,
        levels: &[&str],
        spec: &FilterSpec<'_>,
        client_id: &str,
        owned: &dyn Fn(&Arc<Session>) -> bool,
    ) -> bool {
        let mut node = &mut *root;
        for level in levels {
            let Some(child) = node.children.get_mut(*level) else {
                return false;
            };
            node = child;
        }
        let removed = match spec.group {
            None if spec.exclusive => {
                let mine = node
                    .exclusive
                    .as_ref()
                    .is_some_and(|s| &*s.session.client_id == client_id && owned(&s.session));
                if mine {
                    node.exclusive = None;
                }
                mine
            }
            None => {
                if node
                    .subscribers
                    .get(client_id)
                    .is_some_and(|s| owned(&s.session))
                {
                    node.subscribers.remove(client_id);
                    true
                } else {
                    false
                }
            }
            Some(group) => {
                let Some(g) = node.shared.get_mut(group) else {
                    return false;
                };
                let before = g.members.len();
                g.members
                    .retain(|m| &*m.session.client_id != client_id || !owned(&m.session));
                let removed = g.members.len() != before;
                if g.members.is_empty() {
                    node.shared.remove(group);
                }
                removed
            }
        };
        if !removed || !node.is_empty() {
            return removed;
        }
        // Cut below the deepest node on the way that stays (it holds subscriptions or other
        // branches), or below the root.
        let mut cut = 0;
        let mut node = &*root;
        for (depth, level) in levels.iter().enumerate() {
            if depth > 0 && (!node.holds_none() || node.children.len() > 1) {
                cut = depth;
            }
            let Some(child) = node.children.get(*level) else {
                return removed;
            };
            node = child;
        }
        let mut node = root;
        for level in &levels[..cut] {
            let Some(child) = node.children.get_mut(*level) else {
                return removed;
            };
            node = child;
        }
        node.children.remove(levels[cut]);
        removed
    }

    /// One delivery per subscribed session for `message` [MQTT-3.3.4-2]: for overlapping
    /// subscriptions the highest granted QoS and every subscription identifier, plus one
    /// delivery per matching shared group to a member chosen round-robin, preferring connected
    /// members. No Local subscriptions skip the publisher [MQTT-3.8.3-3]. A subscription
    /// `admits` refuses (the ACL's delivery check) counts for nothing: its session gets the
    /// message only through another subscription, and a shared group picks among the members
    /// it admits.
    pub fn route(
        &self,
        message: &Arc<Message>,
        admits: impl Fn(&Subscriber) -> bool,
    ) -> Vec<(Arc<Session>, Delivery)> {
        let levels: Vec<&str> = message.topic.split('/').collect();
        let dollar = message.topic.starts_with('$');
        let mut plain: HashMap<Arc<str>, Match> = HashMap::new();
        let mut out = Vec::new();
        let mut visit = |node: &Node| {
            let exclusive = node.exclusive.iter().map(|s| (&s.session.client_id, s));
            for (client, s) in node.subscribers.iter().chain(exclusive) {
                if s.options.no_local && message.publisher.as_deref() == Some(&**client)
                    || !admits(s)
                {
                    continue;
                }
                let m = plain.entry(Arc::clone(client)).or_insert_with(|| Match {
                    qos: QoS::AtMostOnce,
                    retain_as_published: false,
                    ids: Vec::new(),
                    session: Arc::clone(&s.session),
                });
                m.qos = m.qos.max(s.options.qos);
                m.retain_as_published |= s.options.retain_as_published;
                // Overlapping subscriptions may share an identifier; it goes out once.
                if let Some(id) = s.id
                    && !m.ids.contains(&id)
                {
                    m.ids.push(id);
                }
            }
            for (group, g) in &node.shared {
                if let Some(s) = pick(g, &admits) {
                    out.push((
                        Arc::clone(&s.session),
                        Delivery {
                            message: Arc::clone(message),
                            qos: message.qos.min(s.options.qos),
                            retain: false,
                            subscription_ids: s.id.into_iter().collect(),
                            shared: Some(SharedRef {
                                group: Arc::clone(group),
                                filter: Arc::clone(&g.filter),
                            }),
                        },
                    ));
                }
            }
        };
        walk(&self.root, &levels, dollar, &mut visit);
        for (_, m) in plain {
            out.push((
                m.session,
                Delivery {
                    message: Arc::clone(message),
                    qos: message.qos.min(m.qos),
                    retain: message.retain && m.retain_as_published,
                    subscription_ids: m.ids,
                    shared: None,
                },
            ));
        }
        out
    }

    /// Whether any subscription (plain or shared) matches `topic`.
    pub fn matches_any(&self, topic: &str) -> bool {
        let levels: Vec<&str> = topic.split('/').collect();
        let mut any = false;
        walk(
            &self.root,
            &levels,
            topic.starts_with('$'),
            &mut |node: &Node| {
                any |= !node.holds_none();
            },
        );
        any
    }

    /// A member of the shared group `shared` that `eligible` accepts, for redelivery of a
    /// message the departed member left unacknowledged.
    pub fn shared_member(
        &self,
        shared: &SharedRef,
        eligible: impl Fn(&Subscriber) -> bool,
    ) -> Option<Subscriber> {
        let mut node = &self.root;
        for level in shared.filter.split('/') {
            node = node.children.get(level)?;
        }
        pick(node.shared.get(&*shared.group)?, &eligible).cloned()
    }
}

/// The next member of `group`, round-robin, that `eligible` accepts, a connected one first.
fn pick<'a>(
    group: &'a SharedGroup,
    eligible: &impl Fn(&Subscriber) -> bool,
) -> Option<&'a Subscriber> {
    let n = group.members.len();
    if n == 0 {
        return None;
    }
    let start = group.cursor.fetch_add(1, Ordering::Relaxed);
    let in_turn = || (0..n).map(|i| &group.members[(start + i) % n]);
    in_turn()
        .find(|m| m.session.is_connected() && eligible(m))
        .or_else(|| in_turn().find(|m| eligible(m)))
}

/// Visits every node of the tree that a topic of `levels` matches: its own node, and every
/// `+` and `#` on the way. A loop over a small stack (inline for topics of up to 16 levels), so
/// that neither the depth of a topic nor an allocation per publish costs anything.
fn walk<'a>(root: &'a Node, levels: &[&str], dollar: bool, visit: &mut impl FnMut(&'a Node)) {
    let mut stack: SmallVec<[(&'a Node, usize); 16]> = SmallVec::new();
    stack.push((root, 0));
    while let Some((node, depth)) = stack.pop() {
        // [MQTT-4.7.2-1]: a wildcard in the first level does not match a `$` topic.
        let wildcards = !(dollar && depth == 0);
        if wildcards && let Some(hash) = node.children.get("#") {
            visit(hash);
        }
        let Some(level) = levels.get(depth) else {
            visit(node);
            continue;
        };
        if wildcards && let Some(plus) = node.children.get("+") {
            stack.push((plus, depth + 1));
        }
        if let Some(child) = node.children.get(*level) {
            stack.push((child, depth + 1));
        }
    }
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;

    use super::*;

    fn session(id: &str) -> Arc<Session> {
        Session::new(Arc::from(id), 0)
    }

    fn sub(s: &Arc<Session>, qos: QoS, id: Option<u32>) -> Subscriber {
        Subscriber {
            session: Arc::clone(s),
            options: SubscriptionOptions {
                qos,
                ..SubscriptionOptions::default()
            },
            id,
            standing: Standing::new("test"),
        }
    }

    fn message(topic: &str, qos: QoS, publisher: Option<&str>) -> Arc<Message> {
        let mut m = Message::new(topic, Bytes::new());
        m.qos = qos;
        m.publisher = publisher.map(Arc::from);
        Arc::new(m)
    }

    fn spec(raw: &str) -> FilterSpec<'_> {
        FilterSpec::parse(raw).expect("valid filter")
    }

    #[test]
    fn overlapping_subscriptions_deliver_one_copy_at_the_highest_qos_mqtt_3_3_4_2() {
        let mut tree = SubscriptionTree::default();
        let a = session("a");
        tree.subscribe(&spec("x/#"), sub(&a, QoS::AtMostOnce, Some(1)));
        tree.subscribe(&spec("x/+"), sub(&a, QoS::ExactlyOnce, Some(2)));
        tree.subscribe(&spec("x/y"), sub(&a, QoS::AtLeastOnce, None));
        let out = tree.route(&message("x/y", QoS::ExactlyOnce, None), |_| true);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].1.qos, QoS::ExactlyOnce);
        let mut ids = out[0].1.subscription_ids.clone();
        ids.sort_unstable();
        assert_eq!(ids, vec![1, 2]);
    }

    /// One PUBLISH carries each Subscription Identifier once, though overlapping subscriptions
    /// share it (MQTT 5.0 section 3.3.4).
    #[test]
    fn overlapping_subscriptions_with_one_identifier_send_it_once() {
        let mut tree = SubscriptionTree::default();
        let a = session("a");
        tree.subscribe(&spec("x/#"), sub(&a, QoS::AtMostOnce, Some(7)));
        tree.subscribe(&spec("x/+"), sub(&a, QoS::AtLeastOnce, Some(7)));
        tree.subscribe(&spec("+/y"), sub(&a, QoS::AtLeastOnce, Some(8)));
        let out = tree.route(&message("x/y", QoS::AtLeastOnce, None), |_| true);
        let mut ids = out[0].1.subscription_ids.clone();
        ids.sort_unstable();
        assert_eq!(ids, vec![7, 8]);
    }

    #[test]
    fn delivery_qos_is_the_lower_of_published_and_granted() {
        let mut tree = SubscriptionTree::default();
        tree.subscribe(&spec("t"), sub(&session("a"), QoS::ExactlyOnce, None));
        assert_eq!(
            tree.route(&message("t", QoS::AtLeastOnce, None), |_| true)[0]
                .1
                .qos,
            QoS::AtLeastOnce
        );
    }

    #[test]
    fn wildcards_at_the_first_level_skip_dollar_topics_mqtt_4_7_2_1() {
        let mut tree = SubscriptionTree::default();
        tree.subscribe(&spec("#"), sub(&session("a"), QoS::AtMostOnce, None));
        tree.subscribe(&spec("+/x"), sub(&session("b"), QoS::AtMostOnce, None));
        tree.subscribe(&spec("$SYS/#"), sub(&session("c"), QoS::AtMostOnce, None));
        let out = tree.route(&message("$SYS/x", QoS::AtMostOnce, None), |_| true);
        let ids: Vec<&str> = out.iter().map(|(s, _)| &*s.client_id).collect();
        assert_eq!(ids, vec!["c"]);
    }

    #[test]
    fn hash_matches_the_parent_level_mqtt_4_7_1_2() {
        let mut tree = SubscriptionTree::default();
        tree.subscribe(&spec("sport/#"), sub(&session("a"), QoS::AtMostOnce, None));
        assert_eq!(
            tree.route(&message("sport", QoS::AtMostOnce, None), |_| true)
                .len(),
            1
        );
        assert_eq!(
            tree.route(&message("sports", QoS::AtMostOnce, None), |_| true)
                .len(),
            0
        );
    }

    #[test]
    fn no_local_skips_the_publisher_mqtt_3_8_3_3() {
        let mut tree = SubscriptionTree::default();
        let a = session("a");
        let mut s = sub(&a, QoS::AtMostOnce, None);
        s.options.no_local = true;
        tree.subscribe(&spec("t"), s);
        assert!(
            tree.route(&message("t", QoS::AtMostOnce, Some("a")), |_| true)
                .is_empty()
        );
        assert_eq!(
            tree.route(&message("t", QoS::AtMostOnce, Some("b")), |_| true)
                .len(),
            1
        );
    }

    #[test]
    fn shared_group_round_robins_across_members() {
        let mut tree = SubscriptionTree::default();
        let members: Vec<_> = ["a", "b", "c"].iter().map(|id| session(id)).collect();
        for m in &members {
            tree.subscribe(&spec("$share/g/t/#"), sub(m, QoS::AtLeastOnce, None));
        }
        let mut counts = HashMap::new();
        for _ in 0..30 {
            let out = tree.route(&message("t/1", QoS::AtLeastOnce, None), |_| true);
            assert_eq!(out.len(), 1, "one member of the group gets each message");
            assert_eq!(out[0].1.shared.as_ref().map(|s| &*s.filter), Some("t/#"));
            *counts.entry(Arc::clone(&out[0].0.client_id)).or_insert(0) += 1;
        }
        assert!(counts.values().all(|&n| n == 10), "{counts:?}");
    }

    #[test]
    fn shared_member_for_redelivery_is_another_member() {
        let mut tree = SubscriptionTree::default();
        let (a, b) = (session("a"), session("b"));
        tree.subscribe(&spec("$share/g/t"), sub(&a, QoS::AtLeastOnce, None));
        tree.subscribe(&spec("$share/g/t"), sub(&b, QoS::AtLeastOnce, None));
        let shared = SharedRef {
            group: Arc::from("g"),
            filter: Arc::from("t"),
        };
        for _ in 0..4 {
            assert_eq!(
                &*tree
                    .shared_member(&shared, |m| &*m.session.client_id != "a")
                    .expect("member")
                    .session
                    .client_id,
                "b"
            );
        }
    }

    #[test]
    fn unsubscribe_prunes_and_counts() {
        let mut tree = SubscriptionTree::default();
        let a = session("a");
        assert!(tree.subscribe(&spec("a/b/c"), sub(&a, QoS::AtMostOnce, None)));
        assert!(!tree.subscribe(&spec("a/b/c"), sub(&a, QoS::AtLeastOnce, None)));
        assert_eq!(tree.len(), 1);
        assert!(tree.unsubscribe(&spec("a/b/c"), "a"));
        assert!(!tree.unsubscribe(&spec("a/b/c"), "a"));
        assert!(tree.root.is_empty());
        assert_eq!(tree.len(), 0);
    }

    #[test]
    fn share_filters_are_parsed_and_checked_mqtt_4_8_2_1() {
        assert_eq!(spec("$share/g/a/+").group, Some("g"));
        assert_eq!(spec("$share/g/a/+").filter, "a/+");
        assert!(FilterSpec::parse("$share/g").is_none());
        assert!(FilterSpec::parse("$share//a").is_none());
        assert!(FilterSpec::parse("$share/g+/a").is_none());
        assert!(FilterSpec::parse("a/#/b").is_none());
    }

    #[test]
    fn an_exclusive_filter_is_held_by_one_client_until_it_unsubscribes_or_its_session_goes() {
        assert_eq!(
            spec("$exclusive/t/+"),
            FilterSpec {
                group: None,
                filter: "t/+",
                exclusive: true
            }
        );
        assert!(FilterSpec::parse("$exclusive/").is_none());
        assert!(FilterSpec::parse("$exclusive/$share/g/t").is_none());
        let mut tree = SubscriptionTree::default();
        let (a, b) = (session("a"), session("b"));
        assert!(tree.subscribe(&spec("$exclusive/t/+"), sub(&a, QoS::AtLeastOnce, None)));
        assert_eq!(tree.exclusive_holder("t/+").map(|c| &**c), Some("a"));
        assert!(
            !tree.subscribe(&spec("$exclusive/t/+"), sub(&b, QoS::AtLeastOnce, None)),
            "a second client does not replace the holder"
        );
        assert_eq!(tree.exclusive_holder("t/+").map(|c| &**c), Some("a"));
        // The holder receives like a plain subscriber, and alongside one.
        tree.subscribe(&spec("t/1"), sub(&b, QoS::AtMostOnce, None));
        let mut got: Vec<_> = tree
            .route(&message("t/1", QoS::AtLeastOnce, None), |_| true)
            .into_iter()
            .map(|(s, d)| (s.client_id.to_string(), d.qos))
            .collect();
        got.sort();
        assert_eq!(
            got,
            [
                ("a".to_owned(), QoS::AtLeastOnce),
                ("b".to_owned(), QoS::AtMostOnce)
            ]
        );
        assert!(tree.matches_any("t/2"));
        // A plain unsubscribe of the same filter leaves the exclusive one.
        assert!(!tree.unsubscribe(&spec("t/+"), "a"));
        assert!(tree.unsubscribe_session(&spec("$exclusive/t/+"), &a));
        assert_eq!(tree.exclusive_holder("t/+"), None);
        assert!(tree.subscribe(&spec("$exclusive/t/+"), sub(&b, QoS::AtLeastOnce, None)));
        assert_eq!(tree.exclusive_holder("t/+").map(|c| &**c), Some("b"));
        assert!(tree.unsubscribe(&spec("$exclusive/t/+"), "b"));
        assert!(tree.unsubscribe(&spec("t/1"), "b"));
        assert!(tree.is_empty());
        assert!(tree.root.children.is_empty(), "the emptied branch is cut");
    }
}
