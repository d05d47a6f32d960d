//! The command line of `robustmqd`. Each flag is defined once here; parsing, `--help`, the man
//! page and the shell completions are all generated from these definitions.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use robustmq_common::Role;

/// RobustMQ daemon: Meta Service, Broker and Storage Engine in one binary.
#[derive(Debug, Parser)]
#[command(name = "robustmqd", version, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands of `robustmqd`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a node. With no config file: one node with all roles, on 127.0.0.1, storing in ./data.
    Start(StartArgs),
    /// Inspect configuration files.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Print the version.
    Version,
    /// Print a shell completion script to stdout.
    Completions {
        /// The shell to generate for.
        shell: clap_complete::Shell,
    },
    /// Write man pages (robustmqd.1 and one per subcommand) into a directory.
    Man {
        /// Directory to write into; created if missing.
        dir: PathBuf,
    },
}

/// Flags of `robustmqd start`. Each overrides the config file and the environment.
#[derive(Debug, Args)]
pub struct StartArgs {
    /// Config file (TOML). Keys it leaves out take their defaults.
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Roles to run, comma-separated: meta, broker, engine.
    #[arg(long, value_delimiter = ',', value_name = "ROLES")]
    pub roles: Option<Vec<Role>>,
    /// This node's id.
    #[arg(long, value_name = "N")]
    pub node_id: Option<u64>,
    /// Directory for all persistent state.
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

/// Subcommands of `robustmqd config`.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Validate a config file (with ROBUSTMQ_* overrides applied) and print the effective config.
    Check {
        /// The file to check.
        file: PathBuf,
    },
    /// Print the documented default config.
    Default,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn roles_flag_takes_a_comma_separated_list() {
        let cli =
            Cli::try_parse_from(["robustmqd", "start", "--roles", "meta,engine"]).expect("parses");
        let Command::Start(args) = cli.command else {
            panic!("expected start");
        };
        assert_eq!(args.roles, Some(vec![Role::Meta, Role::Engine]));
    }

    #[test]
    fn unknown_role_flag_is_a_usage_error() {
        let err = Cli::try_parse_from(["robustmqd", "start", "--roles", "brokr"])
            .expect_err("brokr is not a role");
        assert_eq!(err.exit_code(), 2);
    }
}
