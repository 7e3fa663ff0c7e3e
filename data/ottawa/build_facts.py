#!/usr/bin/env python3
"""Builds data/ottawa/facts.csv, the bundled Ottawa Convention history, from the cited
membership table (ottawa_states.csv, one row per state) that the project's data came with.

Usage: python3 data/ottawa/build_facts.py PATH/TO/ottawa_states.csv > data/ottawa/facts.csv

Every fact gets at least one citation. Signatures and deposits from the UN Treaty Collection
status table cite that table; states that joined later, the successions, the 2025 withdrawals,
the parliamentary votes and Ukraine's suspension notice cite the specific reports listed below.
The 2025 withdrawals cite the best source found for each: Poland's official journal; for
Estonia, Latvia, Lithuania and Finland the government's own statement as the press relayed it
(no depositary notification for them was among the stored pages), with Human Rights Watch or
Yle as a second source.
Entry-into-force dates are not imported: pacta derives them from the treaty's rules, except
where a source states one that the rules cannot know (South Sudan's date of succession, and
Montenegro's, recorded as the source gives it).
"""
import csv
import sys

UNTC = dict(
    cite_title="UN Treaty Collection status table, chapter XXVI no. 5 (as scraped c. 2013)",
    cite_url="https://github.com/zmjones/untreaties/blob/3265c6ab727ba1041151e078a21ca255494c256a/data/26-5.csv",
    cite_ref="MTDSG XXVI-5",
    cite_publisher="United Nations Treaty Collection",
    cite_kind="dataset",
)

# Deposits whose best source is a specific report (URL, title, publisher, kind, quote).
DEPOSIT_SOURCES = {
    "MH": ("https://www.icblcmc.org/our-impact/marshall-islands-becomes-the-165th-state-party-to-the-mine-ban-treaty",
           "Marshall Islands becomes the 165th State Party to the Mine Ban Treaty", "ICBL-CMC", "ngo-report",
           "The deposit of the instrument of ratification, deposited on 12 March 2025"),
    "OM": ("https://icbl.org/en-gb/news-and-events/news/2014/oman-joins-mine-ban-treaty.aspx",
           "Oman joins Mine Ban Treaty", "ICBL", "ngo-report",
           "will enter into force for Oman on 1 February 2015"),
    "LK": ("https://www.apminebanconvention.org/newsroom/press-release-archives/archives-2017/detail/article/1513354759-mine-affected-sri-lanka-accedes-to-anti-landmine-treaty/",
           "Mine-affected Sri Lanka accedes to anti-landmine treaty", "APMBC Implementation Support Unit", "ngo-report",
           "deposited the accession instrument ... on 13 December"),
    "PS": ("https://asipss.com/2018/02/11/palestine-accedes-to-the-mine-ban-treaty/",
           "Palestine accedes to the Mine Ban Treaty", "ASIPSS", "news-report",
           "deposited its instrument of accession ... on 29 December 2017"),
    "TO": ("https://icblcmc.org/our-impact/tonga-becomes-the-166th-state-party-to-the-mine-ban-treaty",
           "Tonga becomes the 166th State Party to the Mine Ban Treaty", "ICBL-CMC", "ngo-report",
           "instrument of accession, deposited on 25 June 2025, will bring the treaty into force ... on 1 December 2025"),
    "SS": ("https://www.apminebanconvention.org/en/membership/south-sudan",
           "South Sudan: membership", "APMBC Implementation Support Unit", "ngo-report",
           "According to the United Nations Office of Legal Affairs, the Convention became effective for South Sudan on 9 July 2011, the date of State succession"),
}

DEPOSIT_NOTES = {
    "PW": "The UN status table gives 19 November 2007; Landmine Monitor 2008 gives 18 November 2007. Entry into force is 1 May 2008 either way.",
    "TO": "Some reports give 26 June 2025 for the deposit; entry into force is 1 December 2025 either way.",
    "MH": "Only one source gives the exact deposit day.",
    "RS": "Deposited in 2003 by Serbia and Montenegro; Serbia continues that membership.",
    "ME": "Succession notification; Montenegro succeeded separately from Serbia in 2006.",
    "SS": "Succession notification, effective from the date of State succession.",
}

HRW_BALTIC = dict(
    cite_title="Five European States Withdraw from Mine Ban Treaty (Human Rights Watch, 1 July 2025; copy of the HRW release)",
    cite_url="https://feedman.me/posts/zdC29",
    cite_publisher="Human Rights Watch", cite_published="2025-07-01", cite_kind="ngo-report",
    quote="Estonia, Latvia, and Lithuania deposited their instruments of withdrawal from the 1997 Mine Ban Treaty with United Nations headquarters on June 27, 2025, and they will take effect in six months.",
)

