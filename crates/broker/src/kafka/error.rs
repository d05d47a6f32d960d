//! The Kafka layer's errors: [`KafkaError`], why a connection is closed, and [`code_of`], the
//! one table from the core's errors to Kafka error codes.

use kafka_protocol::ResponseError;
use robustmq_engine::EngineError;

use crate::core::BrokerError;
use crate::kafka::batch::BatchError;

/// Why the broker stops reading a Kafka connection. Kafka closes a connection on each of these
/// rather than answering, since the client either cannot parse an answer or sent bytes the
/// stream cannot be resynchronised after.
#[derive(Debug, thiserror::Error)]
pub enum KafkaError {
    /// The size prefix is negative or above `kafka.max_request_bytes`.
    #[error("request size {size} is outside 0..={max} (kafka.max_request_bytes)")]
    FrameSize {
        /// The size read.
        size: i32,
        /// The limit.
        max: usize,
    },
    /// An API key the broker does not serve.
    #[error("API key {0} is not served")]
    UnknownApi(i16),
    /// A version of a served API outside the served range.
    #[error("API key {api} version {version} is not served")]
    UnsupportedVersion {
        /// The API key.
        api: i16,
        /// The version asked for.
        version: i16,
    },
    /// The header or body does not decode.
    #[error("malformed request: {0}")]
    Decode(String),
    /// A response did not encode (a bug: the handler set a field its version cannot carry).
    #[error("response does not encode: {0}")]
    Encode(String),
    /// The socket failed.
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
}

/// The Kafka error code for a core failure. Storage errors that a retry may cure are
/// retriable (KAFKA_STORAGE_ERROR, REQUEST_TIMED_OUT), the rest are not.
pub fn code_of(e: &BrokerError) -> ResponseError {
    match e {
        BrokerError::Storage(e) => match e {
            EngineError::ShardNotFound(_) => ResponseError::UnknownTopicOrPartition,
            EngineError::OffsetOutOfRange { .. } => ResponseError::OffsetOutOfRange,
            EngineError::BatchTooLarge { .. } => ResponseError::MessageTooLarge,
            EngineError::EmptyBatch => ResponseError::InvalidRecord,
            EngineError::Corrupt { .. } => ResponseError::CorruptMessage,
            EngineError::Unreachable(_) => ResponseError::RequestTimedOut,
            _ => ResponseError::KafkaStorageError,
        },
        BrokerError::Meta(_) => ResponseError::RequestTimedOut,
        BrokerError::Metrics(_) | BrokerError::Setting(_) => ResponseError::UnknownServerError,
    }
}

/// The Kafka error code of a produced batch refused by [`crate::kafka::batch::check`].
pub fn batch_code(e: &BatchError) -> ResponseError {
    match e {
        BatchError::Crc => ResponseError::CorruptMessage,
        BatchError::Malformed(_) | BatchError::Refused(_) => ResponseError::InvalidRecord,
        BatchError::Magic(_) => ResponseError::UnsupportedForMessageFormat,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_protocol_guides() {
        let storage = |e| code_of(&BrokerError::Storage(e)).code();
        assert_eq!(storage(EngineError::ShardNotFound("t#0".into())), 3);
        assert_eq!(
            storage(EngineError::OffsetOutOfRange {
                requested: 9,
                earliest: 0,
                high_watermark: 1
            }),
            1
        );
        assert_eq!(storage(EngineError::BatchTooLarge { size: 2, max: 1 }), 10);
        assert_eq!(batch_code(&BatchError::Crc).code(), 2);
        assert_eq!(batch_code(&BatchError::Magic(1)).code(), 43);
        assert_eq!(batch_code(&BatchError::Malformed("x")).code(), 87);
    }
}
