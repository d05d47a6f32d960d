//! Node heartbeats, the liveness table, and the controller that runs on the `metadata` leader.
//!
//! Every node writes `node/<id>` (a [`NodeRecord`] with a beat counter) once per
//! [`HEARTBEAT_INTERVAL`]. The controller runs on every meta node but acts only while that node
//! leads `metadata`, so it moves with leadership. It notes, by its own clock, when each node's
//! beat last changed, so clocks of other nodes never matter: a node is `alive` until half of
//! `node_timeout` passes without a new beat, then `suspect`, then `dead` after all of it. A
//! controller that has just taken over gives every node a full timeout before judging it. Changes
//! are published as `liveness/<id>` in the `metadata` group. The records are those of
//! `robustmq_meta_client::records`; readers use `MetaClient::nodes`.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

use openraft::ServerState;
use robustmq_common::Shutdown;
use tokio::task::JoinHandle;

pub use robustmq_meta_client::records::{Liveness, NodeRecord};
use robustmq_meta_client::{MetaClient, MetaStore, keys};

use crate::error::{MetaError, Result};
use crate::node::MetaNode;
use crate::types::{Command, METADATA_GROUP, NodeId};

/// How often every node writes its heartbeat.
pub const HEARTBEAT_INTERVAL: Duration = Duration::from_secs(1);
/// How often the controller re-evaluates liveness.
pub const CONTROLLER_TICK: Duration = Duration::from_millis(500);

/// When each node's beat was last seen to change, by the controller's clock.
#[derive(Debug, Default)]
pub struct LivenessTable {
    seen: HashMap<NodeId, (u64, Instant)>,
}

impl LivenessTable {
    /// Records that `node` reports `beat` at `now`.
    pub fn observe(&mut self, node: NodeId, beat: u64, now: Instant) {
        let entry = self.seen.entry(node).or_insert((beat, now));
        if entry.0 != beat {
            *entry = (beat, now);
        }
    }

    /// Every known node's liveness at `now`.
    pub fn evaluate(&self, now: Instant, timeout: Duration) -> BTreeMap<NodeId, Liveness> {
        self.seen
            .iter()
            .map(|(node, (_, at))| {
                (
                    *node,
                    Liveness::after(now.saturating_duration_since(*at), timeout),
                )
            })
            .collect()
    }

    /// Forgets everything, as a controller that loses leadership does.
    pub fn clear(&mut self) {
        self.seen.clear();
    }
}

/// Writes this node's heartbeat through `meta` every [`HEARTBEAT_INTERVAL`] until `shutdown`.
/// Failures (no leader yet, meta unreachable) are logged and the next beat tries again.
pub fn spawn_heartbeat(
    meta: Arc<dyn MetaStore>,
    mut record: NodeRecord,
    shutdown: Shutdown,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(HEARTBEAT_INTERVAL);
        loop {
            tokio::select! {
                () = shutdown.wait() => break,
                _ = tick.tick() => {}
            }
            record.beat += 1;
            let beat = tokio::select! {
                () = shutdown.wait() => break,
                result = meta.node_put(&record) => result,
            };
            if let Err(e) = beat {
                tracing::debug!(error = %e, "heartbeat not written");
            }
        }
    })
}

/// Runs the controller on `node` until `shutdown`: while this node leads `metadata`, it judges
/// every node's liveness and publishes changes.
pub fn spawn_controller(
    node: Arc<MetaNode>,
    timeout: Duration,
    shutdown: Shutdown,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut table = LivenessTable::default();
        let mut published: BTreeMap<NodeId, Liveness> = BTreeMap::new();
        let mut tick = tokio::time::interval(CONTROLLER_TICK);
        loop {
            tokio::select! {
                () = shutdown.wait() => break,
                _ = tick.tick() => {}
            }
            let Ok(group) = node.group(METADATA_GROUP) else {
                break;
            };
            let leading = group.raft().metrics().borrow().state == ServerState::Leader;
            if !leading {
                table.clear();
                published.clear();
                continue;
            }
            if let Err(e) = control_once(&node, &mut table, &mut published, timeout).await {
                tracing::debug!(error = %e, "controller tick failed");
            }
        }
    })
}

async fn control_once(
    node: &MetaNode,
    table: &mut LivenessTable,
    published: &mut BTreeMap<NodeId, Liveness>,
    timeout: Duration,
) -> Result<()> {
    let now = Instant::now();
    if published.is_empty() {
        // Just became leader: learn what is published so only real changes are written.
        for (key, value) in node
            .scan(METADATA_GROUP, keys::LIVENESS_PREFIX, false)
            .await?
        {
            if let (Some(Ok(id)), Ok(state)) = (
                keys::strip(&key, keys::LIVENESS_PREFIX).map(str::parse),
                serde_json::from_slice(&value),
            ) {
                published.insert(id, state);
            }
        }
    }
    for (_, value) in node.scan(METADATA_GROUP, keys::NODE_PREFIX, false).await? {
        if let Ok(record) = serde_json::from_slice::<NodeRecord>(&value) {
            table.observe(record.node_id, record.beat, now);
        }
    }
    for (id, state) in table.evaluate(now, timeout) {
        if published.get(&id) == Some(&state)
            || (state == Liveness::Alive && !published.contains_key(&id))
        {
            continue;
        }
        let value = serde_json::to_vec(&state).map_err(|e| MetaError::Codec(e.to_string()))?;
        node.write_local(
            METADATA_GROUP,
            Command::Set {
                key: keys::liveness(id),
                value,
            },
        )
        .await?;
        tracing::info!(node = id, liveness = ?state, "node liveness changed");
        published.insert(id, state);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_new_beat_refreshes_a_node() {
        let timeout = Duration::from_secs(10);
        let t0 = Instant::now();
        let mut table = LivenessTable::default();
        table.observe(1, 7, t0);
        table.observe(2, 3, t0);
        // Node 1 keeps beating; node 2's record stays the same, as a stopped node's does.
        table.observe(1, 8, t0 + Duration::from_secs(9));
        table.observe(2, 3, t0 + Duration::from_secs(9));
        let states = table.evaluate(t0 + Duration::from_secs(11), timeout);
        assert_eq!(states[&1], Liveness::Alive);
        assert_eq!(states[&2], Liveness::Dead);
    }
}
