//! `robustmq-tui`: a live terminal dashboard of one RobustMQ node.
//!
//! - [`app`]: the dashboard state, updated from samples; no I/O.
//! - [`ui`]: pure render functions from [`app::App`] to a frame.
//! - [`event`]: keys and ticks, merged into one stream of [`event::Event`].
//! - [`client`]: reads the node's `/health` and `/metrics`; it never reads daemon internals.
//!
//! Raft groups, topics, sessions and connectors join the screen as the admin API exposes them.

mod app;
mod client;
mod event;
mod ui;

use std::time::Duration;

use clap::Parser;

use crate::app::App;
use crate::client::NodeClient;
use crate::event::Event;

/// Live dashboard of a RobustMQ node. Keys: q or Esc to quit.
#[derive(Debug, Parser)]
#[command(name = "robustmq-tui", version)]
struct Args {
    /// Admin REST base URL of the node.
    #[arg(long, env = "ROBUSTMQ_ADDR", default_value = "http://127.0.0.1:8080")]
    server: String,
    /// Prometheus URL of the node.
    #[arg(long, default_value = "http://127.0.0.1:9091/metrics")]
    metrics: String,
    /// Refresh interval in milliseconds.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(100..))]
    interval_ms: u64,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let client = NodeClient::new(&args.server, &args.metrics)?;
    let mut terminal = ratatui::init();
    let result = runtime.block_on(run(
        &mut terminal,
        &client,
        Duration::from_millis(args.interval_ms),
    ));
    ratatui::restore();
    result
}

async fn run(
    terminal: &mut ratatui::DefaultTerminal,
    client: &NodeClient,
    interval: Duration,
) -> anyhow::Result<()> {
    let mut app = App::new(client.target());
    let mut events = event::spawn(interval);
    while let Some(event) = events.recv().await {
        match event {
            Event::Quit => break,
            Event::Tick => app.record(client.sample().await),
            Event::Redraw => {}
        }
        terminal.draw(|frame| ui::render(frame, &app))?;
    }
    Ok(())
}
