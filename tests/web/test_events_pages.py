"""The event pages: /events (map, timeline, table, filters) with its JSON and GeoJSON twins,
/events/{id}, a document's events and places, the empty state, hostile names, and the map
geometry itself."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from web_event_records import event_records
from web_records import LOCAL

from newsledger.record import Actor, Place
from newsledger.store import Ledger
from newsledger.web import create_app
from newsledger.web.event_timeline import event_timeline
from newsledger.web.map import OUTLINE, MapPoint, event_map, project


def _no_analyzer() -> object:
    raise AssertionError("this test must not load the analyzer")


def _client(url: str) -> Iterator[TestClient]:
    app = create_app(url, analyzer_factory=_no_analyzer)
    with TestClient(app, base_url="http://localhost", client=LOCAL) as c:
        yield c


@pytest.fixture
def events_client(tmp_path: Path) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path / 'events.db'}"
    doc, stmts, places, events = event_records()
    with Ledger.open(url) as ledger:
        ledger.write(doc, stmts, [], places=places, events=events)
    yield from _client(url)


@pytest.fixture
def empty_client(tmp_path: Path) -> Iterator[TestClient]:
    yield from _client(f"sqlite:///{tmp_path / 'empty.db'}")


class _Markers(HTMLParser):
    """The map's marker groups: (class, data-shape, has a cross path, tooltip)."""

    def __init__(self) -> None:
        super().__init__()
        self.in_map = self.in_title = False
        self.markers: list[dict[str, object]] = []
        self.countries = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        cls = a.get("class") or ""
        if tag == "svg" and "map" in cls.split():
            self.in_map = True
        if not self.in_map:
            return
        if tag == "g" and "marker" in cls.split():
            self.markers.append({"class": cls, "shape": a.get("data-shape"), "cross": False,
                                 "title": ""})
        elif tag == "path" and cls == "cross" and self.markers:
            self.markers[-1]["cross"] = True
        elif tag == "path" and "land" in cls.split():
            self.countries += 1
        elif tag == "title" and self.markers:
            self.in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self.in_map = False
        if tag == "title":
            self.in_title = False

    def handle_data(self, data: str) -> None:
        if self.in_title and self.markers:
            self.markers[-1]["title"] = str(self.markers[-1]["title"]) + data


def markers(html: str) -> _Markers:
    parser = _Markers()
    parser.feed(html)
    return parser


def test_events_page_marks_each_modality_apart(events_client: TestClient) -> None:
    r = events_client.get("/events")
    assert r.status_code == 200
    found = markers(r.text)
    assert found.countries > 10  # the outline is drawn, zoomed to the Levant
    by_modality = {re.search(r"m-(\w+)", str(m["class"])).group(1): m  # type: ignore[union-attr]
                   for m in found.markers}
    assert set(by_modality) == {"asserted", "future", "hypothetical", "negated", "historical"}
    assert by_modality["asserted"]["shape"] == "circle"
    assert by_modality["future"]["shape"] == "circle"  # hollow and dashed, by its class
    assert by_modality["hypothetical"]["shape"] == "diamond"
    assert by_modality["negated"]["cross"] is True
    assert not by_modality["asserted"]["cross"]
    assert "t-ASSAULT" in str(by_modality["asserted"]["class"])
    assert "t-MOBILIZE" in str(by_modality["hypothetical"]["class"])
    assert "Syrian Army" in str(by_modality["asserted"]["title"])
    assert "Aleppo" in str(by_modality["asserted"]["title"])
    # The timeline has the four dated events; the table lists all five, with links.
    assert r.text.count('class="range ') >= 2  # month- and year-precision dates as bars
    assert len(re.findall(r'<tr id="event-[a-z][0-9a-f]+"', r.text)) == 5
    assert 'href="/events?actor=Syrian+Army"' in r.text
    assert '<a href="/events" aria-current="page">Events</a>' in r.text


