#!/usr/bin/env bash
# Builds robustmqd (release) and starts it. With no arguments: one node with all roles on
# 127.0.0.1, storing in ./data. Extra arguments go to `robustmqd start`, e.g. --config FILE.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
exec cargo run --release --locked --bin robustmqd -- start "$@"
