#!/bin/sh
# Every pacta command as a whole process on a 1M-entry ledger (built by build_large and by
# `pacta import`), each run alternately with the equivalent sqlite3 query; writes the commands
# section of docs/PERFORMANCE.md:
#   tools/bench/commands.sh [--pairs 11] [--work DIR] [--before BINARY --before-label TEXT]
# Needs python3, sqlite3 (the CLI), strace and GNU time (/usr/bin/time); on Debian or Ubuntu:
#   apt-get install sqlite3 strace time
# Builds the release binary and examples, then runs tools/bench/commands.py (see its help).
set -eu
cd "$(dirname "$0")/../.."
for tool in sqlite3 strace /usr/bin/time python3; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "tools/bench/commands.sh needs $tool: apt-get install sqlite3 strace time python3" >&2
        exit 1
    fi
done
cargo build --release --quiet --bins --examples
exec python3 tools/bench/commands.py "$@"
