//! The key schema: every key the Meta Service holds, the group that holds it, and how it is built
//! and taken apart. Nothing else in the workspace spells a key.
//!
//! | group | key | value |
//! | --- | --- | --- |
//! | `metadata` | `kv/<key>` | opaque bytes (the generic KV) |
//! | `metadata` | `topic/<name>` | [`TopicMeta`](crate::TopicMeta), JSON |
//! | `metadata` | `placement/<name>` | [`TopicPlacement`](crate::TopicPlacement), JSON |
//! | `metadata` | `user/<username>` | [`UserRecord`](crate::UserRecord), JSON |
//! | `metadata` | `acl/<name>` | [`AclRecord`](crate::AclRecord), JSON |
//! | `metadata` | `blacklist/<kind>/<value>` | [`BanRecord`](crate::BanRecord), JSON |
//! | `metadata` | `rewrite/rules` | the ordered [`RewriteRule`](crate::RewriteRule)s, a JSON list |
//! | `metadata` | `autosub/rules` | the ordered [`AutoSubscribeRule`](crate::AutoSubscribeRule)s, a JSON list |
//! | `metadata` | `node/<id>` | [`NodeRecord`](crate::NodeRecord), JSON |
//! | `metadata` | `liveness/<id>` | [`Liveness`](crate::Liveness), JSON |
//! | `data-<h(client)>` | `session/<client_id>` | the broker's session record |
//! | `data-<h(client)>` | `sub/<client_id>/<filter>` | subscription options |
//! | `data-<h(client)>` | `will/<client_id>` | a delayed will, the broker's encoding |
//! | `data-<h(topic)>` | `retained/<topic>` | a retained message, the broker's encoding |
//! | `offset-<h(group)>` | `offset/<group>/<topic>/<partition>` | u64, little endian |
//!
//! `h` is FNV-1a over the routing key (client id, topic or consumer group), modulo the group
//! count, so every node routes a key to the same group. The counts are those of the meta nodes
//! ([`GroupCounts`], learned from them); changing `meta.data_groups` or `meta.offset_groups`
//! after data exists would move keys, which is not supported.

use crate::records::{BanKind, NodeId};

/// The group that holds cluster metadata and the generic KV; its leader runs the controller.
pub const METADATA_GROUP: &str = "metadata";

/// Generic KV keys, in `metadata`.
pub const KV_PREFIX: &str = "kv/";
/// Topics, in `metadata`.
pub const TOPIC_PREFIX: &str = "topic/";
/// Partition placements, in `metadata`.
pub const PLACEMENT_PREFIX: &str = "placement/";
/// Users, in `metadata`.
pub const USER_PREFIX: &str = "user/";
/// ACL rules, in `metadata`.
pub const ACL_PREFIX: &str = "acl/";
/// Blacklist entries, in `metadata`.
pub const BLACKLIST_PREFIX: &str = "blacklist/";
/// Topic rewrite rules, in `metadata`.
pub const REWRITE_PREFIX: &str = "rewrite/";
/// The one record that holds every topic rewrite rule, in order.
pub const REWRITE_RULES: &str = "rewrite/rules";
/// Auto-subscribe rules, in `metadata`.
pub const AUTO_SUBSCRIBE_PREFIX: &str = "autosub/";
/// The one record that holds every auto-subscribe rule, in order.
pub const AUTO_SUBSCRIBE_RULES: &str = "autosub/rules";
/// Node heartbeats, in `metadata`.
pub const NODE_PREFIX: &str = "node/";
/// Node liveness as the controller judges it, in `metadata`.
pub const LIVENESS_PREFIX: &str = "liveness/";
/// Persistent sessions, in `data-*`.
pub const SESSION_PREFIX: &str = "session/";
/// Subscriptions, in `data-*`.
pub const SUBSCRIPTION_PREFIX: &str = "sub/";
/// Delayed wills, in `data-*`.
pub const WILL_PREFIX: &str = "will/";
/// Retained messages, in `data-*`.
pub const RETAINED_PREFIX: &str = "retained/";
/// Consumer group offsets, in `offset-*`.
pub const OFFSET_PREFIX: &str = "offset/";

/// A generic KV key.
pub fn kv(key: &str) -> String {
    format!("{KV_PREFIX}{key}")
}

/// The record of topic `name`.
pub fn topic(name: &str) -> String {
    format!("{TOPIC_PREFIX}{name}")
}

/// The placement of topic `name`'s partitions.
pub fn placement(name: &str) -> String {
    format!("{PLACEMENT_PREFIX}{name}")
}

/// The record of user `username`.
pub fn user(username: &str) -> String {
    format!("{USER_PREFIX}{username}")
}

/// The ACL rule `name`.
pub fn acl(name: &str) -> String {
    format!("{ACL_PREFIX}{name}")
}

/// The blacklist entry for `value` of `kind`.
pub fn ban(kind: BanKind, value: &str) -> String {
    format!("{BLACKLIST_PREFIX}{}/{value}", kind.as_str())
}

/// The heartbeat record of node `id`.
pub fn node(id: NodeId) -> String {
    format!("{NODE_PREFIX}{id}")
}