def test_events_json_and_paging(events_client: TestClient) -> None:
    body = events_client.get("/events.json").json()
    assert body["ok"] is True and body["next"] is None
    assert len(body["rows"]) == 5
    first = body["rows"][0]
    assert first["modality"] == "future" and first["date_value"] == "2017-03"  # latest first
    for key in ("id", "type", "lat", "lon", "place_name", "actor_name", "mentions", "sources"):
        assert key in first
    page = events_client.get("/events.json?limit=2").json()
    assert len(page["rows"]) == 2 and page["next"]
    rest = events_client.get(page["next"]).json()
    assert [e["id"] for e in rest["rows"]][0] not in {e["id"] for e in page["rows"]}
    assert events_client.get("/events", headers={"accept": "application/json"}).json()["rows"]


@pytest.mark.parametrize(("query", "expected"), [
    ("type=MOBILIZE", {"hypothetical"}),
    ("modality=future", {"future"}),
    ("modality=realised", {"asserted", "historical"}),
    ("actor=syrian+army", {"asserted", "negated"}),
    ("place=mosul", {"historical"}),
    ("place=IQ", {"historical"}),
    ("since=2016&until=2016-12", {"asserted"}),
    ("until=2015", {"negated", "historical"}),
])
def test_filters_apply_to_table_and_map(events_client: TestClient, query: str,
                                        expected: set[str]) -> None:
    rows = events_client.get("/events.json?" + query).json()["rows"]
    assert {r["modality"] for r in rows} == expected
    page = events_client.get("/events?" + query).text
    shown = {re.search(r"m-(\w+)", str(m["class"])).group(1)  # type: ignore[union-attr]
             for m in markers(page).markers}
    assert shown == expected


@pytest.mark.parametrize("query", ["type=BOMBING", "modality=maybe", "since=yesterday",
                                   "until=2017-13"])
def test_bad_filters_are_one_error_shape(events_client: TestClient, query: str) -> None:
    r = events_client.get("/events.json?" + query)
    assert r.status_code == 400
    body = r.json()
    assert body["ok"] is False and body["status"] == 400 and body["error"]


def test_geojson_errors_are_data(events_client: TestClient) -> None:
    r = events_client.get("/events.geojson?type=NOPE", headers={"accept": "text/html"})
    assert r.status_code == 400 and r.json()["ok"] is False


def test_geojson(events_client: TestClient) -> None:
    r = events_client.get("/events.geojson?place=aleppo")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/geo+json")
    body = r.json()
    assert body["type"] == "FeatureCollection" and len(body["features"]) == 1
    feature = body["features"][0]
    lon, lat = feature["geometry"]["coordinates"]
    assert (round(lat, 2), round(lon, 2)) == (36.2, 37.13)
    assert feature["properties"]["type"] == "ASSAULT"
    assert "lat" not in feature["properties"]


def test_event_page_lists_its_mentions(events_client: TestClient) -> None:
    row = events_client.get("/events.json?modality=future").json()["rows"][0]
    page = events_client.get(f"/events/{row['id']}")
    assert page.status_code == 200
    assert "launch a counter-offensive" in page.text  # the trigger and its statement
    assert 'href="/documents/' in page.text and "Levant Wire" in page.text
    assert len(markers(page.text).markers) == 1
    body = events_client.get(f"/events/{row['id']}.json").json()
    assert body["event"]["id"] == row["id"] and len(body["mentions"]) == 1
    assert body["mentions"][0]["statement_text"].startswith("Rebel commanders")
    missing = events_client.get("/events/e0000000000000000.json")
    assert missing.status_code == 404 and missing.json()["ok"] is False


