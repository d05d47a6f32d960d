//! The command line of `robustmqctl`.
//!
//! `robustmqctl [--server URL | --grpc ADDR [--cacert F --cert F --key F]] [--token T]
//! [-o table|json] <resource> <verb>`.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
pub use robustmq_admin_client::Target;
use robustmq_admin_client::TlsFlags;

/// Where the admin REST API listens unless `--server` or `ROBUSTMQ_ADDR` says otherwise.
pub const DEFAULT_SERVER: &str = "http://127.0.0.1:8080";

/// RobustMQ admin CLI. Exit codes: 0 ok, 1 operation failed, 2 bad usage, 3 server unreachable.
#[derive(Debug, Parser)]
#[command(name = "robustmqctl", version, propagate_version = true)]
pub struct Cli {
    /// Admin REST base URL of any node.
    #[arg(
        long,
        global = true,
        env = "ROBUSTMQ_ADDR",
        value_name = "URL",
        default_value = DEFAULT_SERVER,
        hide_env_values = true
    )]
    pub server: String,
    /// Use the inner gRPC API at this address (host:port) instead of REST; the results are the same.
    #[arg(long, global = true, value_name = "ADDR")]
    pub grpc: Option<String>,
    /// Bearer token for admin access; required when the node listens beyond loopback.
    #[arg(
        long,
        global = true,
        env = "ROBUSTMQ_TOKEN",
        value_name = "TOKEN",
        hide_env_values = true
    )]
    pub token: Option<String>,
    /// Mutual TLS for `--grpc`, for a node whose inner port serves it.
    #[command(flatten)]
    pub tls: TlsFlags,
    /// Output format: a table for people, JSON (stable field names) for scripts.
    #[arg(long, short = 'o', global = true, value_enum, default_value_t = Output::Table)]
    pub output: Output,
    /// The resource to act on.
    #[command(subcommand)]
    pub command: Command,
}

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Output {
    /// Aligned columns.
    Table,
    /// One JSON document on stdout.
    Json,
}

impl Cli {
    /// `--grpc` if given, else `--server` (which clap fills from `ROBUSTMQ_ADDR`, then the default).
    pub fn target(&self) -> Target {
        Target::from_flags(
            &self.server,
            self.grpc.as_deref(),
            self.token.as_deref(),
            self.tls.tls(),
        )
    }
}

/// Resources and tools.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// The cluster: nodes, their liveness, and Raft group leaders.
    #[command(subcommand)]
    Cluster(ClusterCommand),
    /// The node the CLI talks to.
    #[command(subcommand)]
    Node(NodeCommand),
    /// Topics: each has one shard per partition, on the storage type it was created with.
    #[command(subcommand)]
    Topic(TopicCommand),
    /// MQTT clients connected to the node's broker.
    #[command(subcommand)]
    Client(ClientCommand),
    /// MQTT subscriptions held by the node's broker.
    #[command(subcommand)]
    Subscription(SubscriptionCommand),
    /// Kafka consumer groups coordinated by the node's Kafka listener.
    #[command(subcommand)]
    Group(GroupCommand),
    /// MQTT sessions held by the node's broker, connected or not.
    #[command(subcommand)]
    Session(SessionCommand),
    /// Storage types, with the shards and bytes of each on the node's engine.
    #[command(subcommand)]
    Storage(StorageCommand),
    /// The node's effective config.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Connectors that move messages to external systems (none available in this build).
    #[command(subcommand)]
    Connector(ConnectorCommand),
    /// Users of the built-in store, which MQTT clients authenticate against.
    #[command(subcommand)]
    User(UserCommand),
    /// ACL rules: who may publish or subscribe to what.
    #[command(subcommand)]
    Acl(AclCommand),
    /// The blacklist: client ids, usernames and IP addresses refused at CONNECT.
    #[command(subcommand)]
    Blacklist(BlacklistCommand),
    /// Topic rewrite rules: MQTT topics and filters rewritten on arrival, first match wins.
    #[command(subcommand)]
    Rewrite(RewriteCommand),
    /// Auto-subscribe rules: subscriptions every MQTT client gets when it connects.
    #[command(subcommand)]
    AutoSubscribe(AutoSubscribeCommand),
    /// Load generators: MQTT now, Kafka with the Kafka protocol.
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Print a shell completion script to stdout.
    Completions {
        /// The shell to generate for.
        shell: clap_complete::Shell,
    },
    /// Write man pages (robustmqctl.1 and one per subcommand) into a directory.
    Man {
        /// Directory to write into; created if missing.
        dir: PathBuf,
    },
}

