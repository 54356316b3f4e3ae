"""Sharing the resolution log between ledgers: export it as CSV or JSON, and import such a
file back. Imports are idempotent (a resolution's id is its content hash when the file lacks
one) and row by row: a bad row is rejected with its reason and the rest go in."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

import sqlalchemy as sa

from newsledger.store.ledger import Ledger
from newsledger.store.resolutions import (
    FIELDS,
    OUTCOMES,
    ResolutionError,
    as_date,
    read_log,
    recorded_now,
    resolution_id,
)
from newsledger.store.schema import resolutions

__all__ = ["ImportReport", "export_resolutions", "import_resolutions"]


def export_resolutions(ledger: Ledger, fmt: Literal["csv", "json"] = "json") -> str:
    """The whole log, oldest first, as CSV (a header row) or a JSON list."""
    with ledger.reading() as conn:
        log = [r.to_dict() for r in read_log(conn)]
    if fmt == "json":
        return json.dumps(log, ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        for row in log:
            met = row["condition_met"]
            writer.writerow({**row, "condition_met": "" if met is None else str(met).lower()})
        return buffer.getvalue()
    raise ResolutionError(f"unknown format {fmt!r}: use csv or json")


@dataclass(kw_only=True)
class ImportReport:
    added: int = 0
    unchanged: int = 0  # already in the log
    orphans: int = 0  # added, but their forecast is not (yet) in this ledger
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (row number, why)

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added, "unchanged": self.unchanged, "orphans": self.orphans,
            "rejected": [{"row": n, "reason": why} for n, why in self.rejected],
        }


_TRUE, _FALSE = {"true", "1", "yes", "met"}, {"false", "0", "no", "not met"}


def _parse_row(raw: dict[str, Any]) -> dict[str, Any]:
    def text(name: str) -> str | None:
        value = raw.get(name)
        if value is None or str(value).strip() == "":
            return None
        # Free text keeps its spaces, so an export re-imported exports the same.
        return str(value) if name in ("note", "resolved_by") else str(value).strip()

    statement_id, outcome, on = text("statement_id"), text("outcome"), text("resolved_on")
    if not statement_id:
        raise ResolutionError("no statement_id")
    if outcome not in OUTCOMES:
        raise ResolutionError(f"outcome must be yes, no or void, not {outcome!r}")
    met_raw = raw.get("condition_met")
    met: bool | None = None
    if isinstance(met_raw, bool):
        met = met_raw
    elif met_raw is not None and str(met_raw).strip():
        word = str(met_raw).strip().lower()
        if word not in _TRUE | _FALSE:
            raise ResolutionError(f"condition_met must be true, false or empty, not {met_raw!r}")
        met = word in _TRUE
    if on is None or len(on) != 10:
        raise ResolutionError(f"resolved_on must be a date YYYY-MM-DD, not {on!r}")
    content: dict[str, Any] = {
        "statement_id": statement_id,
        "outcome": outcome,
        "resolved_on": as_date(on, "resolved_on"),
        "condition_met": met,
        **{name: text(name) for name in FIELDS[5:]},
    }
    # A file written by hand may lack ids and timestamps: the content hash then makes a
    # second import of the same row a no-op all the same.
    content["id"] = text("id") or resolution_id(content)
    content["recorded_at"] = content["recorded_at"] or recorded_now()
    return content


def _rows(data: str, fmt: str | None) -> Iterable[dict[str, Any]]:
    fmt = fmt or ("json" if data.lstrip().startswith(("[", "{")) else "csv")
    if fmt == "json":
        try:
            loaded = json.loads(data)
        except json.JSONDecodeError as err:
            raise ResolutionError(f"not JSON: {err}") from err
        found = loaded if isinstance(loaded, list) else [loaded]
        if not all(isinstance(r, dict) for r in found):
            raise ResolutionError("JSON must be a list of objects")
        return found
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(data)))
    raise ResolutionError(f"unknown format {fmt!r}: use csv or json")


def import_resolutions(
    ledger: Ledger, data: str, fmt: Literal["csv", "json"] | None = None
) -> ImportReport:
    """Add resolutions from a CSV or JSON export (the format is sniffed when not given), in
    one transaction. A resolution already in the log (same id) adds nothing; a bad row is
    rejected with its reason and the rest go in."""
    report = ImportReport()
    parsed: list[dict[str, Any]] = []
    for number, raw in enumerate(_rows(data, fmt), start=1):
        try:
            parsed.append(_parse_row(raw))
        except ResolutionError as err:
            report.rejected.append((number, str(err)))
    added: list[str] = []
    with ledger.writing() as conn:
        for content in parsed:
            exists = conn.execute(
                sa.select(resolutions.c.id).where(resolutions.c.id == content["id"])
            ).first()
            if exists:
                report.unchanged += 1
                continue
            conn.execute(resolutions.insert().values(**content))
            added.append(content["statement_id"])
    report.added = len(added)
    report.orphans = sum(1 for s in added if ledger.statement(s) is None)
    return report
