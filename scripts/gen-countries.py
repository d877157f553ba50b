#!/usr/bin/env python3
"""Generate data/actors/10-countries.txt, Herald's country actor dictionary.

Usage:
    scripts/gen-countries.py [-v] [PATH]

PATH is the world-countries package (its directory, or its countries.json).
Without it the script uses build/npm/node_modules/world-countries, and
installs the pinned version there with npm when it is missing (-v lists
the alternative spellings left out):

    npm install --no-save --prefix build/npm world-countries@5.1.0

The package gives, for every ISO 3166-1 country and territory, its common and
official names, alternative spellings and English demonyms. This script keeps
the names an English news text may use, adds the forms the package lacks
(adjectives, plurals, short forms) from the tables below, settles names that
two countries share, and writes one entry per country, coded with its ISO
alpha-3 code (XKX for Kosovo). It also writes entries for the international
regions of CAMEO and a few names that must yield nothing.

Only the Python standard library is used. The output is committed; run the
script again after changing a table here.
"""

import json
import os
import re
import subprocess
import sys
import unicodedata

PACKAGE = "world-countries"
VERSION = "5.1.0"

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(ROOT, "data", "actors", "10-countries.txt")
NPM_PREFIX = os.path.join(ROOT, "build", "npm")
DEFAULT_PACKAGE = os.path.join(NPM_PREFIX, "node_modules", PACKAGE)

# The package codes Kosovo with a placeholder; CAMEO data uses XKX.
CODE_FIX = {"UNK": "XKX"}

# Canonical names to use instead of the package's common name (the package's
# form has punctuation that is awkward in a dictionary name).
CANONICAL = {
    "SHN": "Saint Helena",
    "CCK": "Cocos Islands",
}

# Acronyms kept when they appear among the alternative spellings; every other
# all-capital alternative spelling (ISO codes, "RSA"...) is dropped.
ACRONYMS = {"US", "USA", "UK", "UAE", "DRC", "PRC", "ROK", "DPRK"}

# Single-word alternative spellings are mostly names in the country's own
# language ("Suomi", "Nippon") or words that mean something else ("Island",
# "Mann", "Timor", and "Holland", a common surname); only these are kept.
SINGLE_WORDS = {
    "Burma", "Saudi", "Turkiye", "Swaziland", "Eswatini",
    "Macedonia", "Macao", "Rumania", "Roumania", "Bharat", "Aotearoa",
    "Eire", "Czechia", "Emirates", "Lao", "Thai", "Curacao", "Reunion",
    "Aland", "Vatican",
}

# Alternative spellings of several words are kept when all their words are
# English: words of the countries' English names, or these.
ENGLISH_WORDS = {"darussalam", "islands", "isles", "keeling", "malvinas",
                 "islas", "somers", "herzegovina", "minor", "outlying"}

# Alternative spellings of more than one word that are dropped.
DROPPED_ALTERNATIVES = {
    "Abode of Peace",        # Brunei's official epithet, not a name in use
    "Guiana",                # the region as well as French Guiana
    "Virgin Islands",        # British and US Virgin Islands
}

