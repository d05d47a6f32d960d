//! [`MetaNode`]: this node's Raft groups, their bootstrap, and the write and read paths with
//! leader forwarding.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use openraft::error::{
    ChangeMembershipError, CheckIsLeaderError, ClientWriteError, InitializeError, RaftError,
};
use openraft::{BasicNode, ServerState};
use prometheus::{IntGaugeVec, Opts, Registry};
use robustmq_proto::meta::{ReadConsistency, ReadRequest, WriteRequest, read_request};
use tokio::task::JoinHandle;

use crate::error::{MetaError, Result};
use crate::network::{Channels, GroupNetwork};
use crate::store::{LogStore, Page, ReadPage, StateMachineStore, open_db};
use robustmq_meta_client::MetaStore;
use robustmq_meta_client::keys::GroupCounts;
use robustmq_meta_client::watch::{WatchEvent, WatchStream};

use crate::types::{Command, CommandResult, NodeId, Raft};

/// How long a write or read keeps retrying while there is no reachable leader.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// Pause between retries while a leader is being elected.
const RETRY_PAUSE: Duration = Duration::from_millis(50);

/// Raft timings, in milliseconds. A leader lost is replaced after about
/// `election_timeout_max + election_timeout` (openraft waits one lease after the last heartbeat,
/// then its own random election timeout): about 1 to 1.5 s with the defaults.
#[derive(Debug, Clone, Copy)]
pub struct RaftTimings {
    /// Leader heartbeat period; also the timeout of one append RPC, which must cover a follower's
    /// synced RocksDB write.
    pub heartbeat_ms: u64,
    /// Lower bound of the random election timeout.
    pub election_timeout_min_ms: u64,
    /// Upper bound of the random election timeout.
    pub election_timeout_max_ms: u64,
}

impl Default for RaftTimings {
    fn default() -> Self {
        Self {
            heartbeat_ms: 100,
            election_timeout_min_ms: 400,
            election_timeout_max_ms: 700,
        }
    }
}

/// What a meta node needs to start.
#[derive(Debug, Clone)]
pub struct MetaNodeConfig {
    /// This node.
    pub node_id: NodeId,
    /// Every meta node of the bootstrap set: id to inner gRPC `host:port`.
    pub peers: BTreeMap<NodeId, String>,
    /// Where the RocksDB and snapshots live (`data_dir/meta`).
    pub dir: PathBuf,
    /// Shards of the `offset` group.
    pub offset_groups: u32,
    /// Shards of the `data` group.
    pub data_groups: u32,
    /// Election and heartbeat timings.
    pub timings: RaftTimings,
    /// What this node's calls to other meta nodes carry (`server.cluster_secret`).
    pub credential: robustmq_proto::auth::ClusterCredential,
}

/// One Raft group on this node.
pub struct Group {
    name: String,
    raft: Raft,
    log: LogStore,
    state_machine: StateMachineStore,
    writes: tokio::sync::mpsc::Sender<PendingWrite>,
    batcher: JoinHandle<()>,
}

/// A write waiting for the group's batcher, and where to send its outcome.
type PendingWrite = (
    Command,
    tokio::sync::oneshot::Sender<Result<(CommandResult, u64)>>,
);

/// Most writes the batcher packs into one log entry.
pub const MAX_WRITES_PER_ENTRY: usize = 512;
/// Most bytes of one log entry's command, encoded: a client command beyond it is refused
/// ([`MetaError::TooLarge`]) and the batcher never packs past it. A quarter of the Raft message
/// cap ([`crate::network::MAX_RAFT_MESSAGE`]), so that one entry always fits in an
/// AppendEntries; the network splits larger runs of entries (`PayloadTooLarge`).
pub const MAX_ENTRY_BYTES: u64 = 16 << 20;
/// Writes that may wait for the batcher before writers wait to queue.
const WRITE_QUEUE: usize = 4096;

/// The bytes `command` takes in a log entry (bincode, as the log stores it).
fn encoded_size(command: &Command) -> u64 {
    bincode::serialized_size(command).unwrap_or(u64::MAX)
}

/// The address of node `id`: from the group's membership, else from the bootstrap peers.
fn member_addr(raft: &Raft, peers: &BTreeMap<NodeId, String>, id: NodeId) -> Option<String> {
    raft.metrics()
        .borrow()
        .membership_config
        .membership()
        .get_node(&id)
        .map(|n| n.addr.clone())
        .or_else(|| peers.get(&id).cloned())
}

