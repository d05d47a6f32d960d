//! MQTT over every transport the broker serves (TCP, TLS, WebSocket, WSS, QUIC), judged by
//! clients nobody here wrote: paho-mqtt (one scenario body, `transport_round`, run over TCP,
//! TLS, WS and WSS), MQTT.js over WS and WSS, and mosquitto_pub / mosquitto_sub over TLS and
//! mutual TLS; QUIC, which none of those speak, by the repository's own client ([`any`]), which
//! runs one round over all five. The certificates are made at test time with openssl, never
//! checked in.

use std::process::{Command, Stdio};

use robustmq_tests::free_port;
use robustmq_tests::mqtt::{Broker, assert_success, mosquitto, paho};
use robustmq_tests::pki::{Pki, SERVER_EXT};

/// The ports of the listeners beside TCP.
struct Extra {
    tls: u16,
    ws: u16,
    wss: u16,
}

/// A broker with TCP, TLS, WebSocket and WSS listeners on `pki`'s server certificate, plus
/// `settings`.
fn broker_with_all_transports(pki: &Pki, settings: &[(&str, &str)]) -> (Broker, Extra) {
    let extra = Extra {
        tls: free_port(),
        ws: free_port(),
        wss: free_port(),
    };
    let addr = |port: u16| format!("127.0.0.1:{port}");
    let (tls, ws, wss) = (addr(extra.tls), addr(extra.ws), addr(extra.wss));
    let (cert, key) = (pki.pem("server"), pki.key("server"));
    let mut all: Vec<(&str, &str)> = vec![
        ("MQTT_TLS_ADDR", &tls),
        ("MQTT_WS_ADDR", &ws),
        ("MQTT_WSS_ADDR", &wss),
        ("TLS_CERT", &cert),
        ("TLS_KEY", &key),
    ];
    all.extend_from_slice(settings);
    (Broker::start(&all), extra)
}

