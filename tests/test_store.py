"""The ledger store, on SQLite files in tmp_path. Records are built by hand (no spaCy)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsledger.errors import StoreError
from newsledger.record import (
    Certainty,
    Document,
    Published,
    Removed,
    ResolveBy,
    Source,
    Statement,
    TimeExpression,
    statement_id,
)
from newsledger.store import Ledger, fts_query, normalise_url
from newsledger.store import rows as store_rows
from newsledger.store.schema import REVISION, period_end, period_start

TEXT = (
    "Mosul will almost certainly fall before Trump's inauguration on 20th January 2017. "
    "Russian media reports claim the Kurdish militia has stalled. As I predicted, it is slow."
)


def make_doc(text: str = TEXT, **kw: Any) -> Document:
    defaults: dict[str, Any] = {
        "source": "corpus/the-duran.txt",
        "title": "Mosul offensive stalled",
        "outlet": "The Duran",
        "author": "Alexander Mercouris",
        "url": "https://theduran.com/mosul",
        "published": Published(
            value="2016-11-15",
            precision="day",
            method="estimated",
            earliest="2016-11-10",
            latest="2016-11-20",
        ),
        "language": "en",
        "removed": [
            Removed(text="Share this", reason="share_buttons"),
            Removed(text="Comments", reason="trailing_junk"),
        ],
    }
    defaults.update(kw)
    return Document(text=text, **defaults)


def make_statement(doc: Document, kind: str, text: str, **kw: Any) -> Statement:
    start = doc.text.find(text)
    start = max(start, 0)
    end = start + len(text)
    defaults: dict[str, Any] = {
        "speaker": "the author",
        "source": None,
        "cue": None,
        "author_stance": "endorses",
        "certainty": Certainty(phrase=None, low=0.5, high=0.5),
        "polarity": "affirmed",
        "time_orientation": "future" if kind == "forecast" else "past",
        "sentence": text,
    }
    defaults.update(kw)
    sid = defaults.pop("id", None) or statement_id(doc.id, kind, start, end, text)
    return Statement(id=sid, kind=kind, text=text, start=start, end=end, **defaults)  # type: ignore[arg-type]


def sample(doc: Document | None = None) -> tuple[Document, list[Statement], list[TimeExpression]]:
    doc = doc or make_doc()
    forecast = make_statement(
        doc,
        "forecast",
        "Mosul will almost certainly fall before Trump's inauguration",
        certainty=Certainty(phrase="almost certainly", low=0.93, high=0.99),
        proposition="Will Mosul fall before 20 January 2017?",
        resolve_by=ResolveBy(value="2017-01-20", precision="day"),
        probability=0.95,
        times=[TimeExpression(text="20th January 2017", start=62, end=79, value="2017-01-20")],
    )
    claim = make_statement(
        doc,
        "claim",
        "the Kurdish militia has stalled",
        speaker="Russian media reports",
        source=Source(text="Russian media reports", type="media"),
        cue="claim",
        author_stance="reports",
    )
    past = make_statement(doc, "past_forecast_reference", "As I predicted", refers_to=forecast.id)
    times = [TimeExpression(text="20th January 2017", start=62, end=79, value="2017-01-20")]
    return doc, [forecast, claim, past], times


@pytest.fixture
def ledger(tmp_path: Path) -> Any:
    with Ledger.open(tmp_path / "ledger.db") as opened:
        yield opened


def extras(doc: Document) -> dict[str, Any]:
    return {
        "document_id": doc.id,
        "outlet": doc.outlet,
        "title": doc.title,
        "published": doc.published.value,
    }


def table_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        return {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("documents", "statements", "times", "removed", "statements_fts")
        }


# -- writing and reading back -------------------------------------------------------------


def test_round_trip(ledger: Ledger) -> None:
    doc, stmts, times = sample()
    assert ledger.write(doc, stmts, times, extractor_version="rules.v1")
    assert ledger.has_document(doc.id)
    for s in stmts:
        assert ledger.statement(s.id) == {**s.to_dict(), **extras(doc)}
    stored = ledger.document(doc.id)
    assert stored is not None
    assert {k: stored[k] for k in doc.to_dict()} == doc.to_dict()
    assert stored["extractor_version"] == "rules.v1"
    assert stored["times"] == [t.__dict__ for t in times]
    listed = ledger.statements(document_id=doc.id)
    assert [s["id"] for s in listed] == [s.id for s in stmts]  # original order kept


def test_rewrite_is_idempotent(ledger: Ledger, tmp_path: Path) -> None:
    doc, stmts, times = sample()
    assert ledger.write(doc, stmts, times) is True
    before = table_counts(tmp_path / "ledger.db")
    assert ledger.write(doc, stmts, times) is False
    assert table_counts(tmp_path / "ledger.db") == before


def test_replace_rewrites_everything(ledger: Ledger, tmp_path: Path) -> None:
    doc, stmts, times = sample()
    ledger.write(doc, stmts, times)
    new = make_statement(doc, "claim", "it is slow", speaker="Someone Else")
    assert ledger.write(doc, [new], [], replace=True) is True
    assert [s["id"] for s in ledger.statements()] == [new.id]
    assert ledger.statements(search="Mosul") == []  # the FTS index followed the delete
    assert [s["id"] for s in ledger.statements(search="slow")] == [new.id]
    counts = table_counts(tmp_path / "ledger.db")
    assert counts["statements"] == counts["statements_fts"] == 1
    assert counts["times"] == 0


def test_failure_midway_leaves_nothing(
    ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc, stmts, times = sample()

    def explode(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store_rows, "insert_times", explode)  # after statements went in
    with pytest.raises(RuntimeError):
        ledger.write(doc, stmts, times)
    assert not ledger.has_document(doc.id)
    assert ledger.statements() == []
    assert set(table_counts(tmp_path / "ledger.db").values()) == {0}
    monkeypatch.undo()
    assert ledger.write(doc, stmts, times)  # and the document can still be written


def test_kill_9_midway_leaves_nothing(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    script = textwrap.dedent(f"""
        import os, signal, sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_store import sample
        from newsledger.store import Ledger, rows
        def die(*a, **k):
            os.kill(os.getpid(), signal.SIGKILL)
        rows.insert_times = die
        ledger = Ledger.open({str(db)!r})
        ledger.write(*sample())
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == -9, proc.stderr
    with Ledger.open(db) as ledger:
        assert ledger.documents() == []
        assert ledger.statements() == []
        assert ledger.write(*sample())


