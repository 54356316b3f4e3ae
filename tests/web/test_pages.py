"""Every read route, as a page and as its JSON twin, through an in-process ASGI client."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from web_records import sample_records

DOC_ID = sample_records()[0].id


def _ok_json(client: TestClient, url: str, **kw: str) -> dict:  # type: ignore[type-arg]
    r = client.get(url, **kw)  # type: ignore[arg-type]
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert body["ok"] is True
    return body  # type: ignore[no-any-return]


def _ok_html(client: TestClient, url: str) -> str:
    r = client.get(url)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    return r.text


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs += [v for k, v in attrs if k == "href" and v]


def test_home(client: TestClient) -> None:
    html = _ok_html(client, "/")
    assert "Mosul offensive stalled" in html and "<svg" in html
    body = _ok_json(client, "/index.json")
    assert body["summary"]["documents"] == 2
    assert body["summary"]["statements"]["forecast"] == 2
    assert body["deadlines_by_month"] == [{"month": "2017-01", "forecasts": 1},
                                          {"month": "2017-03", "forecasts": 1}]
    assert [d["title"] for d in body["recent_documents"]][:1]


def test_accept_header_gives_json(client: TestClient) -> None:
    body = _ok_json(client, "/documents", headers={"accept": "application/json"})
    assert len(body["rows"]) == 2


def test_documents_list_and_paging(client: TestClient) -> None:
    html = _ok_html(client, "/documents")
    assert "Quiet note" in html
    body = _ok_json(client, "/documents.json?limit=1")
    assert len(body["rows"]) == 1 and body["next"] is not None
    second = _ok_json(client, body["next"].replace("/documents?", "/documents.json?"))
    assert len(second["rows"]) == 1 and second["next"] is None
    assert second["rows"][0]["id"] != body["rows"][0]["id"]


def test_document_page(client: TestClient) -> None:
    html = _ok_html(client, f"/documents/{DOC_ID}")
    assert 'class="k-forecast c-certain"' in html and "almost certainly" in html
    assert 'class="k-forecast c-uncertain"' in html  # "may": shaded lighter, dotted
    assert "<svg" in html and "m-deadline" in html  # the timeline has the deadlines
    body = _ok_json(client, f"/documents/{DOC_ID}.json")
    assert body["document"]["id"] == DOC_ID
    assert {s["kind"] for s in body["statements"]} == {
        "claim", "forecast", "past_forecast_reference"}
    prefix = _ok_json(client, f"/documents/{DOC_ID[:8]}.json")
    assert prefix["document"]["id"] == DOC_ID


def test_document_links_resolve(client: TestClient) -> None:
    parser = _Links()
    parser.feed(_ok_html(client, f"/documents/{DOC_ID}"))
    internal = {h.split("#")[0] for h in parser.hrefs if h.startswith("/")}
    for href in sorted(internal):
        assert client.get(href).status_code == 200, href


def test_statements_filters(client: TestClient) -> None:
    assert "Kurdish militia" in _ok_html(client, "/statements")
    body = _ok_json(client, "/statements.json?kind=claim")
    assert [s["speaker"] for s in body["rows"]] == ["Russian media reports"]
    body = _ok_json(client, "/statements.json?speaker=russian&outlet=duran")
    assert len(body["rows"]) == 1
    assert len(_ok_json(client, "/statements.json?q=militia")["rows"]) == 1  # q: search
    body = _ok_json(client, "/statements.json?due_before=2017-01")
    assert [s["resolve_by"]["value"] for s in body["rows"]] == ["2017-01-20"]


def test_forecasts(client: TestClient) -> None:
    html = _ok_html(client, "/forecasts")
    assert "Will Mosul fall before 2017-01-20?" in html and "<svg" in html
    body = _ok_json(client, "/forecasts.json?due_after=2017-02")
    assert [s["proposition"] for s in body["rows"]] == ["Will the city fall by 2017-03?"]


def test_search(client: TestClient) -> None:
    assert "Kurdish militia" in _ok_html(client, "/search?q=kurdish")
    body = _ok_json(client, "/search.json?q=militia stalled")
    assert len(body["rows"]) == 1
    assert _ok_json(client, "/search.json?q=")["rows"] == []
    # FTS syntax in the words is taken literally, never as a query language
    assert _ok_json(client, '/search.json?q=" OR ( NEAR')["rows"] == []
    _ok_html(client, "/search")


def test_statement_page(client: TestClient) -> None:
    stmt = _ok_json(client, "/statements.json?kind=claim")["rows"][0]
    html = _ok_html(client, f"/statements/{stmt['id']}")
    assert "<mark" in html and "Russian media reports" in html
    body = _ok_json(client, f"/statements/{stmt['id']}.json")
    assert body["statement"]["id"] == stmt["id"]
    assert body["document"]["id"] == DOC_ID and "text" not in body["document"]


def test_drops(client: TestClient) -> None:
    assert "no text in the file" in _ok_html(client, "/drops")
    assert _ok_json(client, "/drops.json")["rows"][0]["reason"] == "empty"
    assert _ok_json(client, "/drops.json?reason=binary")["rows"] == []


def test_analyze_form(client: TestClient) -> None:
    html = _ok_html(client, "/analyze")
    assert 'name="csrf_token"' in html
    assert "newsledger_csrf" in client.cookies
    body = _ok_json(client, "/analyze.json")
    assert body["writable"] is True and body["needs_token"] is False


def test_static_files(client: TestClient) -> None:
    for name in ("style.css", "app.js"):
        r = client.get(f"/static/{name}")
        assert r.status_code == 200 and "content-security-policy" in r.headers


@pytest.mark.parametrize("url", ["/", "/documents", "/statements", "/forecasts", "/drops",
                                 "/analyze", "/search?q=x", "/forecasts?status=due",
                                 "/speakers", "/outlets", "/authors", "/scores",
                                 "/speakers/author", "/outlets/The%20Duran", "/resolutions",
                                 "/statements?sort=hedged&kind=claim", "/docs"])
def test_every_page_has_json_link_target(client: TestClient, url: str) -> None:
    parser = _Links()
    parser.feed(_ok_html(client, url))
    twins = [h for h in parser.hrefs if ".json" in h]
    assert twins, url
    if twins[-1] == "/openapi.json":  # the API page's twin is the OpenAPI document
        assert "/statements.json" in client.get(twins[-1]).json()["paths"]
    else:
        _ok_json(client, twins[-1])
