#!/usr/bin/env bash
# Meta Service KV benchmark: write keys/s on 1 and 3 meta nodes, concurrency 1 and 64, one key or
# 100 keys per write (release build). Writes the result into bench/RESULTS.md between its markers.
#
#   bench/meta.sh [meta-bench flags...]
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cargo build --release --locked -p robustmq-bench --bin meta-bench -p robustmqd --bin robustmqd
target="${CARGO_TARGET_DIR:-target}/release"
out=$(mktemp)
"$target/meta-bench" --robustmqd "$target/robustmqd" "$@" | tee "$out"
python3 bench/section.py meta-bench "Meta Service KV (meta-bench)" "bench/meta.sh $*" "$out"
rm -f "$out"
