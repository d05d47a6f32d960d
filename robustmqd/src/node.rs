//! Startup and shutdown of a node and its roles.
//!
//! Startup runs in a fixed order: data directory lock, common servers (inner gRPC, admin HTTP,
//! Prometheus), then the roles in [`Role::STARTUP_ORDER`] (meta, engine, broker). Shutdown runs the
//! same steps in reverse. `/health` turns 200 only after the last role is ready, and 503 again as
//! soon as shutdown begins.

use std::fs::{File, TryLockError};
use std::future::Future;
use std::io::Write as _;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use robustmq_broker::kafka::{Kafka, KafkaMetrics, KafkaSettings};
use robustmq_broker::{Broker, BrokerMetrics, Settings};
use robustmq_common::config::ListenAddr;
use robustmq_common::{Config, MetricsRegistry, Role, Shutdown};
use robustmq_engine::grpc::{EngineGrpc, EngineSlot};
use robustmq_engine::{EngineMetrics, ShardRegistry, ShardStore};
use robustmq_meta::liveness::{spawn_controller, spawn_heartbeat};
use robustmq_meta::service::{MetaGrpc, MetaSlot};
use robustmq_meta::{MetaNode, MetaNodeConfig, RaftTimings};
use robustmq_meta_client::{MetaStore, NodeRecord, PeerMeta};
use robustmq_net::tls::{TlsAcceptor, TlsFiles};
use robustmq_net::{Listener, Transport};
use robustmq_proto::auth::ClusterCredential;
use tokio::net::TcpListener;
use tokio::task::{JoinHandle, JoinSet};
use tonic::service::interceptor::InterceptedService;
use tonic::transport::{Certificate, ClientTlsConfig, Identity, ServerTlsConfig};
use tracing::{info, warn};

use crate::NodeError;
use crate::engine_nodes::PlacedStore;
use crate::server::{self, BoundAddrs, NodeState};

/// How long the common servers get to finish in-flight requests once told to stop.
const SERVER_DRAIN_TIMEOUT: Duration = Duration::from_secs(3);

/// Name of the lock file that keeps two processes from sharing one data directory.
const LOCK_FILE: &str = "LOCK";

/// How often the engine applies its shards' retention.
const RETENTION_INTERVAL: Duration = Duration::from_secs(30);

/// Most segment writer threads the engine starts; fewer on smaller machines.
const MAX_SEGMENT_WRITERS: usize = 4;

/// Exclusive hold on a data directory, released when dropped (or when the process dies, as the
/// lock is an OS file lock, so a `kill -9` never leaves a stale lock behind).
struct DataDirLock {
    _file: File,
}

impl DataDirLock {
    fn acquire(dir: &Path) -> Result<Self, NodeError> {
        let data_dir_err = |source| NodeError::DataDir {
            path: dir.to_owned(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(data_dir_err)?;
        let path = dir.join(LOCK_FILE);
        let mut file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(data_dir_err)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(NodeError::DataDirLocked {
                    path: dir.to_owned(),
                });
            }
            Err(TryLockError::Error(source)) => return Err(data_dir_err(source)),
        }
        file.set_len(0).map_err(data_dir_err)?;
        writeln!(file, "{}", std::process::id()).map_err(data_dir_err)?;
        Ok(Self { _file: file })
    }
}

/// A started role and what stopping it takes.
enum RunningRole {
    Meta {
        node: Arc<MetaNode>,
        controller: JoinHandle<()>,
        stop: Shutdown,
    },
    Engine {
        registry: Arc<ShardRegistry>,
        retention: JoinHandle<()>,
        stop: Shutdown,
    },
    Broker {
        broker: Arc<Broker>,
        /// The Kafka front end, when `kafka.addr` is set.
        kafka: Option<Arc<Kafka>>,
        listeners: Vec<JoinHandle<()>>,
    },
}

impl RunningRole {
    fn role(&self) -> Role {
        match self {
            RunningRole::Meta { .. } => Role::Meta,
            RunningRole::Engine { .. } => Role::Engine,
            RunningRole::Broker { .. } => Role::Broker,
        }
    }

