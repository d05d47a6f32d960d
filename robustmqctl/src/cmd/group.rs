//! `robustmqctl group <verb>`: Kafka consumer groups.

use serde_json::json;

use crate::cli::{GroupCommand, Output};
use crate::printer;
use robustmq_admin_client::{AdminClient, ClientError};

/// Runs a `group` verb. JSON output is the `GroupList` or `Group` message of
/// `proto/admin.proto`, field for field.
///
/// # Errors
/// [`ClientError::Unreachable`] when the node does not answer; [`ClientError::Failed`] with the
/// server's reason (no Kafka listener on that node, an unknown group).
pub async fn run(
    client: &AdminClient,
    cmd: GroupCommand,
    output: Output,
) -> Result<(), ClientError> {
    match cmd {
        GroupCommand::List => {
            let list = client.list_groups().await?;
            match output {
                Output::Json => printer::print(output, &super::json(&list)?),
                Output::Table => printer::print(output, &super::json(&list.groups)?),
            }
        }
        GroupCommand::Describe { name } => {
            let group = client.describe_group(&name).await?;
            match output {
                Output::Json => printer::print(output, &super::json(&group)?),
                Output::Table => {
                    let head = json!({
                        "name": group.name,
                        "state": group.state,
                        "protocol_type": group.protocol_type,
                        "protocol": group.protocol,
                        "generation": group.generation,
                        "members": group.members.len(),
                    });
                    printer::print(output, &head);
                    crate::outln!();
                    let members: Vec<_> = group
                        .members
                        .iter()
                        .map(|m| {
                            json!({
                                "member_id": m.member_id,
                                "client_id": m.client_id,
                                "client_host": m.client_host,
                                "assignment": m.assignment.join(" "),
                            })
                        })
                        .collect();
                    printer::print(output, &serde_json::Value::Array(members));
                    crate::outln!();
                    printer::print(output, &super::json(&group.offsets)?);
                }
            }
        }
    }
    Ok(())
}
