//! `GetNodeStatus` and `WatchStatus`: a node's counters, read out of its Prometheus registry, and
//! its Raft state, read out of openraft's metrics; a frame of the whole cluster, with each peer's
//! status asked over the inner gRPC API; and the rates between two frames.
//!
//! The pure pieces ([`fill_counters`], [`raft_status`], [`fill_rates`]) are tested here; the
//! streams are tested end to end.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use openraft::{RaftMetrics, ServerState};
use prometheus::proto::{MetricFamily, MetricType};
use robustmq_meta_client::{Liveness, MetaClient, NodeId};
use robustmq_proto::admin as pb;
use robustmq_proto::admin::admin_service_client::AdminServiceClient;
use tokio::sync::mpsc;

use crate::core::{liveness_name, now_ms};
use crate::{Admin, AdminError};

/// How long a peer, or meta, may take to answer for one frame before it is reported as an error.
const PEER_TIMEOUT: Duration = Duration::from_secs(1);
/// The bounds of a stream's interval, in milliseconds.
const INTERVAL_MS: std::ops::RangeInclusive<u64> = 100..=60_000;

/// The interval a `WatchStatus` request asks for; 0 means one second.
///
/// # Errors
/// [`AdminError::InvalidArgument`] outside 100 ms to 60 s.
pub fn interval(interval_ms: u64) -> Result<Duration, AdminError> {
    let ms = if interval_ms == 0 { 1000 } else { interval_ms };
    if !INTERVAL_MS.contains(&ms) {
        return Err(AdminError::InvalidArgument(format!(
            "interval_ms must be between {} and {}, not {ms}",
            INTERVAL_MS.start(),
            INTERVAL_MS.end()
        )));
    }
    Ok(Duration::from_millis(ms))
}

impl Admin {
    /// This node's own status: its counters and its view of each Raft group. It asks no one
    /// else, so it answers without a meta quorum; `liveness` is then `"unknown"`.
    pub fn node_status(&self) -> pb::NodeStatus {
        let config = &self.config;
        let mut status = pb::NodeStatus {
            node_id: config.node_id,
            roles: config.roles.iter().map(|r| r.as_str().to_owned()).collect(),
            liveness: "unknown".to_owned(),
            grpc_addr: config
                .server
                .grpc_addr
                .get()
                .map(|a| a.to_string())
                .unwrap_or_default(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            at_ms: now_ms(),
            ..Default::default()
        };
        if let Some(registry) = &self.registry {
            fill_counters(&mut status, &registry.gather());
        }
        if let Some(cpu) = std::fs::read_to_string("/proc/self/stat")
            .ok()
            .as_deref()
            .and_then(cpu_seconds_from_stat)
        {
            status.cpu_seconds = cpu;
        }
        if let Some(node) = &self.local_meta {
            status.raft = node
                .groups()
                .map(|g| raft_status(g.name(), &g.raft().metrics().borrow()))
                .collect();
        }
        status
    }

    /// One frame of the cluster: this node first, then every other node that has sent a
    /// heartbeat, asked in parallel. A peer that is dead or does not answer within a second is
    /// reported with its `error`; when meta does not say who the peers are, the frame carries
    /// the `error` and lists this node alone. Rates
    /// are zero; [`Admin::watch_status`] fills them.
    pub async fn status_frame(&self) -> pb::StatusFrame {
        let mut own = self.node_status();
        let records = tokio::time::timeout(PEER_TIMEOUT, self.meta.nodes()).await;
        let mut peers = tokio::task::JoinSet::new();
        let mut order = Vec::new();
        let mut error = None;
        match records {
            Ok(Ok(records)) => {
                for (record, state) in records {
                    if record.node_id == own.node_id {
                        own.liveness = liveness_name(state).to_owned();
                        own.grpc_addr = record.grpc_addr;
                        continue;
                    }
                    order.push(record.node_id);
                    let mut status = pb::NodeStatus {
                        node_id: record.node_id,
                        roles: record.roles,
                        liveness: liveness_name(state).to_owned(),
                        grpc_addr: record.grpc_addr,
                        version: record.version,
                        ..Default::default()
                    };
                    if state == Liveness::Dead {
                        status.error = Some("the node is dead".to_owned());
                        peers.spawn(async move { status });
                        continue;
                    }
                    let channel = self.peer_channel(&status.grpc_addr);
                    let token = self.config.server.admin_token.clone();
                    peers.spawn(async move {
                        match peer_status(channel, &token).await {
                            Ok(answer) => pb::NodeStatus {
                                liveness: status.liveness,
                                ..answer
                            },
                            Err(reason) => pb::NodeStatus {
                                error: Some(reason),
                                ..status
                            },
                        }
                    });
                }
            }
            Ok(Err(e)) => error = Some(format!("cannot list the other nodes: {e}")),
            Err(_) => error = Some("cannot list the other nodes: meta did not answer".into()),
        }
        let mut answers: HashMap<u64, pb::NodeStatus> = HashMap::new();
        while let Some(joined) = peers.join_next().await {
            if let Ok(status) = joined {
                answers.insert(status.node_id, status);
            }
        }
        let mut nodes = vec![own];
        nodes.extend(order.into_iter().filter_map(|id| answers.remove(&id)));
        pb::StatusFrame {
            at_ms: now_ms(),
            cluster: self.cluster_name.clone(),
            node_id: self.config.node_id,
            nodes,
            error,
        }
    }

    /// A frame every `interval` until the receiver is dropped or the node's servers stop, with
    /// rates from one frame to the next. The first frame comes at once.
    pub fn watch_status(self: Arc<Self>, interval: Duration) -> mpsc::Receiver<pb::StatusFrame> {
        let (tx, rx) = mpsc::channel(1);
        let stop = self.stop.clone();
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(interval);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            let mut previous: Option<pb::StatusFrame> = None;
            loop {
                tokio::select! {
                    () = stop.wait() => break,
                    _ = ticks.tick() => {}
                }
                let mut frame = self.status_frame().await;
                if let Some(previous) = &previous {
                    fill_rates(&mut frame, previous);
                }
                if tx.send(frame.clone()).await.is_err() {
                    break;
                }
                previous = Some(frame);
            }
        });
        rx
    }

    /// A channel to the inner gRPC server at `addr`, made once and reused; it reconnects by
    /// itself after a peer restarts.
    fn peer_channel(&self, addr: &str) -> Result<tonic::transport::Channel, String> {
        let mut peers = self
            .peers
            .lock()
            .map_err(|_| "peer channels are poisoned".to_owned())?;
        if let Some(channel) = peers.get(addr) {
            return Ok(channel.clone());
        }
        let channel = self
            .credential
            .endpoint(addr)
            .map_err(|e| format!("bad address {addr}: {e}"))?
            .connect_timeout(PEER_TIMEOUT)
            .timeout(PEER_TIMEOUT)
            .connect_lazy();
        peers.insert(addr.to_owned(), channel.clone());
        Ok(channel)
    }
}