    async fn stop(self) {
        match self {
            RunningRole::Meta {
                node,
                controller,
                stop,
            } => {
                stop.trigger();
                let _ = controller.await;
                node.shutdown().await;
            }
            RunningRole::Engine {
                registry,
                retention,
                stop,
            } => {
                stop.trigger();
                let _ = retention.await;
                if let Err(e) = registry.close().await {
                    warn!(error = %e, "storage engine did not close cleanly");
                }
            }
            RunningRole::Broker {
                broker, listeners, ..
            } => {
                // Connections see the signal, send DISCONNECT 0x8B (5.0) and close; each
                // listener task returns once its connections have, or after its drain timeout.
                broker.shutdown().trigger();
                for listener in listeners {
                    let _ = listener.await;
                }
            }
        }
    }
}

/// Late-bound services of the inner gRPC server, filled in as their roles start.
struct Slots {
    engine: EngineSlot,
    meta: MetaSlot,
}

/// A running node: its common servers and the roles it has started.
pub struct Node {
    state: NodeState,
    server_shutdown: Shutdown,
    servers: JoinSet<(&'static str, Result<(), String>)>,
    started_roles: Vec<RunningRole>,
    /// The heartbeat to meta, started once every role is up and stopped first.
    heartbeat: Option<(JoinHandle<()>, Shutdown)>,
    _lock: DataDirLock,
}

impl Node {
    /// Starts a node from a validated config: locks the data directory, binds and starts the
    /// common servers, then starts each enabled role in startup order.
    ///
    /// Every listener is bound before any server starts, so a port clash fails fast and leaves
    /// nothing running. If a role fails to start, everything started so far is stopped again.
    ///
    /// # Errors
    /// [`NodeError::DataDir`] or [`NodeError::DataDirLocked`] for the data directory,
    /// [`NodeError::Bind`] for a listener, [`NodeError::Metrics`] for the registry, and
    /// [`NodeError::Role`] for a role that cannot start.
    pub async fn start(config: Config) -> Result<Self, NodeError> {
        let config = Arc::new(config);
        let lock = DataDirLock::acquire(&config.data_dir)?;
        info!(node_id = config.node_id, data_dir = %config.data_dir.display(), "data directory locked");

        let metrics = MetricsRegistry::new(config.node_id)?;
        let (grpc_key, grpc_addr) = required("server.grpc_addr", config.server.grpc_addr)?;
        let (http_key, http_addr) = required("server.http_addr", config.server.http_addr)?;
        let grpc = server::bind(grpc_key, grpc_addr).await?;
        let http = server::bind(http_key, http_addr).await?;
        let prometheus = match config.server.prometheus_addr.get() {
            Some(addr) => Some(server::bind("server.prometheus_addr", addr).await?),
            None => None,
        };
        let addrs = BoundAddrs {
            grpc: local_addr(&grpc, grpc_key)?,
            http: local_addr(&http, http_key)?,
            prometheus: match &prometheus {
                Some(l) => Some(local_addr(l, "server.prometheus_addr")?),
                None => None,
            },
        };
        let inner_tls = inner_tls(&config)?;
        let mut credential = ClusterCredential::new(&config.server.cluster_secret);
        if let Some(tls) = &inner_tls {
            credential = credential.with_tls(tls.client());
        }
        let state = NodeState::new(Arc::clone(&config), metrics, addrs, credential);

        let server_shutdown = Shutdown::new();
        let mut servers = JoinSet::new();
        let (engine_service, engine_slot) = EngineGrpc::late();
        let (meta_service, meta_slot) = MetaGrpc::late();
        let slots = Slots {
            engine: engine_slot,
            meta: meta_slot,
        };
        {
            let admin_service = robustmq_admin::grpc::AdminGrpc::server(
                Arc::clone(&state.admin),
                config.server.admin_token.clone(),
            );
            // Every inner service checks the cluster secret; NodeService (health and identity,
            // as `/health` shows them) also takes the admin token, for `robustmqctl node status`.
            // The admin service checks its own token.
            let inner = state.credential.clone();
            let node_service = InterceptedService::new(
                server::grpc::node_service(state.clone()),
                inner.require_or_admin(&config.server.admin_token),
            );
            let routes = tonic::service::Routes::new(node_service)
                .add_service(InterceptedService::new(engine_service, inner.require()))
                .add_service(InterceptedService::new(meta_service, inner.require()))
                .add_service(admin_service);
            let stop = server_shutdown.clone();
            let tls = inner_tls.as_ref().map(InnerTls::server);
            servers.spawn(async move {
                let res = server::grpc::run(grpc, routes, tls, stop).await;
                ("inner gRPC", res.map_err(|e| e.to_string()))
            });
        }
        {
            let (state, stop) = (state.clone(), server_shutdown.clone());
            servers.spawn(async move {
                let res = server::http::run(http, state, stop).await;
                ("admin HTTP", res.map_err(|e| e.to_string()))
            });
        }
        if let Some(listener) = prometheus {
            let (metrics, stop) = (state.metrics.clone(), server_shutdown.clone());
            servers.spawn(async move {
                let res = server::prometheus::run(listener, metrics, stop).await;
                ("Prometheus", res.map_err(|e| e.to_string()))
            });
        }
        info!(
            grpc = %addrs.grpc,
            http = %addrs.http,
            prometheus = %addrs.prometheus.map(|a| a.to_string()).unwrap_or_else(|| "off".to_owned()),
            "common servers started"
        );

        let mut node = Node {
            state,
            server_shutdown,
            servers,
            started_roles: Vec::new(),
            heartbeat: None,
            _lock: lock,
        };
        for role in Role::STARTUP_ORDER {
            if !node.state.config.has_role(role) {
                continue;
            }
            if role == Role::Broker {
                // The broker's first appends wait for the controller to place `$mqtt`, which
                // it does only on live engine nodes: this node's among them.
                node.start_heartbeat(None).await;
            }
            info!(%role, "starting role");
            match start_role(role, &node.state, &slots, &node.started_roles).await {
                Ok(running) => node.started_roles.push(running),
                Err(e) => {
                    node.stop().await;
                    return Err(e);
                }
            }
            node.state.readiness.set_ready(role);
            info!(%role, "role ready");
        }
        node.start_admin();
        let kafka_addr = node.started_roles.iter().find_map(|r| match r {
            RunningRole::Broker {
                kafka: Some(kafka), ..
            } => Some(kafka.advertised_addr()),
            _ => None,
        });
        if node.heartbeat.is_none() || kafka_addr.is_some() {
            node.start_heartbeat(kafka_addr).await;
        }
        info!(
            node_id = node.state.config.node_id,
            roles = %node.started_roles.iter().map(|r| r.role().as_str()).collect::<Vec<_>>().join(","),
            "node ready"
        );
        Ok(node)
    }

