//! `bench mqtt pub|sub|pubsub`: publishers and subscribers as tokio tasks, a progress line every
//! second, and a summary.
//!
//! Subscribers connect and subscribe first; publishers then publish for `--duration-secs`, in a
//! closed loop (as fast as the broker takes them; QoS 1 within `--inflight` unacknowledged per
//! publisher) or an open loop (`--rate`, spread evenly in 1 ms steps). Every payload carries its
//! send time, its publisher's sequence number and the publisher's number, so subscribers count
//! duplicates and loss and measure latency without any coordination.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use robustmq_mqtt_codec::{Ack, Disconnect, Packet, Properties, Publish, QoS, ReasonCode};
use serde::Serialize;
use tokio::io::AsyncWriteExt as _;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;

use crate::bench::client::{self, BenchError, Client};
use crate::bench::stats::{self, Arrivals, Counters, Latency};
use crate::cli::LoadArgs;

/// Which clients a run starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Publishers only.
    Pub,
    /// Subscribers only.
    Sub,
    /// Both.
    PubSub,
}

/// Publishes written in one socket write, at most.
const BATCH: usize = 32;

/// The summary of a run. Rates are per second over the publishing (or listening) time.
#[derive(Debug, Serialize)]
pub struct LoadReport {
    /// `pub`, `sub` or `pubsub`.
    pub mode: &'static str,
    /// `host:port`.
    pub broker: String,
    /// 4 or 5.
    pub mqtt_version: u8,
    /// 0 or 1.
    pub qos: u8,
    /// Payload bytes.
    pub size: u32,
    /// Publishing clients.
    pub publishers: u32,
    /// Subscribing clients.
    pub subscribers: u32,
    /// The shared-subscription group, if any.
    pub shared: Option<String>,
    /// The open-loop target, if any.
    pub target_rate: Option<u64>,
    /// Seconds spent publishing (or listening).
    pub duration_s: f64,
    /// PUBLISH packets written.
    pub published: u64,
    /// Published per second.
    pub publish_rate: f64,
    /// PUBACKs received (QoS 1).
    pub acked: u64,
    /// Messages subscribers received, duplicates included.
    pub delivered: u64,
    /// Delivered per second, from the first publish to the last delivery.
    pub delivered_rate: f64,
    /// Deliveries the subscriptions call for (pubsub only).
    pub expected: Option<u64>,
    /// Expected deliveries that never arrived (pubsub), or gaps in the sequences (sub).
    pub lost: u64,
    /// Deliveries received again.
    pub duplicates: u64,
    /// Connections that failed or broke.
    pub errors: u64,
    /// End-to-end latency of deliveries, in microseconds.
    pub latency_us: Option<Latency>,
}

