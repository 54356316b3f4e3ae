"""The ledger on a real PostgreSQL server (the session's throwaway one, see conftest.py):
the bundled sample corpus ingested end to end, with its places and events, gives the same
ledger as on SQLite; and the event queries, exports and id lookups behave alike."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from newsledger.event_export import acled_csv, gdelt_mentions, geojson, plover_json
from newsledger.ingest import ingest
from newsledger.store import Ledger
from newsledger.store.events import EventFilter, count_events, query_events
from newsledger.store.schema import event_mentions, places
from newsledger.store.web_event_queries import event_record

SAMPLE = Path(__file__).resolve().parent.parent / "src" / "newsledger" / "data" / "sample"
_FILTERS = [EventFilter(), EventFilter(modality="realised"), EventFilter(modality="future"),
            EventFilter(since="2016", until="2026-06"), EventFilter(actor="a", place="e"),
            EventFilter(place="us"), EventFilter(type="CONSULT", limit=3, offset=1)]


def _state(ledger: Ledger) -> dict[str, Any]:
    """Everything compared between the backends (ingestion times left out)."""
    with ledger.reading() as conn:
        partition = sorted(sorted(ids) for ids in _clusters(conn).values())
        found = {str(f): [_stable(e) for e in query_events(conn, f)] for f in _FILTERS}
        return {
            "summary": {k: v for k, v in ledger.summary().items() if k != "as_of"},
            "statements": sorted(s["id"] for s in ledger.statements()),
            "places": conn.scalar(sa.select(sa.func.count()).select_from(places)),
            "mentions": conn.scalar(sa.select(sa.func.count()).select_from(event_mentions)),
            "events": count_events(conn),
            "partition": partition,
            "queries": found,
            "exports": ["".join(w(conn, None)) for w in (plover_json, acled_csv, geojson,
                                                        gdelt_mentions)],
        }


def _clusters(conn: sa.Connection) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for mention, owner in conn.execute(sa.select(event_mentions.c.id,
                                                 event_mentions.c.event_id)):
        found.setdefault(owner, []).append(mention)
    return found


def _stable(event: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in event.items() if k != "first_seen"}


@pytest.mark.slow
def test_the_sample_corpus_on_postgresql_is_the_sqlite_ledger(postgres_url: str,
                                                             tmp_path: Path) -> None:
    states = {}
    for name, url in (("sqlite", str(tmp_path / "sample.db")), ("postgresql", postgres_url)):
        with Ledger.open(url) as ledger:
            report = ingest([str(SAMPLE)], ledger, published="2026-11-01")
            assert report.stored > 10 and not report.dropped, report.drops
            states[name] = _state(ledger)
    sqlite, postgres = states["sqlite"], states["postgresql"]
    assert sqlite["mentions"] > 20 and sqlite["events"] > 10 and sqlite["places"] > 5
    for key in sqlite:
        assert postgres[key] == sqlite[key], key
    with Ledger.open(postgres_url) as ledger:
        # --force on PostgreSQL: every document re-extracted, the same ledger again.
        ingest([str(SAMPLE)], ledger, published="2026-11-01", force=True)
        assert _state(ledger) == postgres
        [first, *_] = states["postgresql"]["queries"][str(EventFilter())]
        shown = event_record(ledger, first["id"][:7])
        assert shown is not None and shown["id"] == first["id"]
        assert len(shown["reports"]) == first["mentions"]


def test_concurrent_writers_on_postgresql_keep_one_partition(postgres_url: str) -> None:
    """Writers in parallel (two ingests, or the web app and an ingest) must not interleave
    their read-partition-write of one group: every report of one clash ends up in one
    event, as when written one after another."""
    from concurrent.futures import ThreadPoolExecutor

    from test_event_store import ARMY, BASRA, MILITIA, day, document, event

    def write(worker: int) -> None:
        with Ledger.open(postgres_url) as ledger:
            for i in range(6):
                doc = document(f"Desk {worker} report {i}: the army attacked the militia.",
                               outlet=f"Desk {worker}")
                ledger.write(doc, [], [], events=[event(
                    doc, "attacked", actors=[ARMY], recipients=[MILITIA], place=BASRA,
                    date=day("2026-03-02"))])

    Ledger.open(postgres_url).close()  # migrated once, before the race
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(write, range(4)))
    with Ledger.open(postgres_url) as ledger, ledger.reading() as conn:
        [clash] = query_events(conn)
        assert (clash["mentions"], clash["sources"]) == (24, 4)
        assert len(_clusters(conn)) == 1
