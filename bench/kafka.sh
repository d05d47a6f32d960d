#!/usr/bin/env bash
# Kafka on RobustMQ against the Storage Engine's own append and read rates, measured in the same
# run on the same machine: produce of 1 KiB records (acks=1, and acks=all with idempotent
# producers) into an EngineSegment topic with fsync=batch, and consume of what was produced, as
# ratios of engine-bench appending the same records (as many appends in flight, same records per
# append, same fsync policy) and reading them back. The broker and engine-bench run on core 0, the load
# generator (robustmqctl bench kafka) on core 1. Writes the result into bench/RESULTS.md.
#
# With Tansu (TANSU_BIN=path/to/tansu, or `tansu` on PATH; `cargo install tansu`), each run also
# serves the same load from RobustMQ on EngineMemory and from Tansu on its memory storage, one
# after the other on core 0, and a second table gives RobustMQ's rate as a multiple of Tansu's.
#
#   bench/kafka.sh [--runs N]        BENCH_BIN=DIR uses robustmqd/robustmqctl/engine-bench from DIR
set -euo pipefail
cd "$(dirname "$0")/.."
runs=3
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    *) echo "unknown flag $1" >&2; exit 2 ;;
  esac
done
./scripts/setup.sh
if [ -z "${BENCH_BIN:-}" ]; then
  cargo build --release --locked -p robustmqd -p robustmqctl -p robustmq-bench --bin engine-bench
  BENCH_BIN="${CARGO_TARGET_DIR:-target}/release"
fi
producers=4
inflight=5
batch=100
size=1024
secs=10
work=$(mktemp -d "${BENCH_DIR:-/tmp}/kafka-bench.XXXXXX")
out=$(mktemp)
trap 'pkill -f "$work" 2>/dev/null || true; pkill -f "memory://tansu-$$-" 2>/dev/null || true; rm -rf "$work"' EXIT

