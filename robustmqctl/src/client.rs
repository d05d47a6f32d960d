//! [`AdminClient`]: one interface over the admin REST API and the inner gRPC API, so that every
//! command gives the same result whichever the user picked.

use std::time::Duration;

use robustmq_proto::node::HealthRequest;
use robustmq_proto::node::node_service_client::NodeServiceClient;
use serde::{Deserialize, Serialize};

use crate::cli::Target;

/// How long to wait for a connection before calling the server unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long to wait for an answer.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Why a command failed. Each variant has its own exit code.
#[derive(Debug, thiserror::Error)]
pub enum CtlError {
    /// The server could not be reached (exit code 3).
    #[error("cannot reach {target}: {reason}")]
    Unreachable {
        /// The URL or address tried.
        target: String,
        /// The transport's explanation.
        reason: String,
    },
    /// The server answered, but the operation failed (exit code 1).
    #[error("{0}")]
    Failed(String),
}

impl CtlError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            CtlError::Unreachable { .. } => 3,
            CtlError::Failed(_) => 1,
        }
    }
}

/// A node's health: the body of `GET /health`, or `NodeService.Health` mapped onto the same fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeHealth {
    /// `"ok"`, `"starting"` or `"stopping"`.
    pub status: String,
    /// The node's id.
    pub node_id: u64,
    /// Enabled roles.
    pub roles: Vec<String>,
    /// Roles that finished starting.
    pub ready_roles: Vec<String>,
    /// The daemon's version.
    pub version: String,
}

/// A connection-less handle on one node's admin API.
pub struct AdminClient {
    target: Target,
}

impl AdminClient {
    /// A client for `target`; nothing is dialled until a request is made.
    pub fn new(target: &Target) -> Self {
        Self {
            target: target.clone(),
        }
    }

    /// The node's health.
    ///
    /// # Errors
    /// [`CtlError::Unreachable`] if no connection can be made, [`CtlError::Failed`] if the answer
    /// is not a health report.
    pub async fn node_health(&self) -> Result<NodeHealth, CtlError> {
        match &self.target {
            Target::Rest { base, token } => {
                let http = reqwest::Client::builder()
                    .connect_timeout(CONNECT_TIMEOUT)
                    .timeout(REQUEST_TIMEOUT)
                    .build()
                    .map_err(|e| CtlError::Failed(format!("cannot build HTTP client: {e}")))?;
                let url = format!("{base}/health");
                let mut request = http.get(&url);
                if let Some(token) = token {
                    request = request.bearer_auth(token);
                }
                let response = request.send().await.map_err(|e| {
                    if e.is_connect() || e.is_timeout() {
                        CtlError::Unreachable {
                            target: base.clone(),
                            reason: root_cause(&e),
                        }
                    } else {
                        CtlError::Failed(format!("GET {url}: {}", root_cause(&e)))
                    }
                })?;
                let status = response.status();
                // 503 carries a health body too: the node is up but not (or no longer) ready.
                if !(status.is_success() || status == reqwest::StatusCode::SERVICE_UNAVAILABLE) {
                    return Err(CtlError::Failed(format!("GET {url}: HTTP {status}")));
                }
                response
                    .json::<NodeHealth>()
                    .await
                    .map_err(|e| CtlError::Failed(format!("GET {url}: bad health body: {e}")))
            }
            Target::Grpc { endpoint, token } => {
                let channel = tonic::transport::Endpoint::from_shared(endpoint.clone())
                    .map_err(|e| CtlError::Failed(format!("bad gRPC address {endpoint}: {e}")))?
                    .connect_timeout(CONNECT_TIMEOUT)
                    .timeout(REQUEST_TIMEOUT)
                    .connect()
                    .await
                    .map_err(|e| CtlError::Unreachable {
                        target: endpoint.clone(),
                        reason: root_cause(&e),
                    })?;
                let mut request = tonic::Request::new(HealthRequest {});
                if let Some(token) = token {
                    let value = format!("Bearer {token}").parse().map_err(|_| {
                        CtlError::Failed("token is not a valid header value".to_owned())
                    })?;
                    request.metadata_mut().insert("authorization", value);
                }
                let reply = NodeServiceClient::new(channel)
                    .health(request)
                    .await
                    .map_err(|s| CtlError::Failed(format!("Health: {}", s.message())))?
                    .into_inner();
                Ok(NodeHealth {
                    status: reply.status,
                    node_id: reply.node_id,
                    roles: reply.roles,
                    ready_roles: reply.ready_roles,
                    version: reply.version,
                })
            }
        }
    }
}

/// The innermost cause of an error, which is the part that says what went wrong
/// ("Connection refused") rather than where.
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}
