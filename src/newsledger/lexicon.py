"""The lexicons the rules extractor reads: data files shipped in the package, loaded once."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = ["CertaintyCue", "Lexicon", "load_lexicon"]


_WORD_SETS: dict[tuple[int, str], frozenset[str]] = {}


@dataclass(frozen=True, kw_only=True)
class CertaintyCue:
    phrase: str
    low: float
    high: float
    cls: str
    basis: str


def _read_text(name: str) -> str:
    return resources.files("newsledger").joinpath("data", name).read_text(encoding="utf-8")


@dataclass(frozen=True, kw_only=True)
class Lexicon:
    raw: dict[str, Any]
    survey: dict[str, tuple[float, float, str]]
    cues: tuple[CertaintyCue, ...]
    cue_pattern: re.Pattern[str]
    modals: dict[str, CertaintyCue]
    past_markers: tuple[re.Pattern[str], ...]
    rhetorical: tuple[re.Pattern[str], ...]

    def words(self, key: str) -> frozenset[str]:
        # Called for every clause: build each word set once.
        found = _WORD_SETS.get((id(self), key))
        if found is None:
            found = _WORD_SETS[(id(self), key)] = frozenset(self.raw[key])
        return found

    def cue(self, phrase: str) -> CertaintyCue | None:
        for c in self.cues:
            if c.phrase == phrase:
                return c
        return None


def _cue(entry: dict[str, Any], phrase: str,
         survey: dict[str, tuple[float, float, str]]) -> CertaintyCue:
    if "anchor" in entry:
        low, high, basis = survey[entry["anchor"]]
        basis = f"survey phrase '{entry['anchor']}': {basis}"
    else:
        low, high, basis = float(entry["low"]), float(entry["high"]), str(entry["basis"])
    return CertaintyCue(phrase=phrase, low=low, high=high, cls=str(entry["class"]), basis=basis)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    survey: dict[str, tuple[float, float, str]] = {}
    for row in csv.DictReader(_read_text("certainty_survey.csv").splitlines()):
        survey[row["phrase"]] = (float(row["low"]), float(row["high"]), row["basis"])
    raw = json.loads(_read_text("cues.json"))
    cues = tuple(_cue(e, e["phrase"], survey) for e in raw["certainty"])
    # Longest phrase first so "almost certainly not" wins over "almost certainly".
    ordered = sorted((c.phrase for c in cues), key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(re.escape(p) for p in ordered) + r")\b")
    modals = {k: _cue(v, k, survey) for k, v in raw["modals"].items()}
    return Lexicon(
        raw=raw,
        survey=survey,
        cues=cues,
        cue_pattern=pattern,
        modals=modals,
        past_markers=tuple(re.compile(p) for p in raw["past_forecast_markers"]),
        rhetorical=tuple(re.compile(r"\b" + p + r"\b") for p in raw["rhetorical_future"]),
    )
