//! The core's error type. Each protocol maps it onto its own wire codes in one table (MQTT:
//! `mqtt::error`), so that storage and meta failures stay distinct to the client and in the log.

/// Why the core could not do what a protocol layer or the node asked.
///
/// `Storage` and `Meta` report a failing layer underneath; the request that met them fails, the
/// connection goes on. `Metrics` and `Setting` can only happen at startup.
#[derive(Debug, thiserror::Error)]
pub enum BrokerError {
    /// The storage engine refused or failed an append or read.
    #[error("storage: {0}")]
    Storage(#[from] robustmq_engine::EngineError),
    /// The Meta Service refused or failed a request.
    #[error("meta: {0}")]
    Meta(#[from] robustmq_meta_client::MetaError),
    /// A metric could not be registered (two collectors claim one name).
    #[error("metrics: {0}")]
    Metrics(#[from] prometheus::Error),
    /// A setting that only startup can check is unusable (the JWT public key file).
    #[error("{0}")]
    Setting(String),
}

/// Result alias of the core.
pub type Result<T, E = BrokerError> = std::result::Result<T, E>;
