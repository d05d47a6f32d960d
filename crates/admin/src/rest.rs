//! REST under `/api/v1`, mirroring `AdminService` with the same messages as JSON.

use axum::extract::{Path, Query, Request, State};
use axum::http::header::AUTHORIZATION;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use std::convert::Infallible;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::http::header::CONTENT_TYPE;
use robustmq_proto::admin as pb;
use serde::Serialize;
use tokio_stream::StreamExt as _;

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
        .route("/cluster/join", post(join_cluster))
        .route("/cluster/leave", post(leave_cluster))
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
        .route("/status/node", get(get_node_status))
        .route("/status/watch", get(watch_status))
        .route("/connectors", get(list_connectors).post(create_connector))
        .route(
            "/connectors/{name}",
            get(describe_connector).delete(delete_connector),
        )
        .route("/users", get(list_users).post(create_user))
        .route(
            "/users/{username}",
            axum::routing::put(update_user).delete(delete_user),
        )
        .route("/acls", get(list_acls).post(create_acl))
        .route("/acls/{name}", axum::routing::delete(delete_acl))
        .route("/blacklist", get(list_bans).post(add_ban))
        .route("/rewrite", get(list_rewrite_rules).put(set_rewrite_rules))
        .route(
            "/auto-subscribe",
            get(list_auto_subscribe_rules).put(set_auto_subscribe_rules),
        )
        .route("/groups", get(list_groups))
        .route("/groups/{name}", get(describe_group))
        .route(
            "/blacklist/{kind}/{value}",
            axum::routing::delete(delete_ban),
        )
        .route("/connectors/{name}/pause", post(pause_connector))
        .route("/connectors/{name}/resume", post(resume_connector))
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

fn admin(state: &RestState) -> Result<&Arc<crate::Admin>, AdminError> {
    state
        .slot
        .get()
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

async fn get_node_status(
    State(state): State<RestState>,
) -> Result<Json<pb::NodeStatus>, AdminError> {
    Ok(Json(admin(&state)?.node_status()))
}

/// `?interval_ms=` of the status stream.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct IntervalQuery {
    interval_ms: u64,
}

/// `WatchStatus` as newline-delimited JSON: one `StatusFrame` per line, until the client goes away
/// or the node stops.
async fn watch_status(
    State(state): State<RestState>,
    Query(q): Query<IntervalQuery>,
) -> Result<Response, AdminError> {
    let admin = Arc::clone(admin(&state)?);
    let interval = crate::status::interval(q.interval_ms)?;
    let lines =
        tokio_stream::wrappers::ReceiverStream::new(admin.watch_status(interval)).map(|frame| {
            let mut line = serde_json::to_vec(&frame).unwrap_or_default();
            line.push(b'\n');
            Ok::<_, Infallible>(Bytes::from(line))
        });
    Ok((
        [(CONTENT_TYPE, "application/x-ndjson")],
        Body::from_stream(lines),
    )
        .into_response())
}

async fn create_connector(
    State(state): State<RestState>,
    Json(request): Json<pb::CreateConnectorRequest>,
) -> Result<Json<pb::Connector>, AdminError> {
    Ok(Json(admin(&state)?.create_connector(&request)?))
}

async fn list_connectors(
    State(state): State<RestState>,
) -> Result<Json<pb::ConnectorList>, AdminError> {
    Ok(Json(admin(&state)?.list_connectors()))
}

async fn describe_connector(
    State(state): State<RestState>,
    Path(name): Path<String>,
) -> Result<Json<pb::Connector>, AdminError> {
    Ok(Json(admin(&state)?.connector(&name)?))
}

async fn pause_connector(
    State(state): State<RestState>,
    Path(name): Path<String>,
) -> Result<Json<pb::Connector>, AdminError> {
    Ok(Json(admin(&state)?.connector(&name)?))
}

async fn resume_connector(
    State(state): State<RestState>,
    Path(name): Path<String>,
) -> Result<Json<pb::Connector>, AdminError> {
    Ok(Json(admin(&state)?.connector(&name)?))
}

