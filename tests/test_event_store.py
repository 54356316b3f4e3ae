"""Events and places in the ledger: storing, clustering across documents, and the query API.
Records are built by hand (no spaCy); the helpers here are shared with the export and CLI
tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsledger.errors import NewsledgerError
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
from newsledger.store import Ledger
from newsledger.store.event_clusters import name_key, source_of
from newsledger.store.events import (
    EVENT_KEYS,
    EventFilter,
    count_events,
    document_events,
    document_places,
    event_mentions,
    get_event,
    query_events,
)

BASRA = Place(text="Basra", start=0, end=5, name="Basra", lat=30.508, lon=47.783,
              country="IQ", precision="exact", geonameid=99532, feature="city")
MOSCOW = Place(text="Moscow", start=0, end=6, name="Moscow", lat=55.752, lon=37.616,
               country="RU", precision="exact", geonameid=524901, feature="city")
RUSSIA = Place(text="Russia", start=0, end=6, name="Russia", lat=60.0, lon=100.0,
               country="RU", precision="country", geonameid=2017370, feature="country")
# Zubair is ~20 km from Basra: the same clash reported from a nearby town.
ZUBAIR = Place(text="Zubair", start=0, end=6, name="Az Zubayr", lat=30.389, lon=47.708,
               country="IQ", precision="exact", geonameid=98112, feature="city")

ARMY = Actor(text="the Iraqi army", name="Iraqi Army", kind="military", country="IQ")
MILITIA = Actor(text="the militia", name="Islamic State", kind="armed_group")
TRUMP = Actor(text="Trump", name="Donald Trump", kind="person", country="US")
PUTIN = Actor(text="Putin", name="Vladimir Putin", kind="person", country="RU")


def day(value: str) -> EventDate:
    return EventDate(value=value, precision="day", earliest=value, latest=value)


def month(value: str, last: int = 31) -> EventDate:
    return EventDate(value=value, precision="month", earliest=f"{value}-01",
                     latest=f"{value}-{last:02d}")


def document(text: str, **kw: Any) -> Document:
    defaults: dict[str, Any] = {
        "source": f"corpus/{abs(hash(text)) % 10_000}.txt",
        "outlet": "Gulf Courier",
        "url": "https://gulf-courier.example/news/1",
        "title": text.split(".")[0],
        "published": Published(value="2026-03-04", precision="day", method="given"),
        "language": "en",
    }
    defaults.update(kw)
    return Document(text=text, **defaults)


def event(doc: Document, trigger: str, *, type: str = "ASSAULT", modality: str = "asserted",
          actors: list[Actor] | None = None, recipients: list[Actor] | None = None,
          place: Place | None = None, date: EventDate | None = None,
          mode: str | None = None) -> Event:
    start = doc.text.index(trigger)
    end = start + len(trigger)
    return Event(
        id=event_id(doc.id, type, start, end),
        statement_id="s" + doc.id[1:],
        type=type,
        mode=mode,
        modality=modality,  # type: ignore[arg-type]
        trigger=TextSpan(text=trigger, start=start, end=end),
        actors=list(actors or []),
        recipients=list(recipients or []),
        place=place,
        date=date,
    )


def clash_reports() -> list[tuple[Document, list[Event]]]:
    """Two outlets report one clash near Basra; one of them also forecasts a new assault."""
    one = document("Iraqi troops attacked militia positions outside Basra on Monday. "
                   "Officers said the army will attack again next month.")
    two = document("The army shelled militant positions near Zubair late on Monday, a "
                   "spokesman said.", outlet="Tigris Wire",
                   url="https://tigris-wire.example/a/7",
                   published=Published(value="2026-03-03", precision="day", method="given"))
    return [
        (one, [
            event(one, "attacked", actors=[ARMY], recipients=[MILITIA], place=BASRA,
                  date=day("2026-03-02"), mode="ground"),
            event(one, "will attack", modality="future", actors=[ARMY],
                  recipients=[MILITIA], place=BASRA, date=month("2026-04", 30)),
        ]),
        (two, [
            event(two, "shelled", actors=[ARMY], recipients=[MILITIA], place=ZUBAIR,
                  date=day("2026-03-03"), mode="artillery"),
        ]),
    ]


def store_all(ledger: Ledger, reports: list[tuple[Document, list[Event]]], *,
              replace: bool = False, places: list[Place] | None = None) -> None:
    for doc, found in reports:
        ledger.write(doc, [], [], events=found, places=places, replace=replace)


def find(ledger: Ledger, flt: EventFilter | None = None) -> list[dict[str, Any]]:
    with ledger.engine.connect() as conn:
        return query_events(conn, flt)


@pytest.fixture
def ledger(tmp_path: Path) -> Any:
    with Ledger.open(tmp_path / "ledger.db") as opened:
        yield opened


# -- storing and clustering ---------------------------------------------------------------


def test_two_reports_of_one_clash_are_one_event(ledger: Ledger) -> None:
    store_all(ledger, clash_reports())
    realised = find(ledger, EventFilter(modality="realised"))
    assert len(realised) == 1
    clash = realised[0]
    assert (clash["mentions"], clash["sources"]) == (2, 2)
    assert clash["type"] == "ASSAULT" and clash["modality"] == "asserted"
    assert (clash["actor_name"], clash["recipient_name"]) == ("Iraqi Army", "Islamic State")
    assert clash["actor_country"] == "IQ" and clash["actor_kind"] == "military"
    # First seen: the earlier publication of the two (the second outlet's).
    assert clash["first_seen"] == "2026-03-03"
    assert clash["date_earliest"] in ("2026-03-02", "2026-03-03")
    with ledger.engine.connect() as conn:
        mentions = event_mentions(conn, clash["id"])
    assert sorted(m["trigger"]["text"] for m in mentions) == ["attacked", "shelled"]
    assert {m["source"] for m in mentions} == {"Gulf Courier", "Tigris Wire"}
    assert all(m["event_id"] == clash["id"] for m in mentions)


def test_a_forecast_never_joins_the_event_it_forecasts(ledger: Ledger) -> None:
    store_all(ledger, clash_reports())
    found = find(ledger)
    assert sorted((e["modality"], e["mentions"]) for e in found) == [
        ("asserted", 2), ("future", 1)]
    # Even on the same day, place and actors, a forecast stays apart from the report.
    doc = document("The army attacked the militia in Basra. It will attack the militia in "
                   "Basra again, officers said.")
    ledger.write(doc, [], [], events=[
        event(doc, "attacked", actors=[ARMY], recipients=[MILITIA], place=BASRA,
              date=day("2026-05-10")),
        event(doc, "will attack", modality="future", actors=[ARMY], recipients=[MILITIA],
              place=BASRA, date=day("2026-05-10")),
        event(doc, "again", modality="negated", actors=[ARMY], recipients=[MILITIA],
              place=BASRA, date=day("2026-05-10")),
    ])
    may = find(ledger, EventFilter(since="2026-05", until="2026-05"))
    assert sorted(e["modality"] for e in may) == ["asserted", "future", "negated"]


def test_historical_and_asserted_reports_merge_as_realised(ledger: Ledger) -> None:
    a = document("The army attacked militia positions in Basra on 2 March.")
    b = document("Last year's attack on Basra is still remembered.", outlet="Tigris Wire")
    ledger.write(a, [], [], events=[event(a, "attacked", actors=[ARMY], recipients=[MILITIA],
                                          place=BASRA, date=day("2026-03-02"))])
    ledger.write(b, [], [], events=[event(b, "attack", modality="historical", actors=[ARMY],
                                          recipients=[MILITIA], place=BASRA,
                                          date=month("2026-03"))])
    [merged] = find(ledger)
    assert merged["mentions"] == 2 and merged["modality"] == "asserted"
    # The day-precise report gives the event its date.
    assert (merged["date_value"], merged["date_precision"]) == ("2026-03-02", "day")


def test_far_apart_dates_places_or_actors_stay_apart(ledger: Ledger) -> None:
    a = document("The army attacked the militia in Basra on 2 March.")
    b = document("The army attacked the militia in Basra on 20 March.", outlet="B")
    c = document("The army attacked the militia in Moscow on 2 March.", outlet="C")
    d = document("The police attacked the militia in Basra on 2 March.", outlet="D")
    police = Actor(text="The police", name="Iraqi Police", kind="government", country="IQ")
    for doc, when, where, who in ((a, "2026-03-02", BASRA, ARMY), (b, "2026-03-20", BASRA, ARMY),
                                  (c, "2026-03-02", MOSCOW, ARMY),
                                  (d, "2026-03-02", BASRA, police)):
        ledger.write(doc, [], [], events=[event(doc, "attacked", actors=[who],
                                                recipients=[MILITIA], place=where,
                                                date=day(when))])
    assert [e["mentions"] for e in find(ledger)] == [1, 1, 1, 1]


def test_day_tolerance_and_symmetric_meetings(ledger: Ledger) -> None:
    a = document("Trump met Putin in Moscow on Friday.")
    b = document("Putin and Trump held talks in Russia on Saturday.", outlet="Wire Two")
    c = document("Putin met Trump in Moscow five days later.", outlet="Wire Three")
    ledger.write(a, [], [], events=[event(a, "met", type="CONSULT", actors=[TRUMP],
                                          recipients=[PUTIN], place=MOSCOW,
                                          date=day("2027-01-13"))])
    # A day later, the pair the other way round, the country rather than the city: the same.
    ledger.write(b, [], [], events=[event(b, "held talks", type="CONSULT", actors=[PUTIN],
                                          recipients=[TRUMP], place=RUSSIA,
                                          date=day("2027-01-14"))])
    # Five days later: beyond the tolerance, a second meeting.
    ledger.write(c, [], [], events=[event(c, "met", type="CONSULT", actors=[PUTIN],
                                          recipients=[TRUMP], place=MOSCOW,
                                          date=day("2027-01-18"))])
    found = find(ledger, EventFilter(type="consult"))
    assert sorted(e["mentions"] for e in found) == [1, 2]
    merged = next(e for e in found if e["mentions"] == 2)
    assert merged["sources"] == 2
    assert merged["place_name"] == "Moscow"  # the more precise place wins


def test_undated_and_unplaced_mentions(ledger: Ledger) -> None:
    a = document("Protesters marched against the government.")
    b = document("Crowds marched against the government, witnesses said.", outlet="B")
    crowd = Actor(text="Protesters", name="protesters", kind="unknown")
    for doc, trig in ((a, "marched"), (b, "marched")):
        ledger.write(doc, [], [], events=[event(doc, trig, type="PROTEST", actors=[crowd])])
    c = document("Protesters marched against the government in Basra.", outlet="C")
    ledger.write(c, [], [], events=[event(c, "marched", type="PROTEST", actors=[crowd],
                                          place=BASRA)])
    # The unplaced reports fit the one placed report: one event.
    assert sorted(e["mentions"] for e in find(ledger)) == [3]
    # A second placed report elsewhere: the unplaced ones could be either, so neither.
    d = document("Protesters marched against the government in Moscow.", outlet="D")
    ledger.write(d, [], [], events=[event(d, "marched", type="PROTEST", actors=[crowd],
                                          place=MOSCOW)])
    assert sorted(e["mentions"] for e in find(ledger)) == [1, 1, 2]


def test_force_reingest_keeps_counts_and_deletes_empty_events(ledger: Ledger) -> None:
    reports = clash_reports()
    store_all(ledger, reports)
    before = {e["id"]: (e["mentions"], e["sources"]) for e in find(ledger)}
    store_all(ledger, reports, replace=True)
    store_all(ledger, reports)  # not replaced: nothing changes
    assert {e["id"]: (e["mentions"], e["sources"]) for e in find(ledger)} == before
    # The first report re-extracted without its forecast: that event has no mention left.
    doc, found = reports[0]
    ledger.write(doc, [], [], events=found[:1], replace=True)
    after = find(ledger)
    assert [e["modality"] for e in after] == ["asserted"]
    assert (after[0]["mentions"], after[0]["sources"]) == (2, 2)
    path = Path(ledger.engine.url.database or "")
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM event_mentions").fetchone() == (2,)
        assert conn.execute("SELECT count(*) FROM events").fetchone() == (1,)


def test_one_transaction_per_document(ledger: Ledger) -> None:
    doc = document("The army attacked the militia. The army attacked the militia again.")
    bad = event(doc, "attacked", actors=[ARMY])
    bad.trigger = TextSpan(text=None, start=0, end=1)  # type: ignore[arg-type]  # NOT NULL
    with pytest.raises(NewsledgerError):
        ledger.write(doc, [], [], events=[event(doc, "again", actors=[ARMY]), bad],
                     places=[BASRA])
    assert not ledger.has_document(doc.id)
    assert find(ledger) == []


def test_repeated_event_ids_are_kept_once(ledger: Ledger) -> None:
    doc = document("The army attacked the militia in Basra.")
    one = event(doc, "attacked", actors=[ARMY], place=BASRA, date=day("2026-03-02"))
    ledger.write(doc, [], [], events=[one, one])
    assert [e["mentions"] for e in find(ledger)] == [1]


# -- places -------------------------------------------------------------------------------


def test_places_are_stored_in_text_order_and_replaced(ledger: Ledger) -> None:
    doc = document("Talks in Moscow, then a visit to Basra.")
    moscow = Place(**{**MOSCOW.to_dict(), "start": 9, "end": 15})
    basra = Place(**{**BASRA.to_dict(), "start": 33, "end": 38})
    ledger.write(doc, [], [], places=[moscow, basra])
    with ledger.engine.connect() as conn:
        stored = document_places(conn, doc.id)
    assert stored == [moscow.to_dict(), basra.to_dict()]
    ledger.write(doc, [], [], places=[basra], replace=True)
    with ledger.engine.connect() as conn:
        assert document_places(conn, doc.id) == [basra.to_dict()]


# -- the query API ------------------------------------------------------------------------


def test_filters(ledger: Ledger) -> None:
    store_all(ledger, clash_reports())
    doc = document("Trump will meet Putin in Moscow in January.", outlet="Wire Two")
    ledger.write(doc, [], [], events=[event(doc, "will meet", type="CONSULT",
                                            modality="future", actors=[TRUMP],
                                            recipients=[PUTIN], place=MOSCOW,
                                            date=month("2027-01"))])

    def types(**kw: Any) -> list[tuple[str, str]]:
        return sorted((e["type"], e["modality"]) for e in find(ledger, EventFilter(**kw)))

    assert types(type="CONSULT") == [("CONSULT", "future")]
    assert types(actor="putin") == [("CONSULT", "future")]  # a recipient matches too
    assert types(actor="islamic") == [("ASSAULT", "asserted"), ("ASSAULT", "future")]
    # The clash was placed at Basra by one report and at Zubair by the other.
    assert types(place="basra") == [("ASSAULT", "asserted"), ("ASSAULT", "future")]
    assert types(place="zubayr") == [("ASSAULT", "asserted")]
    assert types(place="ru") == [("CONSULT", "future")]  # a country code
    assert types(modality="unrealised") == [("ASSAULT", "future"), ("CONSULT", "future")]
    assert types(modality="asserted") == [("ASSAULT", "asserted")]
    assert types(since="2026-04") == [("ASSAULT", "future"), ("CONSULT", "future")]
    assert types(until="2026-03-31") == [("ASSAULT", "asserted")]
    assert types(since="2027") == [("CONSULT", "future")]
    assert types(document_id=doc.id) == [("CONSULT", "future")]
    assert types(actor="50%_off") == []  # LIKE wildcards are literal
    with ledger.engine.connect() as conn:
        assert count_events(conn, EventFilter(modality="unrealised", limit=1)) == 2
        assert len(query_events(conn, EventFilter(limit=1, offset=1))) == 1
        first = query_events(conn, EventFilter(limit=1))[0]
        assert first["type"] == "CONSULT"  # latest date first
        assert get_event(conn, first["id"]) == first
        assert get_event(conn, "v0000") is None
        assert "actor_key" not in first
    with pytest.raises(NewsledgerError, match="modality"):
        find(ledger, EventFilter(modality="likely"))
    with pytest.raises(NewsledgerError, match="since"):
        find(ledger, EventFilter(since="March"))


def test_document_events_carry_their_event_counts(ledger: Ledger) -> None:
    reports = clash_reports()
    store_all(ledger, reports)
    doc = reports[0][0]
    with ledger.engine.connect() as conn:
        found = document_events(conn, doc.id)
    assert [m["trigger"]["text"] for m in found] == ["attacked", "will attack"]
    assert [(m["event_mentions"], m["event_sources"]) for m in found] == [(2, 2), (1, 1)]
    first = found[0]
    assert first["actors"][0]["name"] == "Iraqi Army"
    assert first["place"]["geonameid"] == BASRA.geonameid
    assert first["date"] == {"value": "2026-03-02", "precision": "day",
                             "earliest": "2026-03-02", "latest": "2026-03-02"}
    assert first["outlet"] == "Gulf Courier" and first["document_id"] == doc.id


def test_name_key_and_source_of() -> None:
    assert name_key("The  Iraqi Army") == "iraqi army" == name_key("iraqi army")
    assert name_key(None) == ""
    no_outlet = document("Text one.", outlet=None, url="https://www.example.org/x")
    assert source_of(no_outlet) == "example.org"
    by_author = document("Text two.", outlet=None, url=None, author="A. Writer")
    assert source_of(by_author) == "A. Writer"
    nothing = document("Text three.", outlet=None, url=None, author=None)
    assert source_of(nothing) == nothing.id
    broken = document("Text four.", outlet=None, url="http://[not-a-host/x", author="B")
    assert source_of(broken) == "B"


def test_sources_fall_back_to_url_host(ledger: Ledger) -> None:
    a = document("The army attacked the militia in Basra.", outlet=None,
                 url="https://www.news-one.example/a")
    b = document("The army attacked militia fighters in Basra.", outlet=None,
                 url="https://news-one.example/b")
    for doc in (a, b):
        ledger.write(doc, [], [], events=[event(doc, "attacked", actors=[ARMY],
                                                place=BASRA, date=day("2026-03-02"))])
    [one] = find(ledger)
    assert (one["mentions"], one["sources"]) == (2, 1)


def test_statements_and_events_are_linked(ledger: Ledger) -> None:
    from newsledger.record import Certainty, statement_id

    doc = document("The army attacked the militia in Basra.")
    text = doc.text
    sid = statement_id(doc.id, "claim", 0, len(text), text)
    stmt = Statement(id=sid, kind="claim", text=text, start=0, end=len(text),
                     speaker="author", source=None, cue=None, author_stance="endorses",
                     certainty=Certainty(phrase=None, low=0.9, high=1.0), polarity="affirmed",
                     time_orientation="past", sentence=text)
    found = event(doc, "attacked", actors=[ARMY], place=BASRA)
    found.statement_id = sid
    ledger.write(doc, [stmt], [], events=[found])
    with ledger.engine.connect() as conn:
        [mention] = document_events(conn, doc.id)
    assert mention["statement_id"] == sid and mention["statement_text"] == text


def test_a_year_and_a_day_in_it_are_one_event(ledger: Ledger) -> None:
    a = document("The army's 2014 assault on the militia in Basra is remembered.")
    b = document("On 12 June 2014 the army assaulted the militia in Basra.", outlet="B")
    year = EventDate(value="2014", precision="year", earliest="2014-01-01", latest="2014-12-31")
    ledger.write(a, [], [], events=[event(a, "assault", modality="historical", actors=[ARMY],
                                          recipients=[MILITIA], place=BASRA, date=year)])
    ledger.write(b, [], [], events=[event(b, "assaulted", modality="historical",
                                          actors=[ARMY], recipients=[MILITIA], place=BASRA,
                                          date=day("2014-06-12"))])
    [merged] = find(ledger)
    assert merged["mentions"] == 2 and merged["modality"] == "historical"
    assert merged["date_value"] == "2014-06-12"


def test_candidate_mentions_are_found_through_the_index(ledger: Ledger) -> None:
    import sqlalchemy as sa

    seen: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "FROM event_mentions" in statement:
            seen.append((statement, parameters))

    sa.event.listen(ledger.engine, "before_cursor_execute", capture)
    try:
        store_all(ledger, clash_reports())
    finally:
        sa.event.remove(ledger.engine, "before_cursor_execute", capture)
    lookups = [(s, p) for s, p in seen if "date_earliest <=" in s]
    assert lookups
    with ledger.engine.connect() as conn:
        for statement, parameters in lookups:
            plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
            assert "USING INDEX ix_event_mentions_type_date" in " ".join(str(r[-1]) for r in plan)


# -- the stored record and the schema -----------------------------------------------------


def test_a_stored_mention_is_the_whole_event_record(ledger: Ledger) -> None:
    doc = document("Trump will meet Putin in Moscow in January, aides said.")
    moscow = Place(**{**MOSCOW.to_dict(), "start": 25, "end": 31})
    trump = Actor(text="Trump", name="Donald Trump", kind="person", country="US", start=0,
                  end=5)
    found = [event(doc, "will meet", type="CONSULT", modality="future", actors=[trump],
                   recipients=[PUTIN], place=moscow, date=month("2027-01"), mode="visit"),
             event(doc, "said", type="OTHER")]
    ledger.write(doc, [], [], events=found, places=[moscow])
    with ledger.engine.connect() as conn:
        stored = document_events(conn, doc.id)
    assert [{k: m[k] for k in EVENT_KEYS} for m in stored] == [e.to_dict() for e in found]


def test_a_ledger_at_0002_is_migrated(tmp_path: Path) -> None:
    from alembic import command

    from newsledger.store.engine import _alembic_config, create_ledger_engine, normalise_url

    path = tmp_path / "old.db"
    engine = create_ledger_engine(normalise_url(str(path)))
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "0002")
    engine.dispose()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0002",)
    with Ledger.open(path) as ledger:
        store_all(ledger, clash_reports())
        assert sorted(e["mentions"] for e in find(ledger)) == [1, 2]


@pytest.mark.slow
@pytest.mark.shared
def test_the_reference_article_is_stored_whole(shared_dir: Path, analyzer: Any,
                                               ledger: Ledger) -> None:
    """Every place and event the analyzer finds in the reference article comes back from the
    ledger as it went in; realised and unrealised events are kept apart."""
    from newsledger.record import RawDocument

    path = shared_dir / "corpus" / "seed" / "the-duran-mosul-stalled-2016.txt"
    result = analyzer.analyze_raw(RawDocument(source=str(path), data=path.read_bytes()))
    assert result.events and result.places
    ledger.write(result.document, result.statements, result.times, places=result.places,
                 events=result.events)
    doc_id = result.document.id
    with ledger.engine.connect() as conn:
        stored = document_events(conn, doc_id)
        places_back = document_places(conn, doc_id)
        clusters = query_events(conn, EventFilter(document_id=doc_id))
    first_ids = list(dict.fromkeys(e.id for e in result.events))
    expected = [next(e for e in result.events if e.id == i).to_dict() for i in first_ids]
    assert [{k: m[k] for k in EVENT_KEYS} for m in stored] == expected
    assert places_back == [p.to_dict() for p in result.places]
    assert sum(c["mentions"] for c in clusters) == len(stored)
    by_id = {c["id"]: c for c in clusters}
    for m in stored:
        realised = m["modality"] in ("asserted", "historical")
        assert (by_id[m["event_id"]]["modality"] in ("asserted", "historical")) == realised


# -- invariants under any sequence of writes ----------------------------------------------

_PLACES = [BASRA, ZUBAIR, MOSCOW, RUSSIA, None]
_ACTORS = [ARMY, MILITIA, TRUMP, PUTIN]


@st.composite
def reports(draw: Any) -> list[tuple[int, list[tuple[str, str, int, int, int, int]]]]:
    """Documents (by number) with events: (type, modality, actor, recipient, place, day)."""
    one = st.tuples(st.sampled_from(["ASSAULT", "CONSULT"]),
                    st.sampled_from(["asserted", "historical", "future", "negated"]),
                    st.integers(0, 3), st.integers(0, 3), st.integers(0, 4), st.integers(1, 9))
    return draw(st.lists(st.tuples(st.integers(0, 4), st.lists(one, max_size=4)),
                         min_size=1, max_size=8))


def _build(n: int, found: list[tuple[str, str, int, int, int, int]]) -> tuple[Document,
                                                                               list[Event]]:
    doc = document(f"Report number {n}: w0 w1 w2 w3.", outlet=f"Outlet {n % 3}")
    built = []
    for j, (kind, modality, a, r, p, d) in enumerate(found):
        built.append(event(doc, f"w{j}", type=kind, modality=modality, actors=[_ACTORS[a]],
                           recipients=[_ACTORS[r]], place=_PLACES[p],
                           date=day(f"2026-03-{d:02d}")))
    return doc, built


@pytest.fixture(scope="module")
def empty_ledger(tmp_path_factory: Any) -> Path:
    """A migrated empty ledger file, copied for each example (migrating takes longer)."""
    path = tmp_path_factory.mktemp("template") / "empty.db"
    Ledger.open(path).close()
    return path


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(reports())
def test_counts_always_match_the_mentions(tmp_path_factory: Any, empty_ledger: Path,
                                          writes: Any) -> None:
    import shutil

    path = tmp_path_factory.mktemp("prop") / "ledger.db"
    shutil.copy(empty_ledger, path)
    with Ledger.open(path) as ledger:
        for n, found in writes:  # a document written again is re-extracted (--force)
            doc, built = _build(n, found)
            ledger.write(doc, [], [], events=built, replace=True)
        with sqlite3.connect(path) as conn:
            stored = conn.execute("SELECT count(*) FROM event_mentions").fetchone()[0]
            per_event = conn.execute(
                "SELECT e.id, e.mentions, e.sources, count(m.id), "
                "count(DISTINCT lower(m.source)), "
                "sum(m.modality IN ('asserted', 'historical')), e.modality "
                "FROM events e LEFT JOIN event_mentions m ON m.event_id = e.id "
                "GROUP BY e.id").fetchall()
        latest = {n: found for n, found in writes}
        assert stored == sum(len(f) for f in latest.values())
        for _, mentions, sources, counted, distinct, realised, modality in per_event:
            assert mentions == counted >= 1 and sources == distinct
            # Realised and unrealised reports never share an event.
            assert realised in (0, counted)
            assert (modality in ("asserted", "historical")) == (realised == counted)
