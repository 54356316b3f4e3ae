"""Toponyms in a parsed document, resolved against the offline gazetteer by the document's own
context: the countries and regions it names (and its demonyms), population, and distance to its
other places; "X, Y" and "X in Y" tie a town and the region that holds it both ways, a county
leans to the state the text's towns lie in, list neighbours share a kind (capitals with
capitals), and a river the gazetteer lacks is put at the town named nearest to it."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from newsledger.gazetteer import Entry, gazetteer, name_key
from newsledger.record import Place
from newsledger.toponyms import Mention, country_adjectives, find_mentions

__all__ = ["Place", "find_places", "resolve_names"]

PRECISION = {"C": "country", "A": "region", "D": "region", "R": "region", "F": "region",
             "P": "exact"}
KIND_PRIOR = {"C": 2.0, "R": 3.0, "F": 3.0, "A": 0.8, "D": 0.5, "P": 0.0}
FEATURE = {"C": "country", "A": "region", "D": "district", "R": "region", "F": "feature",
           "P": "city"}
MIN_POP_CONTEXT = 10_000
DOMINANT_RATIO = 20
DOMINANT_BONUS = 1.0
ROUNDS = 2
CAPITAL_BONUS = 1.0
LIST_BONUS = 1.0
HINT_BONUS = 3.0
HOLDS_BONUS = 2.0
ARTICLE_BONUS = 1.0
STATE_VOTE = 0.25
MAX_STATE_VOTES = 4


def _population_score(e: Entry) -> float:
    score = math.log10(e.population + 10) / 3
    # A county's figure is the sum of its towns over 1,000 people: it overstates the gap
    # between a big city's county and a rural one of the same name ("Harris County").
    return score / 2 if e.kind == "D" else score


def _rough_km(a: Entry, b: Entry) -> float:
    """Equirectangular distance: within a few per cent of the great circle at the ranges the
    score tells apart, and several times cheaper (it runs for every candidate and anchor)."""
    dlon = abs(a.lon - b.lon)
    dlon = min(dlon, 360.0 - dlon) * math.cos(math.radians((a.lat + b.lat) / 2))
    return 111.2 * math.hypot(a.lat - b.lat, dlon)


def _score(e: Entry, m: Mention, ctx_countries: Counter[str], ctx_regions: set[tuple[str, str]],
           anchors: list[Entry], within: list[Entry],
           states: Counter[tuple[str, str]] | None = None, held: list[Entry] | None = None
           ) -> float:
    score = _population_score(e) + KIND_PRIOR[e.kind]
    if e.kind == "P" and e.population >= 100_000 and all(
            c.kind != "C" and c.population * DOMINANT_RATIO <= e.population
            for c in m.candidates if c is not e and c.kind in "PC"):
        score += DOMINANT_BONUS  # London, Houston, Madrid: a homonym must earn its place
    if e.kind == "A" and e.population >= 1_000_000 and all(
            c.population * 100 <= e.population for c in m.candidates if c.kind == "P"):
        score += DOMINANT_BONUS  # California the state before California, Maryland
    if e.capital:
        score += CAPITAL_BONUS  # Washington the city before the state
    if m.region_word:
        score += 3.0 if e.kind == "A" else -1.0
    elif e.kind == "A" and (name_key(e.name) != m.key or any(
            c.kind == "P" and (c.country == e.country and c.admin1 == e.admin1 or c.capital)
            for c in m.candidates)):
        # a region found through its capital's name, or named as it, or as a nation's
        # capital ("Washington" the city before the state): the town
        score -= 1.5
    if e.kind == "A" and not m.region_word and any(c.kind == "C" for c in m.candidates):
        score -= 1.0  # Niger the country before Niger the Nigerian state
    if e.country and ctx_countries[e.country]:
        score += 1.2 + 0.2 * min(ctx_countries[e.country], 5)
    if e.kind in "PD" and (e.country, e.admin1) in ctx_regions:
        score += 1.0
    if e.kind in "DA" and states:  # "Harris County": in the state the text's towns lie in
        # (for a town the distance to them says as much, and a big city keeps its lead);
        # a state whose towns the text names: "Pullman ... in Washington"
        score += STATE_VOTE * min(states[(e.country, e.admin1)], MAX_STATE_VOTES)
    if held and e.kind in "CA" and any(  # "Lahore in Punjab": the Punjab that holds Lahore
            h.country == e.country and (e.kind == "C" or h.admin1 == e.admin1) for h in held):
        score += HOLDS_BONUS
    if m.article and e.kind in "PF":  # "the Dnipro" is the river, "Dnipro" the city
        score += ARTICLE_BONUS if e.kind == "F" else -ARTICLE_BONUS
    elif e.kind == "F" and any(c.kind == "P" for c in m.candidates):
        score -= ARTICLE_BONUS
    if m.country_hint:  # "Indian Punjab"
        score += HINT_BONUS if e.country == m.country_hint else -HINT_BONUS
    if within and e.kind in "PDF":  # a region is not "in" the next name: "Quebec, Ontario"
        score += 4.0 if any(w.country == e.country and (w.kind == "C" or w.admin1 == e.admin1)
                            for w in within) else -2.0
    # Not the same river under its other name ("Thames", "Thames River"): it would vouch for
    # whichever point the round before took.
    anchors = [a for a in anchors if a.name != e.name]
    if anchors and e.kind != "C":
        nearest = min(_rough_km(e, a) for a in anchors)
        score += 1.0 if nearest < 100 else 0.6 if nearest < 400 else 0.3 if nearest < 1200 else 0
        if e.kind == "F":  # of a river's points, the one amid the text's other places
            score -= sum(_rough_km(e, a) for a in anchors) / len(anchors) / 10_000
    return score


def resolve_names(mentions: list[Mention],
                  demonyms: Counter[str] | None = None) -> dict[str, Entry]:
    """One place per name in a document, chosen in rounds: the first by explicit countries
    and regions (and the countries its demonyms name: "Pakistani officials"), the next adding
    the countries of and distance to the places the round before chose (a third round was
    tried: it moves as many names right as wrong)."""
    groups: dict[str, Mention] = {}
    for m in mentions:
        if not m.candidates:
            continue  # a river the gazetteer lacks: placed after the others
        first = groups.setdefault(m.key, m)
        if first is not m:  # a mislabelled first mention may carry only the big candidates
            first.candidates = first.candidates + [
                e for e in m.candidates if all(e is not c for c in first.candidates)]
        first.region_word = first.region_word or m.region_word
        first.within = first.within or m.within
        first.listed |= m.listed
        first.country_hint = first.country_hint or m.country_hint
        first.holds |= m.holds
        first.article = first.article or m.article
    # Region words make a name its own key: "Aleppo province" and "Aleppo" differ.
    chosen: dict[str, Entry] = {}
    for round_ in range(ROUNDS):
        countries: Counter[str] = Counter(demonyms or {})
        regions: dict[tuple[str, str], set[str]] = {}  # region -> the names that put it there
        for key, m in groups.items():
            pick = chosen.get(key)
            # A name found in one country only sets the context if it is a country, a
            # region or a sizeable town: a hamlet that happens to be unique proves little.
            if pick is None and len({e.country for e in m.candidates}) == 1:
                top = max(m.candidates, key=lambda e: e.population)
                if top.kind != "P" or top.population >= MIN_POP_CONTEXT:
                    pick = top
            # A river or a sea runs through several countries: it names none of them.
            if pick is not None and pick.kind not in "FR":
                countries[pick.country] += 1
                if pick.kind in "AD":  # a county holds its seat: "Lebanon ... Wilson County"
                    regions.setdefault((pick.country, pick.admin1), set()).add(key)
        states: Counter[tuple[str, str]] = Counter(
            (e.country, e.admin1) for e in chosen.values() if e.kind in "PDA")
        for key, m in groups.items():
            others = Counter(countries)
            anchors = [e for k, e in chosen.items() if k != key and e.kind != "C"]
            in_states = Counter(states)
            if key in chosen:
                others[chosen[key].country] -= 1
                in_states[(chosen[key].country, chosen[key].admin1)] -= 1
            within = [chosen[m.within]] if m.within in chosen else (
                groups[m.within].candidates if m.within in groups else [])
            # Only a country or a region holds a town: "London, Ontario" is not in the
            # Californian town of Ontario.
            within = [w for w in within if w.kind in "CA"]
            # "Quebec and Ontario", "Georgia, Armenia and Azerbaijan": a list holds one kind
            kinds = {chosen[k].kind for k in m.listed if k in chosen and k != key}
            # "Brussels and Washington": a capital's list neighbour is a capital too
            if any(chosen[k].capital for k in m.listed if k in chosen and k != key):
                kinds.add("capital")
            held = [chosen[k] for k in m.holds if k in chosen]
            named = {r for r, keys in regions.items() if keys - {key}}  # not by itself
            scored = [(_score(e, m, others, named, anchors if round_ else [], within,
                              in_states if round_ else None, held)
                       + (LIST_BONUS if round_ and (e.kind in "CA" and e.kind in kinds
                                                    or e.capital and "capital" in kinds)
                          else 0), i)
                      for i, e in enumerate(m.candidates)]
            chosen[key] = m.candidates[max(scored)[1]]
    return chosen


def _demonyms(doc: Any) -> Counter[str]:
    """Countries the document's demonyms name ("Pakistani authorities"), once each."""
    adjectives = country_adjectives()
    return Counter({adjectives[t.text] for ent in doc.ents if ent.label_ == "NORP"
                    for t in ent if t.text in adjectives})