/// `robustmqctl bench <protocol>`.
#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// MQTT load against any MQTT broker (RobustMQ, Mosquitto, rumqttd, ...).
    #[command(subcommand)]
    Mqtt(MqttBench),
    /// Kafka load against any Kafka broker (RobustMQ, Apache Kafka, ...).
    #[command(subcommand)]
    Kafka(KafkaBench),
}

/// `robustmqctl bench kafka <mode>`. Live progress goes nowhere; the summary to stdout as a
/// table or (-o json) one JSON object.
#[derive(Debug, Subcommand)]
pub enum KafkaBench {
    /// Producers only: records/s, MB/s and produce latency percentiles.
    Produce(KafkaProduceArgs),
    /// One consumer reads every partition from the earliest offset to the end it saw at start.
    Consume(KafkaConsumeArgs),
}

/// Where the Kafka broker is and which topic to use.
#[derive(Debug, Clone, clap::Args)]
pub struct KafkaTarget {
    /// Bootstrap `host:port`; every connection goes there (one-broker clusters).
    #[arg(long, default_value = "127.0.0.1:9092")]
    pub bootstrap: String,
    /// Topic; created when missing.
    #[arg(long, default_value = "bench")]
    pub topic: String,
}

/// A Kafka compression codec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KafkaCodec {
    /// No compression.
    None,
    /// gzip.
    Gzip,
    /// Snappy.
    Snappy,
    /// LZ4.
    Lz4,
    /// Zstandard.
    Zstd,
}

/// Kafka's `acks`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KafkaAcks {
    /// No answer (acks=0).
    #[value(name = "0")]
    None,
    /// The leader's write (acks=1).
    #[value(name = "1")]
    Leader,
    /// Every in-sync replica's write (acks=all, -1).
    #[value(name = "all")]
    All,
}

impl KafkaAcks {
    /// The wire value.
    pub fn value(self) -> i16 {
        match self {
            KafkaAcks::None => 0,
            KafkaAcks::Leader => 1,
            KafkaAcks::All => -1,
        }
    }
}

/// `bench kafka produce`.
#[derive(Debug, Clone, clap::Args)]
pub struct KafkaProduceArgs {
    #[command(flatten)]
    pub target: KafkaTarget,
    /// Producers, each on its own connection and partition (n mod partitions).
    #[arg(long, default_value_t = 1)]
    pub producers: u32,
    /// Partitions to create the topic with when it is missing.
    #[arg(long, default_value_t = 1)]
    pub partitions: u32,
    /// Record value bytes.
    #[arg(long, default_value_t = 1024, value_parser = clap::value_parser!(u32).range(1..=16_777_216))]
    pub size: u32,
    /// Records per produce request.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub batch: u32,
    /// acks: 0, 1 or all.
    #[arg(long, value_enum, default_value_t = KafkaAcks::Leader)]
    pub acks: KafkaAcks,
    /// Compression codec of the batches.
    #[arg(long, value_enum, default_value_t = KafkaCodec::None)]
    pub compression: KafkaCodec,
    /// Idempotent producers (an id from InitProducerId, a sequence per batch).
    #[arg(long)]
    pub idempotent: bool,
    /// Produce requests in flight per producer.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub inflight: u16,
    /// Seconds to produce.
    #[arg(long, default_value_t = 10)]
    pub duration_secs: u64,
}

