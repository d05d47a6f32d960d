//! Harness for the black-box tests: starts real `robustmqd` processes on free ports with a
//! temporary data directory, and talks to them over plain sockets.
//!
//! The binaries are found next to the test executable's `deps/` directory, which is where cargo
//! and nextest put a workspace's binaries; `cargo nextest run --workspace` builds them first.

use std::io::{Read as _, Write as _};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};

pub mod mqtt;
pub mod pki;

/// How long a daemon gets to report healthy before a test gives up on it.
pub const STARTUP_DEADLINE: Duration = Duration::from_secs(20);

/// Path of a workspace binary, such as `robustmqd`.
///
/// # Panics
/// If the binary has not been built, with a message that says how to build it.
pub fn bin(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("current_exe");
    let dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("test binary lives in target/<profile>/deps");
    let path = dir.join(name);
    assert!(
        path.exists(),
        "{} not found: build the workspace first (cargo build --workspace)",
        path.display()
    );
    path
}

/// Root of the workspace, for the checked-in files under `config/`, `completions/` and `man/`.
///
/// Read from `CARGO_MANIFEST_DIR` at run time (cargo and nextest set it for test processes), not
/// compiled in: cargo reuses a test binary built from another checkout of the same workspace when
/// they share a target directory, and the compiled-in path would then name that other checkout.
pub fn workspace_root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    manifest_dir
        .parent()
        .expect("tests/ sits in the workspace root")
        .to_owned()
}

/// A port on 127.0.0.1 for a test daemon to listen on: free when handed out, and not handed out
/// again while this test process lives, by this process or by any other test process.
///
/// A port that is merely free now can be taken before the daemon binds it, and a flaky
/// "address in use" is the result. Two things close that window:
/// - the port lies outside the kernel's ephemeral range (`ip_local_port_range`), so no outgoing
///   connection or `bind(0)` anywhere on the machine is given it;
/// - a lock file per port, held by this process until it exits, keeps the other test processes
///   (nextest runs one per test, in parallel) from choosing it too. The kernel drops the lock
///   with the process, so a crashed test leaves nothing stale behind.
///
/// # Panics
/// If no port in the range can be reserved after many tries, or a lock file cannot be created
/// or locked for any reason but another holder.
pub fn free_port() -> u16 {
    static HELD: std::sync::Mutex<Vec<(u16, std::fs::File)>> = std::sync::Mutex::new(Vec::new());
    let dir = std::env::temp_dir().join("robustmq-test-ports");
    std::fs::create_dir_all(&dir).expect("create the port lock directory");
    let candidates = PortCandidates::outside_ephemeral_range();
    let mut held = HELD
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    for port in candidates.take(10_000) {
        if held.iter().any(|(p, _)| *p == port) {
            continue;
        }
        let path = dir.join(port.to_string());
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .unwrap_or_else(|e| panic!("cannot open the port lock {}: {e}", path.display()));
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => continue,
            Err(std::fs::TryLockError::Error(e)) => {
                panic!("cannot lock the port lock {}: {e}", path.display())
            }
        }
        if TcpListener::bind((Ipv4Addr::LOCALHOST, port)).is_ok() {
            held.push((port, lock));
            return port;
        }
    }
    panic!("no free port could be reserved outside the ephemeral range");
}

/// Pseudo-random ports from 10000 up to 65535 that skip the kernel's ephemeral range. Seeded per
/// call from the process id and the clock, so that parallel test processes start apart.
struct PortCandidates {
    ranges: Vec<(u16, u16)>,
    total: u32,
    state: u64,
}

impl PortCandidates {
    /// The lowest port handed out: below it lie well-known services.
    const LOW: u16 = 10_000;
    /// Linux's default `ip_local_port_range`, for when it cannot be read.
    const DEFAULT_EPHEMERAL: (u16, u16) = (32_768, 60_999);

    fn outside_ephemeral_range() -> Self {
        let (eph_low, eph_high) = std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range")
            .ok()
            .and_then(|s| {
                let mut it = s.split_whitespace().map(str::parse::<u16>);
                Some((it.next()?.ok()?, it.next()?.ok()?))
            })
            .unwrap_or(Self::DEFAULT_EPHEMERAL);
        let mut ranges = Vec::new();
        if eph_low > Self::LOW {
            ranges.push((Self::LOW, eph_low - 1));
        }
        if eph_high < u16::MAX {
            ranges.push((eph_high.max(Self::LOW - 1) + 1, u16::MAX));
        }
        if ranges.is_empty() {
            // The whole range is ephemeral: the lock files still keep test processes apart.
            ranges.push((Self::LOW, u16::MAX));
        }
        let total = ranges
            .iter()
            .map(|(lo, hi)| u32::from(*hi) - u32::from(*lo) + 1)
            .sum();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        // Only the low bits of the clock matter for a seed.
        let state = ((u64::from(std::process::id()) << 32) ^ (nanos as u64)) | 1;
        Self {
            ranges,
            total,
            state,
        }
    }
}