def _by_the_towns(doc: Any, m: Mention, mentions: list[Mention],
                  chosen: dict[str, Entry]) -> Entry | None:
    """A river the gazetteer lacks, at the town (else the region) named nearest to it in its
    sentence ("the Piscataqua River between Portsmouth and Kittery"), else at the town the
    text names most often."""
    best: tuple[int, int, int, int] | None = None
    pick: Entry | None = None
    split = doc.has_annotation("SENT_START")
    sentence = doc[m.tokens[0]].sent.start if split else 0
    # Beyond its sentence, the town the text names most: a local story's own town
    times = Counter(o.key for o in mentions)
    for other in mentions:
        e = chosen.get(other.key)
        if e is None or e.kind in "CRF" or other.key == m.key:
            continue
        apart = abs(other.start - m.start)
        near = not split or doc[other.tokens[0]].sent.start == sentence
        rank = (0 if near else 1, 0 if e.kind in "PD" else 1, 0 if near else -times[other.key],
                apart)
        if best is None or rank < best:
            best, pick = rank, e
    if pick is None:
        return None
    return Entry("F", None, m.text, pick.lat, pick.lon, pick.country, pick.admin1, 0)


WATER_ENDINGS = (" creek", " river", " lake", " bay", " falls")
LOWER_WATER = {"river", "rivers", "creek", "lake"}
STRAY_KM = 300


