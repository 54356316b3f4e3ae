"""The shared modality functions on sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from newsledger.lexicon import load_lexicon
from newsledger.modality import Modality, _phrase_cues, predicate_modality


@pytest.fixture(scope="module")
def nlp() -> Any:
    from newsledger.annotate import annotated_nlp

    return annotated_nlp()


def _of(nlp: Any, text: str, word: str) -> Modality:
    doc = nlp(text)
    tok = next(t for t in doc if t.text == word)
    return predicate_modality(tok, load_lexicon())


def _future(nlp: Any, text: str, word: str) -> bool:
    return _of(nlp, text, word).time_orientation == "future"


def test_intention_complement_is_future(nlp: Any) -> None:
    assert _future(nlp, "The brewery plans to sell its Leeds depot.", "sell")
    assert _future(nlp, "The council said that it would close the pool.", "close")


def test_result_infinitive_of_a_past_verb_is_not_future(nlp: Any) -> None:
    assert not _future(nlp, "The index fell 2% to close at 4,100 points.", "close")
    assert not _future(nlp, "The club claims to own the stadium.", "own")


def test_existing_object_of_a_future_verb_is_not_future(nlp: Any) -> None:
    text = "The mill will cut 400 jobs at its Bristol site."
    assert _future(nlp, text, "cut")
    assert not _future(nlp, text, "jobs")


def test_planned_object_and_adjunct_nouns(nlp: Any) -> None:
    assert _future(nlp, "The ferry line announced a merger with its rival.", "merger")
    text = "The ferries will stop running after the storm."
    assert not _future(nlp, text, "storm")


def test_ranked_noun_to_clause_is_not_an_aim(nlp: Any) -> None:
    assert not _future(nlp, "She became the first woman to climb the north face.", "climb")
    assert _future(nlp, "The council unveiled plans to build a tram line.", "build")


def test_conjuncts_share_the_modal(nlp: Any) -> None:
    text = "Two branches should be sold and the rest closed by June."
    assert _future(nlp, text, "closed")


def test_implicative_verb_negates_and_can_is_certain(nlp: Any) -> None:
    assert _of(nlp, "The bill failed to pass the Senate.", "pass").polarity == "negated"
    assert _of(nlp, "The bill passed the Senate.", "passed").polarity == "affirmed"
    assert _of(nlp, "The new engine can carry 40 tonnes.", "carry").cls == "certain"
    assert _of(nlp, "The strike may spread to the docks.", "spread").cls == "possible"


def test_hedging_noun_makes_its_argument_possible(nlp: Any) -> None:
    assert _of(nlp, "Shares fell on fears of a recession.", "recession").cls == "possible"
    assert _of(nlp, "The cancelled deal hurt the shares.", "deal").polarity == "negated"


def test_negator_before_adverb_and_cue() -> None:
    lex = load_lexicon()
    plain = _phrase_cues("a deal is likely", lex)[0]
    negated = _phrase_cues("a deal is not even likely", lex)[0]
    assert negated.high <= 1 - plain.low + 1e-9
    assert negated.cls == "improbable"


@pytest.mark.parametrize(("value", "after", "before"), [
    ("2025-W48", False, True),  # a week value is not a string later than "2025-12-01"
    ("2025-W50", True, False),
    ("2025-SU", False, True),
    ("2026-SU", True, False),
    ("2025-WI", False, False),  # the winter under way
    ("2026-Q1", True, False),
    ("2025-H2", False, False),
    ("2026-03", True, False),
    ("2025-12-01", False, False),
])
def test_time_values_against_the_document_date(value: str, after: bool, before: bool) -> None:
    import datetime as dt

    from newsledger.orientation import time_value_after, time_value_before

    dct = dt.date(2025, 12, 1)
    assert (time_value_after(value, dct), time_value_before(value, dct)) == (after, before)
