"""The ledger's tables, as SQLAlchemy Core objects for building queries.

The migrations in `newsledger/migrations/versions/` create these tables; this module only
describes them. When a migration changes a table, change it here too and bump `REVISION`.
Column names are chosen to read well in Datasette: `start_char`/`end_char` rather than the
SQL keyword `end`, certainty and source flattened into plain columns.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

import sqlalchemy as sa

__all__ = [
    "REVISION",
    "documents",
    "drops",
    "event_mentions",
    "events",
    "metadata",
    "period_end",
    "period_start",
    "places",
    "removed",
    "resolutions",
    "sources_seen",
    "statements",
    "times",
]

# The Alembic head this code expects. Opening a ledger at this revision skips Alembic entirely.
REVISION = "0005"

metadata = sa.MetaData()

documents = sa.Table(
    "documents",
    metadata,
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

removed = sa.Table(
    "removed",
    metadata,
    sa.Column(
        "document_id",
        sa.String,
        sa.ForeignKey("documents.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("reason", sa.String, nullable=False),
)

statements = sa.Table(
    "statements",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column(
        "document_id",
        sa.String,
        sa.ForeignKey("documents.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("position", sa.Integer, nullable=False),  # order within the document
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
    # Last day of the resolve_by period, so "2017-01" sorts and compares as 2017-01-31.
    sa.Column("resolve_by_date", sa.Date),
    sa.Column("resolve_by_reason", sa.Text),
    sa.Column("condition", sa.Text),
    sa.Column("probability", sa.Float),
    sa.Column("refers_to", sa.String),
    sa.Column("sentence", sa.Text, nullable=False),
)

times = sa.Table(
    "times",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "document_id",
        sa.String,
        sa.ForeignKey("documents.id", ondelete="CASCADE"),
        nullable=False,
    ),
    # NULL for time expressions of the document as a whole.
    sa.Column("statement_id", sa.String, sa.ForeignKey("statements.id", ondelete="CASCADE")),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("text", sa.String, nullable=False),
    sa.Column("start_char", sa.Integer, nullable=False),
    sa.Column("end_char", sa.Integer, nullable=False),
    sa.Column("value", sa.String, nullable=False),
    sa.Column("type", sa.String, nullable=False),
)

drops = sa.Table(
    "drops",
    metadata,
    sa.Column("source", sa.String, primary_key=True),
    sa.Column("reason", sa.String, primary_key=True),
    sa.Column("content_hash", sa.String),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("dropped_at", sa.String, nullable=False),
)

sources_seen = sa.Table(
    "sources_seen",
    metadata,
    sa.Column("source", sa.String, primary_key=True),
    # "" when the caller gave no hash; a primary-key column cannot be NULL on PostgreSQL.
    sa.Column("content_hash", sa.String, primary_key=True),
    sa.Column(
        "document_id",
        sa.String,
        sa.ForeignKey("documents.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("seen_at", sa.String, nullable=False),
)

# Append-only: a re-resolution is a new row; the latest row per statement is current.
# No foreign key on statement_id: re-extracting a document re-inserts its statements.
resolutions = sa.Table(
    "resolutions",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("statement_id", sa.String, nullable=False),
    sa.Column("outcome", sa.String, nullable=False),  # yes | no | void
    sa.Column("resolved_on", sa.Date, nullable=False),
    sa.Column("evidence_url", sa.String),
    sa.Column("evidence_document_id", sa.String),
    sa.Column("evidence_statement_id", sa.String),
    sa.Column("note", sa.Text),
    sa.Column("resolved_by", sa.String),
    sa.Column("recorded_at", sa.String, nullable=False),
    sa.Column("condition_met", sa.Boolean),
)

places = sa.Table(
    "places",
    metadata,
    sa.Column(
        "document_id",
        sa.String,
        sa.ForeignKey("documents.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("text", sa.String, nullable=False),
    sa.Column("start_char", sa.Integer, nullable=False),
    sa.Column("end_char", sa.Integer, nullable=False),
    sa.Column("name", sa.String, nullable=False),
    sa.Column("lat", sa.Float, nullable=False),
    sa.Column("lon", sa.Float, nullable=False),
    sa.Column("country", sa.String),
    sa.Column("precision", sa.String),
    sa.Column("geonameid", sa.Integer),
    sa.Column("feature", sa.String),
)

# One row per real-world event, clustered from `event_mentions` (see store/events.py).
events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("type", sa.String, nullable=False),
    sa.Column("mode", sa.String),
    sa.Column("modality", sa.String, nullable=False),
    sa.Column("date_value", sa.String),
    sa.Column("date_precision", sa.String),
    sa.Column("date_earliest", sa.String),
    sa.Column("date_latest", sa.String),
    sa.Column("place_name", sa.String),
    sa.Column("place_country", sa.String),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("place_precision", sa.String),
    sa.Column("geonameid", sa.Integer),
    sa.Column("actor_name", sa.String),
    sa.Column("actor_kind", sa.String),
    sa.Column("actor_country", sa.String),
    sa.Column("recipient_name", sa.String),
    sa.Column("recipient_kind", sa.String),
    sa.Column("recipient_country", sa.String),
    sa.Column("mentions", sa.Integer, nullable=False),
    sa.Column("sources", sa.Integer, nullable=False),
    sa.Column("first_seen", sa.String),
    sa.Column("modality_class", sa.String, nullable=False),  # realised | future | ...
    sa.Column("actor_key", sa.String, nullable=False),  # normalised names, "" if none
    sa.Column("recipient_key", sa.String, nullable=False),
    sa.Column("cluster_group", sa.String),  # the group re-partitioned together (0005)
)

# One row per `Event` found in a document.
event_mentions = sa.Table(
    "event_mentions",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("event_id", sa.String, sa.ForeignKey("events.id"), nullable=False),
    sa.Column(
        "document_id",
        sa.String,
        sa.ForeignKey("documents.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("statement_id", sa.String, nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("type", sa.String, nullable=False),
    sa.Column("mode", sa.String),
    sa.Column("modality", sa.String, nullable=False),
    sa.Column("trigger_text", sa.String, nullable=False),
    sa.Column("trigger_start", sa.Integer, nullable=False),
    sa.Column("trigger_end", sa.Integer, nullable=False),
    sa.Column("actors", sa.Text, nullable=False),  # JSON list of Actor dicts
    sa.Column("recipients", sa.Text, nullable=False),
    sa.Column("place_name", sa.String),
    sa.Column("place_country", sa.String),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("place_precision", sa.String),
    sa.Column("date_value", sa.String),
    sa.Column("date_precision", sa.String),
    sa.Column("date_earliest", sa.String),
    sa.Column("date_latest", sa.String),
    sa.Column("geonameid", sa.Integer),
    sa.Column("source", sa.String, nullable=False),  # the distinct-source key
    sa.Column("place_text", sa.String),  # the place's span in the text (0004)
    sa.Column("place_start", sa.Integer),
    sa.Column("place_end", sa.Integer),
    sa.Column("place_feature", sa.String),
)

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?=$|T)")


def _parts(value: str) -> tuple[int, int | None, int | None] | None:
    m = _ISO.match(value.strip())
    if not m:
        return None
    year, month, day = m.groups()
    return int(year), int(month) if month else None, int(day) if day else None


def period_end(value: str, precision: str | None = None) -> date | None:
    """The last day of the period an ISO date names: "2017" → 2017-12-31, "2017-01" →
    2017-01-31. `precision` coarsens ("2017-01-20" at month precision → 2017-01-31).
    None when the value is not an ISO date (e.g. "2016-W46")."""
    parts = _parts(value)
    if parts is None:
        return None
    year, month, day = parts
    if precision == "year":
        month = day = None
    elif precision == "month":
        day = None
    try:
        if month is None:
            return date(year, 12, 31)
        if day is None:
            return date(year, month, calendar.monthrange(year, month)[1])
        return date(year, month, day)
    except ValueError:
        return None


def period_start(value: str) -> date | None:
    """The first day of the period an ISO date names: "2017-01" → 2017-01-01."""
    parts = _parts(value)
    if parts is None:
        return None
    year, month, day = parts
    try:
        return date(year, month or 1, day or 1)
    except ValueError:
        return None
