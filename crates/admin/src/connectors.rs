//! The connectors API. This build has no connector types, so the answers say exactly that: the
//! list is empty and names no available type, creating one is refused with the reason, and every
//! named connector is unknown. When connector types land, this is where they are validated and
//! recorded; the wire API stays as it is.

use robustmq_proto::admin as pb;

use crate::{Admin, AdminError};

/// The connector types this build can run.
pub const AVAILABLE_TYPES: &[&str] = &[];

impl Admin {
    /// Creates a connector of one of [`AVAILABLE_TYPES`].
    ///
    /// # Errors
    /// [`AdminError::InvalidArgument`] for an empty name, or a type this build cannot run (with
    /// none available, every type).
    pub fn create_connector(
        &self,
        req: &pb::CreateConnectorRequest,
    ) -> Result<pb::Connector, AdminError> {
        if req.name.is_empty() {
            return Err(AdminError::InvalidArgument(
                "a connector needs a name".into(),
            ));
        }
        if AVAILABLE_TYPES.is_empty() {
            return Err(AdminError::InvalidArgument(format!(
                "cannot create connector `{}` of type `{}`: no connector types are available in this build",
                req.name, req.connector_type
            )));
        }
        Err(AdminError::InvalidArgument(format!(
            "unknown connector type `{}`: use one of {}",
            req.connector_type,
            AVAILABLE_TYPES.join(", ")
        )))
    }

    /// Every connector, and the types this build can run.
    pub fn list_connectors(&self) -> pb::ConnectorList {
        pb::ConnectorList {
            connectors: Vec::new(),
            available_types: AVAILABLE_TYPES.iter().map(|t| (*t).to_owned()).collect(),
        }
    }

    /// One connector, for describe, pause, resume and delete.
    ///
    /// # Errors
    /// [`AdminError::NotFound`]: no connector exists.
    pub fn connector(&self, name: &str) -> Result<pb::Connector, AdminError> {
        Err(AdminError::NotFound(format!(
            "connector `{name}` does not exist (no connector types are available in this build)"
        )))
    }
}
