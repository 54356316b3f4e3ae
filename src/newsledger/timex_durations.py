"""Handlers for durations, offsets from the DCT ('two weeks ago'), sets and vague references."""

from __future__ import annotations

import re
from datetime import date

from newsledger.timex_cal import (
    MONTHS,
    PARTS_OF_DAY,
    SEASONS,
    WEEKDAYS,
    fmt,
    parse_number,
    placeholder,
    shift,
    unit_code,
)
from newsledger.timex_rules import Ctx, Hit

__all__ = [
    "h_bare_units",
    "h_duration",
    "h_duration_range",
    "h_frequency",
    "h_half",
    "h_hms",
    "h_ref",
    "h_set_adverb",
    "h_set_every",
]

_AGE = re.compile(r"(?:\s+|-)(?:old|older|of\s+age)\b|\s+(?:and|or)\s+(?:older|over|up|above)\b",
                  re.I)
# The calendar granularity an offset of this unit lands on ('two weeks ago' -> a week).
_OFFSET_GRAN = {"D": "D", "W": "D", "M": "M", "Y": "Y"}


def _duration_value(n: float | None, unit: str) -> str:
    letter, is_time, mult = unit_code(unit)
    t = "T" if is_time else ""
    if n is None:
        return f"P{t}X{letter}"
    total = n * mult
    num = str(int(total)) if float(total).is_integer() else f"{total:g}"
    return f"P{t}{num}{letter}"


def _number(s: str) -> float | None:
    s2 = s.strip().replace(",", "")
    if re.fullmatch(r"\d+\.\d+", s2):
        return float(s2)
    n = parse_number(s2)
    return None if n is None else float(n)


def _offset(base: date, n: float, unit: str, sign: int) -> tuple[date, str]:
    letter, is_time, mult = unit_code(unit)
    if is_time:
        return base, "D"
    steps = int(round(n * mult)) * sign
    code = {"D": "D", "W": "W", "M": "M", "Y": "Y"}[letter]
    return shift(base, steps, code), _OFFSET_GRAN[code]


def h_duration(m: re.Match[str], ctx: Ctx) -> list[Hit] | None:
    unit = m["u"]
    after = ctx.text[m.end("u"):m.end("u") + 20]
    if _AGE.match(after):
        return None
    if ctx.tag_at(m.start("u")) in ("JJ", "RB"):  # "a second term"
        return None
    if unit.lower().startswith("quarter") and re.match(r"\s+of\b", after, re.I):
        return None
    n = _number(m["n"])
    post = (m["post"] or "").strip().lower()
    if post in ("ago", "back", "from now", "hence"):
        sign = 1 if post in ("from now", "hence") else -1
        if n is None:
            return [Hit(m.start(), m.end(), "PAST_REF" if sign < 0 else "FUTURE_REF")]
        if ctx.dct is None:
            letter = unit_code(unit)[0]
            gran = "D" if unit_code(unit)[1] else _OFFSET_GRAN.get(letter, "D")
            return [Hit(m.start(), m.end(), placeholder(gran))]
        d, gran = _offset(ctx.dct, n, unit, sign)
        return [Hit(m.start(), m.end(), fmt(d, gran))]
    if post in ("earlier", "later", "afterwards", "afterward"):
        than = re.match(r"\s+than\b", ctx.text[m.end():m.end() + 10], re.I)
        anchor = ctx.anchor or ((ctx.dct, "D") if ctx.dct else None)
        if not than and n is not None and not unit_code(unit)[1]:
            sign = -1 if post == "earlier" else 1
            if anchor is None:
                return [Hit(m.start(), m.end(), placeholder("D"))]
            d, _ = _offset(anchor[0], n, unit, sign)
            return [Hit(m.start(), m.end(), fmt(d, anchor[1]))]
    # A plain stretch of time; 'before'/'after' and comparatives stay outside the span.
    return [Hit(m.start(), m.end("u"), _duration_value(n, unit), "DURATION")]


