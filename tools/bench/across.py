#!/usr/bin/env python3
"""The commands that read across treaties, as whole processes, on a ledger of many treaties.

Builds (or reuses, in --work) the ledger tools/bench/commands.py calls `import`: the facts of
examples/build_large (--entries over --treaties), registered with `pacta treaty add` and recorded
by one `pacta import` of a JSON Lines file. Then runs each command alternately with the baseline
`pacta status TREATY` (one treaty's projection), --pairs times after one warm-up run of each, and
prints for each the median wall time, min-max, the median ratio to the baseline, the median CPU
time and the peak RSS (GNU time).

    tools/bench/across.py [--entries 250000] [--treaties 300] [--pairs 11] [--work DIR]

The page cache is warm: every figure is the second or later run of its command.
"""

import argparse
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import commands  # noqa: E402  (the ledger builders and the process runner)

COMMANDS = [
    ["state", commands.STATE, "--at", "2026-01-01"],
    ["state", commands.STATE, "--at", "2026-01-01", "--format", "json"],
    ["changes", "--from", "2024-12-31", "--to", "2025-12-31"],
    ["changes", "--from", "2024-12-31", "--to", "2025-12-31", "--state", commands.STATE],
    ["changes", "--from", "2024-12-31", "--to", "2025-12-31", "--treaty", commands.TREATY],
    ["series", "--all", "--from", "2000-12-31", "--to", "2025-12-31", "--every", "year"],
    ["series", commands.TREATY, "--from", "2000-12-31", "--to", "2025-12-31", "--every", "year"],
    ["log", "--state", commands.STATE],
]
BASELINE = ["status", commands.TREATY, "--at", "2026-01-01"]


def ms(seconds):
    return f"{seconds * 1000:.0f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=250_000)
    parser.add_argument("--treaties", type=int, default=300)
    parser.add_argument("--pairs", type=int, default=11)
    parser.add_argument("--work", default="/tmp/pacta-bench-across")
    args = parser.parse_args()
    pacta = os.path.join(commands.ROOT, "target", "release", "pacta")
    os.makedirs(args.work, exist_ok=True)
    commands.calibrate()
    bench = commands.build_bench(args, args.work)
    exported = commands.export(pacta, bench, args.work)
    ledger = commands.build_import(pacta, exported, args.work)
    env = commands.pacta_env(ledger)
    print(f"ledger: {ledger} ({args.entries:,} entries over {args.treaties} treaties, "
          f"by `pacta import`); {args.pairs} pairs, medians\n")
    print("| command | wall ms (min-max) | / baseline | CPU ms | peak RSS MiB |")
    print("|---|---|---|---|---|")
    for command in COMMANDS:
        mine, base = [], []
        commands.run([pacta] + command, env)
        commands.run([pacta] + BASELINE, env)
        for _ in range(args.pairs):
            mine.append(commands.run([pacta] + command, env))
            base.append(commands.run([pacta] + BASELINE, env))
        walls = [r.wall for r in mine]
        ratio = statistics.median(m.wall / b.wall for m, b in zip(mine, base))
        print(f"| `pacta {' '.join(command)}` | {ms(statistics.median(walls))} "
              f"({ms(min(walls))}-{ms(max(walls))}) | {ratio:.1f} | "
              f"{ms(statistics.median(r.cpu for r in mine))} | "
              f"{statistics.median(r.rss for r in mine) / 2**20:.0f} |", flush=True)
    walls = [r.wall for r in base]
    print(f"\nbaseline `pacta {' '.join(BASELINE)}`: {ms(statistics.median(walls))} ms "
          f"({ms(min(walls))}-{ms(max(walls))})")


if __name__ == "__main__":
    main()
