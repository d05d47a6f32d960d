//! `robustmqctl acl <verb>`.

use robustmq_admin_client::{AdminClient, ClientError};
use robustmq_proto::admin;

use crate::cli::{AclCommand, Output};
use crate::printer;

/// Runs an `acl` verb. JSON output is the `AclRule`, `AclList` or `DeletedReply` message of
/// `proto/admin.proto`.
///
/// # Errors
/// [`ClientError::Unreachable`] when the node does not answer; [`ClientError::Failed`] with the
/// server's reason (a bad filter, an existing or missing rule).
pub async fn run(client: &AdminClient, cmd: AclCommand, output: Output) -> Result<(), ClientError> {
    let value = match cmd {
        AclCommand::Create {
            name,
            topic,
            action,
            permission,
            username,
            client_id,
        } => {
            let (who, value) = match (username, client_id) {
                (Some(u), _) => ("username", u),
                (_, Some(c)) => ("client_id", c),
                (None, None) => ("all", String::new()),
            };
            let rule = admin::AclRule {
                name,
                who: who.to_owned(),
                value,
                action,
                topic,
                permission,
            };
            super::json(&client.create_acl(rule).await?)?
        }
        AclCommand::List => {
            let list = client.list_acls().await?;
            match output {
                Output::Json => super::json(&list)?,
                Output::Table => super::json(&list.rules)?,
            }
        }
        AclCommand::Delete { name } => super::json(&client.delete_acl(&name).await?)?,
    };
    printer::print(output, &value);
    Ok(())
}
