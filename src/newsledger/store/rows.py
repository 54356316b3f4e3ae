"""Records into rows and back: the write side of the ledger, one helper per table."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from newsledger.errors import StoreError
from newsledger.record import Document, Place, Statement, TimeExpression
from newsledger.store.event_clusters import delete_document_events
from newsledger.store.schema import (
    period_end,
    places,
    removed,
    sources_seen,
    statements,
    times,
)

__all__ = [
    "delete_contents",
    "document_listing",
    "document_row",
    "insert_places",
    "insert_removed",
    "insert_statements",
    "insert_times",
    "remember_source",
    "resolve_id",
]


def document_row(
    document: Document, *, ingested_at: str, extractor_version: str | None
) -> dict[str, Any]:
    """The `documents` row of a document, without its id."""
    published = document.published
    return {
        "source": document.source,
        "url": document.url,
        "title": document.title,
        "outlet": document.outlet,
        "author": document.author,
        "published": published.value,
        "published_precision": published.precision,
        "published_method": published.method,
        "published_earliest": published.earliest,
        "published_latest": published.latest,
        "language": document.language,
        "text": document.text,
        "ingested_at": ingested_at,
        "extractor_version": extractor_version,
    }


def delete_contents(conn: sa.Connection, doc_id: str) -> None:
    """Everything stored under a document except its `documents` row and sources."""
    # Explicit deletes rather than relying on ON DELETE CASCADE, which a backend may lack.
    delete_document_events(conn, doc_id)  # first: it recounts the events they belonged to
    conn.execute(places.delete().where(places.c.document_id == doc_id))
    conn.execute(times.delete().where(times.c.document_id == doc_id))
    conn.execute(statements.delete().where(statements.c.document_id == doc_id))
    conn.execute(removed.delete().where(removed.c.document_id == doc_id))


def insert_removed(conn: sa.Connection, doc_id: str, document: Document) -> None:
    found = [
        {"document_id": doc_id, "position": i, "text": r.text, "reason": r.reason}
        for i, r in enumerate(document.removed)
    ]
    if found:
        conn.execute(removed.insert(), found)


def insert_places(conn: sa.Connection, doc_id: str, found: list[Place]) -> None:
    rows = [
        {
            "document_id": doc_id,
            "position": i,
            "text": p.text,
            "start_char": p.start,
            "end_char": p.end,
            "name": p.name,
            "lat": p.lat,
            "lon": p.lon,
            "country": p.country,
            "precision": p.precision,
            "geonameid": p.geonameid,
            "feature": p.feature,
        }
        for i, p in enumerate(found)
    ]
    if rows:
        conn.execute(places.insert(), rows)


def _statement_row(doc_id: str, position: int, s: Statement) -> dict[str, Any]:
    resolve_by = s.resolve_by
    return {
        "id": s.id,
        "document_id": doc_id,
        "position": position,
        "kind": s.kind,
        "text": s.text,
        "start_char": s.start,
        "end_char": s.end,
        "speaker": s.speaker,
        "source_text": s.source.text if s.source else None,
        "source_type": s.source.type if s.source else None,
        "cue": s.cue,
        "author_stance": s.author_stance,
        "certainty_phrase": s.certainty.phrase,
        "certainty_low": s.certainty.low,
        "certainty_high": s.certainty.high,
        "polarity": s.polarity,
        "time_orientation": s.time_orientation,
        "proposition": s.proposition,
        "resolve_by": resolve_by.value if resolve_by else None,
        "resolve_by_precision": resolve_by.precision if resolve_by else None,
        "resolve_by_date": period_end(resolve_by.value, resolve_by.precision)
        if resolve_by
        else None,
        "resolve_by_reason": s.reason,
        "condition": s.condition,
        "probability": s.probability,
        "refers_to": s.refers_to,
        "sentence": s.sentence,
    }


def insert_statements(conn: sa.Connection, doc_id: str, found: list[Statement]) -> None:
    if found:
        conn.execute(
            statements.insert(), [_statement_row(doc_id, i, s) for i, s in enumerate(found)]
        )


def _time_rows(
    doc_id: str, statement_id: str | None, found: list[TimeExpression]
) -> list[dict[str, Any]]:
    return [
        {
            "document_id": doc_id,
            "statement_id": statement_id,
            "position": i,
            "text": t.text,
            "start_char": t.start,
            "end_char": t.end,
            "value": t.value,
            "type": t.type,
        }
        for i, t in enumerate(found)
    ]


def insert_times(
    conn: sa.Connection,
    doc_id: str,
    found_statements: list[Statement],
    document_times: list[TimeExpression],
) -> None:
    """The document's own time expressions (statement_id NULL) and each statement's."""
    found = _time_rows(doc_id, None, document_times)
    for s in found_statements:
        found += _time_rows(doc_id, s.id, s.times)
    if found:
        conn.execute(times.insert(), found)


_FORGET_SOURCE = sources_seen.delete().where(sa.and_(
    sources_seen.c.source == sa.bindparam("source"),
    sources_seen.c.content_hash == sa.bindparam("hash")))
_REMEMBER_SOURCE = sources_seen.insert()


def remember_source(
    conn: sa.Connection, source: str, content_hash: str | None, doc_id: str, now: str
) -> None:
    """Note that `source` (with this content) gave `doc_id`. Delete-then-insert is the
    upsert every backend understands."""
    conn.execute(_FORGET_SOURCE, {"source": source, "hash": content_hash or ""})
    conn.execute(_REMEMBER_SOURCE, {"source": source, "content_hash": content_hash or "",
                                    "document_id": doc_id, "seen_at": now})


def resolve_id(conn: sa.Connection, table: sa.Table, ident: str, *, min_prefix: int) -> str | None:
    """The full id in `table` for an id or a unique prefix of at least `min_prefix` chars."""
    exact = conn.execute(sa.select(table.c.id).where(table.c.id == ident)).first()
    if exact is not None:
        return str(exact[0])
    if len(ident) < min_prefix:
        return None
    found = conn.execute(
        sa.select(table.c.id).where(table.c.id.startswith(ident, autoescape=True)).limit(2)
    ).all()
    if len(found) > 1:
        raise StoreError(f"id prefix {ident!r} matches more than one {table.name[:-1]}")
    return str(found[0][0]) if found else None


def document_listing(row: sa.RowMapping) -> dict[str, Any]:
    """A `documents` row as a listing entry: the record's fields without the text."""
    return {
        "id": row["id"],
        "source": row["source"],
        "url": row["url"],
        "title": row["title"],
        "outlet": row["outlet"],
        "author": row["author"],
        "published": {
            "value": row["published"],
            "precision": row["published_precision"],
            "method": row["published_method"],
            "earliest": row["published_earliest"],
            "latest": row["published_latest"],
        },
        "language": row["language"],
        "ingested_at": row["ingested_at"],
        "extractor_version": row["extractor_version"],
        "statements": row["n_statements"],
    }