/// `bench kafka consume`.
#[derive(Debug, Clone, clap::Args)]
pub struct KafkaConsumeArgs {
    #[command(flatten)]
    pub target: KafkaTarget,
    /// Bytes per Fetch (and per partition).
    #[arg(long, default_value_t = 4 << 20)]
    pub max_bytes: u32,
    /// Longest run, in seconds.
    #[arg(long, default_value_t = 60)]
    pub duration_secs: u64,
}

/// `robustmqctl bench mqtt <mode>`. Live progress goes to stderr; the summary to stdout as a
/// table or (-o json) one JSON object.
#[derive(Debug, Subcommand)]
pub enum MqttBench {
    /// Open and hold connections: connect rate and latency, and the broker's RSS per connection.
    Conn(ConnArgs),
    /// Publishers only: publish rate (QoS 1: acknowledged).
    Pub(LoadArgs),
    /// Subscribers only: delivered rate, loss and latency of messages stamped by a `pub` run.
    Sub(LoadArgs),
    /// Publishers and subscribers in one run: end-to-end rate, loss, duplicates and latency.
    Pubsub(LoadArgs),
    /// One client subscribing to one new filter after another: SUBSCRIBE to SUBACK latency.
    Subscribe(SubscribeArgs),
}

/// `bench mqtt subscribe`.
#[derive(Debug, clap::Args)]
pub struct SubscribeArgs {
    #[command(flatten)]
    pub endpoint: Endpoint,
    /// SUBSCRIBEs to send, each to a new filter and each after the last SUBACK.
    #[arg(long, default_value_t = 1000)]
    pub count: u32,
    /// Keep the session (3.1.1 Clean Session 0; 5.0 Session Expiry one hour), so that the broker
    /// records each subscription for a restart.
    #[arg(long)]
    pub persistent: bool,
}

/// Where the broker is and how clients reach it.
#[derive(Debug, Clone, clap::Args)]
pub struct Endpoint {
    /// Broker host.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Broker MQTT port.
    #[arg(long, default_value_t = 1883)]
    pub port: u16,
    /// MQTT version: 4 (3.1.1) or 5.
    #[arg(long = "mqtt-version", default_value_t = 4, value_parser = clap::value_parser!(u8).range(4..=5))]
    pub mqtt_version: u8,
    /// Spread client connections over this many loopback source addresses (127.0.0.2, ...) so
    /// that tens of thousands fit in one machine's ephemeral ports; 0 picks one per 20,000
    /// connections when the host is loopback.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub source_ips: u8,
    /// Client id prefix; clients are `<prefix>-<role>-<n>`.
    #[arg(long, default_value = "bench")]
    pub client_prefix: String,
    /// Transport: tcp, tls, ws (WebSocket, path /mqtt), wss or quic (ALPN mqtt).
    #[arg(long, value_enum, default_value_t = BenchTransport::Tcp)]
    pub transport: BenchTransport,
    /// PEM file of the CA that signed the broker's certificate (tls, wss and quic); the host
    /// must be in the certificate (an IP address or a DNS name).
    #[arg(long, value_name = "PEM", required_if_eq_any([("transport", "tls"), ("transport", "wss"), ("transport", "quic")]))]
    pub cafile: Option<std::path::PathBuf>,
}

/// The transport of `bench mqtt`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BenchTransport {
    /// Plain TCP.
    Tcp,
    /// TLS over TCP.
    Tls,
    /// WebSocket over TCP.
    Ws,
    /// WebSocket over TLS.
    Wss,
    /// QUIC, one bidirectional stream per connection.
    Quic,
}

/// `bench mqtt conn`.
#[derive(Debug, clap::Args)]
pub struct ConnArgs {
    #[command(flatten)]
    pub endpoint: Endpoint,
    /// Connections to open.
    #[arg(long, default_value_t = 1000)]
    pub count: u32,
    /// Connections opened per second (0: as fast as possible, 64 at a time).
    #[arg(long, default_value_t = 0)]
    pub rate: u32,
    /// Seconds to hold them open before reading the broker's memory again.
    #[arg(long, default_value_t = 5)]
    pub hold_secs: u64,
    /// The broker's process id, to read its RSS from /proc before and after.
    #[arg(long)]
    pub pid: Option<u32>,
}

