//! One module per resource. Each turns a parsed subcommand into [`robustmq_admin_client::AdminClient`]
//! calls and hands the result to [`crate::printer`].

pub mod acl;
pub mod autosub;
pub mod blacklist;
pub mod client;
pub mod cluster;
pub mod config;
pub mod connector;
pub mod group;
pub mod node;
pub mod rewrite;
pub mod session;
pub mod storage;
pub mod subscription;
pub mod topic;
pub mod user;

use serde::Serialize;

use robustmq_admin_client::ClientError;

/// `value` as JSON for the printer.
pub(crate) fn json<T: Serialize>(value: &T) -> Result<serde_json::Value, ClientError> {
    serde_json::to_value(value)
        .map_err(|e| ClientError::Failed(format!("cannot render the answer: {e}")))
}
