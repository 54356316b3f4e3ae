"""Commands that follow forecasts to their outcomes: resolve, due, replay, scores, suggest,
resolutions export/import/history, and a scripted `demo` of the whole story.

Registered on `newsledger.cli.app` when that module imports this one. Like the rest of the
CLI, each command parses arguments, calls the library and turns its errors into one line.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from newsledger import report
from newsledger.cli import (
    DEFAULT_DB,
    EXIT_USAGE,
    DbOption,
    _date,
    _fail,
    _ledger,
    app,
    usage_errors,
)

__all__ = ["DEMO_STORY", "resolutions_app"]

resolutions_app = typer.Typer(help="Share and inspect the log of resolutions.",
                              no_args_is_help=True)
app.add_typer(resolutions_app, name="resolutions")

JsonOpt = Annotated[bool, typer.Option("--json", help="As JSON.")]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help="Replay the ledger as it stood "
                                             "on this date (default today).")]
ClockOpt = Annotated[str, typer.Option(help="event: publication and resolved_on dates; "
                                       "ledger: when rows were written.")]


def _as_of(value: str | None) -> dt.date:
    from newsledger.store.schema import period_start

    text = _date(value, "--as-of")
    return (period_start(text) if text else None) or dt.date.today()


def _clock(value: str) -> Any:
    if value not in ("event", "ledger"):
        raise _fail(f"--clock: use event or ledger, not {value!r}", EXIT_USAGE)
    return value


@app.command()
def resolve(
    ident: Annotated[str, typer.Argument(metavar="ID", help="A forecast id (or a unique "
                                         "prefix).")],
    outcome: Annotated[str, typer.Argument(metavar="yes|no|void", help="What happened: yes "
                                           "(it came true), no, or void (never scored).")],
    evidence: Annotated[str | None, typer.Option(help="A URL, or the id of a document or "
                                                 "statement in the ledger.")] = None,
    note: Annotated[str | None, typer.Option(help="Why, in a few words.")] = None,
    on: Annotated[str | None, typer.Option(help="When the outcome became known (default: "
                                           "the evidence's publication date, else today).")]
    = None,
    condition_met: Annotated[bool | None, typer.Option(
        "--condition-met/--condition-not-met", help="For a conditional forecast: whether its "
        "'if' came true. It is scored only when it did.")] = None,
    by: Annotated[str | None, typer.Option(help="Who resolves (default: your user name).")]
    = None,
    db: DbOption = DEFAULT_DB,
    as_json: JsonOpt = False,
) -> None:
    """Record what became of a forecast. Earlier resolutions are kept; the latest counts."""
    from newsledger.store.resolutions import resolve as record

    on = _date(on, "--on")
    with _ledger(db) as ledger, usage_errors():
        found = record(ledger, ident, outcome, evidence=evidence, note=note, on=on, by=by,
                       condition_met=condition_met)
    if as_json:
        print(json.dumps(found.to_dict(), ensure_ascii=False))
        return
    met = "" if found.condition_met is None else (
        ", condition met" if found.condition_met else ", condition not met")
    report.out.print(Text(f"resolved {found.statement_id}: {found.outcome}{met}, known "
                          f"{found.resolved_on.isoformat()} [{found.id}]"))


def _print_forecasts(rows: list[dict[str, Any]], title: str, as_json: bool) -> None:
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        report.print_statements(rows, title, forecast_view=True)


@app.command("overdue")
@app.command("due", hidden=True)  # the first name it had; kept so that scripts keep working
def due(
    as_of: AsOfOpt = None, db: DbOption = DEFAULT_DB, clock: ClockOpt = "event",
    as_json: JsonOpt = False,
) -> None:
    """Forecasts whose deadline has passed and that nobody has resolved yet (the web app's
    'overdue'; 'due soon' there means a deadline within 90 days)."""
    from newsledger.store.resolutions import due as find_due

    when = _as_of(as_of)
    with _ledger(db) as ledger, usage_errors():
        rows = find_due(ledger, when, clock=_clock(clock))
    _print_forecasts(rows, f"Overdue (deadline passed, unresolved) as of {when.isoformat()}",
                     as_json)


@app.command()
def replay(
    as_of: Annotated[str, typer.Option("--as-of", help="The date to replay.")],
    db: DbOption = DEFAULT_DB, clock: ClockOpt = "event", as_json: JsonOpt = False,
) -> None:
    """The ledger's forecasts as they stood on a date: open, due, and resolved then."""
    from newsledger.store.resolutions import replay as run_replay

    when = _as_of(as_of)
    with _ledger(db) as ledger, usage_errors():
        found = run_replay(ledger, when, clock=_clock(clock))
    if as_json:
        print(json.dumps(found.to_dict(), ensure_ascii=False, indent=1))
        return
    report.out.print(Text(f"As of {when.isoformat()}: {found.documents} documents, "
                          f"{len(found.open)} forecasts open, {len(found.due)} due, "
                          f"{len(found.resolved)} resolved", style="bold"))
    _print_forecasts(found.due, "Due and unresolved", False)
    _print_forecasts(found.resolved, "Resolved", False)