    /// Runs until `stop` completes (a signal) or a common server fails, then shuts down in reverse
    /// startup order.
    ///
    /// # Errors
    /// [`NodeError::ServerExited`] when a common server stopped on its own; the node is shut down
    /// before this returns.
    pub async fn run_until(mut self, stop: impl Future<Output = ()>) -> Result<(), NodeError> {
        let failure = tokio::select! {
            () = stop => None,
            Some(joined) = self.servers.join_next() => Some(match joined {
                Ok((server, Ok(()))) => NodeError::ServerExited { server, reason: "stopped unexpectedly".to_owned() },
                Ok((server, Err(reason))) => NodeError::ServerExited { server, reason },
                Err(e) => NodeError::ServerExited { server: "common", reason: e.to_string() },
            }),
        };
        self.stop().await;
        failure.map_or(Ok(()), Err)
    }

    /// Fills the admin API's slot: over the local meta node and engine when this node runs
    /// them, otherwise over the meta peers; shards wherever meta places them.
    fn start_admin(&mut self) {
        let config = &self.state.config;
        let local_meta = self.started_roles.iter().find_map(|r| match r {
            RunningRole::Meta { node, .. } => Some(Arc::clone(node)),
            _ => None,
        });
        let meta: Arc<dyn MetaStore> = match &local_meta {
            Some(node) => Arc::clone(node) as Arc<dyn MetaStore>,
            None => Arc::new(peer_meta(config, &self.state.credential)),
        };
        let engine = placed_store(&self.state, &self.started_roles, Arc::clone(&meta));
        let mut admin = robustmq_admin::Admin::new(Arc::clone(config), meta, engine, local_meta)
            .with_metrics(self.state.metrics.registry().clone())
            .with_shutdown(self.server_shutdown.clone())
            .with_credential(self.state.credential.clone());
        if let Some((broker, kafka)) = self.started_roles.iter().find_map(|r| match r {
            RunningRole::Broker { broker, kafka, .. } => Some((Arc::clone(broker), kafka.clone())),
            _ => None,
        }) {
            admin = admin.with_broker(broker);
            if let Some(kafka) = kafka {
                admin = admin.with_kafka(kafka);
            }
        }
        let _ = self.state.admin.set(Arc::new(admin));
    }

