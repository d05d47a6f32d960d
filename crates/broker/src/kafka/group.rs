//! The consumer group coordinator (Kafka's classic group protocol): members join, the group
//! rebalances, the leader's assignment reaches every member through SyncGroup, heartbeats keep
//! members in, and a member that stops heartbeating for its session timeout is evicted.
//! Committed offsets are in meta's `offset` groups, so they outlive the node; group membership
//! lives in memory, and after a restart members find out through UNKNOWN_MEMBER_ID and rejoin.
//!
//! States, as Kafka names them: `Empty` (no members), `PreparingRebalance` (waiting for every
//! member to rejoin, at most the longest rebalance timeout; who has not rejoined by then is
//! removed), `CompletingRebalance` (generation bumped, JoinGroup answered, waiting for the
//! leader's SyncGroup) and `Stable`.
//!
//! Since JoinGroup v4 a member without an id first gets MEMBER_ID_REQUIRED and an id to join
//! with (KIP-394), so a client that retries a lost join does not leave a ghost behind.
//!
//! The first rebalance of an empty group waits `kafka.group_initial_rebalance_delay_ms` for
//! more members (Kafka's `group.initial.rebalance.delay.ms`), each join extending the wait by
//! that much again, up to the rebalance timeout: consumers started together then get their
//! share in one rebalance instead of one rebalance each, and the first leader assigns with
//! the topic metadata it fetched meanwhile.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use kafka_protocol::ResponseError;
use parking_lot::Mutex;
use tokio::sync::oneshot;

/// Kafka's `group.min.session.timeout.ms` and `group.max.session.timeout.ms`.
pub const MIN_SESSION: Duration = Duration::from_secs(6);
/// See [`MIN_SESSION`].
pub const MAX_SESSION: Duration = Duration::from_secs(1800);
/// Longest a rebalance waits for members, whatever they ask (Kafka's default
/// `max.poll.interval.ms`, which clients send as their rebalance timeout, is 5 minutes).
pub const MAX_REBALANCE: Duration = Duration::from_secs(600);
/// Most member ids handed out with MEMBER_ID_REQUIRED and not yet used, per group; beyond it
/// the oldest are forgotten (their client joins again and gets a new one).
const MAX_PENDING: usize = 1000;
/// How often members are checked for expired sessions.
pub const SWEEP: Duration = Duration::from_millis(500);

/// A group's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// No members.
    Empty,
    /// Waiting for members to rejoin.
    PreparingRebalance,
    /// Joined; waiting for the leader's assignment.
    CompletingRebalance,
    /// Assigned.
    Stable,
}

impl State {
    /// The name DescribeGroups and ListGroups report.
    pub fn name(self) -> &'static str {
        match self {
            State::Empty => "Empty",
            State::PreparingRebalance => "PreparingRebalance",
            State::CompletingRebalance => "CompletingRebalance",
            State::Stable => "Stable",
        }
    }
}

/// What a JoinGroup asks.
#[derive(Debug, Clone)]
pub struct Join {
    /// The group.
    pub group: String,
    /// The member's id; empty for a new member.
    pub member_id: String,
    /// Whether the client speaks JoinGroup v4 or later (MEMBER_ID_REQUIRED).
    pub requires_known_id: bool,
    /// The client's id and address, for DescribeGroups.
    pub client_id: String,
    /// See `client_id`.
    pub client_host: String,
    /// `consumer` for consumer groups.
    pub protocol_type: String,
    /// The assignors it supports, in its order of preference, with its metadata for each.
    pub protocols: Vec<(String, Bytes)>,
    /// Its session timeout.
    pub session_timeout: Duration,
    /// How long a rebalance waits for it.
    pub rebalance_timeout: Duration,
}

