//! `bench mqtt conn`: opens and holds connections, and reads the broker's resident memory before
//! and after (from `/proc/<pid>/status` when its process id is given).

use std::time::{Duration, Instant};

use serde::Serialize;

use crate::bench::client::{self, BenchError};
use crate::bench::stats::{self, Latency};
use crate::cli::ConnArgs;

/// Connections opened at once when no rate is set.
const PARALLEL: u32 = 64;

/// The summary of a connection run.
#[derive(Debug, Serialize)]
pub struct ConnReport {
    /// `host:port`.
    pub broker: String,
    /// 4 or 5.
    pub mqtt_version: u8,
    /// Connections asked for.
    pub count: u32,
    /// Connections that completed CONNECT/CONNACK.
    pub connected: u32,
    /// Connections that failed.
    pub errors: u32,
    /// Connections completed per second.
    pub connect_rate: f64,
    /// Time from starting to connect to CONNACK, in microseconds.
    pub connect_latency_us: Option<Latency>,
    /// The broker's RSS before connecting, in bytes.
    pub rss_before_bytes: Option<u64>,
    /// The broker's RSS after holding the connections, in bytes.
    pub rss_after_bytes: Option<u64>,
    /// (after − before) / connected.
    pub rss_per_connection_bytes: Option<f64>,
}

/// The resident set size of process `pid`, from `/proc/<pid>/status`.
pub fn rss_bytes(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    rss_from_status(&status)
}

fn rss_from_status(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Runs one connection test.
///
/// # Errors
/// [`BenchError::Unreachable`] when the first connection fails: the broker is not there.
pub async fn run(args: ConnArgs) -> Result<ConnReport, BenchError> {
    let rss_before = args.pid.and_then(rss_bytes);
    let sources = client::source_ips(&args.endpoint, args.count);
    let mut latency = stats::histogram();
    let mut held = Vec::with_capacity(args.count as usize);
    let mut errors = 0u32;
    let started = Instant::now();
    let mut next = 0u32;
    let mut last_report = Instant::now();
    while next < args.count {
        let wave = if args.rate == 0 {
            PARALLEL.min(args.count - next)
        } else {
            // Open as many as the rate allows by now, at most PARALLEL at a time.
            let due = (started.elapsed().as_secs_f64() * f64::from(args.rate)) as u32;
            let wave = due
                .saturating_sub(next)
                .min(PARALLEL)
                .min(args.count - next);
            if wave == 0 {
                tokio::time::sleep(Duration::from_millis(1)).await;
                continue;
            }
            wave
        };
        let mut tasks = Vec::with_capacity(wave as usize);
        for i in next..next + wave {
            let endpoint = args.endpoint.clone();
            let id = format!("{}-conn-{i}", endpoint.client_prefix);
            tasks.push(tokio::spawn(async move {
                let t = Instant::now();
                client::connect(&endpoint, sources, i, id)
                    .await
                    .map(|c| (c, t.elapsed()))
            }));
        }
        for task in tasks {
            match task.await {
                Ok(Ok((c, took))) => {
                    let _ = latency.record((took.as_micros() as u64).max(1));
                    held.push(c);
                }
                Ok(Err(e)) if held.is_empty() && errors == 0 => return Err(e),
                _ => errors += 1,
            }
        }
        next += wave;
        if last_report.elapsed() >= Duration::from_secs(1) {
            eprintln!(
                "[{:>4.0}s] connected {:>7}  errors {errors}",
                started.elapsed().as_secs_f64(),
                held.len()
            );
            last_report = Instant::now();
        }
    }
    let took = started.elapsed();
    tokio::time::sleep(Duration::from_secs(args.hold_secs)).await;
    let rss_after = args.pid.and_then(rss_bytes);
    let connected = held.len() as u32;
    drop(held);
    let latency_us = stats::percentiles(&latency);
    Ok(ConnReport {
        broker: format!("{}:{}", args.endpoint.host, args.endpoint.port),
        mqtt_version: args.endpoint.mqtt_version,
        count: args.count,
        connected,
        errors,
        connect_rate: (f64::from(connected) / took.as_secs_f64().max(1e-9)).round(),
        connect_latency_us: latency_us,
        rss_before_bytes: rss_before,
        rss_after_bytes: rss_after,
        rss_per_connection_bytes: match (rss_before, rss_after) {
            (Some(b), Some(a)) if connected > 0 => {
                Some(((a as f64 - b as f64) / f64::from(connected)).round())
            }
            _ => None,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::rss_from_status;

    #[test]
    fn rss_is_read_from_vmrss_in_kib() {
        let status = "Name:\tmosquitto\nVmPeak:\t  9000 kB\nVmRSS:\t    7312 kB\nThreads:\t1\n";
        assert_eq!(rss_from_status(status), Some(7312 * 1024));
        assert_eq!(rss_from_status("Name: x\n"), None);
    }
}
