//! Flapping detection: a client id that connects more than `mqtt.flapping_max_connects` times
//! within `mqtt.flapping_window_secs` is banned for `mqtt.flapping_ban_secs` (EMQX's flapping
//! detection, with its defaults: 15 connects in a minute, banned for five minutes). A client
//! stuck in a reconnect loop, or a script hammering one id, then costs one refused CONNECT per
//! attempt instead of a session takeover, a will and a meta write each time.
//!
//! The ban is an ordinary blacklist record (reason `flapping`, with an end), so operators see
//! it in `robustmqctl blacklist list` and can lift it with `blacklist delete`. Counting is per
//! broker node, in memory.

use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;

use parking_lot::Mutex;

/// What `mqtt.flapping_*` configure; `max_connects = 0` turns detection off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlappingPolicy {
    /// Connects allowed within a window; one more bans.
    pub max_connects: u32,
    /// The window, milliseconds.
    pub window_ms: i64,
    /// How long the ban lasts, milliseconds.
    pub ban_ms: i64,
}

/// Recent connects per client id.
#[derive(Debug)]
pub struct Flapping {
    policy: FlappingPolicy,
    /// Per client id, by a keyed 64-bit hash of it (every client that connected within a window
    /// has an entry, so it is kept small: no copy of the id): when its window started (Unix ms)
    /// and its connects in it. The key is random per process, so nobody can choose ids whose
    /// counts merge.
    seen: Mutex<HashMap<u64, (i64, u32)>>,
    hasher: RandomState,
}

impl Flapping {
    /// No connects seen yet.
    pub fn new(policy: FlappingPolicy) -> Flapping {
        Flapping {
            policy,
            seen: Mutex::new(HashMap::new()),
            hasher: RandomState::new(),
        }
    }

    /// The policy in force.
    pub fn policy(&self) -> FlappingPolicy {
        self.policy
    }

    /// Counts a connect of `client_id` at `now_ms`. Returns true when this connect is one too
    /// many: the caller bans the client id. The count starts over after a ban.
    pub fn connect(&self, client_id: &str, now_ms: i64) -> bool {
        if self.policy.max_connects == 0 {
            return false;
        }
        let key = self.hasher.hash_one(client_id);
        let mut seen = self.seen.lock();
        let entry = seen.entry(key).or_insert((now_ms, 0));
        if now_ms - entry.0 >= self.policy.window_ms {
            *entry = (now_ms, 0);
        }
        entry.1 += 1;
        if entry.1 > self.policy.max_connects {
            seen.remove(&key);
            return true;
        }
        false
    }

    /// Forgets the client ids whose window is over at `now_ms`: run periodically, it keeps the
    /// table to the ids seen within one window.
    pub fn prune(&self, now_ms: i64) {
        let window = self.policy.window_ms;
        self.seen
            .lock()
            .retain(|_, (start, _)| now_ms - *start < window);
    }

    /// Client ids tracked now.
    pub fn tracked(&self) -> usize {
        self.seen.lock().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> FlappingPolicy {
        FlappingPolicy {
            max_connects: 3,
            window_ms: 1000,
            ban_ms: 5000,
        }
    }

    #[test]
    fn one_connect_over_the_limit_within_the_window_bans() {
        let f = Flapping::new(policy());
        assert!(!f.connect("c", 0));
        assert!(!f.connect("c", 10));
        assert!(!f.connect("other", 20));
        assert!(!f.connect("c", 999));
        assert!(f.connect("c", 999), "the fourth within a second");
        assert!(!f.connect("c", 1000), "counting starts over after a ban");
    }

    #[test]
    fn a_new_window_starts_the_count_over_and_pruning_forgets_old_windows() {
        let f = Flapping::new(policy());
        for t in [0, 1, 2] {
            assert!(!f.connect("c", t));
        }
        assert!(!f.connect("c", 1000), "a new window");
        f.connect("d", 1500);
        f.prune(2000);
        assert_eq!(f.tracked(), 1, "c's window is over; d's is not");
        let off = Flapping::new(FlappingPolicy {
            max_connects: 0,
            ..policy()
        });
        assert!((0..100).all(|t| !off.connect("c", t)), "0 turns it off");
        assert_eq!(off.tracked(), 0);
    }
}
