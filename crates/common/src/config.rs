//! The `robustmqd` configuration: the keys of the config contract in `ARCHITECTURE.md`, their
//! defaults, `ROBUSTMQ_<SECTION>_<KEY>` environment overrides and validation.
//!
//! Precedence, lowest first: built-in defaults, the TOML file, environment variables, command-line
//! flags (applied by the caller before [`Config::validate`]).
//!
//! Every error names the key it is about (`roles`, `server.http_addr`, `meta.peers.2`) so that a
//! one-line message is enough to find the mistake.

use std::collections::BTreeMap;
use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The documented default config file, `config/robustmqd.toml`, embedded at build time.
///
/// `robustmqd config default` prints it. A test checks that it parses to [`Config::default`] and
/// that it spells out every key, so the documentation cannot drift from the code.
pub const DEFAULT_CONFIG_TOML: &str = include_str!("../../../config/robustmqd.toml");

/// Prefix of the environment variables that override config keys.
pub const ENV_PREFIX: &str = "ROBUSTMQ_";

/// An error in loading or validating a config. Its `Display` is a single line that names the key,
/// the environment variable or the file position at fault.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The config file could not be read.
    #[error("cannot read config file {path}: {source}")]
    Read {
        /// The file that was asked for.
        path: PathBuf,
        /// Why reading failed.
        source: std::io::Error,
    },
    /// The file is not valid TOML.
    #[error("{path}:{line}:{column}: invalid TOML: {message}")]
    Syntax {
        /// The file that was parsed.
        path: PathBuf,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What the TOML parser reported.
        message: String,
    },
    /// A `ROBUSTMQ_*` environment variable could not be applied.
    #[error("environment variable {var}: {reason}")]
    Env {
        /// The variable's name.
        var: String,
        /// Why it was rejected.
        reason: String,
    },
    /// A key has a value that is not allowed.
    #[error("{key}: {reason}")]
    Invalid {
        /// Dotted path of the key, for example `server.http_addr`.
        key: String,
        /// Why the value is rejected.
        reason: String,
    },
}

impl ConfigError {
    fn invalid(key: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::Invalid {
            key: key.into(),
            reason: reason.into(),
        }
    }

    /// The dotted key this error is about, when it is about one key.
    pub fn key(&self) -> Option<&str> {
        match self {
            Self::Invalid { key, .. } => Some(key),
            _ => None,
        }
    }
}

/// A role that a `robustmqd` process can play. Any non-empty combination is valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Raft groups holding cluster metadata, sessions and offsets.
    Meta,
    /// Protocol front end: MQTT and Kafka.
    Broker,
    /// Shard storage.
    Engine,
}

impl Role {
    /// Every role, in startup order: meta first, so that engine and broker can register with it;
    /// engine before broker, so that the broker finds its shards.
    pub const STARTUP_ORDER: [Role; 3] = [Role::Meta, Role::Engine, Role::Broker];

    /// The lowercase name used in config files, flags and `/health`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Meta => "meta",
            Role::Broker => "broker",
            Role::Engine => "engine",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "meta" => Ok(Role::Meta),
            "broker" => Ok(Role::Broker),
            "engine" => Ok(Role::Engine),
            other => Err(format!(
                "unknown role `{other}` (expected meta, broker or engine)"
            )),
        }
    }
}

/// Where a shard keeps its records; chosen per topic, with a node-wide default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StorageType {
    /// Bounded in-memory log; lost on restart.
    EngineMemory,
    /// RocksDB, key = shard/offset; survives restart.
    EngineRocksDB,
    /// Append-only segment files with indexes; survives restart and `kill -9`.
    EngineSegment,
}

/// When a durable shard calls fsync (or syncs its WAL) before it acknowledges an append.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FsyncPolicy {
    /// Every append is synced before it is acknowledged.
    Always,
    /// Group commit: one sync covers every append that arrived while the previous one ran; an
    /// append is acknowledged only after the sync that covers it.
    Batch,
    /// Never sync explicitly; the OS writes back when it likes.
    Never,
}

/// A listen address: `"ip:port"`, or `""` for a listener that is switched off.
///
/// Port 0 asks the OS for a free port, which tests use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ListenAddr(Option<SocketAddr>);

impl ListenAddr {
    /// A listener bound to `addr`.
    pub fn new(addr: SocketAddr) -> Self {
        Self(Some(addr))
    }

    /// A switched-off listener.
    pub fn disabled() -> Self {
        Self(None)
    }

    /// The address, or `None` when the listener is switched off.
    pub fn get(&self) -> Option<SocketAddr> {
        self.0
    }
}

impl fmt::Display for ListenAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(addr) => write!(f, "{addr}"),
            None => Ok(()),
        }
    }
}

impl FromStr for ListenAddr {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(Self(None));
        }
        s.parse::<SocketAddr>().map(|a| Self(Some(a))).map_err(|_| {
            format!("`{s}` is not a listen address (expected ip:port such as 127.0.0.1:1883, or \"\" to disable)")
        })
    }
}

impl Serialize for ListenAddr {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ListenAddr {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(D::Error::custom)
    }
}

/// The bootstrap set of meta nodes: node id to the inner gRPC address (`host:port`) of each.
///
/// TOML keys are strings, so this type parses them into node ids and checks each address's shape.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Peers(BTreeMap<u64, String>);

impl Peers {
    /// The peers, ordered by node id.
    pub fn iter(&self) -> impl Iterator<Item = (u64, &str)> {
        self.0.iter().map(|(id, addr)| (*id, addr.as_str()))
    }

    /// The address of `node_id`, if it is a peer.
    pub fn get(&self, node_id: u64) -> Option<&str> {
        self.0.get(&node_id).map(String::as_str)
    }

