//! The consumer group APIs over the [`crate::kafka::group::Coordinator`] and meta's offset
//! store: JoinGroup, SyncGroup, Heartbeat, LeaveGroup, OffsetCommit, OffsetFetch,
//! DescribeGroups and ListGroups.

use std::time::Duration;

use kafka_protocol::ResponseError;
use kafka_protocol::messages::describe_groups_response::{DescribedGroup, DescribedGroupMember};
use kafka_protocol::messages::join_group_response::JoinGroupResponseMember;
use kafka_protocol::messages::leave_group_response::MemberResponse;
use kafka_protocol::messages::list_groups_response::ListedGroup;
use kafka_protocol::messages::offset_commit_response::{
    OffsetCommitResponsePartition, OffsetCommitResponseTopic,
};
use kafka_protocol::messages::offset_fetch_request::OffsetFetchRequestTopic;
use kafka_protocol::messages::offset_fetch_response::{
    OffsetFetchResponsePartition, OffsetFetchResponseTopic,
};
use kafka_protocol::messages::{
    DescribeGroupsRequest, DescribeGroupsResponse, HeartbeatRequest, HeartbeatResponse,
    JoinGroupRequest, JoinGroupResponse, LeaveGroupRequest, LeaveGroupResponse, ListGroupsRequest,
    ListGroupsResponse, OffsetCommitRequest, OffsetCommitResponse, OffsetFetchRequest,
    OffsetFetchResponse, SyncGroupRequest, SyncGroupResponse, TopicName,
};
use kafka_protocol::protocol::StrBytes;
use robustmq_meta_client::MetaClient;

use crate::kafka::group::Join;
use crate::kafka::service::Kafka;

fn code(e: Option<ResponseError>) -> i16 {
    e.map_or(0, |e| e.code())
}

fn millis(ms: i32) -> Duration {
    Duration::from_millis(u64::try_from(ms).unwrap_or(0))
}

impl Kafka {
    /// Whether another node coordinates `group` ([`crate::kafka::nodes`]): its members' requests
    /// are answered `NOT_COORDINATOR` here, so that they look it up again.
    async fn not_coordinator(&self, group: &str) -> bool {
        !self.cluster().await.coordinates(group)
    }

    /// JoinGroup; `peer` is the client's address, for DescribeGroups.
    pub async fn join_group(
        &self,
        req: JoinGroupRequest,
        version: i16,
        client_id: &str,
        peer: &str,
    ) -> JoinGroupResponse {
        if self.not_coordinator(req.group_id.0.as_str()).await {
            let mut resp = JoinGroupResponse::default();
            resp.error_code = ResponseError::NotCoordinator.code();
            resp.generation_id = -1;
            resp.member_id = req.member_id;
            return resp;
        }
        let join = Join {
            group: req.group_id.0.as_str().to_owned(),
            member_id: req.member_id.as_str().to_owned(),
            requires_known_id: version >= 4,
            client_id: client_id.to_owned(),
            client_host: format!("/{peer}"),
            protocol_type: req.protocol_type.as_str().to_owned(),
            protocols: req
                .protocols
                .into_iter()
                .map(|p| (p.name.as_str().to_owned(), p.metadata))
                .collect(),
            session_timeout: millis(req.session_timeout_ms),
            // v0 has no rebalance timeout: the session timeout stands for it.
            rebalance_timeout: if version >= 1 {
                millis(req.rebalance_timeout_ms)
            } else {
                millis(req.session_timeout_ms)
            },
        };
        let joined = self.groups.join(join).await;
        let mut resp = JoinGroupResponse::default();
        resp.error_code = code(joined.error);
        resp.generation_id = joined.generation;
        resp.protocol_type = Some(StrBytes::from_string(joined.protocol_type));
        resp.protocol_name = Some(StrBytes::from_string(joined.protocol));
        resp.leader = StrBytes::from_string(joined.leader);
        resp.member_id = StrBytes::from_string(joined.member_id);
        resp.members = joined
            .members
            .into_iter()
            .map(|(id, metadata)| {
                let mut m = JoinGroupResponseMember::default();
                m.member_id = StrBytes::from_string(id);
                m.metadata = metadata;
                m
            })
            .collect();
        resp
    }

