//! `robustmqctl blacklist <verb>`.

use robustmq_admin_client::{AdminClient, ClientError};
use robustmq_proto::admin;

use crate::cli::{BlacklistCommand, Output};
use crate::printer;

/// Runs a `blacklist` verb. JSON output is the `Ban`, `BanList` or `DeletedReply` message of
/// `proto/admin.proto`.
///
/// # Errors
/// [`ClientError::Unreachable`] when the node does not answer; [`ClientError::Failed`] with the
/// server's reason (a bad IP address, an entry that does not exist).
pub async fn run(
    client: &AdminClient,
    cmd: BlacklistCommand,
    output: Output,
) -> Result<(), ClientError> {
    let value = match cmd {
        BlacklistCommand::Add {
            target,
            reason,
            duration_secs,
        } => {
            let (kind, value) = target.kind_value();
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis() as i64);
            let until_ms = duration_secs.map(|s| {
                now.saturating_add(i64::try_from(s.saturating_mul(1000)).unwrap_or(i64::MAX))
            });
            let ban = admin::Ban {
                kind: kind.to_owned(),
                value,
                reason,
                created_ms: 0,
                until_ms,
            };
            super::json(&client.add_ban(ban).await?)?
        }
        BlacklistCommand::List => {
            let list = client.list_bans().await?;
            match output {
                Output::Json => super::json(&list)?,
                Output::Table => super::json(&list.bans)?,
            }
        }
        BlacklistCommand::Delete { target } => {
            let (kind, value) = target.kind_value();
            super::json(&client.delete_ban(kind, &value).await?)?
        }
    };
    printer::print(output, &value);
    Ok(())
}
