#!/usr/bin/env python3
"""Every pacta command as a whole process on a large ledger, beside the equivalent sqlite3 query.

Builds (or reuses, in --work) two ledgers holding the same facts:

  bench   built by examples/build_large (treaty by treaty: each treaty's entries recorded together)
  import  the same facts through `pacta treaty add` and one `pacta import` of a JSON Lines file
          (import records them in act-date order, so each treaty's entries are scattered)

and an SQLite database of the same entries (one row per entry: number, hash, link, recording,
treaty, state, act, date and the fact as JSON; indexed by treaty and state; WAL, synchronous=FULL).
Then, for each command and each ledger, runs the pacta process and its sqlite3 counterpart
alternately, --pairs times after one warm-up run of each, and prints medians, min-max, the ratio
of each pair (pacta / sqlite3, median), CPU time, peak RSS and the bytes each process wrote
(write_bytes of /proc/PID/io, read before the process is reaped). `verify` is also paired with
examples/verify_floor (read + strict decode + chain + BLAKE3, one thread). One run of each
pacta command under `strace -f` lists its write-side system calls. With --before BINARY (a pacta
built from an earlier commit), `status --prove` is also timed with it, alternately, on the same
ledgers and on the Ottawa demo ledger, with the size of each bundle.

    tools/bench/commands.py [--entries 1000000] [--treaties 500] [--pairs 11] [--work DIR]
                            [--before BINARY] [--doc docs/PERFORMANCE.md]

The page cache is warm: every figure is the second or later run of its command. Before each
run of verify and export (and their baselines) the script calls `sync`, untimed, so that no run
pays for the writeback of what the one before it wrote.
"""

import argparse
import base64
import datetime
import json
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NOW = "2026-06-02T00:00:00Z"
TREATY = "treaty-17"
STATE = "FI"
HEAVY = {"verify", "export"}


def pacta_env(ledger):
    env = dict(os.environ, PACTA_LEDGER=ledger, PACTA_RECORDER="bench", PACTA_NOW=NOW,
               NO_COLOR="1")
    return env


def say(text):
    print(text, file=sys.stderr, flush=True)


class Run:
    """One whole process: wall seconds, CPU seconds, peak RSS bytes, bytes written, exit code."""

    def __init__(self, wall, cpu, rss, written, code):
        self.wall, self.cpu, self.rss, self.written, self.code = wall, cpu, rss, written, code


WRAPPER_WRITES = 0
LOAD_AT_START = os.getloadavg()[0]


def calibrate():
    """The bytes /usr/bin/time itself writes (its -o file), taken off every run's figure."""
    global WRAPPER_WRITES
    WRAPPER_WRITES = min(run(["true"]).written for _ in range(3))


