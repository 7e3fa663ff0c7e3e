#!/usr/bin/env python3
"""Builds data/tpnw/facts.csv: the part of the Treaty on the Prohibition of Nuclear Weapons'
history (UNTC XXVI-9) that could be verified in stored copies of primary and near-primary pages.

Usage: python3 data/tpnw/build_facts.py > data/tpnw/facts.csv

The UN Treaty Collection participant table of this treaty was not among the stored pages, so
this file is NOT a complete history: it holds the acts that a UN page (press release, UNODA
update, a permanent mission's page on un.int) or a dated report names with its date, grouped
by the event that reported them. SOURCES.md lists what is missing.
"""
import csv
import sys

TREATY = "tpnw"

UN_PRESS_2017 = dict(
    cite_title="Annual Treaty Event Advances Multilateral Instruments, Including First Legally Binding Instrument "
               "Prohibiting Nuclear Weapons (UN press release DC/3740)",
    cite_url="https://press.un.org/en/2017/dc3740.doc.htm", cite_ref="DC/3740",
    cite_publisher="United Nations", cite_kind="government-statement",
    quote="The following 50 Member States and Observer States signed the instrument on 20 September, the day it opened for signature",
)
UN_PRESS_2017_RAT = dict(UN_PRESS_2017, quote="Guyana, Holy See and Thailand also ratified the Treaty.")
CND_2017 = dict(
    cite_title="Treaty for the Prohibition of Nuclear Weapons opens for signatories (CND diplomatic diary)",
    cite_url="https://staging.cnduk.org/diplomatic-diary/treaty-for-the-prohibition-of-nuclear-weapons-opens-for-signatories/",
    cite_publisher="Campaign for Nuclear Disarmament", cite_kind="ngo-report",
    quote="Ratified on 20th September: Guyana, Holy See and Thailand.",
)
SAMOA_2018 = dict(
    cite_title="Samoa ratifies the Treaty on the Prohibition of Nuclear Weapons (Permanent Mission of Samoa to the UN)",
    cite_url="https://www.un.int/samoa/news/samoa-ratifies-treaty-prohibition-nuclear-weapons",
    cite_publisher="Permanent Mission of Samoa to the United Nations", cite_published="2018-09-26",
    cite_kind="government-statement",
)
SAMOA_2018_RAT = dict(SAMOA_2018, quote="Samoa deposited their instrument of ratification for the Treaty with Vanuatu, Gambia and San Marino.")
SAMOA_2018_SIG = dict(SAMOA_2018, quote="Seven countries also became signatories to the treaty, namely Antigua and Barbuda, Benin, "
                                        "Brunei, Guinea-Bissau, Myanmar, Seychelles and Timor-Leste.")
ISHIKAWA_2018 = dict(
    cite_title="核兵器禁止条約 signature and ratification status, October 2018 (Ishikawa A-bomb survivors' association, citing ICAN)",
    cite_url="http://hikakuishikawa.com/2018/10/", cite_publisher="hikakuishikawa.com", cite_kind="other",
    quote="翌27日、新たに2か国(アンゴラ、セントルシア)が調印書を国連に寄託し",
)
UNODA_2019 = dict(
    cite_title="Signature ceremony for the Treaty on the Prohibition of Nuclear Weapons (UNODA update, 26 September 2019)",
    cite_url="https://disarmament.unoda.org/ar/update/signature-ceremony-for-the-treaty-on-the-prohibition-of-nuclear-weapons",
    cite_publisher="United Nations Office for Disarmament Affairs", cite_kind="government-statement",
)
UNODA_2019_SIG = dict(UNODA_2019, quote="Botswana, Dominica, Grenada, Lesotho, Saint Kitts and Nevis, the United Republic of "
                                        "Tanzania and Zambia signed the Treaty")
UNODA_2019_RAT = dict(UNODA_2019, quote="Bangladesh, Kiribati and the Lao People’s Democratic Republic deposited their instruments of ratification.")
UNODA_2019_BOTH = dict(UNODA_2019, quote="Maldives and Trinidad and Tobago both signed and ratified.")
UNODA_2019_EC = dict(UNODA_2019, quote="Together with the deposit of Ecuador’s instrument of ratifications on 25 September")
MALTA = dict(
    cite_title="Nuclear arms prohibition treaty ratified by foreign minister (MaltaToday)",
    cite_url="https://maltatoday.com.mt/news/national/104847/nuclear_arms_prohibition_treaty_ratified_by_foreign_minister",
    cite_publisher="MaltaToday", cite_kind="news-report",
)
TELLER_MALTA = dict(
    cite_title="\"To 5 more countries\" until the required number of nuclear weapons ban treaties comes into effect (NHK via Teller Report)",
    cite_url="https://www.tellerreport.com/news/2020-09-22-up-to-the-required-number-of-nuclear-weapons-ban-treaties-to-come-into-effect-in-%22five-more-countries%22-.BJb1brywHv.html",
    cite_publisher="Teller Report", cite_published="2020-09-22", cite_kind="news-report",
    quote="On the 21st, the United Nations Ambassador to Malta Frazier revealed",
)
TELLER_TUVALU = dict(
    cite_title="Nuclear Weapons Ban Treaty: one country needs to ratify (NHK via Teller Report)",
    cite_url="https://www.tellerreport.com/news/2020-10-14-nuclear-weapons-ban-treaty-one-country-needs-to-ratify-%2250%22-and-%223%22-.By4Ubx1HwP.html",
    cite_publisher="Teller Report", cite_published="2020-10-15", cite_kind="news-report",
    quote="The United Nations announced on the 14th that Tuvalu, an island nation in the South Pacific, ratified the Treaty on the "
          "Prohibition of Nuclear Weapons on the 12th of this month.",
)
ICAN_50 = dict(
    cite_title="TPNW reaches 50 states parties, triggering entry into force (ICAN, 24 October 2020)",
    cite_url="https://www.icanw.org/tpnw_reaches_50_states_parties_entry_into_force",
    cite_publisher="International Campaign to Abolish Nuclear Weapons", cite_published="2020-10-24", cite_kind="ngo-report",
    quote="after Honduras ratified just one day after Jamaica and Nauru submitted their ratifications",
)
EIF = dict(
    cite_title="Treaty on the Prohibition of Nuclear Weapons to come into force on 22 January 2021 (quoting the depositary notification)",
    cite_url="https://indiansocietyforlegalresearch.in/2020/11/08/treaty-on-the-prohibition-of-nuclear-weapons-to-come-into-force-on-22-january-2021/",
    cite_publisher="Indian Society for Legal Research", cite_published="2020-11-08", cite_kind="other",
    quote="With the deposit of the fiftieth instrument of ratification or accession on 24 October 2020, the Treaty on the "
          "Prohibition of Nuclear Weapons, adopted in New York on 7 July 2017, shall enter into force on 22 January 2021",
)

