#!/usr/bin/env bash
# Storage Engine benchmark: append and read throughput of EngineSegment (1 KiB records, fsync
# never/batch/always, 1 and 16 appenders, 1/64/1024 records per append) against the raw sequential
# write speed of the same disk, measured in the same run. Writes the result into bench/RESULTS.md.
#
#   bench/engine.sh [engine-bench flags...]      e.g. bench/engine.sh --backend rocksdb
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cargo build --release --locked -p robustmq-bench --bin engine-bench
target="${CARGO_TARGET_DIR:-target}/release"
dir="${BENCH_DIR:-$PWD/target/bench}"
mkdir -p "$dir"
out=$(mktemp)
"$target/engine-bench" --dir "$dir" "$@" | tee "$out"
python3 bench/section.py engine-bench "Storage Engine (engine-bench)" "bench/engine.sh $*" "$out"
rm -f "$out"
