"""Regular-expression rules that find English time expressions and give them TIMEX3 values.

Each rule is a compiled pattern plus a handler. The handler sees the match and a `Ctx`
(the DCT, the last date the text mentioned, and the tense around the match) and returns
zero or more `Hit`s, or None to reject the match.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from newsledger.timex_cal import (
    MONTHS,
    PARTS_OF_DAY,
    SEASONS,
    WEEKDAYS,
    Direction,
    fmt,
    nearest_month,
    nearest_weekday,
    placeholder,
    season_of,
    season_start,
    shift,
    unit_code,
)

__all__ = ["Ctx", "Handler", "Hit", "Rule"]


@dataclass
class Hit:
    start: int
    end: int
    value: str
    type: str = "DATE"


@dataclass
class Ctx:
    text: str
    dct: date | None
    direction: Callable[[int, int], Direction]
    tag_at: Callable[[int], str]  # fine-grained POS tag of the token at a char offset
    anchor: tuple[date, str] | None = None  # last date the text mentioned, with granularity
    notes: dict[str, str] = field(default_factory=dict)


Handler = Callable[[re.Match[str], Ctx], list[Hit] | None]


@dataclass
class Rule:
    name: str
    pattern: re.Pattern[str]
    handler: Handler
    priority: int = 0


# ---- regex fragments -------------------------------------------------------------------

MON = (r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|"
       r"aug(?:ust|\.)?|sep(?:t(?:ember)?)?\.?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)"
       r"(?![a-z])")
MONTH_FULL = (r"(?:january|february|march|april|may|june|july|august|september|october|"
              r"november|december)")
WD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
YEAR = r"(?:1[5-9]\d\d|20\d\d)"
DAYNUM = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
NUM = (r"(?:\d+(?:\.\d+)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
       r"(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|"
       r"six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
       r"eighteen|nineteen|a\s+dozen|a\s+hundred|a\s+couple\s+of|a\s+couple|an|a|a\s+few|"
       r"several|few|many|a\s+number\s+of|numerous|dozens\s+of|hundreds\s+of|a\s+handful\s+of)")
UNIT = (r"(?:seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|quarters?|years?|"
        r"decades?|centuries|century)")
MOD = r"(?:(?P<mod>early|late|mid|earlier|later|the\s+(?:start|beginning|end|middle)\s+of)[\s-]+)"
PREP_BEFORE_MONTH = re.compile(
    r"(?:in|since|by|until|till|of|from|through|during|before|after|to|and|or|early|late|mid|"
    r"last|next|this|between|around|for|throughout|that|past|coming|each|every)[\s-]*$",
    re.I,
)

F = re.I


def _dir_year(mon: int, ctx: Ctx, m: re.Match[str], day: int | None = None) -> int | None:
    if ctx.dct is None:
        return None
    return nearest_month(mon, day, ctx.dct, ctx.direction(m.start(), m.end())).year


def _mon(s: str) -> int:
    return MONTHS[s.lower().rstrip(".")[:4] if s.lower().startswith("sept") else
                  s.lower().rstrip(".")[:3]]


def _hit(m: re.Match[str], value: str, typ: str = "DATE") -> list[Hit]:
    return [Hit(m.start(), m.end(), value, typ)]


def _valid_day(y: int, mo: int, d: int) -> bool:
    try:
        date(y, mo, d)
    except ValueError:
        return False
    return True


# ---- absolute and month-day dates ---------------------------------------------------------

def h_iso(m: re.Match[str], ctx: Ctx) -> list[Hit] | None:
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    if not _valid_day(y, mo, d):
        return None
    if m["H"]:
        return _hit(m, f"{y:04d}-{mo:02d}-{d:02d}T{m['H']}:{m['M']}", "TIME")
    return _hit(m, f"{y:04d}-{mo:02d}-{d:02d}")


def h_day_month(m: re.Match[str], ctx: Ctx) -> list[Hit] | None:
    mon = _mon(m["mon"])
    day = int(re.sub(r"\D", "", m["d"]))
    if not m["mon"][0].isupper() or not 1 <= day <= 31:
        return None
    if len(m["mon"]) <= 3 and m["mon"].lower() == "may" and ctx.tag_at(m.start("mon")) == "MD":
        return None
    if m["y"]:
        y = int(m["y"])
        return _hit(m, f"{y:04d}-{mon:02d}-{day:02d}") if _valid_day(y, mon, day) else None
    if m["wd"] and ctx.dct is not None:
        # A weekday pins the year: take the nearest year in which the date falls on it.
        wd = WEEKDAYS[m["wd"].lower()]
        for y in (ctx.dct.year, ctx.dct.year + 1, ctx.dct.year - 1):
            if _valid_day(y, mon, day) and date(y, mon, day).isoweekday() == wd:
                return _hit(m, f"{y:04d}-{mon:02d}-{day:02d}")
    y2 = _dir_year(mon, ctx, m, day)
    if y2 is None:
        return _hit(m, f"XXXX-{mon:02d}-{day:02d}")
    return _hit(m, f"{y2:04d}-{mon:02d}-{day:02d}") if _valid_day(y2, mon, day) else None


def h_numeric(m: re.Match[str], ctx: Ctx) -> list[Hit] | None:
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    y = y + (2000 if y < 50 else 1900) if y < 100 else y
    mo, d = (b, a) if a > 12 else (a, b)  # US order unless the first field cannot be a month
    return _hit(m, f"{y:04d}-{mo:02d}-{d:02d}") if _valid_day(y, mo, d) else None


def h_month(m: re.Match[str], ctx: Ctx) -> list[Hit] | None:
    name = m["mon"]
    if not name[0].isupper():
        return None
    mon = MONTHS[name.lower().rstrip(".")]
    rel = (m["rel"] or "").lower()
    pre = ctx.text[max(0, m.start() - 25):m.start()]
    # "may" and "march" are verbs far more often than months unless a date word frames them.
    if (name.lower() in ("may", "march") and not (m["mod"] or rel or m["y"] or m["ry"])
            and (not PREP_BEFORE_MONTH.search(pre)
                 or ctx.tag_at(m.start("mon")) in ("MD", "VB", "VBP"))):
        return None
    if m["y"] or m["y2"]:
        # "that January day in 2011": the year follows the phrase, outside its span.
        day = "-XX" if (m["dw"] or "").lower() == "day" else ""
        return _hit(m, f"{int(m['y'] or m['y2']):04d}-{mon:02d}{day}")
    if ctx.dct is None:
        return _hit(m, f"XXXX-{mon:02d}")
    dct = ctx.dct
    if m["ry"]:
        off = {"this": 0, "last": -1, "next": 1}[m["ry"].split()[0].lower()]
        return _hit(m, f"{dct.year + off:04d}-{mon:02d}")
    if rel in ("last", "past"):
        y = dct.year if mon < dct.month else dct.year - 1
    elif rel in ("next", "coming"):
        y = dct.year if mon > dct.month else dct.year + 1
    elif rel == "this":
        y = dct.year
    else:
        d = ctx.direction(m.start(), m.end())
        if re.search(r"\bsince\s*$", pre, F):
            d = -1
        y = nearest_month(mon, None, dct, d).year
    return _hit(m, f"{y:04d}-{mon:02d}")


def h_year(m: re.Match[str], ctx: Ctx) -> list[Hit] | None:
    y = m["y"]
    pre = ctx.text[max(0, m.start() - 20):m.start()]
    post = ctx.text[m.end():m.end() + 12]
    if re.match(r"\s*(?:%|percent|per\s?cent|-?(?:mile|meter|metre|feet|foot|kg|km|m\b))", post, F):
        return None
    if re.search(r"[$£€#]\s*$|\bNo\.\s*$|\bnumber\s+$", pre, F):
        return None
    ok = bool(m["mod"]) or ctx.notes.get(f"ent:{m.start('y')}") == "DATE"
    if not ok and re.search(r"(?:\b(?:in|since|by|of|from|until|till|before|after|during|to|and|"
                            r"through|between|the|year|fiscal|for|around|circa|c\.|"
                            r"mid|early|late|until|in\s+early|in\s+late|summer|winter|spring|"
                            r"autumn|fall|vs\.?|or)|[,(–-])\s*$", pre, F):
        ok = True
    if not ok and re.match(r"\s*(?:[-–,)]|$)", post):
        ok = True
    if not ok:
        tag = ctx.tag_at(m.end() + 1) if m.end() + 1 < len(ctx.text) else ""
        ok = tag not in ("NNS", "NN", "JJ")
    return _hit(m, y) if ok else None


def h_year_range(m: re.Match[str], ctx: Ctx) -> list[Hit] | None:
    y1 = m["y"]
    y2 = m["y2"] if len(m["y2"]) == 4 else y1[:2] + m["y2"]
    if int(y2) <= int(y1):
        return None
    return [Hit(m.start("y"), m.end("y"), y1), Hit(m.start("y2"), m.end("y2"), y2)]


def h_decade(m: re.Match[str], ctx: Ctx) -> list[Hit] | None:
    cent = m["c"] or "19"
    if m["c"] is None and m["d"] == "0":
        cent = "20"
    return _hit(m, f"{cent}{m['d']}")


_ORD_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
              "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
              "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
              "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
              "twentieth": 20, "twenty-first": 21, "twenty first": 21}


def h_century(m: re.Match[str], ctx: Ctx) -> list[Hit] | None:
    raw = m["n"].lower()
    n = int(re.sub(r"\D", "", raw)) if raw[0].isdigit() else _ORD_WORDS.get(raw)
    if not n:
        return None
    return _hit(m, f"{n - 1:02d}")


def h_season(m: re.Match[str], ctx: Ctx) -> list[Hit] | None:
    code = SEASONS[m["s"].lower()]
    rel = (m["rel"] or "").lower()
    if m["y"]:
        return _hit(m, f"{m['y']}-{code}")
    if not rel and not m["the"]:
        return None
    if ctx.dct is None:
        return _hit(m, f"XXXX-{code}")
    dct = ctx.dct
    # The latest start of this season on or before the DCT, and whether we are inside it.
    past_y = next(y for y in range(dct.year, dct.year - 3, -1) if season_start(y, code) <= dct)
    inside = season_of(dct) == (past_y, code)
    if rel in ("last", "past"):
        y = past_y - 1 if inside else past_y
    elif rel in ("next", "coming"):
        y = past_y + 1
    elif inside or ctx.direction(m.start(), m.end()) < 0:
        y = past_y
    else:
        y = past_y + 1
    return _hit(m, f"{y:04d}-{code}")


def h_quarter_q(m: re.Match[str], ctx: Ctx) -> list[Hit] | None:
    return _hit(m, f"{m['y'] or m['y2']}-Q{m['q'] or m['q2']}")


def h_quarter(m: re.Match[str], ctx: Ctx) -> list[Hit] | None:
    q = m["ord"].lower()
    half = m["u"].lower() == "half"
    if q in ("final", "last"):
        if not (m["y"] or m["ry"]):
            return None  # "the last quarter" alone is the previous one: a relative rule's job
        q = "second" if half else "fourth"
    n = int(q[0]) if q[0].isdigit() else _ORD_WORDS.get(q, 0)
    if not 1 <= n <= (2 if half else 4):
        return None
    code = f"H{n}" if half else f"Q{n}"
    if m["y"]:
        return _hit(m, f"{m['y']}-{code}")
    if ctx.dct is None:
        return _hit(m, f"XXXX-{code}")
    if m["ry"]:
        off = {"this": 0, "last": -1, "next": 1}[m["ry"].lower()]
        return _hit(m, f"{ctx.dct.year + off:04d}-{code}")
    first_month = (n - 1) * (6 if half else 3) + 1
    y = nearest_month(first_month, None, ctx.dct, ctx.direction(m.start(), m.end())).year
    return _hit(m, f"{y:04d}-{code}")


# ---- expressions relative to the DCT ---------------------------------------------------------

_REL_OFFSET = {"this": 0, "current": 0, "the current": 0, "last": -1, "previous": -1,
               "the previous": -1, "the last": -1, "this past": -1, "past": -1, "next": 1,
               "coming": 1, "following": 1}
_UNIT_GRAN = {"week": "W", "weekend": "WE", "month": "M", "year": "Y", "quarter": "Q",
              "decade": "DE", "century": "CE", "day": "D"}
_UNIT_SHIFT = {"W": "W", "WE": "W", "M": "M", "Y": "Y", "Q": "Q", "DE": "DE", "CE": "CE",
               "D": "D"}


def h_relative(m: re.Match[str], ctx: Ctx) -> list[Hit] | None:
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    unit = m["u"].lower()
    gran = _UNIT_GRAN[unit]
    if rel in ("the past", "the next", "the coming", "the following"):
        # "the past year", "the next decade": a stretch of time, not a calendar unit.
        if gran == "WE":
            return None
        letter, is_t, mult = unit_code(unit)
        return _hit(m, f"P{mult}{letter}", "DURATION")
    if ctx.dct is None:
        return _hit(m, placeholder(gran))
    off = _REL_OFFSET[rel]
    d = shift(ctx.dct, off, _UNIT_SHIFT[gran])
    return _hit(m, fmt(d, gran))


def h_edge_of(m: re.Match[str], ctx: Ctx) -> list[Hit] | None:
    """'the end of the year', 'the start of the month': the unit, chosen by tense."""
    unit = m["u"].lower()
    gran = _UNIT_GRAN[unit]
    if ctx.dct is None:
        return _hit(m, placeholder(gran))
    edge = m["edge"].lower()
    d = ctx.direction(m.start(), m.end())
    off = 0
    if gran == "Y":
        if edge == "end" and d < 0 and ctx.dct.month <= 6:
            off = -1
        elif edge in ("start", "beginning") and d > 0 and ctx.dct.month >= 7:
            off = 1
    return _hit(m, fmt(shift(ctx.dct, off, _UNIT_SHIFT[gran]), gran))


def h_named_day(m: re.Match[str], ctx: Ctx) -> list[Hit] | None:
    word = m["rd"].lower()
    words = word.split()
    offs = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0, "last": -1, "this": 0}
    if "before" in words:
        off = -2
    elif "after" in words:
        off = 2
    else:
        off = offs[words[0]]
    pod = (m["pod"] or "").lower()
    if words[0] == "tonight" or (words[0] == "last" and not pod):
        pod = "night"
    base = placeholder("D") if ctx.dct is None else (ctx.dct + timedelta(days=off)).isoformat()
    if pod:
        return _hit(m, f"{base}T{PARTS_OF_DAY[pod]}", "TIME")
    return _hit(m, base)


def _weekday_date(m: re.Match[str], ctx: Ctx, wd_word: str) -> date | None:
    if ctx.dct is None:
        return None
    wd = WEEKDAYS[wd_word.lower()]
    rel = (m["rel"] or "").lower()
    if rel in ("last", "past"):
        return nearest_weekday(wd, ctx.dct, -1, strict=True)
    if rel in ("next", "coming"):
        return nearest_weekday(wd, ctx.dct, 1, strict=True)
    pre = ctx.text[max(0, m.start() - 10):m.start()]
    d: Direction = -1 if re.search(r"\bsince\s*$", pre, F) else ctx.direction(m.start(), m.end())
    return nearest_weekday(wd, ctx.dct, 1 if rel == "this" else d)


def h_weekday(m: re.Match[str], ctx: Ctx) -> list[Hit] | None:
    if not m["wd"][0].isupper():
        return None
    day = _weekday_date(m, ctx, m["wd"])
    wd = WEEKDAYS[m["wd"].lower()]
    base = day.isoformat() if day else f"XXXX-WXX-{wd}"
    if m["pod"]:
        return _hit(m, f"{base}T{PARTS_OF_DAY[m['pod'].lower()]}", "TIME")
    return _hit(m, base)


def _clock(m: re.Match[str]) -> str | None:
    h = int(m["H"])
    mi = int(m["M"] or 0)
    ap = (m["ap"] or "").lower().replace(".", "")
    if ap == "pm" and h < 12:
        h += 12
    elif ap == "am" and h == 12:
        h = 0
    if h > 24 or mi > 59:
        return None
    return f"{h:02d}:{mi:02d}"


def h_clock(m: re.Match[str], ctx: Ctx) -> list[Hit] | None:
    clock = _clock(m)
    if clock is None or (not m["ap"] and not m["M"]):
        return None
    wd_word = m["wd"] or m["wd0"]
    if wd_word and wd_word[0].isupper():
        day = _weekday_date(m, ctx, wd_word)
        base = day.isoformat() if day else f"XXXX-WXX-{WEEKDAYS[wd_word.lower()]}"
    elif m["rd"]:
        off = {"yesterday": -1, "today": 0, "tomorrow": 1}[m["rd"].lower()]
        base = (ctx.dct + timedelta(days=off)).isoformat() if ctx.dct else "XXXX-XX-XX"
    elif ctx.anchor and ctx.anchor[1] == "D" and _same_sentence(ctx, m.start()):
        base = ctx.anchor[0].isoformat()  # "on Tuesday ... at 18:00": that Tuesday
    else:
        base = ctx.dct.isoformat() if ctx.dct else "XXXX-XX-XX"
    return _hit(m, f"{base}T{clock}", "TIME")


def _same_sentence(ctx: Ctx, pos: int) -> bool:
    """Whether the last anchoring date ended in the sentence that `pos` is in."""
    end = int(ctx.notes.get("anchor_end", "-1"))
    return 0 <= end <= pos and not re.search(r"[.!?]\s|\n", ctx.text[end:pos])


def h_the_day(m: re.Match[str], ctx: Ctx) -> list[Hit] | None:
    """'ended the day', 'the same day': the day the text is talking about."""
    grp = "the" if m["the"] else "same"
    day = ctx.anchor[0] if ctx.anchor and ctx.anchor[1] == "D" else ctx.dct
    value = day.isoformat() if day else placeholder("D")
    return [Hit(m.start(grp), m.end(grp), value)]


def h_the_weekend(m: re.Match[str], ctx: Ctx) -> list[Hit] | None:
    if ctx.dct is None:
        return [Hit(m.start("the"), m.end("the"), placeholder("WE"))]
    d = ctx.direction(m.start(), m.end())
    # Saturday of the weekend meant: the last one for past tense, else this week's.
    sat = nearest_weekday(6, ctx.dct, -1 if d < 0 else 1)
    return [Hit(m.start("the"), m.end("the"), fmt(sat, "WE"))]


def h_short_year(m: re.Match[str], ctx: Ctx) -> list[Hit] | None:
    yy = int(m["yy"])
    ref = (ctx.dct.year if ctx.dct else 2099) % 100
    century = 20 if yy <= ref else 19
    return [Hit(m.start("yy") - 1, m.end(), f"{century}{yy:02d}")]
