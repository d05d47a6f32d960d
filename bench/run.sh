#!/usr/bin/env bash
# MQTT benchmark: robustmqd, Mosquitto (Debian's package) and rumqttd (0.20, cargo install) on
# this machine, driven by the same load generator (robustmqctl bench mqtt), broker pinned to core
# 0 and load to core 1, every broker started fresh for every scenario, the brokers' order rotated
# between runs. Reports the median of the runs and robustmqd's ratio to the best peer, and writes
# the table into bench/RESULTS.md.
#
#   bench/run.sh [--runs N] [--duration S] [--conns N] [--brokers "robustmqd mosquitto rumqttd"]
#                [--scenarios "qos0 qos1 ..."]
#
# The _tls and _ws scenarios use the brokers' TLS (port 8883, a certificate made here with
# openssl) and WebSocket (port 8083) listeners; rumqttd is not configured for them and skips them.
#   BENCH_BIN=DIR bench/run.sh ...   # measure the robustmqd and robustmqctl in DIR instead of building
#   bench/run.sh --section transports ...   # write the table into a section of its own
set -euo pipefail
cd "$(dirname "$0")/.."
ARGS="$*"

RUNS=3
DURATION=10
CONNS=10000
BROKERS="robustmqd mosquitto rumqttd"
SECTION=""
SCENARIOS="qos0 qos1 qos0_tls qos1_tls qos0_ws qos1_ws fanout fanin shared p99 conn conn_tls conn_ws durable suback suback_persistent"
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --conns) CONNS=$2; shift 2 ;;
    --brokers) BROKERS=$2; shift 2 ;;
    --scenarios) SCENARIOS=$2; shift 2 ;;
    --section) SECTION=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

./scripts/setup.sh
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if ! command -v mosquitto >/dev/null; then
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends mosquitto >/dev/null
fi
MOSQUITTO=$(command -v mosquitto)
TOOLS="$PWD/target/bench-tools"
if [[ " $BROKERS " == *" rumqttd "* ]] && ! [ -x "$TOOLS/bin/rumqttd" ]; then
  # Not --locked: the versions rumqttd 0.20 locked (metrics 0.22.1) no longer build on current Rust.
  cargo install rumqttd --version 0.20.0 --root "$TOOLS"
fi
# BENCH_BIN names a directory holding robustmqd and robustmqctl built elsewhere (an earlier
# commit's, say), so that two builds can be measured by the same script on the same machine.
if [ -n "${BENCH_BIN:-}" ]; then
  BIN=$BENCH_BIN
else
  cargo build --release --locked -p robustmqd -p robustmqctl
  BIN="${CARGO_TARGET_DIR:-target}/release"
fi
WORK=$(mktemp -d)
trap 'stop_broker; rm -rf "$WORK"' EXIT
ulimit -n "$(ulimit -Hn)"
PORT=1883
TLS_PORT=8883
WS_PORT=8083
BROKER_PID=""

# A CA and a server certificate for 127.0.0.1, for both brokers' TLS listeners.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
  -keyout "$WORK/ca.key" -out "$WORK/ca.pem" -subj "/CN=bench CA" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -keyout "$WORK/server.key" -out "$WORK/server.csr" -subj "/CN=127.0.0.1" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > "$WORK/server.ext"
openssl x509 -req -in "$WORK/server.csr" -CA "$WORK/ca.pem" -CAkey "$WORK/ca.key" \
  -CAcreateserial -days 2 -extfile "$WORK/server.ext" -out "$WORK/server.pem" 2>/dev/null
# Mosquitto started as root drops to its own user, which must read the (throwaway) key.
chmod a+rx "$WORK" && chmod a+r "$WORK/server.pem" "$WORK/server.key"

cat > "$WORK/mosquitto.conf" <<EOF
listener $PORT 127.0.0.1
allow_anonymous true
persistence false
log_type none
max_inflight_messages 100
max_queued_messages 100000
listener $TLS_PORT 127.0.0.1
certfile $WORK/server.pem
keyfile $WORK/server.key
listener $WS_PORT 127.0.0.1
protocol websockets
EOF

cat > "$WORK/rumqttd.toml" <<EOF
id = 0

