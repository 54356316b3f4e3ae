"""Read-only queries the web UI needs that `Ledger` does not offer: sortable statement lists
with date and certainty filters, forecasts by status, people and outlets, cited sources.

SQLAlchemy Core only, every value a bound parameter (never formatted into SQL); rows come
back in the ledger's statement-dict shape (`Ledger.statements`)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any, Literal

import sqlalchemy as sa

from newsledger.errors import StoreError
from newsledger.store.ledger import DUE_WINDOW_DAYS, Ledger
from newsledger.store.query import load_times, statement_dict, statement_select
from newsledger.store.resolutions import Resolution, current_all
from newsledger.store.schema import documents, period_end, resolutions, statements

__all__ = [
    "BANDS", "PEOPLE", "SORTS", "STATUSES", "Filters", "People", "certainty_band", "cited_sources",
    "find_statements", "forecast_deadlines_by_month", "forecast_status_counts",
    "forecasts_by_status", "people", "profile", "resolved_forecasts", "statements_of",
]

People = Literal["speaker", "outlet", "author"]
PEOPLE: tuple[str, ...] = ("speaker", "outlet", "author")
STATUSES: tuple[str, ...] = ("open", "due", "overdue", "resolved")
# Certainty bands (midpoint of the stated range): (name, lowest midpoint in the band).
BANDS: tuple[tuple[str, float], ...] = (
    ("doubtful", 0.0), ("uncertain", 0.3), ("likely", 0.55), ("very likely", 0.75),
    ("certain", 0.9),
)
_mid = (statements.c.certainty_low + statements.c.certainty_high) / 2
_published = documents.c.published
_SORT_COLUMNS: dict[str, tuple[Any, ...]] = {
    "newest": (_published.desc().nulls_last(),),
    "oldest": (_published.asc().nulls_last(),),
    "deadline": (statements.c.resolve_by_date.asc().nulls_last(),),
    "certain": (_mid.desc(),),
    "hedged": (_mid.asc(),),
    "speaker": (sa.func.lower(statements.c.speaker),),
    "outlet": (sa.func.lower(documents.c.outlet).asc().nulls_last(),),
    "kind": (statements.c.kind,),
}
SORTS: tuple[str, ...] = ("relevance", *_SORT_COLUMNS)
_CHUNK = 500  # ids per IN (...) list
_TIEBREAK = (_published.desc().nulls_last(), statements.c.document_id, statements.c.position)



def certainty_band(low: Any, high: Any) -> str:
    """The band of a certainty range, by its midpoint."""
    try:
        mid = (float(low) + float(high)) / 2
    except (TypeError, ValueError):
        return BANDS[0][0]
    return [name for name, floor in BANDS if mid >= floor][-1]


@dataclass(frozen=True, kw_only=True)
class Filters:
    """What a statement list is filtered by. Names as in `Ledger.statements`, plus the
    document's publication date range and the certainty midpoint range (0..1)."""

    kind: str | None = None
    speaker: str | None = None
    outlet: str | None = None
    author: str | None = None
    search: str | None = None
    due_before: str | None = None
    due_after: str | None = None
    published_after: str | None = None
    published_before: str | None = None
    certainty_min: float | None = None
    certainty_max: float | None = None

    def ledger_args(self) -> dict[str, Any]:
        return {"kind": self.kind, "speaker": self.speaker, "outlet": self.outlet,
                "author": self.author, "search": self.search, "due_before": self.due_before,
                "due_after": self.due_after}

    def extra(self) -> list[sa.ColumnElement[bool]]:
        where: list[sa.ColumnElement[bool]] = []
        if self.published_after:
            where.append(_published >= self.published_after)
        if self.published_before:
            where.append(_published < _after(self.published_before))
        if self.certainty_min is not None:
            where.append(_mid >= self.certainty_min)
        if self.certainty_max is not None:
            where.append(_mid <= self.certainty_max)
        return where


