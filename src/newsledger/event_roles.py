"""Who does an event to whom, and where: the arguments of one event predicate.

Actors come from the document's actor index (`newsledger.actors.document_actors`), which
resolves aliases, pronouns and "the group"; while that module is absent a small local index
stands in (named entities, then the noun phrase, kind "unknown"). The event's *place* is a
toponym in the predicate's own arguments and adjuncts, never just any place in the sentence.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import Any, Protocol

from newsledger.annotate import entities
from newsledger.event_types import EventLexicon
from newsledger.record import Actor, Place

__all__ = ["ActorIndex", "actor_index", "arguments", "context_tokens", "place_of"]

Token = Any
CLAUSAL = {"ccomp", "xcomp", "advcl", "relcl", "conj", "parataxis", "csubj", "acl", "cc",
           "punct", "mark"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "agent", "csubj", "expl"}
# Prepositions whose object is where (or against whom) the event happens: the attachment of
# these to a noun or to the verb that takes it is often the parser's coin toss.
LOCATIVE = {"in", "at", "near", "on", "outside", "around", "against", "across", "into",
            "over", "inside", "within", "towards", "toward", "from", "throughout", "along"}
KIND_OF_LABEL = {"PERSON": "person", "ORG": "organisation", "NORP": "unknown", "GPE": "state"}
PRECISION_RANK = {"exact": 0, "near": 1, "region": 2, "country": 3}
# Types where a noun's "of" phrase is its doer ("the withdrawal of troops", "a meeting of
# ministers"); for the others it is the one acted on ("the purge of commanders").
OF_IS_ACTOR = {"RETREAT", "MOBILIZE", "PROTEST", "CONSULT", "COOPERATE"}
WITH_IS_RECIPIENT = {"CONSULT", "AGREE", "COOPERATE"}


class ActorIndex(Protocol):
    def for_token(self, token: Any) -> Actor | None: ...

    def in_span(self, start_tok: int, end_tok: int) -> list[Actor]: ...


class _LocalActors:
    """Stand-in for the actor dictionary: a named entity, else the noun phrase."""

    def __init__(self, doc: Any) -> None:
        self.by_token: dict[int, Any] = {}
        for ent in entities(doc):
            if ent.label_ in KIND_OF_LABEL:
                for i in range(ent.start, ent.end):
                    self.by_token[i] = ent

    @staticmethod
    def _from_ent(ent: Any) -> Actor:
        return Actor(text=ent.text, name=ent.text, kind=KIND_OF_LABEL[ent.label_],
                     start=ent.start_char, end=ent.end_char)

    def for_token(self, token: Any) -> Actor | None:
        ent = self.by_token.get(token.i)
        if ent is not None:
            return self._from_ent(ent)
        if token.pos_ not in ("NOUN", "PROPN"):
            return None
        left = [c for c in token.lefts if c.dep_ in ("compound", "amod")]
        first = left[0] if left else token
        text = token.doc[first.i:token.i + 1].text
        return Actor(text=text, name=text, kind="unknown", start=first.idx,
                     end=token.idx + len(token.text))

    def in_span(self, start_tok: int, end_tok: int) -> list[Actor]:
        seen: dict[int, Actor] = {}
        for i in range(start_tok, end_tok):
            ent = self.by_token.get(i)
            if ent is not None and ent.start not in seen:
                seen[ent.start] = self._from_ent(ent)
        return list(seen.values())


def actor_index(doc: Any) -> ActorIndex:
    """The document's actor index: the actor dictionary when installed, else the stand-in."""
    try:
        module = importlib.import_module("newsledger.actors")
    except ImportError:
        return _LocalActors(doc)
    return module.document_actors(doc)  # type: ignore[no-any-return]


def _phrase_end(head: Token) -> int:
    """One past the last token of the bare noun phrase (no clauses or prepositions after)."""
    end = int(head.i) + 1
    for c in head.rights:
        if c.dep_ in ("prep", "relcl", "acl", "appos", "punct", "cc", "conj"):
            break
        end = int(c.right_edge.i) + 1
    return end


def _actors_of(head: Token, index: ActorIndex) -> list[Actor]:
    out: list[Actor] = []
    for h in [head, *[c for c in head.children if c.dep_ == "conj"]]:
        actor = index.for_token(h)
        if actor is None:
            found = index.in_span(h.left_edge.i, _phrase_end(h))
            out += found
        else:
            out.append(actor)
    return out


