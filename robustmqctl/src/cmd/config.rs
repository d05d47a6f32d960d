//! `robustmqctl config <verb>`.

use crate::cli::{ConfigCommand, Output};
use crate::printer;
use robustmq_admin_client::{AdminClient, ClientError};

/// Runs a `config` verb. The table form is the TOML itself; JSON is the `NodeConfig` message of
/// `proto/admin.proto`.
///
/// # Errors
/// [`ClientError::Unreachable`] when the node does not answer.
pub async fn run(
    client: &AdminClient,
    cmd: ConfigCommand,
    output: Output,
) -> Result<(), ClientError> {
    match cmd {
        ConfigCommand::Get => {
            let config = client.get_config().await?;
            match output {
                Output::Json => printer::print(output, &super::json(&config)?),
                Output::Table => crate::printer::out(&config.toml),
            }
            Ok(())
        }
    }
}