def test_duplicate_statement_ids_fail_whole_write(ledger: Ledger) -> None:
    doc, stmts, times = sample()
    with pytest.raises(StoreError):
        ledger.write(doc, [stmts[0], stmts[0]], times)
    assert not ledger.has_document(doc.id)


# -- filters --------------------------------------------------------------------------------


@pytest.fixture
def filled(ledger: Ledger) -> Ledger:
    ledger.write(*sample())
    other = make_doc(
        "Another text. The ceasefire may hold until spring.",
        outlet="Reuters",
        author="Jane Roe",
        source="b.txt",
        published=Published(value="2016-12-01", precision="day", method="given"),
    )
    monthly = make_statement(
        other,
        "forecast",
        "The ceasefire may hold until spring.",
        speaker="Jane Roe",
        resolve_by=ResolveBy(value="2017-01", precision="month"),
    )
    yearly = make_statement(
        other, "forecast", "Another text.", resolve_by=ResolveBy(value="2018", precision="year")
    )
    vague = make_statement(other, "forecast", "The ceasefire", reason="very soon")
    ledger.write(other, [monthly, yearly, vague], [])
    return ledger


def texts(found: list[dict[str, Any]]) -> set[str]:
    return {s["text"] for s in found}


def test_filters(filled: Ledger) -> None:
    assert len(filled.statements()) == 6
    assert len(filled.statements(kind="claim")) == 1
    assert len(filled.forecasts()) == 4
    assert filled.forecasts(speaker="jane") == filled.statements(
        kind="forecast", speaker="JANE ROE"
    )
    assert texts(filled.statements(speaker="russian")) == {"the Kurdish militia has stalled"}
    assert len(filled.statements(outlet="duran")) == 3
    assert len(filled.statements(outlet="reuters", kind="forecast")) == 3
    assert len(filled.statements(author="mercouris")) == 3
    assert filled.statements(speaker="100%_") == []  # LIKE wildcards are literal
    doc_id = make_doc().id
    assert {s["document_id"] for s in filled.statements(document_id=doc_id)} == {doc_id}


def test_due_filters_treat_month_as_its_end(filled: Ledger) -> None:
    # "2017-01" compares as 2017-01-31, so it is after 2017-01-25 and not before it.
    assert texts(filled.forecasts(due_after="2017-01-25")) == {
        "The ceasefire may hold until spring.",
        "Another text.",
    }
    assert texts(filled.forecasts(due_before="2017-01-25")) == {
        "Mosul will almost certainly fall before Trump's inauguration"
    }
    assert len(filled.forecasts(due_before="2017-01")) == 2  # inclusive of the whole month
    assert len(filled.forecasts(due_after="2017-01", due_before=date(2017, 12, 31))) == 2
    assert len(filled.forecasts(due_after="2018")) == 1
    with pytest.raises(StoreError):
        filled.forecasts(due_before="soon")


