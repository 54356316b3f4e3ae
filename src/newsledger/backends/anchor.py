"""Finding a model's quotation in the article: the offsets come from the text, never from
the model.

A model asked to quote verbatim still straightens curly quotes, collapses line breaks and
miscounts offsets. `anchor` looks for the quotation exactly, then in a normalised form of
both texts (quotes, dashes, spaces and case folded), and takes the occurrence nearest the
offset the model claimed. What cannot be found is not in the article and is rejected.
"""

from __future__ import annotations

__all__ = ["Anchored", "anchor", "normalised"]

from dataclasses import dataclass

_FOLD = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u2026": "...", "\u00a0": " ", "\u202f": " ", "\u2009": " ",
}
# What may be trimmed off the ends of a quotation: statements never start or end on these.
_EDGE = " \t\r\n.,;:!?'\"\u2018\u2019\u201c\u201d\u00ab\u00bb()[]-\u2013\u2014"


@dataclass(frozen=True, kw_only=True)
class Anchored:
    start: int
    end: int
    exact: bool  # found as given, not only after normalising


def normalised(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the offset it came from."""
    out: list[str] = []
    where: list[int] = []
    space = False
    for i, ch in enumerate(text):
        folded = _FOLD.get(ch, ch)
        if folded.isspace():
            if space or not out:
                continue
            space = True
            out.append(" ")
            where.append(i)
            continue
        space = False
        for c in folded.lower() if len(folded.lower()) == len(folded) else folded:
            out.append(c)
            where.append(i)
    return "".join(out), where


def _occurrences(haystack: str, needle: str) -> list[int]:
    found: list[int] = []
    i = haystack.find(needle)
    while i >= 0:
        found.append(i)
        i = haystack.find(needle, i + 1)
    return found


def _nearest(starts: list[int], hint: int | None) -> int:
    if hint is None:
        return starts[0]
    return min(starts, key=lambda s: (abs(s - hint), s))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    # A quotation opened inside the span keeps its closing mark.
    inner = text[start:end]
    if end < len(text) and (
            (text[end] == "\u201d" and inner.count("\u201c") > inner.count("\u201d"))
            or (text[end] == '"' and inner.count('"') % 2 == 1)):
        end += 1
    return start, end


def anchor(text: str, quote: str, *, hint: int | None = None,
           folded: tuple[str, list[int]] | None = None) -> Anchored | None:
    """Where `quote` is in `text` (ends trimmed of spaces, punctuation and quote marks), the
    occurrence nearest `hint`; None when it is not there. `folded` is `normalised(text)`,
    passed in when many quotations are anchored in one text."""
    needle = quote.strip(_EDGE)
    if not needle:
        return None
    starts = _occurrences(text, needle)
    if starts:
        start = _nearest(starts, hint)
        s, e = _trim(text, start, start + len(needle))
        return Anchored(start=s, end=e, exact=True) if e > s else None
    flat, where = folded or normalised(text)
    small, _ = normalised(needle)
    small = small.strip()
    if not small:
        return None
    hits = _occurrences(flat, small)
    if not hits:
        return None
    mapped = {where[h]: h for h in hits}
    start = _nearest(sorted(mapped), hint)
    last = mapped[start] + len(small) - 1
    s, e = _trim(text, start, where[last] + 1)
    return Anchored(start=s, end=e, exact=False) if e > s else None