    /// Whether no peer is listed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromIterator<(u64, String)> for Peers {
    fn from_iter<T: IntoIterator<Item = (u64, String)>>(iter: T) -> Self {
        Self(iter.into_iter().collect())
    }
}

impl Serialize for Peers {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k.to_string(), v)))
    }
}

impl<'de> Deserialize<'de> for Peers {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = BTreeMap::<String, String>::deserialize(deserializer)?;
        let mut peers = BTreeMap::new();
        for (key, addr) in raw {
            let id: u64 = key
                .trim()
                .parse()
                .map_err(|_| D::Error::custom(format!("key `{key}` is not a node id")))?;
            check_peer_addr(&addr).map_err(|reason| D::Error::custom(format!("{id}: {reason}")))?;
            peers.insert(id, addr);
        }
        Ok(Peers(peers))
    }
}

/// Checks that `addr` is `host:port` with a non-zero port. The host is resolved when dialled.
fn check_peer_addr(addr: &str) -> Result<(), String> {
    let bad = || format!("`{addr}` is not a peer address (expected host:port)");
    let (host, port) = addr.rsplit_once(':').ok_or_else(bad)?;
    match port.parse::<u16>() {
        Ok(p) if p != 0 && !host.is_empty() => Ok(()),
        _ => Err(bad()),
    }
}

/// The complete node configuration. See `config/robustmqd.toml` for what every key means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// This node's id; unique in the cluster, at least 1.
    pub node_id: u64,
    /// Name of the cluster; nodes refuse peers from another cluster.
    pub cluster_name: String,
    /// Roles this process runs.
    pub roles: Vec<Role>,
    /// Root of everything this node writes to disk.
    pub data_dir: PathBuf,
    /// The common server layer.
    pub server: ServerConfig,
    /// The Meta Service.
    pub meta: MetaConfig,
    /// MQTT listeners and limits.
    pub mqtt: MqttConfig,
    /// The Kafka listener.
    pub kafka: KafkaConfig,
    /// Certificates for TLS, WSS and QUIC.
    pub tls: TlsConfig,
    /// Storage defaults for new shards.
    pub storage: StorageConfig,
}

/// `[server]`: the inner gRPC, admin HTTP and Prometheus servers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerConfig {
    /// Inner gRPC (node to node, admin gRPC).
    pub grpc_addr: ListenAddr,
    /// Admin HTTP: REST and `/health`.
    pub http_addr: ListenAddr,
    /// Prometheus `/metrics`; `""` disables it.
    pub prometheus_addr: ListenAddr,
    /// Bearer token for admin access; required when gRPC or HTTP binds beyond loopback.
    pub admin_token: String,
    /// The secret every node-to-node gRPC call carries and every inner service (Raft, meta,
    /// engine) checks; the same on every node of a cluster. Required, of at least
    /// [`MIN_CLUSTER_SECRET_LEN`] bytes, when gRPC binds beyond loopback.
    pub cluster_secret: String,
    /// Inner TLS: this node's certificate chain, PEM. With `tls_key` and `tls_ca` (all three
    /// or none), the inner gRPC port serves only mutual TLS and this node dials its peers over
    /// TLS, presenting this certificate; it must be meant for both server and client
    /// authentication.
    pub tls_cert: String,
    /// Inner TLS: the private key of `tls_cert`, PEM.
    pub tls_key: String,
    /// Inner TLS: the CA that every node's certificate chains to, servers' and clients' alike.
    pub tls_ca: String,
    /// Inner TLS: the name a peer's certificate must carry; empty means the host this node
    /// dials (the address in `meta.peers` or the peer's node record).
    pub tls_server_name: String,
}

impl ServerConfig {
    /// Whether inner TLS is on (`tls_cert`, `tls_key` and `tls_ca` set).
    pub fn inner_tls(&self) -> bool {
        !self.tls_cert.is_empty()
    }
}

/// Highest `mqtt.max_topic_levels` accepted: the subscription tree's walks recurse once per
/// level, and this keeps their depth far from the stack's limit.
pub const MAX_TOPIC_LEVELS: u32 = 1024;

/// Shortest `server.cluster_secret` accepted: 128 bits of hex, or a passphrase as long.
pub const MIN_CLUSTER_SECRET_LEN: usize = 32;

/// `[meta]`: the Meta Service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MetaConfig {
    /// Every meta node of the bootstrap set.
    pub peers: Peers,
    /// Raft groups that consumer offsets are hashed onto.
    pub offset_groups: u32,
    /// Raft groups that MQTT sessions, subscriptions, retained and will messages are hashed onto.
    pub data_groups: u32,
    /// A node whose heartbeats stop is `suspect` after half of this and `dead` after all of it
    /// (milliseconds).
    pub node_timeout_ms: u64,
}

/// Shortest `mqtt.jwt_secret`: 256 bits, as RFC 7518 asks of an HS256 key.
pub const MIN_JWT_SECRET_LEN: usize = 32;

/// Largest `mqtt.flapping_window_secs` and `mqtt.flapping_ban_secs`: a year.
pub const MAX_FLAPPING_SECS: u64 = 366 * 24 * 3600;

/// Smallest `mqtt.max_packet_size`: room for a CONNECT with a short client id and a will.
pub const MIN_MQTT_PACKET_SIZE: u32 = 64;
/// Largest `mqtt.max_packet_size`: the largest packet MQTT can express.
pub const MAX_MQTT_PACKET_SIZE: u32 = 268_435_460;

