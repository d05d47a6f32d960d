//! The broker judged by clients nobody here wrote: paho-mqtt 2.x (Python, MQTT 3.1.1 and 5.0),
//! mosquitto_pub / mosquitto_sub (Debian), and rumqttc (Rust). Each test starts its own
//! `robustmqd`. The paho scenarios live in `tests/clients/paho_scenarios.py`.

use std::time::Duration;

use robustmq_tests::mqtt::{Broker, assert_success, mosquitto, paho};

fn both_levels(scenario: &str, settings: &[(&str, &str)]) {
    let broker = Broker::start(settings);
    for proto in ["v311", "v5"] {
        paho(scenario, broker.port(), &["--proto", proto]);
    }
}

#[test]
fn paho_publish_at_qos_0_1_2_is_delivered_at_min_of_published_and_granted_qos() {
    both_levels("qos_levels", &[]);
}

#[test]
fn paho_retained_message_is_set_replaced_and_cleared_mqtt_3_3_1_6() {
    both_levels("retained", &[]);
}

#[test]
fn paho_overlapping_subscriptions_deliver_one_copy_at_highest_qos_mqtt_3_3_4_2() {
    both_levels("overlapping", &[]);
}

#[test]
fn paho_shared_subscription_spreads_messages_evenly() {
    both_levels("shared", &[]);
}

#[test]
fn paho_will_is_published_after_disconnect_0x04() {
    let broker = Broker::start(&[]);
    paho("will_on_disconnect_0x04", broker.port(), &["--proto", "v5"]);
}

#[test]
fn paho_will_is_not_published_after_normal_disconnect_mqtt_3_14_4_3() {
    both_levels("will_not_after_normal_disconnect", &[]);
}

#[test]
fn paho_v5_publish_properties_pass_through_with_remaining_expiry() {
    let broker = Broker::start(&[]);
    paho("properties_pass_through", broker.port(), &["--proto", "v5"]);
}

#[test]
fn paho_v5_inbound_topic_alias_is_resolved_mqtt_3_3_2_12() {
    let broker = Broker::start(&[]);
    paho("inbound_topic_alias", broker.port(), &["--proto", "v5"]);
}

#[test]
fn paho_v5_no_local_retain_as_published_and_retain_handling() {
    let broker = Broker::start(&[]);
    paho(
        "no_local_and_retain_options",
        broker.port(),
        &["--proto", "v5"],
    );
}

#[test]
fn paho_exclusive_subscription_refuses_a_second_subscriber_with_quota_exceeded() {
    both_levels("exclusive_subscription", &[]);
}

#[test]
fn paho_subscribe_denied_by_acl_gets_failure_in_suback() {
    both_levels("acl_denied_subscribe", &[("MQTT_ACL_DENY", "secret/#")]);
}

#[test]
fn paho_v5_connack_announces_limits_and_assigns_a_client_id() {
    let broker = Broker::start(&[]);
    paho("connack_properties", broker.port(), &["--proto", "v5"]);
}

#[test]
fn paho_second_connect_with_same_id_takes_the_session_over_with_0x8e() {
    both_levels("takeover", &[]);
}

#[test]
fn paho_persistent_session_gets_queued_qos1_messages_after_a_restart() {
    let mut broker = Broker::start(&[("STORAGE_DEFAULT_TYPE", "EngineSegment")]);
    for proto in ["v311", "v5"] {
        paho(
            "persistent_session",
            broker.port(),
            &["--proto", proto, "--step", "1"],
        );
    }
    for i in 1..=3 {
        let out = mosquitto("mosquitto_pub", broker.port())
            .args(["-t", "persist/x", "-q", "1", "-m", &format!("q{i}")])
            .output()
            .expect("mosquitto_pub (installed by .ci/run)");
        assert_success("mosquitto_pub", &out);
    }
    broker.restart();
    for proto in ["v311", "v5"] {
        paho(
            "persistent_session",
            broker.port(),
            &["--proto", proto, "--step", "2"],
        );
    }
}

#[test]
fn mosquitto_pub_and_sub_exchange_messages_at_every_qos_and_level() {
    let broker = Broker::start(&[]);
    for version in ["mqttv311", "mqttv5", "mqttv31"] {
        for qos in ["0", "1", "2"] {
            let topic = format!("mq/{version}/{qos}");
            let sub = mosquitto("mosquitto_sub", broker.port())
                .args([
                    "-V", version, "-q", qos, "-t", &topic, "-C", "1", "-W", "10",
                ])
                .stdout(std::process::Stdio::piped())
                .spawn()
                .expect("mosquitto_sub (installed by .ci/run)");
            // Retained, so the message reaches the subscriber whether or not it has subscribed yet.
            let out = mosquitto("mosquitto_pub", broker.port())
                .args(["-V", version, "-q", qos, "-t", &topic, "-r", "-m", "hello"])
                .output()
                .expect("mosquitto_pub");
            assert_success("mosquitto_pub", &out);
            let out = sub.wait_with_output().expect("mosquitto_sub");
            assert_success(&format!("mosquitto_sub {version} qos {qos}"), &out);
            assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "hello");
        }
    }
}

