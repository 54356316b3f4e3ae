"""The write side of events: each `Event` of a document becomes an `event_mentions` row,
and the stored mentions are partitioned into real-world events (`events` rows) by the rule in
store/event_partition.py: a partition that depends only on which mentions are stored, never
on the order their documents came in.

When a document's mentions come in, each is looked up among the stored mentions of its type
and modality class whose dates are near (an indexed range on event_mentions (type,
date_earliest, date_latest), never a scan of all mentions). The groups of the mentions it
links to (a group is a connected component of links; see event_partition), together with the
document's mentions, are partitioned afresh and their events rewritten. Removing a document's
mentions (a re-ingest with --force removes them first) re-partitions the groups they were in,
which may split an event. Event ids follow from the partition (a hash of the event's leader
mention id): an event keeps its id while its leader stays, and gets a new one when a better
leader arrives or its leader is removed.

Each event's summary comes from all its mentions, earliest seen first: date and place from
the most precise mention (ties: the most frequent, then the smallest value), actors and
their kinds from the earliest-seen mention, the most frequent mode, `mentions` the number of
rows, `sources` the number of distinct sources, and `first_seen` the earliest publication
date of a mentioning document (its ingestion date when the publication date is unknown).

**Sources** are counted by the document's outlet; when the outlet is unknown, by the host of
its URL (or of its source, when that is a URL), then by its author; a document with none of
these counts as a source of its own.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import date, timedelta
from functools import cache
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa

from newsledger.record import Document, Event
from newsledger.store.event_partition import (
    DAY_TOLERANCE,
    PLACE_KM,
    REALISED,
    SYMMETRIC_TYPES,
    link,
    modality_class,
    name_key,
    partition,
)
from newsledger.store.schema import documents, event_mentions, events

__all__ = [
    "DAY_TOLERANCE",
    "PLACE_KM",
    "REALISED",
    "SYMMETRIC_TYPES",
    "delete_document_events",
    "insert_events",
    "modality_class",
    "name_key",
    "source_of",
]

_LONGEST_WINDOW = 400  # days; a year-precision date spans 366 at most
_DATE_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
_PLACE_RANK = {"exact": 0, "near": 1, "region": 2, "country": 3}
_CHUNK = 500  # ids per IN (...) list, well under any backend's bound-parameter limit


def _host(value: str | None) -> str | None:
    if not value or "://" not in value:
        return None
    try:
        host = (urlsplit(value).hostname or "").lower()
    except ValueError:  # "http://[oops": a URL from a page is not to be trusted
        return None
    return host.removeprefix("www.") or None


def source_of(document: Document) -> str:
    """The name a document's source is counted by: outlet, else URL host, else author,
    else the document itself."""
    for value in (document.outlet, _host(document.url), _host(document.source),
                  document.author):
        if value and value.strip():
            return value.strip()
    return document.id


def _mention_row(doc_id: str, position: int, event: Event, source: str) -> dict[str, Any]:
    place, when = event.place, event.date
    return {
        "id": event.id,
        "document_id": doc_id,
        "statement_id": event.statement_id,
        "position": position,
        "type": event.type,
        "mode": event.mode,
        "modality": event.modality,
        "trigger_text": event.trigger.text,
        "trigger_start": event.trigger.start,
        "trigger_end": event.trigger.end,
        "actors": json.dumps([asdict(a) for a in event.actors], ensure_ascii=False),
        "recipients": json.dumps([asdict(a) for a in event.recipients], ensure_ascii=False),
        "place_name": place.name if place else None,
        "place_country": place.country if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "place_precision": place.precision if place else None,
        "geonameid": place.geonameid if place else None,
        "date_value": when.value if when else None,
        "date_precision": when.precision if when else None,
        "date_earliest": when.earliest if when else None,
        "date_latest": when.latest if when else None,
        "source": source,
        "place_text": place.text if place else None,
        "place_start": place.start if place else None,
        "place_end": place.end if place else None,
        "place_feature": place.feature if place else None,
    }


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


# Statements built once with bound parameters: SQLAlchemy then reuses their compiled form,
# where `.values(...)` with literal values would be re-keyed on every call.
_SEEN_ON = sa.func.coalesce(documents.c.published,
                            sa.func.substr(documents.c.ingested_at, 1, 10)).label("seen_on")
_UPDATE_EVENT = events.update().where(events.c.id == sa.bindparam("eid"))
_DELETE_EVENT = events.delete().where(events.c.id == sa.bindparam("eid"))
_MOVE_MENTION = (event_mentions.update().where(event_mentions.c.id == sa.bindparam("mid"))
                 .values(event_id=sa.bindparam("to_event")))
_DOCUMENT_SEEN_ON = sa.select(_SEEN_ON).where(documents.c.id == sa.bindparam("doc_id"))
_GROUPS_OF = sa.select(sa.func.coalesce(events.c.cluster_group, events.c.id)).where(
    events.c.id.in_(sa.bindparam("ids", expanding=True)))
_EVENTS_IN_GROUPS = sa.select(events.c.id).where(
    events.c.cluster_group.in_(sa.bindparam("groups", expanding=True)))
_MENTIONS_OF_EVENTS = (sa.select(event_mentions, _SEEN_ON)
                       .join(documents, documents.c.id == event_mentions.c.document_id)
                       .where(event_mentions.c.event_id.in_(sa.bindparam("ids", expanding=True))))


@cache
def _candidate_query(dated: bool) -> sa.Select[Any]:
    m = event_mentions.c
    query = sa.select(event_mentions).where(
        m.type == sa.bindparam("type"), m.modality.in_(sa.bindparam("mods", expanding=True)))
    if not dated:
        return query.where(m.date_earliest.is_(None))
    # The lower bound on date_earliest keeps the index range short: no window is longer than
    # a year (the coarsest precision).
    return query.where(m.date_earliest <= sa.bindparam("hi"),
                       m.date_earliest >= sa.bindparam("lo_min"),
                       m.date_latest >= sa.bindparam("lo"))


def _linked_events(conn: sa.Connection, rows: list[dict[str, Any]]) -> set[str]:
    """The events holding a stored mention that any of `rows` links to."""
    found: set[str] = set()
    # Mentions of one type, class and dates ask the same query: it is run once for them.
    asked: dict[tuple[Any, ...], list[sa.RowMapping]] = {}
    for m in rows:
        cls = modality_class(m["modality"])
        params: dict[str, Any] = {"type": m["type"],
                                  "mods": list(REALISED) if cls == "realised" else [cls]}
        lo, hi = _day(m["date_earliest"]), _day(m["date_latest"])
        dated = lo is not None and hi is not None
        if lo is not None and hi is not None:
            pad = timedelta(days=DAY_TOLERANCE)
            params.update(hi=(hi + pad).isoformat(), lo=(lo - pad).isoformat(),
                          lo_min=(lo - pad - timedelta(days=_LONGEST_WINDOW)).isoformat())
        key = (dated, *((k, tuple(v) if isinstance(v, list) else v)
                        for k, v in sorted(params.items())))
        candidates = asked.get(key)
        if candidates is None:
            candidates = asked[key] = list(
                conn.execute(_candidate_query(dated), params).mappings())
        for x in candidates:
            if x["event_id"] not in found and link(m, dict(x)) is not None:
                found.add(x["event_id"])
    return found


def _chunks(ids: Iterable[str]) -> Iterable[list[str]]:
    listed = sorted(ids)
    for at in range(0, len(listed), _CHUNK):
        yield listed[at:at + _CHUNK]


def _region(conn: sa.Connection, event_ids: set[str]
            ) -> tuple[set[str], list[dict[str, Any]]]:
    """The events in the groups of `event_ids`, and all their mentions (with `seen_on`)."""
    groups: set[str] = set()
    for chunk in _chunks(event_ids):
        groups.update(conn.scalars(_GROUPS_OF, {"ids": chunk}))
    ids: set[str] = set(event_ids)
    for chunk in _chunks(groups):
        ids.update(conn.scalars(_EVENTS_IN_GROUPS, {"groups": chunk}))
    rows: list[dict[str, Any]] = []
    for chunk in _chunks(ids):
        rows.extend(dict(r) for r in conn.execute(_MENTIONS_OF_EVENTS, {"ids": chunk}).mappings())
    return ids, rows


def _rewrite(conn: sa.Connection, old_events: set[str], old_rows: list[dict[str, Any]],
             new_rows: list[dict[str, Any]]) -> None:
    """Partition old and new mentions afresh; write the events, the new mentions and the
    old mentions that changed event; delete the old events no longer used. Rows referenced
    by a foreign key are written before the rows that reference them."""
    placed: dict[str, str] = {}
    updates: list[dict[str, Any]] = []
    inserts: list[dict[str, Any]] = []  # one executemany, in the same order as one by one
    for eid, group, members in partition([*old_rows, *new_rows]):
        members.sort(key=lambda r: (str(r["seen_on"]), r["document_id"], r["position"]))
        values = {"type": members[0]["type"], "cluster_group": group,
                  "modality_class": modality_class(members[0]["modality"]),
                  **_summary(members)}
        if eid in old_events:
            updates.append({"eid": eid, **values})
        else:
            inserts.append({"id": eid, **values})
        placed.update((r["id"], eid) for r in members)
    if inserts:
        conn.execute(events.insert(), inserts)
    fresh = [{**{k: v for k, v in r.items() if k != "seen_on"}, "event_id": placed[r["id"]]}
             for r in new_rows]
    if fresh:
        conn.execute(event_mentions.insert(), fresh)
    moved = [{"mid": r["id"], "to_event": placed[r["id"]]} for r in old_rows
             if r["event_id"] != placed[r["id"]]]
    if moved:
        conn.execute(_MOVE_MENTION, moved)
    for eid in sorted(old_events - set(placed.values())):
        conn.execute(_DELETE_EVENT, {"eid": eid})
    if updates:
        conn.execute(_UPDATE_EVENT, updates)


def insert_events(conn: sa.Connection, document: Document, found: list[Event]) -> None:
    """Store a document's events as mentions and re-partition the events they touch. The
    document's row must already be written and its old mentions removed. Events repeating
    an id already given in this document are kept once."""
    doc_id, source = document.id, source_of(document)
    seen: set[str] = set()
    rows: list[dict[str, Any]] = []
    for position, event in enumerate(found):
        if event.id not in seen:
            seen.add(event.id)
            rows.append(_mention_row(doc_id, position, event, source))
    if not rows:
        return
    seen_on = conn.execute(_DOCUMENT_SEEN_ON, {"doc_id": doc_id}).scalar()
    old_events, old_rows = _region(conn, _linked_events(conn, rows))
    _rewrite(conn, old_events, old_rows,
             [{**r, "seen_on": seen_on, "event_id": None} for r in rows])


def delete_document_events(conn: sa.Connection, doc_id: str) -> None:
    """Remove a document's mentions and re-partition the groups they were in: an event may
    split, or be deleted when it has no mention left."""
    of_doc = event_mentions.c.document_id == doc_id
    affected = set(conn.scalars(sa.select(event_mentions.c.event_id).where(of_doc).distinct()))
    if not affected:
        return
    old_events, old_rows = _region(conn, affected)
    conn.execute(event_mentions.delete().where(of_doc))
    _rewrite(conn, old_events, [r for r in old_rows if r["document_id"] != doc_id], [])


def _most_precise(rows: Iterable[Any], rank: dict[str, int], precision: str,
                  value: str) -> Any | None:
    """The row whose `precision` ranks best; ties: the most frequent `value`, then smallest."""
    known = [r for r in rows if r[value] is not None]
    if not known:
        return None
    counts = Counter(r[value] for r in known)
    return min(known, key=lambda r: (rank.get(r[precision] or "", 9), -counts[r[value]],
                                     str(r[value])))


def _actor_fields(prefix: str, actors_json: str) -> dict[str, Any]:
    try:
        actors = json.loads(actors_json)
    except (TypeError, ValueError):
        actors = []
    first = actors[0] if actors and isinstance(actors[0], dict) else {}
    return {f"{prefix}_name": first.get("name"), f"{prefix}_kind": first.get("kind"),
            f"{prefix}_country": first.get("country")}



def _summary(rows: Sequence[Any]) -> dict[str, Any]:
    """An event's derived columns from its mentions (with `seen_on`), earliest seen first."""
    first = rows[0]
    modalities = {r["modality"] for r in rows}
    modality = first["modality"]
    if modality in REALISED:  # a realised event is "asserted" once any report asserts it
        modality = "asserted" if "asserted" in modalities else "historical"
    modes = Counter(r["mode"] for r in rows if r["mode"])
    when = _most_precise(rows, _DATE_RANK, "date_precision", "date_value")
    where = _most_precise(rows, _PLACE_RANK, "place_precision", "place_name")
    actors = {**_actor_fields("actor", first["actors"]),
              **_actor_fields("recipient", first["recipients"])}
    return {
        "mode": min(modes, key=lambda m: (-modes[m], m)) if modes else None,
        "modality": modality,
        **{c: when[c] if when else None
           for c in ("date_value", "date_precision", "date_earliest", "date_latest")},
        **{c: where[c] if where else None
           for c in ("place_name", "place_country", "lat", "lon", "place_precision",
                     "geonameid")},
        **actors,
        "actor_key": name_key(actors["actor_name"]),
        "recipient_key": name_key(actors["recipient_name"]),
        "mentions": len(rows),
        "sources": len({r["source"].casefold() for r in rows}),
        "first_seen": min(str(r["seen_on"]) for r in rows),
    }
