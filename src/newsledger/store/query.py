"""Reading statements back: filters, full-text search, and rows turned into record dicts."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa

from newsledger.errors import StoreError
from newsledger.store.schema import (
    documents,
    period_end,
    period_start,
    removed,
    statements,
    times,
)

__all__ = [
    "DateLike",
    "document_dict",
    "fts_query",
    "load_times",
    "statement_dict",
    "statement_select",
]

DateLike = date | str

_WORD = re.compile(r"\w", re.UNICODE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # a NUL ends an FTS5 string early
_CHUNK = 500  # ids per IN (...) list, well under any backend's bound-parameter limit

_STATEMENT_EXTRAS = (
    documents.c.outlet.label("outlet"),
    documents.c.title.label("title"),
    documents.c.published.label("published"),
)


def fts_query(search: str) -> str | None:
    """A safe FTS5 MATCH string for plain user words: every whitespace-separated chunk becomes
    a quoted phrase (quotes doubled), so `"foo AND (` or `'; DROP TABLE` cannot be FTS syntax.
    Chunks with no word character are left out; None when nothing searchable is left."""
    phrases = [
        '"' + chunk.replace('"', '""') + '"'
        for chunk in _CONTROL.sub(" ", search).split()
        if _WORD.search(chunk)
    ]
    return " ".join(phrases) or None


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _contains(column: sa.ColumnElement[Any], value: str) -> sa.ColumnElement[bool]:
    return column.ilike(_like(value), escape="\\")


def _as_bound(value: DateLike, *, end: bool) -> date:
    if isinstance(value, date):
        return value
    bound = period_end(value) if end else period_start(value)
    if bound is None:
        raise StoreError(f"not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
    return bound


def statement_select(
    dialect: str,
    *,
    kind: str | None = None,
    speaker: str | None = None,
    outlet: str | None = None,
    author: str | None = None,
    due_before: DateLike | None = None,
    due_after: DateLike | None = None,
    search: str | None = None,
    document_id: str | None = None,
    statement_id: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> sa.Select[Any] | None:
    """The SELECT for `Ledger.statements`; None when the search has no searchable words."""
    query = sa.select(statements, *_STATEMENT_EXTRAS).join(
        documents, documents.c.id == statements.c.document_id
    )
    order: list[Any] = []
    if kind is not None:
        query = query.where(statements.c.kind == kind)
    if speaker:
        query = query.where(_contains(statements.c.speaker, speaker))
    if outlet:
        query = query.where(_contains(documents.c.outlet, outlet))
    if author:
        query = query.where(_contains(documents.c.author, author))
    if due_before is not None:
        query = query.where(statements.c.resolve_by_date <= _as_bound(due_before, end=True))
    if due_after is not None:
        query = query.where(statements.c.resolve_by_date >= _as_bound(due_after, end=False))
    if document_id is not None:
        query = query.where(statements.c.document_id == document_id)
    if statement_id is not None:
        query = query.where(statements.c.id == statement_id)
    if search is not None and search.strip():
        if dialect == "sqlite":
            match = fts_query(search)
            if match is None:
                return None
            only_search = not any(
                v is not None
                for v in (kind, speaker or None, outlet or None, author or None, due_before,
                          due_after, document_id, statement_id)
            )
            top = limit + offset if limit is not None and only_search else None
            fts = _ranked_fts(match, top)
            query = query.join(fts, fts.c.rowid == sa.literal_column("statements.rowid"))
            order.append(fts.c.rank)
            if top is not None:
                # Ties in rank go by rowid, as in the subquery, so that pages are exact
                # slices of one order: (rank, rowid) is total.
                query = query.order_by(*order, fts.c.rowid).limit(limit).offset(offset)
                return query
        else:
            # No FTS outside SQLite: every word must appear in text, proposition or speaker.
            for word in search.split():
                query = query.where(
                    sa.or_(
                        _contains(statements.c.text, word),
                        _contains(statements.c.proposition, word),
                        _contains(statements.c.speaker, word),
                    )
                )
    order += [
        documents.c.published.desc().nulls_last(),
        statements.c.document_id,
        statements.c.position,
    ]
    query = query.order_by(*order)
    if limit is not None:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    return query


def _ranked_fts(match: str, top: int | None) -> sa.Subquery:
    """(rowid, rank) of the statements matching an FTS5 query. With `top` (a search with no
    other filter and a LIMIT) only the first `top` by (rank, rowid): the join and the sort
    then touch a page's worth of rows instead of every match."""
    fts = sa.table("statements_fts", sa.column("rowid"), sa.column("rank"))
    matches = sa.text("statements_fts MATCH :fts_match").bindparams(fts_match=match)
    ranked = sa.select(fts.c.rowid, fts.c.rank).select_from(fts).where(matches)
    if top is not None:
        ranked = ranked.order_by(fts.c.rank, fts.c.rowid).limit(top)
    return ranked.subquery("fts")