def test_document_page_lists_events_and_places(events_client: TestClient) -> None:
    doc = events_client.get("/documents.json").json()["rows"][0]
    page = events_client.get(f"/documents/{doc['id']}").text
    assert 'id="events"' in page and 'id="places"' in page
    assert page.count('<tr class="mod-') == 5
    assert "“stormed”" in page and 'href="#s' in page  # to the statement's highlight
    assert "Palmyra" in page and len(markers(page).markers) == 5  # the places' small map
    body = events_client.get(f"/documents/{doc['id']}.json").json()
    assert len(body["events"]) == 5 and len(body["places"]) == 5
    assert body["places"][0]["name"] == "Aleppo"
    assert f'href="/events?document={doc["id"]}"' in page
    mine = events_client.get(f"/events.json?document={doc['id']}").json()["rows"]
    assert len(mine) == 5
    assert events_client.get("/events.json?document=dnowhere").json()["rows"] == []


def test_no_events_gives_an_empty_state_and_the_world(empty_client: TestClient) -> None:
    r = empty_client.get("/events")
    assert r.status_code == 200
    assert 'id="no-events"' in r.text
    found = markers(r.text)
    assert found.markers == [] and found.countries > 150  # the whole world, coarse outline
    assert empty_client.get("/events.json").json() == {"ok": True, "rows": [], "next": None,
                                                       "filters": dict.fromkeys(
        ("type", "actor", "place", "modality", "since", "until", "document"))}
    assert empty_client.get("/events.geojson").json()["features"] == []
    assert "No event matches" in empty_client.get("/events?type=AID").text


SCRIPT = "<script>alert('x')</script>"
IMG = '<img src=x onerror="alert(1)">'


def test_hostile_actor_and_place_names_are_text(tmp_path: Path) -> None:
    from test_hostile import audit

    url = f"sqlite:///{tmp_path / 'hostile.db'}"
    doc, stmts, places, events = event_records()
    bad_actor = Actor(text="troops", name=SCRIPT, kind=IMG, country="SY")
    events[0].actors = [bad_actor]
    events[0].recipients = [Actor(text="x", name=IMG, kind="person")]
    events[0].mode = SCRIPT
    evil = Place(text="Aleppo", start=places[0].start, end=places[0].end, name=IMG,
                 lat=36.2, lon=37.1, country="SY", precision=SCRIPT, feature="city")
    events[0].place = evil
    places[0] = evil
    with Ledger.open(url) as ledger:
        ledger.write(doc, stmts, [], places=places, events=events)
    for c in _client(url):
        rows = c.get("/events.json").json()["rows"]
        ids = [r["id"] for r in rows]
        urls = ["/events", "/events?actor=" + quote(SCRIPT), "/events?place=" + quote(IMG),
                f"/documents/{doc.id}"] + [f"/events/{i}" for i in ids]
        for u in urls:
            r = c.get(u)
            assert r.status_code == 200, u
            assert audit(r.text) == [], u
        assert "&lt;script&gt;" in c.get("/events").text


def test_map_geometry() -> None:
    x0, y0 = project(0, 0)
    assert (x0, y0) == (0.0, 0.0)
    east, north = project(90, 45)
    west, south = project(-90, -45)
    assert east == -west > 0 and north == -south < 0  # symmetric, SVG y down
    world = event_map([])
    assert world.detail == "110m" and world.view == world.world and not world.markers
    here = event_map([MapPoint(lat=36.2, lon=37.1, type="ASSAULT", modality="future",
                               mentions=9)], event_countries={"SY"})
    vx, vy, vw, vh = here.view
    mx, my = project(37.1, 36.2)
    assert vx < mx < vx + vw and vy < my < vy + vh  # zoomed onto the marker
    assert vw < world.view[2] / 10 and here.detail == "50m"
    assert any(c.iso == "SY" and "has-events" in c.css for c in here.countries)
    assert all(c.iso != "US" for c in here.countries)  # culled far from the view
    assert "Syria" in {label.text for label in here.labels} and not world.labels
    big = here.markers[0]
    small = event_map([MapPoint(lat=36.2, lon=37.1, type="ASSAULT", modality="future")])
    assert big.r > small.markers[0].r  # size by mentions
    pair = event_map([MapPoint(lat=1, lon=1, type="AID", modality="asserted"),
                      MapPoint(lat=1, lon=1, type="AID", modality="negated")])
    assert (pair.markers[0].x, pair.markers[0].y) != (pair.markers[1].x, pair.markers[1].y)
    crowd = event_map([MapPoint(lat=36.3, lon=43.1, type="AID", modality="future")] * 12)
    tx, ty = project(43.1, 36.3)
    spots = {(m.x, m.y) for m in crowd.markers}
    assert len(spots) == 12  # all set apart, each with a leg back to the place
    for m in crowd.markers:
        assert abs(m.x + m.dx * m.scale - tx) < 0.05 and abs(m.y + m.dy * m.scale - ty) < 0.05