/// Proposes `command` to this node's Raft for `group`.
async fn propose(
    raft: &Raft,
    group: &str,
    peers: &BTreeMap<NodeId, String>,
    command: Command,
) -> Result<(CommandResult, u64)> {
    match raft.client_write(command).await {
        Ok(reply) => Ok((reply.data, reply.log_id.index)),
        Err(RaftError::APIError(ClientWriteError::ForwardToLeader(f))) => {
            Err(MetaError::NotLeader {
                group: group.to_owned(),
                leader_id: f.leader_id,
                leader_addr: f
                    .leader_node
                    .map(|n| n.addr)
                    .or_else(|| f.leader_id.and_then(|id| member_addr(raft, peers, id))),
            })
        }
        Err(e) => Err(MetaError::Raft(e.to_string())),
    }
}

/// Packs the writes that queue up while one proposal runs into the next proposal: openraft 0.9
/// appends one client write at a time, each with its own synced log write, so this is what lets
/// concurrent writers share a round.
async fn run_batcher(
    raft: Raft,
    group: String,
    peers: BTreeMap<NodeId, String>,
    mut queue: tokio::sync::mpsc::Receiver<PendingWrite>,
) {
    // A write taken from the queue that would have made the last entry too large: it starts
    // the next one.
    let mut carried: Option<PendingWrite> = None;
    loop {
        let first = match carried.take() {
            Some(write) => write,
            None => match queue.recv().await {
                Some(write) => write,
                None => break,
            },
        };
        let mut bytes = encoded_size(&first.0);
        let mut pending = vec![first];
        while pending.len() < MAX_WRITES_PER_ENTRY {
            match queue.try_recv() {
                Ok(next) => {
                    let size = encoded_size(&next.0);
                    if bytes + size > MAX_ENTRY_BYTES {
                        carried = Some(next);
                        break;
                    }
                    bytes += size;
                    pending.push(next);
                }
                Err(_) => break,
            }
        }
        if pending.len() == 1 {
            let (command, reply) = pending.remove(0);
            let _ = reply.send(propose(&raft, &group, &peers, command).await);
            continue;
        }
        let (commands, replies): (Vec<Command>, Vec<_>) = pending.into_iter().unzip();
        match propose(&raft, &group, &peers, Command::Batch(commands)).await {
            Ok((CommandResult::Batch(results), index)) if results.len() == replies.len() => {
                for (reply, result) in replies.into_iter().zip(results) {
                    let _ = reply.send(Ok((result, index)));
                }
            }
            Ok(other) => {
                let e = MetaError::Raft(format!("a batch of writes was answered with {other:?}"));
                for reply in replies {
                    let _ = reply.send(Err(e.clone()));
                }
            }
            Err(e) => {
                for reply in replies {
                    let _ = reply.send(Err(e.clone()));
                }
            }
        }
    }
}

impl Group {
    /// The group's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The group's Raft handle.
    pub fn raft(&self) -> &Raft {
        &self.raft
    }

    /// The last committed log index this node knows of (openraft 0.9's metrics do not carry it,
    /// so it is read from where the log store persists it).
    pub fn committed_index(&self) -> Option<u64> {
        self.log.committed_index().ok().flatten()
    }
}

/// Per-group Raft gauges in the node's registry.
#[derive(Clone)]
struct RaftGauges {
    role: IntGaugeVec,
    term: IntGaugeVec,
    leader: IntGaugeVec,
    last_log_index: IntGaugeVec,
    applied_index: IntGaugeVec,
    committed_index: IntGaugeVec,
    replication_lag: IntGaugeVec,
}

impl RaftGauges {
    fn new(registry: &Registry) -> std::result::Result<Self, prometheus::Error> {
        let gauge = |name: &str,
                     help: &str,
                     labels: &[&str]|
         -> std::result::Result<IntGaugeVec, prometheus::Error> {
            let g = IntGaugeVec::new(Opts::new(name, help), labels)?;
            registry.register(Box::new(g.clone()))?;
            Ok(g)
        };
        Ok(Self {
            role: gauge(
                "robustmq_meta_raft_role",
                "Raft role per group: 0 learner, 1 follower, 2 candidate, 3 leader, 4 shutdown.",
                &["group"],
            )?,
            term: gauge(
                "robustmq_meta_raft_term",
                "Current Raft term per group.",
                &["group"],
            )?,
            leader: gauge(
                "robustmq_meta_raft_leader",
                "Leader node id per group; -1 when unknown.",
                &["group"],
            )?,
            last_log_index: gauge(
                "robustmq_meta_raft_last_log_index",
                "Last log index per group.",
                &["group"],
            )?,
            applied_index: gauge(
                "robustmq_meta_raft_applied_index",
                "Last applied index per group.",
                &["group"],
            )?,
            committed_index: gauge(
                "robustmq_meta_raft_committed_index",
                "Last committed index per group, as this node knows it.",
                &["group"],
            )?,
            replication_lag: gauge(
                "robustmq_meta_raft_replication_lag",
                "Leader only: entries a follower is behind the leader's last log index.",
                &["group", "follower"],
            )?,
        })
    }
}