    /// SyncGroup.
    pub async fn sync_group(&self, req: SyncGroupRequest) -> SyncGroupResponse {
        if self.not_coordinator(req.group_id.0.as_str()).await {
            let mut resp = SyncGroupResponse::default();
            resp.error_code = ResponseError::NotCoordinator.code();
            return resp;
        }
        let assignments = req
            .assignments
            .into_iter()
            .map(|a| (a.member_id.as_str().to_owned(), a.assignment))
            .collect();
        let synced = self
            .groups
            .sync(
                req.group_id.0.as_str(),
                req.generation_id,
                req.member_id.as_str(),
                assignments,
            )
            .await;
        let mut resp = SyncGroupResponse::default();
        match synced {
            Ok((protocol_type, protocol, assignment)) => {
                resp.protocol_type = Some(StrBytes::from_string(protocol_type));
                resp.protocol_name = Some(StrBytes::from_string(protocol));
                resp.assignment = assignment;
            }
            Err(e) => resp.error_code = e.code(),
        }
        resp
    }

    /// Heartbeat.
    pub async fn heartbeat(&self, req: HeartbeatRequest) -> HeartbeatResponse {
        let mut resp = HeartbeatResponse::default();
        if self.not_coordinator(req.group_id.0.as_str()).await {
            resp.error_code = ResponseError::NotCoordinator.code();
            return resp;
        }
        resp.error_code = code(self.groups.heartbeat(
            req.group_id.0.as_str(),
            req.generation_id,
            req.member_id.as_str(),
        ));
        resp
    }

    /// LeaveGroup: one member (v0-2) or a batch (v3 and later).
    pub fn leave_group(&self, req: LeaveGroupRequest, version: i16) -> LeaveGroupResponse {
        let ids: Vec<String> = if version >= 3 {
            req.members
                .iter()
                .map(|m| m.member_id.as_str().to_owned())
                .collect()
        } else {
            vec![req.member_id.as_str().to_owned()]
        };
        let results = self.groups.leave(req.group_id.0.as_str(), &ids);
        let mut resp = LeaveGroupResponse::default();
        if version >= 3 {
            resp.members = ids
                .into_iter()
                .zip(&results)
                .map(|(id, e)| {
                    let mut m = MemberResponse::default();
                    m.member_id = StrBytes::from_string(id);
                    m.error_code = code(*e);
                    m
                })
                .collect();
        } else {
            resp.error_code = code(results.first().copied().flatten());
        }
        resp
    }

    /// OffsetCommit: each partition's offset into meta, once the member and generation check
    /// out. The commit metadata string is not kept.
    pub async fn offset_commit(&self, req: OffsetCommitRequest) -> (OffsetCommitResponse, bool) {
        let group = req.group_id.0.as_str().to_owned();
        let refused = if group.is_empty() {
            Some(ResponseError::InvalidGroupId)
        } else if req.generation_id_or_member_epoch >= 0 && self.not_coordinator(&group).await {
            // A member's commit is checked against its generation, which only the
            // coordinator knows; a simple (generation -1) commit may go to any node.
            Some(ResponseError::NotCoordinator)
        } else {
            self.groups.may_commit(
                &group,
                req.generation_id_or_member_epoch,
                req.member_id.as_str(),
            )
        };
        let mut failed = false;
        let mut resp = OffsetCommitResponse::default();
        for t in req.topics {
            let name = t.name.0.as_str().to_owned();
            let known = self.topic(&name).is_some();
            let mut topic = OffsetCommitResponseTopic::default();
            topic.name = t.name.clone();
            for p in t.partitions {
                let error = match (refused, known, u32::try_from(p.partition_index)) {
                    (Some(e), ..) => Some(e),
                    (None, false, _) | (None, true, Err(_)) => {
                        Some(ResponseError::UnknownTopicOrPartition)
                    }
                    (None, true, Ok(partition)) => match u64::try_from(p.committed_offset) {
                        Err(_) => Some(ResponseError::InvalidCommitOffsetSize),
                        Ok(offset) => self
                            .broker
                            .meta
                            .offset_commit(&group, &name, partition, offset)
                            .await
                            .err()
                            .map(|_| ResponseError::CoordinatorNotAvailable),
                    },
                };
                failed |= error.is_some();
                let mut part = OffsetCommitResponsePartition::default();
                part.partition_index = p.partition_index;
                part.error_code = code(error);
                topic.partitions.push(part);
            }
            resp.topics.push(topic);
        }
        (resp, failed)
    }

