"""The ledger store: SQLite by default, any SQLAlchemy URL (PostgreSQL) by choice.

Usage: `with Ledger.open("newsledger.db") as ledger: ledger.write(document, statements, times)`,
then `ledger.forecasts(due_before="2017-01")`. The schema is created and migrated on open.
"""

from __future__ import annotations

from newsledger.store.engine import DEFAULT_URL, normalise_url
from newsledger.store.ledger import DUE_WINDOW_DAYS, MIN_PREFIX, Ledger
from newsledger.store.query import fts_query

__all__ = ["DEFAULT_URL", "DUE_WINDOW_DAYS", "MIN_PREFIX", "Ledger", "fts_query", "normalise_url"]
