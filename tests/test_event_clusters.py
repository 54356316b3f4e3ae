"""Event clustering: the pairwise rule on actor and recipient sets, unplaced reports, and a
partition that does not depend on the order documents are stored in (store/event_partition.py
and store/event_clusters.py). Records are built by hand (no spaCy)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsledger.record import Actor, Document, Event, Published
from newsledger.store import Ledger
from newsledger.store.event_partition import link, partition
from newsledger.store.events import EventFilter, query_events
from newsledger.store.schema import event_mentions, events
from test_event_store import (
    ARMY,
    BASRA,
    MILITIA,
    MOSCOW,
    PUTIN,
    RUSSIA,
    TRUMP,
    ZUBAIR,
    day,
    document,
    event,
    month,
)

POLICE = Actor(text="the police", name="Iraqi Police", kind="government", country="IQ")
ARMY_ALIAS = Actor(text="Iraqi forces", name="the iraqi  ARMY", kind="military", country="IQ")


@pytest.fixture(scope="module")
def empty_ledger(tmp_path_factory: Any) -> Path:
    """A migrated empty ledger file, copied for each use (migrating takes longer)."""
    path = tmp_path_factory.mktemp("template") / "empty.db"
    Ledger.open(path).close()
    return path


def fresh(empty: Path, where: Path, name: str) -> Ledger:
    path = where / name
    shutil.copy(empty, path)
    return Ledger.open(path)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_ledger(request: pytest.FixtureRequest, tmp_path: Path, empty_ledger: Path) -> Any:
    """A fresh ledger on SQLite, and on the session's PostgreSQL server (see conftest.py)."""
    if request.param == "sqlite":
        opened = fresh(empty_ledger, tmp_path, "ledger.db")
    else:
        opened = Ledger.open(request.getfixturevalue("postgres_url"))
    with opened:
        yield opened


def clusters(ledger: Ledger) -> dict[str, frozenset[str]]:
    """Event id → the ids of its mentions."""
    found: dict[str, set[str]] = {}
    with ledger.reading() as conn:
        for mention, owner in conn.execute(sa.select(event_mentions.c.id,
                                                     event_mentions.c.event_id)):
            found.setdefault(owner, set()).add(mention)
    return {k: frozenset(v) for k, v in found.items()}


def summaries(ledger: Ledger) -> list[tuple[Any, ...]]:
    with ledger.reading() as conn:
        return sorted(tuple(r) for r in conn.execute(sa.select(
            events.c.id, events.c.mentions, events.c.sources, events.c.modality,
            events.c.date_value, events.c.place_name, events.c.actor_name,
            events.c.first_seen, events.c.cluster_group)))


def test_any_shared_actor_links_reports(any_ledger: Ledger) -> None:
    a = document("The army and the police attacked the militia in Basra on Monday.")
    b = document("Police units attacked militia fighters in Basra on Monday.", outlet="B")
    c = document("Iraqi forces struck the militia near Zubair on Tuesday.", outlet="C")
    ledger = any_ledger
    ledger.write(a, [], [], events=[event(a, "attacked", actors=[ARMY, POLICE],
                                          recipients=[MILITIA], place=BASRA,
                                          date=day("2026-03-02"))])
    # The second actor of the first report is the first of this one: the same attack.
    ledger.write(b, [], [], events=[event(b, "attacked", actors=[POLICE],
                                          recipients=[MILITIA], place=BASRA,
                                          date=day("2026-03-02"))])
    # Names compare normalised ("the iraqi  ARMY" is "Iraqi Army").
    ledger.write(c, [], [], events=[event(c, "struck", actors=[ARMY_ALIAS],
                                          recipients=[MILITIA], place=ZUBAIR,
                                          date=day("2026-03-03"))])
    with ledger.reading() as conn:
        [one] = query_events(conn, EventFilter())
    assert (one["mentions"], one["sources"]) == (3, 3)


def test_the_rule_pairwise() -> None:
    doc = document("The army attacked the militia. Trump met Putin.")

    def row(e: Event) -> dict[str, Any]:
        from newsledger.store.event_clusters import _mention_row

        return _mention_row(doc.id, 0, e, "x")

    army_hit = row(event(doc, "attacked", actors=[ARMY], recipients=[MILITIA], place=BASRA,
                         date=day("2026-03-02")))
    unplaced = row(event(doc, "attacked", actors=[ARMY], recipients=[MILITIA],
                         date=day("2026-03-03")))
    elsewhere = row(event(doc, "attacked", actors=[ARMY], recipients=[MILITIA],
                          place=MOSCOW, date=day("2026-03-02")))
    no_recipient = row(event(doc, "attacked", actors=[ARMY], place=BASRA,
                             date=day("2026-03-02")))
    met = row(event(doc, "met", type="CONSULT", actors=[TRUMP], recipients=[PUTIN],
                    place=RUSSIA, date=month("2027-01")))
    met_back = row(event(doc, "met", type="CONSULT", actors=[PUTIN], recipients=[TRUMP],
                         place=MOSCOW, date=day("2027-01-20")))
    assert link(army_hit, unplaced) == "loose"
    assert link(army_hit, elsewhere) is None
    assert link(army_hit, no_recipient) is None  # one names a recipient, the other none
    assert link(met, met_back) == "strict"  # a symmetric type, roles swapped
    assert link(army_hit, {**army_hit, "modality": "future"}) is None
    assert link(army_hit, {**army_hit, "modality": "historical"}) == "strict"


