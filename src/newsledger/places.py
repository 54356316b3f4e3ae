"""Toponyms in a parsed document, resolved against the offline gazetteer by the document's own
context: the countries and regions it names, population, and distance to its other places."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

from newsledger.annotate import doc_text, entities
from newsledger.gazetteer import Entry, Gazetteer, distance_km, gazetteer, name_key
from newsledger.record import Place

__all__ = ["Place", "find_places", "resolve_names"]

PLACE_LABELS = {"GPE", "LOC", "FAC"}
# spaCy's small model tags some towns as people or groups (Raqqah PERSON, Aleppo NORP, Donbass
# ORG): those labels are taken only for a well-known place.
OTHER_LABELS = {"PERSON", "ORG", "NORP"}
MIN_POP_OTHER = 100_000
NEAR_WORDS = {"near", "outside", "around", "nearby"}
PRECISION = {"C": "country", "A": "region", "R": "region", "P": "exact"}
KIND_PRIOR = {"C": 2.0, "R": 3.0, "A": 0.8, "P": 0.0}
MIN_POP_CONTEXT = 10_000
DOMINANT_RATIO = 20
DOMINANT_BONUS = 1.0


@dataclass(slots=True)
class _Mention:
    text: str
    start: int
    end: int
    key: str
    candidates: list[Entry]
    region_word: bool = False  # "Aleppo province"
    near: bool = False  # "near Mosul"
    within: str = ""  # "Paris, Texas": the key of the enclosing place


def _population_score(e: Entry) -> float:
    return math.log10(e.population + 10) / 3


def _candidates(gaz: Gazetteer, text: str, *, min_pop: int = 0) -> list[Entry]:
    found = gaz.lookup(text) or gaz.lookup_variants(text)
    if min_pop:
        found = [e for e in found if e.kind != "P" or e.population >= min_pop]
    return found


def _mentions(doc: Any, gaz: Gazetteer) -> list[_Mention]:
    text = doc_text(doc)
    out: list[_Mention] = []
    for ent in entities(doc):
        label = ent.label_
        if label not in PLACE_LABELS and label not in OTHER_LABELS:
            continue
        prev = doc[ent.start - 1] if ent.start > 0 else None
        # "The Duran", "The Hill": a capitalised article mid-sentence makes it a title.
        if prev is not None and prev.text == "The" and not prev.is_sent_start:
            continue
        if label in PLACE_LABELS:
            cands = _candidates(gaz, ent.text)
        else:
            cands = [e for e in gaz.lookup(ent.text)
                     if e.kind != "P" or e.population >= MIN_POP_OTHER]
        if not cands:
            continue
        start, end = ent.start_char, ent.end_char
        if start < len(text) and text[start:start + 4].lower() == "the ":
            start += 4
        m = _Mention(text[start:end], start, end, name_key(text[start:end]), cands)
        nxt = doc[ent.end] if ent.end < len(doc) else None
        if nxt is not None and nxt.lower_ in gaz.region_words:
            m.region_word = True
        if prev is not None and prev.lower_ in NEAR_WORDS:
            m.near = True
        out.append(m)
    # "Paris, Texas": the second name holds the first.
    for a, b in zip(out, out[1:], strict=False):
        if text[a.end:b.start] == ", " and any(e.kind in "CA" for e in b.candidates):
            a.within = b.key
    return out


def _score(e: Entry, m: _Mention, ctx_countries: Counter[str], ctx_regions: set[tuple[str, str]],
           anchors: list[Entry], within: list[Entry]) -> float:
    score = _population_score(e) + KIND_PRIOR[e.kind]
    if e.kind == "P" and e.population >= 100_000 and all(
            c.population * DOMINANT_RATIO <= e.population for c in m.candidates
            if c is not e and (c.country, c.admin1) != (e.country, e.admin1)):
        score += DOMINANT_BONUS  # London, Houston, Madrid: a homonym must earn its place
    if m.region_word:
        score += 3.0 if e.kind == "A" else -1.0
    elif e.kind == "A" and (name_key(e.name) != m.key or any(
            c.kind == "P" and c.country == e.country and c.admin1 == e.admin1
            for c in m.candidates)):
        score -= 1.5  # a region found through its capital's name, or named as it: the town
    if e.kind == "A" and not m.region_word and any(c.kind == "C" for c in m.candidates):
        score -= 1.0  # Niger the country before Niger the Nigerian state
    if e.country and ctx_countries[e.country]:
        score += 1.2 + 0.2 * min(ctx_countries[e.country], 5)
    if e.kind == "P" and (e.country, e.admin1) in ctx_regions:
        score += 1.0
    if within:
        score += 4.0 if any(w.country == e.country and (w.kind == "C" or w.admin1 == e.admin1)
                            for w in within) else -2.0
    if anchors and e.kind in "PAR":
        nearest = min(distance_km(e, a) for a in anchors)
        score += 1.0 if nearest < 100 else 0.6 if nearest < 400 else 0.3 if nearest < 1200 else 0
    return score


def resolve_names(mentions: list[_Mention]) -> dict[str, Entry]:
    """One place per name in a document, chosen in two rounds: the first by explicit
    countries and regions, the second adding distance to the places the first chose."""
    groups: dict[str, _Mention] = {}
    for m in mentions:
        first = groups.setdefault(m.key, m)
        first.region_word = first.region_word or m.region_word
        first.within = first.within or m.within
    # Region words make a name its own key: "Aleppo province" and "Aleppo" differ.
    chosen: dict[str, Entry] = {}
    for round_ in range(2):
        countries: Counter[str] = Counter()
        regions: set[tuple[str, str]] = set()
        for key, m in groups.items():
            pick = chosen.get(key)
            # A name found in one country only sets the context if it is a country, a
            # region or a sizeable town: a hamlet that happens to be unique proves little.
            if pick is None and len({e.country for e in m.candidates}) == 1:
                top = max(m.candidates, key=lambda e: e.population)
                if top.kind != "P" or top.population >= MIN_POP_CONTEXT:
                    pick = top
            if pick is not None:
                countries[pick.country] += 1
                if pick.kind == "A":
                    regions.add((pick.country, pick.admin1))
        for key, m in groups.items():
            others = Counter(countries)
            anchors = [e for k, e in chosen.items() if k != key and e.kind != "C"]
            if key in chosen:
                others[chosen[key].country] -= 1
            within = [chosen[m.within]] if m.within in chosen else (
                groups[m.within].candidates if m.within in groups else [])
            scored = [(_score(e, m, others, regions, anchors if round_ else [], within), i)
                      for i, e in enumerate(m.candidates)]
            chosen[key] = m.candidates[max(scored)[1]]
    return chosen


def find_places(doc: Any) -> list[Place]:
    """Every toponym in `doc` with the place it names."""
    gaz = gazetteer()
    mentions = _mentions(doc, gaz)
    for m in mentions:
        if m.region_word:
            m.key += " (region)"
    chosen = resolve_names(mentions)
    places = []
    for m in mentions:
        e = chosen[m.key]
        precision = PRECISION[e.kind]
        if m.region_word and e.kind == "P":
            region = gaz.regions.get((e.country, e.admin1))
            e, precision = (region, "region") if region else (e, "near")
        elif m.near and e.kind == "P":
            precision = "near"
        feature = {"C": "country", "A": "region", "R": "region", "P": "city"}[e.kind]
        places.append(Place(text=m.text, start=m.start, end=m.end, name=e.name, lat=e.lat,
                            lon=e.lon, country=e.country, precision=precision,
                            geonameid=e.geonameid, feature=feature))
    return places