# Names the package lacks: short forms, adjectives, nouns for the people and
# their plurals, older names still in use. Plurals of the package's demonyms
# are made by plural() below; irregular ones are listed here.
EXTRA = {
    "AFG": ["Afghans"],
    "ARE": ["UAE", "Emirati", "Emiratis"],
    "ARG": ["Argentinian", "Argentinians", "Argentines"],
    "ARM": ["Armenian", "Armenians"],
    "ATG": ["Antigua"],
    "AZE": ["Azerbaijani", "Azerbaijanis", "Azeri", "Azeris",
            "Azerbaijan Republic"],
    "BES": ["Bonaire", "Sint Eustatius"],
    "BIH": ["Bosnia", "Bosnian", "Bosnians"],
    "BWA": ["Batswana", "Botswanan"],
    "CHN": ["PRC", "Chinese", "mainland China"],
    "CIV": ["Ivory Coast", "Ivorian", "Ivorians"],
    "COD": ["DRC", "DR Congo", "Congo-Kinshasa",
            "Democratic Republic of Congo", "Congo", "Congolese"],
    "COG": ["Congo-Brazzaville", "Republic of Congo"],
    "COM": ["Comorian", "Comorians"],
    "CPV": ["Cabo Verde", "Cape Verdean", "Cape Verdeans"],
    "CYP": ["Greek Cypriot", "Greek Cypriots", "Turkish Cypriot",
            "Turkish Cypriots", "Northern Cyprus", "TRNC",
            "Turkish Republic of Northern Cyprus"],
    "CZE": ["Czech Republic", "Czechs"],
    "DNK": ["Danes"],
    "ECU": ["Ecuadorian", "Ecuadorians"],
    "ESP": ["Spaniard", "Spaniards"],
    "FIN": ["Finns"],
    "FLK": ["Falklands", "Malvinas"],
    "FRO": ["Faeroe Islands", "Faroes"],
    "GBR": ["UK", "Britain", "Great Britain", "British", "Briton",
            "Britons", "England", "Scotland", "Wales", "Northern Ireland",
            "Scottish", "Welsh", "Northern Irish"],
    "GRC": ["Hellenic"],
    "GRL": ["Greenlander", "Greenlanders"],
    "HKG": ["Hong Kongers", "Hongkonger", "Hongkongers"],
    "IRN": ["Iranian", "Iranians"],
    "ISR": ["Israeli", "Israelis"],
    "KAZ": ["Kazakh", "Kazakhs"],
    "KGZ": ["Kyrgyz", "Kyrgyzstani"],
    "KNA": ["Saint Kitts", "St. Kitts", "St. Kitts and Nevis"],
    "KOR": ["South Korea", "ROK", "South Korean", "South Koreans",
            "Republic of Korea"],
    "LSO": ["Basotho"],
    "MAC": ["Macao"],
    "MDV": ["Maldivian", "Maldivians"],
    "MKD": ["Macedonia", "Macedonians", "North Macedonian",
            "North Macedonians", "former Yugoslav Republic of Macedonia",
            "FYROM"],
    "MMR": ["Burma", "Burmese"],
    "MNP": ["Northern Marianas"],
    "NLD": ["Dutch"],
    "PCN": ["Pitcairn"],
    "PHL": ["Philippine", "Filipina", "Filipinos"],
    "POL": ["Poles"],
    "PRK": ["North Korea", "DPRK", "North Korean", "North Koreans"],
    "PSE": ["Palestinian", "Palestinians", "State of Palestine",
            "Palestinian territories", "occupied Palestinian territories"],
    "RUS": ["Russian", "Russians", "Russian Federation"],
    "SAU": ["Saudi", "Saudis", "Saudi Arabians"],
    "SHN": ["Saint Helena", "St. Helena", "Ascension Island",
            "Tristan da Cunha"],
    "SJM": ["Svalbard"],
    "SUR": ["Surinamese"],
    "SVK": ["Slovaks", "Slovakian"],
    "SVN": ["Slovenian", "Slovenians", "Slovenes"],
    "SWE": ["Swede", "Swedes"],
    "SWZ": ["Swaziland", "Eswatini"],
    "TJK": ["Tajik", "Tajiks", "Tajikistani"],
    "TLS": ["East Timor", "East Timorese"],
    "TTO": ["Trinidad", "Tobagonian"],
    "TUR": ["Turkey", "Turkish", "Turk", "Turks", "Republic of Turkey"],
    "TCA": ["Turks and Caicos"],
    "TWN": ["Taiwanese", "Chinese Taipei"],
    "UKR": ["Ukrainian", "Ukrainians"],
    "USA": ["US", "USA", "United States", "United States of America",
            "America", "American", "Americans"],
    "UZB": ["Uzbek", "Uzbeks"],
    "VNM": ["Viet Nam"],
    "VAT": ["Holy See", "Vatican"],
    "VCT": ["Saint Vincent", "Vincentian", "Vincentians"],
    "VIR": ["US Virgin Islands"],
    "XKX": ["Kosovar", "Kosovars", "Kosovan", "Kosovans",
            "Republic of Kosovo"],
}

# Names that two or more countries share, and the country that gets them:
# the one news reports mean far more often.
PREFERRED = {
    "Congo": "COD",          # "Congo" alone usually means the DRC
    "Congolese": "COD",
    "Dominican": "DOM",      # also the demonym of Dominica
    "Dominicans": "DOM",
    "French": "FRA",         # the package also gives it to ATF
    "Dutch": "NLD",          # also given to BES
    "Norwegian": "NOR",      # also given to SJM
    "Norwegians": "NOR",
    "Indian": "IND",         # also given to IOT
    "Indians": "IND",
    "American": "USA",       # also given to MNP
    "Americans": "USA",
}

# Shared names given to nobody.
OMITTED = {
    "Channel Islander": "Guernsey and Jersey",
    "Channel Islanders": "Guernsey and Jersey",
    "Virgin Islander": "British and US Virgin Islands",
    "Virgin Islanders": "British and US Virgin Islands",
}