/// A JoinGroup's answer.
#[derive(Debug, Clone, Default)]
pub struct Joined {
    /// An error, or none.
    pub error: Option<ResponseError>,
    /// The new generation.
    pub generation: i32,
    /// The protocol type.
    pub protocol_type: String,
    /// The assignor chosen.
    pub protocol: String,
    /// The leader's id.
    pub leader: String,
    /// The member's id (the new one, with MEMBER_ID_REQUIRED).
    pub member_id: String,
    /// For the leader: every member with its metadata for the chosen assignor.
    pub members: Vec<(String, Bytes)>,
}

impl Joined {
    fn error(error: ResponseError, member_id: &str) -> Joined {
        Joined {
            error: Some(error),
            generation: -1,
            member_id: member_id.to_owned(),
            ..Joined::default()
        }
    }
}

/// A SyncGroup's answer: the member's assignment, or an error.
pub type Synced = Result<(String, String, Bytes), ResponseError>;

struct Member {
    client_id: String,
    client_host: String,
    protocols: Vec<(String, Bytes)>,
    session_timeout: Duration,
    rebalance_timeout: Duration,
    assignment: Bytes,
    last_seen: Instant,
    join: Option<oneshot::Sender<Joined>>,
    sync: Option<oneshot::Sender<Synced>>,
}

impl Member {
    /// Its metadata for assignor `protocol`; empty when it does not support it.
    fn metadata(&self, protocol: &str) -> Bytes {
        self.protocols
            .iter()
            .find(|(n, _)| n == protocol)
            .map(|(_, md)| md.clone())
            .unwrap_or_default()
    }
}

struct Group {
    state: State,
    generation: i32,
    protocol_type: String,
    protocol: String,
    leader: String,
    members: BTreeMap<String, Member>,
    /// Ids handed out with MEMBER_ID_REQUIRED whose join has not come yet.
    pending: HashSet<String>,
    /// Bumped by each rebalance, so a stale rebalance timer does nothing.
    rebalance: u64,
    /// While the first rebalance of an empty group waits for more members: until when, and
    /// the latest it may be extended to.
    initial_delay: Option<(tokio::time::Instant, tokio::time::Instant)>,
}

impl Group {
    fn new() -> Group {
        Group {
            state: State::Empty,
            generation: 0,
            protocol_type: String::new(),
            protocol: String::new(),
            leader: String::new(),
            members: BTreeMap::new(),
            pending: HashSet::new(),
            rebalance: 0,
            initial_delay: None,
        }
    }

    /// The first assignor of the leader's (else the first member's) that every member supports.
    fn choose_protocol(&self) -> Option<String> {
        let first = self
            .members
            .get(&self.leader)
            .or_else(|| self.members.values().next())?;
        first
            .protocols
            .iter()
            .map(|(name, _)| name)
            .find(|name| {
                self.members
                    .values()
                    .all(|m| m.protocols.iter().any(|(n, _)| n == *name))
            })
            .cloned()
    }

    fn fail_syncs(&mut self, error: ResponseError) {
        for m in self.members.values_mut() {
            if let Some(tx) = m.sync.take() {
                let _ = tx.send(Err(error));
            }
        }
    }

    fn remove(&mut self, id: &str) {
        if let Some(mut m) = self.members.remove(id) {
            if let Some(tx) = m.join.take() {
                let _ = tx.send(Joined::error(ResponseError::UnknownMemberId, id));
            }
            if let Some(tx) = m.sync.take() {
                let _ = tx.send(Err(ResponseError::UnknownMemberId));
            }
        }
        if self.leader == id {
            self.leader.clear();
        }
    }
}

/// A group as DescribeGroups shows it.
#[derive(Debug, Clone)]
pub struct Described {
    /// State name.
    pub state: &'static str,
    /// Protocol type.
    pub protocol_type: String,
    /// The chosen assignor.
    pub protocol: String,
    /// Generation.
    pub generation: i32,
    /// Members: id, client id, host, metadata (for the chosen assignor), assignment.
    pub members: Vec<(String, String, String, Bytes, Bytes)>,
}

/// Every consumer group this node coordinates.
#[derive(Clone)]
pub struct Coordinator {
    groups: Arc<Mutex<HashMap<String, Group>>>,
    initial_delay: Duration,
}

