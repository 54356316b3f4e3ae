"""Event pages' speed on a synthetic ledger of 100k statements with an event on every other
statement (50k mentions of events at 300 places, six modalities' worth of types): p95 of
/events (map, timeline and table), its filtered views, its JSON and GeoJSON twins, one
event's page and a document page, over HTTP. Prints one JSON object.

    .venv/bin/python scripts/bench_events_web.py [--statements 100000] [--requests 100]
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_web import PER_DOC, _free_port, _timed  # noqa: E402
from bench_web import build as build_statements  # noqa: E402

from newsledger.record import (  # noqa: E402
    Actor,
    Event,
    EventDate,
    Place,
    TextSpan,
    event_id,
)
from newsledger.store import Ledger  # noqa: E402
from newsledger.web import create_app  # noqa: E402

TYPES = ["ASSAULT", "CONSULT", "PROTEST", "AID", "THREATEN", "AGREE", "MOBILIZE", "ACCUSE"]
MODALITIES = ["asserted", "asserted", "asserted", "historical", "future", "hypothetical",
              "negated"]
ACTORS = [f"Actor {i}" for i in range(60)]


def add_events(path: Path, seed: int = 5) -> int:
    """An event on every other statement of every document, re-written with its events."""
    rng = random.Random(seed)
    places = [(f"Town {i}", rng.uniform(-50, 60), rng.uniform(-120, 140)) for i in range(300)]
    count = 0
    raw = sqlite3.connect(path)
    doc_ids = [r[0] for r in raw.execute("SELECT id FROM documents ORDER BY id")]
    raw.close()
    with Ledger.open(path) as ledger:
        for doc_id in doc_ids:
            stored = ledger.document(doc_id)
            stmts = ledger.statements(document_id=doc_id)
            assert stored is not None
            events = []
            for k, s in enumerate(stmts):
                if k % 2:
                    continue
                name, lat, lon = rng.choice(places)
                etype = rng.choice(TYPES)
                day = f"20{rng.randint(14, 27)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                start, end = s["start"], s["start"] + 9
                events.append(Event(
                    id=event_id(doc_id, etype, start, end), statement_id=s["id"], type=etype,
                    mode=None, modality=rng.choice(MODALITIES),  # type: ignore[arg-type]
                    trigger=TextSpan(text=stored["text"][start:end], start=start, end=end),
                    actors=[Actor(text="x", name=rng.choice(ACTORS), kind="state")],
                    recipients=[Actor(text="y", name=rng.choice(ACTORS), kind="state")],
                    place=Place(text=name, start=start, end=start + 1, name=name, lat=lat,
                                lon=lon, country="XX", precision="exact"),
                    date=EventDate(value=day, precision="day", earliest=day, latest=day)))
            count += len(events)
            _rewrite(ledger, stored, events)
    return count


def _rewrite(ledger: Ledger, stored: dict[str, Any], events: list[Event]) -> None:
    """Store the document's events: insert them in the ledger's own transaction helper."""
    from newsledger.record import Document, Published
    from newsledger.store.engine import WRITE
    from newsledger.store.event_clusters import insert_events

    doc = Document(source=stored["source"], text=stored["text"], title=stored["title"],
                   outlet=stored["outlet"], language="en",
                   published=Published(**stored["published"]))
    with ledger.engine.connect() as conn:
        conn.execution_options(**WRITE)
        with conn.begin():
            insert_events(conn, doc, events)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--db", type=Path, help="reuse (or build once) this ledger file")
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    path = args.db or Path(tmp.name) / "bench.db"
    started = time.perf_counter()
    if not path.exists():
        build_statements(path, args.statements)
        add_events(path)
    build_s = round(time.perf_counter() - started, 1)
    raw = sqlite3.connect(path)
    n_statements = raw.execute("SELECT count(*) FROM statements").fetchone()[0]
    n_mentions = raw.execute("SELECT count(*) FROM event_mentions").fetchone()[0]
    n_events = raw.execute("SELECT count(*) FROM events").fetchone()[0]
    event_ids = [r[0] for r in raw.execute("SELECT id FROM events ORDER BY id LIMIT 500")]
    doc_ids = [r[0] for r in raw.execute("SELECT id FROM documents ORDER BY id LIMIT 500")]
    raw.close()

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(str(path)), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    results: dict[str, Any] = {}
    n = args.requests
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", trust_env=False,
                          timeout=60) as http:
            def get(url: str) -> None:
                r = http.get(url)
                if r.status_code != 200:
                    sys.exit(f"bench_events_web: {url} answered {r.status_code}")

            results["baseline_static_route"] = _timed(n, lambda i: get("/static/favicon.svg"))
            results["events_page"] = _timed(n, lambda i: get("/events"))
            results["events_page_type"] = _timed(
                n, lambda i: get(f"/events?type={TYPES[i % len(TYPES)]}"))
            results["events_page_actor"] = _timed(
                n, lambda i: get(f"/events?actor={ACTORS[i % len(ACTORS)]}"))
            results["events_page_place_dates"] = _timed(
                n, lambda i: get(f"/events?place=Town+{i % 300}&since=2016&until=2020"))
            results["events_json"] = _timed(n, lambda i: get("/events.json?modality=future"))
            results["events_geojson"] = _timed(max(10, n // 5),
                                               lambda i: get("/events.geojson"))
            results["event_page"] = _timed(
                n, lambda i: get(f"/events/{event_ids[i % len(event_ids)]}"))
            results["document_page"] = _timed(
                n, lambda i: get(f"/documents/{doc_ids[i % len(doc_ids)]}"))
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    print(json.dumps({"statements": n_statements, "event_mentions": n_mentions,
                      "events": n_events, "per_document": PER_DOC, "build_seconds": build_s,
                      "results": results}, indent=1))
    tmp.cleanup()


if __name__ == "__main__":
    main()
