"""Estimate when an article was written from the dates it mentions.

Used when neither the source nor the HTML gives a publication date. The evidence, strongest
first:

* a dateline: a full date alone on one of the first lines, or after "Published"/"Updated";
* the narrator's "now" reached from an anchored date ("On 21 October 2016 I wrote ...
  One month later it is clear ..."): a relative date in a present-tense sentence;
* bounds: a date told in the past tense was before the writing (lower bound); a date told
  as plainly future ("will", "is set to") was after it (upper bound). "Would" does not count:
  reported speech looks forward from a past moment, not from the writer's.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from newsledger.record import Precision, Published, TimeExpression
from newsledger.timex import find_times, tense_direction
from newsledger.timex_cal import month_end

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["estimate_published"]

_DAY = re.compile(r"^(\d{4})-(\d\d)-(\d\d)$")
_MONTH = re.compile(r"^(\d{4})-(\d\d)$")
_YEAR = re.compile(r"^(\d{4})$")
_RELATIVE = re.compile(r"\b(?:later|afterwards?|on)\b", re.I)
_UNIT_SLACK = {"day": 1, "week": 3, "fortnight": 7, "month": 15, "quarter": 45, "year": 182,
               "decade": 1826}
_DATELINE_CUE = re.compile(r"(?:published|posted|updated|last\s+modified|date)\s*:?\s*$", re.I)
_PLAIN_FUTURE = re.compile(
    r"\b(?:will|'ll|shall|(?:is|are|am)\s+(?:going|set|due|expected|scheduled|poised|slated)"
    r"|plans?\s+to|intends?\s+to|before)\b",
    re.I,
)
_WOULD = re.compile(r"\b(?:would|could|might)\b", re.I)
_MAX_OPEN_WINDOW = 365  # how long after its latest past date an article may be written


def _span(value: str) -> tuple[date, date] | None:
    """First and last day of a DATE value at day, month or year precision."""
    if m := _DAY.match(value):
        d = date(int(m[1]), int(m[2]), int(m[3]))
        return d, d
    if m := _MONTH.match(value):
        y, mo = int(m[1]), int(m[2])
        return date(y, mo, 1), month_end(y, mo)
    if m := _YEAR.match(value):
        y = int(m[1])
        return date(y, 1, 1), date(y, 12, 31)
    return None


def _is_dateline(text: str, t: TimeExpression) -> bool:
    line_start = text.rfind("\n", 0, t.start) + 1
    line_end = text.find("\n", t.end)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    if _DATELINE_CUE.search(text[line_start:t.start]):
        return True
    early = text.count("\n", 0, t.start) < 4 or t.start < 300
    return early and len(line.strip()) <= len(t.text) + 25 and not line.rstrip().endswith(".")


def _slack(t: TimeExpression) -> int:
    for unit, days in _UNIT_SLACK.items():
        if re.search(rf"\b{unit}s?\b", t.text, re.I):
            return days
    return 1


def _plainly_future(doc: Doc, t: TimeExpression) -> bool:
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    if span is None:
        return False
    sent = span.sent
    before = doc.text[sent.start_char:t.start]
    whole = sent.text
    return bool(_PLAIN_FUTURE.search(whole)) and not _WOULD.search(before)


def estimate_published(text: str, times: list[TimeExpression] | None = None, *,
                       doc: Doc | None = None) -> Published | None:
    """A publication-date estimate with a window meant to contain the true date, or None.

    Pass the parsed `doc` of `text` when there is one: parsing is most of the cost."""
    if doc is None:
        from newsledger.annotate import annotated_nlp

        nlp: Any = annotated_nlp()
        doc = nlp(text)
    if times is None:
        times = find_times(doc, None)
    lower: date | None = None
    lower_last: date | None = None  # end of the latest period told as past
    upper: date | None = None
    now: tuple[date, int] | None = None
    for t in times:
        if t.type != "DATE":
            continue
        span = _span(t.value)
        if span is None:
            continue
        first, last = span
        if first == last and _is_dateline(text, t):
            return Published(value=first.isoformat(), precision="day", method="estimated",
                             earliest=first.isoformat(), latest=first.isoformat())
        direction = tense_direction(doc, t.start, t.end)
        if direction < 0:
            lower = max(lower or first, first)
            lower_last = max(lower_last or last, last)
        elif direction > 0 and _plainly_future(doc, t):
            # Written before a day it calls future; a month or year may be the current one.
            bound = first - timedelta(days=1) if first == last else last
            upper = min(upper or bound, bound)
        elif first == last and _RELATIVE.search(t.text) and not _DAY.match(t.text.strip()):
            # A date reached by counting from another ("one month later"), told in the
            # present tense: the narrator's now.
            now = (first, _slack(t)) if now is None or first > now[0] else now
    if upper is not None and lower is not None and upper < lower:
        upper = None  # contradictory evidence: trust what the text says happened
    if now is not None:
        value, slack = now
        earliest = max(value - timedelta(days=slack), lower or date.min)
        latest = min(value + timedelta(days=slack), upper or date.max)
        if earliest <= value <= latest:
            return _published(value, earliest, latest)
    if lower is not None:
        latest = min(lower + timedelta(days=_MAX_OPEN_WINDOW), upper or date.max)
        return _published(min(lower_last or lower, latest), lower, latest)
    if upper is not None:
        return _published(upper, upper - timedelta(days=_MAX_OPEN_WINDOW), upper)
    return None


def _published(value: date, earliest: date, latest: date) -> Published:
    width = (latest - earliest).days
    precision: Precision = "day" if width <= 62 else "month" if width <= 120 else "year"
    return Published(value=value.isoformat(), precision=precision, method="estimated",
                     earliest=earliest.isoformat(), latest=latest.isoformat())
