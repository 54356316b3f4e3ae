"""Scoring forecasts against their resolutions: Brier and log scores, hit rate against mean
stated probability, and calibration bins, per speaker, author or outlet.

Scores are derived on demand from the ledger, never stored. Who a forecast counts for:

- `speaker`: whoever the text puts it in the mouth of. A relayed forecast ("latest reports
  suggest the meeting will happen in January") counts for its source, not for the writer;
  the writer's own forecasts count under "author".
- `author` and `outlet`: only the forecasts the writer makes in their own voice (speaker
  "author"); relayed forecasts belong to their sources.

What is never scored: `void` resolutions, unresolved forecasts, conditional forecasts whose
condition is not recorded as met, past-forecast references (they are not forecasts). Doubt
needs no special case: the probability is of the proposition as stated, so "it is not even
clear that X" is X at a low probability and "X did not happen" scores in the writer's favour.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from newsledger.store.ledger import Ledger
from newsledger.store.resolutions import Clock, Resolution, current_all
from newsledger.store.schema import period_start

__all__ = [
    "BINS",
    "GROUPINGS",
    "LOG_CLIP",
    "PROBABILITY_SETTINGS",
    "Bin",
    "GroupBy",
    "GroupScore",
    "ProbabilitySetting",
    "Scorecard",
    "brier",
    "calibration",
    "forecast_probability",
    "log_score",
    "score_forecasts",
    "scores",
    "skip_reason",
]

GroupBy = Literal["speaker", "author", "outlet"]
ProbabilitySetting = Literal["mid", "low", "high"]
GROUPINGS: tuple[str, ...] = ("speaker", "author", "outlet")
PROBABILITY_SETTINGS: tuple[str, ...] = ("mid", "low", "high")
# Probabilities are clipped to [LOG_CLIP, 1 - LOG_CLIP] for the log score, so one confident
# miss costs at most -ln(0.01) ≈ 4.6 instead of infinity.
LOG_CLIP = 0.01
BINS = 10  # calibration bins of equal width over [0, 1]


def brier(probability: float, happened: bool) -> float:
    """(p − o)²: 0 for a perfect forecast, 1 for a certain one that was wrong."""
    return (probability - (1.0 if happened else 0.0)) ** 2


def log_score(probability: float, happened: bool, clip: float = LOG_CLIP) -> float:
    """−ln of the probability given to what happened, p clipped to [clip, 1 − clip]: lower
    is better, like Brier."""
    p = min(max(probability, clip), 1.0 - clip)
    return -math.log(p if happened else 1.0 - p)


@dataclass(frozen=True, kw_only=True)
class Bin:
    low: float
    high: float
    n: int
    mean_probability: float
    frequency: float  # share of these forecasts that came true

    def to_dict(self) -> dict[str, Any]:
        return {
            "low": self.low, "high": self.high, "n": self.n,
            "mean_probability": round(self.mean_probability, 6),
            "frequency": round(self.frequency, 6),
        }


def calibration(pairs: Iterable[tuple[float, bool]], bins: int = BINS) -> list[Bin]:
    """Stated probability against observed frequency, in `bins` equal bins; empty bins are
    left out. A probability of exactly 1 falls in the top bin."""
    found: dict[int, list[tuple[float, bool]]] = {}
    for p, happened in pairs:
        found.setdefault(min(int(p * bins), bins - 1), []).append((p, happened))
    out = []
    for index in sorted(found):
        members = found[index]
        out.append(Bin(
            low=round(index / bins, 6),
            high=round((index + 1) / bins, 6),
            n=len(members),
            mean_probability=sum(p for p, _ in members) / len(members),
            frequency=sum(1 for _, h in members if h) / len(members),
        ))
    return out


def forecast_probability(forecast: dict[str, Any], setting: ProbabilitySetting = "mid"
                         ) -> float | None:
    """The probability scored: the forecast's own `probability` (the middle of its range),
    or the low or high bound of its certainty range."""
    certainty = forecast.get("certainty") or {}
    if setting == "low":
        return _float(certainty.get("low"))
    if setting == "high":
        return _float(certainty.get("high"))
    mid = _float(forecast.get("probability"))
    if mid is None and certainty.get("low") is not None and certainty.get("high") is not None:
        mid = (float(certainty["low"]) + float(certainty["high"])) / 2
    return mid


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def skip_reason(forecast: dict[str, Any], resolution: Resolution | None) -> str | None:
    """Why a forecast is not scored (a short code), or None when it is."""
    if forecast.get("kind") != "forecast":
        return "not_a_forecast"
    if resolution is None:
        return "unresolved"
    if resolution.outcome == "void":
        return "void"
    if forecast.get("condition"):
        if resolution.condition_met is None:
            return "condition_unknown"
        if not resolution.condition_met:
            return "condition_not_met"
    return None


def _group(forecast: dict[str, Any], by: GroupBy) -> str | None:
    own_voice = forecast.get("speaker") == "author"
    if by == "speaker":
        return str(forecast.get("speaker") or "unknown")
    if not own_voice:
        return None  # relayed: counted for its source in the speaker table only
    if by == "outlet":
        return str(forecast.get("outlet") or "(unknown outlet)")
    author = forecast.get("author")
    if author:
        return str(author)
    outlet = forecast.get("outlet")
    return f"(unsigned, {outlet})" if outlet else "(unsigned)"


@dataclass(kw_only=True)
class GroupScore:
    key: str
    n: int
    brier: float
    log_score: float
    mean_probability: float
    hit_rate: float
    calibration: list[Bin]
    forecasts: list[dict[str, Any]]  # id, probability, outcome, brier, log_score

    def to_dict(self, by: str) -> dict[str, Any]:
        return {
            by: self.key, "n": self.n, "brier": round(self.brier, 6),
            "log_score": round(self.log_score, 6),
            "mean_probability": round(self.mean_probability, 6),
            "hit_rate": round(self.hit_rate, 6),
            "calibration": [b.to_dict() for b in self.calibration],
            "forecasts": self.forecasts,
        }


@dataclass(kw_only=True)
class Scorecard:
    by: str
    probability: str
    rows: list[GroupScore] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    as_of: date | None = None

    def row(self, key: str) -> GroupScore | None:
        """The row for a group, matched case-insensitively."""
        return next((r for r in self.rows if r.key.casefold() == key.casefold()), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "by": self.by, "probability": self.probability,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "rows": [r.to_dict(self.by) for r in self.rows],
            "skipped": dict(self.skipped),
        }


def score_forecasts(
    items: Iterable[tuple[dict[str, Any], Resolution | None]],
    *,
    by: GroupBy = "speaker",
    probability: ProbabilitySetting = "mid",
) -> Scorecard:
    """Score (forecast dict, current resolution) pairs. Forecast dicts are in the ledger's
    statement shape, with `outlet` and, for `by="author"`, `author`."""
    if by not in GROUPINGS:
        raise ValueError(f"by must be speaker, author or outlet, not {by!r}")
    if probability not in PROBABILITY_SETTINGS:
        raise ValueError(f"probability must be mid, low or high, not {probability!r}")
    card = Scorecard(by=by, probability=probability)
    groups: dict[str, tuple[str, list[dict[str, Any]]]] = {}
    for forecast, resolution in items:
        reason = skip_reason(forecast, resolution)
        p = forecast_probability(forecast, probability)
        if reason is None and p is None:
            reason = "no_probability"
        if reason is not None:
            card.skipped[reason] += 1
            continue
        key = _group(forecast, by)
        if key is None:
            card.skipped["relayed"] += 1
            continue
        assert resolution is not None and p is not None
        happened = resolution.outcome == "yes"
        entry = {
            "id": forecast["id"], "probability": p, "outcome": resolution.outcome,
            "brier": brier(p, happened), "log_score": log_score(p, happened),
        }
        # Names differ only in case across articles ("Latest reports", "latest reports").
        groups.setdefault(key.casefold(), (key, []))[1].append(entry)
    for key, entries in groups.values():
        n = len(entries)
        pairs = [(e["probability"], e["outcome"] == "yes") for e in entries]
        card.rows.append(GroupScore(
            key=key, n=n,
            brier=sum(e["brier"] for e in entries) / n,
            log_score=sum(e["log_score"] for e in entries) / n,
            mean_probability=sum(p for p, _ in pairs) / n,
            hit_rate=sum(1 for _, h in pairs if h) / n,
            calibration=calibration(pairs),
            forecasts=entries,
        ))
    card.rows.sort(key=lambda r: (r.brier, -r.n, r.key.casefold()))  # a league table
    return card


def scores(
    ledger: Ledger,
    *,
    by: GroupBy = "speaker",
    probability: ProbabilitySetting = "mid",
    as_of: date | str | None = None,
    clock: Clock = "event",
) -> Scorecard:
    """The scorecard of the ledger's resolved forecasts (with the resolutions known by
    `as_of`, when given), best Brier score first."""
    known = current_all(ledger, as_of=as_of, clock=clock)
    authors = {d["id"]: d["author"] for d in ledger.documents()}
    forecasts = ledger.forecasts()
    for forecast in forecasts:
        forecast["author"] = authors.get(forecast["document_id"])
    card = score_forecasts(
        ((f, known.get(f["id"])) for f in forecasts), by=by, probability=probability
    )
    card.as_of = period_start(as_of) if isinstance(as_of, str) else as_of
    return card
