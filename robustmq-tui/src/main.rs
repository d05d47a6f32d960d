//! `robustmq-tui`: a live terminal dashboard of a RobustMQ cluster.
//!
//! - [`app`]: the dashboard state, fed by frames, lists and keys; no I/O.
//! - [`ui`]: pure render functions from [`app::App`] to a frame, snapshot-tested.
//! - [`event`]: keys and resizes, merged with the feeders' data into one channel.
//! - [`feed`]: tasks that read the node through the admin client SDK (the one `robustmqctl` uses)
//!   and reconnect on their own.
//!
//! The terminal is restored on exit, on an error, and on a panic (ratatui's hook).

mod app;
mod event;
mod feed;
mod ui;

use std::time::Duration;

use clap::Parser;
use robustmq_admin_client::{AdminClient, Target, TlsFlags};
use tokio::sync::mpsc;

use crate::app::{Action, App};
use crate::event::Event;

/// Live dashboard of a RobustMQ cluster: nodes, Raft groups, topics, clients and connectors.
/// Keys: 1-5 or tab switch views, ? shows the keys, q quits.
#[derive(Debug, Parser)]
#[command(name = "robustmq-tui", version)]
struct Args {
    /// Admin REST base URL of any node.
    #[arg(
        long,
        env = "ROBUSTMQ_ADDR",
        value_name = "URL",
        default_value = "http://127.0.0.1:8080",
        hide_env_values = true
    )]
    server: String,
    /// Use the inner gRPC API at this address (host:port) instead of REST.
    #[arg(long, value_name = "ADDR")]
    grpc: Option<String>,
    /// Bearer token for admin access.
    #[arg(
        long,
        env = "ROBUSTMQ_TOKEN",
        value_name = "TOKEN",
        hide_env_values = true
    )]
    token: Option<String>,
    /// Mutual TLS for `--grpc`, for a node whose inner port serves it.
    #[command(flatten)]
    tls: TlsFlags,
    /// Milliseconds between status frames (100 to 60000).
    #[arg(long, value_name = "MS", default_value_t = 1000,
          value_parser = clap::value_parser!(u64).range(100..=60_000))]
    interval: u64,
}

impl Args {
    fn target(&self) -> Target {
        Target::from_flags(
            &self.server,
            self.grpc.as_deref(),
            self.token.as_deref(),
            self.tls.tls(),
        )
    }
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let target = args.target();
    let mut terminal = ratatui::init();
    let result = runtime.block_on(run(
        &mut terminal,
        target,
        Duration::from_millis(args.interval),
    ));
    ratatui::restore();
    result
}

async fn run(
    terminal: &mut ratatui::DefaultTerminal,
    target: Target,
    interval: Duration,
) -> anyhow::Result<()> {
    let client = AdminClient::new(&target);
    let mut app = App::new(target.address().to_owned());
    let (tx, mut rx) = mpsc::channel(64);
    event::spawn_keys(tx.clone());
    feed::spawn_status(client.clone(), interval, tx.clone());
    feed::spawn_lists(
        client.clone(),
        interval.max(Duration::from_secs(1)),
        tx.clone(),
    );
    terminal.draw(|frame| ui::render(frame, &app))?;
    while let Some(event) = rx.recv().await {
        match event {
            Event::Key(key) => match app.on_key(key) {
                Action::Quit => break,
                Action::Kick(client_id) => feed::spawn_kick(client.clone(), client_id, tx.clone()),
                Action::None => {}
            },
            Event::Update(update) => app.apply(update),
            Event::Redraw => {}
        }
        terminal.draw(|frame| ui::render(frame, &app))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Args;

    #[test]
    fn cli_definition_is_consistent() {
        Args::command().debug_assert();
    }
}
