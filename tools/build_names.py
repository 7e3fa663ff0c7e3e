#!/usr/bin/env python3
"""Builds data/names.csv: ISO codes of states and other treaty participants, the name the UN
Treaty Collection (UNTC) and UN M49 use, and the names people type.

Usage: python3 tools/build_names.py > data/names.csv      (needs: pip install pycountry==26.2.16)

Columns:
  code            ISO 3166-1 alpha-2; ISO 3166-3 four-letter code for a former state; EU and XK
                  (reserved / user-assigned ISO codes) for the European Union and Kosovo
  alpha3          ISO 3166-1 alpha-3 (ISO 3166-3 alpha-3 for former states), empty if none
  un_name         the UN short name as a UN page read for this table writes it (empty if no UN
                  source for that entry was read; see un_name_source and data/NAMES.md)
  aliases         other names people type, separated by '|'
  kind            state | territory | former (ISO 3166-3) | organization | other
  un_name_source  key of the source of un_name (explained in data/NAMES.md)
  iso_name        the ISO 3166 English short name (from pycountry)
  pacta_code      the code pacta stores for the entry, if that differs from `code` (pacta keeps
                  the old alpha-2 of a former state, as its first table did); `(absent)` for a
                  party that table lacked (EU, XK), accepted from a later version on

Every un_name comes from a source named in data/NAMES.md; nothing is filled in from memory.
"""
import csv
import sys

import pycountry

