//! `robustmqctl connector <verb>`.

use robustmq_admin_client::{AdminClient, ClientError};
use robustmq_proto::admin;
use serde_json::json;

use crate::cli::{ConnectorCommand, Output};
use crate::printer;

/// Runs a `connector` verb. JSON output is the `Connector`, `ConnectorList` or
/// `DeleteConnectorReply` message of `proto/admin.proto`.
///
/// # Errors
/// [`ClientError::Unreachable`] when the node does not answer; [`ClientError::Failed`] with the
/// server's reason (an unavailable type, an unknown connector).
pub async fn run(
    client: &AdminClient,
    cmd: ConnectorCommand,
    output: Output,
) -> Result<(), ClientError> {
    let connector = match cmd {
        ConnectorCommand::Create {
            name,
            connector_type,
            config,
        } => {
            let request = admin::CreateConnectorRequest {
                name,
                connector_type,
                config: config.into_iter().collect(),
            };
            client.create_connector(request).await?
        }
        ConnectorCommand::List => {
            let list = client.list_connectors().await?;
            match output {
                Output::Json => printer::print(output, &super::json(&list)?),
                Output::Table => {
                    let rows: Vec<_> = list.connectors.iter().map(row).collect();
                    printer::print(output, &serde_json::Value::Array(rows));
                    if list.available_types.is_empty() {
                        crate::outln!("(no connector types are available in this build)");
                    } else {
                        crate::outln!("available types: {}", list.available_types.join(", "));
                    }
                }
            }
            return Ok(());
        }
        ConnectorCommand::Describe { name } => client.describe_connector(&name).await?,
        ConnectorCommand::Pause { name } => client.pause_connector(&name).await?,
        ConnectorCommand::Resume { name } => client.resume_connector(&name).await?,
        ConnectorCommand::Delete { name } => {
            let reply = client.delete_connector(&name).await?;
            printer::print(output, &super::json(&reply)?);
            return Ok(());
        }
    };
    match output {
        Output::Json => printer::print(output, &super::json(&connector)?),
        Output::Table => printer::print(output, &row(&connector)),
    }
    Ok(())
}

/// The table row of one connector.
fn row(c: &admin::Connector) -> serde_json::Value {
    json!({
        "name": c.name,
        "type": c.connector_type,
        "status": c.status,
        "task_node": c.task_node,
        "lag": c.lag,
    })
}