/// `[mqtt]`: MQTT listeners and limits. `""` switches a listener off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MqttConfig {
    /// Plain TCP.
    pub tcp_addr: ListenAddr,
    /// TLS over TCP.
    pub tls_addr: ListenAddr,
    /// WebSocket, path `/mqtt`.
    pub ws_addr: ListenAddr,
    /// WebSocket over TLS.
    pub wss_addr: ListenAddr,
    /// QUIC.
    pub quic_addr: ListenAddr,
    /// Largest keepalive in seconds that the server accepts; larger requests are lowered to it.
    pub max_keepalive: u16,
    /// Whether a keepalive of 0 (never check the client) is honoured. Off (the default), a 5.0
    /// client asking for 0 gets `max_keepalive` as Server Keep Alive, and a 3.x client, which
    /// cannot be told, is refused with CONNACK return code 2 (identifier rejected, as Mosquitto
    /// refuses a keepalive it will not serve): a connection never checked would hold its slot
    /// forever once its host vanished.
    pub allow_zero_keepalive: bool,
    /// Whether a client that presented a verified certificate (mutual TLS, `tls.client_ca`)
    /// goes by the certificate's subject common name as its username, authenticated by the
    /// certificate: the username and password in its CONNECT are ignored (Mosquitto's
    /// `use_identity_as_username`). A client without a certificate logs in as usual.
    pub cert_cn_as_username: bool,
    /// Whether every connection to the TCP, TLS, WebSocket and WSS listeners starts with a
    /// PROXY protocol header (v1 or v2) from a load balancer, naming the real client, whose
    /// address bans, per-address limits and `client list` then use. A connection without a
    /// valid header is closed. Off by default.
    pub proxy_protocol: bool,
    /// Whether a client may connect without the credentials of a user in the user store. Unset
    /// (the default), it may only while every MQTT listener binds loopback, as in Mosquitto 2:
    /// see [`Config::anonymous_allowed`]. Either way, a client that names a stored user must give
    /// that user's password.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_anonymous: Option<bool>,
    /// Largest packet, in bytes, the broker accepts and announces as Maximum Packet Size.
    pub max_packet_size: u32,
    /// Receive Maximum: QoS 1/2 publishes in flight per direction and connection.
    pub max_inflight: u16,
    /// Highest topic alias a client may use towards the broker (0 turns aliases off).
    pub topic_alias_maximum: u16,
    /// Upper bound, in seconds, on the session expiry a client may ask for. 4294967295 never
    /// expires.
    pub max_session_expiry: u32,
    /// Seconds a 3.x session with clean session 0 outlives its connection: 3.x cannot ask for
    /// an expiry. At most `max_session_expiry`; 4294967295 never expires.
    pub persistent_session_expiry: u32,
    /// Messages queued per session (offline, or beyond the inflight window) before overflow.
    pub max_queued_messages: u64,
    /// Payload bytes queued per session before overflow.
    pub max_queued_bytes: u64,
    /// What overflow discards: `drop_oldest` or `drop_newest`.
    pub queue_overflow: QueueOverflow,
    /// Highest QoS the broker grants: 0, 1 or 2.
    pub max_qos: u8,
    /// Whether retained messages are kept.
    pub retain_available: bool,
    /// Topic filters no client may subscribe or publish to, superusers included, whatever the
    /// ACL rules say.
    pub acl_deny: Vec<String>,
    /// What a PUBLISH or SUBSCRIBE that no ACL rule matches gets.
    pub acl_no_match: AclNoMatch,
    /// Milliseconds a new connection has for its TLS handshake or WebSocket upgrade (and PROXY
    /// header), and then again for CONNECT.
    pub connect_timeout_ms: u64,
    /// Most concurrent MQTT connections per listener (as Mosquitto's and EMQX's
    /// `max_connections`); more are closed at accept.
    pub max_connections: u32,
    /// Most connections open at once per listener from one IP address (an IPv4-mapped IPv6
    /// peer counts as its IPv4 address), CONNECT sent or not; more are closed at accept. 0: no
    /// limit. Raise it for many clients behind one NAT, or for load tests from one host.
    pub max_connections_per_ip: u32,
    /// Most PUBLISH packets per second one connection may send, with a burst of one second's
    /// worth (0: no limit). Beyond it the broker stops reading from the connection until the
    /// rate allows (TCP backpressure, as EMQX's limiter does): nothing is dropped.
    pub max_publish_rate: u32,
    /// Most retained messages held (each broker holds all of them in memory). A retained
    /// PUBLISH to a topic without one beyond it is not retained: a 5.0 QoS 1/2 PUBLISH gets
    /// 0x97 Quota exceeded and is not published; others are published without the retained
    /// copy. 0: no limit.
    pub max_retained_messages: u64,
    /// Most payload bytes of retained messages held, enforced as `max_retained_messages` is. 0:
    /// no limit.
    pub max_retained_bytes: u64,
    /// HS256 key for JWT authentication (a client presents a token as its password); empty
    /// is off. At least 32 bytes. Redacted by `config check`.
    pub jwt_secret: String,
    /// Path of a PEM RSA public key for RS256 JWT authentication; empty is off. At most one of
    /// `jwt_secret` and this.
    pub jwt_public_key: String,
    /// The token claim that is the client's username.
    pub jwt_username_claim: String,
    /// Whether SCRAM-SHA-256 logins (MQTT 5 enhanced authentication) are served. Each user then
    /// also keeps a SCRAM credential (PBKDF2-SHA256, 4096 iterations, as RFC 7677 and EMQX)
    /// beside its argon2id hash, written with its password or at its next password login:
    /// whoever reads the meta store guesses passwords against that far more cheaply, which is
    /// why it is off by default.
    pub enable_scram: bool,
    /// Flapping detection: a client id that connects more than this many times within
    /// `flapping_window_secs` is banned for `flapping_ban_secs` (a blacklist record with reason
    /// `flapping`). 0 turns it off.
    pub flapping_max_connects: u32,
    /// The flapping window, seconds (at least 1).
    pub flapping_window_secs: u64,
    /// How long a flapping client id stays banned, seconds (at least 1).
    pub flapping_ban_secs: u64,
    /// Partitions of the topic `$mqtt`, which stores the topics without a record of their own,
    /// when this node is the first to create it; afterwards meta's record decides.
    pub auto_topic_shards: u32,
    /// Seconds between `$SYS/brokers/<node>/...` publishes (0 turns them off).
    pub sys_interval: u64,
    /// Most levels (`/`-separated parts) of a topic name or filter, 1 to
    /// [`MAX_TOPIC_LEVELS`]. A PUBLISH or will over it is refused as an invalid topic name, a
    /// SUBSCRIBE filter as an invalid filter: the subscription tree has a node per level.
    pub max_topic_levels: u32,
    /// Most bytes of a topic name or filter (a shared filter with its `$share/{group}/`), 1 to
    /// 65535 (the MQTT maximum). Refused as `max_topic_levels` is.
    pub max_topic_length: u32,
    /// Most subscriptions one session holds; a SUBSCRIBE of a new filter beyond them gets Quota
    /// exceeded (0x97 at 5.0, 0x80 at 3.x). Replacing a subscription is always allowed.
    pub max_subscriptions_per_client: u32,
}