# UN short names as written in the UNTC participant tables scraped 2013-2015
# (zmjones/untreaties at 003ce1306, treaties/*.csv, the "Participant" column of 324 UNTC status
# pages). Key: ISO alpha-2.  Source key "untc-2015".
UNTC_2015 = {
    "AD": "Andorra", "AE": "United Arab Emirates", "AF": "Afghanistan", "AG": "Antigua and Barbuda",
    "AL": "Albania", "AM": "Armenia", "AO": "Angola", "AR": "Argentina", "AT": "Austria",
    "AU": "Australia", "AZ": "Azerbaijan", "BA": "Bosnia and Herzegovina", "BB": "Barbados",
    "BD": "Bangladesh", "BE": "Belgium", "BF": "Burkina Faso", "BG": "Bulgaria", "BH": "Bahrain",
    "BI": "Burundi", "BJ": "Benin", "BN": "Brunei Darussalam", "BO": "Bolivia (Plurinational State of)",
    "BR": "Brazil", "BS": "Bahamas", "BT": "Bhutan", "BW": "Botswana", "BY": "Belarus", "BZ": "Belize",
    "CA": "Canada", "CD": "Democratic Republic of the Congo", "CF": "Central African Republic",
    "CG": "Congo", "CH": "Switzerland", "CI": "Côte d'Ivoire", "CK": "Cook Islands", "CL": "Chile",
    "CM": "Cameroon", "CN": "China", "CO": "Colombia", "CR": "Costa Rica", "CU": "Cuba",
    "CV": "Cabo Verde", "CY": "Cyprus", "CZ": "Czech Republic", "DE": "Germany", "DJ": "Djibouti",
    "DK": "Denmark", "DM": "Dominica", "DO": "Dominican Republic", "DZ": "Algeria", "EC": "Ecuador",
    "EE": "Estonia", "EG": "Egypt", "ER": "Eritrea", "ES": "Spain", "ET": "Ethiopia",
    "EU": "European Union", "FI": "Finland", "FJ": "Fiji", "FM": "Micronesia (Federated States of)",
    "FR": "France", "GA": "Gabon", "GB": "United Kingdom of Great Britain and Northern Ireland",
    "GD": "Grenada", "GE": "Georgia", "GH": "Ghana", "GM": "Gambia", "GN": "Guinea",
    "GQ": "Equatorial Guinea", "GR": "Greece", "GT": "Guatemala", "GW": "Guinea-Bissau", "GY": "Guyana",
    "HK": "Hong Kong", "HN": "Honduras", "HR": "Croatia", "HT": "Haiti", "HU": "Hungary",
    "ID": "Indonesia", "IE": "Ireland", "IL": "Israel", "IN": "India", "IQ": "Iraq",
    "IR": "Iran (Islamic Republic of)", "IS": "Iceland", "IT": "Italy", "JM": "Jamaica", "JO": "Jordan",
    "JP": "Japan", "KE": "Kenya", "KG": "Kyrgyzstan", "KH": "Cambodia", "KI": "Kiribati", "KM": "Comoros",
    "KN": "St. Kitts and Nevis", "KP": "Democratic People's Republic of Korea", "KR": "Republic of Korea",
    "KW": "Kuwait", "KY": "Cayman Islands", "KZ": "Kazakhstan", "LA": "Lao People's Democratic Republic",
    "LB": "Lebanon", "LC": "St. Lucia", "LI": "Liechtenstein", "LK": "Sri Lanka", "LR": "Liberia",
    "LS": "Lesotho", "LT": "Lithuania", "LU": "Luxembourg", "LV": "Latvia", "LY": "Libya",
    "MA": "Morocco", "MC": "Monaco", "MD": "Republic of Moldova", "ME": "Montenegro", "MG": "Madagascar",
    "MH": "Marshall Islands", "MK": "The former Yugoslav Republic of Macedonia", "ML": "Mali",
    "MM": "Myanmar", "MN": "Mongolia", "MR": "Mauritania", "MS": "Montserrat", "MT": "Malta",
    "MU": "Mauritius", "MV": "Maldives", "MW": "Malawi", "MX": "Mexico", "MY": "Malaysia",
    "MZ": "Mozambique", "NA": "Namibia", "NE": "Niger", "NG": "Nigeria", "NI": "Nicaragua",
    "NL": "Netherlands", "NO": "Norway", "NP": "Nepal", "NR": "Nauru", "NU": "Niue", "NZ": "New Zealand",
    "OM": "Oman", "PA": "Panama", "PE": "Peru", "PG": "Papua New Guinea", "PH": "Philippines",
    "PK": "Pakistan", "PL": "Poland", "PS": "State of Palestine", "PT": "Portugal", "PW": "Palau",
    "PY": "Paraguay", "QA": "Qatar", "RO": "Romania", "RS": "Serbia", "RU": "Russian Federation",
    "RW": "Rwanda", "SA": "Saudi Arabia", "SB": "Solomon Islands", "SC": "Seychelles", "SD": "Sudan",
    "SE": "Sweden", "SG": "Singapore", "SI": "Slovenia", "SK": "Slovakia", "SL": "Sierra Leone",
    "SM": "San Marino", "SN": "Senegal", "SO": "Somalia", "SR": "Suriname", "SS": "South Sudan",
    "ST": "Sao Tome and Principe", "SV": "El Salvador", "SY": "Syrian Arab Republic", "SZ": "Swaziland",
    "TC": "Turks and Caicos Islands", "TD": "Chad", "TG": "Togo", "TH": "Thailand", "TJ": "Tajikistan",
    "TL": "Timor-Leste", "TM": "Turkmenistan", "TN": "Tunisia", "TO": "Tonga", "TR": "Turkey",
    "TT": "Trinidad and Tobago", "TV": "Tuvalu", "TZ": "United Republic of Tanzania", "UA": "Ukraine",
    "UG": "Uganda", "US": "United States of America", "UY": "Uruguay", "UZ": "Uzbekistan",
    "VA": "Holy See", "VC": "St. Vincent and the Grenadines", "VE": "Venezuela (Bolivarian Republic of)",
    "VG": "British Virgin Islands", "VN": "Viet Nam", "VU": "Vanuatu", "WS": "Samoa", "YE": "Yemen",
    "ZA": "South Africa", "ZM": "Zambia", "ZW": "Zimbabwe",
}