async fn delete_connector(
    State(state): State<RestState>,
    Path(name): Path<String>,
) -> Result<Json<pb::DeleteConnectorReply>, AdminError> {
    admin(&state)?.connector(&name)?;
    Ok(Json(pb::DeleteConnectorReply { deleted: true }))
}

async fn create_user(
    State(state): State<RestState>,
    Json(request): Json<pb::CreateUserRequest>,
) -> Result<Json<pb::User>, AdminError> {
    Ok(Json(admin(&state)?.create_user(&request).await?))
}

async fn list_users(State(state): State<RestState>) -> Result<Json<pb::UserList>, AdminError> {
    Ok(Json(admin(&state)?.list_users().await?))
}

/// The username comes from the path; a body that names another one is refused.
async fn update_user(
    State(state): State<RestState>,
    Path(username): Path<String>,
    Json(mut request): Json<pb::UpdateUserRequest>,
) -> Result<Json<pb::User>, AdminError> {
    if !request.username.is_empty() && request.username != username {
        return Err(AdminError::InvalidArgument(format!(
            "the body names user `{}` but the path names `{username}`",
            request.username
        )));
    }
    request.username = username;
    Ok(Json(admin(&state)?.update_user(&request).await?))
}

async fn delete_user(
    State(state): State<RestState>,
    Path(username): Path<String>,
) -> Result<Json<pb::DeletedReply>, AdminError> {
    Ok(Json(admin(&state)?.delete_user(&username).await?))
}

async fn create_acl(
    State(state): State<RestState>,
    Json(rule): Json<pb::AclRule>,
) -> Result<Json<pb::AclRule>, AdminError> {
    Ok(Json(admin(&state)?.create_acl(&rule).await?))
}

async fn list_acls(State(state): State<RestState>) -> Result<Json<pb::AclList>, AdminError> {
    Ok(Json(admin(&state)?.list_acls().await?))
}

async fn delete_acl(
    State(state): State<RestState>,
    Path(name): Path<String>,
) -> Result<Json<pb::DeletedReply>, AdminError> {
    Ok(Json(admin(&state)?.delete_acl(&name).await?))
}

async fn add_ban(
    State(state): State<RestState>,
    Json(ban): Json<pb::Ban>,
) -> Result<Json<pb::Ban>, AdminError> {
    Ok(Json(admin(&state)?.add_ban(&ban).await?))
}

async fn list_groups(State(state): State<RestState>) -> Result<Json<pb::GroupList>, AdminError> {
    Ok(Json(admin(&state)?.list_groups()?))
}

async fn describe_group(
    State(state): State<RestState>,
    Path(name): Path<String>,
) -> Result<Json<pb::Group>, AdminError> {
    Ok(Json(admin(&state)?.describe_group(&name).await?))
}

async fn list_rewrite_rules(
    State(state): State<RestState>,
) -> Result<Json<pb::RewriteRuleList>, AdminError> {
    Ok(Json(admin(&state)?.list_rewrite_rules().await?))
}

async fn set_rewrite_rules(
    State(state): State<RestState>,
    Json(rules): Json<pb::RewriteRuleList>,
) -> Result<Json<pb::RewriteRuleList>, AdminError> {
    Ok(Json(admin(&state)?.set_rewrite_rules(&rules).await?))
}

async fn list_auto_subscribe_rules(
    State(state): State<RestState>,
) -> Result<Json<pb::AutoSubscribeRuleList>, AdminError> {
    Ok(Json(admin(&state)?.list_auto_subscribe_rules().await?))
}

async fn set_auto_subscribe_rules(
    State(state): State<RestState>,
    Json(rules): Json<pb::AutoSubscribeRuleList>,
) -> Result<Json<pb::AutoSubscribeRuleList>, AdminError> {
    Ok(Json(admin(&state)?.set_auto_subscribe_rules(&rules).await?))
}

async fn list_bans(State(state): State<RestState>) -> Result<Json<pb::BanList>, AdminError> {
    Ok(Json(admin(&state)?.list_bans().await?))
}

async fn delete_ban(
    State(state): State<RestState>,
    Path((kind, value)): Path<(String, String)>,
) -> Result<Json<pb::DeletedReply>, AdminError> {
    Ok(Json(admin(&state)?.delete_ban(&kind, &value).await?))
}
