//! `robustmqctl cluster <verb>`.

use crate::cli::{ClusterCommand, Output};
use crate::client::{AdminClient, CtlError};
use crate::printer;

/// Runs a `cluster` verb. JSON output is the `Cluster` message of `proto/admin.proto`.
///
/// # Errors
/// [`CtlError::Unreachable`] when the node does not answer; [`CtlError::Failed`] when meta
/// cannot.
pub async fn run(
    client: &AdminClient,
    cmd: ClusterCommand,
    output: Output,
) -> Result<(), CtlError> {
    match cmd {
        ClusterCommand::Show => {
            let cluster = client.get_cluster().await?;
            match output {
                Output::Json => printer::print(output, &super::json(&cluster)?),
                Output::Table => {
                    println!("CLUSTER  {}", cluster.name);
                    println!();
                    printer::print(output, &super::json(&cluster.nodes)?);
                    if !cluster.groups.is_empty() {
                        println!();
                        printer::print(output, &super::json(&cluster.groups)?);
                    }
                }
            }
            Ok(())
        }
        ClusterCommand::Join { node_id, addr } => {
            let reply = client.join_cluster(node_id, &addr).await?;
            print_voters(output, &reply)
        }
        ClusterCommand::Leave { node_id } => {
            let reply = client.leave_cluster(node_id).await?;
            print_voters(output, &reply)
        }
    }
}

fn print_voters(
    output: Output,
    reply: &robustmq_proto::admin::MembershipReply,
) -> Result<(), CtlError> {
    match output {
        Output::Json => printer::print(output, &super::json(reply)?),
        Output::Table => printer::print(output, &super::json(&reply.groups)?),
    }
    Ok(())
}
