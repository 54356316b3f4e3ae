"""Hand-built ledger records for the web tests (no spaCy)."""

from __future__ import annotations

from typing import Any

from newsledger.record import (
    Certainty,
    Document,
    Published,
    Removed,
    ResolveBy,
    Source,
    Statement,
    TimeExpression,
    statement_id,
)

LOCAL = ("127.0.0.1", 50000)  # a TestClient client address on this machine

TEXT = (
    "Mosul will almost certainly fall before Trump's inauguration on 20th January 2017. "
    "Russian media reports claim the Kurdish militia has stalled.\n\n"
    "As I predicted, the offensive is slow. The city may fall in March 2017."
)


def make_doc(text: str = TEXT, **kw: Any) -> Document:
    defaults: dict[str, Any] = {
        "source": "corpus/the-duran.txt",
        "title": "Mosul offensive stalled",
        "outlet": "The Duran",
        "author": None,
        "url": "https://theduran.com/mosul",
        "published": Published(value="2016-11-15", precision="day", method="estimated",
                               earliest="2016-11-10", latest="2016-11-20"),
        "language": "en",
        "removed": [Removed(text="Share this", reason="share_buttons")],
    }
    defaults.update(kw)
    return Document(text=text, **defaults)


def make_statement(doc: Document, fragment: str, kind: str = "claim", **kw: Any) -> Statement:
    start = doc.text.index(fragment)
    end = start + len(fragment)
    values: dict[str, Any] = {
        "id": statement_id(doc.id, kind, start, end, fragment),
        "kind": kind,
        "text": fragment,
        "start": start,
        "end": end,
        "speaker": "author",
        "source": None,
        "cue": None,
        "author_stance": "endorses",
        "certainty": Certainty(phrase=None, low=0.85, high=1.0),
        "polarity": "affirmed",
        "time_orientation": "present",
        "sentence": fragment,
    }
    values.update(kw)
    return Statement(**values)


def sample_records(doc: Document | None = None) -> tuple[Document, list[Statement],
                                                         list[TimeExpression]]:
    doc = doc or make_doc()
    text = doc.text
    jan = text.index("20th January 2017")
    forecast = make_statement(
        doc, "Mosul will almost certainly fall before Trump's inauguration on 20th January 2017.",
        kind="forecast", certainty=Certainty(phrase="almost certainly", low=0.87, high=0.96),
        time_orientation="future", proposition="Will Mosul fall before 2017-01-20?",
        resolve_by=ResolveBy(value="2017-01-20", precision="day"), probability=0.915,
        times=[TimeExpression(text="20th January 2017", start=jan, end=jan + 17,
                              value="2017-01-20")],
    )
    claim = make_statement(
        doc, "Russian media reports claim the Kurdish militia has stalled.",
        speaker="Russian media reports", source=Source(text="Russian media reports",
                                                       type="media"),
        cue="claim", author_stance="reports", certainty=Certainty(phrase="claim", low=0.5,
                                                                  high=0.8),
    )
    past = make_statement(doc, "As I predicted, the offensive is slow.",
                          kind="past_forecast_reference", time_orientation="past")
    march = text.index("March 2017")
    vague = make_statement(
        doc, "The city may fall in March 2017.", kind="forecast",
        certainty=Certainty(phrase="may", low=0.3, high=0.6), time_orientation="future",
        proposition="Will the city fall by 2017-03?", probability=0.45,
        resolve_by=ResolveBy(value="2017-03", precision="month"),
        times=[TimeExpression(text="March 2017", start=march, end=march + 10, value="2017-03")],
    )
    return doc, [forecast, claim, past, vague], []
