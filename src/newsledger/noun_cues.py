"""Noun cues: "Trump's claim that …", "the warning by the agency that …" — a noun of saying or
holding, the holder named by a possessor or a "by" phrase, and a that-clause as the content."""

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


def noun_frame(noun: Token, lex: Lexicon) -> tuple[Frame | None, list[Token]]:
    """ "Trump's claim that …": a noun of saying or holding, its holder and its complement
    clause (not a relative clause: "the claim he made")."""
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in lex.raw["cue_nouns"]["nouns"]:
        return None, []
    clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp") and c.i > noun.i
                   and c.pos_ in ("VERB", "AUX")), None)
    if clause is None:
        return None, []
    # A that-clause only: a to-clause after "pledge" or "plan" is an intention, seldom
    # something put on record.
    if noun.doc[min(t.i for t in clause.subtree)].lower_ != "that" or not has_subject(clause):
        return None, []
    holder = _holder(noun)
    if not holder or holder[0].lower_ in FIRST_PERSON | {"my", "our", "its"}:
        return None, []
    cue_toks = [noun]
    toks = sorted(holder + cue_toks, key=lambda t: t.i)
    return Frame(kind="source", head=noun, tokens=toks, cue=noun.text, cue_tokens=cue_toks,
                 source=holder, verb_class="certain", stance="reports"), [clause]
