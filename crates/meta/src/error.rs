//! Errors of the Meta Service: the same [`MetaError`] its clients see, from
//! `robustmq-meta-client`, so that an error crosses gRPC and comes back as itself.

pub use robustmq_meta_client::error::{MetaError, Result};
