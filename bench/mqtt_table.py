#!/usr/bin/env python3
"""Turns bench/run.sh's JSON lines into the MQTT results table: the median of the runs per broker
and scenario, and robustmqd's ratio to the best peer (above 1: robustmqd is better).

usage: mqtt_table.py RESULTS.jsonl RUNS DURATION CONNS
"""
import json
import statistics
import sys

# scenario: (label, metric path, higher is better, unit)
SCENARIOS = {
    "qos0": ("QoS 0, 1 → 1", "delivered_rate", True, "msg/s"),
    "qos1": ("QoS 1, 1 → 1", "delivered_rate", True, "msg/s"),
    "fanout": ("fan-out 1 → 100 (QoS 0)", "delivered_rate", True, "msg/s delivered"),
    "fanin": ("fan-in 100 → 1 (QoS 0)", "delivered_rate", True, "msg/s"),
    "shared": ("100 → $share/g, 5 members (QoS 0)", "delivered_rate", True, "msg/s"),
    "qos0_tls": ("QoS 0, 1 → 1, TLS", "delivered_rate", True, "msg/s"),
    "qos1_tls": ("QoS 1, 1 → 1, TLS", "delivered_rate", True, "msg/s"),
    "qos0_ws": ("QoS 0, 1 → 1, WebSocket", "delivered_rate", True, "msg/s"),
    "qos1_ws": ("QoS 1, 1 → 1, WebSocket", "delivered_rate", True, "msg/s"),
    "p99": ("p99 latency at 10k msg/s (QoS 0)", "latency_us.p99", False, "µs"),
    "conn": ("RSS per idle connection", "rss_per_connection_bytes", False, "bytes"),
    "conn_tls": ("RSS per idle connection, TLS", "rss_per_connection_bytes", False, "bytes"),
    "conn_ws": ("RSS per idle connection, WebSocket", "rss_per_connection_bytes", False, "bytes"),
    "durable": ("QoS 1 into EngineSegment, fsync=always, 100 publishers", "acked_rate", True,
                "acked msg/s"),
    "conn_rate": ("connects per second", "connect_rate", True, "conn/s"),
    "suback": ("SUBSCRIBE → SUBACK p50, clean session", "suback_latency_us.p50", False, "µs"),
    "suback_persistent": ("SUBSCRIBE → SUBACK p50, kept session", "suback_latency_us.p50", False,
                          "µs"),
}
# Rows read off another scenario's report: row → the scenario that measured it.
DERIVED = {"conn_rate": "conn"}
PEERS = ["mosquitto", "rumqttd"]


def metric(report, path):
    if path == "acked_rate":
        d = report.get("duration_s") or 0
        return report.get("acked", 0) / d if d else None
    value = report
    for key in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def fmt(v, unit):
    if v is None:
        return "-"
    if unit == "bytes":
        return f"{v / 1024:.2f} KiB"
    if v >= 100_000:
        return f"{v / 1000:.0f}k"
    if v >= 10_000:
        return f"{v / 1000:.1f}k"
    return f"{v:.0f}"


def main():
    path, runs, duration, conns = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    rows = [json.loads(line) for line in open(path) if line.strip()]
    values, losses = {}, {}
    for r in rows:
        broker = r["broker"] + ("" if r["pinned"] else " (unpinned)")
        rep = r["report"]
        for scenario in [r["scenario"]] + [d for d, src in DERIVED.items() if src == r["scenario"]]:
            key = (broker, scenario)
            v = metric(rep, SCENARIOS[scenario][1])
            if v is not None:
                values.setdefault(key, []).append(v)
            losses[key] = max(losses.get(key, 0), rep.get("lost", 0) or 0)
    brokers = ["robustmqd", "mosquitto", "rumqttd", "robustmqd (unpinned)"]
    print(f"Median of {runs} runs, {duration} s each, 64-byte payloads, MQTT 3.1.1; broker on core 0 "
          f"and load on core 1 (taskset) except the unpinned column; every broker started fresh for "
          f"every scenario. Loss is the largest of the runs (`lost`: expected deliveries that never "
          f"arrived). Connections: {conns}, held 5 s, RSS from /proc.")
    print()
    print("| scenario | " + " | ".join(brokers) + " | robustmqd vs best peer | loss (r/m/u) |")
    print("|---|" + "---|" * (len(brokers) + 2))
    for scenario, (label, _, higher, unit) in SCENARIOS.items():
        med = {b: statistics.median(values[(b, scenario)]) if (b, scenario) in values else None
               for b in brokers}
        if all(v is None for v in med.values()):
            continue
        peers = [med[p] for p in PEERS if med.get(p) is not None]
        ratio = "-"
        if med["robustmqd"] and peers:
            best = max(peers) if higher else min(peers)
            if best:
                ratio = f"{(med['robustmqd'] / best) if higher else (best / med['robustmqd']):.2f}×"
        loss = "/".join(str(losses.get((b, scenario), "-")) for b in ["robustmqd", "mosquitto", "rumqttd"])
        cells = [fmt(med[b], unit) for b in brokers]
        print(f"| {label} ({unit}) | " + " | ".join(cells) + f" | {ratio} | {loss} |")


if __name__ == "__main__":
    main()