    /// Starts the heartbeat that tells the controller this node is alive, and where its Kafka
    /// listener is: through the local meta node when this node runs one, otherwise through the
    /// first reachable peer in `meta.peers`. A heartbeat already running is replaced.
    async fn start_heartbeat(&mut self, kafka_addr: Option<String>) {
        if let Some((task, stop)) = self.heartbeat.take() {
            stop.trigger();
            let _ = task.await;
        }
        let config = &self.state.config;
        let store: Arc<dyn MetaStore> = match self.started_roles.iter().find_map(|r| match r {
            RunningRole::Meta { node, .. } => Some(Arc::clone(node)),
            _ => None,
        }) {
            Some(node) => node,
            None => Arc::new(peer_meta(config, &self.state.credential)),
        };
        let record = NodeRecord {
            node_id: config.node_id,
            roles: config.roles.iter().map(ToString::to_string).collect(),
            grpc_addr: self.state.addrs.grpc.to_string(),
            version: robustmq_common::VERSION.to_owned(),
            beat: 0,
            kafka_addr,
        };
        let stop = Shutdown::new();
        self.heartbeat = Some((spawn_heartbeat(store, record, stop.clone()), stop));
    }

    /// Stops the heartbeat, the roles in reverse startup order, then the common servers, then
    /// releases the data directory.
    async fn stop(&mut self) {
        self.state.readiness.set_stopping();
        if let Some((task, stop)) = self.heartbeat.take() {
            stop.trigger();
            let _ = task.await;
        }
        while let Some(running) = self.started_roles.pop() {
            let role = running.role();
            running.stop().await;
            info!(%role, "role stopped");
        }
        info!("stopping common servers");
        self.server_shutdown.trigger();
        let drained = tokio::time::timeout(SERVER_DRAIN_TIMEOUT, async {
            while let Some(joined) = self.servers.join_next().await {
                match joined {
                    Ok((server, Err(reason))) => {
                        warn!(server, %reason, "server stopped with an error")
                    }
                    Ok((server, Ok(()))) => info!(server, "server stopped"),
                    Err(e) => warn!(error = %e, "server task failed"),
                }
            }
        })
        .await;
        if drained.is_err() {
            warn!(timeout = ?SERVER_DRAIN_TIMEOUT, "servers did not drain in time; closing their connections");
            self.servers.shutdown().await;
        }
        info!("node stopped");
    }
}

/// The address of a listener that validation guarantees is set.
fn required(key: &'static str, addr: ListenAddr) -> Result<(&'static str, SocketAddr), NodeError> {
    addr.get()
        .map(|a| (key, a))
        .ok_or(NodeError::MissingListener { key })
}

fn local_addr(listener: &TcpListener, key: &'static str) -> Result<SocketAddr, NodeError> {
    listener
        .local_addr()
        .map_err(|source| NodeError::LocalAddr { key, source })
}

/// Starts one role: meta opens its Raft groups (and bootstraps them on the lowest node id) and
/// serves `MetaService`; the engine opens its shards and serves `EngineService`; the broker loads
/// its caches from meta and then opens its MQTT listener. `started` holds the roles already up,
/// which the broker uses when they run on this node.
async fn start_role(
    role: Role,
    state: &NodeState,
    slots: &Slots,
    started: &[RunningRole],
) -> Result<RunningRole, NodeError> {
    let config = &state.config;
    let role_err = |reason: String| NodeError::Role { role, reason };
    match role {
        Role::Meta => {
            let meta_config = MetaNodeConfig {
                node_id: config.node_id,
                peers: config
                    .meta
                    .peers
                    .iter()
                    .map(|(id, addr)| (id, addr.to_owned()))
                    .collect(),
                dir: config.data_dir.join("meta"),
                offset_groups: config.meta.offset_groups,
                data_groups: config.meta.data_groups,
                timings: RaftTimings::default(),
                credential: state.credential.clone(),
            };
            let node = MetaNode::start(meta_config, Some(state.metrics.registry()))
                .await
                .map_err(|e| role_err(e.to_string()))?;
            let _ = slots.meta.set(Arc::clone(&node));
            let stop = Shutdown::new();
            let controller = spawn_controller(
                Arc::clone(&node),
                Duration::from_millis(config.meta.node_timeout_ms),
                stop.clone(),
            );
            Ok(RunningRole::Meta {
                node,
                controller,
                stop,
            })
        }
        Role::Engine => {
            let metrics = EngineMetrics::new(state.metrics.registry())?;
            let dir = config.data_dir.join("engine");
            let writers = std::thread::available_parallelism()
                .map_or(1, |n| n.get())
                .min(MAX_SEGMENT_WRITERS);
            let registry =
                tokio::task::spawn_blocking(move || ShardRegistry::open(&dir, metrics, writers))
                    .await
                    .map_err(|e| role_err(e.to_string()))?
                    .map_err(|e| role_err(e.to_string()))?;
            let registry = Arc::new(registry);
            let _ = slots
                .engine
                .set(Arc::clone(&registry) as Arc<dyn ShardStore>);
            let stop = Shutdown::new();
            let retention = registry.spawn_retention(RETENTION_INTERVAL, stop.clone());
            Ok(RunningRole::Engine {
                registry,
                retention,
                stop,
            })
        }
        Role::Broker => start_broker(state, started).await,
    }
}

/// The shard store of a broker or the admin API: each partition on the engine node placed to
/// lead it, this node's own engine (when it runs one) included.
fn placed_store(
    state: &NodeState,
    started: &[RunningRole],
    meta: Arc<dyn MetaStore>,
) -> Arc<dyn ShardStore> {
    let local = started.iter().find_map(|r| match r {
        RunningRole::Engine { registry, .. } => Some(Arc::clone(registry) as Arc<dyn ShardStore>),
        _ => None,
    });
    Arc::new(PlacedStore::new(
        state.config.node_id,
        local,
        meta,
        state.credential.clone(),
    ))
}

/// Starts the broker over the local meta node when this node runs one, otherwise over the meta
/// peers; its shards are wherever meta places them ([`placed_store`]).
async fn start_broker(
    state: &NodeState,
    started: &[RunningRole],
) -> Result<RunningRole, NodeError> {
    let config = &state.config;
    let role_err = |reason: String| NodeError::Role {
        role: Role::Broker,
        reason,
    };
    let meta: Arc<dyn MetaStore> = match started.iter().find_map(|r| match r {
        RunningRole::Meta { node, .. } => Some(Arc::clone(node)),
        _ => None,
    }) {
        Some(node) => node,
        None => Arc::new(peer_meta(config, &state.credential)),
    };
    let store = placed_store(state, started, Arc::clone(&meta));
    let metrics =
        BrokerMetrics::new(state.metrics.registry()).map_err(|e| role_err(e.to_string()))?;
    if config.mqtt.allow_anonymous.is_none() {
        if config.anonymous_allowed() {
            info!("anonymous MQTT clients are allowed: every MQTT listener binds loopback");
        } else {
            warn!(
                "anonymous MQTT clients are refused: an MQTT listener binds beyond loopback; set mqtt.allow_anonymous = true to allow them"
            );
        }
    }
    let broker = Broker::start(
        Settings::from_config(config),
        meta,
        store,
        metrics,
        Shutdown::new(),
    )
    .await
    .map_err(|e| role_err(e.to_string()))?;
    broker.add_header_bridge(Arc::new(robustmq_broker::mqtt::convert::MqttHeaders));
    let mut listeners = match open_mqtt_listeners(config, &broker).await {
        Ok(listeners) => listeners,
        Err(e) => {
            broker.shutdown().trigger();
            return Err(e);
        }
    };
    let kafka = match open_kafka_listener(state, &broker).await {
        Ok(Some((kafka, task))) => {
            listeners.push(task);
            Some(kafka)
        }
        Ok(None) => None,
        Err(e) => {
            broker.shutdown().trigger();
            return Err(e);
        }
    };
    Ok(RunningRole::Broker {
        broker,
        kafka,
        listeners,
    })
}

/// Binds and serves every MQTT listener the config enables (TCP, TLS, WebSocket, WSS, QUIC), with one
/// TLS configuration for those that need it, reloaded from its files on SIGHUP until the broker
/// shuts down.
///
/// # Errors
/// [`NodeError::Bind`] for a listener that cannot bind; [`NodeError::Role`] when the TLS files
/// cannot be loaded (`main` checks them before startup, so only a file changed since then gets
/// here).
async fn open_mqtt_listeners(
    config: &Config,
    broker: &Arc<Broker>,
) -> Result<Vec<JoinHandle<()>>, NodeError> {
    let tls = match tls_files(config) {
        Some(files) => Some(TlsAcceptor::load(files, &[]).map_err(|e| NodeError::Role {
            role: Role::Broker,
            reason: e.to_string(),
        })?),
        None => None,
    };
    let mut tasks = Vec::new();
    for (key, addr, transport) in [
        ("mqtt.tcp_addr", config.mqtt.tcp_addr, Transport::Tcp),
        ("mqtt.tls_addr", config.mqtt.tls_addr, Transport::Tls),
        ("mqtt.ws_addr", config.mqtt.ws_addr, Transport::Ws),
        ("mqtt.wss_addr", config.mqtt.wss_addr, Transport::Wss),
    ] {
        let Some(addr) = addr.get() else { continue };
        let tcp = server::bind(key, addr).await?;
        info!(addr = %local_addr(&tcp, key)?, %transport, "MQTT listening");
        let acceptor = if transport.is_tls() {
            tls.clone()
        } else {
            None
        };
        let listener =
            Listener::new(key, tcp, transport, acceptor).map_err(|e| NodeError::Role {
                role: Role::Broker,
                reason: e.to_string(),
            })?;
        tasks.push(tokio::spawn(robustmq_broker::mqtt::server::run(
            listener,
            Arc::clone(broker),
        )));
    }
    if let (Some(addr), Some(tls)) = (config.mqtt.quic_addr.get(), &tls) {
        let key = "mqtt.quic_addr";
        let udp = std::net::UdpSocket::bind(addr).map_err(|source| NodeError::Bind {
            key,
            addr,
            source,
        })?;
        let listener = Listener::quic(key, udp, Arc::clone(tls)).map_err(|e| NodeError::Role {
            role: Role::Broker,
            reason: e.to_string(),
        })?;
        let bound = listener
            .local_addr()
            .map_err(|source| NodeError::LocalAddr { key, source })?;
        info!(addr = %bound, transport = %Transport::Quic, "MQTT listening");
        tasks.push(tokio::spawn(robustmq_broker::mqtt::server::run(
            listener,
            Arc::clone(broker),
        )));
    }
    if let Some(tls) = tls {
        let mut hangup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())
            .map_err(|e| NodeError::Role {
                role: Role::Broker,
                reason: format!("cannot watch SIGHUP: {e}"),
            })?;
        let shutdown = broker.shutdown().clone();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    got = hangup.recv() => if got.is_none() { return },
                    () = shutdown.wait() => return,
                }
                match tls.reload() {
                    Ok(()) => info!("SIGHUP: TLS certificate and key reloaded"),
                    Err(e) => {
                        warn!(error = %e, "SIGHUP: TLS files not reloaded; the ones in use stay");
                    }
                }
            }
        });
    }
    Ok(tasks)
}

