"""Event pages: `/events` (a map with no tiles, a timeline and a table, all under one set of
filters) with its JSON twin and a GeoJSON export, `/events/{id}` (one event and every
article that mentions it), and the events and places of a document for its page."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Query
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from newsledger.errors import NewsledgerError
from newsledger.store import Ledger
from newsledger.store.events import EVENT_TYPES, MODALITY_FILTERS, EventFilter
from newsledger.store.web_event_queries import (
    document_geo_rows,
    event_detail,
    find_events,
    located_events,
)
from newsledger.web.event_timeline import event_timeline
from newsledger.web.map import EventMap, MapPoint, event_map
from newsledger.web.views import (
    Page,
    ledger_of,
    list_query,
    parse_date,
    render,
    split_format,
    wants_json,
)

__all__ = ["document_geo", "event_label", "events_map", "geo_context", "router"]

router = APIRouter()

Text = Annotated[str | None, Query(max_length=200)]
Int = Annotated[int | None, Query()]
MAP_LIMIT = 500  # markers on one map (and marks on the timeline): the latest matching events
GEOJSON_LIMIT = 10_000


def _filters(values: dict[str, str | None]) -> dict[str, str | None]:
    clean = {k: (v.strip() or None) if v else None for k, v in values.items()}
    if clean["type"] is not None:
        clean["type"] = clean["type"].upper()
        if clean["type"] not in EVENT_TYPES:
            raise HTTPException(400, f"type: one of {', '.join(EVENT_TYPES)}")
    if clean["modality"] is not None and clean["modality"] not in MODALITY_FILTERS:
        raise HTTPException(400, f"modality: one of {', '.join(MODALITY_FILTERS)}")
    for name in ("since", "until"):
        clean[name] = parse_date(clean[name], name)
    return clean


def _query(request: Request, flt: EventFilter, *, located: int | None = None
           ) -> list[dict[str, Any]]:
    try:
        if located is not None:
            return located_events(ledger_of(request), flt, limit=located)
        return find_events(ledger_of(request), flt)
    except NewsledgerError as err:  # a bad filter value, not a broken ledger
        raise HTTPException(400, str(err)) from err


def event_label(row: dict[str, Any]) -> str:
    """A one-line description for a tooltip: type, modality, who → whom, where, when."""
    parts = [row["type"] + (f" ({row['mode']})" if row.get("mode") else ""), row["modality"]]
    if row.get("actor_name") or row.get("recipient_name"):
        parts.append(f"{row.get('actor_name') or '?'} → {row.get('recipient_name') or '?'}")
    if row.get("place_name"):
        parts.append(str(row["place_name"]))
    if row.get("date_value"):
        parts.append(str(row["date_value"]))
    n = int(row.get("mentions") or 1)
    parts.append(f"{n} mention{'s' if n != 1 else ''}")
    return " · ".join(parts)


def events_map(rows: list[dict[str, Any]], href: bool = True, width: int = 960) -> EventMap:
    points = [MapPoint(lat=float(r["lat"]), lon=float(r["lon"]), type=r["type"],
                       modality=r["modality"], mentions=int(r.get("mentions") or 1),
                       title=event_label(r), href=f"/events/{r['id']}" if href else None)
              for r in rows if r.get("lat") is not None and r.get("lon") is not None]
    countries = {r["place_country"] for r in rows if r.get("place_country")}
    return event_map(points, event_countries=countries, width=width)


def _feature(row: dict[str, Any]) -> dict[str, Any]:
    properties = {k: v for k, v in row.items() if k not in ("lat", "lon")}
    return {"type": "Feature", "id": row["id"],
            "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
            "properties": properties}


@router.get("/events", name="events")
@router.get("/events.json")
@router.get("/events.geojson")
def events_page(
    request: Request, type: Text = None, actor: Text = None, place: Text = None,
    modality: Text = None, since: Text = None, until: Text = None, document: Text = None,
    limit: Int = None, offset: Int = None,
) -> Response:
    """Events filtered by type, actor (or recipient), place (or country code), modality,
    date range (`since`, `until`) and the document that mentions them: a map, a timeline and
    a table; `.json` gives the table's rows, `.geojson` every located event that matches
    (up to 10,000)."""
    chosen = _filters({"type": type, "actor": actor, "place": place, "modality": modality,
                       "since": since, "until": until, "document": document})
    filters = EventFilter(type=chosen["type"], actor=chosen["actor"], place=chosen["place"],
                          modality=chosen["modality"], since=chosen["since"],
                          until=chosen["until"], document_id=chosen["document"])
    if request.url.path.endswith(".geojson"):
        located = _query(request, filters, located=GEOJSON_LIMIT)
        return JSONResponse({"type": "FeatureCollection",
                             "features": [_feature(r) for r in located]},
                            media_type="application/geo+json")
    page = Page.of(limit, offset)
    if wants_json(request):  # the map and timeline are for the page only
        rows, more = page.trim(_query(request, replace(filters, limit=page.limit + 1,
                                                       offset=page.offset)))
        next_url = page.next_url(request, more)
        return render(request, "events.html", {},
                      as_json={"rows": rows, "next": next_url, "filters": chosen})
    # One query serves the map, the timeline and (on the first pages) the table.
    latest = _query(request, replace(filters, limit=MAP_LIMIT))
    if page.offset + page.limit < MAP_LIMIT:
        rows, more = page.trim(latest[page.offset:page.offset + page.limit + 1])
    else:
        rows, more = page.trim(_query(request, replace(filters, limit=page.limit + 1,
                                                       offset=page.offset)))
    next_url = page.next_url(request, more)
    located = [r for r in latest if r.get("lat") is not None and r.get("lon") is not None]
    return render(
        request, "events.html",
        {"rows": rows, "next_url": next_url, "page": page, "filters": chosen,
         "types": EVENT_TYPES, "modalities": MODALITY_FILTERS, "map": events_map(located),
         "located": len(located), "map_limit": MAP_LIMIT, "capped": len(latest) >= MAP_LIMIT,
         "timeline": event_timeline(latest, href=lambda r: f"/events/{r['id']}"),
         "label": event_label,
         "downloads": {"json": list_query(request, "/events.json"),
                       "geojson": list_query(request, "/events.geojson")},
         "filtered": any(chosen.values())},
        as_json={"rows": rows, "next": next_url, "filters": chosen},
    )


@router.get("/events/{ident}", name="event")
def event_page(request: Request, ident: str) -> Response:
    """One event: its type, modality, actors, place and date, and each mention of it (the
    statement, its document and source)."""
    event_id, as_json = split_format(ident)
    detail = event_detail(ledger_of(request), event_id)
    if detail is None:
        raise HTTPException(404, f"no event with id {event_id!r}")
    found, mentions = detail
    return render(
        request, "event.html",
        {"event": found, "mentions": mentions, "map": events_map([found], href=False, width=480),
         "label": event_label},
        as_json={"event": found, "mentions": mentions},
        json_wanted=as_json or None,
    )


def document_geo(ledger: Ledger, document_id: str) -> dict[str, Any]:
    """What a stored document's page shows of events and places: its event mentions, its
    toponyms, and a small map of the toponyms."""
    mentions, toponyms = document_geo_rows(ledger, document_id)
    return geo_context(mentions, toponyms)


def geo_context(events: list[dict[str, Any]], toponyms: list[dict[str, Any]]
                ) -> dict[str, Any]:
    """The document page's events and places (event dicts in `Event.to_dict()` shape, place
    dicts in `Place.to_dict()` shape, stored or just analysed) and the places' small map."""
    seen: dict[tuple[float, float], dict[str, Any]] = {}
    for p in toponyms:
        seen.setdefault((p["lat"], p["lon"]), p)
    points = [MapPoint(lat=p["lat"], lon=p["lon"], type="PLACE", modality="asserted",
                       title=f"{p['name']} ({p['precision'] or 'place'})")
              for p in seen.values()]
    countries = {p["country"] for p in toponyms if p.get("country")}
    return {"events": events, "places": toponyms,
            "places_map": event_map(points, event_countries=countries, width=480)
            if points else None}
