"""The evidence that a capitalised name is a place, for the names the tagger missed or
mislabelled (see `toponyms`): a preposition of place or a direction before it, a list it shares
with a place, a dateline, a capital speaking for its government; and the mention record itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsledger.gazetteer import Entry, Gazetteer

__all__ = ["DATELINE_AFTER", "LIST_WORDS", "Mention", "NEAR_WORDS", "beside",
           "capital_speaks", "country_adjectives", "dateline", "evidence", "is_name_token",
           "list_start", "sizeable", "title_case", "whole_word"]

NEAR_WORDS = {"near", "outside", "around", "nearby"}
PLACE_PREPOSITIONS = {"in", "near", "outside", "around", "from", "to", "towards", "toward",
                      "into", "across", "through", "via", "at", "between", "throughout",
                      "nearby", "inside", "within", "reach", "reached", "visited", "along",
                      "beyond", "including"}
WEAK_PREPOSITIONS = {"to", "from", "at", "via", "between", "reach", "reached", "visited"}
# "the town of X", "north of X": "of" is evidence only after one of these.
OF_HEADS = {"city", "town", "village", "province", "state", "region", "county", "district",
            "port", "suburb", "suburbs", "outskirts", "capital", "north", "south", "east",
            "west", "northeast", "northwest", "southeast", "southwest", "mayor", "governor",
            "streets", "centre", "center", "people", "residents", "island", "islands", "edge",
            "heart", "parts", "area", "seat", "banks", "shores"}
LIST_WORDS = {",", "and", "or"}
PLACE_NOUNS = {"towns", "cities", "villages", "places", "countries", "states", "provinces",
               "regions", "ports", "capitals", "suburbs", "areas", "communities"}
# "in central Mozambique", "from southern Maine": a direction before the name is evidence too.
DIRECTION_WORDS = {"central", "northern", "southern", "eastern", "western", "northeastern",
                   "northwestern", "southeastern", "southwestern", "north", "south", "east",
                   "west", "downtown", "rural", "coastal", "neighbouring", "neighboring"}
# The line a wire story opens with: "MAPUTO —", "LA PAZ, Bolivia (AP) —".
DATELINE_AFTER = {"—", "–", "-", "--", "(", ","}
MIN_POP_SEAT = 100_000  # "Kyiv said": only a big place speaks for a government


@dataclass(slots=True)
class Mention:
    text: str
    start: int
    end: int
    key: str
    candidates: list[Entry]
    region_word: bool = False  # "Aleppo province"
    near: bool = False  # "near Mosul"
    within: str = ""  # "Paris, Texas": the key of the enclosing place
    listed: set[str] = field(default_factory=set)  # keys of its list neighbours ("X and Y")
    tokens: tuple[int, int] = field(default=(0, 0))  # token range in the doc
    country_hint: str = ""  # "Indian Punjab": the country a demonym before the name gives
    holds: set[str] = field(default_factory=set)  # "Lahore in Punjab": Punjab holds Lahore
    water: bool = False  # a river or lake the gazetteer lacks: placed by the text's towns
    article: bool = False  # "the Dnipro": a river takes the article, a town does not

def country_adjectives() -> dict[str, str]:
    """"Russian" -> RU: the actor dictionary's demonyms (one word each)."""
    from newsledger.actor_dictionary import actor_dictionary

    return actor_dictionary().adjectives

def is_name_token(tok: Any) -> bool:
    return bool(tok.text[:1].isupper()) and bool(tok.is_alpha)

def list_start(doc: Any, s: int, e: int) -> int:
    """The first name of the list that the name at tokens `s`-`e` closes: "of [Hamilton] and
    Princeton", "in [Dover], Rochester and Somersworth" (a comma alone makes no list: "at
    Apple, Cook held")."""
    if s >= 2 and doc[s - 1].text == "," and not (e < len(doc) and doc[e].text in LIST_WORDS):
        return s
    while s >= 2 and doc[s - 1].text in LIST_WORDS and is_name_token(doc[s - 2]):
        s -= 2
        while s > 0 and is_name_token(doc[s - 1]) and not doc[s].is_sent_start:
            s -= 1  # a name of several words: "New Hope"
    return s

