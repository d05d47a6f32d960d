//! Kafka on the same shards as MQTT: the Kafka wire protocol (through the `kafka-protocol`
//! crate) over the broker core, so that devices publish over MQTT and Kafka tools consume the
//! same topics, and back, with no bridge.
//!
//! - [`frame`]: framing, request decoding and response encoding (sans-IO);
//! - [`versions`]: the APIs and versions served, the one table ApiVersions answers from;
//! - [`batch`]: RecordBatch v2 checked on produce, stored verbatim, served back with its offset;
//! - [`service`]: the handlers, one per API; [`produce`] with idempotent producers
//!   ([`producers`]), [`fetch`]
//!   with long polling, [`topics`] for Metadata and topic administration, [`consumer`] for
//!   consumer groups over the coordinator of [`group`];
//! - [`nodes`]: the cluster's Kafka listeners: partition leaders and group coordinators;
//! - [`turns`]: Kafka batches routed to MQTT subscribers in offset order;
//! - [`server`]: the connection task over a `robustmq_net` listener;
//! - [`error`]: why a connection closes, and the one table of Kafka error codes;
//! - [`metrics`]: requests, errors and latency per API.
//!
//! # Topics across protocols
//!
//! A Kafka topic is a topic of the storage adapter (`robustmqctl topic create`, CreateTopics,
//! or Metadata's auto-creation), its partition `p` the shard `<name>#p`. Kafka names allow only
//! `[A-Za-z0-9._-]`, MQTT names allow `/`: a topic named with `/` is shown to Kafka with each
//! `/` as `.` (`sensors/temp` is `sensors.temp`), and a Kafka name is looked up as itself
//! first, then with each `.` as `/`. A topic whose name has other characters, or that a topic of
//! the Kafka spelling shadows, is not visible to Kafka. Topics that MQTT clients use without a
//! record of their own live in the internal `$mqtt` topic and are not visible to Kafka.
//!
//! An MQTT publish to a topic goes to its partition 0 (one order per MQTT topic) and reaches a
//! Kafka consumer as a record whose key is the MQTT topic name, whose value is the payload, and
//! whose headers are the MQTT 5 user properties. A Kafka batch is stored as it came; MQTT
//! subscribers of the topic get each record as a QoS 1 PUBLISH (at most their subscription's
//! QoS) with the record headers as user properties.

pub mod batch;
pub mod consumer;
pub mod error;
pub mod fetch;
pub mod frame;
pub mod group;
pub mod metrics;
pub mod nodes;
pub mod produce;
pub mod producers;
pub mod server;
pub mod service;
pub mod topics;
pub(crate) mod turns;
pub mod versions;

pub use error::KafkaError;
pub use metrics::KafkaMetrics;
pub use service::{Kafka, KafkaSettings};
