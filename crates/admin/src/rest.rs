//! REST under `/api/v1`, mirroring `AdminService` with the same messages as JSON.

use axum::extract::{Path, Query, Request, State};
use axum::http::header::AUTHORIZATION;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use robustmq_proto::admin as pb;
use serde::Serialize;

use crate::{AdminError, AdminSlot, token_ok};

#[derive(Clone)]
struct RestState {
    slot: AdminSlot,
    token: String,
}

/// Body of every REST error.
#[derive(Debug, Serialize)]
struct ErrorBody {
    error: String,
}

impl IntoResponse for AdminError {
    fn into_response(self) -> Response {
        (
            self.http_status(),
            Json(ErrorBody {
                error: self.to_string(),
            }),
        )
            .into_response()
    }
}

/// The `/api/v1` routes, to nest under the admin HTTP server. With a non-empty `token`, every
/// route requires `Authorization: Bearer <token>`.
pub fn router(slot: AdminSlot, token: String) -> Router {
    let state = RestState { slot, token };
    Router::new()
        .route("/cluster", get(get_cluster))
        .route("/cluster/join", axum::routing::post(join_cluster))
        .route("/cluster/leave", axum::routing::post(leave_cluster))
        .route("/subscriptions", get(list_subscriptions))
        .route("/topics", get(list_topics).post(create_topic))
        .route("/topics/{name}", get(describe_topic).delete(delete_topic))
        .route("/storage", get(list_storage))
        .route("/config", get(get_config))
        .route("/clients", get(list_clients))
        .route("/clients/{client_id}", axum::routing::delete(kick_client))
        .route("/sessions", get(list_sessions))
        .route(
            "/sessions/{client_id}",
            get(get_session).delete(delete_session),
        )
        .route_layer(middleware::from_fn_with_state(state.clone(), authenticate))
        .with_state(state)
}

async fn authenticate(State(state): State<RestState>, request: Request, next: Next) -> Response {
    let header = request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    if token_ok(&state.token, header) {
        next.run(request).await
    } else {
        AdminError::Unauthenticated.into_response()
    }
}

fn admin(state: &RestState) -> Result<&crate::Admin, AdminError> {
    state
        .slot
        .get()
        .map(AsRef::as_ref)
        .ok_or_else(|| AdminError::Unavailable("the node is still starting".into()))
}

async fn get_cluster(State(state): State<RestState>) -> Result<Json<pb::Cluster>, AdminError> {
    Ok(Json(admin(&state)?.get_cluster().await?))
}

/// `?prefix=` of the list routes.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct PrefixQuery {
    prefix: String,
}

async fn join_cluster(
    State(state): State<RestState>,
    Json(r): Json<pb::JoinClusterRequest>,
) -> Result<Json<pb::MembershipReply>, AdminError> {
    Ok(Json(
        admin(&state)?
            .change_membership(true, r.node_id, &r.addr)
            .await?,
    ))
}

async fn leave_cluster(
    State(state): State<RestState>,
    Json(r): Json<pb::LeaveClusterRequest>,
) -> Result<Json<pb::MembershipReply>, AdminError> {
    Ok(Json(
        admin(&state)?
            .change_membership(false, r.node_id, "")
            .await?,
    ))
}

async fn list_subscriptions(
    State(state): State<RestState>,
    Query(q): Query<PrefixQuery>,
) -> Result<Json<pb::SubscriptionList>, AdminError> {
    Ok(Json(admin(&state)?.list_subscriptions(&q.prefix)?))
}

async fn list_clients(
    State(state): State<RestState>,
    Query(q): Query<PrefixQuery>,
) -> Result<Json<pb::ClientList>, AdminError> {
    Ok(Json(admin(&state)?.list_clients(&q.prefix)?))
}

async fn kick_client(
    State(state): State<RestState>,
    Path(client_id): Path<String>,
) -> Result<Json<pb::KickClientReply>, AdminError> {
    Ok(Json(admin(&state)?.kick_client(&client_id)?))
}

async fn list_sessions(
    State(state): State<RestState>,
    Query(q): Query<PrefixQuery>,
) -> Result<Json<pb::SessionList>, AdminError> {
    Ok(Json(admin(&state)?.list_sessions(&q.prefix)?))
}

async fn get_session(
    State(state): State<RestState>,
    Path(client_id): Path<String>,
) -> Result<Json<pb::Session>, AdminError> {
    Ok(Json(admin(&state)?.get_session(&client_id)?))
}

async fn delete_session(
    State(state): State<RestState>,
    Path(client_id): Path<String>,
) -> Result<Json<pb::DeleteSessionReply>, AdminError> {
    Ok(Json(admin(&state)?.delete_session(&client_id)?))
}

async fn list_storage(State(state): State<RestState>) -> Result<Json<pb::StorageList>, AdminError> {
    Ok(Json(admin(&state)?.list_storage().await?))
}

async fn get_config(State(state): State<RestState>) -> Result<Json<pb::NodeConfig>, AdminError> {
    Ok(Json(admin(&state)?.get_config()))
}

async fn create_topic(
    State(state): State<RestState>,
    Json(request): Json<pb::CreateTopicRequest>,
) -> Result<Json<pb::Topic>, AdminError> {
    Ok(Json(admin(&state)?.create_topic(request).await?))
}

async fn list_topics(State(state): State<RestState>) -> Result<Json<pb::TopicList>, AdminError> {
    Ok(Json(admin(&state)?.list_topics().await?))
}

async fn describe_topic(
    State(state): State<RestState>,
    Path(name): Path<String>,
) -> Result<Json<pb::Topic>, AdminError> {
    Ok(Json(admin(&state)?.describe_topic(&name).await?))
}

async fn delete_topic(
    State(state): State<RestState>,
    Path(name): Path<String>,
) -> Result<Json<pb::DeleteTopicReply>, AdminError> {
    Ok(Json(admin(&state)?.delete_topic(&name).await?))
}
