//! The typed records the Meta Service holds, stored as JSON under the keys of
//! [`crate::keys`].

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// A node id, as in `node_id` and `meta.peers`.
pub type NodeId = u64;

/// A topic as the `metadata` group records it (`topic/<name>`). A topic has `partitions`
/// shards, `<name>#0` to `<name>#<partitions - 1>`, of one storage type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicMeta {
    /// Topic name.
    pub name: String,
    /// Partitions, at least 1.
    pub partitions: u32,
    /// `EngineMemory`, `EngineRocksDB` or `EngineSegment`.
    pub storage: String,
    /// Retention in milliseconds, if limited.
    pub retention_ms: Option<u64>,
    /// Unix time of creation, in milliseconds.
    pub created_ms: i64,
}

/// What a topic rewrite rule applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RewriteAction {
    /// The topic of a PUBLISH.
    Publish,
    /// The filter of a SUBSCRIBE or UNSUBSCRIBE.
    Subscribe,
    /// Both.
    All,
}

impl RewriteAction {
    /// Parses `publish`, `subscribe` or `all`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "publish" => Some(Self::Publish),
            "subscribe" => Some(Self::Subscribe),
            "all" => Some(Self::All),
            _ => None,
        }
    }

    /// The name [`RewriteAction::parse`] reads.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Publish => "publish",
            Self::Subscribe => "subscribe",
            Self::All => "all",
        }
    }
}

/// A topic rewrite rule, one of the ordered list at `rewrite/rules` (EMQX's semantics): the
/// first rule whose action applies and whose `source` filter matches the topic decides; if its
/// `regex` matches, the topic becomes `dest` with `$1`..`$9` replaced by the regex's capture
/// groups, and if it does not, the topic stays as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RewriteRule {
    /// What the rule applies to.
    pub action: RewriteAction,
    /// A topic filter the topic must match (`+` and `#` as in MQTT).
    pub source: String,
    /// A regular expression (the `regex` crate's syntax) over the whole topic.
    pub regex: String,
    /// The new topic, with `$1`..`$9` for the regex's capture groups.
    pub dest: String,
}

/// A subscription every client gets at connect (`autosub/rules`, one ordered list), as EMQX's
/// auto-subscribe: `filter` may hold `${clientid}` and `${username}`, replaced by the client's;
/// a rule that names `${username}` is skipped for a client without one. The subscription goes
/// through the same checks as a SUBSCRIBE (filter, ACL, limits).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutoSubscribeRule {
    /// The topic filter, with placeholders.
    pub filter: String,
    /// The maximum QoS granted, 0 to 2.
    pub qos: u8,
    /// MQTT 5 No Local: skip what the client itself publishes.
    #[serde(default)]
    pub no_local: bool,
    /// MQTT 5 Retain As Published.
    #[serde(default)]
    pub retain_as_published: bool,
    /// MQTT 5 Retain Handling: 0 send retained messages at subscribe, 1 only if the
    /// subscription is new, 2 never.
    #[serde(default)]
    pub retain_handling: u8,
}

/// A user of the built-in store. The password is kept only as a salted hash
/// (`robustmq_common::password`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRecord {
    /// The MQTT username.
    pub username: String,
    /// `robustmq_common::password::hash` of the password.
    pub password_hash: String,
    /// A superuser passes every ACL check.
    pub superuser: bool,
    /// Unix milliseconds.
    pub created_ms: i64,
    /// `robustmq_common::scram::Credential` of the password, for SCRAM-SHA-256 logins: written
    /// with the password, and added at the next password login for users of earlier versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scram: Option<String>,
}

/// Whom an ACL rule applies to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum AclWho {
    /// Every client.
    All,
    /// Clients that authenticated as this username.
    Username(String),
    /// The client with this id.
    ClientId(String),
}

/// What an ACL rule covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AclAction {
    /// PUBLISH (and a will's topic).
    Publish,
    /// SUBSCRIBE.
    Subscribe,
    /// Both.
    All,
}

/// An ACL rule. Rules are unordered: a matching `deny` wins over any matching `allow`, and when
/// no rule matches, `mqtt.acl_no_match` decides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AclRecord {
    /// Unique name, chosen by the operator.
    pub name: String,
    /// Whom it applies to.
    pub who: AclWho,
    /// What it covers.
    pub action: AclAction,
    /// A topic filter; `${username}` and `${clientid}` stand for the client's own.
    pub topic: String,
    /// `true` allows, `false` denies.
    pub allow: bool,
}

