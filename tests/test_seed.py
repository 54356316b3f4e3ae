"""The reference article must come out right (issue #2). Reads ../shared in place."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

WORD = re.compile(r"[\w’']+")


def words(s: str) -> set[str]:
    return {w.lower().replace("’", "'") for w in WORD.findall(s or "")}


def covers(text: str, quote: str) -> bool:
    """The same word-overlap match the shared scorer uses."""
    a, b = words(text), words(quote)
    return bool(b) and len(a & b) / len(b) >= 0.6 and len(a & b) / max(len(a), 1) >= 0.2


@pytest.fixture(scope="module")
def seed(shared_dir: Path, analyzer: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    from newsledger.record import RawDocument

    path = shared_dir / "corpus" / "seed" / "the-duran-mosul-stalled-2016.txt"
    gold = json.loads((shared_dir / "gold" / "seed.json").read_text(encoding="utf-8"))
    raw = RawDocument(source=str(path), data=path.read_bytes())
    return analyzer.analyze_raw(raw).to_dict(), gold


def _matches(out: dict[str, Any], quote: str) -> list[dict[str, Any]]:
    return [s for s in out["statements"] if covers(s["text"], quote)]


def test_main_text_bounds_and_boilerplate(seed: Any) -> None:
    out, gold = seed
    text = out["document"]["text"].strip()
    assert text.startswith(gold["main_text"]["starts_with"])
    assert text.endswith(gold["main_text"]["ends_with"])
    removed = {r["text"].strip() for r in out["document"]["removed"]}
    for line in gold["boilerplate"]:
        assert line not in text or len(line) <= 3
        assert line.strip() in removed


def test_metadata(seed: Any) -> None:
    out, gold = seed
    doc = out["document"]
    assert doc["outlet"] == gold["outlet"]
    assert doc["author"] is None
    pub = doc["published"]
    assert pub["method"] == "estimated"
    assert gold["published"]["earliest"] <= pub["value"] <= gold["published"]["latest"]


def test_all_forecasts_found_with_deadlines(seed: Any) -> None:
    out, gold = seed
    forecasts = [g for g in gold["statements"] if g["kind"] == "forecast"]
    for g in forecasts:
        found = [s for s in _matches(out, g["quote"]) if s["kind"] == "forecast"]
        assert found, f"{g['id']} not found: {g['quote']}"
        if g["id"] in ("F1", "F3", "F4"):
            want = g["deadline"][:10] if g["deadline_precision"] == "day" else g["deadline"][:7]
            values = [(s["resolve_by"] or {}).get("value", "") for s in found]
            assert any(v.startswith(want) for v in values), (g["id"], values)
    extra = [s for s in out["statements"] if s["kind"] == "forecast"
             and not any(covers(s["text"], g["quote"]) for g in forecasts)]
    assert len(extra) <= 1, [s["text"] for s in extra]


def test_conditional_and_vague_forecasts(seed: Any) -> None:
    out, gold = seed
    f2 = next(g for g in gold["statements"] if g["id"] == "F2")
    found = [s for s in _matches(out, f2["quote"]) if s["kind"] == "forecast"]
    assert any(s["condition"] and "ISIS hands" in s["condition"] for s in found)
    f5 = next(g for g in gold["statements"] if g["id"] == "F5")
    found = [s for s in _matches(out, f5["quote"]) if s["kind"] == "forecast"]
    assert any(s["resolve_by"] is None and "soon" in (s["reason"] or "") for s in found)


def test_past_forecast_references(seed: Any) -> None:
    out, gold = seed
    for g in gold["statements"]:
        if g["kind"] != "past_forecast_reference":
            continue
        kinds = [s["kind"] for s in _matches(out, g["quote"])]
        assert "past_forecast_reference" in kinds and "forecast" not in kinds, (g["id"], kinds)


@pytest.mark.parametrize("cid,needle", [("C2", "russian media"), ("C3", "cockburn"),
                                        ("C7", "reports"), ("C8", "kurdish militia")])
def test_sources(seed: Any, cid: str, needle: str) -> None:
    out, gold = seed
    g = next(x for x in gold["statements"] if x["id"] == cid)
    sources = [(s["source"] or {}).get("text", "").lower() for s in _matches(out, g["quote"])]
    assert any(needle in s for s in sources), sources


def test_almost_certainly_is_high(seed: Any) -> None:
    out, gold = seed
    for cid in ("C6", "C16"):
        g = next(x for x in gold["statements"] if x["id"] == cid)
        lows = [s["certainty"]["low"] for s in _matches(out, g["quote"])]
        assert any(low >= 0.8 for low in lows), (cid, lows)


def test_claim_recall(seed: Any) -> None:
    out, gold = seed
    claims = [g for g in gold["statements"] if g["kind"] == "claim"]
    found = sum(1 for g in claims if _matches(out, g["quote"]))
    assert found / len(claims) >= 0.8


def test_offsets_point_into_text(seed: Any) -> None:
    out, _ = seed
    text = out["document"]["text"]
    for s in out["statements"]:
        assert text[s["start"]: s["end"]] == s["text"]
    for t in out["times"]:
        assert text[t["start"]: t["end"]] == t["text"]
