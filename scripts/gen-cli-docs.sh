#!/usr/bin/env bash
# Regenerates completions/ and man/ from the clap definitions of the binaries.
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
echo "regenerated completions/ and man/"
