"""A real browser on the events page: a ledger built from the bundled sample corpus (analysed
for real) plus a hand-made wire report whose five events have one modality each. The map
draws under the CSP with no network, its markers are apart by modality, the zoom buttons
work (our static script), and a marker leads to its event. With NEWSLEDGER_SCREENSHOT=1 it
writes docs/map.png for the README.

Needs Chromium (scripts/ensure_chromium.sh) and playwright, like test_browser.py."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_browser import _serve, page, sync_api  # noqa: F401  (fixtures)
from web_event_records import event_records

from newsledger.record import RawDocument
from newsledger.store import Ledger

pytestmark = [pytest.mark.slow, pytest.mark.timeout(240)]

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "src" / "newsledger" / "data" / "sample"


@pytest.fixture
def events_server(tmp_path: Path, analyzer: Any) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'events.db'}"
    with Ledger.open(url) as ledger:
        for path in sorted(SAMPLE.glob("*.txt")):
            found = analyzer.analyze_raw(RawDocument(source=str(path), data=path.read_bytes()))
            ledger.write(found.document, found.statements, found.times, places=found.places,
                         events=found.events)
        doc, stmts, places, events = event_records()
        ledger.write(doc, stmts, [], places=places, events=events)
    with _serve(url, analyzer) as base:
        yield base


def test_events_map_in_the_browser(events_server: str, page: Any) -> None:  # noqa: F811
    page.goto(events_server + "/events")
    assert page.title() == "Events · newsledger"
    svg = page.locator("figure.map svg.map")
    assert svg.is_visible()
    assert page.locator("svg.map path.land").count() > 10
    for modality in ("asserted", "historical", "future", "hypothetical", "negated"):
        assert page.locator(f"svg.map g.marker.m-{modality}").count() >= 1, modality
    # Future events are hollow and dashed, asserted ones solid: the CSS really applies.
    future = page.locator("svg.map g.marker.m-future .shape").first
    asserted = page.locator("svg.map g.marker.m-asserted .shape").first
    assert future.evaluate("e => getComputedStyle(e).strokeDasharray") not in ("none", "")
    assert future.evaluate("e => getComputedStyle(e).fill") == "rgb(255, 255, 255)"
    assert asserted.evaluate("e => getComputedStyle(e).strokeDasharray") == "none"
    assert asserted.evaluate("e => getComputedStyle(e).fill") != "rgb(255, 255, 255)"
    assert page.locator("figure.events-timeline svg g.marker").count() >= 4
    if os.environ.get("NEWSLEDGER_SCREENSHOT") == "1":
        (ROOT / "docs").mkdir(exist_ok=True)
        # The map, its legends, the timeline and the first rows of the table.
        main = page.locator("main").bounding_box()
        page.screenshot(path=str(ROOT / "docs" / "map.png"), full_page=True, clip={
            "x": main["x"], "y": main["y"], "width": main["width"],
            "height": min(main["height"], 1300)})
    # The zoom buttons (static/map.js) change the view; "fit" brings it back.
    before = svg.get_attribute("viewBox")
    pin = page.locator("svg.map g.marker.m-asserted .shape").first
    size = pin.bounding_box()["width"]
    page.click(".map-controls button[data-zoom=in]")
    zoomed = svg.get_attribute("viewBox")
    assert zoomed != before
    assert float(zoomed.split()[2]) < float(before.split()[2])  # type: ignore[union-attr]
    # The map doubled under the markers; they kept their size on screen.
    assert abs(pin.bounding_box()["width"] - size) < 1.5
    page.click(".map-controls button[data-zoom=fit]")
    assert svg.get_attribute("viewBox") == before
    box = svg.bounding_box()
    page.mouse.move(box["x"] + 40, box["y"] + 40)  # a corner: sea or land, no marker
    page.mouse.down()
    page.mouse.move(box["x"] + 140, box["y"] + 60, steps=4)
    page.mouse.up()
    dragged = svg.get_attribute("viewBox") or ""
    assert float(dragged.split()[0]) < float(before.split()[0])  # type: ignore[union-attr]
    page.click(".map-controls button[data-zoom=fit]")
    # A filter narrows the map too; a marker opens its event.
    page.select_option("form.filters select[name=modality]", "future")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/events?*modality=future*")
    assert page.locator("svg.map g.marker.m-asserted").count() == 0
    page.locator("svg.map a:has(g.marker.m-future)").first.click()
    page.wait_for_url("**/events/*")
    assert page.locator("table.mentions tbody tr").count() >= 1
    assert page.problems == []  # no CSP refusal, no script error, no failed request