def test_every_outline_path_is_valid_svg() -> None:
    # A browser refuses a path with a command and no numbers ("M1 2lz"): islets smaller
    # than the rounding must be left out, not drawn empty.
    valid = re.compile(r"^(M-?[\d.]+ -?[\d.]+l-?[\d.]+ -?[\d.]+( -?[\d.]+ -?[\d.]+)*z)+$")
    for where in ([], [MapPoint(lat=-17.8, lon=178.0, type="AID", modality="asserted")],
                  [MapPoint(lat=36.2, lon=37.1, type="AID", modality="asserted")]):
        drawn = event_map(where)
        for country in drawn.countries + drawn.background:
            assert valid.match(country.d), (country.name, country.d[:80])


def test_world_outline_does_not_wrap_across_the_map() -> None:
    data = json.loads(OUTLINE.read_text(encoding="utf-8"))
    assert set(data["scales"]) == {"110m", "50m"} and "Natural Earth" in data["source"]
    for countries in data["scales"].values():
        for country in countries:
            for ring in country["rings"]:
                lons = [lon for lon, _ in ring]
                # A ring across ±180 would draw a band over the whole map: the build
                # script splits those in two.
                assert max(lons) - min(lons) < 18000, country["name"]


def test_timeline_rows_and_ranges() -> None:
    rows = [{"id": "e1", "type": "ASSAULT", "modality": "asserted", "mentions": 1,
             "date_value": "2016-11-08", "date_earliest": "2016-11-08",
             "date_latest": "2016-11-08"},
            {"id": "e2", "type": "CONSULT", "modality": "future", "mentions": 4,
             "date_value": "2017-01", "date_earliest": "2017-01-01",
             "date_latest": "2017-01-31"},
            {"id": "e3", "type": "AID", "modality": "hypothetical", "mentions": 1}]
    t = event_timeline(rows, href=lambda r: f"/events/{r['id']}")
    assert t is not None and len(t.marks) == 2  # the undated one is left out
    day, month = t.marks
    assert day.x0 == day.x1 and month.x1 > month.x0 and day.y < month.y
    assert month.href == "/events/e2" and "m-future" in month.css
    assert event_timeline(rows[2:]) is None


@pytest.mark.slow
def test_analyze_view_shows_places(db_url: str, analyzer: Any) -> None:
    from newsledger.web.security import CSRF_COOKIE

    text = ("Aid convoys reached Mosul on Monday after a week of delays, officials said. "
            "A second convoy is expected to leave Erbil for the city on Friday.")
    app = create_app(db_url, analyzer_factory=lambda: analyzer)
    with TestClient(app, base_url="http://localhost", client=LOCAL) as c:
        c.get("/analyze")
        r = c.post("/analyze", headers={"accept": "text/html"},
                   data={"csrf_token": c.cookies[CSRF_COOKIE], "text": text})
        assert r.status_code == 200
        assert 'id="places"' in r.text and "→ Mosul" in r.text
        assert len(markers(r.text).markers) >= 2  # Mosul and Erbil on the small map
