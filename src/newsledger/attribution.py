"""Who a statement is put in the mouth of: the speaker's name, the source's type, pronouns."""

from __future__ import annotations

from typing import Any

from newsledger.annotate import doc_text, entities
from newsledger.frames import Frame
from newsledger.lexicon import Lexicon
from newsledger.record import Source

__all__ = ["describe_source", "speaker_of"]

Token = Any
PRONOUNS = {"he", "she", "they", "him", "her", "them", "it"}


def _span_text(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    toks = sorted(tokens, key=lambda t: t.i)
    while toks and (toks[-1].is_punct or toks[-1].dep_ == "cc"):
        toks.pop()
    while toks and toks[0].is_punct:
        toks.pop(0)
    if not toks:
        return ""
    doc = toks[0].doc
    return doc_text(doc)[toks[0].idx: toks[-1].idx + len(toks[-1].text)]


def _person_in(tokens: list[Token]) -> str | None:
    ids = {t.i for t in tokens}
    for ent in entities(tokens[0].doc) if tokens else ():
        if ent.label_ == "PERSON" and ent.start in ids:
            return str(ent.text)
    return None


def _antecedent(pronoun: Token) -> str | None:
    """The nearest person named before a he/she (or organisation before a they)."""
    if pronoun.lower_ in ("he", "she", "him", "her"):
        labels: tuple[str, ...] = ("PERSON",)
    elif pronoun.lower_ == "it":
        labels = ("ORG", "NORP", "GPE", "LAW", "WORK_OF_ART", "PRODUCT")
    else:
        labels = ("ORG", "NORP", "GPE", "PERSON")
    best = None
    for ent in entities(pronoun.doc):
        if ent.end > pronoun.i:
            break
        if ent.label_ in labels:
            best = ent
    if best is None:
        return None
    # Prefer the full name given earlier for a surname-only mention.
    return str(best.text)


def describe_source(frame: Frame, lex: Lexicon) -> tuple[Source, str]:
    """The source record and the speaker's name for a frame that names one."""
    types: dict[str, list[str]] = lex.raw["source_types"]
    if frame.kind == "unnamed":
        head_words = {t.lemma_.lower() for t in frame.source}
        if frame.source and head_words & lex.words("unnamed_view_nouns"):
            text = _span_text(frame.source)
            return Source(text=text, type="widespread_view"), text
        return Source(text="unnamed", type="unnamed"), "unnamed source"
    text = _span_text(frame.source)
    toks = frame.source
    person = _person_in(toks)
    head = next((t for t in toks if t.head.i not in {x.i for x in toks} or t.head == t), None)
    if head is not None and head.lower_ in PRONOUNS:
        name = _antecedent(head)
        stype = "person" if head.lower_ in ("he", "she") else "organisation"
        return Source(text=text, type=stype), name or text
    # "reports from the Kurdish militia": the reports speak for whoever they come from.
    speaker = text
    if head is not None and head.lower_ in lex.words("source_nouns"):
        origin = next((g for c in head.children if c.dep_ == "prep" and c.lower_ in ("from", "by")
                       for g in c.children if g.dep_ == "pobj"), None)
        if origin is not None:
            speaker = _span_text(list(origin.subtree))
    if person:
        return Source(text=text, type="person"), person
    words = {t.lower_ for t in toks}
    head_word = head.lower_ if head is not None else ""
    for stype in ("report", "media", "government", "organisation"):
        if head_word in types[stype]:
            return Source(text=text, type=stype), speaker
    for stype in ("media", "government", "organisation"):
        if words & set(types[stype]):
            return Source(text=text, type=stype), speaker
    ents = [e for e in entities(toks[0].doc) if e.start in {t.i for t in toks}] if toks else []
    if any(e.label_ in ("ORG", "NORP", "GPE") for e in ents):
        return Source(text=text, type="organisation"), speaker
    return Source(text=text, type="person" if head is not None and head.pos_ == "PROPN"
                  else "unnamed"), speaker


def speaker_of(frames: list[Frame], lex: Lexicon) -> tuple[str, Source | None, Frame | None]:
    """The innermost frame that names a source decides the speaker (nested attribution)."""
    for frame in reversed(frames):
        if frame.kind in ("source", "unnamed"):
            source, speaker = describe_source(frame, lex)
            return speaker, source, frame
    return "author", None, None
