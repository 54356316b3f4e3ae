"""The plain-text junk trimmer: scraped pages keep menus, bylines, widgets and appeals at
both ends of the article; this removes them and says why for each line.

The cue lexicon and the line-shape limits live in `data/boilerplate.json` so that they can be
extended without touching code. The method, not the words, is what is in here:

* every line gets a class: junk (strong or weak, with a reason), headline-like, or prose;
  a line of short segments ("Opinion | 2 July 2026", "Sign in | Register") is judged by
  its segments;
* the head block (lines before the first prose paragraph) loses its junk lines and the
  site chrome above them (masthead, section labels) but keeps the headline — the last
  headline-like line before the prose — and a standfirst;
* the tail block (lines after the last prose paragraph) is cut from its first junk line on,
  so short headline-like lines *after* junk are related headlines, while such lines before
  the first junk line (a short real last sentence, a closing quotation) stay; prose-shaped
  appeals and notices count as junk there when they carry several site cues or name the site;
* a comment-section opener or an end mark ("###") after the body cuts everything after it,
  so that reader comments, however prose-like, never become article text;
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
    opens_tail: bool = False


@dataclass(frozen=True, kw_only=True)
class Lexicon:
    rules: tuple[JunkRule, ...]
    headline_max_words: int
    headline_max_chars: int
    prose_min_words: int
    navigation_separators: str
    navigation_min_segments: int
    navigation_max_segment_words: int
    segment_split: re.Pattern[str]
    breadcrumb: re.Pattern[str]
    section_max_words: int
    masthead_max_words: int
    label_max_words: int
    name_joiners: frozenset[str]
    head_max_lines: int
    sentence_end: str
    closing_marks: str
    tail_cues: tuple[re.Pattern[str], ...]
    tail_cue_min: int
    tail_cue_max_words: int


@dataclass(frozen=True, kw_only=True)
class LineClass:
    kind: Literal["blank", "junk", "headline", "prose"]
    reason: str | None = None
    strength: Strength | None = None
    anywhere: bool = False
    opens_tail: bool = False


# Under a comment heading, prose is a reader's comment; under a related list, a headline.
_PROSE_UNDER = {"comment_box": "reader_comment", "related_headlines": "related_headlines"}
_BLANK = LineClass(kind="blank")
_HEADLINE = LineClass(kind="headline")
_PROSE = LineClass(kind="prose")
# Bullets and icons around a segment ("› Share", "♥ 14") are not words.
_EDGE_SYMBOLS = " \t-–—•·›»«‹|/:*#♥♡★☆✉↻→←"


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
            opens_tail=bool(item.get("opens_tail", False)),
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
        segment_split=re.compile(str(shape["segment_split"])),
        breadcrumb=re.compile(str(shape["breadcrumb"])),
        section_max_words=int(shape["section_max_words"]),
        masthead_max_words=int(shape["masthead_max_words"]),
        label_max_words=int(shape["label_max_words"]),
        name_joiners=frozenset(str(w) for w in shape["name_joiners"]),
        head_max_lines=int(shape["head_max_lines"]),
        sentence_end=str(shape["sentence_end"]),
        closing_marks=str(shape["closing_marks"]),
        tail_cues=tuple(re.compile(str(p), re.IGNORECASE) for p in data["tail_cues"]),
        tail_cue_min=int(shape["tail_cue_min"]),
        tail_cue_max_words=int(shape["tail_cue_max_words"]),
    )


def _ends_like_sentence(line: str, lexicon: Lexicon) -> bool:
    stripped = line.rstrip(lexicon.closing_marks + " ")
    return bool(stripped) and stripped[-1] in lexicon.sentence_end


def _match_rule(text: str, lex: Lexicon) -> JunkRule | None:
    n_words = len(text.split())
    for rule in lex.rules:
        if n_words <= rule.max_words and rule.pattern.search(text):
            return rule
    return None


def _junk(rule: JunkRule) -> LineClass:
    return LineClass(
        kind="junk",
        reason=rule.reason,
        strength=rule.strength,
        anywhere=rule.anywhere,
        opens_tail=rule.opens_tail,
    )


def _segment_reason(text: str, lex: Lexicon) -> str | None:
    """The reason for a line of short segments, judged segment by segment, or None.

    "Opinion | 2 July 2026" is a dateline, "Subscribe   Sign in" an appeal, "News  Opinion
    Events  Donate" navigation; a line with a long or sentence-like segment is left alone."""
    segments = [s.strip() for s in lex.segment_split.split(text) if s.strip()]
    if len(segments) < 2:
        return None
    if any(len(s.split()) > lex.navigation_max_segment_words for s in segments):
        return None
    reasons: list[str] = []
    unmatched: list[str] = []
    for segment in segments:
        core = segment.strip(_EDGE_SYMBOLS)
        if not any(ch.isalpha() for ch in core):
            continue  # counters and icons ("♥ 14")
        rule = _match_rule(core, lex)
        if rule is not None and rule.strength == "strong":
            reasons.append(rule.reason)
        else:
            unmatched.append(core)
    if "dateline" in reasons and all(
        len(s.split()) <= lex.section_max_words and not _ends_like_sentence(s, lex)
        for s in unmatched
    ):
        return "dateline"  # a section label or reading time beside a date
    if reasons and all(len(s.split()) <= 2 for s in unmatched):
        return reasons[0]
    if lex.breadcrumb.search(text):
        return "navigation"  # "News › Crime": a trail of short labels
    if len(segments) >= lex.navigation_min_segments and not any(
        _ends_like_sentence(s, lex) for s in segments
    ):
        return "navigation"
    return None


