//! The common server layer that every node runs whatever its roles: the inner gRPC server, the
//! admin HTTP server and the Prometheus server.
//!
//! Each server is a `run(listener, state, shutdown)` function, so tests can hand it a listener on
//! `127.0.0.1:0` and their own shutdown signal.

pub mod grpc;
pub mod http;
pub mod prometheus;

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use robustmq_common::{Config, MetricsRegistry, Role};
use robustmq_proto::auth::ClusterCredential;
use tokio::net::TcpListener;

use crate::NodeError;

/// What a node reports about itself on `/health`: starting, ready, or stopping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// At least one enabled role has not finished starting.
    Starting,
    /// Every enabled role is ready.
    Ready,
    /// Shutdown has begun; the node no longer takes work.
    Stopping,
}

impl Phase {
    /// The `status` string of `/health`.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Starting => "starting",
            Phase::Ready => "ok",
            Phase::Stopping => "stopping",
        }
    }
}

/// Which roles are ready, and whether the node is stopping.
///
/// A std mutex is enough: it guards a tiny set, is held for a few instructions and never across an
/// `.await`.
#[derive(Debug)]
pub struct Readiness {
    enabled: Vec<Role>,
    state: Mutex<(BTreeSet<Role>, bool)>,
}

impl Readiness {
    /// Nothing ready yet.
    pub fn new(enabled: Vec<Role>) -> Self {
        Self {
            enabled,
            state: Mutex::new((BTreeSet::new(), false)),
        }
    }

    /// Records that `role` finished starting.
    pub fn set_ready(&self, role: Role) {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .0
            .insert(role);
    }

    /// Records that shutdown has begun; the node reports [`Phase::Stopping`] from now on.
    pub fn set_stopping(&self) {
        self.state.lock().unwrap_or_else(PoisonError::into_inner).1 = true;
    }

    /// Enabled roles, in the order the config listed them.
    pub fn enabled(&self) -> &[Role] {
        &self.enabled
    }

    /// Roles that are ready, in startup order.
    pub fn ready_roles(&self) -> Vec<Role> {
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        Role::STARTUP_ORDER
            .into_iter()
            .filter(|r| state.0.contains(r))
            .collect()
    }

    /// The node's phase.
    pub fn phase(&self) -> Phase {
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if state.1 {
            Phase::Stopping
        } else if self.enabled.iter().all(|r| state.0.contains(r)) {
            Phase::Ready
        } else {
            Phase::Starting
        }
    }
}

/// The addresses the common servers actually bound; they differ from the config for port 0.
#[derive(Debug, Clone, Copy)]
pub struct BoundAddrs {
    /// Inner gRPC server.
    pub grpc: SocketAddr,
    /// Admin HTTP server.
    pub http: SocketAddr,
    /// Prometheus server, if enabled.
    pub prometheus: Option<SocketAddr>,
}

/// State shared by the common servers. Cloning is shallow.
#[derive(Clone)]
pub struct NodeState {
    /// The validated config the node started with.
    pub config: Arc<Config>,
    /// Role readiness, for `/health` and `NodeService.Health`.
    pub readiness: Arc<Readiness>,
    /// The node's metrics.
    pub metrics: MetricsRegistry,
    /// Bound listener addresses.
    pub addrs: BoundAddrs,
    /// Unix time in milliseconds at which the node started.
    pub start_time_ms: u64,
    /// The admin API, filled once the roles are up; REST and gRPC answer 503/UNAVAILABLE until
    /// then.
    pub admin: robustmq_admin::AdminSlot,
    /// How this node reaches its peers' inner gRPC (the cluster secret, and inner TLS when it
    /// is on), and what its own inner services require.
    pub credential: ClusterCredential,
}

impl NodeState {
    /// State for a node that is starting now.
    pub fn new(
        config: Arc<Config>,
        metrics: MetricsRegistry,
        addrs: BoundAddrs,
        credential: ClusterCredential,
    ) -> Self {
        let readiness = Arc::new(Readiness::new(config.roles.clone()));
        let start_time_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
        Self {
            config,
            readiness,
            metrics,
            addrs,
            start_time_ms,
            admin: Arc::default(),
            credential,
        }
    }
}

/// Binds a TCP listener, naming the config key and address in the error so a port clash reads as
/// one clear line.
///
/// # Errors
/// [`NodeError::Bind`] when the address is taken, not local, or not permitted.
pub async fn bind(key: &'static str, addr: SocketAddr) -> Result<TcpListener, NodeError> {
    TcpListener::bind(addr)
        .await
        .map_err(|source| NodeError::Bind { key, addr, source })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phase_is_ready_only_when_every_enabled_role_is() {
        let r = Readiness::new(vec![Role::Broker, Role::Meta]);
        assert_eq!(r.phase(), Phase::Starting);
        r.set_ready(Role::Meta);
        assert_eq!(r.phase(), Phase::Starting);
        r.set_ready(Role::Broker);
        assert_eq!(r.phase(), Phase::Ready);
        assert_eq!(r.ready_roles(), vec![Role::Meta, Role::Broker]);
        r.set_stopping();
        assert_eq!(r.phase(), Phase::Stopping);
    }
}
