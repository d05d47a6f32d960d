//! Kafka metrics: requests, errors and latency per API, registered into the node's registry.

use kafka_protocol::messages::ApiKey;
use prometheus::{HistogramOpts, HistogramVec, IntCounterVec, Opts, Registry};

use crate::core::error::Result;

/// Counters of the Kafka front end. Cloning is shallow.
#[derive(Clone)]
pub struct KafkaMetrics {
    /// Requests served, by API name (`Produce`, `Fetch`, ...).
    pub requests: IntCounterVec,
    /// Requests whose answer carried an error code (any partition's), by API name.
    pub errors: IntCounterVec,
    /// Time from a request's decoding to its answer, by API name; a Fetch includes its wait.
    pub latency: HistogramVec,
    /// Records appended by Produce.
    pub records_in: prometheus::IntCounter,
}

impl KafkaMetrics {
    /// Registers the collectors into `registry`.
    ///
    /// # Errors
    /// [`crate::core::BrokerError::Metrics`] if a name is already registered.
    pub fn new(registry: &Registry) -> Result<KafkaMetrics> {
        let requests = IntCounterVec::new(
            Opts::new(
                "robustmq_kafka_requests_total",
                "Kafka requests served, by API",
            ),
            &["api"],
        )?;
        let errors = IntCounterVec::new(
            Opts::new(
                "robustmq_kafka_errors_total",
                "Kafka requests whose answer carried an error code, by API",
            ),
            &["api"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "robustmq_kafka_request_seconds",
                "Kafka request latency, by API (a Fetch includes its long-poll wait)",
            )
            .buckets(vec![
                0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
            ]),
            &["api"],
        )?;
        let records_in = prometheus::IntCounter::new(
            "robustmq_kafka_records_in_total",
            "Records appended by Kafka Produce requests",
        )?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(errors.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(records_in.clone()))?;
        Ok(KafkaMetrics {
            requests,
            errors,
            latency,
            records_in,
        })
    }

    /// Records one request of `api` that took `seconds`, with or without an error code.
    pub fn observe(&self, api: ApiKey, seconds: f64, error: bool) {
        let name = api_name(api);
        self.requests.with_label_values(&[name]).inc();
        self.latency.with_label_values(&[name]).observe(seconds);
        if error {
            self.errors.with_label_values(&[name]).inc();
        }
    }
}

/// The label of `api`: its name in the protocol guide.
pub fn api_name(api: ApiKey) -> &'static str {
    match api {
        ApiKey::Produce => "Produce",
        ApiKey::Fetch => "Fetch",
        ApiKey::ListOffsets => "ListOffsets",
        ApiKey::Metadata => "Metadata",
        ApiKey::FindCoordinator => "FindCoordinator",
        ApiKey::ApiVersions => "ApiVersions",
        ApiKey::CreateTopics => "CreateTopics",
        ApiKey::DeleteTopics => "DeleteTopics",
        ApiKey::InitProducerId => "InitProducerId",
        ApiKey::DescribeConfigs => "DescribeConfigs",
        ApiKey::CreatePartitions => "CreatePartitions",
        ApiKey::DescribeCluster => "DescribeCluster",
        ApiKey::JoinGroup => "JoinGroup",
        ApiKey::SyncGroup => "SyncGroup",
        ApiKey::Heartbeat => "Heartbeat",
        ApiKey::LeaveGroup => "LeaveGroup",
        ApiKey::OffsetCommit => "OffsetCommit",
        ApiKey::OffsetFetch => "OffsetFetch",
        ApiKey::DescribeGroups => "DescribeGroups",
        ApiKey::ListGroups => "ListGroups",
        _ => "other",
    }
}
