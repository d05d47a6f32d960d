//! The codec's one error type, and its mapping onto MQTT 5.0 reason codes.

use crate::ReasonCode;

/// Why a packet could not be read or written.
///
/// `Incomplete` is not a failure: the caller reads more bytes and tries again. Every other
/// read error means the connection must be closed, after a DISCONNECT (v5) or CONNACK
/// carrying [`Error::reason_code`] where the spec asks for one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// At least this many more bytes are needed before the packet can be decoded.
    #[error("incomplete packet: {0} more bytes needed")]
    Incomplete(usize),
    /// The packet is larger than the negotiated maximum. Detected from the fixed header alone,
    /// before any buffer for the body is allocated.
    #[error("packet of {size} bytes exceeds the maximum of {max}")]
    PacketTooLarge {
        /// Whole packet size announced by the fixed header.
        size: usize,
        /// The limit in force.
        max: usize,
    },
    /// The bytes do not follow the packet grammar (MQTT 5.0 reason 0x81).
    #[error("malformed packet: {0}")]
    Malformed(&'static str),
    /// The bytes parse but break a protocol rule (MQTT 5.0 reason 0x82).
    #[error("protocol error: {0}")]
    Protocol(&'static str),
    /// CONNECT named a protocol or level this codec does not speak.
    #[error("unsupported protocol {name:?} level {level}")]
    UnsupportedProtocol {
        /// Protocol name as sent (lossy UTF-8).
        name: String,
        /// Protocol level byte as sent.
        level: u8,
    },
    /// A packet cannot be encoded, for example a string longer than 65,535 bytes.
    #[error("cannot encode packet: {0}")]
    Encode(&'static str),
}

impl Error {
    /// The MQTT 5.0 reason code that reports this error to the peer.
    pub fn reason_code(&self) -> ReasonCode {
        match self {
            Error::Incomplete(_) | Error::Malformed(_) | Error::Encode(_) => {
                ReasonCode::MALFORMED_PACKET
            }
            Error::PacketTooLarge { .. } => ReasonCode::PACKET_TOO_LARGE,
            Error::Protocol(_) => ReasonCode::PROTOCOL_ERROR,
            Error::UnsupportedProtocol { .. } => ReasonCode::UNSUPPORTED_PROTOCOL_VERSION,
        }
    }
}
