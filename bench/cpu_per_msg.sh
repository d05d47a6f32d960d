#!/usr/bin/env bash
# The broker's CPU time per delivered message at a fixed rate: steadier than throughput on a
# shared machine, so the way to compare two builds when their throughput rows differ by less
# than the run-to-run noise (bench/README.md, "Comparing two builds").
#
#   bench/cpu_per_msg.sh BINDIR PUBSUB-ARGS...
#   bench/cpu_per_msg.sh target/release --publishers 1 --subscribers 1 --qos 0 --rate 200000 --duration-secs 8
#
# Starts BINDIR/robustmqd on core 0 (fresh data dir, $SYS off), runs
# `BINDIR/robustmqctl bench mqtt pubsub PUBSUB-ARGS` on core 1, and prints the broker's
# utime+stime (from /proc/<pid>/stat) over that run divided by the messages delivered.
set -euo pipefail
bin=$1
shift
work=$(mktemp -d)
port=18832
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"' EXIT
ROBUSTMQ_MQTT_TCP_ADDR=127.0.0.1:$port ROBUSTMQ_MQTT_WS_ADDR= ROBUSTMQ_KAFKA_ADDR= \
  ROBUSTMQ_SERVER_GRPC_ADDR=127.0.0.1:18230 ROBUSTMQ_SERVER_HTTP_ADDR=127.0.0.1:18082 \
  ROBUSTMQ_SERVER_PROMETHEUS_ADDR= ROBUSTMQ_META_PEERS=1=127.0.0.1:18230 \
  ROBUSTMQ_MQTT_MAX_QUEUED_MESSAGES=100000 ROBUSTMQ_MQTT_SYS_INTERVAL=0 RUST_LOG=warn \
  taskset -c 0 "$bin/robustmqd" start --data-dir "$work/data" > "$work/log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break
  sleep 0.1
done
sleep 1
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
before=$(ticks)
report=$(taskset -c 1 "$bin/robustmqctl" -o json bench mqtt pubsub --port "$port" "$@" 2>/dev/null)
after=$(ticks)
hz=$(getconf CLK_TCK)
REPORT=$report python3 - "$before" "$after" "$hz" <<'PY'
import json, os, sys
before, after, hz = (float(x) for x in sys.argv[1:])
r = json.loads(os.environ["REPORT"])
delivered = r.get("delivered") or r.get("received")
us = (after - before) / hz * 1e6 / delivered
print(f"{us:.3f} us/msg  delivered {delivered}  at {r.get('delivered_rate')} msg/s")
PY
