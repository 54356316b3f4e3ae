"""The plain-text junk trimmer: scraped pages keep menus, bylines, widgets and appeals at
both ends of the article; this removes them and says why for each line.

The cue lexicon and the line-shape limits live in `data/boilerplate.json` so that they can be
extended without touching code. The method, not the words, is what is in here:

* every line gets a class: junk (strong or weak, with a reason), headline-like, or prose;
* the head block (lines before the first prose paragraph) loses its junk lines but keeps
  headline-like lines — the headline is part of the article;
* the tail block (lines after the last prose paragraph) is cut from its first junk line on,
  so short headline-like lines *after* junk are related headlines, while such lines before
  the first junk line (a short real last sentence, a closing quotation) stay;
* weak cues ("What do you think?") only count when a strong cue is in the same block: alone,
  they may be the author's own last words;
* the middle of the article is left alone, except for lines that are unmistakably widgets.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

from newsledger.record import Removed

__all__ = ["JunkRule", "Lexicon", "LineClass", "classify_line", "load_lexicon", "trim"]

Strength = Literal["strong", "weak"]


@dataclass(frozen=True, kw_only=True)
class JunkRule:
    reason: str
    pattern: re.Pattern[str]
    strength: Strength = "strong"
    max_words: int = 12
    anywhere: bool = False


@dataclass(frozen=True, kw_only=True)
class Lexicon:
    rules: tuple[JunkRule, ...]
    headline_max_words: int
    headline_max_chars: int
    prose_min_words: int
    navigation_separators: str
    navigation_min_segments: int
    navigation_max_segment_words: int
    head_max_lines: int
    sentence_end: str
    closing_marks: str


@dataclass(frozen=True, kw_only=True)
class LineClass:
    kind: Literal["blank", "junk", "headline", "prose"]
    reason: str | None = None
    strength: Strength | None = None
    anywhere: bool = False


_BLANK = LineClass(kind="blank")
_HEADLINE = LineClass(kind="headline")
_PROSE = LineClass(kind="prose")


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    raw = resources.files("newsledger").joinpath("data/boilerplate.json").read_text("utf-8")
    return lexicon_from_dict(json.loads(raw))


def lexicon_from_dict(data: dict[str, Any]) -> Lexicon:
    rules = tuple(
        JunkRule(
            reason=str(item["reason"]),
            pattern=re.compile(str(item["pattern"]), re.IGNORECASE),
            strength="weak" if item.get("strength") == "weak" else "strong",
            max_words=int(item.get("max_words", 12)),
            anywhere=bool(item.get("anywhere", False)),
        )
        for item in data["rules"]
    )
    shape = data["shape"]
    return Lexicon(
        rules=rules,
        headline_max_words=int(shape["headline_max_words"]),
        headline_max_chars=int(shape["headline_max_chars"]),
        prose_min_words=int(shape["prose_min_words"]),
        navigation_separators=str(shape["navigation_separators"]),
        navigation_min_segments=int(shape["navigation_min_segments"]),
        navigation_max_segment_words=int(shape["navigation_max_segment_words"]),
        head_max_lines=int(shape["head_max_lines"]),
        sentence_end=str(shape["sentence_end"]),
        closing_marks=str(shape["closing_marks"]),
    )


def _ends_like_sentence(line: str, lexicon: Lexicon) -> bool:
    stripped = line.rstrip(lexicon.closing_marks + " ")
    return bool(stripped) and stripped[-1] in lexicon.sentence_end


def _is_navigation(line: str, lexicon: Lexicon) -> bool:
    # "Home | World | Politics | Opinion": several short segments between separators.
    parts = re.split("[" + re.escape(lexicon.navigation_separators) + "]", line)
    segments = [p.strip() for p in parts if p.strip()]
    return len(segments) >= lexicon.navigation_min_segments and all(
        len(s.split()) <= lexicon.navigation_max_segment_words for s in segments
    )


def classify_line(line: str, lexicon: Lexicon | None = None) -> LineClass:
    """The class of one line, by lexicon cues first and line shape second."""
    lex = lexicon or load_lexicon()
    text = line.strip()
    if not text:
        return _BLANK
    n_words = len(text.split())
    for rule in lex.rules:
        if n_words <= rule.max_words and rule.pattern.search(text):
            return LineClass(
                kind="junk", reason=rule.reason, strength=rule.strength, anywhere=rule.anywhere
            )
    if not any(ch.isalpha() for ch in text):
        # Counters, separators, end marks ("0", "|", "###"): never article prose.
        return LineClass(kind="junk", reason="noise", strength="strong")
    if _is_navigation(text, lex):
        return LineClass(kind="junk", reason="navigation", strength="strong")
    looks_short = n_words <= lex.headline_max_words and len(text) <= lex.headline_max_chars
    first = text.lstrip("\"'“‘«([")[:1]
    if looks_short and (first.isupper() or first.isdigit()) and not _ends_like_sentence(text, lex):
        return _HEADLINE
    return _PROSE


def _record(lines: list[str], index: int, reason: str, removed: dict[int, Removed]) -> None:
    removed[index] = Removed(text=lines[index].strip(), reason=reason)


def _trim_head(
    lines: list[str], classes: list[LineClass], lex: Lexicon, removed: dict[int, Removed]
) -> int:
    """Remove junk above the first prose line; return where the body starts."""
    block: list[int] = []
    end = len(lines)
    for i, cls in enumerate(classes):
        if cls.kind == "prose" or len(block) >= lex.head_max_lines:
            end = i
            break
        if cls.kind != "blank":
            block.append(i)
    has_strong = any(classes[i].strength == "strong" for i in block)
    for i in block:
        cls = classes[i]
        if cls.kind == "junk" and (cls.strength == "strong" or has_strong):
            _record(lines, i, cls.reason or "junk", removed)
    return end


def _trim_tail(
    lines: list[str], classes: list[LineClass], start: int, removed: dict[int, Removed]
) -> None:
    """Cut the tail block from its first junk line on."""
    block: list[int] = []
    for i in range(len(lines) - 1, start - 1, -1):
        cls = classes[i]
        if cls.kind == "prose":
            break
        if cls.kind != "blank":
            block.append(i)
    block.reverse()
    if not any(classes[i].strength == "strong" for i in block):
        return
    cut = next(i for i in block if classes[i].kind == "junk")
    for i in block:
        if i < cut:
            continue
        cls = classes[i]
        reason = cls.reason if cls.kind == "junk" else "related_headlines"
        _record(lines, i, reason or "junk", removed)


def trim(text: str, lexicon: Lexicon | None = None) -> tuple[str, list[Removed]]:
    """Main text and the removed lines (in document order), each with its reason."""
    lex = lexicon or load_lexicon()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    classes = [classify_line(line, lex) for line in lines]
    removed: dict[int, Removed] = {}
    body_start = _trim_head(lines, classes, lex, removed)
    _trim_tail(lines, classes, body_start, removed)
    for i, cls in enumerate(classes):
        if cls.anywhere and i not in removed:
            _record(lines, i, cls.reason or "junk", removed)
    kept = [line for i, line in enumerate(lines) if i not in removed]
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in kept)).strip("\n")
    return body, [removed[i] for i in sorted(removed)]
