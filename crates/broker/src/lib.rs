//! The RobustMQ broker: a protocol-neutral core over the storage engine and the Meta Service,
//! and one front end per protocol.
//!
//! - [`core`]: messages, sessions, routing, retained messages, security, persistence and the
//!   storage adapter (topics with partitions on shards), written once for every protocol;
//! - [`mqtt`]: MQTT 3.1, 3.1.1 and 5.0: the sans-IO protocol state machine of a connection,
//!   the task that drives it over a socket, the accept loop and the parking lot of idle
//!   connections. Only this module names the MQTT codec;
//! - [`kafka`]: the Kafka protocol on the same topics and shards, through the `kafka-protocol`
//!   crate (only this module names it).
//!
//! `ARCHITECTURE.md` describes the data flow and `LOCKS.md` the lock order.

pub mod core;
pub mod kafka;
pub mod mqtt;

pub use crate::core::{Broker, BrokerError, BrokerMetrics, Result, Settings};
