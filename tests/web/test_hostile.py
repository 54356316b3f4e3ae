"""An article that carries markup in its title, body, URL and every field a statement has:
none of it may become live in any page (no script element or handler attribute from it, no
`javascript:` link)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from web_records import LOCAL, make_doc, make_statement

from newsledger.record import Source
from newsledger.store import Ledger
from newsledger.web import create_app
from newsledger.web.security import CSRF_COOKIE

pytestmark = pytest.mark.slow

SCRIPT = "<script>alert('pwned')</script>"
IMG = '<img src=x onerror="alert(1)">'
LINK = '<a href="javascript:alert(2)">read more</a>'

HOSTILE_TEXT = (
    f"{SCRIPT} Rates decision {IMG}\n\n"
    f"The governor {SCRIPT} said inflation will almost certainly fall below 3 percent by "
    f"March 2027, according to {IMG} analysts. {LINK}\n\n"
    f"Officials have claimed that {IMG} the bank may cut rates in January. "
    f"Critics said the {LINK} decision hurts small businesses across the country."
)
HOSTILE_HTML = (
    "<html><head><title>&lt;script&gt;alert('title')&lt;/script&gt; Rates hold</title>"
    '<meta property="og:url" content="javascript:alert(3)"></head><body><article>'
    "<h1>&lt;script&gt;alert('title')&lt;/script&gt; Rates hold</h1>"
    "<p>The governor &lt;img src=x onerror=alert(4)&gt; said inflation will almost certainly "
    "fall below 3 percent by March 2027, according to analysts at Northgate Bank.</p>"
    '<p>Officials have claimed that the bank may cut rates in January. '
    '<a href="javascript:alert(5)" onclick="alert(6)">Read more</a> about the '
    "&lt;a href=&quot;javascript:alert(7)&quot;&gt;decision&lt;/a&gt; here.</p>"
    "<p>Critics said the decision hurts small businesses across the whole country, "
    "and the opposition has promised to raise it in parliament next week.</p>"
    "<script>alert('inline')</script></article></body></html>"
)


class _Audit(HTMLParser):
    """Collects every script element and every attribute that could run code."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            src = dict(attrs).get("src") or ""
            if not src.startswith("/static/"):
                self.problems.append(f"script element {attrs}")
            self.in_script = True
        if tag in ("img", "iframe", "object", "embed", "base", "frame"):
            self.problems.append(f"<{tag}> element {attrs}")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"handler attribute {name}={value!r} on <{tag}>")
            squashed = re.sub(r"[\x00-\x20]", "", value or "").lower()
            if name in ("href", "src", "action", "formaction", "xlink:href", "data") and (
                squashed.startswith(("javascript:", "vbscript:", "data:text/html"))
            ):
                self.problems.append(f"{name}={value!r} on <{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and data.strip():
            self.problems.append(f"inline script {data[:60]!r}")


def audit(html: str) -> list[str]:
    parser = _Audit()
    parser.feed(html)
    parser.close()
    return parser.problems


@pytest.fixture
def hostile(db_url: str, analyzer: Any) -> Iterator[TestClient]:
    # A document written straight to the ledger, with markup in every field a page shows.
    doc = make_doc(HOSTILE_TEXT, title=f"{SCRIPT} title {IMG}", outlet=f"{IMG} Outlet",
                   author=SCRIPT, url="javascript:alert(document.cookie)",
                   source=f"{SCRIPT}.txt")
    stmt = make_statement(
        doc, f"The governor {SCRIPT} said", kind="forecast",
        speaker=f"{IMG} speaker", source=Source(text=LINK, type=SCRIPT), cue=IMG,
        proposition=f"Will {SCRIPT} happen?", condition=LINK, refers_to="javascript:alert(8)",
    )
    with Ledger.open(db_url) as ledger:
        ledger.write(doc, [stmt], [])
        ledger.record_drop(f"{SCRIPT}.html", f"{IMG}", f"{LINK} message")
    app = create_app(db_url, analyzer_factory=lambda: analyzer)
    with TestClient(app, base_url="http://localhost", client=LOCAL) as c:
        yield c


def _pages(c: TestClient) -> list[str]:
    docs = c.get("/documents.json?limit=500").json()["rows"]
    stmts = c.get("/statements.json?limit=500").json()["rows"]
    urls = ["/", "/documents", "/statements", "/forecasts", "/drops", "/analyze",
            "/search?q=script", "/search?q=" + quote(SCRIPT), "/statements?speaker=img",
            "/documents/" + quote(SCRIPT, safe=""), "/nowhere/" + quote(IMG, safe=""),
            "/forecasts?status=overdue", "/forecasts?status=resolved", "/speakers", "/outlets",
            "/authors", "/scores", "/scores?by=outlet", "/scores?by=author", "/docs",
            "/statements?sort=hedged", "/speakers/" + quote(f"{IMG} speaker", safe=""),
            "/outlets/" + quote(f"{IMG} Outlet", safe=""), "/authors/" + quote(SCRIPT, safe=""),
            "/speakers/" + quote(SCRIPT, safe=""), "/events",
            "/events?actor=" + quote(SCRIPT), "/events?place=" + quote(IMG, safe=""),
            "/events/" + quote(SCRIPT, safe="")]
    urls += [f"/documents/{d['id']}" for d in docs]
    urls += [f"/statements/{quote(s['id'], safe='')}" for s in stmts]
    return urls


def test_no_markup_from_the_article_is_live(hostile: TestClient) -> None:
    token = hostile.get("/analyze").cookies.get(CSRF_COOKIE) or hostile.cookies[CSRF_COOKIE]
    stored = hostile.post("/ingest", headers={"accept": "text/html"}, data={
        "csrf_token": token}, files={"file": ("hostile.txt", HOSTILE_TEXT.encode(), "text/plain")})
    assert stored.status_code == 200, stored.text  # followed the redirect to the document
    assert "&lt;script&gt;" in stored.text  # the markup is there, as text
    forecast = hostile.get("/forecasts.json?search=governor").json()["rows"][0]["id"]
    resolved = hostile.post(f"/statements/{forecast}/resolve.json", json={
        "outcome": "yes", "note": SCRIPT + LINK, "by": IMG,
        "evidence": "https://example.org/" + quote(SCRIPT)})
    assert resolved.status_code == 200, resolved.text
    via_html = hostile.post("/ingest.json", json={"text": HOSTILE_HTML})
    assert via_html.status_code == 200 and via_html.json()["stored"], via_html.text
    shown = hostile.post("/analyze", headers={"accept": "text/html"},
                         data={"csrf_token": token, "text": HOSTILE_TEXT})
    assert shown.status_code == 200 and "<mark" in shown.text
    pages = {"POST /analyze": shown.text}
    for url in _pages(hostile):
        r = hostile.get(url, headers={"accept": "text/html"})
        assert r.headers["content-type"].startswith("text/html"), url
        pages[url] = r.text
    assert len(pages) > 12
    escaped_somewhere = sum("&lt;script&gt;" in html for html in pages.values())
    assert escaped_somewhere >= 12  # the hostile strings really reached the pages
    assert all(r.status_code < 500 for r in [hostile.get(u) for u in _pages(hostile)])
    csv_text = hostile.get("/statements.csv?limit=500").text
    assert "<script>" in csv_text  # a download is data, served as text/csv, not a page
    for url, html in pages.items():
        assert audit(html) == [], url


def test_audit_catches_live_markup() -> None:
    assert audit(f"<p>{SCRIPT}</p>")
    assert audit(f"<p>{IMG}</p>")
    assert audit(f"<p>{LINK}</p>")
    assert audit('<a href=" JaVa\tScRiPt:alert(1)">x</a>')
    assert not audit('<script src="/static/app.js" defer></script><p>&lt;script&gt;</p>')
