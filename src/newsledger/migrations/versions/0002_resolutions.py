"""Resolutions: an append-only log of what became of each forecast.

A row is never updated or deleted: a re-resolution is a new row, and the current outcome of
a forecast is its latest row. `statement_id` deliberately has no foreign key: statements are
deleted and re-inserted (with the same content-hash ids) when a document is extracted again,
and the log of who resolved what must survive that.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# On SQLite the log refuses edits outright; elsewhere only the library's discipline keeps it.
_SQLITE_APPEND_ONLY = [
    """CREATE TRIGGER resolutions_no_update BEFORE UPDATE ON resolutions BEGIN
        SELECT RAISE(ABORT, 'resolutions are append-only: record a new resolution instead');
    END""",
    """CREATE TRIGGER resolutions_no_delete BEFORE DELETE ON resolutions BEGIN
        SELECT RAISE(ABORT, 'resolutions are append-only: record a new resolution instead');
    END""",
]


def upgrade() -> None:
    op.create_table(
        "resolutions",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("statement_id", sa.String, nullable=False),
        sa.Column("outcome", sa.String, nullable=False),  # yes | no | void
        sa.Column("resolved_on", sa.Date, nullable=False),  # when the outcome became known
        sa.Column("evidence_url", sa.String),
        sa.Column("evidence_document_id", sa.String),
        sa.Column("evidence_statement_id", sa.String),
        sa.Column("note", sa.Text),
        sa.Column("resolved_by", sa.String),
        sa.Column("recorded_at", sa.String, nullable=False),  # ISO timestamp, UTC
        sa.Column("condition_met", sa.Boolean),  # conditional forecasts: was the "if" met?
        sa.CheckConstraint("outcome IN ('yes', 'no', 'void')", name="ck_resolutions_outcome"),
    )
    op.create_index(
        "ix_resolutions_statement_id", "resolutions", ["statement_id", "recorded_at"]
    )
    op.create_index("ix_resolutions_resolved_on", "resolutions", ["resolved_on"])
    if op.get_bind().dialect.name == "sqlite":
        for statement in _SQLITE_APPEND_ONLY:
            op.execute(statement)


def downgrade() -> None:
    op.drop_table("resolutions")  # its triggers and indexes go with it
