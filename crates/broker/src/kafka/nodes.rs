//! The nodes that serve Kafka in a cluster, as their heartbeats in meta advertise them: which
//! broker Metadata names as a partition's leader, and which node coordinates a consumer group.
//!
//! - A partition whose engine leader runs a Kafka listener is reported as led by that node, so
//!   clients send its produce and fetch requests there. Any other partition is reported as led
//!   by the answering node, which reaches the leader's engine itself.
//! - A group's coordinator is `FNV-1a(group) mod n` over the live Kafka nodes sorted by id. Every
//!   node that sees the same nodes names the same coordinator, and a node asked to act for a
//!   group it does not coordinate answers `NOT_COORDINATOR`, so that members of one group
//!   bootstrapped at different nodes meet at one coordinator. Group membership lives in the
//!   coordinator's memory; committed offsets are in meta, readable anywhere.
//!
//! A node whose meta cannot list nodes, or that is alone, serves as every leader and
//! coordinator itself, as a single node does.

use std::sync::Arc;
use std::time::{Duration, Instant};

use parking_lot::Mutex;
use robustmq_meta_client::{Liveness, MetaClient, MetaStore};

use crate::core::storage::{TopicShards, fnv1a};

/// How long a view of the nodes is reused before meta is asked again.
const VIEW_TTL: Duration = Duration::from_secs(1);

/// A Kafka listener of the cluster: node id, advertised host and port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KafkaNode {
    /// The node id, as Kafka's broker id.
    pub id: i32,
    /// The advertised host.
    pub host: String,
    /// The advertised port.
    pub port: i32,
}

/// The Kafka listeners of the cluster as one node sees them at one moment.
#[derive(Debug, Clone)]
pub struct KafkaNodes {
    me: KafkaNode,
    /// Live nodes other than this one with a Kafka listener, by id.
    others: Vec<KafkaNode>,
    /// Whether any other live node runs a broker, whose appends this node is not told of.
    peer_brokers: bool,
}

impl KafkaNodes {
    /// This node alone.
    pub fn alone(me: KafkaNode) -> KafkaNodes {
        KafkaNodes {
            me,
            others: Vec::new(),
            peer_brokers: false,
        }
    }

    /// The view of `meta`, with `me` for this node; this node alone when meta cannot be asked.
    pub async fn of(meta: &dyn MetaStore, me: KafkaNode) -> KafkaNodes {
        let mut others = Vec::new();
        let mut peer_brokers = false;
        match meta.nodes().await {
            Ok(nodes) => {
                for (record, liveness) in nodes {
                    if record.node_id != u64::try_from(me.id).unwrap_or(u64::MAX)
                        && liveness != Liveness::Dead
                        && record.roles.iter().any(|r| r == "broker")
                    {
                        peer_brokers = true;
                    }
                    let (Ok(id), Some(addr)) = (i32::try_from(record.node_id), record.kafka_addr)
                    else {
                        continue;
                    };
                    if id == me.id || liveness == Liveness::Dead {
                        continue;
                    }
                    if let Some((host, port)) = addr.rsplit_once(':')
                        && let Ok(port) = port.parse::<u16>()
                    {
                        others.push(KafkaNode {
                            id,
                            host: host.to_owned(),
                            port: i32::from(port),
                        });
                    }
                }
            }
            Err(e) => {
                tracing::debug!(error = %e, "Kafka answers name this node alone: meta cannot list nodes")
            }
        }
        others.sort_by_key(|n| n.id);
        KafkaNodes {
            me,
            others,
            peer_brokers,
        }
    }

    /// Whether brokers of other nodes may append to partitions this node reads: a Fetch long
    /// poll is woken only by this node's own appends, so it looks again at short intervals.
    pub fn has_peer_brokers(&self) -> bool {
        self.peer_brokers
    }

    /// This node.
    pub fn me(&self) -> &KafkaNode {
        &self.me
    }

    /// Every Kafka node, this one first.
    pub fn all(&self) -> impl Iterator<Item = &KafkaNode> {
        std::iter::once(&self.me).chain(&self.others)
    }

    /// The coordinator of group `group` (see the module docs).
    pub fn coordinator(&self, group: &str) -> &KafkaNode {
        if self.others.is_empty() {
            return &self.me;
        }
        let mut all: Vec<&KafkaNode> = self.all().collect();
        all.sort_by_key(|n| n.id);
        let i = (fnv1a(group) % all.len() as u64) as usize;
        all[i]
    }

    /// Whether this node coordinates `group`.
    pub fn coordinates(&self, group: &str) -> bool {
        self.coordinator(group).id == self.me.id
    }

    /// The broker to name for each partition of `topic`, in partition order: its engine
    /// leader when that node serves Kafka, this node otherwise.
    pub async fn leaders(&self, meta: &dyn MetaStore, topic: &TopicShards) -> Vec<i32> {
        let mine = vec![self.me.id; topic.partitions() as usize];
        if self.others.is_empty() {
            return mine;
        }
        let placement = match meta.placement_get(topic.name()).await {
            Ok(placement) => placement.unwrap_or_default(),
            Err(e) => {
                tracing::debug!(topic = topic.name(), error = %e, "placement not read");
                return mine;
            }
        };
        (0..topic.partitions())
            .map(|p| {
                placement
                    .leader(p)
                    .and_then(|l| i32::try_from(l).ok())
                    .filter(|l| self.others.iter().any(|n| n.id == *l))
                    .unwrap_or(self.me.id)
            })
            .collect()
    }
}

/// A [`KafkaNodes`] view reused for [`VIEW_TTL`], so that group requests (a heartbeat every few
/// seconds per member) do not each ask meta.
#[derive(Default)]
pub struct NodesCache {
    view: Mutex<Option<(Instant, Arc<KafkaNodes>)>>,
}

impl NodesCache {
    /// The current view, asking `meta` when the last one is older than [`VIEW_TTL`].
    pub async fn get(&self, meta: &dyn MetaStore, me: &KafkaNode) -> Arc<KafkaNodes> {
        if let Some((at, view)) = self.view.lock().as_ref()
            && at.elapsed() < VIEW_TTL
        {
            return Arc::clone(view);
        }
        let view = Arc::new(KafkaNodes::of(meta, me.clone()).await);
        *self.view.lock() = Some((Instant::now(), Arc::clone(&view)));
        view
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: i32) -> KafkaNode {
        KafkaNode {
            id,
            host: "127.0.0.1".into(),
            port: 9000 + id,
        }
    }

    #[test]
    fn every_node_names_the_same_coordinator_for_a_group() {
        let views: Vec<KafkaNodes> = (1..=3)
            .map(|me| KafkaNodes {
                me: node(me),
                others: (1..=3).filter(|id| *id != me).map(node).collect(),
                peer_brokers: true,
            })
            .collect();
        let mut coordinators = std::collections::BTreeSet::new();
        for g in 0..30 {
            let group = format!("group-{g}");
            let named: Vec<i32> = views.iter().map(|v| v.coordinator(&group).id).collect();
            assert!(named.iter().all(|id| *id == named[0]), "{group}: {named:?}");
            assert_eq!(
                views.iter().filter(|v| v.coordinates(&group)).count(),
                1,
                "{group}"
            );
            coordinators.insert(named[0]);
        }
        assert_eq!(coordinators.len(), 3, "groups spread over every node");
        assert!(KafkaNodes::alone(node(5)).coordinates("any"));
    }
}