def test_partition_ids_follow_the_leader() -> None:
    doc = document("The army attacked the militia twice.")
    from newsledger.store.event_clusters import _mention_row

    rows = [_mention_row(doc.id, 0, event(doc, t, actors=[ARMY], place=BASRA,
                                          date=day("2026-03-02")), "x")
            for t in ("attacked", "twice")]
    [(eid, group, members)] = partition(rows)
    assert eid == group and {m["id"] for m in members} == {r["id"] for r in rows}
    assert partition(list(reversed(rows)))[0][0] == eid


def test_daily_reports_are_a_series_of_events_not_one(any_ledger: Ledger) -> None:
    """Each report is within the tolerances of its event's leader: reports two days apart
    do not chain a week of clashes into one event."""
    docs = [document(f"The army attacked the militia in Basra, report {n}.", outlet=f"O{n}")
            for n in range(4)]
    for doc, when in zip(docs, ("2026-03-02", "2026-03-04", "2026-03-06", "2026-03-08"),
                         strict=True):
        any_ledger.write(doc, [], [], events=[event(doc, "attacked", actors=[ARMY],
                                                    recipients=[MILITIA], place=BASRA,
                                                    date=day(when))])
    assert sorted(len(v) for v in clusters(any_ledger).values()) == [2, 2]


def test_force_reingest_re_partitions(any_ledger: Ledger) -> None:
    a = document("The army attacked the militia in Basra on Monday.")
    b = document("The army attacked the militia near Zubair on Tuesday.", outlet="B")

    def report(doc: Document, when: str, where: Any) -> list[Event]:
        return [event(doc, "attacked", actors=[ARMY], recipients=[MILITIA], place=where,
                      date=day(when))]

    ledger = any_ledger
    ledger.write(b, [], [], events=report(b, "2026-03-03", ZUBAIR))
    ledger.write(a, [], [], events=report(a, "2026-03-02", BASRA))
    [(first, members)] = clusters(ledger).items()
    assert len(members) == 2
    # Re-extracted (--force) a week later: no longer the same clash.
    ledger.write(b, [], [], events=report(b, "2026-03-09", ZUBAIR), replace=True)
    assert sorted(len(v) for v in clusters(ledger).values()) == [1, 1]
    ledger.write(b, [], [], events=report(b, "2026-03-03", ZUBAIR), replace=True)
    assert clusters(ledger) == {first: members}
    ledger.write(b, [], [], events=[], replace=True)
    assert [len(v) for v in clusters(ledger).values()] == [1]


# -- order independence -------------------------------------------------------------------

_PLACES = [BASRA, ZUBAIR, MOSCOW, RUSSIA, None]
_ACTORS = [ARMY, MILITIA, TRUMP, PUTIN, POLICE]
_DATES = [day("2026-03-02"), day("2026-03-03"), day("2026-03-05"), day("2026-03-07"),
          month("2026-03"), None]
_Found = tuple[str, str, tuple[int, ...], tuple[int, ...], int, int]


@st.composite
def corpus(draw: Any) -> list[list[_Found]]:
    """Documents, each with events: (type, modality, actors, recipients, place, date)."""
    roles = st.lists(st.integers(0, len(_ACTORS) - 1), max_size=2, unique=True).map(tuple)
    one = st.tuples(st.sampled_from(["ASSAULT", "CONSULT"]),
                    st.sampled_from(["asserted", "historical", "future"]), roles, roles,
                    st.integers(0, len(_PLACES) - 1), st.integers(0, len(_DATES) - 1))
    return draw(st.lists(st.lists(one, min_size=1, max_size=3), min_size=2, max_size=7))


def _build(n: int, found: list[_Found]) -> tuple[Document, list[Event]]:
    doc = document(f"Dispatch {n} from the front: w0 w1 w2.", outlet=f"Outlet {n % 3}",
                   published=Published(value=f"2026-03-{10 + n:02d}", precision="day",
                                       method="given"))
    return doc, [event(doc, f"w{j}", type=kind, modality=modality,
                       actors=[_ACTORS[i] for i in a], recipients=[_ACTORS[i] for i in r],
                       place=_PLACES[p], date=_DATES[d])
                 for j, (kind, modality, a, r, p, d) in enumerate(found)]


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(docs=corpus(), order=st.randoms(use_true_random=False))
def test_the_partition_does_not_depend_on_the_order_of_ingest(
        tmp_path_factory: Any, empty_ledger: Path, docs: list[list[_Found]],
        order: Any) -> None:
    where = tmp_path_factory.mktemp("order")
    built = [_build(n, found) for n, found in enumerate(docs)]
    shuffled = built[:]
    order.shuffle(shuffled)
    with fresh(empty_ledger, where, "forward.db") as forward, \
            fresh(empty_ledger, where, "shuffled.db") as other:
        for doc, found in built:
            forward.write(doc, [], [], events=found)
        for doc, found in shuffled:
            other.write(doc, [], [], events=found)
        # Half the documents re-extracted (--force) in the shuffled ledger: no change.
        for doc, found in shuffled[::2]:
            other.write(doc, [], [], events=found, replace=True)
        assert clusters(forward) == clusters(other)
        assert summaries(forward) == summaries(other)
        # And the stored partition is the one the rule gives for all mentions at once.
        with forward.reading() as conn:
            rows = [dict(r) for r in conn.execute(sa.select(event_mentions)).mappings()]
        expected = {eid: frozenset(m["id"] for m in members)
                    for eid, _, members in partition(rows)}
        assert clusters(forward) == expected
