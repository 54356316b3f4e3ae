"""A real browser (Debian's Chromium, driven by playwright) against a real server on
127.0.0.1: the reference article's page, where selecting a highlighted forecast shows its
deadline; a search; resolving a forecast; the analyze form storing an article. Our own script
runs under the CSP and nothing is refused. With NEWSLEDGER_SCREENSHOT=1 it writes
docs/screenshot.png (the reference article with a forecast selected).

Chromium comes from `scripts/ensure_chromium.sh` (apt); without it these tests skip."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from newsledger.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "src" / "newsledger" / "data" / "sample" / "valmora_rates_hold.txt"
REFERENCE = ROOT.parent / "shared" / "corpus" / "seed" / "the-duran-mosul-stalled-2016.txt"
# Headless, and kept off the network: no name resolves except the loopback test server, no
# proxy, no background fetches (updates, sync, safe browsing, metrics).
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-proxy-server", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
         "--disable-client-side-phishing-detection", "--disable-default-apps",
         "--metrics-recording-only", "--no-pings"]

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def sync_api() -> Any:
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: run `bash scripts/ensure_chromium.sh` "
                    "(needs apt-get) to enable the browser tests")
    return pytest.importorskip("playwright.sync_api", reason="the playwright package is "
                               "missing: pip install -e '.[dev]'")


@contextmanager
def _serve(db_url: str, analyzer: Any) -> Iterator[str]:
    import uvicorn

    port = _free_port()
    app = create_app(db_url, analyzer_factory=lambda: analyzer)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                            lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def server(db_url: str, analyzer: Any) -> Iterator[str]:
    with _serve(db_url, analyzer) as url:
        yield url


@pytest.fixture
def page(sync_api: Any, tmp_path: Path) -> Iterator[Any]:
    profile = tmp_path / "chromium-profile"
    profile.mkdir()
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=FLAGS,
            viewport={"width": 1280, "height": 900},
        )
        try:
            tab = context.pages[0] if context.pages else context.new_page()
            tab.set_default_timeout(15_000)
            problems: list[str] = []
            tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            tab.on("pageerror", lambda e: problems.append(str(e)))
            tab.on("response", lambda r: problems.append(f"{r.status} {r.url}")
                   if r.status >= 400 else None)
            tab.problems = problems
            yield tab
        finally:
            context.close()
    shutil.rmtree(profile, ignore_errors=True)


def _store_reference(db_url: str, analyzer: Any) -> str:
    """The reference article (../shared), analysed for real and stored; its title."""
    from newsledger.analyze import EXTRACTOR_VERSION
    from newsledger.record import RawDocument
    from newsledger.store import Ledger

    if not REFERENCE.exists():
        pytest.skip(f"the reference article is absent ({REFERENCE})")
    raw = RawDocument(source=str(REFERENCE), data=REFERENCE.read_bytes())
    analysis = analyzer.analyze_raw(raw)
    with Ledger.open(db_url) as ledger:
        ledger.write(analysis.document, analysis.statements, analysis.times,
                     extractor_version=EXTRACTOR_VERSION)
    return str(analysis.document.title)


@pytest.fixture
def reference_server(db_url: str, analyzer: Any) -> Iterator[tuple[str, str]]:
    title = _store_reference(db_url, analyzer)
    with _serve(db_url, analyzer) as url:
        yield url, title


def test_reference_article_forecast_deadline_and_search(
    reference_server: tuple[str, str], page: Any
) -> None:
    server, title = reference_server
    page.goto(server + "/")
    assert page.title() == "Ledger · newsledger"
    assert page.locator("figure.chart svg").count() >= 2
    assert page.evaluate("document.body.dataset.ready") == "1"  # /static/app.js ran
    page.click(f"text={title}")
    page.wait_for_url("**/documents/*")
    forecast = page.locator("#text mark.k-forecast", has_text="inauguration").first
    forecast.hover()
    assert page.locator("tr.active").count() == 1  # its row in the table lights up
    forecast.click()
    detail = page.locator("aside.details .detail.shown")
    assert detail.count() == 1 and detail.is_visible()
    deadline = detail.locator("dd.deadline").inner_text()
    assert deadline.startswith("2017-01"), deadline  # before Trump's inauguration
    assert "author" in detail.inner_text()  # the speaker
    assert page.url.endswith("#detail-" + (forecast.get_attribute("data-statement") or ""))
    if os.environ.get("NEWSLEDGER_SCREENSHOT") == "1":
        (ROOT / "docs").mkdir(exist_ok=True)
        # The selected forecast near the bottom, the text above it, its details beside it.
        forecast.evaluate("m => window.scrollBy(0, m.getBoundingClientRect().top - 660)")
        page.screenshot(path=str(ROOT / "docs" / "screenshot.png"), full_page=False)
    page.fill("form.search input", "inauguration")
    page.press("form.search input", "Enter")
    page.wait_for_url("**/search?q=inauguration")
    assert page.locator("table.statements tbody tr[data-statement]").count() >= 1
    assert page.problems == []  # no CSP refusal, no script error, no failed request


def test_resolve_a_forecast_in_the_browser(server: str, page: Any) -> None:
    page.goto(server + "/forecasts?status=overdue")
    assert page.locator("figure.deadlines svg circle").count() == 2
    page.click("table.forecasts tbody tr >> nth=0 >> td >> nth=2 >> a")
    page.wait_for_url("**/statements/*")
    page.fill("form.resolve:not(.compact) input[name=note]", "It took until July 2017.")
    page.click("form.resolve:not(.compact) button[value=no]")
    page.wait_for_url("**#resolution")
    assert "Resolved no" in page.inner_text("p.current")
    page.goto(server + "/speakers/author")
    assert page.locator("figure.calibration svg circle.dot").count() == 1
    assert page.problems == []


def test_analyze_form_stores_an_article(server: str, page: Any) -> None:
    page.goto(server + "/analyze")
    page.fill("#text", SAMPLE.read_text(encoding="utf-8"))
    page.fill("#published", "2026-09-10")
    page.click("#store-button")
    page.wait_for_url("**/documents/d*", timeout=60_000)
    assert page.locator("div.text mark").count() >= 3
    assert page.locator("figure.timeline svg circle").count() >= 1
    assert page.problems == []
