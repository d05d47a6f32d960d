//! MQTT 3.1, 3.1.1 and 5.0 over the core. The only module that names the MQTT codec.
//!
//! - [`protocol`]: the sans-IO state machine of one connection: CONNECT negotiation, then
//!   packets in and out, QoS flows, topic aliases; unit-tested without sockets
//!   (`protocol_tests.rs`);
//! - [`task`]: the task that drives it over a stream: reads, writes, waits, parks;
//! - [`connection`]: framing, the one place that touches the bytes;
//! - [`server`]: MQTT on a listener of the network layer (`robustmq_net`), which accepts,
//!   limits, runs TLS and WebSocket handshakes, drains, and parks idle connections;
//! - [`convert`]: the core's types at the MQTT edge; [`error`]: [`error::MqttError`] and the
//!   reason-code table.

pub mod connection;
pub mod convert;
pub mod error;
pub mod protocol;
#[cfg(test)]
mod protocol_tests;
pub mod server;
pub mod task;