/// Binds and serves the Kafka listener when `kafka.addr` is set.
///
/// # Errors
/// [`NodeError::Bind`] when it cannot bind; [`NodeError::Role`] when its metrics cannot be
/// registered.
async fn open_kafka_listener(
    state: &NodeState,
    broker: &Arc<Broker>,
) -> Result<Option<(Arc<Kafka>, JoinHandle<()>)>, NodeError> {
    let config = &state.config;
    let key = "kafka.addr";
    let Some(addr) = config.kafka.addr.get() else {
        return Ok(None);
    };
    let role_err = |reason: String| NodeError::Role {
        role: Role::Broker,
        reason,
    };
    let tcp = server::bind(key, addr).await?;
    let bound = local_addr(&tcp, key)?;
    let settings = KafkaSettings::from_config(config, bound);
    info!(
        addr = %bound,
        advertised = %format!("{}:{}", settings.advertised_host, settings.advertised_port),
        "Kafka listening"
    );
    let metrics =
        KafkaMetrics::new(state.metrics.registry()).map_err(|e| role_err(e.to_string()))?;
    let listener =
        Listener::new(key, tcp, Transport::Tcp, None).map_err(|e| role_err(e.to_string()))?;
    let kafka = Arc::new(Kafka::new(Arc::clone(broker), settings, metrics));
    let task = tokio::spawn(robustmq_broker::kafka::server::run(
        listener,
        Arc::clone(&kafka),
    ));
    Ok(Some((kafka, task)))
}

