//! The write-behind queue of persistent-session records (see [`crate::core::persist`]): which
//! sessions changed since their record was last written, and the locks that keep two writes of
//! one session in order. Separate from `persist` so that the broker holds it without the two
//! modules importing each other.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use parking_lot::Mutex;
use tokio::sync::Notify;

use crate::core::session::Session;

/// Most records one round of the write-behind task writes at once: enough for meta to pack a
/// burst of SUBSCRIBEs from many clients into few Raft entries (its batcher takes up to 512
/// writes per entry), few enough that a round does not hold hundreds of partition fences at once.
pub const PERSIST_ROUND: usize = 256;

/// How long the write-behind task waits before it retries records whose write failed, so that a
/// meta without a leader is not asked again in a tight loop.
pub const PERSIST_RETRY: Duration = Duration::from_secs(1);

/// How long the write-behind task lets changes gather after the first before it writes: a client
/// that subscribes to a thousand filters one after another costs a few record writes, not a
/// thousand (each record holds every subscription, so per-SUBSCRIBE writes cost the square of
/// their number). It is the durability window the write-behind adds.
pub const PERSIST_DELAY: Duration = Duration::from_millis(50);

/// Lock stripes for [`PersistLocks`]: a power of two well above the rounds' concurrency in
/// distinct hot clients, so that unrelated sessions seldom wait for each other.
const PERSIST_LOCKS: usize = 64;

/// Persistent sessions whose record is due, and the write-behind task's wake. At most one entry
/// per client id: a session changed many times before its round is written once.
#[derive(Default)]
pub struct PersistQueue {
    dirty: Mutex<HashMap<Arc<str>, Arc<Session>>>,
    wake: Notify,
}

impl PersistQueue {
    /// Queues `session` (replacing an entry of its client id) and wakes the task.
    pub fn push(&self, session: &Arc<Session>) {
        self.dirty
            .lock()
            .insert(Arc::clone(&session.client_id), Arc::clone(session));
        self.wake.notify_one();
    }

    /// Queues `session` again after a failed write, unless a newer entry of its client id is
    /// queued already; does not wake the task, which retries after [`PERSIST_RETRY`].
    pub fn push_back(&self, session: &Arc<Session>) {
        self.dirty
            .lock()
            .entry(Arc::clone(&session.client_id))
            .or_insert_with(|| Arc::clone(session));
    }

    /// Takes up to `most` queued sessions, in no particular order.
    pub fn take(&self, most: usize) -> Vec<Arc<Session>> {
        let mut dirty = self.dirty.lock();
        let ids: Vec<Arc<str>> = dirty.keys().take(most).cloned().collect();
        ids.iter().filter_map(|id| dirty.remove(id)).collect()
    }

    /// Waits until something was queued since the last wait returned (a queue that was pushed
    /// to while nobody waited returns at once).
    pub async fn queued(&self) {
        self.wake.notified().await;
    }

    /// How many sessions are queued.
    pub fn len(&self) -> usize {
        self.dirty.lock().len()
    }

    /// Whether no session is queued.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Async locks that keep the record writes of one session in order: a write snapshots the
/// session and then awaits meta, so two concurrent writes could land in the other order and
/// leave the older snapshot in meta. The client id picks one of [`PERSIST_LOCKS`] stripes.
/// Lock order: a stripe, then the partition fences of the storage adapter, then the session's
/// state lock (see `crates/broker/LOCKS.md`).
pub struct PersistLocks([tokio::sync::Mutex<()>; PERSIST_LOCKS]);

impl Default for PersistLocks {
    fn default() -> Self {
        Self(std::array::from_fn(|_| tokio::sync::Mutex::new(())))
    }
}

impl PersistLocks {
    /// The lock of `client_id`'s stripe.
    pub fn of(&self, client_id: &str) -> &tokio::sync::Mutex<()> {
        let mut hasher = std::hash::DefaultHasher::new();
        std::hash::Hash::hash(client_id, &mut hasher);
        let stripe = std::hash::Hasher::finish(&hasher) % PERSIST_LOCKS as u64;
        &self.0[usize::try_from(stripe).unwrap_or(0)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_entry_per_client_and_a_failed_write_does_not_replace_a_newer_one() {
        let queue = PersistQueue::default();
        let old = Session::new(Arc::from("a"), 60);
        let new = Session::new(Arc::from("a"), 60);
        queue.push(&old);
        queue.push(&old);
        queue.push(&Session::new(Arc::from("b"), 60));
        assert_eq!(queue.len(), 2);
        let round = queue.take(10);
        assert_eq!(round.len(), 2);
        assert!(queue.is_empty());
        queue.push(&new);
        queue.push_back(&old);
        let again = queue.take(10);
        assert_eq!(again.len(), 1);
        assert!(Arc::ptr_eq(&again[0], &new), "the newer entry stays");
        queue.push_back(&old);
        assert_eq!(queue.take(1).len(), 1, "a failed write is queued again");
    }
}
