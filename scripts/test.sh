#!/usr/bin/env bash
# Runs the whole test suite: unit tests, conformance suites and the black-box tests in tests/
# (which start real robustmqd processes). This is the command .ci/run runs.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
# The black-box tests in tests/ run the workspace's binaries, which a test build of another
# package does not produce: build every target first, then run.
cargo build --workspace --all-targets --locked
if cargo nextest --version >/dev/null 2>&1; then
  exec cargo nextest run --workspace --locked --profile "${NEXTEST_PROFILE:-ci}"
else
  # Fallback when cargo-nextest is not installed; the same tests, run by libtest.
  exec cargo test --workspace --locked
fi
