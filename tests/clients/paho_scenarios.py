#!/usr/bin/env python3
"""Scenarios run with paho-mqtt 2.x (a client nobody here wrote) against a running robustmqd.

Usage: paho_scenarios.py SCENARIO --port N [--proto v311|v5] [--step N]
           [--transport tcp|tls|ws|wss] [--cafile PEM] [--cert PEM --key PEM]

Each scenario exits 0 when the broker behaved as the MQTT spec (and users of mature brokers)
expect, and fails with an AssertionError naming what differed. The Rust tests in
tests/mqtt_clients.rs start the daemon and call these; tests/CONFORMANCE.md maps them to the
spec.
"""

import argparse
import queue
import sys
import threading
import time

import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from paho.mqtt.reasoncodes import ReasonCode
from paho.mqtt.subscribeoptions import SubscribeOptions

WAIT = 10.0  # seconds to wait for something that must happen
QUIET = 1.5  # seconds of silence that show something did not happen

PROTOCOLS = {"v311": mqtt.MQTTv311, "v5": mqtt.MQTTv5}


class Net:
    """How every client of a run reaches the broker: the transport, and for TLS and WSS the CA
    that signed the server's certificate and, for mutual TLS, the client's own."""

    transport = "tcp"
    cafile = None
    cert = None
    key = None


def props(packet_type, **values):
    p = Properties(packet_type)
    for k, v in values.items():
        setattr(p, k, v)
    return p


class Client:
    """A paho client run on its own network thread, with received messages in a queue."""

    def __init__(self, port, proto, client_id="", clean=True, connect_props=None, will=None, keepalive=60):
        self.proto = proto
        self.messages = queue.Queue()
        self.subacks = queue.Queue()
        self.connected = threading.Event()
        self.disconnected = threading.Event()
        self.connack = None
        self.disconnect_reason = None
        kwargs = {"client_id": client_id, "protocol": proto}
        if proto != mqtt.MQTTv5:
            kwargs["clean_session"] = clean
        if Net.transport in ("ws", "wss"):
            kwargs["transport"] = "websockets"
        self.c = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, **kwargs)
        if Net.transport in ("ws", "wss"):
            self.c.ws_set_options(path="/mqtt")
        if Net.transport in ("tls", "wss"):
            self.c.tls_set(ca_certs=Net.cafile, certfile=Net.cert, keyfile=Net.key)
        if will is not None:
            self.c.will_set(*will)
        self.c.on_connect = self._on_connect
        self.c.on_message = lambda c, u, m: self.messages.put(m)
        self.c.on_subscribe = lambda c, u, mid, codes, p: self.subacks.put([rc.value for rc in codes])
        self.c.on_disconnect = self._on_disconnect
        if proto == mqtt.MQTTv5:
            self.c.connect("127.0.0.1", port, keepalive, clean_start=clean, properties=connect_props)
        else:
            self.c.connect("127.0.0.1", port, keepalive)
        self.c.loop_start()
        assert self.connected.wait(WAIT), "no CONNACK"

    def _on_connect(self, client, userdata, flags, reason_code, properties):
        self.connack = (flags, reason_code, properties)
        self.connected.set()

    def _on_disconnect(self, client, userdata, flags, reason_code, properties):
        self.disconnect_reason = reason_code
        self.disconnected.set()

    def sub(self, topic, qos=0, options=None, properties=None):
        if options is not None:
            self.c.subscribe(topic, options=options, properties=properties)
        else:
            self.c.subscribe(topic, qos, properties=properties)
        return self.subacks.get(timeout=WAIT)

    def pub(self, topic, payload, qos=0, retain=False, properties=None):
        info = self.c.publish(topic, payload, qos, retain, properties)
        info.wait_for_publish(WAIT)
        assert info.is_published(), f"publish to {topic!r} not acknowledged"

    def expect(self, n, timeout=WAIT):
        out = []
        deadline = time.monotonic() + timeout
        while len(out) < n:
            left = deadline - time.monotonic()
            assert left > 0, f"expected {n} messages, got {len(out)}: {[(m.topic, m.payload) for m in out]}"
            try:
                out.append(self.messages.get(timeout=left))
            except queue.Empty:
                pass
        return out

    def expect_none(self, wait=QUIET):
        try:
            m = self.messages.get(timeout=wait)
        except queue.Empty:
            return
        raise AssertionError(f"unexpected message {m.topic!r} {m.payload!r}")

    def close(self, reason=None):
        if reason is not None:
            self.c.disconnect(reasoncode=ReasonCode(PacketTypes.DISCONNECT, identifier=reason))
        else:
            self.c.disconnect()
        self.disconnected.wait(WAIT)
        self.c.loop_stop()


