"""Events from statements: who did what to whom, where and when, with modality.

For each claim and forecast (references to the author's earlier forecasts are not events),
every event predicate in the statement's span — a verb or an event noun of the PLOVER lexicon
(`event_types`, data/plover.json) — becomes one `Event`; so does one in a time clause on the
statement's reporting verb, or elsewhere in a sentence that holds statements (under the
nearest one), and a headline verb the parser took for a noun:

- type and mode from the lexicon (`event_types`; the conditions of a word's senses are in
  `event_senses`; a noun modifier can set the mode: "air strike" → aerial);
- actors and recipients from its arguments (`event_roles`): subject, passive agent or
  possessor ("ISIS's withdrawal") act; object, "against X", "on X", and "with X" for
  CONSULT / AGREE / COOPERATE receive;
- place (`event_places`): the toponym tied to the predicate, never a dateline;
- date (`event_dates`): a time expression among its arguments, else one attached to its
  clause, else a forecast's deadline window; null when the text gives none;
- modality (`event_modality`, with `event_hypothesis` and `event_clauses`): negated,
  hypothetical, historical, future or asserted.

Then discourse links between the document's events (`event_links`): an occurrence clause
("it will take place in Russia"), a definite event noun's actors ("the meeting"), temporal
anaphora for an undated simple-past event after a historical one, and the place and time one
act shares across a participle or relative clause ("attacked a post, killing fifteen").

Linear in tokens: one pass over the statements' sentences with dictionary look-ups; the
lexicon is loaded once per process.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from newsledger.event_dates import (
    anaphoric_date,
    date_of,
    event_date,
    offset_date,
    resolve_window,
)
from newsledger.event_links import (
    ADVERBIAL_MARKS,
    Found,
    link_anaphors,
    link_history,
    link_occurrences,
    link_participles,
    speakers,
)
from newsledger.event_modality import event_modality, headline_end
from newsledger.event_places import event_place, is_dateline
from newsledger.event_roles import (
    ActorIndex,
    actor_index,
    arguments,
    clause_adjuncts,
    clause_of,
    context_tokens,
)
from newsledger.event_types import (
    EventLexicon,
    Trigger,
    event_lexicon,
    headline_verb,
    trigger_of,
)
from newsledger.lexicon import load_lexicon
from newsledger.record import (
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
    """A verb that only carries an event noun ("launched an attack", "held talks"); a
    carrier with its own part ("brokered a truce": the mediation) is an event too."""
    tok = trig.token
    if tok.pos_ != "VERB":
        return False
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass"):
            other = trigger_of(c, lex)
            # "repelled the assault", "fought a war": both words are events
            if other is not None and tok.lemma_.lower() in lex.light_verbs \
                    and tok.lemma_.lower() not in lex.carrier_types:
                return True
    return False


def _own_tokens(tok: Token, tokens: list[Token], is_trigger: Any) -> list[Token]:
    """The tokens that date a verb's own event: not a phrase that holds another event ("invited
    both sides for talks next week" dates the talks; "sentenced them over riots that followed
    an arrest in 2023" dates the arrest)."""
    if tok.pos_ != "VERB":
        return tokens
    def shares_time(c: Token) -> bool:  # "fought a war from 1998", "ousted in the coup"
        return bool(c.dep_ == "dobj" and is_trigger(c) or c.dep_ == "prep" and c.lower_ in (
            "in", "during", "amid", "at") and any(o.dep_ == "pobj" and is_trigger(o)
                                                  for o in c.children))

    other = {x.i for c in tok.children if c.dep_ in ("prep", "dobj", "pobj", "pcomp")
             and not shares_time(c) for t in c.subtree if t.i != tok.i and is_trigger(t)
             for x in t.subtree}
    return [t for t in tokens if t.i not in other]


def _past_decade(tokens: list[Token], times: list[TimeExpression], dct: dt.date | None
                 ) -> bool:
    """A decade among `tokens` ("the 1990s", TIMEX3 value "199") that ended before the
    publication year: an EventDate has no decade precision, but the story is history."""
    if dct is None:
        return False
    starts = {t.idx for t in tokens}
    return any(t.start in starts and len(t.value) == 3 and t.value.isdigit()
               and int(t.value) * 10 + 9 < dct.year for t in times)


def _told_as_done(tok: Token) -> bool:
    """A verb in the simple past or the perfect ('invited', 'has invited')."""
    return bool(tok.pos_ == "VERB" and (tok.tag_ == "VBD" or tok.tag_ == "VBN" and any(
        c.dep_ == "aux" and c.lemma_.lower() == "have" for c in tok.children)))


