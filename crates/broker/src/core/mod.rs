//! The protocol-neutral core: what every protocol front end (MQTT today, Kafka next) shares.
//! It names no protocol crate; each protocol turns its packets into these types at its edge.
//!
//! - [`message`]: messages ([`Message`]: topic, key, value, headers, timestamp, and QoS, retain,
//!   expiry) and their [`Delivery`] to one session; how a message is stored as a record;
//! - [`broker`]: [`Broker`], the state a node's connections share, its start and sweeps;
//! - [`lifecycle`]: sessions attached, detached and ended; wills and expiry, timed by
//!   [`expiry`];
//! - [`publish`]: publish (store, retain, route) and subscribe;
//! - [`router`]: the subscription tree; [`session`]: per-client state and its bounded queue;
//! - [`retained`]: retained messages; [`security`]: authentication, ACL rules, the blacklist;
//!   [`identity`]: who a client is, as the ACL sees it; [`jwt`]: tokens as passwords;
//! - [`meta_cache`]: the caches of meta state, fed by typed watch events;
//! - [`persist`]: persistent sessions across restarts (records in meta, replay from shards),
//!   written behind SUBSCRIBE through [`write_behind`];
//! - [`storage`]: the storage adapter, topics with partitions on shards;
//! - [`activity`]: which topics carry traffic; [`sys`]: `$SYS` topics;
//! - [`rate`]: the per-connection publish rate limit; [`flapping`]: reconnect loops banned;
//! - [`rewrite`]: topic rewrite rules, applied to MQTT topics and filters on arrival;
//! - [`settings`], [`metrics`], [`error`].

pub mod activity;
pub mod autosub;
pub mod broker;
pub mod error;
pub mod expiry;
pub mod flapping;
pub mod identity;
pub mod jwt;
pub mod lifecycle;
pub mod message;
pub mod meta_cache;
pub mod metrics;
pub mod persist;
pub mod publish;
pub mod rate;
pub mod retained;
pub mod rewrite;
pub mod router;
pub mod security;
pub mod session;
pub mod settings;
pub mod storage;
pub mod sys;
pub mod write_behind;

pub use broker::Broker;
pub use error::{BrokerError, Result};
pub use lifecycle::{SessionStart, Will};
pub use message::{Delivery, Message, QoS};
pub use metrics::BrokerMetrics;
pub use settings::Settings;
