"""Find time expressions in English news text and normalise them to TIMEX3 values.

`find_times` runs a table of hand-written rules (timex_patterns) over the text, keeps the
longest non-overlapping matches, and resolves relative expressions against the document
creation time (DCT). A bare month or weekday takes the occurrence that fits the tense of the
verb that governs it, read from the spaCy parse. `deadline_from` turns the times of a
forecast sentence into a ResolveBy date.
"""

from __future__ import annotations

import bisect
import re
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from newsledger.annotate import doc_text, entities
from newsledger.record import ResolveBy, TimeExpression
from newsledger.timex_cal import Direction, month_end, shift
from newsledger.timex_patterns import RULES
from newsledger.timex_rules import Ctx, Hit, Rule
from newsledger.timex_scan import RuleScanner

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["deadline_from", "find_times", "find_times_in_text", "tense_direction"]

# Verbs whose to-infinitive looks forward: "is expected to", "plans to", "is set to".
_FUTURE_HEADS = frozenset({
    "expect", "plan", "set", "due", "go", "intend", "aim", "schedule", "hope", "want", "vow",
    "promise", "pledge", "threaten", "predict", "forecast", "prepare", "seek", "poise",
    "likely", "bound", "slate", "project", "anticipate",
})


# Verbs whose object is an expected event ("expected a decision in June").
_EXPECTING = frozenset({"expect", "predict", "forecast", "anticipate", "foresee", "promise",
                        "pledge", "project"})


def _verb_direction(v: Token, depth: int = 0) -> Direction:
    """-1 past, +1 future, 0 present/unknown, from a verb's own form and its auxiliaries."""
    auxes = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if words & {"will", "shall", "'ll", "wo"}:
        return 1
    if any(a.tag_ == "MD" for a in auxes):
        return -1 if "have" in words else 1  # "could have" looks back, "could" forward
    if not auxes and v.dep_ == "conj" and v.head.i != v.i and depth < 3 \
            and v.tag_ not in ("VBZ", "VBP"):
        # "started ... and peaked": shared tense; but "arrived in October and the rest are
        # due in February" has a present tense of its own.
        return _verb_direction(v.head, depth + 1)
    if v.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return -1
    if v.tag_ == "VBN" and words & {"has", "have", "'ve", "had"}:
        return -1
    if any(c.dep_ in ("acomp", "xcomp") and c.lemma_ in ("due", "set", "likely", "poised")
           for c in v.children):
        return 1
    if "to" in words and depth < 3 and v.head.i != v.i:
        # A to-infinitive is unrealised at its head's time: forward after "plans to",
        # otherwise no reliable signal.
        head = v.head
        if head.lemma_ in _FUTURE_HEADS:
            return 1 if _verb_direction(head, depth + 1) >= 0 else 0
        return 0
    if v.tag_ == "VBN" and v.dep_ in ("acl", "amod") and depth < 3:
        return -1
    return 0


def tense_direction(doc: Doc, start: int, end: int) -> Direction:
    """Which way from the DCT an expression at doc.text[start:end] most likely points."""
    span: Span | None = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return 0
    node = span.root
    for _ in range(8):
        if node.pos_ in ("VERB", "AUX") and not (span.start <= node.i < span.end):
            break
        if node.head.i == node.i:
            break
        node = node.head
    if node.pos_ not in ("VERB", "AUX"):
        return 0
    prep = span.root.head.lower_ if span.root.dep_ == "pobj" else ""
    if prep == "since":
        return -1
    direction = _verb_direction(node)
    if direction < 0 and node.lemma_ in _EXPECTING and span.start > node.i and any(
            c.dep_ == "dobj" for c in node.children) and not any(
            c.lower_ == "had" for c in node.children):
        return 1  # "predicted a first cut in June": the time of what was expected
    if prep in ("until", "till") and direction < 0 and node.tag_ == "VBN" and any(
        c.lower_ in ("has", "have", "'ve") for c in node.children
    ):
        return 1  # "has been postponed until Saturday"
    return direction


