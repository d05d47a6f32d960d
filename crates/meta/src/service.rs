//! The `MetaService` gRPC server: Raft RPCs routed to their group, and the client API with leader
//! forwarding. It is bound late, like the engine's, so the inner gRPC server can start before
//! the meta role opens its groups.

use std::sync::{Arc, OnceLock};

use openraft::ServerState;
use robustmq_proto::meta as pb;
use robustmq_proto::meta::meta_service_server::{MetaService, MetaServiceServer};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tonic::{Request, Response, Status};

use crate::network::MAX_RAFT_MESSAGE;
use crate::node::MetaNode;
use crate::store::Page;
use crate::types::Command;

/// Where the service finds the node once the meta role has started.
pub type MetaSlot = Arc<OnceLock<Arc<MetaNode>>>;

/// The gRPC face of a [`MetaNode`].
pub struct MetaGrpc {
    slot: MetaSlot,
}

impl MetaGrpc {
    /// A service answering `UNAVAILABLE` until the returned slot is filled.
    pub fn late() -> (MetaServiceServer<Self>, MetaSlot) {
        let slot: MetaSlot = Arc::new(OnceLock::new());
        (Self::server(Arc::clone(&slot)), slot)
    }

    /// A service over a started node.
    pub fn new(node: Arc<MetaNode>) -> MetaServiceServer<Self> {
        let slot: MetaSlot = Arc::new(OnceLock::new());
        let _ = slot.set(node);
        Self::server(slot)
    }

    fn server(slot: MetaSlot) -> MetaServiceServer<Self> {
        MetaServiceServer::new(Self { slot })
            .max_decoding_message_size(MAX_RAFT_MESSAGE)
            .max_encoding_message_size(MAX_RAFT_MESSAGE)
    }

    fn node(&self) -> Result<&Arc<MetaNode>, Status> {
        self.slot
            .get()
            .ok_or_else(|| Status::unavailable("the meta role is not running on this node"))
    }
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Status> {
    robustmq_meta_client::codec::decode_within(bytes, MAX_RAFT_MESSAGE)
        .map_err(|e| Status::invalid_argument(format!("bad payload: {e}")))
}

fn encode<T: Serialize>(value: &T) -> Result<bytes::Bytes, Status> {
    bincode::serialize(value)
        .map(Into::into)
        .map_err(|e| Status::internal(format!("cannot encode reply: {e}")))
}

fn role_name(state: ServerState) -> &'static str {
    match state {
        ServerState::Learner => "learner",
        ServerState::Follower => "follower",
        ServerState::Candidate => "candidate",
        ServerState::Leader => "leader",
        ServerState::Shutdown => "shutdown",
    }
}

#[tonic::async_trait]
impl MetaService for MetaGrpc {
    type WatchStream =
        std::pin::Pin<Box<dyn tokio_stream::Stream<Item = Result<pb::WatchReply, Status>> + Send>>;

    async fn watch(
        &self,
        request: Request<pb::WatchRequest>,
    ) -> Result<Response<Self::WatchStream>, Status> {
        use tokio_stream::StreamExt as _;
        let events = self.node()?.watch(request.into_inner().prefixes);
        let replies = events.map(|event| encode(&event).map(|event| pb::WatchReply { event }));
        Ok(Response::new(Box::pin(replies)))
    }

    async fn raft(
        &self,
        request: Request<pb::RaftRpc>,
    ) -> Result<Response<pb::RaftRpcReply>, Status> {
        let rpc = request.into_inner();
        let node = self.node()?;
        let raft = node.group(&rpc.group).map_err(|e| e.to_status())?.raft();
        let payload = match pb::RaftRpcKind::try_from(rpc.kind) {
            Ok(pb::RaftRpcKind::AppendEntries) => {
                encode(&raft.append_entries(decode(&rpc.payload)?).await)?
            }
            Ok(pb::RaftRpcKind::Vote) => encode(&raft.vote(decode(&rpc.payload)?).await)?,
            Ok(pb::RaftRpcKind::InstallSnapshot) => {
                encode(&raft.install_snapshot(decode(&rpc.payload)?).await)?
            }
            _ => {
                return Err(Status::invalid_argument(format!(
                    "unknown raft rpc kind {}",
                    rpc.kind
                )));
            }
        };
        Ok(Response::new(pb::RaftRpcReply { payload }))
    }

