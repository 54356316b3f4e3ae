"""The command line, end to end, in-process (the model loads once per test session)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsledger.cli import app

SAMPLE = Path(__file__).resolve().parent.parent / "src" / "newsledger" / "data" / "sample"

runner = CliRunner()

ARTICLE = """Council backs new tram line

The city council voted on Tuesday to build a tram line to the airport. The mayor said the
line will open in May 2028. According to the transport department, the project will cost
about 400 million. If the state grant is approved, construction will begin next spring.
"""


def invoke(*args: str, stdin: str | None = None) -> Any:
    return runner.invoke(app, list(args), input=stdin, catch_exceptions=False)


def test_every_command_has_help() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    commands = ["analyze", "ingest", "statements", "forecasts", "show", "export", "summary"]
    for name in commands:
        sub = invoke(name, "--help")
        assert sub.exit_code == 0, name
        assert len(sub.output.strip().splitlines()) > 3, name


def test_analyze_json_contract(tmp_path: Path) -> None:
    path = tmp_path / "tram.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = invoke("analyze", str(path), "--published", "2026-11-02", "--json")
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert {"document", "statements", "times", "attributions", "places",
            "events"} == set(record)
    doc = record["document"]
    for key in ("source", "title", "outlet", "author", "published", "language", "text",
                "removed"):
        assert key in doc
    assert doc["published"] == {"value": "2026-11-02", "precision": "day", "method": "given",
                                "earliest": None, "latest": None}
    assert doc["title"] == "Council backs new tram line"
    forecasts = [s for s in record["statements"] if s["kind"] == "forecast"]
    assert forecasts
    for s in record["statements"]:
        for key in ("id", "kind", "text", "start", "end", "speaker", "source", "cue",
                    "author_stance", "certainty", "polarity", "time_orientation"):
            assert key in s
        assert doc["text"][s["start"]:s["end"]] == s["text"]
    tram = next(s for s in forecasts if "open" in s["text"])
    assert tram["resolve_by"] == {"value": "2028-05", "precision": "month"}
    assert tram["speaker"] == "The mayor"
    grant = next(s for s in forecasts if "construction" in s["text"])
    assert "grant" in grant["condition"]
    assert all({"text", "start", "end", "value"} <= set(t) for t in record["times"])


def test_analyze_many_inputs_in_order_and_stdin(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(ARTICLE, encoding="utf-8")
    b.write_text(ARTICLE.replace("airport", "harbour"), encoding="utf-8")
    result = invoke("analyze", str(b), str(a), "-", "--json", "--published", "2026-11-02",
                    stdin=ARTICLE.replace("airport", "stadium"))
    sources = [json.loads(x)["document"]["source"] for x in result.stdout.splitlines()]
    assert sources == [str(b), str(a), "-"]


def test_analyze_readable_report() -> None:
    result = invoke("analyze", str(SAMPLE / "valmora_rates_hold.txt"))
    assert result.exit_code == 0
    assert "Forecasts" in result.stdout and "Claims" in result.stdout


@pytest.fixture(scope="module")
def ledger_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("ledger") / "sample.db"
    result = invoke("ingest", str(SAMPLE), "--db", str(db), "--quiet")
    assert result.exit_code == 0, result.output
    return db


def test_ingest_sample_and_rerun_is_idempotent(ledger_db: Path) -> None:
    summary = json.loads(invoke("summary", "--db", str(ledger_db), "--json").stdout)
    assert summary["documents"] >= 12
    assert summary["statements"]["forecast"] > 20
    again = invoke("ingest", str(SAMPLE), "--db", str(ledger_db), "--json")
    report = json.loads(again.stdout)
    assert report["stored"] == 0 and report["unchanged"] + report["duplicates"] >= 12
    after = json.loads(invoke("summary", "--db", str(ledger_db), "--json").stdout)
    assert after == summary


def test_force_re_extracts(ledger_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(ledger_db, db)
    report = json.loads(invoke("ingest", str(SAMPLE / "harwick_relegation.txt"), "--db",
                               str(db), "--force", "--json").stdout)
    assert report["stored"] == 1


def test_query_commands(ledger_db: Path) -> None:
    db = str(ledger_db)
    rows = json.loads(invoke("forecasts", "--db", db, "--json").stdout)
    assert rows and all(r["kind"] == "forecast" for r in rows)
    assert all("document_id" in r for r in rows)
    due = json.loads(invoke("forecasts", "--db", db, "--due-before", "2027-01",
                            "--json").stdout)
    assert due and all(r["resolve_by"]["value"][:7] <= "2027-01" for r in due)
    found = json.loads(invoke("statements", "--db", db, "--search", "inflation",
                              "--json").stdout)
    assert found and all("inflation" in (r["text"] + (r["proposition"] or "")).lower()
                         for r in found)
    csv_out = invoke("statements", "--db", db, "--kind", "claim", "--csv").stdout
    assert csv_out.splitlines()[0].startswith("id,document_id,kind")
    hostile = invoke("statements", "--db", db, "--search", "'; DROP TABLE statements; --")
    assert hostile.exit_code == 0
    bad = invoke("statements", "--db", db, "--kind", "rumour")
    assert bad.exit_code == 2


def test_show_and_export(ledger_db: Path) -> None:
    db = str(ledger_db)
    rows = json.loads(invoke("forecasts", "--db", db, "--json", "--limit", "1").stdout)
    shown = invoke("show", rows[0]["id"], "--db", db)
    assert shown.exit_code == 0 and rows[0]["text"][:20] in shown.stdout.replace("\n", " ")
    doc = invoke("show", rows[0]["document_id"][:8], "--db", db, "--json")
    assert json.loads(doc.stdout)["type"] == "document"
    missing = invoke("show", "nope-not-an-id", "--db", db)
    assert missing.exit_code == 2
    lines = invoke("export", "--db", db, "--format", "jsonl").stdout.splitlines()
    assert len(lines) >= 12 and {"document", "statements", "times"} <= set(json.loads(lines[0]))
    assert invoke("export", "--db", db, "--format", "csv").stdout.startswith("id,")
