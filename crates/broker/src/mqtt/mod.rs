//! MQTT 3.1, 3.1.1 and 5.0 over the core. The only module that names the MQTT codec.
//!
//! - [`protocol`]: the sans-IO state machine of one connection: CONNECT negotiation, then
//!   packets in and out, QoS flows, topic aliases; unit-tested without sockets
//!   (`protocol_tests.rs`);
//! - [`task`]: the task that drives it over a stream: reads, writes, waits, parks;
//! - [`connection`]: framing, the one place that touches the bytes;
//! - [`server`]: the accept loop; [`listener`]: what its connections share;
//! - [`park`]: where idle connections wait without a task;
//! - [`convert`]: the core's types at the MQTT edge; [`error`]: [`error::MqttError`] and the
//!   reason-code table.

pub mod connection;
pub mod convert;
pub mod error;
pub mod listener;
pub mod park;
pub mod protocol;
#[cfg(test)]
mod protocol_tests;
pub mod server;
pub mod task;
