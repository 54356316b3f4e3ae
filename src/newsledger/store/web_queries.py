"""Read-only queries the web UI needs that `Ledger` does not offer (yet)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import sqlalchemy as sa
from sqlalchemy import exc

from newsledger.errors import StoreError
from newsledger.store.ledger import Ledger
from newsledger.store.schema import statements

__all__ = ["forecast_deadlines_by_month"]


def forecast_deadlines_by_month(ledger: Ledger) -> list[tuple[str, int]]:
    """How many forecasts fall due in each month ("2017-01", count), oldest month first.
    Forecasts without a dated deadline are left out (`summary()` counts them as undated)."""
    due = statements.c.resolve_by_date
    query = (
        sa.select(due, sa.func.count())
        .where(statements.c.kind == sa.bindparam("kind", "forecast"), due.is_not(None))
        .group_by(due)
    )
    try:
        with ledger.engine.connect() as conn:
            rows = conn.execute(query).all()
    except exc.SQLAlchemyError as err:
        raise StoreError(f"cannot read ledger {ledger.url}: {err}") from err
    months: Counter[str] = Counter()
    for day, count in rows:
        if isinstance(day, dt.date):
            months[day.strftime("%Y-%m")] += int(count)
        elif isinstance(day, str) and len(day) >= 7:
            months[day[:7]] += int(count)
    return sorted(months.items())
