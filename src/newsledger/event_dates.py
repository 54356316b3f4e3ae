"""When an event happens, at the precision the text gives (ACLED's time precision, plus year).

Sources, in order: a time expression among the predicate's own arguments and adjuncts; one
attached to the predicate's clause; for a forecast, its deadline (the window from the
publication date to the deadline). A deadline preposition ("before", "by", "until") makes the
date a window that ends at that time rather than the time itself.

When the text gives no date the event has none (null): we do not stamp the publication date
on an undated event, because news reports past, ongoing and background events alike; the
document's own publication date stays available to whoever needs a fallback.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from newsledger.record import EventDate, ResolveBy, TimeExpression

__all__ = ["anaphoric_date", "date_of", "event_date", "offset_date", "resolve_window"]

Token = Any
DEADLINE_PREPS = {"before", "by", "until", "till", "ahead"}
# "that year", "the same month": a time named earlier in the text, at this precision.
ANAPHORIC_UNITS = {"year": 4, "month": 7, "day": 10}
ANAPHORIC_DETS = {"that", "same"}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def event_date(value: str) -> EventDate | None:
    """An EventDate for a TIMEX3 DATE value (day, ISO week, month or year), else None."""
    if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", value[:10]):
        try:
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
        return EventDate(value=day.isoformat(), precision="day", earliest=day.isoformat(),
                         latest=day.isoformat())
    if m := re.fullmatch(r"(\d{4})-W(\d\d)", value):
        try:
            first = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        except ValueError:
            return None
        return EventDate(value=value, precision="week", earliest=first.isoformat(),
                         latest=(first + dt.timedelta(days=6)).isoformat())
    if m := re.fullmatch(r"(\d{4})-(\d\d)", value):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            return None
        last = calendar.monthrange(year, month)[1]
        return EventDate(value=value, precision="month", earliest=f"{value}-01",
                         latest=f"{value}-{last:02d}")
    if re.fullmatch(r"\d{4}", value):
        return EventDate(value=value, precision="year", earliest=f"{value}-01-01",
                         latest=f"{value}-12-31")
    return None


def _before(date: EventDate, dct: dt.date | None) -> EventDate:
    """'before X': from the publication date (if earlier) to the day before X starts."""
    start = dt.date.fromisoformat(date.earliest)
    latest = start - dt.timedelta(days=1)
    earliest = dct.isoformat() if dct is not None and dct <= latest else latest.isoformat()
    return EventDate(value=date.value, precision=date.precision, earliest=earliest,
                     latest=latest.isoformat())


def _by(date: EventDate, dct: dt.date | None) -> EventDate:
    latest = dt.date.fromisoformat(date.latest)
    earliest = dct.isoformat() if dct is not None and dct <= latest else date.earliest
    return EventDate(value=date.value, precision=date.precision, earliest=earliest,
                     latest=date.latest)


def _governing_prep(tok: Token) -> str:
    """The deadline preposition a time expression hangs from, if any ('before' in 'before the
    inauguration on 20 January'), looked for up to the clause's verb."""
    cur = tok
    for _ in range(6):
        if cur.pos_ in ("VERB", "AUX") or cur.head == cur:
            break
        if cur.dep_ == "prep" and cur.lower_ in DEADLINE_PREPS:
            return str(cur.lower_)
        cur = cur.head
    return ""


def date_of(tokens: list[Token], times: list[TimeExpression], dct: dt.date | None
            ) -> EventDate | None:
    """The date among `tokens`: the first time expression there with a calendar value."""
    if not tokens:
        return None
    by_start = {t.idx: t for t in tokens}
    for t in times:
        tok = by_start.get(t.start)
        if tok is None or t.type not in ("DATE", "TIME"):
            continue
        date = event_date(t.value)
        if date is None:
            continue
        prep = _governing_prep(tok)
        if prep in ("before", "ahead"):
            return _before(date, dct)
        if prep in ("by", "until", "till"):
            return _by(date, dct)
        return date
    return None


def resolve_window(resolve_by: ResolveBy, dct: dt.date | None) -> EventDate | None:
    """A forecast's deadline as the event's date: the deadline's period, bounded by the
    publication date when that is earlier."""
    date = event_date(resolve_by.value)
    if date is None:
        return None
    return _by(date, dct)


def anaphoric_date(tokens: list[Token], times: list[TimeExpression]) -> EventDate | None:
    """'brokered a ceasefire that year': the latest calendar date named in the two sentences
    before, cut to the unit the phrase names (a year for "that year")."""
    for tok in tokens:
        unit = ANAPHORIC_UNITS.get(str(tok.lemma_).lower())
        if unit is None or not any(c.lower_ in ANAPHORIC_DETS for c in tok.children):
            continue
        sents = [tok.sent]
        while len(sents) < 3 and sents[-1].start > 0:
            sents.append(tok.doc[sents[-1].start - 1].sent)
        earliest = sents[-1].start_char
        for t in sorted(times, key=lambda t: t.start, reverse=True):
            if earliest <= t.start < tok.idx and t.type == "DATE" \
                    and re.match(r"\d{4}", t.value) and len(t.value) >= unit:
                return event_date(t.value[:unit])
    return None


def offset_date(clause: Token, anchor: EventDate) -> EventDate | None:
    """'a day after X', 'two days before Y', 'hours after Z': the clause's day counted from
    the day-precise date of the clause it modifies."""
    if anchor.precision != "day":
        return None
    mark = next((c.lower_ for c in clause.children if c.dep_ == "mark"
                 and c.lower_ in ("after", "before")), None)
    if mark is None:
        return None
    for c in clause.children:
        unit = str(c.lemma_).lower()
        if c.dep_ != "npadvmod" or unit not in ("day", "hour"):
            continue
        days = 0
        if unit == "day":
            nums = [d for d in c.children if d.dep_ in ("nummod", "det")]
            word = nums[0].lower_ if nums else ""
            days = int(word) if word.isdigit() else NUMBER_WORDS.get(word, 0)
            if days == 0:
                return None
        # the clause happened `days` before the anchor when the anchor comes "after" it
        shift = -days if mark == "after" else days
        day = dt.date.fromisoformat(anchor.value) + dt.timedelta(days=shift)
        return event_date(day.isoformat())
    return None