# The withdrawing governments' own statements, as relayed by the press (no depositary
# notification for these withdrawals was found among the stored pages).
ESTONIA_MFA = dict(
    cite_title="Estland und Litauen informieren UNO offiziell über Austritt aus Vertrag zum Landminen-Verbot (Deutschlandfunk, 28 June 2025, relaying the Estonian Ministry of Foreign Affairs)",
    cite_url="https://www.deutschlandfunk.de/estland-und-litauen-informieren-uno-offiziell-ueber-austritt-aus-vertrag-zum-landminen-verbot-100.html",
    cite_publisher="Deutschlandfunk", cite_published="2025-06-28", cite_kind="government-statement",
    quote="Die Dokumente Estlands zum Austritt aus dem Ottawa-Übereinkommen seien am Freitag bei den Vereinten Nationen in New York eingereicht worden. Das erklärte das Außenministerium in Tallinn.",
)
LATVIA_MFA = dict(
    cite_title="Латвия вышла из конвенции, запрещающей противопехотные мины (Report.az, from Interfax, quoting Latvian MFA spokesperson Diāna Eglīte)",
    cite_url="https://report.az/ru/drugie-strany/latviya-vyshla-iz-konvencii-zapreshayushej-protivopehotnye-miny",
    cite_publisher="Report.az / Interfax", cite_published="2025-12-28", cite_kind="government-statement",
    quote="Она пояснила, что 27 июня генеральному секретарю ООН был представлен документ о выходе Латвии из Оттавской конвенции.",
)
LITHUANIA_MFA = dict(
    cite_title="Lithuania, Latvia, Estonia notify UN of withdrawal from mine ban treaty (IANS via Lokmat Times, 29 June 2025, quoting Foreign Minister Kęstutis Budrys)",
    cite_url="https://www.lokmattimes.com/international/lithuania-latvia-estonia-notify-un-of-withdrawal-from-mine-ban-treaty",
    cite_publisher="IANS / Lokmat Times", cite_published="2025-06-29", cite_kind="government-statement",
    quote="Lithuanian Foreign Minister Kestutis Budrys announced the move on X on Friday. \"Today, Lithuania officially notified the UN Secretary-General of its withdrawal from the Ottawa Convention.",
)
FINLAND_MFA = dict(
    cite_title="Finland to withdraw from anti-personnel landmine treaty (Caliber.az, 11 July 2025, quoting the statement of the Finnish Ministry for Foreign Affairs)",
    cite_url="https://caliber.az/en/post/finland-to-withdraw-from-anti-personnel-landmine-treaty",
    cite_publisher="Caliber.az", cite_published="2025-07-11", cite_kind="government-statement",
    quote="Finland presented the instrument of withdrawal from the Ottawa Anti-Personnel Landmines Convention on 10 July 2025. The withdrawal shall take effect in January 2026.",
)
FINLAND_YLE = dict(
    cite_title="У Фінляндії набув чинності вихід з конвенції про заборону протипіхотних мін (Yevropeiska Pravda, 10 January 2026, citing Yle)",
    cite_url="https://www.eurointegration.com.ua/news/2026/01/10/7228804/",
    cite_publisher="Yevropeiska Pravda", cite_published="2026-01-10", cite_kind="news-report",
    quote="Фінляндія вийшла з Оттавського договору про заборону протипіхотних мін 10 липня минулого року.",
)

