//! The Raft type configuration. The commands it carries ([`Command`]) and the node id come from
//! `robustmq-meta-client`, which the roles that use meta share.

use openraft::BasicNode;
pub use robustmq_meta_client::command::{Command, CommandResult};
pub use robustmq_meta_client::keys::METADATA_GROUP;
pub use robustmq_meta_client::records::NodeId;

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
