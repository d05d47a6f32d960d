#!/usr/bin/env python3
"""Kafka scenarios the end-to-end tests (tests/kafka.rs) run against a real robustmqd, with the
Kafka clients users run: kafka-python (pure Python) and confluent-kafka (librdkafka). Each
scenario prints what it measured and exits non-zero, with the reason, when an expectation fails.

    python3 kafka_scenarios.py SCENARIO --bootstrap 127.0.0.1:9092 [--mqtt-port N] [...]
"""

import argparse
import sys
import threading
import time
import uuid

CODECS = ["none", "gzip", "snappy", "lz4", "zstd"]


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def create_topic(bootstrap, name, partitions):
    from kafka.admin import KafkaAdminClient, NewTopic
    from kafka.errors import TopicAlreadyExistsError

    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        admin.create_topics([NewTopic(name, num_partitions=partitions, replication_factor=1)])
    except TopicAlreadyExistsError:
        pass
    admin.close()


def produce_confluent(bootstrap, topic, n, codec, key_prefix):
    from confluent_kafka import Producer

    p = Producer({
        "bootstrap.servers": bootstrap,
        "acks": "all",
        "enable.idempotence": True,
        "compression.type": codec,
        "linger.ms": 5,
    })
    errors = []

    def done(err, _msg):
        if err is not None:
            errors.append(str(err))

    for i in range(n):
        while True:
            try:
                p.produce(topic, key=f"{key_prefix}-{i}", value=f"{key_prefix}-{i}",
                          headers=[("codec", codec)], on_delivery=done)
                break
            except BufferError:
                p.poll(0.05)
        if i % 1000 == 0:
            p.poll(0)
    left = p.flush(60)
    if left or errors:
        fail(f"confluent-kafka {codec}: {left} undelivered, errors {errors[:3]}")


def produce_kafka_python(bootstrap, topic, n, codec, key_prefix):
    from kafka import KafkaProducer

    p = KafkaProducer(
        bootstrap_servers=bootstrap,
        acks="all",
        enable_idempotence=True,
        compression_type=None if codec == "none" else codec,
        linger_ms=5,
    )
    futures = [p.send(topic, key=f"{key_prefix}-{i}".encode(), value=f"{key_prefix}-{i}".encode())
               for i in range(n)]
    p.flush(60)
    errors = [f.exception for f in futures if f.failed()]
    p.close()
    if errors:
        fail(f"kafka-python {codec}: {len(errors)} failed sends, e.g. {errors[0]}")


def read_all(bootstrap, topic, partitions, want):
    """Reads every partition from the beginning until `want` messages came, with no group."""
    from confluent_kafka import Consumer, TopicPartition

    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "reader-" + uuid.uuid4().hex,
                  "enable.auto.commit": False})
    c.assign([TopicPartition(topic, p, 0) for p in range(partitions)])
    got = []
    deadline = time.time() + 120
    while len(got) < want and time.time() < deadline:
        for m in c.consume(10000, 1.0):
            if m.error():
                fail(f"consume: {m.error()}")
            got.append(m)
    c.close()
    return got


def scenario_produce_codecs(args):
    """Every codec from both libraries, acks=all and idempotence on, then read back whole."""
    topic = "codecs-" + uuid.uuid4().hex[:8]
    create_topic(args.bootstrap, topic, 2)
    total = 0
    for lib, produce in [("confluent", produce_confluent), ("kafka-python", produce_kafka_python)]:
        for codec in CODECS:
            t = time.time()
            produce(args.bootstrap, topic, args.count, codec, f"{lib}-{codec}")
            total += args.count
            print(f"{lib} {codec}: {args.count} records in {time.time() - t:.2f} s")
    got = read_all(args.bootstrap, topic, 2, total)
    values = [m.value().decode() for m in got]
    if len(values) != total or len(set(values)) != total:
        fail(f"read {len(values)} records ({len(set(values))} distinct), expected {total}")
    for lib in ["confluent", "kafka-python"]:
        for codec in CODECS:
            want = {f"{lib}-{codec}-{i}" for i in range(args.count)}
            if not want.issubset(values):
                fail(f"{lib} {codec}: records missing")
    print(f"read back {total} distinct records, every codec")


