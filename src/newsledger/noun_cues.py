"""Noun cues: "Trump's claim that …", "the warning by the agency that …" — a noun of saying or
holding, the holder named by a possessor or a "by" phrase, and a that-clause as the content;
and "his comments about the wall", "the party's opposition to the bill" — a noun of saying or
of stance whose possessor holds it, with what it is about as a prepositional object."""

from __future__ import annotations

from typing import Any

from newsledger.frames import FIRST_PERSON, Frame, has_subject, noun_phrase
from newsledger.lexicon import Lexicon

__all__ = ["noun_frame"]

Token = Any  # spacy.tokens.Token; spaCy ships no type stubs


def _holder(noun: Token) -> list[Token]:
    """Who holds a claim noun: its possessor with the possessive ending ("Trump's", "his"),
    or the object of "by" ("the claim by the ministry")."""
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is not None:
        return sorted(poss.subtree, key=lambda t: t.i)
    by = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"), None)
    obj = next((g for g in by.children if g.dep_ == "pobj"), None) if by is not None else None
    return noun_phrase(obj) if obj is not None else []


def _named_holder(noun: Token, poss: Token) -> list[Token]:
    """For "his" or "her": the named subject of the clause the noun stands in ("Trump
    continued his attacks on …" → "Trump"), which is who the pronoun points back to."""
    if poss.lower_ not in ("his", "her", "their") or noun.dep_ != "dobj":
        return []
    node = noun
    for _ in range(3):  # the verb the noun is the object of, or the verb that one completes
        if node.dep_ not in ("dobj", "xcomp", "conj") or node.head.i == node.i:
            return []
        node = node.head
        subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            if subj.pos_ != "PROPN" and subj.ent_type_ not in ("PERSON", "ORG"):
                return []
            return noun_phrase(subj)
    return []


def _about_frame(noun: Token, lex: Lexicon) -> tuple[Frame | None, list[Token]]:
    """ "his comments about the wall": a possessor that can hold a view (a name, a person
    pronoun, "the party's"), a stance noun and the object of its preposition."""
    preps: list[str] = lex.raw["stance_nouns"].get(noun.lemma_.lower(), [])
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if not preps or poss is None or poss.lower_ in ("my", "our", "its", "your", "whose"):
        return None, []
    if not (poss.lower_ in ("his", "her", "their") or poss.pos_ == "PROPN"
            or poss.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
            or poss.lemma_.lower() in lex.words("speaker_nouns")):
        return None, []
    prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in preps
                 and c.i > noun.i), None)
    obj = next((g for g in prep.children if g.dep_ in ("pobj", "pcomp")), None) \
        if prep is not None else None
    if prep is None or obj is None:
        return None, []
    # A bare "his" is left to the clause it stands in: on its own it names nobody.
    holder = _named_holder(noun, poss) or (
        sorted(poss.subtree, key=lambda t: t.i) if poss.pos_ != "PRON" else [])
    if not holder:
        return None, []
    cue_toks = [noun, prep]
    return Frame(kind="source", head=noun, tokens=sorted(holder + cue_toks, key=lambda t: t.i),
                 cue=f"{noun.text} {prep.text}", cue_tokens=cue_toks, source=holder,
                 verb_class="certain", stance="reports"), [obj]


def noun_frame(noun: Token, lex: Lexicon) -> tuple[Frame | None, list[Token]]:
    """ "Trump's claim that …": a noun of saying or holding, its holder and its complement
    clause (not a relative clause: "the claim he made"); else "his comments about …"."""
    if noun.pos_ != "NOUN":
        return None, []
    if noun.lemma_.lower() not in lex.raw["cue_nouns"]["nouns"]:
        return _about_frame(noun, lex)
    clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp") and c.i > noun.i
                   and c.pos_ in ("VERB", "AUX")), None)
    if clause is None:
        return _about_frame(noun, lex)
    # A that-clause only: a to-clause after "pledge" or "plan" is an intention, seldom
    # something put on record.
    if noun.doc[min(t.i for t in clause.subtree)].lower_ != "that" or not has_subject(clause):
        return _about_frame(noun, lex)
    holder = _holder(noun)
    if not holder or holder[0].lower_ in FIRST_PERSON | {"my", "our", "its"}:
        return None, []
    cue_toks = [noun]
    toks = sorted(holder + cue_toks, key=lambda t: t.i)
    return Frame(kind="source", head=noun, tokens=toks, cue=noun.text, cue_tokens=cue_toks,
                 source=holder, verb_class="certain", stance="reports"), [clause]
