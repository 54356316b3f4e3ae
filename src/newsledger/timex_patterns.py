"""The rule table: which pattern goes with which handler. Longer matches win; ties go to the
rule listed first."""

from __future__ import annotations

import re

from newsledger.timex_cal import nearest_month
from newsledger.timex_durations import (
    h_bare_units,
    h_duration,
    h_duration_range,
    h_frequency,
    h_half,
    h_hms,
    h_ref,
    h_set_adverb,
    h_set_every,
)
from newsledger.timex_rules import (
    MOD,
    MON,
    MONTH_FULL,
    NUM,
    UNIT,
    WD,
    YEAR,
    Ctx,
    Handler,
    Hit,
    Rule,
    h_century,
    h_clock,
    h_day_month,
    h_decade,
    h_edge_of,
    h_iso,
    h_month,
    h_named_day,
    h_numeric,
    h_quarter,
    h_quarter_q,
    h_relative,
    h_season,
    h_short_year,
    h_the_day,
    h_the_weekend,
    h_weekday,
    h_year,
    h_year_range,
)

HOLIDAYS = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
            "new year's day": (1, 1), "new year's eve": (12, 31)}


def h_holiday(m: re.Match[str], ctx: Ctx) -> list[Hit] | None:
    """Fixed-date holidays ("before Christmas"), in the year the tense points to."""
    mon, day = HOLIDAYS[re.sub(r"\s+", " ", m["h"].lower())]
    if ctx.dct is None:
        return [Hit(m.start(), m.end(), f"XXXX-{mon:02d}-{day:02d}")]
    y = nearest_month(mon, day, ctx.dct, ctx.direction(m.start(), m.end())).year
    return [Hit(m.start(), m.end(), f"{y:04d}-{mon:02d}-{day:02d}")]


__all__ = ["RULES"]

_REL = (r"(?P<rel>this\s+past|this|last|next|the\s+coming|the\s+current|the\s+previous|"
        r"the\s+last|the\s+past|the\s+next|the\s+following|previous|past|coming|current)")
_SEP = r"(?:[ \t]*,[ \t]*|[ \t]+)"  # between date parts: a comma or blanks, never a newline
_TZ = r"(?:\s*(?:GMT|UTC|BST|CET|CEST|EST|EDT|CST|CDT|PST|PDT|ET|PT|local\s+time))?"
# Not a rate or an amount: "4.25 per cent", "2.30 billion".
_CLOCK = (r"(?P<H>[01]?\d|2[0-3])(?:[:.](?P<M>[0-5]\d))?\s*(?P<ap>a\.?m\.?|p\.?m\.?)?(?![\w:])"
          r"(?!\s*(?:%|per\s*cent|percent|percentage|points?\b|bn\b|billion|million))")
_CLOCK_DAY = (rf"(?:\s+(?:on\s+)?(?:(?P<rel>last|next|this)\s+)?(?P<wd>{WD})|"
              r"\s+(?P<rd>today|yesterday|tomorrow))?")
_SEASON = r"(?P<s>spring|summer|autumn|fall|winter)"
_ORD = (r"(?P<n>\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|"
        r"ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|"
        r"eighteenth|nineteenth|twentieth|twenty[-\s]first)")
_SET_UNIT = (rf"(?P<u>(?:second|minute|hour|day|night|week|weekend|month|quarter|year|decade|"
             rf"morning|afternoon|evening|spring|summer|autumn|fall|winter|{WD}|{MONTH_FULL})s?)")


def _r(name: str, pattern: str, handler: Handler, flags: int = re.I) -> Rule:
    return Rule(name, re.compile(pattern, flags), handler)


