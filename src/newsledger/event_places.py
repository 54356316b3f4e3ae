"""Where an event happened: the toponym tied to its predicate.

A toponym among the predicate's own arguments and adjuncts ("in Mosul", "Moscow talks", "the
assault on the Donbass"), never one that names a party ("talks with Russia") or modifies another
noun ("the US election"); else "the city" etc. -> the last city named before it; else the
sentence's place when it has exactly one and it hangs from the predicate's clause. A dateline
("ANKARA —") says where the reporter files from, so it names no event's place.
"""

from __future__ import annotations

from typing import Any

from newsledger.event_roles import (
    clause_locations,
    locations,
    place_of,
    subject_locations,
    where_antecedent,
)
from newsledger.record import Place

__all__ = ["event_place", "is_dateline"]

Token = Any
CITY_WORDS = {"city", "town", "village", "capital"}
ANAPHORIC_DETS = {"the", "this", "that"}
DATELINE_DASHES = {"—", "–", "-", "--", ":"}


def _skip_country_modifiers(trigger: Token, tokens: list[Token], places: dict[int, Place]
                            ) -> list[Token]:
    """A country before an event noun ("the US offensive") is its actor, not its place; a city
    there ("the Moscow talks") is its place."""
    mods = {t.i for c in trigger.children if c.dep_ in ("compound", "poss", "amod")
            for t in c.subtree}
    return [t for t in tokens if not (t.i in mods and t.idx in places
                                      and places[t.idx].feature == "country")]


def is_dateline(doc: Any, place: Place) -> bool:
    """A dateline ("ANKARA —", "KYIV, March 3 (Reuters) -") says where the reporter files
    from, not where the sentence's event happens."""
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None:
        return False
    sent = span[0].sent
    if span[0].i - sent.start > 2:
        return False
    after = doc[span[-1].i + 1:min(span[-1].i + 10, sent.end)]
    for t in after:
        if t.text in DATELINE_DASHES:
            return True
        if t.pos_ in ("VERB", "AUX"):
            return False
    return False


def event_place(trigger: Token, tokens: list[Token], all_places: list[Place],
           by_start: dict[int, Place]) -> Place | None:
    # A dateline names no event's place, but "the city" may well point back to it.
    places = [p for p in all_places if p.start in by_start]
    place = place_of(locations(_skip_country_modifiers(trigger, tokens, by_start), trigger),
                     places)
    if place is None:
        place = place_of(where_antecedent(trigger), places) or place_of(
            locations(subject_locations(trigger), trigger), places)
    if place is not None:
        return place
    for t in tokens:
        if t.lemma_.lower() in CITY_WORDS and t.tag_ == "NN" and any(c.lower_ in ANAPHORIC_DETS
                                                  for c in t.children):
            before = [p for p in all_places if p.end <= t.idx and p.feature == "city"]
            if before:
                return before[-1]
    sent = trigger.sent
    in_sentence = [p for p in places if sent.start_char <= p.start < sent.end_char]
    if len({p.name for p in in_sentence}) != 1:
        return None
    return place_of(clause_locations(trigger), in_sentence)
