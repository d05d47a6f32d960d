//! Meta over gRPC: [`RemoteMeta`] reaches one meta node (any will do: followers forward to the
//! leader), and [`PeerMeta`] the first reachable one of a list, for nodes without the meta role.

use async_trait::async_trait;
use robustmq_proto::auth::{ClusterCredential, InnerChannel};
use robustmq_proto::meta::meta_service_client::MetaServiceClient;
use robustmq_proto::meta::{
    RaftStatusRequest, ReadConsistency, ReadRequest, WatchRequest, WriteRequest, read_request,
};

use crate::command::{Command, CommandResult};
use crate::error::{MetaError, Result};
use crate::keys::{GroupCounts, METADATA_GROUP};
use crate::store::MetaStore;
use crate::watch::{WatchEvent, WatchStream};

pub use crate::codec::MAX_MESSAGE_BYTES;

/// Most entries one `Read` answers: a prefix read of more comes in pages, so that no request
/// makes a node gather a whole group in memory.
pub const MAX_READ_ENTRIES: usize = 1024;

/// Most value bytes one `Read` page gathers (a page holds at least one entry): with
/// [`MAX_READ_ENTRIES`], what keeps a reply well under [`MAX_MESSAGE_BYTES`].
pub const MAX_READ_BYTES: usize = 8 << 20;

/// A meta node reached over gRPC. Cloning is shallow.
#[derive(Clone)]
pub struct RemoteMeta {
    client: MetaServiceClient<InnerChannel>,
    counts: GroupCounts,
}

impl RemoteMeta {
    /// Connects to the meta service at `endpoint` (`http://host:port`) without a cluster
    /// credential (a node whose inner port is on loopback and has no secret).
    ///
    /// # Errors
    /// As [`RemoteMeta::connect_with`].
    pub async fn connect(endpoint: String) -> Result<Self> {
        Self::connect_with(endpoint, ClusterCredential::default()).await
    }

    /// Connects to the meta service at `endpoint` (`host:port` or `http://host:port`; over TLS
    /// when `credential` has inner TLS, whatever the scheme), carrying `credential` on every
    /// call, and learns its groups.
    ///
    /// # Errors
    /// [`MetaError::Unreachable`], [`MetaError::Unauthenticated`] when the node refuses the
    /// credential, or the node's error if it runs no meta role.
    pub async fn connect_with(endpoint: String, credential: ClusterCredential) -> Result<Self> {
        let channel = credential
            .endpoint(&endpoint)
            .map_err(|e| MetaError::Unreachable(e.to_string()))?
            .connect()
            .await
            .map_err(|e| MetaError::Unreachable(e.to_string()))?;
        let mut client = MetaServiceClient::with_interceptor(channel, credential)
            .max_decoding_message_size(MAX_MESSAGE_BYTES)
            .max_encoding_message_size(MAX_MESSAGE_BYTES);
        let status = client
            .raft_status(RaftStatusRequest {})
            .await
            .map_err(|s| MetaError::from_status(METADATA_GROUP, &s))?
            .into_inner();
        let count = |prefix: &str| {
            u32::try_from(
                status
                    .groups
                    .iter()
                    .filter(|g| g.group.starts_with(prefix))
                    .count(),
            )
            .unwrap_or(u32::MAX)
        };
        Ok(Self {
            counts: GroupCounts::new(count("offset-"), count("data-")),
            client,
        })
    }

    /// The raw gRPC client, for calls this API does not cover (such as `RaftStatus`).
    pub fn grpc(&self) -> MetaServiceClient<InnerChannel> {
        self.client.clone()
    }

    /// Every entry of `target`, page after page: each page is consistent by itself (read
    /// after the last write when `linearizable`); a write between pages may or may not show.
    async fn read(
        &self,
        group: &str,
        target: read_request::Target,
        linearizable: bool,
    ) -> Result<Vec<(String, Vec<u8>)>> {
        let consistency = if linearizable {
            ReadConsistency::Linearizable
        } else {
            ReadConsistency::Local
        };
        let mut entries = Vec::new();
        let mut after = String::new();
        loop {
            let reply = self
                .grpc()
                .read(ReadRequest {
                    group: group.to_owned(),
                    target: Some(target.clone()),
                    consistency: consistency.into(),
                    forwarded: false,
                    limit: 0,
                    after: std::mem::take(&mut after),
                })
                .await
                .map_err(|s| MetaError::from_status(group, &s))?
                .into_inner();
            let before = after_of(&entries);
            entries.extend(
                reply
                    .entries
                    .into_iter()
                    .map(|kv| (kv.key, kv.value.to_vec())),
            );
            if !reply.more {
                return Ok(entries);
            }
            after = next_page_after(group, before.as_deref(), &entries)?;
        }
    }
}

fn after_of(entries: &[(String, Vec<u8>)]) -> Option<String> {
    entries.last().map(|(k, _)| k.clone())
}