/// The ACL decision when no rule matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AclNoMatch {
    /// Allow it (the default: with no rules, everything is allowed).
    Allow,
    /// Deny it: only what a rule allows is allowed.
    Deny,
}

/// What a full session queue discards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueOverflow {
    /// Discard the oldest queued message to make room.
    DropOldest,
    /// Discard the new message.
    DropNewest,
}

/// `[kafka]`: the Kafka listener.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KafkaConfig {
    /// Kafka protocol listener; `""` disables it.
    pub addr: ListenAddr,
    /// `host:port` that Metadata and FindCoordinator tell clients to connect to; `""` means the
    /// listener's own address (which must then not be a wildcard such as `0.0.0.0`).
    pub advertised_addr: String,
    /// Whether Metadata creates a topic a client asks for that does not exist (when the client
    /// allows it), as Kafka's `auto.create.topics.enable`.
    pub auto_create_topics: bool,
    /// Partitions of a topic created by Metadata, or by CreateTopics with `-1`; 1 to 1024.
    pub default_partitions: u32,
    /// Storage type of topics created over Kafka.
    pub default_storage: StorageType,
    /// Largest request accepted, in bytes (Kafka's `socket.request.max.bytes`); a larger one
    /// closes the connection.
    pub max_request_bytes: u32,
    /// How long the first rebalance of an empty consumer group waits for more members, in
    /// milliseconds (Kafka's `group.initial.rebalance.delay.ms`); at most 300,000.
    pub group_initial_rebalance_delay_ms: u32,
}

/// `[tls]`: PEM files used by the TLS, WSS and QUIC listeners.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TlsConfig {
    /// Certificate chain, PEM.
    pub cert: String,
    /// Private key, PEM.
    pub key: String,
    /// CA that client certificates must chain to; set means mutual TLS.
    pub client_ca: String,
    /// With `client_ca`: whether a client must present a certificate (a presented one is
    /// verified either way).
    pub verify_peer: bool,
}

impl Default for TlsConfig {
    fn default() -> Self {
        TlsConfig {
            cert: String::new(),
            key: String::new(),
            client_ca: String::new(),
            verify_peer: true,
        }
    }
}

/// `[storage]`: defaults for shards created without explicit settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StorageConfig {
    /// Storage type of a topic created without `--storage`.
    pub default_type: StorageType,
    /// Sync policy of durable shards.
    pub fsync: FsyncPolicy,
}

fn loopback(port: u16) -> ListenAddr {
    ListenAddr::new(SocketAddr::from(([127, 0, 0, 1], port)))
}

impl Default for Config {
    fn default() -> Self {
        Self {
            node_id: 1,
            cluster_name: "robustmq".to_owned(),
            roles: vec![Role::Meta, Role::Broker, Role::Engine],
            data_dir: PathBuf::from("./data"),
            server: ServerConfig::default(),
            meta: MetaConfig::default(),
            mqtt: MqttConfig::default(),
            kafka: KafkaConfig::default(),
            tls: TlsConfig::default(),
            storage: StorageConfig::default(),
        }
    }
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            grpc_addr: loopback(1228),
            http_addr: loopback(8080),
            prometheus_addr: loopback(9091),
            admin_token: String::new(),
            cluster_secret: String::new(),
            tls_cert: String::new(),
            tls_key: String::new(),
            tls_ca: String::new(),
            tls_server_name: String::new(),
        }
    }
}

/// Most shards of the `offset` or `data` group; each is a Raft group with its own tasks.
pub const MAX_HASHED_GROUPS: u32 = 64;

/// Smallest `meta.node_timeout_ms`: two heartbeat periods.
pub const MIN_NODE_TIMEOUT_MS: u64 = 2_000;

impl Default for MetaConfig {
    fn default() -> Self {
        Self {
            peers: [(1, "127.0.0.1:1228".to_owned())].into_iter().collect(),
            offset_groups: 1,
            data_groups: 1,
            node_timeout_ms: 10_000,
        }
    }
}

