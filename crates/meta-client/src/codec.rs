//! How meta's values (commands, results, watch events, Raft messages) are decoded from bytes
//! that crossed the network: bincode as [`bincode::serialize`] writes it, from a message of at
//! most a given size. Decoding from a slice never reads past it, so no length prefix can make
//! the decoder read or reserve much more than the message holds; nesting is bounded where it can
//! occur ([`crate::command::MAX_BATCH_DEPTH`]).

use serde::de::DeserializeOwned;

/// Largest gRPC message between meta nodes and their clients: a Raft snapshot chunk or a scan.
pub const MAX_MESSAGE_BYTES: usize = 64 << 20;

/// Decodes one value of `bytes`, written by [`bincode::serialize`], if `bytes` holds at most
/// `limit` bytes.
///
/// # Errors
/// The message is longer than `limit`, the bytes are not a value of `T` (a length prefix that
/// claims more than the message holds is one such case), or they nest batches deeper than
/// [`crate::command::MAX_BATCH_DEPTH`].
pub fn decode_within<T: DeserializeOwned>(bytes: &[u8], limit: usize) -> bincode::Result<T> {
    if bytes.len() > limit {
        return Err(Box::new(bincode::ErrorKind::Custom(format!(
            "a message of {} bytes is over the limit of {limit}",
            bytes.len()
        ))));
    }
    bincode::deserialize(bytes)
}

/// [`decode_within`] the largest message meta's gRPC accepts ([`MAX_MESSAGE_BYTES`]).
///
/// # Errors
/// As [`decode_within`].
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> bincode::Result<T> {
    decode_within(bytes, MAX_MESSAGE_BYTES)
}
