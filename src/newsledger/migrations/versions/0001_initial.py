"""The initial ledger: documents, removed boilerplate, statements, times, drops, sources seen,
and on SQLite an FTS5 index over statement text kept in sync by triggers.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# External-content FTS5 (content="statements") is the form Datasette detects for its search box.
_SQLITE_FTS = [
    """CREATE VIRTUAL TABLE statements_fts USING fts5(
        text, proposition, speaker,
        content="statements", tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER statements_fts_insert AFTER INSERT ON statements BEGIN
        INSERT INTO statements_fts(rowid, text, proposition, speaker)
        VALUES (new.rowid, new.text, new.proposition, new.speaker);
    END""",
    """CREATE TRIGGER statements_fts_delete AFTER DELETE ON statements BEGIN
        INSERT INTO statements_fts(statements_fts, rowid, text, proposition, speaker)
        VALUES ('delete', old.rowid, old.text, old.proposition, old.speaker);
    END""",
    """CREATE TRIGGER statements_fts_update AFTER UPDATE ON statements BEGIN
        INSERT INTO statements_fts(statements_fts, rowid, text, proposition, speaker)
        VALUES ('delete', old.rowid, old.text, old.proposition, old.speaker);
        INSERT INTO statements_fts(rowid, text, proposition, speaker)
        VALUES (new.rowid, new.text, new.proposition, new.speaker);
    END""",
]


def _document_fk() -> sa.ForeignKey:
    return sa.ForeignKey("documents.id", ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("source", sa.String, nullable=False),
        sa.Column("url", sa.String),
        sa.Column("title", sa.String),
        sa.Column("outlet", sa.String),
        sa.Column("author", sa.String),
        sa.Column("published", sa.String),
        sa.Column("published_precision", sa.String),
        sa.Column("published_method", sa.String),
        sa.Column("published_earliest", sa.String),
        sa.Column("published_latest", sa.String),
        sa.Column("language", sa.String),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("ingested_at", sa.String, nullable=False),
        sa.Column("extractor_version", sa.String),
    )
    op.create_index("ix_documents_outlet", "documents", ["outlet"])
    op.create_index("ix_documents_author", "documents", ["author"])
    op.create_index("ix_documents_published", "documents", ["published"])
    op.create_index("ix_documents_source", "documents", ["source"])

    op.create_table(
        "removed",
        sa.Column("document_id", sa.String, _document_fk(), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("reason", sa.String, nullable=False),
    )

    op.create_table(
        "statements",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("document_id", sa.String, _document_fk(), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("start_char", sa.Integer, nullable=False),
        sa.Column("end_char", sa.Integer, nullable=False),
        sa.Column("speaker", sa.String, nullable=False),
        sa.Column("source_text", sa.String),
        sa.Column("source_type", sa.String),
        sa.Column("cue", sa.String),
        sa.Column("author_stance", sa.String, nullable=False),
        sa.Column("certainty_phrase", sa.String),
        sa.Column("certainty_low", sa.Float, nullable=False),
        sa.Column("certainty_high", sa.Float, nullable=False),
        sa.Column("polarity", sa.String, nullable=False),
        sa.Column("time_orientation", sa.String, nullable=False),
        sa.Column("proposition", sa.Text),
        sa.Column("resolve_by", sa.String),
        sa.Column("resolve_by_precision", sa.String),
        sa.Column("resolve_by_date", sa.Date),
        sa.Column("resolve_by_reason", sa.Text),
        sa.Column("condition", sa.Text),
        sa.Column("probability", sa.Float),
        sa.Column("refers_to", sa.String),
        sa.Column("sentence", sa.Text, nullable=False),
    )
    op.create_index("ix_statements_document_id", "statements", ["document_id", "position"])
    op.create_index("ix_statements_kind_due", "statements", ["kind", "resolve_by_date"])
    op.create_index("ix_statements_due", "statements", ["resolve_by_date"])
    op.create_index("ix_statements_speaker", "statements", ["speaker"])

    op.create_table(
        "times",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.String, _document_fk(), nullable=False),
        sa.Column("statement_id", sa.String, sa.ForeignKey("statements.id", ondelete="CASCADE")),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("text", sa.String, nullable=False),
        sa.Column("start_char", sa.Integer, nullable=False),
        sa.Column("end_char", sa.Integer, nullable=False),
        sa.Column("value", sa.String, nullable=False),
        sa.Column("type", sa.String, nullable=False),
    )
    op.create_index("ix_times_document_id", "times", ["document_id"])
    op.create_index("ix_times_statement_id", "times", ["statement_id"])
    op.create_index("ix_times_value", "times", ["value"])

    op.create_table(
        "drops",
        sa.Column("source", sa.String, primary_key=True),
        sa.Column("reason", sa.String, primary_key=True),
        sa.Column("content_hash", sa.String),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("dropped_at", sa.String, nullable=False),
    )
    op.create_index("ix_drops_reason", "drops", ["reason"])

    op.create_table(
        "sources_seen",
        sa.Column("source", sa.String, primary_key=True),
        sa.Column("content_hash", sa.String, primary_key=True),
        sa.Column("document_id", sa.String, _document_fk(), nullable=False),
        sa.Column("seen_at", sa.String, nullable=False),
    )
    op.create_index("ix_sources_seen_document_id", "sources_seen", ["document_id"])

    if op.get_bind().dialect.name == "sqlite":
        for statement in _SQLITE_FTS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS statements_fts")  # its triggers go with `statements`
    for table in ("sources_seen", "drops", "times", "statements", "removed", "documents"):
        op.drop_table(table)
