"""Discourse links between the events of one document, each limited to nearby sentences.

- An occurrence clause whose subject is a pronoun ("... the meeting will happen in January, and
  it will take place in Russia") gives its place and date to the latest event noun before it.
- A definite event noun with no actors ("the meeting") takes those of the latest event of its
  type in the three sentences before ("when Trump and Putin meet").
- An undated simple-past event continues the historical story just before it (temporal
  anaphora, see `event_modality`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from newsledger.event_clauses import finite_past
from newsledger.event_dates import date_of
from newsledger.event_places import place_of
from newsledger.event_roles import ActorIndex, clause_of
from newsledger.event_types import EventLexicon
from newsledger.record import Actor, Attribution, Event, Place, Statement, TimeExpression

__all__ = ["ADVERBIAL_MARKS", "Found", "link_anaphors", "link_history", "link_occurrences",
           "link_participles", "speakers"]

Token = Any
PRONOUNS = {"it", "this", "that"}
ANAPHORIC_DETS = {"the", "this", "that"}
ADVERBIAL_MARKS = {"after", "before", "since", "as", "while", "when", "until"}
TIME_PREPS = {"after", "before", "during", "following", "amid", "since"}


@dataclass
class Found:
    """An event and the token that triggers it."""
    event: Event
    token: Token


def _occurrence_subject(verb: Token, lex: EventLexicon) -> Token | None:
    """The pronoun subject of "it will take place", "it happened", "it was held"."""
    lemma = verb.lemma_.lower()
    takes_place = lemma == "take" and any(c.dep_ == "dobj" and c.lower_ == "place"
                                          for c in verb.children)
    held = lemma == "hold" and any(c.dep_ == "auxpass" for c in verb.children)
    if not (takes_place or held or lemma in lex.occurrence_verbs):
        return None
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in PRONOUNS:
            return c
    return None


def link_occurrences(doc: Any, found: list[Found], places: list[Place],
                      times: list[TimeExpression], dct: dt.date | None, lex: EventLexicon
                      ) -> None:
    """'..., and it will take place in Russia': the clause's place and date go to the latest
    event noun in this or the previous sentence."""
    nominal = [f for f in found if f.token.pos_ != "VERB"]
    if not nominal:
        return
    sents = list(doc.sents)
    sent_of = {s.start: n for n, s in enumerate(sents)}
    for sent in sents:
        for verb in sent:
            if verb.pos_ != "VERB" or _occurrence_subject(verb, lex) is None:
                continue
            earlier = [f for f in nominal if f.token.i < verb.i
                       and sent_of[sent.start] - sent_of[f.token.sent.start] <= 1]
            if not earlier:
                continue
            target = earlier[-1].event
            tokens = [t for c in verb.children if c.dep_ in ("prep", "npadvmod")
                      for t in c.subtree]
            if target.place is None:
                target.place = place_of(tokens, places)
            if target.date is None:
                target.date = date_of(tokens, times, dct)


def speakers(doc: Any, statements: list[Statement], attributions: list[Attribution],
              index: ActorIndex | None) -> dict[str, set[str]]:
    """Each statement's speaker as lower-case actor names: the source's own words and the
    actors its span names ("the SDF" -> Syrian Democratic Forces)."""
    out: dict[str, set[str]] = {s.id: {s.speaker.lower()} for s in statements}
    if index is None:
        return out
    for a in attributions:
        if a.source is None:
            continue
        span = doc.char_span(a.source.start, a.source.end, alignment_mode="expand")
        if span is None:
            continue
        names = {x.name.lower() for x in index.in_span(span.start, span.end)}
        for sid in a.statement_ids:
            out.setdefault(sid, set()).update(names)
    return out


def _is_speaker(actors: list[Actor], names: set[str]) -> bool:
    return any(a.name.lower() in names or any(a.name.lower() in n for n in names if n)
               for a in actors)


def link_anaphors(doc: Any, found: list[Found], speakers: dict[str, set[str]]) -> None:
    """'the meeting' with no actors takes those of the latest same-type event in the three
    sentences before — never its own statement's speaker ("X said civilians were killed in
    the raids": X reports the raids, it did not make them)."""
    sent_of = {s.start: n for n, s in enumerate(doc.sents)}
    for n, f in enumerate(found):
        tok = f.token
        if tok.pos_ == "VERB" or f.event.actors or not any(
                c.dep_ == "det" and c.lower_ in ANAPHORIC_DETS for c in tok.children):
            continue
        speaker = speakers.get(f.event.statement_id, set())
        here = sent_of[tok.sent.start]
        near = [p for p in reversed(found[:n]) if p.event.type == f.event.type
                and p.event.actors and not _is_speaker(p.event.actors, speaker)
                and here - sent_of[p.token.sent.start] <= 3]
        # "drones struck ..., a day after X was accused of firing ... The strikes ...": the
        # same word names the same event before a mere same-type one does.
        same = [p for p in near if p.token.lemma_.lower() == tok.lemma_.lower()]
        for prev in (same or near)[:1]:
            f.event.actors = list(prev.event.actors)
            f.event.recipients = f.event.recipients or list(prev.event.recipients)


