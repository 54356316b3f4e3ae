"""The extractor never raises on odd but plausible text: every input gets a result."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

WORDS = [
    "The", "minister", "said", "that", "prices", "will", "rise", "by", "Apr.", "Sept.", "May",
    "March", "3", "2027", "next", "week", "“", "”", '"', ":", "–", "—", ",", ".", "?", "(", ")",
    "according", "to", "officials", "it", "is", "believed", "If", "talks", "fail", "strike",
    "would", "could", "not", "likely", "almost", "certainly", "as", "I", "predicted",
    "within", "two", "months", "PENCE", "he", "added", "\n", "\n\n", "'s", "’", "at",
    "the", "end", "of", "year", "Monday", "soon", "reports", "suggest", "and", "Q3",
    "1990s", "10:30", "a.m.", "U.S.", "per", "cent", "%", "$", "£", "–", "…",
]

texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=60).map(" ".join)


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts, published=st.sampled_from([None, "2026-11-25", "2016-01", "1999"]))
def test_any_text_is_analysed_without_error(analyzer: Any, text: str,
                                             published: str | None) -> None:
    from newsledger.errors import DropError
    from newsledger.record import Document, Published

    pub = Published(value=published, precision="day", method="given") if published \
        else Published()
    try:
        result = analyzer.analyze_document(Document(source="t", text=text, published=pub))
    except DropError:
        return
    record = result.to_dict()
    for s in record["statements"]:
        assert text[s["start"]:s["end"]] == s["text"]
    for a in record["attributions"]:
        assert text[a["content"]["start"]:a["content"]["end"]] == a["content"]["text"]
