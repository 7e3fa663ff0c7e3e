#!/usr/bin/env bash
# Runs the fault suites (tests/it/faults.rs) and writes their counts into docs/RELIABILITY.md.
# Usage: tools/reliability/run.sh   (from the repository root; as root, the tmpfs suite runs too)
set -euo pipefail
cd "$(dirname "$0")/../.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
{
    cargo test --release --test it -- faults store_cli::every_file_damaged \
        store_cli::every_7th_journal crash::kill_9_during_a_streamed --nocapture --test-threads=1
} >"$log" 2>&1 || {
    tail -40 "$log" >&2
    echo "the fault suites failed; docs/RELIABILITY.md is left as it was" >&2
    exit 1
}
# A row may share its line with the test harness's "test NAME ... ".
rows=$(grep -o '| [a-z].*|$' "$log" || true)
table=$(echo "$rows" | grep -v '^| \(tmpfs\|damage:\|journal:\)' || true)
damage=$(echo "$rows" | grep '^| damage:' || true)
journal=$(echo "$rows" | grep '^| journal:' || true)
kills=$(grep -c 'Created an empty ledger at .*/round-' "$log" || true)
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
    echo
    echo '| damage campaign | files, cases | detected (exit 3) | refused (exit 1) | unharmed | silent | panics | hangs |'
    echo '|---|---|---|---|---|---|---|---|'
    echo "$damage"
    echo
    echo '| journal | cases | detected (exit 3) | harmless | silent, or a panic |'
    echo '|---|---|---|---|---|'
    echo "$journal"
    echo
    echo "| kill -9 during a streamed import of 5,000 facts | $kills rounds | each left all of it or none, and verified |"
} >docs/RELIABILITY.md
rm -f "$log.head"
echo "wrote docs/RELIABILITY.md"
