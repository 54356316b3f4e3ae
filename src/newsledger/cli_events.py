"""`newsledger events` and `newsledger export events`: events out of the ledger, filtered,
as readable blocks, JSON, CSV or GeoJSON, or in the PLOVER, ACLED, GDELT and GeoJSON
exchange formats (see event_export.py).

Registered on `newsledger.cli.app` when that module imports this one. Like the rest of the
CLI: arguments in, library call, errors out as one line and an exit code (2 usage, 3 store).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any

import sqlalchemy as sa
import typer
from rich.text import Text

from newsledger.cli import DEFAULT_DB, EXIT_USAGE, DbOption, _fail, _ledger, app, usage_errors
from newsledger.cli_event_filter import (
    ActorOpt,
    ModalityOpt,
    PlaceOpt,
    SinceOpt,
    TypeOpt,
    UntilOpt,
    event_filter,
)
from newsledger.store.events import EventFilter

__all__ = ["EVENT_CSV_COLUMNS", "events", "export_events", "show_event", "write_lines"]

EVENT_CSV_COLUMNS = [
    "id", "type", "mode", "modality", "date_value", "date_precision", "date_earliest",
    "date_latest", "actor_name", "actor_kind", "actor_country", "recipient_name",
    "recipient_kind", "recipient_country", "place_name", "place_country", "lat", "lon",
    "place_precision", "geonameid", "mentions", "sources", "first_seen",
]

def _where(e: dict[str, Any]) -> str:
    if not e.get("place_name"):
        return "place unknown"
    country = f", {e['place_country']}" if e.get("place_country") else ""
    return f"{e['place_name']}{country} ({e.get('place_precision') or '?'})"


def _when(e: dict[str, Any]) -> str:
    if not e.get("date_value"):
        return "date unknown"
    return f"{e['date_value']} ({e.get('date_precision')})"


def _words(mention: dict[str, Any]) -> str:
    """A report's words on one line: its statement's text, or the trigger when it has none."""
    return " ".join((mention.get("statement_text") or mention["trigger"]["text"]).split())


def _print_events(rows: list[dict[str, Any]], total: int) -> None:
    """One block per event, like `statements`: readable at any terminal width. Names come
    from articles, so they go to rich as Text, never as markup."""
    from newsledger.report import out

    if not rows:
        out.print(Text("Events: none", style="dim"))
        return
    shown = f"{len(rows)} of {total}" if total > len(rows) else str(total)
    out.print(Text(f"Events ({shown})", style="bold underline"))
    for n, e in enumerate(rows, 1):
        kind = e["type"] + (f" ({e['mode']})" if e.get("mode") else "")
        modality = e["modality"]
        head = Text.assemble((f"{n:>3}. ", "bold"), (kind, "bold"), " · ",
                             (modality, "bold" if modality not in ("asserted", "historical")
                              else ""), f" · {_when(e)} · {_where(e)}")
        out.print(head)
        who = e.get("actor_name") or "unknown actor"
        if e.get("recipient_name"):
            who += f" → {e['recipient_name']}"
        counts = (f"{e['mentions']} mention{'s' if e['mentions'] != 1 else ''} from "
                  f"{e['sources']} source{'s' if e['sources'] != 1 else ''}")
        out.print(Text(f"     {who} · {counts}", style="cyan"))
        first = (e.get("first_report") or [None])[0]
        if first is not None:  # what the event is, in the words of its first report
            said = _words(first)
            cut = said if len(said) <= 110 else said[:109].rstrip() + "…"
            out.print(Text(f"     “{cut}”", style="dim"))
        for m in e.get("reports") or []:
            said = _words(m)
            # A document with no outlet, host or author counts as its own source: name its file.
            source = m["document_source"] if m["source"] == m["document_id"] else m["source"]
            out.print(Text(f"       – {source}, {m.get('published') or 'undated'}, "
                           f"{m['modality']}: “{said}”"))
        out.print(Text(f"     [{e['id']}]", style="dim"))
    out.print()


def show_event(ledger: Any, ident: str, *, as_json: bool) -> bool:
    """`newsledger show ID` for an event id (or unique prefix): the event, each report of it
    with its source, and the statements they come from. False when no event has that id."""
    from newsledger.report import out
    from newsledger.store.web_event_queries import event_record

    found = event_record(ledger, ident)
    if found is None:
        return False
    if as_json:
        print(json.dumps({"type": "event", "event": found}, ensure_ascii=False, indent=1))
        return True
    out.rule(Text(f"event {found['id']}"))
    _print_events([found], 1)
    out.print(Text("Sources: " + "; ".join(found["source_names"]), style="cyan"))
    for stmt in found["statements"]:
        out.print(Text.assemble((f"  {stmt['kind']} ", "bold"), f"{stmt['speaker']}: ",
                                f"“{' '.join(stmt['text'].split())}” ", (f"[{stmt['id']}]",
                                                                          "dim")))
    return True


def _events_csv(rows: list[dict[str, Any]]) -> str:
    from newsledger.csvcell import csv_line

    return csv_line(EVENT_CSV_COLUMNS) + "".join(
        csv_line([e.get(c) for c in EVENT_CSV_COLUMNS]) for e in rows)


@app.command()
def events(
    db: DbOption = DEFAULT_DB, event_type: TypeOpt = None, actor: ActorOpt = None,
    place: PlaceOpt = None, modality: ModalityOpt = None, since: SinceOpt = None,
    until: UntilOpt = None,
    limit: Annotated[int, typer.Option(min=0, help="At most this many events.")] = 200,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON list.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="CSV with a header row.")] = False,
    as_geojson: Annotated[bool, typer.Option("--geojson", help="A GeoJSON "
                                             "FeatureCollection of the located events.")]
    = False,
    reports: Annotated[bool, typer.Option("--reports", help="With each event, the reports "
                                          "of it: source, date, modality, statement.")]
    = False,
) -> None:
    """List events: who did (or will, or would, or did not) do what to whom, where, when.

    Reports of one event in many articles are one event with its mention and source counts;
    --modality realised leaves forecasts, hypotheticals and denials out."""
    from newsledger.event_export import geojson
    from newsledger.store.events import count_events, mentions_of_events, query_events

    if sum((as_json, as_csv, as_geojson)) > 1:
        raise _fail("choose one of --json, --csv and --geojson", EXIT_USAGE)
    flt = event_filter(type=event_type, actor=actor, place=place, modality=modality,
                       since=since, until=until, limit=limit)
    with _ledger(db) as ledger, usage_errors(), ledger.reading() as conn:
        if as_geojson:
            sys.stdout.write("".join(geojson(conn, flt)))
            return
        rows = query_events(conn, flt)
        total = count_events(conn, flt)
        if reports:
            found = mentions_of_events(conn, [e["id"] for e in rows])
            rows = [{**e, "reports": found[e["id"]]} for e in rows]
        elif not (as_json or as_csv):
            found = mentions_of_events(conn, [e["id"] for e in rows])
            rows = [{**e, "first_report": found[e["id"]][:1]} for e in rows]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    elif as_csv:
        sys.stdout.write(_events_csv(rows))
    else:
        _print_events(rows, total)


def write_lines(lines: Iterable[str], output: str | None) -> None:
    """Lines to stdout, or to a file written whole or not at all (a temporary file renamed
    into place), so that a failure never leaves half an export behind."""
    if output is None or output == "-":
        for line in lines:
            sys.stdout.write(line)
        return
    target = Path(output)
    partial = target.with_name(target.name + ".part")
    try:
        with partial.open("w", encoding="utf-8", newline="") as handle:
            for line in lines:
                handle.write(line)
        os.replace(partial, target)
    except OSError as err:
        partial.unlink(missing_ok=True)
        raise _fail(f"cannot write {output}: {err.strerror or err}", EXIT_USAGE) from err
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def export_events(db: str, fmt: str, output: str | None, flt: EventFilter | None = None
                  ) -> None:
    """`newsledger export events`: the ledger's events (those `flt` keeps, all by default)
    in an exchange format. GDELT's two tables go to OUTPUT.events.tsv and
    OUTPUT.mentions.tsv."""
    from newsledger import event_export as ex

    if fmt not in ex.FORMATS:
        raise _fail(f"--format: for events use {', '.join(ex.FORMATS)}, not {fmt!r}",
                    EXIT_USAGE)
    if fmt == "gdelt" and (output is None or output == "-"):
        raise _fail("--format gdelt writes two tables: give a file prefix with -o "
                    "(PREFIX.events.tsv and PREFIX.mentions.tsv)", EXIT_USAGE)
    writers: dict[str, Callable[[sa.Connection, EventFilter | None], Iterator[str]]] = {
        "plover": ex.plover_json, "acled": ex.acled_csv, "geojson": ex.geojson}
    with _ledger(db) as ledger, usage_errors(), ledger.reading() as conn:
        if fmt == "gdelt":
            assert output is not None
            write_lines(ex.gdelt_events(conn, flt), f"{output}.events.tsv")
            write_lines(ex.gdelt_mentions(conn, flt), f"{output}.mentions.tsv")
        else:
            write_lines(writers[fmt](conn, flt), output)
