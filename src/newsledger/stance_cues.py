"""Cues the parse does not hand over as a reporting verb: a cue verb the lemmatiser got wrong
("hoped" read as "hop"), and stance predicates built on "be" ("X is against the plan",
"X is critical of the deal", "X is a staunch opponent of the death penalty")."""

from __future__ import annotations

from typing import Any

from newsledger.lexicon import Lexicon

__all__ = ["cue_lemma", "names_only", "stance_predicate", "unmarked_report"]

Token = Any  # spacy.tokens.Token; spaCy ships no type stubs

_INFLECTIONS: dict[int, dict[str, str]] = {}


def _inflections(lex: Lexicon) -> dict[str, str]:
    """Regular inflected forms of every cue verb in the lexicon → the verb."""
    found = _INFLECTIONS.get(id(lex))
    if found is not None:
        return found
    verbs = set(lex.raw["reporting_verbs"]) | set(lex.raw["communication_verbs"]) | set(
        lex.raw["prep_cues"])
    table: dict[str, str] = {}
    for v in sorted(v for v in verbs if not v.startswith("_")):
        forms = {v + "s", v + "ed", v + "ing"}
        if v.endswith("e"):
            forms |= {v + "d", v[:-1] + "ing"}
        for f in forms:
            table.setdefault(f, v)
    _INFLECTIONS[id(lex)] = table
    return table


def cue_lemma(tok: Token, lex: Lexicon) -> str:
    """The token's lemma; for a verb whose form is a regular inflection of a cue verb that the
    lemmatiser missed ("hoped" → "hop", "hopes" → "hop"), that cue verb."""
    lemma = str(tok.lemma_).lower()
    if tok.pos_ != "VERB" or lemma == tok.lower_:
        return lemma
    return _inflections(lex).get(tok.lower_, lemma)


def stance_predicate(head: Token, subj: Token | None, lex: Lexicon) -> list[Token] | None:
    """The cue tokens of "X is against / critical of / a critic of / opposed to Y" at a
    copula `head`, when the predicate takes what it is about as a prepositional object
    (the content); None otherwise. The subject must be checked by the caller."""
    if subj is None or subj.dep_ != "nsubj":
        return None
    table: dict[str, list[str]] = lex.raw["stance_predicates"]
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ in table.get("_prepositions", []) and any(
                g.dep_ in ("pobj", "pcomp") for g in c.children):
            return [head, c]  # "X is against it"
        if c.dep_ not in ("acomp", "attr"):
            continue
        word = c.lemma_.lower()
        preps = table.get(word) or table.get(c.lower_)
        if not preps:
            continue
        prep = next((g for g in c.children if g.dep_ == "prep" and g.lower_ in preps
                     and any(x.dep_ in ("pobj", "pcomp") for x in g.children)), None)
        if prep is not None:
            return sorted([head, c, prep], key=lambda t: t.i)
    return None


_NAMING = {"call", "name", "dub", "title", "label", "term", "nickname"}


def names_only(head: Token, lemma: str) -> bool:
    """ "a group, called the Legacy Fund, …": a naming verb with the name and nothing named
    says what something is called; "Trump called Cruz a liar" (an object) is a judgement."""
    return lemma in _NAMING and any(c.dep_ in ("oprd", "attr") for c in head.children) \
        and not any(c.dep_ in ("dobj", "dative", "ccomp") for c in head.children)


def unmarked_report(head: Token) -> list[Token]:
    """ "Trump said after the convention he would not accept …": a clause with its own subject
    and no conjunction, which the parser hung on the verb as an adverbial rather than as
    what was said."""
    for c in head.children:
        if c.dep_ == "advcl" and c.i > head.i and c.pos_ in ("VERB", "AUX") \
                and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children) \
                and not any(g.dep_ == "mark" or g.tag_ in ("WRB", "WDT") for g in c.children) \
                and not any(t.text in ",;:—–-" for t in head.doc[head.i + 1: c.left_edge.i]):
            return [c]
    return []
