"""Where an event happened: the toponym tied to its predicate.

A toponym among the predicate's own arguments and adjuncts ("in Mosul", "Moscow talks", "the
assault on the Donbass"), never one that names a party ("talks with Russia") or modifies another
noun ("the US election"); else "the city" etc. -> the last city named before it; else the
sentence's place when it has exactly one and it hangs from the predicate's clause. A dateline
("ANKARA —") says where the reporter files from, so it names no event's place.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from newsledger.event_roles import (
    SUBJECT_DEPS,
    border_with,
    clause_of,
    clause_tokens,
    party_phrase,
)
from newsledger.event_senses import PLACE_LABELS
from newsledger.record import Place

__all__ = ["event_place", "is_dateline", "locations", "place_of"]

Token = Any
CITY_WORDS = {"city", "town", "village", "capital"}
ANAPHORIC_DETS = {"the", "this", "that"}
DATELINE_DASHES = {"—", "–", "-", "--", ":"}
PRECISION_RANK = {"exact": 0, "near": 1, "region": 2, "country": 3}
PARTY_OBJECT_TYPES = {"ACCUSE", "REJECT", "REQUEST", "SUPPORT", "SANCTION", "THREATEN", "AGREE",
                      "COOPERATE", "PROTEST"}
# Common nouns a toponym names as a modifier: "the Sagaing region", "the Jarinje border
# crossing", "the Fordow site" name a place, unlike "the US election".
PLACE_HEADS = {"region", "province", "state", "district", "city", "town", "village", "county",
               "governorate", "area", "site", "crossing", "border", "airport", "port", "base",
               "valley", "municipality", "oblast", "prefecture", "suburb", "neighbourhood",
               "neighborhood", "camp", "plant", "facility", "field", "oilfield", "pipeline",
               "refinery", "island", "river", "mountains", "square", "avenue", "street",
               "checkpoint", "frontier", "coast", "capital", "parliament"}


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


def _skip_party_objects(trigger: Token, tokens: list[Token], etype: str) -> list[Token]:
    """'Moscow accused Kyiv', 'sanctioned Iran': a place that is the object of a verbal act
    stands for its government; only an attack, a seizure, a visit or a deployment happens
    at its object."""
    if etype not in PARTY_OBJECT_TYPES:
        return tokens
    # and what it is about: "accuses X of sheltering militants ... inside Pakistan"; and
    # whom it targets: "sanctions against Russia", "an embargo on Iran"
    party_preps = {"of", "for", "over", "about", "against", "to"}
    if etype != "PROTEST":
        party_preps.add("on")
    objects = {t.i for c in trigger.children if c.dep_ in ("dobj", "nsubjpass", "ccomp")
               or c.dep_ == "prep" and c.lower_ in party_preps
               for t in c.subtree}
    return [t for t in tokens if t.i not in objects]


def event_place(trigger: Token, tokens: list[Token], all_places: list[Place],
                by_start: dict[int, Place], etype: str = "") -> Place | None:
    """The place of the event `trigger` names: see the module's docstring."""
    # A dateline names no event's place, but "the city" may well point back to it.
    places = [p for p in all_places if p.start in by_start]
    tokens = _skip_party_objects(trigger, tokens, etype)
    place = place_of(locations(_skip_country_modifiers(trigger, tokens, by_start), trigger),
                     places)
    if place is None:
        place = place_of(where_antecedent(trigger), places) or place_of(
            locations(subject_locations(trigger), trigger), places)
    if place is not None:
        return place
    for t in tokens:
        # "the town" points back; "the town of Masisi" names its own town; "the cities" no one
        named = any(c.dep_ == "prep" and c.lower_ == "of" for c in t.children)
        if t.lemma_.lower() in CITY_WORDS and t.tag_ == "NN" and not named and any(
                c.lower_ in ANAPHORIC_DETS for c in t.children):
            before = [p for p in all_places if p.end <= t.idx and p.feature == "city"]
            if before:
                return before[-1]
    sent = trigger.sent
    actors = {t.idx for c in trigger.children if c.dep_ in ("compound", "poss", "amod")
              for t in c.subtree}  # "Russia's strikes on power plants" were not in Russia
    in_sentence = [p for p in places if sent.start_char <= p.start < sent.end_char
                   and p.start not in actors]
    if len({p.name for p in in_sentence}) != 1:
        return None
    return place_of(_skip_party_objects(trigger, clause_locations(trigger), etype), in_sentence)


def locations(tokens: list[Token], trigger: Token) -> list[Token]:
    """Drop tokens that cannot name where the event is: a name modifying a common noun ("the
    US election", "Russian media"; but "the Moscow talks"), or anything in a party phrase."""
    ids = {t.i for t in tokens}
    parties = {a.i for a in tokens if party_phrase(a)}
    out = []
    for t in tokens:
        if t.dep_ == "nsubj" and t.head != trigger:
            continue  # "..., when Washington expelled ...": a capital that acts is an actor
        if t.dep_ in ("compound", "poss", "amod", "nmod") and t.head != trigger \
                and t.head.ent_type_ not in PLACE_LABELS \
                and not (t.dep_ == "compound" and t.head.lemma_.lower() in PLACE_HEADS):
            continue
        if parties and any(a.i in parties and not border_with(a) for a in t.ancestors
                           if a.i in ids):
            continue
        out.append(t)
    return out


def subject_locations(trigger: Token) -> list[Token]:
    """'Riot police in Tbilisi detained ...', 'a court in Lahore sentenced ...': where the
    doer is placed, the act happens."""
    head = clause_of(trigger)
    if head != trigger:
        return []
    return [t for c in head.children if c.dep_ in ("nsubj", "nsubjpass")
            for p in c.children if p.dep_ == "prep" and p.lower_ in ("in", "at")
            for t in p.subtree]


def where_antecedent(trigger: Token) -> list[Token]:
    """'... in Tigray, where it resumed deliveries': the place the relative clause is on."""
    head = clause_of(trigger)
    if head.dep_ == "relcl" and any(c.lower_ == "where" for c in head.children):
        return [head.head]
    return []


def clause_locations(trigger: Token) -> list[Token]:
    """The clause's tokens that may say where it happens: not its subject, not a party."""
    head = clause_of(trigger)
    subjects = {t.i for c in head.children if c.dep_ in SUBJECT_DEPS for t in c.subtree}
    return locations([t for t in clause_tokens(trigger) if t.i not in subjects], trigger)


def place_of(tokens: list[Token], places: list[Place], *, exclude: Iterable[Place] = ()
             ) -> Place | None:
    """The most precise toponym among `tokens` (a city before its country), first in text."""
    if not tokens:
        return None
    starts = {t.idx for t in tokens}
    skip = {id(p) for p in exclude}
    found = [p for p in places if p.start in starts and id(p) not in skip]
    if not found:
        return None
    return min(found, key=lambda p: (PRECISION_RANK.get(p.precision, 4), p.start))