    /// OffsetFetch (one group, v1-7): the committed offset of each partition asked for, -1 for
    /// none; a null topic list (v2 and later) asks for every partition the group committed.
    pub async fn offset_fetch(&self, req: OffsetFetchRequest) -> (OffsetFetchResponse, bool) {
        let group = req.group_id.0.as_str().to_owned();
        let mut failed = false;
        let mut resp = OffsetFetchResponse::default();
        let topics = match req.topics {
            Some(topics) => topics,
            None => match self.broker.meta.offset_list(&group).await {
                Ok(all) => {
                    let mut topics: Vec<OffsetFetchRequestTopic> = Vec::new();
                    for (topic, partition, _) in all {
                        let index = i32::try_from(partition).unwrap_or(i32::MAX);
                        match topics.last_mut() {
                            Some(t) if t.name.0.as_str() == topic => {
                                t.partition_indexes.push(index)
                            }
                            _ => {
                                let mut t = OffsetFetchRequestTopic::default();
                                t.name = TopicName(StrBytes::from_string(topic));
                                t.partition_indexes = vec![index];
                                topics.push(t);
                            }
                        }
                    }
                    topics
                }
                Err(_) => {
                    resp.error_code = ResponseError::CoordinatorNotAvailable.code();
                    return (resp, true);
                }
            },
        };
        for t in topics {
            let name = t.name.0.as_str().to_owned();
            let mut topic = OffsetFetchResponseTopic::default();
            topic.name = t.name.clone();
            for index in t.partition_indexes {
                let mut part = OffsetFetchResponsePartition::default();
                part.partition_index = index;
                part.committed_offset = -1;
                part.committed_leader_epoch = -1;
                part.metadata = Some(StrBytes::default());
                match u32::try_from(index) {
                    Err(_) => part.error_code = ResponseError::UnknownTopicOrPartition.code(),
                    Ok(partition) => {
                        match self
                            .broker
                            .meta
                            .offset_fetch(&group, &name, partition)
                            .await
                        {
                            Ok(Some(offset)) => {
                                part.committed_offset = i64::try_from(offset).unwrap_or(i64::MAX);
                            }
                            Ok(None) => {}
                            Err(_) => {
                                failed = true;
                                part.error_code = ResponseError::CoordinatorNotAvailable.code();
                            }
                        }
                    }
                }
                topic.partitions.push(part);
            }
            resp.topics.push(topic);
        }
        (resp, failed)
    }

    /// DescribeGroups: state, protocol and members of each group; a group this node has no
    /// members of is `Dead`, as Kafka reports an unknown group.
    pub fn describe_groups(&self, req: DescribeGroupsRequest) -> DescribeGroupsResponse {
        let mut resp = DescribeGroupsResponse::default();
        for id in req.groups {
            let mut g = DescribedGroup::default();
            g.group_id = id.clone();
            match self.groups.describe(id.0.as_str()) {
                None => g.group_state = StrBytes::from_static_str("Dead"),
                Some(d) => {
                    g.group_state = StrBytes::from_static_str(d.state);
                    g.protocol_type = StrBytes::from_string(d.protocol_type);
                    g.protocol_data = StrBytes::from_string(d.protocol);
                    g.members = d
                        .members
                        .into_iter()
                        .map(|(member, client, host, metadata, assignment)| {
                            let mut m = DescribedGroupMember::default();
                            m.member_id = StrBytes::from_string(member);
                            m.client_id = StrBytes::from_string(client);
                            m.client_host = StrBytes::from_string(host);
                            m.member_metadata = metadata;
                            m.member_assignment = assignment;
                            m
                        })
                        .collect();
                }
            }
            resp.groups.push(g);
        }
        resp
    }

