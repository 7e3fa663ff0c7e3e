#!/usr/bin/env python3
"""Checks the data files: every CSV row has the header's number of columns, dates are real
YYYY-MM-DD days, acts and source kinds are ones pacta knows, every fact names a source, and every
state code is in data/iso3166.csv (what pacta accepts) or at least in data/names.csv.

Usage: python3 tools/check_data.py [FILE ...]   (default: data/*/facts.csv and data/names.csv)
Exit status 1 if any file has a problem; codes known only to names.csv are reported, not fatal.
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


def codes(path, column):
    with open(path, encoding="utf-8") as f:
        return {r[column] for r in csv.DictReader(f)}


def is_date(text):
    try:
        return datetime.date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


def check_facts(path, pacta, names):
    problems, warnings = [], []
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
        if state and state not in pacta:
            (warnings if state in names else problems).append(
                f"{path}:{n}: state {state} is not in data/iso3166.csv" + ("" if state in names else " nor data/names.csv"))
    return problems, warnings, len(rows) - 1


def check_names(path, pacta):
    problems = []
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
        pc = r["pacta_code"]
        if pc and pc != "(absent)" and pc not in pacta:
            problems.append(f"{path}:{n}: pacta_code {pc} is not in data/iso3166.csv")
        if not pc and r["code"] not in pacta:
            problems.append(f"{path}:{n}: {r['code']} is not in data/iso3166.csv; pacta_code should say so")
    return problems, len(rows) - 1


def main(paths):
    pacta = codes("data/iso3166.csv", "code") | codes("data/iso3166.csv", "alpha3")
    names = codes("data/names.csv", "code")
    paths = paths or sorted(glob.glob("data/*/facts.csv")) + ["data/names.csv"]
    bad = False
    for path in paths:
        if path.endswith("names.csv"):
            problems, count = check_names(path, pacta)
            warnings = []
        else:
            problems, warnings, count = check_facts(path, pacta, names)
        for p in problems + warnings:
            print(p)
        print(f"{path}: {count} rows, {len(problems)} problems, {len(warnings)} warnings")
        bad = bad or bool(problems)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