# Later UN names, and corrections of the scrape's abbreviations, each with the source that gives
# it (keys explained in data/NAMES.md). The UNTC 2015 name stays an alias.
UN_LATER = {
    "TR": ("Türkiye", "un-turkiye-2022"),
    "CZ": ("Czechia", "un-czechia-2016"),
    "MK": ("North Macedonia", "un-north-macedonia-2019"),
    "SZ": ("Eswatini", "un-eswatini-2018"),
    "KN": ("Saint Kitts and Nevis", "unoda-tpnw-2019"),
    "LC": ("Saint Lucia", "oecd-nea-tpnw"),
    "VC": ("Saint Vincent and the Grenadines", "oecd-nea-tpnw"),
}

# Names read on the UN M49 page (stored copy: the list from Afghanistan to Cabo Verde only); for
# territories there they are the only UN source read.
M49_READ = {
    "AF": "Afghanistan", "AX": "Åland Islands", "AL": "Albania", "DZ": "Algeria", "AS": "American Samoa",
    "AD": "Andorra", "AO": "Angola", "AI": "Anguilla", "AQ": "Antarctica", "AG": "Antigua and Barbuda",
    "AR": "Argentina", "AM": "Armenia", "AW": "Aruba", "AU": "Australia", "AT": "Austria",
    "AZ": "Azerbaijan", "BS": "Bahamas", "BH": "Bahrain", "BD": "Bangladesh", "BB": "Barbados",
    "BY": "Belarus", "BE": "Belgium", "BZ": "Belize", "BJ": "Benin", "BM": "Bermuda", "BT": "Bhutan",
    "BO": "Bolivia (Plurinational State of)", "BQ": "Bonaire, Sint Eustatius and Saba",
    "BA": "Bosnia and Herzegovina", "BW": "Botswana", "BV": "Bouvet Island", "BR": "Brazil",
    "IO": "British Indian Ocean Territory", "VG": "British Virgin Islands", "BN": "Brunei Darussalam",
    "BG": "Bulgaria", "BF": "Burkina Faso", "BI": "Burundi", "CV": "Cabo Verde",
}

# Entries that are not ISO 3166-1 countries but take part in treaties; pacta's first table had
# none of them (their pacta_code is "(absent)").
EXTRA = [
    # code, alpha3, un_name, aliases, kind, source, iso_name
    ("EU", "", "European Union", "EU|European Community|European Economic Community|EC|EEC",
     "organization", "untc-2015", ""),
    ("XK", "", "", "Kosovo|Republic of Kosovo", "other", "", ""),
]

# ISO 3166-3 code -> the code pacta stores for it (its first table's), where they differ.
PACTA_FORMER = {
    "AIDJ": "AIDJ", "ANHH": "AN", "BQAQ": "BQAQ", "BUMM": "BU", "BYAA": "BYAA", "CSHH": "CSHH",
    "CSXX": "CS", "CTKI": "CT", "DDDE": "DD", "DYBJ": "DY", "FQHH": "FQ", "FXFR": "FX", "GEHH": "GEHH",
    "HVBF": "HV", "JTUM": "JT", "MIUM": "MI", "NHVU": "NH", "NQAQ": "NQ", "NTHH": "NT", "PCHH": "PC",
    "PUUM": "PU", "PZPA": "PZ", "RHZW": "RH", "SKIN": "SKIN", "SUHH": "SU", "TPTL": "TP", "VDVN": "VD",
    "WKUM": "WK", "YDYE": "YD", "YUCS": "YU", "ZRCD": "ZR",
}

