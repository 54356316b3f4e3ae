"""The event queries the web UI's pages run, over the shared query API in `store/events.py`
(so the pages, the CLI and the exports filter alike): a connection per call (read errors
become `StoreError`), and what the map needs besides a page of events.

Every query is LIMITed: a page stays fast however big the ledger grows."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from newsledger.store import events as event_store
from newsledger.store.events import EventFilter
from newsledger.store.ledger import Ledger

__all__ = ["document_geo_rows", "event_detail", "find_events", "located_events"]

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


def document_geo_rows(ledger: Ledger, document_id: str
                      ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A document's event mentions and its places, both in text order."""
    with ledger.reading() as conn:
        return (event_store.document_events(conn, document_id),
                event_store.document_places(conn, document_id))