def qos_levels(a):
    s = Client(a.port, a.proto, "qos-sub")
    assert s.sub("q/#", 2) == [2]
    p = Client(a.port, a.proto, "qos-pub")
    for q in (0, 1, 2):
        p.pub(f"q/{q}", f"m{q}", q)
    got = sorted((m.topic, m.payload, m.qos) for m in s.expect(3))
    assert got == [("q/0", b"m0", 0), ("q/1", b"m1", 1), ("q/2", b"m2", 2)], got
    # Delivery QoS is the lower of published and granted [MQTT-3.8.4-8 / MQTT-3.3.5].
    low = Client(a.port, a.proto, "qos-low")
    assert low.sub("d/t", 1) == [1]
    p.pub("d/t", "x", 2)
    [m] = low.expect(1)
    assert m.qos == 1, m.qos


def retained(a):
    p = Client(a.port, a.proto, "ret-pub")
    p.pub("r/a", "1", 1, retain=True)
    p.pub("r/a", "2", 1, retain=True)
    s = Client(a.port, a.proto, "ret-sub")
    s.sub("r/#", 1)
    [m] = s.expect(1)
    assert (m.payload, m.retain) == (b"2", True), (m.payload, m.retain)
    # A retained publish to an existing subscription is forwarded with RETAIN 0 [MQTT-3.3.1-9].
    p.pub("r/a", "3", 1, retain=True)
    [m] = s.expect(1)
    assert (m.payload, m.retain) == (b"3", False), (m.payload, m.retain)
    # An empty retained payload clears it [MQTT-3.3.1-6].
    p.pub("r/a", "", 1, retain=True)
    s.expect(1)
    late = Client(a.port, a.proto, "ret-late")
    late.sub("r/#", 1)
    late.expect_none()


def overlapping(a):
    s = Client(a.port, a.proto, "ovl-sub")
    if a.proto == mqtt.MQTTv5:
        s.sub("o/#", 0, properties=props(PacketTypes.SUBSCRIBE, SubscriptionIdentifier=1))
        s.sub("o/+", 2, properties=props(PacketTypes.SUBSCRIBE, SubscriptionIdentifier=2))
    else:
        s.sub("o/#", 0)
        s.sub("o/+", 2)
    p = Client(a.port, a.proto, "ovl-pub")
    p.pub("o/x", "m", 2)
    [m] = s.expect(1)
    s.expect_none()
    assert m.qos == 2, m.qos
    if a.proto == mqtt.MQTTv5:
        ids = sorted(m.properties.SubscriptionIdentifier)
        assert ids == [1, 2], ids


def shared(a):
    members = [Client(a.port, a.proto, f"share-{i}") for i in range(3)]
    for m in members:
        m.sub("$share/g/s/#", 1)
    p = Client(a.port, a.proto, "share-pub")
    for i in range(30):
        p.pub(f"s/{i % 3}", str(i), 1)
    got = [len(m.expect(10)) for m in members]
    for m in members:
        m.expect_none(0.5)
    assert got == [10, 10, 10], got


