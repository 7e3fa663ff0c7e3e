#!/usr/bin/env python3
"""Builds data/att/facts.csv, the cited history of the Arms Trade Treaty (UNTC XXVI-8).

Usage: python3 data/att/build_facts.py PATH/TO/26-8.csv > data/att/facts.csv

PATH/TO/26-8.csv is the UN Treaty Collection status table of the Arms Trade Treaty as scraped on
10 July 2014 (file treaties/26-8.csv of github.com/zmjones/untreaties at commit 65551eaf...; see
SCRAPE_URL). It gives every signature (118) and every deposit (41) up to that day.

Later acts come from sources typed in below, each read in a stored copy of the page named:
  - the UNTC status page of the treaty (XXVI-8.en.xml), whose stored copy shows the participant
    table only from Afghanistan to Burundi (rows UNTC_PAGE);
  - the UN Treaty Series registration record of the treaty (showDetails ... 08000002803628c4),
    whose stored copy lists actions from Afghanistan to Bosnia and Herzegovina with the "date of
    effect" (used as a cross-check in counts.md, not imported: pacta derives effect dates);
  - press reports of the deposits that triggered entry into force (25 September 2014) and of
    later ones (EXTRA).
State names are mapped to codes with data/names.csv (un_name and aliases). Provisional
application declarations under article 23 are not imported (pacta has no act for them); they
are listed in SOURCES.md.
"""
import csv
import datetime
import os
import sys

TREATY = "att"
SCRAPE_URL = ("https://github.com/zmjones/untreaties/blob/65551eafcd1571592720b3b660360d1e8c82f986/"
              "treaties/26-8.csv")
SCRAPE = dict(
    cite_title="UN Treaty Collection status table, chapter XXVI no. 8 (as scraped 10 July 2014)",
    cite_url=SCRAPE_URL, cite_ref="MTDSG XXVI-8", cite_publisher="United Nations Treaty Collection",
    cite_published="2014-07-10", cite_kind="dataset",
)
UNTC = dict(
    cite_title="UN Treaty Collection status page, chapter XXVI no. 8, Arms Trade Treaty",
    cite_url="https://treaties.un.org/doc/Publication/MTDSG/Volume%20II/Chapter%20XXVI/XXVI-8.en.xml",
    cite_ref="MTDSG XXVI-8", cite_publisher="United Nations Treaty Collection", cite_kind="dataset",
)

# The visible part of the current UNTC page: participant, signature, deposit, instrument suffix
# ("" ratification, "A" acceptance, "AA" approval, "a" accession).
UNTC_PAGE = [
    ("Afghanistan", "", "29 Jul 2020", "a"),
    ("Albania", "3 Jun 2013", "19 Mar 2014", ""),
    ("Andorra", "18 Dec 2014", "2 Dec 2022", ""),
    ("Angola", "24 Sep 2013", "", ""),
    ("Antigua and Barbuda", "3 Jun 2013", "12 Aug 2013", ""),
    ("Argentina", "3 Jun 2013", "25 Sep 2014", ""),
    ("Australia", "3 Jun 2013", "3 Jun 2014", ""),
    ("Austria", "3 Jun 2013", "3 Jun 2014", ""),
    ("Bahamas", "3 Jun 2013", "25 Sep 2014", ""),
    ("Bahrain", "21 Nov 2013", "", ""),
    ("Bangladesh", "26 Sep 2013", "", ""),
    ("Barbados", "25 Sep 2013", "20 May 2015", ""),
    ("Belgium", "3 Jun 2013", "3 Jun 2014", ""),
    ("Belize", "3 Jun 2013", "19 Mar 2015", ""),
    ("Benin", "3 Jun 2013", "7 Nov 2016", ""),
    ("Bosnia and Herzegovina", "25 Sep 2013", "25 Sep 2014", ""),
    ("Botswana", "", "7 Jun 2019", "a"),
    ("Brazil", "3 Jun 2013", "14 Aug 2018", ""),
    ("Bulgaria", "2 Jul 2013", "2 Apr 2014", ""),
    ("Burkina Faso", "3 Jun 2013", "3 Jun 2014", ""),
    ("Burundi", "3 Jun 2013", "", ""),
]

XINHUA_2014 = dict(
    cite_title="Arms Trade Treaty effective in December: UN (India TV News, from Xinhua)",
    cite_url="https://indiatvnews.com/news/world/arms-trade-treaty-effective-december-un-19307.html",
    cite_publisher="India TV News / Xinhua", cite_published="2014-09-26", cite_kind="news-report",
    quote="Eight countries deposited their instruments of ratification with the UN chief earlier Thursday, "
          "including Argentina, Bahamas, Bosnia and Herzegovina, the Czech Republic, Portugal, Saint Lucia, "
          "Senegal and Uruguay, while two states, Georgia and Namibia, signed the treaty.",
)
OXFAM_2014 = dict(
    cite_title="Arms Trade Treaty set to enter into force before end of year as number of ratifications tops 50",
    cite_url="https://www.oxfam.ca/news/arms-trade-treaty-set-to-enter-into-force-2014-09-25/",
    cite_publisher="Oxfam Canada", cite_published="2014-09-25", cite_kind="ngo-report",
    quote="Two more states – Georgia and Namibia – will also sign the treaty today",
)
CONTROL_ARMS_DEC_2014 = dict(
    cite_title="Momentum picks up in advance of ATT entry into force",
    cite_url="https://controlarms.org/blog/momentum-picks-up-in-advance-of-att-entry-into-force/",
    cite_publisher="Control Arms", cite_kind="ngo-report",
)

