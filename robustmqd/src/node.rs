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
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use robustmq_common::config::ListenAddr;
use robustmq_common::{Config, MetricsRegistry, Role, Shutdown};
use tokio::net::TcpListener;
use tokio::task::JoinSet;
use tracing::{info, warn};

use crate::NodeError;
use crate::server::{self, BoundAddrs, NodeState};

/// How long the common servers get to finish in-flight requests once told to stop.
const SERVER_DRAIN_TIMEOUT: Duration = Duration::from_secs(3);

/// Name of the lock file that keeps two processes from sharing one data directory.
const LOCK_FILE: &str = "LOCK";

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

/// A running node: its common servers and the roles it has started.
pub struct Node {
    state: NodeState,
    server_shutdown: Shutdown,
    servers: JoinSet<(&'static str, Result<(), String>)>,
    started_roles: Vec<Role>,
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
        let state = NodeState::new(Arc::clone(&config), metrics, addrs);

        let server_shutdown = Shutdown::new();
        let mut servers = JoinSet::new();
        {
            let (state, stop) = (state.clone(), server_shutdown.clone());
            servers.spawn(async move {
                let res = server::grpc::run(grpc, state, stop).await;
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
            _lock: lock,
        };
        for role in Role::STARTUP_ORDER {
            if !node.state.config.has_role(role) {
                continue;
            }
            info!(%role, "starting role");
            if let Err(e) = start_role(role, &node.state.config) {
                node.stop().await;
                return Err(e);
            }
            node.started_roles.push(role);
            node.state.readiness.set_ready(role);
            info!(%role, "role ready");
        }
        info!(
            node_id = node.state.config.node_id,
            roles = %node.started_roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(","),
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

    /// Stops the roles in reverse startup order, then the common servers, then releases the data
    /// directory.
    async fn stop(&mut self) {
        self.state.readiness.set_stopping();
        while let Some(role) = self.started_roles.pop() {
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

/// The directory a role owns under the data directory, if it stores anything.
fn role_dir(role: Role, data_dir: &Path) -> Option<PathBuf> {
    match role {
        Role::Meta | Role::Engine => Some(data_dir.join(role.as_str())),
        Role::Broker => None,
    }
}

/// Prepares what a role needs before it can serve: today, the directory it owns. The roles'
/// services (Raft groups, shards, protocol listeners) attach here as their issues land.
fn start_role(role: Role, config: &Config) -> Result<(), NodeError> {
    if let Some(dir) = role_dir(role, &config.data_dir) {
        std::fs::create_dir_all(&dir).map_err(|source| NodeError::Role {
            role,
            reason: format!("cannot create {}: {source}", dir.display()),
        })?;
    }
    Ok(())
}
