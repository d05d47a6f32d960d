//! `robustmqctl subscription <verb>`.

use crate::cli::{Output, SubscriptionCommand};
use crate::printer;
use robustmq_admin_client::{AdminClient, ClientError};

/// Runs a `subscription` verb. JSON output is the `SubscriptionList` message of
/// `proto/admin.proto`.
///
/// # Errors
/// [`ClientError::Unreachable`] when the node does not answer; [`ClientError::Failed`] when it runs no
/// broker.
pub async fn run(
    client: &AdminClient,
    cmd: SubscriptionCommand,
    output: Output,
) -> Result<(), ClientError> {
    match cmd {
        SubscriptionCommand::List { prefix } => {
            let list = client.list_subscriptions(&prefix).await?;
            match output {
                Output::Json => printer::print(output, &super::json(&list)?),
                Output::Table => printer::print(output, &super::json(&list.subscriptions)?),
            }
        }
    }
    Ok(())
}