fn role_code(state: ServerState) -> i64 {
    match state {
        ServerState::Learner => 0,
        ServerState::Follower => 1,
        ServerState::Candidate => 2,
        ServerState::Leader => 3,
        ServerState::Shutdown => 4,
    }
}

/// A meta node: its Raft groups on one RocksDB, and the client API over them.
pub struct MetaNode {
    node_id: NodeId,
    peers: BTreeMap<NodeId, String>,
    group_counts: GroupCounts,
    groups: BTreeMap<String, Group>,
    channels: Channels,
    gauge_tasks: Vec<JoinHandle<()>>,
    /// Every change applied to any group of this node.
    events: tokio::sync::broadcast::Sender<WatchEvent>,
}

impl MetaNode {
    /// Changes applied on this node to keys under any of `prefixes`, from now on, in apply
    /// order. See [`robustmq_meta_client::watch`] for the guarantees.
    pub fn watch(&self, prefixes: Vec<String>) -> WatchStream {
        robustmq_meta_client::watch::subscribe(&self.events, prefixes)
    }

    /// Opens storage, starts every group, and on the bootstrap node (the lowest id in `peers`)
    /// initialises groups that have never been initialised; the other nodes wait to be contacted.
    ///
    /// # Errors
    /// [`MetaError::Storage`] when RocksDB or the snapshot directory cannot be opened, and
    /// [`MetaError::Raft`] for bad timings or an openraft start failure.
    pub async fn start(config: MetaNodeConfig, registry: Option<&Registry>) -> Result<Arc<Self>> {
        let counts = GroupCounts::new(config.offset_groups, config.data_groups);
        let names = counts.group_names();
        let db = open_db(&config.dir.join("rocksdb"), &names)
            .map_err(|e| MetaError::Storage(e.to_string()))?;
        let raft_config = Arc::new(
            openraft::Config {
                cluster_name: "robustmq-meta".to_owned(),
                heartbeat_interval: config.timings.heartbeat_ms,
                election_timeout_min: config.timings.election_timeout_min_ms,
                election_timeout_max: config.timings.election_timeout_max_ms,
                install_snapshot_timeout: 5_000,
                snapshot_max_chunk_size: 1 << 20,
                ..openraft::Config::default()
            }
            .validate()
            .map_err(|e| MetaError::Raft(e.to_string()))?,
        );
        let channels = Channels::new(config.credential.clone());
        let events = robustmq_meta_client::watch::channel();
        let mut groups = BTreeMap::new();
        for name in &names {
            let log = LogStore::new(Arc::clone(&db), name);
            let state_machine = StateMachineStore::open(
                Arc::clone(&db),
                name,
                &config.dir.join("snapshots").join(name),
            )
            .map_err(|e| MetaError::Storage(e.to_string()))?
            .with_events(events.clone());
            let raft = Raft::new(
                config.node_id,
                Arc::clone(&raft_config),
                GroupNetwork::new(name, channels.clone()),
                log.clone(),
                state_machine.clone(),
            )
            .await
            .map_err(|e| MetaError::Raft(e.to_string()))?;
            let (writes, queue) = tokio::sync::mpsc::channel(WRITE_QUEUE);
            let batcher = tokio::spawn(run_batcher(
                raft.clone(),
                name.clone(),
                config.peers.clone(),
                queue,
            ));
            groups.insert(
                name.clone(),
                Group {
                    name: name.clone(),
                    raft,
                    log,
                    state_machine,
                    writes,
                    batcher,
                },
            );
        }
        let gauges = match registry {
            Some(r) => Some(RaftGauges::new(r).map_err(|e| MetaError::Raft(e.to_string()))?),
            None => None,
        };
        let mut node = MetaNode {
            node_id: config.node_id,
            peers: config.peers,
            group_counts: counts,
            groups,
            channels,
            gauge_tasks: Vec::new(),
            events,
        };
        if let Some(gauges) = gauges {
            node.gauge_tasks = node
                .groups
                .values()
                .map(|g| spawn_gauges(g, gauges.clone()))
                .collect();
        }
        node.bootstrap().await?;
        Ok(Arc::new(node))
    }

