//! The admin API of a node, served twice from one implementation: `AdminService` on the inner
//! gRPC server and REST under `/api/v1` on the admin HTTP server. Both use the generated types of
//! `proto/admin.proto` (REST as JSON), so their fields cannot differ.
//!
//! - [`core`]: [`Admin`], the operations (cluster, topics, storage, config over the Meta Service
//!   and the engine; clients and sessions of this node's broker);
//! - [`grpc`]: the `AdminService` server;
//! - [`rest`]: the axum routes;
//! - [`connectors`]: the connectors API, which says that this build has no connector types;
//! - [`security`]: users, ACL rules and the blacklist;
//! - [`status`]: `GetNodeStatus` and the `WatchStatus` stream of the whole cluster;
//! - [`error`]: [`AdminError`] and its one mapping onto gRPC codes and HTTP statuses.
//!
//! Both servers start before the roles do, so each holds an [`AdminSlot`] that is filled once
//! the node's roles are up; until then they answer "unavailable".

pub mod connectors;
pub mod core;
pub mod error;
pub mod grpc;
pub mod rest;
pub mod security;
pub mod status;

use std::sync::{Arc, OnceLock};

pub use crate::core::Admin;
pub use crate::error::AdminError;

/// Where the servers find the [`Admin`] once the roles have started.
pub type AdminSlot = Arc<OnceLock<Arc<Admin>>>;

/// Whether `header` (an `authorization` value) carries `token` as a bearer token. An empty
/// `token` means no token is required.
pub fn token_ok(token: &str, header: Option<&str>) -> bool {
    token.is_empty()
        || header
            .and_then(|h| h.strip_prefix("Bearer "))
            .is_some_and(|given| constant_time_eq(given.as_bytes(), token.as_bytes()))
}

/// Compares without returning early, so response timing does not reveal a token's prefix.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::token_ok;

    #[test]
    fn bearer_token_is_checked_only_when_one_is_set() {
        assert!(token_ok("", None));
        assert!(token_ok("s3cret", Some("Bearer s3cret")));
        assert!(!token_ok("s3cret", Some("Bearer s3cre")));
        assert!(!token_ok("s3cret", Some("s3cret")));
        assert!(!token_ok("s3cret", None));
    }
}
