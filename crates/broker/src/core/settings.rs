//! The broker's view of the node config: the `[mqtt]` and `[storage]` keys it acts on, as plain
//! values (the MQTT layer turns them into wire properties).

use std::time::Duration;

use robustmq_common::Config;
use robustmq_common::config::{AclNoMatch, FsyncPolicy, QueueOverflow, StorageType};

use crate::core::message::QoS;

/// Limits and switches of one broker node, fixed at startup.
#[derive(Debug, Clone)]
pub struct Settings {
    /// This node's id, used in `$SYS` topics, assigned client ids and auto shard names.
    pub node_id: u64,
    /// Largest keepalive granted; a 5.0 client asking for more is told Server Keep Alive.
    pub max_keepalive: u16,
    /// Whether clients may connect without a stored user's credentials.
    pub allow_anonymous: bool,
    /// Largest packet accepted, in bytes.
    pub max_packet_size: u32,
    /// Receive Maximum in both directions.
    pub max_inflight: u16,
    /// Highest inbound topic alias.
    pub topic_alias_maximum: u16,
    /// Ceiling on session expiry, seconds; `u32::MAX` never expires.
    pub max_session_expiry: u32,
    /// Queue bound in messages.
    pub max_queued_messages: u64,
    /// Queue bound in payload bytes.
    pub max_queued_bytes: u64,
    /// What a full queue discards.
    pub queue_overflow: QueueOverflow,
    /// Highest QoS granted.
    pub max_qos: QoS,
    /// Whether retained messages are kept.
    pub retain_available: bool,
    /// Filters no client may subscribe or publish to.
    pub acl_deny: Vec<String>,
    /// The ACL decision when no rule matches.
    pub acl_no_match: AclNoMatch,
    /// Time allowed for CONNECT.
    pub connect_timeout: Duration,
    /// Concurrent connection cap.
    pub max_connections: u32,
    /// Partitions of the topic `$mqtt` that holds the MQTT topics without one of their own,
    /// when this node is the first to create it (see `core::storage`).
    pub auto_topic_shards: u32,
    /// Storage type of `$mqtt` when this node creates it.
    pub default_storage: StorageType,
    /// Sync policy of the shards this node creates.
    pub fsync: FsyncPolicy,
    /// `$SYS` publish period; `None` switches them off.
    pub sys_interval: Option<Duration>,
}

impl Settings {
    /// The settings a validated `config` describes.
    pub fn from_config(config: &Config) -> Settings {
        let m = &config.mqtt;
        Settings {
            node_id: config.node_id,
            max_keepalive: m.max_keepalive,
            allow_anonymous: m.allow_anonymous,
            max_packet_size: m.max_packet_size,
            max_inflight: m.max_inflight,
            topic_alias_maximum: m.topic_alias_maximum,
            max_session_expiry: m.max_session_expiry,
            max_queued_messages: m.max_queued_messages,
            max_queued_bytes: m.max_queued_bytes,
            queue_overflow: m.queue_overflow,
            max_qos: QoS::from_u8(m.max_qos).unwrap_or(QoS::ExactlyOnce),
            retain_available: m.retain_available,
            acl_deny: m.acl_deny.clone(),
            acl_no_match: m.acl_no_match,
            connect_timeout: Duration::from_millis(m.connect_timeout_ms),
            max_connections: m.max_connections,
            auto_topic_shards: m.auto_topic_shards,
            default_storage: config.storage.default_type,
            fsync: config.storage.fsync,
            sys_interval: (m.sys_interval > 0).then(|| Duration::from_secs(m.sys_interval)),
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings::from_config(&Config::default())
    }
}