RULES: list[Rule] = [
    _r("iso", r"\b(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)(?:T(?P<H>\d\d):(?P<M>\d\d))?\b", h_iso),
    _r("day_month",
       rf"\b(?:(?P<wd>{WD}){_SEP})?(?:the\s+)?(?P<d>[0-3]?\d(?:st|nd|rd|th)?)(?:\s+of)?\s+"
       rf"(?P<mon>{MON})(?:{_SEP}(?P<y>{YEAR})(?!\d))?", h_day_month),
    _r("month_day",
       rf"\b(?:(?P<wd>{WD}){_SEP})?(?P<mon>{MON})[ \t]+(?:the\s+)?(?P<d>[0-3]?\d(?:st|nd|rd|th)?)"
       rf"(?![\d:])(?:{_SEP}(?P<y>{YEAR})(?!\d))?", h_day_month),
    _r("numeric", r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})\b", h_numeric),
    _r("month",
       rf"\b{MOD}?(?:(?P<rel>last|next|this|past|coming)\s+)?(?P<mon>{MONTH_FULL}|{MON})"
       rf"(?:\s+(?P<dw>day|morning|afternoon|evening|night)(?=,?\s+(?:of|in)\s+(?P<y2>{YEAR})))?"
       rf"(?:,?\s+(?:of\s+)?(?:(?P<y>{YEAR})(?!\d)|(?P<ry>(?:this|last|next)\s+year)))?",
       h_month),
    _r("holiday", r"\b(?P<h>Christmas(?:\s+Day|\s+Eve)?|New\s+Year's\s+(?:Day|Eve))\b", h_holiday),
    _r("year", rf"(?<![\w$£€.,/-]){MOD}?(?P<y>{YEAR})(?![\w%]|[.,]\d|-\d)", h_year),
    _r("fiscal_year", rf"\b(?:fiscal|FY)\s*(?:year\s+)?(?P<y>{YEAR})\b", h_year),
    _r("year_span", rf"\b(?P<y>{YEAR})\s*[-–/]\s*(?P<y2>{YEAR})\b", h_year_range),
    _r("year_range", rf"\b(?P<y>{YEAR})\s*[-–/]\s*(?P<y2>\d\d)\b(?!\d)", h_year_range),
    _r("decade",
       r"\b(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?:(?P<c>1[5-9]|20)|')?(?P<d>\d)0'?s\b",
       h_decade),
    _r("century", rf"\b(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?{_ORD}[\s-]+century\b",
       h_century),
    _r("season",
       rf"\b{MOD}?(?:(?P<rel>last|next|this|past|coming)\s+|(?P<the>the)\s+)?{_SEASON}"
       rf"(?:\s+(?:of\s+)?(?P<y>{YEAR})(?!\d))?\b", h_season),
    _r("quarter",
       r"\b(?:the\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final|last)[\s-]+"
       r"(?:fiscal\s+)?"
       rf"(?P<u>quarter|half)(?:\s+of\s+(?:(?:fiscal\s+)?(?P<y>{YEAR})|(?P<ry>this|last|next)"
       r"\s+year|the\s+year))?\b"
       # "the second half of a season / of the match" is not a half of the year.
       r"(?!\s+of\s+(?:a|an|its|his|her|their|this|that|the\s+(?!year|fiscal)))", h_quarter),
    _r("quarter_q", rf"\b(?:Q(?P<q>[1-4])\s+(?P<y>{YEAR})|(?P<y2>{YEAR})\s+Q(?P<q2>[1-4]))\b",
       h_quarter_q),
    _r("relative",
       rf"\b{MOD}?{_REL}\s+(?:fiscal\s+|calendar\s+)?"
       r"(?P<u>week|weekend|month|year|quarter|decade|century)\b", h_relative),
    _r("edge_of",
       r"\b(?:the\s+)?(?P<edge>start|beginning|end|middle|turn)\s+of\s+(?:the\s+)?"
       r"(?P<u>year|month|week|quarter|decade|century)\b", h_edge_of),
    _r("named_day",
       r"\b(?P<rd>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|"
       r"today|tomorrow|tonight|last\s+night|this(?=\s+(?:morning|afternoon|evening)))"
       r"(?:\s+(?P<pod>morning|afternoon|evening|night))?\b", h_named_day),
    _r("weekday",
       rf"\b(?:(?P<rel>last|next|this|past|coming)\s+)?(?P<wd>{WD})"
       r"(?:\s+(?P<pod>morning|afternoon|evening|night))?\b", h_weekday),
    _r("clock", rf"\b(?:(?:on\s+)?(?P<wd0>{WD})\s+at\s+)?{_CLOCK}{_TZ}{_CLOCK_DAY}",
       h_clock),
    _r("hms", r"\b(?P<H>\d{1,2}):(?P<M>[0-5]\d):(?P<S>[0-5]\d)\b", h_hms),
    _r("duration",
       r"\b(?P<pre>(?:the\s+)?(?:past|last|next|coming|previous|following|first|final|"
       r"initial|remaining|nearly|almost|about|around|over|more\s+than|less\s+than|"
       r"at\s+least|up\s+to|roughly)\s+)?"
       rf"(?P<n>{NUM})[\s-]+(?:(?:more|full|long|straight|consecutive|successive|additional|"
       rf"further|extra|trading|business|working|calendar)\s+)?(?P<u>{UNIT})(?![\w-])"
       r"(?P<post>\s+(?:ago|earlier|later|before|after|hence|afterwards?|back))?",
       h_duration),
    _r("duration_range",
       rf"\b(?P<n>{NUM})(?=\s*(?:to|-|–|or|and)\s*(?:{NUM})[\s-]+(?P<u>{UNIT})\b)",
       h_duration_range),
    _r("bare_units",
       r"\b(?:(?:for|in|within|over|after|take|takes|took|taking|lasted|spend|spent|spending)"
       r"\s+(?:the\s+)?|(?P<adj>(?:the\s+)?(?:recent|past|coming|next|following|previous))\s+)"
       r"(?P<u>seconds|minutes|hours|days|weeks|months|years|decades|centuries)\b"
       r"(?!\s+(?:of|old|later|earlier|ago)\b)", h_bare_units),
    _r("bare_units_before",
       r"(?<!\bthe\s)(?<!\bthose\s)(?<!\bthese\s)\b(?P<adj>)(?P<u>seconds|minutes|hours|days|"
       r"weeks|months|years)(?=\s+(?:before|after|earlier|later)\b)", h_bare_units),
    _r("the_day",
       r"\b(?:(?:end|ended|ending|ends|finish|finished|finishing|close|closed|closing|start|"
       r"started|starting|for|during|late\s+in|later\s+in|earlier\s+in|early\s+in)\s+"
       r"(?P<the>the\s+day)|(?P<same>the\s+same\s+day))\b", h_the_day),
    _r("weekend",
       r"\b(?:over|during|at|on|through|for|by|before|until|till)\s+(?P<the>the\s+weekend)\b",
       h_the_weekend),
    _r("short_year", r"\b(?:since|in|of|from|until|by)\s+'(?P<yy>\d\d)\b", h_short_year),
    _r("half", r"\bhalf\s+an?\s+(?P<u>hour|day|week|month|year|decade|century)\b", h_half),
    _r("ref",
       r"\b(?:(?P<present>right\s+now|now|currently|presently|nowadays|these\s+days|"
       r"at\s+present|at\s+the\s+moment|the\s+present\s+day|the\s+present|present[\s-]day|"
       r"the\s+time\s+being)|"
       r"(?P<past>recently|formerly|previously|lately|the\s+past|at\s+the\s+time|"
       r"in\s+those\s+days|(?:years|months|weeks|decades|centuries|ages|long)\s+ago)|"
       r"(?P<future>the\s+(?:near\s+|distant\s+|foreseeable\s+)?future|someday|"
       r"(?<!\bas\s)(?:very\s+)?soon(?!\s+as\b|-)|the\s+(?:long|near|short|medium)\s+term))\b",
       h_ref),
    _r("set_adverb",
       r"\b(?:hourly|daily|nightly|weekly|fortnightly|monthly|quarterly|annually|yearly|"
       r"biannually|biennially)\b", h_set_adverb),
    _r("set_every",
       r"\b(?:every|each)\s+(?:(?P<n>other|\d+|two|three|four|five|six|ten|few)\s+)?"
       rf"{_SET_UNIT}\b", h_set_every),
    _r("frequency",
       r"\b(?:once|twice|thrice|\d+\s+times|(?:one|two|three|four|five|six|seven|eight|nine|"
       r"ten|several|many)\s+times)\s+(?:a|an|per|each|every)\s+"
       r"(?P<u>second|minute|hour|day|week|month|quarter|year|decade)\b", h_frequency),
]