/// What a blacklist entry names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BanKind {
    /// A client id.
    ClientId,
    /// A username.
    Username,
    /// A peer IP address.
    Ip,
}

impl BanKind {
    /// The name used in keys, the admin API and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            BanKind::ClientId => "client_id",
            BanKind::Username => "username",
            BanKind::Ip => "ip",
        }
    }

    /// The kind named `name`.
    pub fn parse(name: &str) -> Option<BanKind> {
        [BanKind::ClientId, BanKind::Username, BanKind::Ip]
            .into_iter()
            .find(|k| k.as_str() == name)
    }
}

/// A blacklist entry: matching clients are refused at CONNECT (0x8A Banned) and disconnected if
/// connected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BanRecord {
    /// What `value` is.
    pub kind: BanKind,
    /// The banned client id, username or IP address.
    pub value: String,
    /// Why, for operators.
    pub reason: String,
    /// Unix milliseconds.
    pub created_ms: i64,
    /// Unix milliseconds when the ban lapses; `None` never.
    pub until_ms: Option<i64>,
}

impl BanRecord {
    /// Whether the ban holds at `now_ms`.
    pub fn active(&self, now_ms: i64) -> bool {
        self.until_ms.is_none_or(|until| now_ms < until)
    }
}

/// What a node says about itself in each heartbeat (`node/<id>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeRecord {
    /// The node.
    pub node_id: NodeId,
    /// Roles it runs.
    pub roles: Vec<String>,
    /// Its inner gRPC address.
    pub grpc_addr: String,
    /// Its version.
    pub version: String,
    /// Increases with every heartbeat; a change is what the controller watches for.
    pub beat: u64,
    /// The address its Kafka listener advertises, when it runs one: what Kafka Metadata tells
    /// clients for the partitions this node leads. Absent in records of older versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kafka_addr: Option<String>,
}

/// Where the partitions of one topic live (`placement/<topic>`), index `p` for partition `p`.
/// The controller appends an entry for each partition that has none; an entry is never
/// removed while its topic exists (it goes in the same log entry as the topic record).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicPlacement {
    /// One entry per placed partition, in partition order; shorter than the topic's partition
    /// count while the controller has not yet placed the newest ones.
    pub partitions: Vec<PartitionPlacement>,
}

/// One partition's place: the engine node that holds its leader shard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionPlacement {
    /// The engine node that takes the partition's appends and serves its reads.
    pub leader: NodeId,
    /// Raised each time the leader changes, so that a stale holder can be told apart.
    pub epoch: u64,
    /// Every node with a copy, the leader first. Only the leader today (replication factor 1).
    pub replicas: Vec<NodeId>,
}

impl TopicPlacement {
    /// The leader of `partition`, once placed.
    pub fn leader(&self, partition: u32) -> Option<NodeId> {
        self.partitions.get(partition as usize).map(|p| p.leader)
    }
}

/// A node's liveness as the controller judges it (`liveness/<id>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Liveness {
    /// Heartbeats arrive.
    Alive,
    /// No heartbeat for half the node timeout.
    Suspect,
    /// No heartbeat for the whole node timeout.
    Dead,
}

impl Liveness {
    /// The judgement after `silent` without a new beat.
    pub fn after(silent: Duration, timeout: Duration) -> Self {
        if silent >= timeout {
            Liveness::Dead
        } else if silent >= timeout / 2 {
            Liveness::Suspect
        } else {
            Liveness::Alive
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn liveness_moves_from_alive_to_suspect_to_dead() {
        let timeout = Duration::from_secs(10);
        assert_eq!(
            Liveness::after(Duration::from_secs(4), timeout),
            Liveness::Alive
        );
        assert_eq!(
            Liveness::after(Duration::from_secs(5), timeout),
            Liveness::Suspect
        );
        assert_eq!(
            Liveness::after(Duration::from_secs(10), timeout),
            Liveness::Dead
        );
    }

    #[test]
    fn a_ban_lapses_at_its_end() {
        let ban = BanRecord {
            kind: BanKind::Ip,
            value: "10.0.0.7".into(),
            reason: "flood".into(),
            created_ms: 1,
            until_ms: Some(10),
        };
        assert!(ban.active(9) && !ban.active(10));
        assert_eq!(BanKind::parse("client_id"), Some(BanKind::ClientId));
        assert_eq!(BanKind::parse("nope"), None);
    }
}
