"""The auxiliary modality of an event: did it happen, will it, would it, or did it not?

Decided per predicate, in this order (the first that applies wins):

- **negated** — the predicate itself is denied: a negator on it ("did not attack"), a negating
  implicative over it ("failed to recapture", "refused to meet": the refusal is a REJECT event
  that happened, the meeting is negated), a negating determiner on an event noun ("no talks").
  Read by `modality.predicate_modality`.
- **hypothetical** — it is only supposed: inside an if/unless clause, or in the consequent of
  a conditional statement (not in its when/after/before clause, which is presupposed: "could
  top the agenda when Trump and Putin meet" leaves the meeting a plain future); a
  counterfactual ("would have attacked"); a modal of possibility ("could", "might", "may",
  "should", and "would" outside reported speech) with no future time expression; a proposal
  ("a proposal to withdraw"); an aim of a past action that the text does not say was reached
  ("launched attacks intended to storm the city").
- **historical** — its date lies a year or more before the publication date ("the 2014
  assault" in a 2016 article), or it is the past event a comparison points to ("reminds me of
  the operation ... in 2014"), or, undated and told in the simple past, it continues the
  story of a historical event in the two sentences before, in the same country or with the
  same actor (`event_links.link_history`; the present perfect never continues a past story).
- **future** — the statement is a forecast and the predicate is not in a past tense, or the
  predicate is future by its own modal, tense, time expression or intention verb ("plans to
  attack"), or its date starts after the publication date.
- **asserted** — otherwise: the text reports it as having happened or as happening.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from newsledger.event_clauses import TIME_MARKS
from newsledger.event_clauses import clause_chain as _clause_chain
from newsledger.event_clauses import clause_head as _clause_head
from newsledger.event_clauses import finite_past as _finite_past
from newsledger.event_clauses import governors as _governors
from newsledger.event_clauses import marker as _marker
from newsledger.event_clauses import modal as _modal
from newsledger.event_clauses import past as _past
from newsledger.event_clauses import verbal as _verbal
from newsledger.event_hypothesis import (
    acted_on,
    called_off,
    continuing,
    denied_by_phrase,
    denied_carrier,
    denied_content,
    denied_subject,
    embedded_question,
    existing_subject,
    generic,
    perfect,
    postponed,
    requested,
)
from newsledger.event_types import EventLexicon, trigger_of
from newsledger.lexicon import Lexicon
from newsledger.modality import predicate_modality
from newsledger.record import EventDate, Modality, Statement, TimeExpression

__all__ = ["event_modality", "headline_end"]

Token = Any
CONDITIONAL_MARKS = {"if", "unless", "whether", "lest"}
CONDITIONAL_VERBS = {"provided", "providing", "assuming", "supposing"}
POSSIBILITY = {"could", "might", "may", "should", "would", "'d"}
REPORTING = {"say", "tell", "claim", "report", "announce", "insist", "state", "warn", "add",
             "suggest", "believe", "expect", "predict", "promise", "vow", "pledge", "hope"}
HISTORY_DAYS = 365
# Carriers whose past tense only commits to the event ("offered assistance")
COMMITMENTS = frozenset({"offer", "pledge", "promise", "propose", "plan", "prepare", "plot",
                         "threaten"})
HEADLINE_KEY = "newsledger.events.headline_end"


def _inverted(clause: Token) -> bool:
    """'Had the deal been signed, ...', 'Were the talks to fail, ...': a condition told by
    putting the auxiliary first."""
    first = clause.left_edge
    return bool(clause.dep_ == "advcl" and first.dep_ == "aux" and first.head == clause
                and first.lower_ in ("had", "were", "should"))


def _not_until(clause: Token) -> bool:
    """'talks would not resume until the rebels released all hostages': the until-clause of a
    denied or modal clause is its condition ("fighting went on until dawn" is a time)."""
    if clause.dep_ != "advcl" or _marker(clause) not in ("until", "till") \
            or clause.head == clause:
        return False
    main = clause.head
    return any(c.dep_ == "neg" for c in main.children) and _modal(main) is not None


def _in_condition(tok: Token) -> bool:
    """Inside 'if ...', 'unless ...', 'provided (that) ...', 'had it been ...', or the
    until-clause of 'would not ... until ...'."""
    return any(c.dep_ == "advcl" and (_marker(c) in CONDITIONAL_MARKS or _inverted(c)
                                      or _not_until(c))
               or c.dep_ in ("advcl", "prep") and c.lower_ in CONDITIONAL_VERBS
               for c in _clause_chain(tok))


def _consequent(clause: Token) -> bool:
    """'threatened to suspend the country if civilian rule was not restored': a clause not in
    a past tense that an if/unless clause hangs from happens only in that case (a past one
    that did: 'they left if they could')."""
    if _past(clause) or perfect(clause):
        return False
    # "threatened to suspend X if ...": the if-clause, hung on the past verb, is the
    # infinitive's condition
    owners = [clause]
    while owners[-1].dep_ in ("xcomp", "acomp") and owners[-1].head != owners[-1] \
            and len(owners) < 4:  # "said they were ready to release 150 detainees if ..."
        owners.append(owners[-1].head)
    return any(c.dep_ == "advcl" and (_marker(c) in CONDITIONAL_MARKS or _inverted(c))
               for o in owners for c in o.children)


def _in_time_clause(tok: Token) -> bool:
    return any(c.dep_ == "advcl" and _marker(c) in TIME_MARKS for c in _clause_chain(tok))


def _time_condition(condition: str) -> bool:
    """'once they had been charged', 'when the talks end': the forecast waits for a time, it
    does not suppose a case."""
    words = condition.lower().split()
    return bool(words) and words[0] in TIME_MARKS


def _counterfactual(clause: Token) -> bool:
    """'would have attacked', 'could have been stopped'."""
    modal = _modal(clause)
    return modal is not None and modal.lower_ in POSSIBILITY and any(
        c.dep_ == "aux" and c.lower_ == "have" for c in clause.children)


def _aim_of(tok: Token, lex: EventLexicon) -> Token | None:
    """The word an aim hangs from: an infinitive of an aim word ('intended to storm', 'the
    objective being to capture', 'an operation to free') or a purpose clause ('assembled to
    recapture'); conjoined infinitives share it ('to secure ..., then to encircle')."""
    verb = tok if _verbal(tok) else None
    if verb is None:
        return None
    while verb.dep_ == "conj" and verb.head != verb and _verbal(verb.head):
        verb = verb.head
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return None
    gov = verb.head
    if gov == verb:
        return None
    lemma = gov.lemma_.lower()
    if lemma in lex.aim_words:
        return gov  # type: ignore[no-any-return]
    subj = [c for c in gov.children if c.dep_ == "nsubj"]
    if subj and subj[0].lemma_.lower() in lex.aim_words:
        return subj[0]  # type: ignore[no-any-return]
    if verb.dep_ == "advcl" or verb.dep_ == "xcomp" and lemma in lex.purpose_governors:
        return gov  # type: ignore[no-any-return]
    return None


def _same_act(gov: Token, tok: Token, lex: EventLexicon) -> bool:
    """Whether the action an aim hangs from is an event of the aim's own type."""
    mine, theirs = trigger_of(tok, lex), trigger_of(gov, lex)
    return mine is not None and theirs is not None and mine.type == theirs.type


def _past_context(tok: Token) -> bool:
    """Whether the clause an aim belongs to, or the one above it, is in a past tense."""
    return any(_past(c) for c in _clause_chain(tok)[:2])


def _proposed(tok: Token, lex: EventLexicon) -> bool:
    return any(g.lemma_.lower() in lex.proposal_words for g in _governors(tok, 4))


def _compared(tok: Token, lex: EventLexicon) -> bool:
    """The event is what a comparison points to ("reminds me of the 2014 operation"), not the
    thing compared ("the protests recalled ...")."""
    child = tok
    for g in _governors(tok, 5):
        # "recalled its ambassador after a court jailed ...": a recall that is an event
        if g.lemma_.lower() in lex.comparison_words and trigger_of(g, lex) is None:
            return child.dep_ not in ("nsubj", "nsubjpass", "csubj")
        child = g
    return False


def headline_end(doc: Any) -> int:
    """Where the document's first line ends when it reads as a headline (no closing
    punctuation, a line break after it), else -1; a token sits in it when its `idx` is
    below. Computed once per document: `doc.text` joins every token."""
    cached = doc.user_data.get(HEADLINE_KEY)
    if cached is None:
        text = doc.text
        first = len(text) - len(text.lstrip())
        cut = text.find("\n", first)
        line = text[first:cut if cut >= 0 else len(text)].rstrip()
        cached = -1 if line.endswith((".", "!", "?", '"', "'", ":", ",")) or not line else (
            cut if cut >= 0 else len(text))
        doc.user_data[HEADLINE_KEY] = cached
    return int(cached)


def _headline(tok: Token) -> bool:
    """Whether `tok` sits in a headline (headlinese drops articles, auxiliaries and the full
    stop)."""
    return bool(tok.idx < headline_end(tok.doc))


def _headline_tense(tok: Token) -> Modality | None:
    """Headlinese: the simple present reports what happened ("Drones strike positions"),
    the bare to-infinitive announces what will ("Leaders to meet in Geneva")."""
    if not _headline(tok):
        return None
    clause = _clause_head(tok)
    if _modal(clause) is not None:
        return None
    if clause.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to"
                                   for c in clause.children):
        return "future"
    if clause.tag_ in ("VBZ", "VBP") or clause.tag_ == "VBN" and clause.dep_ == "ROOT":
        return "asserted"
    return None


