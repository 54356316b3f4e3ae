"""A real browser (Debian's Chromium, driven by playwright) against a real server on
127.0.0.1: the pages render, our own script runs under the CSP and nothing is refused,
the form flow stores an article. With NEWSLEDGER_SCREENSHOT=1 it writes docs/screenshot.png.

Chromium comes from `scripts/ensure_chromium.sh` (apt); without it these tests skip."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsledger.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "src" / "newsledger" / "data" / "sample" / "valmora_rates_hold.txt"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

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


@pytest.fixture
def server(db_url: str, analyzer: Any) -> Iterator[str]:
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


def test_pages_render_and_script_runs(server: str, page: Any) -> None:
    page.goto(server + "/")
    assert page.title() == "Ledger · newsledger"
    assert page.locator("figure.chart svg").count() >= 2
    assert page.evaluate("document.body.dataset.ready") == "1"  # /static/app.js ran
    page.click("text=Mosul offensive stalled")
    page.wait_for_url("**/documents/*")
    mark = page.locator("mark.k-claim").first
    mark.hover()
    assert "active" in (page.locator("tr.active").first.get_attribute("class") or "")
    mark.click()
    page.wait_for_url("**/statements/*")
    assert "Russian media reports" in page.inner_text("dl.meta")
    page.fill("form.search input", "militia")
    page.press("form.search input", "Enter")
    page.wait_for_url("**/search?q=militia")
    assert page.locator("table.statements tbody tr").count() == 1
    assert page.problems == []  # no CSP refusal, no script error


def test_analyze_form_stores_an_article(server: str, page: Any) -> None:
    page.goto(server + "/analyze")
    page.fill("#text", SAMPLE.read_text(encoding="utf-8"))
    page.fill("#published", "2026-09-10")
    page.click("#store-button")
    page.wait_for_url("**/documents/d*", timeout=60_000)
    assert page.locator("div.text mark").count() >= 3
    assert page.locator("figure.timeline svg circle").count() >= 1
    assert page.problems == []
    if os.environ.get("NEWSLEDGER_SCREENSHOT") == "1":
        (ROOT / "docs").mkdir(exist_ok=True)
        page.screenshot(path=str(ROOT / "docs" / "screenshot.png"), full_page=False)
