"""The `newsledger` command: a thin layer over the library.

Exit codes: 0 done; 1 some input was dropped (the rest was processed); 2 bad usage or
nothing found; 3 the ledger could not be opened or written.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer

from newsledger import cli_event_filter as ef
from newsledger import report
from newsledger.errors import DropError, NewsledgerError, StoreError

__all__ = ["app", "main"]

EXIT_DROPPED, EXIT_USAGE, EXIT_STORE = 1, 2, 3
app = typer.Typer(
    help="Keep a ledger of what news articles put on record: claims, forecasts, sources.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _say(message: str) -> None:
    """One line on stderr, whatever the message holds (no wrapping, no markup)."""
    print("newsledger: " + " ".join(message.split()), file=sys.stderr, flush=True)

DbOption = Annotated[str, typer.Option("--db", help="Ledger: a SQLite path or any SQLAlchemy "
                                       "URL.", envvar="NEWSLEDGER_DB")]
DEFAULT_DB = "newsledger.db"
BackendOpt = Annotated[str, typer.Option("--backend", help="Extractor backend: rules.v1 "
                                         "(default) or openai.v1 (an OpenAI-compatible "
                                         "server such as a local Ollama).",
                                         envvar="NEWSLEDGER_BACKEND")]
LlmUrlOpt = Annotated[str | None, typer.Option("--llm-url", help="openai.v1: the server's "
                                               "base URL (default http://127.0.0.1:11434).",
                                               envvar="NEWSLEDGER_LLM_URL")]
LlmModelOpt = Annotated[str | None, typer.Option("--llm-model", help="openai.v1: the model "
                                                 "name.", envvar="NEWSLEDGER_LLM_MODEL")]
LlmRemoteOpt = Annotated[bool, typer.Option("--llm-allow-remote", help="openai.v1: let "
                                            "--llm-url be another machine (article text is "
                                            "sent there).")]


def _backend_options(url: str | None, model: str | None, allow_remote: bool
                     ) -> dict[str, Any]:
    """Only the options given, so that the rules backend is not handed LLM options it would
    refuse."""
    given = {"base_url": url, "model": model, "allow_remote": allow_remote or None}
    return {k: v for k, v in given.items() if v is not None}


@contextmanager
def usage_errors() -> Iterator[None]:
    """Library errors other than the store's (a bad filter value, an unknown id) are bad
    usage: exit 2. Store errors pass through to their own exit code."""
    try:
        yield
    except StoreError:
        raise
    except NewsledgerError as err:
        raise _fail(str(err), EXIT_USAGE) from err


@contextmanager
def _backend_errors() -> Iterator[None]:
    from newsledger.backends import BackendError

    try:
        yield
    except BackendError as e:
        raise _fail(str(e), EXIT_USAGE) from e


def _fail(message: str, code: int) -> typer.Exit:
    _say(message)
    return typer.Exit(code)


@contextmanager
def _ledger(db: str) -> Iterator[Any]:
    from newsledger.store import Ledger

    try:
        with Ledger.open(db) as ledger:
            yield ledger
    except StoreError as e:
        raise _fail(str(e), EXIT_STORE) from e


def _date(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    for fmt in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            dt.datetime.strptime(value, fmt)
            return value
        except ValueError:
            continue
    raise _fail(f"{name}: expected a date like 2017-01-20, 2017-01 or 2017, got {value!r}",
                EXIT_USAGE)


@app.command()
def analyze(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, globs, URLs, "
                                                ".jsonl files, or - for stdin.")],
    published: Annotated[str | None, typer.Option(help="Publication date (2016-11-21) when "
                                                  "the source does not say.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per document, "
                                          "one per line.")] = False,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Let URLs reach "
                                                "private and loopback addresses.")] = False,
    backend: BackendOpt = "rules.v1", llm_url: LlmUrlOpt = None, llm_model: LlmModelOpt = None,
    llm_allow_remote: LlmRemoteOpt = False,
) -> None:
    """Read articles and report their claims, forecasts and sources. Nothing is stored."""
    from newsledger.analyze import Analyzer
    from newsledger.read import iter_sources

    published = _date(published, "--published")
    with _backend_errors():
        analyzer = Analyzer(backend=backend, backend_options=_backend_options(
            llm_url, llm_model, llm_allow_remote))
    dropped = 0
    # Small batches go through spaCy's `pipe` together; output keeps the input order.
    items = iter_sources(inputs, allow_private=allow_private, stdin=sys.stdin.buffer)
    while batch := list(itertools.islice(items, 8)):
        raws = [i for i in batch if not isinstance(i, DropError)]
        with _backend_errors():
            analysed = iter(analyzer.analyze_batch(raws, published=published))
        for item in batch:
            result = item if isinstance(item, DropError) else next(analysed)
            if isinstance(result, DropError):
                dropped += 1
                _say(f"dropped {result.source or '?'}: {result.reason}: {result}")
            elif as_json:
                sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
                sys.stdout.flush()
            else:
                report.print_analysis(result)
    if dropped:
        raise typer.Exit(EXIT_DROPPED)


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, globs, URLs, "
                                                ".jsonl files, or - for stdin.")],
    db: DbOption = DEFAULT_DB,
    workers: Annotated[int, typer.Option(min=1, help="Processes that parse in parallel.")] = 1,
    force: Annotated[bool, typer.Option("--force", help="Extract again what is already "
                                        "stored.")] = False,
    published: Annotated[str | None, typer.Option(help="Publication date for every input.")]
    = None,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Let URLs reach "
                                                "private and loopback addresses.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")]
    = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    backend: BackendOpt = "rules.v1", llm_url: LlmUrlOpt = None, llm_model: LlmModelOpt = None,
    llm_allow_remote: LlmRemoteOpt = False,
) -> None:
    """Add articles to the ledger. Re-ingesting the same content adds nothing."""
    from newsledger.ingest import ingest as run_ingest

    published = _date(published, "--published")
    options = _backend_options(llm_url, llm_model, llm_allow_remote)
    with _ledger(db) as ledger, report.progress(disabled=quiet or as_json) as note, \
            _backend_errors():
        try:
            result = run_ingest(inputs, ledger, workers=workers, force=force,
                                published=published, allow_private=allow_private,
                                stdin=sys.stdin.buffer, progress=note, backend=backend,
                                backend_options=options)
        except KeyboardInterrupt as stop:
            message = "interrupted: what was stored is kept; run again to carry on"
            raise _fail(message, 130) from stop
    for source, reason, message in result.drops:
        _say(f"dropped {source}: {reason}: {message}")
    if as_json:
        print(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        report.print_ingest(result, db)
    if result.dropped:
        raise typer.Exit(EXIT_DROPPED)


def _query(db: str, kind: str | None, **filters: Any) -> list[dict[str, Any]]:
    for key in ("due_before", "due_after"):
        filters[key] = _date(filters.get(key), "--" + key.replace("_", "-"))
    with _ledger(db) as ledger:
        return list(ledger.statements(kind=kind, **filters))


def _emit(rows: list[dict[str, Any]], as_json: bool, as_csv: bool, title: str) -> None:
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    elif as_csv:
        sys.stdout.write(report.statements_csv(rows))
    else:
        report.print_statements(rows, title)


KindOpt = Annotated[str | None, typer.Option(help="claim, forecast or past_forecast_reference")]
SpeakerOpt = Annotated[str | None, typer.Option(help="Speaker name contains this.")]
OutletOpt = Annotated[str | None, typer.Option(help="Outlet contains this.")]
AuthorOpt = Annotated[str | None, typer.Option(help="Author contains this.")]
BeforeOpt = Annotated[str | None, typer.Option(help="Deadline on or before this date.")]
AfterOpt = Annotated[str | None, typer.Option(help="Deadline on or after this date.")]
SearchOpt = Annotated[str | None, typer.Option(help="Full-text search in statement text.")]
LimitOpt = Annotated[int, typer.Option(help="At most this many rows.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="A JSON list.")]
CsvOpt = Annotated[bool, typer.Option("--csv", help="CSV with a header row.")]


@app.command()
def statements(
    db: DbOption = DEFAULT_DB, kind: KindOpt = None, speaker: SpeakerOpt = None,
    outlet: OutletOpt = None, author: AuthorOpt = None, due_before: BeforeOpt = None,
    due_after: AfterOpt = None, search: SearchOpt = None, limit: LimitOpt = 200,
    as_json: JsonOpt = False, as_csv: CsvOpt = False,
) -> None:
    """List statements in the ledger, filtered."""
    if kind and kind not in ("claim", "forecast", "past_forecast_reference"):
        raise _fail(f"--kind: unknown kind {kind!r}", EXIT_USAGE)
    rows = _query(db, kind, speaker=speaker, outlet=outlet, author=author,
                  due_before=due_before, due_after=due_after, search=search, limit=limit)
    _emit(rows, as_json, as_csv, "Statements")


@app.command()
def forecasts(
    db: DbOption = DEFAULT_DB, speaker: SpeakerOpt = None, outlet: OutletOpt = None,
    author: AuthorOpt = None, due_before: BeforeOpt = None, due_after: AfterOpt = None,
    search: SearchOpt = None, limit: LimitOpt = 200, as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
    due: Annotated[bool, typer.Option("--overdue", "--due", help="Only those past their "
                                      "deadline and unresolved (see `newsledger overdue`; "
                                      "the web app's 'overdue').")] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help="With --overdue: replay the "
                                              "ledger "
                                              "as it stood on this date.")] = None,
) -> None:
    """List forecasts with their deadlines and probabilities."""
    rows = _query(db, "forecast", speaker=speaker, outlet=outlet, author=author,
                  due_before=due_before, due_after=due_after, search=search,
                  limit=None if due else limit)
    if due:
        from newsledger.store.resolutions import due as find_due

        with _ledger(db) as ledger:
            open_ids = {f["id"] for f in find_due(ledger, _date(as_of, "--as-of"))}
        rows = [r for r in rows if r["id"] in open_ids][:limit]
    _emit(rows, as_json, as_csv, "Forecasts")


@app.command()
def show(
    ident: Annotated[str, typer.Argument(metavar="ID", help="A document, statement or event "
                                         "id (or a unique prefix of one).")],
    db: DbOption = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="As JSON.")] = False,
) -> None:
    """Show a document, a statement with its evidence in context, or an event with its
    reports."""
    from newsledger.cli_events import show_event

    with _ledger(db) as ledger:
        found = ledger.lookup(ident)
        if found is None and show_event(ledger, ident, as_json=as_json):
            return
        if found is None:
            raise _fail(f"no document, statement or event with id {ident!r}", EXIT_USAGE)
        what, row = found
        doc = row if what == "document" else ledger.document(row["document_id"])
    if as_json:
        print(json.dumps({"type": what, what: row}, ensure_ascii=False, indent=1))
    elif what == "document":
        report.print_document(row)
    else:
        report.print_statement(row, doc)


@app.command()
def export(
    what: Annotated[str, typer.Argument(help="ledger (documents and statements) or events.")]
    = "ledger",
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[str | None, typer.Option("--format", help="ledger: jsonl (one document per "
                                            "line, the default) or csv (statements); events: "
                                            "plover (the default), acled, gdelt or geojson.")]
    = None,
    output: Annotated[str | None, typer.Option("--output", "-o", help="A file instead of "
                                               "stdout (gdelt: a prefix for its two tables).")]
    = None,
    event_type: ef.TypeOpt = None, actor: ef.ActorOpt = None, place: ef.PlaceOpt = None,
    modality: ef.ModalityOpt = None, since: ef.SinceOpt = None, until: ef.UntilOpt = None,
) -> None:
    """Write the whole ledger, or its events (filtered as `newsledger events` filters), to
    stdout or a file."""
    from newsledger.cli_events import export_events, write_lines

    filters = {"type": event_type, "actor": actor, "place": place, "modality": modality,
               "since": since, "until": until}
    if what == "events":
        export_events(db, fmt or "plover", output, ef.event_filter(**filters))
        return
    if what != "ledger":
        raise _fail(f"export: use ledger or events, not {what!r}", EXIT_USAGE)
    if any(v is not None for v in filters.values()):
        raise _fail("export ledger takes no event filters (--type, --actor, --place, "
                    "--modality, --since, --until): use export events", EXIT_USAGE)
    fmt = fmt or "jsonl"
    if fmt not in ("jsonl", "csv"):
        raise _fail(f"--format: use jsonl or csv, not {fmt!r}", EXIT_USAGE)
    with _ledger(db) as ledger:
        write_lines(ledger.export(fmt), output)


@app.command()
def summary(
    db: DbOption = DEFAULT_DB,
    as_of: Annotated[str | None, typer.Option(help="Count deadlines from this date "
                                              "(default today).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="As JSON.")] = False,
    top: Annotated[int, typer.Option(help="How many upcoming forecasts to list.")] = 5,
) -> None:
    """Counts of documents, statements by kind, forecasts falling due, drops by reason."""
    when = dt.date.fromisoformat(_date(as_of, "--as-of") or dt.date.today().isoformat())
    with _ledger(db) as ledger:
        counts = ledger.summary(as_of=when)
        upcoming = ledger.statements(kind="forecast", due_after=when.isoformat(), limit=top)
        sample = upcoming or ledger.statements(kind="forecast", limit=top)
    if as_json:
        print(json.dumps(counts, ensure_ascii=False))
        return
    report.print_summary(counts, sample)


@app.command("eval")
def evaluate(
    shared: Annotated[str | None, typer.Option(help="The shared evaluation data (default: "
                                               "../shared beside the repository).")] = None,
    only: Annotated[list[str] | None, typer.Option(help="Score only these sets (te3, "
                                                   "meantime, polnear, seed, extraction, "
                                                   "devset, places, events, heldout).")
                                    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="The full report as JSON.")] = False,
    backend: BackendOpt = "rules.v1", llm_url: LlmUrlOpt = None, llm_model: LlmModelOpt = None,
    llm_allow_remote: LlmRemoteOpt = False,
) -> None:
    """Score every extractor on annotated data and compare with the pinned floors.

    Exit code 1 when a figure falls below its floor; absent data sets are skipped."""
    from pathlib import Path

    from newsledger.evaluation.runner import check_floors, format_table, load_floors, run_all
    from newsledger.evaluation.te3 import find_shared_dir

    shared_dir = Path(shared) if shared else find_shared_dir()
    repo = Path(__file__).resolve().parents[2]
    with _backend_errors():
        result = run_all(shared_dir, repo, only=only or None, backend=backend,
                         backend_options=_backend_options(llm_url, llm_model,
                                                          llm_allow_remote))
    failures = check_floors(result, load_floors())
    if as_json:
        print(json.dumps({**result, "floor_failures": failures}, ensure_ascii=False, indent=1))
    else:
        print(format_table(result))
        for line in failures:
            _say(f"below floor: {line}")
    if failures:
        raise typer.Exit(EXIT_DROPPED)


def main() -> None:
    try:
        app()
    except NewsledgerError as e:  # a library error that escaped a command: still one line
        _say(str(e))
        sys.exit(EXIT_USAGE)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)


import newsledger.cli_events  # noqa: E402,F401  (registers events)
import newsledger.cli_resolve  # noqa: E402,F401  (registers resolve, scores, …)
import newsledger.cli_web  # noqa: E402,F401  (registers serve)

if __name__ == "__main__":
    # Run as `python -m newsledger.cli`, this file is `__main__`, a second copy of the module:
    # the commands registered by cli_web/cli_resolve went to `newsledger.cli`'s app, so run
    # that one.
    from newsledger.cli import main as _main

    _main()