def _after(value: str) -> str:
    """The first value after the period `value` names, at its own precision: "2017-01" →
    "2017-02", so `published < it` keeps "2017-01", "2017-01-31" and nothing of February."""
    end = period_end(value)
    if end is None:
        raise StoreError(f"not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
    nxt = end + dt.timedelta(days=1)
    return nxt.isoformat()[: len(value.strip()[:10])]


def _rows(conn: sa.Connection, query: sa.Select[Any]) -> list[dict[str, Any]]:
    found = list(conn.execute(query).mappings())
    found_times = load_times(conn, [r["id"] for r in found])
    return [statement_dict(r, found_times.get(r["id"], [])) for r in found]


def find_statements(
    ledger: Ledger, filters: Filters, *, sort: str | None = None, limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Statements matching `filters`, in `sort` order (one of SORTS; default: by relevance
    for a search, else newest document first, in text order)."""
    if sort is not None and sort not in SORTS:
        raise StoreError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    extra = filters.extra()
    if not extra and sort in (None, "relevance"):
        return ledger.statements(**filters.ledger_args(), limit=limit, offset=offset)
    query = statement_select(ledger.engine.dialect.name, **filters.ledger_args())
    if query is None:
        return []
    query = query.where(*extra)
    if sort not in (None, "relevance"):
        query = query.order_by(None).order_by(*_SORT_COLUMNS[sort], *_TIEBREAK)
    query = query.limit(limit).offset(offset)
    with ledger.reading() as conn:
        return _rows(conn, query)


# -- forecasts by status ---------------------------------------------------------------------


def _latest(column: sa.Column[Any], as_of: dt.date) -> sa.ScalarSelect[Any]:
    """The current resolution's `column` for each statement, as known on `as_of`."""
    return (
        sa.select(column)
        .where(resolutions.c.statement_id == statements.c.id,
               resolutions.c.resolved_on <= as_of)
        .order_by(resolutions.c.recorded_at.desc(), resolutions.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _resolved_by(as_of: dt.date) -> sa.ColumnElement[bool]:
    """The statement has a resolution known on `as_of` (the subquery runs once)."""
    known = sa.select(resolutions.c.statement_id).where(resolutions.c.resolved_on <= as_of)
    return statements.c.id.in_(known)


def _status_where(status: str, as_of: dt.date, window_days: int) -> sa.ColumnElement[bool]:
    if status not in STATUSES:
        raise StoreError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    due = statements.c.resolve_by_date
    today = sa.literal(as_of, sa.Date)
    window_end = sa.literal(as_of + dt.timedelta(days=window_days), sa.Date)
    if status == "resolved":
        return _resolved_by(as_of)
    unresolved = sa.not_(_resolved_by(as_of))
    if status == "overdue":
        return sa.and_(unresolved, due < today)
    if status == "due":
        return sa.and_(unresolved, due >= today, due <= window_end)
    return sa.and_(unresolved, sa.or_(due.is_(None), due > window_end))


def _deadline_status(due: Any, as_of: dt.date, window_days: int) -> str:
    """An unresolved forecast's status by its deadline (an undated one is open)."""
    if due is None:
        return "open"
    due = due if isinstance(due, dt.date) else dt.date.fromisoformat(str(due)[:10])
    if due < as_of:
        return "overdue"
    return "due" if due <= as_of + dt.timedelta(days=window_days) else "open"


def forecasts_by_status(
    ledger: Ledger, *, status: str | None = None, as_of: dt.date | None = None,
    filters: Filters | None = None, window_days: int = DUE_WINDOW_DAYS, limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Forecasts, earliest deadline first (undated last), each with `status` (open: not
    due within `window_days`; due: deadline within them; overdue: deadline passed, no
    resolution; resolved) and `resolution` ({outcome, resolved_on} or None), as of `as_of`
    (default today; resolutions count from their `resolved_on`)."""
    as_of = as_of or dt.date.today()
    base = filters or Filters()
    args = {**base.ledger_args(), "kind": "forecast"}
    query = statement_select(ledger.engine.dialect.name, **args)
    if query is None:
        return []
    outcome = _latest(resolutions.c.outcome, as_of)
    query = query.add_columns(
        outcome.label("_outcome"), _latest(resolutions.c.resolved_on, as_of).label("_on"),
        statements.c.resolve_by_date.label("_due"),
    ).where(*base.extra())
    if status is not None:
        query = query.where(_status_where(status, as_of, window_days))
    query = query.order_by(None).order_by(
        statements.c.resolve_by_date.asc().nulls_last(), *_TIEBREAK
    ).limit(limit).offset(offset)
    with ledger.reading() as conn:
        found = list(conn.execute(query).mappings())
        found_times = load_times(conn, [r["id"] for r in found])
    out = []
    for r in found:
        row = statement_dict(r, found_times.get(r["id"], []))
        on = r["_on"]
        row["resolution"] = None if r["_outcome"] is None else {
            "outcome": r["_outcome"], "resolved_on": on.isoformat()
            if isinstance(on, dt.date) else on}
        row["status"] = "resolved" if row["resolution"] else _deadline_status(
            r["_due"], as_of, window_days)
        out.append(row)
    return out


def forecast_status_counts(
    ledger: Ledger, *, as_of: dt.date | None = None, window_days: int = DUE_WINDOW_DAYS
) -> dict[str, int]:
    """How many forecasts are open, due, overdue and resolved (as `forecasts_by_status`).
    Counted per deadline over the (kind, deadline) index, less the resolved ones, found
    from the (few) resolutions: no pass over every forecast row."""
    as_of = as_of or dt.date.today()
    due = statements.c.resolve_by_date
    is_forecast = statements.c.kind == "forecast"
    by_deadline = sa.select(due, sa.func.count()).where(is_forecast).group_by(due)
    known = (sa.select(resolutions.c.statement_id).distinct()
             .where(resolutions.c.resolved_on <= as_of))
    counts = dict.fromkeys(STATUSES, 0)
    with ledger.reading() as conn:
        for day, n in conn.execute(by_deadline):
            counts[_deadline_status(day, as_of, window_days)] += int(n)
        ids = list(conn.execute(known).scalars())
        for i in range(0, len(ids), _CHUNK):
            resolved = (sa.select(due, sa.func.count()).group_by(due)
                        .where(is_forecast, statements.c.id.in_(ids[i:i + _CHUNK])))
            for day, n in conn.execute(resolved):
                counts[_deadline_status(day, as_of, window_days)] -= int(n)
                counts["resolved"] += int(n)
    return counts


def forecast_deadlines_by_month(ledger: Ledger) -> list[tuple[str, int]]:
    """How many forecasts fall due in each month ("2017-01", count), oldest month first.
    Forecasts without a dated deadline are left out (`summary()` counts them as undated)."""
    due = statements.c.resolve_by_date
    query = (
        sa.select(due, sa.func.count())
        .where(statements.c.kind == "forecast", due.is_not(None))
        .group_by(due)
    )
    with ledger.reading() as conn:
        rows = conn.execute(query).all()
    months: Counter[str] = Counter()
    for day, count in rows:
        if isinstance(day, dt.date):
            months[day.strftime("%Y-%m")] += int(count)
        elif isinstance(day, str) and len(day) >= 7:
            months[day[:7]] += int(count)
    return sorted(months.items())


# -- people, outlets, sources ----------------------------------------------------------------


def _column(field: str) -> sa.ColumnElement[Any]:
    if field == "speaker":
        return statements.c.speaker
    if field == "outlet":
        return documents.c.outlet
    if field == "author":
        return documents.c.author
    raise StoreError(f"field must be one of {', '.join(PEOPLE)}, not {field!r}")


def _kind_counts(column: sa.ColumnElement[Any]) -> list[Any]:
    def n(kind: str) -> sa.ColumnElement[Any]:
        return sa.func.sum(sa.case((statements.c.kind == kind, 1),
                                   else_=0))
    return [sa.func.count().label("statements"), n("claim").label("claims"),
            n("forecast").label("forecasts"),
            n("past_forecast_reference").label("past_forecast_references"),
            sa.func.count(sa.distinct(statements.c.document_id)).label("documents"),
            sa.func.avg(_mid).label("mean_certainty")]


def _joined() -> Any:
    return statements.join(documents, documents.c.id == statements.c.document_id)


def _person_row(r: sa.RowMapping, name_key: str = "name") -> dict[str, Any]:
    mean = r["mean_certainty"]
    return {"name": r[name_key], "statements": int(r["statements"]),
            "claims": int(r["claims"] or 0), "forecasts": int(r["forecasts"] or 0),
            "past_forecast_references": int(r["past_forecast_references"] or 0),
            "documents": int(r["documents"]),
            "mean_certainty": None if mean is None else round(float(mean), 4)}


def people(
    ledger: Ledger, field: str, *, limit: int = 50, offset: int = 0, exclude_author: bool = False
) -> list[dict[str, Any]]:
    """Speakers, outlets or authors with how many statements of each kind they have, most
    statements first. `exclude_author` leaves out the writer's own voice (speaker "author")."""
    column = _column(field)
    query = (sa.select(column.label("name"), *_kind_counts(column)).select_from(_joined())
             .where(column.is_not(None)).group_by(column)
             .order_by(sa.func.count().desc(), column).limit(limit).offset(offset))
    if exclude_author:
        query = query.where(statements.c.speaker != "author")
    with ledger.reading() as conn:
        return [_person_row(r) for r in conn.execute(query).mappings()]


def cited_sources(ledger: Ledger, *, limit: int = 10) -> list[dict[str, Any]]:
    """The most cited sources: speakers other than the writer, with their source type (the
    commonest one), most statements first."""
    found = people(ledger, "speaker", limit=limit, exclude_author=True)
    if not found:
        return found
    query = (sa.select(statements.c.speaker, statements.c.source_type, sa.func.count())
             .where(statements.c.speaker.in_([f["name"] for f in found]),
                    statements.c.source_type.is_not(None))
             .group_by(statements.c.speaker, statements.c.source_type))
    types: dict[str, Counter[str]] = {}
    with ledger.reading() as conn:
        for speaker, source_type, n in conn.execute(query):
            types.setdefault(speaker, Counter())[source_type] += int(n)
    for f in found:
        common = types.get(f["name"])
        f["type"] = common.most_common(1)[0][0] if common else None
    return found


def profile(ledger: Ledger, field: str, name: str) -> dict[str, Any] | None:
    """One speaker, outlet or author (name matched case-insensitively): the name as stored,
    counts by kind, certainty bands, the commonest hedge phrases; None when unknown."""
    column = _column(field)
    match = sa.func.lower(column) == sa.func.lower(sa.literal(name))
    summary = (sa.select(sa.func.min(column).label("stored"), *_kind_counts(column))
               .select_from(_joined()).where(match))
    phrases = (sa.select(statements.c.certainty_phrase, sa.func.count().label("n"))
               .select_from(_joined())
               .where(match, statements.c.certainty_phrase.is_not(None))
               .group_by(statements.c.certainty_phrase)
               .order_by(sa.desc("n"), statements.c.certainty_phrase).limit(10))
    ranges = (sa.select(statements.c.certainty_low, statements.c.certainty_high,
                        sa.func.count()).select_from(_joined()).where(match)
              .group_by(statements.c.certainty_low, statements.c.certainty_high))
    with ledger.reading() as conn:
        row = conn.execute(summary).mappings().one()
        if not row["statements"]:
            return None
        out = _person_row(row, "stored")
        out["hedges"] = [{"phrase": p, "n": int(n)} for p, n in conn.execute(phrases)]
        bands: Counter[str] = Counter()
        for low, high, n in conn.execute(ranges):
            bands[certainty_band(low, high)] += int(n)
    out["field"] = field
    out["bands"] = [{"band": b, "n": bands.get(b, 0)} for b, _ in BANDS]
    return out


def statements_of(
    ledger: Ledger, field: str, name: str, *, kind: str | None = None, limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Statements of one speaker, outlet or author (case-insensitive), newest first."""
    column = _column(field)
    query = statement_select(ledger.engine.dialect.name, kind=kind)
    assert query is not None  # only a search can make it None
    query = query.where(sa.func.lower(column) == sa.func.lower(sa.literal(name)))
    with ledger.reading() as conn:
        return _rows(conn, query.limit(limit).offset(offset))


def resolved_forecasts(ledger: Ledger) -> list[tuple[dict[str, Any], Resolution]]:
    """The forecasts that have a resolution, each with its current one and its document's
    `author`: what `scoring.score_forecasts` needs, without reading every open forecast
    (`scoring.scores` does, and scores the same rows)."""
    known = current_all(ledger)
    ids = sorted(known)
    found: list[dict[str, Any]] = []
    with ledger.reading() as conn:
        for i in range(0, len(ids), _CHUNK):
            query = statement_select(ledger.engine.dialect.name, kind="forecast")
            assert query is not None  # only a search can make it None
            query = query.add_columns(documents.c.author.label("author")).where(
                statements.c.id.in_(ids[i:i + _CHUNK]))
            rows = list(conn.execute(query).mappings())
            found_times = load_times(conn, [r["id"] for r in rows])
            for r in rows:
                found.append({**statement_dict(r, found_times.get(r["id"], [])),
                              "author": r["author"]})
    return [(f, known[f["id"]]) for f in found]