# Demonyms whose plural is the same word or is irregular (irregular plurals
# are in EXTRA).
NO_PLURAL = {"Czech", "Malagasy", "Ni-Vanuatu", "I-Kiribati", "Motswana",
             "Mosotho", "Kyrgyz", "Kirghiz", "Burkinabe", "Manx", "Vatican"}

# Demonyms the package gives that are not used as names.
DROPPED_DEMONYMS = {
    "South Georgian South Sandwich Islander",
    "Gibraltar",             # the package gives the place name itself
    "Djibouti",
}

# International regions (units declared in codes.txt).
REGIONS = [
    ("AFR", ["Africa", "African", "Africans", "sub-Saharan Africa"]),
    ("ASA", ["Asia", "Asian", "Asians", "Asia-Pacific"]),
    ("EUR", ["Europe", "European", "Europeans"]),
    ("MEA", ["Middle East", "Middle Eastern", "Mideast"]),
    ("LAM", ["Latin America", "Latin American", "Latin Americans",
             "Central America", "Central American", "Central Americans"]),
    ("NMR", ["North America", "North American", "North Americans"]),
    ("SAM", ["South America", "South American", "South Americans"]),
    ("CAS", ["Central Asia", "Central Asian", "Central Asians"]),
    ("SAS", ["South Asia", "South Asian", "South Asians"]),
    ("SEA", ["Southeast Asia", "Southeast Asian", "Southeast Asians",
             "South-East Asia", "South-East Asian"]),
    ("CAU", ["Caucasus", "South Caucasus", "Transcaucasia"]),
    ("BLK", ["Balkans", "Balkan", "Western Balkans"]),
    ("CRB", ["Caribbean"]),
    ("SCN", ["Scandinavia", "Scandinavian", "Scandinavians",
             "Nordic countries", "Nordics"]),
    ("NAF", ["North Africa", "North African", "North Africans",
             "Maghreb"]),
    ("WAF", ["West Africa", "West African", "West Africans"]),
    ("EAF", ["East Africa", "East African", "East Africans",
             "Horn of Africa"]),
    ("SAF", ["Southern Africa", "Southern African"]),
    ("CFR", ["Central Africa"]),
    ("EEU", ["Eastern Europe", "Eastern European", "Eastern Europeans"]),
    ("CEU", ["Central Europe", "Central European", "Central Europeans"]),
    ("WEU", ["Western Europe", "Western European", "Western Europeans"]),
    ("PGS", ["Persian Gulf", "Gulf states", "Gulf Arab states"]),
    ("MDT", ["Mediterranean"]),
    ("ARB", ["Arab world", "Arab states", "Arab countries",
             "Arab nations"]),
    ("WST", ["Western countries", "Western nations", "Western powers",
             "Western allies"]),
    ("WSTGOV", ["Western governments", "Western leaders"]),
]

# Places inside one country whose names contain another country's name, and
# that are used as actors.
SUBNATIONAL = [
    ("RUS", ["North Caucasus"]),
    ("NGA", ["Niger Delta", "Niger State"]),
    ("CAN", ["British Columbia"]),
    ("AUS", ["New South Wales"]),
]

# Names that contain a country name but are not that country: matched so
# that they block the shorter name, and dropped.
BLOCKED = [
    "New Jersey", "New Mexico", "New Guinea", "New England",
    "Indian Ocean", "West Indies", "American Indian", "American Indians",
    "Native American", "Native Americans", "Americas",
    "North Pole", "South Pole",
    "Niger River", "Congo River", "Congo Basin", "Jordan River",
    "Panama Canal", "Panama Papers", "Gulf of Mexico",
    "South China Sea", "East China Sea", "Sea of Japan", "Irish Sea",
    "Benin City",
]


def fold(s):
    """Approximates the matcher's comparison: the key two names share when
    Herald would take them for the same name."""
    s = s.replace("ø", "o").replace("Ø", "O").replace("æ", "ae")
    s = s.replace("Æ", "Ae").replace("ß", "ss").replace("ł", "l")
    s = s.replace("Ł", "L").replace("đ", "d").replace("Đ", "D")
    s = s.replace("ı", "i")
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.casefold()
    s = re.sub(r"(?<=\w)\.(?=\w)", "", s)       # U.S. -> US
    s = re.sub(r"\.(?=\s|$)", "", s)            # St. -> St
    s = re.sub(r"[-\u2010-\u2015]", " ", s)     # hyphens, dashes
    s = re.sub(r"[\u2019']s\b", "", s)          # possessive
    s = " ".join(s.split())
    if s.startswith("the "):
        s = s[4:]
    return s


