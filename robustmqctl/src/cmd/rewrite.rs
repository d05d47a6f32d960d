//! `robustmqctl rewrite <verb>`.

use robustmq_admin_client::{AdminClient, ClientError};
use robustmq_proto::admin;

use crate::cli::{Output, RewriteCommand};
use crate::printer;

/// Runs a `rewrite` verb. `add` and `delete` read the rules, change them and write them back
/// whole (the admin API replaces the list in one meta write), so two operators editing at the
/// same moment may overwrite each other. JSON output is the `RewriteRuleList` message of
/// `proto/admin.proto`, as stored after the change.
///
/// # Errors
/// [`ClientError::Unreachable`] when the node does not answer; [`ClientError::Failed`] with the
/// server's reason (a bad filter or regex) or for a position past the end.
pub async fn run(
    client: &AdminClient,
    cmd: RewriteCommand,
    output: Output,
) -> Result<(), ClientError> {
    let list = match cmd {
        RewriteCommand::List => client.list_rewrite_rules().await?,
        RewriteCommand::Add {
            action,
            source,
            regex,
            dest,
            position,
        } => {
            let mut list = client.list_rewrite_rules().await?;
            let at = position.unwrap_or(list.rules.len());
            if at > list.rules.len() {
                return Err(ClientError::Failed(format!(
                    "position {at} is past the end: there are {} rules",
                    list.rules.len()
                )));
            }
            list.rules.insert(
                at,
                admin::RewriteRule {
                    action,
                    source,
                    regex,
                    dest,
                },
            );
            client.set_rewrite_rules(list).await?
        }
        RewriteCommand::Delete { position } => {
            let mut list = client.list_rewrite_rules().await?;
            if position >= list.rules.len() {
                return Err(ClientError::Failed(format!(
                    "no rule at position {position}: there are {} rules",
                    list.rules.len()
                )));
            }
            list.rules.remove(position);
            client.set_rewrite_rules(list).await?
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
                        "action": r.action,
                        "source": r.source,
                        "regex": r.regex,
                        "dest": r.dest,
                    })
                })
                .collect();
            serde_json::Value::Array(rows)
        }
    };
    printer::print(output, &value);
    Ok(())
}
