"""All matches of every time rule in a text, the same ones `pattern.finditer` gives, found
without running each of ~30 patterns at every character.

A rule whose matches must begin a word (a leading `\\b` or `(?<![\\w...])`) with one of a known
set of literal openings ("last", "the", a digit, a month name) is tried with `pattern.match`
only where a word opens with one of them. The openings are read from the compiled pattern
itself, so a rule edited later stays exact; a rule whose opening cannot be read that way (or
any Python whose regex parser differs) is simply scanned in full. Matching at a position sees
the whole text, lookbehinds included, so a gated rule yields exactly the matches of
`finditer`: the leftmost match at or after the end of the previous one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["RuleScanner", "word_openings"]

_OPENING_CHARS = 5  # a word's first characters that decide which rules are tried there
_MAX_OPENINGS = 2000  # beyond this many literal openings a rule is not worth gating
_MAX_CLASS = 40  # a character class this large ends an opening rather than multiplying it
_WORD_OPENING = re.compile(rf"(?<!\w)\w{{1,{_OPENING_CHARS + 1}}}")
_WORD_PREFIX = re.compile(r"\w*")

try:  # the parser behind `re.compile`; private, so every use below is fail-safe
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python: every rule is scanned in full
    _parser = None
    _c = None


_WORD_ENDS = " "  # in an opening: the word ends here (a non-word character must follow)
_NOT_WORD = {"CATEGORY_SPACE", "CATEGORY_NOT_WORD"}  # classes without a word character


def _class_chars(items: Sequence[tuple[Any, Any]]) -> set[str] | None:
    """What a class matches: its characters (ASCII digits for `\\d`: other digits are not
    ASCII, and words that are not ASCII try every rule), {_WORD_ENDS} when it matches only
    non-word characters, or None when it is negated, large or mixed."""
    chars: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            chars.add(chr(av))
        elif op is _c.RANGE:
            lo, hi = av
            if hi - lo > _MAX_CLASS:
                return None
            chars.update(chr(i) for i in range(lo, hi + 1))
        elif op is _c.CATEGORY and av is _c.CATEGORY_DIGIT:
            chars.update("0123456789")
        elif op is _c.CATEGORY and str(av) in _NOT_WORD:
            chars.add(_WORD_ENDS)
        else:
            return None
    if chars and all(_WORD_PREFIX.fullmatch(ch) is None for ch in chars):
        return {_WORD_ENDS}  # "\\s", "[\\s-]", "." after a word: the word is complete
    if len(chars) > _MAX_CLASS or any(_WORD_PREFIX.fullmatch(ch) is None for ch in chars):
        return None
    return chars


def _openings(items: list[tuple[Any, Any]], room: int) -> set[str]:
    """Strings (lower case, at most `room` word characters, then _WORD_ENDS when the word
    must end there) one of which begins every match of `items`; "" where nothing is known."""
    if not items:
        return {""}
    op, av = items[0]
    rest = items[1:]
    if op is _c.AT and av is _c.AT_BOUNDARY and room < _OPENING_CHARS:
        return {_WORD_ENDS}  # a boundary after word characters
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):  # zero width: the opening lies after it
        return _openings(rest, room)
    if op is _c.LITERAL:
        chars: set[str] | None = _class_chars([(op, av)])
    elif op is _c.IN:
        chars = _class_chars(av)
    elif op is _c.SUBPATTERN:
        return _openings(list(av[-1]) + rest, room)
    elif op is _c.BRANCH:
        out: set[str] = set()
        for alternative in av[1]:
            out |= _openings(list(alternative) + rest, room)
        return out
    elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, _, body = av
        # One pass of the body, then stop: what follows the repeat is not followed further.
        entered = _openings(list(body), room)
        return entered | _openings(rest, room) if low == 0 else entered
    else:
        return {""}  # any other consumer ends what is known
    if chars is None or not all(ch.isascii() for ch in chars):
        return {""}  # beyond ASCII, case folding may join a letter to an ASCII one
    if chars == {_WORD_ENDS}:
        return chars
    if room == 0:
        return {""}
    # After a class of several characters the opening ends: the sets stay small.
    tails = _openings(rest, room - 1) if len(chars) == 1 else {""}
    return {ch.lower() + tail for ch in chars for tail in tails}


def _starts_a_word(items: list[tuple[Any, Any]]) -> bool:
    """Whether the zero-width items a pattern opens with forbid a word character just before
    the match: `\\b`, or a lookbehind whose class includes `\\w`."""
    for op, av in items:
        if op is _c.AT and av is _c.AT_BOUNDARY:
            return True
        if op is _c.ASSERT_NOT and av[0] == -1:
            body = list(av[1])
            if len(body) == 1 and body[0][0] is _c.IN and not any(
                    o is _c.NEGATE for o, _ in body[0][1]) and any(
                    o is _c.CATEGORY and a is _c.CATEGORY_WORD for o, a in body[0][1]):
                return True
            continue
        if op not in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            return False
    return False


def word_openings(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """How every match opens, when every match also begins a word: lower-case openings of up
    to five word characters, "last " (ending in a blank) where the word must be exactly
    "last"; None when that cannot be shown."""
    if _parser is None or pattern.flags & re.ASCII:
        return None
    try:
        items = list(_parser.parse(pattern.pattern, pattern.flags))
        if not _starts_a_word(items):
            return None
        found = _openings(items, _OPENING_CHARS)
    except (RecursionError, AttributeError, TypeError, ValueError):
        return None
    if len(found) > _MAX_OPENINGS or any(not s or s[0] == _WORD_ENDS for s in found):
        return None  # a match may open without a word character
    return frozenset(found)


class RuleScanner:
    """The matches of a fixed list of patterns, grouped per pattern, each group in text
    order, as `[list(p.finditer(text)) for p in patterns]` would give them."""

    def __init__(self, patterns: Iterable[re.Pattern[str]]) -> None:
        self.patterns = list(patterns)
        self.full_scan: list[int] = []  # rules scanned with finditer
        self._by_prefix: dict[str, int] = {}  # opening -> bit mask of the rules it may begin
        self._by_word: dict[str, int] = {}  # whole word -> the same
        for i, pattern in enumerate(self.patterns):
            openings = word_openings(pattern)
            if openings is None:
                self.full_scan.append(i)
                continue
            for opening in openings:
                table = self._by_word if opening.endswith(_WORD_ENDS) else self._by_prefix
                key = opening.rstrip(_WORD_ENDS)
                table[key] = table.get(key, 0) | (1 << i)
        self._all_gated = tuple(i for i in range(len(self.patterns)) if i not in self.full_scan)
        self._rules_at: dict[str, tuple[int, ...]] = {}  # a word's opening -> rules to try

    def _rules(self, opening: str) -> tuple[int, ...]:
        """The gated rules that may match where a word opens with `opening` (its first six
        characters: a sixth one tells a five-letter word from a longer one)."""
        if not opening.isascii():
            return self._all_gated  # case folding beyond ASCII: try them all
        low = opening.lower()
        mask = self._by_word.get(low, 0)
        for k in range(1, min(len(low), _OPENING_CHARS) + 1):
            mask |= self._by_prefix.get(low[:k], 0)
        return tuple(i for i in self._all_gated if mask >> i & 1)

    def scan(self, text: str) -> list[list[re.Match[str]]]:
        found: list[list[re.Match[str]]] = [[] for _ in self.patterns]
        resume = [0] * len(self.patterns)  # where each rule's previous match ended
        fallback: set[int] = set(self.full_scan)
        rules_at = self._rules_at
        if len(rules_at) > 200_000:  # bounded: vocabularies are open-ended
            rules_at.clear()
        patterns = self.patterns
        for word in _WORD_OPENING.finditer(text):
            opening = word[0]
            rules = rules_at.get(opening)
            if rules is None:
                rules = rules_at[opening] = self._rules(opening)
            at = word.start()
            for i in rules:
                if at < resume[i]:
                    continue
                m = patterns[i].match(text, at)
                if m is None:
                    continue
                if m.end() == at:
                    # After an empty match finditer retries the same place for a longer one:
                    # not modelled here, so this rule is scanned in full.
                    fallback.add(i)
                found[i].append(m)
                resume[i] = m.end()
        for i in fallback:
            found[i] = list(patterns[i].finditer(text))
        return found