def classify_line(line: str, lexicon: Lexicon | None = None) -> LineClass:
    """The class of one line, by lexicon cues first and line shape second."""
    lex = lexicon or load_lexicon()
    text = line.strip()
    if not text:
        return _BLANK
    rule = _match_rule(text, lex)
    if rule is not None:
        return _junk(rule)
    if not any(ch.isalpha() for ch in text):
        # Counters, separators, end marks ("0", "|", "###"): never article prose.
        return LineClass(kind="junk", reason="noise", strength="strong")
    reason = _segment_reason(text, lex)
    if reason is not None:
        return LineClass(kind="junk", reason=reason, strength="strong")
    n_words = len(text.split())
    looks_short = n_words <= lex.headline_max_words and len(text) <= lex.headline_max_chars
    first = text.lstrip(_EDGE_SYMBOLS + "\"'“‘«([")[:1]
    if looks_short and (first.isupper() or first.isdigit()) and not _ends_like_sentence(text, lex):
        return _HEADLINE
    return _PROSE


def _record(lines: list[str], index: int, reason: str, removed: dict[int, Removed]) -> None:
    removed[index] = Removed(text=lines[index].strip(), reason=reason)


def _is_section_label(text: str, lex: Lexicon, max_words: int) -> bool:
    # "WORLD", "Markets", "Personal Finance", "Signal & Noise": short, one word, ALL CAPS or
    # Title Case (joiners aside).
    words = text.split()
    if len(words) > max_words:
        return False
    return (
        len(words) == 1
        or text.isupper()
        or all(w[:1].isupper() or w.lower() in lex.name_joiners for w in words)
    )


def _prose_headline(lines: list[str], classes: list[LineClass], i: int, lex: Lexicon) -> bool:
    """Whether prose line `i` is headline-sized and followed by a much longer paragraph."""
    if i >= len(lines) or len(lines[i].split()) > lex.headline_max_words:
        return False
    after = next((j for j in range(i + 1, len(lines)) if classes[j].kind != "blank"), None)
    return (
        after is not None
        and classes[after].kind == "prose"
        and len(lines[after].split()) >= 2 * len(lines[i].split())
    )


def _trim_head(
    lines: list[str], classes: list[LineClass], lex: Lexicon, removed: dict[int, Removed]
) -> int:
    """Remove junk and site chrome above the first prose line; return where the body starts."""
    block: list[int] = []
    end = len(lines)
    for i, cls in enumerate(classes):
        if cls.kind == "prose" or len(block) >= lex.head_max_lines:
            end = i
            break
        if cls.kind != "blank":
            block.append(i)
    has_strong = any(classes[i].strength == "strong" for i in block)
    junk = [
        i for i in block
        if classes[i].kind == "junk" and (classes[i].strength == "strong" or has_strong)
    ]
    for i in junk:
        _record(lines, i, classes[i].reason or "junk", removed)
    headlines = [i for i in block if classes[i].kind == "headline"]
    last_junk = junk[-1] if junk else -1
    keep = headlines[-1] if headlines else None
    # A masthead with junk under it is no headline: the first prose line is ("We keep
    # rebuilding in the path of the fire. That has to stop.") when it is headline-sized.
    if (
        keep is not None
        and keep < last_junk
        and _is_section_label(lines[keep].strip(), lex, lex.masthead_max_words)
        and _prose_headline(lines, classes, end, lex)
    ):
        keep = None
    # Above the headline, lines with junk between them and it are masthead and sections;
    # short labels are sections anywhere; a longer line right above it is a headline over
    # its standfirst.
    mastheads: list[int] = []
    for i in headlines:
        if i == keep:
            continue
        chrome = keep is None or any(i < j < keep for j in junk)
        if chrome or _is_section_label(lines[i].strip(), lex, lex.section_max_words):
            text = lines[i].strip()
            first = not mastheads and _is_section_label(text, lex, lex.masthead_max_words)
            _record(lines, i, "masthead" if first else "section", removed)
            mastheads.append(i)
    return end