/// Where the page after `entries` starts, given where the last one started (`before`): the
/// last key, which must have moved forward, or a server that says `more` without progress would
/// be asked the same page for ever.
///
/// # Errors
/// [`MetaError::Codec`] when the page added nothing or went backwards.
pub fn next_page_after(
    group: &str,
    before: Option<&str>,
    entries: &[(String, Vec<u8>)],
) -> Result<String> {
    match entries.last() {
        Some((last, _)) if before.is_none_or(|b| last.as_str() > b) => Ok(last.clone()),
        _ => Err(MetaError::Codec(format!(
            "a read of group `{group}` said more entries follow but its page did not move on"
        ))),
    }
}

#[async_trait]
impl MetaStore for RemoteMeta {
    async fn watch(&self, prefixes: Vec<String>) -> Result<WatchStream> {
        use tokio_stream::StreamExt as _;
        let replies = self
            .grpc()
            .watch(WatchRequest { prefixes })
            .await
            .map_err(|s| MetaError::from_status("", &s))?
            .into_inner();
        // An error ends the stream: the watcher reloads and watches again.
        let events = replies.take_while(Result::is_ok).filter_map(|reply| {
            reply
                .ok()
                .and_then(|r| crate::codec::decode::<WatchEvent>(&r.event).ok())
        });
        Ok(Box::pin(events))
    }

    async fn apply(&self, group: &str, command: Command) -> Result<CommandResult> {
        let command = bincode::serialize(&command).map_err(MetaError::codec)?;
        let reply = self
            .grpc()
            .write(WriteRequest {
                group: group.to_owned(),
                command: command.into(),
                forwarded: false,
            })
            .await
            .map_err(|s| MetaError::from_status(group, &s))?
            .into_inner();
        crate::codec::decode(&reply.result).map_err(MetaError::codec)
    }

    async fn get(&self, group: &str, key: &str, linearizable: bool) -> Result<Option<Vec<u8>>> {
        let found = self
            .read(
                group,
                read_request::Target::Key(key.to_owned()),
                linearizable,
            )
            .await?;
        Ok(found.into_iter().next().map(|(_, v)| v))
    }

    async fn scan(
        &self,
        group: &str,
        prefix: &str,
        linearizable: bool,
    ) -> Result<Vec<(String, Vec<u8>)>> {
        self.read(
            group,
            read_request::Target::Prefix(prefix.to_owned()),
            linearizable,
        )
        .await
    }

    async fn group_counts(&self) -> Result<GroupCounts> {
        Ok(self.counts)
    }
}

/// A [`MetaStore`] for nodes without the meta role: it connects to the first reachable meta peer
/// on first use, and again after that peer becomes unreachable.
pub struct PeerMeta {
    endpoints: Vec<String>,
    credential: ClusterCredential,
    current: tokio::sync::Mutex<Option<RemoteMeta>>,
}

impl PeerMeta {
    /// A store over the meta nodes at `endpoints` (`http://host:port`).
    pub fn new(endpoints: Vec<String>) -> Self {
        Self {
            endpoints,
            credential: ClusterCredential::default(),
            current: tokio::sync::Mutex::new(None),
        }
    }

    /// The same, carrying `credential` on every call.
    pub fn with_credential(mut self, credential: ClusterCredential) -> Self {
        self.credential = credential;
        self
    }

    async fn connected(&self) -> Result<RemoteMeta> {
        let mut current = self.current.lock().await;
        if let Some(meta) = current.as_ref() {
            return Ok(meta.clone());
        }
        let mut last = MetaError::Unreachable("no meta peers are configured".to_owned());
        for endpoint in &self.endpoints {
            match RemoteMeta::connect_with(endpoint.clone(), self.credential.clone()).await {
                Ok(meta) => {
                    *current = Some(meta.clone());
                    return Ok(meta);
                }
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    async fn forget_on<T>(&self, result: Result<T>) -> Result<T> {
        if let Err(MetaError::Unreachable(_)) = &result {
            *self.current.lock().await = None;
        }
        result
    }
}

#[async_trait]
impl MetaStore for PeerMeta {
    async fn watch(&self, prefixes: Vec<String>) -> Result<WatchStream> {
        let meta = self.connected().await?;
        self.forget_on(meta.watch(prefixes).await).await
    }

    async fn apply(&self, group: &str, command: Command) -> Result<CommandResult> {
        let meta = self.connected().await?;
        self.forget_on(meta.apply(group, command).await).await
    }

    async fn get(&self, group: &str, key: &str, linearizable: bool) -> Result<Option<Vec<u8>>> {
        let meta = self.connected().await?;
        self.forget_on(meta.get(group, key, linearizable).await)
            .await
    }

    async fn scan(
        &self,
        group: &str,
        prefix: &str,
        linearizable: bool,
    ) -> Result<Vec<(String, Vec<u8>)>> {
        let meta = self.connected().await?;
        self.forget_on(meta.scan(group, prefix, linearizable).await)
            .await
    }

    async fn group_counts(&self) -> Result<GroupCounts> {
        self.connected().await?.group_counts().await
    }
}