#[test]
fn mosquitto_sub_reads_sys_topics() {
    let broker = Broker::start(&[("MQTT_SYS_INTERVAL", "1")]);
    let out = mosquitto("mosquitto_sub", broker.port())
        .args(["-t", "$SYS/brokers/1/version", "-C", "1", "-W", "10"])
        .output()
        .expect("mosquitto_sub");
    assert_success("mosquitto_sub $SYS", &out);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        env!("CARGO_PKG_VERSION")
    );
}

#[test]
fn rumqttc_v4_publishes_and_receives_at_qos_1() {
    use rumqttc::{AsyncClient, Event, MqttOptions, Packet, QoS};
    let broker = Broker::start(&[]);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let mut options = MqttOptions::new("rumqttc-v4", "127.0.0.1", broker.port());
        options.set_keep_alive(Duration::from_secs(30));
        let (client, mut events) = AsyncClient::new(options, 10);
        client
            .subscribe("rq/#", QoS::AtLeastOnce)
            .await
            .expect("subscribe");
        let mut published = false;
        let received = tokio::time::timeout(Duration::from_secs(10), async {
            loop {
                match events.poll().await.expect("event loop") {
                    Event::Incoming(Packet::SubAck(_)) if !published => {
                        client
                            .publish("rq/a", QoS::AtLeastOnce, false, "from rumqttc")
                            .await
                            .expect("publish");
                        published = true;
                    }
                    Event::Incoming(Packet::Publish(p)) => return p,
                    _ => {}
                }
            }
        })
        .await
        .expect("message within 10 s");
        assert_eq!(received.topic, "rq/a");
        assert_eq!(&received.payload[..], b"from rumqttc");
        assert_eq!(received.qos, QoS::AtLeastOnce);
    });
}

#[test]
fn mosquitto_burst_of_qos0_publishes_reaches_a_live_subscriber_without_loss() {
    // mosquitto_pub -l sends one QoS 0 PUBLISH per line as fast as the socket takes them, so the
    // broker reads thousands of buffered packets at once. The subscriber must still be served
    // while that burst is handled, or its bounded queue overflows.
    let broker = Broker::start(&[]);
    let count = 20_000;
    let sub = mosquitto("mosquitto_sub", broker.port())
        .args(["-t", "burst/#", "-C", &count.to_string(), "-W", "60"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("mosquitto_sub");
    // The subscription must exist before the burst; a retained marker shows it does.
    let marker = mosquitto("mosquitto_sub", broker.port())
        .args(["-t", "burst-ready", "-C", "1", "-W", "10"])
        .spawn()
        .expect("mosquitto_sub");
    let out = mosquitto("mosquitto_pub", broker.port())
        .args(["-t", "burst-ready", "-r", "-m", "go"])
        .output()
        .expect("mosquitto_pub");
    assert_success("mosquitto_pub marker", &out);
    assert_success("marker", &marker.wait_with_output().expect("marker"));
    std::thread::sleep(Duration::from_millis(300));
    let mut publisher = mosquitto("mosquitto_pub", broker.port())
        .args(["-t", "burst/x", "-l"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("mosquitto_pub -l");
    {
        use std::io::Write as _;
        let mut stdin = publisher.stdin.take().expect("stdin");
        let lines: String = (0..count).map(|i| format!("{i}\n")).collect();
        stdin.write_all(lines.as_bytes()).expect("write lines");
    }
    assert!(publisher.wait().expect("mosquitto_pub").success());
    let out = sub.wait_with_output().expect("mosquitto_sub");
    assert_success("mosquitto_sub burst", &out);
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), count);
}

#[test]
fn rumqttc_v5_gets_a_retained_message_with_its_properties() {
    use rumqttc::v5::mqttbytes::QoS;
    use rumqttc::v5::mqttbytes::v5::{Packet, PublishProperties};
    use rumqttc::v5::{AsyncClient, Event, MqttOptions};
    let broker = Broker::start(&[]);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let (publisher, mut pub_events) = AsyncClient::new(
            MqttOptions::new("rumqttc-v5-pub", "127.0.0.1", broker.port()),
            10,
        );
        let properties = PublishProperties {
            content_type: Some("text/plain".into()),
            ..Default::default()
        };
        publisher
            .publish_with_properties("rq5/a", QoS::AtLeastOnce, true, "kept", properties)
            .await
            .expect("publish");
        tokio::time::timeout(Duration::from_secs(10), async {
            loop {
                if let Event::Incoming(Packet::PubAck(_)) =
                    pub_events.poll().await.expect("event loop")
                {
                    return;
                }
            }
        })
        .await
        .expect("PUBACK within 10 s");

        let (subscriber, mut events) = AsyncClient::new(
            MqttOptions::new("rumqttc-v5-sub", "127.0.0.1", broker.port()),
            10,
        );
        subscriber
            .subscribe("rq5/#", QoS::AtLeastOnce)
            .await
            .expect("subscribe");
        let received = tokio::time::timeout(Duration::from_secs(10), async {
            loop {
                if let Event::Incoming(Packet::Publish(p)) =
                    events.poll().await.expect("event loop")
                {
                    return p;
                }
            }
        })
        .await
        .expect("retained message within 10 s");
        assert_eq!(&received.topic[..], b"rq5/a");
        assert_eq!(&received.payload[..], b"kept");
        assert!(received.retain);
        let content_type = received.properties.and_then(|p| p.content_type);
        assert_eq!(content_type.as_deref(), Some("text/plain"));
    });
}
