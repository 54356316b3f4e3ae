"""Forecasts by status, resolution from the web (and its rules), evidence suggestions,
speakers/outlets/authors with their scorecards, the league table; sortable statement lists
with CSV; the offline API docs."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_records import LOCAL, make_doc, make_statement, sample_records

from newsledger.record import Published
from newsledger.scoring import scores
from newsledger.store import Ledger
from newsledger.store.resolutions import due
from newsledger.web import create_app
from newsledger.web.security import CSRF_COOKIE

DOC = sample_records()[0]
OUTCOME_TEXT = "Iraqi forces recaptured Mosul from ISIS in July 2017, after a nine-month battle."


@pytest.fixture
def later(db_url: str) -> str:
    """The sample ledger plus a later article reporting the outcome."""
    doc = make_doc(OUTCOME_TEXT, title="Mosul recaptured", outlet="Courier",
                   source="corpus/mosul-recaptured.txt", url="https://courier.example/mosul",
                   published=Published(value="2017-07-10", precision="day", method="given"),
                   author="=HYPERLINK(\"http://evil.example\")")
    stmt = make_statement(doc, OUTCOME_TEXT, time_orientation="past")
    with Ledger.open(db_url) as ledger:
        ledger.write(doc, [stmt], [])
    return db_url


@pytest.fixture
def web(later: str) -> Iterator[TestClient]:
    with TestClient(create_app(later), base_url="http://localhost", client=LOCAL,
                    follow_redirects=False) as c:
        yield c


def _rows(c: TestClient, url: str) -> list[dict]:  # type: ignore[type-arg]
    r = c.get(url)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["ok"] is True and set(body) >= {"rows", "next"}
    return body["rows"]  # type: ignore[no-any-return]


def _forecast_ids(c: TestClient) -> tuple[str, str]:
    rows = _rows(c, "/forecasts.json")
    assert [r["resolve_by"]["value"] for r in rows] == ["2017-01-20", "2017-03"]  # by deadline
    return rows[0]["id"], rows[1]["id"]


def test_status_as_of_a_date(web: TestClient) -> None:
    early = _rows(web, "/forecasts.json?as_of=2016-12-01")
    assert [r["status"] for r in early] == ["due", "open"]  # March is beyond 90 days
    assert len(_rows(web, "/forecasts.json?status=due&as_of=2016-12-01")) == 1
    assert len(_rows(web, "/forecasts.json?status=open&as_of=2016-12-01")) == 1
    assert [r["status"] for r in _rows(web, "/forecasts.json?as_of=2017-02-01")] == [
        "overdue", "due"]
    body = web.get("/forecasts.json?as_of=2017-02-01").json()
    assert body["counts"] == {"open": 0, "due": 1, "overdue": 1, "resolved": 0}


def test_overdue_matches_the_library(web: TestClient, later: str) -> None:
    overdue = [r["id"] for r in _rows(web, "/forecasts.json?status=overdue")]
    with Ledger.open(later) as ledger:
        assert overdue == [f["id"] for f in due(ledger)]


def test_forecasts_page_has_a_deadline_timeline(web: TestClient) -> None:
    html = web.get("/forecasts?status=overdue").text
    assert "Timeline of deadlines" in html and "m-s-overdue" in html
    assert "Will Mosul fall before 2017-01-20?" in html
    assert web.get("/forecasts?as_of=2016-12-01").text.count('class="today"') == 1


def test_resolve_through_the_json_api(web: TestClient) -> None:
    first, _ = _forecast_ids(web)
    r = web.post(f"/statements/{first}/resolve.json",
                 json={"outcome": "yes", "note": "too early", "on": "2017-01-25"})
    assert r.status_code == 200, r.text
    assert r.json()["resolution"]["outcome"] == "yes"
    r = web.post(f"/statements/{first}/resolve.json", json={"outcome": "no", "by": "editor"})
    assert r.status_code == 200
    body = web.get(f"/statements/{first}.json").json()
    assert [h["outcome"] for h in body["history"]] == ["yes", "no"]  # append-only
    assert body["resolution"]["outcome"] == "no" and body["suggestions"] == []
    resolved = _rows(web, "/forecasts.json?status=resolved")
    assert [(r["id"], r["resolution"]["outcome"]) for r in resolved] == [(first, "no")]
    html = web.get(f"/statements/{first}").text
    assert "too early" in html and "editor" in html


@pytest.mark.parametrize(("body", "status"), [
    ({"outcome": "maybe"}, 400),
    ({"outcome": "yes", "evidence": "not-an-id"}, 400),
    ({"outcome": "yes", "on": "soon"}, 400),
    ({"outcome": "yes", "condition_met": "yes"}, 400),  # it has no condition
])
def test_resolve_refuses_bad_input(web: TestClient, body: dict, status: int) -> None:  # type: ignore[type-arg]
    first, _ = _forecast_ids(web)
    r = web.post(f"/statements/{first}/resolve.json", json=body)
    assert r.status_code == status, r.text
    assert set(r.json()) == {"ok", "error", "status"}


def test_resolve_only_forecasts_that_exist(web: TestClient) -> None:
    claim = _rows(web, "/statements.json?kind=claim")[0]["id"]
    assert web.post(f"/statements/{claim}/resolve.json", json={"outcome": "yes"}
                    ).status_code == 400
    assert web.post("/statements/sffffffffffff/resolve.json", json={"outcome": "yes"}
                    ).status_code == 404


def test_resolve_follows_the_write_rules(later: str) -> None:
    with TestClient(create_app(later), base_url="http://localhost",
                    client=("203.0.113.9", 4000)) as far:
        first = _rows(far, "/forecasts.json")[0]["id"]
        r = far.post(f"/statements/{first}/resolve.json", json={"outcome": "yes"})
        assert r.status_code == 403
    with TestClient(create_app(later, token="s3cret"), base_url="http://localhost",
                    client=LOCAL) as c:
        assert c.post(f"/statements/{first}/resolve.json", json={"outcome": "yes"}
                      ).status_code == 401
        r = c.post(f"/statements/{first}/resolve.json", json={"outcome": "yes"},
                   headers={"authorization": "Bearer s3cret"})
        assert r.status_code == 200
        form = c.post(f"/statements/{first}/resolve", data={"outcome": "no"},
                      headers={"accept": "text/html"})
        assert form.status_code == 403  # a form without its CSRF token


def test_suggestion_confirmed_by_a_person(web: TestClient) -> None:
    first, _ = _forecast_ids(web)
    page = web.get(f"/statements/{first}", headers={"accept": "text/html"})
    assert "Suggested evidence" in page.text and "Iraqi forces recaptured Mosul" in page.text
    assert "Not resolved yet" in page.text  # suggesting resolves nothing
    body = web.get(f"/statements/{first}.json").json()
    evidence = body["suggestions"][0]["statement"]["id"]
    assert body["resolution"] is None
    r = web.post(f"/statements/{first}/resolve", headers={"accept": "text/html"}, data={
        "outcome": "no", "evidence": evidence, "csrf_token": web.cookies[CSRF_COOKIE]})
    assert r.status_code == 303 and r.headers["location"].endswith("#resolution")
    current = web.get(f"/statements/{first}.json").json()["resolution"]
    assert current["evidence_statement_id"] == evidence
    assert current["resolved_on"] == "2017-07-10"  # the evidence's publication date


def test_resolutions_export_and_import(web: TestClient, db_url: str) -> None:
    first, second = _forecast_ids(web)
    web.post(f"/statements/{first}/resolve.json", json={"outcome": "yes"})
    web.post(f"/statements/{first}/resolve.json", json={"outcome": "no", "note": "=1+1"})
    log = _rows(web, "/resolutions.json")
    assert [r["outcome"] for r in log] == ["yes", "no"]
    exported = web.get("/resolutions.csv")
    assert exported.headers["content-type"].startswith("text/csv")
    assert "=1+1" in web.get("/resolutions").text
    other = Path(db_url.removeprefix("sqlite:///")).with_name("other.db")
    with Ledger.open(f"sqlite:///{other}") as ledger:
        ledger.write(*sample_records())
    with TestClient(create_app(f"sqlite:///{other}"), base_url="http://localhost",
                    client=LOCAL) as c:
        r = c.post("/resolutions/import.json", json={"data": exported.text, "format": "csv"})
        assert r.status_code == 200 and r.json()["added"] == 2, r.text
        again = c.post("/resolutions/import.json", json={"data": exported.text})
        assert again.json()["added"] == 0 and again.json()["unchanged"] == 2
        assert [r["status"] for r in _rows(c, "/forecasts.json")][0] == "resolved"
        assert c.post("/resolutions/import.json", json={"data": "[1]"}).status_code == 400
        form = c.post("/resolutions/import", data={"data": exported.text})
        assert form.status_code == 403  # a form needs its CSRF token
    with TestClient(create_app(db_url), base_url="http://localhost",
                    client=("203.0.113.9", 4000)) as far:
        r = far.post("/resolutions/import.json", json={"data": exported.text})
        assert r.status_code == 403


def test_scorecards_and_league_table(web: TestClient, later: str) -> None:
    first, second = _forecast_ids(web)
    for ident, outcome in ((first, "no"), (second, "yes")):
        web.post(f"/statements/{ident}/resolve.json", json={"outcome": outcome})
    league = _rows(web, "/scores.json")
    assert [(r["speaker"], r["n"]) for r in league] == [("author", 2)]
    # hand-computed: (0.915 - 0)^2 and (0.45 - 1)^2
    assert league[0]["brier"] == pytest.approx((0.915**2 + 0.55**2) / 2, abs=1e-6)
    with Ledger.open(later) as ledger:
        for by in ("speaker", "author", "outlet"):
            library = scores(ledger, by=by)  # type: ignore[arg-type]
            body = web.get(f"/scores.json?by={by}").json()
            assert body["rows"] == library.to_dict()["rows"]
            assert body["skipped"] == dict(library.skipped)
    outlet = _rows(web, "/scores.json?by=outlet")
    assert outlet[0]["outlet"] == "The Duran"
    html = web.get("/scores?by=outlet").text
    assert 'href="/outlets/The%20Duran#scorecard"' in html
    card = web.get("/speakers/author").text
    assert "Calibration" in card and "n=1" in card and "<svg" in card
    body = web.get("/outlets/the duran.json").json()  # names match case-insensitively
    assert body["profile"]["name"] == "The Duran" and body["score"]["n"] == 2


def test_people_pages(web: TestClient) -> None:
    speakers = _rows(web, "/speakers.json")
    assert {s["name"] for s in speakers} == {"author", "Russian media reports"}
    body = web.get("/speakers/Russian%20media%20reports.json").json()
    assert body["profile"]["claims"] == 1 and body["score"] is None
    assert [b["n"] for b in body["profile"]["bands"]] == [0, 0, 1, 0, 0]  # 50-80 %: likely
    assert body["profile"]["hedges"] == [{"phrase": "claim", "n": 1}]
    html = web.get("/speakers/author?kind=forecast").text
    assert "How hedged" in html and "Will the city fall by 2017-03?" in html
    assert "Kurdish militia" not in html
    assert {o["name"] for o in _rows(web, "/outlets.json")} == {"The Duran", "Courier"}
    assert web.get("/outlets/Courier").status_code == 200
    assert web.get("/authors.json").status_code == 200
    r = web.get("/speakers/nobody.json")
    assert r.status_code == 404 and r.json()["status"] == 404


def test_home_has_due_overdue_and_sources(web: TestClient) -> None:
    body = web.get("/index.json").json()
    assert [f["status"] for f in body["overdue"]] == ["overdue", "overdue"]
    assert body["cited_sources"][0]["name"] == "Russian media reports"
    assert body["cited_sources"][0]["type"] == "media"
    html = web.get("/").text
    assert "Most cited sources" in html and "Falling due soon" in html and "Overdue" in html


def test_statements_sort_and_filter(web: TestClient) -> None:
    hedged = _rows(web, "/statements.json?sort=hedged")
    mids = [(s["certainty"]["low"] + s["certainty"]["high"]) / 2 for s in hedged]
    assert mids == sorted(mids)
    certain = _rows(web, "/statements.json?sort=certain")
    assert [s["id"] for s in certain][-1] == hedged[0]["id"]
    assert [s["title"] for s in _rows(web, "/statements.json?sort=oldest")][0] == DOC.title
    assert [s["title"] for s in _rows(web, "/statements.json?sort=newest")][0] == (
        "Mosul recaptured")
    assert len(_rows(web, "/statements.json?certainty_min=0.9")) == 3  # 0.915, 0.925 ×2
    assert len(_rows(web, "/statements.json?certainty_max=50%")) == 1
    assert len(_rows(web, "/statements.json?published_after=2017")) == 1
    assert len(_rows(web, "/statements.json?published_before=2016-11")) == 4
    page = _rows(web, "/statements.json?sort=hedged&limit=2&offset=2")
    assert [s["id"] for s in page] == [s["id"] for s in hedged[2:4]]
    html = web.get("/statements?sort=hedged&kind=claim").text
    assert 'href="/statements.csv?sort=hedged&amp;kind=claim"' in html
    assert 'aria-sort="ascending"' in html  # the certainty column, least certain first
    assert 'href="/statements?sort=certain&amp;kind=claim"' in html  # its link turns it


def test_csv_download_is_the_current_view(web: TestClient) -> None:
    r = web.get("/statements.csv?sort=hedged&limit=3")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    expected = _rows(web, "/statements.json?sort=hedged&limit=3")
    assert [row["id"] for row in rows] == [s["id"] for s in expected]
    search = web.get("/search.csv?q=mosul").text
    assert "Mosul" in search and search.startswith("id,kind,text")


def test_csv_cells_cannot_be_formulas(web: TestClient) -> None:
    r = web.get("/statements.csv?search=recaptured")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert rows and all(not v.startswith(("=", "+", "-", "@")) for row in rows
                        for v in row.values())


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href") and value and "//" in value and tag in (
                    "script", "link", "img", "iframe"):
                self.external.append(value)


def test_docs_work_offline(web: TestClient) -> None:
    r = web.get("/docs")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    refs = _Refs()
    refs.feed(r.text)
    assert refs.external == []
    for path in ("/statements/{ident}/resolve.json", "/forecasts.json", "/speakers/{name}"):
        assert path in r.text
    spec = web.get("/openapi.json").json()
    assert "/statements/{ident}/resolve" in spec["paths"]


def test_static_assets_are_local() -> None:
    static = Path(__file__).resolve().parents[2] / "src" / "newsledger" / "web"
    for path in list(static.glob("static/*")) + list(static.glob("templates/*.html")):
        text = path.read_text(encoding="utf-8")
        assert "@import" not in text and "@font-face" not in text, path
        assert "cdn" not in text.lower() and "googleapis" not in text, path