/// `bench mqtt pub|sub|pubsub`.
#[derive(Debug, clap::Args)]
pub struct LoadArgs {
    #[command(flatten)]
    pub endpoint: Endpoint,
    /// Publishing clients.
    #[arg(long, default_value_t = 1)]
    pub publishers: u32,
    /// Subscribing clients.
    #[arg(long, default_value_t = 1)]
    pub subscribers: u32,
    /// QoS of publishes and subscriptions: 0 or 1.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=1))]
    pub qos: u8,
    /// Payload bytes; at least 20 (send time, sequence number and publisher id).
    #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u32).range(20..=16_777_216))]
    pub size: u32,
    /// Topic publisher n publishes to; `%i` is replaced by n.
    #[arg(long, default_value = "bench/%i")]
    pub topic: String,
    /// Filter every subscriber subscribes to.
    #[arg(long, default_value = "bench/#")]
    pub filter: String,
    /// Subscribe as members of this shared-subscription group (`$share/<group>/<filter>`).
    #[arg(long, value_name = "GROUP")]
    pub shared: Option<String>,
    /// Open loop: total publishes per second across all publishers. Without it the loop is
    /// closed: as fast as the broker takes them (QoS 1: within the inflight window).
    #[arg(long, value_name = "MSG_PER_SEC", value_parser = clap::value_parser!(u64).range(1..))]
    pub rate: Option<u64>,
    /// QoS 1 publishes in flight per publisher in a closed loop.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u16).range(1..))]
    pub inflight: u16,
    /// Seconds to publish (pub, pubsub) or to listen (sub).
    #[arg(long, default_value_t = 10)]
    pub duration_secs: u64,
    /// After publishing stops, seconds to wait for the last deliveries.
    #[arg(long, default_value_t = 5)]
    pub drain_secs: u64,
}

/// Verbs of `robustmqctl cluster`.
#[derive(Debug, Subcommand)]
pub enum ClusterCommand {
    /// Nodes (id, roles, address, liveness, version) and the leader of each Raft group.
    Show,
    /// Add a meta node to every Raft group (learner, then voter once caught up).
    Join {
        /// The joining node's id.
        #[arg(long)]
        node_id: u64,
        /// Its inner gRPC host:port.
        #[arg(long)]
        addr: String,
    },
    /// Remove a meta node from every Raft group.
    Leave {
        /// The leaving node's id.
        #[arg(long)]
        node_id: u64,
    },
    /// Live status of every node (connections, msg/s, CPU, RSS) and of each Raft group as each
    /// node sees it. Rates need two frames, so a single frame shows them as 0.
    Status {
        /// Keep printing a frame every interval (JSON: one frame per line) until interrupted.
        #[arg(long)]
        watch: bool,
        /// Milliseconds between frames (100 to 60000).
        #[arg(long, default_value_t = 1000, value_name = "MS")]
        interval_ms: u64,
        /// With --watch, stop after this many frames.
        #[arg(long, value_name = "N", requires = "watch")]
        count: Option<u64>,
    },
}

/// Verbs of `robustmqctl user`.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user.
    Create {
        /// Username.
        username: String,
        /// Password (stored only as a salted hash). Prefer ROBUSTMQ_USER_PASSWORD: a flag shows
        /// in the process list.
        #[arg(
            long,
            env = "ROBUSTMQ_USER_PASSWORD",
            hide_env_values = true,
            value_name = "PASSWORD"
        )]
        password: String,
        /// Let the user pass every ACL rule (not mqtt.acl_deny).
        #[arg(long)]
        superuser: bool,
    },
    /// Users (name, superuser, created at), without passwords.
    List,
    /// Change a user's password or superuser flag.
    #[command(group(clap::ArgGroup::new("change").required(true).multiple(true)))]
    Update {
        /// Username.
        username: String,
        /// New password.
        #[arg(
            long,
            env = "ROBUSTMQ_USER_PASSWORD",
            hide_env_values = true,
            value_name = "PASSWORD",
            group = "change"
        )]
        password: Option<String>,
        /// Whether the user is a superuser.
        #[arg(long, value_name = "BOOL", group = "change")]
        superuser: Option<bool>,
    },
    /// Delete a user; its connected clients stay until they reconnect.
    Delete {
        /// Username.
        username: String,
    },
}

