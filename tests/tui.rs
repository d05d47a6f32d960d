//! The real `robustmq-tui` in a real terminal (tmux) against a real daemon: what an operator
//! sees, read back with `tmux capture-pane`.

use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use robustmq_tests::bin;
use robustmq_tests::mqtt::{Broker, publish_until};

/// A tmux server of its own (`-L`), killed on drop, running one dashboard.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(command: &[String]) -> Tmux {
        let socket = format!("robustmq-tui-test-{}", std::process::id());
        let status = Command::new("tmux")
            .args([
                "-L",
                &socket,
                "new-session",
                "-d",
                "-s",
                "tui",
                "-x",
                "120",
                "-y",
                "32",
            ])
            .args(command)
            .env("TERM", "xterm-256color")
            .status()
            .expect("tmux runs (scripts/setup.sh installs it)");
        assert!(status.success(), "tmux new-session failed");
        Tmux { socket }
    }

    /// The dashboard against `broker`, refreshing every 300 ms.
    fn dashboard(broker: &Broker) -> Tmux {
        Tmux::start(&[
            bin("robustmq-tui").display().to_string(),
            "--server".into(),
            format!("http://127.0.0.1:{}", broker.ports.http),
            "--interval".into(),
            "300".into(),
        ])
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p", "-t", "tui"])
            .output()
            .expect("tmux capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, keys: &str) {
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "tui", keys])
            .status()
            .expect("tmux send-keys");
        assert!(status.success());
    }

    /// Waits up to 30 s for the screen to satisfy `want`; panics with the last screen.
    fn wait_for(&self, what: &str, want: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let screen = self.screen();
            if want(&screen) {
                return screen;
            }
            assert!(Instant::now() < deadline, "never saw {what}:\n{screen}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn session_exists(&self) -> bool {
        Command::new("tmux")
            .args(["-L", &self.socket, "has-session", "-t", "tui"])
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .stderr(std::process::Stdio::null())
            .status();
    }
}

/// The number after `msg/s in` in the Overview's sparkline title.
fn msg_in_rate(screen: &str) -> Option<f64> {
    let rest = &screen[screen.find("msg/s in ")? + "msg/s in ".len()..];
    let number: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    number.parse().ok()
}

#[test]
fn dashboard_shows_the_node_and_its_leader_and_reconnects_after_a_restart() {
    let mut broker = Broker::start(&[]);
    let stop = Arc::new(AtomicBool::new(false));
    let publisher = publish_until(broker.port(), stop.clone());
    let tui = Tmux::dashboard(&broker);

    let screen = tui.wait_for("node 1 with a non-zero msg/s in", |s| {
        s.contains("● connected")
            && s.lines()
                .any(|l| l.contains("meta,broker,engine") && l.contains("alive"))
            && msg_in_rate(s).is_some_and(|r| r > 0.0)
    });
    println!("Overview:\n{screen}");

    tui.keys("2");
    let screen = tui.wait_for("the metadata group's leader", |s| {
        s.contains("Raft groups")
            && s.lines()
                .any(|l| l.contains("metadata") && l.contains("leader"))
    });
    println!("Raft:\n{screen}");

    broker.daemon.signal("KILL").expect("SIGKILL");
    broker
        .daemon
        .wait_exit(Duration::from_secs(10))
        .expect("robustmqd dies");
    tui.wait_for("the disconnect", |s| s.contains("disconnected, retrying"));
    assert!(tui.session_exists(), "the dashboard survives its server");

    broker.respawn();
    tui.wait_for("the reconnect", |s| {
        s.contains("● connected") && !s.contains("disconnected")
    });

    tui.keys("q");
    let deadline = Instant::now() + Duration::from_secs(10);
    while tui.session_exists() {
        assert!(
            Instant::now() < deadline,
            "q did not quit:\n{}",
            tui.screen()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    stop.store(true, Ordering::Relaxed);
    let _ = publisher.join();
}

/// The Topics view lists a topic nobody created once it carries traffic, with the messages
/// published to it and the `$mqtt` shard that stores it.
#[test]
fn the_topics_view_shows_a_topic_that_carries_traffic_with_its_count() {
    let broker = Broker::start(&[]);
    let lines: String = (0..3000).map(|i| format!("{i}\n")).collect();
    robustmq_tests::mqtt::publish_lines(broker.port(), "sensors/a", &lines);
    let tui = Tmux::dashboard(&broker);
    tui.wait_for("the dashboard", |s| s.contains("● connected"));
    tui.keys("3");
    let screen = tui.wait_for("sensors/a with its 3000 messages", |s| {
        s.lines()
            .any(|l| l.contains("sensors/a") && l.contains("$mqtt#0") && l.contains(" 3000 "))
    });
    println!("Topics:\n{screen}");
    tui.keys("q");
}
