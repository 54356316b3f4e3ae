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

A mention is compared with each candidate event's summary as it stood before the document
was stored (or as a mention earlier in the same document founded it). Candidates are fetched
by an indexed lookup on (type, date window), never a scan of all events; among several
matches the nearest wins (date midpoints, then distance, then id). Once a document's
mentions are in, the summary of every event it touched is recomputed from all its mentions:
date and place from the most precise mention (ties: the most frequent, then the smallest
value), actors and their kinds from the earliest-seen mention, the most frequent mode,
`mentions` the number of rows, `sources` the number of distinct sources, and `first_seen`
the earliest publication date of a mentioning document (its ingestion date when the
publication date is unknown). An event left with no mentions is deleted.

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
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import date, timedelta
from functools import cache
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


# Statements built once with bound parameters: SQLAlchemy then reuses their compiled form,
# where `.values(...)` with literal values would be re-keyed on every call.
_SEEN_ON = sa.func.coalesce(documents.c.published,
                            sa.func.substr(documents.c.ingested_at, 1, 10)).label("seen_on")
_MENTIONS_OF = (
    sa.select(event_mentions, _SEEN_ON)
    .join(documents, documents.c.id == event_mentions.c.document_id)
    .where(event_mentions.c.event_id == sa.bindparam("eid"))
    .order_by(_SEEN_ON, event_mentions.c.document_id, event_mentions.c.position)
)
_UPDATE_EVENT = events.update().where(events.c.id == sa.bindparam("eid"))
_DELETE_EVENT = events.delete().where(events.c.id == sa.bindparam("eid"))
_EVENT_EXISTS = sa.select(events.c.id).where(events.c.id == sa.bindparam("eid"))


@cache
def _candidate_query(dated: bool, symmetric: bool) -> sa.Select[Any]:
    pair = sa.and_(events.c.actor_key == sa.bindparam("a"),
                   events.c.recipient_key == sa.bindparam("r"))
    if symmetric:
        pair = sa.or_(pair, sa.and_(events.c.actor_key == sa.bindparam("r"),
                                    events.c.recipient_key == sa.bindparam("a")))
    query = sa.select(events).where(events.c.type == sa.bindparam("type"),
                                    events.c.modality_class == sa.bindparam("cls"), pair)
    if not dated:
        return query.where(events.c.date_earliest.is_(None)).order_by(events.c.id)
    # The lower bound on date_earliest keeps the index range short: no window is longer than
    # a year (the coarsest precision).
    return query.where(
        events.c.date_earliest <= sa.bindparam("hi"),
        events.c.date_earliest >= sa.bindparam("lo_min"),
        events.c.date_latest >= sa.bindparam("lo"),
    ).order_by(events.c.id)


def _candidates(conn: sa.Connection, m: dict[str, Any]) -> list[Any]:
    """Events that could hold `m`: same type, class and actors, date windows near (the
    type and date window are indexed)."""
    lo, hi = _day(m["date_earliest"]), _day(m["date_latest"])
    dated = lo is not None and hi is not None
    params = {"type": m["type"], "cls": m["modality_class"], "a": m["actor_key"],
              "r": m["recipient_key"]}
    if lo is not None and hi is not None:
        pad = timedelta(days=DAY_TOLERANCE)
        params.update(hi=(hi + pad).isoformat(), lo=(lo - pad).isoformat(),
                      lo_min=(lo - pad - timedelta(days=_LONGEST_WINDOW)).isoformat())
    query = _candidate_query(dated, m["type"] in SYMMETRIC_TYPES)
    return list(conn.execute(query, params).mappings())


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
        taken = conn.execute(_EVENT_EXISTS, {"eid": ident}).first()
        if taken is None:
            return ident
        salt += 1


def insert_events(conn: sa.Connection, document: Document, found: list[Event]) -> None:
    """Store a document's events as mentions, each joined to its event (new or existing).
    The document's row must already be written. Events repeating an id already given in
    this document are kept once."""
    doc_id, source = document.id, source_of(document)
    seen_on = conn.execute(sa.select(_SEEN_ON).where(documents.c.id == doc_id)).scalar()
    seen: set[str] = set()
    pending: list[dict[str, Any]] = []
    touched: set[str] = set()  # existing events, and new ones given a second mention here
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
            # A new event's summary is its one mention's: written whole, no recount needed.
            event_id = _new_id(conn, key)
            conn.execute(events.insert(), {
                "id": event_id, "type": event.type, "modality_class": key["modality_class"],
                **_summary([{**row, "seen_on": seen_on}])})
        else:
            touched.add(event_id)
        pending.append({**row, "event_id": event_id})
    if pending:
        conn.execute(event_mentions.insert(), pending)
    # Later mentions of this document were matched against summaries from before it; the
    # recount brings every event it touched up to date.
    for event_id in sorted(touched):
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
    rows = conn.execute(_MENTIONS_OF, {"eid": event_id}).mappings().all()
    if not rows:
        conn.execute(_DELETE_EVENT, {"eid": event_id})
        return
    conn.execute(_UPDATE_EVENT, {"eid": event_id, **_summary(rows)})


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
