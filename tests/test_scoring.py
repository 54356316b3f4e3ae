"""Scores: the score functions by hand and by property, and the reference article's forecasts
scored against the real outcomes in ../shared/gold/seed.json."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsledger.record import RawDocument
from newsledger.scoring import (
    LOG_CLIP,
    brier,
    calibration,
    forecast_probability,
    log_score,
    score_forecasts,
    scores,
    skip_reason,
)
from newsledger.store import Ledger
from newsledger.store import resolutions as res
from newsledger.store.resolutions import Resolution

# -- the score functions ----------------------------------------------------------------------


def test_scores_by_hand() -> None:
    assert brier(0.35, False) == pytest.approx(0.1225)
    assert brier(0.875, True) == pytest.approx(0.015625)
    assert brier(1.0, True) == 0.0 and brier(0.0, True) == 1.0
    assert log_score(0.35, False) == pytest.approx(-math.log(0.65))
    assert log_score(0.8, True) == pytest.approx(-math.log(0.8))
    assert log_score(1.0, False) == pytest.approx(-math.log(LOG_CLIP))  # clipped, not inf
    assert log_score(0.0, False) == pytest.approx(-math.log(1 - LOG_CLIP))


probabilities = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@given(probabilities, st.booleans())
def test_score_bounds(p: float, happened: bool) -> None:
    assert 0.0 <= brier(p, happened) <= 1.0
    assert -math.log(1 - LOG_CLIP) - 1e-12 <= log_score(p, happened) <= -math.log(LOG_CLIP)


@given(st.lists(st.booleans(), min_size=1, max_size=30))
def test_perfect_forecaster_scores_zero(outcomes: list[bool]) -> None:
    assert sum(brier(1.0 if o else 0.0, o) for o in outcomes) == 0.0


@given(st.lists(st.tuples(probabilities, st.booleans()), max_size=50))
def test_calibration_bins_partition(pairs: list[tuple[float, bool]]) -> None:
    bins = calibration(pairs)
    assert sum(b.n for b in bins) == len(pairs)
    for b in bins:
        assert 0.0 <= b.low < b.high <= 1.0
        assert 0.0 <= b.frequency <= 1.0
        assert b.low - 1e-9 <= b.mean_probability <= b.high + 1e-9


def forecast(fid: str, p: float, **kw: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": fid, "kind": "forecast", "speaker": "author", "probability": p,
        "certainty": {"phrase": None, "low": p - 0.1, "high": p + 0.05}, "condition": None,
        "outlet": "Courier", "author": None,
    }
    out.update(kw)
    return out


def resolution(fid: str, outcome: str, **kw: Any) -> Resolution:
    from datetime import date

    return Resolution(id="r" + fid, statement_id=fid, outcome=outcome,
                      resolved_on=date(2027, 1, 1), **kw)


def test_who_and_what_is_scored() -> None:
    items = [
        (forecast("a", 0.9), resolution("a", "yes")),
        (forecast("b", 0.3, speaker="Latest reports"), resolution("b", "no")),
        (forecast("c", 0.6, speaker="latest reports", outlet="Wire"), resolution("c", "yes")),
        (forecast("d", 0.5), resolution("d", "void")),
        (forecast("e", 0.5), None),
        (forecast("f", 0.5, condition="if it rains"), resolution("f", "yes")),
        (forecast("g", 0.5, condition="if it rains"),
         resolution("g", "yes", condition_met=False)),
        (forecast("h", 0.8, condition="if it rains"), resolution("h", "no", condition_met=True)),
        (forecast("i", 0.9, kind="past_forecast_reference"), resolution("i", "yes")),
    ]
    by_speaker = score_forecasts(items, by="speaker")
    author, reports = by_speaker.row("author"), by_speaker.row("Latest reports")
    assert author is not None and reports is not None
    assert [f["id"] for f in author.forecasts] == ["a", "h"]
    assert author.brier == pytest.approx((0.1**2 + 0.8**2) / 2)
    assert author.hit_rate == 0.5 and author.mean_probability == pytest.approx(0.85)
    assert reports.key == "Latest reports" and reports.n == 2  # names matched across case
    assert dict(by_speaker.skipped) == {
        "void": 1, "unresolved": 1, "condition_unknown": 1, "condition_not_met": 1,
        "not_a_forecast": 1,
    }
    by_outlet = score_forecasts(items, by="outlet")
    assert [(r.key, r.n) for r in by_outlet.rows] == [("Courier", 2)]
    assert by_outlet.skipped["relayed"] == 2
    by_author = score_forecasts(items, by="author")
    assert [r.key for r in by_author.rows] == ["(unsigned, Courier)"]
    low = score_forecasts(items, by="speaker", probability="low").row("author")
    assert low is not None and low.brier == pytest.approx((0.2**2 + 0.7**2) / 2)
    with pytest.raises(ValueError):
        score_forecasts(items, by="planet")  # type: ignore[arg-type]


def test_probability_settings() -> None:
    f = forecast("a", 0.35, certainty={"phrase": "not even clear", "low": 0.2, "high": 0.5})
    assert [forecast_probability(f, s) for s in ("mid", "low", "high")] == [0.35, 0.2, 0.5]
    f["probability"] = None
    assert forecast_probability(f) == pytest.approx(0.35)
    assert skip_reason(f, None) == "unresolved"


# -- the reference article against its real outcomes -----------------------------------------

WORD = re.compile(r"[\w’']+", re.U)


def words(text: str) -> set[str]:
    return {w.lower().replace("’", "'") for w in WORD.findall(text or "")}


def covers(statement_text: str, quote: str) -> bool:
    """The word-overlap match of shared/tools/score_seed.py."""
    a, b = words(statement_text), words(quote)
    return bool(b) and len(a & b) / len(b) >= 0.6 and len(a & b) / max(len(a), 1) >= 0.2


@pytest.fixture
def seed_ledger(shared_dir: Path, analyzer: Any, tmp_path: Path) -> Any:
    gold = json.loads((shared_dir / "gold" / "seed.json").read_text(encoding="utf-8"))
    path = shared_dir / gold["file"]
    raw = RawDocument(source=str(path), data=path.read_bytes(), content_type="text")
    analysis = analyzer.analyze_raw(raw)
    with Ledger.open(tmp_path / "seed.db") as ledger:
        ledger.write(analysis.document, analysis.statements, analysis.times)
        matched = {}
        for item in gold["statements"]:
            found = [s for s in analysis.statements if covers(s.text, item["quote"])]
            found = [s for s in found if s.kind == item["kind"]] or found
            if found:
                matched[item["id"]] = found[0]
        yield ledger, gold, matched


@pytest.mark.slow
@pytest.mark.shared
def test_seed_scores(seed_ledger: tuple[Ledger, dict[str, Any], dict[str, Any]]) -> None:
    ledger, gold, matched = seed_ledger
    forecasts = {g["id"]: g for g in gold["statements"] if g["kind"] == "forecast"}
    assert set(forecasts) <= set(matched), "every gold forecast is extracted"
    for fid, item in forecasts.items():
        res.resolve(ledger, matched[fid].id, item["outcome"]["value"],
                    note=item["outcome"]["evidence"], by="gold", on="2017-07-10")
    # Past-forecast references are not forecasts: they cannot even be resolved.
    for pid in ("P1", "P2", "P3"):
        assert matched[pid].kind == "past_forecast_reference"
        with pytest.raises(res.ResolutionError):
            res.resolve(ledger, matched[pid].id, "yes")

    p = {fid: matched[fid].probability for fid in forecasts}
    card = scores(ledger, by="speaker")
    author, reports = card.row("author"), card.row("Latest reports")
    assert author is not None and reports is not None
    ids = {fid: matched[fid].id for fid in forecasts}
    # The author's own: F1 (doubted, did not happen), F5 and F6 (happened). F2 waits for its
    # condition; F3 and F4 count for "Latest reports", who relayed them.
    assert {f["id"] for f in author.forecasts} == {ids["F1"], ids["F5"], ids["F6"]}
    assert {f["id"] for f in reports.forecasts} == {ids["F3"], ids["F4"]}
    assert sum(r.n for r in card.rows) == 5
    assert card.skipped["condition_unknown"] == 1

    author_brier = ((p["F1"] - 0) ** 2 + (p["F5"] - 1) ** 2 + (p["F6"] - 1) ** 2) / 3
    author_log = -(math.log(1 - p["F1"]) + math.log(p["F5"]) + math.log(p["F6"])) / 3
    reports_brier = ((p["F3"] - 0) ** 2 + (p["F4"] - 0) ** 2) / 2
    reports_log = -(math.log(1 - p["F3"]) + math.log(1 - p["F4"])) / 2
    assert author.brier == pytest.approx(author_brier)
    assert author.log_score == pytest.approx(author_log)
    assert reports.brier == pytest.approx(reports_brier)
    assert reports.log_score == pytest.approx(reports_log)
    assert author.hit_rate == pytest.approx(2 / 3) and reports.hit_rate == 0.0
    # "It is not even clear that Mosul can be recaptured" is a low probability of recapture,
    # so "not recaptured" counts in the author's favour.
    assert p["F1"] < 0.5 and author.brier < 0.1

    # The author's and outlet's tables hold only the writer's own forecasts.
    outlet = scores(ledger, by="outlet")
    assert [(r.key, r.n) for r in outlet.rows] == [("The Duran", 3)]
    assert outlet.rows[0].brier == pytest.approx(author_brier)
    assert [r.key for r in scores(ledger, by="author").rows] == ["(unsigned, The Duran)"]

    # Mosul was still held by ISIS on 20 January 2017: F2's condition was met.
    res.resolve(ledger, ids["F2"], "no", condition_met=True, by="gold", on="2017-07-07")
    author = scores(ledger, by="speaker").row("author")
    assert author is not None and author.n == 4
    assert author.brier == pytest.approx((3 * author_brier + p["F2"] ** 2) / 4)
    # The low bound of each range makes the writer look surer of "no".
    low = scores(ledger, by="speaker", probability="low").row("author")
    assert low is not None
    lows = {fid: matched[fid].certainty.low for fid in ("F1", "F2", "F5", "F6")}
    assert low.brier == pytest.approx(
        (lows["F1"] ** 2 + lows["F2"] ** 2 + (lows["F5"] - 1) ** 2 + (lows["F6"] - 1) ** 2) / 4
    )
    # A void resolution takes a forecast out of the scores again.
    res.resolve(ledger, ids["F2"], "void", by="gold")
    final = scores(ledger, by="speaker").row("author")
    assert final is not None and final.n == 3
    # As of 2017-01-01 none of these outcomes was known yet.
    assert scores(ledger, as_of="2017-01-01").rows == []