#[test]
fn paho_round_over_tcp_tls_ws_and_wss() {
    let pki = Pki::new();
    let (broker, extra) = broker_with_all_transports(&pki, &[]);
    let ca = pki.pem("ca");
    for (transport, port) in [
        ("tcp", broker.port()),
        ("tls", extra.tls),
        ("ws", extra.ws),
        ("wss", extra.wss),
    ] {
        paho(
            "transport_round",
            port,
            &["--proto", "v5", "--transport", transport, "--cafile", &ca],
        );
    }
    let metrics = broker.scrape();
    for listener in [
        "mqtt.tcp_addr",
        "mqtt.tls_addr",
        "mqtt.ws_addr",
        "mqtt.wss_addr",
    ] {
        assert!(
            metrics.contains(&format!(
                "robustmq_listener_connections{{listener=\"{listener}\"}}"
            )),
            "no connection gauge for {listener}"
        );
        for direction in ["in", "out"] {
            let prefix = format!(
                "robustmq_listener_bytes_total{{direction=\"{direction}\",listener=\"{listener}\"}} "
            );
            // Each round moves a 256 KiB payload through the listener both ways; a connection
            // adds its bytes when it closes, which the broker may see a moment after the
            // client has exited.
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
            loop {
                let bytes: u64 = broker
                    .scrape()
                    .lines()
                    .find_map(|l| l.strip_prefix(&prefix)?.parse().ok())
                    .unwrap_or(0);
                if bytes > 256 * 1024 {
                    break;
                }
                assert!(
                    std::time::Instant::now() < deadline,
                    "{listener} {direction}: {bytes} bytes"
                );
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
        }
    }
}

/// Subscribes with mosquitto_sub over TLS, publishes with mosquitto_pub over TLS, and returns
/// what the subscriber printed. `auth` adds `--cert`/`--key` to both.
fn mosquitto_tls_round(port: u16, ca: &str, auth: &[&str]) -> String {
    let mut sub = mosquitto("mosquitto_sub", port)
        .args([
            "--cafile", ca, "-t", "tls/t", "-q", "1", "-C", "1", "-W", "10",
        ])
        .args(auth)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("mosquitto_sub");
    // mosquitto_sub has no "subscribed" signal; a retained message needs none.
    let publish = mosquitto("mosquitto_pub", port)
        .args([
            "--cafile", ca, "-t", "tls/t", "-q", "1", "-r", "-m", "over-tls",
        ])
        .args(auth)
        .output()
        .expect("mosquitto_pub");
    assert_success("mosquitto_pub over TLS", &publish);
    let _ = sub.stdin.take();
    let output = sub.wait_with_output().expect("mosquitto_sub output");
    assert_success("mosquitto_sub over TLS", &output);
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

#[test]
fn mosquitto_over_tls_with_cafile() {
    let pki = Pki::new();
    let (_broker, extra) = broker_with_all_transports(&pki, &[]);
    assert_eq!(
        mosquitto_tls_round(extra.tls, &pki.pem("ca"), &[]),
        "over-tls"
    );
}

/// Whether `mosquitto_pub` can connect over TLS with `auth` and have a QoS 1 message
/// acknowledged.
fn mosquitto_pub_connects(port: u16, ca: &str, auth: &[&str]) -> bool {
    mosquitto("mosquitto_pub", port)
        .args(["--cafile", ca, "-t", "mtls/probe", "-q", "1", "-m", "x"])
        .args(auth)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("mosquitto_pub")
        .success()
}

#[test]
fn mutual_tls_refuses_no_expired_and_foreign_certificates_and_takes_the_right_one() {
    let pki = Pki::new();
    let client_ca = pki.pem("ca");
    let (broker, extra) = broker_with_all_transports(&pki, &[("TLS_CLIENT_CA", &client_ca)]);
    let ca = pki.pem("ca");
    let (cert, key) = (|name: &str| pki.pem(name), |name: &str| pki.key(name));
    assert!(
        !mosquitto_pub_connects(extra.tls, &ca, &[]),
        "no client certificate must be refused"
    );
    let (c, k) = (cert("expired"), key("expired"));
    assert!(
        !mosquitto_pub_connects(extra.tls, &ca, &["--cert", &c, "--key", &k]),
        "an expired client certificate must be refused"
    );
    let (c, k) = (cert("intruder"), key("intruder"));
    assert!(
        !mosquitto_pub_connects(extra.tls, &ca, &["--cert", &c, "--key", &k]),
        "a certificate from another CA must be refused"
    );
    let (c, k) = (cert("client"), key("client"));
    assert_eq!(
        mosquitto_tls_round(extra.tls, &ca, &["--cert", &c, "--key", &k]),
        "over-tls",
        "the right certificate connects"
    );
    let metrics = broker.scrape();
    let refused = metrics
        .lines()
        .find(|l| {
            l.starts_with(
                r#"robustmq_listener_refused_total{listener="mqtt.tls_addr",reason="handshake"}"#,
            )
        })
        .and_then(|l| l.rsplit(' ').next()?.parse::<u64>().ok())
        .unwrap_or(0);
    assert!(
        refused >= 3,
        "three refused handshakes counted, not {refused}"
    );
    // The plain TCP listener was never affected.
    paho("qos_levels", broker.port(), &["--proto", "v311"]);
}

#[test]
fn a_tls_listener_with_an_unreadable_certificate_is_a_config_error_naming_the_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("missing.pem").display().to_string();
    let output = Command::new(robustmq_tests::bin("robustmqd"))
        .args(["start"])
        .env("ROBUSTMQ_DATA_DIR", dir.path())
        .env(
            "ROBUSTMQ_MQTT_TLS_ADDR",
            format!("127.0.0.1:{}", free_port()),
        )
        .env("ROBUSTMQ_TLS_CERT", &missing)
        .env("ROBUSTMQ_TLS_KEY", &missing)
        .stdin(Stdio::null())
        .output()
        .expect("robustmqd");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    let line = stderr.trim();
    assert!(!line.contains('\n'), "one line: {line}");
    assert!(line.contains("tls.cert"), "names the key: {line}");
}

#[test]
fn with_cert_cn_as_username_the_certificate_cn_is_the_username_in_client_list() {
    let pki = Pki::new();
    let client_ca = pki.pem("ca");
    let (broker, extra) = broker_with_all_transports(
        &pki,
        &[
            ("TLS_CLIENT_CA", &client_ca),
            ("MQTT_CERT_CN_AS_USERNAME", "true"),
        ],
    );
    let (ca, cert, key) = (pki.pem("ca"), pki.pem("client"), pki.key("client"));
    // A subscriber that stays connected while the client list is read; its own username is
    // ignored in favour of the certificate's CN.
    let mut sub = mosquitto("mosquitto_sub", extra.tls)
        .args(["--cafile", &ca, "--cert", &cert, "--key", &key])
        .args([
            "-i",
            "cn-sub",
            "-u",
            "claimed-name",
            "-t",
            "cn/#",
            "-W",
            "30",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("mosquitto_sub");
    let server = format!("http://127.0.0.1:{}", broker.ports.http);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let client = loop {
        let (code, out, err) = robustmq_tests::robustmqctl(
            &["--server", &server],
            &["-o", "json", "client", "list", "--prefix", "cn-"],
            &[],
        );
        assert_eq!(code, Some(0), "{err}");
        let list: serde_json::Value = serde_json::from_str(&out).expect("json");
        if let Some(client) = list["clients"].get(0) {
            break client.clone();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the subscriber never showed in client list"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    let _ = sub.kill();
    let _ = sub.wait();
    assert_eq!(client["client_id"], "cn-sub");
    assert_eq!(client["username"], "device-7");
    assert_eq!(client["transport"], "tls");
}

#[test]
fn sighup_reloads_the_certificate_and_keeps_live_connections() {
    let pki = Pki::new();
    let (broker, extra) = broker_with_all_transports(&pki, &[]);
    let (old_ca, new_ca) = (pki.pem("ca"), pki.pem("other-ca"));
    // Connected with the old certificate, waiting for one message.
    let sub = mosquitto("mosquitto_sub", extra.tls)
        .args([
            "--cafile", &old_ca, "-t", "reload/t", "-q", "1", "-C", "1", "-W", "30",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("mosquitto_sub");
    broker.wait_for_metric(r#"robustmq_listener_connections{listener="mqtt.tls_addr"} 1"#);
    // The new certificate, from another CA, replaces the files in place.
    pki.issue(
        "other-ca",
        "server2",
        "/CN=robustmq-test-server-2",
        SERVER_EXT,
        2,
    );
    std::fs::copy(pki.pem("server2"), pki.pem("server")).expect("replace cert");
    std::fs::copy(pki.key("server2"), pki.key("server")).expect("replace key");
    broker.daemon.signal("HUP").expect("SIGHUP");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !mosquitto_pub_connects(extra.tls, &new_ca, &[]) {
        assert!(
            std::time::Instant::now() < deadline,
            "new handshakes never presented the new certificate"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(
        !mosquitto_pub_connects(extra.tls, &old_ca, &[]),
        "the old certificate is no longer presented"
    );
    // The connection made before the reload is still up and still served.
    let publish = mosquitto("mosquitto_pub", broker.port())
        .args(["-t", "reload/t", "-q", "1", "-m", "still-here"])
        .output()
        .expect("mosquitto_pub");
    assert_success("mosquitto_pub over TCP", &publish);
    let output = sub.wait_with_output().expect("mosquitto_sub");
    assert_success("mosquitto_sub connected before the reload", &output);
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "still-here");
    assert!(
        broker
            .daemon
            .stderr()
            .contains("TLS certificate and key reloaded"),
        "the reload is logged"
    );
}

/// Reads from `stream` until the peer closes it (or resets it); false if it is still open
/// after 10 s. Returns what was read alongside.
fn closed_by_peer(stream: &mut std::net::TcpStream) -> (bool, Vec<u8>) {
    use std::io::Read as _;
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .expect("timeout");
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return (true, got),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return (true, got),
            Err(_) => return (false, got),
        }
    }
}

fn open(port: u16) -> std::net::TcpStream {
    std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect")
}

/// A WebSocket upgrade request for /mqtt, with `extra` header lines.
fn upgrade_request(extra: &str) -> String {
    format!(
        "GET /mqtt HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n{extra}\r\n"
    )
}

#[test]
fn hostile_input_on_each_listener_ends_cleanly_and_the_others_keep_serving() {
    use std::io::Write as _;
    let pki = Pki::new();
    let quic = free_port();
    let quic_addr = format!("127.0.0.1:{quic}");
    let (broker, extra) = broker_with_all_transports(
        &pki,
        &[
            ("MQTT_CONNECT_TIMEOUT_MS", "2000"),
            ("MQTT_MAX_CONNECTIONS_PER_IP", "0"),
            // The same client ids connect over and over here, as no real client does.
            ("MQTT_FLAPPING_MAX_CONNECTS", "0"),
            ("MQTT_QUIC_ADDR", &quic_addr),
        ],
    );
    let ca = pki.pem("ca");
    // Every listener but the one under attack answers a full QoS 0/1/2 round.
    let others_serve = |except: &str| {
        for (transport, port) in [
            ("tcp", broker.port()),
            ("tls", extra.tls),
            ("ws", extra.ws),
            ("wss", extra.wss),
        ] {
            if transport != except {
                paho(
                    "qos_levels",
                    port,
                    &["--proto", "v311", "--transport", transport, "--cafile", &ca],
                );
            }
        }
    };

    // A malformed ClientHello: a TLS record header around garbage.
    let mut s = open(extra.tls);
    s.write_all(b"\x16\x03\x01\x00\x05hello").expect("write");
    assert!(
        closed_by_peer(&mut s).0,
        "a malformed ClientHello is closed"
    );
    others_serve("tls");

    // A plain MQTT client on the TLS port.
    let mut s = open(extra.tls);
    s.write_all(&[
        0x10, 0x0C, 0x00, 0x04, b'M', b'Q', b'T', b'T', 4, 2, 0, 60, 0, 0,
    ])
    .expect("write");
    assert!(
        closed_by_peer(&mut s).0,
        "plain TCP on the TLS port is closed"
    );
    others_serve("tls");

    // A WebSocket upgrade that offers no MQTT subprotocol: 400, then closed.
    let mut s = open(extra.ws);
    s.write_all(upgrade_request("").as_bytes()).expect("write");
    let (closed, answer) = closed_by_peer(&mut s);
    assert!(closed, "an upgrade without mqtt is closed");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    others_serve("ws");

    // A text frame after a good upgrade [MQTT-6.0.0-1].
    let mut s = open(extra.ws);
    s.write_all(upgrade_request("Sec-WebSocket-Protocol: mqtt\r\n").as_bytes())
        .expect("write");
    let mut head = [0u8; 12];
    std::io::Read::read_exact(&mut s, &mut head).expect("upgrade answer");
    assert!(head.starts_with(b"HTTP/1.1 101"), "{head:?}");
    let mask = [1u8, 2, 3, 4];
    let mut frame = vec![0x81, 0x80 | 5];
    frame.extend_from_slice(&mask);
    frame.extend(b"hello".iter().zip(mask.iter().cycle()).map(|(b, m)| b ^ m));
    s.write_all(&frame).expect("write");
    assert!(closed_by_peer(&mut s).0, "a text frame is closed");
    others_serve("ws");

    // 2,000 TLS handshakes that never finish: each is closed at the handshake timeout.
    let half_open: Vec<_> = (0..2000)
        .map(|_| {
            let mut s = open(extra.tls);
            // A record header that announces a ClientHello which never comes.
            s.write_all(b"\x16\x03\x01\x02\x00").expect("write");
            s
        })
        .collect();
    others_serve("tls");
    broker.wait_for_metric(
        r#"robustmq_listener_refused_total{listener="mqtt.tls_addr",reason="timeout"} 2000"#,
    );
    drop(half_open);
    others_serve("");

    // Garbage datagrams on the QUIC port: dropped; QUIC clients still get in.
    let udp = std::net::UdpSocket::bind("127.0.0.1:0").expect("udp");
    let mut noise = [0u8; 1200];
    for i in 0..2000u32 {
        noise.iter_mut().enumerate().for_each(|(j, b)| {
            *b = (i.wrapping_mul(2654435761) >> (j % 24)) as u8;
        });
        // A long-header Initial's first byte now and then, garbage after it.
        noise[0] = if i % 2 == 0 { 0xC3 } else { noise[0] };
        udp.send_to(&noise, ("127.0.0.1", quic)).expect("send");
    }
    others_serve("quic");
    let target = any::Target {
        transport: "quic",
        port: quic,
        ca: pki.path("ca.pem"),
    };
    tokio::runtime::Runtime::new()
        .expect("runtime")
        .block_on(any::round(&target));
}

/// An MQTT 5.0 client of the tests' own over any of the five transports (QUIC included, which
/// no outside client here speaks), on the network layer's client helpers: the same round runs
/// over each ([`round`]).
mod any {
    use std::net::SocketAddr;
    use std::path::Path;
    use std::time::Duration;

    use bytes::{Bytes, BytesMut};
    use robustmq_mqtt_codec::{
        Ack, ConnAck, Connect, Disconnect, LastWill, Packet, Properties, PropertyValues, Protocol,
        Publish, QoS, ReasonCode, Subscribe, Subscription, SubscriptionOptions,
    };
    use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
    use tokio::net::TcpStream;

    /// A byte stream of any transport.
    trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
    impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

    const WAIT: Duration = Duration::from_secs(10);
    /// MQTT over WebSocket as an outside client asks for it (MQTT 5.0 section 6).
    const WS: robustmq_net::ws::Route = robustmq_net::ws::Route {
        path: "/mqtt",
        subprotocols: &["mqtt"],
    };

    /// Where a client connects: the transport, the port and the CA of the server certificate.
    #[derive(Clone)]
    pub struct Target {
        pub transport: &'static str,
        pub port: u16,
        pub ca: std::path::PathBuf,
    }

    pub struct Client {
        io: Box<dyn Io>,
        buf: BytesMut,
        next_pkid: u16,
        /// A QUIC client's endpoint, kept while its connection lives.
        _quic: Option<quinn::Endpoint>,
    }

    async fn tls(tcp: TcpStream, ca: &Path) -> tokio_rustls::client::TlsStream<TcpStream> {
        let config = robustmq_net::tls::client_config(ca, &[]).expect("client config");
        let name = rustls::pki_types::ServerName::try_from("127.0.0.1").expect("name");
        tokio_rustls::TlsConnector::from(std::sync::Arc::new(config))
            .connect(name, tcp)
            .await
            .expect("TLS handshake")
    }

    async fn dial(target: &Target) -> (Box<dyn Io>, Option<quinn::Endpoint>) {
        let addr = SocketAddr::from(([127, 0, 0, 1], target.port));
        let host = format!("127.0.0.1:{}", target.port);
        if target.transport == "quic" {
            let config = robustmq_net::tls::quic_client_config(&target.ca).expect("config");
            let endpoint = robustmq_net::quic::client_endpoint(config).expect("endpoint");
            let stream = robustmq_net::quic::connect(&endpoint, addr, "127.0.0.1")
                .await
                .expect("QUIC connect");
            return (Box::new(stream), Some(endpoint));
        }
        let tcp = TcpStream::connect(addr).await.expect("TCP connect");
        let io: Box<dyn Io> = match target.transport {
            "tcp" => Box::new(tcp),
            "tls" => Box::new(tls(tcp, &target.ca).await),
            "ws" => Box::new(
                robustmq_net::ws::connect(tcp, &host, WS, 1 << 20)
                    .await
                    .expect("WebSocket upgrade"),
            ),
            "wss" => Box::new(
                robustmq_net::ws::connect(tls(tcp, &target.ca).await, &host, WS, 1 << 20)
                    .await
                    .expect("WebSocket upgrade"),
            ),
            other => panic!("unknown transport {other}"),
        };
        (io, None)
    }

    impl Client {
        /// Connects as `client_id` (a session lasting `expiry` seconds, resumed unless
        /// `clean`) with `will`; returns the client and its CONNACK.
        pub async fn connect(
            target: &Target,
            client_id: &str,
            clean: bool,
            expiry: u32,
            will: Option<(&str, &str)>,
        ) -> (Client, ConnAck) {
            let (io, quic) = dial(target).await;
            let mut client = Client {
                io,
                buf: BytesMut::new(),
                next_pkid: 1,
                _quic: quic,
            };
            let connect = Connect {
                protocol: Protocol::V5,
                clean_start: clean,
                keep_alive: 60,
                client_id: client_id.to_owned(),
                will: will.map(|(topic, payload)| LastWill {
                    topic: topic.to_owned(),
                    payload: Bytes::from(payload.to_owned()),
                    qos: QoS::AtLeastOnce,
                    retain: false,
                    properties: Properties::default(),
                }),
                username: None,
                password: None,
                properties: Properties::from(PropertyValues {
                    session_expiry_interval: Some(expiry),
                    ..PropertyValues::default()
                }),
            };
            client.send(&Packet::Connect(Box::new(connect))).await;
            match client.recv().await {
                Packet::ConnAck(ack) if !ack.code.is_error() => (client, ack),
                other => panic!("expected a successful CONNACK, got {other:?}"),
            }
        }

        pub async fn send(&mut self, packet: &Packet) {
            let mut out = BytesMut::new();
            packet.write(Protocol::V5, &mut out).expect("encode");
            self.io.write_all(&out).await.expect("write");
            self.io.flush().await.expect("flush");
        }

        /// The next packet; panics after 10 s or when the connection ends.
        pub async fn recv(&mut self) -> Packet {
            tokio::time::timeout(WAIT, async {
                loop {
                    match robustmq_mqtt_codec::read(&mut self.buf, Protocol::V5, 1 << 24) {
                        Ok(packet) => return packet,
                        Err(robustmq_mqtt_codec::Error::Incomplete(_)) => {}
                        Err(e) => panic!("undecodable: {e}"),
                    }
                    self.buf.reserve(64 * 1024);
                    let n = self.io.read_buf(&mut self.buf).await.expect("read");
                    assert!(n > 0, "the broker closed the connection");
                }
            })
            .await
            .expect("a packet within 10 s")
        }

        fn pkid(&mut self) -> u16 {
            let id = self.next_pkid;
            self.next_pkid = self.next_pkid.wrapping_add(1).max(1);
            id
        }

        pub async fn subscribe(&mut self, filter: &str, qos: QoS) {
            let pkid = self.pkid();
            let subscribe = Subscribe {
                pkid,
                filters: vec![Subscription {
                    filter: filter.to_owned(),
                    options: SubscriptionOptions {
                        qos,
                        ..Default::default()
                    },
                }],
                properties: Properties::default(),
            };
            self.send(&Packet::Subscribe(subscribe)).await;
            loop {
                match self.recv().await {
                    Packet::SubAck(ack) => {
                        assert!(!ack.codes[0].is_error(), "{ack:?}");
                        return;
                    }
                    // The end of a QoS 2 delivery handed out before.
                    Packet::PubRel(rel) => self.send(&Packet::PubComp(Ack::new(rel.pkid))).await,
                    other => panic!("expected SUBACK, got {other:?}"),
                }
            }
        }

        /// Publishes and completes the QoS flow (PUBACK, or PUBREC/PUBREL/PUBCOMP).
        pub async fn publish(&mut self, topic: &str, payload: &[u8], qos: QoS, retain: bool) {
            let pkid = if qos == QoS::AtMostOnce {
                0
            } else {
                self.pkid()
            };
            let publish = Publish {
                dup: false,
                qos,
                retain,
                topic: topic.to_owned(),
                pkid,
                payload: Bytes::copy_from_slice(payload),
                properties: Properties::default(),
            };
            self.send(&Packet::Publish(publish)).await;
            match qos {
                QoS::AtMostOnce => {}
                QoS::AtLeastOnce => match self.recv().await {
                    Packet::PubAck(ack) => assert_eq!(ack.pkid, pkid),
                    other => panic!("expected PUBACK, got {other:?}"),
                },
                QoS::ExactlyOnce => {
                    match self.recv().await {
                        Packet::PubRec(ack) => assert_eq!(ack.pkid, pkid),
                        other => panic!("expected PUBREC, got {other:?}"),
                    }
                    self.send(&Packet::PubRel(Ack::new(pkid))).await;
                    match self.recv().await {
                        Packet::PubComp(ack) => assert_eq!(ack.pkid, pkid),
                        other => panic!("expected PUBCOMP, got {other:?}"),
                    }
                }
            }
        }

        /// The next `n` messages delivered, each acknowledged as its QoS asks.
        pub async fn expect(&mut self, n: usize) -> Vec<Publish> {
            let mut got = Vec::new();
            while got.len() < n {
                match self.recv().await {
                    Packet::Publish(p) => {
                        match p.qos {
                            QoS::AtMostOnce => {}
                            QoS::AtLeastOnce => self.send(&Packet::PubAck(Ack::new(p.pkid))).await,
                            QoS::ExactlyOnce => self.send(&Packet::PubRec(Ack::new(p.pkid))).await,
                        }
                        got.push(p);
                    }
                    Packet::PubRel(rel) => self.send(&Packet::PubComp(Ack::new(rel.pkid))).await,
                    other => panic!("expected PUBLISH, got {other:?}"),
                }
            }
            got
        }

        pub async fn disconnect(mut self, reason: ReasonCode) {
            let bye = Disconnect {
                reason,
                properties: Properties::default(),
            };
            self.send(&Packet::Disconnect(bye)).await;
            let _ = self.io.shutdown().await;
        }
    }

    fn payloads(messages: &[Publish]) -> Vec<(String, Bytes, QoS)> {
        let mut out: Vec<_> = messages
            .iter()
            .map(|m| (m.topic.clone(), m.payload.clone(), m.qos))
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    /// What a client does over any transport: QoS 0/1/2 at the granted QoS, a retained
    /// message, a will, and a persistent session resumed with what was published while it was
    /// away. Client ids and topics carry the transport, so rounds do not meet.
    pub async fn round(target: &Target) {
        let t = target.transport;
        let (mut sub, _) = Client::connect(target, &format!("{t}-sub"), true, 0, None).await;
        sub.subscribe(&format!("{t}/q/#"), QoS::ExactlyOnce).await;
        let (mut publisher, _) = Client::connect(target, &format!("{t}-pub"), true, 0, None).await;
        for (i, qos) in [QoS::AtMostOnce, QoS::AtLeastOnce, QoS::ExactlyOnce]
            .into_iter()
            .enumerate()
        {
            publisher
                .publish(
                    &format!("{t}/q/{i}"),
                    format!("m{i}").as_bytes(),
                    qos,
                    false,
                )
                .await;
        }
        let got = payloads(&sub.expect(3).await);
        let want: Vec<_> = [QoS::AtMostOnce, QoS::AtLeastOnce, QoS::ExactlyOnce]
            .into_iter()
            .enumerate()
            .map(|(i, qos)| (format!("{t}/q/{i}"), Bytes::from(format!("m{i}")), qos))
            .collect();
        assert_eq!(got, want, "{t}: QoS 0/1/2");

        publisher
            .publish(&format!("{t}/r"), b"kept", QoS::AtLeastOnce, true)
            .await;
        let (mut late, _) = Client::connect(target, &format!("{t}-late"), true, 0, None).await;
        late.subscribe(&format!("{t}/r"), QoS::AtLeastOnce).await;
        let retained = late.expect(1).await;
        assert!(
            retained[0].retain && retained[0].payload == "kept",
            "{t}: retained"
        );

        let will_topic = format!("{t}/will");
        sub.subscribe(&will_topic, QoS::AtLeastOnce).await;
        let (dying, _) = Client::connect(
            target,
            &format!("{t}-dying"),
            true,
            0,
            Some((&will_topic, "gone")),
        )
        .await;
        dying.disconnect(ReasonCode(0x04)).await;
        let will = sub.expect(1).await;
        assert_eq!(will[0].payload, "gone", "{t}: will after DISCONNECT 0x04");

        let id = format!("{t}-persist");
        let (mut away, _) = Client::connect(target, &id, true, 3600, None).await;
        away.subscribe(&format!("{t}/p/#"), QoS::AtLeastOnce).await;
        away.disconnect(ReasonCode::SUCCESS).await;
        for i in 0..3 {
            publisher
                .publish(&format!("{t}/p/{i}"), b"queued", QoS::AtLeastOnce, false)
                .await;
        }
        let (mut back, ack) = Client::connect(target, &id, false, 3600, None).await;
        assert!(ack.session_present, "{t}: session resumed");
        assert_eq!(back.expect(3).await.len(), 3, "{t}: queued messages");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_round_over_all_five_transports_quic_included() {
    let pki = Pki::new();
    let quic = free_port();
    let quic_addr = format!("127.0.0.1:{quic}");
    let (broker, extra) = broker_with_all_transports(&pki, &[("MQTT_QUIC_ADDR", &quic_addr)]);
    let ca = pki.path("ca.pem");
    for (transport, port) in [
        ("tcp", broker.port()),
        ("tls", extra.tls),
        ("ws", extra.ws),
        ("wss", extra.wss),
        ("quic", quic),
    ] {
        let target = any::Target {
            transport,
            port,
            ca: ca.clone(),
        };
        any::round(&target).await;
    }
    let metrics = broker.scrape();
    assert!(
        metrics.contains(r#"robustmq_listener_connections{listener="mqtt.quic_addr"}"#),
        "the QUIC listener counts its connections"
    );
}

#[test]
fn mqttjs_round_over_ws_and_wss() {
    let pki = Pki::new();
    let (_broker, extra) = broker_with_all_transports(&pki, &[]);
    let script = robustmq_tests::workspace_root().join("tests/clients/mqttjs_round.js");
    let ca = pki.pem("ca");
    for url in [
        format!("ws://127.0.0.1:{}/mqtt", extra.ws),
        format!("wss://127.0.0.1:{}/mqtt", extra.wss),
    ] {
        let output = Command::new("node")
            .arg(&script)
            .arg(&url)
            .arg(&ca)
            .stdin(Stdio::null())
            .output()
            .expect("node (installed by scripts/setup.sh)");
        assert_success(&format!("MQTT.js round over {url}"), &output);
    }
}

#[test]
fn behind_a_proxy_protocol_balancer_the_real_client_address_is_listed_limited_and_banned() {
    use robustmq_mqtt_codec::{Packet, Protocol, ReasonCode};
    use robustmq_tests::mqtt::{RawClient, Recv, connect_packet};
    let pki = Pki::new();
    let (broker, extra) = broker_with_all_transports(
        &pki,
        &[
            ("MQTT_PROXY_PROTOCOL", "true"),
            ("MQTT_MAX_CONNECTIONS_PER_IP", "1"),
        ],
    );
    let server = format!("http://127.0.0.1:{}", broker.ports.http);
    let ctl = |args: &[&str]| {
        let (code, out, err) = robustmq_tests::robustmqctl(&["--server", &server], args, &[]);
        assert_eq!(code, Some(0), "{args:?}: {err}");
        out
    };
    // A v1 header, then CONNECT, as HAProxy forwards it.
    let via_balancer = |client: &str, id: &str| {
        let mut raw = RawClient::open(broker.port(), Protocol::V5);
        raw.send_bytes(format!("PROXY TCP4 {client} 127.0.0.1 40000 1883\r\n").as_bytes());
        let connect = connect_packet(Protocol::V5, id, true, Default::default(), None);
        raw.send(&Packet::Connect(Box::new(connect)));
        let ack = match raw.recv(std::time::Duration::from_secs(5)) {
            Recv::Packet(Packet::ConnAck(ack)) => Some(ack.code),
            _ => None,
        };
        (raw, ack)
    };
    let (_first, ack) = via_balancer("203.0.113.9", "behind-lb");
    assert_eq!(ack, Some(ReasonCode::SUCCESS));
    let list: serde_json::Value = serde_json::from_str(&ctl(&[
        "-o", "json", "client", "list", "--prefix", "behind-",
    ]))
    .expect("json");
    assert_eq!(list["clients"][0]["peer"], "203.0.113.9:40000");
    // The per-address limit counts the real client, not the balancer: another client behind
    // the same balancer gets in, a second connection of the first does not.
    let (_other, ack) = via_balancer("203.0.113.10", "behind-lb-2");
    assert_eq!(ack, Some(ReasonCode::SUCCESS), "another client address");
    let (_second, ack) = via_balancer("203.0.113.9", "behind-lb-3");
    assert_eq!(ack, None, "the real address's second connection is closed");
    // A ban on the real address holds.
    ctl(&["blacklist", "add", "--ip", "203.0.113.11"]);
    let (_banned, ack) = via_balancer("203.0.113.11", "behind-lb-4");
    assert_eq!(ack, Some(ReasonCode::BANNED));
    // Without a header the connection is closed, and counted.
    let mut bare = RawClient::open(broker.port(), Protocol::V5);
    let connect = connect_packet(Protocol::V5, "no-header", true, Default::default(), None);
    bare.send(&Packet::Connect(Box::new(connect)));
    assert_eq!(bare.recv(std::time::Duration::from_secs(5)), Recv::Closed);
    broker.wait_for_metric(
        r#"robustmq_listener_refused_total{listener="mqtt.tcp_addr",reason="handshake"} 1"#,
    );
    broker.wait_for_metric(
        r#"robustmq_listener_refused_total{listener="mqtt.tcp_addr",reason="max_connections_per_ip"} 1"#,
    );
    // The other listeners take the header too (here: WebSocket, header then upgrade).
    let mut ws = std::net::TcpStream::connect(("127.0.0.1", extra.ws)).expect("connect");
    use std::io::Write as _;
    ws.write_all(b"PROXY TCP4 198.51.100.4 127.0.0.1 40001 8083\r\n")
        .expect("write");
    ws.write_all(upgrade_request("Sec-WebSocket-Protocol: mqtt\r\n").as_bytes())
        .expect("write");
    let mut head = [0u8; 12];
    std::io::Read::read_exact(&mut ws, &mut head).expect("upgrade answer");
    assert!(head.starts_with(b"HTTP/1.1 101"), "{head:?}");
}
