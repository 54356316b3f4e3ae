"""The event queries the web UI's pages run, over the shared query API in `store/events.py`
(so the pages, the CLI and the exports filter alike): a connection per call (read errors
become `StoreError`), and what the map needs besides a page of events.

Every query is LIMITed: a page stays fast however big the ledger grows."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from newsledger.store import events as event_store
from newsledger.store.events import EventFilter
from newsledger.store.ledger import MIN_PREFIX, Ledger

__all__ = ["document_geo_rows", "event_detail", "event_record", "find_events",
           "located_events"]

MENTIONS_SHOWN = 500  # of one event, on its page


def find_events(ledger: Ledger, flt: EventFilter) -> list[dict[str, Any]]:
    """Events matching `flt` (its limit and offset applied), latest date first."""
    with ledger.reading() as conn:
        return event_store.query_events(conn, flt)


def located_events(ledger: Ledger, flt: EventFilter, *, limit: int) -> list[dict[str, Any]]:
    """The located events among the latest `limit` that match `flt`: what the map marks."""
    with ledger.reading() as conn:
        found = event_store.query_events(conn, replace(flt, limit=limit, offset=0))
    return [e for e in found if e.get("lat") is not None and e.get("lon") is not None]


def event_detail(ledger: Ledger, event_id: str
                 ) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
    """One event and (up to MENTIONS_SHOWN of) its mentions; None when there is none."""
    with ledger.reading() as conn:
        found = event_store.get_event(conn, event_id)
        if found is None:
            return None
        return found, event_store.event_mentions(conn, event_id)[:MENTIONS_SHOWN]


def event_record(ledger: Ledger, ident: str) -> dict[str, Any] | None:
    """An event by id or unique id prefix, whole: its fields (`mentions` and `sources` are
    counts), all its `reports` (mention dicts), the names of its distinct sources
    (`source_names`), and the stored `statements` its reports come from, in report order.
    None when no event has that id."""
    with ledger.reading() as conn:
        full = event_store.resolve_event_id(conn, ident, min_prefix=MIN_PREFIX)
        if full is None:
            return None
        found = event_store.get_event(conn, full)
        assert found is not None
        mentions = event_store.event_mentions(conn, full)
    by_name: dict[str, str] = {}  # sources are counted case-insensitively
    for m in mentions:
        by_name.setdefault(m["source"].casefold(), m["source"])
    said = [ledger.statement(i) for i in dict.fromkeys(m["statement_id"] for m in mentions)]
    return {**found, "reports": mentions, "source_names": sorted(by_name.values()),
            "statements": [s for s in said if s is not None]}


def document_geo_rows(ledger: Ledger, document_id: str
                      ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A document's event mentions and its places, both in text order."""
    with ledger.reading() as conn:
        return (event_store.document_events(conn, document_id),
                event_store.document_places(conn, document_id))