@app.command()
def scores(
    by: Annotated[str, typer.Option(help="speaker, author or outlet")] = "speaker",
    probability: Annotated[str, typer.Option(help="The probability scored: mid (of the "
                                             "stated range), low or high bound.")] = "mid",
    as_of: Annotated[str | None, typer.Option("--as-of", help="Only resolutions known by "
                                              "this date.")] = None,
    db: DbOption = DEFAULT_DB,
    as_json: JsonOpt = False,
) -> None:
    """Brier and log scores, hit rate and calibration per speaker, author or outlet."""
    from newsledger.scoring import GROUPINGS, PROBABILITY_SETTINGS
    from newsledger.scoring import scores as score

    if by not in GROUPINGS:
        raise _fail(f"--by: use speaker, author or outlet, not {by!r}", EXIT_USAGE)
    if probability not in PROBABILITY_SETTINGS:
        raise _fail(f"--probability: use mid, low or high, not {probability!r}", EXIT_USAGE)
    when = _date(as_of, "--as-of")
    with _ledger(db) as ledger, usage_errors():
        card = score(ledger, by=by, probability=probability, as_of=when)  # type: ignore[arg-type]
    if as_json:
        print(json.dumps(card.to_dict(), ensure_ascii=False, indent=1))
        return
    _print_scorecard(card.to_dict())


def _print_scorecard(card: dict[str, Any]) -> None:
    by = card["by"]
    table = Table(title=f"Scores by {by} (probability: {card['probability']}; lower Brier "
                  "and log score are better)", title_justify="left")
    for name in (by, "n", "Brier", "log", "mean p", "hit rate", "calibration (p → freq, n)"):
        table.add_column(name, justify="left" if name in (by, "calibration (p → freq, n)")
                         else "right", overflow="fold")
    for row in card["rows"]:
        bins = "  ".join(f"{b['mean_probability']:.2f}→{b['frequency']:.2f} ({b['n']})"
                         for b in row["calibration"])
        table.add_row(row[by], str(row["n"]), f"{row['brier']:.3f}", f"{row['log_score']:.3f}",
                      f"{row['mean_probability']:.2f}", f"{row['hit_rate']:.2f}", bins)
    if card["rows"]:
        report.out.print(table)
    else:
        report.out.print(Text("No resolved forecasts to score yet.", style="dim"))
    if card["skipped"]:
        skipped = ", ".join(f"{why} {n}" for why, n in sorted(card["skipped"].items()))
        report.out.print(Text(f"not scored: {skipped}", style="dim"))


@app.command()
def suggest(
    ident: Annotated[str, typer.Argument(metavar="ID", help="A forecast id (or prefix).")],
    top: Annotated[int, typer.Option(min=1, help="How many suggestions.")] = 3,
    method: Annotated[str, typer.Option(help="lexical (default), embedding (needs the "
                                        "embeddings extra) or auto.")] = "lexical",
    db: DbOption = DEFAULT_DB,
    as_json: JsonOpt = False,
) -> None:
    """Later statements that may settle a forecast. Nothing is resolved: you confirm."""
    from newsledger.evidence import suggest as find

    if method not in ("lexical", "embedding", "auto"):
        raise _fail(f"--method: use lexical, embedding or auto, not {method!r}", EXIT_USAGE)
    with _ledger(db) as ledger, usage_errors():
        found = find(ledger, ident, top=top, method=method)  # type: ignore[arg-type]
    if as_json:
        print(json.dumps([s.to_dict() for s in found], ensure_ascii=False, indent=1))
        return
    if not found:
        report.out.print(Text("No later statements to suggest.", style="dim"))
    for n, s in enumerate(found, 1):
        stmt = s.statement
        why = [f"score {s.score:.2f}", f"words {s.lexical:.2f}"]
        if s.shared_names:
            why.append("names " + ", ".join(s.shared_names))
        if s.time_match:
            why.append("mentions the deadline")
        if s.semantic is not None:
            why.append(f"meaning {s.semantic:.2f}")
        report.out.print(Text.assemble((f"{n:>3}. ", "bold"), f"“{stmt['text']}”"))
        report.out.print(Text(f"     {stmt.get('outlet') or '?'}, {stmt.get('published') or '?'}"
                              f" · {' · '.join(why)}", style="cyan"))
        report.out.print(Text(f"     [{stmt['id']}]", style="dim"))


