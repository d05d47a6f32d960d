//! `robustmqctl user <verb>`.

use robustmq_admin_client::{AdminClient, ClientError};
use robustmq_proto::admin;

use crate::cli::{Output, UserCommand};
use crate::printer;

/// Runs a `user` verb. JSON output is the `User`, `UserList` or `DeletedReply` message of
/// `proto/admin.proto`; passwords and hashes never appear.
///
/// # Errors
/// [`ClientError::Unreachable`] when the node does not answer; [`ClientError::Failed`] with the
/// server's reason (an existing or missing user, an empty password, no meta quorum).
pub async fn run(
    client: &AdminClient,
    cmd: UserCommand,
    output: Output,
) -> Result<(), ClientError> {
    let value = match cmd {
        UserCommand::Create {
            username,
            password,
            superuser,
        } => {
            let req = admin::CreateUserRequest {
                username,
                password,
                superuser,
            };
            super::json(&client.create_user(req).await?)?
        }
        UserCommand::List => {
            let list = client.list_users().await?;
            match output {
                Output::Json => super::json(&list)?,
                Output::Table => super::json(&list.users)?,
            }
        }
        UserCommand::Update {
            username,
            password,
            superuser,
        } => {
            let req = admin::UpdateUserRequest {
                username,
                password,
                superuser,
            };
            super::json(&client.update_user(req).await?)?
        }
        UserCommand::Delete { username } => super::json(&client.delete_user(&username).await?)?,
    };
    printer::print(output, &value);
    Ok(())
}