def load_times(
    conn: sa.Connection, statement_ids: Sequence[str]
) -> dict[str, list[dict[str, Any]]]:
    """Time expressions of each statement, in their original order."""
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for i in range(0, len(statement_ids), _CHUNK):
        chunk = list(statement_ids[i : i + _CHUNK])
        rows = conn.execute(
            sa.select(times)
            .where(times.c.statement_id.in_(chunk))
            .order_by(times.c.statement_id, times.c.position)
        ).mappings()
        for row in rows:
            found[row["statement_id"]].append(_time_dict(row))
    return found


def _time_dict(row: sa.RowMapping) -> dict[str, Any]:
    return {
        "text": row["text"],
        "start": row["start_char"],
        "end": row["end_char"],
        "value": row["value"],
        "type": row["type"],
    }


def statement_dict(row: sa.RowMapping, statement_times: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """A row in the shape of `Statement.to_dict()`, plus `document_id` and, when selected,
    the document's `outlet`, `title` and `published`."""
    source = None
    if row["source_text"] is not None or row["source_type"] is not None:
        source = {"text": row["source_text"], "type": row["source_type"]}
    resolve_by = None
    if row["resolve_by"] is not None:
        resolve_by = {"value": row["resolve_by"], "precision": row["resolve_by_precision"]}
    out: dict[str, Any] = {
        "id": row["id"],
        "kind": row["kind"],
        "text": row["text"],
        "start": row["start_char"],
        "end": row["end_char"],
        "speaker": row["speaker"],
        "source": source,
        "cue": row["cue"],
        "author_stance": row["author_stance"],
        "certainty": {
            "phrase": row["certainty_phrase"],
            "low": row["certainty_low"],
            "high": row["certainty_high"],
        },
        "polarity": row["polarity"],
        "time_orientation": row["time_orientation"],
        "proposition": row["proposition"],
        "resolve_by": resolve_by,
        "reason": row["resolve_by_reason"],
        "condition": row["condition"],
        "probability": row["probability"],
        "refers_to": row["refers_to"],
        "times": list(statement_times),
        "sentence": row["sentence"],
        "document_id": row["document_id"],
    }
    for extra in ("outlet", "title", "published"):
        if extra in row:
            out[extra] = row[extra]
    return out


def document_dict(conn: sa.Connection, row: sa.RowMapping) -> dict[str, Any]:
    """A row in the shape of `Document.to_dict()`, plus `ingested_at`, `extractor_version`
    and the document-level `times`."""
    doc_id = row["id"]
    removed_rows = conn.execute(
        sa.select(removed.c.text, removed.c.reason)
        .where(removed.c.document_id == doc_id)
        .order_by(removed.c.position)
    ).mappings()
    time_rows = conn.execute(
        sa.select(times)
        .where(times.c.document_id == doc_id, times.c.statement_id.is_(None))
        .order_by(times.c.position)
    ).mappings()
    return {
        "id": doc_id,
        "source": row["source"],
        "text": row["text"],
        "title": row["title"],
        "outlet": row["outlet"],
        "author": row["author"],
        "url": row["url"],
        "published": {
            "value": row["published"],
            "precision": row["published_precision"],
            "method": row["published_method"],
            "earliest": row["published_earliest"],
            "latest": row["published_latest"],
        },
        "language": row["language"],
        "removed": [{"text": r["text"], "reason": r["reason"]} for r in removed_rows],
        "ingested_at": row["ingested_at"],
        "extractor_version": row["extractor_version"],
        "times": [_time_dict(r) for r in time_rows],
    }