class _Tags:
    """Char offset -> fine POS tag of the token covering it."""

    def __init__(self, doc: Doc) -> None:
        from spacy.attrs import IDX, TAG

        # One array read instead of a Python object per token: this runs on every document.
        table = doc.to_array([IDX, TAG])
        self.starts: list[int] = table[:, 0].tolist() if len(doc) else []
        self.tag_ids: list[int] = table[:, 1].tolist() if len(doc) else []
        self.strings = doc.vocab.strings

    def __call__(self, offset: int) -> str:
        i = bisect.bisect_right(self.starts, offset) - 1
        return str(self.strings[self.tag_ids[i]]) if 0 <= i < len(self.tag_ids) else ""


_ANCHOR = re.compile(r"^\d{4}(-\d\d)?(-\d\d)?$")


def _anchor_of(value: str) -> tuple[date, str] | None:
    if not _ANCHOR.match(value):
        return None
    parts = [int(p) for p in value.split("-")]
    gran = {1: "Y", 2: "M", 3: "D"}[len(parts)]
    parts += [1] * (3 - len(parts))
    return date(parts[0], parts[1], parts[2]), gran


_SCANNER = RuleScanner(rule.pattern for rule in RULES)


@lru_cache(maxsize=2)
def _rule_matches(text: str) -> list[list[re.Match[str]]]:
    """Every rule's matches in `text` (read only). A document whose publication date is
    estimated has its times found twice, without and then with the date: one scan serves."""
    return _SCANNER.scan(text)


def _select(text: str, ctx: Ctx) -> list[tuple[re.Match[str], Rule]]:
    """The longest matches that a handler accepts, without overlaps, in text order."""
    cands: list[tuple[int, int, re.Match[str], Rule]] = []
    for (prio, rule), matches in zip(enumerate(RULES), _rule_matches(text), strict=True):
        for m in matches:
            if m.end() > m.start():
                cands.append((-(m.end() - m.start()), prio, m, rule))
    cands.sort(key=lambda c: (c[0], c[1], c[2].start()))
    taken: list[tuple[int, int]] = []
    chosen: list[tuple[re.Match[str], Rule]] = []
    for _, _, m, rule in cands:
        s, e = m.start(), m.end()
        if any(s < te and ts < e for ts, te in taken):
            continue
        if not rule.handler(m, ctx):
            continue
        taken.append((s, e))
        chosen.append((m, rule))
    chosen.sort(key=lambda c: c[0].start())
    return chosen


def find_times(doc: Doc, dct: date | None) -> list[TimeExpression]:
    """All time expressions in `doc`, with TIMEX3 values resolved against `dct`."""
    text: str = doc_text(doc)
    notes: dict[str, str] = {}
    for ent in entities(doc):
        if ent.label_ in ("DATE", "TIME"):
            for tok in ent:
                notes[f"ent:{tok.idx}"] = ent.label_
    ctx = Ctx(text=text, dct=dct, direction=lambda s, e: tense_direction(doc, s, e),
              tag_at=_Tags(doc), notes=notes)
    out: list[TimeExpression] = []
    for m, rule in _select(text, ctx):
        hits: list[Hit] = rule.handler(m, ctx) or []
        for h in hits:
            out.append(TimeExpression(text=text[h.start:h.end], start=h.start, end=h.end,
                                      value=h.value, type=h.type))
            if h.type == "DATE" and (anchor := _anchor_of(h.value)):
                ctx.anchor = anchor
                ctx.notes["anchor_end"] = str(h.end)
    return out


def find_times_in_text(text: str, dct: date | None) -> list[TimeExpression]:
    """`find_times` on a fresh parse of `text` with the shared spaCy pipeline."""
    from newsledger.nlp import load_nlp

    nlp: Any = load_nlp()
    return find_times(nlp(text), dct)


