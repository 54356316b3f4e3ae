"""Calendar arithmetic, word lists and TIMEX3 value formatting used by the timex rules."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Literal

__all__ = [
    "Direction",
    "MONTHS",
    "PARTS_OF_DAY",
    "SEASONS",
    "UNIT_CODES",
    "WEEKDAYS",
    "fmt",
    "month_end",
    "nearest_month",
    "nearest_weekday",
    "parse_number",
    "placeholder",
    "season_of",
    "season_start",
    "shift",
    "unit_code",
]

# -1: the expression points back from the DCT, +1: forward, 0: whichever is nearer.
Direction = Literal[-1, 0, 1]

MONTHS: dict[str, int] = {}
for _i, _name in enumerate(calendar.month_name[1:], start=1):
    MONTHS[_name.lower()] = _i
    MONTHS[_name.lower()[:3]] = _i
MONTHS["sept"] = 9

WEEKDAYS: dict[str, int] = {}  # ISO: Monday = 1
for _i, _name in enumerate(calendar.day_name, start=1):
    WEEKDAYS[_name.lower()] = _i
    WEEKDAYS[_name.lower()[:3]] = _i
WEEKDAYS.update({"tues": 2, "weds": 3, "thur": 4, "thurs": 4})

SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_SEASON_FIRST_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}

PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}

# Duration unit -> (ISO 8601 letter, is-time-part, multiplier); decades are written in years.
UNIT_CODES: dict[str, tuple[str, bool, int]] = {
    "second": ("S", True, 1),
    "minute": ("M", True, 1),
    "hour": ("H", True, 1),
    "day": ("D", False, 1),
    "week": ("W", False, 1),
    "fortnight": ("W", False, 2),
    "month": ("M", False, 1),
    "quarter": ("M", False, 3),
    "year": ("Y", False, 1),
    "decade": ("Y", False, 10),
    "century": ("Y", False, 100),
}

_SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen"]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_VAGUE = {"several", "few", "a few", "many", "some", "a couple of", "a number of", "numerous",
          "countless", "recent", "the past", "the last", "the coming", "the next", "dozens of",
          "hundreds of", "a handful of"}


def unit_code(word: str) -> tuple[str, bool, int]:
    """ISO letter, time-part flag and multiplier for a unit word in any inflection."""
    w = word.lower().rstrip(".")
    if w.endswith("ies"):
        w = w[:-3] + "y"
    elif w.endswith("s") and w[:-1] in UNIT_CODES:
        w = w[:-1]
    return UNIT_CODES[w]


def parse_number(text: str) -> int | None:
    """An integer for '3', 'three', 'twenty-five', 'a', 'a dozen'; None for vague quantities."""
    t = re.sub(r"\s+", " ", text.lower().strip()).replace(",", "")
    if t in _VAGUE:
        return None
    if t in ("a", "an", "one", "a single", "a full", "an entire", "a whole"):
        return 1
    if t in ("a dozen", "dozen"):
        return 12
    if t in ("a hundred", "one hundred", "hundred"):
        return 100
    if t in ("a couple", "couple", "a couple of", "two"):
        return 2
    if t.isdigit():
        return int(t)
    if t in _SMALL:
        return _SMALL.index(t)
    parts = re.split(r"[-\s]", t)
    if parts[0] in _TENS:
        extra = _SMALL.index(parts[1]) if len(parts) == 2 and parts[1] in _SMALL else 0
        return _TENS[parts[0]] + extra
    return None


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def shift(d: date, n: int, unit: str) -> date:
    """`d` moved by n units (D, W, M, Q, Y, DE, CE); month ends are clamped."""
    if unit == "D":
        return d + timedelta(days=n)
    if unit == "W":
        return d + timedelta(weeks=n)
    months = {"M": 1, "Q": 3, "Y": 12, "DE": 120, "CE": 1200}[unit] * n
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def season_of(d: date) -> tuple[int, str]:
    """(year, season code) for a day; December counts as the next year's winter start."""
    m = d.month
    if m in (3, 4, 5):
        return d.year, "SP"
    if m in (6, 7, 8):
        return d.year, "SU"
    if m in (9, 10, 11):
        return d.year, "FA"
    return (d.year, "WI") if m == 12 else (d.year - 1, "WI")


def season_start(year: int, code: str) -> date:
    return date(year, _SEASON_FIRST_MONTH[code], 1)


def fmt(d: date, gran: str) -> str:
    """TIMEX3 value of the unit (D, W, M, Q, H, Y, DE, CE, or a season code) containing `d`."""
    if gran == "D":
        return d.isoformat()
    if gran == "W":
        iy, iw, _ = d.isocalendar()
        return f"{iy:04d}-W{iw:02d}"
    if gran == "WE":
        iy, iw, _ = d.isocalendar()
        return f"{iy:04d}-W{iw:02d}-WE"
    if gran == "M":
        return f"{d.year:04d}-{d.month:02d}"
    if gran == "Q":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if gran == "H":
        return f"{d.year:04d}-H{1 if d.month <= 6 else 2}"
    if gran == "Y":
        return f"{d.year:04d}"
    if gran == "DE":
        return f"{d.year // 10:03d}"
    if gran == "CE":
        return f"{d.year // 100:02d}"
    if gran in _SEASON_FIRST_MONTH:
        return f"{d.year:04d}-{gran}"
    raise ValueError(gran)


def placeholder(gran: str) -> str:
    """The value of an unanchored relative expression of this granularity."""
    return {
        "D": "XXXX-XX-XX", "W": "XXXX-WXX", "WE": "XXXX-WXX-WE", "M": "XXXX-XX",
        "Q": "XXXX-QX", "H": "XXXX-HX", "Y": "XXXX", "DE": "XXX", "CE": "XX",
    }.get(gran, f"XXXX-{gran}")


def nearest_month(month: int, day: int | None, dct: date, direction: Direction) -> date:
    """The occurrence of month (and day) that a writer on `dct` most likely means."""
    day_ = day or 1
    cands = []
    for y in (dct.year - 1, dct.year, dct.year + 1):
        last = calendar.monthrange(y, month)[1]
        cands.append(date(y, month, min(day_, last)))
    if day is None:
        here = (dct.year, dct.month)
        if direction < 0:
            return max(c for c in cands if (c.year, c.month) <= here)
        if direction > 0:
            return min(c for c in cands if (c.year, c.month) >= here)
    else:
        if direction < 0:
            return max(c for c in cands if c <= dct)
        if direction > 0:
            return min(c for c in cands if c >= dct)
    # No tense signal: the closest one, ties going to the past.
    return min(cands, key=lambda c: (abs((c - dct).days), c > dct))


def nearest_weekday(weekday: int, dct: date, direction: Direction, strict: bool = False) -> date:
    """The date of an ISO weekday seen from `dct`; `strict` excludes the DCT itself."""
    back = (dct.isoweekday() - weekday) % 7
    fwd = (weekday - dct.isoweekday()) % 7
    if strict:
        back = back or 7
        fwd = fwd or 7
    if direction < 0:
        return dct - timedelta(days=back)
    if direction > 0:
        return dct + timedelta(days=fwd)
    return dct - timedelta(days=back) if back <= fwd else dct + timedelta(days=fwd)