/// The TLS files of `[tls]` when a broker listener needs them.
pub fn tls_files(config: &Config) -> Option<TlsFiles> {
    let needed = config.has_role(Role::Broker)
        && [
            config.mqtt.tls_addr,
            config.mqtt.wss_addr,
            config.mqtt.quic_addr,
        ]
        .iter()
        .any(|addr| addr.get().is_some());
    needed.then(|| TlsFiles {
        cert: config.tls.cert.clone().into(),
        key: config.tls.key.clone().into(),
        client_ca: (!config.tls.client_ca.is_empty()).then(|| config.tls.client_ca.clone().into()),
        verify_peer: config.tls.verify_peer,
    })
}

/// Inner TLS (`server.tls_cert`, `server.tls_key`, `server.tls_ca`), read once at start: the
/// server side requires a client certificate from the CA (mutual TLS), and the client side
/// verifies peers against the same CA and presents the same certificate.
struct InnerTls {
    identity: Identity,
    ca: Certificate,
    server_name: String,
}

impl InnerTls {
    /// The inner gRPC server's TLS: this node's certificate, client certificates required.
    fn server(&self) -> ServerTlsConfig {
        ServerTlsConfig::new()
            .identity(self.identity.clone())
            .client_ca_root(self.ca.clone())
    }