# ---- deadlines ---------------------------------------------------------------------------

_VAGUE = re.compile(
    r"\b(?:very\s+soon|soon|shortly|before\s+long|eventually|one\s+day|some\s+day|someday|"
    r"sooner\s+or\s+later|in\s+(?:the\s+)?(?:near|foreseeable|distant)?\s*future|"
    r"in\s+the\s+(?:coming|next\s+few)\s+(?:days|weeks|months|years|decades)|"
    r"in\s+(?:the\s+)?years\s+to\s+come|imminently|any\s+day\s+now|in\s+due\s+course|"
    r"at\s+some\s+point|over\s+time|in\s+the\s+long\s+(?:run|term))\b",
    re.I,
)
_SPAN_CUE = re.compile(
    r"\b(?:within|in|next|coming|over|for)\s+(?:the\s+)?(?:next\s+|coming\s+)?$", re.I
)
_DUR = re.compile(r"^P(\d+(?:\.\d+)?)([DWMY])$")
_BY_END = re.compile(r"\b(?:end|close)\s+of\b", re.I)

def _period_end(value: str) -> tuple[date, str] | None:
    """Last day of the period a DATE value names, with the precision to report."""
    if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)(?:T.*)?", value):
        return date(int(m[1]), int(m[2]), int(m[3])), "day"
    if m := re.fullmatch(r"(\d{4})-(\d\d)", value):
        return month_end(int(m[1]), int(m[2])), "month"
    if m := re.fullmatch(r"(\d{4})-W(\d\d)(-WE)?", value):
        # A working week ends on Friday ("next week" = by Friday), a weekend on Sunday.
        try:
            return date.fromisocalendar(int(m[1]), int(m[2]), 7 if m[3] else 5), "day"
        except ValueError:  # no such week in that year
            return None
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        return month_end(int(m[1]), int(m[2]) * 3), "day"
    if m := re.fullmatch(r"(\d{4})-H([12])", value):
        return month_end(int(m[1]), int(m[2]) * 6), "day"
    if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
        last = {"SP": 5, "SU": 8, "FA": 11, "WI": 14}[m[2]]
        y, mo = int(m[1]) + (last - 1) // 12, (last - 1) % 12 + 1
        return month_end(y, mo), "month"
    if m := re.fullmatch(r"(\d{4})", value):
        return date(int(m[1]), 12, 31), "year"
    if m := re.fullmatch(r"(\d{3})", value):
        return date(int(m[1]) * 10 + 9, 12, 31), "year"
    return None