def test_limit_offset_and_order(filled: Ledger) -> None:
    everything = filled.statements()
    assert everything[0]["outlet"] == "Reuters"  # newest document first
    assert filled.statements(limit=2) == everything[:2]
    assert filled.statements(limit=2, offset=2) == everything[2:4]
    assert filled.statements(offset=5) == everything[5:]


@pytest.mark.parametrize(
    "hostile",
    [
        '"foo AND (',
        "'; DROP TABLE statements; --",
        "NEAR(",
        "*",
        "text:",
        '"""',
        "^ OR -",
        "Mosul\x00",
        "))((",
        "AND",
        "ceasefire OR",
        "col:Mosul",
    ],
)
def test_search_survives_hostile_input(filled: Ledger, hostile: str, tmp_path: Path) -> None:
    filled.statements(search=hostile)  # must not raise
    assert len(filled.statements()) == 6


def test_search(filled: Ledger) -> None:
    assert texts(filled.statements(search="mosul")) == {
        "Mosul will almost certainly fall before Trump's inauguration"
    }
    assert texts(filled.statements(search="Trump's inauguration")) == texts(
        filled.statements(search="mosul")
    )
    assert len(filled.statements(search="Russian")) == 1  # the speaker is indexed
    assert len(filled.statements(search="fall 2017")) == 1  # proposition is indexed
    assert filled.statements(search="mosul ceasefire") == []  # every word must occur
    assert filled.statements(search="  ") == filled.statements()
    assert filled.statements(search="!!! ((") == []
    assert len(filled.statements(search="ceasefire", kind="forecast", outlet="reuters")) == 2


def test_fts_query_quotes_everything() -> None:
    assert fts_query("foo AND (") == '"foo" "AND"'
    assert fts_query('say "hi"') == '"say" """hi"""'
    assert fts_query("((") is None


def test_search_after_vacuum(filled: Ledger, tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "ledger.db") as conn:
        conn.execute("VACUUM")
    assert len(filled.statements(search="ceasefire")) == 2


# -- lookups, summary, drops, export ------------------------------------------------------


def test_prefix_lookup(filled: Ledger, ledger: Ledger) -> None:
    doc, stmts, _ = sample()
    assert filled.document(doc.id[:6]) is not None
    assert filled.document(doc.id[:5]) is None  # too short to expand
    stmt = filled.statement(stmts[1].id[:8])
    assert stmt is not None and stmt["id"] == stmts[1].id
    assert filled.lookup(doc.id[:7]) == ("document", filled.document(doc.id))
    kind, found = filled.lookup(stmts[0].id) or ("", {})
    assert kind == "statement" and found["id"] == stmts[0].id
    assert filled.lookup("zzzzzzzz") is None
    assert filled.document("d%%%%%%") is None  # LIKE syntax is literal
    twin_doc = make_doc("A twin text.", source="c.txt")
    twins = [
        make_statement(twin_doc, "claim", "A twin text.", id="sabcdef01"),
        make_statement(twin_doc, "claim", "twin", id="sabcdef02"),
    ]
    filled.write(twin_doc, twins, [])
    with pytest.raises(StoreError, match="more than one"):
        filled.statement("sabcdef")


def test_documents_listing(filled: Ledger) -> None:
    listed = filled.documents()
    assert [d["outlet"] for d in listed] == ["Reuters", "The Duran"]
    assert [d["statements"] for d in listed] == [3, 3]
    assert "text" not in listed[0]
    assert filled.documents(limit=1, offset=1)[0]["outlet"] == "The Duran"


def test_summary(filled: Ledger) -> None:
    filled.record_drop("x.bin", "binary", "not text")
    got = filled.summary(date(2016, 12, 1))
    assert got["documents"] == 2
    assert got["statements"] == {"claim": 1, "forecast": 4, "past_forecast_reference": 1}
    # Due 2017-01-20 and 2017-01-31 (month) fall within 90 days of 2016-12-01; 2018 does not.
    assert got["forecasts"] == {"window_days": 90, "falling_due": 2, "overdue": 0, "undated": 1}
    assert got["drops"] == {"binary": 1}
    later = filled.summary(date(2017, 1, 25))
    assert later["forecasts"]["overdue"] == 1 and later["forecasts"]["falling_due"] == 1


