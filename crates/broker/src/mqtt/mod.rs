//! MQTT protocol logic: the accept loop ([`server`]), framing ([`connection`]) and the
//! per-connection state machine ([`handler`]).

pub mod connection;
pub mod handler;
pub mod server;
