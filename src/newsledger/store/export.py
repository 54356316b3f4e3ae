"""Streaming the whole ledger out as JSON lines or CSV, one read transaction throughout."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy import exc

from newsledger.csvcell import csv_line
from newsledger.errors import StoreError
from newsledger.store.events import EVENT_KEYS, document_events, document_places
from newsledger.store.query import document_dict, load_times, statement_dict
from newsledger.store.schema import documents, statements

__all__ = ["CSV_COLUMNS", "csv_lines", "jsonl"]

# Statement columns first, then the document's; `position` is storage detail.
CSV_COLUMNS = [c.name for c in statements.columns if c.name != "position"] + [
    "outlet",
    "title",
    "published",
    "url",
]
_EXTRAS = ("document_id", "outlet", "title", "published")


def jsonl(engine: sa.Engine, shown_url: str) -> Iterator[str]:
    """One line per document, as `analyze --json` prints it: {"document": ...,
    "statements": [...], "times": [...], "places": [...], "events": [...]}."""
    try:
        with engine.connect() as conn:
            ids = conn.scalars(sa.select(documents.c.id).order_by(documents.c.id)).all()
            for doc_id in ids:
                row = conn.execute(sa.select(documents).where(documents.c.id == doc_id))
                doc = document_dict(conn, row.mappings().one())
                doc_times = doc.pop("times")
                found = (
                    conn.execute(
                        sa.select(statements)
                        .where(statements.c.document_id == doc_id)
                        .order_by(statements.c.position)
                    )
                    .mappings()
                    .all()
                )
                stmt_times = load_times(conn, [s["id"] for s in found])
                stmts = [_pure(statement_dict(s, stmt_times.get(s["id"], []))) for s in found]
                line = {"document": doc, "statements": stmts, "times": doc_times,
                        "places": document_places(conn, doc_id),
                        "events": [{k: m[k] for k in EVENT_KEYS}
                                   for m in document_events(conn, doc_id)]}
                yield json.dumps(line, ensure_ascii=False) + "\n"
    except exc.SQLAlchemyError as err:
        raise StoreError(f"cannot read ledger {shown_url}: {err}") from err


def _pure(statement: dict[str, Any]) -> dict[str, Any]:
    """Only the `Statement.to_dict()` keys, as `analyze --json` prints them."""
    for key in _EXTRAS:
        statement.pop(key, None)
    return statement


def csv_lines(engine: sa.Engine, shown_url: str) -> Iterator[str]:
    """A header, then one row per statement in document order."""
    query = (
        sa.select(
            statements,
            documents.c.outlet.label("outlet"),
            documents.c.title.label("title"),
            documents.c.published.label("published"),
            documents.c.url.label("url"),
        )
        .join(documents, documents.c.id == statements.c.document_id)
        .order_by(statements.c.document_id, statements.c.position)
    )
    yield csv_line(CSV_COLUMNS)
    try:
        with engine.connect() as conn:
            result = conn.execution_options(yield_per=500).execute(query).mappings()
            for row in result:
                yield csv_line([row[c] for c in CSV_COLUMNS])
    except exc.SQLAlchemyError as err:
        raise StoreError(f"cannot read ledger {shown_url}: {err}") from err