# (state, act, date, effective, note, [citations]); treaty-wide facts have state "".
EXTRA = [
    ("", "entry-into-force", "2014-12-24", "", "",
     [dict(UNTC, quote="24 December 2014, in accordance with article 22.")]),
    ("CZ", "ratification", "2014-09-25", "", "", [XINHUA_2014]),
    ("PT", "ratification", "2014-09-25", "", "", [XINHUA_2014]),
    ("LC", "ratification", "2014-09-25", "", "", [XINHUA_2014]),
    ("SN", "ratification", "2014-09-25", "", "", [XINHUA_2014]),
    ("UY", "ratification", "2014-09-25", "", "", [XINHUA_2014]),
    ("AR", "ratification", "2014-09-25", "", "", [XINHUA_2014]),
    ("BS", "ratification", "2014-09-25", "", "", [XINHUA_2014]),
    ("BA", "ratification", "2014-09-25", "", "", [XINHUA_2014]),
    ("GE", "signature", "2014-09-25", "", "", [XINHUA_2014, OXFAM_2014]),
    ("NA", "signature", "2014-09-25", "", "", [XINHUA_2014, OXFAM_2014]),
    ("CM", "signature", "2014-12-03", "", "",
     [dict(CONTROL_ARMS_DEC_2014, quote="Cameroon became the 124th state to sign when H.E. Mr. Michel Tommo Monthe, deposited the instrument on 3 December.")]),
    ("SG", "signature", "2014-12-05", "", "",
     [dict(CONTROL_ARMS_DEC_2014, quote="Ms Karen Tan, Ambassador of Singapore, signed the ATT on her country’s behalf on 5 December")]),
    ("RS", "ratification", "2014-12-05", "", "",
     [dict(CONTROL_ARMS_DEC_2014, quote="H.E. Mr. Milan Milanović deposited Serbia’s instrument of ratification. Serbia is now the 55th country to ratify the ATT.")]),
]

KINDS = {"": "ratification", "A": "acceptance", "AA": "approval", "a": "accession"}
COLUMNS = ["treaty", "state", "act", "date", "effective_date", "cite_title", "cite_url", "cite_ref", "cite_publisher",
           "cite_published", "cite_retrieved", "cite_kind", "cite_locator", "quote", "note"]


def iso(day):
    return datetime.datetime.strptime(day.strip(), "%d %b %Y").date().isoformat()


def split_deposit(cell):
    """'2 Apr 2014 AA' -> ('2014-04-02', 'approval')."""
    parts = cell.split()
    suffix = parts[3] if len(parts) > 3 else ""
    return iso(" ".join(parts[:3])), KINDS[suffix]


def name_table():
    here = os.path.dirname(os.path.abspath(__file__))
    codes = {}
    with open(os.path.join(here, "..", "names.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            for n in [r["un_name"]] + r["aliases"].split("|"):
                if n:
                    codes.setdefault(n, r["code"])
    return codes


def row(state, act, date, effective="", note="", **cite):
    out = dict(treaty=TREATY, state=state, act=act, date=date, effective_date=effective, note=note)
    out.update(cite)
    return out


def main(path):
    codes = name_table()
    rows, seen = [], {}

    def add(r):
        key = (r["state"], r["act"])
        if r["act"] in ("signature",) or r["act"] in KINDS.values():
            key = (r["state"], "signature" if r["act"] == "signature" else "instrument")
            if key in seen and seen[key] != (r["act"], r["date"]):
                sys.exit(f"sources disagree for {key}: {seen[key]} vs {(r['act'], r['date'])}")
            seen[key] = (r["act"], r["date"])
        rows.append(r)

    for r in csv.reader(open(path, encoding="utf-8")):
        if r[0] == "Participant":
            continue
        name, signature, deposit = r[0].strip(), r[1].strip(), r[3].strip()
        code = codes[name]
        locator = f"row: {name}"
        if signature:
            add(row(code, "signature", iso(signature), cite_locator=locator, **SCRAPE))
        if deposit:
            day, kind = split_deposit(deposit)
            add(row(code, kind, day, cite_locator=locator, **SCRAPE))
    for name, signature, deposit, suffix in UNTC_PAGE:
        code = codes[name]
        locator = f"row: {name}"
        if signature:
            add(row(code, "signature", iso(signature), cite_locator=locator, **UNTC))
        if deposit:
            add(row(code, KINDS[suffix], iso(deposit), cite_locator=locator, **UNTC))
    for state, act, date, effective, note, cites in EXTRA:
        for cite in cites:
            add(row(state, act, date, effective, note, **cite))
    out = csv.DictWriter(sys.stdout, COLUMNS, lineterminator="\n")
    out.writeheader()
    for r in rows:
        out.writerow(r)


if __name__ == "__main__":
    main(sys.argv[1])
