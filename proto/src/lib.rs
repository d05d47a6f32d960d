//! RobustMQ wire types, generated from `proto/*.proto` at build time.
//!
//! This crate is the one source of protobuf messages and gRPC services. The daemon, `robustmqctl`
//! and `robustmq-tui` all depend on it, so the two ends of every RPC share one definition.
//!
//! - [`node`]: `NodeService` (health and identity), served by every node.
//! - [`engine`]: `EngineService`, the Storage Engine's shards over the network.
//! - [`meta`]: `MetaService`, Raft between meta nodes and the Meta Service client API.
//! - [`admin`]: `AdminService`, the admin API (mirrored as JSON by REST under `/api/v1`).
//! - [`auth`]: the cluster credential that node-to-node calls carry and inner services check.

pub mod auth;

/// `robustmq.node.v1`: health and identity of one node.
pub mod node {
    #![allow(missing_docs, clippy::all, clippy::pedantic)]
    tonic::include_proto!("robustmq.node.v1");
}

/// `robustmq.engine.v1`: shards of a Storage Engine, for brokers on other nodes.
pub mod engine {
    #![allow(missing_docs, clippy::all, clippy::pedantic)]
    tonic::include_proto!("robustmq.engine.v1");
}

/// `robustmq.meta.v1`: Raft traffic between meta nodes and the Meta Service's client API.
pub mod meta {
    #![allow(missing_docs, clippy::all, clippy::pedantic)]
    tonic::include_proto!("robustmq.meta.v1");
}

/// `robustmq.admin.v1`: the admin API; its messages are also the REST API's JSON bodies.
pub mod admin {
    #![allow(missing_docs, clippy::all, clippy::pedantic)]
    tonic::include_proto!("robustmq.admin.v1");
}