    async fn bootstrap(&self) -> Result<()> {
        if self.peers.keys().next() != Some(&self.node_id) {
            return Ok(());
        }
        let members: BTreeMap<NodeId, BasicNode> = self
            .peers
            .iter()
            .map(|(id, addr)| (*id, BasicNode::new(addr)))
            .collect();
        for group in self.groups.values() {
            match group.raft.initialize(members.clone()).await {
                Ok(()) => {
                    tracing::info!(group = %group.name, voters = ?members.keys().collect::<Vec<_>>(), "raft group initialised")
                }
                Err(RaftError::APIError(InitializeError::NotAllowed(_))) => {}
                Err(e) => return Err(MetaError::Raft(e.to_string())),
            }
        }
        Ok(())
    }

    /// This node's id.
    pub fn node_id(&self) -> NodeId {
        self.node_id
    }

    /// How many `offset-*` and `data-*` groups this node runs.
    pub fn group_counts(&self) -> GroupCounts {
        self.group_counts
    }

    /// The groups, by name.
    pub fn groups(&self) -> impl Iterator<Item = &Group> {
        self.groups.values()
    }

    /// One group.
    ///
    /// # Errors
    /// [`MetaError::UnknownGroup`].
    pub fn group(&self, name: &str) -> Result<&Group> {
        self.groups
            .get(name)
            .ok_or_else(|| MetaError::UnknownGroup(name.to_owned()))
    }

    fn leader_addr(&self, group: &Group, id: NodeId) -> Option<String> {
        member_addr(&group.raft, &self.peers, id)
    }

    /// Applies `command` on this node, which must lead the group.
    ///
    /// # Errors
    /// [`MetaError::Codec`] for a command nesting more than
    /// [`robustmq_meta_client::command::MAX_CLIENT_BATCH_DEPTH`] batches (its log entry could
    /// not be decoded again); [`MetaError::NotLeader`] naming the leader when known, or a Raft
    /// error.
    pub async fn write_local(&self, group: &str, command: Command) -> Result<(CommandResult, u64)> {
        use robustmq_meta_client::command::MAX_CLIENT_BATCH_DEPTH;
        if command.nesting() > MAX_CLIENT_BATCH_DEPTH {
            return Err(MetaError::Codec(format!(
                "a command may nest at most {MAX_CLIENT_BATCH_DEPTH} batches"
            )));
        }
        let size = encoded_size(&command);
        if size > MAX_ENTRY_BYTES {
            return Err(MetaError::TooLarge(format!(
                "a command of {size} bytes; one log entry holds at most {MAX_ENTRY_BYTES}"
            )));
        }
        let g = self.group(group)?;
        let (reply, outcome) = tokio::sync::oneshot::channel();
        let stopped = || MetaError::Raft(format!("group `{group}` is shutting down"));
        g.writes
            .send((command, reply))
            .await
            .map_err(|_| stopped())?;
        outcome.await.map_err(|_| stopped())?
    }

    /// Applies `command` to `group` wherever its leader is: here, or forwarded once over gRPC.
    /// Retries while a leader is being elected, for up to [`REQUEST_TIMEOUT`].
    ///
    /// A forward whose connection breaks is retried, so across a leader failure a write is
    /// applied at least once: if the old leader committed it before dying, the retry applies it
    /// again, after any write that landed in between. Commands are last-writer-wins sets and
    /// deletes, so the state only differs when two writers race on one key during a failover.
    /// A forward that times out is not retried ([`MetaError::OutcomeUnknown`]).
    ///
    /// # Errors
    /// [`MetaError::NoLeader`] after the timeout; non-retryable errors at once.
    pub async fn write(&self, group: &str, command: Command) -> Result<(CommandResult, u64)> {
        self.with_retries(group, || async {
            match self.write_local(group, command.clone()).await {
                Err(MetaError::NotLeader {
                    leader_id: Some(id),
                    leader_addr: Some(addr),
                    ..
                }) if id != self.node_id => self.forward_write(&addr, group, &command).await,
                other => other,
            }
        })
        .await
    }

    /// Runs `attempt` until it succeeds or fails for good, pausing [`RETRY_PAUSE`] after each
    /// retryable failure, for up to [`REQUEST_TIMEOUT`].
    async fn with_retries<T, F, Fut>(&self, group: &str, mut attempt: F) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T>>,
    {
        let started = Instant::now();
        loop {
            match attempt().await {
                Err(e) if e.is_retryable() && started.elapsed() < REQUEST_TIMEOUT => {
                    tokio::time::sleep(RETRY_PAUSE).await;
                }
                Err(e) if e.is_retryable() => {
                    return Err(MetaError::NoLeader {
                        group: group.to_owned(),
                        waited_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
                    });
                }
                other => return other,
            }
        }
    }

