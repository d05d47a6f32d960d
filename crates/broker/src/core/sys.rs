//! `$SYS/brokers/<node_id>/...`: the broker's own figures, published retained every
//! `mqtt.sys_interval` seconds, as Mosquitto and EMQX publish theirs.

use std::sync::Arc;
use std::time::Duration;

use crate::core::broker::Broker;
use crate::core::message::Message;

impl Broker {
    /// Publishes the `$SYS/brokers/<node>/...` topics, retained, every `every`.
    pub(crate) async fn sys_loop(self: Arc<Self>, every: Duration) {
        let prefix = format!("$SYS/brokers/{}", self.settings.node_id);
        let mut tick = tokio::time::interval(every);
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                () = self.shutdown.wait() => return,
            }
            let m = &self.metrics;
            let sum = |v: &prometheus::IntCounterVec| -> u64 {
                ["0", "1", "2"]
                    .iter()
                    .map(|q| v.with_label_values(&[q]).get())
                    .sum()
            };
            let values = [
                ("version", robustmq_common::VERSION.to_owned()),
                ("uptime", self.started.elapsed().as_secs().to_string()),
                ("clients/connected", m.connections.get().to_string()),
                ("messages/received", sum(&m.messages_in).to_string()),
                ("messages/sent", sum(&m.messages_out).to_string()),
                ("bytes/received", m.bytes_in.get().to_string()),
                ("bytes/sent", m.bytes_out.get().to_string()),
                ("subscriptions/count", m.subscriptions.get().to_string()),
            ];
            for (name, value) in values {
                let mut message = Message::new(format!("{prefix}/{name}"), value.into());
                message.retain = true;
                self.publish_now(message).await;
            }
        }
    }
}