def _after(tok: Token) -> bool:
    """'agree to extend truce after border clashes', 'despite the ceasefire', 'amid protests':
    what another event follows or meets is already there."""
    if _verbal(tok):  # "after talks (were) mediated by Qatar": a past time clause
        return bool(tok.tag_ in ("VBD", "VBN") and _marker(tok) in ("after", "since"))
    return bool(tok.dep_ == "pobj" and tok.head.lower_ in (
        "after", "following", "since", "amid", "despite"))


def _historical(date: EventDate | None, dct: dt.date | None) -> bool:
    if date is None or dct is None:
        return False
    if date.precision == "year" and int(date.value[:4]) < dct.year:
        return True  # "protests last year", "the 2025 floods": a story already closed
    return dt.date.fromisoformat(date.latest) <= dct - dt.timedelta(days=HISTORY_DAYS)


def _day_valued(t: TimeExpression) -> TimeExpression:
    """An ISO week as its Monday: the shared future test compares values as strings, and
    '2026-W45' sorts after every date of 2026."""
    m = re.fullmatch(r"(\d{4})-W(\d\d)", t.value)
    if not m:
        return t
    try:
        monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
    except ValueError:
        return t
    return TimeExpression(text=t.text, start=t.start, end=t.end, value=monday.isoformat(),
                          type=t.type)