def test_drops_keep_latest_per_source_and_reason(ledger: Ledger) -> None:
    ledger.record_drop("a.html", "empty", "first", content_hash="h1")
    ledger.record_drop("a.html", "empty", "second", content_hash="h2")
    ledger.record_drop("a.html", "too_large", "big")
    ledger.record_drop("b.html", "empty", "also empty")
    found = ledger.drops(reason="empty")
    assert sorted((d["source"], d["message"]) for d in found) == [
        ("a.html", "second"),
        ("b.html", "also empty"),
    ]
    assert ledger.summary(date(2020, 1, 1))["drops"] == {"empty": 2, "too_large": 1}
    assert len(ledger.drops()) == 3


def test_sources_seen(ledger: Ledger) -> None:
    doc, stmts, times = sample()
    assert ledger.seen(doc.source) is None
    ledger.write(doc, stmts, times, content_hash="abc")
    assert ledger.seen(doc.source, "abc") == doc.id
    assert ledger.seen(doc.source, "other") is None
    copy = make_doc(source="elsewhere/copy.txt")
    assert ledger.write(copy, stmts, times) is False  # same text, so the same document...
    assert ledger.seen("elsewhere/copy.txt") == doc.id  # ...but the new source is remembered


def test_export(filled: Ledger) -> None:
    lines = list(filled.export("jsonl"))
    assert len(lines) == 2 and all(line.endswith("\n") for line in lines)
    doc, stmts, times = sample()
    record = next(json.loads(x) for x in lines if json.loads(x)["document"]["id"] == doc.id)
    assert record["statements"] == [s.to_dict() for s in stmts]
    assert record["times"] == [t.__dict__ for t in times]
    assert record["document"]["removed"] == [r.__dict__ for r in doc.removed]
    table = list(csv.DictReader(io.StringIO("".join(filled.export("csv")))))
    assert len(table) == 6
    assert {r["resolve_by_date"] for r in table} >= {"2017-01-31", "2017-01-20", "2018-12-31"}
    with pytest.raises(StoreError):
        filled.export("xml")  # type: ignore[arg-type]


# -- opening --------------------------------------------------------------------------------


def test_second_open_on_same_file(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    with Ledger.open(db) as first, Ledger.open(f"sqlite:///{db}") as second:
        first.write(*sample())
        assert len(second.statements()) == 3
        second.record_drop("z", "empty", "nothing")
        assert first.drops()[0]["source"] == "z"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_open_at_head_skips_alembic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from alembic import command

    db = tmp_path / "ledger.db"
    Ledger.open(db).close()

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("Alembic ran on a ledger already at head")

    monkeypatch.setattr(command, "upgrade", refuse)
    with Ledger.open(db) as again:
        assert again.summary(date(2020, 1, 1))["documents"] == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(REVISION,)]


def test_revision_is_the_migrations_head() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    migrations = Path(store_rows.__file__).parent.parent / "migrations"
    config.set_main_option("script_location", str(migrations))
    assert ScriptDirectory.from_config(config).get_heads() == [REVISION]


def test_foreign_keys_are_on(ledger: Ledger, tmp_path: Path) -> None:
    ledger.write(*sample())
    engine = ledger._engine
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_urls_and_errors(tmp_path: Path) -> None:
    assert str(normalise_url("newsledger.db")) == "sqlite:///newsledger.db"
    assert str(normalise_url(None)) == "sqlite:///newsledger.db"
    assert normalise_url("postgresql://u:p@h/db").get_backend_name() == "postgresql"
    with pytest.raises(StoreError, match="no directory"):
        Ledger.open(tmp_path / "missing" / "ledger.db")
    with pytest.raises(StoreError, match="dialect"):
        Ledger.open("nosuchdb://x/y")
    with pytest.raises(StoreError, match="not a database URL"):
        Ledger.open("not a url://x")
    not_a_db = tmp_path / "garbage.db"
    not_a_db.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="cannot open ledger"):
        Ledger.open(not_a_db)


def test_missing_postgres_driver_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if not installed
    with pytest.raises(StoreError, match=r"pip install 'newsledger\[postgres\]'") as raised:
        Ledger.open("postgresql://user:secret@localhost/ledger")
    assert "secret" not in str(raised.value)


def test_period_bounds() -> None:
    assert period_end("2017-01") == date(2017, 1, 31)
    assert period_end("2016-02") == date(2016, 2, 29)
    assert period_end("2017") == date(2017, 12, 31)
    assert period_end("2017-01-20") == date(2017, 1, 20)
    assert period_end("2017-01-20", "month") == date(2017, 1, 31)
    assert period_end("2016-W46") is None
    assert period_end("PRESENT_REF") is None
    assert period_start("2017-03") == date(2017, 3, 1)


# -- round trip property ------------------------------------------------------------------

