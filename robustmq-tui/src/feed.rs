//! The feeders: tasks that read the node through the admin client SDK and send what they read to
//! the main loop. They never give up: a broken stream is reported and retried every second, so
//! the dashboard survives a server restart or a leader change.

use std::time::Duration;

use robustmq_admin_client::AdminClient;
use tokio::sync::mpsc;

use crate::app::Update;
use crate::event::Event;

/// How long the status feeder waits before it reconnects.
const RETRY: Duration = Duration::from_secs(1);

/// Follows `WatchStatus` at `interval`, reconnecting after every failure, until `tx` closes.
pub fn spawn_status(client: AdminClient, interval: Duration, tx: mpsc::Sender<Event>) {
    tokio::spawn(async move {
        loop {
            let reason = match client.watch_status(interval).await {
                Ok(mut watch) => loop {
                    match watch.next().await {
                        Ok(Some(frame)) => {
                            if tx.send(Event::Update(Update::Frame(frame))).await.is_err() {
                                return;
                            }
                        }
                        Ok(None) => break "the node ended the status stream".to_owned(),
                        Err(e) => break e.to_string(),
                    }
                },
                Err(e) => e.to_string(),
            };
            if tx
                .send(Event::Update(Update::Disconnected(reason)))
                .await
                .is_err()
            {
                return;
            }
            tokio::time::sleep(RETRY).await;
        }
    });
}

/// Reads topics, clients, sessions and connectors every `period` until `tx` closes. A list that
/// fails (the node is down, or runs no broker) is skipped; the status link shows why.
pub fn spawn_lists(client: AdminClient, period: Duration, tx: mpsc::Sender<Event>) {
    tokio::spawn(async move {
        loop {
            let mut updates = Vec::new();
            if let Ok(list) = client.list_topics().await {
                updates.push(Update::Topics {
                    topics: list.topics,
                    at_ms: now_ms(),
                });
            }
            if let (Ok(clients), Ok(sessions)) = (
                client.list_clients("").await,
                client.list_sessions("").await,
            ) {
                updates.push(Update::Clients {
                    clients: clients.clients,
                    sessions: sessions.sessions,
                });
            }
            if let Ok(list) = client.list_connectors().await {
                updates.push(Update::Connectors(list));
            }
            for update in updates {
                if tx.send(Event::Update(update)).await.is_err() {
                    return;
                }
            }
            tokio::time::sleep(period).await;
        }
    });
}

/// Kicks `client_id` and reports the outcome as a notice.
pub fn spawn_kick(client: AdminClient, client_id: String, tx: mpsc::Sender<Event>) {
    tokio::spawn(async move {
        let notice = match client.kick_client(&client_id).await {
            Ok(reply) if reply.kicked => format!("kicked {client_id}"),
            Ok(_) => format!("{client_id} was not connected"),
            Err(e) => format!("kick {client_id} failed: {e}"),
        };
        let _ = tx.send(Event::Update(Update::Notice(notice))).await;
    });
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}