def _stray_water(doc: Any, m: Mention, e: Entry, chosen: dict[str, Entry]) -> bool:
    """A town named like a water ("Turtle Creek", "Grand River", "the Aras river") far from
    most other towns of the text (two at least): the water by them is meant."""
    after = doc[m.tokens[1]].lower_ if m.tokens[1] < len(doc) else ""
    if not m.key.endswith(WATER_ENDINGS) and after not in LOWER_WATER:
        return False
    apart = sorted(_rough_km(e, o) for k, o in chosen.items() if k != m.key and o.kind in "PD")
    return len(apart) >= 2 and apart[len(apart) // 2] > STRAY_KM


def find_places(doc: Any) -> list[Place]:
    """Every toponym in `doc` with the place it names."""
    gaz = gazetteer()
    mentions = find_mentions(doc, gaz)
    chosen = resolve_names(mentions, _demonyms(doc))
    places = []
    for m in mentions:
        e = chosen.get(m.key) or _by_the_towns(doc, m, mentions, chosen)
        if e is not None and e.kind == "P" and _stray_water(doc, m, e, chosen):
            m.water = True  # "Turtle Creek" in an Ohio story: the creek, not the far town
            e = _by_the_towns(doc, m, mentions, chosen) or e
        if e is None:
            continue
        precision = "near" if m.water else PRECISION[e.kind]
        if m.region_word and e.kind == "P":
            region = gaz.regions.get((e.country, e.admin1))
            e, precision = (region, "region") if region else (e, "near")
        elif m.near and e.kind == "P":
            precision = "near"
        feature = FEATURE[e.kind]
        places.append(Place(text=m.text, start=m.start, end=m.end, name=e.name, lat=e.lat,
                            lon=e.lon, country=e.country, precision=precision,
                            geonameid=e.geonameid, feature=feature))
    return places