impl Default for MqttConfig {
    fn default() -> Self {
        Self {
            tcp_addr: loopback(1883),
            tls_addr: ListenAddr::disabled(),
            ws_addr: loopback(8083),
            wss_addr: ListenAddr::disabled(),
            quic_addr: ListenAddr::disabled(),
            max_keepalive: 60,
            allow_zero_keepalive: false,
            cert_cn_as_username: false,
            proxy_protocol: false,
            allow_anonymous: None,
            max_packet_size: 1 << 20,
            max_inflight: 100,
            topic_alias_maximum: 64,
            max_session_expiry: u32::MAX,
            persistent_session_expiry: 7200,
            max_queued_messages: 1000,
            max_queued_bytes: 64 << 20,
            queue_overflow: QueueOverflow::DropOldest,
            max_qos: 2,
            retain_available: true,
            acl_deny: Vec::new(),
            acl_no_match: AclNoMatch::Allow,
            connect_timeout_ms: 10_000,
            max_connections: 100_000,
            max_connections_per_ip: 1000,
            max_publish_rate: 0,
            max_retained_messages: 100_000,
            max_retained_bytes: 256 << 20,
            jwt_secret: String::new(),
            jwt_public_key: String::new(),
            jwt_username_claim: "sub".to_owned(),
            enable_scram: false,
            flapping_max_connects: 15,
            flapping_window_secs: 60,
            flapping_ban_secs: 300,
            auto_topic_shards: 4,
            sys_interval: 10,
            max_topic_levels: 128,
            max_topic_length: 65_535,
            max_subscriptions_per_client: 1000,
        }
    }
}

impl Default for KafkaConfig {
    fn default() -> Self {
        Self {
            addr: loopback(9092),
            advertised_addr: String::new(),
            auto_create_topics: true,
            default_partitions: 1,
            default_storage: StorageType::EngineSegment,
            max_request_bytes: 100 << 20,
            group_initial_rebalance_delay_ms: 3000,
        }
    }
}

impl Default for StorageConfig {
    fn default() -> Self {
        Self {
            default_type: StorageType::EngineMemory,
            fsync: FsyncPolicy::Batch,
        }
    }
}

