#!/usr/bin/env bash
# Regenerates completions/, man/ and the golden --help texts from the clap definitions.
# The e2e test `cli_docs` fails while the checked-in files differ from what this writes.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --bins
target="${CARGO_TARGET_DIR:-target}/debug"
for bin in robustmqd robustmqctl; do
  "$target/$bin" completions bash       > "completions/$bin.bash"
  "$target/$bin" completions zsh        > "completions/_$bin"
  "$target/$bin" completions fish       > "completions/$bin.fish"
  "$target/$bin" completions powershell > "completions/_$bin.ps1"
  rm -f man/"$bin".1 man/"$bin"-*.1
  "$target/$bin" man man
done
# Golden help texts: a change to them shows up in review.
mkdir -p tests/golden
"$target/robustmqctl" --help              > tests/golden/robustmqctl-help.txt
"$target/robustmqctl" topic create --help > tests/golden/robustmqctl-topic-create-help.txt
"$target/robustmqctl" rewrite add --help  > tests/golden/robustmqctl-rewrite-add-help.txt
"$target/robustmqctl" auto-subscribe add --help > tests/golden/robustmqctl-auto-subscribe-add-help.txt
echo "regenerated completions/, man/ and tests/golden/"
