//! Errors of the daemon. Each renders as one line that names what failed and where.

use std::net::SocketAddr;
use std::path::PathBuf;

use robustmq_common::Role;

/// A failure to start or keep running a node. These are runtime failures (exit code 1); config
/// mistakes are [`robustmq_common::ConfigError`] (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum NodeError {
    /// A listener could not bind, most often because the port is in use.
    #[error("cannot bind {key} to {addr}: {source}")]
    Bind {
        /// Config key of the listener, for example `server.http_addr`.
        key: &'static str,
        /// The address asked for.
        addr: SocketAddr,
        /// The OS error.
        source: std::io::Error,
    },
    /// A bound listener could not report its address.
    #[error("cannot read the bound address of {key}: {source}")]
    LocalAddr {
        /// Config key of the listener.
        key: &'static str,
        /// The OS error.
        source: std::io::Error,
    },
    /// A listener every node needs is switched off; validation normally catches this first.
    #[error("{key}: must be set")]
    MissingListener {
        /// Config key of the listener.
        key: &'static str,
    },
    /// The data directory cannot be created, opened or locked.
    #[error("cannot use data_dir {}: {source}", path.display())]
    DataDir {
        /// The data directory.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// Another process holds the data directory.
    #[error("data_dir {} is in use by another robustmqd process", path.display())]
    DataDirLocked {
        /// The data directory.
        path: PathBuf,
    },
    /// An inner TLS file (`server.tls_*`) could not be read; validation at start normally
    /// catches this first.
    #[error("{key}: {reason}")]
    InnerTls {
        /// The config key of the file.
        key: &'static str,
        /// Why.
        reason: String,
    },
    /// The metrics registry rejected a collector.
    #[error("metrics registry: {0}")]
    Metrics(#[from] prometheus::Error),
    /// A role could not start.
    #[error("{role} role failed to start: {reason}")]
    Role {
        /// The role.
        role: Role,
        /// Why.
        reason: String,
    },
    /// A common server stopped while the node was running.
    #[error("{server} server stopped: {reason}")]
    ServerExited {
        /// Which server.
        server: &'static str,
        /// Why.
        reason: String,
    },
}
