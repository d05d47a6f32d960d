//! [`AdminClient`]: one interface over the admin REST API and the inner gRPC API, so that every
//! command gives the same result whichever the user picked.

use std::time::Duration;

use robustmq_proto::admin;
use robustmq_proto::admin::admin_service_client::AdminServiceClient;
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

/// Percent-encodes a path segment (a topic name may contain `/`).
fn encode_segment(segment: &str) -> String {
    segment
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

impl AdminClient {
    fn http(&self) -> Result<reqwest::Client, CtlError> {
        reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .build()
            .map_err(|e| CtlError::Failed(format!("cannot build HTTP client: {e}")))
    }

    /// One REST call under `/api/v1`; an error body's message becomes the error.
    async fn rest<T: serde::de::DeserializeOwned>(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> Result<T, CtlError> {
        let Target::Rest { base, token } = &self.target else {
            return Err(CtlError::Failed("not a REST target".to_owned()));
        };
        let url = format!("{base}/api/v1{path}");
        let mut request = self.http()?.request(method.clone(), &url);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.map_err(|e| {
            if e.is_connect() || e.is_timeout() {
                CtlError::Unreachable {
                    target: base.clone(),
                    reason: root_cause(&e),
                }
            } else {
                CtlError::Failed(format!("{method} {url}: {}", root_cause(&e)))
            }
        })?;
        let status = response.status();
        let text = response
            .text()
            .await
            .map_err(|e| CtlError::Failed(format!("{method} {url}: {}", root_cause(&e))))?;
        if !status.is_success() {
            let message = serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_owned))
                .unwrap_or_else(|| format!("HTTP {status}"));
            return Err(CtlError::Failed(message));
        }
        serde_json::from_str(&text)
            .map_err(|e| CtlError::Failed(format!("{method} {url}: bad answer: {e}")))
    }

    async fn admin_grpc(&self) -> Result<AdminServiceClient<tonic::transport::Channel>, CtlError> {
        let Target::Grpc { endpoint, .. } = &self.target else {
            return Err(CtlError::Failed("not a gRPC target".to_owned()));
        };
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
        Ok(AdminServiceClient::new(channel))
    }

    fn grpc_request<T>(&self, message: T) -> Result<tonic::Request<T>, CtlError> {
        let mut request = tonic::Request::new(message);
        if let Target::Grpc {
            token: Some(token), ..
        } = &self.target
        {
            let value = format!("Bearer {token}")
                .parse()
                .map_err(|_| CtlError::Failed("token is not a valid header value".to_owned()))?;
            request.metadata_mut().insert("authorization", value);
        }
        Ok(request)
    }

    /// The cluster: nodes with liveness, and Raft group leaders.
    ///
    /// # Errors
    /// [`CtlError::Unreachable`] or [`CtlError::Failed`] with the server's reason.
    pub async fn get_cluster(&self) -> Result<admin::Cluster, CtlError> {
        match &self.target {
            Target::Rest { .. } => self.rest(reqwest::Method::GET, "/cluster", None).await,
            Target::Grpc { .. } => {
                let request = self.grpc_request(admin::GetClusterRequest {})?;
                Ok(self
                    .admin_grpc()
                    .await?
                    .get_cluster(request)
                    .await
                    .map_err(status_error)?
                    .into_inner())
            }
        }
    }

    /// Creates a topic.
    ///
    /// # Errors
    /// As [`AdminClient::get_cluster`].
    pub async fn create_topic(
        &self,
        request: admin::CreateTopicRequest,
    ) -> Result<admin::Topic, CtlError> {
        match &self.target {
            Target::Rest { .. } => {
                let body = serde_json::to_value(&request)
                    .map_err(|e| CtlError::Failed(format!("cannot encode the request: {e}")))?;
                self.rest(reqwest::Method::POST, "/topics", Some(body))
                    .await
            }
            Target::Grpc { .. } => {
                let request = self.grpc_request(request)?;
                Ok(self
                    .admin_grpc()
                    .await?
                    .create_topic(request)
                    .await
                    .map_err(status_error)?
                    .into_inner())
            }
        }
    }

    /// Every topic.
    ///
    /// # Errors
    /// As [`AdminClient::get_cluster`].
    pub async fn list_topics(&self) -> Result<admin::TopicList, CtlError> {
        match &self.target {
            Target::Rest { .. } => self.rest(reqwest::Method::GET, "/topics", None).await,
            Target::Grpc { .. } => {
                let request = self.grpc_request(admin::ListTopicsRequest {})?;
                Ok(self
                    .admin_grpc()
                    .await?
                    .list_topics(request)
                    .await
                    .map_err(status_error)?
                    .into_inner())
            }
        }
    }

    /// One topic.
    ///
    /// # Errors
    /// As [`AdminClient::get_cluster`].
    pub async fn describe_topic(&self, name: &str) -> Result<admin::Topic, CtlError> {
        match &self.target {
            Target::Rest { .. } => {
                let path = format!("/topics/{}", encode_segment(name));
                self.rest(reqwest::Method::GET, &path, None).await
            }
            Target::Grpc { .. } => {
                let request = self.grpc_request(admin::DescribeTopicRequest {
                    name: name.to_owned(),
                })?;
                Ok(self
                    .admin_grpc()
                    .await?
                    .describe_topic(request)
                    .await
                    .map_err(status_error)?
                    .into_inner())
            }
        }
    }

    /// Deletes a topic and its data.
    ///
    /// # Errors
    /// As [`AdminClient::get_cluster`].
    pub async fn delete_topic(&self, name: &str) -> Result<admin::DeleteTopicReply, CtlError> {
        match &self.target {
            Target::Rest { .. } => {
                let path = format!("/topics/{}", encode_segment(name));
                self.rest(reqwest::Method::DELETE, &path, None).await
            }
            Target::Grpc { .. } => {
                let request = self.grpc_request(admin::DeleteTopicRequest {
                    name: name.to_owned(),
                })?;
                Ok(self
                    .admin_grpc()
                    .await?
                    .delete_topic(request)
                    .await
                    .map_err(status_error)?
                    .into_inner())
            }
        }
    }
}

