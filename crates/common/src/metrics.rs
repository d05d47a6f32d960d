//! The node's Prometheus registry: process metrics, build info, and whatever the roles register.

use prometheus::{Encoder, IntGaugeVec, Opts, Registry, TextEncoder};

/// Name of the metric whose labels carry the version the node runs; its value is always 1.
pub const BUILD_INFO_METRIC: &str = "robustmq_build_info";

/// The registry that `/metrics` exposes.
///
/// Cloning is shallow (the underlying [`Registry`] is reference counted), so every role registers
/// its collectors into the same exposition.
#[derive(Clone)]
pub struct MetricsRegistry {
    registry: Registry,
}

impl MetricsRegistry {
    /// A registry with the process collector (CPU, RSS, open fds, start time; on Linux) and
    /// `robustmq_build_info{version, node_id, os, arch} 1`.
    ///
    /// # Errors
    /// A [`prometheus::Error`] if a collector cannot be registered, which means two collectors
    /// claim the same metric name.
    pub fn new(node_id: u64) -> Result<Self, prometheus::Error> {
        let registry = Registry::new();
        #[cfg(target_os = "linux")]
        registry.register(Box::new(
            prometheus::process_collector::ProcessCollector::for_self(),
        ))?;
        let build_info = IntGaugeVec::new(
            Opts::new(
                BUILD_INFO_METRIC,
                "Version of the running robustmqd; always 1.",
            ),
            &["version", "node_id", "os", "arch"],
        )?;
        build_info
            .with_label_values(&[
                env!("CARGO_PKG_VERSION"),
                &node_id.to_string(),
                std::env::consts::OS,
                std::env::consts::ARCH,
            ])
            .set(1);
        registry.register(Box::new(build_info))?;
        Ok(Self { registry })
    }

    /// The registry that roles add their collectors to.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// The current values in the Prometheus text exposition format (version 0.0.4).
    pub fn encode_text(&self) -> String {
        let mut buf = Vec::new();
        let encoder = TextEncoder::new();
        if let Err(e) = encoder.encode(&self.registry.gather(), &mut buf) {
            return format!("# encoding metrics failed: {e}\n");
        }
        String::from_utf8(buf).unwrap_or_else(|e| format!("# metrics are not UTF-8: {e}\n"))
    }
}

/// The content type of [`MetricsRegistry::encode_text`].
pub const TEXT_CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exposition_has_build_info_and_process_metrics() {
        let metrics = MetricsRegistry::new(4).expect("registry");
        let text = metrics.encode_text();
        assert!(
            text.contains(&format!(
                "{BUILD_INFO_METRIC}{{arch=\"{}\",node_id=\"4\"",
                std::env::consts::ARCH
            )),
            "{text}"
        );
        #[cfg(target_os = "linux")]
        assert!(text.contains("process_resident_memory_bytes"), "{text}");
    }
}
