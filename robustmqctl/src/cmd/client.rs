//! `robustmqctl client <verb>`.

use crate::cli::{ClientCommand, Output};
use crate::printer;
use robustmq_admin_client::{AdminClient, ClientError};

/// Runs a `client` verb. JSON output is the `ClientList` or `KickClientReply` message of
/// `proto/admin.proto`.
///
/// # Errors
/// [`ClientError::Unreachable`] when the node does not answer; [`ClientError::Failed`] when the client
/// is not connected there, or the node runs no broker.
pub async fn run(
    client: &AdminClient,
    cmd: ClientCommand,
    output: Output,
) -> Result<(), ClientError> {
    match cmd {
        ClientCommand::List { prefix } => {
            let list = client.list_clients(&prefix).await?;
            match output {
                Output::Json => printer::print(output, &super::json(&list)?),
                Output::Table => printer::print(output, &super::json(&list.clients)?),
            }
        }
        ClientCommand::Kick { client_id } => {
            let reply = client.kick_client(&client_id).await?;
            match output {
                Output::Json => printer::print(output, &super::json(&reply)?),
                Output::Table => crate::outln!("disconnected client {client_id}"),
            }
        }
    }
    Ok(())
}
