"""The outlet's name from the page's own words.

Scraped pages rarely state their outlet in the article, but the junk around it does:
"Support The Harbour Ledger on Patreon!", "… do not necessarily represent those of Northgate
Courier", "© 2026 Plains Post". A capitalised name phrase after such a cue is a candidate;
candidates are voted on across lines, so one odd match does not decide. A site-name line
the trimmer took off the top (the masthead) votes too: once for each junk line that names it
again, or on its own when nothing else names a site and it is shaped like a masthead.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

__all__ = ["outlet_from_lines"]

# One name word: capitalised, may hold inner apostrophes/hyphens/ampersands, or a web domain.
_WORD = r"[A-Z][\w'’&-]*(?:\.(?:com|org|net|news|info|co\.uk|io))?"
# A name: optional "The", capitalised words, with lower-case joiners only between them.
_NAME = rf"((?:The\s+)?{_WORD}(?:\s+(?:(?:of|and|for|the|de|on the|&)\s+)?{_WORD}){{0,5}})"


@lru_cache(maxsize=1)
def _lexicon() -> tuple[tuple[re.Pattern[str], ...], frozenset[str]]:
    raw = resources.files("newsledger").joinpath("data/boilerplate.json").read_text("utf-8")
    data = json.loads(raw)
    cues = tuple(re.compile(str(p).replace("{NAME}", _NAME)) for p in data["outlet_cues"])
    return cues, frozenset(str(n) for n in data["outlet_not_names"])


_TRAILING_NOISE = re.compile(r"(?:\s+(?:All|Rights|Reserved|Ltd|LLC|Inc|Newsletter))+$")


def _clean_name(name: str) -> str | None:
    name = _TRAILING_NOISE.sub("", name.strip()).strip(" .,-–")
    if not name or name in _lexicon()[1] or len(name) < 3:
        return None
    return name


def _key(name: str) -> str:
    return re.sub(r"^the\s+", "", name.lower())


def _masthead_name(line: str) -> str | None:
    """The masthead line as a name ("CEDAR RIDGE VOICE", "Signal & Noise"), or None."""
    words = line.split()
    joiners = {"&", "and", "of", "the", "for", "on"}
    if not 1 <= len(words) <= 5 or any(ch.isdigit() for ch in line):
        return None
    if line.rstrip()[-1:] in ".!?:,;|" or not all(
        w[:1].isupper() or w.lower() in joiners for w in words
    ):
        return None
    return _clean_name(line)


def _masthead_votes(masthead: str, lines: list[str]) -> tuple[int, str]:
    """How often the junk names the masthead again, and the best spelling of the name."""
    bare = re.sub(r"^the\s+", "", masthead, flags=re.IGNORECASE)
    found = re.compile(r"(\bthe\s+)?\b" + re.escape(bare) + r"\b", re.IGNORECASE)
    hits = [(m, line) for line in lines for m in found.finditer(line)]
    if not masthead.isupper():
        return len(hits), masthead
    spelling = masthead.title()
    mixed = [m for m, _ in hits if not m.group(0).isupper()]
    if mixed:
        spelling = re.sub(r"^the\s+", "", mixed[0].group(0), flags=re.IGNORECASE)
        # A capital "The" inside a sentence is part of the name ("support The Gazette on").
        if any(m.group(1) and m.group(1)[0] == "T" and m.start() > 0 for m in mixed):
            spelling = "The " + spelling
    return len(hits), spelling


def outlet_from_lines(lines: Iterable[str], *, masthead: str | None = None) -> str | None:
    """The name most often found after outlet cues in `lines`, or None.

    "The Duran" and "Duran" vote together; the longer spelling is returned. `masthead`, a
    leading site-name line, wins when the lines name it again, or when no cue names a site."""
    lines = list(lines)
    votes: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    cues = _lexicon()[0]
    for line in lines:
        for cue in cues:
            for match in cue.finditer(line):
                name = _clean_name(match.group(1))
                if name is None:
                    continue
                key = _key(name)
                votes[key] += 1
                if len(name) > len(spelling.get(key, "")):
                    spelling[key] = name
    name = _masthead_name(masthead) if masthead else None
    if name is not None:
        count, spelled = _masthead_votes(name, lines)
        if count or not votes:
            key = _key(spelled)
            votes[key] += count + 1
            if len(spelled) >= len(spelling.get(key, "")):
                spelling[key] = spelled
    if not votes:
        return None
    best, _ = votes.most_common(1)[0]  # ties: first seen wins (Counter keeps insertion order)
    return spelling[best]
