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
//!
//! The controller also places partitions: each tick, every partition of a recorded topic that
//! has no entry in `placement/<topic>` gets the live engine node that leads the fewest
//! partitions ([`plan`]). A placed partition stays where it is, even when its leader dies: with
//! one replica, moving it would start its offsets again at 0 on an empty shard, so it waits
//! for its node, as Kafka does without unclean leader election.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

use openraft::ServerState;
use robustmq_common::Shutdown;
use tokio::task::JoinHandle;
use tokio_stream::StreamExt as _;

pub use robustmq_meta_client::records::{
    Liveness, NodeRecord, PartitionPlacement, TopicMeta, TopicPlacement,
};
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
        // A new topic is placed at once rather than at the next tick, so that its creator,
        // which waits for the placement, is not kept waiting.
        let mut topics = node.watch(vec![keys::TOPIC_PREFIX.to_owned()]);
        loop {
            tokio::select! {
                () = shutdown.wait() => break,
                _ = tick.tick() => {}
                Some(_) = topics.next() => {}
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
    let mut engines = Vec::new();
    for (_, value) in node.scan(METADATA_GROUP, keys::NODE_PREFIX, false).await? {
        if let Ok(record) = serde_json::from_slice::<NodeRecord>(&value) {
            table.observe(record.node_id, record.beat, now);
            if record.roles.iter().any(|r| r == "engine") {
                engines.push(record.node_id);
            }
        }
    }
    let states = table.evaluate(now, timeout);
    // A controller that has just taken over judges every node alive for a while; what the
    // last one published keeps a node it found dead from being given partitions meanwhile.
    engines.retain(|id| {
        states.get(id) == Some(&Liveness::Alive)
            && published.get(id).is_none_or(|l| *l == Liveness::Alive)
    });
    place_partitions(node, &engines).await?;
    for (id, state) in states {
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

/// Writes a placement for every topic with unplaced partitions, leaders taken from `engines`
/// (the live engine nodes). Nothing is placed while there is none.
async fn place_partitions(node: &MetaNode, engines: &[NodeId]) -> Result<()> {
    if engines.is_empty() {
        return Ok(());
    }
    let mut topics = Vec::new();
    for (_, value) in node.scan(METADATA_GROUP, keys::TOPIC_PREFIX, false).await? {
        match serde_json::from_slice::<TopicMeta>(&value) {
            Ok(topic) => topics.push((topic.name, topic.partitions)),
            Err(e) => tracing::warn!(error = %e, "a topic record does not parse; not placed"),
        }
    }
    let mut placed = BTreeMap::new();
    for (key, value) in node
        .scan(METADATA_GROUP, keys::PLACEMENT_PREFIX, false)
        .await?
    {
        if let (Some(name), Ok(placement)) = (
            keys::strip(&key, keys::PLACEMENT_PREFIX),
            serde_json::from_slice::<TopicPlacement>(&value),
        ) {
            placed.insert(name.to_owned(), placement);
        }
    }
    for (name, placement) in plan(&topics, &placed, engines) {
        let value = serde_json::to_vec(&placement).map_err(|e| MetaError::Codec(e.to_string()))?;
        node.write_local(
            METADATA_GROUP,
            Command::Set {
                key: keys::placement(&name),
                value,
            },
        )
        .await?;
        let leaders: Vec<NodeId> = placement.partitions.iter().map(|p| p.leader).collect();
        tracing::info!(topic = %name, ?leaders, "partitions placed");
    }
    Ok(())
}

/// The placements to write so that every partition of `topics` (name, partition count) has a
/// leader, given what is `placed`: each unplaced partition, in topic and partition order, goes
/// to the node of `engines` that leads the fewest partitions so far (the lowest id on a tie).
/// Placed partitions keep their leader, whether or not it is in `engines`. Returns only the
/// topics whose placement changes, each with its whole new placement.
pub fn plan(
    topics: &[(String, u32)],
    placed: &BTreeMap<String, TopicPlacement>,
    engines: &[NodeId],
) -> Vec<(String, TopicPlacement)> {
    let mut load: BTreeMap<NodeId, usize> = engines.iter().map(|id| (*id, 0)).collect();
    for placement in placed.values() {
        for p in &placement.partitions {
            if let Some(n) = load.get_mut(&p.leader) {
                *n += 1;
            }
        }
    }
    let mut out = Vec::new();
    for (name, partitions) in topics {
        let mut placement = placed.get(name).cloned().unwrap_or_default();
        if placement.partitions.len() >= *partitions as usize {
            continue;
        }
        while placement.partitions.len() < *partitions as usize {
            let Some((&leader, n)) = load.iter_mut().min_by_key(|(id, n)| (**n, **id)) else {
                return out;
            };
            *n += 1;
            placement.partitions.push(PartitionPlacement {
                leader,
                epoch: 1,
                replicas: vec![leader],
            });
        }
        out.push((name.clone(), placement));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaders(placement: &TopicPlacement) -> Vec<NodeId> {
        placement.partitions.iter().map(|p| p.leader).collect()
    }

    #[test]
    fn unplaced_partitions_go_to_the_least_loaded_live_engine_node() {
        let mut placed = BTreeMap::new();
        placed.insert(
            "old".to_owned(),
            TopicPlacement {
                partitions: vec![
                    PartitionPlacement {
                        leader: 1,
                        epoch: 1,
                        replicas: vec![1],
                    },
                    PartitionPlacement {
                        leader: 9,
                        epoch: 1,
                        replicas: vec![9],
                    },
                ],
            },
        );
        let topics = [("new".to_owned(), 4), ("old".to_owned(), 3)];
        let plan = plan(&topics, &placed, &[1, 2, 3]);
        assert_eq!(plan.len(), 2);
        // Node 1 already leads one partition, so 2 and 3 come first; node 9 is not live and
        // gets nothing new, but keeps what it has.
        assert_eq!(plan[0].0, "new");
        assert_eq!(leaders(&plan[0].1), [2, 3, 1, 2]);
        assert_eq!(plan[1].0, "old");
        assert_eq!(leaders(&plan[1].1), [1, 9, 3]);
    }

    #[test]
    fn nothing_changes_when_all_is_placed_or_no_engine_is_live() {
        let topics = [("t".to_owned(), 2)];
        assert!(plan(&topics, &BTreeMap::new(), &[]).is_empty());
        let first = plan(&topics, &BTreeMap::new(), &[5]);
        assert_eq!(leaders(&first[0].1), [5, 5]);
        let placed: BTreeMap<_, _> = first.into_iter().collect();
        assert!(plan(&topics, &placed, &[5, 6]).is_empty());
    }

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
