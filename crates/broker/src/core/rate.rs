//! A token bucket for `mqtt.max_publish_rate`: how many messages one connection may publish per
//! second, with a burst of one second's worth. Protocol-neutral, so a Kafka producer
//! connection can be held to the same rate.
//!
//! The bucket never refuses: a message always takes its token, and a bucket in debt says how
//! long the connection must wait before reading more. The driver stops reading for that long,
//! so the client is slowed by TCP backpressure and nothing is dropped; the debt is at most one
//! message, because the driver stops at the first message that goes into debt.

use std::num::NonZeroU32;
use std::time::{Duration, Instant};

/// One connection's publish budget.
#[derive(Debug, Clone)]
pub struct RateLimit {
    /// Tokens added per second, and the most the bucket holds.
    per_sec: f64,
    /// Tokens held; below zero while in debt.
    tokens: f64,
    /// When `tokens` was last brought up to date.
    at: Instant,
}

impl RateLimit {
    /// A full bucket for `per_sec` messages a second.
    pub fn new(per_sec: NonZeroU32, now: Instant) -> RateLimit {
        let per_sec = f64::from(per_sec.get());
        RateLimit {
            per_sec,
            tokens: per_sec,
            at: now,
        }
    }

    /// Takes a token for one message at `now`. `None` when the bucket had one; otherwise how
    /// long to wait before the next message, which pays the debt back.
    pub fn take(&mut self, now: Instant) -> Option<Duration> {
        let elapsed = now.saturating_duration_since(self.at).as_secs_f64();
        self.at = now;
        self.tokens = (self.tokens + elapsed * self.per_sec).min(self.per_sec) - 1.0;
        (self.tokens < 0.0).then(|| Duration::from_secs_f64(-self.tokens / self.per_sec))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(n: u32) -> NonZeroU32 {
        NonZeroU32::new(n).expect("non-zero")
    }

    #[test]
    fn a_burst_of_one_seconds_worth_then_one_message_per_interval() {
        let t0 = Instant::now();
        let mut limit = RateLimit::new(rate(10), t0);
        for i in 0..9 {
            assert_eq!(limit.take(t0), None, "message {i} of the burst");
        }
        assert_eq!(limit.take(t0), None, "the tenth empties the bucket");
        let wait = limit.take(t0).expect("the eleventh goes into debt");
        assert!((wait.as_secs_f64() - 0.1).abs() < 1e-9, "{wait:?}");
        let later = t0 + wait;
        let wait = limit.take(later).expect("one token came back and is taken");
        assert!((wait.as_secs_f64() - 0.1).abs() < 1e-9, "{wait:?}");
    }

    #[test]
    fn an_idle_bucket_refills_only_to_its_size() {
        let t0 = Instant::now();
        let mut limit = RateLimit::new(rate(2), t0);
        assert_eq!(limit.take(t0), None);
        assert_eq!(limit.take(t0), None);
        assert!(limit.take(t0).is_some());
        let much_later = t0 + Duration::from_secs(60);
        assert_eq!(limit.take(much_later), None);
        assert_eq!(limit.take(much_later), None, "two, not 120");
        assert!(limit.take(much_later).is_some());
    }
}
