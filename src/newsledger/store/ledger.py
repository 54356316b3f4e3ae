"""The ledger: one transaction per document in, record-shaped dicts out."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from types import TracebackType
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy import exc

from newsledger.errors import StoreError
from newsledger.record import Document, Event, Place, Statement, TimeExpression
from newsledger.store import export as _export
from newsledger.store import rows
from newsledger.store.engine import WRITE, create_ledger_engine, normalise_url, upgrade
from newsledger.store.event_clusters import insert_events
from newsledger.store.query import (
    DateLike,
    document_dict,
    load_times,
    statement_dict,
    statement_select,
)
from newsledger.store.schema import (
    documents,
    sources_seen,
    statements,
)
from newsledger.store.schema import drops as drops_table

__all__ = ["DUE_WINDOW_DAYS", "MIN_PREFIX", "Ledger"]

MIN_PREFIX = 6  # shortest id prefix `document`/`statement`/`lookup` will expand
DUE_WINDOW_DAYS = 90  # "falling due" in `summary`


# The statements every write runs, built once with bound parameters: building them anew per
# document is a good part of the writer's CPU time (SQLAlchemy caches only their compiled form).
_IS_STORED = sa.select(documents.c.id).where(documents.c.id == sa.bindparam("doc_id"))
_UNDROP = drops_table.delete().where(drops_table.c.source == sa.bindparam("source"))
_INSERT_DOCUMENT = documents.insert()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Ledger:
    """A ledger database. Open with `Ledger.open(url)`; use as a context manager or `close()`.

    Writes take SQLite's write lock at BEGIN (one writer); reads run concurrently (WAL).
    Every method raises `StoreError` when the database fails.
    """

    def __init__(self, *, engine: sa.Engine) -> None:
        self._engine = engine
        self._dialect = engine.dialect.name

    @classmethod
    def open(cls, url: str | os.PathLike[str] | None = None) -> Ledger:
        """Open (creating or migrating as needed) the ledger at an SQLAlchemy URL or a path.
        None means `sqlite:///newsledger.db`."""
        engine = create_ledger_engine(normalise_url(None if url is None else os.fspath(url)))
        try:
            upgrade(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine=engine)

    @property
    def engine(self) -> sa.Engine:
        """The SQLAlchemy engine, for queries this class does not offer (read-only use)."""
        return self._engine

    @property
    def url(self) -> str:
        return self._engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def reading(self) -> Iterator[sa.Connection]:
        """A connection to read with; database failures become `StoreError`."""
        try:
            with self._engine.connect() as conn:
                yield conn
        except exc.SQLAlchemyError as err:
            raise StoreError(f"cannot read ledger {self.url}: {err}") from err

    @contextmanager
    def writing(self) -> Iterator[sa.Connection]:
        """A connection in one write transaction (SQLite: BEGIN IMMEDIATE); failures become
        `StoreError` and roll it back."""
        try:
            with self._engine.connect() as conn:
                conn.execution_options(**WRITE)
                with conn.begin():
                    yield conn
        except exc.SQLAlchemyError as err:
            raise StoreError(f"cannot write ledger {self.url}: {err}") from err

    # -- writing ----------------------------------------------------------------------------

    def write(
        self,
        document: Document,
        statements: list[Statement],
        times: list[TimeExpression],
        *,
        replace: bool = False,
        content_hash: str | None = None,
        extractor_version: str | None = None,
        places: list[Place] | None = None,
        events: list[Event] | None = None,
    ) -> bool:
        """Store a document with its statements and document-level time expressions (each
        statement's own `times` are stored with it), its places and its events (each joined
        to the real-world event it reports, see store/event_clusters.py), all in one
        transaction: all rows or none.

        Returns False, writing nothing but the source, when the document is already stored
        and not `replace`. With `replace` its old rows are deleted first. `content_hash` (of
        the bytes the reader got) lets `seen()` skip re-reading the same source later."""
        doc_id = document.id
        now = _now()
        with self.writing() as conn:
            exists = conn.execute(_IS_STORED, {"doc_id": doc_id}).first()
            # The source gave a document after all: an older drop of it no longer holds.
            conn.execute(_UNDROP, {"source": document.source})
            if exists and not replace:
                rows.remember_source(conn, document.source, content_hash, doc_id, now)
                return False
            row = rows.document_row(document, ingested_at=now, extractor_version=extractor_version)
            if exists:
                rows.delete_contents(conn, doc_id)
                conn.execute(documents.update().where(documents.c.id == doc_id).values(row))
            else:
                conn.execute(_INSERT_DOCUMENT, {"id": doc_id, **row})
            rows.insert_removed(conn, doc_id, document)
            rows.insert_statements(conn, doc_id, statements)
            rows.insert_times(conn, doc_id, statements, times)
            rows.insert_places(conn, doc_id, places or [])
            insert_events(conn, document, events or [])
            rows.remember_source(conn, document.source, content_hash, doc_id, now)
        return True

    def record_drop(
        self, source: str, reason: str, message: str, content_hash: str | None = None
    ) -> None:
        """Record why `source` was dropped. One row per (source, reason): the latest wins."""
        with self.writing() as conn:
            key = sa.and_(drops_table.c.source == source, drops_table.c.reason == reason)
            conn.execute(drops_table.delete().where(key))
            conn.execute(
                drops_table.insert().values(
                    source=source,
                    reason=reason,
                    message=message,
                    content_hash=content_hash,
                    dropped_at=_now(),
                )
            )

    def rebuild_search(self) -> None:
        """Rebuild the SQLite full-text index from `statements` (after manual edits)."""
        if self._dialect == "sqlite":
            with self.writing() as conn:
                conn.execute(
                    sa.text("INSERT INTO statements_fts(statements_fts) VALUES ('rebuild')")
                )

    # -- reading ----------------------------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        with self.reading() as conn:
            query = sa.select(documents.c.id).where(documents.c.id == doc_id)
            return conn.execute(query).first() is not None

    def seen(self, source: str, content_hash: str | None = None) -> str | None:
        """The id of the document last stored from `source` (with this content, if a hash is
        given), or None: lets a re-run skip cleaning and parsing what it already has."""
        query = sa.select(sources_seen.c.document_id).where(sources_seen.c.source == source)
        if content_hash is not None:
            query = query.where(sources_seen.c.content_hash == content_hash)
        query = query.order_by(sources_seen.c.seen_at.desc()).limit(1)
        with self.reading() as conn:
            row = conn.execute(query).first()
        return None if row is None else str(row[0])

    def statements(
        self,
        *,
        kind: str | None = None,
        speaker: str | None = None,
        outlet: str | None = None,
        author: str | None = None,
        due_before: DateLike | None = None,
        due_after: DateLike | None = None,
        search: str | None = None,
        document_id: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Statements as `Statement.to_dict()` dicts plus `document_id`, `outlet`, `title` and
        `published`. speaker/outlet/author match case-insensitive substrings; `search` is
        full text over text, proposition and speaker (plain words, all must occur).
        due_before/due_after are inclusive and a partial date covers its whole period:
        due_before="2017-01" means on or before 2017-01-31, and a forecast due "2017-01"
        counts as due on 2017-01-31."""
        query = statement_select(
            self._dialect,
            kind=kind,
            speaker=speaker,
            outlet=outlet,
            author=author,
            due_before=due_before,
            due_after=due_after,
            search=search,
            document_id=document_id,
            limit=limit,
            offset=offset,
        )
        if query is None:
            return []
        with self.reading() as conn:
            found = list(conn.execute(query).mappings())
            found_times = load_times(conn, [r["id"] for r in found])
        return [statement_dict(r, found_times.get(r["id"], [])) for r in found]

    def forecasts(self, **filters: Any) -> list[dict[str, Any]]:
        """`statements(kind="forecast", ...)`."""
        return self.statements(kind="forecast", **filters)

    def statement(self, stmt_id: str) -> dict[str, Any] | None:
        """One statement by id or unique id prefix (at least MIN_PREFIX characters)."""
        with self.reading() as conn:
            full = rows.resolve_id(conn, statements, stmt_id, min_prefix=MIN_PREFIX)
            if full is None:
                return None
            query = statement_select(self._dialect, statement_id=full)
            assert query is not None  # only a search can make it None
            row = conn.execute(query).mappings().one()
            return statement_dict(row, load_times(conn, [full]).get(full, []))

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """One document by id or unique id prefix, in `Document.to_dict()` shape plus
        `ingested_at`, `extractor_version` and document-level `times`."""
        with self.reading() as conn:
            full = rows.resolve_id(conn, documents, doc_id, min_prefix=MIN_PREFIX)
            if full is None:
                return None
            row = conn.execute(sa.select(documents).where(documents.c.id == full)).mappings()
            return document_dict(conn, row.one())

    def lookup(self, ident: str) -> tuple[Literal["document", "statement"], dict[str, Any]] | None:
        """A document or a statement by id or unique prefix, for `show ID`."""
        doc = self.document(ident)
        if doc is not None:
            return "document", doc
        stmt = self.statement(ident)
        return None if stmt is None else ("statement", stmt)

    def documents(self, *, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Documents newest first, without text: id, source, url, title, outlet, author,
        published (nested), language, ingested_at and `statements` (a count)."""
        counts = (
            sa.select(sa.func.count())
            .where(statements.c.document_id == documents.c.id)
            .scalar_subquery()
        )
        query = (
            sa.select(documents, counts.label("n_statements"))
            .order_by(documents.c.published.desc().nulls_last(), documents.c.id)
            .offset(offset)
        )
        if limit is not None:
            query = query.limit(limit)
        with self.reading() as conn:
            found = conn.execute(query).mappings().all()
        return [rows.document_listing(r) for r in found]

    def drops(self, *, reason: str | None = None) -> list[dict[str, Any]]:
        """Recorded drops, newest first: source, reason, content_hash, message, dropped_at."""
        newest = (drops_table.c.dropped_at.desc(), drops_table.c.source)
        query = sa.select(drops_table).order_by(*newest)
        if reason is not None:
            query = query.where(drops_table.c.reason == reason)
        with self.reading() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def summary(self, as_of: date | None = None) -> dict[str, Any]:
        """Counts: documents, statements by kind, forecasts falling due within
        DUE_WINDOW_DAYS of `as_of` (inclusive), overdue (due before `as_of`) and undated,
        and drops by reason."""
        as_of = as_of or date.today()
        due = statements.c.resolve_by_date
        is_forecast = statements.c.kind == "forecast"

        def count_forecasts(*where: sa.ColumnElement[bool]) -> sa.Select[int]:
            return sa.select(sa.func.count()).select_from(statements).where(is_forecast, *where)

        with self.reading() as conn:
            n_documents = conn.scalar(sa.select(sa.func.count()).select_from(documents))
            by_kind = conn.execute(
                sa.select(statements.c.kind, sa.func.count()).group_by(statements.c.kind)
            ).all()
            window_end = as_of + timedelta(days=DUE_WINDOW_DAYS)
            falling_due = conn.scalar(count_forecasts(due >= as_of, due <= window_end))
            overdue = conn.scalar(count_forecasts(due < as_of))
            undated = conn.scalar(count_forecasts(due.is_(None)))
            by_reason = conn.execute(
                sa.select(drops_table.c.reason, sa.func.count()).group_by(drops_table.c.reason)
            ).all()
        kinds = {"claim": 0, "forecast": 0, "past_forecast_reference": 0}
        kinds.update({str(k): int(n) for k, n in by_kind})
        return {
            "as_of": as_of.isoformat(),
            "documents": int(n_documents or 0),
            "statements": kinds,
            "forecasts": {
                "window_days": DUE_WINDOW_DAYS,
                "falling_due": int(falling_due or 0),
                "overdue": int(overdue or 0),
                "undated": int(undated or 0),
            },
            "drops": {str(r): int(n) for r, n in by_reason},
        }

    def export(self, fmt: Literal["jsonl", "csv"]) -> Iterator[str]:
        """Lines (each ending in a newline) of the whole ledger: "jsonl" gives one object per
        document, {"document", "statements", "times"} as `analyze --json` does; "csv" gives
        the statements flat with a header row."""
        if fmt == "jsonl":
            return _export.jsonl(self._engine, self.url)
        if fmt == "csv":
            return _export.csv_lines(self._engine, self.url)
        raise StoreError(f"unknown export format {fmt!r}: use jsonl or csv")
