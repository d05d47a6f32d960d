//! MQTT helpers for the black-box tests: a daemon fixture with its MQTT port, a raw client that
//! speaks packets (or arbitrary bytes) over a plain socket, and runners for the external clients
//! (paho-mqtt scripts, mosquitto_pub / mosquitto_sub).

use std::io::{ErrorKind, Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use bytes::BytesMut;
use robustmq_mqtt_codec::{
    ConnAck, Connect, Error as CodecError, LastWill, MAX_PACKET_SIZE, Packet, Properties, Protocol,
};

use crate::{Daemon, Ports, workspace_root};

/// A single-node `robustmqd` with every role, on free ports, with extra `ROBUSTMQ_*` settings.
pub struct Broker {
    /// The process.
    pub daemon: Daemon,
    /// Its ports.
    pub ports: Ports,
    /// Its data directory, kept for restarts.
    pub dir: tempfile::TempDir,
    env: Vec<(String, String)>,
}

impl Broker {
    /// Starts a broker with `settings` (`("MQTT_MAX_INFLIGHT", "5")` sets
    /// `ROBUSTMQ_MQTT_MAX_INFLIGHT`) and waits until it is healthy.
    pub fn start(settings: &[(&str, &str)]) -> Broker {
        Self::start_with(settings, false)
    }

    /// As [`Broker::start`], with the Kafka listener on `ports.kafka` as well.
    pub fn start_kafka(settings: &[(&str, &str)]) -> Broker {
        Self::start_with(settings, true)
    }

    fn start_with(settings: &[(&str, &str)], kafka: bool) -> Broker {
        let dir = tempfile::tempdir().expect("tempdir");
        let ports = Ports::free();
        let mut env = ports.env();
        env.push(("ROBUSTMQ_MQTT_WS_ADDR".into(), String::new()));
        if !kafka {
            env.push(("ROBUSTMQ_KAFKA_ADDR".into(), String::new()));
        }
        env.extend(
            settings
                .iter()
                .map(|(k, v)| (format!("ROBUSTMQ_{k}"), (*v).to_owned())),
        );
        let daemon = Self::spawn(dir.path(), &env, ports.http);
        Broker {
            daemon,
            ports,
            dir,
            env,
        }
    }

    fn spawn(dir: &Path, env: &[(String, String)], http: u16) -> Daemon {
        let mut daemon = Daemon::spawn(dir, &["start"], env, http).expect("spawn robustmqd");
        daemon.wait_healthy().expect("robustmqd healthy");
        daemon
    }

    /// Starts the daemon again on the same ports and data after it died (say, of SIGKILL).
    pub fn respawn(&mut self) {
        self.daemon = Self::spawn(self.dir.path(), &self.env, self.ports.http);
    }

    /// The `/metrics` body, or `None` when it does not answer 200.
    fn try_scrape(&self) -> Option<String> {
        let addr = std::net::SocketAddr::from(([127, 0, 0, 1], self.ports.prometheus));
        match crate::http_get(addr, "/metrics") {
            Ok((200, body)) => Some(body),
            _ => None,
        }
    }

    /// The `/metrics` body now.
    ///
    /// # Panics
    /// If `/metrics` does not answer 200.
    pub fn scrape(&self) -> String {
        self.try_scrape().expect("GET /metrics answers 200")
    }

    /// The value of the unlabelled metric `name` in `/metrics` now; `None` when it is absent.
    ///
    /// # Panics
    /// If `/metrics` does not answer 200.
    pub fn metric(&self, name: &str) -> Option<String> {
        self.scrape()
            .lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ').map(str::to_owned))
    }

    /// Waits until `/metrics` has a line equal to `line`, for at most 10 s.
    pub fn wait_for_metric(&self, line: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if self
                .try_scrape()
                .is_some_and(|body| body.lines().any(|l| l == line))
            {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "`{line}` never appeared in /metrics"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The MQTT TCP port.
    pub fn port(&self) -> u16 {
        self.ports.mqtt
    }

    /// The Kafka bootstrap address (`127.0.0.1:port`), for a broker from [`Broker::start_kafka`].
    pub fn kafka(&self) -> String {
        format!("127.0.0.1:{}", self.ports.kafka)
    }

    /// Stops the daemon with SIGTERM (a graceful shutdown) and starts it again on the same ports
    /// and data.
    pub fn restart(&mut self) {
        self.daemon.signal("TERM").expect("SIGTERM");
        let status = self
            .daemon
            .wait_exit(Duration::from_secs(20))
            .expect("robustmqd stops");
        assert_eq!(status.code(), Some(0), "{}", self.daemon.stderr());
        self.daemon = Self::spawn(self.dir.path(), &self.env, self.ports.http);
    }
}

/// What a raw client read. Moved once per read in a test, so the size of `Packet` costs nothing.
#[derive(Debug, PartialEq, Eq)]
#[allow(clippy::large_enum_variant)]
pub enum Recv {
    /// A packet.
    Packet(Packet),
    /// The broker closed the connection.
    Closed,
    /// Nothing arrived in time.
    Timeout,
}

/// A client that writes packets or raw bytes and reads packets, with no protocol logic of its
/// own: it acknowledges nothing unless the test does.
pub struct RawClient {
    stream: TcpStream,
    buf: BytesMut,
    /// Level used to decode what the broker sends.
    pub protocol: Protocol,
}

impl RawClient {
    /// Opens a TCP connection to `port` on 127.0.0.1.
    pub fn open(port: u16, protocol: Protocol) -> RawClient {
        let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to the MQTT port");
        stream.set_nodelay(true).expect("nodelay");
        RawClient {
            stream,
            buf: BytesMut::new(),
            protocol,
        }
    }

    /// Connects and completes CONNECT/CONNACK, asserting success.
    pub fn connect(
        port: u16,
        protocol: Protocol,
        client_id: &str,
        clean_start: bool,
    ) -> (RawClient, ConnAck) {
        Self::connect_with(
            port,
            connect_packet(
                protocol,
                client_id,
                clean_start,
                Properties::default(),
                None,
            ),
        )
    }

    /// Connects with `connect` and returns the CONNACK, asserting success.
    pub fn connect_with(port: u16, connect: Connect) -> (RawClient, ConnAck) {
        let mut client = RawClient::open(port, connect.protocol);
        client.send(&Packet::Connect(Box::new(connect)));
        match client.recv(Duration::from_secs(5)) {
            Recv::Packet(Packet::ConnAck(ack)) => {
                assert!(!ack.code.is_error(), "CONNACK refused: {ack:?}");
                (client, ack)
            }
            other => panic!("expected CONNACK, got {other:?}"),
        }
    }

    /// Writes raw bytes.
    pub fn send_bytes(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).expect("write");
    }

    /// Encodes and writes a packet.
    pub fn send(&mut self, packet: &Packet) {
        self.try_send(packet).expect("write");
    }

    /// Encodes and writes a packet, returning the write error (the broker went away).
    pub fn try_send(&mut self, packet: &Packet) -> std::io::Result<()> {
        let mut buf = BytesMut::new();
        packet.write(self.protocol, &mut buf).expect("encode");
        self.stream.write_all(&buf)
    }

    /// Reads the next packet, waiting at most `timeout`.
    pub fn recv(&mut self, timeout: Duration) -> Recv {
        let deadline = Instant::now() + timeout;
        loop {
            match robustmq_mqtt_codec::read(&mut self.buf, self.protocol, MAX_PACKET_SIZE) {
                Ok(packet) => return Recv::Packet(packet),
                Err(CodecError::Incomplete(_)) => {}
                Err(e) => panic!("broker sent bytes that do not decode: {e}"),
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Recv::Timeout;
            }
            self.stream.set_read_timeout(Some(left)).expect("timeout");
            let mut chunk = [0u8; 4096];
            match self.stream.read(&mut chunk) {
                Ok(0) => return Recv::Closed,
                Ok(n) => self.buf.extend_from_slice(&chunk[..n]),
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    return Recv::Timeout;
                }
                Err(e)
                    if matches!(
                        e.kind(),
                        ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted
                    ) =>
                {
                    return Recv::Closed;
                }
                Err(e) => panic!("read: {e}"),
            }
        }
    }

    /// Reads packets until one satisfies `want`, skipping others, within `timeout`.
    pub fn recv_until(&mut self, timeout: Duration, mut want: impl FnMut(&Packet) -> bool) -> Recv {
        let deadline = Instant::now() + timeout;
        loop {
            match self.recv(deadline.saturating_duration_since(Instant::now())) {
                Recv::Packet(p) if !want(&p) => continue,
                other => return other,
            }
        }
    }

    /// Closes the socket without DISCONNECT, as a crashed client would.
    pub fn drop_connection(self) {
        let _ = self.stream.shutdown(std::net::Shutdown::Both);
    }
}

/// A CONNECT at `protocol` with keepalive 60.
pub fn connect_packet(
    protocol: Protocol,
    client_id: &str,
    clean_start: bool,
    properties: Properties,
    will: Option<LastWill>,
) -> Connect {
    Connect {
        protocol,
        clean_start,
        keep_alive: 60,
        client_id: client_id.to_owned(),
        will,
        username: None,
        password: None,
        properties,
    }
}

/// Runs one scenario of `tests/clients/paho_scenarios.py` against `port` and asserts it passed.
pub fn paho(scenario: &str, port: u16, args: &[&str]) {
    let script = workspace_root().join("tests/clients/paho_scenarios.py");
    let output = Command::new("python3")
        .arg(&script)
        .arg(scenario)
        .arg("--port")
        .arg(port.to_string())
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run python3 (installed by .ci/run)");
    assert_success(&format!("paho scenario {scenario} {args:?}"), &output);
}

/// Asserts that a client process succeeded, showing its output if not.
pub fn assert_success(what: &str, output: &Output) {
    assert!(
        output.status.success(),
        "{what} failed ({}):\n--- stdout\n{}\n--- stderr\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A `mosquitto_sub`/`mosquitto_pub` command against `port`.
pub fn mosquitto(tool: &str, port: u16) -> Command {
    let mut cmd = Command::new(tool);
    cmd.arg("-h")
        .arg("127.0.0.1")
        .arg("-p")
        .arg(port.to_string())
        .stdin(Stdio::null());
    cmd
}

/// Publishes one QoS 1 message per line of `lines` to `topic` with `mosquitto_pub -l`, and
/// returns once mosquitto_pub has had them all acknowledged.
pub fn publish_lines(port: u16, topic: &str, lines: &str) {
    use std::io::Write as _;
    let mut child = mosquitto("mosquitto_pub", port)
        .args(["-t", topic, "-q", "1", "-l"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("mosquitto_pub");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(lines.as_bytes())
        .expect("write lines");
    let output = child.wait_with_output().expect("mosquitto_pub ends");
    assert_success("mosquitto_pub -l", &output);
}

/// Publishes QoS 0 messages to `status/load` from a raw 3.1.1 client every 5 ms until `stop` is
/// set or the broker goes away; returns how many it sent.
pub fn publish_until(port: u16, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<u64> {
    std::thread::spawn(move || {
        let (mut c, _) = RawClient::connect(port, Protocol::V311, "load-publisher", true);
        let mut sent = 0;
        while !stop.load(Ordering::Relaxed) {
            let sent_ok = c.try_send(&Packet::Publish(robustmq_mqtt_codec::Publish {
                dup: false,
                qos: robustmq_mqtt_codec::QoS::AtMostOnce,
                retain: false,
                topic: "status/load".into(),
                pkid: 0,
                properties: Properties::default(),
                payload: bytes::Bytes::from_static(b"x"),
            }));
            if sent_ok.is_err() {
                break;
            }
            sent += 1;
            std::thread::sleep(Duration::from_millis(5));
        }
        sent
    })
}
