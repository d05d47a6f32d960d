//! Dashboard state. It is fed samples and derives everything it shows from them, so the render
//! functions stay pure and testable.

use std::collections::VecDeque;

use crate::client::{Health, ProcessMetrics, Sample};

/// How many samples the sparklines keep.
pub const HISTORY: usize = 120;

/// What the dashboard knows about the node.
#[derive(Debug, Default)]
pub struct App {
    /// Where the node is.
    pub target: String,
    /// The last health report, kept while the node is unreachable so the screen does not blank.
    pub health: Option<Health>,
    /// The last metrics.
    pub metrics: ProcessMetrics,
    /// The last poll's error, if it failed.
    pub error: Option<String>,
    /// CPU use in percent of one core between consecutive samples, oldest first.
    pub cpu_history: VecDeque<u64>,
    /// Resident memory in KiB, oldest first.
    pub rss_history: VecDeque<u64>,
    /// Samples taken.
    pub samples: u64,
    last_cpu: Option<(f64, std::time::Instant)>,
}

impl App {
    /// A dashboard for `target` with nothing sampled yet.
    pub fn new(target: String) -> Self {
        Self {
            target,
            ..Self::default()
        }
    }

    /// Takes in one poll of the node.
    pub fn record(&mut self, sample: Sample) {
        self.record_at(sample, std::time::Instant::now());
    }

    fn record_at(&mut self, sample: Sample, now: std::time::Instant) {
        self.samples += 1;
        match sample {
            Ok((health, metrics)) => {
                if let Some((cpu, at)) = self.last_cpu {
                    let elapsed = now.duration_since(at).as_secs_f64();
                    if elapsed > 0.0 {
                        let percent = ((metrics.cpu_seconds - cpu).max(0.0) / elapsed) * 100.0;
                        push(&mut self.cpu_history, percent.round() as u64);
                    }
                }
                self.last_cpu = Some((metrics.cpu_seconds, now));
                push(&mut self.rss_history, (metrics.rss_bytes / 1024.0) as u64);
                self.health = Some(health);
                self.metrics = metrics;
                self.error = None;
            }
            Err(e) => self.error = Some(e),
        }
    }
}

fn push(history: &mut VecDeque<u64>, value: u64) {
    if history.len() == HISTORY {
        history.pop_front();
    }
    history.push_back(value);
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;

    fn health() -> Health {
        Health {
            status: "ok".to_owned(),
            node_id: 1,
            roles: vec!["meta".to_owned()],
            ready_roles: vec!["meta".to_owned()],
            version: "0.1.0".to_owned(),
        }
    }

    fn metrics(cpu: f64) -> ProcessMetrics {
        ProcessMetrics {
            cpu_seconds: cpu,
            rss_bytes: 4096.0,
            ..ProcessMetrics::default()
        }
    }

    #[test]
    fn cpu_percent_is_derived_from_consecutive_samples() {
        let mut app = App::new("n".to_owned());
        let t0 = Instant::now();
        app.record_at(Ok((health(), metrics(1.0))), t0);
        app.record_at(Ok((health(), metrics(1.5))), t0 + Duration::from_secs(1));
        assert_eq!(app.cpu_history, [50]);
        assert_eq!(app.rss_history, [4, 4]);
    }

    #[test]
    fn an_error_keeps_the_last_health_on_screen() {
        let mut app = App::new("n".to_owned());
        app.record(Ok((health(), metrics(0.0))));
        app.record(Err("connection refused".to_owned()));
        assert!(app.health.is_some());
        assert_eq!(app.error.as_deref(), Some("connection refused"));
    }

    #[test]
    fn history_is_bounded() {
        let mut app = App::new("n".to_owned());
        for _ in 0..HISTORY + 10 {
            app.record(Ok((health(), metrics(0.0))));
        }
        assert_eq!(app.rss_history.len(), HISTORY);
    }
}
