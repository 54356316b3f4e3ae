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
