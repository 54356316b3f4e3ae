"""Evaluation: matching and scoring on hand-made inputs, then each shared set against its floor.

The shared-set tests read ../shared in place and skip when it is absent; each runs its whole
set (about 45 s together on two cores, PolNeAR being the slowest at ~20 s).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsledger.evaluation.devset import GoldForecast, gold_forecasts, score_forecasts
from newsledger.evaluation.meantime import EventLabels, GoldEvent, score_labels
from newsledger.evaluation.polnear import (
    GoldAttribution,
    PredAttribution,
    covers_half,
    gold_attributions,
    greedy_match,
    predicted_attributions,
    read_brat,
    score_attributions,
)
from newsledger.evaluation.runner import check_floors, format_table, load_floors, run_all

ROOT = Path(__file__).resolve().parent.parent

ANN = """T1\tSource 0 9\tThe mayor
T2\tCue 10 14\tsaid
T3\tContent 15 46\tthe tram would open in May 2028
T4\tAttribution 10 14\tsaid
E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1
T5\tCue 48 60\tit is feared
T6\tContent 61 81\tthe bridge will fail
E2\tAttribution-no-source:T5 Content:T6
T7\tForecast 15 46\tthe tram would open in May 2028
A1\tDeadline T7 2028-05
A2\tConditional T7
"""
TEXT = "The mayor said the tram would open in May 2028. it is feared the bridge will fail."


def _ann(tmp_path: Path, text: str = ANN) -> Path:
    path = tmp_path / "doc.ann"
    path.write_text(text, encoding="utf-8")
    return path


def test_covers_half_either_way() -> None:
    assert covers_half("the tram would open", "the tram would open in May 2028") == 4 / 4
    assert covers_half("a b c d e f g h", "a b") == 1.0  # the gold is inside the statement
    assert covers_half("x y z", "a b c") == 0.0
    assert covers_half("a b c d", "a x y z", either=False) == 0.0
    assert covers_half(None, "a") == 0.0


def test_greedy_match_is_one_to_one_best_first() -> None:
    scores = {(0, 0): 0.9, (0, 1): 0.95, (1, 1): 0.6}
    pairs = greedy_match(2, 2, lambda i, j: scores.get((i, j), 0.0))
    assert pairs == [(0, 1)]  # pred 1 only fits gold 1, already taken


def test_read_brat_and_gold_attributions(tmp_path: Path) -> None:
    doc = read_brat(_ann(tmp_path))
    gold = gold_attributions(doc, TEXT)
    assert [(g.source, g.cue) for g in gold] == [("The mayor", "said"), (None, "it is feared")]
    assert gold[0].content == "the tram would open in May 2028"
    assert gold[0].start == 0 and gold[0].end == 46
    assert doc.attributes["T7"] == {"Deadline": "2028-05", "Conditional": "true"}


def test_cue_falls_back_to_trigger(tmp_path: Path) -> None:
    text = "T1\tCue 10 14\tsaid\nT2\tSource 0 9\tThe mayor\nT3\tContent 15 46\tx y\n" \
           "E1\tAttribution:T1 Source:T2 Content:T3\n"
    gold = gold_attributions(read_brat(_ann(tmp_path, text)))
    assert gold[0].cue == "said"


def test_predicted_attributions_skip_unnamed_frames() -> None:
    stmts: list[dict[str, Any]] = [
        {"text": "a b c", "start": 0, "end": 5, "cue": "said", "speaker": "the mayor",
         "source": {"text": "the mayor", "type": "person"}},
        {"text": "it is believed x", "start": 6, "end": 20, "cue": "is believed",
         "speaker": "unnamed source", "source": {"text": "is believed", "type": "unnamed"}},
        {"text": "d e f", "start": 21, "end": 26, "cue": None, "speaker": "author",
         "source": None},
    ]
    assert [p.source for p in predicted_attributions(stmts)] == ["the mayor"]


def test_score_attributions_needs_source_and_content() -> None:
    gold = [GoldAttribution(source="The mayor", cue="said",
                            content="the tram would open in May 2028", start=0, end=45),
            GoldAttribution(source=None, cue="feared", content="the bridge will fail",
                            start=47, end=80)]
    right = PredAttribution(content="The mayor said the tram would open in May 2028",
                            start=0, end=46, source="the mayor", cue="said")
    wrong_src = PredAttribution(content="the tram would open", start=15, end=34,
                                source="officials", cue="said")
    assert score_attributions([right], gold)[0] == 1
    assert score_attributions([wrong_src], gold)[0] == 0
    assert score_attributions([wrong_src], gold, "content_only")[0] == 1
    assert score_attributions([wrong_src], gold, "cue_only")[0] == 1
    assert score_attributions([right, right], gold)[0] == 1  # one-to-one


def test_forecast_scoring_and_deadlines(tmp_path: Path) -> None:
    gold = gold_forecasts(read_brat(_ann(tmp_path)))
    assert gold == [GoldForecast(text="the tram would open in May 2028", start=15, end=46,
                                 deadline="2028-05", conditional=True)]
    pred = [{"text": "The mayor said the tram would open in May 2028",
             "resolve_by": {"value": "2028-05-31", "precision": "day"}, "condition": "if"},
            {"text": "something else entirely", "resolve_by": None}]
    res = score_forecasts(pred, gold)
    assert (res["matched"], res["predicted"], res["gold"]) == (1, 2, 1)
    assert res["deadline_right"] == 1 and res["conditional_right"] == 1
    pred[0]["resolve_by"] = {"value": "2028-06"}
    assert score_forecasts(pred, gold)["deadline_right"] == 0


def test_meantime_score_labels() -> None:
    def ev(c: str, p: str, t: str) -> GoldEvent:
        return GoldEvent(start=0, end=1, text="x", certainty=c, polarity=p, time=t, pos="VERB")

    pairs = [(ev("CERTAIN", "POS", "NON_FUTURE"), EventLabels(certainty="CERTAIN",
                                                             polarity="POS", future=False)),
             (ev("POSSIBLE", "NEG", "FUTURE"), EventLabels(certainty="POSSIBLE",
                                                          polarity="POS", future=True)),
             (ev("UNDERSPECIFIED", "", "FUTURE"), EventLabels(certainty="CERTAIN",
                                                             polarity="POS", future=False))]
    res = score_labels(pairs)
    assert res["events"] == 2 and res["certainty_accuracy"] == 1.0
    assert res["polarity_accuracy"] == 0.5
    assert res["future_precision"] == 1.0 and res["future_recall"] == 0.5
    assert res["confusion"]["polarity"]["NEG"]["POS"] == 1


def test_event_modality_on_a_parse() -> None:
    from newsledger.annotate import annotated_nlp
    from newsledger.evaluation.meantime import event_modality
    from newsledger.lexicon import load_lexicon

    doc = annotated_nlp()("Airbus plans to build a plant, but it may not open until 2012.")
    lex = load_lexicon()
    by = {t.text: t for t in doc}
    build = event_modality(by["build"], lex)
    assert build.future and build.polarity == "POS"
    opening = event_modality(by["open"], lex)
    assert opening.certainty == "POSSIBLE" and opening.polarity == "NEG" and opening.future


def test_floors_and_table() -> None:
    report = {"sets": {"polnear": {"f1": 0.40, "precision": 0.9, "recall": 0.3},
                       "seed": {"false_forecasts": 3, "forecasts_found": 6},
                       "te3": {"skipped": "absent"},
                       "meantime": {"error": "ValueError: x"}}}
    floors = {"polnear.f1": 0.49, "polnear.precision": 0.78, "seed.false_forecasts": 1,
              "seed.forecasts_found": 6, "te3.value_accuracy": 0.89,
              "meantime.polarity_accuracy": 0.9}
    fails = check_floors(report, floors)
    assert len(fails) == 3
    assert any(f.startswith("polnear.f1") for f in fails)
    assert any("ceiling" in f for f in fails)
    assert any(f.startswith("meantime") for f in fails)
    table = format_table(report, floors)
    assert "reporting-verb baseline 0.56" in table and "skipped" in table
    assert set(load_floors()) >= {"te3.value_accuracy", "polnear.f1", "meantime.future_f1"}


def test_run_all_without_shared(tmp_path: Path) -> None:
    report = run_all(None, tmp_path, only=["te3", "polnear", "devset"])
    assert set(report["sets"]) == {"te3", "polnear", "devset"}
    assert all("skipped" in v for v in report["sets"].values())


# --- the shared sets, each against its floor ------------------------------------------------

FLOORS = load_floors()


def _check(name: str, res: dict[str, Any]) -> None:
    if "skipped" in res:
        pytest.skip(res["skipped"])
    fails = check_floors({"sets": {name: res}}, FLOORS)
    assert not fails, fails


@pytest.mark.shared
def test_te3_floor(shared_dir: Path) -> None:
    from newsledger.evaluation.runner import _te3

    _check("te3", _te3(shared_dir))


@pytest.mark.shared
@pytest.mark.slow
def test_meantime_floor(shared_dir: Path) -> None:
    from newsledger.evaluation.meantime import score_meantime

    _check("meantime", score_meantime(shared_dir))


@pytest.mark.shared
@pytest.mark.slow
def test_polnear_floor(shared_dir: Path, analyzer: Any) -> None:
    from newsledger.evaluation.polnear import score_polnear

    _check("polnear", score_polnear(shared_dir, analyzer=analyzer))


@pytest.mark.shared
@pytest.mark.slow
def test_seed_floor(shared_dir: Path, analyzer: Any) -> None:
    from newsledger.evaluation.seed import score_seed

    _check("seed", score_seed(shared_dir, analyzer=analyzer))


@pytest.mark.slow
def test_devset_floor(analyzer: Any) -> None:
    from newsledger.evaluation.devset import score_devset

    _check("devset", score_devset(ROOT, analyzer=analyzer))


@pytest.mark.slow
def test_heldout_floor(analyzer: Any) -> None:
    from newsledger.evaluation.runner import _heldout

    res = _heldout(ROOT, analyzer)
    assert res["documents"] == 8 and res["events_gold_events"] == 216
    _check("heldout", res)


@pytest.mark.shared
@pytest.mark.slow
def test_extraction_floor(shared_dir: Path) -> None:
    from newsledger.evaluation.runner import _extraction

    if not (shared_dir / "data" / "article-extraction-benchmark").exists():
        pytest.skip("article-extraction-benchmark is absent")
    _check("extraction", _extraction(shared_dir))