impl Iterator for PortCandidates {
    type Item = u16;

    fn next(&mut self) -> Option<u16> {
        // xorshift64: no dependency, and good enough to spread the picks.
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        let mut index = u32::try_from(self.state % u64::from(self.total)).ok()?;
        for (lo, hi) in &self.ranges {
            let len = u32::from(*hi) - u32::from(*lo) + 1;
            if index < len {
                return u16::try_from(u32::from(*lo) + index).ok();
            }
            index -= len;
        }
        None
    }
}

/// A command for a workspace binary that does not inherit the caller's `ROBUSTMQ_*` variables or
/// log filter, so a developer's shell cannot change what a test sees.
fn command(name: &str) -> Command {
    let mut cmd = Command::new(bin(name));
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("ROBUSTMQ_") {
            cmd.env_remove(key);
        }
    }
    cmd.env_remove("RUST_LOG");
    cmd
}

/// Runs a workspace binary to completion with `args` in `cwd`.
pub fn run(name: &str, args: &[&str], cwd: &Path, env: &[(&str, &str)]) -> Output {
    command(name)
        .args(args)
        .current_dir(cwd)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .expect("spawn")
}

/// Runs `robustmqctl` with the `target` flags (`--server URL` or `--grpc ADDR`), then `args`;
/// returns the exit code, stdout and stderr.
pub fn robustmqctl(
    target: &[&str],
    args: &[&str],
    env: &[(&str, &str)],
) -> (Option<i32>, String, String) {
    let mut all = target.to_vec();
    all.extend_from_slice(args);
    let out = run("robustmqctl", &all, &std::env::temp_dir(), env);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The free ports a test daemon listens on.
#[derive(Debug, Clone, Copy)]
pub struct Ports {
    /// Inner gRPC.
    pub grpc: u16,
    /// Admin HTTP.
    pub http: u16,
    /// Prometheus.
    pub prometheus: u16,
    /// MQTT TCP.
    pub mqtt: u16,
    /// MQTT WebSocket.
    pub ws: u16,
    /// Kafka.
    pub kafka: u16,
}

impl Ports {
    /// Six ports reserved for this test process (see [`free_port`]).
    pub fn free() -> Self {
        Self {
            grpc: free_port(),
            http: free_port(),
            prometheus: free_port(),
            mqtt: free_port(),
            ws: free_port(),
            kafka: free_port(),
        }
    }

    /// A single-node config with all roles that listens on these ports and stores in `data_dir`.
    pub fn config(&self, data_dir: &Path) -> String {
        format!(
            r#"node_id = 1
data_dir = "{data}"
[server]
grpc_addr = "127.0.0.1:{grpc}"
http_addr = "127.0.0.1:{http}"
prometheus_addr = "127.0.0.1:{prom}"
[meta]
peers = {{ 1 = "127.0.0.1:{grpc}" }}
[mqtt]
tcp_addr = "127.0.0.1:{mqtt}"
ws_addr = "127.0.0.1:{ws}"
[kafka]
addr = "127.0.0.1:{kafka}"
"#,
            data = data_dir.display(),
            grpc = self.grpc,
            http = self.http,
            prom = self.prometheus,
            mqtt = self.mqtt,
            ws = self.ws,
            kafka = self.kafka,
        )
    }

    /// The same ports as `ROBUSTMQ_*` overrides, for a daemon started without a config file.
    pub fn env(&self) -> Vec<(String, String)> {
        [
            ("ROBUSTMQ_SERVER_GRPC_ADDR", self.grpc),
            ("ROBUSTMQ_SERVER_HTTP_ADDR", self.http),
            ("ROBUSTMQ_SERVER_PROMETHEUS_ADDR", self.prometheus),
            ("ROBUSTMQ_MQTT_TCP_ADDR", self.mqtt),
            ("ROBUSTMQ_MQTT_WS_ADDR", self.ws),
            ("ROBUSTMQ_KAFKA_ADDR", self.kafka),
        ]
        .into_iter()
        .map(|(k, p)| (k.to_owned(), format!("127.0.0.1:{p}")))
        .chain(std::iter::once((
            "ROBUSTMQ_META_PEERS".to_owned(),
            format!("1=127.0.0.1:{}", self.grpc),
        )))
        .collect()
    }
}

/// A running `robustmqd` child process. Killed on drop if the test did not stop it.
pub struct Daemon {
    child: Child,
    stderr_path: PathBuf,
    /// Where its admin HTTP server listens.
    pub http: SocketAddr,
}

impl Daemon {
    /// Starts `robustmqd` with `args` in `cwd`, with stderr captured to a file in `cwd`.
    /// `http_port` is where its admin HTTP server will listen.
    pub fn spawn(
        cwd: &Path,
        args: &[&str],
        env: &[(String, String)],
        http_port: u16,
    ) -> anyhow::Result<Self> {
        let stderr_path = cwd.join(format!("robustmqd-{http_port}.stderr"));
        let stderr = std::fs::File::create(&stderr_path)?;
        let child = command("robustmqd")
            .args(args)
            .current_dir(cwd)
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .context("spawn robustmqd")?;
        Ok(Self {
            child,
            stderr_path,
            http: SocketAddr::from((Ipv4Addr::LOCALHOST, http_port)),
        })
    }

    /// Polls `GET /health` until it answers 200, and returns its body.
    ///
    /// # Errors
    /// If the process exits first or [`STARTUP_DEADLINE`] passes; the error carries its stderr.
    pub fn wait_healthy(&mut self) -> anyhow::Result<serde_json::Value> {
        let deadline = Instant::now() + STARTUP_DEADLINE;
        loop {
            if let Some(status) = self.child.try_wait()? {
                let stderr = self.stderr();
                bail!(
                    "robustmqd exited with {status} before it was healthy: {}\n--- its stderr ---\n{stderr}",
                    error_lines(&stderr)
                );
            }
            if let Ok((200, body)) = http_get(self.http, "/health") {
                return Ok(serde_json::from_str(&body)?);
            }
            if Instant::now() > deadline {
                bail!(
                    "robustmqd not healthy after {STARTUP_DEADLINE:?}:\n{}",
                    self.stderr()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends `signal` (such as `TERM` or `INT`) to the process.
    pub fn signal(&self, signal: &str) -> anyhow::Result<()> {
        let status = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(self.child.id().to_string())
            .status()?;
        anyhow::ensure!(status.success(), "kill -{signal} failed: {status}");
        Ok(())
    }

    /// Waits up to `timeout` for the process to exit.
    ///
    /// # Errors
    /// If it is still running after `timeout`.
    pub fn wait_exit(&mut self, timeout: Duration) -> anyhow::Result<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait()? {
                return Ok(status);
            }
            if Instant::now() > deadline {
                bail!(
                    "robustmqd still running after {timeout:?}:\n{}",
                    self.stderr()
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Everything the process wrote to stderr so far.
    pub fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr_path).unwrap_or_default()
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The lines of a daemon's stderr that say why it stopped (its final `error:` line and any
/// `ERROR` or `WARN` logs), so that a failure report leads with the cause even when the full
/// stderr is cut short.
fn error_lines(stderr: &str) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error:") || l.contains(" ERROR ") || l.contains(" WARN "))
        .collect();
    if lines.is_empty() {
        "(no error line in its stderr)".to_owned()
    } else {
        lines.join("\n")
    }
}

/// A minimal HTTP/1.1 `GET` over a plain socket: enough to read `/health` and `/metrics` without
/// pulling an HTTP client into the test binary. Returns the status code and the body.
///
/// # Errors
/// On connection failure or a response that is not HTTP/1.x.
pub fn http_get(addr: SocketAddr, path: &str) -> anyhow::Result<(u16, String)> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2))?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = String::new();
    stream.read_to_string(&mut raw)?;
    let (head, body) = raw
        .split_once("\r\n\r\n")
        .context("no end of headers in response")?;
    let code = head
        .strip_prefix("HTTP/1.1 ")
        .or_else(|| head.strip_prefix("HTTP/1.0 "))
        .and_then(|rest| rest.get(..3))
        .and_then(|c| c.parse().ok())
        .context("no status line")?;
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        return Ok((code, dechunk(body)?));
    }
    Ok((code, body.to_owned()))
}

fn dechunk(mut body: &str) -> anyhow::Result<String> {
    let mut out = String::new();
    loop {
        let (size, rest) = body.split_once("\r\n").context("truncated chunk size")?;
        let size = usize::from_str_radix(size.trim(), 16)?;
        if size == 0 {
            return Ok(out);
        }
        out.push_str(rest.get(..size).context("truncated chunk")?);
        body = rest.get(size + 2..).context("truncated chunk end")?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_ports_lie_outside_the_ephemeral_range_and_stay_locked_against_other_takers() {
        let (eph_low, eph_high) = std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range")
            .map(|s| {
                let v: Vec<u16> = s
                    .split_whitespace()
                    .map(|p| p.parse().expect("port"))
                    .collect();
                (v[0], v[1])
            })
            .expect("ip_local_port_range");
        let ports: Vec<u16> = (0..20).map(|_| free_port()).collect();
        let mut distinct = ports.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), ports.len(), "handed out twice: {ports:?}");
        for port in ports {
            assert!(
                !(eph_low..=eph_high).contains(&port),
                "{port} is in the ephemeral range {eph_low}-{eph_high}"
            );
            // A second open file description stands for another test process: flock locks
            // belong to the description, so it must not get the lock either.
            let other = std::fs::File::open(
                std::env::temp_dir()
                    .join("robustmq-test-ports")
                    .join(port.to_string()),
            )
            .expect("lock file exists");
            assert!(other.try_lock().is_err(), "{port} is not locked");
        }
    }
}