def run(command, env=None, stdout=os.devnull):
    """Spawns a command, waits without reaping to read its /proc/PID/io, then reaps it."""
    actions = [(os.POSIX_SPAWN_OPEN, 1, stdout, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
               (os.POSIX_SPAWN_OPEN, 2, "/tmp/pacta-bench-stderr", os.O_WRONLY | os.O_CREAT
                | os.O_TRUNC, 0o644)]
    # Through /usr/bin/time for the peak RSS: a process spawned straight from Python starts as
    # a vfork of it, and its peak would count Python's pages.
    command = ["/usr/bin/time", "-f", "%M", "-o", "/tmp/pacta-bench-rss",
               shutil.which(command[0]) or command[0]] + command[1:]
    started = time.perf_counter()
    pid = os.posix_spawn(command[0], command, env or os.environ, file_actions=actions)
    os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)
    wall = time.perf_counter() - started
    with open(f"/proc/{pid}/io") as f:
        io = dict(line.split(": ") for line in f.read().splitlines())
    _, status, usage = os.wait4(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        with open("/tmp/pacta-bench-stderr") as f:
            sys.exit(f"{' '.join(command)} exited with {code}:\n{f.read()[-2000:]}")
    with open("/tmp/pacta-bench-rss") as f:
        rss = int(f.read().split()[-1]) * 1024
    written = max(0, int(io["write_bytes"]) - WRAPPER_WRITES)
    return Run(wall, usage.ru_utime + usage.ru_stime, rss, written, code)


def syscalls(command, env):
    """Write-side system calls of one run, from `strace -f`: writes to stdout counted apart,
    files opened for writing, and every write, sync, rename, unlink or lock call."""
    trace = "/tmp/pacta-bench-strace"
    subprocess.run(["strace", "-f", "-qq", "-o", trace, "-e",
                    "trace=openat,write,pwrite64,writev,fsync,fdatasync,ftruncate,fallocate,"
                    "rename,renameat,renameat2,unlink,unlinkat,flock"] + command, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    counts = {}
    with open(trace) as f:
        for line in f:
            m = re.match(r"^\d+\s+(\w+)\((.*)", line)
            if not m:
                continue
            name, args = m.groups()
            if name in ("write", "writev") and args.startswith(("1,", "2,")):
                name = "stdout/stderr writes"
            elif name == "openat":
                if not re.search(r"O_WRONLY|O_RDWR|O_CREAT", args):
                    continue
                name = "opened for writing"
            counts[name] = counts.get(name, 0) + 1
    return counts


# ---------------------------------------------------------------- building the ledgers

def build_bench(args, work):
    ledger = os.path.join(work, "bench.ledger")
    if not os.path.exists(os.path.join(ledger, "journal")):
        shutil.rmtree(ledger, ignore_errors=True)
        say(f"building {ledger} with build_large ({args.entries:,} entries) ...")
        example = os.path.join(ROOT, "target", "release", "examples", "build_large")
        subprocess.run([example, ledger, str(args.entries), str(args.treaties)], check=True)
    return ledger


def export(pacta, ledger, work):
    path = os.path.join(work, "bench.export.jsonl")
    if not os.path.exists(path):
        say("exporting the bench ledger (the facts the import and SQLite load) ...")
        subprocess.run([pacta, "-q", "export", path + ".part"], env=pacta_env(ledger), check=True)
        os.rename(path + ".part", path)
    return path


def lines(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def flag_delay(steps):
    """Rules' delay steps (as the export writes them) in the text form `treaty add` reads."""
    out = []
    for step in steps:
        if isinstance(step, str):
            out.append(step)
        else:
            (name, value), = step.items()
            out.append(f"+{value}{name[0]}")
    return ",".join(out)


def import_file(export_path, work):
    """The export's acts as an import file, and the treaties' registrations."""
    facts = os.path.join(work, "import.jsonl")
    treaties = []
    with open(facts + ".part", "w", encoding="utf-8") as out:
        for line in lines(export_path):
            fact = line["entry"]["fact"]
            event = fact["event"]
            if "treaty-registration" in event:
                treaties.append(event["treaty-registration"])
                continue
            act = event["act"]
            cites = []
            for c in fact["citations"]:
                cite = {k: c[src] for k, src in (("title", "title"), ("url", "url"),
                                                  ("ref", "reference"), ("publisher", "publisher"),
                                                  ("published", "published"),
                                                  ("retrieved", "retrieved"),
                                                  ("locator", "locator"), ("quote", "quote"))
                        if c.get(src) is not None}
                if c["kind"] != "unspecified":
                    cite["kind"] = c["kind"]
                cites.append(cite)
            row = {"treaty": act["treaty"], "state": act["state"], "act": act["kind"],
                   "date": act["date"], "citations": cites}
            if act.get("effective"):
                row["effective_date"] = act["effective"]
            if fact.get("note"):
                row["note"] = fact["note"]
            out.write(json.dumps(row, separators=(",", ":")) + "\n")
    os.rename(facts + ".part", facts)
    return facts, treaties


def build_import(pacta, export_path, work):
    ledger = os.path.join(work, "import.ledger")
    if os.path.exists(os.path.join(ledger, "journal")):
        return ledger
    shutil.rmtree(ledger, ignore_errors=True)
    say("writing the import file from the export ...")
    facts, treaties = import_file(export_path, work)
    env = pacta_env(ledger)
    subprocess.run([pacta, "-q", "init"], env=env, check=True)
    say(f"registering {len(treaties)} treaties ...")
    for t in treaties:
        r = t["rules"]
        command = [pacta, "-q", "treaty", "add", t["id"], "--title", t["title"],
                   "--eif-instruments", str(r["eif_instruments"]),
                   "--eif-delay", flag_delay(r["eif_delay"]),
                   "--later-delay", flag_delay(r["later_delay"]),
                   "--later-delay-from", r["later_delay_from"],
                   "--withdrawal-delay", flag_delay(r["withdrawal_delay"]),
                   "--signature-closes", r["signature_closes"],
                   "--cite-title", "UN Treaty Collection status table",
                   "--cite-url", "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY"]
        if t.get("adopted"):
            command += ["--adopted", t["adopted"]]
        if r["armed_conflict_suspends_withdrawal"]:
            command.append("--armed-conflict-suspends-withdrawal")
        subprocess.run(command, env=env, check=True)
    say("importing (act-date order) ...")
    started = time.perf_counter()
    subprocess.run([pacta, "-q", "import", facts], env=env, check=True)
    say(f"  import took {time.perf_counter() - started:.1f} s")
    return ledger


def build_sqlite(export_path, work):
    """The export's entries in an indexed SQLite table; returns (database, canonical bytes)."""
    database = os.path.join(work, "entries.sqlite")
    canonical_path = database + ".canonical"
    if os.path.exists(canonical_path):
        with open(canonical_path) as f:
            return database, int(f.read())
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(database + suffix):
            os.remove(database + suffix)
    say("loading the same entries into SQLite ...")
    con = sqlite3.connect(database)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("CREATE TABLE entries (seq INTEGER PRIMARY KEY, hash BLOB, prev BLOB, "
                "recorded_at TEXT, recorder TEXT, treaty TEXT, state TEXT, act TEXT, date TEXT, "
                "fact TEXT)")
    canonical = 0

    def rows():
        nonlocal canonical
        for line in lines(export_path):
            canonical += len(base64.b64decode(line["bytes"]))
            entry = line["entry"]
            event = entry["fact"]["event"]
            act = event.get("act") or {}
            treaty = act.get("treaty") or (event.get("treaty-registration") or {}).get("id")
            yield (line["seq"], bytes.fromhex(line["hash"]), bytes.fromhex(line["prev"]),
                   entry["recorded_at"], entry["recorder"], treaty, act.get("state"),
                   act.get("kind"), act.get("date"),
                   json.dumps(entry["fact"], separators=(",", ":")))
    with con:
        con.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?,?)", rows())
    con.execute("CREATE INDEX entries_by_treaty ON entries (treaty, state)")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    with open(canonical_path, "w") as f:
        f.write(str(canonical))
    return database, canonical


# ---------------------------------------------------------------- the commands

def sqlite_cmd(database, sql):
    return ["sqlite3", database, sql]


def commands(pacta, floor, ledger, database, work, name, middle):
    """(command name, pacta argv, [(baseline name, argv, stdout)], pacta stdout)."""
    out = os.path.join(work, f"out.{name}")
    treaty_rows = (f"SELECT seq, state, act, date, fact FROM entries WHERE treaty = '{TREATY}' "
                   "ORDER BY seq")
    state_rows = (f"SELECT seq, state, act, date, fact FROM entries WHERE treaty = '{TREATY}' "
                  f"AND (state = '{STATE}' OR state IS NULL) ORDER BY seq")
    sq = lambda sql: [("sqlite3", sqlite_cmd(database, sql), os.devnull)]
    record_note = iter(range(1, 1 << 30))
    return [
        ("status", [pacta, "status", TREATY, "--at", "2020-01-01", "--format", "json"],
         sq(treaty_rows)),
        ("history", [pacta, "history", TREATY, STATE, "--format", "json"], sq(state_rows)),
        ("why", [pacta, "why", TREATY, STATE, "--at", "2020-01-01", "--format", "json"],
         sq(state_rows)),
        ("diff", [pacta, "diff", TREATY, "--from", "2005-01-01", "--to", "2020-01-01",
                  "--format", "json"], sq(treaty_rows)),
        ("log --treaty", [pacta, "log", "--treaty", TREATY, "--format", "json"],
         sq(f"SELECT seq, recorded_at, recorder, fact FROM entries WHERE treaty = '{TREATY}' "
            "ORDER BY seq")),
        ("show", [pacta, "show", str(middle), "--format", "json"],
         sq(f"SELECT * FROM entries WHERE seq = {middle}")),
        ("checkpoint", [pacta, "checkpoint"],
         sq("SELECT seq, hex(hash) FROM entries ORDER BY seq DESC LIMIT 1")),
        ("status --prove", [pacta, "status", TREATY, "--at", "2020-01-01", "--prove"],
         sq(treaty_rows)),
        ("verify", [pacta, "verify"],
         sq("SELECT count(*), sum(length(fact)), sum(length(hash)) FROM entries")
         + [("floor", [floor, ledger], os.devnull)]),
        ("export", [pacta, "export", out + ".jsonl"],
         [("sqlite3", ["sqlite3", "-json", database,
                       "SELECT seq, hex(hash) AS hash, hex(prev) AS prev, recorded_at, recorder, "
                       "fact FROM entries ORDER BY seq"], out + ".sqlite.json")]),
        ("record", lambda: [pacta, "record", "domestic-step", "--treaty", TREATY, "--state",
                            STATE, "--date", "2020-01-02", "--note", f"bench {next(record_note)}",
                            "--cite-title", "Bench", "--cite-url", "https://example.org/bench"],
         [("sqlite3", lambda: sqlite_cmd(
             database, "PRAGMA synchronous=FULL; INSERT INTO entries (hash, prev, recorded_at, "
             "recorder, treaty, state, act, date, fact) VALUES (randomblob(32), randomblob(32), "
             f"'{NOW}', 'bench', '{TREATY}', '{STATE}', 'domestic-step', '2020-01-02', "
             f"'{{\"note\":\"bench {next(record_note)}\"}}')"), os.devnull)]),
    ]


def argv(command):
    return command() if callable(command) else command


def bench_ledger(args, pacta, floor, name, ledger, database, work, middle):
    """Runs every command on one ledger; returns rows for the report."""
    results = []
    # `record` writes: it runs on copies, so that the read commands see the ledger as built.
    record_ledger = os.path.join(work, f"{name}.record.ledger")
    record_db = os.path.join(work, f"{name}.record.sqlite")
    shutil.rmtree(record_ledger, ignore_errors=True)
    shutil.copytree(ledger, record_ledger)
    shutil.copyfile(database, record_db)
    for cmd_name, command, baselines in commands(pacta, floor, ledger, database, work, name,
                                                      middle):
        target, db_env = ledger, None
        if cmd_name == "record":
            target = record_ledger
            baselines = [(b, (lambda c=c: [x.replace(database, record_db) for x in argv(c)]), o)
                         for b, c, o in baselines]
        env = pacta_env(target)
        pairs = args.heavy_pairs if cmd_name in HEAVY else args.pairs
        say(f"  {name}: {cmd_name} ({pairs} pairs)")
        runs = {"pacta": []}
        for b, _, _ in baselines:
            runs[b] = []
        jobs = [("pacta", command, env, os.devnull)] + [(b, c, db_env, o) for b, c, o in baselines]
        for job in jobs:  # warm-up
            run(argv(job[1]), job[2], job[3])
        for i in range(pairs):
            order = jobs if i % 2 == 0 else jobs[::-1]
            for label, c, e, o in order:
                if cmd_name in HEAVY:
                    # Untimed: what the run before wrote (1.2 GB for an export) would otherwise
                    # still be going to the disk, and the kernel would throttle this run's
                    # writes to the disk's speed to catch up.
                    os.sync()
                runs[label].append(run(argv(c), e, o))
        calls = syscalls(argv(command), env)
        size = None
        if cmd_name == "export":
            size = os.path.getsize(out_path(work, name))
        results.append((cmd_name, runs, calls, size))
    shutil.rmtree(record_ledger, ignore_errors=True)
    os.remove(record_db)
    for suffix in ("-wal", "-shm"):
        if os.path.exists(record_db + suffix):
            os.remove(record_db + suffix)
    return results


def proofs(args, pacta, ledgers, work):
    """`status --prove` by this build and by --before, alternately: [(ledger, treaty, {binary:
    (runs, bundle bytes)})]."""
    binaries = [("this build", pacta)] + ([("before", args.before)] if args.before else [])
    rows = []
    for name, ledger, treaty, at in ledgers:
        say(f"  proofs: {name}")
        env = pacta_env(ledger)
        jobs = []
        for label, binary in binaries:
            bundle = os.path.join(work, f"bundle.{name}.{label.replace(' ', '-')}.json")
            jobs.append((label, [binary, "status", treaty, "--at", at, "--prove"], bundle))
        runs = {label: [] for label, _, _ in jobs}
        for label, command, bundle in jobs:
            run(command, env, bundle)
            run([pacta, "verify-proof", "--answer", bundle], env)
        for i in range(args.pairs):
            for label, command, bundle in (jobs if i % 2 == 0 else jobs[::-1]):
                runs[label].append(run(command, env, bundle))
        rows.append((name, treaty, {label: (runs[label], os.path.getsize(bundle))
                                    for label, _, bundle in jobs}))
    return rows


def ottawa(pacta, work):
    """The demo ledger: the Ottawa Convention's real history."""
    ledger = os.path.join(work, "ottawa.ledger")
    shutil.rmtree(ledger, ignore_errors=True)
    subprocess.run([pacta, "-q", "--ledger", ledger, "demo"], env=pacta_env(ledger),
                   stdout=subprocess.DEVNULL, check=True)
    return ledger


def out_path(work, name):
    return os.path.join(work, f"out.{name}.jsonl")


# ---------------------------------------------------------------- the report

def ms(seconds):
    return f"{seconds * 1000:,.1f}" if seconds < 10 else f"{seconds * 1000:,.0f}"


def mib(n):
    return f"{n / (1 << 20):,.1f}"


def summary(runs):
    walls = [r.wall for r in runs]
    return statistics.median(walls), min(walls), max(walls)


def ratio(a, b, key=lambda r: r.wall):
    return statistics.median(key(x) / key(y) for x, y in zip(a, b))


def disk_bytes(path):
    total = 0
    for base, _, files in os.walk(path):
        for f in files:
            total += os.stat(os.path.join(base, f)).st_blocks * 512
    return total


def apparent_bytes(path):
    total = 0
    for base, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(base, f))
    return total


def machine():
    model = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem = int(f.readline().split()[1]) // (1 << 20)
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    sqlite_version = subprocess.run(["sqlite3", "--version"], capture_output=True,
                                    text=True).stdout.split()[0]
    load = os.getloadavg()[0]
    return (f"{os.cpu_count()} cores ({model}), {mem} GiB, Linux {platform.release()}, {rustc}, "
            f"release profile, sqlite3 CLI {sqlite_version}; load average {LOAD_AT_START:.1f} "
            f"when the run began and {load:.1f} when it ended (the machine is shared: other "
            "processes ran throughout, so wall times carry their noise, paired ratios less)")


def report(args, entries, by_ledger, sizes, proof_rows):
    out = []
    p = out.append
    p(f"Measured {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC by "
      f"`tools/bench/commands.sh {' '.join(args.passed)}`".rstrip() + " on " + machine() + ".")
    p("")
    p(f"Ledgers of {entries:,} entries ({args.treaties} treaties): **bench**, built by "
      "`examples/build_large` (each treaty's entries recorded together), and **import**, the same "
      "facts registered with `pacta treaty add` and recorded by one `pacta import` (in act-date "
      "order, each treaty's entries scattered through the log). The SQLite database holds the "
      "same entries (one row each, the fact as JSON), indexed by treaty and state, WAL, "
      "synchronous=FULL. Each pacta process is run alternately with its sqlite3 counterpart, "
      f"{args.pairs} pairs ({args.heavy_pairs} for verify and export) after one warm-up run of "
      "each; the page cache is warm, and before each run of verify, export and their "
      "baselines an untimed `sync` writes back what the run before wrote (an export's 1.2 GB "
      "would otherwise throttle the next run's writes to the disk's speed). Times are "
      "whole-process wall-clock medians with min-max; "
      "*ratio* is the median over the pairs of pacta's time over sqlite3's; *written* is "
      "`write_bytes` of `/proc/PID/io` (bytes sent to the disk, not counting the output on "
      f"stdout, less the {WRAPPER_WRITES:,} bytes `/usr/bin/time` writes itself); *syscalls* "
      "lists pacta's write-side calls in one run under `strace -f` (files opened for writing, writes, syncs, renames, unlinks, locks; writes of its output to stdout are "
      "not counted). "
      f"Treaty {TREATY}, state {STATE}.")
    p("")
    targets(p, by_ledger, sizes, proof_rows)
    for name, results in by_ledger:
        p(f"#### Ledger built by {name}")
        p("")
        p("| command | pacta ms (min-max) | CPU ms | peak MiB | written | syscalls | sqlite3 ms "
          "(min-max) | sqlite3 peak MiB | sqlite3 written | ratio |")
        p("|---|---|---|---|---|---|---|---|---|---|")
        for cmd_name, runs, calls, size in results:
            mine = runs["pacta"]
            base = runs["sqlite3"]
            med, lo, hi = summary(mine)
            bmed, blo, bhi = summary(base)
            written = statistics.median(r.written for r in mine)
            bwritten = statistics.median(r.written for r in base)
            shown = ", ".join(f"{k} {v}" for k, v in sorted(calls.items())
                              if k != "stdout/stderr writes") or "none"
            p(f"| `{cmd_name}` | {ms(med)} ({ms(lo)}-{ms(hi)}) | "
              f"{ms(statistics.median(r.cpu for r in mine))} | "
              f"{mib(statistics.median(r.rss for r in mine))} | {written:,.0f} B | {shown} | "
              f"{ms(bmed)} ({ms(blo)}-{ms(bhi)}) | "
              f"{mib(statistics.median(r.rss for r in base))} | {bwritten:,.0f} B | "
              f"**{ratio(mine, base):.2f}** |")
        for cmd_name, runs, calls, size in results:
            if cmd_name == "verify":
                floor = runs["floor"]
                p("")
                p(f"`verify` beside its CPU floor (`examples/verify_floor`: read, strict decode, "
                  f"chain, BLAKE3, one thread), in the same alternation: floor "
                  f"{ms(summary(floor)[0])} ms wall, "
                  f"{ms(statistics.median(r.cpu for r in floor))} ms CPU; verify's CPU time over "
                  f"the floor's, median of pairs: **{ratio(runs['pacta'], floor, lambda r: r.cpu):.2f}**"
                  f"; wall time over the floor's: {ratio(runs['pacta'], floor):.2f}.")
            if cmd_name == "export":
                med = summary(runs["pacta"])[0]
                p("")
                p(f"`export` wrote {mib(size)} MiB: {size / med / 1e6:,.0f} MB/s "
                  f"(sqlite3 -json: {ms(summary(runs['sqlite3'])[0])} ms for its own, smaller "
                  "dump).")
        p("")
    if proof_rows:
        p("#### Answer proofs")
        p("")
        p("`status TREATY --at DATE --prove`, whole process, each build run alternately with the "
          "other, medians; every bundle checked with `verify-proof` first. *before* is "
          f"`{args.before_label}`." if args.before else
          "`status TREATY --at DATE --prove`, whole process, medians.")
        p("")
        p("| ledger | treaty | build | ms (min-max) | peak MiB | bundle bytes | time over before |")
        p("|---|---|---|---|---|---|---|")
        for name, treaty, by_build in proof_rows:
            before = by_build.get("before")
            for label, (runs, size) in by_build.items():
                med, lo, hi = summary(runs)
                over = f"{ratio(runs, before[0]):.3f}" if before and label != "before" else ""
                p(f"| {name} | {treaty} | {label} | {ms(med)} ({ms(lo)}-{ms(hi)}) | "
                  f"{mib(statistics.median(r.rss for r in runs))} | {size:,} | {over} |")
        p("")
    p("#### On disk")
    p("")
    p("| what | bytes on disk | apparent bytes | over canonical | over SQLite |")
    p("|---|---|---|---|---|")
    canonical, sqlite_bytes = sizes["canonical"], sizes["sqlite"]
    p(f"| canonical entry bytes (the export's `bytes`) | | {canonical:,} | 1.00 | |")
    p(f"| SQLite database | {sqlite_bytes:,} | | {sqlite_bytes / canonical:.2f} | 1.00 |")
    for name in ("bench", "import"):
        d, a = sizes[name]
        p(f"| ledger built by {name} | {d:,} | {a:,} | {d / canonical:.2f} | "
          f"{d / sqlite_bytes:.2f} |")
    return "\n".join(out)


def targets(p, by_ledger, sizes, proof_rows):
    """The targets of the issue this harness was written for, against this run's figures."""
    p("#### Against the targets")
    p("")
    p("| what | target | this run | |")
    p("|---|---|---|---|")
    met = lambda ok: "met" if ok else "**missed**"
    for name, results in by_ledger:
        rows = {cmd: runs for cmd, runs, _, _ in results}
        read_only = ["status", "why", "history", "diff", "log --treaty", "show", "checkpoint",
                     "status --prove", "verify", "export"]
        worst = max(max(r.written for r in rows[c]["pacta"]) for c in read_only if c in rows
                    and c != "export")
        p(f"| {name}: bytes written by a read-only command (export: beside its output file) | 0 "
          f"| at most {worst:,} B | {met(worst == 0)} |")
        if "record" in rows:
            rec = statistics.median(r.written for r in rows["record"]["pacta"])
            p(f"| {name}: bytes written by one `record` | < 64 KiB beyond its entry | "
              f"{rec:,.0f} B (median) | {met(rec < 64 * 1024 + 4096)} |")
            r = ratio(rows["record"]["pacta"], rows["record"]["sqlite3"])
            p(f"| {name}: `record` over the sqlite3 insert | ≤ 2 | {r:.2f} | {met(r <= 2)} |")
        for cmd in ("status", "history", "why", "diff", "log --treaty"):
            if cmd not in rows:
                continue
            med = summary(rows[cmd]["pacta"])[0]
            r = ratio(rows[cmd]["pacta"], rows[cmd]["sqlite3"])
            p(f"| {name}: `{cmd}` | < 30 ms and ≤ 3 × sqlite3 | {ms(med)} ms, {r:.2f} × | "
              f"{met(med < 0.030 and r <= 3)} |")
        if "status --prove" in rows:
            med = summary(rows["status --prove"]["pacta"])[0]
            p(f"| {name}: `status --prove` | < 50 ms | {ms(med)} ms | {met(med < 0.050)} |")
        if "verify" in rows:
            r = ratio(rows["verify"]["pacta"], rows["verify"]["floor"], lambda x: x.cpu)
            p(f"| {name}: `verify` CPU over the floor's | ≤ 1.5 | {r:.2f} | {met(r <= 1.5)} |")
        if "export" in rows:
            runs = rows["export"]["pacta"]
            size = next(sz for cmd, _, _, sz in results if cmd == "export")
            rate = size / summary(runs)[0] / 1e6
            p(f"| {name}: `export` | ≥ 300 MB/s | {rate:,.0f} MB/s | {met(rate >= 300)} |")
    for name in ("bench", "import"):
        over = sizes[name][0] / sizes["canonical"]
        p(f"| {name}: disk over canonical bytes | ≤ 1.5 | {over:.2f} | {met(over <= 1.5)} |")
    for name, treaty, by_build in proof_rows:
        runs, size = by_build["this build"]
        p(f"| {name}: `status {treaty} --prove` bundle | grows with the answer, not the ledger | "
          f"{size:,} bytes | |")
    p("")


def write_section(doc, text):
    with open(doc, encoding="utf-8") as f:
        page = f.read()
    begin, end = "<!-- commands:begin -->", "<!-- commands:end -->"
    pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
    if not pattern.search(page):
        sys.exit(f"{doc} has no {begin} ... {end} section to write")
    page = pattern.sub(lambda _: f"{begin}\n{text}\n{end}", page)
    with open(doc, "w", encoding="utf-8") as f:
        f.write(page)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--treaties", type=int, default=500)
    parser.add_argument("--pairs", type=int, default=11, help="pairs per command (default 11)")
    parser.add_argument("--heavy-pairs", type=int, default=5,
                        help="pairs for verify and export (default 5)")
    parser.add_argument("--work", default="/tmp/pacta-bench-commands",
                        help="where the ledgers and database are built and kept for the next run")
    parser.add_argument("--doc", default=os.path.join(ROOT, "docs", "PERFORMANCE.md"),
                        help="the page whose commands section is rewritten ('-' for none)")
    parser.add_argument("--only", help="the ledgers to measure: bench, import or both")
    parser.add_argument("--before", help="a pacta binary of an earlier commit, for the proofs")
    parser.add_argument("--before-label", default="an earlier build",
                        help="how the report names --before (e.g. its commit)")
    args = parser.parse_args()
    args.passed = sys.argv[1:]
    pacta = os.path.join(ROOT, "target", "release", "pacta")
    floor = os.path.join(ROOT, "target", "release", "examples", "verify_floor")
    work = args.work
    os.makedirs(work, exist_ok=True)
    calibrate()
    bench = build_bench(args, work)
    exported = export(pacta, bench, work)
    imported = build_import(pacta, exported, work)
    database, canonical = build_sqlite(exported, work)
    with open(exported, "rb") as f:
        entries = sum(1 for _ in f)
    sizes = {"canonical": canonical, "sqlite": os.path.getsize(database),
             "bench": (disk_bytes(bench), apparent_bytes(bench)),
             "import": (disk_bytes(imported), apparent_bytes(imported))}
    chosen = (args.only or "bench,import").split(",")
    by_ledger = []
    for name, ledger in (("bench", bench), ("import", imported)):
        if name in chosen:
            by_ledger.append((name, bench_ledger(args, pacta, floor, name, ledger, database,
                                                 work, entries // 2)))
    proof_rows = proofs(args, pacta, [("ottawa (demo)", ottawa(pacta, work), "ottawa",
                                       "2026-01-15"),
                                      ("bench", bench, TREATY, "2020-01-01"),
                                      ("import", imported, TREATY, "2020-01-01")], work)
    text = report(args, entries, by_ledger, sizes, proof_rows)
    print(text)
    if args.doc != "-":
        write_section(args.doc, text)
        say(f"wrote the commands section of {args.doc}")


if __name__ == "__main__":
    main()
