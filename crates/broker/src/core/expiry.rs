//! Session expiry: when each detached session ends unless a connection resumes it first. One
//! entry per session (a later disconnect replaces the earlier one) and one task for the whole
//! node, which sleeps until the earliest deadline: a client that connects and disconnects in a
//! loop no longer leaves a timer task behind per disconnect, each holding its session for the
//! whole expiry interval.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use parking_lot::Mutex;
use tokio::sync::Notify;

use crate::core::session::Session;

/// The pending expiries of one broker node, by deadline.
#[derive(Default)]
pub struct Expiries {
    inner: Mutex<Pending>,
    /// Woken when an entry becomes the earliest, so the task sleeps no longer than it should.
    earlier: Notify,
}

#[derive(Default)]
struct Pending {
    /// Per client id: its deadline (the broker's monotonic ms), the session generation that
    /// armed it, and the session.
    by_client: HashMap<Arc<str>, (u64, u64, Arc<Session>)>,
    /// (deadline, client id), in deadline order.
    queue: BTreeSet<(u64, Arc<str>)>,
}

impl Expiries {
    /// Ends `session` at `due_ms` unless its generation has moved from `generation` by then;
    /// replaces any expiry armed for its client id before.
    pub fn arm(&self, session: &Arc<Session>, generation: u64, due_ms: u64) {
        let client_id = Arc::clone(&session.client_id);
        let mut pending = self.inner.lock();
        if let Some((old_due, _, _)) = pending.by_client.insert(
            Arc::clone(&client_id),
            (due_ms, generation, Arc::clone(session)),
        ) {
            pending.queue.remove(&(old_due, Arc::clone(&client_id)));
        }
        let earliest = pending.queue.first().is_none_or(|(d, _)| due_ms < *d);
        pending.queue.insert((due_ms, client_id));
        drop(pending);
        if earliest {
            self.earlier.notify_one();
        }
    }

    /// The earliest deadline, if any.
    pub fn next_due(&self) -> Option<u64> {
        self.inner.lock().queue.first().map(|(d, _)| *d)
    }

    /// Takes the entries due at `now_ms`: (session, generation that armed it).
    pub fn take_due(&self, now_ms: u64) -> Vec<(Arc<Session>, u64)> {
        let mut pending = self.inner.lock();
        let mut due = Vec::new();
        while let Some((deadline, _)) = pending.queue.first()
            && *deadline <= now_ms
        {
            let Some((_, client_id)) = pending.queue.pop_first() else {
                break;
            };
            if let Some((_, generation, session)) = pending.by_client.remove(&client_id) {
                due.push((session, generation));
            }
        }
        due
    }

    /// Waits until an entry earlier than any before is armed.
    pub async fn earlier_armed(&self) {
        self.earlier.notified().await;
    }

    /// Entries pending.
    pub fn len(&self) -> usize {
        self.inner.lock().by_client.len()
    }

    /// Whether none is pending.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_entry_per_session_taken_in_deadline_order() {
        let expiries = Expiries::default();
        let a = Session::new(Arc::from("a"), 60);
        let b = Session::new(Arc::from("b"), 60);
        for round in 0..1000 {
            expiries.arm(&a, round, 10_000 + round);
        }
        assert_eq!(expiries.len(), 1, "a disconnect loop leaves one entry");
        expiries.arm(&b, 7, 500);
        assert_eq!(expiries.next_due(), Some(500));
        assert!(expiries.take_due(499).is_empty());
        let due = expiries.take_due(11_000);
        let ids: Vec<(&str, u64)> = due.iter().map(|(s, g)| (&*s.client_id, *g)).collect();
        assert_eq!(ids, vec![("b", 7), ("a", 999)]);
        assert!(expiries.is_empty());
        assert_eq!(expiries.next_due(), None);
    }
}
