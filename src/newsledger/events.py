"""Events from statements: who did what to whom, where and when, with modality.

For each claim and forecast (references to the author's earlier forecasts are not events),
every event predicate in the statement's span — a verb or an event noun of the PLOVER lexicon
(`event_types`, data/plover.json) — becomes one `Event`:

- type and mode from the lexicon (a noun modifier can set the mode: "air strike" → aerial);
- actors and recipients from its arguments (`event_roles`): subject, passive agent or
  possessor ("ISIS's withdrawal") act; object, "against X", "on X", and "with X" for
  CONSULT / AGREE / COOPERATE receive;
- place: a toponym among the predicate's own arguments and adjuncts ("in Mosul", "Moscow
  talks", "the assault on the Donbass"), never one that names a party ("talks with Russia")
  or modifies another noun ("the US election"); else "the city" etc. → the last city named
  before it; else the sentence's place when it has exactly one and it hangs from the
  predicate's clause;
- date (`event_dates`): a time expression among its arguments, else one attached to its
  clause, else a forecast's deadline window; null when the text gives none;
- modality (`event_modality`): negated, hypothetical, historical, future or asserted.

Discourse links, each limited to nearby sentences: an occurrence clause whose subject is a
pronoun ("... the meeting will happen in January, and it will take place in Russia") gives
its place and date to the latest event noun before it; a definite event noun with no actors
("the meeting") takes those of the latest event of its type in the three sentences before
("when Trump and Putin meet"); and an undated simple-past event continues the historical
story just before it (temporal anaphora, see `event_modality`).

Linear in tokens: one pass over each statement's tokens with dictionary look-ups; the lexicon
is loaded once per process.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from newsledger.event_dates import (
    anaphoric_date,
    date_of,
    event_date,
    offset_date,
    resolve_window,
)
from newsledger.event_modality import event_modality, narrative_past
from newsledger.event_roles import (
    ActorIndex,
    actor_index,
    arguments,
    clause_adjuncts,
    clause_locations,
    context_tokens,
    locations,
    place_of,
)
from newsledger.event_types import EventLexicon, Trigger, event_lexicon, trigger_of
from newsledger.lexicon import load_lexicon
from newsledger.record import (
    Actor,
    Attribution,
    Event,
    Place,
    Statement,
    TextSpan,
    TimeExpression,
    event_id,
)

__all__ = ["find_events"]

Token = Any
CITY_WORDS = {"city", "town", "village", "capital"}
PRONOUNS = {"it", "this", "that"}
ANAPHORIC_DETS = {"the", "this", "that"}
ADVERBIAL_MARKS = {"after", "before", "since", "as", "while", "when", "until"}
DATELINE_DASHES = {"—", "–", "-", "--", ":"}


@dataclass
class _Found:
    event: Event
    token: Token


def _statement_tokens(doc: Any, stmt: Statement) -> list[Token]:
    """The statement's tokens, and those of its condition ("if the talks fail, ...")."""
    span = doc.char_span(stmt.start, stmt.end, alignment_mode="expand")
    tokens = list(span) if span is not None else []
    if stmt.condition and tokens:
        sent = tokens[0].sent
        at = sent.text.find(stmt.condition)
        if at >= 0:
            start = sent.start_char + at
            cond = doc.char_span(start, start + len(stmt.condition), alignment_mode="expand")
            tokens = (list(cond) if cond is not None else []) + tokens
    return tokens


def _duplicate_verb(trig: Trigger, lex: EventLexicon) -> bool:
    """A verb that only carries an event noun ("launched an attack", "held talks")."""
    tok = trig.token
    if tok.pos_ != "VERB":
        return False
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass"):
            other = trigger_of(c, lex)
            if other is not None and (other.type == trig.type
                                      or tok.lemma_.lower() in lex.light_verbs):
                return True
    return False


def _skip_country_modifiers(trigger: Token, tokens: list[Token], places: dict[int, Place]
                            ) -> list[Token]:
    """A country before an event noun ("the US offensive") is its actor, not its place; a city
    there ("the Moscow talks") is its place."""
    mods = {t.i for c in trigger.children if c.dep_ in ("compound", "poss", "amod")
            for t in c.subtree}
    return [t for t in tokens if not (t.i in mods and t.idx in places
                                      and places[t.idx].feature == "country")]