@resolutions_app.command("export")
def export_resolutions(
    fmt: Annotated[str, typer.Option("--format", help="json or csv")] = "json",
    db: DbOption = DEFAULT_DB,
) -> None:
    """Write the whole log of resolutions to stdout, oldest first."""
    from newsledger.store.resolution_files import export_resolutions as run_export

    if fmt not in ("json", "csv"):
        raise _fail(f"--format: use json or csv, not {fmt!r}", EXIT_USAGE)
    with _ledger(db) as ledger, usage_errors():
        sys.stdout.write(run_export(ledger, fmt))  # type: ignore[arg-type]


@resolutions_app.command("import")
def import_resolutions(
    source: Annotated[str, typer.Argument(help="A CSV or JSON file from `resolutions "
                                          "export`, or - for stdin.")],
    fmt: Annotated[str | None, typer.Option("--format", help="json or csv (default: "
                                            "sniffed)")] = None,
    db: DbOption = DEFAULT_DB,
    as_json: JsonOpt = False,
) -> None:
    """Add resolutions shared by others. Importing the same ones again adds nothing."""
    from newsledger.store.resolution_files import import_resolutions as run_import

    if fmt not in (None, "json", "csv"):
        raise _fail(f"--format: use json or csv, not {fmt!r}", EXIT_USAGE)
    try:
        data = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise _fail(f"cannot read {source}: {err}", EXIT_USAGE) from err
    with _ledger(db) as ledger, usage_errors():
        found = run_import(ledger, data, fmt)  # type: ignore[arg-type]
    for number, why in found.rejected:
        report.err.print(Text(f"newsledger: row {number} rejected: {why}"))
    if as_json:
        print(json.dumps(found.to_dict(), ensure_ascii=False))
    else:
        report.out.print(Text(f"added {found.added}, already there {found.unchanged}, "
                              f"for forecasts not in this ledger {found.orphans}, rejected "
                              f"{len(found.rejected)}"))
    if found.rejected:
        raise typer.Exit(1)


@resolutions_app.command("history")
def history(
    ident: Annotated[str, typer.Argument(metavar="ID", help="A forecast id (or prefix).")],
    db: DbOption = DEFAULT_DB,
    as_json: JsonOpt = False,
) -> None:
    """Every resolution of one forecast, oldest first; the last one is current."""
    from newsledger.store.resolutions import history as run_history

    with _ledger(db) as ledger, usage_errors():
        log = [r.to_dict() for r in run_history(ledger, ident)]
    if as_json:
        print(json.dumps(log, ensure_ascii=False, indent=1))
        return
    if not log:
        report.out.print(Text("never resolved", style="dim"))
    for r in log:
        report.out.print(Text(f"{r['recorded_at']}  {r['outcome']:<4}  known {r['resolved_on']}"
                              f"  by {r['resolved_by'] or '?'}  {r['note'] or ''}"))


# -- the demo -------------------------------------------------------------------------------

