//! Errors of the Meta Service.

/// What can go wrong in a meta operation.
///
/// [`MetaError::NotLeader`] is surfaced, not hidden, so that callers (and `robustmqctl`) can say
/// which node leads. Storage failures are fatal for the group they hit; the others are request
/// errors that a retry may clear.
#[derive(Debug, Clone, thiserror::Error)]
pub enum MetaError {
    /// The group does not exist on this node.
    #[error("unknown raft group `{0}`")]
    UnknownGroup(String),
    /// This node does not lead the group; the leader is named when known.
    #[error("not leader of group `{group}`{}", leader_text(*.leader_id, .leader_addr.as_deref()))]
    NotLeader {
        /// The group.
        group: String,
        /// The leader's node id, if known.
        leader_id: Option<u64>,
        /// The leader's inner gRPC address, if known.
        leader_addr: Option<String>,
    },
    /// No leader could take the request in time: too few meta nodes are up.
    #[error("no leader for group `{group}` within {waited_ms} ms (is a quorum of meta nodes up?)")]
    NoLeader {
        /// The group.
        group: String,
        /// How long the request waited.
        waited_ms: u64,
    },
    /// A peer could not be reached; the request was not delivered.
    #[error("meta node unreachable: {0}")]
    Unreachable(String),
    /// A forwarded request timed out or its reply was lost: it may or may not have been applied,
    /// so it is not retried (a retry could overwrite a newer value).
    #[error("outcome unknown: {0}")]
    OutcomeUnknown(String),
    /// RocksDB or the file system failed; the group stops.
    #[error("meta storage: {0}")]
    Storage(String),
    /// openraft refused the operation.
    #[error("raft: {0}")]
    Raft(String),
    /// A message did not encode or decode.
    #[error("codec: {0}")]
    Codec(String),
}

fn leader_text(id: Option<u64>, addr: Option<&str>) -> String {
    match (id, addr) {
        (Some(id), Some(addr)) => format!("; leader is node {id} at {addr}"),
        (Some(id), None) => format!("; leader is node {id}"),
        _ => "; no leader is known yet".to_owned(),
    }
}

impl MetaError {
    /// Whether trying again (after a short wait, or at the leader) may succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            MetaError::NotLeader { .. } | MetaError::Unreachable(_) | MetaError::NoLeader { .. }
        )
    }
}

/// Result with [`MetaError`].
pub type Result<T, E = MetaError> = std::result::Result<T, E>;