_text = st.text(st.characters(codec="utf-8"), min_size=1, max_size=40)
_opt = st.none() | _text


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=_text,
    speaker=_text,
    phrase=_opt,
    low=st.floats(0, 1),
    proposition=_opt,
    resolve=st.none() | st.sampled_from(["2017-01-20", "2017-01", "2017", "2016-W46"]),
    source=st.none() | st.builds(Source, text=_text, type=st.sampled_from(["person", "media"])),
    probability=st.none() | st.floats(0, 1),
)
def test_round_trip_property(
    tmp_path: Path,
    body: str,
    speaker: str,
    phrase: str | None,
    low: float,
    proposition: str | None,
    resolve: str | None,
    source: Source | None,
    probability: float | None,
) -> None:
    doc = make_doc(text=body + " end.", removed=[])
    precision = {4: "year", 7: "month"}.get(len(resolve or ""), "day")
    stmt = make_statement(
        doc,
        "forecast",
        body,
        speaker=speaker,
        source=source,
        certainty=Certainty(phrase=phrase, low=low, high=1.0),
        proposition=proposition,
        resolve_by=ResolveBy(value=resolve, precision=precision) if resolve else None,  # type: ignore[arg-type]
        probability=probability,
    )
    with Ledger.open(tmp_path / "prop.db") as ledger:
        ledger.write(doc, [stmt], [], replace=True)
        assert ledger.statement(stmt.id) == {**stmt.to_dict(), **extras(doc)}


# -- every backend ------------------------------------------------------------------------

@pytest.fixture(params=["sqlite", "postgresql"])
def any_ledger(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    """A fresh ledger on SQLite, and on PostgreSQL: the session's throwaway server (see
    `postgres_server` in conftest.py), or NEWSLEDGER_TEST_POSTGRES_URL when set (its public
    schema is wiped)."""
    if request.param == "sqlite":
        url = str(tmp_path / "ledger.db")
    else:
        url = request.getfixturevalue("postgres_url")
    with Ledger.open(url) as opened:
        yield opened


def test_backend_contract(any_ledger: Ledger) -> None:
    ledger = any_ledger
    doc, stmts, times = sample()
    assert ledger.write(doc, stmts, times) and not ledger.write(doc, stmts, times)
    assert ledger.statement(stmts[0].id) == {**stmts[0].to_dict(), **extras(doc)}
    assert ledger.write(doc, stmts[:2], times, replace=True)
    assert len(ledger.statements()) == 2
    assert len(ledger.statements(search="Mosul inauguration")) == 1
    for hostile in ['"foo AND (', "'; DROP TABLE statements; --", "%_\\"]:
        assert ledger.statements(search=hostile) == []
    assert len(ledger.statements(speaker="RUSSIAN", outlet="duran", author="mercouris")) == 1
    assert len(ledger.forecasts(due_before="2017-01", due_after="2017-01-20")) == 1
    ledger.record_drop("x.bin", "binary", "first")
    ledger.record_drop("x.bin", "binary", "second")
    assert [d["message"] for d in ledger.drops()] == ["second"]
    got = ledger.summary(date(2017, 1, 21))
    assert got["documents"] == 1 and got["forecasts"]["overdue"] == 1
    assert got["drops"] == {"binary": 1}
    assert ledger.lookup(doc.id[:6]) == ("document", ledger.document(doc.id))
    assert len(list(ledger.export("jsonl"))) == 1 and len(list(ledger.export("csv"))) == 3


def test_successful_write_clears_old_drops(ledger: Ledger) -> None:
    doc, stmts, times = sample()
    ledger.record_drop(doc.source, "fetch_timeout", "timed out yesterday")
    ledger.record_drop("other.html", "empty", "still empty")
    ledger.write(doc, stmts, times)
    assert [d["source"] for d in ledger.drops()] == ["other.html"]


def test_concurrent_open_and_write(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    db = tmp_path / "ledger.db"

    def ingest(worker: int) -> int:
        written = 0
        with Ledger.open(db) as ledger:  # all open a fresh file at once: one migrates
            for i in range(10):
                doc = make_doc(f"Worker {worker} text {i}. It will rain.", source=f"{worker}/{i}")
                stmt = make_statement(doc, "forecast", "It will rain.")
                written += ledger.write(doc, [stmt], [])
        return written

    with ThreadPoolExecutor(4) as pool:
        assert sum(pool.map(ingest, range(4))) == 40
    with Ledger.open(db) as ledger:
        assert ledger.summary(date(2020, 1, 1))["documents"] == 40
        assert len(ledger.statements(search="rain")) == 40