impl Config {
    /// Loads the config: defaults, then the file at `path` (if any), then the `ROBUSTMQ_*`
    /// variables found in `env`. The result is not validated yet, so that the caller can apply
    /// command-line flags first.
    ///
    /// `env` is usually `std::env::vars()`. Variables whose name starts with `ROBUSTMQ_<SECTION>_`
    /// for a known section must name a known key; other `ROBUSTMQ_*` names that are not top-level
    /// keys (such as `ROBUSTMQ_ADDR`, read by `robustmqctl`) are ignored.
    ///
    /// # Errors
    /// [`ConfigError::Read`] or [`ConfigError::Syntax`] for the file, [`ConfigError::Env`] for a
    /// bad variable, and [`ConfigError::Invalid`] for a value of the wrong type or an unknown key.
    pub fn load(
        path: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, ConfigError> {
        let mut table = match path {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
                    path: path.to_owned(),
                    source,
                })?;
                parse_table(&text, path)?
            }
            None => toml::Table::new(),
        };
        apply_env(&mut table, env)?;
        from_table(table)
    }

    /// Parses a config from TOML text, without environment overrides; `origin` names the text in
    /// errors.
    ///
    /// # Errors
    /// As [`Config::load`], without the I/O and environment cases.
    pub fn from_toml_str(text: &str, origin: &Path) -> Result<Self, ConfigError> {
        from_table(parse_table(text, origin)?)
    }

    /// Renders the config as TOML, for `robustmqd config check`.
    pub fn to_toml(&self) -> String {
        toml::to_string(self).unwrap_or_else(|e| format!("# config cannot be rendered: {e}\n"))
    }

    /// Whether MQTT clients may connect without a stored user's credentials:
    /// `mqtt.allow_anonymous` when set; unset, only while every MQTT listener binds loopback, so
    /// that a node reachable from the network never lets strangers in by default.
    pub fn anonymous_allowed(&self) -> bool {
        let m = &self.mqtt;
        m.allow_anonymous.unwrap_or_else(|| {
            [
                &m.tcp_addr,
                &m.tls_addr,
                &m.ws_addr,
                &m.wss_addr,
                &m.quic_addr,
            ]
            .into_iter()
            .filter_map(ListenAddr::get)
            .all(|a| is_loopback(a.ip()))
        })
    }

    /// Whether this node runs `role`.
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// The listeners this node opens, as (config key, address), skipping switched-off ones and
    /// those of roles it does not run.
    pub fn listeners(&self) -> Vec<(&'static str, SocketAddr)> {
        let mut all = vec![
            ("server.grpc_addr", self.server.grpc_addr),
            ("server.http_addr", self.server.http_addr),
            ("server.prometheus_addr", self.server.prometheus_addr),
        ];
        if self.has_role(Role::Broker) {
            all.extend([
                ("mqtt.tcp_addr", self.mqtt.tcp_addr),
                ("mqtt.tls_addr", self.mqtt.tls_addr),
                ("mqtt.ws_addr", self.mqtt.ws_addr),
                ("mqtt.wss_addr", self.mqtt.wss_addr),
                ("mqtt.quic_addr", self.mqtt.quic_addr),
                ("kafka.addr", self.kafka.addr),
            ]);
        }
        all.into_iter()
            .filter_map(|(key, addr)| addr.get().map(|a| (key, a)))
            .collect()
    }

    /// Checks the rules that single values cannot express: roles, required and clashing listen
    /// addresses, meta membership, admin token and TLS material.
    ///
    /// # Errors
    /// The first rule broken, as [`ConfigError::Invalid`] naming its key.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.node_id == 0 {
            return Err(ConfigError::invalid("node_id", "must be at least 1"));
        }
        if self.cluster_name.is_empty()
            || !self
                .cluster_name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(ConfigError::invalid(
                "cluster_name",
                format!(
                    "`{}` must be non-empty and use only letters, digits, '-' and '_'",
                    self.cluster_name
                ),
            ));
        }
        if self.roles.is_empty() {
            return Err(ConfigError::invalid(
                "roles",
                "must list at least one of meta, broker, engine",
            ));
        }
        for (i, role) in self.roles.iter().enumerate() {
            if self.roles[..i].contains(role) {
                return Err(ConfigError::invalid(
                    "roles",
                    format!("`{role}` is listed twice"),
                ));
            }
        }
        if self.data_dir.as_os_str().is_empty() {
            return Err(ConfigError::invalid("data_dir", "must not be empty"));
        }
        for (key, addr) in [
            ("server.grpc_addr", self.server.grpc_addr),
            ("server.http_addr", self.server.http_addr),
        ] {
            if addr.get().is_none() {
                return Err(ConfigError::invalid(key, "must be set"));
            }
        }
        self.validate_peers()?;
        self.validate_mqtt()?;
        self.validate_kafka()?;
        self.validate_ports()?;
        self.validate_admin_token()?;
        self.validate_cluster_secret()?;
        self.validate_inner_tls()?;
        self.validate_tls()
    }

    fn validate_peers(&self) -> Result<(), ConfigError> {
        if self.meta.node_timeout_ms < MIN_NODE_TIMEOUT_MS {
            return Err(ConfigError::invalid(
                "meta.node_timeout_ms",
                format!(
                    "must be at least {MIN_NODE_TIMEOUT_MS} (heartbeats are sent every second), not {}",
                    self.meta.node_timeout_ms
                ),
            ));
        }
        for (key, count) in [
            ("meta.offset_groups", self.meta.offset_groups),
            ("meta.data_groups", self.meta.data_groups),
        ] {
            if count == 0 || count > MAX_HASHED_GROUPS {
                return Err(ConfigError::invalid(
                    key,
                    format!("must be between 1 and {MAX_HASHED_GROUPS}, not {count}"),
                ));
            }
        }
        if self.meta.peers.is_empty() {
            return Err(ConfigError::invalid(
                "meta.peers",
                "must name at least one meta node",
            ));
        }
        if self.has_role(Role::Meta) && self.meta.peers.get(self.node_id).is_none() {
            return Err(ConfigError::invalid(
                "meta.peers",
                format!(
                    "node_id {} runs the meta role but is missing from meta.peers",
                    self.node_id
                ),
            ));
        }
        Ok(())
    }

    fn validate_kafka(&self) -> Result<(), ConfigError> {
        let k = &self.kafka;
        if k.default_partitions == 0 || k.default_partitions > 1024 {
            return Err(ConfigError::invalid(
                "kafka.default_partitions",
                format!("must be between 1 and 1024, not {}", k.default_partitions),
            ));
        }
        if k.group_initial_rebalance_delay_ms > 300_000 {
            return Err(ConfigError::invalid(
                "kafka.group_initial_rebalance_delay_ms",
                format!(
                    "must be at most 300000, not {}",
                    k.group_initial_rebalance_delay_ms
                ),
            ));
        }
        if k.max_request_bytes < 1024 {
            return Err(ConfigError::invalid(
                "kafka.max_request_bytes",
                format!("must be at least 1024, not {}", k.max_request_bytes),
            ));
        }
        if !k.advertised_addr.is_empty() {
            let port = k
                .advertised_addr
                .rsplit_once(':')
                .and_then(|(host, port)| (!host.is_empty()).then_some(port))
                .and_then(|port| port.parse::<u16>().ok());
            if port.is_none_or(|p| p == 0) {
                return Err(ConfigError::invalid(
                    "kafka.advertised_addr",
                    format!("must be host:port, not `{}`", k.advertised_addr),
                ));
            }
        } else if self.has_role(Role::Broker)
            && let Some(addr) = k.addr.get()
            && addr.ip().is_unspecified()
        {
            return Err(ConfigError::invalid(
                "kafka.advertised_addr",
                format!(
                    "must be set when kafka.addr binds the wildcard address {addr}: clients need a host to connect to"
                ),
            ));
        }
        Ok(())
    }

    fn validate_mqtt(&self) -> Result<(), ConfigError> {
        let m = &self.mqtt;
        if m.max_packet_size < MIN_MQTT_PACKET_SIZE || m.max_packet_size > MAX_MQTT_PACKET_SIZE {
            return Err(ConfigError::invalid(
                "mqtt.max_packet_size",
                format!(
                    "must be between {MIN_MQTT_PACKET_SIZE} and {MAX_MQTT_PACKET_SIZE}, not {}",
                    m.max_packet_size
                ),
            ));
        }
        if m.max_inflight == 0 {
            return Err(ConfigError::invalid(
                "mqtt.max_inflight",
                "must be at least 1",
            ));
        }
        if m.max_qos > 2 {
            return Err(ConfigError::invalid(
                "mqtt.max_qos",
                format!("must be 0, 1 or 2, not {}", m.max_qos),
            ));
        }
        if m.max_queued_messages == 0 {
            return Err(ConfigError::invalid(
                "mqtt.max_queued_messages",
                "must be at least 1",
            ));
        }
        if m.max_connections == 0 {
            return Err(ConfigError::invalid(
                "mqtt.max_connections",
                "must be at least 1",
            ));
        }
        if !m.jwt_secret.is_empty() && m.jwt_secret.len() < MIN_JWT_SECRET_LEN {
            return Err(ConfigError::invalid(
                "mqtt.jwt_secret",
                format!("must be at least {MIN_JWT_SECRET_LEN} bytes long (HS256)"),
            ));
        }
        if !m.jwt_public_key.is_empty() {
            if !m.jwt_secret.is_empty() {
                return Err(ConfigError::invalid(
                    "mqtt.jwt_public_key",
                    "set either this or mqtt.jwt_secret, not both",
                ));
            }
            if let Err(e) = std::fs::metadata(&m.jwt_public_key) {
                return Err(ConfigError::invalid(
                    "mqtt.jwt_public_key",
                    format!("cannot read {}: {e}", m.jwt_public_key),
                ));
            }
        }
        if m.jwt_username_claim.is_empty() {
            return Err(ConfigError::invalid(
                "mqtt.jwt_username_claim",
                "must name a claim",
            ));
        }
        for (key, value) in [
            ("mqtt.flapping_window_secs", m.flapping_window_secs),
            ("mqtt.flapping_ban_secs", m.flapping_ban_secs),
        ] {
            if value == 0 || value > MAX_FLAPPING_SECS {
                return Err(ConfigError::invalid(
                    key,
                    format!("must be between 1 and {MAX_FLAPPING_SECS}, not {value}"),
                ));
            }
        }
        if m.auto_topic_shards == 0 || m.auto_topic_shards > 1024 {
            return Err(ConfigError::invalid(
                "mqtt.auto_topic_shards",
                format!("must be between 1 and 1024, not {}", m.auto_topic_shards),
            ));
        }
        if m.max_topic_levels == 0 || m.max_topic_levels > MAX_TOPIC_LEVELS {
            return Err(ConfigError::invalid(
                "mqtt.max_topic_levels",
                format!(
                    "must be between 1 and {MAX_TOPIC_LEVELS}, not {}",
                    m.max_topic_levels
                ),
            ));
        }
        if m.max_topic_length == 0 || m.max_topic_length > 65_535 {
            return Err(ConfigError::invalid(
                "mqtt.max_topic_length",
                format!("must be between 1 and 65535, not {}", m.max_topic_length),
            ));
        }
        if m.max_subscriptions_per_client == 0 {
            return Err(ConfigError::invalid(
                "mqtt.max_subscriptions_per_client",
                "must be at least 1",
            ));
        }
        if let Some(bad) = m
            .acl_deny
            .iter()
            .find(|f| !crate::topic::is_valid_filter(f))
        {
            return Err(ConfigError::invalid(
                "mqtt.acl_deny",
                format!("`{bad}` is not a valid topic filter"),
            ));
        }
        Ok(())
    }

    fn validate_ports(&self) -> Result<(), ConfigError> {
        let listeners = self.listeners();
        for (i, (key, addr)) in listeners.iter().enumerate() {
            if addr.port() == 0 {
                continue;
            }
            // QUIC listens on UDP: it shares a port number with a TCP listener without a clash.
            let udp = |key: &str| key == "mqtt.quic_addr";
            let clash = listeners[..i].iter().find(|(other_key, other)| {
                udp(key) == udp(other_key)
                    && other.port() == addr.port()
                    && (other.ip() == addr.ip()
                        || other.ip().is_unspecified()
                        || addr.ip().is_unspecified())
            });
            if let Some((other_key, _)) = clash {
                return Err(ConfigError::invalid(
                    *key,
                    format!("port {} is also used by {other_key}", addr.port()),
                ));
            }
        }
        Ok(())
    }

    fn validate_admin_token(&self) -> Result<(), ConfigError> {
        if !self.server.admin_token.is_empty() {
            return Ok(());
        }
        for (key, addr) in [
            ("server.grpc_addr", self.server.grpc_addr),
            ("server.http_addr", self.server.http_addr),
        ] {
            if let Some(addr) = addr.get().filter(|a| !is_loopback(a.ip())) {
                return Err(ConfigError::invalid(
                    "server.admin_token",
                    format!("must be set because {key} binds {addr}, beyond loopback"),
                ));
            }
        }
        Ok(())
    }

    /// The same config with its secrets (`server.admin_token`, `server.cluster_secret`)
    /// replaced by `<redacted>` where set: for showing it (`robustmqd config check`,
    /// `robustmqctl config get`), never for running on.
    pub fn redacted(&self) -> Config {
        let mut config = self.clone();
        for secret in [
            &mut config.server.admin_token,
            &mut config.server.cluster_secret,
            &mut config.mqtt.jwt_secret,
        ] {
            if !secret.is_empty() {
                "<redacted>".clone_into(secret);
            }
        }
        config
    }

    fn validate_cluster_secret(&self) -> Result<(), ConfigError> {
        let secret = &self.server.cluster_secret;
        if !secret.is_empty() {
            if secret.len() < MIN_CLUSTER_SECRET_LEN {
                return Err(ConfigError::invalid(
                    "server.cluster_secret",
                    format!("must be at least {MIN_CLUSTER_SECRET_LEN} bytes long"),
                ));
            }
            if !secret.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(ConfigError::invalid(
                    "server.cluster_secret",
                    "must be printable ASCII without spaces (it travels in a gRPC header)",
                ));
            }
            return Ok(());
        }
        if let Some(addr) = self.server.grpc_addr.get().filter(|a| !is_loopback(a.ip())) {
            return Err(ConfigError::invalid(
                "server.cluster_secret",
                format!(
                    "must be set because server.grpc_addr binds {addr}, beyond loopback: anyone who reaches the port could write meta and shards"
                ),
            ));
        }
        Ok(())
    }

    fn validate_inner_tls(&self) -> Result<(), ConfigError> {
        let server = &self.server;
        let files = [
            ("server.tls_cert", &server.tls_cert),
            ("server.tls_key", &server.tls_key),
            ("server.tls_ca", &server.tls_ca),
        ];
        if let Some((set, _)) = files.iter().find(|(_, v)| !v.is_empty()) {
            if let Some((missing, _)) = files.iter().find(|(_, v)| v.is_empty()) {
                return Err(ConfigError::invalid(
                    *missing,
                    format!(
                        "must be set because {set} is: inner TLS needs the certificate, its key and the CA"
                    ),
                ));
            }
        } else if !server.tls_server_name.is_empty() {
            return Err(ConfigError::invalid(
                "server.tls_server_name",
                "applies to inner TLS only: set server.tls_cert, server.tls_key and server.tls_ca too",
            ));
        }
        Ok(())
    }

    fn validate_tls(&self) -> Result<(), ConfigError> {
        if !self.has_role(Role::Broker) {
            return Ok(());
        }
        let needs_tls = [
            ("mqtt.tls_addr", self.mqtt.tls_addr),
            ("mqtt.wss_addr", self.mqtt.wss_addr),
            ("mqtt.quic_addr", self.mqtt.quic_addr),
        ]
        .into_iter()
        .find(|(_, addr)| addr.get().is_some());
        if self.mqtt.cert_cn_as_username && self.tls.client_ca.is_empty() {
            return Err(ConfigError::invalid(
                "mqtt.cert_cn_as_username",
                "needs tls.client_ca: without mutual TLS no client presents a certificate",
            ));
        }
        if let Some((listener, _)) = needs_tls {
            for (key, value) in [("tls.cert", &self.tls.cert), ("tls.key", &self.tls.key)] {
                if value.is_empty() {
                    return Err(ConfigError::invalid(
                        key,
                        format!("must be set because {listener} is enabled"),
                    ));
                }
            }
        }
        Ok(())
    }
}

