//! `robustmqd`: the RobustMQ daemon.
//!
//! - [`cli`]: the command line.
//! - [`node`]: startup and shutdown of the common servers and the roles.
//! - [`server`]: the common server layer (inner gRPC, admin HTTP, Prometheus).
//! - [`error`]: the one error type of the daemon, [`NodeError`].
//!
//! Exit codes: 0 after a clean stop, 1 on a runtime failure, 2 on a config or usage error.

mod cli;
mod engine_nodes;
mod error;
mod node;
mod server;

use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use robustmq_common::config::DEFAULT_CONFIG_TOML;
use robustmq_common::{Config, ConfigError};
use tracing::info;

use crate::cli::{Cli, Command, ConfigCommand, StartArgs};
pub use crate::error::NodeError;
use crate::node::Node;

/// Exit code after a runtime failure.
const EXIT_RUNTIME: u8 = 1;
/// Exit code for a bad config or bad usage (as clap uses for usage errors).
const EXIT_CONFIG: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Start(args) => start(args),
        Command::Config(ConfigCommand::Check { file }) => {
            match load(Some(&file), None).and_then(|c| c.validate().map(|()| c)) {
                Ok(config) => {
                    print!("{}", config.redacted().to_toml());
                    ExitCode::SUCCESS
                }
                Err(e) => config_failure(&e),
            }
        }
        Command::Config(ConfigCommand::Default) => {
            print!("{DEFAULT_CONFIG_TOML}");
            ExitCode::SUCCESS
        }
        Command::Version => {
            println!("robustmqd {}", robustmq_common::VERSION);
            ExitCode::SUCCESS
        }
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "robustmqd",
                &mut std::io::stdout(),
            );
            ExitCode::SUCCESS
        }
        Command::Man { dir } => {
            match robustmq_common::cli_docs::write_man_pages(&Cli::command(), &dir) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: cannot write man pages to {}: {e}", dir.display());
                    ExitCode::from(EXIT_RUNTIME)
                }
            }
        }
    }
}

/// Loads the config file (if any) with `ROBUSTMQ_*` overrides and, for `start`, the flags.
fn load(path: Option<&std::path::Path>, flags: Option<&StartArgs>) -> Result<Config, ConfigError> {
    let mut config = Config::load(path, std::env::vars())?;
    if let Some(flags) = flags {
        if let Some(roles) = &flags.roles {
            config.roles.clone_from(roles);
        }
        if let Some(node_id) = flags.node_id {
            config.node_id = node_id;
        }
        if let Some(dir) = &flags.data_dir {
            config.data_dir.clone_from(dir);
        }
    }
    Ok(config)
}

fn config_failure(e: &ConfigError) -> ExitCode {
    eprintln!("error: invalid config: {e}");
    ExitCode::from(EXIT_CONFIG)
}

fn start(args: StartArgs) -> ExitCode {
    let config =
        match load(args.config.as_deref(), Some(&args)).and_then(|c| c.validate().map(|()| c)) {
            Ok(config) => config,
            Err(e) => return config_failure(&e),
        };
    // The TLS files are part of the config: one that cannot be used is a config error (exit 2)
    // that names its key, found before anything starts.
    robustmq_net::tls::install_default();
    if let Some(files) = node::tls_files(&config)
        && let Err(e) = robustmq_net::tls::server_config(&files, &[])
    {
        eprintln!("error: invalid config: {e}");
        return ExitCode::from(EXIT_CONFIG);
    }
    let server = &config.server;
    if server.inner_tls()
        && let Err(e) = robustmq_net::tls::check_inner_files(
            server.tls_cert.as_ref(),
            server.tls_key.as_ref(),
            server.tls_ca.as_ref(),
        )
    {
        eprintln!("error: invalid config: {e}");
        return ExitCode::from(EXIT_CONFIG);
    }
    init_tracing();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(EXIT_RUNTIME);
        }
    };
    match runtime.block_on(run(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", one_line(&e));
            ExitCode::from(EXIT_RUNTIME)
        }
    }
}

/// `e` and its causes on one line, each said once: the daemon's errors already name their
/// cause in their own message (`cannot bind ... : Address already in use`), and printing the
/// chain as well would say it twice.
fn one_line(e: &anyhow::Error) -> String {
    let mut line = e.to_string();
    for cause in e.chain().skip(1) {
        let cause = cause.to_string();
        if !line.contains(&cause) {
            line.push_str(": ");
            line.push_str(&cause);
        }
    }
    line
}

async fn run(config: Config) -> anyhow::Result<()> {
    // Signal handlers go in before startup, so a SIGTERM that arrives while roles start is not lost.
    let mut sigterm = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    let stop = async move {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => info!("SIGINT received, shutting down"),
            _ = sigterm.recv() => info!("SIGTERM received, shutting down"),
        }
    };
    let node = Node::start(config).await?;
    node.run_until(stop).await?;
    Ok(())
}

fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("ROBUSTMQ_LOG")
        .or_else(|_| EnvFilter::try_from_default_env())
        .unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .init();
}
