"""The one error shape, and what keeps the server from being used against its user."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from web_records import LOCAL

from newsledger.web import create_app
from newsledger.web.security import CSRF_COOKIE

ERROR_CASES = [
    ("GET", "/nope.json", 404),
    ("GET", "/documents/dffffffffffffff.json", 404),
    ("GET", "/statements/sffffffffffffff.json", 404),
    ("GET", "/documents/abc.json", 404),  # a prefix shorter than MIN_PREFIX finds nothing
    ("GET", "/statements.json?kind=opinion", 400),
    ("GET", "/statements.json?due_before=soon", 400),
    ("GET", "/statements.json?limit=0", 400),
    ("GET", "/statements.json?limit=many", 400),
    ("GET", "/documents.json?offset=-1", 400),
    ("GET", "/forecasts.json?due_after=2017-13", 400),
    ("DELETE", "/documents.json", 405),
    ("GET", "/forecasts.json?status=late", 400),
    ("GET", "/forecasts.json?as_of=2017-01", 400),
    ("GET", "/statements.json?sort=loudest", 400),
    ("GET", "/statements.csv?certainty_min=2", 400),
    ("GET", "/statements.json?published_after=yesterday", 400),
    ("GET", "/speakers/nobody.json", 404),
    ("GET", "/outlets/nowhere.json", 404),
    ("GET", "/scores.json?by=planet", 400),
    ("POST", "/statements/sffffffffffff/resolve.json", 415),
    ("GET", "/statements/sffffffffffff/resolve.json", 405),
    ("POST", "/analyze.json", 415),
]


@pytest.mark.parametrize(("method", "url", "status"), ERROR_CASES)
def test_error_shape(client: TestClient, method: str, url: str, status: int) -> None:
    r = client.request(method, url)
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"ok", "error", "status"}
    assert body["ok"] is False and body["status"] == status and body["error"]


def test_error_page_is_html_for_browsers(client: TestClient) -> None:
    r = client.get("/documents/dffffffffffffff", headers={"accept": "text/html"})
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "no document with id" in r.text
    assert "content-security-policy" in r.headers


def test_csp_forbids_inline_scripts(client: TestClient) -> None:
    csp = client.get("/").headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert directives["object-src"] == "'none'"


def _form_post(client: TestClient, url: str, data: dict[str, str], *, csrf: bool = True
               ) -> object:
    if csrf:
        client.get("/analyze")
        data = {**data, "csrf_token": client.cookies[CSRF_COOKIE]}
    return client.post(url, data=data, headers={"accept": "application/json"})


def test_form_post_without_csrf_is_refused(client: TestClient) -> None:
    r = client.post("/analyze", data={"text": "Hello."}, headers={"accept": "application/json"})
    assert r.status_code == 403 and "CSRF" in r.json()["error"]
    client.get("/analyze")
    r = client.post("/ingest", data={"text": "Hello.", "csrf_token": "0" * 16 + ".bad"},
                    headers={"accept": "application/json"})
    assert r.status_code == 403


def test_forged_csrf_cookie_is_refused(db_url: str) -> None:
    app = create_app(db_url, secret=b"k" * 32)
    forged = "a" * 32 + "." + "0" * 32
    with TestClient(app, base_url="http://localhost", client=LOCAL,
                    cookies={CSRF_COOKIE: forged}) as c:
        r = c.post("/analyze", data={"text": "x", "csrf_token": forged},
                   headers={"accept": "application/json"})
        assert r.status_code == 403


def test_writes_from_elsewhere_need_a_token(db_url: str) -> None:
    app = create_app(db_url)
    with TestClient(app, base_url="http://localhost", client=("203.0.113.9", 4000)) as c:
        assert c.get("/analyze.json").json()["writable"] is False
        r = c.post("/ingest.json", json={"text": "Hello there."})
        assert r.status_code == 403 and r.json()["status"] == 403


def test_token_server_refuses_writes_without_it(db_url: str) -> None:
    app = create_app(db_url, token="s3cret-token")
    with TestClient(app, base_url="http://localhost", client=LOCAL) as c:
        r = c.post("/ingest.json", json={"text": "Hello there."})
        assert r.status_code == 401
        r = c.post("/ingest.json", json={"text": "Hello."},
                   headers={"authorization": "Bearer wrong"})
        assert r.status_code == 401
        client_form = _form_post(c, "/ingest", {"text": "Hello.", "token": "nope"})
        assert client_form.status_code == 401  # type: ignore[attr-defined]


def test_unknown_host_is_refused(client: TestClient) -> None:
    r = client.get("/", headers={"host": "evil.example"})
    assert r.status_code == 400
    assert r.json() == {"ok": False, "error": "unexpected Host header", "status": 400}


def test_body_size_cap(db_url: str) -> None:
    app = create_app(db_url, max_upload_bytes=1000)
    with TestClient(app, base_url="http://localhost", client=LOCAL) as c:
        r = c.post("/analyze.json", json={"text": "x" * 200_000})
        assert r.status_code == 413 and r.json()["status"] == 413
        c.get("/analyze")
        r = c.post("/analyze", files={"file": ("big.txt", b"y" * 5000, "text/plain")},
                   data={"csrf_token": c.cookies[CSRF_COOKIE]},
                   headers={"accept": "application/json"})
        assert r.status_code == 413 and r.json()["status"] == 413


def test_url_analysis_refuses_loopback(client: TestClient) -> None:
    r = client.post("/analyze.json", json={"url": "http://127.0.0.1:9/secret"})
    assert r.status_code == 400
    assert "private_address" in r.json()["error"]
    r = client.post("/analyze.json", json={"url": "file:///etc/passwd"})
    assert r.status_code == 400 and "bad_url" in r.json()["error"]


def test_exactly_one_input(client: TestClient) -> None:
    r = client.post("/analyze.json", json={"text": "a", "url": "https://example.org/"})
    assert r.status_code == 400
    r = client.post("/analyze.json", json={})
    assert r.status_code == 400
    r = client.post("/analyze.json", content=b"[1]", headers={"content-type": "application/json"})
    assert r.status_code == 400