SIGNED_2017_09_20 = ["DZ", "AT", "BD", "BR", "CV", "CF", "CL", "KM", "CG", "CR", "CI", "CU", "CD", "EC", "SV", "FJ", "GM",
                     "GH", "GT", "GY", "VA", "HN", "ID", "IE", "KI", "LY", "LI", "MG", "MW", "MY", "MX", "NP", "NZ", "NG",
                     "PW", "PA", "PY", "PE", "PH", "WS", "SM", "ST", "ZA", "PS", "TH", "TG", "TV", "UY", "VU", "VE"]

# (state, act, date, note, [citations])
FACTS = [(s, "signature", "2017-09-20", "", [dict(UN_PRESS_2017, cite_locator="list of 50 signatories")])
         for s in SIGNED_2017_09_20]
FACTS += [(s, "ratification", "2017-09-20",
           "The UN release names the three ratifications with the 20 September signatures; the CND diary dates them 20 September.",
           [UN_PRESS_2017_RAT, CND_2017]) for s in ["GY", "VA", "TH"]]
FACTS += [(s, "ratification", "2018-09-26", "", [SAMOA_2018_RAT]) for s in ["WS", "VU", "GM", "SM"]]
FACTS += [(s, "signature", "2018-09-26", "", [SAMOA_2018_SIG]) for s in ["AG", "BJ", "BN", "GW", "MM", "SC", "TL"]]
FACTS += [(s, "signature", "2018-09-27", "", [ISHIKAWA_2018]) for s in ["AO", "LC"]]
FACTS += [("EC", "ratification", "2019-09-25", "", [UNODA_2019_EC])]
FACTS += [(s, "signature", "2019-09-26", "", [UNODA_2019_SIG]) for s in ["BW", "DM", "GD", "LS", "KN", "TZ", "ZM"]]
FACTS += [(s, "signature", "2019-09-26", "", [UNODA_2019_BOTH]) for s in ["MV", "TT"]]
FACTS += [(s, "ratification", "2019-09-26", "", [UNODA_2019_BOTH]) for s in ["MV", "TT"]]
FACTS += [(s, "ratification", "2019-09-26", "", [UNODA_2019_RAT]) for s in ["BD", "KI", "LA"]]
FACTS += [("MT", "signature", "2020-08-24", "",
           [dict(MALTA, quote="This follows the signing of the treaty that took place on th 24th August")])]
FACTS += [("MT", "ratification", "2020-09-21",
           "MaltaToday gives the occasion (the UN's 75th anniversary and the International Day of Peace), NHK the day.",
           [dict(MALTA, quote="During a commemorative occassion celebrating the UN's 75th anniversary and the International Day of "
                              "Peace, the instrument was deposited at the United Nations in New York"), TELLER_MALTA])]
FACTS += [("TV", "ratification", "2020-10-12", "", [TELLER_TUVALU])]
FACTS += [(s, "ratification", "2020-10-23", "", [ICAN_50]) for s in ["JM", "NR"]]
FACTS += [("HN", "ratification", "2020-10-24", "", [ICAN_50])]
FACTS += [("", "entry-into-force", "2021-01-22", "", [EIF])]

COLUMNS = ["treaty", "state", "act", "date", "effective_date", "cite_title", "cite_url", "cite_ref", "cite_publisher",
           "cite_published", "cite_retrieved", "cite_kind", "cite_locator", "quote", "note"]


def main():
    out = csv.DictWriter(sys.stdout, COLUMNS, lineterminator="\n")
    out.writeheader()
    seen = set()
    for state, act, date, note, cites in FACTS:
        if (state, act) in seen:
            sys.exit(f"two {act} facts for {state}")
        seen.add((state, act))
        for cite in cites:
            r = dict(treaty=TREATY, state=state, act=act, date=date, note=note)
            r.update(cite)
            out.writerow(r)


if __name__ == "__main__":
    main()