# (state, act, date, effective, note, [citations])
EXTRA = [
    ("ME", "entry-into-force", "2007-04-01", "", "Landmine Monitor dates Montenegro's membership from 1 April 2007.",
     [dict(cite_title="Montenegro: Mine Ban Policy (Landmine Monitor 2017)",
           cite_url="http://www.the-monitor.org/en-gb/reports/2017/montenegro/mine-ban-policy.aspx",
           cite_publisher="Landmine Monitor", cite_kind="ngo-report", quote="becoming a State Party on 1 April 2007")]),
    ("LV", "domestic-step", "2025-04-16", "", "Saeima adopts the withdrawal law in final reading (other reports give 68 votes in favour).",
     [dict(cite_title="Saeima votes to withdraw from the Ottawa Convention (LETA)",
           cite_url="https://piv.prservice.lv/eng/home/important/29D65D53-6EC6-40CD-88E8-469D75DA39AD",
           cite_publisher="LETA", cite_kind="news-report", quote="66 MPs voted for")]),
    ("LT", "domestic-step", "2025-05-08", "", "Seimas votes to withdraw.",
     [dict(cite_title="Lithuanian parliament approves withdrawal from Ottawa Convention (Anadolu)",
           cite_url="https://www.aa.com.tr/en/world/lithuanian-parliament-approves-withdrawal-from-ottawa-convention-which-prohibits-landmines-use/3561281",
           cite_publisher="Anadolu Agency", cite_kind="news-report",
           quote="107 votes in favor and none against, with only three lawmakers abstaining")]),
    ("EE", "domestic-step", "2025-06-04", "", "Riigikogu adopts the withdrawal law.",
     [dict(cite_title="Estonia's parliament votes to leave the Ottawa Convention",
           cite_url="https://kentron.am/en/news/326986", cite_publisher="Kentron", cite_kind="news-report")]),
    ("FI", "domestic-step", "2025-06-19", "", "Eduskunta votes to withdraw.",
     [dict(cite_title="Finland votes to withdraw from the antipersonnel mine ban (news report, June 2025)",
           cite_ref="seed-article: news report on Finland's withdrawal vote", cite_kind="news-report",
           quote="Finland voted June 19, 2025, to withdraw from an international antipersonnel land mine ban"),
      dict(cite_title="Parliament of Finland votes on withdrawal from the Ottawa Treaty (Eduskunta on X, via Calea Europeana)",
           cite_url="https://www.caleaeuropeana.ro/parlamentul-finlandei-a-votat-in-favoarea-retragerii-tarii-din-tratatul-care-interzice-utilizarea-minelor-antipersonal-pe-fondul-ingrijorarilor-legate-de-statul-agresiv-si-imperialist-numit/",
           cite_publisher="Calea Europeana", cite_kind="news-report", quote="The vote was 157-18 in favour")]),
    ("PL", "domestic-step", "2025-06-25", "", "Sejm votes for the withdrawal act.",
     [dict(cite_title="Polish Sejm votes to withdraw from the Ottawa Convention (TASS)", cite_url="https://tass.com/world/1981227",
           cite_publisher="TASS", cite_kind="news-report",
           quote="413 lawmakers supported the move while only 15 were against and three abstained")]),
    ("EE", "withdrawal", "2025-06-27", "", "", [ESTONIA_MFA, HRW_BALTIC]),
    ("LV", "withdrawal", "2025-06-27", "", "", [LATVIA_MFA, HRW_BALTIC]),
    ("LT", "withdrawal", "2025-06-27", "", "", [LITHUANIA_MFA, HRW_BALTIC]),
    ("FI", "withdrawal", "2025-07-10", "", "", [FINLAND_MFA, FINLAND_YLE]),
    ("PL", "withdrawal", "2025-08-20", "", "Denounced by the President on 5 August 2025.",
     [dict(cite_title="Government statement on the convention ceasing to bind Poland (Dz.U. 2025 poz. 1514)",
           cite_url="https://www.prawo.pl/akty/dz-u-2025-1514,22192842.html", cite_ref="Dz.U. 2025 poz. 1514",
           cite_publisher="Dziennik Ustaw", cite_published="2025-09-05", cite_kind="official-gazette",
           quote="co zostało notyfikowane w dniu 20 sierpnia 2025 r. Depozytariuszowi konwencji - Sekretarzowi Generalnemu Organizacji Narodów Zjednoczonych")]),
    ("UA", "suspension", "2025-07-18", "2025-07-17",
     "A notice of suspension under the Vienna Convention, not an Art. 20 withdrawal; the Convention has no suspension clause and NGOs hold the notice without legal effect, so Ukraine remains a State Party.",
     [dict(cite_title="Ukraine: anti-personnel mines (Mine Action Review), quoting depositary notification C.N.385.2025.TREATIES-XXVI.5",
           cite_url="https://www.mineactionreview.org/country/ukraine/anti-personnel-mines", cite_ref="C.N.385.2025.TREATIES-XXVI.5",
           cite_publisher="Mine Action Review", cite_kind="depositary-notification",
           quote="Ukraine has decided, as of July 17, 2025, to suspend the operation of the Convention"),
      dict(cite_title="Ukraine suspends vital Mine Ban Treaty (Human Rights Watch)",
           cite_url="https://www.hrw.org/news/2025/07/24/ukraine-suspends-vital-mine-ban-treaty", cite_publisher="Human Rights Watch",
           cite_published="2025-07-24", cite_kind="ngo-report",
           quote="On July 18, Ukraine formally informed the United Nations that it has suspended its operation of the 1997 Mine Ban Treaty")]),
]

COLUMNS = ["treaty", "state", "act", "date", "effective_date", "cite_title", "cite_url", "cite_ref", "cite_publisher",
           "cite_published", "cite_kind", "cite_locator", "quote", "note"]


def row(state, act, date, effective="", note="", **cite):
    out = dict(treaty="ottawa", state=state, act=act, date=date, effective_date=effective, note=note)
    out.update(cite)
    return out


def main(path):
    out = csv.DictWriter(sys.stdout, COLUMNS, lineterminator="\n")
    out.writeheader()
    for r in csv.DictReader(open(path, encoding="utf-8")):
        code, name = r["iso2"], r["state_name"]
        locator = f"row: {name}"
        if r["signature_date"]:
            out.writerow(row(code, "signature", r["signature_date"], cite_locator=locator, **UNTC))
        effective = "2011-07-09" if code == "SS" else ""
        note = DEPOSIT_NOTES.get(code, "")
        if code in DEPOSIT_SOURCES:
            url, title, publisher, kind, quote = DEPOSIT_SOURCES[code]
            out.writerow(row(code, r["instrument"], r["deposit_date"], effective, note, cite_title=title, cite_url=url,
                             cite_publisher=publisher, cite_kind=kind, quote=quote))
        else:
            out.writerow(row(code, r["instrument"], r["deposit_date"], effective, note, cite_locator=locator, **UNTC))
    for state, act, date, effective, note, cites in EXTRA:
        for cite in cites:
            out.writerow(row(state, act, date, effective, note, **cite))


if __name__ == "__main__":
    main(sys.argv[1])