/// Asks a peer for its own status with this node's admin token (a cluster shares one).
async fn peer_status(
    channel: Result<tonic::transport::Channel, String>,
    token: &str,
) -> Result<pb::NodeStatus, String> {
    let mut request = tonic::Request::new(pb::GetNodeStatusRequest {});
    if !token.is_empty() {
        let value = format!("Bearer {token}")
            .parse()
            .map_err(|_| "the admin token is not a valid header value".to_owned())?;
        request.metadata_mut().insert("authorization", value);
    }
    AdminServiceClient::new(channel?)
        .get_node_status(request)
        .await
        .map(tonic::Response::into_inner)
        .map_err(|s| s.message().to_owned())
}

/// Fills the counter fields of `status` from a registry's gathered families. A family that is
/// missing (a node without the broker role has no MQTT counters) leaves its field at zero;
/// labelled families are summed over their labels.
pub fn fill_counters(status: &mut pb::NodeStatus, families: &[MetricFamily]) {
    let by_name: HashMap<&str, f64> = families.iter().map(|f| (f.name(), family_sum(f))).collect();
    let get = |name: &str| by_name.get(name).copied().unwrap_or(0.0);
    let whole = |name: &str| get(name).max(0.0) as u64;
    status.connections = whole("robustmq_mqtt_connections");
    status.sessions = whole("robustmq_mqtt_sessions");
    status.subscriptions = whole("robustmq_mqtt_subscriptions");
    status.messages_in = whole("robustmq_mqtt_messages_received_total");
    status.messages_out = whole("robustmq_mqtt_messages_sent_total");
    status.bytes_in = whole("robustmq_mqtt_payload_bytes_received_total");
    status.bytes_out = whole("robustmq_mqtt_payload_bytes_sent_total");
    status.cpu_seconds = get("process_cpu_seconds_total");
    status.rss_bytes = whole("process_resident_memory_bytes");
    status.start_time_seconds = get("process_start_time_seconds");
}