[router]
id = 0
max_connections = 20010
max_outgoing_packet_count = 200
max_segment_size = 104857600
max_segment_count = 10

[v4.1]
name = "v4-1"
listen = "127.0.0.1:$PORT"
next_connection_delay_ms = 0
    [v4.1.connections]
    connection_timeout_ms = 60000
    max_payload_size = 20480
    max_inflight_count = 100
    dynamic_filters = true
EOF

# Starts broker $1 pinned to the CPU list $2 ("" for no pinning) and waits for its MQTT port.
start_broker() {
  local name=$1 cpus=$2 pin=()
  [ -n "$cpus" ] && pin=(taskset -c "$cpus")
  case "$name" in
    robustmqd)
      rm -rf "$WORK/robustmq" && mkdir -p "$WORK/robustmq"
      ROBUSTMQ_MQTT_TCP_ADDR="127.0.0.1:$PORT" ROBUSTMQ_KAFKA_ADDR="" \
        ROBUSTMQ_MQTT_TLS_ADDR="127.0.0.1:$TLS_PORT" ROBUSTMQ_MQTT_WS_ADDR="127.0.0.1:$WS_PORT" \
        ROBUSTMQ_TLS_CERT="$WORK/server.pem" ROBUSTMQ_TLS_KEY="$WORK/server.key" \
        ROBUSTMQ_MQTT_MAX_INFLIGHT=100 ROBUSTMQ_MQTT_MAX_QUEUED_MESSAGES=100000 \
        ROBUSTMQ_MQTT_MAX_CONNECTIONS=1000000 ROBUSTMQ_MQTT_MAX_CONNECTIONS_PER_IP=0 RUST_LOG=warn \
        "${pin[@]}" "$BIN/robustmqd" start --data-dir "$WORK/robustmq/data" \
        >"$WORK/broker.log" 2>&1 &
      ;;
    mosquitto) "${pin[@]}" "$MOSQUITTO" -c "$WORK/mosquitto.conf" >"$WORK/broker.log" 2>&1 & ;;
    rumqttd) "${pin[@]}" "$TOOLS/bin/rumqttd" -c "$WORK/rumqttd.toml" >"$WORK/broker.log" 2>&1 & ;;
  esac
  BROKER_PID=$!
  for _ in $(seq 1 200); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
      sleep 0.5
      return 0
    fi
    sleep 0.05
  done
  echo "$name did not open port $PORT:" >&2
  cat "$WORK/broker.log" >&2
  exit 1
}

stop_broker() {
  if [ -n "$BROKER_PID" ]; then
    kill "$BROKER_PID" 2>/dev/null || true
    wait "$BROKER_PID" 2>/dev/null || true
    BROKER_PID=""
  fi
  # Let the port leave TIME_WAIT behind before the next broker binds it.
  sleep 1
}

