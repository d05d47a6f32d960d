//! One module per resource. Each turns a parsed subcommand into [`crate::client::AdminClient`]
//! calls and hands the result to [`crate::printer`].

pub mod client;
pub mod cluster;
pub mod config;
pub mod node;
pub mod session;
pub mod storage;
pub mod subscription;
pub mod topic;

use serde::Serialize;

use crate::client::CtlError;

/// `value` as JSON for the printer.
pub(crate) fn json<T: Serialize>(value: &T) -> Result<serde_json::Value, CtlError> {
    serde_json::to_value(value)
        .map_err(|e| CtlError::Failed(format!("cannot render the answer: {e}")))
}