/// Verbs of `robustmqctl acl`.
#[derive(Debug, Subcommand)]
pub enum AclCommand {
    /// Create a rule. A matching deny wins over a matching allow; mqtt.acl_no_match decides
    /// when no rule matches.
    #[command(group(clap::ArgGroup::new("who").multiple(false)))]
    Create {
        /// Rule name.
        name: String,
        /// Topic filter; ${username} and ${clientid} stand for the client's own.
        #[arg(long, value_name = "FILTER")]
        topic: String,
        /// What the rule covers.
        #[arg(long, default_value = "all", value_parser = ["publish", "subscribe", "all"])]
        action: String,
        /// Allow or deny.
        #[arg(long, value_parser = ["allow", "deny"])]
        permission: String,
        /// Only clients authenticated as this user (default: every client).
        #[arg(long, group = "who")]
        username: Option<String>,
        /// Only the client with this id (default: every client).
        #[arg(long, group = "who")]
        client_id: Option<String>,
    },
    /// Rules.
    List,
    /// Delete a rule.
    Delete {
        /// Rule name.
        name: String,
    },
}

/// Which client a blacklist entry names: exactly one of the three.
#[derive(Debug, clap::Args)]
#[group(required = true, multiple = false)]
pub struct BanTarget {
    /// A client id.
    #[arg(long)]
    pub client_id: Option<String>,
    /// A username.
    #[arg(long)]
    pub username: Option<String>,
    /// A peer IP address, or a CIDR block of them (`10.0.0.0/8`, `2001:db8::/32`); an
    /// IPv4-mapped address (`::ffff:10.0.0.1`) is its IPv4 address.
    #[arg(long)]
    pub ip: Option<String>,
}

impl BanTarget {
    /// The kind and value, as the admin API names them.
    pub fn kind_value(&self) -> (&'static str, String) {
        match (&self.client_id, &self.username, &self.ip) {
            (Some(c), _, _) => ("client_id", c.clone()),
            (_, Some(u), _) => ("username", u.clone()),
            (_, _, Some(ip)) => ("ip", ip.clone()),
            (None, None, None) => ("client_id", String::new()),
        }
    }
}

/// Verbs of `robustmqctl blacklist`.
#[derive(Debug, Subcommand)]
pub enum BlacklistCommand {
    /// Ban a client id, username or IP: refused at CONNECT (0x8A) and disconnected now.
    Add {
        #[command(flatten)]
        target: BanTarget,
        /// Why, for other operators.
        #[arg(long, default_value = "")]
        reason: String,
        /// Lift the ban after this many seconds (default: never).
        #[arg(long, value_name = "SECONDS")]
        duration_secs: Option<u64>,
    },
    /// Entries (kind, value, reason, created at, until).
    List,
    /// Lift a ban.
    Delete {
        #[command(flatten)]
        target: BanTarget,
    },
}

/// Verbs of `robustmqctl rewrite`. The rules are tried in order; the first whose action applies
/// and whose source filter matches the topic decides: if its regex matches, the topic becomes
/// dest with $1..$9 replaced by the capture groups; if not, the topic stays.
#[derive(Debug, Subcommand)]
pub enum RewriteCommand {
    /// Add a rule, last unless --position says where.
    Add {
        /// What it rewrites: publish (PUBLISH topics), subscribe (SUBSCRIBE and UNSUBSCRIBE
        /// filters) or all.
        #[arg(long, value_parser = ["publish", "subscribe", "all"])]
        action: String,
        /// A topic filter the topic must match.
        #[arg(long)]
        source: String,
        /// A regular expression over the whole topic, with capture groups.
        #[arg(long)]
        regex: String,
        /// The new topic, with $1..$9 for the capture groups.
        #[arg(long)]
        dest: String,
        /// Where to insert it, 0 first (default: last).
        #[arg(long)]
        position: Option<usize>,
    },
    /// The rules in order (position, action, source, regex, dest).
    List,
    /// Remove the rule at a position `list` shows.
    Delete {
        /// Position, 0 first.
        position: usize,
    },
}

