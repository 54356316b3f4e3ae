"""Reading events and places back: the query API the CLI, the exports and the web app share.

Each function takes an open SQLAlchemy `Connection` (read-only use), so a caller can run
several in one transaction. SQLAlchemy Core only: every value is a bound parameter.

Shapes:
- an **event** (`query_events`, `get_event`) is an `events` row as a flat dict: id, type,
  mode, modality, modality_class, date_value/precision/earliest/latest, place_name,
  place_country, lat, lon, place_precision, geonameid, actor_name/kind/country,
  recipient_name/kind/country, mentions (count), sources (distinct sources), first_seen.
  How mentions are clustered into events is in store/event_clusters.py.
- a **mention** (`event_mentions`, `document_events`) is in `Event.to_dict()` shape (id,
  statement_id, type, mode, modality, trigger {text, start, end}, actors, recipients, place
  (`Place.to_dict()` shape) | None, date {value, precision, earliest,
  latest} | None) plus event_id, document_id, position, source (the name sources are counted
  by), statement_text, and the document's title, outlet, url, published and
  document_source.
- a **place** (`document_places`) is in `Place.to_dict()` shape.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from newsledger.errors import NewsledgerError
from newsledger.store.event_clusters import REALISED
from newsledger.store.query import DateLike
from newsledger.store.schema import (
    documents,
    events,
    period_end,
    period_start,
    places,
    statements,
)
from newsledger.store.schema import event_mentions as mentions

__all__ = [
    "EVENT_KEYS",
    "EVENT_TYPES",
    "MODALITIES",
    "MODALITY_FILTERS",
    "EventFilter",
    "count_events",
    "document_events",
    "document_places",
    "event_mentions",
    "get_event",
    "mentions_of_events",
    "query_events",
    "resolve_event_id",
]

# The keys of a mention dict that make up `Event.to_dict()`.
EVENT_KEYS: tuple[str, ...] = ("id", "statement_id", "type", "mode", "modality", "trigger",
                               "actors", "recipients", "place", "date")
EVENT_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "OTHER",
)
MODALITIES: tuple[str, ...] = ("asserted", "historical", "future", "hypothetical", "negated")
# Besides each modality: "realised" (asserted or historical) and "unrealised" (the rest).
MODALITY_FILTERS: tuple[str, ...] = (*MODALITIES, "realised", "unrealised")
_INTERNAL = ("actor_key", "recipient_key")  # clustering keys, not part of the event's shape
_CHUNK = 500  # ids per IN (...) list, well under any backend's bound-parameter limit



@dataclass(frozen=True, kw_only=True)
class EventFilter:
    """What an event list is filtered by; None means no filter.

    `actor` matches the event's actor or recipient name (the summary's: the first of each in
    its earliest report; others are in the mentions' lists), `place` the event's or any of its
    mentions' place name (or a two-letter country code): case-insensitive substrings.
    `since`/`until` are inclusive and a partial date covers its whole period; an event
    matches when its date window touches [since, until] (undated events are left out once
    either is given). `document_id`: events mentioned in that document."""

    type: str | None = None
    actor: str | None = None
    place: str | None = None
    modality: str | None = None
    since: DateLike | None = None
    until: DateLike | None = None
    document_id: str | None = None
    limit: int | None = None
    offset: int = 0


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _contains(column: sa.ColumnElement[Any], value: str) -> sa.ColumnElement[bool]:
    return column.ilike(_like(value), escape="\\")


def _bound(value: DateLike, *, end: bool, name: str) -> str:
    if not isinstance(value, str):
        return value.isoformat()
    day = period_end(value) if end else period_start(value)
    if day is None:
        raise NewsledgerError(f"{name}: not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): "
                              f"{value!r}")
    return day.isoformat()


def _where(flt: EventFilter) -> list[sa.ColumnElement[bool]]:
    where: list[sa.ColumnElement[bool]] = []
    if flt.type:
        where.append(events.c.type == flt.type.strip().upper())
    if flt.actor and flt.actor.strip():
        actor = flt.actor.strip()
        where.append(sa.or_(_contains(events.c.actor_name, actor),
                            _contains(events.c.recipient_name, actor)))
    if flt.place and flt.place.strip():
        place = flt.place.strip()
        # Any mention's place counts: reports of one event may name nearby places.
        in_mention = sa.select(mentions.c.id).where(
            mentions.c.event_id == events.c.id, _contains(mentions.c.place_name, place))
        match = sa.or_(_contains(events.c.place_name, place), in_mention.exists())
        if len(place) == 2 and place.isalpha():
            match = sa.or_(match, events.c.place_country == place.upper())
        where.append(match)
    if flt.modality:
        modality = flt.modality.strip().lower()
        if modality not in MODALITY_FILTERS:
            raise NewsledgerError(f"modality: use one of {', '.join(MODALITY_FILTERS)}, "
                                  f"not {flt.modality!r}")
        if modality == "realised":
            where.append(events.c.modality.in_(REALISED))
        elif modality == "unrealised":
            where.append(events.c.modality.not_in(REALISED))
        else:
            where.append(events.c.modality == modality)
    if flt.since is not None:
        where.append(events.c.date_latest >= _bound(flt.since, end=False, name="since"))
    if flt.until is not None:
        where.append(events.c.date_earliest <= _bound(flt.until, end=True, name="until"))
    if flt.document_id is not None:
        mentioned = sa.select(mentions.c.id).where(
            mentions.c.event_id == events.c.id,
            mentions.c.document_id == flt.document_id,
        )
        where.append(mentioned.exists())
    return where


def _event_dict(row: sa.RowMapping) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in _INTERNAL}


def query_events(conn: sa.Connection, flt: EventFilter | None = None) -> list[dict[str, Any]]:
    """Events matching `flt`, latest date first (undated last), then most mentioned."""
    flt = flt or EventFilter()
    query = (
        sa.select(events)
        .where(*_where(flt))
        .order_by(events.c.date_earliest.desc().nulls_last(), events.c.mentions.desc(),
                  events.c.id)
        .offset(max(0, flt.offset))
    )
    if flt.limit is not None:
        query = query.limit(max(0, flt.limit))
    return [_event_dict(r) for r in conn.execute(query).mappings()]


def count_events(conn: sa.Connection, flt: EventFilter | None = None) -> int:
    """How many events match `flt` (its limit and offset ignored)."""
    flt = flt or EventFilter()
    query = sa.select(sa.func.count()).select_from(events).where(*_where(flt))
    return int(conn.scalar(query) or 0)


def get_event(conn: sa.Connection, event_id: str) -> dict[str, Any] | None:
    """One event by id, or None."""
    row = conn.execute(sa.select(events).where(events.c.id == event_id)).mappings().first()
    return None if row is None else _event_dict(row)


def resolve_event_id(conn: sa.Connection, ident: str, *, min_prefix: int) -> str | None:
    """The full event id for an id or a unique prefix of at least `min_prefix` characters;
    None when there is none (StoreError when the prefix matches several)."""
    from newsledger.store.rows import resolve_id

    return resolve_id(conn, events, ident.strip(), min_prefix=min_prefix)


def _actors(text: str | None) -> list[dict[str, Any]]:
    try:
        found = json.loads(text or "[]")
    except ValueError:
        return []
    return [a for a in found if isinstance(a, dict)] if isinstance(found, list) else []


def _mention_dict(row: sa.RowMapping) -> dict[str, Any]:
    place = None
    if row["lat"] is not None:
        place = {"text": row["place_text"], "start": row["place_start"],
                 "end": row["place_end"], "name": row["place_name"],
                 "lat": row["lat"], "lon": row["lon"], "country": row["place_country"],
                 "precision": row["place_precision"], "geonameid": row["geonameid"],
                 "feature": row["place_feature"] or ""}
    when = None
    if row["date_value"] is not None:
        when = {"value": row["date_value"], "precision": row["date_precision"],
                "earliest": row["date_earliest"], "latest": row["date_latest"]}
    return {
        "id": row["id"],
        "statement_id": row["statement_id"],
        "type": row["type"],
        "mode": row["mode"],
        "modality": row["modality"],
        "trigger": {"text": row["trigger_text"], "start": row["trigger_start"],
                    "end": row["trigger_end"]},
        "actors": _actors(row["actors"]),
        "recipients": _actors(row["recipients"]),
        "place": place,
        "date": when,
        "event_id": row["event_id"],
        "document_id": row["document_id"],
        "position": row["position"],
        "source": row["source"],
        "statement_text": row["statement_text"],
        "title": row["title"],
        "outlet": row["outlet"],
        "url": row["url"],
        "published": row["published"],
        "document_source": row["document_source"],
    }


def _mention_select() -> sa.Select[Any]:
    return (
        sa.select(
            mentions,
            statements.c.text.label("statement_text"),
            documents.c.title.label("title"),
            documents.c.outlet.label("outlet"),
            documents.c.url.label("url"),
            documents.c.published.label("published"),
            documents.c.source.label("document_source"),
        )
        .join(documents, documents.c.id == mentions.c.document_id)
        .outerjoin(statements, statements.c.id == mentions.c.statement_id)
    )


def event_mentions(conn: sa.Connection, event_id: str) -> list[dict[str, Any]]:
    """The mentions of one event, earliest published first."""
    query = _mention_select().where(mentions.c.event_id == event_id).order_by(
        documents.c.published.asc().nulls_last(), mentions.c.document_id,
        mentions.c.position)
    return [_mention_dict(r) for r in conn.execute(query).mappings()]


def mentions_of_events(conn: sa.Connection, event_ids: list[str]
                       ) -> dict[str, list[dict[str, Any]]]:
    """The mentions of many events at once (for exports), by event id, each list ordered
    as `event_mentions` orders it."""
    found: dict[str, list[dict[str, Any]]] = {i: [] for i in event_ids}
    for at in range(0, len(event_ids), _CHUNK):
        chunk = event_ids[at:at + _CHUNK]
        query = _mention_select().where(mentions.c.event_id.in_(chunk)).order_by(
            mentions.c.event_id, documents.c.published.asc().nulls_last(),
            mentions.c.document_id, mentions.c.position)
        for row in conn.execute(query).mappings():
            found[row["event_id"]].append(_mention_dict(row))
    return found


def document_events(conn: sa.Connection, document_id: str) -> list[dict[str, Any]]:
    """The event mentions found in one document, in text order, each with its event's
    `event_mentions` and `event_sources` counts."""
    query = (
        _mention_select()
        .add_columns(events.c.mentions.label("event_mentions"),
                     events.c.sources.label("event_sources"))
        .join(events, events.c.id == mentions.c.event_id)
        .where(mentions.c.document_id == document_id)
        .order_by(mentions.c.position)
    )
    return [
        {**_mention_dict(r), "event_mentions": r["event_mentions"],
         "event_sources": r["event_sources"]}
        for r in conn.execute(query).mappings()
    ]


def document_places(conn: sa.Connection, document_id: str) -> list[dict[str, Any]]:
    """The toponyms of one document in text order, as `Place.to_dict()` dicts."""
    query = sa.select(places).where(places.c.document_id == document_id).order_by(
        places.c.position)
    return [
        {"text": r["text"], "start": r["start_char"], "end": r["end_char"], "name": r["name"],
         "lat": r["lat"], "lon": r["lon"], "country": r["country"],
         "precision": r["precision"], "geonameid": r["geonameid"], "feature": r["feature"]}
        for r in conn.execute(query).mappings()
    ]