    /// ListGroups, filtered by state (v4) when asked.
    pub fn list_groups(&self, req: ListGroupsRequest) -> ListGroupsResponse {
        let states: Vec<String> = req
            .states_filter
            .iter()
            .map(|s| s.as_str().to_ascii_lowercase())
            .collect();
        let mut resp = ListGroupsResponse::default();
        resp.groups = self
            .groups
            .list()
            .into_iter()
            .filter(|(_, _, state, _)| {
                states.is_empty() || states.contains(&state.to_ascii_lowercase())
            })
            .map(|(name, protocol_type, state, _)| {
                let mut g = ListedGroup::default();
                g.group_id = kafka_protocol::messages::GroupId(StrBytes::from_string(name));
                g.protocol_type = StrBytes::from_string(protocol_type);
                g.group_state = StrBytes::from_static_str(state);
                g
            })
            .collect();
        resp
    }
}

/// A consumer group as `robustmqctl group describe` shows it.
#[derive(Debug, Clone)]
pub struct GroupView {
    /// Group id.
    pub name: String,
    /// State (`Stable`, `Empty`, ...); `Empty` for a group known only by its offsets.
    pub state: &'static str,
    /// Protocol type (`consumer`).
    pub protocol_type: String,
    /// The assignor chosen.
    pub protocol: String,
    /// Generation.
    pub generation: i32,
    /// Members.
    pub members: Vec<MemberView>,
    /// Committed offsets: topic, partition, offset, and the partition's end (high watermark)
    /// when the topic still exists.
    pub offsets: Vec<(String, u32, u64, Option<u64>)>,
}

/// A member of a [`GroupView`].
#[derive(Debug, Clone)]
pub struct MemberView {
    /// Member id.
    pub id: String,
    /// The client's id.
    pub client_id: String,
    /// The client's address.
    pub host: String,
    /// The partitions assigned, by topic.
    pub assignment: Vec<(String, Vec<i32>)>,
}

/// The partitions a consumer-protocol assignment names; empty when it does not decode.
fn assigned(bytes: &bytes::Bytes) -> Vec<(String, Vec<i32>)> {
    use kafka_protocol::messages::ConsumerProtocolAssignment;
    use kafka_protocol::protocol::Decodable;
    if bytes.len() < 2 {
        return Vec::new();
    }
    let mut buf = bytes.clone();
    let version = i16::from_be_bytes([bytes[0], bytes[1]]);
    bytes::Buf::advance(&mut buf, 2);
    ConsumerProtocolAssignment::decode(&mut buf, version.clamp(0, 3))
        .map(|a| {
            a.assigned_partitions
                .into_iter()
                .map(|tp| (tp.topic.0.as_str().to_owned(), tp.partitions))
                .collect()
        })
        .unwrap_or_default()
}

impl Kafka {
    /// The consumer groups this node coordinates: name, protocol type, state, members.
    pub fn group_list(&self) -> Vec<(String, String, &'static str, usize)> {
        self.groups.list()
    }

    /// One group: its members with their assignments (from this node's coordinator) and its
    /// committed offsets with each partition's end (from meta and the shards). `None` when
    /// neither knows it.
    ///
    /// # Errors
    /// [`crate::core::BrokerError::Meta`] when the offsets cannot be read.
    pub async fn group_view(&self, name: &str) -> crate::core::Result<Option<GroupView>> {
        let described = self.groups.describe(name);
        let committed = self.broker.meta.offset_list(name).await?;
        if described.is_none() && committed.is_empty() {
            return Ok(None);
        }
        let mut offsets = Vec::with_capacity(committed.len());
        for (topic, partition, offset) in committed {
            let end = match self
                .topic(&topic)
                .and_then(|t| self.broker.storage.placement(t.name(), partition))
            {
                Some(placement) => match self.broker.storage.shard_at(&placement).await {
                    Ok(shard) => shard.high_watermark().await.ok(),
                    Err(_) => None,
                },
                None => None,
            };
            offsets.push((topic, partition, offset, end));
        }
        Ok(Some(match described {
            Some(d) => GroupView {
                name: name.to_owned(),
                state: d.state,
                protocol_type: d.protocol_type,
                protocol: d.protocol,
                generation: d.generation,
                members: d
                    .members
                    .into_iter()
                    .map(|(id, client_id, host, _, assignment)| MemberView {
                        id,
                        client_id,
                        host,
                        assignment: assigned(&assignment),
                    })
                    .collect(),
                offsets,
            },
            None => GroupView {
                name: name.to_owned(),
                state: "Empty",
                protocol_type: String::new(),
                protocol: String::new(),
                generation: -1,
                members: Vec::new(),
                offsets,
            },
        }))
    }
}
