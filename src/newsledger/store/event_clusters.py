"""The write side of events: each `Event` of a document becomes an `event_mentions` row, and
each mention joins the one real-world event (`events` row) it reports — or starts one.

The clustering rule (deterministic: the same documents stored in the same order give the same
events):

- A mention can only join an event of the same PLOVER `type` and the same **modality class**:
  asserted and historical mentions are *realised*; future, hypothetical and negated mentions
  each form their own class. A forecast of a meeting is never merged with the meeting, nor
  with a report that it did not happen.
- **Actors**: the normalised names (casefolded, spaces collapsed, a leading "the" dropped) of
  the first actor and the first recipient must be equal, none counting as a name. For the
  symmetric types (CONSULT, COOPERATE) the pair may come in either order: "Trump meets
  Putin" and "Putin meets Trump" are one meeting.
- **Place**: the same gazetteer id, or within `PLACE_KM` kilometres, or a country-level place
  and any place in that country, or both unknown. A known and an unknown place do not merge.
- **Date**: the earliest–latest windows overlap, widened by `DAY_TOLERANCE` days on each side
  when either date is at day precision (reports of one clash differ by a day or two). A dated
  and an undated mention do not merge; two undated ones may.

A mention is compared with each candidate event's current summary. Candidates are fetched by
an indexed lookup on (type, date window), never a scan of all events; among several matches
the nearest wins (date midpoints, then distance, then id). After every change an event's
summary is recomputed from its mentions: date and place from the most precise mention (ties:
the most frequent, then the smallest value), actors, mode and kinds from the earliest-seen
mention, `mentions` the number of rows, `sources` the number of distinct sources, and
`first_seen` the earliest publication date of a mentioning document (its ingestion date when
the publication date is unknown). An event left with no mentions is deleted.

**Sources** are counted by the document's outlet; when the outlet is unknown, by the host of
its URL (or of its source, when that is a URL), then by its author; a document with none of
these counts as a source of its own.

Event ids are "v" + a hash of the founding mention's key, and do not change while the event
exists.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa

from newsledger.record import Actor, Document, Event
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

PLACE_KM = 50.0
DAY_TOLERANCE = 2
REALISED = ("asserted", "historical")
SYMMETRIC_TYPES = frozenset({"CONSULT", "COOPERATE"})
_LONGEST_WINDOW = 400  # days; a year-precision date spans 366 at most
_DATE_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
_PLACE_RANK = {"exact": 0, "near": 1, "region": 2, "country": 3}
_SPACE = re.compile(r"\s+")
_ARTICLE = re.compile(r"^the\s+")


def modality_class(modality: str) -> str:
    """"realised" for asserted and historical; each unrealised modality is its own class."""
    return "realised" if modality in REALISED else modality


def name_key(name: str | None) -> str:
    """The form actor names are compared in: "The  Iraqi Army" → "iraqi army"."""
    if not name:
        return ""
    return _ARTICLE.sub("", _SPACE.sub(" ", name.casefold()).strip())


def _host(value: str | None) -> str | None:
    if not value or "://" not in value:
        return None
    host = (urlsplit(value).hostname or "").lower()
    return host.removeprefix("www.") or None


def source_of(document: Document) -> str:
    """The name a document's source is counted by: outlet, else URL host, else author,
    else the document itself."""
    for value in (document.outlet, _host(document.url), _host(document.source),
                  document.author):
        if value and value.strip():
            return value.strip()
    return document.id


def _first(actors: list[Actor]) -> Actor | None:
    return actors[0] if actors else None


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


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def _place_distance(m: dict[str, Any], e: Any) -> float | None:
    """Distance used for matching (0 for the same place), None when they cannot merge."""
    m_known, e_known = m["lat"] is not None, e["lat"] is not None
    if not m_known and not e_known:
        return 0.0
    if m_known != e_known:
        return None
    if m["geonameid"] is not None and m["geonameid"] == e["geonameid"]:
        return 0.0
    km = _km(m["lat"], m["lon"], e["lat"], e["lon"])
    if km <= PLACE_KM:
        return km
    # A country-level place contains every place in that country.
    same_country = bool(m["place_country"]) and m["place_country"] == e["place_country"]
    if same_country and "country" in (m["place_precision"], e["place_precision"]):
        return km
    return None


def _date_distance(m: dict[str, Any], e: Any) -> float | None:
    """Days between window midpoints (0 for two undated), None when they cannot merge."""
    m_lo, m_hi = _day(m["date_earliest"]), _day(m["date_latest"])
    e_lo, e_hi = _day(e["date_earliest"]), _day(e["date_latest"])
    if m_lo is None or m_hi is None or e_lo is None or e_hi is None:
        both_undated = m["date_earliest"] is None and e["date_earliest"] is None
        return 0.0 if both_undated else None
    tol = timedelta(days=DAY_TOLERANCE if "day" in (m["date_precision"],
                                                     e["date_precision"]) else 0)
    if m_lo - tol > e_hi or e_lo - tol > m_hi:
        return None
    mid = (m_lo.toordinal() + m_hi.toordinal()) / 2 - (e_lo.toordinal() + e_hi.toordinal()) / 2
    return abs(mid)


def _actors_match(m: dict[str, Any], e: Any) -> bool:
    pair = (m["actor_key"], m["recipient_key"])
    if pair == (e["actor_key"], e["recipient_key"]):
        return True
    return m["type"] in SYMMETRIC_TYPES and pair == (e["recipient_key"], e["actor_key"])


def _candidates(conn: sa.Connection, m: dict[str, Any]) -> list[Any]:
    """Events that could hold `m`: same type, class and actors, date windows near (the
    type and date window are indexed)."""
    pair = sa.and_(events.c.actor_key == m["actor_key"],
                   events.c.recipient_key == m["recipient_key"])
    if m["type"] in SYMMETRIC_TYPES:
        pair = sa.or_(pair, sa.and_(events.c.actor_key == m["recipient_key"],
                                    events.c.recipient_key == m["actor_key"]))
    query = sa.select(events).where(
        events.c.type == m["type"], events.c.modality_class == m["modality_class"], pair
    )
    lo, hi = _day(m["date_earliest"]), _day(m["date_latest"])
    if lo is None or hi is None:
        query = query.where(events.c.date_earliest.is_(None))
    else:
        pad = timedelta(days=DAY_TOLERANCE)
        # The lower bound on date_earliest keeps the index range short: no window is longer
        # than a year (the coarsest precision).
        query = query.where(
            events.c.date_earliest <= (hi + pad).isoformat(),
            events.c.date_earliest >= (lo - pad - timedelta(days=_LONGEST_WINDOW)).isoformat(),
            events.c.date_latest >= (lo - pad).isoformat(),
        )
    return list(conn.execute(query.order_by(events.c.id)).mappings())


def _best_match(conn: sa.Connection, m: dict[str, Any]) -> str | None:
    best: tuple[float, float, str] | None = None
    for e in _candidates(conn, m):
        if not _actors_match(m, e):
            continue
        days, km = _date_distance(m, e), _place_distance(m, e)
        if days is None or km is None:
            continue
        score = (days, km, str(e["id"]))
        if best is None or score < best:
            best = score
    return None if best is None else best[2]


def _new_id(conn: sa.Connection, m: dict[str, Any]) -> str:
    where = m["geonameid"] if m["geonameid"] is not None else (
        "" if m["lat"] is None else f"{m['lat']:.2f},{m['lon']:.2f}")
    key = "|".join(str(v or "") for v in (m["type"], m["modality_class"], m["actor_key"],
                                           m["recipient_key"], m["date_value"], where))
    salt = 0
    while True:
        text = key if salt == 0 else f"{key}|{salt}"
        ident = "v" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        taken = conn.execute(sa.select(events.c.id).where(events.c.id == ident)).first()
        if taken is None:
            return ident
        salt += 1


def insert_events(conn: sa.Connection, document: Document, found: list[Event]) -> None:
    """Store a document's events as mentions, each joined to its event (new or existing).
    Events repeating an id already given in this document are kept once."""
    doc_id, source = document.id, source_of(document)
    seen: set[str] = set()
    for position, event in enumerate(found):
        if event.id in seen:
            continue
        seen.add(event.id)
        row = _mention_row(doc_id, position, event, source)
        actor, recipient = _first(event.actors), _first(event.recipients)
        key = {**row, "modality_class": modality_class(event.modality),
               "actor_key": name_key(actor.name if actor else None),
               "recipient_key": name_key(recipient.name if recipient else None)}
        event_id = _best_match(conn, key)
        if event_id is None:
            event_id = _new_id(conn, key)
            conn.execute(events.insert().values(
                id=event_id, type=event.type, modality=event.modality,
                modality_class=key["modality_class"], actor_key=key["actor_key"],
                recipient_key=key["recipient_key"], mentions=0, sources=0))
        conn.execute(event_mentions.insert().values(event_id=event_id, **row))
        # Recount at once: the next mention is matched against the updated summary.
        _recount(conn, event_id)


def delete_document_events(conn: sa.Connection, doc_id: str) -> None:
    """Remove a document's mentions; recount their events, deleting any left empty."""
    of_doc = event_mentions.c.document_id == doc_id
    affected = conn.scalars(sa.select(event_mentions.c.event_id).where(of_doc).distinct()).all()
    conn.execute(event_mentions.delete().where(of_doc))
    for event_id in sorted(affected):
        _recount(conn, event_id)


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


