//! `robustmqctl topic <verb>`.

use robustmq_proto::admin;
use serde_json::json;

use crate::cli::{Output, TopicCommand};
use crate::printer;
use robustmq_admin_client::{AdminClient, ClientError};

/// Runs a `topic` verb. JSON output is the `Topic`, `TopicList` or `DeleteTopicReply` message of
/// `proto/admin.proto`, field for field.
///
/// # Errors
/// [`ClientError::Unreachable`] when the node does not answer; [`ClientError::Failed`] with the
/// server's reason (a bad name, an existing or missing topic, no meta quorum).
pub async fn run(
    client: &AdminClient,
    cmd: TopicCommand,
    output: Output,
) -> Result<(), ClientError> {
    match cmd {
        TopicCommand::Create {
            name,
            storage,
            partitions,
            retention_ms,
            fsync,
        } => {
            let request = admin::CreateTopicRequest {
                name,
                partitions,
                storage: storage.unwrap_or_default(),
                retention_ms,
                fsync: fsync.unwrap_or_default(),
            };
            print_topic(output, &client.create_topic(request).await?)
        }
        TopicCommand::List => {
            let list = client.list_topics().await?;
            match output {
                Output::Json => printer::print(output, &super::json(&list)?),
                Output::Table => {
                    let rows: Vec<_> = list.topics.iter().map(summary).collect();
                    printer::print(output, &serde_json::Value::Array(rows));
                }
            }
            Ok(())
        }
        TopicCommand::Describe { name } => {
            print_topic(output, &client.describe_topic(&name).await?)
        }
        TopicCommand::Delete { name } => {
            let reply = client.delete_topic(&name).await?;
            match output {
                Output::Json => printer::print(output, &super::json(&reply)?),
                Output::Table => crate::outln!("deleted topic {name}"),
            }
            Ok(())
        }
    }
}

/// The one-line view of a topic in `topic list`. `messages` is what its shards hold, or for a
/// topic stored in `$mqtt` (no shards of its own: `stored_in` names the shard), what was
/// published to it through the answering node.
fn summary(t: &admin::Topic) -> serde_json::Value {
    let messages: u64 = if t.stored_in.is_empty() {
        t.partition_status
            .iter()
            .map(|p| p.latest - p.earliest.min(p.latest))
            .sum()
    } else {
        t.messages_in
    };
    let size: u64 = t.partition_status.iter().map(|p| p.size_bytes).sum();
    json!({
        "name": t.name,
        "storage": t.storage,
        "partitions": t.partitions,
        "messages": messages,
        "size_bytes": size,
        "retention_ms": t.retention_ms,
        "stored_in": if t.stored_in.is_empty() { "own shards" } else { t.stored_in.as_str() },
    })
}

fn print_topic(output: Output, topic: &admin::Topic) -> Result<(), ClientError> {
    match output {
        Output::Json => printer::print(output, &super::json(topic)?),
        Output::Table => {
            let mut head = summary(topic);
            if let Some(map) = head.as_object_mut() {
                map.insert("created_ms".to_owned(), json!(topic.created_ms));
            }
            printer::print(output, &head);
            crate::outln!();
            printer::print(output, &super::json(&topic.partition_status)?);
        }
    }
    Ok(())
}
