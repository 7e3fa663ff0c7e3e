#!/bin/sh
# The time and peak memory of one mirror update, whole process: a mirror of a ledger of ENTRIES
# entries (examples/build_large) takes the ADDED entries published since (each a `treaty add`).
# Every run starts from a fresh copy of the same mirror (copying is not timed). With --before, the
# runs alternate with another pacta binary (say, one built from an earlier commit) on the same
# copies, and the medians' ratio is printed.
#   tools/bench/mirror.sh [--entries 100000] [--added 100] [--runs 7] [--work DIR]
#                         [--before BINARY]
# Needs GNU time (/usr/bin/time): apt-get install time
set -eu
cd "$(dirname "$0")/../.."
entries=100000
added=100
runs=7
work=target/bench-mirror
before=
while [ $# -gt 0 ]; do
    case "$1" in
        --entries) entries=$2; shift 2 ;;
        --added) added=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --work) work=$2; shift 2 ;;
        --before) before=$(realpath "$2"); shift 2 ;;
        *) echo "tools/bench/mirror.sh: unknown argument $1" >&2; exit 1 ;;
    esac
done
if [ ! -x /usr/bin/time ]; then
    echo "tools/bench/mirror.sh needs GNU time: apt-get install time" >&2
    exit 1
fi
cargo build --release --quiet --bins --examples
after=$(realpath target/release/pacta)
export PACTA_RECORDER=bench
rm -rf "$work"
mkdir -p "$work"
cd "$work"

echo "building a ledger of $entries entries ..." >&2
../release/examples/build_large origin "$entries" 50 >&2
"$after" key generate --name bench.example --out key >/dev/null 2>&1
"$after" --ledger origin publish site --sign key >/dev/null
"$after" --ledger base mirror site --key key.pub >/dev/null
echo "adding $added entries and publishing them ..." >&2
i=0
while [ "$i" -lt "$added" ]; do
    "$after" --ledger origin treaty add "bench-extra-$i" --rules ottawa \
        --cite-title Text --cite-url https://example.org/extra >/dev/null
    i=$((i + 1))
done
"$after" --ledger origin publish site --sign key >/dev/null

# One update from a fresh copy of the mirror; prints "seconds kilobytes".
update() {
    rm -rf run run.mirror
    cp -a base run
    cp -a base.mirror run.mirror
    /usr/bin/time -f "%e %M" -o time.txt "$1" --ledger run mirror site --key key.pub >/dev/null
    cat time.txt
}

median() {
    sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

: >after.txt
: >before.txt
n=0
while [ "$n" -lt "$runs" ]; do
    update "$after" >>after.txt
    if [ -n "$before" ]; then
        update "$before" >>before.txt
    fi
    n=$((n + 1))
done
after_s=$(cut -d' ' -f1 after.txt | median)
after_kb=$(cut -d' ' -f2 after.txt | median)
held=$("$after" --ledger base --format json verify 2>/dev/null | grep -o "\"entries\": *[0-9]*" | head -1 | grep -o "[0-9]*$" || echo "$entries")
echo "mirror update of +$added entries on a mirror of $held, $runs runs, medians:"
echo "  this build:  ${after_s} s, ${after_kb} KiB peak"
if [ -n "$before" ]; then
    before_s=$(cut -d' ' -f1 before.txt | median)
    before_kb=$(cut -d' ' -f2 before.txt | median)
    echo "  --before:    ${before_s} s, ${before_kb} KiB peak"
    awk -v b="$before_s" -v a="$after_s" 'BEGIN { if (a > 0) printf "  ratio:       %.1f× faster\n", b / a; else print "  ratio:       below the clock'"'"'s resolution" }'
fi