def _pobjs(tok: Token, preps: Iterable[str]) -> list[Token]:
    wanted = set(preps)
    return [o for p in tok.children if p.dep_ == "prep" and p.lower_ in wanted
            for o in p.children if o.dep_ == "pobj"]


def _subject_heads(tok: Token) -> list[Token]:
    subj = [c for c in tok.children if c.dep_ == "nsubj"]
    subj += [o for a in tok.children if a.dep_ == "agent" for o in a.children
             if o.dep_ == "pobj"]
    if not subj and tok.dep_ in ("xcomp", "conj", "advcl", "pcomp") and tok.head is not tok:
        gov = tok.head if tok.dep_ != "pcomp" else tok.head.head
        subj = [c for c in gov.children if c.dep_ == "nsubj"]
    if not subj and tok.dep_ == "relcl":
        subj = [tok.head]
    return subj


def arguments(trigger: Token, etype: str, index: ActorIndex, lex: EventLexicon
              ) -> tuple[list[Actor], list[Actor]]:
    """(actors, recipients) of an event predicate."""
    doers: list[Token] = []
    targets: list[Token] = []
    if trigger.pos_ == "VERB":
        doers = _subject_heads(trigger)
        targets = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
        targets += _pobjs(trigger, ["against", "on", "at"])
        if etype in WITH_IS_RECIPIENT:
            targets += _pobjs(trigger, ["with"])
    else:
        doers = [c for c in trigger.children if c.dep_ == "poss"
                 or c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE", "ORG",
                                                                         "PERSON")]
        doers += _pobjs(trigger, ["by", "between", "among"])
        (doers if etype in OF_IS_ACTOR else targets).extend(_pobjs(trigger, ["of"]))
        targets += _pobjs(trigger, ["against", "on"])
        if etype in WITH_IS_RECIPIENT:
            targets += _pobjs(trigger, ["with"])
        gov = trigger.head
        if not doers and gov is not trigger and gov.pos_ == "VERB" and trigger.dep_ == "dobj" \
                and gov.lemma_.lower() in lex.light_verbs:
            doers = _subject_heads(gov)  # "the army launched an assault"
        rel = [c for c in trigger.children if c.dep_ == "relcl"
               and c.lemma_.lower() in lex.light_verbs]
        if not doers and rel:
            doers = [c for c in rel[0].children if c.dep_ == "nsubj"]  # "the raid they made"
    actors = _unique(a for d in doers for a in _actors_of(d, index))
    names = {a.name for a in actors}
    recipients = _unique(a for t in targets for a in _actors_of(t, index) if a.name not in names)
    return actors, recipients


def _unique(actors: Iterable[Actor]) -> list[Actor]:
    out: dict[str, Actor] = {}
    for a in actors:
        out.setdefault(a.name, a)
    return list(out.values())


def context_tokens(trigger: Token, lex: EventLexicon, is_trigger: Any) -> list[Token]:
    """The tokens that belong to this predicate's own event: its arguments and adjuncts
    (not its subject, not clauses inside it), and for a noun the locative adjuncts of a verb
    that only carries it ("planned the assault on X in 2014", "the meeting will happen in
    January")."""
    out: list[Token] = []
    if trigger.pos_ == "VERB":
        for c in trigger.children:
            if c.dep_ not in CLAUSAL and c.dep_ not in SUBJECT_DEPS:
                out += list(c.subtree)
        return out
    for c in trigger.children:
        if c.dep_ == "relcl" and c.lemma_.lower() not in lex.light_verbs:
            continue
        out += list(c.subtree)
    gov = trigger.head
    if gov is not trigger and gov.pos_ in ("VERB", "AUX") and not is_trigger(gov) \
            and trigger.dep_ in ("dobj", "nsubj", "nsubjpass", "attr"):
        for c in gov.children:
            if c.dep_ in ("prep", "npadvmod") and (c.dep_ != "prep" or c.lower_ in LOCATIVE):
                out += list(c.subtree)
            elif c.dep_ == "dobj" and c.lower_ == "place":  # "take place in X"
                out.append(c)
    return out


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