    async fn forward_write(
        &self,
        addr: &str,
        group: &str,
        command: &Command,
    ) -> Result<(CommandResult, u64)> {
        let mut client = self
            .channels
            .client(addr)
            .map_err(|e| MetaError::Unreachable(e.to_string()))?;
        let command = bincode::serialize(command).map_err(|e| MetaError::Codec(e.to_string()))?;
        let reply = client
            .write(WriteRequest {
                group: group.to_owned(),
                command: command.into(),
                forwarded: true,
            })
            .await
            .map_err(|s| MetaError::from_status(group, &s))?
            .into_inner();
        let result =
            robustmq_meta_client::codec::decode(&reply.result).map_err(MetaError::codec)?;
        Ok((result, reply.log_index))
    }

    /// Reads a key (`prefix = false`) or one `page` of the keys under a prefix from this node's
    /// copy, after confirming leadership with a quorum when `linearizable`, forwarding to the
    /// leader if needed (whose service caps the page).
    ///
    /// # Errors
    /// [`MetaError::NoLeader`] when a linearizable read finds no leader in time; storage errors.
    pub async fn read(
        &self,
        group: &str,
        target: &str,
        prefix: bool,
        linearizable: bool,
        page: &Page,
    ) -> Result<ReadPage> {
        let g = self.group(group)?;
        if !linearizable {
            return self.read_local(g, target, prefix, page);
        }
        self.with_retries(group, || async {
            match g.raft.ensure_linearizable().await {
                Ok(_) => self.read_local(g, target, prefix, page),
                Err(RaftError::APIError(CheckIsLeaderError::ForwardToLeader(f))) => {
                    let addr = f
                        .leader_node
                        .map(|n| n.addr)
                        .or_else(|| f.leader_id.and_then(|id| self.leader_addr(g, id)));
                    match (f.leader_id, addr) {
                        (Some(id), Some(addr)) if id != self.node_id => {
                            self.forward_read(&addr, group, target, prefix, page).await
                        }
                        _ => Err(MetaError::NotLeader {
                            group: group.to_owned(),
                            leader_id: None,
                            leader_addr: None,
                        }),
                    }
                }
                Err(RaftError::APIError(CheckIsLeaderError::QuorumNotEnough(e))) => {
                    Err(MetaError::Unreachable(e.to_string()))
                }
                Err(e) => Err(MetaError::Raft(e.to_string())),
            }
        })
        .await
    }

    fn read_local(&self, g: &Group, target: &str, prefix: bool, page: &Page) -> Result<ReadPage> {
        let storage = |e: openraft::StorageError<NodeId>| MetaError::Storage(e.to_string());
        if prefix {
            g.state_machine.scan(target, page).map_err(storage)
        } else {
            let found = g
                .state_machine
                .read(target)
                .map_err(storage)?
                .map(|v| vec![(target.to_owned(), v)])
                .unwrap_or_default();
            Ok((found, false))
        }
    }

    async fn forward_read(
        &self,
        addr: &str,
        group: &str,
        target: &str,
        prefix: bool,
        page: &Page,
    ) -> Result<ReadPage> {
        let mut client = self
            .channels
            .client(addr)
            .map_err(|e| MetaError::Unreachable(e.to_string()))?;
        let reply = client
            .read(ReadRequest {
                group: group.to_owned(),
                target: Some(if prefix {
                    read_request::Target::Prefix(target.to_owned())
                } else {
                    read_request::Target::Key(target.to_owned())
                }),
                consistency: ReadConsistency::Linearizable.into(),
                forwarded: true,
                limit: u32::try_from(page.limit).unwrap_or(0),
                after: page.after.clone(),
            })
            .await
            .map_err(|s| MetaError::from_status(group, &s))?
            .into_inner();
        let entries = reply
            .entries
            .into_iter()
            .map(|kv| (kv.key, kv.value.to_vec()))
            .collect();
        Ok((entries, reply.more))
    }