def _period_start(value: str) -> date | None:
    """First day of a month, season, quarter or year value ("before the summer" ends the day
    before it)."""
    if m := re.fullmatch(r"(\d{4})-(\d\d)", value):
        return date(int(m[1]), int(m[2]), 1)
    if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
        return date(int(m[1]), {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[m[2]], 1)
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        return date(int(m[1]), int(m[2]) * 3 - 2, 1)
    if m := re.fullmatch(r"(\d{4})", value):
        return date(int(m[1]), 1, 1)
    return None


_BEFORE = re.compile(r"\b(?:before|ahead\s+of|prior\s+to)\s+(?:the\s+)?$", re.I)


def _resolve(end: date, precision: str, whole_period: bool) -> ResolveBy:
    if precision == "month" and not whole_period:
        return ResolveBy(value=f"{end.year:04d}-{end.month:02d}", precision="month")
    if precision == "year" and not whole_period:
        return ResolveBy(value=f"{end.year:04d}", precision="year")
    return ResolveBy(value=end.isoformat(), precision="day")


def _later(a: ResolveBy | None, b: ResolveBy) -> ResolveBy:
    """The later of two deadlines: a forecast that names several times ("could start in 2028
    and the first power would flow by 2030") is settled when the last of them has passed."""
    if a is None:
        return b
    ea, eb = _period_end(a.value), _period_end(b.value)
    if ea is None or eb is None:
        return a
    sa = _period_start(a.value) or ea[0]
    sb = _period_start(b.value) or eb[0]
    if sb <= sa and ea[0] <= eb[0]:
        return a  # "on Thursday … for the last time in 2025": the narrower time dates it
    if sa <= sb and eb[0] <= ea[0]:
        return b
    return b if eb[0] > ea[0] else a


def deadline_from(
    times: list[TimeExpression], dct: date | None, sentence_text: str
) -> tuple[ResolveBy | None, str | None]:
    """The date by which a forecast in `sentence_text` should have come true, or a reason."""
    best: ResolveBy | None = None
    pending: str | None = None
    for t in times:
        idx = sentence_text.find(t.text)
        before = sentence_text[max(0, idx - 30):idx] if idx >= 0 else ""
        after = sentence_text[idx + len(t.text):idx + len(t.text) + 12] if idx >= 0 else ""
        if t.type == "DURATION":
            dm = _DUR.match(t.value)
            from_now = bool(re.match(r"\s+(?:from\s+now|hence)\b", after, re.I))
            if not dm or not from_now and not _SPAN_CUE.search(before + " "):
                if dm is None and "X" in t.value:
                    pending = pending or f"vague horizon: '{t.text}'"
                continue
            if dct is None:
                pending = pending or f"no publication date to anchor '{t.text}'"
                continue
            n = float(dm[1])
            unit = dm[2]
            end = (dct + timedelta(days=round(n * 7 if unit == "W" else n)) if unit in "DW"
                   else shift(dct, round(n * (12 if unit == "Y" else 1)), "M"))
            return ResolveBy(value=end.isoformat(), precision="day"), None
        if t.type not in ("DATE", "TIME"):
            continue
        if t.value == "PRESENT_REF" and dct is not None:
            best = best or ResolveBy(value=dct.isoformat(), precision="day")
            continue
        pe = _period_end(t.value)
        if pe is None:
            if "X" in t.value:
                pending = pending or f"no publication date to anchor '{t.text}'"
            continue
        end, precision = pe
        if dct is not None and end < dct:
            continue  # a date already past when written is context, not the deadline
        if re.fullmatch(r"\d{3}", t.value) and re.search(r"\bby\s+$", before, re.I):
            # "by the 2040s": by the time the decade begins
            best = _later(best, ResolveBy(value=f"{t.value}0", precision="year"))
            continue
        start = _period_start(t.value)
        season = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", t.value)
        # "before the end of the summer" runs to the end of it, not to its start.
        if start is not None and _BEFORE.search(before) and not _BY_END.search(t.text) \
                and (dct is None or start > dct):
            cand = ResolveBy(value=(start - timedelta(days=1)).isoformat(), precision="day")
            if season:
                # "before the summer" is its first month; "before the summer recess/holidays"
                # its second (the convention of devset/README.md).
                extra = 1 if re.match(r"\s+(?:recess|holidays?|break)\b", after, re.I) else 0
                first = shift(start, extra, "M")
                cand = ResolveBy(value=f"{first.year:04d}-{first.month:02d}", precision="month")
            best = _later(best, cand)
            continue
        whole = bool(_BY_END.search(before + t.text)) or t.value[4:6] in ("-W", "-Q", "-H")
        cand = _resolve(end, precision, whole)
        part = re.match(r"(early|mid)\b", t.text, re.I)
        if part and precision == "month":
            # "early April" is over by the 10th, "mid-April" by the 20th.
            day = 10 if part[1].lower() == "early" else 20
            cand = ResolveBy(value=end.replace(day=day).isoformat(), precision="day")
        best = _later(best, cand)
    if best is not None:
        return best, None
    vague = _VAGUE.search(sentence_text)
    if vague:
        return None, f"vague horizon: '{vague.group(0)}'"
    return None, pending or "no deadline stated"
