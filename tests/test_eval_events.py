"""The event scorer on hand-made cases (matching, mismatches, the modality confusion, realised
precision), the gold files' integrity, and the event dev set against its floors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsledger.evaluation.events import (
    GoldEvent,
    locate_gold,
    read_gold,
    score_documents,
)
from newsledger.evaluation.runner import check_floors, load_floors

ROOT = Path(__file__).resolve().parent.parent
EVENTS = ROOT / "devset" / "events"

TEXT = ("Rebels shelled the port of Berbera on Monday. The army said it would not retreat, "
        "and warned it could bomb rebel camps if the shelling went on.")


def _gold(trigger: str, occurrence: int, type_: str, modality: str, actor: str = "",
          place: str = "") -> GoldEvent:
    return GoldEvent(trigger, occurrence, type_, modality, tuple(filter(None, actor.split("|"))),
                     tuple(filter(None, place.split("|"))))


def _pred(word: str, occurrence: int, type_: str, modality: str, actor: str | None = None,
          place: str | None = None) -> dict[str, Any]:
    start = -1
    for _ in range(occurrence):
        start = TEXT.index(word, start + 1)
    return {"type": type_, "modality": modality,
            "trigger": {"text": word, "start": start, "end": start + len(word)},
            "actors": [{"name": actor, "text": actor}] if actor else [],
            "place": {"text": place, "name": place} if place else None}


GOLD = locate_gold(TEXT, [
    _gold("shelled", 1, "ASSAULT", "asserted", "rebels", "Berbera"),
    _gold("retreat", 1, "RETREAT", "negated", "army"),
    _gold("bomb", 1, "ASSAULT", "hypothetical", "army"),
    _gold("shelling", 1, "ASSAULT", "asserted"),
])


def test_locate_gold_counts_whole_words() -> None:
    # "shelled" must not be found inside "shelling", nor the second occurrence invented.
    assert TEXT[GOLD[0].start:GOLD[0].end] == "shelled"
    assert TEXT[GOLD[3].start:GOLD[3].end] == "shelling"
    with pytest.raises(ValueError, match="not in the text"):
        locate_gold(TEXT, [_gold("shelled", 2, "ASSAULT", "asserted")])


def test_scores_matches_mismatches_and_confusion() -> None:
    preds = [
        _pred("shelled", 1, "ASSAULT", "asserted", actor="Rebels", place="Berbera"),
        _pred("shelled", 1, "ASSAULT", "asserted"),  # the same word twice is one mention
        _pred("retreat", 1, "RETREAT", "asserted", actor="army"),  # a denial leaks
        _pred("bomb", 1, "COERCE", "future", actor="rebels"),  # wrong type, actor, modality
        _pred("warned", 1, "THREATEN", "asserted"),  # not in the gold
    ]
    res = score_documents([("doc", GOLD, preds)])
    assert (res["matched"], res["predicted_events"], res["gold_events"]) == (3, 4, 4)
    assert res["trigger_precision"] == 0.75 and res["trigger_recall"] == 0.75
    assert res["trigger_f1"] == 0.75
    assert res["type_accuracy"] == round(2 / 3, 3)
    assert res["modality_accuracy"] == round(1 / 3, 3)
    assert res["modality_confusion"]["negated"]["asserted"] == 1
    assert res["modality_confusion"]["hypothetical"]["future"] == 1
    assert res["modality_confusion"]["asserted"]["asserted"] == 1
    # Marked realised: "shelled" (right) and "retreat" (gold negated): one leak in two.
    assert res["realised_precision"] == 0.5 and res["realised_recall"] == 1.0
    # Actors: "Rebels" = "rebels" (case), "army" right, "rebels" for the army wrong.
    assert res["actor_accuracy"] == round(2 / 3, 3)
    assert res["place_accuracy"] == 1.0 and res["place_scored"] == 1
    assert res["recall_by_type"] == {"ASSAULT": round(2 / 3, 3), "RETREAT": 1.0}
    assert any("missed ASSAULT 'shelling'" in e for e in res["errors"])
    assert any("spurious THREATEN 'warned'" in e for e in res["errors"])


def test_actor_aliases_through_the_normaliser() -> None:
    gold = locate_gold(TEXT, [_gold("shelled", 1, "ASSAULT", "asserted", "the insurgents")])
    pred = [_pred("shelled", 1, "ASSAULT", "asserted", actor="Rebels")]
    assert score_documents([("d", gold, pred)])["actor_accuracy"] == 0.0
    alias = score_documents([("d", gold, pred)],
                            lambda name: [{"name": "rebels", "country": None, "kind": "group"}])
    assert alias["actor_accuracy"] == 1.0


def test_lenient_actor_takes_a_state_for_its_government_but_not_another_state() -> None:
    gold = locate_gold(TEXT, [_gold("shelled", 1, "ASSAULT", "asserted", "Somalia"),
                              _gold("bomb", 1, "ASSAULT", "asserted", "army")])
    somalia = [{"name": "Somalia", "country": "SO", "kind": "state"}]
    preds = [_pred("shelled", 1, "ASSAULT", "asserted"), _pred("bomb", 1, "ASSAULT", "asserted")]
    preds[0]["actors"] = [{"name": "Somali government", "text": "Mogadishu", "country": "SO",
                           "kind": "government"}]
    # "Somali army" for "army" is not the name, but the name inside it.
    preds[1]["actors"] = [{"name": "Somali army", "text": "the troops", "country": "SO",
                           "kind": "military"}]
    res = score_documents([("d", gold, preds)],
                          lambda name: somalia if name == "Somalia" else [])
    assert res["actor_accuracy"] == 0.0 and res["actor_accuracy_lenient"] == 1.0
    preds[0]["actors"][0]["country"] = "ET"
    res = score_documents([("d", gold, preds)],
                          lambda name: somalia if name == "Somalia" else [])
    assert res["actor_accuracy_lenient"] == 0.5


def test_nothing_predicted_scores_zero_not_an_error() -> None:
    res = score_documents([("d", GOLD, [])])
    assert res["trigger_precision"] == 0.0 and res["trigger_recall"] == 0.0
    assert res["realised_precision"] == 0.0


def test_gold_files_are_complete_and_locatable() -> None:
    files = sorted(EVENTS.glob("*.jsonl"))
    if not files:
        pytest.skip("devset/events is absent")
    total = 0
    for f in files:
        golds = locate_gold(f.with_suffix(".txt").read_text(encoding="utf-8"), read_gold(f))
        assert all(g.modality in {"asserted", "historical", "future", "hypothetical",
                                  "negated"} for g in golds), f.name
        assert len({(g.start, g.end) for g in golds}) == len(golds), f.name
        total += len(golds)
    assert len(files) >= 12 and total >= 150


@pytest.mark.slow
def test_events_dev_set_meets_its_floors(analyzer: Any) -> None:
    from newsledger.evaluation.events import score_events

    result = score_events(ROOT, analyzer=analyzer)
    if "skipped" in result:
        pytest.skip(result["skipped"])
    assert not check_floors({"sets": {"events": result}}, load_floors())