def evidence(doc: Any, m: Mention, gaz: Gazetteer) -> bool:
    s, e = m.tokens
    s = list_start(doc, s, e)
    if s > 0 and doc[s - 1].lower_ == "the":
        # "along the Thames", "across the Andes": a river, a range or a region takes "the",
        # a town does not ("according to the Herald" is a newspaper). A river's name is
        # evidence enough where no noun follows ("The Thames rose", not "the Amazon depot").
        river = any(c.kind == "F" for c in m.candidates) and (
            e >= len(doc) or doc[e].pos_ not in {"NOUN", "PROPN"})
        # "the Gazakh district of Azerbaijan": an area word after the name says it too
        area = e < len(doc) and doc[e].lower_ in gaz.region_words
        return river or area or s > 1 and doc[s - 2].lower_ in PLACE_PREPOSITIONS - \
            WEAK_PREPOSITIONS and any(c.kind != "P" for c in m.candidates)
    prev = doc[s - 1] if s > 0 else None
    if prev is not None and prev.lower_ in PLACE_PREPOSITIONS:
        return True
    if prev is not None and s > 1 and (  # "towns such as Paiporta", "cities like Lyon"
            prev.lower_ == "as" and doc[s - 2].lower_ == "such"
            or prev.lower_ == "like" and doc[s - 2].lower_ in PLACE_NOUNS):
        return True
    if prev is not None and (prev.lower_ in DIRECTION_WORDS
                             or prev.text in country_adjectives()) and (
            (s > 1 and doc[s - 2].lower_ in PLACE_PREPOSITIONS)
            or any(c.kind in "CA" for c in m.candidates)):
        return True
    if prev is not None and prev.lower_ == "of" and s > 1 and doc[s - 2].lower_ in OF_HEADS:
        return True
    nxt = doc[e] if e < len(doc) else None
    return nxt is not None and nxt.lower_ in gaz.region_words

def beside(doc: Any, m: Mention, places: dict[int, Mention]) -> bool:
    """In a list with a place found already: "X and Y", "X, Y", "Y, X and Z"."""
    s, e = m.tokens
    if s >= 2 and doc[s - 1].text in LIST_WORDS and (s - 2) in places:
        return True
    return e + 1 < len(doc) and doc[e].text in LIST_WORDS and (e + 1) in places

def whole_word(text: str, m: Mention) -> bool:
    """Not a piece of a hyphenated name ("Al" of "Al-Baghdadi") nor a two-letter word."""
    joined = (m.start > 0 and text[m.start - 1] in "-‐") or text[m.end:m.end + 1] in {"-", "‐"}
    return len(m.text) > 2 and not joined

def capital_speaks(doc: Any, m: Mention) -> bool:
    """"Kyiv said …", "Moscow has …": a big place opening a sentence with its verb, the way
    news names a government by its seat."""
    s, e = m.tokens
    return bool(doc[s].is_sent_start) and e < len(doc) and doc[e].pos_ in {"VERB", "AUX"} \
        and sizeable(m.candidates, MIN_POP_SEAT)

def title_case(tok: Any) -> bool:
    """The sentence of `tok` is a headline in Title Case."""
    if not tok.doc.has_annotation("SENT_START"):
        return False
    words = [t for t in tok.sent if t.is_alpha]
    return len(words) >= 4 and sum(t.text[:1].isupper() for t in words) >= 0.75 * len(words)

def dateline(doc: Any, m: Mention) -> bool:
    """"MAPUTO —", "LA PAZ, Bolivia —": a name in capitals opening a line, before a dash,
    a comma or a bracket, is the place a wire story was filed from."""
    s, e = m.tokens
    opens = s == 0 or "\n" in doc[s - 1].text_with_ws or doc[s - 1].is_space
    return opens and m.text.isupper() and len(m.text) > 2 and e < len(doc) \
        and doc[e].text in DATELINE_AFTER

def sizeable(cands: list[Entry], floor: int) -> bool:
    return any(c.kind != "P" or c.population >= floor for c in cands)
