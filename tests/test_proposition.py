"""A forecast's question asks about the forecast, not about who made it."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize(("text", "question"), [
    ("The team is expected to be relegated in the spring, according to analysts at a betting "
     "firm whose model gives it little chance.", "Will the team be relegated in the spring?"),
    ("Fares will rise by 4 per cent in January, according to the operator's own figures.",
     "Will fares rise by 4 per cent in January?"),
    ("According to two officials, the minister will resign before Christmas.",
     "Will the minister resign before Christmas?"),
])
def test_according_to_stays_out_of_the_question(analyzer: Any, text: str,
                                                question: str) -> None:
    result = analyzer.analyze_text(text, published="2026-11-01")
    forecasts = [s for s in result.statements if s.kind == "forecast"]
    assert [f.proposition for f in forecasts] == [question]


@pytest.mark.parametrize("text", [
    "There is still the January transfer window.",
    "The May elections are close, and the party is nervous.",
])
def test_a_month_that_names_a_thing_does_not_make_a_forecast(analyzer: Any, text: str) -> None:
    result = analyzer.analyze_text(text, published="2026-11-01")
    assert result.statements and all(s.kind == "claim" for s in result.statements)


def test_a_month_that_dates_the_verb_still_does(analyzer: Any) -> None:
    result = analyzer.analyze_text("Parliament votes in January on the budget.",
                                   published="2026-11-01")
    assert [s.kind for s in result.statements] == ["forecast"]
