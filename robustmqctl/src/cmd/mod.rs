//! One module per resource. Each turns a parsed subcommand into [`crate::client::AdminClient`]
//! calls and hands the result to [`crate::printer`].

pub mod node;
