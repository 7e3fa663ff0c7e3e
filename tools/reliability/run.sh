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

# The hostile-input corpus (tests/it/hostile.rs): its counts are written between the
# `<!-- hostile:begin -->` and `<!-- hostile:end -->` lines, placed before the counts above.
hostile_log=$(mktemp)
hostile_section=$(mktemp)
trap 'rm -f "$log" "$hostile_log" "$hostile_section"' EXIT
cargo test --release --test it -- hostile::every --nocapture --test-threads=1 >"$hostile_log" 2>&1 || {
    tail -40 "$hostile_log" >&2
    echo "the hostile-input suite failed; its section of docs/RELIABILITY.md is left as it was" >&2
    exit 1
}
{
    echo '<!-- hostile:begin -->'
    echo '## Hostile inputs'
    echo
    echo '`tests/it/hostile.rs` runs the real binary on a corpus of hostile inputs, one table of cases'
    echo 'with the outcome each must have, every case on a fresh copy of a small ledger with a time'
    echo 'limit: CSV and JSON Lines imports, exports given to `restore` (forged ones with correct'
    echo 'hashes among them), proof bundles and checkpoints, keys, source documents, flags, the'
    echo 'environment, files `export` and `report` write to, and publications given to `mirror` and'
    echo '`verify-published`. A refusal must have the documented exit code, a message naming what and'
    echo 'where, no panic or debug text, no raw control character, and leave the ledger byte for byte'
    echo 'as it was (a refused `restore` or `mirror`: nothing at all). Accepted cases are legitimate'
    echo 'text a terminal could be fooled by (a right-to-left override, a formula): every table that'
    echo 'shows it must show it escaped.'
    echo
    echo "Counted on $(date -u +%Y-%m-%d) at $(git rev-parse --short HEAD), by \`tools/reliability/run.sh\`."
    echo
    echo '| entry point | cases | refused (exit 1) | usage (exit 2) | detected (exit 3) | accepted, shown escaped | silent | wrong code | unclear | ledger changed | panics | hangs |'
    echo '|---|---|---|---|---|---|---|---|---|---|---|---|'
    grep -o 'hostile: |.*|$' "$hostile_log" | sed 's/^hostile: //'
    echo
    echo 'Known gaps (counted above as they end now, each reported):'
    echo
    grep -o 'known gap: .*' "$hostile_log" | sed 's/^known gap: /- /' || echo '- none'
    echo '<!-- hostile:end -->'
} >"$hostile_section"
awk -v section="$hostile_section" '
    function put() { while ((getline line < section) > 0) print line; placed = 1 }
    /^<!-- hostile:begin -->$/ { skipping = 1; put(); next }
    /^<!-- hostile:end -->$/ { skipping = 0; next }
    /^<!-- counts -->$/ && !placed { put(); print "" }
    !skipping { print }
' docs/RELIABILITY.md >"$hostile_log"
cp "$hostile_log" docs/RELIABILITY.md
echo "wrote the hostile-input counts into docs/RELIABILITY.md"
