//! The Raft type configuration and the commands the state machine applies.

use openraft::BasicNode;
use serde::{Deserialize, Serialize};

/// A node id, as in `node_id` and `meta.peers`.
pub type NodeId = u64;

openraft::declare_raft_types!(
    /// The openraft type configuration of every meta group.
    pub TypeConfig:
        D = Command,
        R = CommandResult,
        NodeId = NodeId,
        Node = BasicNode,
        Entry = openraft::Entry<TypeConfig>,
        SnapshotData = tokio::fs::File,
        AsyncRuntime = openraft::TokioRuntime,
);

/// A log entry of one group, as openraft stores it.
pub type Entry = openraft::Entry<TypeConfig>;
/// The Raft instance of one group.
pub type Raft = openraft::Raft<TypeConfig>;

/// A write to a group's key-value state. Keys are UTF-8; values are opaque bytes (the typed API
/// above stores JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    /// Sets `key` to `value`.
    Set {
        /// The key.
        key: String,
        /// The value.
        value: Vec<u8>,
    },
    /// Sets many keys in one log entry, so a batch costs one replication round.
    SetMany(Vec<(String, Vec<u8>)>),
    /// Removes `key`.
    Delete {
        /// The key.
        key: String,
    },
    /// Removes every key that starts with `prefix`.
    DeletePrefix {
        /// The prefix.
        prefix: String,
    },
    /// Several commands in one log entry, applied in order: the leader packs concurrent writes
    /// into one, so many writers share one replication round and one synced log write.
    Batch(Vec<Command>),
}

/// What applying a log entry produced. Blank and membership entries produce [`CommandResult::Ok`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CommandResult {
    /// Applied.
    Ok,
    /// A delete: whether the key existed.
    Deleted {
        /// Whether anything was removed.
        existed: bool,
    },
    /// The results of a [`Command::Batch`], in order.
    Batch(Vec<CommandResult>),
}

/// Names of the Raft groups a meta node runs, in a fixed order: `metadata`, then `offset-<i>`
/// and `data-<i>` for each shard of those groups.
pub fn group_names(offset_groups: u32, data_groups: u32) -> Vec<String> {
    let mut names = vec![METADATA_GROUP.to_owned()];
    names.extend((0..offset_groups).map(|i| format!("offset-{i}")));
    names.extend((0..data_groups).map(|i| format!("data-{i}")));
    names
}

/// The group that holds cluster metadata and the generic KV; its leader runs the controller.
pub const METADATA_GROUP: &str = "metadata";