impl AdminClient {
    /// Shards and bytes per storage type on the node's engine.
    ///
    /// # Errors
    /// As [`AdminClient::get_cluster`].
    pub async fn list_storage(&self) -> Result<admin::StorageList, CtlError> {
        match &self.target {
            Target::Rest { .. } => self.rest(reqwest::Method::GET, "/storage", None).await,
            Target::Grpc { .. } => {
                let request = self.grpc_request(admin::ListStorageRequest {})?;
                Ok(self
                    .admin_grpc()
                    .await?
                    .list_storage(request)
                    .await
                    .map_err(status_error)?
                    .into_inner())
            }
        }
    }

    /// The node's effective config.
    ///
    /// # Errors
    /// As [`AdminClient::get_cluster`].
    pub async fn get_config(&self) -> Result<admin::NodeConfig, CtlError> {
        match &self.target {
            Target::Rest { .. } => self.rest(reqwest::Method::GET, "/config", None).await,
            Target::Grpc { .. } => {
                let request = self.grpc_request(admin::GetConfigRequest {})?;
                Ok(self
                    .admin_grpc()
                    .await?
                    .get_config(request)
                    .await
                    .map_err(status_error)?
                    .into_inner())
            }
        }
    }
}

impl AdminClient {
    /// Connected clients whose id starts with `prefix`.
    ///
    /// # Errors
    /// As [`AdminClient::get_cluster`].
    pub async fn list_clients(&self, prefix: &str) -> Result<admin::ClientList, CtlError> {
        match &self.target {
            Target::Rest { .. } => {
                self.rest(
                    reqwest::Method::GET,
                    &format!("/clients?prefix={}", encode_segment(prefix)),
                    None,
                )
                .await
            }
            Target::Grpc { .. } => {
                let request = self.grpc_request(admin::ListClientsRequest {
                    prefix: prefix.to_owned(),
                })?;
                Ok(self
                    .admin_grpc()
                    .await?
                    .list_clients(request)
                    .await
                    .map_err(status_error)?
                    .into_inner())
            }
        }
    }

    /// Disconnects a client.
    ///
    /// # Errors
    /// As [`AdminClient::get_cluster`].
    pub async fn kick_client(&self, client_id: &str) -> Result<admin::KickClientReply, CtlError> {
        match &self.target {
            Target::Rest { .. } => {
                self.rest(
                    reqwest::Method::DELETE,
                    &format!("/clients/{}", encode_segment(client_id)),
                    None,
                )
                .await
            }
            Target::Grpc { .. } => {
                let request = self.grpc_request(admin::KickClientRequest {
                    client_id: client_id.to_owned(),
                })?;
                Ok(self
                    .admin_grpc()
                    .await?
                    .kick_client(request)
                    .await
                    .map_err(status_error)?
                    .into_inner())
            }
        }
    }

    /// Sessions whose client id starts with `prefix`.
    ///
    /// # Errors
    /// As [`AdminClient::get_cluster`].
    pub async fn list_sessions(&self, prefix: &str) -> Result<admin::SessionList, CtlError> {
        match &self.target {
            Target::Rest { .. } => {
                self.rest(
                    reqwest::Method::GET,
                    &format!("/sessions?prefix={}", encode_segment(prefix)),
                    None,
                )
                .await
            }
            Target::Grpc { .. } => {
                let request = self.grpc_request(admin::ListSessionsRequest {
                    prefix: prefix.to_owned(),
                })?;
                Ok(self
                    .admin_grpc()
                    .await?
                    .list_sessions(request)
                    .await
                    .map_err(status_error)?
                    .into_inner())
            }
        }
    }

