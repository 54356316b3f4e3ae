"""`newsledger events` and `newsledger export events`, in-process, on a ledger of hand-built
events (no spaCy)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsledger.cli import app
from newsledger.cli_events import EVENT_CSV_COLUMNS
from newsledger.event_export import ACLED_COLUMNS, GDELT_EVENT_COLUMNS, GDELT_MENTION_COLUMNS
from newsledger.record import Actor
from newsledger.store import Ledger
from test_event_store import clash_reports, day, document, event, store_all

runner = CliRunner()


def invoke(*args: str) -> Any:
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "events.db"
    with Ledger.open(path) as ledger:
        store_all(ledger, clash_reports())
        doc = document("Supporters of the [bold]movement[/bold] protested in the capital.",
                       outlet="Capital Times")
        crowd = Actor(text="Supporters", name="[bold]Movement[/bold]", kind="party")
        ledger.write(doc, [], [], events=[event(doc, "protested", type="PROTEST",
                                                actors=[crowd], date=day("2026-03-05"))])
    return str(path)


def test_events_as_blocks(db: str) -> None:
    result = invoke("events", "--db", db)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Events (3)" in out
    assert "ASSAULT (artillery) · asserted · 2026-03-02 (day)" in out
    assert "Iraqi Army → Islamic State · 2 mentions from 2 sources" in out
    assert "future" in out and "place unknown" in out
    assert "[bold]Movement[/bold]" in out  # article text is never markup
    # What the event is, in the words of its first report (its trigger when the report's
    # statement is not in the ledger)
    assert "“protested”" in out and "“shelled”" in out
    limited = invoke("events", "--db", db, "--limit", "1").stdout
    assert "Events (1 of 3)" in limited


def test_events_with_their_reports(db: str) -> None:
    out = invoke("events", "--db", db, "--reports", "--modality", "asserted",
                 "--type", "ASSAULT").stdout
    assert "– Tigris Wire, 2026-03-03, asserted" in out
    assert "– Gulf Courier, 2026-03-04, asserted" in out
    [clash] = json.loads(invoke("events", "--db", db, "--reports", "--json", "--modality",
                                "asserted", "--type", "ASSAULT").stdout)
    assert [r["source"] for r in clash["reports"]] == ["Tigris Wire", "Gulf Courier"]
    assert {r["trigger"]["text"] for r in clash["reports"]} == {"attacked", "shelled"}
    assert "reports" not in json.loads(invoke("events", "--db", db, "--json").stdout)[0]


def test_events_filters_and_json(db: str) -> None:
    def ids(*args: str) -> list[dict[str, Any]]:
        result = invoke("events", "--db", db, "--json", *args)
        assert result.exit_code == 0, result.output
        found: list[dict[str, Any]] = json.loads(result.stdout)
        return found

    assert len(ids()) == 3
    [realised_clash] = ids("--modality", "realised", "--type", "assault")
    assert (realised_clash["mentions"], realised_clash["sources"]) == (2, 2)
    assert [e["modality"] for e in ids("--modality", "future")] == ["future"]
    assert [e["type"] for e in ids("--actor", "movement")] == ["PROTEST"]
    assert len(ids("--place", "basra")) == 2
    assert [e["modality"] for e in ids("--since", "2026-04")] == ["future"]
    assert {e["type"] for e in ids("--until", "2026-03-31")} == {"ASSAULT", "PROTEST"}
    assert ids("--type", "AID") == []


def test_events_csv_and_geojson(db: str) -> None:
    rows = list(csv.DictReader(io.StringIO(invoke("events", "--db", db, "--csv").stdout)))
    assert len(rows) == 3 and list(rows[0]) == EVENT_CSV_COLUMNS
    assert {r["actor_name"] for r in rows} == {"Iraqi Army", "[bold]Movement[/bold]"}
    geo = json.loads(invoke("events", "--db", db, "--geojson", "--type", "ASSAULT").stdout)
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 2


@pytest.mark.parametrize("args, message", [
    (("--type", "battle"), "--type"),
    (("--modality", "probable"), "--modality"),
    (("--since", "last week"), "--since"),
    (("--json", "--csv"), "choose one"),
])
def test_events_bad_usage(db: str, args: tuple[str, ...], message: str) -> None:
    result = invoke("events", "--db", db, *args)
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_events_store_error(tmp_path: Path) -> None:
    result = invoke("events", "--db", str(tmp_path / "missing" / "x.db"))
    assert result.exit_code == 3 and "no directory" in result.stderr


def test_export_events_formats(db: str, tmp_path: Path) -> None:
    plover = invoke("export", "events", "--db", db)  # plover is the default
    assert plover.exit_code == 0 and len(json.loads(plover.stdout)) == 3
    target = tmp_path / "acled.csv"
    result = invoke("export", "events", "--db", db, "--format", "acled", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert next(csv.reader(target.open(encoding="utf-8"))) == ACLED_COLUMNS
    assert not (tmp_path / "acled.csv.part").exists()
    geo = invoke("export", "events", "--db", db, "--format", "geojson")
    assert len(json.loads(geo.stdout)["features"]) == 2
    prefix = tmp_path / "gdelt"
    assert invoke("export", "events", "--db", db, "--format", "gdelt", "-o",
                  str(prefix)).exit_code == 0
    events_tsv = (tmp_path / "gdelt.events.tsv").read_text(encoding="utf-8").splitlines()
    mentions_tsv = (tmp_path / "gdelt.mentions.tsv").read_text(encoding="utf-8").splitlines()
    assert events_tsv[0].split("\t") == GDELT_EVENT_COLUMNS and len(events_tsv) == 4
    assert mentions_tsv[0].split("\t") == GDELT_MENTION_COLUMNS and len(mentions_tsv) == 5


def test_export_usage_errors(db: str, tmp_path: Path) -> None:
    gdelt = invoke("export", "events", "--db", db, "--format", "gdelt")
    assert gdelt.exit_code == 2 and "-o" in gdelt.stderr
    assert invoke("export", "events", "--db", db, "--format", "csv").exit_code == 2
    assert invoke("export", "things", "--db", db).exit_code == 2
    unwritable = invoke("export", "events", "--db", db, "-o",
                        str(tmp_path / "no" / "such" / "dir.json"))
    assert unwritable.exit_code == 2 and "cannot write" in unwritable.stderr


def test_export_ledger_unchanged(db: str, tmp_path: Path) -> None:
    lines = invoke("export", "--db", db).stdout.splitlines()
    assert len(lines) == 3 and all("document" in json.loads(line) for line in lines)
    assert invoke("export", "ledger", "--db", db, "--format", "csv").stdout.startswith("id,")
    target = tmp_path / "ledger.jsonl"
    assert invoke("export", "--db", db, "-o", str(target)).exit_code == 0
    assert len(target.read_text(encoding="utf-8").splitlines()) == 3


def test_events_help() -> None:
    result = invoke("events", "--help")
    assert result.exit_code == 0 and "--modality" in result.stdout
    assert "events" in invoke("export", "--help").stdout


ARTICLE_ONE = """Flood talks in Nairobi