    async fn write(
        &self,
        request: Request<pb::WriteRequest>,
    ) -> Result<Response<pb::WriteReply>, Status> {
        let r = request.into_inner();
        let node = self.node()?;
        let command: Command = decode(&r.command)?;
        let outcome = if r.forwarded {
            node.write_local(&r.group, command).await
        } else {
            node.write(&r.group, command).await
        };
        let (result, log_index) = outcome.map_err(|e| e.to_status())?;
        Ok(Response::new(pb::WriteReply {
            result: encode(&result)?,
            log_index,
        }))
    }

    async fn read(
        &self,
        request: Request<pb::ReadRequest>,
    ) -> Result<Response<pb::ReadReply>, Status> {
        let r = request.into_inner();
        let node = self.node()?;
        let (target, prefix) = match r.target {
            Some(pb::read_request::Target::Key(k)) => (k, false),
            Some(pb::read_request::Target::Prefix(p)) => (p, true),
            None => return Err(Status::invalid_argument("a read needs a key or a prefix")),
        };
        let linearizable = r.consistency == i32::from(pb::ReadConsistency::Linearizable);
        // A remote caller reads in pages (`more`), so that no request gathers a whole group.
        let page = Page::bounded(r.after, r.limit as usize);
        let (entries, more) = if r.forwarded && linearizable {
            // The sender saw this node as leader; confirm it, without forwarding again.
            let group = node.group(&r.group).map_err(|e| e.to_status())?;
            group
                .raft()
                .ensure_linearizable()
                .await
                .map_err(|e| Status::failed_precondition(e.to_string()))?;
            node.read(&r.group, &target, prefix, false, &page).await
        } else {
            node.read(&r.group, &target, prefix, linearizable, &page)
                .await
        }
        .map_err(|e| e.to_status())?;
        Ok(Response::new(pb::ReadReply {
            entries: entries
                .into_iter()
                .map(|(key, value)| pb::KeyValue {
                    key,
                    value: value.into(),
                })
                .collect(),
            more,
        }))
    }

    async fn change_membership(
        &self,
        request: Request<pb::ChangeMembershipRequest>,
    ) -> Result<Response<pb::ChangeMembershipReply>, Status> {
        let r = request.into_inner();
        let node = self.node()?;
        let join = match pb::MembershipAction::try_from(r.action) {
            Ok(pb::MembershipAction::Join) if !r.addr.is_empty() => true,
            Ok(pb::MembershipAction::Join) => {
                return Err(Status::invalid_argument("joining needs the node's addr"));
            }
            Ok(pb::MembershipAction::Leave) => false,
            _ => return Err(Status::invalid_argument("action must be JOIN or LEAVE")),
        };
        let voters = match &r.group {
            Some(group) => {
                let after = node
                    .change_membership_local(group, join, r.node_id, &r.addr)
                    .await
                    .map_err(|e| e.to_status())?;
                [(group.clone(), after)].into_iter().collect()
            }
            None => node
                .change_membership(join, r.node_id, &r.addr)
                .await
                .map_err(|e| e.to_status())?,
        };
        Ok(Response::new(pb::ChangeMembershipReply {
            voters: voters
                .into_iter()
                .map(|(g, ids)| (g, pb::VoterList { ids }))
                .collect(),
        }))
    }

    async fn raft_status(
        &self,
        _: Request<pb::RaftStatusRequest>,
    ) -> Result<Response<pb::RaftStatusReply>, Status> {
        let node = self.node()?;
        let groups = node
            .groups()
            .map(|g| {
                let (voters, learners) = node.membership(g);
                let metrics = g.raft().metrics();
                let m = metrics.borrow();
                pb::GroupStatus {
                    group: g.name().to_owned(),
                    role: role_name(m.state).to_owned(),
                    term: m.current_term,
                    leader: m.current_leader,
                    last_log_index: m.last_log_index,
                    applied_index: m.last_applied.map(|l| l.index),
                    matched: m
                        .replication
                        .as_ref()
                        .map(|r| {
                            r.iter()
                                .map(|(id, l)| (*id, l.map_or(0, |l| l.index)))
                                .collect()
                        })
                        .unwrap_or_default(),
                    voters: voters.into_iter().collect(),
                    learners: learners.into_iter().collect(),
                    committed_index: g.committed_index(),
                }
            })
            .collect();
        Ok(Response::new(pb::RaftStatusReply {
            node_id: node.node_id(),
            groups,
        }))
    }
}