/// Clock ticks per second of `/proc/<pid>/stat` times: USER_HZ, which Linux fixes at 100 in its
/// user ABI.
const USER_HZ: f64 = 100.0;

/// User plus system CPU time, in seconds, from the text of `/proc/<pid>/stat`. The process
/// collector's own counter has whole seconds only, too coarse for a CPU percentage over one
/// interval. `None` when the text does not parse.
pub fn cpu_seconds_from_stat(stat: &str) -> Option<f64> {
    // The command name (field 2) may hold spaces and parentheses: fields count from the last ')'.
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace().skip(11);
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some((utime + stime) as f64 / USER_HZ)
}

/// The sum of every sample of a counter or gauge family; other kinds count as zero.
fn family_sum(family: &MetricFamily) -> f64 {
    let metrics = family.get_metric().iter();
    match family.get_field_type() {
        MetricType::COUNTER => metrics.map(|m| m.get_counter().get_value()).sum(),
        MetricType::GAUGE => metrics.map(|m| m.get_gauge().get_value()).sum(),
        _ => 0.0,
    }
}

/// This node's view of one Raft group. On the leader, `committed` is the highest index held by a
/// majority of the voters (the leader's own last log included) and each follower's lag is
/// counted against the leader's last log; elsewhere both are unknown.
pub fn raft_status(group: &str, m: &RaftMetrics<NodeId, openraft::BasicNode>) -> pb::RaftStatus {
    let role = match m.state {
        ServerState::Leader => "leader",
        ServerState::Follower => "follower",
        ServerState::Candidate => "candidate",
        ServerState::Learner => "learner",
        ServerState::Shutdown => "shutdown",
    };
    let mut status = pb::RaftStatus {
        group: group.to_owned(),
        role: role.to_owned(),
        term: m.current_term,
        leader_id: m.current_leader,
        last_log: m.last_log_index,
        committed: None,
        applied: m.last_applied.map(|l| l.index),
        replication: Vec::new(),
    };
    if let Some(replication) = &m.replication {
        let last = m.last_log_index.unwrap_or(0);
        status.replication = replication
            .iter()
            .filter(|(id, _)| **id != m.id)
            .map(|(id, matched)| {
                let matched = matched.map(|l| l.index);
                pb::Replication {
                    node_id: *id,
                    matched,
                    lag: last.saturating_sub(matched.unwrap_or(0)),
                }
            })
            .collect();
        let voters: Vec<NodeId> = m.membership_config.membership().voter_ids().collect();
        let mut held: Vec<u64> = voters
            .iter()
            .map(|v| {
                if *v == m.id {
                    last
                } else {
                    replication.get(v).copied().flatten().map_or(0, |l| l.index)
                }
            })
            .collect();
        if !held.is_empty() {
            held.sort_unstable_by(|a, b| b.cmp(a));
            status.committed = Some(held[held.len() / 2]);
        }
    }
    status
}

