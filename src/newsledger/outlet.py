"""The outlet's name from the page's own words.

Scraped pages rarely state their outlet in the article, but the junk around it does:
"Support The Harbour Ledger on Patreon!", "… do not necessarily represent those of Northgate
Courier", "© 2026 Plains Post". A capitalised name phrase after such a cue is a candidate;
candidates are voted on across lines, so one odd match does not decide.
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
_NAME = rf"((?:The\s+)?{_WORD}(?:\s+(?:(?:of|and|for|the|de|on the)\s+)?{_WORD}){{0,5}})"


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


def outlet_from_lines(lines: Iterable[str]) -> str | None:
    """The name most often found after outlet cues in `lines`, or None.

    "The Duran" and "Duran" vote together; the longer spelling is returned."""
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
    if not votes:
        return None
    best, _ = votes.most_common(1)[0]  # ties: first seen wins (Counter keeps insertion order)
    return spelling[best]
