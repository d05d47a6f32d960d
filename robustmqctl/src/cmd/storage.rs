//! `robustmqctl storage <verb>`.

use crate::cli::{Output, StorageCommand};
use crate::printer;
use robustmq_admin_client::{AdminClient, ClientError};

/// Runs a `storage` verb. JSON output is the `StorageList` message of `proto/admin.proto`.
///
/// # Errors
/// [`ClientError::Unreachable`] when the node does not answer; [`ClientError::Failed`] when its engine
/// cannot.
pub async fn run(
    client: &AdminClient,
    cmd: StorageCommand,
    output: Output,
) -> Result<(), ClientError> {
    match cmd {
        StorageCommand::List => {
            let list = client.list_storage().await?;
            match output {
                Output::Json => printer::print(output, &super::json(&list)?),
                Output::Table => printer::print(output, &super::json(&list.storage)?),
            }
            Ok(())
        }
    }
}
