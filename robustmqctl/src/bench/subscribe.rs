//! `bench mqtt subscribe`: how long a SUBSCRIBE takes to be acknowledged. One client subscribes
//! to one new filter after another, each after the last SUBACK, so each latency is the broker's
//! whole handling of one SUBSCRIBE (routing it and, for a kept session, recording it) plus one
//! loopback round trip.

use std::time::Instant;

use robustmq_mqtt_codec::QoS;
use serde::Serialize;

use crate::bench::client::{self, BenchError};
use crate::bench::stats::{self, Latency};
use crate::cli::SubscribeArgs;

/// The summary of a subscribe run.
#[derive(Debug, Serialize)]
pub struct SubscribeReport {
    /// `host:port`.
    pub broker: String,
    /// 4 or 5.
    pub mqtt_version: u8,
    /// Whether the session was kept.
    pub persistent: bool,
    /// SUBSCRIBEs acknowledged.
    pub subscribes: u32,
    /// SUBSCRIBE sent to SUBACK read, in microseconds.
    pub suback_latency_us: Option<Latency>,
}

/// Runs one subscribe test.
///
/// # Errors
/// [`BenchError::Unreachable`] when the client cannot connect; [`BenchError::Protocol`] when a
/// SUBSCRIBE is refused or not answered.
pub async fn run(args: SubscribeArgs) -> Result<SubscribeReport, BenchError> {
    let endpoint = &args.endpoint;
    let id = format!("{}-suback", endpoint.client_prefix);
    if args.persistent {
        // Start from no session, so that an earlier run's subscriptions are not in this one.
        drop(client::connect(endpoint, 0, 0, id.clone()).await?);
    }
    let mut c = client::connect_session(endpoint, 0, 0, id.clone(), args.persistent).await?;
    let mut latency = stats::histogram();
    for i in 0..args.count {
        let filter = format!("{id}/{i}/+");
        let sent = Instant::now();
        c.subscribe(&filter, QoS::AtLeastOnce).await?;
        let us = u64::try_from(sent.elapsed().as_micros()).unwrap_or(u64::MAX);
        let _ = latency.record(us.max(1));
    }
    drop(c);
    if args.persistent {
        // Leave no session behind on the broker.
        drop(client::connect(endpoint, 0, 0, id).await?);
    }
    Ok(SubscribeReport {
        broker: format!("{}:{}", endpoint.host, endpoint.port),
        mqtt_version: endpoint.mqtt_version,
        persistent: args.persistent,
        subscribes: args.count,
        suback_latency_us: stats::percentiles(&latency),
    })
}