def is_latin(name):
    for c in name:
        if 0x250 <= ord(c) <= 0x2FF:             # IPA and modifier letters
            return False
        if unicodedata.category(c).startswith("L"):
            if "LATIN" not in unicodedata.name(c, ""):
                return False
    return True


def tidy(name):
    """Drops a parenthesised part and a leading article."""
    name = re.sub(r"\s*\([^)]*\)", "", name)
    name = " ".join(name.split())
    name = re.sub(r"^[Tt]he\s+", "", name)
    return name


def words_of(name):
    return fold(name).replace("d'", "").split()


def english_vocabulary(countries):
    """Words of the English names and demonyms of all countries: an
    alternative spelling made of other words is in another language."""
    vocab = set()
    for c in countries:
        texts = [c["name"]["common"], c["name"]["official"]]
        texts += demonyms(c)
        for t in texts:
            vocab.update(words_of(t))
    for names in EXTRA.values():
        for t in names:
            vocab.update(words_of(t))
    vocab.update(ENGLISH_WORDS)
    return vocab


def acceptable_official(name):
    return bool(name) and "," not in name and is_latin(name) \
        and name not in DROPPED_ALTERNATIVES


def acceptable_alternative(name, vocab):
    if not acceptable_official(name):
        return False
    words = words_of(name)
    if len(words) == 1:
        if name.isupper():
            return name in ACRONYMS
        return fold(name) in {fold(w) for w in SINGLE_WORDS}
    return all(w in vocab for w in words)


def plural(demonym):
    if demonym in NO_PLURAL or len(demonym.split()) > 3:
        return None
    if re.search(r"(ese|ss|sh|ch|x|y|ic|ois|i?ais)$", demonym):
        return None
    return demonym + "s"


def demonyms(country):
    eng = country.get("demonyms", {}).get("eng", {})
    out = []
    for key in ("m", "f"):
        for d in re.split(r",\s*|\s+or\s+", eng.get(key, "") or ""):
            d = d.strip()
            if d and d not in DROPPED_DEMONYMS and d not in out:
                out.append(d)
    return out


def ensure_package(arg):
    if arg:
        path = arg
        if os.path.isdir(path):
            for cand in ("countries.json", "package/countries.json",
                         "node_modules/world-countries/countries.json"):
                if os.path.exists(os.path.join(path, cand)):
                    path = os.path.join(path, cand)
                    break
        if not os.path.isfile(path):
            sys.exit("gen-countries: no countries.json at %s" % arg)
        return path
    path = os.path.join(DEFAULT_PACKAGE, "countries.json")
    if not os.path.exists(path):
        cmd = ["npm", "install", "--no-save", "--prefix", NPM_PREFIX,
               "%s@%s" % (PACKAGE, VERSION)]
        print("gen-countries: " + " ".join(cmd), file=sys.stderr)
        subprocess.run(cmd, check=True)
    return path


def check_version(path):
    meta = os.path.join(os.path.dirname(path), "package.json")
    if os.path.exists(meta):
        with open(meta, encoding="utf-8") as f:
            version = json.load(f).get("version")
        if version != VERSION:
            sys.exit("gen-countries: %s is version %s, not %s"
                     % (PACKAGE, version, VERSION))


def collect(countries, dropped):
    """Returns [[code, canonical, names]]; appends the alternative spellings
    it leaves out to dropped."""
    vocab = english_vocabulary(countries)
    entries = []
    for c in countries:
        code = CODE_FIX.get(c["cca3"], c["cca3"])
        canonical = CANONICAL.get(code, tidy(c["name"]["common"]))
        names = [canonical]
        for n in (c["name"]["common"], c["name"]["official"]):
            if acceptable_official(tidy(n)):
                names.append(tidy(n))
        for alt in c.get("altSpellings", []):
            alt = tidy(alt)
            if acceptable_alternative(alt, vocab):
                names.append(alt)
            elif alt and not alt.isupper():
                dropped.append((code, alt))
        for d in demonyms(c):
            names.append(d)
            p = plural(d)
            if p:
                names.append(p)
        names.extend(EXTRA.get(code, []))
        # Saint X -> St. X
        names.extend("St. " + n[6:] for n in list(names)
                     if n.startswith("Saint "))
        entries.append([code, canonical, names])
    return entries


def dedupe(names):
    seen, out = set(), []
    for n in names:
        k = fold(n)
        if k and k not in seen:
            seen.add(k)
            out.append(n)
    return out


