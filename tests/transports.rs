//! MQTT over every transport the broker serves (TCP, TLS, WebSocket, WSS), judged by clients
//! nobody here wrote: paho-mqtt (one scenario body, `transport_round`, run over each) and
//! mosquitto_pub / mosquitto_sub over TLS and mutual TLS. The certificates are made at test
//! time with openssl, never checked in.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use robustmq_tests::free_port;
use robustmq_tests::mqtt::{Broker, assert_success, mosquitto, paho};

/// A throwaway PKI in a temporary directory: a CA, a server certificate for 127.0.0.1 and
/// localhost, and client certificates (good, expired, and one from another CA).
struct Pki {
    dir: tempfile::TempDir,
}

impl Pki {
    fn new() -> Pki {
        let pki = Pki {
            dir: tempfile::tempdir().expect("tempdir"),
        };
        pki.ca("ca");
        pki.ca("other-ca");
        pki.issue("ca", "server", "/CN=robustmq-test-server", SERVER_EXT, 2);
        pki.issue("ca", "client", "/CN=device-7", CLIENT_EXT, 2);
        pki.issue("ca", "expired", "/CN=device-old", CLIENT_EXT, -1);
        pki.issue("other-ca", "intruder", "/CN=intruder", CLIENT_EXT, 2);
        pki
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `name.pem` of the certificate, as a string for command lines and env vars.
    fn pem(&self, name: &str) -> String {
        self.path(&format!("{name}.pem")).display().to_string()
    }

    fn key(&self, name: &str) -> String {
        self.path(&format!("{name}.key")).display().to_string()
    }

    fn openssl(&self, args: &[&str]) {
        let output = Command::new("openssl")
            .args(args)
            .current_dir(self.dir.path())
            .stdin(Stdio::null())
            .output()
            .expect("openssl (installed by scripts/setup.sh)");
        assert_success(&format!("openssl {args:?}"), &output);
    }

    fn ca(&self, name: &str) {
        let (pem, key) = (format!("{name}.pem"), format!("{name}.key"));
        let subject = format!("/CN=robustmq test {name}");
        self.openssl(&[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            &key,
            "-out",
            &pem,
            "-days",
            "2",
            "-subj",
            &subject,
        ]);
    }

    /// A certificate `name` signed by `ca`, valid for `days` from now (negative: expired).
    fn issue(&self, ca: &str, name: &str, subject: &str, ext: &str, days: i32) {
        let (pem, key, csr, extfile) = (
            format!("{name}.pem"),
            format!("{name}.key"),
            format!("{name}.csr"),
            format!("{name}.ext"),
        );
        std::fs::write(self.path(&extfile), ext).expect("write extensions");
        self.openssl(&[
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            &key,
            "-out",
            &csr,
            "-subj",
            subject,
        ]);
        let (ca_pem, ca_key, days) = (format!("{ca}.pem"), format!("{ca}.key"), days.to_string());
        self.openssl(&[
            "x509",
            "-req",
            "-in",
            &csr,
            "-CA",
            &ca_pem,
            "-CAkey",
            &ca_key,
            "-CAcreateserial",
            "-out",
            &pem,
            "-days",
            &days,
            "-extfile",
            &extfile,
        ]);
    }
}

const SERVER_EXT: &str = "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\n\
    extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n";
const CLIENT_EXT: &str =
    "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=clientAuth\n";

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
    let (broker, extra) = broker_with_all_transports(
        &pki,
        &[
            ("MQTT_CONNECT_TIMEOUT_MS", "2000"),
            ("MQTT_MAX_CONNECTIONS_PER_IP", "0"),
            // The same client ids connect over and over here, as no real client does.
            ("MQTT_FLAPPING_MAX_CONNECTS", "0"),
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
}