def _dateline(doc: Any, place: Place) -> bool:
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


def _place(trigger: Token, tokens: list[Token], stmt: Statement, all_places: list[Place],
           by_start: dict[int, Place]) -> Place | None:
    # A dateline names no event's place, but "the city" may well point back to it.
    places = [p for p in all_places if p.start in by_start]
    place = place_of(locations(_skip_country_modifiers(trigger, tokens, by_start), trigger),
                     places)
    if place is not None:
        return place
    for t in tokens:
        if t.lemma_.lower() in CITY_WORDS and any(c.lower_ in ANAPHORIC_DETS
                                                  for c in t.children):
            before = [p for p in all_places if p.end <= t.idx and p.feature == "city"]
            if before:
                return before[-1]
    sent = trigger.sent
    in_sentence = [p for p in places if sent.start_char <= p.start < sent.end_char]
    if len({p.name for p in in_sentence}) != 1:
        return None
    return place_of(clause_locations(trigger), in_sentence)


def _event(trig: Trigger, stmt: Statement, *, doc_id: str, index: ActorIndex,
           places: list[Place], by_start: dict[int, Place], times: list[TimeExpression],
           dct: dt.date | None, lex: EventLexicon, is_trigger: Any) -> Event:
    tok = trig.token
    tokens = context_tokens(tok, lex, is_trigger)
    actors, recipients = arguments(tok, trig.type, index, lex, is_trigger)
    date = date_of(tokens, times, dct)
    compared = tok.dep_ == "nsubj" and tok.head.lemma_.lower() in lex.comparison_words
    if date is None and not compared:  # "X reminded them of Y in 2014" dates Y, not X
        date = date_of(clause_adjuncts(tok, is_trigger), times, dct)
    if date is None:
        date = anaphoric_date(tokens + clause_adjuncts(tok, is_trigger), times)
    clause = _verb_of(tok)
    while clause.dep_ == "conj" and clause.head != clause:
        clause = _verb_of(clause.head)  # "when X was ... and the bank approved ..."
    if date is None and clause.dep_ == "relcl" and any(c.lower_ == "when"
                                                       for c in clause.children):
        date = date_of([clause.head], times, dct)  # "since 2022, when the bank approved ..."
    if date is None and stmt.kind == "forecast" and stmt.resolve_by is not None:
        date = resolve_window(stmt.resolve_by, dct)
    modality = event_modality(tok, stmt, date, dct, load_lexicon(), lex, times)
    start, end = tok.idx, tok.idx + len(tok.text)
    return Event(id=event_id(doc_id, trig.type, start, end), statement_id=stmt.id,
                 type=trig.type, mode=trig.mode, modality=modality,
                 trigger=TextSpan(text=tok.text, start=start, end=end), actors=actors,
                 recipients=recipients, place=_place(tok, tokens, stmt, places, by_start),
                 date=date)


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


