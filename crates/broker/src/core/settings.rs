//! The broker's view of the node config: the `[mqtt]` and `[storage]` keys it acts on, as plain
//! values (the MQTT layer turns them into wire properties).

use std::time::Duration;

use robustmq_common::Config;
use robustmq_common::config::{AclNoMatch, FsyncPolicy, QueueOverflow, StorageType};

use crate::core::flapping::FlappingPolicy;
use crate::core::message::QoS;

/// Limits and switches of one broker node, fixed at startup.
#[derive(Debug, Clone)]
pub struct Settings {
    /// This node's id, used in `$SYS` topics, assigned client ids and auto shard names.
    pub node_id: u64,
    /// Largest keepalive granted; a 5.0 client asking for more is told Server Keep Alive.
    pub max_keepalive: u16,
    /// Whether keepalive 0 (never check) is honoured.
    pub allow_zero_keepalive: bool,
    /// Whether a verified client certificate's common name is the client's username
    /// (`mqtt.cert_cn_as_username`).
    pub cert_cn_as_username: bool,
    /// Whether connections start with a PROXY protocol header (`mqtt.proxy_protocol`).
    pub proxy_protocol: bool,
    /// Whether clients may connect without a stored user's credentials
    /// ([`Config::anonymous_allowed`]).
    pub allow_anonymous: bool,
    /// Largest packet accepted, in bytes.
    pub max_packet_size: u32,
    /// Receive Maximum in both directions.
    pub max_inflight: u16,
    /// Highest inbound topic alias.
    pub topic_alias_maximum: u16,
    /// Ceiling on session expiry, seconds; `u32::MAX` never expires.
    pub max_session_expiry: u32,
    /// Expiry of a 3.x session with clean session 0, seconds (before the ceiling).
    pub persistent_session_expiry: u32,
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
    /// Concurrent connections from one IP address; 0 is no limit.
    pub max_connections_per_ip: u32,
    /// PUBLISH packets per second per connection; 0 is no limit.
    pub max_publish_rate: u32,
    /// Retained messages held; 0 is no limit.
    pub max_retained_messages: u64,
    /// Retained payload bytes held; 0 is no limit.
    pub max_retained_bytes: u64,
    /// JWT authentication's key, if on.
    pub jwt: Option<JwtKey>,
    /// The token claim that is the username.
    pub jwt_username_claim: String,
    /// Whether SCRAM-SHA-256 logins are served (and users get SCRAM credentials).
    pub enable_scram: bool,
    /// Flapping detection; `max_connects = 0` is off.
    pub flapping: FlappingPolicy,
    /// Partitions of the topic `$mqtt` that holds the MQTT topics without one of their own,
    /// when this node is the first to create it (see `core::storage`).
    pub auto_topic_shards: u32,
    /// Storage type of `$mqtt` when this node creates it.
    pub default_storage: StorageType,
    /// Sync policy of the shards this node creates.
    pub fsync: FsyncPolicy,
    /// `$SYS` publish period; `None` switches them off.
    pub sys_interval: Option<Duration>,
    /// Most levels of a topic name or filter.
    pub max_topic_levels: u32,
    /// Most bytes of a topic name or filter.
    pub max_topic_length: u32,
    /// Most subscriptions of one session.
    pub max_subscriptions_per_client: u32,
}

/// The key JWT authentication checks tokens with.
#[derive(Clone, PartialEq, Eq)]
pub enum JwtKey {
    /// HS256 with this secret.
    Secret(String),
    /// RS256 with the PEM RSA public key in this file, read at startup.
    PublicKeyFile(String),
}

impl std::fmt::Debug for JwtKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JwtKey::Secret(_) => f.write_str("Secret(<redacted>)"),
            JwtKey::PublicKeyFile(path) => f.debug_tuple("PublicKeyFile").field(path).finish(),
        }
    }
}