def will_on_disconnect_0x04(a):
    s = Client(a.port, a.proto, "will-sub")
    s.sub("w/#", 1)
    w = Client(a.port, a.proto, "will-04", will=("w/a", "gone", 1, False))
    w.close(reason=4)
    [m] = s.expect(1)
    assert m.payload == b"gone", m.payload


def will_not_after_normal_disconnect(a):
    s = Client(a.port, a.proto, "will-sub")
    s.sub("w/#", 1)
    w = Client(a.port, a.proto, "will-00", will=("w/a", "gone", 1, False))
    w.close()
    s.expect_none()


def properties_pass_through(a):
    s = Client(a.port, a.proto, "pp-sub")
    s.sub("pp/#", 1)
    p = Client(a.port, a.proto, "pp-pub")
    sent = props(
        PacketTypes.PUBLISH,
        PayloadFormatIndicator=1,
        ContentType="text/plain",
        ResponseTopic="pp/response",
        CorrelationData=b"\x01\x02",
        MessageExpiryInterval=100,
    )
    sent.UserProperty = [("k", "v"), ("k", "w")]
    p.pub("pp/t", "h\u00e9llo", 1, properties=sent)
    [m] = s.expect(1)
    got = m.properties
    assert got.PayloadFormatIndicator == 1
    assert got.ContentType == "text/plain"
    assert got.ResponseTopic == "pp/response"
    assert got.CorrelationData == b"\x01\x02"
    assert got.UserProperty == [("k", "v"), ("k", "w")], got.UserProperty
    assert 0 < got.MessageExpiryInterval <= 100, got.MessageExpiryInterval


def inbound_topic_alias(a):
    s = Client(a.port, a.proto, "ta-sub")
    s.sub("ta/#", 1)
    p = Client(a.port, a.proto, "ta-pub")
    p.pub("ta/one", "1", 1, properties=props(PacketTypes.PUBLISH, TopicAlias=1))
    p.pub("", "2", 1, properties=props(PacketTypes.PUBLISH, TopicAlias=1))
    got = [(m.topic, m.payload) for m in s.expect(2)]
    assert got == [("ta/one", b"1"), ("ta/one", b"2")], got


def no_local_and_retain_options(a):
    c = Client(a.port, a.proto, "opt-self")
    c.sub("nl/t", options=SubscribeOptions(qos=1, noLocal=True))
    c.pub("nl/t", "mine", 1)
    c.expect_none()
    other = Client(a.port, a.proto, "opt-other")
    other.pub("nl/t", "theirs", 1)
    [m] = c.expect(1)
    assert m.payload == b"theirs"
    # Retain As Published keeps RETAIN on live forwards.
    rap = Client(a.port, a.proto, "opt-rap")
    rap.sub("rap/t", options=SubscribeOptions(qos=1, retainAsPublished=True))
    other.pub("rap/t", "kept", 1, retain=True)
    [m] = rap.expect(1)
    assert m.retain, "RETAIN dropped under Retain As Published"
    # Retain Handling 2: no retained message at subscribe; 1: only for a new subscription.
    rh2 = Client(a.port, a.proto, "opt-rh2")
    rh2.sub("rap/t", options=SubscribeOptions(qos=1, retainHandling=2))
    rh2.expect_none()
    rh1 = Client(a.port, a.proto, "opt-rh1")
    rh1.sub("rap/t", options=SubscribeOptions(qos=1, retainHandling=1))
    rh1.expect(1)
    rh1.sub("rap/t", options=SubscribeOptions(qos=1, retainHandling=1))
    rh1.expect_none()


def acl_denied_subscribe(a):
    c = Client(a.port, a.proto, "acl")
    codes = c.sub("secret/x", 1)
    expected = 0x87 if a.proto == mqtt.MQTTv5 else 0x80
    assert codes == [expected], codes
    assert c.sub("public/x", 1) == [1]


