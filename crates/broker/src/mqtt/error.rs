//! The MQTT layer's error, and the one table that maps it, and the core's errors, onto MQTT 5.0
//! reason codes. A Kafka layer keeps a table of its own beside its code.

use robustmq_mqtt_codec::ReasonCode;

use crate::core::BrokerError;
use crate::core::session::DisconnectReason;

/// Why an MQTT connection could not go on, or a request of it failed.
///
/// `Codec` and `Protocol` end the connection (with DISCONNECT at 5.0); `Io` ends it without;
/// `Broker` reports a failing layer underneath and fails one request.
#[derive(Debug, thiserror::Error)]
pub enum MqttError {
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
    /// The core failed a request (storage or meta).
    #[error(transparent)]
    Broker(#[from] BrokerError),
}

impl MqttError {
    /// A protocol violation with `reason`.
    pub fn protocol(reason: ReasonCode, detail: &'static str) -> Self {
        MqttError::Protocol { reason, detail }
    }

    /// The reason code that reports this error to an MQTT 5.0 peer.
    pub fn reason_code(&self) -> ReasonCode {
        match self {
            MqttError::Codec(e) => e.reason_code(),
            MqttError::Protocol { reason, .. } => *reason,
            MqttError::Io(_) => ReasonCode::UNSPECIFIED_ERROR,
            MqttError::Broker(e) => broker_reason(e),
        }
    }
}

/// The reason code that reports a failure of the core to a 5.0 client. Storage and meta get
/// different codes, so that a client (and an operator reading its logs) can tell a failing
/// engine from a meta service without a quorum: 0x83 Implementation specific error for storage,
/// 0x80 Unspecified error for meta. Both are allowed in PUBACK, PUBREC and DISCONNECT.
pub fn broker_reason(e: &BrokerError) -> ReasonCode {
    match e {
        BrokerError::Storage(_) => ReasonCode::IMPLEMENTATION_SPECIFIC_ERROR,
        BrokerError::Meta(_) | BrokerError::Metrics(_) | BrokerError::Setting(_) => {
            ReasonCode::UNSPECIFIED_ERROR
        }
    }
}

/// The reason code of a DISCONNECT the broker decided on.
pub fn disconnect_reason(reason: DisconnectReason) -> ReasonCode {
    match reason {
        DisconnectReason::TakenOver => ReasonCode::SESSION_TAKEN_OVER,
        DisconnectReason::KeepAliveTimeout => ReasonCode::KEEP_ALIVE_TIMEOUT,
        DisconnectReason::Administrative => ReasonCode::ADMINISTRATIVE_ACTION,
    }
}

/// Result alias of the MQTT layer.
pub type Result<T, E = MqttError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_and_meta_failures_reach_the_client_as_different_codes() {
        let storage = MqttError::from(BrokerError::Storage(robustmq_engine::EngineError::Closed(
            "s".into(),
        )));
        let meta = MqttError::from(BrokerError::Meta(
            robustmq_meta_client::MetaError::NoLeader {
                group: "data-0".into(),
                waited_ms: 10,
            },
        ));
        assert_eq!(
            storage.reason_code(),
            ReasonCode::IMPLEMENTATION_SPECIFIC_ERROR
        );
        assert_eq!(meta.reason_code(), ReasonCode::UNSPECIFIED_ERROR);
        assert!(storage.to_string().starts_with("storage: "), "{storage}");
        assert!(meta.to_string().starts_with("meta: "), "{meta}");
        assert_eq!(
            disconnect_reason(DisconnectReason::TakenOver),
            ReasonCode::SESSION_TAKEN_OVER
        );
    }
}
