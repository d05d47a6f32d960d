//! `robustmqctl session <verb>`.

use crate::cli::{Output, SessionCommand};
use crate::printer;
use robustmq_admin_client::{AdminClient, ClientError};

/// Runs a `session` verb. JSON output is the `SessionList`, `Session` or `DeleteSessionReply`
/// message of `proto/admin.proto`.
///
/// # Errors
/// [`ClientError::Unreachable`] when the node does not answer; [`ClientError::Failed`] when it holds
/// no such session, or runs no broker.
pub async fn run(
    client: &AdminClient,
    cmd: SessionCommand,
    output: Output,
) -> Result<(), ClientError> {
    match cmd {
        SessionCommand::List { prefix } => {
            let list = client.list_sessions(&prefix).await?;
            match output {
                Output::Json => printer::print(output, &super::json(&list)?),
                Output::Table => {
                    let rows: Vec<serde_json::Value> = list
                        .sessions
                        .iter()
                        .map(|s| {
                            serde_json::json!({
                                "client_id": s.client_id,
                                "connected": s.connected,
                                "expiry_interval": s.expiry_interval,
                                "subscriptions": s.subscriptions.len(),
                                "inflight": s.inflight,
                                "queued": s.queued,
                            })
                        })
                        .collect();
                    printer::print(output, &serde_json::Value::Array(rows));
                }
            }
        }
        SessionCommand::Show { client_id } => {
            let session = client.get_session(&client_id).await?;
            match output {
                Output::Json => printer::print(output, &super::json(&session)?),
                Output::Table => {
                    let mut head = super::json(&session)?;
                    if let Some(map) = head.as_object_mut() {
                        map.remove("subscriptions");
                    }
                    printer::print(output, &head);
                    crate::outln!();
                    printer::print(output, &super::json(&session.subscriptions)?);
                }
            }
        }
        SessionCommand::Delete { client_id } => {
            let reply = client.delete_session(&client_id).await?;
            match output {
                Output::Json => printer::print(output, &super::json(&reply)?),
                Output::Table => crate::outln!("deleted session {client_id}"),
            }
        }
    }
    Ok(())
}
