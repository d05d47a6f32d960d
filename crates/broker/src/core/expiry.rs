//! Timers per detached session: when each session ends, and when each delayed will is
//! published, unless a connection resumes the session first. One entry per session and kind (a
//! later disconnect replaces the earlier one) and one task per kind for the whole node, which
//! sleeps until the earliest deadline: a client that connects and disconnects in a loop no longer
//! leaves a timer task behind per disconnect, each holding its session (and its will) for the
//! whole interval.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use parking_lot::{Mutex, MutexGuard};
use tokio::sync::Notify;

use crate::core::session::Session;

/// Session expiries: [`Deadlines`] with nothing attached.
pub type Expiries = Deadlines<()>;

/// The pending deadlines of one kind on one broker node, by deadline, each carrying a `T` (the
/// will to publish, say).
pub struct Deadlines<T> {
    inner: Mutex<Pending<T>>,
    /// Woken when an entry becomes the earliest, so the task sleeps no longer than it should.
    earlier: Notify,
}

impl<T> Default for Deadlines<T> {
    fn default() -> Self {
        Self {
            inner: Mutex::new(Pending {
                by_client: HashMap::new(),
                queue: BTreeSet::new(),
            }),
            earlier: Notify::new(),
        }
    }
}

/// One armed deadline: when (the broker's monotonic ms), the session generation that armed it,
/// the session, and what it carries.
type Entry<T> = (u64, u64, Arc<Session>, T);

struct Pending<T> {
    /// Per client id, its entry.
    by_client: HashMap<Arc<str>, Entry<T>>,
    /// (deadline, client id), in deadline order.
    queue: BTreeSet<(u64, Arc<str>)>,
}

impl<T> Deadlines<T> {
    /// Fires for `session` at `due_ms` with `value`, unless its generation has moved from
    /// `generation` by then (the caller checks, when it takes the entry); replaces any entry
    /// armed for its client id before.
    pub fn arm(&self, session: &Arc<Session>, generation: u64, due_ms: u64, value: T) {
        let client_id = Arc::clone(&session.client_id);
        let mut pending = self.inner.lock();
        if let Some((old_due, ..)) = pending.by_client.insert(
            Arc::clone(&client_id),
            (due_ms, generation, Arc::clone(session), value),
        ) {
            pending.queue.remove(&(old_due, Arc::clone(&client_id)));
        }
        self.queue_at(pending, due_ms, client_id);
    }

    /// Puts `client_id` in the deadline order at `due_ms` and, once `pending` is released, wakes
    /// the task if that is now the earliest deadline.
    fn queue_at(&self, mut pending: MutexGuard<'_, Pending<T>>, due_ms: u64, client_id: Arc<str>) {
        let earliest = pending.queue.first().is_none_or(|(d, _)| due_ms < *d);
        pending.queue.insert((due_ms, client_id));
        drop(pending);
        if earliest {
            self.earlier.notify_one();
        }
    }

    /// Drops the entry of `client_id`, if any (its session resumed), so it holds nothing until
    /// its deadline.
    pub fn cancel(&self, client_id: &str) {
        let mut pending = self.inner.lock();
        if let Some((client_id, (due, ..))) = pending.by_client.remove_entry(client_id) {
            pending.queue.remove(&(due, client_id));
        }
    }

    /// Moves the entry of `session`'s client id to `due_ms`, if `session` armed it (not a later
    /// session of the same client id) and it was due later: the session ends now, and what its
    /// entry carries is due now. Returns whether it moved.
    pub fn hasten(&self, session: &Arc<Session>, due_ms: u64) -> bool {
        let mut pending = self.inner.lock();
        let Some(entry) = pending.by_client.get_mut(&session.client_id) else {
            return false;
        };
        if !Arc::ptr_eq(&entry.2, session) || entry.0 <= due_ms {
            return false;
        }
        let old = std::mem::replace(&mut entry.0, due_ms);
        let client_id = Arc::clone(&session.client_id);
        pending.queue.remove(&(old, Arc::clone(&client_id)));
        self.queue_at(pending, due_ms, client_id);
        true
    }

    /// The earliest deadline, if any.
    pub fn next_due(&self) -> Option<u64> {
        self.inner.lock().queue.first().map(|(d, _)| *d)
    }

    /// Takes the entries due at `now_ms`: (session, generation that armed it, value).
    pub fn take_due(&self, now_ms: u64) -> Vec<(Arc<Session>, u64, T)> {
        let mut pending = self.inner.lock();
        let mut due = Vec::new();
        while let Some((deadline, _)) = pending.queue.first()
            && *deadline <= now_ms
        {
            let Some((_, client_id)) = pending.queue.pop_first() else {
                break;
            };
            if let Some((_, generation, session, value)) = pending.by_client.remove(&client_id) {
                due.push((session, generation, value));
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
            expiries.arm(&a, round, 10_000 + round, ());
        }
        assert_eq!(expiries.len(), 1, "a disconnect loop leaves one entry");
        expiries.arm(&b, 7, 500, ());
        assert_eq!(expiries.next_due(), Some(500));
        assert!(expiries.take_due(499).is_empty());
        let due = expiries.take_due(11_000);
        let ids: Vec<(&str, u64)> = due.iter().map(|(s, g, ())| (&*s.client_id, *g)).collect();
        assert_eq!(ids, vec![("b", 7), ("a", 999)]);
        assert!(expiries.is_empty());
        assert_eq!(expiries.next_due(), None);
    }

    #[test]
    fn a_cancelled_entry_is_gone_and_a_later_one_still_fires() {
        let wills: Deadlines<&str> = Deadlines::default();
        let a = Session::new(Arc::from("a"), 60);
        let b = Session::new(Arc::from("b"), 60);
        wills.arm(&a, 1, 100, "will of a");
        wills.arm(&b, 1, 200, "will of b");
        wills.cancel("a");
        wills.cancel("nobody");
        assert_eq!(wills.len(), 1);
        assert_eq!(wills.next_due(), Some(200));
        let due = wills.take_due(1_000);
        assert_eq!(due.len(), 1);
        assert_eq!((&*due[0].0.client_id, due[0].2), ("b", "will of b"));
    }

    #[test]
    fn a_session_hastens_only_its_own_entry() {
        let wills: Deadlines<&str> = Deadlines::default();
        let first = Session::new(Arc::from("a"), 60);
        let second = Session::new(Arc::from("a"), 60);
        wills.arm(&second, 1, 100, "will of the second");
        assert!(
            !wills.hasten(&first, 5),
            "another session of the same client id"
        );
        assert_eq!(wills.next_due(), Some(100));
        assert!(wills.hasten(&second, 5));
        assert!(!wills.hasten(&second, 50), "never later");
        assert_eq!(wills.next_due(), Some(5));
        let due = wills.take_due(5);
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].2, "will of the second");
        assert!(wills.is_empty());
    }
}