fn is_loopback(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    }
}

fn parse_table(text: &str, origin: &Path) -> Result<toml::Table, ConfigError> {
    text.parse::<toml::Table>().map_err(|e| {
        let (line, column) = e
            .span()
            .map(|span| line_column(text, span.start))
            .unwrap_or((1, 1));
        ConfigError::Syntax {
            path: origin.to_owned(),
            line,
            column,
            message: e.message().trim().replace('\n', " "),
        }
    })
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn from_table(table: toml::Table) -> Result<Config, ConfigError> {
    serde_path_to_error::deserialize(toml::Value::Table(table)).map_err(|e| {
        let path = e.path().to_string();
        let message = e.inner().message().trim().replace('\n', " ");
        let key = if path == "." {
            "config".to_owned()
        } else {
            path
        };
        ConfigError::invalid(key, message)
    })
}

/// Applies `ROBUSTMQ_<SECTION>_<KEY>` and `ROBUSTMQ_<KEY>` overrides onto the parsed file.
///
/// The type of each value comes from the key's default: strings are taken as they are, integers
/// and booleans are parsed, lists are comma-separated (`ROBUSTMQ_ROLES=meta,broker`), and
/// `meta.peers` is `id=host:port` pairs separated by commas.
fn apply_env(
    table: &mut toml::Table,
    env: impl IntoIterator<Item = (String, String)>,
) -> Result<(), ConfigError> {
    let mut defaults = match toml::Value::try_from(Config::default()) {
        Ok(toml::Value::Table(t)) => t,
        _ => return Ok(()),
    };
    // Keys unset by default are not written, yet take overrides: their type comes from here.
    if let Some(toml::Value::Table(mqtt)) = defaults.get_mut("mqtt") {
        mqtt.entry("allow_anonymous")
            .or_insert(toml::Value::Boolean(false));
    }
    let mut vars: Vec<(String, String)> = env
        .into_iter()
        .filter(|(k, _)| k.starts_with(ENV_PREFIX))
        .collect();
    vars.sort();
    for (var, raw) in vars {
        let name = var[ENV_PREFIX.len()..].to_ascii_lowercase();
        let section = defaults.iter().find_map(|(section, value)| {
            let key = name.strip_prefix(section.as_str())?.strip_prefix('_')?;
            value.as_table().map(|fields| (section, key, fields))
        });
        let (target, key, default) = match section {
            Some((section, key, fields)) => {
                let default = fields.get(key).ok_or_else(|| ConfigError::Env {
                    var: var.clone(),
                    reason: format!("`{section}` has no key `{key}`"),
                })?;
                let target = table
                    .entry(section.clone())
                    .or_insert_with(|| toml::Value::Table(toml::Table::new()));
                let Some(target) = target.as_table_mut() else {
                    return Err(ConfigError::Env {
                        var,
                        reason: format!("`{section}` in the config file is not a table"),
                    });
                };
                (target, key.to_owned(), default)
            }
            None => match defaults.get(&name) {
                Some(default) if !default.is_table() => (&mut *table, name.clone(), default),
                _ => continue,
            },
        };
        let value = env_value(&raw, default).map_err(|reason| ConfigError::Env {
            var: var.clone(),
            reason,
        })?;
        target.insert(key, value);
    }
    Ok(())
}

fn env_value(raw: &str, default: &toml::Value) -> Result<toml::Value, String> {
    let raw = raw.trim();
    Ok(match default {
        toml::Value::Integer(_) => toml::Value::Integer(
            raw.parse()
                .map_err(|_| format!("`{raw}` is not an integer"))?,
        ),
        toml::Value::Boolean(_) => toml::Value::Boolean(
            raw.parse()
                .map_err(|_| format!("`{raw}` is not true or false"))?,
        ),
        toml::Value::Array(_) => toml::Value::Array(
            raw.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| toml::Value::String(s.to_owned()))
                .collect(),
        ),
        toml::Value::Table(_) => {
            let mut pairs = toml::Table::new();
            for pair in raw.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                let (id, addr) = pair
                    .split_once('=')
                    .ok_or_else(|| format!("`{pair}` is not id=host:port"))?;
                pairs.insert(
                    id.trim().to_owned(),
                    toml::Value::String(addr.trim().to_owned()),
                );
            }
            toml::Value::Table(pairs)
        }
        _ => toml::Value::String(raw.to_owned()),
    })
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