    /// Adds node `id` (at `addr`) to `group` as a learner, waits for it to catch up, then makes it
    /// a voter; or removes it. This node must lead the group.
    ///
    /// # Errors
    /// [`MetaError::NotLeader`] naming the leader, or a Raft error.
    pub async fn change_membership_local(
        &self,
        group: &str,
        join: bool,
        id: NodeId,
        addr: &str,
    ) -> Result<Vec<NodeId>> {
        let g = self.group(group)?;
        let refused = |e: RaftError<NodeId, ClientWriteError<NodeId, BasicNode>>| match e {
            RaftError::APIError(ClientWriteError::ForwardToLeader(f)) => MetaError::NotLeader {
                group: group.to_owned(),
                leader_id: f.leader_id,
                leader_addr: f
                    .leader_node
                    .map(|n| n.addr)
                    .or_else(|| f.leader_id.and_then(|l| self.leader_addr(g, l))),
            },
            other => MetaError::Raft(other.to_string()),
        };
        // A change made while the previous one is still uncommitted (the bootstrap membership
        // of a group that has just elected its leader, say) is refused as "in progress"; it is
        // retried until that one commits rather than failing the operator's request.
        let started = Instant::now();
        let in_progress = |e: &RaftError<NodeId, ClientWriteError<NodeId, BasicNode>>| {
            matches!(
                e,
                RaftError::APIError(ClientWriteError::ChangeMembershipError(
                    ChangeMembershipError::InProgress(_)
                ))
            ) && started.elapsed() < REQUEST_TIMEOUT
        };
        let (voters, _) = self.membership(g);
        if join && !voters.contains(&id) {
            loop {
                match g.raft.add_learner(id, BasicNode::new(addr), true).await {
                    Err(e) if in_progress(&e) => tokio::time::sleep(RETRY_PAUSE).await,
                    other => {
                        other.map_err(refused)?;
                        break;
                    }
                }
            }
            loop {
                let change = openraft::ChangeMembers::AddVoterIds([id].into());
                match g.raft.change_membership(change, false).await {
                    Err(e) if in_progress(&e) => tokio::time::sleep(RETRY_PAUSE).await,
                    other => {
                        other.map_err(refused)?;
                        break;
                    }
                }
            }
            tracing::info!(group, node = id, addr, "node joined as a voter");
        } else if !join && voters.contains(&id) {
            loop {
                let change = openraft::ChangeMembers::RemoveVoters([id].into());
                match g.raft.change_membership(change, false).await {
                    Err(e) if in_progress(&e) => tokio::time::sleep(RETRY_PAUSE).await,
                    other => {
                        other.map_err(refused)?;
                        break;
                    }
                }
            }
            tracing::info!(group, node = id, "node left");
        }
        Ok(self.membership(g).0.into_iter().collect())
    }

    /// Joins node `id` to every group, or removes it: each group's change is made by its leader,
    /// here or forwarded there. Returns each group's voters afterwards.
    ///
    /// # Errors
    /// As [`MetaNode::change_membership_local`], after retries while leaders change.
    pub async fn change_membership(
        &self,
        join: bool,
        id: NodeId,
        addr: &str,
    ) -> Result<BTreeMap<String, Vec<NodeId>>> {
        let mut voters = BTreeMap::new();
        for group in self.groups.keys() {
            let after = self
                .with_retries(group, || async {
                    match self.change_membership_local(group, join, id, addr).await {
                        Err(MetaError::NotLeader {
                            leader_id: Some(leader),
                            leader_addr: Some(leader_addr),
                            ..
                        }) if leader != self.node_id => {
                            self.forward_membership(&leader_addr, group, join, id, addr)
                                .await
                        }
                        other => other,
                    }
                })
                .await?;
            voters.insert(group.clone(), after);
        }
        Ok(voters)
    }

    async fn forward_membership(
        &self,
        leader: &str,
        group: &str,
        join: bool,
        id: NodeId,
        addr: &str,
    ) -> Result<Vec<NodeId>> {
        let mut client = self
            .channels
            .client(leader)
            .map_err(|e| MetaError::Unreachable(e.to_string()))?;
        let action = if join {
            robustmq_proto::meta::MembershipAction::Join
        } else {
            robustmq_proto::meta::MembershipAction::Leave
        };
        let reply = client
            .change_membership(robustmq_proto::meta::ChangeMembershipRequest {
                action: action.into(),
                node_id: id,
                addr: addr.to_owned(),
                group: Some(group.to_owned()),
            })
            .await
            .map_err(|s| MetaError::from_status(group, &s))?
            .into_inner();
        Ok(reply
            .voters
            .get(group)
            .map(|v| v.ids.clone())
            .unwrap_or_default())
    }

    /// Voters and learners of a group, as this node last saw them.
    pub fn membership(&self, group: &Group) -> (BTreeSet<NodeId>, BTreeSet<NodeId>) {
        let metrics = group.raft.metrics();
        let m = metrics.borrow();
        let membership = m.membership_config.membership();
        (
            membership.voter_ids().collect(),
            membership.learner_ids().collect(),
        )
    }

    /// Stops every group.
    pub async fn shutdown(&self) {
        for task in &self.gauge_tasks {
            task.abort();
        }
        for group in self.groups.values() {
            group.batcher.abort();
            if let Err(e) = group.raft.shutdown().await {
                tracing::warn!(group = %group.name, error = %e, "raft group did not shut down cleanly");
            }
        }
    }
}

