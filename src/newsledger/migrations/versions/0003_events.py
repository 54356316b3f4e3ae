"""Events and places: the toponyms of each document, each event mention found in a document,
and the real-world events those mentions are clustered into across documents.

`events` rows are derived from `event_mentions` (counts, dates and places are recomputed from
the mentions whenever a document is stored or replaced), so they can be rebuilt at any time.
`event_mentions.statement_id` has no foreign key, like `resolutions`: statements are deleted
and re-inserted with their document, and the mention rows go with them in the same transaction.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _document_fk() -> sa.ForeignKey:
    return sa.ForeignKey("documents.id", ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "places",
        sa.Column("document_id", sa.String, _document_fk(), primary_key=True),
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
    op.create_index("ix_places_name", "places", ["name"])
    op.create_index("ix_places_country", "places", ["country"])

    op.create_table(
        "events",
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
        # The clustering key's parts that are not columns above: realised or an unrealised
        # modality, and the normalised actor pair.
        sa.Column("modality_class", sa.String, nullable=False),
        sa.Column("actor_key", sa.String, nullable=False),
        sa.Column("recipient_key", sa.String, nullable=False),
    )
    # Candidate clusters are looked up by type and date window, never by a scan.
    op.create_index("ix_events_type_date", "events", ["type", "date_earliest", "date_latest"])
    op.create_index("ix_events_date", "events", ["date_earliest", "date_latest"])
    op.create_index("ix_events_modality", "events", ["modality"])
    op.create_index("ix_events_actor", "events", ["actor_name"])
    op.create_index("ix_events_recipient", "events", ["recipient_name"])
    op.create_index("ix_events_place", "events", ["place_name"])
    op.create_index("ix_events_country", "events", ["place_country"])

    op.create_table(
        "event_mentions",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("event_id", sa.String, sa.ForeignKey("events.id"), nullable=False),
        sa.Column("document_id", sa.String, _document_fk(), nullable=False),
        sa.Column("statement_id", sa.String, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("type", sa.String, nullable=False),
        sa.Column("mode", sa.String),
        sa.Column("modality", sa.String, nullable=False),
        sa.Column("trigger_text", sa.String, nullable=False),
        sa.Column("trigger_start", sa.Integer, nullable=False),
        sa.Column("trigger_end", sa.Integer, nullable=False),
        sa.Column("actors", sa.Text, nullable=False),  # JSON list of Actor dicts
        sa.Column("recipients", sa.Text, nullable=False),  # JSON list of Actor dicts
        sa.Column("place_name", sa.String),
        sa.Column("place_country", sa.String),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("place_precision", sa.String),
        sa.Column("date_value", sa.String),
        sa.Column("date_precision", sa.String),
        sa.Column("date_earliest", sa.String),
        sa.Column("date_latest", sa.String),
        # The place's gazetteer id and the distinct-source key (outlet, else host, else
        # author, else the document), kept so clusters can be recounted from this table.
        sa.Column("geonameid", sa.Integer),
        sa.Column("source", sa.String, nullable=False),
    )
    op.create_index("ix_event_mentions_event_id", "event_mentions", ["event_id"])
    op.create_index(
        "ix_event_mentions_document_id", "event_mentions", ["document_id", "position"]
    )
    op.create_index("ix_event_mentions_statement_id", "event_mentions", ["statement_id"])


def downgrade() -> None:
    for table in ("event_mentions", "events", "places"):
        op.drop_table(table)