/// Fills the per-second rates of `current` from `previous`, node by node: the counters' growth
/// over the time between the two reads of that node's counters (a slow peer or a slow meta does
/// not skew it). A node absent from `previous`, or whose process restarted in between (its
/// counters went down), gets zero rates.
pub fn fill_rates(current: &mut pb::StatusFrame, previous: &pb::StatusFrame) {
    for node in &mut current.nodes {
        let Some(before) = previous.nodes.iter().find(|p| p.node_id == node.node_id) else {
            continue;
        };
        let elapsed = (node.at_ms - before.at_ms) as f64 / 1000.0;
        if elapsed <= 0.0 {
            continue;
        }
        let restarted = node.start_time_seconds != before.start_time_seconds
            || node.messages_in < before.messages_in
            || node.messages_out < before.messages_out;
        if restarted || node.error.is_some() || before.error.is_some() {
            continue;
        }
        node.messages_in_per_sec = (node.messages_in - before.messages_in) as f64 / elapsed;
        node.messages_out_per_sec = (node.messages_out - before.messages_out) as f64 / elapsed;
        node.cpu_percent = ((node.cpu_seconds - before.cpu_seconds) / elapsed * 100.0).max(0.0);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::sync::Arc;

    use openraft::{LogId, Membership, StoredMembership};
    use prometheus::{IntCounterVec, IntGauge, Opts, Registry};

    use super::*;

    #[test]
    fn counters_are_summed_over_labels_and_missing_ones_stay_zero() {
        let registry = Registry::new();
        let connections = IntGauge::new("robustmq_mqtt_connections", "h").expect("gauge");
        let received = IntCounterVec::new(
            Opts::new("robustmq_mqtt_messages_received_total", "h"),
            &["qos"],
        )
        .expect("counter");
        registry
            .register(Box::new(connections.clone()))
            .expect("register");
        registry
            .register(Box::new(received.clone()))
            .expect("register");
        connections.set(3);
        received.with_label_values(&["0"]).inc_by(5);
        received.with_label_values(&["1"]).inc_by(7);

        let mut status = pb::NodeStatus::default();
        fill_counters(&mut status, &registry.gather());
        assert_eq!(status.connections, 3);
        assert_eq!(status.messages_in, 12);
        assert_eq!(status.messages_out, 0);
        assert_eq!(status.rss_bytes, 0);
    }

    #[test]
    fn cpu_time_is_read_after_the_command_name() {
        let stat = "4242 (robust (mq) d) S 1 4242 4242 0 -1 4194560 2011 0 0 0 150 25 0 0 20 0 9";
        assert_eq!(cpu_seconds_from_stat(stat), Some(1.75));
        assert_eq!(cpu_seconds_from_stat("4242 (x"), None);
    }

    fn node(id: u64, at_ms: i64, start: f64, messages_in: u64, cpu: f64) -> pb::NodeStatus {
        pb::NodeStatus {
            node_id: id,
            at_ms,
            start_time_seconds: start,
            messages_in,
            cpu_seconds: cpu,
            ..Default::default()
        }
    }

    #[test]
    fn rates_are_growth_per_second_and_zero_across_a_restart() {
        let previous = pb::StatusFrame {
            at_ms: 10_000,
            nodes: vec![
                node(1, 10_000, 5.0, 100, 1.0),
                node(2, 10_000, 5.0, 900, 1.0),
            ],
            ..Default::default()
        };
        let mut current = pb::StatusFrame {
            at_ms: 13_500,
            nodes: vec![
                // Read 2 s after the previous read, though the frame took longer to assemble.
                node(1, 12_000, 5.0, 300, 2.0),
                node(2, 12_000, 11.0, 10, 1.1),
                node(3, 12_000, 5.0, 50, 0.0),
            ],
            ..Default::default()
        };
        fill_rates(&mut current, &previous);
        assert_eq!(current.nodes[0].messages_in_per_sec, 100.0);
        assert_eq!(current.nodes[0].cpu_percent, 50.0);
        assert_eq!(
            current.nodes[1].messages_in_per_sec, 0.0,
            "node 2 restarted"
        );
        assert_eq!(current.nodes[2].messages_in_per_sec, 0.0, "node 3 is new");
    }

    fn log_id(index: u64) -> Option<LogId<NodeId>> {
        Some(LogId::new(openraft::CommittedLeaderId::new(1, 1), index))
    }

    #[test]
    fn leader_reports_quorum_commit_and_follower_lag() {
        let voters: BTreeSet<NodeId> = [1, 2, 3].into();
        let membership = Membership::<NodeId, openraft::BasicNode>::new(vec![voters], None);
        let mut m = RaftMetrics::new_initial(1);
        m.state = ServerState::Leader;
        m.current_term = 4;
        m.current_leader = Some(1);
        m.last_log_index = Some(20);
        m.last_applied = log_id(18);
        m.membership_config = Arc::new(StoredMembership::new(None, membership));
        m.replication = Some(BTreeMap::from([
            (1, log_id(20)),
            (2, log_id(15)),
            (3, None),
        ]));

        let s = raft_status("metadata", &m);
        assert_eq!(s.role, "leader");
        assert_eq!(s.term, 4);
        assert_eq!(s.committed, Some(15), "a majority (1 and 2) holds 15");
        assert_eq!(s.applied, Some(18));
        let lags: Vec<(u64, u64)> = s.replication.iter().map(|r| (r.node_id, r.lag)).collect();
        assert_eq!(lags, vec![(2, 5), (3, 20)]);
    }

    #[test]
    fn follower_knows_no_commit_index() {
        let mut m = RaftMetrics::<NodeId, openraft::BasicNode>::new_initial(2);
        m.state = ServerState::Follower;
        m.current_leader = Some(1);
        let s = raft_status("metadata", &m);
        assert_eq!(s.role, "follower");
        assert_eq!(s.leader_id, Some(1));
        assert_eq!(s.committed, None);
        assert!(s.replication.is_empty());
    }
}