#[async_trait::async_trait]
impl MetaStore for MetaNode {
    async fn watch(&self, prefixes: Vec<String>) -> Result<WatchStream> {
        Ok(MetaNode::watch(self, prefixes))
    }

    async fn apply(&self, group: &str, command: Command) -> Result<CommandResult> {
        Ok(self.write(group, command).await?.0)
    }

    async fn get(&self, group: &str, key: &str, linearizable: bool) -> Result<Option<Vec<u8>>> {
        let (found, _) = self
            .read(group, key, false, linearizable, &Page::all())
            .await?;
        Ok(found.into_iter().next().map(|(_, v)| v))
    }

    async fn scan(
        &self,
        group: &str,
        prefix: &str,
        linearizable: bool,
    ) -> Result<Vec<(String, Vec<u8>)>> {
        // Local reads come in one page; a read forwarded to the leader comes in its pages.
        let mut page = Page::all();
        let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
        loop {
            let before = entries.last().map(|(k, _)| k.clone());
            let (found, more) = self.read(group, prefix, true, linearizable, &page).await?;
            entries.extend(found);
            if !more {
                return Ok(entries);
            }
            page.after =
                robustmq_meta_client::remote::next_page_after(group, before.as_deref(), &entries)?;
        }
    }

    async fn group_counts(&self) -> Result<GroupCounts> {
        Ok(self.group_counts)
    }
}

