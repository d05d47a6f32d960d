//! The Meta Service: cluster metadata, MQTT session data and consumer offsets in Raft groups
//! (openraft) stored in RocksDB, replicated over the inner gRPC service.
//!
//! - [`types`]: the openraft type configuration, [`Command`] and [`CommandResult`].
//! - [`store`]: the RocksDB log store and state machine of a group (streamed file snapshots).
//! - [`network`]: Raft RPCs over gRPC, carrying the group name.
//! - [`node`]: [`MetaNode`], the groups of this node, bootstrap, and writes and reads with leader
//!   forwarding.
//! - [`service`]: the `MetaService` gRPC server.
//! - [`liveness`]: node heartbeats, the liveness table and the controller on the `metadata`
//!   leader.
//! - [`client`]: [`MetaStore`] (primitives: local, [`RemoteMeta`] over gRPC, or the in-memory
//!   fake [`MemoryMeta`]) and [`MetaClient`], the typed API on top: KV, topics, sessions,
//!   subscriptions, retained messages, offsets.
//! - [`security`]: users, ACL rules and blacklist entries, typed through [`SecurityClient`].
//! - [`watch`]: [`WatchEvent`]s of applied commands, for caches kept fresh without polling.
//! - [`error`]: the crate's error type, [`MetaError`].
//!
//! See `ARCHITECTURE.md` beside this crate for the groups, the storage layout and the data flow.

pub mod client;
pub mod error;
pub mod liveness;
pub mod network;
pub mod node;
pub mod security;
pub mod service;
pub mod store;
pub mod types;
pub mod watch;

#[cfg(test)]
mod store_suite;

pub use client::{MemoryMeta, MetaClient, MetaStore, PeerMeta, RemoteMeta, TopicMeta};
pub use error::{MetaError, Result};
pub use liveness::{Liveness, NodeRecord};
pub use node::{MetaNode, MetaNodeConfig, RaftTimings};
pub use security::{AclAction, AclRecord, AclWho, BanKind, BanRecord, SecurityClient, UserRecord};
pub use types::{Command, CommandResult, METADATA_GROUP, NodeId, TypeConfig};
pub use watch::{WatchEvent, WatchStream};
