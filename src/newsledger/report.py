"""Terminal rendering for the CLI. Article text is hostile: it is always passed to rich as
`Text`, never as markup, so "[bold]" or "[link=…]" in an article prints as written."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.text import Text

from newsledger.analyze import Analysis
from newsledger.csvcell import safe_cell

__all__ = [
    "print_analysis",
    "print_document",
    "print_ingest",
    "print_statement",
    "print_statements",
    "print_summary",
    "progress",
    "statements_csv",
]

out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False)

CSV_FIELDS = ["id", "document_id", "kind", "speaker", "source_text", "source_type", "cue",
              "author_stance", "certainty_phrase", "certainty_low", "certainty_high", "polarity",
              "time_orientation", "resolve_by", "resolve_by_precision", "reason", "condition",
              "probability", "proposition", "outlet", "title", "start", "end", "text"]


def _t(value: Any) -> Text:
    return Text("" if value is None else str(value))


def _range(cert: dict[str, Any] | None) -> str:
    if not cert:
        return ""
    low, high = cert.get("low"), cert.get("high")
    return f"{low:.2f}–{high:.2f}" if low is not None and high is not None else ""


def _deadline(stmt: dict[str, Any]) -> str:
    rb = stmt.get("resolve_by")
    if rb:
        return f"{rb['value']} ({rb['precision']})"
    return f"— {stmt.get('reason') or ''}".strip()


def _published(pub: dict[str, Any]) -> str:
    if not pub or not pub.get("value"):
        return "unknown"
    text = f"{pub['value']} ({pub.get('precision')}, {pub.get('method')})"
    if pub.get("method") == "estimated" and pub.get("earliest"):
        text += f" between {pub['earliest']} and {pub['latest']}"
    return text


def print_analysis(result: Analysis) -> None:
    data = result.to_dict()
    doc = data["document"]
    out.rule(_t(doc.get("title") or doc["source"]))
    for label, value in (("source", doc["source"]), ("outlet", doc.get("outlet") or "unknown"),
                         ("author", doc.get("author") or "not stated"),
                         ("published", _published(doc.get("published") or {})),
                         ("removed", f"{len(doc.get('removed') or [])} junk lines")):
        out.print(Text.assemble((f"{label:>10}: ", "bold"), str(value)))
    stmts = data["statements"]
    forecasts = [s for s in stmts if s["kind"] == "forecast"]
    refs = [s for s in stmts if s["kind"] == "past_forecast_reference"]
    claims = [s for s in stmts if s["kind"] == "claim"]
    print_statements(forecasts, f"Forecasts ({len(forecasts)})", forecast_view=True)
    print_statements(claims, f"Claims ({len(claims)})")
    print_statements(refs, f"References to earlier forecasts ({len(refs)})")


def print_statements(rows: list[dict[str, Any]], title: str, *,
                     forecast_view: bool | None = None) -> None:
    """One block per statement: readable at any terminal width, unlike a wide table."""
    if not rows:
        out.print(Text(f"{title}: none", style="dim"))
        return
    forecast_view = forecast_view if forecast_view is not None else all(
        r["kind"] == "forecast" for r in rows)
    out.print(Text(title, style="bold underline"))
    for n, r in enumerate(rows, 1):
        cert = r.get("certainty") or {}
        src = r.get("source") or {}
        who = r["speaker"] + (f" ({src['type']})" if src else "")
        if forecast_view:
            p = r.get("probability")
            facts = [f"speaker {who}", f"due {_deadline(r)}",
                     f"p {p:.2f} ({_range(cert)})" if p is not None else _range(cert)]
            if r.get("condition"):
                facts.append(f"if {r['condition']}")
            headline = r.get("proposition") or r["text"]
        else:
            label = cert.get("phrase") or ("reported" if src else "asserted")
            facts = [who, f"{label} {_range(cert)}"]
            if r.get("cue"):
                facts.append(f"cue: {r['cue']}")
            if src:
                facts.append(f"stance: {r.get('author_stance')}")
            headline = f"“{r['text']}”"
        out.print(Text.assemble((f"{n:>3}. ", "bold"), headline))
        out.print(Text("     " + " · ".join(facts), style="cyan"))
        extra = f"     “{r['text']}”  " if forecast_view else "     "
        out.print(Text(f"{extra}[{r['id']}]", style="dim"))
    out.print()


def print_document(doc: dict[str, Any]) -> None:
    out.rule(_t(doc.get("title") or doc["source"]))
    for label in ("id", "source", "url", "outlet", "author"):
        out.print(Text.assemble((f"{label:>10}: ", "bold"), str(doc.get(label) or "—")))
    out.print(Text.assemble(("published: ", "bold"), _published(doc.get("published") or {})))
    out.print()
    out.print(_t(doc["text"]))
    removed = doc.get("removed") or []
    if removed:
        out.print()
        out.print(Text(f"Removed ({len(removed)} lines):", style="bold"))
        for item in removed:
            out.print(Text(f"  [{item['reason']}] {item['text']}"))


def print_statement(stmt: dict[str, Any], doc: dict[str, Any] | None) -> None:
    out.rule(_t(f"{stmt['kind']} {stmt['id']}"))
    fields = ["speaker", "cue", "author_stance", "polarity", "time_orientation", "proposition",
              "condition", "probability", "document_id"]
    for label in fields:
        if stmt.get(label) is not None:
            out.print(Text.assemble((f"{label:>16}: ", "bold"), str(stmt[label])))
    if stmt.get("source"):
        src = stmt["source"]
        out.print(Text.assemble((f"{'source':>16}: ", "bold"), f"{src['text']} ({src['type']})"))
    out.print(Text.assemble((f"{'certainty':>16}: ", "bold"),
                            f"{(stmt.get('certainty') or {}).get('phrase') or 'asserted'} "
                            f"{_range(stmt.get('certainty'))}"))
    if stmt["kind"] == "forecast":
        out.print(Text.assemble((f"{'deadline':>16}: ", "bold"), _deadline(stmt)))
    if doc:
        text, start, end = doc["text"], stmt["start"], stmt["end"]
        before = text[max(0, start - 300): start]
        after = text[end: end + 300]
        out.print()
        out.print(Text.assemble(("…" + before, "dim"), (text[start:end], "bold yellow"),
                                (after + "…", "dim")))
        out.print(Text(f"\n{doc.get('title') or ''} — {doc.get('outlet') or ''} "
                       f"({doc['source']})", style="dim"))


def print_ingest(report: Any, db: str) -> None:
    data = report.to_dict()
    kinds = data["statements"]
    line = (f"read {data['read']}, stored {data['stored']}, unchanged {data['unchanged']}, "
            f"duplicates {data['duplicates']}, dropped {sum(data['dropped'].values())}")
    out.print(Text(line, style="bold"))
    if kinds:
        out.print(Text("statements: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))))
    if data["dropped"]:
        out.print(Text("drops by reason: " + ", ".join(
            f"{r} {n}" for r, n in sorted(data["dropped"].items()))))
    out.print(Text(f"ledger: {db}", style="dim"))


def print_summary(counts: dict[str, Any], sample: list[dict[str, Any]]) -> None:
    kinds = counts["statements"]
    fc = counts["forecasts"]
    out.print(Text(f"Ledger as of {counts['as_of']}", style="bold"))
    out.print(Text(f"  documents: {counts['documents']}"))
    out.print(Text("  statements: " + ", ".join(f"{k} {n}" for k, n in kinds.items())))
    out.print(Text(f"  forecasts falling due in the next {fc['window_days']} days: "
                   f"{fc['falling_due']}; overdue: {fc['overdue']}; no deadline: {fc['undated']}"))
    drops = counts.get("drops") or {}
    out.print(Text("  drops by reason: " + (", ".join(f"{r} {n}" for r, n in drops.items())
                                            or "none")))
    if sample:
        print_statements(sample, "Forecasts", forecast_view=True)


def statements_csv(rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS, extrasaction="ignore")
    writer.writeheader()
    for r in rows:
        flat = dict(r)
        src = r.get("source") or {}
        cert = r.get("certainty") or {}
        rb = r.get("resolve_by") or {}
        flat.update(source_text=src.get("text"), source_type=src.get("type"),
                    certainty_phrase=cert.get("phrase"), certainty_low=cert.get("low"),
                    certainty_high=cert.get("high"), resolve_by=rb.get("value"),
                    resolve_by_precision=rb.get("precision"))
        writer.writerow({k: safe_cell(flat.get(k)) for k in CSV_FIELDS})
    return buf.getvalue()


@contextmanager
def progress(*, disabled: bool = False) -> Iterator[Callable[[str, str], None]]:
    """A progress display on stderr; yields the callback the library reports through."""
    if disabled or not sys.stderr.isatty():
        yield lambda source, outcome: None
        return
    bar = Progress(SpinnerColumn(), TextColumn("[bold]ingest"), BarColumn(),
                   TextColumn("{task.completed} documents"),
                   TextColumn("{task.description}", markup=False),
                   TimeElapsedColumn(), console=err, transient=True)
    with bar:
        task = bar.add_task("", total=None)

        def note(source: str, outcome: str) -> None:
            bar.update(task, advance=1, description=f"{outcome}: {source[-40:]}")

        yield note
