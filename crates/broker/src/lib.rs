//! The RobustMQ broker: MQTT protocol logic over the storage engine and the Meta Service.
//!
//! Modules, from the wire inwards:
//! - [`mqtt`]: the accept loop, framing, the per-connection state machine, and the parking lot
//!   where idle connections wait without a task;
//! - [`broker`]: [`Broker`], the state a node's connections share, and the operations that span
//!   sessions (attach, detach, publish, subscribe, wills, expiry, `$SYS`);
//! - [`router`]: the subscription tree;
//! - [`session`]: per-client state and its bounded queue;
//! - [`persist`]: persistent sessions across restarts (records in meta, replay from shards);
//! - [`retained`]: retained messages;
//! - [`security`]: authentication, ACL rules and the blacklist, from meta;
//! - [`message`]: messages and deliveries;
//! - [`storage`]: the storage adapter, mapping topics onto shards;
//! - [`settings`], [`metrics`], [`error`].
//!
//! `ARCHITECTURE.md` describes the data flow and `LOCKS.md` the lock order.

pub mod broker;
pub mod error;
pub mod message;
pub mod metrics;
pub mod mqtt;
pub mod persist;
pub mod retained;
pub mod router;
pub mod security;
pub mod session;
pub mod settings;
pub mod storage;

pub use broker::Broker;
pub use error::{BrokerError, Result};
pub use metrics::BrokerMetrics;
pub use settings::Settings;
