//! `meta-bench`: write throughput of the Meta Service KV, on one node and on three, at several
//! concurrencies, one key per write and batched (many keys per log entry). It starts real
//! `robustmqd --roles meta` processes on free loopback ports and drives them over gRPC, as other
//! roles do.
//!
//! `bench/meta.sh` runs it against a release build and writes the result into `bench/RESULTS.md`.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use clap::Parser;
use robustmq_meta_client::{MetaClient, RemoteMeta};
use robustmq_proto::meta::RaftStatusRequest;

/// Meta Service KV write throughput.
#[derive(Debug, Parser)]
struct Args {
    /// The robustmqd binary to start.
    #[arg(long)]
    robustmqd: PathBuf,
    /// Cluster sizes to measure.
    #[arg(long, value_delimiter = ',', default_values_t = [1usize, 3])]
    nodes: Vec<usize>,
    /// Concurrent writers.
    #[arg(long, value_delimiter = ',', default_values_t = [1usize, 64])]
    concurrency: Vec<usize>,
    /// Keys per write: 1 is one key per log entry, more is a batched write.
    #[arg(long, value_delimiter = ',', default_values_t = [1usize, 100])]
    batch: Vec<usize>,
    /// Seconds per measurement.
    #[arg(long, default_value_t = 5)]
    seconds: u64,
    /// Value size in bytes.
    #[arg(long, default_value_t = 100)]
    value_bytes: usize,
}

fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// A cluster of meta nodes in a temporary directory; killed when dropped.
struct Cluster {
    children: Vec<Child>,
    grpc: Vec<String>,
    _dir: tempfile::TempDir,
}

impl Drop for Cluster {
    fn drop(&mut self) {
        for child in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn start(binary: &Path, nodes: usize) -> anyhow::Result<Cluster> {
    let dir = tempfile::tempdir()?;
    let grpc: Vec<u16> = (0..nodes).map(|_| free_port()).collect::<Result<_, _>>()?;
    let peers = grpc
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{} = \"127.0.0.1:{p}\"", i + 1))
        .collect::<Vec<_>>()
        .join(", ");
    let mut children = Vec::new();
    for (i, port) in grpc.iter().enumerate() {
        let config = dir.path().join(format!("node{}.toml", i + 1));
        std::fs::write(
            &config,
            format!(
                "node_id = {}\nroles = [\"meta\"]\ndata_dir = \"{}\"\n[server]\ngrpc_addr = \"127.0.0.1:{port}\"\nhttp_addr = \"127.0.0.1:{}\"\nprometheus_addr = \"\"\n[meta]\npeers = {{ {peers} }}\n",
                i + 1,
                dir.path().join(format!("data{}", i + 1)).display(),
                free_port()?,
            ),
        )?;
        children.push(
            Command::new(binary)
                .args(["start", "--config"])
                .arg(&config)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .context("start robustmqd")?,
        );
    }
    Ok(Cluster {
        children,
        grpc: grpc
            .iter()
            .map(|p| format!("http://127.0.0.1:{p}"))
            .collect(),
        _dir: dir,
    })
}

/// Connects to node 1 once the `metadata` group has a leader.
async fn ready(cluster: &Cluster) -> anyhow::Result<RemoteMeta> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(meta) = RemoteMeta::connect(cluster.grpc[0].clone()).await
            && let Ok(status) = meta.grpc().raft_status(RaftStatusRequest {}).await
            && status
                .into_inner()
                .groups
                .iter()
                .any(|g| g.group == "metadata" && g.leader.is_some())
        {
            return Ok(meta);
        }
        if Instant::now() > deadline {
            bail!("no metadata leader after 30 s");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Keys written per second by `concurrency` writers of `batch` keys each for `seconds`.
async fn measure(
    meta: &RemoteMeta,
    concurrency: usize,
    batch: usize,
    args: &Args,
) -> anyhow::Result<f64> {
    let value = vec![b'v'; args.value_bytes];
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..concurrency {
        let meta = meta.clone();
        let value = value.clone();
        tasks.push(tokio::spawn(async move {
            let mut keys = 0u64;
            let mut i = 0u64;
            while Instant::now() < deadline {
                if batch == 1 {
                    meta.kv_set(&format!("bench/{w}/{i}"), value.clone())
                        .await?;
                } else {
                    let pairs = (0..batch)
                        .map(|k| (format!("bench/{w}/{i}/{k}"), value.clone()))
                        .collect();
                    meta.kv_set_many(pairs).await?;
                }
                keys += batch as u64;
                i += 1;
            }
            anyhow::Ok(keys)
        }));
    }
    let mut keys = 0;
    for t in tasks {
        keys += t.await??;
    }
    Ok(keys as f64 / started.elapsed().as_secs_f64())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    println!("| nodes | concurrency | keys per write | keys/s |");
    println!("|---|---|---|---|");
    for &nodes in &args.nodes {
        let cluster = start(&args.robustmqd, nodes)?;
        let meta = ready(&cluster).await?;
        for &batch in &args.batch {
            for &concurrency in &args.concurrency {
                let rate = measure(&meta, concurrency, batch, &args).await?;
                println!("| {nodes} | {concurrency} | {batch} | {rate:.0} |");
            }
        }
        drop(cluster);
    }
    println!();
    println!(
        "Writes go to node 1 over gRPC (forwarded when it does not lead), {} s each, {}-byte values; every write is committed by a quorum with synced RocksDB log writes before it returns.",
        args.seconds, args.value_bytes
    );
    Ok(())
}