impl Settings {
    /// The settings a validated `config` describes.
    pub fn from_config(config: &Config) -> Settings {
        let m = &config.mqtt;
        Settings {
            node_id: config.node_id,
            max_keepalive: m.max_keepalive,
            allow_zero_keepalive: m.allow_zero_keepalive,
            cert_cn_as_username: m.cert_cn_as_username,
            proxy_protocol: m.proxy_protocol,
            allow_anonymous: config.anonymous_allowed(),
            max_packet_size: m.max_packet_size,
            max_inflight: m.max_inflight,
            topic_alias_maximum: m.topic_alias_maximum,
            max_session_expiry: m.max_session_expiry,
            persistent_session_expiry: m.persistent_session_expiry,
            max_queued_messages: m.max_queued_messages,
            max_queued_bytes: m.max_queued_bytes,
            queue_overflow: m.queue_overflow,
            max_qos: QoS::from_u8(m.max_qos).unwrap_or(QoS::ExactlyOnce),
            retain_available: m.retain_available,
            acl_deny: m.acl_deny.clone(),
            acl_no_match: m.acl_no_match,
            connect_timeout: Duration::from_millis(m.connect_timeout_ms),
            max_connections: m.max_connections,
            max_connections_per_ip: m.max_connections_per_ip,
            max_publish_rate: m.max_publish_rate,
            max_retained_messages: m.max_retained_messages,
            max_retained_bytes: m.max_retained_bytes,
            jwt: if !m.jwt_secret.is_empty() {
                Some(JwtKey::Secret(m.jwt_secret.clone()))
            } else if !m.jwt_public_key.is_empty() {
                Some(JwtKey::PublicKeyFile(m.jwt_public_key.clone()))
            } else {
                None
            },
            jwt_username_claim: m.jwt_username_claim.clone(),
            enable_scram: m.enable_scram,
            flapping: FlappingPolicy {
                max_connects: m.flapping_max_connects,
                window_ms: i64::try_from(m.flapping_window_secs * 1000).unwrap_or(i64::MAX),
                ban_ms: i64::try_from(m.flapping_ban_secs * 1000).unwrap_or(i64::MAX),
            },
            auto_topic_shards: m.auto_topic_shards,
            default_storage: config.storage.default_type,
            fsync: config.storage.fsync,
            sys_interval: (m.sys_interval > 0).then(|| Duration::from_secs(m.sys_interval)),
            max_topic_levels: m.max_topic_levels,
            max_topic_length: m.max_topic_length,
            max_subscriptions_per_client: m.max_subscriptions_per_client,
        }
    }

    /// Whether `topic` (a name, or a filter without any `$share/{group}/` prefix) is within
    /// `max_topic_length` bytes and `max_topic_levels` levels. Every protocol checks what a
    /// client sends against it before the subscription tree, whose walks recurse once per level,
    /// or storage see it.
    pub fn topic_fits(&self, topic: &str) -> bool {
        topic.len() <= self.max_topic_length as usize
            && topic.bytes().filter(|b| *b == b'/').count() < self.max_topic_levels as usize
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings::from_config(&Config::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_topic_fits_within_its_levels_and_bytes() {
        let s = Settings {
            max_topic_levels: 3,
            max_topic_length: 8,
            ..Settings::default()
        };
        assert!(s.topic_fits("a/b/c"));
        assert!(!s.topic_fits("a/b/c/d"), "four levels");
        assert!(!s.topic_fits("///"), "empty levels count");
        assert!(s.topic_fits("12345678"));
        assert!(!s.topic_fits("123456789"), "nine bytes");
        let defaults = Settings::default();
        assert!(
            !defaults.topic_fits(&"/".repeat(65_535)),
            "a 64 KiB topic of /"
        );
        assert!(defaults.topic_fits(&["a"; 128].join("/")), "128 levels");
        assert!(!defaults.topic_fits(&["a"; 129].join("/")), "129 levels");
    }
}