def acl_guarded_wildcard(a):
    """With a deny on subscribing to sensors/secret (the test makes it), `#` is granted and
    everything but that topic reaches it, retained or live; the topic alone is refused."""
    pub = Client(a.port, a.proto, "acl-pub")
    pub.pub("sensors/secret", b"retained-secret", 1, retain=True)
    pub.pub("sensors/public", b"retained-public", 1, retain=True)
    c = Client(a.port, a.proto, "acl-sub")
    assert c.sub("#", 1) == [1]
    got = c.expect(1)
    assert [(m.topic, m.payload) for m in got] == [("sensors/public", b"retained-public")], got
    pub.pub("sensors/secret", b"live-secret", 1)
    pub.pub("sensors/public", b"live-public", 1)
    got = c.expect(1)
    assert (got[0].topic, got[0].payload) == ("sensors/public", b"live-public"), got[0].topic
    c.expect_none()
    expected = 0x87 if a.proto == mqtt.MQTTv5 else 0x80
    assert c.sub("sensors/secret", 1) == [expected]
    c.close()
    pub.close()


def connack_properties(a):
    c = Client(a.port, a.proto, "", keepalive=300)
    flags, rc, p = c.connack
    assert rc == 0, rc
    assert p.AssignedClientIdentifier, "no Assigned Client Identifier for an empty id"
    assert p.ServerKeepAlive == 60, p.ServerKeepAlive
    assert p.ReceiveMaximum == 100, p.ReceiveMaximum
    assert p.TopicAliasMaximum == 64, p.TopicAliasMaximum
    assert p.RetainAvailable == 1
    assert p.WildcardSubscriptionAvailable == 1
    assert p.SharedSubscriptionAvailable == 1
    assert p.SubscriptionIdentifierAvailable == 1
    assert p.MaximumPacketSize == 1048576, p.MaximumPacketSize
    # [MQTT-3.2.2-9]: Maximum QoS absent means 2; it is never sent as 2.
    assert not hasattr(p, "MaximumQoS"), p.MaximumQoS


def takeover(a):
    first = Client(a.port, a.proto, "same-id")
    Client(a.port, a.proto, "same-id")
    assert first.disconnected.wait(WAIT), "first connection not closed on takeover"
    if a.proto == mqtt.MQTTv5:
        assert first.disconnect_reason == 0x8E, first.disconnect_reason


def exclusive_subscription(a):
    """`$exclusive/{filter}`: one subscriber at a time. A second client gets Quota exceeded
    (0x97) in 5.0 and 0x80 in 3.x; the holder receives like any subscriber; once it
    unsubscribes, and once its session ends, the filter is free for the next."""
    failure = 0x97 if a.proto == mqtt.MQTTv5 else 0x80
    tag = "v5" if a.proto == mqtt.MQTTv5 else "v3"
    first = Client(a.port, a.proto, f"excl-1-{tag}")
    second = Client(a.port, a.proto, f"excl-2-{tag}")
    assert first.sub(f"$exclusive/ex-{tag}/#", 1) == [1]
    assert second.sub(f"$exclusive/ex-{tag}/#", 1) == [failure]
    assert first.sub(f"$exclusive/ex-{tag}/#", 1) == [1], "the holder may subscribe again"
    p = Client(a.port, a.proto, f"excl-pub-{tag}")
    p.pub(f"ex-{tag}/a", "one", 1)
    assert [m.payload for m in first.expect(1)] == [b"one"]
    second.expect_none()
    first.c.unsubscribe(f"$exclusive/ex-{tag}/#")
    deadline = time.monotonic() + WAIT
    while second.sub(f"$exclusive/ex-{tag}/#", 1) != [1]:
        assert time.monotonic() < deadline, "the filter stays held after UNSUBSCRIBE"
        time.sleep(0.05)
    assert first.sub(f"$exclusive/ex-{tag}/#", 1) == [failure], "now the second holds it"
    second.close()
    third = Client(a.port, a.proto, f"excl-3-{tag}")
    assert third.sub(f"$exclusive/ex-{tag}/#", 1) == [1], "a clean session's end frees the filter"
    p.pub(f"ex-{tag}/b", "two", 1)
    assert [m.payload for m in third.expect(1)] == [b"two"]
    first.expect_none()


