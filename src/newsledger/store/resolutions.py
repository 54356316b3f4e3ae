"""Following forecasts to their outcomes: an append-only log of resolutions, due lists and
replays of the ledger as it stood on a date.

A resolution says what became of one forecast: `yes` (the proposition came true), `no`, or
`void` (the question stopped making sense; never scored). A re-resolution adds a row and
keeps the earlier ones; the current outcome is the latest row. For a conditional forecast
`condition_met` records whether its "if" clause came true: it is scored only when it did.

Two clocks answer "as of a date". The default, `event`, uses when things happened in the
world: a document counts from its publication date, a resolution from `resolved_on`. The
`ledger` clock uses when they were written down: `ingested_at` and `recorded_at`. The event
clock is what a back-filled ledger needs (a 2016 column ingested in 2026 was still open in
December 2016); the ledger clock audits what this database itself knew.
"""

from __future__ import annotations

import getpass
import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal

import sqlalchemy as sa

from newsledger.errors import NewsledgerError
from newsledger.store.ledger import Ledger
from newsledger.store.schema import documents, period_end, period_start, resolutions

__all__ = [
    "CLOCKS",
    "FIELDS",
    "OUTCOMES",
    "Clock",
    "Outcome",
    "Resolution",
    "ResolutionError",
    "current",
    "as_date",
    "current_all",
    "due",
    "history",
    "read_log",
    "recorded_now",
    "replay",
    "resolution_id",
    "resolve",
]

Outcome = Literal["yes", "no", "void"]
Clock = Literal["event", "ledger"]
OUTCOMES: tuple[str, ...] = ("yes", "no", "void")
CLOCKS: tuple[str, ...] = ("event", "ledger")
# Column order of the CSV and key order of the JSON export.
FIELDS = (
    "id", "statement_id", "outcome", "resolved_on", "condition_met", "evidence_url",
    "evidence_document_id", "evidence_statement_id", "note", "resolved_by", "recorded_at",
)


class ResolutionError(NewsledgerError):
    """A resolution that cannot be recorded: unknown forecast, bad outcome or evidence."""


@dataclass(frozen=True, kw_only=True)
class Resolution:
    id: str
    statement_id: str
    outcome: str
    resolved_on: date
    evidence_url: str | None = None
    evidence_document_id: str | None = None
    evidence_statement_id: str | None = None
    note: str | None = None
    resolved_by: str | None = None
    recorded_at: str = ""
    condition_met: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {name: getattr(self, name) for name in FIELDS}
        out["resolved_on"] = self.resolved_on.isoformat()
        return out

    @classmethod
    def from_row(cls, row: sa.RowMapping) -> Resolution:
        resolved_on = row["resolved_on"]
        if not isinstance(resolved_on, date):  # raw SQL drivers may hand back text
            resolved_on = date.fromisoformat(str(resolved_on))
        met = row["condition_met"]
        return cls(
            id=row["id"],
            statement_id=row["statement_id"],
            outcome=row["outcome"],
            resolved_on=resolved_on,
            evidence_url=row["evidence_url"],
            evidence_document_id=row["evidence_document_id"],
            evidence_statement_id=row["evidence_statement_id"],
            note=row["note"],
            resolved_by=row["resolved_by"],
            recorded_at=row["recorded_at"],
            condition_met=None if met is None else bool(met),
        )


def resolution_id(content: dict[str, Any]) -> str:
    key = json.dumps([str(content.get(name) or "") for name in FIELDS[1:]])
    return "r" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def recorded_now() -> str:
    # Microseconds: two resolutions of one forecast in the same second must still order.
    return datetime.now(UTC).isoformat(timespec="microseconds")


