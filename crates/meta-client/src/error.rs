//! Errors of the Meta Service, and how they cross gRPC.

use tonic::{Code, Status};

/// gRPC metadata key carrying the leader's node id in a `NotLeader` status.
pub const LEADER_ID_KEY: &str = "x-robustmq-leader-id";
/// gRPC metadata key carrying the leader's inner gRPC address in a `NotLeader` status.
pub const LEADER_ADDR_KEY: &str = "x-robustmq-leader-addr";

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
    /// A message or a record did not encode or decode.
    #[error("codec: {0}")]
    Codec(String),
    /// The meta node refused this node's cluster credential (`server.cluster_secret`).
    #[error("not authenticated: {0}")]
    Unauthenticated(String),
    /// A command larger than one log entry may be (`MAX_ENTRY_BYTES` of the meta node): an
    /// entry that large could never be replicated, and would wedge the group.
    #[error("too large: {0}")]
    TooLarge(String),
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

    /// A [`MetaError::Codec`] with `e`'s message.
    pub fn codec(e: impl ToString) -> MetaError {
        MetaError::Codec(e.to_string())
    }

    /// The gRPC status that carries this error to another node; [`MetaError::from_status`] maps
    /// it back, leader included.
    pub fn to_status(&self) -> Status {
        match self {
            MetaError::NotLeader {
                leader_id,
                leader_addr,
                ..
            } => {
                let mut status = Status::failed_precondition(self.to_string());
                if let Some(id) = leader_id
                    && let Ok(v) = id.to_string().parse()
                {
                    status.metadata_mut().insert(LEADER_ID_KEY, v);
                }
                if let Some(addr) = leader_addr
                    && let Ok(v) = addr.parse()
                {
                    status.metadata_mut().insert(LEADER_ADDR_KEY, v);
                }
                status
            }
            MetaError::UnknownGroup(_) => Status::not_found(self.to_string()),
            MetaError::NoLeader { .. } | MetaError::Unreachable(_) => {
                Status::unavailable(self.to_string())
            }
            MetaError::OutcomeUnknown(_) => Status::unknown(self.to_string()),
            MetaError::Codec(_) => Status::invalid_argument(self.to_string()),
            MetaError::Unauthenticated(_) => Status::unauthenticated(self.to_string()),
            MetaError::TooLarge(_) => Status::resource_exhausted(self.to_string()),
            MetaError::Storage(_) | MetaError::Raft(_) => Status::internal(self.to_string()),
        }
    }

    /// The error a status from another meta node stands for, for a request to `group`.
    pub fn from_status(group: &str, status: &Status) -> MetaError {
        let meta = |key: &str| {
            status
                .metadata()
                .get(key)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        match status.code() {
            Code::FailedPrecondition => MetaError::NotLeader {
                group: group.to_owned(),
                leader_id: meta(LEADER_ID_KEY).and_then(|v| v.parse().ok()),
                leader_addr: meta(LEADER_ADDR_KEY),
            },
            Code::NotFound => MetaError::UnknownGroup(group.to_owned()),
            // tonic reports a connection that broke or could not be made as Unavailable, Unknown
            // ("transport error") or Cancelled ("operation was canceled"); all are retried (see
            // MetaNode::write on what that means for a write whose reply was lost).
            Code::Unavailable | Code::Unknown | Code::Cancelled => {
                MetaError::Unreachable(status.message().to_owned())
            }
            Code::DeadlineExceeded => MetaError::OutcomeUnknown(status.message().to_owned()),
            Code::InvalidArgument => MetaError::Codec(status.message().to_owned()),
            Code::Unauthenticated => MetaError::Unauthenticated(status.message().to_owned()),
            Code::ResourceExhausted => MetaError::TooLarge(status.message().to_owned()),
            _ => MetaError::Raft(status.message().to_owned()),
        }
    }
}

/// Result with [`MetaError`].
pub type Result<T, E = MetaError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_leader_crosses_grpc_with_its_leader() {
        let e = MetaError::NotLeader {
            group: "metadata".into(),
            leader_id: Some(3),
            leader_addr: Some("127.0.0.1:3228".into()),
        };
        match MetaError::from_status("metadata", &e.to_status()) {
            MetaError::NotLeader {
                leader_id,
                leader_addr,
                ..
            } => {
                assert_eq!(leader_id, Some(3));
                assert_eq!(leader_addr.as_deref(), Some("127.0.0.1:3228"));
            }
            other => panic!("expected NotLeader, got {other:?}"),
        }
        let large = MetaError::TooLarge("a 20 MiB command".into()).to_status();
        assert!(matches!(
            MetaError::from_status("x", &large),
            MetaError::TooLarge(_)
        ));
        let unknown = MetaError::UnknownGroup("x".into()).to_status();
        assert!(matches!(
            MetaError::from_status("x", &unknown),
            MetaError::UnknownGroup(g) if g == "x"
        ));
    }
}
