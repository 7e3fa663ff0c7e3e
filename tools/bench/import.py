#!/usr/bin/env python3
"""Benchmark of `pacta import FILE` as users run it, beside an indexed SQLite load of the same rows.

Generates N valid facts deterministically (treaties with the Ottawa Convention's rules, states from
data/iso3166.csv, signatures, ratifications or accessions and some withdrawals with consistent
dates, two or three citations each), as CSV (one row per citation) and JSON Lines (one line per
fact). Then, for each format, alternates runs of

  pacta import FILE                       on a fresh copy of a ledger holding the treaties
  python3 this-script sqlite-load FILE    the same rows into an indexed table (WAL, synchronous=FULL)

each timed as a whole process by `/usr/bin/time -v` (elapsed, peak RSS, file system output), and
prints every pair, the medians, the paired ratio (pacta / SQLite, run by run, then the median of
those) and the facts per second. With --doc, the tables also replace the import section of
docs/PERFORMANCE.md, between the comments <!-- import:begin --> and <!-- import:end -->, which
this script owns.

    tools/bench/import.py 250000 1000000 [--runs 3] [--formats csv,jsonl] [--keep DIR] [--doc]
"""

import argparse
import csv
import re
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from datetime import date, timedelta

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLUMNS = ["treaty", "state", "act", "date", "effective_date", "cite_title", "cite_url",
           "cite_ref", "cite_publisher", "cite_published", "cite_retrieved", "cite_locator",
           "cite_kind", "quote", "note"]
RECORDED_AT = "2026-01-15T12:00:00Z"


def states():
    with open(os.path.join(ROOT, "data", "iso3166.csv"), newline="", encoding="utf-8") as f:
        return [(r["code"], r["name"]) for r in csv.DictReader(f) if r["status"] == "current"]


def day(start, span_days, rng):
    return start + timedelta(days=rng.randrange(span_days))


def citations(rng, treaty, state, name, kind, when, serial):
    """Two or three citations: the depositary notification, the status table, sometimes news."""
    year = when.year
    cn = f"C.N.{serial % 900 + 1}.{year}.TREATIES-{treaty.upper()}"
    verb = {"signature": "signed", "withdrawal": "notified its withdrawal from"}.get(
        kind, f"deposited an instrument of {kind} to")
    out = [{
        "title": f"Depositary notification {cn}",
        "url": f"https://treaties.un.org/doc/Publication/CN/{year}/CN.{serial % 900 + 1}.{year}-Eng.pdf",
        "ref": cn,
        "publisher": "United Nations",
        "published": (when + timedelta(days=rng.randrange(3, 30))).isoformat(),
        "kind": "depositary-notification",
        "quote": f"On {when.isoformat()}, {name} {verb} the Convention.",
    }, {
        "title": f"UN Treaty Collection status table, {treaty}",
        "url": f"https://treaties.un.org/Pages/ViewDetails.aspx?treaty={treaty}",
        "publisher": "United Nations",
        "retrieved": "2025-01-15",
        "locator": f"row: {name}",
        "kind": "dataset",
    }]
    if serial % 3 == 0:
        out.append({
            "title": f"{name}: {kind} of the {treaty} convention",
            "url": f"https://news.example.org/{treaty}/{state.lower()}/{kind}",
            "publisher": "Example News",
            "published": (when + timedelta(days=1)).isoformat(),
            "kind": "news-report",
        })
    return out


def facts(n, seed=1):
    """Yields (treaty, state, act, date, citations) until n facts, in file order."""
    rng = random.Random(seed)
    table = states()
    made = 0
    t = 0
    while made < n:
        t += 1
        treaty = f"t{t:05d}"
        order = table[:]
        rng.shuffle(order)
        for state, name in order:
            if made >= n:
                return
            acts = []
            if rng.random() < 0.7:
                acts.append(("signature", day(date(1997, 12, 3), 300, rng)))
                acts.append(("ratification", day(date(1999, 1, 1), 5000, rng)))
            else:
                acts.append(("accession", day(date(1999, 1, 1), 5000, rng)))
            if rng.random() < 0.04:
                acts.append(("withdrawal", acts[-1][1] + timedelta(days=rng.randrange(400, 3000))))
            for kind, when in acts[: n - made]:
                yield treaty, state, kind, when, citations(rng, treaty, state, name, kind, when, made)
                made += 1


