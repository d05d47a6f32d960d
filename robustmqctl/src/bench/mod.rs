//! `robustmqctl bench`: load generators in the spirit of emqtt-bench, for RobustMQ or any other
//! broker: `bench mqtt` and `bench kafka`, sharing the stats (HDR latency histogram, counters)
//! and the report printer.
//!
//! - [`client`]: a minimal MQTT client over `robustmq-mqtt-codec`;
//! - [`kafka`]: `bench kafka produce|consume` on the `kafka-protocol` crate;
//! - [`load`]: `pub`, `sub` and `pubsub`;
//! - [`conn`]: connection counts, rate and memory;
//! - [`subscribe`]: SUBSCRIBE to SUBACK latency;
//! - [`stats`]: payload stamps, counters, histograms.

pub mod client;
pub mod conn;
pub mod kafka;
pub mod load;
pub mod stats;
pub mod subscribe;

use serde::Serialize;

use crate::cli::{KafkaBench, MqttBench, Output};
use crate::printer;
use client::BenchError;

/// Runs a `bench mqtt` mode and prints its summary.
///
/// # Errors
/// [`BenchError`] when the broker cannot be reached or refuses the clients at the start.
pub async fn run_mqtt(cmd: MqttBench, output: Output) -> Result<(), BenchError> {
    match cmd {
        MqttBench::Conn(args) => print(output, &conn::run(args).await?),
        MqttBench::Pub(args) => print(output, &load::run(args, load::Mode::Pub).await?),
        MqttBench::Sub(args) => print(output, &load::run(args, load::Mode::Sub).await?),
        MqttBench::Pubsub(args) => print(output, &load::run(args, load::Mode::PubSub).await?),
        MqttBench::Subscribe(args) => print(output, &subscribe::run(args).await?),
    }
    Ok(())
}

/// Runs a `bench kafka` mode and prints its summary.
///
/// # Errors
/// [`BenchError`] when the broker cannot be reached or the topic cannot be found or created.
pub async fn run_kafka(cmd: KafkaBench, output: Output) -> Result<(), BenchError> {
    match cmd {
        KafkaBench::Produce(args) => print(output, &kafka::produce(args).await?),
        KafkaBench::Consume(args) => print(output, &kafka::consume(args).await?),
    }
    Ok(())
}

fn print<T: Serialize>(output: Output, report: &T) {
    let value = serde_json::to_value(report).unwrap_or_default();
    match output {
        Output::Json => crate::outln!("{}", serde_json::to_string(&value).unwrap_or_default()),
        Output::Table => printer::print(output, &flatten(&value)),
    }
}

/// One level of `KEY VALUE` rows: nested objects (latency) become `latency_us.p50` and so on.
fn flatten(value: &serde_json::Value) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    if let Some(map) = value.as_object() {
        for (k, v) in map {
            match v.as_object() {
                Some(inner) => {
                    for (ik, iv) in inner {
                        out.insert(format!("{k}.{ik}"), iv.clone());
                    }
                }
                None => {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
    }
    serde_json::Value::Object(out)
}
