//! The Meta Service as the other roles see it, without Raft or RocksDB: a broker or an admin
//! tool links this crate, not the service.
//!
//! - [`codec`]: decoding with bounds, for bytes from the network or the disk;
//! - [`command`]: the writes a group applies ([`Command`]) and the one function that applies
//!   them, shared by the Raft state machine and the in-memory store;
//! - [`keys`]: the key schema, every key and the group that holds it;
//! - [`records`]: the typed records (topics, users, ACL rules, bans, nodes);
//! - [`store`]: [`MetaStore`], the primitives every backend offers;
//! - [`client`] and [`security`]: the typed API over any store ([`MetaClient`],
//!   [`SecurityClient`]);
//! - [`watch`]: change events, raw ([`WatchEvent`]) and typed ([`MetaEvent`]);
//! - [`remote`]: [`RemoteMeta`] and [`PeerMeta`] over gRPC; [`memory`]: [`MemoryMeta`];
//! - [`error`]: [`MetaError`] and how it crosses gRPC;
//! - `suite` (feature `suite`): the conformance suite every [`MetaStore`] passes.

pub mod client;
pub mod codec;
pub mod command;
pub mod error;
pub mod keys;
pub mod memory;
pub mod records;
pub mod remote;
pub mod security;
pub mod store;
#[cfg(any(test, feature = "suite"))]
pub mod suite;
pub mod watch;

pub use client::MetaClient;
pub use command::{Command, CommandResult};
pub use error::{MetaError, Result};
pub use keys::{GroupCounts, METADATA_GROUP};
pub use memory::MemoryMeta;
pub use records::{
    AclAction, AclRecord, AclWho, AutoSubscribeRule, BanKind, BanRecord, Liveness, NodeId,
    NodeRecord, PartitionPlacement, RewriteAction, RewriteRule, TopicMeta, TopicPlacement,
    UserRecord,
};
pub use remote::{PeerMeta, RemoteMeta};
pub use security::SecurityClient;
pub use store::MetaStore;
pub use watch::{MetaEvent, WatchEvent, WatchStream};