def generate(n, directory):
    """Writes facts.csv and facts.jsonl for n facts; returns the treaties they name."""
    treaties = set()
    csv_path = os.path.join(directory, "facts.csv")
    jsonl_path = os.path.join(directory, "facts.jsonl")
    with open(csv_path, "w", newline="", encoding="utf-8") as c, \
            open(jsonl_path, "w", encoding="utf-8") as j:
        w = csv.writer(c, lineterminator="\n")
        w.writerow(COLUMNS)
        for treaty, state, kind, when, cites in facts(n):
            treaties.add(treaty)
            for cite in cites:
                w.writerow([treaty, state, kind, when.isoformat(), "", cite["title"], cite["url"],
                            cite.get("ref", ""), cite["publisher"], cite.get("published", ""),
                            cite.get("retrieved", ""), cite.get("locator", ""), cite["kind"],
                            cite.get("quote", ""), ""])
            j.write(json.dumps({"treaty": treaty, "state": state, "act": kind,
                                "date": when.isoformat(), "citations": cites},
                               separators=(",", ":")) + "\n")
    return sorted(treaties)


def pacta_env(ledger):
    env = dict(os.environ, PACTA_LEDGER=ledger, PACTA_RECORDER="bench", PACTA_NOW=RECORDED_AT)
    env.pop("NO_COLOR", None)
    return env


def template(pacta, treaties, directory):
    """A ledger holding every treaty's registration, copied afresh for each run."""
    ledger = os.path.join(directory, "template.ledger")
    env = pacta_env(ledger)
    subprocess.run([pacta, "init"], env=env, check=True, stdout=subprocess.DEVNULL)
    for t in treaties:
        subprocess.run([pacta, "-q", "treaty", "add", t, "--rules", "ottawa",
                        "--cite-title", "Convention text",
                        "--cite-url", "https://treaties.un.org/doc/Treaties/1997/09/19970918.pdf"],
                       env=env, check=True, stdout=subprocess.DEVNULL)
    return ledger


def sqlite_load(path, database):
    """Loads the rows of an import file into an indexed SQLite table in one transaction."""
    con = sqlite3.connect(database)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute(f"CREATE TABLE facts ({', '.join(c + ' TEXT' for c in COLUMNS)})")
    con.execute("CREATE INDEX facts_by_act ON facts (treaty, state, act, date)")
    insert = f"INSERT INTO facts VALUES ({', '.join('?' for _ in COLUMNS)})"
    with open(path, newline="", encoding="utf-8") as f:
        if path.endswith(".csv"):
            reader = csv.reader(f)
            next(reader)
            rows = reader
        else:
            rows = (
                [line["treaty"], line["state"], line["act"], line["date"], None, c.get("title"),
                 c.get("url"), c.get("ref"), c.get("publisher"), c.get("published"),
                 c.get("retrieved"), c.get("locator"), c.get("kind"), c.get("quote"), None]
                for line in map(json.loads, f) for c in line["citations"])
        with con:
            con.executemany(insert, rows)
    con.close()


def wall_seconds(text):
    """/usr/bin/time's elapsed time, `h:mm:ss` or `m:ss.ss`, in seconds."""
    seconds = 0.0
    for part in text.split(":"):
        seconds = seconds * 60 + float(part)
    return seconds