impl Coordinator {
    /// A coordinator without groups whose empty groups wait `initial_delay` for more members
    /// before their first rebalance (zero: no wait).
    pub fn new(initial_delay: Duration) -> Coordinator {
        Coordinator {
            groups: Arc::default(),
            initial_delay,
        }
    }

    /// Starts the session sweeper, which runs until `shutdown`.
    pub fn start(&self, shutdown: robustmq_common::Shutdown) {
        let me = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(SWEEP);
            loop {
                tokio::select! {
                    _ = tick.tick() => me.expire(Instant::now()),
                    () = shutdown.wait() => return,
                }
            }
        });
    }

    /// Evicts members whose session expired at `now` (members waiting in a JoinGroup are
    /// waited for by their rebalance instead) and rebalances their groups.
    pub fn expire(&self, now: Instant) {
        let mut groups = self.groups.lock();
        let mut rebalance = Vec::new();
        for (name, g) in groups.iter_mut() {
            let expired: Vec<String> = g
                .members
                .iter()
                .filter(|(_, m)| {
                    m.join.is_none() && now.duration_since(m.last_seen) > m.session_timeout
                })
                .map(|(id, _)| id.clone())
                .collect();
            if expired.is_empty() {
                continue;
            }
            for id in &expired {
                tracing::info!(group = %name, member = %id, "consumer group member's session expired");
                g.remove(id);
            }
            rebalance.push(name.clone());
        }
        for name in rebalance {
            self.members_changed(&mut groups, &name);
        }
    }

    /// After members left: an emptied group becomes `Empty`, another rebalances (or, already
    /// rebalancing, may now have every member it waits for).
    fn members_changed(&self, groups: &mut HashMap<String, Group>, name: &str) {
        let Some(g) = groups.get_mut(name) else {
            return;
        };
        if g.members.is_empty() {
            g.fail_syncs(ResponseError::RebalanceInProgress);
            g.state = State::Empty;
            g.generation += 1;
            g.rebalance += 1;
            g.initial_delay = None;
            return;
        }
        match g.state {
            State::PreparingRebalance => Self::try_complete(g, false),
            State::Stable | State::CompletingRebalance | State::Empty => {
                self.prepare_rebalance(g, name);
                Self::try_complete(g, false);
            }
        }
    }

    fn prepare_rebalance(&self, g: &mut Group, name: &str) {
        g.fail_syncs(ResponseError::RebalanceInProgress);
        g.state = State::PreparingRebalance;
        g.rebalance += 1;
        let epoch = g.rebalance;
        let timeout = g
            .members
            .values()
            .map(|m| m.rebalance_timeout)
            .max()
            .unwrap_or(Duration::from_secs(30))
            .min(MAX_REBALANCE);
        let groups = Arc::clone(&self.groups);
        let name = name.to_owned();
        tokio::spawn(async move {
            tokio::time::sleep(timeout).await;
            let mut groups = groups.lock();
            if let Some(g) = groups.get_mut(&name)
                && g.rebalance == epoch
                && g.state == State::PreparingRebalance
            {
                Self::try_complete(g, true);
            }
        });
    }

    /// Completes a rebalance of `g` at `tokio::time::Instant` `at` unless the rebalance
    /// `epoch` is over by then.
    fn complete_at(&self, g: &Group, name: &str, at: tokio::time::Instant) {
        let groups = Arc::clone(&self.groups);
        let name = name.to_owned();
        let epoch = g.rebalance;
        tokio::spawn(async move {
            tokio::time::sleep_until(at).await;
            let mut groups = groups.lock();
            if let Some(g) = groups.get_mut(&name)
                && g.rebalance == epoch
            {
                Self::try_complete(g, false);
            }
        });
    }

    /// Completes a rebalance once every member has rejoined and the initial delay (if any) is
    /// over, or (`timed_out`) with those that have rejoined, removing the rest.
    fn try_complete(g: &mut Group, timed_out: bool) {
        if g.state != State::PreparingRebalance {
            return;
        }
        if !timed_out {
            if g.members.values().any(|m| m.join.is_none()) {
                return;
            }
            if g.initial_delay
                .is_some_and(|(until, _)| tokio::time::Instant::now() < until)
            {
                return;
            }
        }
        g.initial_delay = None;
        let late: Vec<String> = g
            .members
            .iter()
            .filter(|(_, m)| m.join.is_none())
            .map(|(id, _)| id.clone())
            .collect();
        for id in late {
            g.remove(&id);
        }
        g.generation += 1;
        if g.members.is_empty() {
            g.state = State::Empty;
            return;
        }
        if !g.members.contains_key(&g.leader) {
            g.leader = g.members.keys().next().cloned().unwrap_or_default();
        }
        let Some(protocol) = g.choose_protocol() else {
            for (id, m) in &mut g.members {
                if let Some(tx) = m.join.take() {
                    let _ = tx.send(Joined::error(ResponseError::InconsistentGroupProtocol, id));
                }
            }
            g.state = State::Empty;
            g.members.clear();
            return;
        };
        g.protocol = protocol;
        g.state = State::CompletingRebalance;
        let members: Vec<(String, Bytes)> = g
            .members
            .iter()
            .map(|(id, m)| {
                let metadata = m.metadata(&g.protocol);
                (id.clone(), metadata)
            })
            .collect();
        let now = Instant::now();
        for (id, m) in &mut g.members {
            m.last_seen = now;
            if let Some(tx) = m.join.take() {
                let _ = tx.send(Joined {
                    error: None,
                    generation: g.generation,
                    protocol_type: g.protocol_type.clone(),
                    protocol: g.protocol.clone(),
                    leader: g.leader.clone(),
                    member_id: id.clone(),
                    members: if *id == g.leader {
                        members.clone()
                    } else {
                        Vec::new()
                    },
                });
            }
        }
    }

    /// JoinGroup: answered once the rebalance it starts (or joins) completes.
    pub async fn join(&self, req: Join) -> Joined {
        let rx = {
            let mut groups = self.groups.lock();
            match self.begin_join(&mut groups, req) {
                Ok(rx) => rx,
                Err(joined) => return *joined,
            }
        };
        rx.await
            .unwrap_or_else(|_| Joined::error(ResponseError::RebalanceInProgress, ""))
    }

    fn begin_join(
        &self,
        groups: &mut HashMap<String, Group>,
        req: Join,
    ) -> Result<oneshot::Receiver<Joined>, Box<Joined>> {
        let fail = |e| Err(Box::new(Joined::error(e, &req.member_id)));
        if req.group.is_empty() {
            return fail(ResponseError::InvalidGroupId);
        }
        if req.session_timeout < MIN_SESSION || req.session_timeout > MAX_SESSION {
            return fail(ResponseError::InvalidSessionTimeout);
        }
        if req.protocol_type.is_empty() || req.protocols.is_empty() {
            return fail(ResponseError::InconsistentGroupProtocol);
        }
        let g = groups.entry(req.group.clone()).or_insert_with(Group::new);
        if !g.members.is_empty() {
            let shared = req.protocols.iter().any(|(name, _)| {
                g.members
                    .iter()
                    .filter(|(id, _)| **id != req.member_id)
                    .all(|(_, m)| m.protocols.iter().any(|(n, _)| n == name))
            });
            if g.protocol_type != req.protocol_type || !shared {
                return fail(ResponseError::InconsistentGroupProtocol);
            }
        }
        let member_id = if req.member_id.is_empty() {
            let id = new_member_id(&req.client_id);
            if req.requires_known_id {
                if g.pending.len() >= MAX_PENDING {
                    g.pending.clear();
                }
                g.pending.insert(id.clone());
                return Err(Box::new(Joined::error(
                    ResponseError::MemberIdRequired,
                    &id,
                )));
            }
            id
        } else if g.members.contains_key(&req.member_id) || g.pending.remove(&req.member_id) {
            req.member_id.clone()
        } else {
            return fail(ResponseError::UnknownMemberId);
        };
        let (tx, rx) = oneshot::channel();
        g.protocol_type = req.protocol_type.clone();
        let is_new = !g.members.contains_key(&member_id);
        let member = g.members.entry(member_id).or_insert_with(|| Member {
            client_id: String::new(),
            client_host: String::new(),
            protocols: Vec::new(),
            session_timeout: req.session_timeout,
            rebalance_timeout: req.rebalance_timeout,
            assignment: Bytes::new(),
            last_seen: Instant::now(),
            join: None,
            sync: None,
        });
        member.client_id = req.client_id;
        member.client_host = req.client_host;
        member.protocols = req.protocols;
        member.session_timeout = req.session_timeout;
        member.rebalance_timeout = req.rebalance_timeout;
        member.last_seen = Instant::now();
        if let Some(old) = member.join.replace(tx) {
            let _ = old.send(Joined::error(ResponseError::RebalanceInProgress, ""));
        }
        let rebalance_timeout = req.rebalance_timeout.min(MAX_REBALANCE);
        let now = tokio::time::Instant::now();
        if g.state == State::Empty && !self.initial_delay.is_zero() {
            self.prepare_rebalance(g, &req.group);
            let until = now + self.initial_delay.min(rebalance_timeout);
            g.initial_delay = Some((until, now + rebalance_timeout));
            self.complete_at(g, &req.group, until);
        } else if g.state != State::PreparingRebalance {
            self.prepare_rebalance(g, &req.group);
        } else if let Some((until, latest)) = g.initial_delay.filter(|_| is_new) {
            let extended = (now + self.initial_delay).min(latest).max(until);
            g.initial_delay = Some((extended, latest));
            self.complete_at(g, &req.group, extended);
        }
        Self::try_complete(g, false);
        Ok(rx)
    }

    /// SyncGroup: the leader hands in the assignment, every member gets its own.
    pub async fn sync(
        &self,
        group: &str,
        generation: i32,
        member_id: &str,
        assignments: Vec<(String, Bytes)>,
    ) -> Synced {
        let rx = {
            let mut groups = self.groups.lock();
            let g = groups
                .get_mut(group)
                .ok_or(ResponseError::UnknownMemberId)?;
            if !g.members.contains_key(member_id) {
                return Err(ResponseError::UnknownMemberId);
            }
            if generation != g.generation {
                return Err(ResponseError::IllegalGeneration);
            }
            match g.state {
                State::Empty => return Err(ResponseError::UnknownMemberId),
                State::PreparingRebalance => return Err(ResponseError::RebalanceInProgress),
                State::Stable => {
                    let m = &g.members[member_id];
                    return Ok((
                        g.protocol_type.clone(),
                        g.protocol.clone(),
                        m.assignment.clone(),
                    ));
                }
                State::CompletingRebalance => {}
            }
            let (tx, rx) = oneshot::channel();
            let now = Instant::now();
            if let Some(m) = g.members.get_mut(member_id) {
                m.last_seen = now;
                if let Some(old) = m.sync.replace(tx) {
                    let _ = old.send(Err(ResponseError::RebalanceInProgress));
                }
            }
            if member_id == g.leader {
                let mut given: HashMap<String, Bytes> = assignments.into_iter().collect();
                for (id, m) in &mut g.members {
                    m.assignment = given.remove(id).unwrap_or_default();
                }
                g.state = State::Stable;
                let (ptype, proto) = (g.protocol_type.clone(), g.protocol.clone());
                for m in g.members.values_mut() {
                    if let Some(tx) = m.sync.take() {
                        let _ = tx.send(Ok((ptype.clone(), proto.clone(), m.assignment.clone())));
                    }
                }
            }
            rx
        };
        rx.await.unwrap_or(Err(ResponseError::RebalanceInProgress))
    }

    /// Heartbeat: keeps a member in, and tells it when to rejoin.
    pub fn heartbeat(
        &self,
        group: &str,
        generation: i32,
        member_id: &str,
    ) -> Option<ResponseError> {
        let mut groups = self.groups.lock();
        let Some(g) = groups.get_mut(group) else {
            return Some(ResponseError::UnknownMemberId);
        };
        let Some(m) = g.members.get_mut(member_id) else {
            return Some(ResponseError::UnknownMemberId);
        };
        m.last_seen = Instant::now();
        match g.state {
            State::PreparingRebalance => Some(ResponseError::RebalanceInProgress),
            _ if generation != g.generation => Some(ResponseError::IllegalGeneration),
            _ => None,
        }
    }

    /// LeaveGroup: each member listed leaves (UNKNOWN_MEMBER_ID for one not in the group), and
    /// the group rebalances without them.
    pub fn leave(&self, group: &str, member_ids: &[String]) -> Vec<Option<ResponseError>> {
        let mut groups = self.groups.lock();
        let mut out = Vec::with_capacity(member_ids.len());
        let mut changed = false;
        for id in member_ids {
            match groups.get_mut(group) {
                Some(g) if g.members.contains_key(id) => {
                    g.remove(id);
                    changed = true;
                    out.push(None);
                }
                _ => out.push(Some(ResponseError::UnknownMemberId)),
            }
        }
        if changed {
            self.members_changed(&mut groups, group);
        }
        out
    }

    /// Whether an offset commit by `member_id` at `generation` is accepted: a standalone commit
    /// (generation -1, no member) to a group without members, or one by a member of the
    /// current generation, also while the group prepares a rebalance (as in Kafka, so members
    /// commit what they read before they rejoin), but not between JoinGroup and SyncGroup.
    pub fn may_commit(
        &self,
        group: &str,
        generation: i32,
        member_id: &str,
    ) -> Option<ResponseError> {
        let groups = self.groups.lock();
        let g = groups.get(group);
        if generation < 0 && member_id.is_empty() {
            return match g {
                Some(g) if !g.members.is_empty() => Some(ResponseError::UnknownMemberId),
                _ => None,
            };
        }
        let Some(g) = g else {
            return Some(ResponseError::UnknownMemberId);
        };
        if !g.members.contains_key(member_id) {
            return Some(ResponseError::UnknownMemberId);
        }
        if generation != g.generation {
            return Some(ResponseError::IllegalGeneration);
        }
        match g.state {
            State::CompletingRebalance => Some(ResponseError::RebalanceInProgress),
            State::Empty | State::PreparingRebalance | State::Stable => None,
        }
    }

    /// A group as DescribeGroups shows it; `None` when this node knows no such group.
    pub fn describe(&self, group: &str) -> Option<Described> {
        let groups = self.groups.lock();
        let g = groups.get(group)?;
        Some(Described {
            state: g.state.name(),
            protocol_type: g.protocol_type.clone(),
            protocol: g.protocol.clone(),
            generation: g.generation,
            members: g
                .members
                .iter()
                .map(|(id, m)| {
                    let metadata = m.metadata(&g.protocol);
                    (
                        id.clone(),
                        m.client_id.clone(),
                        m.client_host.clone(),
                        metadata,
                        m.assignment.clone(),
                    )
                })
                .collect(),
        })
    }

    /// Every group: name, protocol type, state, member count.
    pub fn list(&self) -> Vec<(String, String, &'static str, usize)> {
        let groups = self.groups.lock();
        let mut out: Vec<_> = groups
            .iter()
            .map(|(name, g)| {
                (
                    name.clone(),
                    g.protocol_type.clone(),
                    g.state.name(),
                    g.members.len(),
                )
            })
            .collect();
        out.sort();
        out
    }
}

