#!/usr/bin/env bash
# Installs the system packages that building and testing RobustMQ need, and nothing that is
# already there. Safe to run again. Both README commands call it, so a fresh machine works.
set -euo pipefail

# Debian packages the build and the tests need:
#   libclang-dev       bindgen in librocksdb-sys (RocksDB is built from source by the rocksdb crate)
#   mosquitto-clients  mosquitto_pub / mosquitto_sub, which the MQTT end-to-end tests drive
#   tmux               runs the real robustmq-tui in a terminal for its end-to-end test
#   jq                 the operator workflow script (tests/operator_workflow.sh)
#   openssl            makes the RSA key pair of the RS256 JWT test
#   kcat               the Kafka command-line client the Kafka end-to-end tests drive
APT_PACKAGES=(libclang-dev mosquitto-clients jq tmux openssl kcat)
# Python packages the end-to-end tests drive (tests/clients/*.py): paho-mqtt for MQTT,
# kafka-python (pure Python, with its snappy, lz4 and zstd codecs) and confluent-kafka
# (librdkafka) for Kafka.
PIP_PACKAGES=("paho-mqtt>=2,<3" "kafka-python[lz4,snappy,zstd]>=3,<4" "confluent-kafka>=2,<3")

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Installed for the python3 on PATH, the one the tests run.
if ! python3 -c '
import sys, paho.mqtt, kafka, kafka.codec as codec, confluent_kafka
ok = paho.mqtt.__version__.startswith("2.") and kafka.__version__.startswith("3.") and confluent_kafka.__version__.startswith("2.")
ok = ok and codec.has_snappy() and codec.has_lz4() and codec.has_zstd()
sys.exit(0 if ok else 1)' 2>/dev/null; then
  echo "setup: installing ${PIP_PACKAGES[*]}" >&2
  python3 -m pip install --quiet --disable-pip-version-check "${PIP_PACKAGES[@]}"
fi

# MQTT.js (npm package mqtt, pinned in tests/clients/package-lock.json) for the WebSocket
# end-to-end tests, installed with the machine's Node.js (Debian's when there is none).
if ! command -v npm >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing nodejs npm" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
clients="$(dirname "$0")/../tests/clients"
if ! [ -f "$clients/node_modules/mqtt/package.json" ]; then
  echo "setup: installing MQTT.js (npm ci in tests/clients)" >&2
  npm ci --prefix "$clients" --no-audit --no-fund --loglevel=error >/dev/null
fi

command -v cargo >/dev/null || { echo "setup: cargo not found; install Rust with rustup" >&2; exit 1; }