def _event(trig: Trigger, stmt: Statement, *, doc_id: str, index: ActorIndex,
           places: list[Place], by_start: dict[int, Place], times: list[TimeExpression],
           dct: dt.date | None, lex: EventLexicon, is_trigger: Any) -> Event:
    tok = trig.token
    tokens = context_tokens(tok, lex, is_trigger)
    actors, recipients = arguments(tok, trig.type, index, lex, is_trigger)
    date = date_of(_own_tokens(tok, tokens, is_trigger), times, dct)
    compared = tok.dep_ == "nsubj" and tok.head.lemma_.lower() in lex.comparison_words
    if date is None and not compared:  # "X reminded them of Y in 2014" dates Y, not X
        date = date_of(clause_adjuncts(tok, is_trigger), times, dct)
    if date is None:
        date = anaphoric_date(tokens + clause_adjuncts(tok, is_trigger), times)
    if date is not None and dct is not None and date.earliest > dct.isoformat() \
            and _told_as_done(tok):
        date = None  # "have invited both sides to talks next week": the date is the talks'
    clause = clause_of(tok)
    while clause.dep_ == "conj" and clause.head != clause:
        clause = clause_of(clause.head)  # "when X was ... and the bank approved ..."
    if date is None and clause.dep_ == "relcl" and any(c.lower_ == "when"
                                                       for c in clause.children):
        date = date_of([clause.head], times, dct)  # "since 2022, when the bank approved ..."
    own = clause_of(tok)
    if date is None and own.dep_ == "conj" and own.head != own \
            and own.tag_ == "VBD" and own.head.tag_ == "VBD":
        # "In 2019, the US recognised ... and imposed an embargo": one past, one time
        date = date_of(clause_adjuncts(own.head, is_trigger), times, dct)
    if date is None and tok.dep_ == "xcomp" and tok.head != tok:
        # "In 2023, protests forced the government to drop the law": the clause's time
        date = date_of(clause_adjuncts(tok.head, is_trigger), times, dct)
    if date is None and stmt.kind == "forecast" and stmt.resolve_by is not None:
        date = resolve_window(stmt.resolve_by, dct)
    modality = event_modality(tok, stmt, date, dct, load_lexicon(), lex, times)
    if modality == "asserted" and date is None and _past_decade(
            _own_tokens(tok, tokens, is_trigger) + clause_adjuncts(tok, is_trigger), times, dct):
        modality = "historical"  # "fought a war in the late 1990s": no day, but long past
    start, end = tok.idx, tok.idx + len(tok.text)
    return Event(id=event_id(doc_id, trig.type, start, end), statement_id=stmt.id,
                 type=trig.type, mode=trig.mode, modality=modality,
                 trigger=TextSpan(text=tok.text, start=start, end=end), actors=actors,
                 recipients=recipients, place=event_place(tok, tokens, places, by_start, trig.type),
                 date=date)


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


def _sentence_rest(doc: Any, statements: list[Statement], seen: set[int]
                   ) -> list[tuple[Statement, Token]]:
    """The other tokens of a sentence that holds statements ("less than a month after the
    group signed a ceasefire", "... and has called for demonstrations" beside a forecast):
    the sentence reports them too, under its nearest statement."""
    spans: dict[int, list[tuple[int, int, Statement]]] = {}
    for stmt in statements:
        if stmt.kind == "past_forecast_reference":
            continue
        span = doc.char_span(stmt.start, stmt.end, alignment_mode="expand")
        if span is not None and len(span) > 0:
            spans.setdefault(span.sent.start, []).append((span.start, span.end, stmt))
    out: list[tuple[Statement, Token]] = []
    for start, found in spans.items():
        sent = doc[start].sent
        for t in sent:
            if t.i in seen:
                continue
            nearest = min(found, key=lambda f: 0 if f[0] <= t.i < f[1]
                          else min(abs(t.i - f[0]), abs(t.i - f[1] + 1)))
            out.append((nearest[2], t))
    return out


def find_events(doc: Any, *, doc_id: str, statements: list[Statement],
                attributions: list[Attribution], places: list[Place],
                times: list[TimeExpression], dct: dt.date | None) -> list[Event]:
    """The events that `statements` report, in text order."""
    lex = event_lexicon()
    index: ActorIndex | None = None
    by_start = {p.start: p for p in places if not is_dateline(doc, p)}
    cache: dict[int, Trigger | None] = {}
    head_end = headline_end(doc)  # read once: every token of the document asks

    def trigger(tok: Token) -> Trigger | None:
        if tok.i not in cache:
            found = trigger_of(tok, lex)
            if found is None and tok.idx < head_end:
                found = headline_verb(tok, lex)
            cache[tok.i] = found
        return cache[tok.i]

    found: list[Found] = []
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
                found.append(Found(event=event, token=tok))
    for stmt, tok in _adverbial_tokens(doc, statements, seen):
        if (event := event_at(stmt, tok)) is None:
            continue
        anchor = next((f.event.date for f in found if f.event.statement_id == stmt.id
                       and f.event.date is not None), None) or next(
            (d for t in times if stmt.start <= t.start < stmt.end and t.type == "DATE"
             and (d := event_date(t.value)) is not None), None)
        if event.date is None and anchor is not None and tok.dep_ in ("advcl", "conj"):
            event.date = offset_date(tok, anchor)  # "a day after Ankara accused ..."
        found.append(Found(event=event, token=tok))
    for stmt, tok in _sentence_rest(doc, statements, seen):
        if (event := event_at(stmt, tok)) is not None:
            found.append(Found(event=event, token=tok))
    found.sort(key=lambda f: f.token.i)
    link_occurrences(doc, found, places, times, dct, lex)
    link_anaphors(doc, found, speakers(doc, statements, attributions, index))
    link_history(doc, found)
    link_participles(found)
    return [f.event for f in found]