# The load of scenario $1, pinned to $2 ("" for none). Prints one JSON report.
load() {
  local scenario=$1 cpus=$2 pin=()
  [ -n "$cpus" ] && pin=(taskset -c "$cpus")
  local ctl=("${pin[@]}" "$BIN/robustmqctl" -o json bench mqtt)
  local run=(--port "$PORT" --duration-secs "$DURATION")
  local tls=(--port "$TLS_PORT" --transport tls --cafile "$WORK/ca.pem" --duration-secs "$DURATION")
  local ws=(--port "$WS_PORT" --transport ws --duration-secs "$DURATION")
  case "$scenario" in
    qos0) "${ctl[@]}" pubsub "${run[@]}" --qos 0 --publishers 1 --subscribers 1 ;;
    qos1) "${ctl[@]}" pubsub "${run[@]}" --qos 1 --publishers 1 --subscribers 1 ;;
    qos0_tls) "${ctl[@]}" pubsub "${tls[@]}" --qos 0 --publishers 1 --subscribers 1 ;;
    qos1_tls) "${ctl[@]}" pubsub "${tls[@]}" --qos 1 --publishers 1 --subscribers 1 ;;
    qos0_ws) "${ctl[@]}" pubsub "${ws[@]}" --qos 0 --publishers 1 --subscribers 1 ;;
    qos1_ws) "${ctl[@]}" pubsub "${ws[@]}" --qos 1 --publishers 1 --subscribers 1 ;;
    fanout) "${ctl[@]}" pubsub "${run[@]}" --qos 0 --publishers 1 --subscribers 100 ;;
    fanin) "${ctl[@]}" pubsub "${run[@]}" --qos 0 --publishers 100 --subscribers 1 ;;
    shared) "${ctl[@]}" pubsub "${run[@]}" --qos 0 --publishers 100 --subscribers 5 --shared g ;;
    p99) "${ctl[@]}" pubsub "${run[@]}" --qos 0 --publishers 1 --subscribers 1 --rate 10000 ;;
    conn) "${ctl[@]}" conn --port "$PORT" --count "$CONNS" --hold-secs 5 --pid "$BROKER_PID" ;;
    conn_tls) "${ctl[@]}" conn --port "$TLS_PORT" --transport tls --cafile "$WORK/ca.pem" \
      --count "$CONNS" --hold-secs 5 --pid "$BROKER_PID" ;;
    conn_ws) "${ctl[@]}" conn --port "$WS_PORT" --transport ws \
      --count "$CONNS" --hold-secs 5 --pid "$BROKER_PID" ;;
    suback) "${ctl[@]}" subscribe --port "$PORT" --count 1000 ;;
    suback_persistent) "${ctl[@]}" subscribe --port "$PORT" --count 1000 --persistent ;;
    durable)
      "$BIN/robustmqctl" --server http://127.0.0.1:8080 topic create durable \
        --storage EngineSegment --fsync always >/dev/null
      sleep 1
      "${ctl[@]}" pub "${run[@]}" --qos 1 --publishers 100 --topic durable --inflight 100 ;;
  esac
}

RESULTS="$WORK/results.jsonl"
: > "$RESULTS"
record() { # broker scenario run pinned json
  python3 -c 'import json,sys; r=json.loads(sys.argv[5]); print(json.dumps({"broker":sys.argv[1],"scenario":sys.argv[2],"run":int(sys.argv[3]),"pinned":sys.argv[4]=="yes","report":r}))' \
    "$1" "$2" "$3" "$4" "$5" >> "$RESULTS"
}

read -r -a brokers <<< "$BROKERS"
for run in $(seq 1 "$RUNS"); do
  # Rotate the order so that no broker always goes first (or last) on a warming machine.
  shift_by=$(( (run - 1) % ${#brokers[@]} ))
  order=("${brokers[@]:shift_by}" "${brokers[@]:0:shift_by}")
  for broker in "${order[@]}"; do
    for scenario in $SCENARIOS; do
      [ "$scenario" = durable ] && [ "$broker" != robustmqd ] && continue
      [[ "$scenario" == *_tls || "$scenario" == *_ws ]] && [ "$broker" = rumqttd ] && continue
      echo "== run $run: $broker $scenario" >&2
      start_broker "$broker" 0
      report=$(load "$scenario" 1) || report='{"error":"load failed"}'
      stop_broker
      record "$broker" "$scenario" "$run" yes "$report"
    done
  done
  if [[ " ${brokers[*]} " == *" robustmqd "* ]]; then
    for scenario in qos0 qos1 fanout fanin; do
      [[ " $SCENARIOS " == *" $scenario "* ]] || continue
      echo "== run $run: robustmqd (unpinned) $scenario" >&2
      start_broker robustmqd ""
      report=$(load "$scenario" "") || report='{"error":"load failed"}'
      stop_broker
      record robustmqd "$scenario" "$run" no "$report"
    done
  fi
done

OUT="$WORK/table.md"
python3 bench/mqtt_table.py "$RESULTS" "$RUNS" "$DURATION" "$CONNS" > "$OUT"
cat "$OUT"
cp "$RESULTS" "$PWD/target/mqtt-bench-results.jsonl" 2>/dev/null || true
if [ -n "$SECTION" ]; then
  python3 bench/section.py "mqtt-$SECTION" "MQTT broker: $SECTION (robustmqctl bench mqtt)" "bench/run.sh $ARGS" "$OUT"
else
  python3 bench/section.py mqtt-bench "MQTT broker (robustmqctl bench mqtt)" "bench/run.sh $ARGS" "$OUT"
fi
