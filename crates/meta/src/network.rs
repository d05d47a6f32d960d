//! Raft RPCs over the inner gRPC service. Each group has its own network factory that stamps the
//! group name on every request; all groups share one lazily connected channel per peer.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use openraft::BasicNode;
use openraft::error::{
    InstallSnapshotError, NetworkError, PayloadTooLarge, RPCError, RaftError, RemoteError,
    Unreachable,
};
use openraft::network::{RPCOption, RaftNetwork, RaftNetworkFactory};
use openraft::raft::{
    AppendEntriesRequest, AppendEntriesResponse, InstallSnapshotRequest, InstallSnapshotResponse,
    VoteRequest, VoteResponse,
};
use parking_lot::Mutex;
use robustmq_proto::auth::{ClusterCredential, InnerChannel};
use robustmq_proto::meta::meta_service_client::MetaServiceClient;
use robustmq_proto::meta::{RaftRpc, RaftRpcKind};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tonic::transport::Channel;

use crate::types::{NodeId, TypeConfig};

/// Largest Raft message either side accepts (snapshot chunks are 3 MiB by default).
pub const MAX_RAFT_MESSAGE: usize = robustmq_meta_client::remote::MAX_MESSAGE_BYTES;
/// Most bytes of an AppendEntries payload sent in one message: the message cap, less room for
/// the envelope. A larger run of entries is split (`PayloadTooLarge`) instead of being refused
/// by the peer, which openraft would retry forever.
pub const MAX_APPEND_PAYLOAD: usize = MAX_RAFT_MESSAGE - (1 << 20);

/// One channel per peer address, shared by every group. Channels connect lazily and reconnect
/// by themselves, which `new_client` (which cannot fail) needs. Every call carries the cluster
/// credential.
#[derive(Clone, Default)]
pub struct Channels {
    by_addr: Arc<Mutex<HashMap<String, Channel>>>,
    credential: ClusterCredential,
}

impl Channels {
    /// Channels whose calls carry `credential`.
    pub fn new(credential: ClusterCredential) -> Channels {
        Channels {
            by_addr: Arc::default(),
            credential,
        }
    }

    /// The channel to `addr` (`host:port`), created on first use.
    pub fn get(&self, addr: &str) -> Result<Channel, tonic::transport::Error> {
        let mut map = self.by_addr.lock();
        if let Some(channel) = map.get(addr) {
            return Ok(channel.clone());
        }
        let channel = self
            .credential
            .endpoint(addr)?
            .connect_timeout(Duration::from_secs(1))
            .tcp_nodelay(true)
            .connect_lazy();
        map.insert(addr.to_owned(), channel.clone());
        Ok(channel)
    }

    /// A client of the meta service at `addr`.
    pub fn client(
        &self,
        addr: &str,
    ) -> Result<MetaServiceClient<InnerChannel>, tonic::transport::Error> {
        Ok(
            MetaServiceClient::with_interceptor(self.get(addr)?, self.credential.clone())
                .max_decoding_message_size(MAX_RAFT_MESSAGE)
                .max_encoding_message_size(MAX_RAFT_MESSAGE),
        )
    }
}

/// Creates the per-peer clients of one group.
pub struct GroupNetwork {
    group: String,
    channels: Channels,
}

impl GroupNetwork {
    /// The network of `group`.
    pub fn new(group: &str, channels: Channels) -> Self {
        Self {
            group: group.to_owned(),
            channels,
        }
    }
}

impl RaftNetworkFactory<TypeConfig> for GroupNetwork {
    type Network = PeerClient;

    async fn new_client(&mut self, target: NodeId, node: &BasicNode) -> Self::Network {
        PeerClient {
            group: self.group.clone(),
            target,
            node: node.clone(),
            client: self.channels.client(&node.addr).map_err(|e| e.to_string()),
        }
    }
}

/// Sends one group's Raft RPCs to one peer.
pub struct PeerClient {
    group: String,
    target: NodeId,
    node: BasicNode,
    client: Result<MetaServiceClient<InnerChannel>, String>,
}

