//! `robustmqctl`: the RobustMQ admin CLI.
//!
//! - [`cli`]: flags and subcommands, defined once for parsing, `--help`, man pages and completions.
//! - `robustmq_admin_client::AdminClient` makes every call, over REST (`--server`) or gRPC
//!   (`--grpc`).
//! - [`cmd`]: one module per resource.
//! - [`printer`]: the one printer, table or JSON.
//!
//! Exit codes are a stable contract for scripts: 0 success, 1 the operation failed, 2 bad usage,
//! 3 the server cannot be reached.

mod bench;
mod cli;
mod cmd;
mod printer;

use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use crate::cli::{BenchCommand, Cli, Command};
use robustmq_admin_client::{AdminClient, ClientError};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "robustmqctl",
                &mut std::io::stdout(),
            );
            return ExitCode::SUCCESS;
        }
        Command::Man { ref dir } => {
            return match robustmq_common::cli_docs::write_man_pages(&Cli::command(), dir) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(&ClientError::Failed(format!(
                    "cannot write man pages to {}: {e}",
                    dir.display()
                ))),
            };
        }
        Command::Node(_)
        | Command::Cluster(_)
        | Command::Topic(_)
        | Command::Storage(_)
        | Command::Client(_)
        | Command::Session(_)
        | Command::Subscription(_)
        | Command::Group(_)
        | Command::Config(_)
        | Command::Connector(_)
        | Command::User(_)
        | Command::Acl(_)
        | Command::Blacklist(_)
        | Command::Rewrite(_)
        | Command::AutoSubscribe(_)
        | Command::Bench(_) => {}
    }
    // The load generator wants every core the machine gives it; admin calls need one thread.
    let mut builder = if matches!(cli.command, Command::Bench(_)) {
        tokio::runtime::Builder::new_multi_thread()
    } else {
        tokio::runtime::Builder::new_current_thread()
    };
    let runtime = match builder.enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            return fail(&ClientError::Failed(format!(
                "cannot start the async runtime: {e}"
            )));
        }
    };
    if let Command::Bench(bench) = cli.command {
        let run = async {
            match bench {
                BenchCommand::Mqtt(mqtt) => bench::run_mqtt(mqtt, cli.output).await,
                BenchCommand::Kafka(kafka) => bench::run_kafka(kafka, cli.output).await,
            }
        };
        return match runtime.block_on(run) {
            Ok(()) => ExitCode::SUCCESS,
            Err(bench::client::BenchError::Unreachable { addr, reason }) => {
                fail(&ClientError::Unreachable {
                    target: addr,
                    reason,
                })
            }
            Err(e) => fail(&ClientError::Failed(e.to_string())),
        };
    }
    let client = AdminClient::new(&cli.target());
    let result = runtime.block_on(async {
        match cli.command {
            Command::Node(node) => cmd::node::run(&client, node, cli.output).await,
            Command::Cluster(cluster) => cmd::cluster::run(&client, cluster, cli.output).await,
            Command::Topic(topic) => cmd::topic::run(&client, topic, cli.output).await,
            Command::Storage(storage) => cmd::storage::run(&client, storage, cli.output).await,
            Command::Client(c) => cmd::client::run(&client, c, cli.output).await,
            Command::Session(session) => cmd::session::run(&client, session, cli.output).await,
            Command::Subscription(sub) => cmd::subscription::run(&client, sub, cli.output).await,
            Command::Group(group) => cmd::group::run(&client, group, cli.output).await,
            Command::Config(config) => cmd::config::run(&client, config, cli.output).await,
            Command::Connector(c) => cmd::connector::run(&client, c, cli.output).await,
            Command::User(user) => cmd::user::run(&client, user, cli.output).await,
            Command::Acl(acl) => cmd::acl::run(&client, acl, cli.output).await,
            Command::Blacklist(b) => cmd::blacklist::run(&client, b, cli.output).await,
            Command::Rewrite(r) => cmd::rewrite::run(&client, r, cli.output).await,
            Command::AutoSubscribe(a) => cmd::autosub::run(&client, a, cli.output).await,
            Command::Completions { .. } | Command::Man { .. } | Command::Bench(_) => Ok(()),
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

/// Prints `e` and gives its exit code: 3 when the server could not be reached, 1 when it answered
/// that the operation failed.
fn fail(e: &ClientError) -> ExitCode {
    eprintln!("error: {e}");
    ExitCode::from(match e {
        ClientError::Unreachable { .. } => 3,
        ClientError::Failed(_) => 1,
    })
}
