//! Who a client is, as authorization sees it: what a connection authenticated as, kept by its
//! session so that deliveries are checked against it (see [`crate::core::security`]).

use std::sync::Arc;

/// Who a connection is, as authorization sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The client id; shared with the session once the client is connected.
    pub client_id: Arc<str>,
    /// The username it authenticated with (or gave, when anonymous access let it in unchecked).
    pub username: Option<String>,
    /// A superuser passes every ACL rule (not `mqtt.acl_deny`).
    pub superuser: bool,
    /// Whether `username` is a stored user's, checked with its password. An unchecked one (a
    /// name anonymous access let in without a stored user) never satisfies an allow rule or an
    /// allow's `${username}`, or anyone could claim a name a rule trusts; deny rules still hold
    /// against it.
    pub verified: bool,
    /// Whether `username` was verified against the user store (a password or SCRAM), rather
    /// than by a token: such an identity follows the store, losing `verified` when the user is
    /// deleted and taking its current superuser flag (see `Security::effective`).
    pub stored: bool,
}

impl Identity {
    /// The username allow rules may trust: a verified one.
    pub fn acl_username(&self) -> Option<&str> {
        self.username.as_deref().filter(|_| self.verified)
    }

    /// A client that gave no username: what a session is until a connection says otherwise.
    pub fn anonymous(client_id: Arc<str>) -> Identity {
        Identity {
            client_id,
            username: None,
            superuser: false,
            verified: false,
            stored: false,
        }
    }
}
