"""Order-independent event clustering (store/event_partition.py): each event records its
group (the connected component of linked mentions it belongs to), and stored mentions are
looked up by type and date, as the new clustering compares a mention with mentions, not with
event summaries.

Events already stored keep their mentions; each becomes a group of its own, and is
re-partitioned by the new rule as soon as a new mention links to it or one of its documents
is stored again.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("events", sa.Column("cluster_group", sa.String))
    events = sa.table("events", sa.column("id", sa.String), sa.column("cluster_group", sa.String))
    op.execute(events.update().values(cluster_group=events.c.id))
    op.create_index("ix_events_cluster_group", "events", ["cluster_group"])
    op.create_index("ix_event_mentions_type_date", "event_mentions",
                    ["type", "date_earliest", "date_latest"])


def downgrade() -> None:
    op.drop_index("ix_event_mentions_type_date", "event_mentions")
    op.drop_index("ix_events_cluster_group", "events")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("cluster_group")