    /// One session.
    ///
    /// # Errors
    /// As [`AdminClient::get_cluster`].
    pub async fn get_session(&self, client_id: &str) -> Result<admin::Session, CtlError> {
        match &self.target {
            Target::Rest { .. } => {
                self.rest(
                    reqwest::Method::GET,
                    &format!("/sessions/{}", encode_segment(client_id)),
                    None,
                )
                .await
            }
            Target::Grpc { .. } => {
                let request = self.grpc_request(admin::GetSessionRequest {
                    client_id: client_id.to_owned(),
                })?;
                Ok(self
                    .admin_grpc()
                    .await?
                    .get_session(request)
                    .await
                    .map_err(status_error)?
                    .into_inner())
            }
        }
    }

    /// Ends a session.
    ///
    /// # Errors
    /// As [`AdminClient::get_cluster`].
    pub async fn delete_session(
        &self,
        client_id: &str,
    ) -> Result<admin::DeleteSessionReply, CtlError> {
        match &self.target {
            Target::Rest { .. } => {
                self.rest(
                    reqwest::Method::DELETE,
                    &format!("/sessions/{}", encode_segment(client_id)),
                    None,
                )
                .await
            }
            Target::Grpc { .. } => {
                let request = self.grpc_request(admin::DeleteSessionRequest {
                    client_id: client_id.to_owned(),
                })?;
                Ok(self
                    .admin_grpc()
                    .await?
                    .delete_session(request)
                    .await
                    .map_err(status_error)?
                    .into_inner())
            }
        }
    }
}

impl AdminClient {
    /// Adds a meta node to every Raft group.
    ///
    /// # Errors
    /// As [`AdminClient::get_cluster`].
    pub async fn join_cluster(
        &self,
        node_id: u64,
        addr: &str,
    ) -> Result<admin::MembershipReply, CtlError> {
        let request = admin::JoinClusterRequest {
            node_id,
            addr: addr.to_owned(),
        };
        match &self.target {
            Target::Rest { .. } => {
                let body = serde_json::to_value(&request)
                    .map_err(|e| CtlError::Failed(format!("cannot encode the request: {e}")))?;
                self.rest(reqwest::Method::POST, "/cluster/join", Some(body))
                    .await
            }
            Target::Grpc { .. } => {
                let request = self.grpc_request(request)?;
                Ok(self
                    .admin_grpc()
                    .await?
                    .join_cluster(request)
                    .await
                    .map_err(status_error)?
                    .into_inner())
            }
        }
    }

    /// Removes a meta node from every Raft group.
    ///
    /// # Errors
    /// As [`AdminClient::get_cluster`].
    pub async fn leave_cluster(&self, node_id: u64) -> Result<admin::MembershipReply, CtlError> {
        let request = admin::LeaveClusterRequest { node_id };
        match &self.target {
            Target::Rest { .. } => {
                let body = serde_json::to_value(request)
                    .map_err(|e| CtlError::Failed(format!("cannot encode the request: {e}")))?;
                self.rest(reqwest::Method::POST, "/cluster/leave", Some(body))
                    .await
            }
            Target::Grpc { .. } => {
                let request = self.grpc_request(request)?;
                Ok(self
                    .admin_grpc()
                    .await?
                    .leave_cluster(request)
                    .await
                    .map_err(status_error)?
                    .into_inner())
            }
        }
    }

    /// Subscriptions whose filter starts with `prefix`.
    ///
    /// # Errors
    /// As [`AdminClient::get_cluster`].
    pub async fn list_subscriptions(
        &self,
        prefix: &str,
    ) -> Result<admin::SubscriptionList, CtlError> {
        match &self.target {
            Target::Rest { .. } => {
                let path = format!("/subscriptions?prefix={}", encode_segment(prefix));
                self.rest(reqwest::Method::GET, &path, None).await
            }
            Target::Grpc { .. } => {
                let request = self.grpc_request(admin::ListSubscriptionsRequest {
                    prefix: prefix.to_owned(),
                })?;
                Ok(self
                    .admin_grpc()
                    .await?
                    .list_subscriptions(request)
                    .await
                    .map_err(status_error)?
                    .into_inner())
            }
        }
    }
}

/// A gRPC error as the same message REST would give.
fn status_error(status: tonic::Status) -> CtlError {
    CtlError::Failed(status.message().to_owned())
}

#[cfg(test)]
mod tests {
    use super::encode_segment;

    #[test]
    fn topic_names_are_encoded_as_one_path_segment() {
        assert_eq!(encode_segment("plant/7 temp"), "plant%2F7%20temp");
        assert_eq!(encode_segment("a-b_c.d~"), "a-b_c.d~");
    }
}