def event_modality(tok: Token, statement: Statement, date: EventDate | None,
                   dct: dt.date | None, lex: Lexicon, elex: EventLexicon,
                   times: list[TimeExpression]) -> Modality:
    """asserted | historical | future | hypothetical | negated for the predicate `tok`."""
    labels = predicate_modality(tok, lex, dct, [_day_valued(t) for t in times])
    if labels.polarity == "negated" or denied_by_phrase(tok, elex) or denied_content(tok) or (
            _verbal(tok) and denied_subject(tok)) or denied_carrier(tok, elex) \
            or called_off(tok):
        return "negated"
    if postponed(tok):
        return "future"
    clause = _clause_head(tok)
    later = date is not None and dct is not None and date.earliest > dct.isoformat()
    if (continuing(tok, elex) or acted_on(tok) or _after(tok)) and not later:
        return "historical" if _historical(date, dct) else "asserted"
    done = _past(clause) or perfect(clause)
    # A past-tense predicate of a conditional statement happened: "threatened to X if Y";
    # a scheduled event named in a condition keeps its date ("at next year's election").
    if (_in_condition(tok) or embedded_question(tok)) and not (later and not _verbal(tok)) \
            or statement.condition and not _in_time_clause(tok) \
            and not _time_condition(statement.condition) and not done:
        return "hypothetical"
    if existing_subject(tok, elex) and not later:
        return "historical" if _historical(date, dct) else "asserted"
    if _counterfactual(clause) or _proposed(tok, elex) or _consequent(clause):
        return "hypothetical"
    if not later and (requested(tok, elex) or generic(tok)):
        return "hypothetical"
    modal = _modal(clause)
    if modal is None and clause.dep_ == "xcomp" and clause.head != clause:
        modal = _modal(clause.head)  # "could force them to halt operations"
        clause = clause.head
    if modal is not None and modal.lower_ in POSSIBILITY and not later:
        reported = clause.dep_ == "ccomp" and clause.head.lemma_.lower() in REPORTING
        if not (modal.lower_ in ("would", "'d") and reported):
            return "hypothetical"
    aim = _aim_of(tok, elex)
    if aim is not None and _same_act(aim, tok, elex):
        aim = None  # "marched on parliament to protest": marching was the protest
    if aim is not None and _past_context(aim):
        return "hypothetical"
    if _historical(date, dct):
        return "historical"
    headline = _headline_tense(tok)
    if headline is not None and not later:
        return headline
    if statement.kind == "forecast" and not _finite_past(tok) and not perfect(clause):
        return "future"
    carrier = tok.head if tok.dep_ == "dobj" else tok.head.head if tok.dep_ == "pobj" else tok
    carried_past = not _verbal(tok) and carrier != tok and _past(carrier) and (
        carrier.lemma_.lower() in elex.light_verbs - COMMITMENTS  # "approved a loan"
        or tok.dep_ == "dobj" and trigger_of(carrier, elex) is not None
        and carrier.lemma_.lower() not in COMMITMENTS)  # "fought a border war"
    carried_past = carried_past or _verbal(tok) and tok.tag_ == "VBD"  # a finite past
    # "talks mediated by Qatar": a past participle on a noun tells what was done
    carried_past = carried_past or _verbal(tok) and tok.tag_ == "VBN" and tok.dep_ == "acl"
    # "expressed concern about the arrests": a definite event a past reaction is about
    carried_past = carried_past or not _verbal(tok) and _finite_past(tok) and any(
        c.dep_ == "poss" or c.dep_ == "det" and c.lower_ in ("the", "this", "these", "those")
        for c in tok.children) and statement.kind != "forecast"
    if labels.time_orientation == "future" and not carried_past or later or aim is not None:
        return "future"
    if _compared(tok, elex) and (_past(clause) or date is not None):
        return "historical"
    return "asserted"
