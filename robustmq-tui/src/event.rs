//! Keys, terminal resizes and data from the feeders, merged into one channel so the main loop
//! has a single place to wait.

use std::time::Duration;

use ratatui::crossterm::event::{self, KeyEvent, KeyEventKind};
use tokio::sync::mpsc;

use crate::app::Update;

/// How often the key reader checks whether the dashboard has gone away.
const KEY_POLL: Duration = Duration::from_millis(100);

/// What the main loop reacts to.
#[derive(Debug)]
pub enum Event {
    /// A key was pressed.
    Key(KeyEvent),
    /// The terminal changed size; draw again.
    Redraw,
    /// Data from a feeder.
    Update(Update),
}

/// Starts the key reader on `tx`. It is a blocking thread because crossterm's `read` blocks; it
/// ends when the receiver is dropped or the terminal cannot be read.
pub fn spawn_keys(tx: mpsc::Sender<Event>) {
    std::thread::spawn(move || {
        while !tx.is_closed() {
            match event::poll(KEY_POLL) {
                Ok(false) => continue,
                Ok(true) => {}
                Err(_) => break,
            }
            let mapped = match event::read() {
                Ok(event::Event::Key(key)) if key.kind == KeyEventKind::Press => {
                    Some(Event::Key(key))
                }
                Ok(event::Event::Resize(..)) => Some(Event::Redraw),
                Ok(_) => None,
                Err(_) => break,
            };
            if let Some(e) = mapped
                && tx.blocking_send(e).is_err()
            {
                break;
            }
        }
    });
}