/// Runs one load.
///
/// # Errors
/// [`BenchError`] when a client cannot connect or subscribe at the start: the broker is not
/// there or refuses, and no numbers would mean anything.
pub async fn run(args: LoadArgs, mode: Mode) -> Result<LoadReport, BenchError> {
    let counters = Arc::new(Counters::default());
    let publishers = if mode == Mode::Sub {
        0
    } else {
        args.publishers
    };
    let subscribers = if mode == Mode::Pub {
        0
    } else {
        args.subscribers
    };
    let sources = client::source_ips(&args.endpoint, publishers + subscribers);
    let qos = if args.qos == 1 {
        QoS::AtLeastOnce
    } else {
        QoS::AtMostOnce
    };
    let filter = match &args.shared {
        Some(group) => format!("$share/{group}/{}", args.filter),
        None => args.filter.clone(),
    };

    // Subscribers first, so nothing published is missed.
    let stop_subscribers = CancellationToken::new();
    let mut sub_tasks = Vec::new();
    let mut sub_clients = Vec::new();
    for i in 0..subscribers {
        let id = format!("{}-sub-{i}", args.endpoint.client_prefix);
        let mut c = client::connect(&args.endpoint, sources, i, id).await?;
        c.subscribe(&filter, qos).await?;
        sub_clients.push(c);
    }
    let mut pub_clients = Vec::new();
    for i in 0..publishers {
        let id = format!("{}-pub-{i}", args.endpoint.client_prefix);
        pub_clients.push(client::connect(&args.endpoint, sources, subscribers + i, id).await?);
    }

    let started = Instant::now();
    let last_delivery = Arc::new(parking_lot::Mutex::new(started));
    for c in sub_clients {
        sub_tasks.push(tokio::spawn(subscriber(
            c,
            Arc::clone(&counters),
            stop_subscribers.clone(),
            Arc::clone(&last_delivery),
        )));
    }
    let duration = Duration::from_secs(args.duration_secs);
    let deadline = started + duration;
    let per_publisher_rate = args.rate.map(|r| r as f64 / f64::from(publishers.max(1)));
    let mut pub_tasks = Vec::new();
    for (i, c) in pub_clients.into_iter().enumerate() {
        let topic = args.topic.replace("%i", &i.to_string());
        pub_tasks.push(tokio::spawn(publisher(
            c,
            PublisherPlan {
                number: i as u32,
                topic,
                qos,
                size: args.size as usize,
                rate: per_publisher_rate,
                phase: i as f64 / f64::from(publishers.max(1)),
                inflight: args.inflight,
                deadline,
                drain: Duration::from_secs(args.drain_secs),
            },
            Arc::clone(&counters),
        )));
    }
    let progress = tokio::spawn(progress(Arc::clone(&counters), started));

    if mode == Mode::Sub {
        tokio::time::sleep_until(deadline.into()).await;
    } else {
        for task in pub_tasks {
            let _ = task.await;
        }
    }
    let published_for = started
        .elapsed()
        .min(duration.max(Duration::from_millis(1)));
    let published = Counters::get(&counters.published);
    let fan = if args.shared.is_some() {
        u64::from(subscribers.min(1))
    } else {
        u64::from(subscribers)
    };
    let expected = (mode == Mode::PubSub).then_some(published * fan);
    if let Some(expected) = expected {
        // Wait for the last deliveries, as long as they keep coming.
        let drain_until = Instant::now() + Duration::from_secs(args.drain_secs);
        while Instant::now() < drain_until {
            let unique = Counters::get(&counters.received) - Counters::get(&counters.duplicates);
            if unique >= expected {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    stop_subscribers.cancel();
    for task in sub_tasks {
        let _ = task.await;
    }
    progress.abort();
    let delivered = Counters::get(&counters.received);
    let duplicates = Counters::get(&counters.duplicates);
    let delivered_for = last_delivery.lock().duration_since(started);
    let lost = match expected {
        Some(e) => e.saturating_sub(delivered - duplicates),
        None => Counters::get(&counters.gaps),
    };
    let rate = |n: u64, d: Duration| {
        if d.is_zero() {
            0.0
        } else {
            (n as f64 / d.as_secs_f64()).round()
        }
    };
    Ok(LoadReport {
        mode: match mode {
            Mode::Pub => "pub",
            Mode::Sub => "sub",
            Mode::PubSub => "pubsub",
        },
        broker: format!("{}:{}", args.endpoint.host, args.endpoint.port),
        mqtt_version: args.endpoint.mqtt_version,
        qos: args.qos,
        size: args.size,
        publishers,
        subscribers,
        shared: args.shared,
        target_rate: args.rate,
        duration_s: (published_for.as_secs_f64() * 1000.0).round() / 1000.0,
        published,
        publish_rate: rate(published, published_for),
        acked: Counters::get(&counters.acked),
        delivered,
        delivered_rate: rate(delivered, delivered_for),
        expected,
        lost,
        duplicates,
        errors: Counters::get(&counters.errors),
        latency_us: counters.latency(),
    })
}

/// What one publisher does.
struct PublisherPlan {
    number: u32,
    topic: String,
    qos: QoS,
    size: usize,
    /// Messages per second in an open loop; `None` for a closed loop.
    rate: Option<f64>,
    /// Where in one period (`1 / rate`) this publisher's schedule starts, in `[0, 1)`: many slow
    /// publishers spread their sends over the period instead of sending together.
    phase: f64,
    inflight: u16,
    deadline: Instant,
    drain: Duration,
}

async fn publisher(client: Client, plan: PublisherPlan, counters: Arc<Counters>) {
    let Client {
        mut reader,
        mut write,
        protocol,
    } = client;
    let window = Arc::new(Semaphore::new(usize::from(plan.inflight)));
    let acks = if plan.qos == QoS::AtLeastOnce {
        let (window, counters) = (Arc::clone(&window), Arc::clone(&counters));
        Some(tokio::spawn(async move {
            loop {
                match reader.next().await {
                    Ok(Some(Packet::PubAck(_))) => {
                        counters.acked.fetch_add(1, Ordering::Relaxed);
                        window.add_permits(1);
                    }
                    Ok(Some(_)) => {}
                    Ok(None) | Err(_) => return,
                }
            }
        }))
    } else {
        None
    };
    let topic: Bytes = Bytes::from(plan.topic.clone());
    let started = Instant::now();
    let mut seq: u64 = 0;
    let mut pkid: u16 = 0;
    let mut buf = BytesMut::with_capacity(BATCH * (plan.size + topic.len() + 16));
    let mut payload = vec![0u8; plan.size];
    let mut woke = started;
    let result: Result<(), BenchError> = async {
        while Instant::now() < plan.deadline {
            let want = match plan.rate {
                Some(rate) => {
                    // Sleep until the next message is due, but at least 1 ms between wakes,
                    // so that a fast publisher sends in batches and a slow one sleeps through
                    // its whole period (a timer per millisecond per publisher would swamp the
                    // load generator long before the broker).
                    let next = started + open_loop_offset(seq, rate, plan.phase);
                    let wake = next.max(woke + MIN_WAKE_GAP);
                    if wake >= plan.deadline {
                        break;
                    }
                    tokio::time::sleep_until(wake.into()).await;
                    woke = Instant::now();
                    // A wake that comes late, past the deadline, owes nothing beyond it.
                    let elapsed = woke.min(plan.deadline).saturating_duration_since(started);
                    let due = open_loop_due(elapsed, rate, plan.phase);
                    due.saturating_sub(seq).min(BATCH as u64 * 8) as usize
                }
                None => BATCH,
            };
            if want == 0 {
                continue;
            }
            let count = if plan.qos == QoS::AtLeastOnce {
                // One permit per publish in flight: wait for the first, take the rest if free.
                let first = tokio::select! {
                    p = window.acquire() => p,
                    () = tokio::time::sleep_until(plan.deadline.into()) => break,
                };
                match first {
                    Ok(p) => p.forget(),
                    Err(_) => break,
                }
                let mut count = 1;
                while count < want {
                    match window.try_acquire() {
                        Ok(p) => {
                            p.forget();
                            count += 1;
                        }
                        Err(_) => break,
                    }
                }
                count
            } else {
                want
            };
            buf.clear();
            for _ in 0..count {
                stats::stamp(&mut payload, stats::now_ns(), seq, plan.number);
                let id = if plan.qos == QoS::AtLeastOnce {
                    pkid = pkid.checked_add(1).unwrap_or(1);
                    pkid
                } else {
                    0
                };
                let publish = Publish {
                    dup: false,
                    qos: plan.qos,
                    retain: false,
                    topic: plan.topic.clone(),
                    pkid: id,
                    properties: Properties::default(),
                    payload: Bytes::copy_from_slice(&payload),
                };
                Packet::Publish(publish)
                    .write(protocol, &mut buf)
                    .map_err(|e| BenchError::Protocol(format!("cannot encode: {e}")))?;
                seq += 1;
            }
            // The flush sends a WebSocket frame or a TLS record now; on TCP it does nothing.
            write.write_all(&buf).await?;
            write.flush().await?;
            counters
                .published
                .fetch_add(count as u64, Ordering::Relaxed);
        }
        Ok(())
    }
    .await;
    if result.is_err() {
        counters.errors.fetch_add(1, Ordering::Relaxed);
    }
    if let Some(acks) = acks {
        // Wait for the outstanding acknowledgements, then stop reading.
        let until = Instant::now() + plan.drain;
        while window.available_permits() < usize::from(plan.inflight) && Instant::now() < until {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        acks.abort();
    }
    let bye = Disconnect {
        reason: ReasonCode::NORMAL_DISCONNECTION,
        properties: Properties::default(),
    };
    let _ = client::send(&mut write, &Packet::Disconnect(bye), protocol).await;
}

/// The shortest sleep of an open-loop publisher: one that owes more than a message a
/// millisecond sends what it owes in batches.
const MIN_WAKE_GAP: Duration = Duration::from_millis(1);

/// How far short of due, in messages, a message may be and still count as owed: slack for
/// floating-point rounding, so that waking at a message's due time finds it owed.
const DUE_SLACK: f64 = 1e-6;

/// When message `seq` (from 0) of an open-loop publisher at `rate` with `phase` is due, after
/// the publisher starts: message `k` is due at `(k + phase) / rate`, rounded up to the
/// nanosecond.
fn open_loop_offset(seq: u64, rate: f64, phase: f64) -> Duration {
    Duration::from_nanos(((seq as f64 + phase) / rate * 1e9).ceil() as u64)
}

/// How many messages an open-loop publisher at `rate` with `phase` owes `elapsed` after it
/// started: those `k` with `(k + phase) / rate <= elapsed`, within [`DUE_SLACK`].
fn open_loop_due(elapsed: Duration, rate: f64, phase: f64) -> u64 {
    let owed = elapsed.as_secs_f64() * rate - phase + DUE_SLACK;
    if owed < 0.0 {
        0
    } else {
        (owed as u64).saturating_add(1)
    }
}

async fn subscriber(
    client: Client,
    counters: Arc<Counters>,
    stop: CancellationToken,
    last_delivery: Arc<parking_lot::Mutex<Instant>>,
) {
    let Client {
        mut reader,
        mut write,
        protocol,
    } = client;
    let mut latency = stats::histogram();
    let mut arrivals = Arrivals::default();
    let mut acks = BytesMut::new();
    let mut since_merge = 0u32;
    let mut last_seen = None;
    loop {
        let next = tokio::select! {
            next = reader.next() => next,
            () = stop.cancelled() => break,
        };
        match next {
            Ok(Some(Packet::Publish(p))) => {
                counters.received.fetch_add(1, Ordering::Relaxed);
                last_seen = Some(Instant::now());
                if let Some((sent, seq, publisher)) = stats::read_stamp(&p.payload) {
                    let micros = stats::now_ns().saturating_sub(sent) / 1000;
                    let _ = latency.record(micros.max(1));
                    if arrivals.record(publisher, seq) {
                        counters.duplicates.fetch_add(1, Ordering::Relaxed);
                    }
                }
                if p.qos == QoS::AtLeastOnce
                    && Packet::PubAck(Ack::new(p.pkid))
                        .write(protocol, &mut acks)
                        .is_err()
                {
                    counters.errors.fetch_add(1, Ordering::Relaxed);
                    break;
                }
                since_merge += 1;
                if since_merge >= 1024 {
                    counters.merge(&latency);
                    latency.reset();
                    since_merge = 0;
                }
            }
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => {
                if !stop.is_cancelled() {
                    counters.errors.fetch_add(1, Ordering::Relaxed);
                }
                break;
            }
        }
        // Acknowledge what has been read in one write once nothing more is buffered (or a lot
        // has piled up), not one write per PUBLISH.
        if !acks.is_empty() && (reader.buffered() == 0 || acks.len() > 4096) {
            if write.write_all(&acks).await.is_err() || write.flush().await.is_err() {
                counters.errors.fetch_add(1, Ordering::Relaxed);
                break;
            }
            acks.clear();
        }
    }
    if let Some(seen) = last_seen {
        let mut last = last_delivery.lock();
        if seen > *last {
            *last = seen;
        }
    }
    counters.merge(&latency);
    counters.gaps.fetch_add(arrivals.gaps(), Ordering::Relaxed);
}

/// Prints a progress line to stderr every second.
async fn progress(counters: Arc<Counters>, started: Instant) {
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.tick().await;
    let (mut last_pub, mut last_recv) = (0, 0);
    loop {
        tick.tick().await;
        let (published, received) = (
            Counters::get(&counters.published),
            Counters::get(&counters.received),
        );
        let latency = counters
            .latency()
            .map(|l| {
                format!(
                    "p50 {:.2} ms  p99 {:.2} ms",
                    l.p50 as f64 / 1000.0,
                    l.p99 as f64 / 1000.0
                )
            })
            .unwrap_or_default();
        eprintln!(
            "[{:>4.0}s] pub {:>9}/s  recv {:>9}/s  {latency}  errors {}",
            started.elapsed().as_secs_f64(),
            published - last_pub,
            received - last_recv,
            Counters::get(&counters.errors),
        );
        (last_pub, last_recv) = (published, received);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slow_open_loop_publishers_spread_their_sends_over_one_period() {
        // Four publishers at one message every 4 s each: their first sends fall 1 s apart.
        let rate = 0.25;
        let firsts: Vec<Duration> = (0..4)
            .map(|i| open_loop_offset(0, rate, f64::from(i) / 4.0))
            .collect();
        assert_eq!(
            firsts,
            [0, 1, 2, 3].map(Duration::from_secs).to_vec(),
            "first sends"
        );
        assert_eq!(
            open_loop_offset(1, rate, 0.5),
            Duration::from_secs(6),
            "the second send of the publisher that starts 2 s in"
        );
    }

    #[test]
    fn an_open_loop_owes_each_message_from_its_due_time_and_never_before() {
        let (rate, phase) = (10.0, 0.5);
        assert_eq!(open_loop_due(Duration::from_millis(0), rate, phase), 0);
        assert_eq!(open_loop_due(Duration::from_millis(49), rate, phase), 0);
        assert_eq!(open_loop_due(Duration::from_millis(50), rate, phase), 1);
        assert_eq!(open_loop_due(Duration::from_millis(149), rate, phase), 1);
        assert_eq!(open_loop_due(Duration::from_millis(150), rate, phase), 2);
        assert_eq!(open_loop_due(Duration::from_secs(10), rate, phase), 100);
        assert_eq!(open_loop_due(Duration::from_millis(0), rate, 0.0), 1);
        assert_eq!(
            open_loop_due(Duration::from_secs(1), f64::MAX, 0.0),
            u64::MAX,
            "saturates"
        );
    }

    /// Waking at the time message `k` is due finds it owed: a schedule whose rounding left it
    /// one short would cost an extra wake per message, or fall behind.
    #[test]
    fn a_publisher_waking_when_a_message_is_due_owes_it() {
        for rate in [0.1, 0.25, 1.0 / 3.0, 3.0, 7.0, 1000.0, 123_456.0] {
            for phase in [0.0, 0.1, 1.0 / 3.0, 0.5, 0.999] {
                for k in [0_u64, 1, 2, 9, 99, 12_345] {
                    let at = open_loop_offset(k, rate, phase);
                    assert_eq!(
                        open_loop_due(at, rate, phase),
                        k + 1,
                        "rate {rate}, phase {phase}, message {k}"
                    );
                }
            }
        }
    }
}
