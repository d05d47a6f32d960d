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

/// A port on 127.0.0.1 that was free a moment ago and that this test process has not handed out
/// before: the OS may give a just-released port again, and two listeners of one daemon (or two
/// daemons of one test) must not be told to share it.
pub fn free_port() -> u16 {
    static HANDED_OUT: std::sync::Mutex<Vec<u16>> = std::sync::Mutex::new(Vec::new());
    loop {
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("bind 127.0.0.1:0");
        let mut handed_out = HANDED_OUT
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !handed_out.contains(&port) {
            handed_out.push(port);
            return port;
        }
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
    /// Six ports that were free a moment ago.
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
                bail!(
                    "robustmqd exited with {status} before it was healthy:\n{}",
                    self.stderr()
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