# Names people type (common English names, former and abbreviated names).
ALIASES = {
    "BO": ["Bolivia"], "BN": ["Brunei"], "CD": ["DR Congo", "DRC", "Congo-Kinshasa", "Zaire"],
    "CG": ["Republic of the Congo", "Congo-Brazzaville"], "CI": ["Ivory Coast", "Cote d'Ivoire"],
    "CV": ["Cape Verde"], "CZ": ["Czech Republic"], "FM": ["Micronesia"], "GB": ["United Kingdom", "UK", "Great Britain", "Britain"],
    "IR": ["Iran"], "KP": ["North Korea", "DPRK"], "KR": ["South Korea", "Korea"], "LA": ["Laos"],
    "MD": ["Moldova"], "MK": ["Macedonia", "The former Yugoslav Republic of Macedonia", "FYROM"],
    "NL": ["Holland", "Netherlands (Kingdom of the)"], "PS": ["Palestine", "State of Palestine"],
    "RU": ["Russia"], "SY": ["Syria"], "SZ": ["Swaziland", "Eswatini"], "TL": ["East Timor"],
    "TR": ["Turkey", "Turkiye"], "TZ": ["Tanzania"], "US": ["United States", "USA", "US", "America"],
    "VA": ["Vatican", "Vatican City", "Holy See (Vatican City State)"], "VE": ["Venezuela"],
    "VN": ["Vietnam"], "KN": ["St. Kitts and Nevis", "Saint Kitts"], "LC": ["St. Lucia"],
    "VC": ["St. Vincent and the Grenadines", "Saint Vincent"], "ST": ["São Tomé and Príncipe"],
    "MM": ["Burma"], "SS": ["South Sudan"], "CN": ["People's Republic of China", "PRC"],
    "TW": ["Taiwan"], "LY": ["Libyan Arab Jamahiriya"], "HK": ["Hong Kong, China"],
    "AE": ["UAE"], "DO": ["Dominican Rep."], "BA": ["Bosnia"], "GM": ["The Gambia"], "BS": ["The Bahamas"],
    "SUHH": ["USSR", "Soviet Union", "Union of Soviet Socialist Republics"],
    "DDDE": ["GDR", "East Germany", "German Democratic Republic"],
    "YUCS": ["Yugoslavia", "Socialist Federal Republic of Yugoslavia", "SFRY"],
    "CSHH": ["Czechoslovakia"], "CSXX": ["Serbia and Montenegro", "Federal Republic of Yugoslavia"],
    "BYAA": ["Byelorussian SSR"], "ZRCD": ["Zaire"], "BUMM": ["Burma"], "HVBF": ["Upper Volta"],
    "DYBJ": ["Dahomey"], "TPTL": ["East Timor"], "YDYE": ["South Yemen"], "VDVN": ["North Vietnam"],
    "ANHH": ["Netherlands Antilles"],
}

STATES_NOT_UN_MEMBERS = {"VA", "PS", "CK", "NU"}


def main():
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["code", "alpha3", "un_name", "aliases", "kind", "un_name_source", "iso_name", "pacta_code"])
    rows = []
    for c in pycountry.countries:
        code = c.alpha_2
        un_name, source = "", ""
        if code in UNTC_2015:
            un_name, source = UNTC_2015[code], "untc-2015"
        if code in UN_LATER:
            un_name, source = UN_LATER[code]
        if not un_name and code in M49_READ:
            un_name, source = M49_READ[code], "m49"
        elif code in M49_READ and source == "untc-2015" and M49_READ[code] == un_name:
            source = "untc-2015+m49"
        kind = "state" if (code in UNTC_2015 and code not in {"HK", "KY", "MS", "TC", "VG"}) else "territory"
        if code == "TW":
            kind = "other"
        names = []
        for n in [UNTC_2015.get(code, ""), c.name, getattr(c, "common_name", ""), getattr(c, "official_name", "")] + ALIASES.get(code, []):
            if n and n != un_name and n not in names:
                names.append(n)
        rows.append([code, c.alpha_3, un_name, "|".join(names), kind, source, c.name, ""])
    for h in pycountry.historic_countries:
        code = h.alpha_4
        names = [n for n in [h.name] + ALIASES.get(code, []) if n]
        names = list(dict.fromkeys(names))
        pc = PACTA_FORMER[code]
        rows.append([code, getattr(h, "alpha_3", ""), "", "|".join(names), "former", "", h.name,
                     pc if pc != code else ""])
    for code, a3, un_name, aliases, kind, source, iso_name in EXTRA:
        rows.append([code, a3, un_name, aliases, kind, source, iso_name, "(absent)"])
    rows.sort(key=lambda r: (r[4] == "former", r[0]))
    for r in rows:
        out.writerow(r)


if __name__ == "__main__":
    main()
