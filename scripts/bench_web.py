"""Web speed on a synthetic ledger of 100k statements: document page and search p95, against
baselines measured in the same run (a trivial route over the same HTTP stack, and the raw SQL
the pages need, through sqlite3). Prints one JSON object.

    .venv/bin/python scripts/bench_web.py [--statements 100000] [--requests 300] [--db PATH]
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import httpx
import uvicorn

from newsledger.record import Certainty, Document, Published, ResolveBy, Statement, statement_id
from newsledger.store import Ledger
from newsledger.web import create_app

WORDS = [
    "inflation", "rates", "bank", "governor", "ceasefire", "militia", "drought", "harvest",
    "election", "coalition", "budget", "deficit", "strike", "port", "wildfire", "council",
    "minister", "outlet", "court", "ruling", "tariff", "pipeline", "reactor", "vaccine",
    "border", "protest", "mine", "school", "hospital", "transit", "bridge",
]
QUERIES = ["inflation", "bank governor", "ceasefire", "drought harvest", "court ruling",
           "election coalition budget", "port strike", "wildfire", "school", "tariff border"]
PER_DOC = 20


def _sentence(rng: random.Random, i: int) -> str:
    words = rng.sample(WORDS, 6)
    return (f"Officials said the {words[0]} {words[1]} will probably affect the {words[2]} "
            f"and {words[3]} by March 2027, while {words[4]} {words[5]} item {i} grew.")


def build(path: Path, n_statements: int, seed: int = 7) -> int:
    """A ledger of n_statements statements in documents of PER_DOC each; returns documents."""
    rng = random.Random(seed)
    n_docs = max(1, n_statements // PER_DOC)
    with Ledger.open(path) as ledger:
        for d in range(n_docs):
            sentences = [_sentence(rng, d * PER_DOC + k) for k in range(PER_DOC)]
            text = " ".join(sentences)
            day = f"2026-{1 + d % 12:02d}-{1 + d % 28:02d}"
            doc = Document(source=f"synthetic/{d}.txt", text=text, title=f"Synthetic {d}",
                           outlet=f"Outlet {d % 40}", language="en",
                           published=Published(value=day, precision="day", method="given"))
            stmts, pos = [], 0
            for k, sentence in enumerate(sentences):
                start = text.index(sentence, pos)
                end = start + len(sentence)
                pos = end
                kind: Literal["forecast", "claim"] = "forecast" if k % 3 == 0 else "claim"
                stmts.append(Statement(
                    id=statement_id(doc.id, kind, start, end, sentence), kind=kind,
                    text=sentence, start=start, end=end, speaker="author", source=None,
                    cue=None, author_stance="endorses",
                    certainty=Certainty(phrase="probably", low=0.55, high=0.8),
                    polarity="affirmed", time_orientation="future",
                    proposition=f"Will it happen ({d}.{k})?" if kind == "forecast" else None,
                    resolve_by=ResolveBy(value="2027-03", precision="month")
                    if kind == "forecast" else None,
                    probability=0.675 if kind == "forecast" else None, sentence=sentence))
            ledger.write(doc, stmts, [])
    return n_docs


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _p95(samples: list[float]) -> float:
    return round(statistics.quantiles(samples, n=20)[18] * 1000, 2)


def _timed(n: int, call: Callable[[int], Any]) -> dict[str, float]:
    for i in range(min(10, n)):  # warm caches and connections
        call(i)
    samples = []
    for i in range(n):
        t = time.perf_counter()
        call(i)
        samples.append(time.perf_counter() - t)
    return {"p50_ms": round(statistics.median(samples) * 1000, 2), "p95_ms": _p95(samples),
            "n": n}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--db", type=Path, help="reuse (or build once) this ledger file")
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory()
    path = args.db or Path(tmp.name) / "bench.db"
    started = time.perf_counter()
    if not path.exists():
        build(path, args.statements)
    build_s = round(time.perf_counter() - started, 1)
    raw = sqlite3.connect(path)
    doc_ids = [r[0] for r in raw.execute("SELECT id FROM documents ORDER BY id")]
    n_statements = raw.execute("SELECT count(*) FROM statements").fetchone()[0]
    rng = random.Random(11)
    picks = [rng.choice(doc_ids) for _ in range(args.requests)]

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(str(path)), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    base = f"http://127.0.0.1:{port}"
    results: dict[str, Any] = {}
    try:
        with httpx.Client(base_url=base, trust_env=False, timeout=30) as http:
            def get(url: str) -> None:
                r = http.get(url)
                if r.status_code != 200:
                    sys.exit(f"bench_web: {url} answered {r.status_code}")

            results["baseline_static_route"] = _timed(
                args.requests, lambda i: get("/static/favicon.svg"))
            results["document_page"] = _timed(
                args.requests, lambda i: get(f"/documents/{picks[i]}"))
            results["document_json"] = _timed(
                args.requests, lambda i: get(f"/documents/{picks[i]}.json"))
            results["search_page"] = _timed(
                args.requests, lambda i: get(f"/search?q={QUERIES[i % len(QUERIES)]}"))
            results["search_json"] = _timed(
                args.requests, lambda i: get(f"/search.json?q={QUERIES[i % len(QUERIES)]}"))
            few = max(20, args.requests // 10)
            results["home_page"] = _timed(few, lambda i: get("/"))
            results["forecasts_due_json"] = _timed(
                few, lambda i: get("/forecasts.json?status=due"))
            results["statements_sorted_json"] = _timed(
                few, lambda i: get("/statements.json?sort=hedged&kind=claim"))
    finally:
        server.should_exit = True
        thread.join(timeout=10)

    def sql_document(i: int) -> None:
        doc = picks[i]
        raw.execute("SELECT * FROM documents WHERE id = ?", (doc,)).fetchall()
        ids = [r[0] for r in raw.execute(
            "SELECT id FROM statements WHERE document_id = ? ORDER BY position", (doc,))]
        raw.execute(f"SELECT * FROM times WHERE statement_id IN ({','.join('?' * len(ids))})",
                    ids).fetchall()

    def sql_search(i: int) -> None:
        match = " ".join(f'"{w}"' for w in QUERIES[i % len(QUERIES)].split())
        raw.execute(
            "SELECT s.*, d.outlet, d.title, d.published FROM statements s JOIN documents d "
            "ON d.id = s.document_id JOIN statements_fts f ON f.rowid = s.rowid "
            "WHERE statements_fts MATCH ? ORDER BY f.rank LIMIT 51", (match,)).fetchall()

    results["baseline_sql_document"] = _timed(args.requests, sql_document)
    results["baseline_sql_search"] = _timed(args.requests, sql_search)
    raw.close()
    print(json.dumps({
        "statements": n_statements, "documents": len(doc_ids), "build_seconds": build_s,
        "results": results,
        "document_p95_ms": results["document_page"]["p95_ms"],
        "search_p95_ms": results["search_page"]["p95_ms"],
        "baseline_p95_ms": results["baseline_static_route"]["p95_ms"],
    }, indent=1))
    tmp.cleanup()


if __name__ == "__main__":
    main()
