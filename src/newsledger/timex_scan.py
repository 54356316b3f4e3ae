"""All matches of every time rule in a text, the same ones `pattern.finditer` gives, found
without running each of ~30 patterns at every character.

A rule whose matches must begin a word (a leading `\\b` or `(?<![\\w...])`) with one of a known
set of literal openings ("last", "the past", a digit, a month name) is tried with
`pattern.match` only where the text's words open that way. The openings are read from the
compiled pattern itself, so a rule edited later stays exact; a rule whose opening cannot be
read that way (or any Python whose regex parser differs) is simply scanned in full, as the
decade rule is ("'90s" opens with a quote). Matching at a position sees the whole text,
lookbehinds included, so a gated rule yields exactly the matches of `finditer`: the leftmost
match at or after the end of the previous one.
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


def _blank(item: tuple[Any, Any]) -> bool:
    """Whether a pattern item matches only white space ("\\s", "[ \\t]")."""
    op, av = item
    if op is _c.LITERAL:
        return chr(av).isspace()
    return op is _c.IN and bool(av) and all(
        o is _c.LITERAL and chr(a).isspace() or o is _c.CATEGORY and str(a) == "CATEGORY_SPACE"
        for o, a in av)


def _openings(items: list[tuple[Any, Any]], room: int, words: int = 2) -> set[str]:
    """How every match of `items` opens: strings of at most `room` lower-case word
    characters, where a blank means "the word ends here" and may be followed by how the next
    word opens ("the past": the word "the", white space, a word opening with "past");
    "" where nothing is known."""
    if not items:
        return {""}
    op, av = items[0]
    rest = items[1:]
    if op is _c.AT and av is _c.AT_BOUNDARY and room < _OPENING_CHARS:
        return {_WORD_ENDS}  # a boundary after word characters
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):  # zero width: the opening lies after it
        return _openings(rest, room, words)
    if op is _c.LITERAL:
        chars: set[str] | None = _class_chars([(op, av)])
    elif op is _c.IN:
        chars = _class_chars(av)
    elif op is _c.SUBPATTERN:
        return _openings(list(av[-1]) + rest, room, words)
    elif op is _c.BRANCH:
        out: set[str] = set()
        for alternative in av[1]:
            out |= _openings(list(alternative) + rest, room, words)
        return out
    elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, high, body = av
        if low >= 1 and len(body) == 1 and _blank(body[0]) and room < _OPENING_CHARS \
                and words > 1:
            # White space after a word: when the next item opens a word, it opens the next
            # word of the text, and the blanks between are all the repeat took.
            after = _openings(rest, _OPENING_CHARS, words - 1)
            if all(s and s[0] != _WORD_ENDS for s in after):
                return {_WORD_ENDS + s for s in after}
            return {_WORD_ENDS}
        # An optional item is followed into what comes next; after a longer repeat's first
        # pass the opening stops.
        entered = _openings(list(body) + (rest if high == 1 else []), room, words)
        return entered | _openings(rest, room, words) if low == 0 else entered
    else:
        return {""}  # any other consumer ends what is known
    if chars is None or not all(ch.isascii() for ch in chars):
        return {""}  # beyond ASCII, case folding may join a letter to an ASCII one
    if chars == {_WORD_ENDS}:
        return chars
    if room == 0:
        return {""}
    # After a class of several characters the opening ends: the sets stay small.
    tails = _openings(rest, room - 1, words) if len(chars) == 1 else {""}
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
    except Exception:  # a parse tree this reader does not know: scan the rule in full
        return None
    if len(found) > _MAX_OPENINGS or any(not s or s[0] == _WORD_ENDS for s in found):
        return None  # a match may open without a word character
    return frozenset(found)


_Tables = tuple[dict[str, int], dict[str, int]]  # opening -> rules, whole word -> rules


def _mask(tables: _Tables, opening: str) -> int:
    """The rules (a bit mask) that may open at a word whose first six characters, in lower
    case, are `opening` (a sixth one tells a five-letter word from a longer one)."""
    by_prefix, by_word = tables
    mask = by_word.get(opening, 0)
    for k in range(1, min(len(opening), _OPENING_CHARS) + 1):
        mask |= by_prefix.get(opening[:k], 0)
    return mask


class RuleScanner:
    """The matches of a fixed list of patterns, grouped per pattern, each group in text
    order, as `[list(p.finditer(text)) for p in patterns]` would give them."""

    def __init__(self, patterns: Iterable[re.Pattern[str]]) -> None:
        self.patterns = list(patterns)
        self.full_scan: list[int] = []  # rules scanned with finditer
        self._first: _Tables = ({}, {})
        self._second: dict[str, _Tables] = {}  # first word -> how the next one opens
        for i, pattern in enumerate(self.patterns):
            openings = word_openings(pattern)
            if openings is None:
                self.full_scan.append(i)
                continue
            for opening in openings:
                first, _, second = opening.partition(_WORD_ENDS)
                if second:
                    tables = self._second.setdefault(first, ({}, {}))
                    key, exact = second.rstrip(_WORD_ENDS), second.endswith(_WORD_ENDS)
                else:
                    tables = self._first
                    key, exact = first, opening.endswith(_WORD_ENDS)
                table = tables[1] if exact else tables[0]
                table[key] = table.get(key, 0) | 1 << i
        self._all_gated = tuple(i for i in range(len(self.patterns)) if i not in self.full_scan)
        self._any_second = {first: _mask_all(tables) for first, tables in self._second.items()}
        self._at_word: dict[str, tuple[tuple[int, ...], int, str | None]] = {}
        self._at_pair: dict[tuple[str, str], tuple[int, ...]] = {}

    def _rules(self, mask: int) -> tuple[int, ...]:
        return tuple(i for i in self._all_gated if mask >> i & 1)

    def _at(self, opening: str) -> tuple[tuple[int, ...], int, str | None]:
        """(rules to try, their mask, the word in lower case when the next word decides
        more) at a word that opens with `opening`."""
        if not opening.isascii():  # case folding beyond ASCII: try every rule
            return self._all_gated, -1, None
        low = opening.lower()
        mask = _mask(self._first, low)
        return self._rules(mask), mask, low if low in self._second else None

    def scan(self, text: str) -> list[list[re.Match[str]]]:
        found: list[list[re.Match[str]]] = [[] for _ in self.patterns]
        resume = [0] * len(self.patterns)  # where each rule's previous match ended
        fallback: set[int] = set(self.full_scan)
        at_word, at_pair = self._at_word, self._at_pair
        if len(at_word) + len(at_pair) > 30_000:  # bounded (a few MB): vocabularies are open
            at_word.clear()
            at_pair.clear()
        patterns = self.patterns
        words = list(_WORD_OPENING.finditer(text))
        for j, word in enumerate(words):
            opening = word[0]
            entry = at_word.get(opening)
            if entry is None:
                entry = at_word[opening] = self._at(opening)
            rules, mask, first = entry
            if first is not None and j + 1 < len(words) and text[
                    word.end():words[j + 1].start()].isspace():
                # "the past": which rules the next word lets in, after white space only.
                following = words[j + 1][0]
                pair = at_pair.get((opening, following))
                if pair is None:
                    more = (_mask(self._second[first], following.lower())
                            if following.isascii() else self._any_second[first])
                    pair = at_pair[(opening, following)] = self._rules(mask | more)
                rules = pair
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


def _mask_all(tables: _Tables) -> int:
    mask = 0
    for table in tables:
        for bits in table.values():
            mask |= bits
    return mask