# (forecast search, text it contains, outcome, condition met, evidence search, text it contains)
# over the bundled samples. The first is the story told step by step; the others fill the
# scorecard. Each pair is a forecast article and the later article that reports its outcome.
DEMO_STORY: list[tuple[str, str, str, bool | None, str, str]] = [
    ("Ashcombe vote May", "set to vote on 19 May", "yes", None,
     "Ashcombe approved cap rent", "approved a cap"),
    ("vote tight", "likely to be tight", "yes", None, "vote close feared", "as close as"),
    ("strike spread ferry", "strike will spread", "yes", True,
     "strike spread ferry terminals", "spread to the ferry"),
    ("talks resume Thursday", "due to resume", "yes", None,
     "talks resumed Thursday collapsed", "collapsed"),
    ("Renzi sacked", "almost certainly be sacked", "yes", True, "sacked Renzi", "sacked"),
    ("ministry block cap", "will not try to block the cap", "no", None,
     "ministry asked High Court review", "High Court"),
    ("next policy decision", "due on 29 October", "yes", None,
     "Valmora kept interest rate", "kept its main interest rate"),
]


def _find(ledger: Any, search: str, contains: str, kind: str | None,
          not_in: str | None = None) -> dict[str, Any] | None:
    found = ledger.statements(kind=kind, search=search, limit=50)
    return next((s for s in found if contains.lower() in s["text"].lower()
                 and s["document_id"] != not_in), None)


def _step(title: str) -> None:
    report.out.print()
    report.out.rule(Text(title, style="bold"))


@app.command()
def demo(db: DbOption = DEFAULT_DB) -> None:
    """The story on the bundled samples: a forecast made, its deadline passing, evidence
    suggested, a resolution recorded, the scorecard. Run after ingesting the samples;
    running it again records nothing new."""
    from newsledger.evidence import suggest as find_evidence
    from newsledger.store import resolutions as res
    from newsledger.store.schema import period_end

    with _ledger(db) as ledger, usage_errors():
        search, contains, outcome, met, ev_search, ev_contains = DEMO_STORY[0]
        forecast = _find(ledger, search, contains, "forecast")
        if forecast is None:
            raise _fail("the demo needs the bundled samples: newsledger ingest "
                        "src/newsledger/data/sample --db " + db, EXIT_USAGE)
        deadline = period_end(forecast["resolve_by"]["value"]) if forecast[
            "resolve_by"] else None
        _step(f"1. A forecast is made ({forecast['outlet']}, {forecast['published']})")
        report.print_statements([forecast], "Forecast", forecast_view=True)
        assert deadline is not None
        after = deadline + dt.timedelta(days=1)
        _step(f"2. Its deadline passes: `newsledger overdue --as-of {after.isoformat()}`")
        before = [f["id"] for f in res.due(ledger, deadline)]
        overdue = [f for f in res.due(ledger, after) if f["id"] == forecast["id"]]
        report.out.print(Text(f"on {deadline.isoformat()}: "
                              f"{'due' if forecast['id'] in before else 'not yet due'}; on "
                              f"{after.isoformat()}: "
                              f"{'due and unresolved' if overdue else 'resolved already'}"))
        _step(f"3. Evidence is suggested: `newsledger suggest {forecast['id'][:10]}`")
        for n, s in enumerate(find_evidence(ledger, forecast["id"]), 1):
            report.out.print(Text.assemble((f"{n:>3}. ", "bold"), f"“{s.statement['text']}” ",
                                           (f"({s.statement.get('outlet')}, score "
                                            f"{s.score:.2f}) [{s.statement['id']}]", "dim")))
        _step("4. A person reads the evidence and resolves the forecasts")
        for search, contains, outcome, met, ev_search, ev_contains in DEMO_STORY:
            target = _find(ledger, search, contains, "forecast")
            if target is None:
                continue
            evidence = _find(ledger, ev_search, ev_contains, None, target["document_id"])
            if evidence is None:
                continue  # an extractor change moved a statement: tell the rest of the story
            known = res.current(ledger, target["id"])
            if known is None or known.outcome != outcome:
                res.resolve(ledger, target["id"], outcome, evidence=evidence["id"],
                            condition_met=met, by="newsledger demo")
            flag = " --condition-met" if met else ""
            report.out.print(Text(f"newsledger resolve {target['id'][:10]} {outcome} "
                                  f"--evidence {evidence['id'][:10]}{flag}", style="cyan"))
            report.out.print(Text(f"     “{target['text']}” → “{evidence['text']}”",
                                  style="dim"))
        _step("5. The scorecard: `newsledger scores --by speaker`")
        from newsledger.scoring import scores as score

        card = score(ledger, by="speaker")
    _print_scorecard(card.to_dict())