def as_date(value: date | str | None, name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    found = period_start(value)
    if found is None:
        raise ResolutionError(f"{name}: not an ISO date (YYYY-MM-DD): {value!r}")
    return found




def _forecast(ledger: Ledger, statement_id: str) -> dict[str, Any]:
    found = ledger.statement(statement_id)
    if found is None:
        raise ResolutionError(f"no statement with id {statement_id!r}")
    if found["kind"] != "forecast":
        raise ResolutionError(
            f"statement {found['id']} is a {found['kind']}, not a forecast: only forecasts "
            "are resolved"
        )
    return found


def _evidence(ledger: Ledger, evidence: str) -> tuple[dict[str, str | None], date | None]:
    """The evidence columns for a URL, a document id or a statement id, and the date its
    document was published (the default `resolved_on`)."""
    evidence = evidence.strip()
    if evidence.startswith(("http://", "https://")):
        return {"evidence_url": evidence}, None
    found = ledger.lookup(evidence)
    if found is None:
        raise ResolutionError(
            f"evidence {evidence!r} is neither an http(s) URL nor a document or statement id "
            "in the ledger"
        )
    what, row = found
    doc = row if what == "document" else ledger.document(row["document_id"])
    assert doc is not None
    published = doc["published"]["value"]
    columns: dict[str, str | None] = {
        "evidence_document_id": doc["id"],
        "evidence_statement_id": row["id"] if what == "statement" else None,
        "evidence_url": doc.get("url"),
    }
    return columns, period_start(published) if published else None


def resolve(
    ledger: Ledger,
    statement_id: str,
    outcome: str,
    *,
    evidence: str | None = None,
    note: str | None = None,
    on: date | str | None = None,
    by: str | None = None,
    condition_met: bool | None = None,
) -> Resolution:
    """Record what became of a forecast (id or unique prefix). `evidence` is a URL or the id
    of a document or statement in the ledger; `on` (the date the outcome became known)
    defaults to the evidence document's publication date, else today; `by` defaults to the
    current user. Earlier resolutions are kept; this one becomes current."""
    if outcome not in OUTCOMES:
        raise ResolutionError(f"outcome must be yes, no or void, not {outcome!r}")
    forecast = _forecast(ledger, statement_id)
    if condition_met is not None and not forecast["condition"]:
        raise ResolutionError(
            f"forecast {forecast['id']} has no condition: leave condition_met unset"
        )
    columns: dict[str, Any] = {
        "evidence_url": None, "evidence_document_id": None, "evidence_statement_id": None,
    }
    evidence_date = None
    if evidence:
        found, evidence_date = _evidence(ledger, evidence)
        columns.update(found)
    content = {
        "statement_id": forecast["id"],
        "outcome": outcome,
        "resolved_on": as_date(on, "on") or evidence_date or date.today(),
        "condition_met": condition_met,
        "note": note,
        "resolved_by": by or _user(),
        "recorded_at": recorded_now(),
        **columns,
    }
    content["id"] = resolution_id(content)
    with ledger.writing() as conn:
        conn.execute(resolutions.insert().values(**content))
    return Resolution(**content)


def _user() -> str | None:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in some containers
        return None


def _known(as_of: date | None, clock: Clock) -> list[sa.ColumnElement[bool]]:
    if as_of is None:
        return []
    if clock == "event":
        return [resolutions.c.resolved_on <= as_of]
    # recorded_at is an ISO timestamp: everything on `as_of` sorts before the next day.
    return [resolutions.c.recorded_at < _next_day(as_of)]


def _next_day(day: date) -> str:
    return date.fromordinal(day.toordinal() + 1).isoformat()


def read_log(
    conn: sa.Connection, *where: sa.ColumnElement[bool]
) -> list[Resolution]:
    query = (
        sa.select(resolutions)
        .where(*where)
        .order_by(resolutions.c.recorded_at, resolutions.c.id)
    )
    return [Resolution.from_row(r) for r in conn.execute(query).mappings()]


def history(ledger: Ledger, statement_id: str) -> list[Resolution]:
    """Every resolution of a forecast, oldest first (the last one is current)."""
    found = ledger.statement(statement_id)
    full = found["id"] if found else statement_id  # the log outlives its statements
    with ledger.reading() as conn:
        return read_log(conn, resolutions.c.statement_id == full)


def current(
    ledger: Ledger, statement_id: str, *, as_of: date | str | None = None, clock: Clock = "event"
) -> Resolution | None:
    """The latest resolution of a forecast (known by `as_of`, if given), or None."""
    found = ledger.statement(statement_id)
    full = found["id"] if found else statement_id
    when = as_date(as_of, "as_of")
    with ledger.reading() as conn:
        log = read_log(conn, resolutions.c.statement_id == full, *_known(when, clock))
    return log[-1] if log else None


def current_all(
    ledger: Ledger, *, as_of: date | str | None = None, clock: Clock = "event"
) -> dict[str, Resolution]:
    """The current resolution of every resolved statement (known by `as_of`), by id."""
    when = as_date(as_of, "as_of")
    with ledger.reading() as conn:
        log = read_log(conn, *_known(when, clock))
    return {r.statement_id: r for r in log}  # oldest first, so the latest wins


def _visible_documents(ledger: Ledger, as_of: date, clock: Clock) -> set[str]:
    query = sa.select(documents.c.id, documents.c.published, documents.c.ingested_at)
    with ledger.reading() as conn:
        found = conn.execute(query).all()
    visible = set()
    for doc_id, published, ingested_at in found:
        # The published value is the best estimate even when its precision is coarse; an
        # undated document counts from when it was ingested.
        when = ingested_at if clock == "ledger" else published or ingested_at
        seen = period_start(when or "")
        if seen is None or seen <= as_of:
            visible.add(doc_id)
    return visible


@dataclass(kw_only=True)
class Replay:
    as_of: date
    clock: str
    documents: int
    open: list[dict[str, Any]] = field(default_factory=list)
    due: list[dict[str, Any]] = field(default_factory=list)
    resolved: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(), "clock": self.clock, "documents": self.documents,
            "open": self.open, "due": self.due, "resolved": self.resolved,
        }