/// Verbs of `robustmqctl auto-subscribe`. Each rule subscribes every connecting client to its
/// filter right after the CONNACK, as a SUBSCRIBE would, with ${clientid} and ${username}
/// replaced by the client's.
#[derive(Debug, Subcommand)]
pub enum AutoSubscribeCommand {
    /// Add a rule, last unless --position says where.
    Add {
        /// The topic filter; ${clientid} and ${username} are the client's.
        #[arg(long)]
        filter: String,
        /// Maximum QoS granted.
        #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=2))]
        qos: u32,
        /// MQTT 5 No Local: the client does not get what it publishes itself.
        #[arg(long)]
        no_local: bool,
        /// MQTT 5 Retain As Published.
        #[arg(long)]
        retain_as_published: bool,
        /// MQTT 5 Retain Handling: 0 send retained messages, 1 only for a new subscription, 2
        /// never.
        #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=2))]
        retain_handling: u32,
        /// Where to insert it, 0 first (default: last).
        #[arg(long)]
        position: Option<usize>,
    },
    /// The rules in order (position, filter, qos, options).
    List,
    /// Remove the rule at a position `list` shows.
    Delete {
        /// Position, 0 first.
        position: usize,
    },
}

/// Verbs of `robustmqctl connector`.
#[derive(Debug, Subcommand)]
pub enum ConnectorCommand {
    /// Create a connector of one of the available types.
    Create {
        /// Connector name.
        name: String,
        /// Connector type (`connector list` names the available ones).
        #[arg(long = "type", value_name = "TYPE")]
        connector_type: String,
        /// A type-specific setting; repeat for more.
        #[arg(long = "config", value_name = "KEY=VALUE", value_parser = key_value)]
        config: Vec<(String, String)>,
    },
    /// Connectors (status, task node, lag) and the available connector types.
    List,
    /// One connector.
    Describe {
        /// Connector name.
        name: String,
    },
    /// Stop a connector's task, keeping its position.
    Pause {
        /// Connector name.
        name: String,
    },
    /// Restart a paused connector from its position.
    Resume {
        /// Connector name.
        name: String,
    },
    /// Delete a connector.
    Delete {
        /// Connector name.
        name: String,
    },
}

/// Parses `KEY=VALUE`.
fn key_value(arg: &str) -> Result<(String, String), String> {
    arg.split_once('=')
        .filter(|(k, _)| !k.is_empty())
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .ok_or_else(|| format!("`{arg}` is not KEY=VALUE"))
}

/// Verbs of `robustmqctl client`.
#[derive(Debug, Subcommand)]
pub enum ClientCommand {
    /// Connected clients: id, user, address, protocol, transport, keepalive, connected at.
    List {
        /// Only client ids starting with this.
        #[arg(long, default_value = "")]
        prefix: String,
    },
    /// Disconnect a client (DISCONNECT 0x98 for MQTT 5.0); its session stays.
    Kick {
        /// Client id.
        client_id: String,
    },
}

/// Verbs of `robustmqctl group`.
#[derive(Debug, Subcommand)]
pub enum GroupCommand {
    /// Consumer groups: name, state, protocol type, members.
    List,
    /// One group: state, members with their partitions, committed offsets, ends and lag.
    Describe {
        /// Group id.
        name: String,
    },
}

/// Verbs of `robustmqctl subscription`.
#[derive(Debug, Subcommand)]
pub enum SubscriptionCommand {
    /// Subscriptions: client id, filter, granted QoS.
    List {
        /// Only filters starting with this.
        #[arg(long, default_value = "")]
        prefix: String,
    },
}

