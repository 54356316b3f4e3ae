"""Time orientation of a ledger clause: past, present or future.

The clause reading of `modality.modality` (MEANTIME's single predicates go through
`modality.predicate_modality`, which has its own rules): modals, predictive frames ("is set
to", "expects a decision"), timetable words with a future date ("is scheduled for May 3"),
stated chances ("a 40 per cent chance of"), and the clause's own dates.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from newsledger.lexicon import Lexicon
from newsledger.record import TimeExpression

__all__ = ["FUTURE_MODALS", "WEAK_MODALS", "orientation", "time_value_after",
           "time_value_before"]

Token = Any
FUTURE_MODALS = {"will", "shall", "'ll", "’ll", "wo", "ll"}
WEAK_MODALS = {"may", "might", "could", "can", "would", "should", "must"}


def _bounds(value: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of a week, season, quarter or half value, which do not compare as
    strings with a date ("2025-W48" is not after "2025-12-01")."""
    if m := re.fullmatch(r"(\d{4})-W(\d\d)(-WE)?", value):
        y, w = int(m[1]), int(m[2])
        try:
            return (dt.date.fromisocalendar(y, w, 6 if m[3] else 1),
                    dt.date.fromisocalendar(y, w, 7))
        except ValueError:  # week 53 of a 52-week year, week 0
            return None
    y = int(value[:4])
    if m := re.fullmatch(r"\d{4}-(SP|SU|FA|WI)", value):
        first = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[m[1]]
    elif m := re.fullmatch(r"\d{4}-Q([1-4])", value):
        first = int(m[1]) * 3 - 2
    elif m := re.fullmatch(r"\d{4}-H([12])", value):
        first = 1 if m[1] == "1" else 7
    else:
        return None
    months = 6 if value[5] == "H" else 3
    last_y, last_m = y + (first + months - 2) // 12, (first + months - 2) % 12 + 1
    end = dt.date(last_y, last_m, calendar.monthrange(last_y, last_m)[1])
    return dt.date(y, first, 1), end


def time_value_after(value: str, dct: dt.date | None) -> bool:
    """Whether a TIMEX3 value lies after the document date (a future time)."""
    if value == "FUTURE_REF":
        return True
    if dct is None or not re.match(r"^\d{4}", value):
        return False
    if (bounds := _bounds(value)) is not None:
        return bounds[0] > dct
    iso = dct.isoformat()
    return value[: len(iso)] > iso[: len(value)] if len(value) >= 4 else False


def time_value_before(value: str, dct: dt.date | None) -> bool:
    """Whether a dated TIMEX3 value lies wholly before the document date."""
    if dct is None or not re.match(r"^\d{4}", value):
        return False
    if (bounds := _bounds(value)) is not None:
        return bounds[1] < dct
    iso = dct.isoformat()
    return value < iso[: len(value)] if len(value) >= 4 else False


def orientation(head: Token, modal: Token | None, times: list[TimeExpression],
                 dct: dt.date | None, conditional: bool, predictive: bool,
                 past_frame: bool, reported: bool, lex: Lexicon) -> str:
    orientation = _raw_orientation(head, modal, times, dct, conditional, predictive,
                                   past_frame, reported, lex)
    # Only the clause's own dates: "said on Sunday that he would not resign" is not past.
    lo, hi = _char_span(head)
    dated = [t for t in times if re.match(r"^\d{4}", t.value) and lo <= t.start < hi
             and not _baseline(head, t)]
    plain_will = modal is not None and modal.lower_ in FUTURE_MODALS
    if orientation == "future" and dated and not plain_will and not CHANCE.search(
            _own_text(head)) and all(time_value_before(t.value, dct) for t in dated):
        return "past"  # "said the plant would close in March 2025", written in 2026
    return orientation


def _baseline(head: Token, t: TimeExpression) -> bool:
    """A time that is only compared with ("lower than last year", "compared with 2020")."""
    before = [w for w in head.subtree if w.idx < t.start][-3:]
    words = " ".join(w.lower_ for w in before)
    return bool(re.search(r"(?:\bthan|\bcompared (?:with|to))(?: the)?$",
                          words))


def _char_span(head: Token) -> tuple[int, int]:
    toks = list(head.subtree)
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _own_text(head: Token) -> str:
    """The clause's words without its co-ordinated clauses ("favoured X and was unlikely to
    Y": the second conjunct's frame is not the first's)."""
    skip = {t.i for c in head.children if c.dep_ in ("conj", "parataxis", "relcl")
            and c.i > head.i for t in c.subtree}
    return " ".join(t.lower_ for t in head.subtree if t.i not in skip)


CHANCE = re.compile(r"\b\d+(?:\.\d+)?\s*(?:per\s*cent|percent|%)\s+(?:chance|probability|"
                    r"likelihood|risk|odds)\b")


def _perfect(head: Token) -> bool:
    return any(c.lower_ in ("had", "has", "have", "'d", "'ve") and c.dep_ == "aux"
               for c in head.children)


