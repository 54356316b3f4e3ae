"""Analysing and storing through the web, with the real analyzer (the spaCy model)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_records import LOCAL

from newsledger.web import create_app
from newsledger.web.security import CSRF_COOKIE

pytestmark = pytest.mark.slow

ARTICLE = (
    "Valmora's central bank held its main interest rate at 4.5 percent on Thursday.\n\n"
    "The governor said inflation will almost certainly fall below 3 percent by March 2027. "
    "According to analysts at Northgate Bank, the bank may cut rates in January.\n\n"
    "Critics have claimed that the decision hurts small businesses across the country."
)


@pytest.fixture
def live(db_url: str, analyzer: Any) -> Iterator[TestClient]:
    app = create_app(db_url, analyzer_factory=lambda: analyzer)
    with TestClient(app, base_url="http://localhost", client=LOCAL,
                    follow_redirects=False) as c:
        yield c


def _csrf(c: TestClient) -> str:
    c.get("/analyze")
    return c.cookies[CSRF_COOKIE]


def test_analyze_json_is_the_record(live: TestClient) -> None:
    r = live.post("/analyze.json", json={"text": ARTICLE, "published": "2026-11-05"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert {"ok", "document", "statements", "times"} <= set(body)  # fields are only added
    assert body["document"]["published"]["value"] == "2026-11-05"
    forecasts = [s for s in body["statements"] if s["kind"] == "forecast"]
    assert any(s["resolve_by"] and s["resolve_by"]["value"] == "2027-03" for s in forecasts)
    assert live.get("/index.json").json()["summary"]["documents"] == 2  # nothing stored


def test_analyze_form_shows_the_marked_text(live: TestClient) -> None:
    r = live.post("/analyze", data={"text": ARTICLE, "csrf_token": _csrf(live)},
                  headers={"accept": "text/html"})
    assert r.status_code == 200, r.text
    assert "<mark" in r.text and "not stored" in r.text and "k-forecast" in r.text


def test_ingest_form_stores_and_redirects(live: TestClient) -> None:
    token = _csrf(live)
    r = live.post("/ingest", files={"file": ("rates.txt", ARTICLE.encode(), "text/plain")},
                  data={"csrf_token": token, "published": "2026-11-05"},
                  headers={"accept": "text/html"})
    assert r.status_code == 303
    where = r.headers["location"]
    page = live.get(where)
    assert page.status_code == 200 and "almost certainly" in page.text
    assert live.get("/index.json").json()["summary"]["documents"] == 3
    again = live.post("/ingest.json", json={"text": ARTICLE, "published": "2026-11-05"})
    assert again.json()["stored"] is False and again.json()["url"] == where


def test_ingest_drop_is_recorded(live: TestClient) -> None:
    r = live.post("/ingest", files={"file": ("blob.bin", b"\x00\x01\x02" * 100,
                                             "application/octet-stream")},
                  data={"csrf_token": _csrf(live)}, headers={"accept": "application/json"})
    assert r.status_code == 422 and r.json()["ok"] is False
    drops = live.get("/drops.json").json()["rows"]
    assert any(d["source"] == "upload:blob.bin" for d in drops)
