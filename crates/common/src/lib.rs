//! Shared foundations of every RobustMQ crate.
//!
//! - [`config`]: the config contract (`config/robustmqd.toml`), its defaults, environment
//!   overrides and validation.
//! - [`shutdown`]: the [`Shutdown`] signal that every server and task of a node obeys.
//! - [`metrics`]: the node's Prometheus [`MetricsRegistry`].
//! - [`topic`]: MQTT topic name and filter validation and matching.
//! - [`ip_range`]: IP addresses and CIDR blocks as the blacklist names peers.
//! - [`password`]: argon2id password hashes for the user store (PBKDF2 ones of earlier versions
//!   verify); [`scram`]: SCRAM-SHA-256 credentials and the server side of its exchange.
//! - `cli_docs` (feature `cli-docs`): man pages generated from a binary's clap definition.
//! - [`Error`]: this crate's error type.

#[cfg(feature = "cli-docs")]
pub mod cli_docs;
pub mod config;
pub mod ip_range;
pub mod metrics;
pub mod password;
pub mod scram;
pub mod shutdown;
pub mod topic;

pub use config::{Config, ConfigError, Role};
pub use metrics::MetricsRegistry;
pub use shutdown::Shutdown;

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The configuration is unreadable or invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The metrics registry rejected a collector.
    #[error("metrics registry: {0}")]
    Metrics(#[from] prometheus::Error),
}

/// The version of this build, as in `Cargo.toml`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
