//! The inner gRPC server: node-to-node traffic and the admin gRPC API. It serves
//! `robustmq.node.v1.NodeService` on every node, next to the services of the roles (the engine's
//! `EngineService`), which the node passes in as [`Routes`].

use robustmq_common::Shutdown;
use robustmq_proto::node::node_service_server::{NodeService, NodeServiceServer};
use robustmq_proto::node::{
    HealthReply, HealthRequest, NodeInfoReply, NodeInfoRequest, ServingStatus,
};
use tokio::net::TcpListener;
use tokio_stream::wrappers::TcpListenerStream;
use tonic::service::Routes;
use tonic::transport::ServerTlsConfig;
use tonic::{Request, Response, Status};

use super::{NodeState, Phase};

/// The `NodeService` that every node serves.
pub fn node_service(state: NodeState) -> NodeServiceServer<impl NodeService> {
    NodeServiceServer::new(NodeApi { state })
}

/// Serves `routes` on `listener` until `shutdown` fires, over `tls` when given (inner TLS),
/// else plaintext h2c.
///
/// # Errors
/// The transport error that stopped the server, or refused `tls`.
pub async fn run(
    listener: TcpListener,
    routes: Routes,
    tls: Option<ServerTlsConfig>,
    shutdown: Shutdown,
) -> Result<(), tonic::transport::Error> {
    let mut builder = tonic::transport::Server::builder();
    if let Some(tls) = tls {
        builder = builder.tls_config(tls)?;
    }
    builder
        .add_routes(routes)
        .serve_with_incoming_shutdown(TcpListenerStream::new(listener), shutdown.wait_owned())
        .await
}

/// `NodeService` over the node's shared state.
struct NodeApi {
    state: NodeState,
}

fn role_names(roles: &[robustmq_common::Role]) -> Vec<String> {
    roles.iter().map(ToString::to_string).collect()
}

#[tonic::async_trait]
impl NodeService for NodeApi {
    async fn health(&self, _: Request<HealthRequest>) -> Result<Response<HealthReply>, Status> {
        let readiness = &self.state.readiness;
        let phase = readiness.phase();
        let serving = match phase {
            Phase::Ready => ServingStatus::Serving,
            Phase::Starting | Phase::Stopping => ServingStatus::NotServing,
        };
        Ok(Response::new(HealthReply {
            serving: serving.into(),
            status: phase.as_str().to_owned(),
            node_id: self.state.config.node_id,
            roles: role_names(readiness.enabled()),
            version: robustmq_common::VERSION.to_owned(),
            ready_roles: role_names(&readiness.ready_roles()),
        }))
    }

    async fn node_info(
        &self,
        _: Request<NodeInfoRequest>,
    ) -> Result<Response<NodeInfoReply>, Status> {
        let state = &self.state;
        Ok(Response::new(NodeInfoReply {
            node_id: state.config.node_id,
            cluster_name: state.config.cluster_name.clone(),
            roles: role_names(&state.config.roles),
            version: robustmq_common::VERSION.to_owned(),
            grpc_addr: state.addrs.grpc.to_string(),
            http_addr: state.addrs.http.to_string(),
            prometheus_addr: state
                .addrs
                .prometheus
                .map(|a| a.to_string())
                .unwrap_or_default(),
            start_time_ms: state.start_time_ms,
        }))
    }
}