def timed(command, env=None):
    """Runs a command under `/usr/bin/time -v`: (seconds, peak RSS in bytes, bytes written, as
    file system output blocks of 512 bytes)."""
    out = subprocess.run(["/usr/bin/time", "-v"] + command, env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if out.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n" + "\n".join(out.stderr.splitlines()[-30:]))
    fields = dict(line.strip().rsplit(": ", 1) for line in out.stderr.splitlines()
                  if ": " in line and line.startswith("\t"))
    elapsed = wall_seconds(fields["Elapsed (wall clock) time (h:mm:ss or m:ss)"])
    rss = int(fields["Maximum resident set size (kbytes)"]) * 1024
    written = int(fields["File system outputs"]) * 512
    return elapsed, rss, written


def bench(pacta, n, runs, formats, directory):
    print(f"generating {n:,} facts ...", file=sys.stderr)
    treaties = generate(n, directory)
    print(f"registering {len(treaties):,} treaties in a template ledger ...", file=sys.stderr)
    base = template(pacta, treaties, directory)
    rows = []
    for fmt in formats:
        path = os.path.join(directory, f"facts.{fmt}")
        results = {"pacta": [], "sqlite": []}
        for run in range(runs):
            ledger = os.path.join(directory, "run.ledger")
            shutil.rmtree(ledger, ignore_errors=True)
            shutil.copytree(base, ledger)
            database = os.path.join(directory, "run.sqlite")
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(database + suffix):
                    os.remove(database + suffix)
            # Alternate which goes first, so that neither always runs on a warmer machine.
            jobs = [("pacta", [pacta, "import", path], pacta_env(ledger)),
                    ("sqlite", [sys.executable, __file__, "sqlite-load", path, database], None)]
            for name, command, env in (jobs if run % 2 == 0 else jobs[::-1]):
                results[name].append(timed(command, env))
            p, q = results["pacta"][-1], results["sqlite"][-1]
            print(f"  {n:,} {fmt} pair {run + 1}: pacta {p[0]:.2f} s ({p[1] >> 20} MiB peak), "
                  f"sqlite {q[0]:.2f} s, ratio {p[0] / q[0]:.2f}", file=sys.stderr)
        check = subprocess.run([pacta, "verify"], env=pacta_env(ledger), capture_output=True,
                               text=True)
        if check.returncode != 0:
            sys.exit(f"the imported ledger does not verify:\n{check.stdout}{check.stderr}")
        rows.append((fmt, os.path.getsize(path), results))
    return rows


def table(n, rows):
    """The results for n facts as a Markdown table, with every pair's times below it."""
    mib = 1 << 20
    med = lambda runs, i: statistics.median(x[i] for x in runs)
    out = [f"**{n:,} facts**, medians of {len(rows[0][2]['pacta'])} alternating pairs:", "",
           "| format | file MiB | pacta s | facts/s | peak RSS MiB | written MiB | SQLite s | "
           "SQLite peak MiB | SQLite written MiB | ratio (median of pairs) |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    pairs = []
    for fmt, size, r in rows:
        p, s = r["pacta"], r["sqlite"]
        ratios = [a[0] / b[0] for a, b in zip(p, s)]
        out.append("| " + " | ".join([
            fmt, f"{size / mib:,.0f}", f"{med(p, 0):.2f}", f"{n / med(p, 0):,.0f}",
            f"{med(p, 1) / mib:,.0f}", f"{med(p, 2) / mib:,.0f}", f"{med(s, 0):.2f}",
            f"{med(s, 1) / mib:,.0f}", f"{med(s, 2) / mib:,.0f}",
            f"{statistics.median(ratios):.2f}"]) + " |")
        pairs.append(f"{fmt}: " + ", ".join(
            f"{a[0]:.2f}/{b[0]:.2f} s" for a, b in zip(p, s)))
    out += ["", "Pairs (pacta/SQLite): " + "; ".join(pairs) + "."]
    return "\n".join(out)


def machine():
    """One line on where and when the figures were taken."""
    load = os.getloadavg()
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    return (f"{os.cpu_count()} cores, load average {load[0]:.1f} at the end (the machine is "
            f"shared), {date.today().isoformat()}, commit {commit}")


def write_doc(text):
    """Replaces the import section of docs/PERFORMANCE.md (between its delimiters)."""
    path = os.path.join(ROOT, "docs", "PERFORMANCE.md")
    with open(path, encoding="utf-8") as f:
        doc = f.read()
    begin, end = "<!-- import:begin -->", "<!-- import:end -->"
    section = f"{begin}\n{text}\n{end}"
    if begin in doc and end in doc:
        doc = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda _: section, doc,
                     flags=re.S)
    else:
        doc = doc.rstrip("\n") + "\n\n" + section + "\n"
    with open(path, "w", encoding="utf-8") as f:
        f.write(doc)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "sqlite-load":
        sqlite_load(sys.argv[2], sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("facts", type=int, nargs="+", help="how many facts to generate (each)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each (default 3)")
    parser.add_argument("--formats", default="csv,jsonl", help="csv, jsonl or both")
    parser.add_argument("--pacta", default=os.path.join(ROOT, "target", "release", "pacta"))
    parser.add_argument("--keep", help="work in this directory and keep it")
    parser.add_argument("--generate-only", action="store_true",
                        help="write facts.csv and facts.jsonl into --keep and stop")
    parser.add_argument("--doc", action="store_true",
                        help="also write the tables into docs/PERFORMANCE.md's import section")
    args = parser.parse_args()
    tables = []
    for n in args.facts:
        directory = os.path.join(args.keep, str(n)) if args.keep else \
            tempfile.mkdtemp(prefix="pacta-bench-import-")
        os.makedirs(directory, exist_ok=True)
        try:
            if args.generate_only:
                treaties = generate(n, directory)
                print(f"{len(treaties)} treaties; files in {directory}", file=sys.stderr)
                continue
            tables.append(table(n, bench(args.pacta, n, args.runs, args.formats.split(","),
                                         directory)))
            print("\n" + tables[-1], flush=True)
        finally:
            if not args.keep:
                shutil.rmtree(directory, ignore_errors=True)
    if not tables:
        return
    text = "\n\n".join(tables + [
        "ratio: pacta's time over SQLite's, pair by pair, then the median (the target is at "
        "most 2); facts/s and the other columns from the medians. " + machine() + "."])
    print("\n" + text.split("\n\n")[-1])
    if args.doc:
        write_doc(text)


if __name__ == "__main__":
    main()
