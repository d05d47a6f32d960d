//! The Meta Service: cluster metadata, MQTT session data and consumer offsets in Raft groups
//! (openraft) stored in RocksDB, replicated over the inner gRPC service.
//!
//! - [`types`]: the openraft type configuration over [`Command`] and [`CommandResult`], which
//!   come from `robustmq-meta-client` with the key schema, the typed API and the stores other
//!   roles use.
//! - [`store`]: the RocksDB log store and state machine of a group (streamed file snapshots).
//! - [`network`]: Raft RPCs over gRPC, carrying the group name.
//! - [`node`]: [`MetaNode`], the groups of this node, bootstrap, and writes and reads with leader
//!   forwarding.
//! - [`service`]: the `MetaService` gRPC server.
//! - [`liveness`]: node heartbeats, the liveness table and the controller on the `metadata`
//!   leader.
//! - [`error`]: [`MetaError`], shared with the client crate.
//!
//! [`MetaNode`] implements `robustmq_meta_client::MetaStore`, and passes the same conformance
//! suite as the in-memory and the remote stores.
//!
//! See `ARCHITECTURE.md` beside this crate for the groups, the storage layout and the data flow.

pub mod error;
pub mod liveness;
pub mod network;
pub mod node;
pub mod service;
pub mod store;
pub mod types;

#[cfg(test)]
mod store_suite;

pub use error::{MetaError, Result};
pub use node::{MetaNode, MetaNodeConfig, RaftTimings};
pub use types::{Command, CommandResult, METADATA_GROUP, NodeId, TypeConfig};
