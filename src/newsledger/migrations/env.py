"""Alembic environment for the ledger. Migrations run only through `Ledger.open`, which
hands over an open connection (inside its own transaction) via `config.attributes`."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("newsledger migrations run through newsledger.store.Ledger.open()")

context.configure(connection=connection, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