    /// How this node dials its peers' inner gRPC.
    fn client(&self) -> ClientTlsConfig {
        let tls = ClientTlsConfig::new()
            .ca_certificate(self.ca.clone())
            .identity(self.identity.clone());
        if self.server_name.is_empty() {
            tls
        } else {
            tls.domain_name(self.server_name.clone())
        }
    }
}

/// Reads inner TLS's files, when it is on.
///
/// # Errors
/// [`NodeError::InnerTls`] naming the key of a file that cannot be read.
fn inner_tls(config: &Config) -> Result<Option<InnerTls>, NodeError> {
    let server = &config.server;
    if !server.inner_tls() {
        return Ok(None);
    }
    let read = |key: &'static str, path: &str| {
        std::fs::read(path).map_err(|e| NodeError::InnerTls {
            key,
            reason: format!("{path}: {e}"),
        })
    };
    let cert = read("server.tls_cert", &server.tls_cert)?;
    let key = read("server.tls_key", &server.tls_key)?;
    let ca = read("server.tls_ca", &server.tls_ca)?;
    Ok(Some(InnerTls {
        identity: Identity::from_pem(cert, key),
        ca: Certificate::from_pem(ca),
        server_name: server.tls_server_name.clone(),
    }))
}

/// The meta store of a node without the meta role: the first reachable node of `meta.peers`,
/// reached with the cluster secret.
fn peer_meta(config: &Config, credential: &ClusterCredential) -> PeerMeta {
    PeerMeta::new(
        config
            .meta
            .peers
            .iter()
            .map(|(_, addr)| format!("http://{addr}"))
            .collect(),
    )
    .with_credential(credential.clone())
}
