"""Which words are event predicates, and of which PLOVER category and mode.

The lexicon is data (data/plover.json): our own lists of verb and noun lemmas per PLOVER
category, written to the category definitions of the PLOVER manual (Open Event Data Alliance)
and its CAMEO-to-PLOVER table, with that table's modes ("aerial", "arrest", "ceasefire", ...)
where one applies. Words that are events in one sense only ("strike" a city or a deal, "meet"
a leader or a target, "release" prisoners or a report) are listed under `senses`, each sense
with the condition that selects it; a word with no matching sense is no event.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from newsledger.event_senses import is_party, matches, modifiers
from newsledger.event_senses import lemma as _lemma

__all__ = ["EventLexicon", "Trigger", "event_lexicon", "headline_verb", "trigger_of"]

Token = Any
NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT"}


@dataclass(frozen=True, kw_only=True)
class Trigger:
    token: Token
    type: str
    mode: str | None


@dataclass(frozen=True, kw_only=True)
class EventLexicon:
    verbs: dict[str, tuple[str, str | None]]
    nouns: dict[str, tuple[str, str | None]]
    senses: dict[str, list[dict[str, Any]]]
    modifier_modes: dict[str, dict[str, str | None]]
    light_verbs: frozenset[str]
    occurrence_verbs: frozenset[str]
    armed_heads: frozenset[str]
    person_words: frozenset[str]
    proposal_words: frozenset[str]
    comparison_words: frozenset[str]
    aim_words: frozenset[str]
    purpose_governors: frozenset[str]
    negating_phrases: frozenset[str]
    agent_nouns: frozenset[str]
    speaker_nouns: frozenset[str]
    labour_context: frozenset[str]
    military_context: frozenset[str]
    aid_context: frozenset[str]
    natural_causes: frozenset[str]
    carrier_types: dict[str, tuple[str, str | None]]


@lru_cache(maxsize=1)
def event_lexicon() -> EventLexicon:
    """The lexicon, read and indexed once per process."""
    text = resources.files("newsledger").joinpath("data", "plover.json").read_text("utf-8")
    raw = json.loads(text)
    verbs: dict[str, tuple[str, str | None]] = {}
    nouns: dict[str, tuple[str, str | None]] = {}
    for etype, words in raw["types"].items():
        for lemma, mode in words["verbs"].items():
            verbs[lemma] = (etype, mode)
        for lemma, mode in words["nouns"].items():
            nouns[lemma] = (etype, mode)
    sets = {k: frozenset(raw[k]) for k in ("light_verbs", "occurrence_verbs", "armed_heads",
                                           "person_words", "proposal_words",
                                           "comparison_words", "aim_words", "purpose_governors",
                                           "negating_phrases", "agent_nouns",
                                           "speaker_nouns", "labour_context",
                                           "military_context", "aid_context",
                                           "natural_causes")}
    carriers = {k: (v[0], v[1]) for k, v in raw["carrier_types"].items()}
    lists = raw.get("word_lists", {})
    senses = {lemma: [{k: lists[v[1:]] if isinstance(v, str) and v.startswith("@") else v
                       for k, v in sense.items()} for sense in found]
              for lemma, found in raw["senses"].items()}
    return EventLexicon(verbs=verbs, nouns=nouns, senses=senses, carrier_types=carriers,
                        modifier_modes=raw["modifier_modes"], **sets)


def _mode(etype: str, mode: str | None, tok: Token, lex: EventLexicon) -> str | None:
    table = lex.modifier_modes.get(etype, {})
    for word in sorted(modifiers(tok)):
        if word in table and table[word]:
            return table[word]
    return mode


def trigger_of(tok: Token, lex: EventLexicon) -> Trigger | None:
    """The event `tok` names, or None. Nouns used as modifiers ("aid agencies", "the attack
    helicopter") name no event of their own."""
    if tok.pos_ == "VERB" and tok.dep_ != "amod":  # "a negotiated solution" is no event
        table = lex.verbs
    elif tok.pos_ in ("NOUN", "PROPN") and tok.dep_ not in ("compound", "amod", "poss"):
        table = lex.nouns
    else:
        return None
    lemma = _lemma(tok)
    if tok.pos_ == "PROPN" and (tok.lower_ != lemma or tok.ent_type_ in NAME_LABELS):
        return None  # a name that happens to be spelt like an event word ("Mr. Ban")
    if tok.ent_type_ in ("DATE", "TIME"):  # "in March" is no march
        return None
    if lemma in lex.senses:
        for sense in lex.senses[lemma]:
            if matches(sense, tok, lex):
                return Trigger(token=tok, type=sense["type"],
                               mode=_mode(sense["type"], sense.get("mode"), tok, lex))
        if lemma not in table:
            return _gerund(tok, lex)
    hit = table.get(lemma)
    if hit is None and "-" in lemma:
        hit = table.get(lemma.replace("-", ""))
    if hit is None:
        return _gerund(tok, lex)
    carrier = lex.carrier_types.get(_lemma(tok.head)) if tok.dep_ == "dobj" else None
    if carrier is not None:  # "brokered a ceasefire": the sides agreed, through a mediator
        return Trigger(token=tok, type=carrier[0], mode=carrier[1])
    return Trigger(token=tok, type=hit[0], mode=_mode(hit[0], hit[1], tok, lex))


def _gerund(tok: Token, lex: EventLexicon) -> Trigger | None:
    """'after two days of fighting', 'the shooting of protesters': an -ing form in a noun's
    slot that the lexicon lists as an event noun."""
    if tok.tag_ != "VBG" or tok.dep_ not in ("pobj", "pcomp", "dobj", "nsubj", "nsubjpass") \
            or tok.lower_ not in lex.nouns:
        return None
    etype, mode = lex.nouns[tok.lower_]
    return Trigger(token=tok, type=etype, mode=_mode(etype, mode, tok, lex))


def headline_verb(tok: Token, lex: EventLexicon) -> Trigger | None:
    """Headlinese the parser reads as a noun: 'Jihadists storm army post', 'junta expels
    envoy', 'court sentences aides'. A word right after a party that is a lexicon verb in its
    bare or third-person form, with words after it, is that verb. Call only in a headline."""
    if tok.pos_ not in ("NOUN", "PROPN", "AUX") or tok.i == 0 or tok.i + 1 >= len(tok.doc) \
            or tok.ent_type_ in NAME_LABELS or not tok.doc[tok.i + 1].is_alpha:
        return None
    if not is_party(tok.doc[tok.i - 1], lex):
        return None
    low = str(tok.lower_)
    for form in (low, low[:-1] if low.endswith("s") else "", low[:-2] if low.endswith("es")
                 else ""):
        if form in lex.verbs:
            etype, mode = lex.verbs[form]
            return Trigger(token=tok, type=etype, mode=mode)
    return None
