//! The admin HTTP server: `GET /health`, and the admin REST API under `/api/v1` (the same
//! operations as the gRPC `AdminService`, see `crates/admin`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use robustmq_common::Shutdown;
use serde::Serialize;
use tokio::net::TcpListener;

use super::{NodeState, Phase};

/// Body of `GET /health`. Field names are a stable contract: scripts and load balancers read them.
#[derive(Debug, Serialize)]
pub struct HealthBody {
    /// `"ok"` when every enabled role is ready, else `"starting"` or `"stopping"`.
    pub status: &'static str,
    /// This node's id.
    pub node_id: u64,
    /// Enabled roles.
    pub roles: Vec<String>,
    /// Roles that have finished starting, in startup order.
    pub ready_roles: Vec<String>,
    /// `robustmqd` version.
    pub version: &'static str,
}

/// The routes of the admin HTTP server.
pub fn router(state: NodeState) -> Router {
    let api = robustmq_admin::rest::router(
        std::sync::Arc::clone(&state.admin),
        state.config.server.admin_token.clone(),
    );
    Router::new()
        .route("/health", get(health))
        .with_state(state)
        .nest("/api/v1", api)
}

/// Serves the admin HTTP API on `listener` until `shutdown` fires, then finishes in-flight
/// requests.
///
/// # Errors
/// The I/O error that stopped the server.
pub async fn run(
    listener: TcpListener,
    state: NodeState,
    shutdown: Shutdown,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown.wait_owned())
        .await
}

/// 200 once every enabled role is ready, 503 while starting or stopping.
async fn health(State(state): State<NodeState>) -> Response {
    let phase = state.readiness.phase();
    let body = HealthBody {
        status: phase.as_str(),
        node_id: state.config.node_id,
        roles: state
            .readiness
            .enabled()
            .iter()
            .map(ToString::to_string)
            .collect(),
        ready_roles: state
            .readiness
            .ready_roles()
            .iter()
            .map(ToString::to_string)
            .collect(),
        version: robustmq_common::VERSION,
    };
    let code = if phase == Phase::Ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (code, Json(body)).into_response()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use axum::body::Body;
    use axum::http::Request;
    use robustmq_common::{Config, MetricsRegistry, Role};
    use tower::ServiceExt;

    use super::*;
    use crate::server::BoundAddrs;

    fn state() -> NodeState {
        let any = "127.0.0.1:1".parse().expect("addr");
        NodeState::new(
            Arc::new(Config::default()),
            MetricsRegistry::new(1).expect("metrics"),
            BoundAddrs {
                grpc: any,
                http: any,
                prometheus: None,
            },
            robustmq_proto::auth::ClusterCredential::default(),
        )
    }

    async fn get_health(state: NodeState) -> (StatusCode, serde_json::Value) {
        let resp = router(state)
            .oneshot(
                Request::get("/health")
                    .body(Body::empty())
                    .expect("request"),
            )
            .await
            .expect("response");
        let status = resp.status();
        let bytes = axum::body::to_bytes(resp.into_body(), 1 << 16)
            .await
            .expect("body");
        (status, serde_json::from_slice(&bytes).expect("json"))
    }

    #[tokio::test]
    async fn health_is_503_until_every_role_is_ready_then_200() {
        let state = state();
        let (code, body) = get_health(state.clone()).await;
        assert_eq!(code, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(body["status"], "starting");

        state.readiness.set_ready(Role::Meta);
        state.readiness.set_ready(Role::Engine);
        let (code, _) = get_health(state.clone()).await;
        assert_eq!(code, StatusCode::SERVICE_UNAVAILABLE);

        state.readiness.set_ready(Role::Broker);
        let (code, body) = get_health(state.clone()).await;
        assert_eq!(code, StatusCode::OK);
        assert_eq!(body["status"], "ok");
        assert_eq!(body["node_id"], 1);
        assert_eq!(
            body["roles"],
            serde_json::json!(["meta", "broker", "engine"])
        );
        assert_eq!(body["version"], robustmq_common::VERSION);
    }

    #[tokio::test]
    async fn health_is_503_while_stopping() {
        let state = state();
        for role in Role::STARTUP_ORDER {
            state.readiness.set_ready(role);
        }
        state.readiness.set_stopping();
        let (code, body) = get_health(state).await;
        assert_eq!(code, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(body["status"], "stopping");
    }
}
