//! The admin client SDK: [`AdminClient`], one interface over a node's admin REST API and its inner
//! gRPC API, so that every caller gets the same result whichever transport the user picked.
//! `robustmqctl` and `robustmq-tui` both talk to nodes through it, and nothing else.
//!
//! Errors are [`ClientError`]: [`ClientError::Unreachable`] when no connection could be made,
//! [`ClientError::Failed`] with the server's reason when it answered with an error.

use std::path::{Path, PathBuf};
use std::time::Duration;

use robustmq_proto::admin;
use robustmq_proto::admin::admin_service_client::AdminServiceClient;
use robustmq_proto::node::HealthRequest;
use robustmq_proto::node::node_service_client::NodeServiceClient;
use serde::{Deserialize, Serialize};
use tonic::transport::{Certificate, ClientTlsConfig, Identity};

/// How long to wait for a connection before calling the server unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long to wait for an answer.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Why a call failed.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The server could not be reached.
    #[error("cannot reach {target}: {reason}")]
    Unreachable {
        /// The URL or address tried.
        target: String,
        /// The transport's explanation.
        reason: String,
    },
    /// The server answered, but the operation failed.
    #[error("{0}")]
    Failed(String),
}

/// Where to send requests: a node's admin REST base URL or its inner gRPC endpoint, each with an
/// optional bearer token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// REST base URL.
    Rest {
        /// Base URL without a trailing slash.
        base: String,
        /// Bearer token.
        token: Option<String>,
    },
    /// gRPC endpoint URL.
    Grpc {
        /// `http://host:port`, or `https://host:port` (always when `tls` is set).
        endpoint: String,
        /// Bearer token.
        token: Option<String>,
        /// Mutual TLS, for a node whose inner port serves it (`server.tls_*`).
        tls: Option<GrpcTls>,
    },
}

/// The client side of a node's inner TLS. The inner port asks every caller for a certificate
/// (the node's `server.tls_ca` must have signed it), so a CA alone is not enough: all three files
/// are needed together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrpcTls {
    /// PEM CA certificate(s) that the node's certificate chains to.
    pub ca: PathBuf,
    /// PEM client certificate chain.
    pub cert: PathBuf,
    /// PEM private key of `cert`.
    pub key: PathBuf,
    /// The name the node's certificate carries, when it is not the host dialed.
    pub server_name: Option<String>,
}

/// The TLS flags of every admin tool (`robustmqctl`, `robustmq-tui`), defined once so that both
/// take the same spelling. Clap enforces that `--cacert`, `--cert` and `--key` come together and
/// only with `--grpc`: a parser that flattens these flags must define an argument with the id
/// `grpc` (clap's debug assertions, run by each tool's `cli_definition_is_consistent` test,
/// catch one that does not).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct TlsFlags {
    /// CA certificate (PEM) that the node's inner TLS certificate chains to; with `--cert` and
    /// `--key`, `--grpc` dials over mutual TLS.
    #[arg(long, global = true, value_name = "FILE", requires_all = ["grpc", "cert", "key"])]
    pub cacert: Option<PathBuf>,
    /// Client certificate (PEM) signed by the node's `server.tls_ca`.
    #[arg(long, global = true, value_name = "FILE", requires_all = ["cacert", "key"])]
    pub cert: Option<PathBuf>,
    /// Private key (PEM) of `--cert`.
    #[arg(long, global = true, value_name = "FILE", requires_all = ["cacert", "cert"])]
    pub key: Option<PathBuf>,
    /// Name to expect in the node's certificate when it is not the host of `--grpc`.
    #[arg(long, global = true, value_name = "NAME", requires = "cacert")]
    pub tls_server_name: Option<String>,
}

impl TlsFlags {
    /// The TLS these flags ask for; `None` unless all three files were given.
    pub fn tls(&self) -> Option<GrpcTls> {
        match (&self.cacert, &self.cert, &self.key) {
            (Some(ca), Some(cert), Some(key)) => Some(GrpcTls {
                ca: ca.clone(),
                cert: cert.clone(),
                key: key.clone(),
                server_name: self.tls_server_name.clone(),
            }),
            _ => None,
        }
    }
}