NAIROBI, March 3 (Lakeside Wire) - Kenya's interior minister met relief agencies in Nairobi
on Monday to plan the response to floods along the Tana River. Officials said the army
would fly food to Garissa later this week.
"""

ARTICLE_TWO = """Ministers meet aid groups over Tana floods

Relief agencies met Kenya's interior minister in Nairobi on Monday, the agencies said, as
the Tana River burst its banks near Garissa.
"""


@pytest.mark.slow
def test_ingest_stores_places_and_events(tmp_path: Path) -> None:
    from newsledger.store.events import document_places

    paths = []
    for n, text in enumerate((ARTICLE_ONE, ARTICLE_TWO)):
        path = tmp_path / f"article{n}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    db = str(tmp_path / "e2e.db")
    result = invoke("ingest", *paths, "--db", db, "--published", "2026-03-03", "--quiet")
    assert result.exit_code == 0, result.output
    with Ledger.open(db) as ledger, ledger.reading() as conn:
        docs = ledger.documents()
        assert len(docs) == 2
        names = {p["name"] for d in docs for p in document_places(conn, d["id"])}
    assert {"Nairobi", "Garissa"} <= names
    # Both articles report one meeting (the actors in either order): one event, two reports.
    found = json.loads(invoke("events", "--db", db, "--json", "--type", "CONSULT", "--place",
                              "Nairobi", "--modality", "realised").stdout)
    assert [(e["mentions"], e["sources"], e["date_value"]) for e in found] == [
        (2, 2, "2026-03-02")]
    # A second run changes nothing; --force re-extracts and keeps the same rows.
    before = invoke("events", "--db", db, "--json").stdout
    assert invoke("ingest", *paths, "--db", db, "--quiet").exit_code == 0
    assert invoke("ingest", *paths, "--db", db, "--published", "2026-03-03", "--force",
                  "--quiet").exit_code == 0
    assert invoke("events", "--db", db, "--json").stdout == before


def test_export_events_takes_the_events_filters(db: str, tmp_path: Path) -> None:
    listed = json.loads(invoke("events", "--db", db, "--json", "--modality", "realised",
                               "--place", "basra").stdout)
    plover = invoke("export", "events", "--db", db, "--modality", "realised", "--place",
                    "basra")
    assert plover.exit_code == 0
    exported = json.loads(plover.stdout)
    assert len(exported) == len(listed) == 1 and exported[0]["id"] == listed[0]["id"]
    acled = invoke("export", "events", "--db", db, "--format", "acled", "--type", "protest")
    rows = list(csv.DictReader(io.StringIO(acled.stdout)))
    assert [r["event_type"] for r in rows] == ["Protests"]
    geo = invoke("export", "events", "--db", db, "--format", "geojson", "--modality",
                 "future")
    assert len(json.loads(geo.stdout)["features"]) == 1
    prefix = tmp_path / "g"
    assert invoke("export", "events", "--db", db, "--format", "gdelt", "-o", str(prefix),
                  "--since", "2026-03-05", "--until", "2026-03-05").exit_code == 0
    assert len((tmp_path / "g.events.tsv").read_text(encoding="utf-8").splitlines()) == 2
    assert len((tmp_path / "g.mentions.tsv").read_text(encoding="utf-8").splitlines()) == 2
    nobody = invoke("export", "events", "--db", db, "--actor", "no such actor")
    assert nobody.exit_code == 0 and json.loads(nobody.stdout) == []


@pytest.mark.parametrize("args, message", [
    (("--type", "battle"), "--type"),
    (("--modality", "probable"), "--modality"),
    (("--until", "soon"), "--until"),
])
def test_export_events_bad_filters(db: str, args: tuple[str, ...], message: str) -> None:
    result = invoke("export", "events", "--db", db, *args)
    assert result.exit_code == 2 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_export_ledger_refuses_event_filters(db: str) -> None:
    result = invoke("export", "ledger", "--db", db, "--type", "ASSAULT")
    assert result.exit_code == 2 and "export events" in result.stderr


def test_events_and_export_share_one_filter_definition() -> None:
    import typer.main

    from newsledger import cli_event_filter

    command = typer.main.get_command(app)
    names = {"--type", "--actor", "--place", "--modality", "--since", "--until"}

    def options(name: str) -> dict[str, str | None]:
        sub = command.commands[name]  # type: ignore[attr-defined]
        return {o: p.help for p in sub.params for o in p.opts if o in names}

    assert options("events") == options("export") and set(options("events")) == names
    assert cli_event_filter.TypeOpt.__metadata__[0].help == options("events")["--type"]


def test_show_an_event_by_id_or_prefix(db: str) -> None:
    [clash] = json.loads(invoke("events", "--db", db, "--json", "--modality",
                                "asserted", "--type", "ASSAULT").stdout)
    shown = invoke("show", clash["id"][:8], "--db", db, "--json")
    assert shown.exit_code == 0, shown.stderr
    got = json.loads(shown.stdout)
    assert got["type"] == "event" and got["event"]["id"] == clash["id"]
    assert got["event"]["mentions"] == clash["mentions"] == 2
    assert got["event"]["source_names"] == ["Gulf Courier", "Tigris Wire"]
    assert sorted(m["trigger"]["text"] for m in got["event"]["reports"]) == [
        "attacked", "shelled"]
    text = invoke("show", clash["id"], "--db", db)
    assert text.exit_code == 0
    for expected in ("ASSAULT", "Iraqi Army", "Tigris Wire", "shelled", clash["id"]):
        assert expected in text.stdout
    # Names from articles are printed as they are, never read as markup.
    [protest] = json.loads(invoke("events", "--db", db, "--json", "--type",
                                  "PROTEST").stdout)
    assert "[bold]Movement[/bold]" in invoke("show", protest["id"], "--db", db).stdout


def test_show_an_event_with_its_statements(tmp_path: Path) -> None:
    from newsledger.record import Certainty, Statement, statement_id

    doc = document("The army attacked the militia in Basra, the governor said.")
    text = doc.text
    sid = statement_id(doc.id, "claim", 0, len(text), text)
    stmt = Statement(id=sid, kind="claim", text=text, start=0, end=len(text),
                     speaker="the governor", source=None, cue="said",
                     author_stance="neutral",
                     certainty=Certainty(phrase=None, low=0.9, high=1.0), polarity="affirmed",
                     time_orientation="past", sentence=text)
    found = event(doc, "attacked", actors=[Actor(text="the army", name="Iraqi Army",
                                                 kind="military", country="IQ")],
                  date=day("2026-03-02"))
    found.statement_id = sid
    path = str(tmp_path / "one.db")
    with Ledger.open(path) as ledger:
        ledger.write(doc, [stmt], [], events=[found])
        with ledger.reading() as conn:
            from newsledger.store.events import query_events

            [stored] = query_events(conn)
    got = json.loads(invoke("show", stored["id"], "--db", path, "--json").stdout)["event"]
    assert [s["id"] for s in got["statements"]] == [sid]
    assert got["statements"][0]["speaker"] == "the governor"
    assert "the governor" in invoke("show", stored["id"], "--db", path).stdout


def test_show_unknown_or_short_ids(db: str) -> None:
    missing = invoke("show", "vffffffffffff", "--db", db)
    assert missing.exit_code == 2 and "event" in missing.stderr
    [one, *_] = json.loads(invoke("events", "--db", db, "--json").stdout)
    short = invoke("show", one["id"][:3], "--db", db)  # below the prefix minimum
    assert short.exit_code == 2
