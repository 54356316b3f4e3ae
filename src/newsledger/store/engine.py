"""Opening a ledger database: URL handling, SQLite pragmas, and migrations on open."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, exc

from newsledger.errors import StoreError
from newsledger.store.schema import REVISION

__all__ = ["DEFAULT_URL", "WRITE", "create_ledger_engine", "normalise_url", "upgrade"]

log = logging.getLogger(__name__)

DEFAULT_URL = "sqlite:///newsledger.db"

# Execution option a connection sets before `begin()` to take the ledger's write lock at once
# (SQLite: BEGIN IMMEDIATE; PostgreSQL: a transaction-scoped advisory lock): one writer at a
# time, and no deadlock from upgrading a read lock mid-transaction. Storing a document
# re-partitions event groups other writers may be touching, so writes must not interleave.
WRITE = {"newsledger_write": True}

_BUSY_TIMEOUT_MS = 30_000
_MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
_LOCK = 0x6E6C6564  # "nled": the advisory-lock key for migrations on PostgreSQL
_WRITE_LOCK = 0x6E6C6577  # "nlew": the advisory-lock key every write transaction takes
_POSTGRES_HINT = "pip install 'newsledger[postgres]'"


def normalise_url(url: str | None) -> sa.URL:
    """An SQLAlchemy URL from a URL or a bare path (`newsledger.db` → `sqlite:///newsledger.db`)."""
    if url is None or not url.strip():
        url = DEFAULT_URL
    url = url.strip()
    if "://" not in url:
        if url == ":memory:":
            return sa.make_url("sqlite://")
        url = "sqlite:///" + str(Path(url).expanduser())
    try:
        return sa.make_url(url)
    except exc.ArgumentError as err:
        raise StoreError(f"not a database URL or path: {url!r}") from err


def _shown(url: sa.URL) -> str:
    return url.render_as_string(hide_password=True)


def create_ledger_engine(url: sa.URL) -> sa.Engine:
    """An engine for `url`, with SQLite set up for one writer and many readers."""
    backend = url.get_backend_name()
    if backend == "sqlite":
        database = url.database or ""
        if database not in ("", ":memory:") and not database.startswith("file:"):
            parent = Path(database).expanduser().resolve().parent
            if not parent.is_dir():
                raise StoreError(f"cannot open ledger {_shown(url)}: no directory {parent}")
    try:
        engine = sa.create_engine(url)
    except exc.NoSuchModuleError as err:
        raise StoreError(f"no database dialect for {_shown(url)}: {err}") from err
    except ImportError as err:
        hint = f"; install it with: {_POSTGRES_HINT}" if backend == "postgresql" else ""
        raise StoreError(
            f"the database driver for {_shown(url)} is not installed ({err}){hint}"
        ) from err
    if backend == "sqlite":
        _set_up_sqlite(engine)
    elif backend == "postgresql":
        _set_up_postgresql(engine)
    return engine


def _journal_wal(cursor: Any) -> None:
    """Switch to WAL. On a brand-new file several connections may race to do it, and SQLite
    can answer "database is locked" at once instead of waiting: try again briefly."""
    import sqlite3
    import time

    for attempt in range(50):
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or attempt == 49:
                raise
            time.sleep(0.05 * (1 + attempt % 5))


def _set_up_sqlite(engine: sa.Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control from the sqlite3 module so that BEGIN is ours to emit.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys = ON")
            _journal_wal(cursor)
            # In WAL mode NORMAL is still atomic; only a power cut can lose the last commits.
            cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        if conn.get_execution_options().get("newsledger_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def _set_up_postgresql(engine: sa.Engine) -> None:
    lock = sa.select(sa.func.pg_advisory_xact_lock(sa.bindparam("key", _WRITE_LOCK)))

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        # Held until commit or rollback; readers are not blocked (MVCC).
        if conn.get_execution_options().get("newsledger_write"):
            conn.execute(lock)


def _alembic_config(connection: sa.Connection) -> Any:
    from alembic.config import Config

    config = Config()
    # ConfigParser interpolation: a "%" in the install path must be doubled.
    config.set_main_option("script_location", str(_MIGRATIONS).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def _current_revision(connection: sa.Connection) -> str | None:
    # Read Alembic's table directly: importing Alembic alone costs ~0.1 s on every open.
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    version = sa.table("alembic_version", sa.column("version_num", sa.String))
    revisions = connection.scalars(sa.select(version.c.version_num)).all()
    return revisions[0] if len(revisions) == 1 else ",".join(sorted(revisions)) or None


def upgrade(engine: sa.Engine) -> None:
    """Bring the schema to head. At head this is one small read and no Alembic machinery."""
    url = _shown(engine.url)
    try:
        with engine.connect() as conn:
            current = _current_revision(conn)
            conn.rollback()
        if current == REVISION:
            return
        from alembic import command
        from alembic.util.exc import CommandError

        with engine.connect() as conn:
            conn.execution_options(**WRITE)
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    # PostgreSQL has no BEGIN IMMEDIATE; serialise concurrent migrations.
                    conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK})
                # Re-read inside the write lock: another process may have just migrated.
                if _current_revision(conn) == REVISION:
                    return
                log.info("migrating ledger %s from %s to %s", url, current, REVISION)
                try:
                    command.upgrade(_alembic_config(conn), "head")
                except CommandError as err:
                    raise StoreError(
                        f"ledger {url} is at schema revision {current!r}, which this version "
                        f"of newsledger does not know (newer?): {err}"
                    ) from err
    except exc.SQLAlchemyError as err:
        raise StoreError(f"cannot open ledger {url}: {err.__class__.__name__}: {err}") from err
