//! `robustmqctl node <verb>`.

use crate::cli::{NodeCommand, Output};
use crate::printer;
use robustmq_admin_client::{AdminClient, ClientError};

/// Runs a `node` verb.
///
/// # Errors
/// [`ClientError::Unreachable`] when the node does not answer; [`ClientError::Failed`] when it answers
/// but is not ready (after the report is printed, so scripts see both).
pub async fn run(
    client: &AdminClient,
    cmd: NodeCommand,
    output: Output,
) -> Result<(), ClientError> {
    match cmd {
        NodeCommand::Status => {
            let health = client.node_health().await?;
            let value = serde_json::to_value(&health)
                .map_err(|e| ClientError::Failed(format!("cannot render health: {e}")))?;
            printer::print(output, &value);
            if health.status == "ok" {
                Ok(())
            } else {
                Err(ClientError::Failed(format!(
                    "node {} is {}, not ready",
                    health.node_id, health.status
                )))
            }
        }
    }
}