def _link_occurrences(doc: Any, found: list[_Found], places: list[Place],
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


def _speakers(doc: Any, statements: list[Statement], attributions: list[Attribution],
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


def _link_anaphors(doc: Any, found: list[_Found], speakers: dict[str, set[str]]) -> None:
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


def _verb_of(tok: Token) -> Token:
    while tok.pos_ not in ("VERB", "AUX") and tok.head != tok:
        tok = tok.head
    return tok


def _in_time_clause_of(tok: Token, other: Token) -> bool:
    """'... in 2021, when Washington also expelled two diplomats', 'talks collapsed in 2023
    after both sides violated a ceasefire': `tok` sits in a time clause of `other`'s clause."""
    clause = _verb_of(tok)
    # "in 2021, when ..." is often parsed as a relative clause on the year
    return bool(clause.dep_ in ("advcl", "relcl") and clause != clause.head
                and _verb_of(clause.head) == _verb_of(other) and any(
        c.dep_ in ("mark", "advmod") and c.lower_ in ADVERBIAL_MARKS for c in clause.children))


def _link_history(doc: Any, found: list[_Found]) -> None:
    """Temporal anaphora: an undated event told in the simple past right after a historical
    one, in the same country or with the same actor, continues that story ("... the Ukrainian
    army's operation against the Donbass in 2014. ... the Ukrainians launched frontal attacks
    on Donetsk") and is historical too. Two sentences at most; present perfect never."""
    sent_of = {s.start: n for n, s in enumerate(doc.sents)}
    for n, f in enumerate(found):
        if f.event.modality != "asserted" or f.event.date is not None \
                or not narrative_past(f.token):
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
                    and _in_time_clause_of(f.token, prev.token):
                f.event.modality = "historical"
                f.event.date = prev.event.date
                break


def _adverbial_tokens(doc: Any, statements: list[Statement], seen: set[int]
                      ) -> list[tuple[Statement, Token]]:
    """Tokens of the time clauses ("a day after Ankara accused ...", "before the talks
    began") that hang from the reporting verb of a statement's sentence but lie outside the
    statement's span: the sentence tells them as facts too, under the same statement."""
    out: list[tuple[Statement, Token]] = []
    done: set[int] = set()
    for stmt in statements:
        if stmt.kind == "past_forecast_reference":
            continue
        span = doc.char_span(stmt.start, stmt.end, alignment_mode="expand")
        if span is None or len(span) == 0 or span.sent.start in done:
            continue
        sent = span.sent
        done.add(sent.start)
        for clause in sent:
            if clause.dep_ != "advcl" or not any(
                    c.dep_ in ("mark", "advmod") and c.lower_ in ADVERBIAL_MARKS
                    for c in clause.children):
                continue
            if span.start <= clause.i < span.end:
                continue  # inside the statement: found with it
            out += [(stmt, t) for t in clause.subtree if t.i not in seen]
    return out


def find_events(doc: Any, *, doc_id: str, statements: list[Statement],
                attributions: list[Attribution], places: list[Place],
                times: list[TimeExpression], dct: dt.date | None) -> list[Event]:
    """The events that `statements` report, in text order."""
    lex = event_lexicon()
    index: ActorIndex | None = None
    by_start = {p.start: p for p in places if not _dateline(doc, p)}
    cache: dict[int, Trigger | None] = {}

    def trigger(tok: Token) -> Trigger | None:
        if tok.i not in cache:
            cache[tok.i] = trigger_of(tok, lex)
        return cache[tok.i]

    found: list[_Found] = []
    seen: set[int] = set()

    def event_at(stmt: Statement, tok: Token) -> Event | None:
        """The event `tok` triggers in `stmt`, once per token."""
        nonlocal index
        trig = trigger(tok)
        if trig is None or tok.i in seen or _duplicate_verb(trig, lex):
            return None
        seen.add(tok.i)
        index = index or actor_index(doc)
        return _event(trig, stmt, doc_id=doc_id, index=index, places=places,
                      by_start=by_start, times=times, dct=dct, lex=lex,
                      is_trigger=lambda t: trigger(t) is not None)

    for stmt in statements:
        if stmt.kind == "past_forecast_reference":
            continue
        for tok in _statement_tokens(doc, stmt):
            if (event := event_at(stmt, tok)) is not None:
                found.append(_Found(event=event, token=tok))
    for stmt, tok in _adverbial_tokens(doc, statements, seen):
        if (event := event_at(stmt, tok)) is None:
            continue
        anchor = next((f.event.date for f in found if f.event.statement_id == stmt.id
                       and f.event.date is not None), None) or next(
            (d for t in times if stmt.start <= t.start < stmt.end and t.type == "DATE"
             and (d := event_date(t.value)) is not None), None)
        if event.date is None and anchor is not None and tok.dep_ in ("advcl", "conj"):
            event.date = offset_date(tok, anchor)  # "a day after Ankara accused ..."
        found.append(_Found(event=event, token=tok))
    found.sort(key=lambda f: f.token.i)
    _link_occurrences(doc, found, places, times, dct, lex)
    _link_anaphors(doc, found, _speakers(doc, statements, attributions, index))
    _link_history(doc, found)
    return [f.event for f in found]