def settle(groups):
    """groups: [code, canonical, names]. Removes shared names as PREFERRED
    and OMITTED say; stops on a clash they do not settle."""
    owners = {}
    for code, _, names in groups:
        for n in names:
            owners.setdefault(fold(n), set()).add(code)
    preferred = {fold(k): v for k, v in PREFERRED.items()}
    omitted = {fold(k) for k in OMITTED}
    unsettled = []
    for key, codes in sorted(owners.items()):
        if len(codes) > 1 and key not in preferred and key not in omitted:
            unsettled.append("%s: %s" % (key, ", ".join(sorted(codes))))
    if unsettled:
        sys.exit("gen-countries: names shared by several entries; settle "
                 "them in PREFERRED or OMITTED:\n  " + "\n  ".join(unsettled))
    for g in groups:
        code, canonical, names = g
        kept = []
        for n in names:
            k = fold(n)
            if k in omitted:
                continue
            if k in preferred and preferred[k] != code:
                continue
            kept.append(n)
        if fold(canonical) not in {fold(n) for n in kept}:
            sys.exit("gen-countries: %s lost its canonical name %s"
                     % (code, canonical))
        g[2] = kept


def wrap(names):
    """First line at column 0, further names on indented '|' lines."""
    lines, line = [], names[0]
    for n in names[1:]:
        if len(line) + 3 + len(n) > 78:
            lines.append(line)
            line = "  | " + n
        else:
            line += " | " + n
    lines.append(line)
    return lines


def main():
    args = [a for a in sys.argv[1:] if a != "-v"]
    path = ensure_package(args[0] if args else None)
    check_version(path)
    with open(path, encoding="utf-8") as f:
        countries = json.load(f)

    dropped = []
    groups = collect(countries, dropped)
    if "-v" in sys.argv:
        for code, alt in dropped:
            print("dropped %s %s" % (code, alt), file=sys.stderr)
    for g in groups:
        g[2] = dedupe(g[2])
    extra_groups = [[code, names[0], dedupe(names)]
                    for code, names in REGIONS + SUBNATIONAL]
    blocked = [["-", n, [n]] for n in BLOCKED]
    settle(groups + extra_groups + blocked)

    groups.sort(key=lambda g: fold(g[1]))
    out = []
    out.append("# Countries and territories, with CAMEO's international "
               "regions.")
    out.append("#")
    out.append("# GENERATED by scripts/gen-countries.py from the npm package "
               "%s %s" % (PACKAGE, VERSION))
    out.append("# (country names and demonyms by Mohammed Le Doze and "
               "contributors, ODbL-1.0)")
    out.append("# and the script's own tables. Do not edit: change the "
               "script and run it again.")
    out.append("#")
    out.append("# Code: the ISO 3166-1 alpha-3 code (XKX for Kosovo). Names "
               "that two countries")
    out.append("# share go to the one news reports usually mean:")
    for k, v in PREFERRED.items():
        out.append("#   %-12s -> %s" % (k, v))
    out.append("# and these go to nobody:")
    for k, v in OMITTED.items():
        out.append("#   %-18s (%s)" % (k, v))
    out.append("# \"Korea\" and \"Korean\" alone are left out: they fit both "
               "Koreas. \"Georgia\" is")
    out.append("# the country; it is also a US state, which this dictionary "
               "cannot tell apart.")
    out.append("")
    for code, _, names in groups:
        out.extend(wrap(names))
        out.append("  " + code)
        out.append("")

    out.append("# " + "-" * 75)
    out.append("# International regions (units in codes.txt).")
    out.append("")
    for code, _, names in extra_groups[:len(REGIONS)]:
        out.extend(wrap(names))
        out.append("  " + code)
        out.append("")

    out.append("# " + "-" * 75)
    out.append("# Parts of a country whose names hold another country's "
               "name.")
    out.append("")
    for code, _, names in extra_groups[len(REGIONS):]:
        out.extend(wrap(names))
        out.append("  " + code)
        out.append("")

    out.append("# " + "-" * 75)
    out.append("# Names holding a country's name that are not that country: "
               "they yield nothing.")
    out.append("")
    for _, _, names in blocked:
        out.append(names[0])
        out.append("  -")
        out.append("")

    os.makedirs(os.path.dirname(OUTPUT), exist_ok=True)
    with open(OUTPUT, "w", encoding="utf-8") as f:
        f.write("\n".join(out).rstrip("\n") + "\n")
    n_names = sum(len(g[2]) for g in groups)
    print("gen-countries: %d countries, %d names, %d region entries -> %s"
          % (len(groups), n_names, len(extra_groups),
             os.path.relpath(OUTPUT, ROOT)), file=sys.stderr)


if __name__ == "__main__":
    main()
