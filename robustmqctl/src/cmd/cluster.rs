//! `robustmqctl cluster <verb>`.

use crate::cli::{ClusterCommand, Output};
use crate::printer;
use robustmq_admin_client::{AdminClient, ClientError};
use robustmq_proto::admin as pb;
use std::time::Duration;

/// Runs a `cluster` verb. JSON output is the `Cluster` message of `proto/admin.proto`.
///
/// # Errors
/// [`ClientError::Unreachable`] when the node does not answer; [`ClientError::Failed`] when meta
/// cannot.
pub async fn run(
    client: &AdminClient,
    cmd: ClusterCommand,
    output: Output,
) -> Result<(), ClientError> {
    match cmd {
        ClusterCommand::Show => {
            let cluster = client.get_cluster().await?;
            match output {
                Output::Json => printer::print(output, &super::json(&cluster)?),
                Output::Table => {
                    crate::outln!("CLUSTER  {}", cluster.name);
                    crate::outln!();
                    printer::print(output, &super::json(&cluster.nodes)?);
                    if !cluster.groups.is_empty() {
                        crate::outln!();
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
        ClusterCommand::Status {
            watch,
            interval_ms,
            count,
        } => {
            let mut frames = client
                .watch_status(Duration::from_millis(interval_ms))
                .await?;
            let limit = if watch { count } else { Some(1) };
            let mut printed = 0;
            while limit.is_none_or(|n| printed < n) {
                let Some(frame) = frames.next().await? else {
                    return Err(ClientError::Failed(
                        "the node ended the status stream: it is stopping".into(),
                    ));
                };
                print_status(output, &frame, watch)?;
                printed += 1;
            }
            Ok(())
        }
    }
}

/// One status frame: a compact JSON line when watching (so that a script can read line by
/// line), otherwise the frame as one document; or tables of nodes and Raft groups.
fn print_status(output: Output, frame: &pb::StatusFrame, watch: bool) -> Result<(), ClientError> {
    match output {
        Output::Json if watch => crate::outln!("{}", super::json(frame)?),
        Output::Json => printer::print(output, &super::json(frame)?),
        Output::Table => {
            let nodes: Vec<serde_json::Value> = frame
                .nodes
                .iter()
                .map(|n| {
                    serde_json::json!({
                        "node": n.node_id,
                        "roles": n.roles,
                        "liveness": n.liveness,
                        "connections": n.connections,
                        "msg_in/s": format!("{:.0}", n.messages_in_per_sec),
                        "msg_out/s": format!("{:.0}", n.messages_out_per_sec),
                        "cpu%": format!("{:.1}", n.cpu_percent),
                        "rss_mib": format!("{:.1}", n.rss_bytes as f64 / 1048576.0),
                        "error": n.error.clone().unwrap_or_default(),
                    })
                })
                .collect();
            printer::print(output, &serde_json::Value::Array(nodes));
            if let Some(error) = &frame.error {
                crate::outln!("({error})");
            }
            let groups: Vec<serde_json::Value> = frame
                .nodes
                .iter()
                .flat_map(|n| {
                    n.raft.iter().map(|g| {
                        serde_json::json!({
                            "node": n.node_id,
                            "group": g.group,
                            "role": g.role,
                            "term": g.term,
                            "leader": g.leader_id,
                            "last_log": g.last_log,
                            "committed": g.committed,
                            "applied": g.applied,
                        })
                    })
                })
                .collect();
            if !groups.is_empty() {
                crate::outln!();
                printer::print(output, &serde_json::Value::Array(groups));
            }
            if watch {
                crate::outln!();
            }
        }
    }
    Ok(())
}

fn print_voters(
    output: Output,
    reply: &robustmq_proto::admin::MembershipReply,
) -> Result<(), ClientError> {
    match output {
        Output::Json => printer::print(output, &super::json(reply)?),
        Output::Table => printer::print(output, &super::json(&reply.groups)?),
    }
    Ok(())
}
