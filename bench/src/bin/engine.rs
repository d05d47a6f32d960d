//! `engine-bench`: append and read throughput of the Storage Engine for 1 KiB records under each
//! fsync policy, with 1 and with 16 concurrent appenders, next to the raw sequential write speed of
//! the same disk measured in the same run (`dd oflag=direct`).
//!
//! Prints a Markdown table. `bench/engine.sh` runs it in release mode and writes the result into
//! `bench/RESULTS.md`.
//!
//! The disk of a shared virtual machine changes speed from minute to minute, so the goal row
//! (`batch`, the most appenders, the largest batch) is also measured in pairs: a `dd oflag=direct`
//! write right before each engine run of the same size, each run divided by its own pair's dd.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use clap::Parser;
use robustmq_engine::{
    Batch, EngineMetrics, FsyncPolicy, Record, Shard, ShardConfig, ShardRegistry, ShardStore,
    StorageType,
};

/// Storage Engine throughput against the raw disk.
#[derive(Debug, Parser)]
struct Args {
    /// Directory on the disk to measure; a temporary directory under it is used and removed.
    #[arg(long, default_value = ".")]
    dir: PathBuf,
    /// Record value size in bytes.
    #[arg(long, default_value_t = 1024)]
    record_bytes: usize,
    /// Most data one append run writes, in MiB.
    #[arg(long, default_value_t = 512)]
    max_mib: u64,
    /// Longest one append run lasts, in seconds.
    #[arg(long, default_value_t = 8)]
    seconds: u64,
    /// Size of the raw `dd` write, in MiB; 0 skips the disk references and the goal pairs (for
    /// a run that only needs the engine's own rate, such as `bench/kafka.sh`).
    #[arg(long, default_value_t = 1024)]
    raw_mib: u64,
    /// Fsync policies to run.
    #[arg(long, value_delimiter = ',', default_values_t = ["never".to_owned(), "batch".to_owned(), "always".to_owned()])]
    fsync: Vec<String>,
    /// Backend to measure.
    #[arg(long, value_enum, default_value_t = Backend::Segment)]
    backend: Backend,
    /// Appender counts to run.
    #[arg(long, value_delimiter = ',', default_values_t = [1usize, 16])]
    appenders: Vec<usize>,
    /// Records per append: 1 is an MQTT publish, 64 a Kafka producer batch, 1024 (1 MiB) shows
    /// where the disk's bandwidth is reached.
    #[arg(long, value_delimiter = ',', default_values_t = [1usize, 64, 1024])]
    batch: Vec<usize>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Backend {
    Segment,
    Rocksdb,
    Memory,
}

impl Backend {
    fn storage(self) -> StorageType {
        match self {
            Backend::Segment => StorageType::EngineSegment,
            Backend::Rocksdb => StorageType::EngineRocksDB,
            Backend::Memory => StorageType::EngineMemory,
        }
    }
}

/// One append run's outcome.
struct Run {
    policy: FsyncPolicy,
    appenders: usize,
    batch: usize,
    records: u64,
    bytes: u64,
    elapsed: Duration,
    syncs: u64,
}

/// Times each dd reference is run; the median is reported.
const DD_RUNS: usize = 3;

/// Pairs of (dd, engine run) measured for the goal row; the median ratio is reported.
const GOAL_PAIRS: usize = 5;

/// The median MiB/s of [`DD_RUNS`] sequential writes of `mib` MiB with dd, timed from start to
/// the final fsync: with `direct`, around the page cache (the disk's raw speed); without, through
/// it, as the segment writer writes.
fn dd_mib_s(dir: &Path, mib: u64, direct: bool) -> anyhow::Result<f64> {
    let runs = (0..DD_RUNS)
        .map(|_| dd_once(dir, mib, direct))
        .collect::<anyhow::Result<Vec<f64>>>()?;
    Ok(median(runs))
}

/// The middle value (the upper middle of an even count); `values` must not be empty.
fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn dd_once(dir: &Path, mib: u64, direct: bool) -> anyhow::Result<f64> {
    let file = dir.join("raw-dd.bin");
    let started = Instant::now();
    let mut dd = Command::new("dd");
    dd.arg("if=/dev/zero")
        .arg(format!("of={}", file.display()))
        .args(["bs=1M", &format!("count={mib}"), "conv=fsync"]);
    if direct {
        dd.arg("oflag=direct");
    }
    let out = dd.output().context("run dd")?;
    let elapsed = started.elapsed();
    let _ = std::fs::remove_file(&file);
    settle(dir);
    if !out.status.success() {
        bail!("dd failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(mib as f64 / elapsed.as_secs_f64())
}

/// Lets the filesystem finish freeing what was just deleted, so that the next measurement does
/// not pay for it.
fn settle(dir: &Path) {
    let _ = Command::new("sync").arg("-f").arg(dir).status();
}

fn syncs(metrics: &EngineMetrics) -> u64 {
    ["EngineSegment", "EngineRocksDB", "EngineMemory"]
        .iter()
        .map(|l| metrics.syncs.with_label_values(&[*l]).get())
        .sum()
}

/// What one append run does: `appenders` tasks append `batch` records at a time under `policy`,
/// writing at most `mib` MiB in all.
#[derive(Clone, Copy)]
struct Load {
    policy: FsyncPolicy,
    appenders: usize,
    batch: usize,
    mib: u64,
}

/// One append run on a new shard, named after the load and `tag`.
async fn append_run(
    registry: &ShardRegistry,
    metrics: &EngineMetrics,
    args: &Args,
    load: Load,
    tag: &str,
) -> anyhow::Result<(Run, Arc<dyn Shard>)> {
    let Load {
        policy,
        appenders,
        batch,
        mib,
    } = load;
    let name = format!("bench-{policy:?}-{appenders}-{batch}{tag}");
    let config = ShardConfig {
        fsync: policy,
        memory_max_bytes: (mib + 64) << 20,
        ..ShardConfig::default()
    };
    registry
        .create_shard(&name, args.backend.storage(), config)
        .await?;
    let shard = registry.shard(&name).await?;
    let value = bytes::Bytes::from(vec![0x5a; args.record_bytes]);
    let per_appender = ((mib << 20) / args.record_bytes as u64) / (appenders * batch) as u64;
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let syncs_before = syncs(metrics);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..appenders {
        let shard = Arc::clone(&shard);
        let value = value.clone();
        tasks.push(tokio::spawn(async move {
            let mut n = 0u64;
            while n < per_appender && Instant::now() < deadline {
                let records = (0..batch).map(|_| Record::new(0, value.clone())).collect();
                shard.append(Batch::Records(records)).await?;
                n += 1;
            }
            anyhow::Ok(n * batch as u64)
        }));
    }
    let mut records = 0;
    for t in tasks {
        records += t.await??;
    }
    let elapsed = started.elapsed();
    let run = Run {
        policy,
        appenders,
        batch,
        records,
        bytes: records * args.record_bytes as u64,
        elapsed,
        syncs: syncs(metrics) - syncs_before,
    };
    Ok((run, shard))
}

async fn read_all(shard: &dyn Shard) -> anyhow::Result<(u64, Duration)> {
    let started = Instant::now();
    let hw = shard.high_watermark().await?;
    let mut next = shard.earliest().await?;
    let mut bytes = 0u64;
    while next < hw {
        let batches = shard.read(next, 100_000, 4 << 20).await?;
        for b in &batches {
            next = b.last_offset() + 1;
            if let Batch::Records(records) = &b.batch {
                bytes += records.iter().map(|r| r.value.len() as u64).sum::<u64>();
            }
        }
    }
    Ok((bytes, started.elapsed()))
}

fn mib_s(bytes: u64, elapsed: Duration) -> f64 {
    bytes as f64 / (1 << 20) as f64 / elapsed.as_secs_f64()
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let work = tempfile::tempdir_in(&args.dir).context("temporary directory")?;
    let (raw, buffered) = if args.raw_mib == 0 {
        (f64::NAN, f64::NAN)
    } else {
        (
            dd_mib_s(work.path(), args.raw_mib, true)?,
            dd_mib_s(work.path(), args.raw_mib, false)?,
        )
    };
    let policies = args
        .fsync
        .iter()
        .map(|p| match p.as_str() {
            "never" => Ok(FsyncPolicy::Never),
            "batch" => Ok(FsyncPolicy::Batch),
            "always" => Ok(FsyncPolicy::Always),
            other => Err(anyhow::anyhow!(
                "--fsync: `{other}` is not never, batch or always"
            )),
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let registry_metrics = prometheus::Registry::new();
    let metrics = EngineMetrics::new(&registry_metrics)?;
    let registry = ShardRegistry::open(&work.path().join("engine"), metrics.clone(), 2)?;

    println!(
        "| backend | fsync | appenders | records per append | records | MiB/s | records/s | records per sync | vs raw disk | vs buffered dd |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    let mut read_target = None;
    let most = args.appenders.iter().copied().max().unwrap_or(1);
    for &batch in &args.batch {
        for &policy in &policies {
            for &appenders in &args.appenders {
                let load = Load {
                    policy,
                    appenders,
                    batch,
                    mib: args.max_mib,
                };
                let (run, shard) = append_run(&registry, &metrics, &args, load, "").await?;
                let per_sync = if run.syncs == 0 {
                    "-".to_owned()
                } else {
                    format!("{:.1}", run.records as f64 / run.syncs as f64)
                };
                let throughput = mib_s(run.bytes, run.elapsed);
                println!(
                    "| {:?} | {:?} | {} | {} | {} | {:.1} | {:.0} | {} | {:.0}% | {:.0}% |",
                    args.backend,
                    run.policy,
                    run.appenders,
                    run.batch,
                    run.records,
                    throughput,
                    run.records as f64 / run.elapsed.as_secs_f64(),
                    per_sync,
                    100.0 * throughput / raw,
                    100.0 * throughput / buffered,
                );
                if policy == FsyncPolicy::Batch && appenders == most {
                    read_target = Some(shard);
                }
            }
        }
    }
    println!();
    if args.raw_mib > 0 {
        println!(
            "Raw sequential write (dd bs=1M oflag=direct conv=fsync, {} MiB, median of {DD_RUNS}): {raw:.1} MiB/s",
            args.raw_mib
        );
        println!(
            "Buffered sequential write (dd bs=1M conv=fsync, through the page cache as the segment writer writes under fsync never, {} MiB, median of {DD_RUNS}): {buffered:.1} MiB/s",
            args.raw_mib
        );
    }
    if let Some(shard) = read_target {
        let (bytes, elapsed) = read_all(shard.as_ref()).await?;
        let cache = match args.backend {
            Backend::Segment => "from the disk, as direct writes leave the page cache cold",
            Backend::Rocksdb => "page cache warm",
            Backend::Memory => "in memory",
        };
        println!(
            "Sequential read of the last batch/{}-appender shard ({:.0} MiB, one reader, {cache}): {:.1} MiB/s",
            args.appenders.iter().max().unwrap_or(&1),
            bytes as f64 / (1 << 20) as f64,
            mib_s(bytes, elapsed)
        );
    }
    if matches!(args.backend, Backend::Segment) && args.raw_mib > 0 {
        goal_pairs(&registry, &metrics, &args, work.path()).await?;
    }
    registry.close().await?;
    Ok(())
}

/// Measures the goal row against the disk in [`GOAL_PAIRS`] adjacent pairs and prints each pair's
/// ratio and their median.
async fn goal_pairs(
    registry: &ShardRegistry,
    metrics: &EngineMetrics,
    args: &Args,
    dir: &Path,
) -> anyhow::Result<()> {
    let appenders = args.appenders.iter().copied().max().unwrap_or(1);
    let batch = args.batch.iter().copied().max().unwrap_or(1);
    let mut pairs = Vec::new();
    for pair in 0..GOAL_PAIRS {
        let raw = dd_once(dir, args.raw_mib, true)?;
        let tag = format!("-pair{pair}");
        let load = Load {
            policy: FsyncPolicy::Batch,
            appenders,
            batch,
            mib: args.raw_mib,
        };
        let (run, shard) = append_run(registry, metrics, args, load, &tag).await?;
        registry.delete_shard(shard.name()).await?;
        settle(dir);
        pairs.push((raw, mib_s(run.bytes, run.elapsed)));
    }
    let ratio = median(pairs.iter().map(|(raw, engine)| engine / raw).collect());
    let shown: Vec<String> = pairs
        .iter()
        .map(|(raw, engine)| format!("{engine:.0}/{raw:.0} = {:.0}%", 100.0 * engine / raw))
        .collect();
    println!(
        "Goal row in adjacent pairs (dd oflag=direct {} MiB, then batch/{appenders} appenders/{batch} records per append, {} MiB; engine/dd MiB/s): {}; median {:.0}% of raw",
        args.raw_mib,
        args.raw_mib,
        shown.join(", "),
        100.0 * ratio
    );
    Ok(())
}
