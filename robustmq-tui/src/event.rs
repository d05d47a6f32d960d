//! Keys and ticks, merged into one channel so the main loop has a single place to wait.

use std::time::Duration;

use ratatui::crossterm::event::{self, KeyCode, KeyEventKind, KeyModifiers};
use tokio::sync::mpsc;

/// How often the key reader checks whether the dashboard has gone away.
const KEY_POLL: Duration = Duration::from_millis(100);

/// What the main loop reacts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// Time to poll the node.
    Tick,
    /// The terminal changed size; draw again.
    Redraw,
    /// The user asked to leave.
    Quit,
}

/// Starts the tick timer and the key reader. The key reader is a blocking thread because
/// crossterm's `read` blocks; it ends when the receiver is dropped.
pub fn spawn(interval: Duration) -> mpsc::Receiver<Event> {
    let (tx, rx) = mpsc::channel(16);
    let ticks = tx.clone();
    tokio::spawn(async move {
        let mut timer = tokio::time::interval(interval);
        loop {
            timer.tick().await;
            if ticks.send(Event::Tick).await.is_err() {
                break;
            }
        }
    });
    std::thread::spawn(move || {
        while !tx.is_closed() {
            match event::poll(KEY_POLL) {
                Ok(false) => continue,
                Ok(true) => {}
                Err(_) => break,
            }
            let mapped = match event::read() {
                Ok(event::Event::Key(key)) if key.kind == KeyEventKind::Press => match key.code {
                    KeyCode::Char('q') | KeyCode::Esc => Some(Event::Quit),
                    KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                        Some(Event::Quit)
                    }
                    _ => None,
                },
                Ok(event::Event::Resize(..)) => Some(Event::Redraw),
                Ok(_) => None,
                Err(_) => Some(Event::Quit),
            };
            if let Some(e) = mapped
                && tx.blocking_send(e).is_err()
            {
                break;
            }
        }
    });
    rx
}