class Member(threading.Thread):
    """A kafka-python consumer in a group that records what it read and commits as it goes."""

    def __init__(self, bootstrap, topic, group, name):
        super().__init__(daemon=True)
        from kafka import KafkaConsumer

        self.name_ = name
        self.consumer = KafkaConsumer(
            topic, bootstrap_servers=bootstrap, group_id=group, client_id=name,
            auto_offset_reset="earliest", enable_auto_commit=True,
            auto_commit_interval_ms=200, session_timeout_ms=10000,
            heartbeat_interval_ms=500, max_poll_records=500)
        self.read = []
        self.stop = threading.Event()
        self.lock = threading.Lock()

    def run(self):
        from kafka.errors import CommitFailedError

        while not self.stop.is_set():
            batches = self.consumer.poll(timeout_ms=200)
            with self.lock:
                for records in batches.values():
                    self.read.extend(r.value.decode() for r in records)
            if batches:
                try:
                    self.consumer.commit()
                except CommitFailedError:
                    # The member left the group since this poll; kafka-python's advice is to
                    # poll on. Records read and not committed would be read again by the
                    # partition's next owner, which the exactly-once checks below catch.
                    pass
        self.consumer.close()

    def assigned(self):
        return self.consumer.assignment()


def wait_for(what, cond, timeout=60, state=None):
    """Polls `cond` until it holds; on timeout fails, naming `what` and showing `state()`."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if cond():
            return
        time.sleep(0.1)
    fail("timed out waiting for " + what + (f"; {state()}" if state else ""))


def scenario_group(args):
    """Three members share three partitions and read each record once; one leaves, the other
    two take its partition over and read the rest once."""
    topic = "group-" + uuid.uuid4().hex[:8]
    group = "g-" + uuid.uuid4().hex[:8]
    create_topic(args.bootstrap, topic, 3)
    # In a cluster, each member may bootstrap at a different node (--member-bootstrap).
    boots = args.member_bootstrap.split(",") if args.member_bootstrap else [args.bootstrap] * 3
    members = [Member(boots[i % len(boots)], topic, group, f"m{i}") for i in range(3)]
    for m in members:
        m.start()
    def assignments():
        return "assigned: " + ", ".join(f"{m.name_}={sorted(p.partition for p in m.assigned())}" for m in members)

    wait_for("three members each with a partition",
             lambda: all(len(m.assigned()) == 1 for m in members), state=assignments)
    produce_kafka_python(args.bootstrap, topic, args.count, "lz4", "first")

    def total():
        return sum(len(m.read) for m in members)

    wait_for(f"{args.count} records read", lambda: total() >= args.count)
    time.sleep(1)
    read = [v for m in members for v in m.read]
    if len(read) != args.count or len(set(read)) != args.count:
        fail(f"group read {len(read)} records, {len(set(read))} distinct; expected {args.count} once each")
    counts = [len(m.read) for m in members]
    if min(counts) == 0:
        fail(f"a member read nothing: {counts}")
    print(f"3 members read {args.count} records exactly once: {counts}")

    leaving = members.pop()
    leaving.stop.set()
    leaving.join(30)
    wait_for("the two remaining members to share all three partitions",
             lambda: sum(len(m.assigned()) for m in members) == 3, state=assignments)
    before = [len(m.read) for m in members]
    produce_kafka_python(args.bootstrap, topic, args.count, "zstd", "second")
    wait_for(f"{args.count} more records read",
             lambda: sum(len(m.read) for m in members) - sum(before) >= args.count)
    time.sleep(1)
    second = [v for m in members for v in m.read if v.startswith("second-")]
    if len(second) != args.count or len(set(second)) != args.count:
        fail(f"after the rebalance: {len(second)} records, {len(set(second))} distinct; expected {args.count}")
    print(f"after one member left, 2 members read {args.count} more exactly once")
    for m in members:
        m.stop.set()
        m.join(30)


def scenario_commit(args):
    """A group member reads `count` records of a topic, committing, and exits; run again
    after a restart with --expect, it must start at the committed offset."""
    from confluent_kafka import Consumer

    c = Consumer({"bootstrap.servers": args.bootstrap, "group.id": args.group,
                  "enable.auto.commit": False, "auto.offset.reset": "earliest",
                  "session.timeout.ms": 10000})
    c.subscribe([args.topic])
    got = []
    deadline = time.time() + 60
    while len(got) < args.count and time.time() < deadline:
        m = c.poll(1.0)
        if m is None:
            continue
        if m.error():
            fail(f"consume: {m.error()}")
        if args.expect is not None and not got and m.offset() != args.expect:
            fail(f"resumed at offset {m.offset()}, expected {args.expect}")
        got.append(m)
        c.commit(message=m, asynchronous=False)
    c.close()
    if len(got) < args.count:
        fail(f"read {len(got)} of {args.count}")
    print(f"read offsets {got[0].offset()}..{got[-1].offset()} and committed")


def scenario_produce(args):
    produce_kafka_python(args.bootstrap, args.topic, args.count, "gzip", "p")
    print(f"produced {args.count}")


def scenario_mqtt_to_kafka(args):
    """mosquitto_pub -q 1 (MQTT 5, with a user property) publishes one message per line; a
    confluent-kafka consumer reads every payload intact, the user property as a header and the
    MQTT topic as the key."""
    import subprocess
    from confluent_kafka import Consumer, TopicPartition

    lines = "".join(f"reading-{i} \u00b0C\n" for i in range(args.count))
    pub = subprocess.run(
        ["mosquitto_pub", "-h", "127.0.0.1", "-p", str(args.mqtt_port), "-V", "mqttv5",
         "-q", "1", "-t", args.topic, "-l", "-D", "publish", "user-property", "site", "plant-7"],
        input=lines.encode(), capture_output=True, timeout=60)
    if pub.returncode != 0:
        fail(f"mosquitto_pub: {pub.returncode} {pub.stderr.decode()}")
    k = Consumer({"bootstrap.servers": args.bootstrap, "group.id": "x", "enable.auto.commit": False})
    k.assign([TopicPartition(args.kafka_topic, 0, 0)])
    got = []
    deadline = time.time() + 30
    while len(got) < args.count and time.time() < deadline:
        for m in k.consume(1000, 1.0):
            if m.error():
                fail(f"consume: {m.error()}")
            got.append(m)
    k.close()
    if len(got) != args.count:
        fail(f"Kafka consumer got {len(got)} of {args.count}")
    for i, m in enumerate(got):
        if m.value() != f"reading-{i} \u00b0C".encode():
            fail(f"record {i}: value {m.value()!r}")
        headers = dict((k, v.decode()) for k, v in (m.headers() or []))
        if headers != {"site": "plant-7"}:
            fail(f"record {i}: headers {headers}")
        if m.key() != args.topic.encode():
            fail(f"record {i}: key {m.key()!r}")
        if m.offset() != i:
            fail(f"record {i}: offset {m.offset()}")
    print(f"{args.count} mosquitto_pub messages read by a Kafka consumer, payloads and user properties intact")


def scenario_kafka_to_mqtt(args):
    """A kafka-python producer's records reach a paho-mqtt subscriber, headers as user
    properties."""
    import paho.mqtt.client as mqtt
    from kafka import KafkaProducer

    got = []
    subscribed = threading.Event()
    done = threading.Event()

    def on_subscribe(*_):
        subscribed.set()

    def on_message(_c, _u, msg):
        props = dict(getattr(msg.properties, "UserProperty", []) or [])
        got.append((msg.topic, msg.payload, props, msg.qos))
        if len(got) >= args.count:
            done.set()

    c = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
    c.on_subscribe = on_subscribe
    c.on_message = on_message
    c.connect("127.0.0.1", args.mqtt_port)
    c.loop_start()
    c.subscribe(args.topic, qos=1)
    if not subscribed.wait(10):
        fail("no SUBACK")
    # Small batches, five requests in flight: their appends share group commits, and their
    # records must still reach MQTT in offset order.
    p = KafkaProducer(
        bootstrap_servers=args.bootstrap,
        acks="all",
        compression_type="snappy",
        batch_size=256,
        max_in_flight_requests_per_connection=5,
    )
    for i in range(args.count):
        p.send(args.kafka_topic, key=b"k", value=f"event-{i}".encode(), headers=[("origin", b"kafka")])
    p.flush(30)
    p.close()
    if not done.wait(30):
        fail(f"MQTT subscriber got {len(got)} of {args.count}")
    c.loop_stop()
    c.disconnect()
    for i, (topic, payload, props, qos) in enumerate(got):
        if topic != args.topic or payload != f"event-{i}".encode():
            fail(f"message {i}: {topic} {payload!r}")
        if props != {"origin": "kafka"}:
            fail(f"message {i}: user properties {props}")
        if qos != 1:
            fail(f"message {i}: QoS {qos}")
    print(f"{args.count} Kafka records delivered to an MQTT subscriber in order, headers as user properties")


def scenario_admin(args):
    """kafka-python's admin client: CreatePartitions, DescribeConfigs, DescribeCluster,
    ListGroups and DescribeGroups (with a live member), DeleteTopics."""
    from kafka import KafkaConsumer
    from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient, NewPartitions

    topic = "admin-" + uuid.uuid4().hex[:8]
    group = "ag-" + uuid.uuid4().hex[:8]
    create_topic(args.bootstrap, topic, 1)
    admin = KafkaAdminClient(bootstrap_servers=args.bootstrap)
    admin.create_partitions({topic: NewPartitions(total_count=3)})
    parts = admin.describe_topics([topic])[0]["partitions"]
    if len(parts) != 3:
        fail(f"after CreatePartitions: {len(parts)} partitions")
    configs = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)], config_filter="all")
    text = str(configs)
    if "robustmq.storage.type" not in text or "EngineSegment" not in text:
        fail(f"DescribeConfigs: {text}")
    cluster = admin.describe_cluster()
    if len(cluster["brokers"]) != 1 or cluster["controller_id"] != 1:
        fail(f"DescribeCluster: {cluster}")
    member = KafkaConsumer(topic, bootstrap_servers=args.bootstrap, group_id=group, client_id="admin-member",
                           session_timeout_ms=10000, heartbeat_interval_ms=500)
    wait_for("the member's assignment", lambda: (member.poll(timeout_ms=100) is not None) and len(member.assignment()) == 3)
    listed = admin.list_groups()
    if group not in str(listed):
        fail(f"ListGroups: {listed}")
    described = admin.describe_groups([group])[group]
    if described.get("group_state") != "Stable" or len(described.get("members", [])) != 1:
        fail(f"DescribeGroups: {described}")
    assignment = str(described["members"][0].get("member_assignment"))
    if topic not in assignment:
        fail(f"DescribeGroups: the member's assignment does not name {topic}: {assignment}")
    member.close()
    admin.delete_topics([topic])
    if topic in admin.list_topics():
        fail("DeleteTopics: the topic is still listed")
    admin.close()
    print(f"admin: 1 -> 3 partitions, configs, cluster, group {group} Stable with 1 member, topic deleted")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario")
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--mqtt-port", type=int, default=1883)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--topic", default="t")
    parser.add_argument("--kafka-topic", default=None)
    parser.add_argument("--group", default="g")
    parser.add_argument("--expect", type=int, default=None)
    parser.add_argument("--member-bootstrap", default=None,
                        help="group: comma-separated bootstrap servers, one per member")
    args = parser.parse_args()
    if args.kafka_topic is None:
        args.kafka_topic = args.topic
    scenarios = {
        "produce_codecs": scenario_produce_codecs,
        "group": scenario_group,
        "commit": scenario_commit,
        "produce": scenario_produce,
        "mqtt_to_kafka": scenario_mqtt_to_kafka,
        "kafka_to_mqtt": scenario_kafka_to_mqtt,
        "admin": scenario_admin,
    }
    if args.scenario not in scenarios:
        fail(f"unknown scenario {args.scenario}; one of {sorted(scenarios)}")
    scenarios[args.scenario](args)


if __name__ == "__main__":
    main()