def topic_rewrite(a):
    """With the rules the test sets, in order: publish `a/+` `^a/(\\d+)$` -> `devices/$1/data`,
    then subscribe `old/#` `^old/(.+)$` -> `new/$1`. The broker learns them through its meta
    watch, so the scenario first waits until the last rule is in force."""
    tag = "v5" if a.proto == mqtt.MQTTv5 else "v3"
    p = Client(a.port, a.proto, f"rw-pub-{tag}")
    probe = Client(a.port, a.proto, f"rw-probe-{tag}")
    deadline = time.monotonic() + WAIT
    while True:
        assert probe.sub(f"old/probe-{tag}", 1) == [1]
        p.pub(f"new/probe-{tag}", "probe", 1)
        try:
            if probe.messages.get(timeout=0.3).topic == f"new/probe-{tag}":
                break
        except queue.Empty:
            pass
        assert time.monotonic() < deadline, "the rewrite rules never took effect"
    probe.close()

    sub = Client(a.port, a.proto, f"rw-sub-{tag}")
    assert sub.sub("devices/+/data", 1) == [1]
    p.pub("a/42", "reading", 1)
    got = sub.expect(1)
    assert [(m.topic, m.payload) for m in got] == [("devices/42/data", b"reading")], got
    p.pub("a/x", "kept", 1)
    sub.expect_none()

    old = Client(a.port, a.proto, f"rw-old-{tag}")
    assert old.sub(f"old/{tag}", 1) == [1]
    p.pub(f"new/{tag}", "moved", 1)
    assert [m.topic for m in old.expect(1)] == [f"new/{tag}"]
    p.pub(f"old/{tag}", "not-rewritten", 1)
    old.expect_none()
    unsubscribed = threading.Event()
    old.c.on_unsubscribe = lambda *_: unsubscribed.set()
    old.c.unsubscribe(f"old/{tag}")
    assert unsubscribed.wait(WAIT), "no UNSUBACK"
    p.pub(f"new/{tag}", "after", 1)
    old.expect_none()


def auto_subscribe(a):
    """With the rules the test sets: `cmd/${clientid}` at QoS 1, then `broadcast/#` at QoS 0.
    A client that subscribes to nothing receives its commands and the broadcasts, the retained
    one included, and nothing else; a client id holding `/` gets no `cmd/` subscription. The
    broker learns the rules through its meta watch, so the scenario first waits for them."""
    tag = "v5" if a.proto == mqtt.MQTTv5 else "v3"
    p = Client(a.port, a.proto, f"as-pub-{tag}")
    deadline = time.monotonic() + WAIT
    n = 0
    while True:
        n += 1
        probe = Client(a.port, a.proto, f"as-probe-{tag}-{n}")
        p.pub(f"broadcast/probe-{tag}", "probe", 1)
        try:
            got = probe.messages.get(timeout=0.3)
        except queue.Empty:
            got = None
        probe.close()
        if got is not None and got.topic == f"broadcast/probe-{tag}":
            break
        assert time.monotonic() < deadline, "the auto-subscribe rules never took effect"

    p.pub("broadcast/hello", f"retained-{tag}", 1, retain=True)
    dev = Client(a.port, a.proto, f"as-dev-{tag}")
    [m] = dev.expect(1)
    assert (m.topic, m.payload, m.retain) == ("broadcast/hello", f"retained-{tag}".encode(), True), m
    p.pub(f"cmd/as-dev-{tag}", "reboot", 1)
    [m] = dev.expect(1)
    assert (m.topic, m.payload, m.qos) == (f"cmd/as-dev-{tag}", b"reboot", 1), (m.topic, m.qos)
    p.pub("cmd/someone-else", "not yours", 1)
    dev.expect_none()

    odd = Client(a.port, a.proto, f"as/odd-{tag}")
    [m] = odd.expect(1)
    assert m.topic == "broadcast/hello", "the broadcast rule still applies"
    p.pub(f"cmd/as/odd-{tag}", "never", 1)
    odd.expect_none()
    p.pub("broadcast/hello", "", 1, retain=True)