impl PeerClient {
    async fn call<Req, Resp, E>(
        &mut self,
        kind: RaftRpcKind,
        request: &Req,
        option: &RPCOption,
    ) -> Result<Resp, RPCError<NodeId, BasicNode, RaftError<NodeId, E>>>
    where
        Req: Serialize,
        Resp: DeserializeOwned,
        E: std::error::Error + DeserializeOwned,
    {
        let payload =
            bincode::serialize(request).map_err(|e| RPCError::Network(NetworkError::new(&e)))?;
        self.send(kind, payload, option).await
    }

    async fn send<Resp, E>(
        &mut self,
        kind: RaftRpcKind,
        payload: Vec<u8>,
        option: &RPCOption,
    ) -> Result<Resp, RPCError<NodeId, BasicNode, RaftError<NodeId, E>>>
    where
        Resp: DeserializeOwned,
        E: std::error::Error + DeserializeOwned,
    {
        let client = match &mut self.client {
            Ok(client) => client,
            Err(reason) => {
                return Err(RPCError::Unreachable(Unreachable::new(
                    &openraft::AnyError::error(reason.clone()),
                )));
            }
        };
        let mut rpc = tonic::Request::new(RaftRpc {
            group: self.group.clone(),
            kind: kind.into(),
            payload: payload.into(),
        });
        rpc.set_timeout(option.hard_ttl());
        let reply = client
            .raft(rpc)
            .await
            .map_err(|status| match status.code() {
                tonic::Code::Unavailable | tonic::Code::Unknown => {
                    RPCError::Unreachable(Unreachable::new(&status))
                }
                _ => RPCError::Network(NetworkError::new(&status)),
            })?;
        let result: Result<Resp, RaftError<NodeId, E>> =
            robustmq_meta_client::codec::decode_within(
                &reply.into_inner().payload,
                MAX_RAFT_MESSAGE,
            )
            .map_err(|e| RPCError::Network(NetworkError::new(&e)))?;
        result.map_err(|e| {
            RPCError::RemoteError(RemoteError::new_with_node(
                self.target,
                self.node.clone(),
                e,
            ))
        })
    }
}

impl RaftNetwork<TypeConfig> for PeerClient {
    async fn append_entries(
        &mut self,
        rpc: AppendEntriesRequest<TypeConfig>,
        option: RPCOption,
    ) -> Result<AppendEntriesResponse<NodeId>, RPCError<NodeId, BasicNode, RaftError<NodeId>>> {
        let entries = rpc.entries.len() as u64;
        // Sized before it is encoded: a catch-up run may hold hundreds of large entries.
        let size = bincode::serialized_size(&rpc).unwrap_or(u64::MAX);
        if size > MAX_APPEND_PAYLOAD as u64 && entries > 1 {
            // Too many entries for one message: openraft sends fewer next time. One entry always
            // fits (the batcher caps an entry at `node::MAX_ENTRY_BYTES`), so this ends.
            return Err(RPCError::PayloadTooLarge(
                PayloadTooLarge::new_entries_hint(entries / 2),
            ));
        }
        let payload =
            bincode::serialize(&rpc).map_err(|e| RPCError::Network(NetworkError::new(&e)))?;
        self.send(RaftRpcKind::AppendEntries, payload, &option)
            .await
    }

    async fn install_snapshot(
        &mut self,
        rpc: InstallSnapshotRequest<TypeConfig>,
        option: RPCOption,
    ) -> Result<
        InstallSnapshotResponse<NodeId>,
        RPCError<NodeId, BasicNode, RaftError<NodeId, InstallSnapshotError>>,
    > {
        self.call(RaftRpcKind::InstallSnapshot, &rpc, &option).await
    }

    async fn vote(
        &mut self,
        rpc: VoteRequest<NodeId>,
        option: RPCOption,
    ) -> Result<VoteResponse<NodeId>, RPCError<NodeId, BasicNode, RaftError<NodeId>>> {
        self.call(RaftRpcKind::Vote, &rpc, &option).await
    }
}
