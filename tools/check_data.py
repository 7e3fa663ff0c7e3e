#!/usr/bin/env python3
"""Checks the data files: every CSV row has the header's number of columns, dates are real
YYYY-MM-DD days, acts and source kinds are ones pacta knows, every fact names a source, every
state is a code data/names.csv gives (what pacta accepts: a row's code, alpha-3 or stored code),
and data/names.csv gives each party one stored code.

Usage: python3 tools/check_data.py [FILE ...]   (default: data/*/facts.csv and data/names.csv)
Exit status 1 if any file has a problem.
"""
import csv
import datetime
import glob
import sys

ACTS = {"signature", "ratification", "acceptance", "approval", "accession", "succession", "withdrawal",
        "withdrawal-revocation", "signature-withdrawal", "instrument-withdrawal", "suspension",
        "armed-conflict-start", "armed-conflict-end", "domestic-step", "entry-into-force"}
KINDS = {"", "unspecified", "depositary-notification", "treaty-text", "official-gazette", "government-statement",
         "parliamentary-record", "news-report", "ngo-report", "dataset", "other"}
COLUMNS = {"treaty", "state", "act", "date", "effective_date", "cite_title", "cite_url", "cite_ref", "cite_publisher",
           "cite_published", "cite_retrieved", "cite_locator", "cite_kind", "quote", "note"}


def names_rows(path="data/names.csv"):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def stored(row):
    """The code pacta stores for a row: its pacta_code where that holds one, else its code."""
    return row["code"] if row["pacta_code"] in ("", "(absent)") else row["pacta_code"]


def accepted(rows):
    """Every code pacta accepts as input for a party."""
    return {c for r in rows for c in (r["code"], r["alpha3"], stored(r)) if c}


def is_date(text):
    try:
        return datetime.date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


def check_facts(path, codes):
    problems = []
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    unknown = set(header) - COLUMNS
    if unknown:
        problems.append(f"{path}:1: unknown columns {sorted(unknown)}")
    for need in ("treaty", "act", "date", "cite_title"):
        if need not in header:
            problems.append(f"{path}:1: missing column {need}")
    for n, cells in enumerate(rows[1:], start=2):
        if len(cells) != len(header):
            problems.append(f"{path}:{n}: {len(cells)} cells, header has {len(header)}")
            continue
        r = dict(zip(header, cells))
        if r["act"] not in ACTS:
            problems.append(f"{path}:{n}: unknown act {r['act']!r}")
        for col in ("date", "effective_date", "cite_published", "cite_retrieved"):
            if r.get(col) and not is_date(r[col]):
                problems.append(f"{path}:{n}: {col} {r[col]!r} is not YYYY-MM-DD")
        if not r["cite_title"] or not (r.get("cite_url") or r.get("cite_ref")):
            problems.append(f"{path}:{n}: no source (title and url or ref)")
        if r.get("cite_kind", "") not in KINDS:
            problems.append(f"{path}:{n}: unknown cite_kind {r['cite_kind']!r}")
        state = r.get("state", "")
        if not state and r["act"] != "entry-into-force":
            problems.append(f"{path}:{n}: act {r['act']} needs a state")
        if state and state not in codes:
            problems.append(f"{path}:{n}: state {state} is not a code data/names.csv gives")
    return problems, len(rows) - 1


def check_names(path):
    problems = []
    by_stored = {}
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    seen = set()
    for n, cells in enumerate(rows[1:], start=2):
        if len(cells) != len(rows[0]):
            problems.append(f"{path}:{n}: {len(cells)} cells, header has {len(rows[0])}")
            continue
        r = dict(zip(rows[0], cells))
        if r["code"] in seen:
            problems.append(f"{path}:{n}: code {r['code']} twice")
        seen.add(r["code"])
        code = stored(r)
        if code in by_stored:
            problems.append(f"{path}:{n}: stored code {code} is also row {by_stored[code]}'s")
        by_stored[code] = r["code"]
    return problems, len(rows) - 1


def main(paths):
    codes = accepted(names_rows())
    paths = paths or sorted(glob.glob("data/*/facts.csv")) + ["data/names.csv"]
    bad = False
    for path in paths:
        if path.endswith("names.csv"):
            problems, count = check_names(path)
        else:
            problems, count = check_facts(path, codes)
        for p in problems:
            print(p)
        print(f"{path}: {count} rows, {len(problems)} problems")
        bad = bad or bool(problems)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