def persistent_session(a):
    """Step 1: subscribe in a persistent session and leave. Step 2 (after the Rust side
    published while it was away and restarted the daemon): the queued messages arrive."""
    connect_props = None
    if a.proto == mqtt.MQTTv5:
        connect_props = props(PacketTypes.CONNECT, SessionExpiryInterval=3600)
    if a.step == 1:
        c = Client(a.port, a.proto, f"persist-{a.proto}", clean=True, connect_props=connect_props)
        c.close()
        c = Client(a.port, a.proto, f"persist-{a.proto}", clean=False, connect_props=connect_props)
        assert c.sub("persist/#", 1) == [1]
        c.close()
    else:
        c = Client(a.port, a.proto, f"persist-{a.proto}", clean=False, connect_props=connect_props)
        flags = c.connack[0]
        assert flags.session_present, "session not present after restart"
        got = sorted(m.payload for m in c.expect(3))
        assert got == [b"q1", b"q2", b"q3"], got
        c.expect_none()


def transport_round(a):
    """What a client does over any transport: connect, subscribe, QoS 0/1/2, retained, a will,
    and a persistent session resumed with what was published while it was away."""
    qos_levels(a)
    retained(a)
    will_on_disconnect_0x04(a)
    cp = props(PacketTypes.CONNECT, SessionExpiryInterval=3600)
    c = Client(a.port, a.proto, "resume", clean=True, connect_props=cp)
    assert c.sub("resume/#", 1) == [1]
    c.close()
    p = Client(a.port, a.proto, "resume-pub")
    for i in (1, 2, 3):
        p.pub(f"resume/{i}", f"r{i}", 1)
    c = Client(a.port, a.proto, "resume", clean=False, connect_props=cp)
    assert c.connack[0].session_present, "session not resumed"
    got = sorted(m.payload for m in c.expect(3))
    assert got == [b"r1", b"r2", b"r3"], got
    c.expect_none(0.5)
    c.close()
    # A payload larger than one read and than one TLS record, in both directions.
    big = bytes(range(256)) * 1024
    s = Client(a.port, a.proto, "big-sub")
    s.sub("big", 1)
    p.pub("big", big, 1)
    [m] = s.expect(1)
    assert m.payload == big, len(m.payload)


SCENARIOS = {f.__name__: f for f in [
    transport_round, exclusive_subscription, topic_rewrite, auto_subscribe,
    qos_levels, retained, overlapping, shared, will_on_disconnect_0x04,
    will_not_after_normal_disconnect, properties_pass_through, inbound_topic_alias,
    no_local_and_retain_options, acl_denied_subscribe, acl_guarded_wildcard, connack_properties,
    takeover,
    persistent_session,
]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--proto", choices=sorted(PROTOCOLS), default="v5")
    parser.add_argument("--step", type=int, default=1)
    parser.add_argument("--transport", choices=["tcp", "tls", "ws", "wss"], default="tcp")
    parser.add_argument("--cafile")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    a = parser.parse_args()
    Net.transport, Net.cafile, Net.cert, Net.key = a.transport, a.cafile, a.cert, a.key
    a.proto = PROTOCOLS[a.proto]
    SCENARIOS[a.scenario](a)
    print(f"{a.scenario}: ok")


if __name__ == "__main__":
    sys.exit(main())
