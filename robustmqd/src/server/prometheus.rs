//! The Prometheus server: `GET /metrics` in the text exposition format.

use axum::Router;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::get;
use robustmq_common::metrics::TEXT_CONTENT_TYPE;
use robustmq_common::{MetricsRegistry, Shutdown};
use tokio::net::TcpListener;

/// The routes of the Prometheus server.
pub fn router(metrics: MetricsRegistry) -> Router {
    Router::new()
        .route("/metrics", get(scrape))
        .with_state(metrics)
}

/// Serves `/metrics` on `listener` until `shutdown` fires.
///
/// # Errors
/// The I/O error that stopped the server.
pub async fn run(
    listener: TcpListener,
    metrics: MetricsRegistry,
    shutdown: Shutdown,
) -> std::io::Result<()> {
    axum::serve(listener, router(metrics))
        .with_graceful_shutdown(shutdown.wait_owned())
        .await
}

async fn scrape(State(metrics): State<MetricsRegistry>) -> impl IntoResponse {
    ([(CONTENT_TYPE, TEXT_CONTENT_TYPE)], metrics.encode_text())
}
