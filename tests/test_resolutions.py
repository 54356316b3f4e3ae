"""Resolutions: the append-only log, due lists, replay, import and export. No spaCy: records
are built by hand."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsledger.record import (
    Certainty,
    Document,
    Published,
    ResolveBy,
    Statement,
    statement_id,
)
from newsledger.store import Ledger
from newsledger.store import resolution_files as files
from newsledger.store import resolutions as res
from newsledger.store.resolutions import ResolutionError

FORECAST_TEXT = (
    "The central bank expects inflation to fall below 3% by March. "
    "If gas prices rise, inflation will rebound by the spring. "
    "Inflation fell to 3.9 per cent in August."
)
OUTCOME_TEXT = "Inflation fell to 2.7 per cent in March, the statistics office said."


def make_doc(text: str, published: str, **kw: Any) -> Document:
    return Document(
        source=kw.pop("source", f"corpus/{published}.txt"),
        text=text,
        outlet=kw.pop("outlet", "Copperline Business Daily"),
        author=kw.pop("author", None),
        url=kw.pop("url", None),
        published=Published(value=published, precision="day", method="given"),
        language="en",
    )


def make_statement(doc: Document, kind: str, text: str, **kw: Any) -> Statement:
    start = doc.text.index(text)
    end = start + len(text)
    fields: dict[str, Any] = {
        "speaker": "author", "source": None, "cue": None, "author_stance": "endorses",
        "certainty": Certainty(phrase=None, low=0.6, high=0.8), "polarity": "affirmed",
        "time_orientation": "future" if kind == "forecast" else "past", "sentence": text,
    }
    fields.update(kw)
    return Statement(id=statement_id(doc.id, kind, start, end, text), kind=kind,  # type: ignore[arg-type]
                     text=text, start=start, end=end, **fields)


def fill(ledger: Ledger) -> dict[str, Any]:
    """A forecast article (2026-09-11) and an outcome article (2027-04-08)."""
    doc = make_doc(FORECAST_TEXT, "2026-09-11", url="https://example.org/rates")
    forecast = make_statement(
        doc, "forecast", "The central bank expects inflation to fall below 3% by March",
        speaker="The central bank", probability=0.7,
        resolve_by=ResolveBy(value="2027-03", precision="month"),
    )
    conditional = make_statement(
        doc, "forecast", "inflation will rebound by the spring", probability=0.925,
        condition="gas prices rise", resolve_by=ResolveBy(value="2027-05", precision="month"),
    )
    claim = make_statement(doc, "claim", "Inflation fell to 3.9 per cent in August")
    later = make_doc(OUTCOME_TEXT, "2027-04-08", url="https://example.org/march-cpi")
    evidence = make_statement(later, "claim", "Inflation fell to 2.7 per cent in March")
    ledger.write(doc, [forecast, conditional, claim], [])
    ledger.write(later, [evidence], [])
    return {"doc": doc, "forecast": forecast, "conditional": conditional, "claim": claim,
            "later": later, "evidence": evidence}


@pytest.fixture
def ledger(tmp_path: Path) -> Any:
    with Ledger.open(tmp_path / "ledger.db") as opened:
        yield opened


@pytest.fixture
def filled(ledger: Ledger) -> tuple[Ledger, dict[str, Any]]:
    return ledger, fill(ledger)


def test_resolve_appends_and_latest_is_current(filled: tuple[Ledger, dict[str, Any]]) -> None:
    ledger, rec = filled
    fid = rec["forecast"].id
    first = res.resolve(ledger, fid[:8], "no", note="first look", by="ana", on="2027-04-02")
    second = res.resolve(ledger, fid, "yes", by="ben", on="2027-04-08")
    assert first.statement_id == fid and first.resolved_by == "ana"
    assert [r.outcome for r in res.history(ledger, fid)] == ["no", "yes"]
    current = res.current(ledger, fid)
    assert current is not None and current.id == second.id and current.resolved_by == "ben"
    # What was known on 2027-04-05: only the first resolution.
    earlier = res.current(ledger, fid, as_of="2027-04-05")
    assert earlier is not None and earlier.outcome == "no"
    assert res.current(ledger, rec["conditional"].id) is None


def test_resolve_refuses_bad_input(filled: tuple[Ledger, dict[str, Any]]) -> None:
    ledger, rec = filled
    with pytest.raises(ResolutionError, match="no statement"):
        res.resolve(ledger, "s000000000000000", "yes")
    with pytest.raises(ResolutionError, match="not a forecast"):
        res.resolve(ledger, rec["claim"].id, "yes")
    with pytest.raises(ResolutionError, match="yes, no or void"):
        res.resolve(ledger, rec["forecast"].id, "maybe")
    with pytest.raises(ResolutionError, match="no condition"):
        res.resolve(ledger, rec["forecast"].id, "yes", condition_met=True)
    with pytest.raises(ResolutionError, match="neither"):
        res.resolve(ledger, rec["forecast"].id, "yes", evidence="not-an-id")
    with pytest.raises(ResolutionError, match="ISO date"):
        res.resolve(ledger, rec["forecast"].id, "yes", on="next week")
    assert res.history(ledger, rec["forecast"].id) == []


def test_evidence_kinds_and_default_date(filled: tuple[Ledger, dict[str, Any]]) -> None:
    ledger, rec = filled
    fid = rec["forecast"].id
    by_statement = res.resolve(ledger, fid, "yes", evidence=rec["evidence"].id)
    assert by_statement.evidence_statement_id == rec["evidence"].id
    assert by_statement.evidence_document_id == rec["later"].id
    assert by_statement.evidence_url == "https://example.org/march-cpi"
    assert by_statement.resolved_on == date(2027, 4, 8)  # the evidence's publication date
    by_document = res.resolve(ledger, fid, "yes", evidence=rec["later"].id[:9])
    assert by_document.evidence_document_id == rec["later"].id
    assert by_document.evidence_statement_id is None
    by_url = res.resolve(ledger, fid, "yes", evidence="https://example.org/x", on="2027-04-09")
    assert by_url.evidence_url == "https://example.org/x" and by_url.evidence_document_id is None
    assert by_url.resolved_on == date(2027, 4, 9)
    assert res.resolve(ledger, fid, "void").resolved_on == date.today()


def test_conditional_records_condition(filled: tuple[Ledger, dict[str, Any]]) -> None:
    ledger, rec = filled
    found = res.resolve(ledger, rec["conditional"].id, "no", condition_met=False)
    assert res.history(ledger, rec["conditional"].id)[0].condition_met is False
    assert found.to_dict()["condition_met"] is False


def test_log_is_append_only(filled: tuple[Ledger, dict[str, Any]], tmp_path: Path) -> None:
    ledger, rec = filled
    res.resolve(ledger, rec["forecast"].id, "yes")
    with sqlite3.connect(tmp_path / "ledger.db") as conn:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE resolutions SET outcome = 'no'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM resolutions")


def test_resolutions_survive_re_extraction(filled: tuple[Ledger, dict[str, Any]]) -> None:
    ledger, rec = filled
    res.resolve(ledger, rec["forecast"].id, "yes")
    ledger.write(rec["doc"], [rec["forecast"], rec["conditional"], rec["claim"]], [],
                 replace=True)
    current = res.current(ledger, rec["forecast"].id)
    assert current is not None and current.outcome == "yes"


def test_due_and_replay(filled: tuple[Ledger, dict[str, Any]]) -> None:
    ledger, rec = filled
    fid, cid = rec["forecast"].id, rec["conditional"].id
    assert res.due(ledger, "2027-03-31") == []  # due "2027-03" means by 31 March
    assert [f["id"] for f in res.due(ledger, "2027-04-01")] == [fid]
    assert [f["id"] for f in res.due(ledger, "2027-06-01")] == [fid, cid]
    assert res.due(ledger, "2026-01-01") == []  # not yet published
    res.resolve(ledger, fid, "yes", evidence=rec["evidence"].id)  # known from 2027-04-08
    assert [f["id"] for f in res.due(ledger, "2027-06-01")] == [cid]
    # On 2027-04-05 the outcome was not yet known: still due then.
    assert [f["id"] for f in res.due(ledger, "2027-04-05")] == [fid]
    then = res.replay(ledger, "2027-04-05")
    assert then.documents == 1  # the outcome article came out on 2027-04-08
    assert [f["id"] for f in then.open] == [cid]
    assert then.resolved == []
    later = res.replay(ledger, date(2027, 4, 8)).to_dict()
    assert later["documents"] == 2
    assert [f["id"] for f in later["resolved"]] == [fid]
    assert later["resolved"][0]["resolution"]["outcome"] == "yes"


def test_replay_ledger_clock(filled: tuple[Ledger, dict[str, Any]]) -> None:
    ledger, rec = filled
    res.resolve(ledger, rec["forecast"].id, "yes", on="2027-04-08")
    # Everything was ingested and recorded today, so yesterday the ledger knew nothing.
    yesterday = date.fromordinal(date.today().toordinal() - 1)
    assert res.replay(ledger, yesterday, clock="ledger").documents == 0
    today = res.replay(ledger, date.today(), clock="ledger")
    assert today.documents == 2 and len(today.resolved) == 1


def test_export_import_round_trip(filled: tuple[Ledger, dict[str, Any]], tmp_path: Path) -> None:
    ledger, rec = filled
    res.resolve(ledger, rec["forecast"].id, "yes", evidence=rec["evidence"].id, note="a, \"b\"")
    res.resolve(ledger, rec["conditional"].id, "no", condition_met=True, by="ana")
    for fmt in ("csv", "json"):
        exported = files.export_resolutions(ledger, fmt)  # type: ignore[arg-type]
        with Ledger.open(tmp_path / f"other-{fmt}.db") as other:
            fill(other)
            first = files.import_resolutions(other, exported)
            assert first.to_dict() == {"added": 2, "unchanged": 0, "orphans": 0, "rejected": []}
            again = files.import_resolutions(other, exported)
            assert (again.added, again.unchanged) == (0, 2)
            assert files.export_resolutions(other, fmt) == exported  # type: ignore[arg-type]
    # Importing into the ledger it came from adds nothing either.
    assert files.import_resolutions(ledger, files.export_resolutions(ledger, "csv")).added == 0


def test_import_hand_written_rows(filled: tuple[Ledger, dict[str, Any]]) -> None:
    ledger, rec = filled
    rows = [
        {"statement_id": rec["forecast"].id, "outcome": "yes", "resolved_on": "2027-04-08"},
        {"statement_id": rec["conditional"].id, "outcome": "perhaps", "resolved_on": "2027-05"},
        {"statement_id": "s-not-in-this-ledger", "outcome": "no", "resolved_on": "2027-01-01",
         "condition_met": "false"},
        {"outcome": "no", "resolved_on": "2027-01-01"},
    ]
    report = files.import_resolutions(ledger, json.dumps(rows))
    assert (report.added, report.orphans) == (2, 1)
    assert [n for n, _ in report.rejected] == [2, 4]
    # No ids, no timestamps: the content hash still makes a second import a no-op.
    assert files.import_resolutions(ledger, json.dumps(rows)).added == 0
    csv_text = "statement_id,outcome,resolved_on\n" + f"{rec['forecast'].id},no,2027-04-10\n"
    assert files.import_resolutions(ledger, csv_text, "csv").added == 1
    assert files.import_resolutions(ledger, csv_text).added == 0
    with pytest.raises(ResolutionError, match="not JSON"):
        files.import_resolutions(ledger, "[{")


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    note=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"),
                 max_size=40),
    by=st.text(st.characters(whitelist_categories=("L", "N", "Zs")), min_size=1, max_size=12),
    fmt=st.sampled_from(["csv", "json"]),
)
def test_round_trip_property(
    filled: tuple[Ledger, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory,
    note: str, by: str, fmt: str,
) -> None:
    ledger, rec = filled
    res.resolve(ledger, rec["forecast"].id, "no", note=note if note.strip() else None,
                by=by if by.strip() else "x")
    exported = files.export_resolutions(ledger, fmt)  # type: ignore[arg-type]
    with Ledger.open(tmp_path_factory.mktemp("rt") / "copy.db") as other:
        files.import_resolutions(other, exported)
        assert files.export_resolutions(other, fmt) == exported  # type: ignore[arg-type]


# -- the command line -------------------------------------------------------------------------


def cli(*args: str, stdin: str | None = None) -> Any:
    from typer.testing import CliRunner

    from newsledger.cli import app

    return CliRunner().invoke(app, list(args), input=stdin, catch_exceptions=False)


@pytest.fixture
def db(tmp_path: Path) -> tuple[str, dict[str, Any]]:
    path = tmp_path / "cli.db"
    with Ledger.open(path) as opened:
        rec = fill(opened)
    return str(path), rec


def test_cli_commands_have_help() -> None:
    for name in ("resolve", "overdue", "due", "replay", "scores", "suggest", "demo"):
        result = cli(name, "--help")
        assert result.exit_code == 0 and len(result.output.splitlines()) > 3, name
    for name in ("export", "import", "history"):
        assert cli("resolutions", name, "--help").exit_code == 0, name


def test_cli_story(db: tuple[str, dict[str, Any]], tmp_path: Path) -> None:
    path, rec = db
    fid, cid = rec["forecast"].id, rec["conditional"].id
    due_rows = json.loads(cli("due", "--as-of", "2027-04-01", "--db", path, "--json").stdout)
    assert [r["id"] for r in due_rows] == [fid]
    # `overdue` is the name that matches the web app; `due` stays for old scripts.
    overdue = json.loads(cli("overdue", "--as-of", "2027-04-01", "--db", path,
                             "--json").stdout)
    assert overdue == due_rows
    assert json.loads(cli("forecasts", "--overdue", "--as-of", "2027-04-01", "--db", path,
                          "--json").stdout)[0]["id"] == fid
    listed = json.loads(cli("forecasts", "--due", "--as-of", "2027-06-01", "--db", path,
                            "--json").stdout)
    assert {r["id"] for r in listed} == {fid, cid}
    assert len(json.loads(cli("forecasts", "--db", path, "--json").stdout)) == 2
    suggested = json.loads(cli("suggest", fid[:10], "--db", path, "--json").stdout)
    assert suggested[0]["statement"]["id"] == rec["evidence"].id
    done = cli("resolve", fid[:10], "yes", "--evidence", rec["evidence"].id, "--by", "ana",
               "--note", "March CPI 2.7%", "--db", path, "--json")
    assert done.exit_code == 0 and json.loads(done.stdout)["resolved_on"] == "2027-04-08"
    assert cli("resolve", cid, "no", "--condition-met", "--db", path).exit_code == 0
    card = json.loads(cli("scores", "--by", "speaker", "--db", path, "--json").stdout)
    assert {r["speaker"]: r["n"] for r in card["rows"]} == {"The central bank": 1, "author": 1}
    assert {"speaker", "n", "brier", "log_score"} <= set(card["rows"][0])
    human = cli("scores", "--by", "outlet", "--db", path)
    assert human.exit_code == 0 and "Copperline" in human.stdout
    assert json.loads(cli("due", "--as-of", "2027-06-01", "--db", path, "--json").stdout) == []
    replayed = json.loads(cli("replay", "--as-of", "2027-04-05", "--db", path, "--json").stdout)
    assert [r["id"] for r in replayed["due"]] == [fid]
    history = json.loads(cli("resolutions", "history", fid, "--db", path, "--json").stdout)
    assert [h["resolved_by"] for h in history] == ["ana"]
    exported = cli("resolutions", "export", "--format", "csv", "--db", path).stdout
    (tmp_path / "shared.csv").write_text(exported, encoding="utf-8")
    again = cli("resolutions", "import", str(tmp_path / "shared.csv"), "--db", path, "--json")
    assert json.loads(again.stdout)["added"] == 0


def test_cli_errors(db: tuple[str, dict[str, Any]]) -> None:
    path, rec = db
    assert cli("resolve", "nosuchid", "yes", "--db", path).exit_code == 2
    assert cli("resolve", rec["forecast"].id, "maybe", "--db", path).exit_code == 2
    assert cli("resolve", rec["claim"].id, "yes", "--db", path).exit_code == 2
    assert cli("resolve", rec["forecast"].id, "yes", "--on", "soon", "--db", path).exit_code == 2
    assert cli("scores", "--by", "planet", "--db", path).exit_code == 2
    assert cli("due", "--as-of", "2017-13", "--db", path).exit_code == 2
    assert cli("suggest", rec["claim"].id, "--db", path).exit_code == 2
    bad = cli("resolutions", "import", "-", "--db", path,
              stdin="statement_id,outcome,resolved_on\nx,maybe,2027-01-01\n")
    assert bad.exit_code == 1


@pytest.mark.slow
def test_demo_on_the_samples(tmp_path: Path) -> None:
    sample = Path(__file__).resolve().parent.parent / "src" / "newsledger" / "data" / "sample"
    path = str(tmp_path / "demo.db")
    assert cli("ingest", str(sample), "--db", path, "--quiet").exit_code == 0
    told = cli("demo", "--db", path)
    assert told.exit_code == 0, told.output
    assert "1. A forecast is made" in told.stdout and "5. The scorecard" in told.stdout
    with Ledger.open(path) as ledger:
        log = files.export_resolutions(ledger, "json")
        resolved = json.loads(log)
        assert len(resolved) >= 5  # the story survives an extractor change or two
        assert {r["outcome"] for r in resolved} == {"yes", "no"}
        assert all(r["evidence_statement_id"] for r in resolved)
        # Every piece of evidence comes from a later article than its forecast's.
        for r in resolved:
            forecast = ledger.statement(r["statement_id"])
            proof = ledger.statement(r["evidence_statement_id"])
            assert forecast and proof and proof["published"] > forecast["published"]
        assert cli("demo", "--db", path).exit_code == 0
        assert files.export_resolutions(ledger, "json") == log  # a second run records nothing
