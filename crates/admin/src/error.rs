//! [`AdminError`]: what an admin operation reports, and its one mapping onto gRPC status codes
//! and HTTP statuses, so `robustmqctl` shows the same failure whichever API it used.

use axum::http::StatusCode;

/// Why an admin operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AdminError {
    /// The request is malformed or names a bad value (400, INVALID_ARGUMENT).
    #[error("{0}")]
    InvalidArgument(String),
    /// The named object does not exist (404, NOT_FOUND).
    #[error("{0}")]
    NotFound(String),
    /// The object exists already (409, ALREADY_EXISTS).
    #[error("{0}")]
    AlreadyExists(String),
    /// A layer underneath cannot answer now: no meta quorum, no engine node, or the node is
    /// still starting (503, UNAVAILABLE). Retrying later may succeed.
    #[error("{0}")]
    Unavailable(String),
    /// The bearer token is missing or wrong (401, UNAUTHENTICATED).
    #[error("missing or wrong admin token (set --token or ROBUSTMQ_TOKEN)")]
    Unauthenticated,
    /// Anything else (500, INTERNAL).
    #[error("{0}")]
    Internal(String),
}

impl AdminError {
    /// The HTTP status REST answers with.
    pub fn http_status(&self) -> StatusCode {
        match self {
            AdminError::InvalidArgument(_) => StatusCode::BAD_REQUEST,
            AdminError::NotFound(_) => StatusCode::NOT_FOUND,
            AdminError::AlreadyExists(_) => StatusCode::CONFLICT,
            AdminError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AdminError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AdminError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The gRPC status code.
    pub fn grpc_code(&self) -> tonic::Code {
        match self {
            AdminError::InvalidArgument(_) => tonic::Code::InvalidArgument,
            AdminError::NotFound(_) => tonic::Code::NotFound,
            AdminError::AlreadyExists(_) => tonic::Code::AlreadyExists,
            AdminError::Unavailable(_) => tonic::Code::Unavailable,
            AdminError::Unauthenticated => tonic::Code::Unauthenticated,
            AdminError::Internal(_) => tonic::Code::Internal,
        }
    }
}

impl From<AdminError> for tonic::Status {
    fn from(e: AdminError) -> Self {
        tonic::Status::new(e.grpc_code(), e.to_string())
    }
}

impl From<robustmq_meta_client::MetaError> for AdminError {
    fn from(e: robustmq_meta_client::MetaError) -> Self {
        use robustmq_meta_client::MetaError as M;
        match e {
            M::NoLeader { .. } | M::Unreachable(_) | M::NotLeader { .. } => {
                AdminError::Unavailable(format!("meta: {e}"))
            }
            other => AdminError::Internal(format!("meta: {other}")),
        }
    }
}

impl From<robustmq_engine::EngineError> for AdminError {
    fn from(e: robustmq_engine::EngineError) -> Self {
        use robustmq_engine::EngineError as E;
        match e {
            E::ShardNotFound(_) => AdminError::NotFound(format!("storage engine: {e}")),
            E::ShardExists(_) => AdminError::AlreadyExists(format!("storage engine: {e}")),
            E::InvalidShardName { .. } | E::InvalidConfig(_) => {
                AdminError::InvalidArgument(format!("storage engine: {e}"))
            }
            E::Unreachable(_) => AdminError::Unavailable(format!("storage engine: {e}")),
            other => AdminError::Internal(format!("storage engine: {other}")),
        }
    }
}

impl From<robustmq_broker::BrokerError> for AdminError {
    fn from(e: robustmq_broker::BrokerError) -> Self {
        use robustmq_broker::BrokerError as B;
        match e {
            B::Storage(e) => e.into(),
            B::Meta(e) => e.into(),
            other => AdminError::Internal(other.to_string()),
        }
    }
}