def h_duration_range(m: re.Match[str], ctx: Ctx) -> list[Hit] | None:
    """The first number of '12 to 18 months', which borrows the unit of the second."""
    if _AGE.match(ctx.text[m.end("u"):m.end("u") + 20]):
        return None
    return [Hit(m.start(), m.end(), _duration_value(_number(m["n"]), m["u"]), "DURATION")]


def h_bare_units(m: re.Match[str], ctx: Ctx) -> list[Hit] | None:
    start = m.start("adj") if m["adj"] else m.start("u")
    return [Hit(start, m.end("u"), _duration_value(None, m["u"]), "DURATION")]


_HALF = {"hour": "PT30M", "day": "PT12H", "week": "P0.5W", "month": "P0.5M", "year": "P6M",
         "decade": "P5Y", "century": "P50Y"}


def h_half(m: re.Match[str], ctx: Ctx) -> list[Hit] | None:
    return [Hit(m.start(), m.end(), _HALF[m["u"].lower()], "DURATION")]


def h_hms(m: re.Match[str], ctx: Ctx) -> list[Hit] | None:
    h, mi, s = int(m["H"]), int(m["M"]), int(m["S"])
    parts = "".join(f"{v}{c}" for v, c in ((h, "H"), (mi, "M"), (s, "S")) if v)
    return [Hit(m.start(), m.end(), f"PT{parts or '0S'}", "DURATION")]


_REFS = {"present": "PRESENT_REF", "past": "PAST_REF", "future": "FUTURE_REF"}


def h_ref(m: re.Match[str], ctx: Ctx) -> list[Hit] | None:
    kind = next(k for k in ("present", "past", "future") if m[k])
    return [Hit(m.start(), m.end(), _REFS[kind])]


_ADVERB_SET = {"hourly": "PT1H", "daily": "P1D", "nightly": "P1D", "weekly": "P1W",
               "fortnightly": "P2W", "monthly": "P1M", "quarterly": "P3M", "annually": "P1Y",
               "yearly": "P1Y", "biannually": "P6M", "biennially": "P2Y"}


def h_set_adverb(m: re.Match[str], ctx: Ctx) -> list[Hit] | None:
    word = m.group(0)
    if word[0].isupper() and m.start() > 0 and ctx.text[m.start() - 2:m.start()].strip() not in (
        "", ".", '"', "\u201c"
    ):
        return None  # part of a name: "the Daily Telegraph"
    return [Hit(m.start(), m.end(), _ADVERB_SET[word.lower()], "SET")]


def h_set_every(m: re.Match[str], ctx: Ctx) -> list[Hit] | None:
    u = m["u"].lower()
    u1 = u[:-1] if u.endswith("s") else u
    n_raw = (m["n"] or "").lower()
    n = 2 if n_raw == "other" else (parse_number(n_raw) if n_raw else 1)
    if u1 in PARTS_OF_DAY:
        return [Hit(m.start(), m.end(), f"XXXX-XX-XXT{PARTS_OF_DAY[u1]}", "SET")]
    if u1 == "night":
        return [Hit(m.start(), m.end(), "XXXX-XX-XXTNI", "SET")]
    if u1 == "weekend":
        return [Hit(m.start(), m.end(), "XXXX-WXX-WE", "SET")]
    if u1 in WEEKDAYS:
        return [Hit(m.start(), m.end(), f"XXXX-WXX-{WEEKDAYS[u1]}", "SET")]
    if u1 in MONTHS:
        return [Hit(m.start(), m.end(), f"XXXX-{MONTHS[u1]:02d}", "SET")]
    if u1 in SEASONS:
        return [Hit(m.start(), m.end(), f"XXXX-{SEASONS[u1]}", "SET")]
    try:
        value = _duration_value(None if n is None else float(n), u1)
    except KeyError:
        return None
    return [Hit(m.start(), m.end(), value, "SET")]


def h_frequency(m: re.Match[str], ctx: Ctx) -> list[Hit] | None:
    return [Hit(m.start(), m.end(), _duration_value(1.0, m["u"]), "SET")]