def _shares_scene(a: Event, b: Event) -> bool:
    if a.place and b.place and a.place.country and a.place.country == b.place.country:
        return True
    return bool({x.name for x in a.actors} & {x.name for x in b.actors})


def _in_time_clause_of(tok: Token, other: Token) -> bool:
    """'... in 2021, when Washington also expelled two diplomats', 'talks collapsed in 2023
    after both sides violated a ceasefire': `tok` sits in a time clause of `other`'s clause."""
    noun = tok
    if noun.pos_ != "VERB" and noun.dep_ == "pobj" and noun.head.lower_ == "of" \
            and noun.head.head.dep_ == "pobj":
        noun = noun.head.head  # "after weeks of protests"
    if tok.pos_ != "VERB" and noun.dep_ == "pobj" and noun.head.lower_ in TIME_PREPS \
            and clause_of(tok) == clause_of(other) and clause_of(tok).tag_ in ("VBD", "VBN"):
        return True  # "the 2017 election was annulled after weeks of protests"
    clause = clause_of(tok)
    # "in 2021, when ..." is often parsed as a relative clause on the year
    return bool(clause.dep_ in ("advcl", "relcl") and clause != clause.head
                and clause_of(clause.head) == clause_of(other) and any(
        c.dep_ in ("mark", "advmod") and c.lower_ in ADVERBIAL_MARKS for c in clause.children))


def _conjoined_past(tok: Token, other: Token) -> bool:
    """'The RSF captured El Geneina in 2023, and its fighters were accused of ...': a past
    clause conjoined to the historical one continues it."""
    clause, theirs = clause_of(tok), clause_of(other)
    return bool(clause != theirs and clause.dep_ == "conj" and clause.head == theirs
                and finite_past(clause))


def link_history(doc: Any, found: list[Found]) -> None:
    """Temporal anaphora: an undated event told in the simple past right after a historical
    one, in the same country or with the same actor, continues that story ("... the Ukrainian
    army's operation against the Donbass in 2014. ... the Ukrainians launched frontal attacks
    on Donetsk") and is historical too. Two sentences at most; present perfect never."""
    sent_of = {s.start: n for n, s in enumerate(doc.sents)}
    for n, f in enumerate(found):
        if f.event.modality != "asserted" or f.event.date is not None \
                or not finite_past(f.token):
            continue
        here = sent_of[f.token.sent.start]
        for prev in reversed(found[:n]):
            gap = here - sent_of[prev.token.sent.start]
            if gap > 2:
                break
            if gap >= 1 and prev.event.modality == "historical" \
                    and _shares_scene(prev.event, f.event):
                f.event.modality = "historical"
                break
            if gap == 0 and prev.event.modality == "historical" \
                    and (_in_time_clause_of(f.token, prev.token)
                         or _conjoined_past(f.token, prev.token)):
                f.event.modality = "historical"
                f.event.date = prev.event.date
                break


def link_participles(found: list[Found]) -> None:
    """One act told in two predicates shares its place and its time: 'attacked a post near
    Djenné in 2023, killing fifteen soldiers' (a participle clause), 'shelling killed four in
    Kharkiv' (an event noun as the subject of another), 'the 2019 bombing of the academy that
    killed cadets' (a relative clause inside an event noun's phrase)."""
    by_token = {f.token.i: f for f in found}
    for f in found:
        tok = f.token
        if tok.head == tok:
            continue
        participle = tok.dep_ == "advcl" and tok.tag_ == "VBG"
        subject = tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ != "PRON"
        head = by_token.get(tok.head.i)
        if head is None and tok.dep_ == "pcomp" and tok.head.head != tok.head:
            head = by_token.get(tok.head.head.i)  # "accused each other of shelling"
        # what a past act was about: "accused X of shelling", "denied having attacked"
        content = tok.dep_ in ("pcomp", "xcomp", "ccomp") and head is not None
        if head is None or head.event.statement_id != f.event.statement_id:
            head = None
        if (participle or subject) and head is not None and f.event.place is None:
            f.event.place = head.event.place
        if clause_of(tok).dep_ == "relcl" and not (participle or content):
            clause = clause_of(tok)
            head = next((p for p in reversed(found) if p.token.pos_ != "VERB"
                         and p.token.i < clause.i
                         and p.token.left_edge.i <= clause.i <= p.token.right_edge.i), None)
            participle = head is not None and finite_past(tok)
        if (participle or content) and head is not None and f.event.date is None \
                and f.event.modality == "asserted" and head.event.modality == "historical":
            f.event.modality = "historical"
            f.event.date = head.event.date