def _recount(conn: sa.Connection, event_id: str) -> None:
    seen_on = sa.func.coalesce(documents.c.published, sa.func.substr(documents.c.ingested_at, 1,
                                                                      10))
    rows = conn.execute(
        sa.select(event_mentions, seen_on.label("seen_on"))
        .join(documents, documents.c.id == event_mentions.c.document_id)
        .where(event_mentions.c.event_id == event_id)
        .order_by(seen_on, event_mentions.c.document_id, event_mentions.c.position)
    ).mappings().all()
    if not rows:
        conn.execute(events.delete().where(events.c.id == event_id))
        return
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
    conn.execute(events.update().where(events.c.id == event_id).values(
        mode=min(modes, key=lambda m: (-modes[m], m)) if modes else None,
        modality=modality,
        date_value=when["date_value"] if when else None,
        date_precision=when["date_precision"] if when else None,
        date_earliest=when["date_earliest"] if when else None,
        date_latest=when["date_latest"] if when else None,
        place_name=where["place_name"] if where else None,
        place_country=where["place_country"] if where else None,
        lat=where["lat"] if where else None,
        lon=where["lon"] if where else None,
        place_precision=where["place_precision"] if where else None,
        geonameid=where["geonameid"] if where else None,
        **actors,
        actor_key=name_key(actors["actor_name"]),
        recipient_key=name_key(actors["recipient_name"]),
        mentions=len(rows),
        sources=len({r["source"].casefold() for r in rows}),
        first_seen=min(str(r["seen_on"]) for r in rows),
    ))
