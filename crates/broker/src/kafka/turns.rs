//! Kafka batches reach MQTT subscribers in the order of their offsets.
//!
//! A connection serves up to sixteen Produce requests at once and several connections may write
//! one partition, so the appends of one partition complete together (one group commit) and the
//! tasks that then route their records to MQTT subscribers wake in no particular order. Each
//! batch that is to be routed takes a [`Ticket`] of its partition where its append takes its
//! place in the partition, under the partition's order lock (`StorageAdapter::append_at_then`),
//! so ticket order is offset order whatever task appends, and routes only once every earlier
//! ticket of the partition is done with. A task waiting for its turn holds its append's fence;
//! every earlier ticket's task took its fence before this one could (it held the order lock
//! until then), so the wait never waits on a fence. A ticket is done when it is dropped, routed or not (its append failed), so one
//! failed append never holds up the batches behind it.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use parking_lot::Mutex;
use tokio::sync::watch;

/// The routing turns of every partition that Kafka batches were routed from.
#[derive(Default)]
pub(crate) struct RouteTurns {
    partitions: Mutex<HashMap<Arc<str>, Arc<Turns>>>,
}

impl RouteTurns {
    /// The next ticket of the partition stored in `shard`. Take it while holding the
    /// partition's order lock (`StorageAdapter::append_at_then`), so ticket order is offset
    /// order.
    pub(crate) fn take(&self, shard: &Arc<str>) -> Ticket {
        let turns = Arc::clone(self.partitions.lock().entry(Arc::clone(shard)).or_default());
        let number = {
            let mut state = turns.state.lock();
            let number = state.next;
            state.next += 1;
            number
        };
        Ticket { turns, number }
    }
}

/// One partition's turns: tickets handed out, the one whose turn it is, and those done before
/// their turn came.
struct Turns {
    state: Mutex<TurnState>,
    current: watch::Sender<u64>,
}

impl Default for Turns {
    fn default() -> Self {
        Self {
            state: Mutex::new(TurnState::default()),
            current: watch::Sender::new(0),
        }
    }
}

#[derive(Default)]
struct TurnState {
    next: u64,
    current: u64,
    early: BTreeSet<u64>,
}

/// A batch's place in its partition's routing order. Dropping it hands the turn on.
pub(crate) struct Ticket {
    turns: Arc<Turns>,
    number: u64,
}

impl Ticket {
    /// Waits until every earlier ticket of the partition is dropped.
    pub(crate) async fn wait(&self) {
        let mut current = self.turns.current.subscribe();
        // The sender lives in `self.turns`, so the wait cannot fail.
        let _ = current.wait_for(|c| *c >= self.number).await;
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut state = self.turns.state.lock();
        if state.current != self.number {
            state.early.insert(self.number);
            return;
        }
        state.current += 1;
        while state.early.first() == Some(&state.current) {
            state.early.pop_first();
            state.current += 1;
        }
        self.turns.current.send_replace(state.current);
    }
}

#[cfg(test)]
mod tests {
    use std::future::Future as _;
    use std::time::Duration;

    use super::*;

    fn shard() -> Arc<str> {
        Arc::from("orders#0")
    }

    /// Polls `ticket.wait()` once: whether its turn has come.
    fn its_turn(ticket: &Ticket) -> bool {
        let waker = futures_util::task::noop_waker();
        let mut cx = std::task::Context::from_waker(&waker);
        let mut wait = Box::pin(ticket.wait());
        wait.as_mut().poll(&mut cx).is_ready()
    }

    #[test]
    fn a_ticket_waits_for_every_earlier_ticket_of_its_partition_only() {
        let turns = RouteTurns::default();
        let first = turns.take(&shard());
        let second = turns.take(&shard());
        let third = turns.take(&shard());
        let elsewhere = turns.take(&Arc::from("orders#1"));
        assert!(its_turn(&first));
        assert!(!its_turn(&second));
        assert!(!its_turn(&third));
        assert!(its_turn(&elsewhere), "partitions are independent");
        drop(first);
        assert!(its_turn(&second));
        assert!(!its_turn(&third));
        drop(second);
        assert!(its_turn(&third));
    }

    #[test]
    fn a_ticket_dropped_before_its_turn_is_skipped_when_the_turn_reaches_it() {
        let turns = RouteTurns::default();
        let first = turns.take(&shard());
        let failed = turns.take(&shard());
        let third = turns.take(&shard());
        drop(failed);
        assert!(!its_turn(&third));
        drop(first);
        assert!(its_turn(&third), "the failed append holds nothing up");
        drop(third);
        assert!(its_turn(&turns.take(&shard())));
    }

    #[tokio::test]
    async fn waiters_woken_together_route_in_ticket_order() {
        let turns = RouteTurns::default();
        let tickets: Vec<Ticket> = (0..8).map(|_| turns.take(&shard())).collect();
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        // Spawned in reverse, so without the turns the last ticket would route first.
        for (i, ticket) in tickets.into_iter().enumerate().rev() {
            let order = Arc::clone(&order);
            tasks.push(tokio::spawn(async move {
                ticket.wait().await;
                order.lock().push(i);
                drop(ticket);
            }));
        }
        for task in tasks {
            tokio::time::timeout(Duration::from_secs(10), task)
                .await
                .expect("every ticket gets its turn")
                .expect("task");
        }
        assert_eq!(*order.lock(), (0..8).collect::<Vec<_>>());
    }
}