/// The liveness of node `id`.
pub fn liveness(id: NodeId) -> String {
    format!("{LIVENESS_PREFIX}{id}")
}

/// The session record of `client_id`.
pub fn session(client_id: &str) -> String {
    format!("{SESSION_PREFIX}{client_id}")
}

/// The subscription of `client_id` to `filter`.
pub fn subscription(client_id: &str, filter: &str) -> String {
    format!("{SUBSCRIPTION_PREFIX}{client_id}/{filter}")
}

/// The prefix of every subscription of `client_id`.
pub fn subscriptions_of(client_id: &str) -> String {
    format!("{SUBSCRIPTION_PREFIX}{client_id}/")
}

/// The delayed will of `client_id`.
pub fn will(client_id: &str) -> String {
    format!("{WILL_PREFIX}{client_id}")
}

/// The retained message of `topic`.
pub fn retained(topic: &str) -> String {
    format!("{RETAINED_PREFIX}{topic}")
}

/// The committed offset of consumer group `group` for `topic`'s `partition`.
pub fn offset(group: &str, topic: &str, partition: u32) -> String {
    format!("{OFFSET_PREFIX}{group}/{topic}/{partition}")
}

/// The prefix of every offset key of consumer group `group`.
pub fn offset_prefix(group: &str) -> String {
    format!("{OFFSET_PREFIX}{group}/")
}

/// What follows `prefix` in `key`; `None` when `key` is not under it.
pub fn strip<'a>(key: &'a str, prefix: &str) -> Option<&'a str> {
    key.strip_prefix(prefix)
}

/// The client id and filter of a subscription key.
pub fn parse_subscription(key: &str) -> Option<(&str, &str)> {
    strip(key, SUBSCRIPTION_PREFIX)?.split_once('/')
}

/// The kind and value of a blacklist key.
pub fn parse_ban(key: &str) -> Option<(BanKind, &str)> {
    let (kind, value) = strip(key, BLACKLIST_PREFIX)?.split_once('/')?;
    Some((BanKind::parse(kind)?, value))
}

/// How many `offset-*` and `data-*` groups the meta nodes run: a fact of the meta nodes, learned
/// from them, which every key's group depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupCounts {
    /// `offset-*` groups, at least 1.
    pub offset: u32,
    /// `data-*` groups, at least 1.
    pub data: u32,
}

impl GroupCounts {
    /// Counts of at least one each.
    pub fn new(offset: u32, data: u32) -> GroupCounts {
        GroupCounts {
            offset: offset.max(1),
            data: data.max(1),
        }
    }

    /// The `data` group of routing key `key` (a client id or a topic).
    pub fn data_group(&self, key: &str) -> String {
        format!("data-{}", fnv1a(key) % u64::from(self.data))
    }

    /// The `offset` group of consumer group `group`.
    pub fn offset_group(&self, group: &str) -> String {
        format!("offset-{}", fnv1a(group) % u64::from(self.offset))
    }

    /// Every `data` group.
    pub fn data_groups(&self) -> impl Iterator<Item = String> {
        (0..self.data).map(|i| format!("data-{i}"))
    }

    /// Every group, in a fixed order: `metadata`, then the `offset-*` and the `data-*` groups.
    pub fn group_names(&self) -> Vec<String> {
        let mut names = vec![METADATA_GROUP.to_owned()];
        names.extend((0..self.offset).map(|i| format!("offset-{i}")));
        names.extend(self.data_groups());
        names
    }
}

/// FNV-1a: small, fixed by its definition, the same on every node and every version.
pub fn fnv1a(key: &str) -> u64 {
    key.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_route_to_stable_groups() {
        let counts = GroupCounts::new(4, 8);
        assert_eq!(counts.data_group("client-1"), counts.data_group("client-1"));
        let spread: std::collections::BTreeSet<String> = (0..100)
            .map(|i| counts.data_group(&format!("c{i}")))
            .collect();
        assert!(spread.len() > 4, "keys spread over the groups: {spread:?}");
        // FNV-1a of "a" is fixed by the algorithm; every node must compute the same group.
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(
            GroupCounts::new(1, 2).group_names(),
            ["metadata", "offset-0", "data-0", "data-1"]
        );
        assert_eq!(GroupCounts::new(0, 0), GroupCounts::new(1, 1));
    }

    #[test]
    fn keys_come_apart_as_they_were_built() {
        assert_eq!(
            parse_subscription(&subscription("c/1", "a/+")),
            Some(("c", "1/a/+")),
            "a client id with `/` is ambiguous in a subscription key; the first `/` splits"
        );
        assert_eq!(
            parse_subscription(&subscription("c1", "a/+")),
            Some(("c1", "a/+"))
        );
        assert_eq!(
            parse_ban(&ban(BanKind::Ip, "10.0.0.1")),
            Some((BanKind::Ip, "10.0.0.1"))
        );
        assert_eq!(strip(&topic("t/x"), TOPIC_PREFIX), Some("t/x"));
        assert_eq!(offset("g", "t", 2), "offset/g/t/2");
    }
}
