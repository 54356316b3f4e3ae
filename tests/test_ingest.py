"""Bad input never aborts a batch, never leaves half a document, and a re-run resumes."""

from __future__ import annotations

import http.server
import json
import os
import signal
import socketserver
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsledger.cli import app

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "bad"
ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()

GOOD = ("Harbour board approves dredging plan\n\nThe harbour board approved a plan on Monday "
        "to deepen the main channel. The chairwoman said the work will start in March 2027 "
        "and will take about eight months. Fishing groups said they fear the dredging could "
        "harm spawning grounds.\n")


def ingest(*args: str) -> Any:
    return runner.invoke(app, ["ingest", *args, "--json"], catch_exceptions=False)


def test_bad_files_are_dropped_with_reasons_and_the_batch_goes_on(tmp_path: Path) -> None:
    db = tmp_path / "bad.db"
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    big = tmp_path / "huge.txt"
    with big.open("wb") as fh:  # 50 MB, made on the fly rather than kept in the repo
        fh.truncate(50 * 1024 * 1024)
    inputs = [str(FIXTURES / n) for n in ("binary.bin", "empty.txt", "undecodable.txt",
                                         "german.txt", "no_main_text.html", "latin1.txt")]
    result = ingest(*inputs, str(big), str(tmp_path / "missing.txt"), str(good), "--db", str(db))
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["stored"] == 2  # latin1.txt decodes; good.txt is fine
    assert report["dropped"] == {"binary": 1, "empty": 1, "undecodable": 1, "not_english": 1,
                                 "no_main_text": 1, "too_large": 1, "not_found": 1}
    for line in result.stderr.strip().splitlines():
        assert line.startswith("newsledger: dropped ") and "Traceback" not in line
    with sqlite3.connect(db) as conn:
        reasons = dict(conn.execute("select source, reason from drops").fetchall())
    assert reasons[str(big)] == "too_large"
    assert len(reasons) == 7


def test_jsonl_with_a_bad_line(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"text": GOOD, "url": "https://example.org/a", "author":
                               "Dana Reyes", "outlet": "Harbour News", "published":
                               "2026-10-01"}) + "\n{not json\n", encoding="utf-8")
    db = tmp_path / "feed.db"
    result = ingest(str(feed), "--db", str(db))
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["stored"] == 1 and report["dropped"] == {"bad_jsonl_line": 1}
    rows = json.loads(runner.invoke(app, ["forecasts", "--db", str(db), "--json"]).stdout)
    assert rows[0]["outlet"] == "Harbour News"
    assert rows[0]["resolve_by"]["value"] == "2027-03"


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/slow":
            time.sleep(3)
        if self.path == "/article":
            body = f"<html><head><title>Dredging</title></head><body><article><h1>Dredging" \
                   f"</h1>{''.join(f'<p>{p}</p>' for p in GOOD.splitlines()[2:])}</article>" \
                   f"</body></html>".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture()
def server() -> Iterator[str]:
    httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_urls_refused_404_and_allowed(server: str, tmp_path: Path) -> None:
    db = str(tmp_path / "url.db")
    refused = ingest(f"{server}/article", "--db", db)
    assert json.loads(refused.stdout)["dropped"] == {"private_address": 1}
    allowed = ingest(f"{server}/article", f"{server}/missing", "--db", db, "--allow-private")
    report = json.loads(allowed.stdout)
    assert report["stored"] == 1 and report["dropped"] == {"http_error": 1}


def _ingest_proc(corpus: Path, db: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "newsledger.cli", "ingest", str(corpus),
                             "--db", str(db), "--quiet", "--published", "2026-11-01"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")})


def test_kill_9_leaves_no_half_document_and_rerun_resumes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    n = 24
    for i in range(n):
        text = GOOD.replace("Monday", f"day {i}").replace("eight", str(i + 2))
        (corpus / f"a{i:02d}.txt").write_text(text * 3, encoding="utf-8")
    db = tmp_path / "kill.db"
    proc = _ingest_proc(corpus, db)
    deadline = time.time() + 120
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as conn:
                    stored = conn.execute("select count(*) from documents").fetchone()[0]
            except sqlite3.OperationalError:
                continue
            if stored >= 3:
                break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < stored < n, "the run finished before it could be interrupted"
    with sqlite3.connect(db) as conn:
        docs = conn.execute("select id from documents").fetchall()
        empty = conn.execute("select count(*) from documents d where not exists "
                             "(select 1 from statements s where s.document_id = d.id)"
                             ).fetchone()[0]
    assert empty == 0  # every stored document has its statements: no half documents
    again = ingest(str(corpus), "--db", str(db), "--published", "2026-11-01")
    report = json.loads(again.stdout)
    assert report["unchanged"] >= len(docs)
    assert report["stored"] == n - report["unchanged"]
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from documents").fetchone()[0] == n