/// Verbs of `robustmqctl session`.
#[derive(Debug, Subcommand)]
pub enum SessionCommand {
    /// Sessions: id, connected, expiry, subscriptions, inflight and queued messages.
    List {
        /// Only client ids starting with this.
        #[arg(long, default_value = "")]
        prefix: String,
    },
    /// One session with its subscriptions.
    Show {
        /// Client id.
        client_id: String,
    },
    /// End a session (disconnecting its client first) and drop what it had queued.
    Delete {
        /// Client id.
        client_id: String,
    },
}

/// Verbs of `robustmqctl storage`.
#[derive(Debug, Subcommand)]
pub enum StorageCommand {
    /// Each storage type with its live shard count and bytes.
    List,
}

/// Verbs of `robustmqctl config`.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the effective config (file, ROBUSTMQ_* overrides, flags) as TOML; the admin token
    /// is redacted.
    Get,
}

/// Verbs of `robustmqctl topic`.
#[derive(Debug, Subcommand)]
pub enum TopicCommand {
    /// Create a topic with its own shards; MQTT publishes to it go to partition 0.
    Create {
        /// Topic name (an MQTT topic name without wildcards, not starting with `$`).
        name: String,
        /// Storage type; the node's storage.default_type when omitted.
        #[arg(long, value_parser = ["EngineMemory", "EngineRocksDB", "EngineSegment"])]
        storage: Option<String>,
        /// Number of partitions (1 to 1024).
        #[arg(long, default_value_t = 1)]
        partitions: u32,
        /// Drop data older than this many milliseconds; kept forever when omitted.
        #[arg(long, value_name = "MS")]
        retention_ms: Option<u64>,
        /// When durable storage syncs; the node's storage.fsync when omitted.
        #[arg(long, value_parser = ["always", "batch", "never"])]
        fsync: Option<String>,
    },
    /// List topics with their storage type, message count and size.
    List,
    /// One topic with per-partition offsets and sizes.
    Describe {
        /// Topic name.
        name: String,
    },
    /// Delete a topic and all its data.
    Delete {
        /// Topic name.
        name: String,
    },
}

/// Verbs of `robustmqctl node`.
#[derive(Debug, Subcommand)]
pub enum NodeCommand {
    /// Health of the node: exit 0 when every role it runs is ready, 1 when it is starting or
    /// stopping.
    Status,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn grpc_flag_wins_over_server() {
        let cli = Cli::try_parse_from([
            "robustmqctl",
            "--server",
            "http://a:1",
            "--grpc",
            "b:2",
            "node",
            "status",
        ])
        .expect("parses");
        assert_eq!(
            cli.target(),
            Target::Grpc {
                endpoint: "http://b:2".to_owned(),
                token: None,
                tls: None,
            }
        );
    }

    #[test]
    fn tls_files_make_the_grpc_endpoint_https_and_come_together_or_not_at_all() {
        let cli = Cli::try_parse_from([
            "robustmqctl",
            "--grpc",
            "http://b:2",
            "--cacert",
            "ca.pem",
            "--cert",
            "me.pem",
            "--key",
            "me.key",
            "node",
            "status",
        ])
        .expect("parses");
        let Target::Grpc { endpoint, tls, .. } = cli.target() else {
            panic!("not gRPC");
        };
        assert_eq!(endpoint, "https://b:2");
        assert_eq!(tls.expect("tls").key, PathBuf::from("me.key"));
        for partial in [
            &["--grpc", "b:2", "--cacert", "ca.pem", "node", "status"][..],
            &[
                "--grpc", "b:2", "--cert", "me.pem", "--key", "k", "node", "status",
            ],
            &[
                "--cacert", "c", "--cert", "m", "--key", "k", "node", "status",
            ],
        ] {
            let err =
                Cli::try_parse_from(std::iter::once("robustmqctl").chain(partial.iter().copied()))
                    .expect_err("incomplete TLS flags");
            assert_eq!(err.exit_code(), 2, "{partial:?}");
        }
    }

    #[test]
    fn unknown_output_format_is_a_usage_error() {
        let err = Cli::try_parse_from(["robustmqctl", "-o", "yaml", "node", "status"])
            .expect_err("yaml is not offered");
        assert_eq!(err.exit_code(), 2);
    }
}
