#!/usr/bin/env bash
# Runs the fault suites (tests/it/faults.rs) and writes their counts into docs/RELIABILITY.md.
# Usage: tools/reliability/run.sh   (from the repository root; as root, the tmpfs suite runs too)
set -euo pipefail
cd "$(dirname "$0")/../.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
cargo test --release --test it faults -- --nocapture --test-threads=1 >"$log" 2>&1 || {
    tail -40 "$log" >&2
    echo "the fault suites failed; docs/RELIABILITY.md is left as it was" >&2
    exit 1
}
# A row may share its line with the test harness's "test NAME ... ".
table=$(grep -o '| [a-z].*|$' "$log" | grep -v '^| tmpfs' || true)
tmpfs=$(grep -o '| tmpfs.*|$' "$log" || echo "| tmpfs full disk | skipped: $(grep -o 'skipped: .*' "$log" | head -1) |")
sed -e '/^<!-- counts -->$/,$d' docs/RELIABILITY.md >"$log.head"
{
    cat "$log.head"
    echo '<!-- counts -->'
    echo
    echo "Counted on $(date -u +%Y-%m-%d) at $(git rev-parse --short HEAD), by \`tools/reliability/run.sh\`."
    echo
    echo '| command | fault | rounds | struck | refused | absorbed | committed, then power lost | lost | half-written | panics | wedged |'
    echo '|---|---|---|---|---|---|---|---|---|---|---|'
    echo "$table"
    echo
    echo "$tmpfs"
} >docs/RELIABILITY.md
rm -f "$log.head"
echo "wrote docs/RELIABILITY.md"