def _mentions(text: str, name: str | None) -> bool:
    return bool(name) and re.search(r"\b" + re.escape(name or "") + r"\b", text, re.I) is not None


def _soft_junk(text: str, lex: Lexicon, site: str | None, *, alone: bool) -> bool:
    """A prose-shaped tail line that talks about the site, its readers or its comments.

    Below strong junk, naming the site or two cues will do; as the very last line (`alone`)
    it takes both, since the author's own last words may mention readers."""
    if len(text.split()) > lex.tail_cue_max_words:
        return False
    cues = sum(1 for cue in lex.tail_cues if cue.search(text))
    if alone:
        return _mentions(text, site) and cues >= lex.tail_cue_min
    return _mentions(text, site) or cues >= lex.tail_cue_min


def _tail_label(text: str, lex: Lexicon) -> bool:
    """A short prose-shaped line that does not stop the tail scan: a question headline in a
    related list ("Can United end the drought?") or a label line ("Our Standards: …")."""
    text = text.strip().rstrip(lex.closing_marks)
    n_words = len(text.split())
    if text.endswith("?") and n_words <= lex.headline_max_words:
        return True
    return n_words <= lex.label_max_words and re.match(r"[A-Z][\w ]{0,30}:\s", text) is not None


def _body_opener(classes: list[LineClass], start: int) -> int | None:
    """The first comment-section opener or end mark after some body prose, if any."""
    seen_prose = False
    for i in range(start, len(classes)):
        cls = classes[i]
        if cls.kind == "prose":
            seen_prose = True
        elif cls.opens_tail and seen_prose:
            return i
    return None


def _trim_tail(
    lines: list[str],
    classes: list[LineClass],
    start: int,
    lex: Lexicon,
    removed: dict[int, Removed],
    site: str | None,
) -> None:
    """Cut the tail block from its first junk line on."""
    opener = _body_opener(classes, start)
    stop = len(lines) if opener is None else opener
    block: list[int] = []
    soft: set[int] = set()
    has_strong = opener is not None
    for i in range(stop - 1, start - 1, -1):
        cls = classes[i]
        if cls.kind == "prose" and not (has_strong and _tail_label(lines[i], lex)):
            if not _soft_junk(lines[i], lex, site, alone=not has_strong):
                break
            soft.add(i)
        if cls.strength == "strong":
            has_strong = True
        if cls.kind != "blank":
            block.append(i)
    block.reverse()
    if opener is not None:
        block.append(opener)
    elif not any(classes[i].strength == "strong" for i in block):
        return
    cut = next(i for i in block if classes[i].kind == "junk" or i in soft)
    section = "junk"
    for i in range(cut, len(lines)):
        cls = classes[i]
        if cls.kind == "blank":
            continue
        if cls.kind == "junk":
            section = cls.reason or "junk"
            reason = section
        elif i in soft:
            reason = "site_notice"
        elif cls.kind == "headline":
            reason = "related_headlines"
        else:
            reason = _PROSE_UNDER.get(section, "junk")
        _record(lines, i, reason, removed)


def _site_name(removed: dict[int, Removed]) -> str | None:
    names = [item.text for item in removed.values() if item.reason == "masthead"]
    return names[0] if names else None


def trim(text: str, lexicon: Lexicon | None = None) -> tuple[str, list[Removed]]:
    """Main text and the removed lines (in document order), each with its reason."""
    lex = lexicon or load_lexicon()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    classes = [classify_line(line, lex) for line in lines]
    removed: dict[int, Removed] = {}
    body_start = _trim_head(lines, classes, lex, removed)
    _trim_tail(lines, classes, body_start, lex, removed, _site_name(removed))
    for i, cls in enumerate(classes):
        if cls.anywhere and i not in removed:
            _record(lines, i, cls.reason or "junk", removed)
    kept = [line for i, line in enumerate(lines) if i not in removed]
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in kept)).strip("\n")
    return body, [removed[i] for i in sorted(removed)]
