#!/bin/sh
# The commands that read across treaties (state, changes, series --all, log --state) as whole
# processes on a ledger of ~250,000 entries over 300 treaties, each alternately with one
# treaty's `status`:
#   tools/bench/across.sh [--entries 250000] [--treaties 300] [--pairs 11] [--work DIR]
# Needs python3 and GNU time (/usr/bin/time): apt-get install time python3
set -eu
cd "$(dirname "$0")/../.."
for tool in /usr/bin/time python3; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "tools/bench/across.sh needs $tool: apt-get install time python3" >&2
        exit 1
    fi
done
cargo build --release --quiet --bins --examples
exec python3 tools/bench/across.py "$@"
