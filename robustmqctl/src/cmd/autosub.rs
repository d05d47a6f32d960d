//! `robustmqctl auto-subscribe <verb>`.

use robustmq_admin_client::{AdminClient, ClientError};
use robustmq_proto::admin;

use crate::cli::{AutoSubscribeCommand, Output};
use crate::printer;

/// Runs an `auto-subscribe` verb. `add` and `delete` read the rules, change them and write
/// them back whole (the admin API replaces the list in one meta write), so two operators
/// editing at the same moment may overwrite each other. JSON output is the
/// `AutoSubscribeRuleList` message of `proto/admin.proto`, as stored after the change.
///
/// # Errors
/// [`ClientError::Unreachable`] when the node does not answer; [`ClientError::Failed`] with the
/// server's reason (a bad filter) or for a position past the end.
pub async fn run(
    client: &AdminClient,
    cmd: AutoSubscribeCommand,
    output: Output,
) -> Result<(), ClientError> {
    let list = match cmd {
        AutoSubscribeCommand::List => client.list_auto_subscribe_rules().await?,
        AutoSubscribeCommand::Add {
            filter,
            qos,
            no_local,
            retain_as_published,
            retain_handling,
            position,
        } => {
            let mut list = client.list_auto_subscribe_rules().await?;
            let at = position.unwrap_or(list.rules.len());
            if at > list.rules.len() {
                return Err(ClientError::Failed(format!(
                    "position {at} is past the end: there are {} rules",
                    list.rules.len()
                )));
            }
            list.rules.insert(
                at,
                admin::AutoSubscribeRule {
                    filter,
                    qos,
                    no_local,
                    retain_as_published,
                    retain_handling,
                },
            );
            client.set_auto_subscribe_rules(list).await?
        }
        AutoSubscribeCommand::Delete { position } => {
            let mut list = client.list_auto_subscribe_rules().await?;
            if position >= list.rules.len() {
                return Err(ClientError::Failed(format!(
                    "no rule at position {position}: there are {} rules",
                    list.rules.len()
                )));
            }
            list.rules.remove(position);
            client.set_auto_subscribe_rules(list).await?
        }
    };
    let value = match output {
        Output::Json => super::json(&list)?,
        Output::Table => {
            let rows: Vec<serde_json::Value> = list
                .rules
                .iter()
                .enumerate()
                .map(|(position, r)| {
                    serde_json::json!({
                        "position": position,
                        "filter": r.filter,
                        "qos": r.qos,
                        "no_local": r.no_local,
                        "retain_as_published": r.retain_as_published,
                        "retain_handling": r.retain_handling,
                    })
                })
                .collect();
            serde_json::Value::Array(rows)
        }
    };
    printer::print(output, &value);
    Ok(())
}