fn spawn_gauges(group: &Group, gauges: RaftGauges) -> JoinHandle<()> {
    let mut rx = group.raft.metrics();
    let name = group.name.clone();
    let log = group.log.clone();
    tokio::spawn(async move {
        loop {
            {
                let m = rx.borrow_and_update();
                let labels = [name.as_str()];
                let committed = log.committed_index().ok().flatten().unwrap_or(0);
                gauges
                    .committed_index
                    .with_label_values(&labels)
                    .set(i64::try_from(committed).unwrap_or(i64::MAX));
                gauges
                    .role
                    .with_label_values(&labels)
                    .set(role_code(m.state));
                gauges
                    .term
                    .with_label_values(&labels)
                    .set(i64::try_from(m.current_term).unwrap_or(i64::MAX));
                gauges.leader.with_label_values(&labels).set(
                    m.current_leader
                        .map_or(-1, |l| i64::try_from(l).unwrap_or(-1)),
                );
                let last = m.last_log_index.unwrap_or(0);
                gauges
                    .last_log_index
                    .with_label_values(&labels)
                    .set(i64::try_from(last).unwrap_or(i64::MAX));
                gauges.applied_index.with_label_values(&labels).set(
                    m.last_applied
                        .map_or(0, |l| i64::try_from(l.index).unwrap_or(i64::MAX)),
                );
                if let Some(replication) = &m.replication {
                    for (follower, matched) in replication.iter() {
                        let lag = last.saturating_sub(matched.map_or(0, |l| l.index));
                        gauges
                            .replication_lag
                            .with_label_values(&[name.as_str(), &follower.to_string()])
                            .set(i64::try_from(lag).unwrap_or(i64::MAX));
                    }
                }
            }
            if rx.changed().await.is_err() {
                break;
            }
        }
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use std::time::Duration;

    use robustmq_meta_client::MetaClient;

    use super::*;

    /// A one-node meta service in `dir` with `data_groups` data groups.
    pub(crate) async fn single_node(dir: &std::path::Path, data_groups: u32) -> Arc<MetaNode> {
        MetaNode::start(
            MetaNodeConfig {
                node_id: 1,
                peers: [(1, "127.0.0.1:1".to_owned())].into_iter().collect(),
                dir: dir.to_owned(),
                offset_groups: 1,
                data_groups,
                timings: RaftTimings::default(),
                credential: robustmq_proto::auth::ClusterCredential::default(),
            },
            None,
        )
        .await
        .expect("start")
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_writes_each_get_their_own_result() {
        let dir = tempfile::tempdir().expect("tempdir");
        let node = single_node(dir.path(), 2).await;
        node.group(crate::types::METADATA_GROUP)
            .expect("group")
            .raft()
            .wait(Some(Duration::from_secs(10)))
            .state(ServerState::Leader, "single node leads")
            .await
            .expect("leader");
        let mut tasks = Vec::new();
        for i in 0..64 {
            let node = Arc::clone(&node);
            tasks.push(tokio::spawn(async move {
                let key = format!("k{i}");
                node.kv_set(&key, vec![1]).await.expect("set");
                assert!(node.kv_delete(&key).await.expect("delete"), "{key} existed");
                assert!(
                    !node.kv_delete(&key).await.expect("delete"),
                    "{key} is gone"
                );
                node.kv_set(&key, vec![2]).await.expect("set again");
            }));
        }
        for t in tasks {
            t.await.expect("writer");
        }
        let all = node.kv_prefix("k", true).await.expect("read");
        assert_eq!(all.len(), 64);
        assert!(all.iter().all(|(_, v)| v == &vec![2]));
        node.shutdown().await;
    }

    /// One log entry holds at most [`MAX_ENTRY_BYTES`]: a bigger command is refused (it could
    /// never be replicated), and concurrent writes that together exceed it are spread over
    /// several entries, each applied.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn commands_beyond_the_entry_cap_are_refused_and_big_batches_split() {
        let dir = tempfile::tempdir().expect("tempdir");
        let node = single_node(dir.path(), 1).await;
        let group = crate::types::METADATA_GROUP;
        let cap = usize::try_from(MAX_ENTRY_BYTES).expect("fits");
        let refused = node
            .write(
                group,
                Command::Set {
                    key: "kv/huge".into(),
                    value: vec![0; cap],
                },
            )
            .await
            .expect_err("larger than an entry");
        assert!(matches!(refused, MetaError::TooLarge(_)), "{refused}");
        let writes: Vec<_> = (0..8)
            .map(|i| {
                let node = Arc::clone(&node);
                tokio::spawn(async move {
                    node.write(
                        group,
                        Command::Set {
                            key: format!("kv/big{i}"),
                            value: vec![1; cap / 3],
                        },
                    )
                    .await
                })
            })
            .collect();
        let mut indexes = std::collections::BTreeSet::new();
        for w in writes {
            let (_, index) = w.await.expect("task").expect("within the cap");
            indexes.insert(index);
        }
        assert!(
            indexes.len() >= 3,
            "at most two third-of-a-cap writes share an entry: {indexes:?}"
        );
        for i in 0..8 {
            let (found, _) = node
                .read(group, &format!("kv/big{i}"), false, true, &Page::all())
                .await
                .expect("read back");
            assert_eq!(found.len(), 1, "kv/big{i}");
        }
        node.shutdown().await;
    }

    /// The leader wraps a client's command in one more batch: a command that would leave that
    /// log entry deeper than the decoder takes is refused, so that no entry in the log is one
    /// the group cannot read back. Concurrent writes make the batcher wrap for real.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_command_nesting_too_deep_for_its_log_entry_is_refused() {
        use robustmq_meta_client::command::MAX_CLIENT_BATCH_DEPTH;
        let dir = tempfile::tempdir().expect("tempdir");
        let node = single_node(dir.path(), 1).await;
        let nested = |depth: usize| {
            let mut command = Command::Set {
                key: "kv/deep".into(),
                value: vec![1],
            };
            for _ in 0..depth {
                command = Command::Batch(vec![command]);
            }
            command
        };
        let group = crate::types::METADATA_GROUP;
        let refused = node
            .write(group, nested(MAX_CLIENT_BATCH_DEPTH + 1))
            .await
            .expect_err("one level too deep");
        assert!(matches!(refused, MetaError::Codec(_)), "{refused}");
        let writes: Vec<_> = (0..8)
            .map(|_| {
                let node = Arc::clone(&node);
                tokio::spawn(async move { node.write(group, nested(MAX_CLIENT_BATCH_DEPTH)).await })
            })
            .collect();
        for w in writes {
            w.await.expect("task").expect("at the limit");
        }
        let (found, _) = node
            .read(group, "kv/deep", false, true, &Page::all())
            .await
            .expect("read back after the entries were applied");
        assert_eq!(found.len(), 1);
        node.shutdown().await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn watchers_see_applied_changes_under_their_prefixes_in_order() {
        use tokio_stream::StreamExt as _;

        let dir = tempfile::tempdir().expect("tempdir");
        let node = single_node(dir.path(), 1).await;
        let mut watch = MetaNode::watch(&node, vec!["retained/".to_owned()]);
        node.kv_set("ignored", vec![0]).await.expect("set");
        node.retained_put("a/b", vec![1]).await.expect("put");
        node.retained_put("a/b", Vec::new()).await.expect("clear");
        let mut events = Vec::new();
        for _ in 0..2 {
            let event = tokio::time::timeout(Duration::from_secs(10), watch.next())
                .await
                .expect("event in time")
                .expect("stream open");
            events.push(event);
        }
        let first = events.remove(0);
        assert_eq!(
            first,
            WatchEvent::Put {
                group: "data-0".into(),
                key: "retained/a/b".into(),
                value: vec![1]
            }
        );
        let second = events.remove(0);
        assert_eq!(
            second,
            WatchEvent::Delete {
                group: "data-0".into(),
                key: "retained/a/b".into()
            }
        );
        node.shutdown().await;
    }
}