def replay(ledger: Ledger, as_of: date | str, *, clock: Clock = "event") -> Replay:
    """The ledger's forecasts as they stood on `as_of`: documents published (or, with the
    ledger clock, ingested) later and resolutions known later are left out. `open` have no
    deadline yet passed, `due` have a deadline before `as_of` and no resolution, `resolved`
    carry the resolution then current. Each forecast dict has a `resolution` key."""
    when = as_date(as_of, "as_of")
    assert when is not None
    if clock not in CLOCKS:
        raise ResolutionError(f"clock must be event or ledger, not {clock!r}")
    visible = _visible_documents(ledger, when, clock)
    known = current_all(ledger, as_of=when, clock=clock)
    out = Replay(as_of=when, clock=clock, documents=len(visible))
    for forecast in ledger.forecasts():
        if forecast["document_id"] not in visible:
            continue
        resolution = known.get(forecast["id"])
        forecast["resolution"] = resolution.to_dict() if resolution else None
        deadline = _deadline(forecast)
        if resolution is not None:
            out.resolved.append(forecast)
        elif deadline is not None and deadline < when:
            out.due.append(forecast)
        else:
            out.open.append(forecast)
    out.due.sort(key=lambda f: (_deadline(f) or when, f["id"]))
    return out


def _deadline(forecast: dict[str, Any]) -> date | None:
    resolve_by = forecast.get("resolve_by")
    if not resolve_by:
        return None
    return period_end(resolve_by["value"], resolve_by.get("precision"))


def due(ledger: Ledger, as_of: date | str | None = None, *, clock: Clock = "event"
        ) -> list[dict[str, Any]]:
    """Forecasts whose deadline passed before `as_of` (default today) and that had no
    resolution then, oldest deadline first."""
    return replay(ledger, as_of or date.today(), clock=clock).due
