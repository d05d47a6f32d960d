//! Reads one node's `/health` (admin HTTP) and `/metrics` (Prometheus) and turns them into a
//! [`Sample`].

use std::time::Duration;

use serde::Deserialize;

/// How long one poll may take before it counts as a failed sample.
const POLL_TIMEOUT: Duration = Duration::from_secs(2);

/// `GET /health`, as documented in the README.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Health {
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

/// The process metrics the dashboard shows, read from the Prometheus exposition.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ProcessMetrics {
    /// `process_cpu_seconds_total`.
    pub cpu_seconds: f64,
    /// `process_resident_memory_bytes`.
    pub rss_bytes: f64,
    /// `process_open_fds`.
    pub open_fds: f64,
    /// `process_threads`.
    pub threads: f64,
    /// `process_start_time_seconds`.
    pub start_time_seconds: f64,
}

impl ProcessMetrics {
    /// Picks the unlabelled process metrics out of a text exposition; missing ones stay 0.
    pub fn parse(text: &str) -> Self {
        let mut m = Self::default();
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let Some((name, value)) = line.split_once(' ') else {
                continue;
            };
            let Ok(value) = value.trim().parse::<f64>() else {
                continue;
            };
            match name {
                "process_cpu_seconds_total" => m.cpu_seconds = value,
                "process_resident_memory_bytes" => m.rss_bytes = value,
                "process_open_fds" => m.open_fds = value,
                "process_threads" => m.threads = value,
                "process_start_time_seconds" => m.start_time_seconds = value,
                _ => {}
            }
        }
        m
    }
}

/// One poll of the node: its health and metrics, or why they could not be read.
pub type Sample = Result<(Health, ProcessMetrics), String>;

/// Polls one node.
pub struct NodeClient {
    http: reqwest::Client,
    health_url: String,
    metrics_url: String,
}

impl NodeClient {
    /// A client for the node whose admin API is at `server` and whose metrics are at `metrics`.
    ///
    /// # Errors
    /// If the HTTP client cannot be built.
    pub fn new(server: &str, metrics: &str) -> anyhow::Result<Self> {
        Ok(Self {
            http: reqwest::Client::builder().timeout(POLL_TIMEOUT).build()?,
            health_url: format!("{}/health", server.trim_end_matches('/')),
            metrics_url: metrics.to_owned(),
        })
    }

    /// What the dashboard names as its target.
    pub fn target(&self) -> String {
        self.health_url.trim_end_matches("/health").to_owned()
    }

    /// Reads health and metrics once.
    pub async fn sample(&self) -> Sample {
        let health = self
            .http
            .get(&self.health_url)
            .send()
            .await
            .map_err(|e| format!("{}: {e}", self.health_url))?
            .json::<Health>()
            .await
            .map_err(|e| format!("{}: {e}", self.health_url))?;
        let text = self
            .http
            .get(&self.metrics_url)
            .send()
            .await
            .map_err(|e| format!("{}: {e}", self.metrics_url))?
            .text()
            .await
            .map_err(|e| format!("{}: {e}", self.metrics_url))?;
        Ok((health, ProcessMetrics::parse(&text)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_unlabelled_process_metrics_and_skips_the_rest() {
        let text = "# HELP x\nprocess_cpu_seconds_total 1.5\nprocess_resident_memory_bytes 2048\n\
                    robustmq_build_info{version=\"0.1.0\"} 1\nprocess_open_fds 12\n";
        let m = ProcessMetrics::parse(text);
        assert_eq!(m.cpu_seconds, 1.5);
        assert_eq!(m.rss_bytes, 2048.0);
        assert_eq!(m.open_fds, 12.0);
        assert_eq!(m.threads, 0.0);
    }
}
