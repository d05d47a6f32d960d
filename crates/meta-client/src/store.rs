//! [`MetaStore`]: the primitives every meta backend offers, and that the typed API
//! ([`crate::MetaClient`], [`crate::SecurityClient`]) is written once over.

use async_trait::async_trait;

use crate::command::{Command, CommandResult};
use crate::error::Result;
use crate::keys::GroupCounts;
use crate::watch::WatchStream;

/// The primitives every meta backend offers: the local meta node, a remote one over gRPC
/// ([`crate::RemoteMeta`], [`crate::PeerMeta`]) and the in-memory store
/// ([`crate::MemoryMeta`]). `crate::suite` holds each to the same behaviour.
#[async_trait]
pub trait MetaStore: Send + Sync {
    /// Applies `command` to `group` once a quorum has committed it.
    ///
    /// # Errors
    /// [`crate::MetaError::NoLeader`], [`crate::MetaError::UnknownGroup`], transport or storage
    /// errors.
    async fn apply(&self, group: &str, command: Command) -> Result<CommandResult>;

    /// The value of `key` in `group`; `linearizable` confirms with a quorum first.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn get(&self, group: &str, key: &str, linearizable: bool) -> Result<Option<Vec<u8>>>;

    /// Every key under `prefix` in `group`, in key order.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn scan(
        &self,
        group: &str,
        prefix: &str,
        linearizable: bool,
    ) -> Result<Vec<(String, Vec<u8>)>>;

    /// How many `offset-*` and `data-*` groups the meta nodes run. A remote store learns it
    /// from the node it reaches, so it answers only once connected; it never guesses, because a
    /// wrong count routes a key to the wrong group.
    ///
    /// # Errors
    /// Transport errors for a remote store that cannot connect.
    async fn group_counts(&self) -> Result<GroupCounts>;

    /// Changes to keys under `prefixes` from now on, in apply order (see [`crate::watch`]).
    ///
    /// # Errors
    /// Transport errors for a remote store; the stream itself ends when the connection does.
    async fn watch(&self, prefixes: Vec<String>) -> Result<WatchStream>;
}