/// A member id: the client id and a random suffix, as Kafka makes them.
fn new_member_id(client_id: &str) -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let mut bytes = [0u8; 8];
    // Without randomness the counter alone keeps ids apart on this node.
    let _ = getrandom::fill(&mut bytes);
    let n = u64::from_le_bytes(bytes) ^ NEXT.fetch_add(1, Ordering::Relaxed);
    let client: String = client_id.chars().take(100).collect();
    format!("{client}-{n:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn join(group: &str, member: &str) -> Join {
        Join {
            group: group.to_owned(),
            member_id: member.to_owned(),
            requires_known_id: true,
            client_id: "c".to_owned(),
            client_host: "/127.0.0.1".to_owned(),
            protocol_type: "consumer".to_owned(),
            protocols: vec![("range".to_owned(), Bytes::from_static(b"m"))],
            session_timeout: Duration::from_secs(10),
            rebalance_timeout: Duration::from_secs(5),
        }
    }

    #[tokio::test]
    async fn a_new_member_gets_an_id_first_then_joins_leads_and_syncs() {
        let c = Coordinator::new(Duration::ZERO);
        let first = c.join(join("g", "")).await;
        assert_eq!(first.error, Some(ResponseError::MemberIdRequired));
        let id = first.member_id.clone();
        assert!(id.starts_with("c-"));
        assert_eq!(
            c.join(join("g", "someone-else")).await.error,
            Some(ResponseError::UnknownMemberId)
        );
        let joined = c.join(join("g", &id)).await;
        assert_eq!(joined.error, None);
        assert_eq!(
            (joined.generation, joined.leader.as_str()),
            (1, id.as_str())
        );
        assert_eq!(joined.members.len(), 1);
        let synced = c
            .sync("g", 1, &id, vec![(id.clone(), Bytes::from_static(b"a"))])
            .await;
        assert_eq!(synced.map(|s| s.2), Ok(Bytes::from_static(b"a")));
        assert_eq!(c.heartbeat("g", 1, &id), None);
        assert_eq!(
            c.heartbeat("g", 0, &id),
            Some(ResponseError::IllegalGeneration)
        );
        assert_eq!(c.describe("g").map(|d| d.state), Some("Stable"));
    }

    #[tokio::test]
    async fn a_second_member_rebalances_the_group_and_both_get_their_share() {
        let c = Coordinator::new(Duration::ZERO);
        let a = c.join(join("g", "")).await.member_id;
        let joined_a = c.join(join("g", &a)).await;
        c.sync(
            "g",
            joined_a.generation,
            &a,
            vec![(a.clone(), Bytes::from_static(b"all"))],
        )
        .await
        .expect("sync");
        let b = c.join(join("g", "")).await.member_id;
        let c2 = c.clone();
        let b2 = b.clone();
        let b_join = tokio::spawn(async move { c2.join(join("g", &b2)).await });
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(
            c.heartbeat("g", joined_a.generation, &a),
            Some(ResponseError::RebalanceInProgress),
            "the old member is told to rejoin"
        );
        assert_eq!(
            c.may_commit("g", joined_a.generation, &a),
            None,
            "it may commit what it read before it rejoins"
        );
        let rejoined_a = c.join(join("g", &a)).await;
        let joined_b = b_join.await.expect("join");
        assert_eq!(
            c.may_commit("g", 2, &a),
            Some(ResponseError::RebalanceInProgress),
            "not between JoinGroup and SyncGroup"
        );
        assert_eq!(
            c.may_commit("g", joined_a.generation, &a),
            Some(ResponseError::IllegalGeneration)
        );
        assert_eq!(rejoined_a.generation, 2);
        assert_eq!(joined_b.generation, 2);
        assert_eq!(
            rejoined_a.members.len() + joined_b.members.len(),
            2,
            "the leader sees both"
        );
        let leader = rejoined_a.leader.clone();
        let assignments = vec![
            (a.clone(), Bytes::from_static(b"p0")),
            (b.clone(), Bytes::from_static(b"p1")),
        ];
        let c3 = c.clone();
        let (follower, follower_gets) = if leader == a {
            (b.clone(), "p1")
        } else {
            (a.clone(), "p0")
        };
        let follower_sync =
            tokio::spawn(async move { c3.sync("g", 2, &follower, Vec::new()).await });
        tokio::time::sleep(Duration::from_millis(20)).await;
        c.sync("g", 2, &leader, assignments)
            .await
            .expect("leader sync");
        let got = follower_sync.await.expect("task").expect("follower sync");
        assert_eq!(got.2, Bytes::copy_from_slice(follower_gets.as_bytes()));
    }

    #[tokio::test(start_paused = true)]
    async fn an_empty_group_waits_for_more_members_and_rebalances_once() {
        let c = Coordinator::new(Duration::from_secs(3));
        let slow = |member: &str| Join {
            rebalance_timeout: Duration::from_secs(10),
            ..join("g", member)
        };
        let a = c.join(slow("")).await.member_id;
        let b = c.join(slow("")).await.member_id;
        let start = tokio::time::Instant::now();
        let c2 = c.clone();
        let a2 = a.clone();
        let a_join = tokio::spawn(async move { c2.join(slow(&a2)).await });
        tokio::time::sleep(Duration::from_secs(2)).await;
        assert_eq!(
            c.describe("g").map(|d| (d.state, d.generation)),
            Some(("PreparingRebalance", 0)),
            "alone, it is not answered before the delay"
        );
        let joined_b = c.join(slow(&b)).await;
        let joined_a = a_join.await.expect("join");
        assert_eq!(
            start.elapsed(),
            Duration::from_secs(5),
            "the second member extended the wait by the delay (virtual time)"
        );
        assert_eq!((joined_a.generation, joined_b.generation), (1, 1));
        assert_eq!(
            joined_a.members.len() + joined_b.members.len(),
            2,
            "one rebalance with both"
        );
        let again = tokio::time::Instant::now();
        let c3 = c.clone();
        let a3 = a.clone();
        let a_rejoin = tokio::spawn(async move { c3.join(slow(&a3)).await });
        c.join(slow(&b)).await;
        a_rejoin.await.expect("rejoin");
        assert_eq!(
            again.elapsed(),
            Duration::ZERO,
            "a group with members rebalances without the delay"
        );
    }

    #[tokio::test]
    async fn a_silent_member_is_evicted_and_a_leaving_one_is_gone() {
        let c = Coordinator::new(Duration::ZERO);
        let a = c.join(join("g", "")).await.member_id;
        let joined = c.join(join("g", &a)).await;
        c.sync("g", joined.generation, &a, Vec::new())
            .await
            .expect("sync");
        c.expire(Instant::now() + Duration::from_secs(11));
        assert_eq!(
            c.heartbeat("g", joined.generation, &a),
            Some(ResponseError::UnknownMemberId)
        );
        assert_eq!(c.describe("g").map(|d| d.state), Some("Empty"));
        let b = c.join(join("g", "")).await.member_id;
        let joined = c.join(join("g", &b)).await;
        assert_eq!(
            c.leave("g", &[b.clone(), "ghost".to_owned()]),
            [None, Some(ResponseError::UnknownMemberId)]
        );
        assert_eq!(
            c.may_commit("g", joined.generation, &b),
            Some(ResponseError::UnknownMemberId)
        );
        assert_eq!(
            c.may_commit("g", -1, ""),
            None,
            "standalone commits to an empty group"
        );
    }

    #[tokio::test]
    async fn bad_joins_are_refused() {
        let c = Coordinator::new(Duration::ZERO);
        let mut short = join("g", "");
        short.session_timeout = Duration::from_secs(1);
        assert_eq!(
            c.join(short).await.error,
            Some(ResponseError::InvalidSessionTimeout)
        );
        assert_eq!(
            c.join(join("", "")).await.error,
            Some(ResponseError::InvalidGroupId)
        );
        let a = c.join(join("g", "")).await.member_id;
        c.join(join("g", &a)).await;
        let mut other = join("g", "");
        other.protocols = vec![("sticky".to_owned(), Bytes::new())];
        assert_eq!(
            c.join(other).await.error,
            Some(ResponseError::InconsistentGroupProtocol)
        );
    }
}
