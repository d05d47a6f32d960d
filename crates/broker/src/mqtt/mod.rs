//! MQTT protocol logic: the accept loop ([`server`]), what its connections share
//! ([`listener`]), framing ([`connection`]), the per-connection state machine ([`handler`]) and
//! where idle connections wait ([`park`]).

pub mod connection;
pub mod handler;
pub mod listener;
pub mod park;
pub mod server;
