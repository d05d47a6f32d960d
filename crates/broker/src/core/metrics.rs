//! Broker metrics, registered into the node's Prometheus registry. They keep the
//! `robustmq_mqtt_` names they were published under; the counters of other protocols get names
//! of their own.

use prometheus::{IntCounter, IntCounterVec, IntGauge, Opts, Registry};
use robustmq_net::ListenerMetrics;

use crate::core::error::Result;

/// Counters and gauges of one broker node. Cloning is shallow.
#[derive(Clone)]
pub struct BrokerMetrics {
    /// Open MQTT connections.
    pub connections: IntGauge,
    /// Of those, idle ones parked without a task (see `robustmq_net::park`).
    pub parked: IntGauge,
    /// Sessions held, connected or not.
    pub sessions: IntGauge,
    /// Subscriptions held.
    pub subscriptions: IntGauge,
    /// Retained messages held.
    pub retained: IntGauge,
    /// PUBLISH packets received, by QoS.
    pub messages_in: IntCounterVec,
    /// PUBLISH packets sent, by QoS.
    pub messages_out: IntCounterVec,
    /// The children of `messages_in` for QoS 0, 1 and 2, looked up once: a label lookup hashes
    /// and locks, and these count every message.
    pub messages_in_by_qos: [IntCounter; 3],
    /// The children of `messages_out` for QoS 0, 1 and 2.
    pub messages_out_by_qos: [IntCounter; 3],
    /// Payload bytes received in PUBLISH.
    pub bytes_in: IntCounter,
    /// Payload bytes sent in PUBLISH.
    pub bytes_out: IntCounter,
    /// The listeners' metrics (open connections, connections refused before they were served,
    /// per listener and reason); see [`ListenerMetrics`].
    pub listeners: ListenerMetrics,
    /// PUBLISH packets after which a connection was made to wait by `mqtt.max_publish_rate`.
    pub throttled: IntCounter,
    /// Client ids banned by flapping detection.
    pub flapping_bans: IntCounter,
    /// `$exclusive/` subscriptions refused because another client held the filter.
    pub exclusive_refused: IntCounter,
    /// Auto-subscriptions granted at connect.
    pub auto_subscriptions: IntCounter,
    /// Auto-subscriptions refused (filter, ACL or limits).
    pub auto_subscriptions_refused: IntCounter,
    /// Messages discarded, by reason: `queue_full`, `expired`, `too_large`, `offline_qos0`,
    /// `no_shared_member`, `not_authorized` (the ACL kept it from a subscriber at delivery),
    /// `retained_quota` (the retained copy of a message, beyond `mqtt.max_retained_*`).
    pub dropped: IntCounterVec,
}

impl BrokerMetrics {
    /// Registers the broker's collectors into `registry`.
    ///
    /// # Errors
    /// [`crate::core::BrokerError::Metrics`] if a name is already registered.
    pub fn new(registry: &Registry) -> Result<BrokerMetrics> {
        let gauge = |name: &str, help: &str| -> Result<IntGauge> {
            let g = IntGauge::new(name, help)?;
            registry.register(Box::new(g.clone()))?;
            Ok(g)
        };
        let counter_vec = |name: &str, help: &str, label: &str| -> Result<IntCounterVec> {
            let c = IntCounterVec::new(Opts::new(name, help), &[label])?;
            registry.register(Box::new(c.clone()))?;
            Ok(c)
        };
        let counter = |name: &str, help: &str| -> Result<IntCounter> {
            let c = IntCounter::new(name, help)?;
            registry.register(Box::new(c.clone()))?;
            Ok(c)
        };
        let messages_in = counter_vec(
            "robustmq_mqtt_messages_received_total",
            "PUBLISH packets received, by QoS.",
            "qos",
        )?;
        let messages_out = counter_vec(
            "robustmq_mqtt_messages_sent_total",
            "PUBLISH packets sent, by QoS.",
            "qos",
        )?;
        let by_qos = |v: &IntCounterVec| ["0", "1", "2"].map(|q| v.with_label_values(&[q]));
        Ok(BrokerMetrics {
            messages_in_by_qos: by_qos(&messages_in),
            messages_out_by_qos: by_qos(&messages_out),
            messages_in,
            messages_out,
            connections: gauge("robustmq_mqtt_connections", "Open MQTT connections.")?,
            parked: gauge(
                "robustmq_mqtt_parked_connections",
                "Open MQTT connections parked while idle, without a task of their own.",
            )?,
            sessions: gauge(
                "robustmq_mqtt_sessions",
                "MQTT sessions held, connected or not.",
            )?,
            subscriptions: gauge("robustmq_mqtt_subscriptions", "MQTT subscriptions held.")?,
            retained: gauge("robustmq_mqtt_retained_messages", "Retained messages held.")?,
            bytes_in: counter(
                "robustmq_mqtt_payload_bytes_received_total",
                "Payload bytes received in PUBLISH.",
            )?,
            bytes_out: counter(
                "robustmq_mqtt_payload_bytes_sent_total",
                "Payload bytes sent in PUBLISH.",
            )?,
            listeners: ListenerMetrics::new(registry)?,
            throttled: counter(
                "robustmq_mqtt_publish_throttled_total",
                "PUBLISH packets after which a connection waited for mqtt.max_publish_rate.",
            )?,
            flapping_bans: counter(
                "robustmq_mqtt_flapping_bans_total",
                "Client ids banned for connecting too often (mqtt.flapping_*).",
            )?,
            exclusive_refused: counter(
                "robustmq_mqtt_exclusive_subscriptions_refused_total",
                "$exclusive/ subscriptions refused because another client held the filter.",
            )?,
            auto_subscriptions: counter(
                "robustmq_mqtt_auto_subscriptions_total",
                "Subscriptions the auto-subscribe rules made at connect.",
            )?,
            auto_subscriptions_refused: counter(
                "robustmq_mqtt_auto_subscriptions_refused_total",
                "Auto-subscriptions refused at connect (filter, ACL or limits).",
            )?,
            dropped: counter_vec(
                "robustmq_mqtt_messages_dropped_total",
                "Messages discarded, by reason.",
                "reason",
            )?,
        })
    }

    /// Metrics in a private registry, for tests and tools that run a broker without a node.
    pub fn unregistered() -> BrokerMetrics {
        // A fresh registry cannot hold a clashing name.
        #[allow(clippy::expect_used)]
        BrokerMetrics::new(&Registry::new()).expect("fresh registry")
    }
}