pin() { if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then taskset -c "$1" "${@:2}"; else "${@:2}"; fi; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

engine_rates() {
  # records/s of the batch row, and MiB/s of the read-back line.
  pin 0 "$BENCH_BIN/engine-bench" --dir "$work" --raw-mib 0 --fsync batch \
    --appenders "$((producers * inflight))" --batch "$batch" --record-bytes "$size" --seconds "$secs" --max-mib 4096 \
    | python3 -c '
import sys, re
rec = read = None
for line in sys.stdin:
    cells = [c.strip() for c in line.split("|")]
    if len(cells) > 8 and cells[2] == "Batch":
        rec = float(cells[7])
    m = re.search(r"Sequential read .*: ([0-9.]+) MiB/s", line)
    if m:
        read = float(m.group(1))
print(rec, read)'
}

tansu_bin="${TANSU_BIN:-$(command -v tansu || true)}"

# The load of one run against a Kafka endpoint; each line is prefixed with `tag`.
load() {
  local kafka="$1" tag="$2"
  local ctl=(pin 1 "$BENCH_BIN/robustmqctl" -o json bench kafka)
  local common=(--bootstrap "127.0.0.1:$kafka" --producers "$producers" --partitions "$producers"
    --batch "$batch" --size "$size" --inflight "$inflight" --duration-secs "$secs")
  "${ctl[@]}" produce "${common[@]}" --topic acks1 --acks 1 | sed "s/^/$tag /"
  "${ctl[@]}" produce "${common[@]}" --topic acksall --acks all --idempotent | sed "s/^/$tag /"
  "${ctl[@]}" consume --bootstrap "127.0.0.1:$kafka" --topic acksall | sed "s/^/$tag /"
}

wait_port() {
  for _ in $(seq 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
}

# RobustMQ on `storage` (EngineSegment with fsync=batch, or EngineMemory), tagged `tag`.
kafka_run() {
  local storage="$2" tag="$3"
  local data="$work/data-$1-$tag"
  mkdir -p "$data"
  local grpc http prom kafka
  grpc=$(free_port); http=$(free_port); prom=$(free_port); kafka=$(free_port)
  ROBUSTMQ_SERVER_GRPC_ADDR="127.0.0.1:$grpc" ROBUSTMQ_SERVER_HTTP_ADDR="127.0.0.1:$http" \
  ROBUSTMQ_SERVER_PROMETHEUS_ADDR="127.0.0.1:$prom" ROBUSTMQ_META_PEERS="1=127.0.0.1:$grpc" \
  ROBUSTMQ_MQTT_TCP_ADDR="" ROBUSTMQ_MQTT_WS_ADDR="" ROBUSTMQ_KAFKA_ADDR="127.0.0.1:$kafka" \
  ROBUSTMQ_STORAGE_FSYNC=batch ROBUSTMQ_KAFKA_DEFAULT_STORAGE="$storage" RUST_LOG=warn \
    pin 0 "$BENCH_BIN/robustmqd" start --data-dir "$data" >"$work/daemon-$1-$tag.log" 2>&1 &
  wait_port "$kafka"
  load "$kafka" "$tag"
  pkill -f "$data" 2>/dev/null || true
  wait 2>/dev/null || true
  # A run writes about 14 GB; three of them would fill a small disk.
  rm -rf "$data"
}

# Tansu on its memory storage, tagged `tansu`.
tansu_run() {
  local kafka
  kafka=$(free_port)
  pin 0 "$tansu_bin" broker --storage-engine "memory://tansu-$$-$1/" \
    --listener-url "tcp://127.0.0.1:$kafka" --advertised-listener-url "tcp://127.0.0.1:$kafka" \
    >"$work/tansu-$1.log" 2>&1 &
  wait_port "$kafka"
  load "$kafka" tansu
  # By its arguments: `$!` is the subshell around `pin`, not Tansu, which would live on with
  # the gigabytes it holds in memory.
  pkill -f "memory://tansu-$$-$1/" 2>/dev/null || true
  wait 2>/dev/null || true
}

for i in $(seq "$runs"); do
  echo "engine $(engine_rates)" >>"$out.raw"
  kafka_run "$i" EngineSegment kafka >>"$out.raw"
  if [ -n "$tansu_bin" ]; then
    kafka_run "$i" EngineMemory memory >>"$out.raw"
    tansu_run "$i" >>"$out.raw"
  fi
done

python3 - "$out.raw" "$producers" "$batch" "$size" "$runs" "$inflight" >"$out" <<'EOF'
import json, statistics, sys
raw, producers, batch, size, runs, inflight = sys.argv[1], *map(int, sys.argv[2:])
eng_rec, eng_read = [], []
rows = {}  # (tag, kind) -> reports; tag kafka (EngineSegment), memory (EngineMemory) or tansu
for line in open(raw):
    kind, rest = line.split(" ", 1)
    if kind == "engine":
        rec, read = rest.split()
        eng_rec.append(float(rec)); eng_read.append(float(read))
    else:
        r = json.loads(rest)
        which = "consume" if r["mode"] == "consume" else r["topic"]
        rows.setdefault((kind, which), []).append(r)
acks1, acksall, consume = (rows.get(("kafka", k), []) for k in ("acks1", "acksall", "consume"))
med = statistics.median
engine = med(eng_rec)
engine_read = med(eng_read) * 1024 * 1024 / 1e6  # MB/s
def row(name, rs, ref, unit_rate):
    rate = med([unit_rate(r) for r in rs])
    lat = med([r["latency_us"]["p99"] for r in rs]) if rs and rs[0].get("latency_us") else None
    p50 = med([r["latency_us"]["p50"] for r in rs]) if lat is not None else None
    errors = sum(r["errors"] for r in rs)
    latency = f"{p50:.0f} / {lat:.0f}" if lat is not None else "-"
    return f"| {name} | {rate:,.0f} | {ref:,.0f} | {100 * rate / ref:.0f}% | {latency} | {errors} |"
print(f"{producers} producers (one partition each), {batch} records of {size} B per request, "
      f"{inflight} requests in flight per producer, fsync=batch, EngineSegment; medians of {runs} runs. "
      f"The engine reference is engine-bench appending the same records with as many appends in flight "
      f"({producers * inflight} appenders, {batch} records per append, fsync batch) and reading the shard "
      f"back, in the same run. Requests are pipelined: each takes its place in the partition when read "
      f"and waits for its group commit beside the later ones.")
print()
print("| row | RobustMQ over Kafka | engine alone | ratio | produce latency p50 / p99 (µs) | errors |")
print("|---|---|---|---|---|---|")
print(row("produce acks=1 (records/s)", acks1, engine, lambda r: r["records_per_s"]))
print(row("produce acks=all, idempotent (records/s)", acksall, engine, lambda r: r["records_per_s"]))
print(row("consume (MB/s of batches)", consume, engine_read, lambda r: r["mb_per_s"]))
if rows.get(("tansu", "acks1")):
    print()
    print("Against Tansu on its memory storage (`tansu broker --storage-engine memory://`), the "
          "same load from the same generator, RobustMQ on EngineMemory, each broker started fresh "
          "on core 0 in every run; medians of the runs. Tansu's rate is the reference.")
    print()
    print("| row | RobustMQ (EngineMemory) | Tansu (memory) | RobustMQ / Tansu | latency p50 / p99, RobustMQ (µs) | latency p50 / p99, Tansu (µs) | errors (R/T) |")
    print("|---|---|---|---|---|---|---|")
    def rate(rs, key):
        return med([r[key] for r in rs]) if rs else float("nan")
    def lat(rs):
        if not rs or not rs[0].get("latency_us"):
            return "-"
        return f'{med([r["latency_us"]["p50"] for r in rs]):.0f} / {med([r["latency_us"]["p99"] for r in rs]):.0f}'
    for name, which, key in (("produce acks=1 (records/s)", "acks1", "records_per_s"),
                             ("produce acks=all, idempotent (records/s)", "acksall", "records_per_s"),
                             ("consume (MB/s of batches)", "consume", "mb_per_s")):
        ours, theirs = rows.get(("memory", which), []), rows.get(("tansu", which), [])
        a, b = rate(ours, key), rate(theirs, key)
        errs = f'{sum(r["errors"] for r in ours)}/{sum(r["errors"] for r in theirs)}'
        ratio = f"{a / b:.2f}×" if b and b == b and b > 0 else "-"
        print(f"| {name} | {a:,.0f} | {b:,.0f} | {ratio} | {lat(ours)} | {lat(theirs)} | {errs} |")
EOF
cat "$out"
python3 bench/section.py kafka-bench "Kafka produce and consume (bench/kafka.sh)" "bench/kafka.sh --runs $runs" "$out"
rm -f "$out" "$out.raw"
