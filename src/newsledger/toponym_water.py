"""Rivers and lakes in a parsed document: "the Chattahoochee River", "Lake Lanier", "the Pungwe
and Buzi rivers", "a bridge over the Mtkvari river". A name in the gazetteer's feature list takes
its points there; a name the list lacks is kept all the same, as a water mention that the
resolver places at the town the text names nearest to it (a river in a news story runs by the
places the story is about), and its bare repeats ("return to the Chattahoochee") go with it."""

from __future__ import annotations

import re
from typing import Any

from newsledger.gazetteer import Gazetteer, name_key
from newsledger.toponym_evidence import Mention

__all__ = ["find_water"]

# Capitalised after a name: "Hocking River", "West Point Lake", "Mozambique Channel".
AFTER_WORDS = {"river", "creek", "lake", "bay", "canal", "channel", "strait", "reservoir",
               "harbor", "harbour", "estuary", "dam", "park", "falls"}
# Of these, the waters small enough to lie by the towns of a story: a channel or a strait the
# feature list lacks is left out rather than put at a town.
LOCAL_WORDS = {"river", "rivers", "creek", "lake", "bay", "canal", "reservoir", "harbor",
               "harbour", "estuary", "dam", "park", "falls", "mount", "mt", "mt."}
# Before a name: "River Tyne", "Lake Lanier".
# Landmarks too ("Burrendong Dam", "Mount Panorama", "Komodo National Park"): news names them
# beside the towns they lie by.
BEFORE_WORDS = {"river", "lake", "loch", "mount", "mt", "mt."}
# Lower case after a name: "the Mtkvari river", "the Ravi and Sutlej rivers".
LOWER_WORDS = {"river", "rivers", "lake", "creek", "dam"}
MAX_NAME_TOKENS = 3
WATER_TEXT = re.compile(r"\b(" + "|".join(sorted(re.escape(w) for w in
                                                   AFTER_WORDS | BEFORE_WORDS | LOWER_WORDS))
                        + r")\b", re.I)


WATER_KEY = " (water)"
NAME_ABBREVIATIONS = {"St.", "St", "Ste.", "Mt.", "Ft."}  # "St. Lawrence River"


def _name(tok: Any) -> bool:
    if tok.text in NAME_ABBREVIATIONS:
        return True
    return bool(tok.text[:1].isupper()) and bool(tok.is_alpha) and not tok.is_stop \
        and tok.ent_type_ not in {"DATE", "TIME"}


def _name_before(doc: Any, end: int) -> int:
    start = end
    while start > 0 and end - start < MAX_NAME_TOKENS and _name(doc[start - 1]) \
            and doc[start - 1].lower_ not in AFTER_WORDS:
        start -= 1
    return start


def _spans(doc: Any) -> list[tuple[int, int, int, int, int]]:
    """(start, end) of each water name with (start, end) of its bare name and the water word
    (its index)."""
    out: list[tuple[int, int, int, int, int]] = []
    words = AFTER_WORDS | BEFORE_WORDS | LOWER_WORDS
    if not WATER_TEXT.search(doc.text):
        return out  # most stories name no water: skip the walk over their tokens
    for i, tok in enumerate(doc):
        word = tok.lower_
        if word not in words:
            continue
        capital = tok.text[:1].isupper()
        if capital and word in AFTER_WORDS:
            start = _name_before(doc, i)
            if start < i:
                out.append((start, i + 1, start, i, i))
        if capital and word in BEFORE_WORDS and i + 1 < len(doc) and _name(doc[i + 1]):
            end = i + 1
            while end < len(doc) and end - i <= MAX_NAME_TOKENS and _name(doc[end]):
                end += 1
            out.append((i, end, i + 1, end, i))
        if not capital and word in LOWER_WORDS:
            start = _name_before(doc, i)
            if start < i:
                out.append((start, i, start, i, i))
                if word == "rivers" and start > 1 and doc[start - 1].lower_ in {"and", ","}:
                    first = _name_before(doc, start - 1)  # "the Pungwe and Buzi rivers"
                    if first < start - 1:
                        out.append((first, start - 1, first, start - 1, i))
    return out


def find_water(doc: Any, gaz: Gazetteer, text: str) -> list[Mention]:
    """The rivers and lakes of `doc`, in text order."""
    found: list[Mention] = []
    taken: set[int] = set()
    bases: dict[str, str] = {}  # bare name of a river the gazetteer lacks -> word it needs
    for start, end, b0, b1, word in _spans(doc):
        if end < len(doc) and _name(doc[end]) or taken & set(range(start, end)):
            continue  # part of a longer name: "Lake County Council", "Hudson River Park"
        span = doc[start:end]
        cands = gaz.lookup(span.text)
        if cands and not any(c.kind == "F" for c in cands):
            continue  # a town or a county: "Mount Juliet", "Lake County"
        bare = gaz.lookup(doc[b0:b1].text)
        features = [c for c in cands or bare if c.kind == "F"]
        if not features and doc[word].lower_ not in LOCAL_WORDS:
            continue  # a channel or a strait the list lacks: too big to put at a town
        m = Mention(text[span.start_char:span.end_char], span.start_char, span.end_char,
                    name_key(span.text), features, tokens=(start, end))
        if not features:
            # Its own key: "the Benue River" is not Benue State, named in the same text.
            m.water, m.key = True, name_key(doc[b0:b1].text) + WATER_KEY
            # Its bare name elsewhere is the river too, if no place has that name or if it
            # takes the article ("the Piscataqua", though a town is also called so).
            bases[name_key(doc[b0:b1].text)] = "the" if bare else ""
        found.append(m)
        taken.update(range(start, end))
    # The bare name of a river the gazetteer lacks, elsewhere: the same river.
    for i in range(len(doc) if bases else 0):
        if i in taken or not _name(doc[i]):
            continue
        for stop in range(min(len(doc), i + MAX_NAME_TOKENS), i, -1):
            key = name_key(doc[i:stop].text)
            if key in bases and not (stop < len(doc) and _name(doc[stop])) and (
                    not bases[key] or i > 0 and doc[i - 1].lower_ == "the"):
                span = doc[i:stop]
                found.append(Mention(span.text, span.start_char, span.end_char,
                                     key + WATER_KEY, [],
                                     water=True, tokens=(i, stop)))
                taken.update(range(i, stop))
                break
    found.sort(key=lambda m: m.start)
    return found
