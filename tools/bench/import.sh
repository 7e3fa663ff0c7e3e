#!/bin/sh
# Benchmark of `pacta import FILE` beside an indexed SQLite load of the same rows:
#   tools/bench/import.sh 250000 1000000 [--runs 3] [--formats csv,jsonl] [--doc]
# Builds the release binary, then runs tools/bench/import.py (see its help).
set -eu
cd "$(dirname "$0")/../.."
cargo build --release --quiet
exec python3 tools/bench/import.py "$@"
