"""Hand-built events and places for the web tests (no spaCy): a short wire report of our
own with one event of each modality, each at a real place."""

from __future__ import annotations

from typing import Any

from web_records import make_doc, make_statement

from newsledger.record import (
    Actor,
    Document,
    Event,
    EventDate,
    Place,
    Published,
    Statement,
    TextSpan,
    event_id,
)

REPORT = (
    "Government troops shelled the eastern districts of Aleppo on Tuesday, residents said. "
    "Rebel commanders will almost certainly launch a counter-offensive near Idlib in March. "
    "If the talks in Geneva collapse, Turkey could send troops into Afrin. "
    "The army failed to retake Palmyra last year. "
    "In 2014 the militants stormed Mosul and held it for three years."
)

ARMY = Actor(text="Government troops", name="Syrian Army", kind="military", country="SY")
REBELS = Actor(text="Rebel commanders", name="Syrian rebels", kind="armed_group", country="SY")
TURKEY = Actor(text="Turkey", name="Turkey", kind="state", country="TR")
MILITANTS = Actor(text="the militants", name="Islamic State", kind="armed_group")


def place(doc: Document, text: str, name: str, lat: float, lon: float, country: str,
          precision: str = "exact") -> Place:
    start = doc.text.index(text)
    return Place(text=text, start=start, end=start + len(text), name=name, lat=lat, lon=lon,
                 country=country, precision=precision, feature="city")


def when(value: str, precision: str, earliest: str, latest: str) -> EventDate:
    return EventDate(value=value, precision=precision, earliest=earliest,  # type: ignore[arg-type]
                     latest=latest)


def make_event(doc: Document, stmt: Statement, trigger: str, **kw: Any) -> Event:
    start = doc.text.index(trigger)
    values: dict[str, Any] = {"type": "ASSAULT", "mode": None, "modality": "asserted"}
    values.update(kw)
    return Event(id=event_id(doc.id, values["type"], start, start + len(trigger)),
                 statement_id=stmt.id, trigger=TextSpan(text=trigger, start=start,
                                                        end=start + len(trigger)), **values)


def event_records(text: str = REPORT, **doc_kw: Any
                  ) -> tuple[Document, list[Statement], list[Place], list[Event]]:
    """The report with five statements, five places and five events: asserted (Aleppo),
    future (Idlib), hypothetical (Afrin), negated (Palmyra), historical (Mosul)."""
    doc_kw.setdefault("title", "Shelling in Aleppo as rebels plan a spring offensive")
    doc_kw.setdefault("outlet", "Levant Wire")
    doc_kw.setdefault("source", "corpus/levant-wire.txt")
    doc_kw.setdefault("url", "https://levant-wire.example/aleppo")
    doc_kw.setdefault("published", Published(value="2016-11-10", precision="day",
                                             method="given"))
    doc = make_doc(text, **doc_kw)
    stmts = [make_statement(doc, s.rstrip(".") + ".") for s in text.split(". ")]
    aleppo = place(doc, "Aleppo", "Aleppo", 36.2021, 37.1343, "SY")
    idlib = place(doc, "Idlib", "Idlib", 35.9306, 36.6339, "SY")
    afrin = place(doc, "Afrin", "Afrin", 36.5119, 36.8694, "SY")
    palmyra = place(doc, "Palmyra", "Palmyra", 34.5601, 38.2671, "SY")
    mosul = place(doc, "Mosul", "Mosul", 36.335, 43.1189, "IQ")
    events = [
        make_event(doc, stmts[0], "shelled", mode="artillery", actors=[ARMY], place=aleppo,
                   date=when("2016-11-08", "day", "2016-11-08", "2016-11-08")),
        make_event(doc, stmts[1], "launch a counter-offensive", modality="future",
                   actors=[REBELS], place=idlib,
                   date=when("2017-03", "month", "2017-03-01", "2017-03-31")),
        make_event(doc, stmts[2], "send troops", type="MOBILIZE", modality="hypothetical",
                   actors=[TURKEY], place=afrin),
        make_event(doc, stmts[3], "retake", modality="negated", actors=[ARMY], place=palmyra,
                   date=when("2015", "year", "2015-01-01", "2015-12-31")),
        make_event(doc, stmts[4], "stormed", modality="historical", actors=[MILITANTS],
                   place=mosul, date=when("2014", "year", "2014-01-01", "2014-12-31")),
    ]
    return doc, stmts, [aleppo, idlib, afrin, palmyra, mosul], events