def _expects_object(head: Token, lex: Lexicon) -> bool:
    """ "Nobody expects a signature this month", "promised a decision by the summer": the
    object of a predictive verb is the forecast event; so is what markets "price in"."""
    priced = head.lemma_.lower() == "price" and any(
        c.dep_ in ("prt", "prep") and c.lower_ == "in" and c.i == head.i + 1
        for c in head.children) and not any(c.dep_ == "dobj" and c.i < head.i + 2
                                             for c in head.children)
    if priced:
        return True
    if head.lemma_.lower() not in lex.words("predictive_object_verbs") and not priced:
        return False
    auxes = {c.lower_ for c in head.children if c.dep_ == "aux"}
    if "had" in auxes or head.tag_ == "VBN" and not auxes & {"has", "have"}:
        return False  # "had expected a rise": an old expectation; "the expected rise"
    return any(c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN", "NUM") or c.dep_ == "xcomp"
               for c in head.children)


def _scheduled(head: Token, future_time: bool, lex: Lexicon) -> bool:
    """ "a vote is scheduled for May 3", "the rest are due in February", "has been pushed back
    to March 2027": a timetabling word with a time after the publication date."""
    if not future_time:
        return False
    words = lex.words("schedule_words")
    if head.lemma_.lower() in words and any(c.dep_ == "auxpass" for c in head.children):
        return True
    return head.lemma_ == "be" and any(c.dep_ == "acomp" and c.lower_ in words
                                       for c in head.children)


def _raw_orientation(head: Token, modal: Token | None, times: list[TimeExpression],
                     dct: dt.date | None, conditional: bool, predictive: bool,
                     past_frame: bool, reported: bool, lex: Lexicon) -> str:
    text = _own_text(head)
    future_time = any(time_value_after(t.value, dct) for t in times)
    lo, hi = _char_span(head)
    own_future = any(time_value_after(t.value, dct) for t in times if lo <= t.start < hi)
    if modal is None and head.tag_ == "MD" and head.lower_ in FUTURE_MODALS:
        return "future"  # an elided verb: "I think it probably will"
    if modal is not None:
        word = modal.lower_
        if word in FUTURE_MODALS:
            return "future"
        if word == "would":
            # Reported speech shifts "will" to "would": "she said the line would open in May".
            if reported or (conditional and not past_frame) or own_future:
                return "future"
            return "past" if past_frame else "present"
        # "can" is ability and "must" obligation: neither forecasts in reported speech alone.
        if word == "must":
            return "present"  # an obligation ("states must report by 2027"), not a forecast
        elif word == "can":
            if conditional or own_future:
                return "future"
        elif word in WEAK_MODALS and (conditional or future_time or predictive or reported
                                      or any(_not_over(t.value, dct) for t in times)):
            return "future"
    perfect = _perfect(head) or head.tag_ == "VBD"
    if predictive and not perfect or any(f in text for f in lex.raw["predictive_frames"]):
        return "future"  # but "warned that the outbreak had not yet peaked" is not
    if _expects_object(head, lex) or CHANCE.search(text) or _scheduled(head, own_future, lex):
        return "future"
    if reported and re.search(r"\b(was|were) (likely|unlikely|expected|set|due|going|poised|"
                              r"about|scheduled) to\b", text):
        return "future"
    if re.search(r"\b(is|are|am) going to\b", text):
        return "future"
    if head.tag_ in ("VBD",) or any(c.lower_ in ("had", "has", "have") and c.dep_ == "aux"
                                      for c in head.children):
        return "past"
    if conditional and reported and modal is None and head.tag_ in ("VBZ", "VBP"):
        return "future"  # "'If they stay at home, Marlowe wins,' he said"
    if head.tag_ in ("VBZ", "VBP", "VB") and any(
            time_value_after(t.value, dct) or head.lemma_ != "be" and _not_over(t.value, dct)
            for t in _outside_relatives(head, times) if not _premodifier(head, t)):
        return "future"  # "the trial opens next week", "prices rise this winter"
    return "present"


def _not_over(value: str, dct: dt.date | None) -> bool:
    """A week, month, season, quarter or half that has begun but not ended: an event verb in
    the present tense with it ("energy prices rise this winter") is still to come."""
    if dct is None:
        return False
    bounds = _bounds(value) if re.match(r"^\d{4}-[WSFQH]", value) else None
    if bounds is None and (m := re.fullmatch(r"(\d{4})-(\d\d)", value)):
        y, mo = int(m[1]), int(m[2])
        bounds = dt.date(y, mo, 1), dt.date(y, mo, calendar.monthrange(y, mo)[1])
    return bounds is not None and bounds[0] <= dct < bounds[1]


def _premodifier(head: Token, t: TimeExpression) -> bool:
    """A time that only names a thing ("there is still the January transfer window", "the
    May elections are close"): a modifier inside a noun phrase does not date the verb."""
    span = head.doc.char_span(t.start, t.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    root = span.root
    return bool(root.dep_ in ("compound", "nmod", "amod") and root.head.pos_ in ("NOUN", "PROPN")
                and root.head.i not in (tok.i for tok in span))


def _outside_relatives(head: Token, times: list[TimeExpression]) -> list[TimeExpression]:
    """Times not inside a relative clause: in "they fly to places nobody wants to go to in
    February" the month belongs to the wanting, not to the flying."""
    spans = [_char_span(t) for t in head.subtree if t.dep_ == "relcl"]
    return [t for t in times if not any(a <= t.start < b for a, b in spans)]