impl Target {
    /// The target the command-line flags of `robustmqctl` and `robustmq-tui` name: `grpc`
    /// (`host:port`, or a URL) when given, else the REST base URL `server`. An empty token is no
    /// token. With `tls`, the gRPC endpoint is `https` whatever scheme `grpc` names.
    pub fn from_flags(
        server: &str,
        grpc: Option<&str>,
        token: Option<&str>,
        tls: Option<GrpcTls>,
    ) -> Target {
        let token = token.filter(|t| !t.is_empty()).map(str::to_owned);
        match grpc {
            Some(addr) => {
                let authority = addr
                    .strip_prefix("http://")
                    .or_else(|| addr.strip_prefix("https://"))
                    .unwrap_or(addr);
                let scheme = if tls.is_some() || addr.starts_with("https://") {
                    "https"
                } else {
                    "http"
                };
                Target::Grpc {
                    endpoint: format!("{scheme}://{authority}"),
                    token,
                    tls,
                }
            }
            None => Target::Rest {
                base: server.trim_end_matches('/').to_owned(),
                token,
            },
        }
    }

    /// The URL or endpoint, for messages.
    pub fn address(&self) -> &str {
        match self {
            Target::Rest { base, .. } => base,
            Target::Grpc { endpoint, .. } => endpoint,
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

const GET: reqwest::Method = reqwest::Method::GET;
const POST: reqwest::Method = reqwest::Method::POST;
const DELETE: reqwest::Method = reqwest::Method::DELETE;
const PUT: reqwest::Method = reqwest::Method::PUT;

/// A connection-less handle on one node's admin API. Cloning is cheap.
#[derive(Debug, Clone)]
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
    /// [`ClientError::Unreachable`] if no connection can be made, [`ClientError::Failed`] if the answer
    /// is not a health report.
    pub async fn node_health(&self) -> Result<NodeHealth, ClientError> {
        match &self.target {
            Target::Rest { base, token } => {
                let http = reqwest::Client::builder()
                    .connect_timeout(CONNECT_TIMEOUT)
                    .timeout(REQUEST_TIMEOUT)
                    .build()
                    .map_err(|e| ClientError::Failed(format!("cannot build HTTP client: {e}")))?;
                let url = format!("{base}/health");
                let mut request = http.get(&url);
                if let Some(token) = token {
                    request = request.bearer_auth(token);
                }
                let response = request.send().await.map_err(|e| {
                    if e.is_connect() || e.is_timeout() {
                        ClientError::Unreachable {
                            target: base.clone(),
                            reason: root_cause(&e),
                        }
                    } else {
                        ClientError::Failed(format!("GET {url}: {}", root_cause(&e)))
                    }
                })?;
                let status = response.status();
                // 503 carries a health body too: the node is up but not (or no longer) ready.
                if !(status.is_success() || status == reqwest::StatusCode::SERVICE_UNAVAILABLE) {
                    return Err(ClientError::Failed(format!("GET {url}: HTTP {status}")));
                }
                response
                    .json::<NodeHealth>()
                    .await
                    .map_err(|e| ClientError::Failed(format!("GET {url}: bad health body: {e}")))
            }
            Target::Grpc { endpoint, tls, .. } => {
                let channel = grpc_channel(endpoint, tls.as_ref()).await?;
                let request = self.grpc_request(HealthRequest {})?;
                let reply = NodeServiceClient::new(channel)
                    .health(request)
                    .await
                    .map_err(|s| ClientError::Failed(format!("Health: {}", s.message())))?
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

/// A connected channel to `endpoint`, over mutual TLS with `tls`.
///
/// # Errors
/// [`ClientError::Failed`] for a bad address or a TLS file that cannot be read (naming its flag);
/// [`ClientError::Unreachable`] when the connection or the TLS handshake fails.
async fn grpc_channel(
    endpoint: &str,
    tls: Option<&GrpcTls>,
) -> Result<tonic::transport::Channel, ClientError> {
    let mut builder = tonic::transport::Endpoint::from_shared(endpoint.to_owned())
        .map_err(|e| ClientError::Failed(format!("bad gRPC address {endpoint}: {e}")))?
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(REQUEST_TIMEOUT);
    if let Some(tls) = tls {
        let read = |flag: &str, path: &Path| {
            std::fs::read(path)
                .map_err(|e| ClientError::Failed(format!("{flag} {}: {e}", path.display())))
        };
        let mut config = ClientTlsConfig::new()
            .ca_certificate(Certificate::from_pem(read("--cacert", &tls.ca)?))
            .identity(Identity::from_pem(
                read("--cert", &tls.cert)?,
                read("--key", &tls.key)?,
            ));
        if let Some(name) = &tls.server_name {
            config = config.domain_name(name.clone());
        }
        builder = builder
            .tls_config(config)
            .map_err(|e| ClientError::Failed(format!("TLS for {endpoint}: {}", root_cause(&e))))?;
    }
    builder
        .connect()
        .await
        .map_err(|e| ClientError::Unreachable {
            target: endpoint.to_owned(),
            reason: root_cause(&e),
        })
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
    fn http(&self) -> Result<reqwest::Client, ClientError> {
        reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .build()
            .map_err(|e| ClientError::Failed(format!("cannot build HTTP client: {e}")))
    }

    /// One REST call under `/api/v1`; an error body's message becomes the error.
    async fn rest<T: serde::de::DeserializeOwned>(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> Result<T, ClientError> {
        let Target::Rest { base, token } = &self.target else {
            return Err(ClientError::Failed("not a REST target".to_owned()));
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
                ClientError::Unreachable {
                    target: base.clone(),
                    reason: root_cause(&e),
                }
            } else {
                ClientError::Failed(format!("{method} {url}: {}", root_cause(&e)))
            }
        })?;
        let status = response.status();
        let text = response
            .text()
            .await
            .map_err(|e| ClientError::Failed(format!("{method} {url}: {}", root_cause(&e))))?;
        if !status.is_success() {
            return Err(ClientError::Failed(error_message(&text, status)));
        }
        serde_json::from_str(&text)
            .map_err(|e| ClientError::Failed(format!("{method} {url}: bad answer: {e}")))
    }

    async fn admin_grpc(
        &self,
    ) -> Result<AdminServiceClient<tonic::transport::Channel>, ClientError> {
        let Target::Grpc { endpoint, tls, .. } = &self.target else {
            return Err(ClientError::Failed("not a gRPC target".to_owned()));
        };
        Ok(AdminServiceClient::new(
            grpc_channel(endpoint, tls.as_ref()).await?,
        ))
    }

    fn grpc_request<T>(&self, message: T) -> Result<tonic::Request<T>, ClientError> {
        let mut request = tonic::Request::new(message);
        if let Target::Grpc {
            token: Some(token), ..
        } = &self.target
        {
            let value = format!("Bearer {token}")
                .parse()
                .map_err(|_| ClientError::Failed("token is not a valid header value".to_owned()))?;
            request.metadata_mut().insert("authorization", value);
        }
        Ok(request)
    }

    /// One admin operation: over REST as `method path` with `request` as the JSON body when
    /// `with_body`, or over gRPC through `rpc`. Both give the same message type, so every
    /// command prints the same whichever transport the user picked.
    pub(crate) async fn call<Req, Resp, Fut>(
        &self,
        method: reqwest::Method,
        path: String,
        request: Req,
        with_body: bool,
        rpc: impl FnOnce(AdminServiceClient<tonic::transport::Channel>, tonic::Request<Req>) -> Fut,
    ) -> Result<Resp, ClientError>
    where
        Req: Serialize,
        Resp: serde::de::DeserializeOwned,
        Fut: std::future::Future<Output = Result<tonic::Response<Resp>, tonic::Status>>,
    {
        match &self.target {
            Target::Rest { .. } => {
                let body = if with_body {
                    Some(serde_json::to_value(&request).map_err(|e| {
                        ClientError::Failed(format!("cannot encode the request: {e}"))
                    })?)
                } else {
                    None
                };
                self.rest(method, &path, body).await
            }
            Target::Grpc { .. } => {
                let request = self.grpc_request(request)?;
                let client = self.admin_grpc().await?;
                Ok(rpc(client, request)
                    .await
                    .map_err(status_error)?
                    .into_inner())
            }
        }
    }

    /// The cluster: nodes with liveness, and Raft group leaders.
    ///
    /// # Errors
    /// [`ClientError::Unreachable`] or [`ClientError::Failed`] with the server's reason (so for every
    /// method below).
    pub async fn get_cluster(&self) -> Result<admin::Cluster, ClientError> {
        let req = admin::GetClusterRequest {};
        self.call(GET, "/cluster".into(), req, false, |mut c, r| async move {
            c.get_cluster(r).await
        })
        .await
    }

    /// Adds a meta node to every Raft group.
    pub async fn join_cluster(
        &self,
        node_id: u64,
        addr: &str,
    ) -> Result<admin::MembershipReply, ClientError> {
        let req = admin::JoinClusterRequest {
            node_id,
            addr: addr.to_owned(),
        };
        self.call(
            POST,
            "/cluster/join".into(),
            req,
            true,
            |mut c, r| async move { c.join_cluster(r).await },
        )
        .await
    }

    /// Removes a meta node from every Raft group.
    pub async fn leave_cluster(&self, node_id: u64) -> Result<admin::MembershipReply, ClientError> {
        let req = admin::LeaveClusterRequest { node_id };
        self.call(
            POST,
            "/cluster/leave".into(),
            req,
            true,
            |mut c, r| async move { c.leave_cluster(r).await },
        )
        .await
    }

    /// Creates a topic.
    pub async fn create_topic(
        &self,
        req: admin::CreateTopicRequest,
    ) -> Result<admin::Topic, ClientError> {
        self.call(POST, "/topics".into(), req, true, |mut c, r| async move {
            c.create_topic(r).await
        })
        .await
    }

    /// Every topic.
    pub async fn list_topics(&self) -> Result<admin::TopicList, ClientError> {
        let req = admin::ListTopicsRequest {};
        self.call(GET, "/topics".into(), req, false, |mut c, r| async move {
            c.list_topics(r).await
        })
        .await
    }

    /// One topic.
    pub async fn describe_topic(&self, name: &str) -> Result<admin::Topic, ClientError> {
        let path = format!("/topics/{}", encode_segment(name));
        let req = admin::DescribeTopicRequest {
            name: name.to_owned(),
        };
        self.call(GET, path, req, false, |mut c, r| async move {
            c.describe_topic(r).await
        })
        .await
    }

    /// Deletes a topic and its data.
    pub async fn delete_topic(&self, name: &str) -> Result<admin::DeleteTopicReply, ClientError> {
        let path = format!("/topics/{}", encode_segment(name));
        let req = admin::DeleteTopicRequest {
            name: name.to_owned(),
        };
        self.call(DELETE, path, req, false, |mut c, r| async move {
            c.delete_topic(r).await
        })
        .await
    }

    /// Shards and bytes per storage type on the node's engine.
    pub async fn list_storage(&self) -> Result<admin::StorageList, ClientError> {
        let req = admin::ListStorageRequest {};
        self.call(GET, "/storage".into(), req, false, |mut c, r| async move {
            c.list_storage(r).await
        })
        .await
    }

    /// The node's effective config.
    pub async fn get_config(&self) -> Result<admin::NodeConfig, ClientError> {
        let req = admin::GetConfigRequest {};
        self.call(GET, "/config".into(), req, false, |mut c, r| async move {
            c.get_config(r).await
        })
        .await
    }

    /// Connected clients whose id starts with `prefix`.
    pub async fn list_clients(&self, prefix: &str) -> Result<admin::ClientList, ClientError> {
        let path = format!("/clients?prefix={}", encode_segment(prefix));
        let req = admin::ListClientsRequest {
            prefix: prefix.to_owned(),
        };
        self.call(GET, path, req, false, |mut c, r| async move {
            c.list_clients(r).await
        })
        .await
    }

    /// Disconnects a client.
    pub async fn kick_client(
        &self,
        client_id: &str,
    ) -> Result<admin::KickClientReply, ClientError> {
        let path = format!("/clients/{}", encode_segment(client_id));
        let req = admin::KickClientRequest {
            client_id: client_id.to_owned(),
        };
        self.call(DELETE, path, req, false, |mut c, r| async move {
            c.kick_client(r).await
        })
        .await
    }

    /// Sessions whose client id starts with `prefix`.
    pub async fn list_sessions(&self, prefix: &str) -> Result<admin::SessionList, ClientError> {
        let path = format!("/sessions?prefix={}", encode_segment(prefix));
        let req = admin::ListSessionsRequest {
            prefix: prefix.to_owned(),
        };
        self.call(GET, path, req, false, |mut c, r| async move {
            c.list_sessions(r).await
        })
        .await
    }

    /// One session.
    pub async fn get_session(&self, client_id: &str) -> Result<admin::Session, ClientError> {
        let path = format!("/sessions/{}", encode_segment(client_id));
        let req = admin::GetSessionRequest {
            client_id: client_id.to_owned(),
        };
        self.call(GET, path, req, false, |mut c, r| async move {
            c.get_session(r).await
        })
        .await
    }

    /// Ends a session.
    pub async fn delete_session(
        &self,
        client_id: &str,
    ) -> Result<admin::DeleteSessionReply, ClientError> {
        let path = format!("/sessions/{}", encode_segment(client_id));
        let req = admin::DeleteSessionRequest {
            client_id: client_id.to_owned(),
        };
        self.call(DELETE, path, req, false, |mut c, r| async move {
            c.delete_session(r).await
        })
        .await
    }

    /// Subscriptions whose filter starts with `prefix`.
    pub async fn list_subscriptions(
        &self,
        prefix: &str,
    ) -> Result<admin::SubscriptionList, ClientError> {
        let path = format!("/subscriptions?prefix={}", encode_segment(prefix));
        let req = admin::ListSubscriptionsRequest {
            prefix: prefix.to_owned(),
        };
        self.call(GET, path, req, false, |mut c, r| async move {
            c.list_subscriptions(r).await
        })
        .await
    }
}

impl AdminClient {
    /// The answering node's own status: counters and its view of each Raft group.
    pub async fn get_node_status(&self) -> Result<admin::NodeStatus, ClientError> {
        let req = admin::GetNodeStatusRequest {};
        self.call(
            GET,
            "/status/node".into(),
            req,
            false,
            |mut c, r| async move { c.get_node_status(r).await },
        )
        .await
    }

    /// Opens the `WatchStatus` stream: a frame of the whole cluster every `interval`, the first
    /// at once. The stream lives until it is dropped or the server goes away; a server that
    /// stays silent for several intervals counts as gone (see [`StatusWatch::next`]).
    ///
    /// # Errors
    /// [`ClientError::Unreachable`] or [`ClientError::Failed`] (for example an interval outside
    /// 100 ms to 60 s).
    pub async fn watch_status(&self, interval: Duration) -> Result<StatusWatch, ClientError> {
        let interval_ms = interval.as_millis().min(u128::from(u64::MAX)) as u64;
        let idle = interval * 3 + Duration::from_secs(5);
        match &self.target {
            Target::Rest { base, token } => {
                let url = format!("{base}/api/v1/status/watch?interval_ms={interval_ms}");
                let http = reqwest::Client::builder()
                    .connect_timeout(CONNECT_TIMEOUT)
                    .read_timeout(idle)
                    .build()
                    .map_err(|e| ClientError::Failed(format!("cannot build HTTP client: {e}")))?;
                let mut request = http.get(&url);
                if let Some(token) = token {
                    request = request.bearer_auth(token);
                }
                let response = request.send().await.map_err(|e| {
                    if e.is_connect() || e.is_timeout() {
                        ClientError::Unreachable {
                            target: base.clone(),
                            reason: root_cause(&e),
                        }
                    } else {
                        ClientError::Failed(format!("GET {url}: {}", root_cause(&e)))
                    }
                })?;
                if !response.status().is_success() {
                    let status = response.status();
                    let text = response.text().await.unwrap_or_default();
                    return Err(ClientError::Failed(error_message(&text, status)));
                }
                Ok(StatusWatch {
                    inner: WatchInner::Rest {
                        response,
                        buffer: Vec::new(),
                    },
                    idle,
                })
            }
            Target::Grpc { endpoint, .. } => {
                let request = self.grpc_request(admin::WatchStatusRequest { interval_ms })?;
                let channel = tonic::transport::Endpoint::from_shared(endpoint.clone())
                    .map_err(|e| ClientError::Failed(format!("bad gRPC address {endpoint}: {e}")))?
                    .connect_timeout(CONNECT_TIMEOUT)
                    .http2_keep_alive_interval(Duration::from_secs(5))
                    .keep_alive_timeout(Duration::from_secs(5))
                    .connect()
                    .await
                    .map_err(|e| ClientError::Unreachable {
                        target: endpoint.clone(),
                        reason: root_cause(&e),
                    })?;
                let stream = AdminServiceClient::new(channel)
                    .watch_status(request)
                    .await
                    .map_err(status_error)?
                    .into_inner();
                Ok(StatusWatch {
                    inner: WatchInner::Grpc(stream),
                    idle,
                })
            }
        }
    }

    /// Creates a connector.
    pub async fn create_connector(
        &self,
        req: admin::CreateConnectorRequest,
    ) -> Result<admin::Connector, ClientError> {
        self.call(
            POST,
            "/connectors".into(),
            req,
            true,
            |mut c, r| async move { c.create_connector(r).await },
        )
        .await
    }

    /// Every connector, and the connector types the server can run.
    pub async fn list_connectors(&self) -> Result<admin::ConnectorList, ClientError> {
        let req = admin::ListConnectorsRequest {};
        self.call(
            GET,
            "/connectors".into(),
            req,
            false,
            |mut c, r| async move { c.list_connectors(r).await },
        )
        .await
    }

    /// One connector.
    pub async fn describe_connector(&self, name: &str) -> Result<admin::Connector, ClientError> {
        let path = format!("/connectors/{}", encode_segment(name));
        let req = admin::ConnectorRequest {
            name: name.to_owned(),
        };
        self.call(GET, path, req, false, |mut c, r| async move {
            c.describe_connector(r).await
        })
        .await
    }

    /// Pauses a connector.
    pub async fn pause_connector(&self, name: &str) -> Result<admin::Connector, ClientError> {
        let path = format!("/connectors/{}/pause", encode_segment(name));
        let req = admin::ConnectorRequest {
            name: name.to_owned(),
        };
        self.call(POST, path, req, false, |mut c, r| async move {
            c.pause_connector(r).await
        })
        .await
    }

    /// Resumes a paused connector.
    pub async fn resume_connector(&self, name: &str) -> Result<admin::Connector, ClientError> {
        let path = format!("/connectors/{}/resume", encode_segment(name));
        let req = admin::ConnectorRequest {
            name: name.to_owned(),
        };
        self.call(POST, path, req, false, |mut c, r| async move {
            c.resume_connector(r).await
        })
        .await
    }

    /// Deletes a connector.
    pub async fn delete_connector(
        &self,
        name: &str,
    ) -> Result<admin::DeleteConnectorReply, ClientError> {
        let path = format!("/connectors/{}", encode_segment(name));
        let req = admin::ConnectorRequest {
            name: name.to_owned(),
        };
        self.call(DELETE, path, req, false, |mut c, r| async move {
            c.delete_connector(r).await
        })
        .await
    }
}

impl AdminClient {
    /// Creates a user of the built-in store.
    pub async fn create_user(
        &self,
        req: admin::CreateUserRequest,
    ) -> Result<admin::User, ClientError> {
        self.call(POST, "/users".into(), req, true, |mut c, r| async move {
            c.create_user(r).await
        })
        .await
    }

    /// Every user, without password hashes.
    pub async fn list_users(&self) -> Result<admin::UserList, ClientError> {
        let req = admin::ListUsersRequest {};
        self.call(GET, "/users".into(), req, false, |mut c, r| async move {
            c.list_users(r).await
        })
        .await
    }

    /// Changes a user's password or superuser flag.
    pub async fn update_user(
        &self,
        req: admin::UpdateUserRequest,
    ) -> Result<admin::User, ClientError> {
        let path = format!("/users/{}", encode_segment(&req.username));
        self.call(PUT, path, req, true, |mut c, r| async move {
            c.update_user(r).await
        })
        .await
    }

    /// Deletes a user.
    pub async fn delete_user(&self, username: &str) -> Result<admin::DeletedReply, ClientError> {
        let path = format!("/users/{}", encode_segment(username));
        let req = admin::DeleteUserRequest {
            username: username.to_owned(),
        };
        self.call(DELETE, path, req, false, |mut c, r| async move {
            c.delete_user(r).await
        })
        .await
    }

    /// Creates an ACL rule.
    pub async fn create_acl(&self, rule: admin::AclRule) -> Result<admin::AclRule, ClientError> {
        self.call(POST, "/acls".into(), rule, true, |mut c, r| async move {
            c.create_acl(r).await
        })
        .await
    }

    /// Every ACL rule.
    pub async fn list_acls(&self) -> Result<admin::AclList, ClientError> {
        let req = admin::ListAclsRequest {};
        self.call(GET, "/acls".into(), req, false, |mut c, r| async move {
            c.list_acls(r).await
        })
        .await
    }

    /// Deletes an ACL rule.
    pub async fn delete_acl(&self, name: &str) -> Result<admin::DeletedReply, ClientError> {
        let path = format!("/acls/{}", encode_segment(name));
        let req = admin::DeleteAclRequest {
            name: name.to_owned(),
        };
        self.call(DELETE, path, req, false, |mut c, r| async move {
            c.delete_acl(r).await
        })
        .await
    }

    /// Adds a blacklist entry.
    pub async fn add_ban(&self, ban: admin::Ban) -> Result<admin::Ban, ClientError> {
        self.call(
            POST,
            "/blacklist".into(),
            ban,
            true,
            |mut c, r| async move { c.add_ban(r).await },
        )
        .await
    }

    /// The topic rewrite rules, in order.
    pub async fn list_rewrite_rules(&self) -> Result<admin::RewriteRuleList, ClientError> {
        let req = admin::ListRewriteRulesRequest {};
        self.call(GET, "/rewrite".into(), req, false, |mut c, r| async move {
            c.list_rewrite_rules(r).await
        })
        .await
    }

    /// Replaces every topic rewrite rule, in order.
    pub async fn set_rewrite_rules(
        &self,
        rules: admin::RewriteRuleList,
    ) -> Result<admin::RewriteRuleList, ClientError> {
        self.call(PUT, "/rewrite".into(), rules, true, |mut c, r| async move {
            c.set_rewrite_rules(r).await
        })
        .await
    }

    /// The auto-subscribe rules, in order.
    pub async fn list_auto_subscribe_rules(
        &self,
    ) -> Result<admin::AutoSubscribeRuleList, ClientError> {
        let req = admin::ListAutoSubscribeRulesRequest {};
        self.call(
            GET,
            "/auto-subscribe".into(),
            req,
            false,
            |mut c, r| async move { c.list_auto_subscribe_rules(r).await },
        )
        .await
    }

    /// Replaces every auto-subscribe rule, in order.
    pub async fn set_auto_subscribe_rules(
        &self,
        rules: admin::AutoSubscribeRuleList,
    ) -> Result<admin::AutoSubscribeRuleList, ClientError> {
        self.call(
            PUT,
            "/auto-subscribe".into(),
            rules,
            true,
            |mut c, r| async move { c.set_auto_subscribe_rules(r).await },
        )
        .await
    }

    /// The Kafka consumer groups the node coordinates.
    pub async fn list_groups(&self) -> Result<admin::GroupList, ClientError> {
        let req = admin::ListGroupsRequest {};
        self.call(GET, "/groups".into(), req, false, |mut c, r| async move {
            c.list_groups(r).await
        })
        .await
    }

    /// One Kafka consumer group: members, assignments, committed offsets and lag.
    pub async fn describe_group(&self, name: &str) -> Result<admin::Group, ClientError> {
        let path = format!("/groups/{}", encode_segment(name));
        let req = admin::DescribeGroupRequest {
            name: name.to_owned(),
        };
        self.call(GET, path, req, false, |mut c, r| async move {
            c.describe_group(r).await
        })
        .await
    }

    /// Every blacklist entry.
    pub async fn list_bans(&self) -> Result<admin::BanList, ClientError> {
        let req = admin::ListBansRequest {};
        self.call(
            GET,
            "/blacklist".into(),
            req,
            false,
            |mut c, r| async move { c.list_bans(r).await },
        )
        .await
    }

    /// Deletes a blacklist entry.
    pub async fn delete_ban(
        &self,
        kind: &str,
        value: &str,
    ) -> Result<admin::DeletedReply, ClientError> {
        let path = format!(
            "/blacklist/{}/{}",
            encode_segment(kind),
            encode_segment(value)
        );
        let req = admin::DeleteBanRequest {
            kind: kind.to_owned(),
            value: value.to_owned(),
        };
        self.call(DELETE, path, req, false, |mut c, r| async move {
            c.delete_ban(r).await
        })
        .await
    }
}

/// An open `WatchStatus` stream, over either transport.
pub struct StatusWatch {
    inner: WatchInner,
    idle: Duration,
}

enum WatchInner {
    /// Newline-delimited JSON, with the bytes of a line not yet complete.
    Rest {
        response: reqwest::Response,
        buffer: Vec<u8>,
    },
    Grpc(tonic::Streaming<admin::StatusFrame>),
}

impl StatusWatch {
    /// The next frame, or `None` when the server ended the stream (it is stopping).
    ///
    /// # Errors
    /// [`ClientError::Unreachable`] when the connection broke or no frame came for three
    /// intervals and five seconds; [`ClientError::Failed`] for a frame that cannot be decoded.
    pub async fn next(&mut self) -> Result<Option<admin::StatusFrame>, ClientError> {
        let idle = self.idle;
        let lost = |reason: String| ClientError::Unreachable {
            target: "the status stream".to_owned(),
            reason,
        };
        match &mut self.inner {
            WatchInner::Rest { response, buffer } => loop {
                if let Some(end) = buffer.iter().position(|b| *b == b'\n') {
                    let line: Vec<u8> = buffer.drain(..=end).collect();
                    let line = &line[..line.len() - 1];
                    if line.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return serde_json::from_slice(line)
                        .map(Some)
                        .map_err(|e| ClientError::Failed(format!("bad status frame: {e}")));
                }
                match tokio::time::timeout(idle, response.chunk()).await {
                    Err(_) => return Err(lost(format!("no frame for {idle:?}"))),
                    Ok(Err(e)) => return Err(lost(root_cause(&e))),
                    Ok(Ok(None)) => return Ok(None),
                    Ok(Ok(Some(bytes))) => buffer.extend_from_slice(&bytes),
                }
            },
            WatchInner::Grpc(stream) => match tokio::time::timeout(idle, stream.message()).await {
                Err(_) => Err(lost(format!("no frame for {idle:?}"))),
                Ok(Err(status)) => Err(lost(status.message().to_owned())),
                Ok(Ok(frame)) => Ok(frame),
            },
        }
    }
}

/// The message of a REST error body (`{"error": "..."}`), or the bare status.
fn error_message(text: &str, status: reqwest::StatusCode) -> String {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_owned))
        .unwrap_or_else(|| format!("HTTP {status}"))
}

/// A gRPC error as the same message REST would give.
fn status_error(status: tonic::Status) -> ClientError {
    ClientError::Failed(status.message().to_owned())
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
