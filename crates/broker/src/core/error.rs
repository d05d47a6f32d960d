//! The broker's error type.

use robustmq_mqtt_codec::ReasonCode;

/// Why the broker could not do what a client or the node asked.
///
/// Request errors (`Codec`, `Protocol`) end one connection; `Storage` and `Meta` report a
/// failing layer underneath and are turned into an error reason code for the one request.
#[derive(Debug, thiserror::Error)]
pub enum BrokerError {
    /// The peer sent bytes that do not decode.
    #[error(transparent)]
    Codec(#[from] robustmq_mqtt_codec::Error),
    /// The peer broke a protocol rule; the connection is closed with this reason.
    #[error("protocol violation ({reason}): {detail}")]
    Protocol {
        /// MQTT 5.0 reason code sent in DISCONNECT.
        reason: ReasonCode,
        /// What happened, for the log.
        detail: &'static str,
    },
    /// The socket failed or closed.
    #[error("connection I/O: {0}")]
    Io(#[from] std::io::Error),
    /// The storage engine refused or failed an append or read.
    #[error("storage: {0}")]
    Storage(#[from] robustmq_engine::EngineError),
    /// The Meta Service refused or failed a request.
    #[error("meta: {0}")]
    Meta(#[from] robustmq_meta_client::MetaError),
    /// A metric could not be registered (two collectors claim one name).
    #[error("metrics: {0}")]
    Metrics(#[from] prometheus::Error),
}

impl BrokerError {
    /// A protocol violation with `reason`.
    pub fn protocol(reason: ReasonCode, detail: &'static str) -> Self {
        BrokerError::Protocol { reason, detail }
    }

    /// The reason code that reports this error to an MQTT 5.0 peer.
    pub fn reason_code(&self) -> ReasonCode {
        match self {
            BrokerError::Codec(e) => e.reason_code(),
            BrokerError::Protocol { reason, .. } => *reason,
            BrokerError::Io(_) | BrokerError::Metrics(_) => ReasonCode::UNSPECIFIED_ERROR,
            BrokerError::Storage(_) | BrokerError::Meta(_) => {
                ReasonCode::IMPLEMENTATION_SPECIFIC_ERROR
            }
        }
    }
}

/// Result alias of the broker.
pub type Result<T, E = BrokerError> = std::result::Result<T, E>;
